// The judge's scorecard. Points are typed the Vietnamese way ("18,5") or with a dot ("18.5");
// the weighted total updates as they are typed, written with the page's decimal separator.
// A point that is not a number, or is outside 0..max, is marked at once (red box, its message
// beside it, aria-invalid) and the total says it is incomplete. The server checks everything again.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-scorecard]");
  if (!form) return;
  const output = form.querySelector("[data-scorecard-total]");
  const incomplete = form.querySelector("[data-scorecard-incomplete]");
  const separator = form.dataset.decimalSeparator || ",";
  const inputs = Array.from(form.querySelectorAll("input[data-score-weight]"));
  // At most two decimals, as the server keeps them; a sign so that "-1" reads as out of range.
  const NUMBER = /^-?(\d+([.,]\d{0,2})?|[.,]\d{1,2})$/;

  // null for an empty box (a draft may leave it), NaN for text that is not a number.
  const parse = (text) => {
    const raw = text.replace(/[\s\u00a0]/g, "");
    if (raw === "") return null;
    return NUMBER.test(raw) ? Number(raw.replace(",", ".")) : NaN;
  };

  // The message the box deserves, "" when it is fine.
  const problem = (input) => {
    const points = parse(input.value);
    if (points === null) return "";
    const feedback = feedbackOf(input);
    if (Number.isNaN(points)) return feedback.dataset.formatMessage;
    const max = Number(input.dataset.scoreMax);
    return points < 0 || points > max ? feedback.dataset.rangeMessage : "";
  };

  const feedbackOf = (input) => document.getElementById(`${input.id}_feedback`);

  const mark = (input) => {
    const message = problem(input);
    const feedback = feedbackOf(input);
    input.classList.toggle("is-invalid", Boolean(message));
    if (message) {
      feedback.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", feedback.id);
    } else {
      feedback.textContent = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  };

  const format = (value) => (Math.round(value * 100) / 100).toFixed(2).replace(".", separator);

  const total = () => {
    let sum = 0;
    let refused = 0;
    inputs.forEach((input) => {
      const points = parse(input.value);
      if (points === null) return;
      if (problem(input)) refused += 1;
      else sum += points * Number(input.dataset.scoreWeight);
    });
    if (output) output.textContent = format(sum);
    if (incomplete) {
      const text = refused ? incomplete.dataset.message : "";
      if (incomplete.textContent !== text) incomplete.textContent = text;
    }
  };

  form.addEventListener("input", (event) => {
    // Only the box being typed in is judged again: a box the server refused (a criterion
    // left empty on submit) keeps its message until the judge changes it.
    if (inputs.includes(event.target)) mark(event.target);
    total();
  });
  total();
});
