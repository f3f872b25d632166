// Periodic reports: filters submit on change; number cells warn at once about
// negative or non-numeric input (the server checks again and refuses to save).
(() => {
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  const pattern = /^\s*[0-9][0-9.\s]*(,[0-9]+)?\s*$/;
  document.querySelectorAll("input[data-report-number]").forEach((input) => {
    const check = () => {
      const value = input.value.trim();
      const bad = value !== "" && !pattern.test(value);
      input.classList.toggle("is-invalid", bad);
      input.setCustomValidity(bad ? input.dataset.message || "Số không hợp lệ" : "");
    };
    input.addEventListener("input", check);
  });
})();
