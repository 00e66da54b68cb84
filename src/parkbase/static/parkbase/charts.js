// Draw every <div class="chart" data-chart="..."> from the JSON in data-option.
// A data item with a "url" opens it when clicked: the records behind the bar or slice.
// The same links follow the chart as a list, for the keyboard and for print.
(function () {
  function itemName(option, series, item, index) {
    if (item && item.name) return item.name;
    var axes = [].concat(option.xAxis || [], option.yAxis || []);
    for (var i = 0; i < axes.length; i++) {
      if (axes[i].type === "category" && axes[i].data) return axes[i].data[index];
    }
    return series.name || "";
  }
  function links(el, option) {
    var found = [];
    (option.series || []).forEach(function (series) {
      (series.data || []).forEach(function (item, index) {
        if (item && typeof item === "object" && item.url) {
          var value = item.value;
          found.push({ url: item.url, text: itemName(option, series, item, index) + ": " + value });
        }
      });
    });
    if (!found.length) return;
    var list = document.createElement("ul");
    list.className = "chart-links visually-hidden-focusable list-inline small mb-0 mt-1";
    found.forEach(function (f) {
      var li = document.createElement("li");
      li.className = "list-inline-item";
      var a = document.createElement("a");
      a.href = f.url;
      a.textContent = f.text;
      li.appendChild(a);
      list.appendChild(li);
    });
    el.insertAdjacentElement("afterend", list);
  }
  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var option = JSON.parse(el.dataset.option);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    chart.on("click", function (params) {
      if (params.data && params.data.url) window.location.href = params.data.url;
    });
    el.dataset.drawn = "1";
    links(el, option);
    window.addEventListener("resize", function () { chart.resize(); });
    // printed, the page is narrower than the screen: each chart fits its card again
    window.addEventListener("beforeprint", function () { chart.resize(); });
    window.addEventListener("afterprint", function () { chart.resize(); });
  }
  function drawAll(root) { (root || document).querySelectorAll(".chart[data-option]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
