// The progress charts: each <canvas data-chart="ID"> draws the JSON of <script id="ID" type="application/json">
// (written by json_script): the cumulative actual against the target's pace line and last year's cumulative.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var colours = { actual: "#b71c1c", pace: "#6c757d", last: "#0d6efd" };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.names.actual, data: data.actual, borderColor: colours.actual, backgroundColor: colours.actual,
            borderWidth: 2, pointRadius: 2, spanGaps: true },
          { label: data.names.pace, data: data.pace, borderColor: colours.pace, borderDash: [6, 4],
            borderWidth: 1.5, pointRadius: 0 }
        ].concat(data.last ? [
          // A count target has no prior-year series: no line at all rather than one at 0.
          { label: data.names.last, data: data.last, borderColor: colours.last, backgroundColor: colours.last,
            borderWidth: 1, pointRadius: 1, spanGaps: true }
        ] : [])
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = context.parsed.y;
                if (value === null) { return context.dataset.label + ": —"; }
                var places = data.kind === "count" ? 0 : (data.kind === "share" ? 1 : 2);
                return context.dataset.label + ": " + value.toFixed(places) + " " + data.unit;
              }
            }
          }
        },
        scales: { y: { beginAtZero: true, ticks: { font: { size: 10 } } }, x: { ticks: { font: { size: 10 } } } }
      }
    });
  });
})();
