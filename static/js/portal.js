// Small behaviours shared by every page; loaded with defer, no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive or irreversible actions: <button data-confirm="...">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
// Send Django's CSRF token with every htmx request.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
// Filter tabs that swap a list by htmx (<nav data-filter-tabs>): the tab whose list is shown
// is the active one, as it would be after a full page load.
document.addEventListener("htmx:afterSwap", (event) => {
  const link = event.detail.requestConfig && event.detail.requestConfig.elt;
  const tabs = link && link.closest && link.closest("[data-filter-tabs]");
  if (!tabs) return;
  tabs.querySelectorAll(".nav-link").forEach((tab) => {
    const active = tab === link;
    tab.classList.toggle("active", active);
    if (active) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  });
});
