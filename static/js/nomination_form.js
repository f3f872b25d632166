// The nomination form: the venture list offers only the models the chosen nominee owns
// (each option names its owners in data-owners), and picks the only one when there is
// just one. Runs before the form's own change handler, so the live eligibility check
// (htmx, on the form) already sees the venture chosen here. Loaded with defer.
document.addEventListener("DOMContentLoaded", () => {
  const nominee = document.querySelector("[data-nomination-nominee]");
  const venture = document.querySelector("[data-nomination-venture]");
  if (!nominee || !venture) return;
  const sync = (picked) => {
    const chosen = nominee.value;
    const owned = [];
    Array.from(venture.options).forEach((option) => {
      if (!option.value) return;
      const mine = chosen !== "" && (option.dataset.owners || "").split(" ").includes(chosen);
      option.hidden = !mine;
      option.disabled = !mine;
      if (mine) owned.push(option);
    });
    const current = venture.selectedOptions[0];
    if (current && current.disabled) venture.value = "";
    if (picked && !venture.value && owned.length === 1) venture.value = owned[0].value;
  };
  nominee.addEventListener("change", () => sync(true));
  sync(false);
});
