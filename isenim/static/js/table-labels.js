// On a phone a table becomes stacked rows (site.css): each cell shows its column's heading before it.
// The headings are copied from the table's <thead> into data-label, here, for every table of the page
// and for those htmx brings in later. Nothing else: without this script the rows stack without labels.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".table-wrap > table").forEach(function (table) {
      var heads = table.querySelectorAll("thead tr:last-child > th, thead tr:last-child > td");
      if (!heads.length) { return; }
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var name = names[column];
          if (name && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", name); }
          column += cell.colSpan || 1;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (event) { label(event.target); });
})();
