// The entry form's team: one lead at most (checking one clears the others), and the
// "new person" fields fade out while a registry person is picked. Loaded with defer.
document.addEventListener("DOMContentLoaded", () => {
  const leads = Array.from(document.querySelectorAll("[data-team-lead]"));
  leads.forEach((box) => {
    box.addEventListener("change", () => {
      if (box.checked) leads.forEach((other) => { if (other !== box) other.checked = false; });
    });
  });
  document.querySelectorAll("[data-team-row]").forEach((row) => {
    const pick = row.querySelector("[data-team-pick]");
    const fresh = row.querySelector("[data-team-new]");
    if (!pick || !fresh) return;
    const sync = () => {
      const picked = pick.value !== "";
      fresh.classList.toggle("opacity-50", picked);
      fresh.querySelectorAll("input, select").forEach((field) => { field.disabled = picked; });
    };
    pick.addEventListener("change", sync);
    sync();
  });
});
