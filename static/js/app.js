// Behaviour shared by every page. No inline scripts: pages opt in with data- attributes.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // <div class="progress-bar" data-width="75"> gets width 75%: the CSP forbids style="" attributes, not CSSOM.
  document.querySelectorAll("[data-width]").forEach(function (element) {
    var value = parseFloat(element.getAttribute("data-width"));
    if (!isNaN(value)) { element.style.width = Math.max(0, Math.min(100, value)) + "%"; }
  });
})();
