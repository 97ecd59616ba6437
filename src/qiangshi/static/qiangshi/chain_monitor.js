// The chain monitoring chart: revenue year to date (bars, 亿元) and its like-for-like growth
// (line, %). Data from the json_script tag "chain-monitor-data"; no inline script (CSP).
(function () {
  "use strict";
  function draw(el) {
    var node = document.getElementById("chain-monitor-data");
    if (!node || el.getAttribute("_echarts_instance_")) return;
    var d = JSON.parse(node.textContent);
    echarts.init(el).setOption({
      // ECharts' HTML tooltip writes style attributes, which the CSP refuses.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 70, right: 60, top: 40, bottom: 60 },
      xAxis: { type: "category", data: d.periods, axisLabel: { rotate: 45 } },
      yAxis: [{ type: "value", name: "亿元" }, { type: "value", name: "%", splitLine: { show: false } }],
      series: [
        { name: "营业收入累计", type: "bar", data: d.revenue, barMaxWidth: 16, itemStyle: { opacity: 0.7 } },
        { name: "同比增速（可比口径）", type: "line", yAxisIndex: 1, data: d.growth, connectNulls: false, symbolSize: 5 }
      ]
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[data-chart="chain-monitor"]').forEach(draw);
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll('[data-chart="chain-monitor"]').forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
})();
