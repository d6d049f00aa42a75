/* Draws the reintegration scores over time. The data sits in a json_script element named by the canvas's
   data-chart-source; no inline script (strict CSP). The same numbers are in the table under the chart. */
(function () {
  "use strict";
  var canvas = document.getElementById("scores-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  var source = document.getElementById(canvas.getAttribute("data-chart-source"));
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var keys = ["economic", "social", "psychosocial", "composite"];
  var colours = { economic: "#1f6f8b", social: "#c77d14", psychosocial: "#6a4c93", composite: "#222222" };
  var datasets = keys.map(function (key) {
    return {
      label: data.labels[key],
      data: data.points.map(function (point) { return point[key]; }),
      borderColor: colours[key],
      backgroundColor: colours[key],
      borderWidth: key === "composite" ? 3 : 2,
      borderDash: key === "composite" ? [] : [4, 3],
      tension: 0.2
    };
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.points.map(function (point) { return point.label; }), datasets: datasets },
    options: {
      animation: false,
      // Two decimals, as the table under the chart: 0.75, never a locale's rounded "0,8".
      scales: { y: { min: 0, max: 1, ticks: { stepSize: 0.25, callback: function (value) { return Number(value).toFixed(2); } } } },
      plugins: { title: { display: true, text: data.title } }
    }
  });
})();
