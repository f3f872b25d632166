// The referral's step form: show only the fields the chosen step needs (amount and term for
// an approval, amount for a disbursement, the receiving branch when sending to the bank).
// Without JavaScript every field shows and the service still refuses what does not fit.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-step-form]");
  if (!form) return;
  const select = form.querySelector("select[name=to_status]");
  const needs = {
    amount: ["approved", "disbursed"],
    term_months: ["approved"],
    branch: ["sent_to_bank"],
  };
  const update = () => {
    Object.entries(needs).forEach(([name, steps]) => {
      const wrapper = form.querySelector(`#div_id_${name}`);
      if (wrapper) wrapper.hidden = !steps.includes(select.value);
    });
  };
  select.addEventListener("change", update);
  update();
});
