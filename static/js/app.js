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
  // <textarea data-max-chars="2000"> (and inputs) count what is typed under the box, "123 / 2,000", red past
  // the limit. Nothing is cut off here: the server refuses a text that is too long and keeps it in the box.
  var numbers = new Intl.NumberFormat();
  document.querySelectorAll("[data-max-chars]").forEach(function (box) {
    var limit = parseInt(box.getAttribute("data-max-chars"), 10);
    if (!(limit > 0)) { return; }
    var counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    var group = box.closest(".input-group");
    (group || box).insertAdjacentElement("afterend", counter);
    function update() {
      // Characters as the server counts them (code points; a line break is sent as \r\n, two).
      var count = Array.from(box.value).length + (box.value.match(/\n/g) || []).length;
      counter.textContent = numbers.format(count) + " / " + numbers.format(limit);
      counter.classList.toggle("text-danger", count > limit);
      counter.classList.toggle("fw-bold", count > limit);
    }
    box.addEventListener("input", update);
    update();
  });

  // <form data-upload-progress> sends its file with a progress bar (its [data-upload-status] element): how much
  // of the file has gone up, then that the server is checking the rows. The answer replaces the page, as a
  // plain submit would; without JavaScript the form submits plainly.
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var status = form.querySelector("[data-upload-status]");
    if (!status || !window.XMLHttpRequest || !window.FormData) { return; }
    var bar = status.querySelector(".progress-bar");
    var text = status.querySelector("[data-upload-text]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      status.hidden = false;
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var pct = Math.round(e.loaded / e.total * 100);
        bar.style.width = pct + "%";
        bar.setAttribute("aria-valuenow", pct);
        text.textContent = status.getAttribute("data-sending") + " " + pct + "%";
      });
      request.upload.addEventListener("load", function () {
        bar.style.width = "100%";
        bar.classList.add("progress-bar-striped", "progress-bar-animated");
        text.textContent = status.getAttribute("data-checking");
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () { form.submit(); });
      request.open("POST", form.action || window.location.href);
      request.send(new FormData(form));
    });
  });
})();
