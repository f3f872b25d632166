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
// A unit select too large to list (<select data-unit-picker="URL">, accounts.widgets.UnitPicker):
// a search box before it asks the portal for the units matching what is typed.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-unit-picker]").forEach((select) => {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.unitPickerPlaceholder || "Gõ tên đơn vị để tìm…";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("aria-controls", select.id);
    select.before(box);
    let timer = null;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const url = new URL(select.dataset.unitPicker, window.location.origin);
        url.searchParams.set("q", box.value);
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const { results } = await response.json();
        const keep = Array.from(select.options).filter((o) => o.value === "" || o.selected);
        select.replaceChildren(...keep);
        results
          .filter((unit) => !keep.some((o) => o.value === String(unit.id)))
          .forEach((unit) => select.add(new Option(unit.text, unit.id)));
      }, 250);
    });
  });
});
