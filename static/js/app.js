// Behaviour shared by every page. No inline scripts: pages opt in with data- attributes.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
