// 跟踪问效: each outcome's mean change for the supported firms and for their comparable
// unsupported firms (万元). Data from the json_script tag "policy-effect-data" (CSP: no inline script).
(function () {
  "use strict";
  function draw(el) {
    var node = document.getElementById("policy-effect-data");
    if (!node || echarts.getInstanceByDom(el)) return;
    var d = JSON.parse(node.textContent);
    echarts.init(el).setOption({
      // ECharts' HTML tooltip writes style attributes, which the CSP refuses.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: d.labels },
      yAxis: { type: "value", name: "万元" },
      series: [
        { name: "受支持企业", type: "bar", data: d.supported, barMaxWidth: 32 },
        { name: "可比企业", type: "bar", data: d.control, barMaxWidth: 32 }
      ]
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[data-chart="policy-effect"]').forEach(draw);
  });
})();
