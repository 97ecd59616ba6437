// Charts of the cockpit and indicator pages. Data come from json_script tags so that
// pages carry no inline script; every chart is drawn with the vendored ECharts.
(function () {
  "use strict";
  var STATUS_COLORS = {
    achieved: "#157347", on_track: "#2f9e44", accelerate: "#e8a317",
    lagging: "#e8590c", regressing: "#c92a2a", insufficient: "#adb5bd",
    in_progress: "#4dabf7", missed: "#862e9c", unassigned: "#dee2e6"
  };

  // ECharts' HTML tooltip writes style attributes into the page, which the
  // Content-Security-Policy refuses; the rich-text tooltip is drawn on the canvas instead.
  function chart(el, option) {
    option.tooltip = Object.assign({ renderMode: "richText" }, option.tooltip);
    echarts.init(el).setOption(option);
  }

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function targetLine(label, value) {
    return { symbol: "none", label: { formatter: label + " {c}" }, lineStyle: { color: "#c92a2a" },
             data: [{ yAxis: value }] };
  }

  function statusDonut(el) {
    var d = data("status-data");
    if (!d) return;
    chart(el, {
      tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
      // The large screen lists the counts beside the donut in its own type size.
      legend: { show: el.getAttribute("data-legend") !== "none", bottom: 0, itemWidth: 10, itemHeight: 10 },
      series: [{
        type: "pie", radius: ["45%", "70%"], center: ["50%", "42%"], label: { show: false },
        data: d.statuses.filter(function (s) { return s.value > 0; }).map(function (s) {
          return { name: s.name, value: s.value, itemStyle: { color: STATUS_COLORS[s.code] } };
        })
      }]
    });
  }

  function indicatorSeries(el) {
    var d = data("series-data");
    if (!d) return;
    var series = [
      { name: "实际（年度）", type: "line", data: d.actual, symbolSize: 7, connectNulls: true },
      { name: "年度节点目标", type: "line", data: d.milestones, lineStyle: { type: "dashed" }, symbol: "diamond" },
      { name: "推算", type: "line", data: d.projection, lineStyle: { type: "dotted" }, symbol: "emptyCircle" }
    ];
    if (d.ytd.length) {
      series.push({ name: "年初至今", type: "bar", data: d.ytd, barMaxWidth: 18, itemStyle: { opacity: 0.45 } });
    }
    if (d.target !== null) {
      series[0].markLine = targetLine("目标", d.target);
    }
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 30, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.years },
      yAxis: { type: "value", name: d.unit, scale: true },
      series: series
    });
  }

  function firmFacts(el) {
    var d = data("firm-data");
    if (!d) return;
    // Revenue and profit are shown first; the other series are one click away in the legend.
    var selected = {};
    d.series.forEach(function (s, i) { selected[s.name] = i < 2; });
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll", selected: selected },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.years },
      yAxis: { type: "value", scale: true },
      series: d.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: true };
      })
    });
  }

  var GRADE_COLORS = { A: "#157347", B: "#2f9e44", C: "#e8a317", D: "#c92a2a", T: "#adb5bd" };

  function classBars(el) {
    var d = data("class-data");
    if (!d) return;
    var groups = Object.keys(d.by_group);
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "category", data: groups },
      yAxis: { type: "value", name: "家" },
      series: ["A", "B", "C", "D", "T"].map(function (k) {
        return { name: k + "类", type: "bar", stack: "all", itemStyle: { color: GRADE_COLORS[k] },
                 data: groups.map(function (g) { return d.by_group[g][k]; }) };
      })
    });
  }

  function tierBars(el) {
    var d = data("tier-data");
    if (!d) return;
    chart(el, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 150, right: 30, top: 36, bottom: 20 },
      xAxis: { type: "value", name: "家", minInterval: 1 },
      yAxis: { type: "category", data: d.labels, inverse: true },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.values, barMaxWidth: 14 };
      })
    });
  }

  var DRAW = { "status-donut": statusDonut, "indicator-series": indicatorSeries,
               "class-bars": classBars, "firm-facts": firmFacts,
               "project-investment": projectInvestment, "pool-progress": poolProgress,
               "pool-member": poolMember, "tier-bars": tierBars,
               "assessment-ranking": assessmentRanking };

  // 专项考核: each unit's score as a bar, its rank and rank interval (5th–95th percentile of
  // the uncertainty draws) as a candlestick on an inverted rank axis.
  function assessmentRanking(el) {
    var d = data("ranking-data");
    if (!d || !d.units.length) return;
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 60 },
      xAxis: { type: "category", data: d.units, axisLabel: { rotate: 30 } },
      yAxis: [{ type: "value", name: "总分" },
              { type: "value", name: "位次", inverse: true, min: 1, max: d.units.length, interval: 1 }],
      series: [
        { name: "总分", type: "bar", data: d.scores, barMaxWidth: 28, itemStyle: { opacity: 0.6 } },
        { name: "位次与区间", type: "candlestick", yAxisIndex: 1,
          data: d.rank.map(function (r, i) { return [r, r, d.low[i], d.high[i]]; }),
          itemStyle: { color: "#1c7ed6", color0: "#1c7ed6", borderColor: "#1c7ed6", borderColor0: "#1c7ed6" } }
      ]
    });
  }

  function projectInvestment(el) {
    var d = data("investment-data");
    if (!d) return;
    var cumulative = { name: "累计完成投资", type: "line", data: d.cumulative, symbolSize: 6 };
    if (d.planned !== null) {
      cumulative.markLine = targetLine("计划总投资", d.planned);
    }
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", name: "万元" },
      series: [{ name: "当月完成投资", type: "bar", data: d.monthly, barMaxWidth: 18, itemStyle: { opacity: 0.6 } },
               cumulative]
    });
  }

  function poolProgress(el) {
    var d = data("pool-progress-data");
    if (!d) return;
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 36, bottom: 40 },
      xAxis: { type: "category", data: d.buckets, name: "营业收入为基期的倍数", nameLocation: "middle", nameGap: 26 },
      yAxis: { type: "value", name: "家", minInterval: 1 },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", data: s.data,
                 itemStyle: { color: STATUS_COLORS[s.code === "doubled" ? "achieved" : s.code === "behind" ? "lagging" : "on_track"] } };
      })
    });
  }

  function poolMember(el) {
    var d = data("pool-member-data");
    if (!d) return;
    var revenue = { name: "营业收入", type: "line", data: d.revenue, symbolSize: 7, connectNulls: true,
                    markLine: targetLine("营业收入翻番", d.target_revenue) };
    var profit = { name: "利润总额", type: "line", yAxisIndex: 1, data: d.profit, symbolSize: 7, connectNulls: true };
    if (d.target_profit !== null) {
      profit.markLine = targetLine("利润翻番", d.target_profit);
      profit.markLine.lineStyle = { color: "#e8590c" };
    }
    chart(el, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 70, right: 70, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.years },
      yAxis: [{ type: "value", name: "营业收入（万元）" }, { type: "value", name: "利润总额（万元）", splitLine: { show: false } }],
      series: [revenue, profit,
               { name: "翻番路径", type: "line", data: d.path, symbol: "none", lineStyle: { type: "dashed" }, connectNulls: false }]
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      var draw = DRAW[el.getAttribute("data-chart")];
      if (draw && !el.getAttribute("_echarts_instance_")) draw(el);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
  function resizeAll() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  }
  window.addEventListener("resize", resizeAll);
  // A printed page is narrower than the screen (print.css sizes the charts): redraw to fit it.
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
