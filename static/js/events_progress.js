// Progress bars of the events pages: <div class="progress-bar" data-progress="42">.
// The width is set here because the Content-Security-Policy refuses style="" attributes.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".progress-bar[data-progress]").forEach((bar) => {
    const value = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0));
    bar.style.width = `${value}%`;
  });
});
