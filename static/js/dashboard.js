/* The dashboards' charts, drawn with the Chart.js the portal serves itself (static/vendor/chartjs).
   The numbers come from a json_script block (#dashboard-charts) the page renders; every chart has
   the same numbers in a table beside it, so nothing is lost without JavaScript or when printing. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var Chart = window.Chart;

  // The portal's palette (static/css/portal.css): greens and gold, distinguishable in grey print.
  var COLOURS = ["#15663d", "#e0a800", "#0d3b24", "#8a5f00", "#4f9d6c", "#c9d8cd", "#a4161a", "#4a5450"];
  var STAR_COLOURS = { "3★": "#c9a227", "4★": "#15663d", "5★": "#0a2e1c" };
  var number = new Intl.NumberFormat("vi-VN");

  function vnd(value) {
    return number.format(value) + " ₫";
  }

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#1c2320";
  Chart.defaults.animation = false; // print at once, and respect people who dislike motion

  function colourAll(datasets, palette) {
    datasets.forEach(function (set, i) {
      var colour = (palette && palette[set.label]) || COLOURS[i % COLOURS.length];
      set.backgroundColor = colour;
      set.borderColor = colour;
    });
    return datasets;
  }

  var builders = {
    stars: function (d) {
      return {
        type: "bar",
        data: { labels: d.labels, datasets: colourAll(d.datasets, STAR_COLOURS) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
      };
    },
    units: function (d) {
      return {
        type: "bar",
        data: { labels: d.labels, datasets: colourAll([{ label: d.label, data: d.data }]) },
        options: { indexAxis: "y", plugins: { legend: { display: false } },
                   scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    },
    sectors: function (d) {
      return {
        type: "doughnut",
        data: { labels: d.labels, datasets: [{ data: d.data, backgroundColor: COLOURS.slice(0, d.data.length) }] },
        options: { plugins: { legend: { position: "bottom" } } }
      };
    },
    rewards: function (d) {
      return {
        type: "bar",
        data: { labels: d.labels, datasets: colourAll(d.datasets) },
        options: {
          scales: { x: { stacked: true },
                    y: { stacked: true, beginAtZero: true, ticks: { callback: function (v) { return vnd(v); } } } },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + vnd(c.parsed.y); } } } }
        }
      };
    },
    trend: function (d) {
      var datasets = colourAll(d.datasets);
      datasets.push({ label: d.target_label, data: d.labels.map(function () { return d.target; }),
                      borderColor: "#a4161a", backgroundColor: "#a4161a", borderDash: [6, 4], pointRadius: 0 });
      return {
        type: "line",
        data: { labels: d.labels, datasets: datasets },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    }
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var name = canvas.getAttribute("data-chart");
    var d = data[name];
    if (!d || !builders[name] || !d.labels || d.labels.length === 0) {
      canvas.closest(".chart").hidden = true; // the table below says "nothing yet"
      return;
    }
    var config = builders[name](d);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options);
    new Chart(canvas, config);
  });

  // Charts drawn for the screen are resized for the page before printing.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
