// The offers grid of a model page: filter the rows by geography. Without JavaScript the form
// stays hidden and every offer is listed.
(function () {
  "use strict";
  var form = document.querySelector("[data-offer-filter]");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".offers-table tbody tr"));
  var select = form.querySelector("select[name=geo]");
  var shown = form.querySelector("output[name=shown]");
  function apply() {
    var geo = select.value;
    var count = 0;
    rows.forEach(function (row) {
      var match = !geo || row.getAttribute("data-geo") === geo;
      row.hidden = !match;
      if (match) count += 1;
    });
    shown.textContent = count + " of " + rows.length + " offers";
  }
  select.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
