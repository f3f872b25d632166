// The door check-in page: the code box has the focus, so the next person's code can be
// typed (or scanned) at once. A page the browser restores from its back/forward cache
// still holds the last code: that one is emptied. A fresh page is left alone, so
// nothing typed before this script ran is lost.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("#check-in-form [data-qr-target]");
  if (!input) return;
  input.focus();
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      input.value = "";
      input.focus();
    }
  });
});
