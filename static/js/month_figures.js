// The month page: 当月 and 同比 recomputed as the staffer types, and the 万/亿 unit switch.
// Reads the stored figures from data- attributes of each row (base units, 万); no inline script.
(function () {
  "use strict";
  var form = document.getElementById("month-form");
  if (!form) { return; }
  var unitSwitch = form.querySelector("[data-unit-switch]");
  var FULL_WIDTH = "０１２３４５６７８９．－＋";
  var ASCII = "0123456789.-+";

  function factor() { return unitSwitch && unitSwitch.value === "yi" ? 10000 : 1; }

  // What was typed, in the unit typed: full-width digits, thousands separators and spaces accepted.
  function parseTyped(text) {
    var cleaned = "";
    for (var i = 0; i < text.length; i++) {
      var at = FULL_WIDTH.indexOf(text[i]);
      cleaned += at >= 0 ? ASCII[at] : text[i];
    }
    cleaned = cleaned.replace(/[\s,，'_、\u00a0\u2009\u3000]/g, "");
    if (cleaned === "") { return null; }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) { return NaN; }
    return parseFloat(cleaned);
  }

  // What was typed, in base units (万).
  function parse(text) {
    var typed = parseTyped(text);
    return typed === null || isNaN(typed) ? typed : typed * factor();
  }

  // An amount as the page shows it, in the unit chosen: thousands separators and two decimals, in 亿 too.
  function number(value) {
    if (value === null || isNaN(value)) { return "—"; }
    var shown = value / factor();
    return shown.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  // A typed amount written back with thousands separators, its decimals as typed: 37916.5 → 37,916.5.
  function grouped(value) {
    return value.toLocaleString("en-US", { maximumFractionDigits: 6 });
  }

  // The amount in a box, in base units. A value converted by the unit switch is shown with two decimals but
  // kept exact (data-exact, in 万) until the staffer types over it, so switching units never changes a figure.
  function boxValue(input) {
    if (input.dataset.exact !== undefined && input.value === input.dataset.shown) {
      return parseFloat(input.dataset.exact);
    }
    return parse(input.value);
  }

  function forgetExact(input) {
    delete input.dataset.exact;
    delete input.dataset.shown;
  }

  // 同比 in tenths of a percent, rounded half up (away from zero) as the server rounds it (plan.formatting),
  // worked out exactly on the amounts' cents: in binary floats 13.85 would become 13.8, and -13.85 -13.8.
  function growthTenths(current, base) {
    var c = BigInt(Math.round(current * 100)), b = BigInt(Math.round(base * 100));
    var d = c - b, negative = d < BigInt(0);
    if (negative) { d = -d; }
    var q = (d * BigInt(2000) + b) / (BigInt(2) * b);
    return Number(negative ? -q : q);
  }

  function growth(current, base) {
    if (current === null || base === null || isNaN(current) || base <= 0) { return "—"; }
    var tenths = growthTenths(current, base);
    var words = form.dataset;
    var shown = (Math.abs(tenths) / 10).toFixed(1);
    if (tenths > 0) { return (words.up || "增长 %s%").replace("%s", shown); }
    if (tenths < 0) { return (words.down || "下降 %s%").replace("%s", shown); }
    return words.flat || "持平";
  }

  function stored(row, name) {
    var value = row.dataset[name];
    return value === undefined || value === "" ? null : parseFloat(value);
  }

  function update(row) {
    var input = row.querySelector("[data-cumulative]");
    if (!input) { return; }
    var cumulative = boxValue(input);
    var previous = stored(row, "previous");
    var alone = null;
    if (cumulative !== null && !isNaN(cumulative)) {
      if (row.dataset.first) { alone = cumulative; } else if (previous !== null) { alone = cumulative - previous; }
    }
    input.classList.toggle("is-invalid", cumulative !== null && (isNaN(cumulative) || cumulative < 0));
    row.querySelector('[data-cell="previous"]').textContent = number(previous);
    row.querySelector('[data-cell="alone"]').firstChild.textContent = number(alone);
    row.querySelector('[data-cell="alone-growth"]').textContent = growth(alone, stored(row, "lastYearAlone"));
    row.querySelector('[data-cell="last-year"]').textContent = number(stored(row, "lastYear"));
    row.querySelector('[data-cell="growth"]').firstChild.textContent =
      growth(cumulative !== null && !isNaN(cumulative) ? cumulative : null, stored(row, "lastYear"));
  }

  // "Save and submit" asks once; the answer travels with the form, and the server asks itself when no
  // script ran (submit_confirmed stays empty).
  form.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); return; }
      form.querySelector("[data-submit-confirmed]").value = "1";
    });
  });

  var rows = form.querySelectorAll(".figure-row");
  rows.forEach(function (row) {
    var input = row.querySelector("[data-cumulative]");
    if (input) {
      input.addEventListener("input", function () { forgetExact(input); update(row); });
      // Leaving the box shows what was typed with thousands separators (full-width digits made plain).
      input.addEventListener("change", function () {
        if (input.dataset.exact !== undefined && input.value === input.dataset.shown) { return; }
        var typed = parseTyped(input.value);
        if (typed !== null && !isNaN(typed)) { input.value = grouped(typed); }
      });
    }
    // Also from what is in the box already: typed before this script ran on a slow connection, or restored
    // by the browser on going back, a value fires no input event.
    update(row);
  });

  if (unitSwitch) {
    var previousFactor = factor();
    unitSwitch.addEventListener("change", function () {
      // Keep the amounts the same: convert what was typed into the new unit.
      var from = previousFactor;
      previousFactor = factor();
      rows.forEach(function (row) {
        var input = row.querySelector("[data-cumulative]");
        if (input && input.value.trim() !== "") {
          var typed = parseTyped(input.value);
          var exact = input.dataset.exact !== undefined && input.value === input.dataset.shown
            ? parseFloat(input.dataset.exact) : (typed === null ? null : typed * from);
          if (exact !== null && !isNaN(exact)) {
            // Base units have two decimals; in 亿 at most two are shown, the rest kept in data-exact.
            exact = Math.round(exact * 100) / 100;
            var shown = grouped(Math.round(exact / factor() * 100) / 100);
            forgetExact(input);
            if (Math.abs(parseTyped(shown) * factor() - exact) > 1e-6) {
              input.dataset.exact = String(exact);
              input.dataset.shown = shown;
            }
            input.value = shown;
          }
        }
        row.querySelectorAll("[data-unit-label]").forEach(function (label) {
          label.textContent = factor() > 1 ? label.dataset.yi : label.dataset.wan;
        });
        update(row);
      });
    });
    // A converted value goes to the server exactly, in the unit chosen.
    form.addEventListener("submit", function () {
      rows.forEach(function (row) {
        var input = row.querySelector("[data-cumulative]");
        if (input && input.dataset.exact !== undefined && input.value === input.dataset.shown) {
          input.value = String(Math.round(parseFloat(input.dataset.exact) / factor() * 1e6) / 1e6);
        }
      });
    });
  }
})();
