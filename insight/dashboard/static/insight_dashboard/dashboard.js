// Draws each dashboard table's chart with Chart.js from the JSON the page embeds
// (json_script); the table beside each chart carries the same figures for screen readers.
(function () {
  "use strict";
  var COLOURS = ["#2e5aac", "#e07b39", "#3a9e6f", "#b8467e", "#7c6cc4", "#c9a227",
                 "#4aa3c2", "#8a5a44", "#6b7b8c", "#d1495b", "#00798c", "#edae49"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: colour,
        borderColor: colour,
        tension: 0.2,
        fill: false,
      };
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: {
          x: { stacked: spec.stacked, beginAtZero: true },
          y: { stacked: spec.stacked, beginAtZero: true },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
