// The judge's scorecard: the weighted total updates as points are typed, and a
// point outside 0..max is marked at once. The server checks everything again.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-scorecard]");
  if (!form) return;
  const output = form.querySelector("[data-scorecard-total]");
  const inputs = Array.from(form.querySelectorAll("input[data-score-weight]"));
  const locale = document.documentElement.lang || undefined;
  const format = (value) =>
    value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  const update = () => {
    let total = 0;
    inputs.forEach((input) => {
      const raw = input.value.trim().replace(",", ".");
      if (raw === "") {
        // A number input reports text it cannot read as an empty value.
        input.classList.toggle("is-invalid", input.validity.badInput);
        return;
      }
      const points = Number(raw);
      const max = Number(input.dataset.scoreMax);
      const valid = Number.isFinite(points) && points >= 0 && points <= max;
      input.classList.toggle("is-invalid", !valid);
      if (valid) total += points * Number(input.dataset.scoreWeight);
    });
    if (output) output.textContent = format(Math.round(total * 100) / 100);
  };

  form.addEventListener("input", update);
  update();
});
