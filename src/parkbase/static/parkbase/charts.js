// Draw every <div class="chart" data-chart="..."> from the JSON in data-option.
(function () {
  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(el.dataset.option));
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function drawAll(root) { (root || document).querySelectorAll(".chart[data-option]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
