// Names for the admin's form controls that Django 5.2's templates leave without a label
// (WCAG 2.1 1.3.1 and 4.1.2; issue 21): the cells of a tabular inline, named by their column
// header (and the row's object, for "Delete?"), the date and time halves of a split date-time
// field, and the select2 box of an autocomplete field. Loaded by templates/admin/base_site.html;
// run again when the admin adds an inline row. No inline script (CSP).
(function () {
  "use strict";

  let counter = 0;

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim().replace(/[:?]$/, "").trim() : "";
  }

  function idOf(el) {
    if (!el.id) el.id = `portal-a11y-label-${++counter}`;
    return el.id;
  }

  function labelFor(control) {
    if (control.closest("label")) return control.closest("label");
    return control.id ? document.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
  }

  function named(control) {
    return control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby") || labelFor(control);
  }

  function controls(root) {
    return root.querySelectorAll("input:not([type=hidden]), select, textarea");
  }

  // A tabular inline: each cell's control is named by its column header.
  function nameTabularCells(root) {
    root.querySelectorAll("div.tabular table").forEach((table) => {
      const headers = Array.from(table.querySelectorAll("thead tr > th"));
      table.querySelectorAll("tbody tr.form-row").forEach((row) => {
        const original = text(row.querySelector("td.original p"));
        Array.from(row.children).forEach((cell, index) => {
          const header = text(headers[index]);
          if (!header) return;
          controls(cell).forEach((control) => {
            if (named(control)) return;
            const isDelete = cell.classList.contains("delete");
            control.setAttribute("aria-label", isDelete && original ? `${header}: ${original}` : header);
          });
        });
      });
    });
  }

  // A split date-time field (Ngày / Giờ): the field's label and the word before each input.
  function nameSplitDateTimes(root) {
    root.querySelectorAll("p.datetime").forEach((p) => {
      const row = p.closest(".form-row, .fieldBox, td");
      const label = row && row.querySelector("label");
      const field = text(label);
      p.querySelectorAll("input").forEach((input) => {
        if (named(input)) return;
        let node = input.previousSibling;
        while (node && !(node.nodeType === Node.TEXT_NODE && node.textContent.trim())) {
          node = node.previousSibling;
        }
        const part = node ? node.textContent.trim().replace(/:$/, "") : "";
        const name = [field, part].filter(Boolean).join(" – ");
        if (name) input.setAttribute("aria-label", name);
      });
    });
  }

  // select2 names its box by the selected value only (nothing while empty), and the value it
  // shows inside is a nameless "textbox": put the field's label before both.
  function nameSelect2Boxes(root) {
    root.querySelectorAll(".select2-container").forEach((container) => {
      const select = container.previousElementSibling;
      const box = container.querySelector(".select2-selection[role=combobox]");
      if (!select || select.tagName !== "SELECT" || !box || box.dataset.portalNamed) return;
      const label = labelFor(select);
      const name = label ? text(label) : select.getAttribute("aria-label");
      if (!name) return;
      const rendered = box.querySelector(".select2-selection__rendered");
      if (label) {
        const ids = box.getAttribute("aria-labelledby") || "";
        box.setAttribute("aria-labelledby", `${idOf(label)} ${ids}`.trim());
      } else {
        box.setAttribute("aria-label", name);
        box.removeAttribute("aria-labelledby");
      }
      if (rendered && !named(rendered)) rendered.setAttribute("aria-label", name);
      box.dataset.portalNamed = "1";
    });
  }

  function nameAll(root) {
    nameTabularCells(root);
    nameSplitDateTimes(root);
    nameSelect2Boxes(root);
  }

  // After the admin's own ready handlers (select2 starts in jQuery's), and once more on load.
  document.addEventListener("DOMContentLoaded", () => setTimeout(() => nameAll(document), 0));
  window.addEventListener("load", () => nameAll(document));
  document.addEventListener("formset:added", () => setTimeout(() => nameAll(document), 0));
})();
