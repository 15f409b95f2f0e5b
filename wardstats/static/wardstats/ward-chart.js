// Trend of one indicator over the periods, for the ward and its predecessors.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var canvas = document.getElementById("trend");
  var picker = document.getElementById("chart-indicator");
  if (!source || !canvas || !picker || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var lang = document.documentElement.lang || "vi";
  var colours = ["#9b1c1c", "#0b5cad", "#1e7b34", "#8a5a00", "#5b2a86", "#0f766e"];
  var chart = null;

  function draw(code) {
    var item = data[code];
    if (!item) return;
    var datasets = item.series.map(function (s, i) {
      // The predecessors summed on today's boundary: a thicker dashed line, joined across.
      return { label: s.name, data: s.data, borderColor: colours[i % colours.length],
               backgroundColor: colours[i % colours.length], spanGaps: !!s.summed, tension: 0.1,
               borderWidth: s.summed ? 3 : 2, borderDash: s.summed ? [8, 3] : [] };
    });
    if (item.threshold !== null) {
      datasets.push({ label: lang.indexOf("en") === 0 ? "Target" : "Chỉ tiêu",
                      data: item.labels.map(function () { return item.threshold; }),
                      borderColor: "#5b6775", borderDash: [6, 4], pointRadius: 0 });
    }
    var format = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: "line",
      data: { labels: item.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { title: { display: true, text: item.name },
                   tooltip: { callbacks: { label: function (ctx) {
                     return ctx.dataset.label + ": " + format.format(ctx.parsed.y) + (item.unit === "percent" ? "%" : "");
                   } } } },
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return format.format(v); } } } }
      }
    });
  }
  picker.addEventListener("change", function () { draw(picker.value); });
  draw(picker.value);
})();
