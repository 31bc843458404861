// 统计分析: draws the dashboard's charts with ECharts from the JSON block the page carries
// (<script type="application/json" id="stats-data">, written by json_script: data, never executed).
// Every bar and slice links to the list of the items it counts, as the tables below each chart do.
(function () {
  "use strict";
  const block = document.getElementById("stats-data");
  if (!block || typeof echarts === "undefined") return;
  const data = JSON.parse(block.textContent);
  const palette = ["#2f5d9e", "#c23531", "#d48a1f", "#3b8f5a", "#7a4f9e", "#4a9bb5", "#8c6d46", "#b85c8f", "#5f6b7a"];
  const charts = [];

  function go(params) {
    const url = params && params.data && params.data.url;
    if (url) window.location.assign(url);
  }

  function optionFor(chart) {
    const items = chart.items.map(function (item) {
      return { name: item.name, value: item.value, url: item.url };
    });
    if (chart.type === "pie") {
      return {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
        legend: { type: "scroll", bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: items,
                   label: { formatter: "{b}\n{c}件" } }],
      };
    }
    return {
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
               axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ type: "bar", data: items, label: { show: true, position: "right", formatter: "{c}" } }],
    };
  }

  function yearsOption(years) {
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: years.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: years.series.map(function (s, index) {
        return { name: s.name, type: "bar", data: s.values.map(function (v, i) {
          return { value: v, url: index === 0 ? years.urls[i] : null };
        }) };
      }),
    };
  }

  function draw(element, option) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    chart.on("click", go);
    charts.push(chart);
  }

  const byId = {};
  data.charts.forEach(function (chart) { byId[chart.id] = chart; });
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    const id = element.getAttribute("data-chart");
    if (id === "years") {
      if (data.years && data.years.labels.length) draw(element, yearsOption(data.years));
    } else if (byId[id] && byId[id].items.length) {
      if (byId[id].type !== "pie") element.style.height = Math.max(160, 28 * byId[id].items.length + 40) + "px";
      draw(element, optionFor(byId[id]));
    }
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
