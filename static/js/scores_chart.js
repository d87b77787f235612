// The 考核 ranking's chart: each department's score at the end of every month (assessment.scores.by_month).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#b71c1c", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"];
  document.querySelectorAll("canvas[data-scores-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.scoresChart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var datasets = Object.keys(data.series).map(function (name, index) {
      var colour = palette[index % palette.length];
      return { label: name, data: data.series[name], borderColor: colour, backgroundColor: colour,
               borderWidth: 2, pointRadius: 2 };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
                 interaction: { mode: "index", intersect: false },
                 plugins: { legend: { position: "bottom" } } }
    });
  });
})();
