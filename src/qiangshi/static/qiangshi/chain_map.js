// The chain map: segments as columns left to right (上游 → 中游 → 下游, 支撑 last), each node a
// circle coloured by its rating and sized by its revenue; a click opens the node's page. Data
// come from the json_script tag "chain-map-data" (the page carries no inline script).
(function () {
  "use strict";
  // Positions are pixels of the box the series is drawn in: ECharts fits the nodes' extent to
  // that box, and an extent of another shape would stretch the circles into ellipses.
  var ROW = 56, HEAD = 44, LEFT = 70, RIGHT = 190, TOP = 30, BOTTOM = 30;

  function size(revenue, largest) {
    // Area, not radius, follows revenue; a node with no revenue still shows as a dot.
    return 12 + 38 * Math.sqrt(largest > 0 ? revenue / largest : 0);
  }

  function draw(el) {
    var source = document.getElementById("chain-map-data");
    if (!source) return;
    var d = JSON.parse(source.textContent);
    var largest = Math.max.apply(null, d.nodes.map(function (n) { return n.revenue; }).concat([0]));
    var tallest = Math.max.apply(null, d.nodes.map(function (n) { return n.y; }).concat([0]));
    el.style.height = (TOP + HEAD + tallest * ROW + BOTTOM) + "px";
    var column = (el.clientWidth - LEFT - RIGHT) / Math.max(1, d.segments.length - 1);
    var nodes = d.nodes.map(function (n) {
      return {
        name: n.name, x: n.x * column, y: HEAD + n.y * ROW, symbolSize: size(n.revenue, largest),
        itemStyle: { color: d.colors[n.rating] }, url: n.url,
        value: n.label + "，" + n.firms + " 家企业，营业收入 " + n.revenue + " 亿元"
      };
    });
    var heads = d.segments.map(function (s, i) {
      return { name: "segment:" + s, x: i * column, y: 0, symbolSize: 0, label: {
        show: true, position: "inside", formatter: s, fontSize: 15, fontWeight: "bold", color: "#333" },
        tooltip: { show: false }, silent: true };
    });
    var chart = echarts.init(el);
    // No growing animation: the map answers a click as soon as it is drawn.
    chart.setOption({
      animation: false,
      tooltip: { renderMode: "richText", formatter: function (p) {
        return p.dataType === "node" ? p.name + "\n" + p.value : "";
      } },
      series: [{
        type: "graph", layout: "none", roam: true, left: LEFT, right: RIGHT, top: TOP, bottom: BOTTOM,
        label: { show: true, position: "right", fontSize: 12, width: 150, overflow: "truncate" },
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
        lineStyle: { color: "#adb5bd", opacity: 0.7, curveness: 0.1 },
        data: heads.concat(nodes), links: d.links
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node" && p.data.url) window.location.assign(p.data.url);
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chain-map]").forEach(draw);
  });
})();
