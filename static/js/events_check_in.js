// The door check-in page: after each result the code box is emptied and focused, so the
// next person's code can be typed (or scanned) at once.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("#check-in-form [data-qr-target]");
  if (!input) return;
  input.value = "";
  input.focus();
});
