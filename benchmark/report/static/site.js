// Draw every chart of the page: each <div class="chart" data-spec="ID"> gets the Vega-Lite spec stored in
// <script type="application/json" id="ID">. Rendered as SVG with Vega's expression interpreter (no eval),
// without the export menu, so the page needs nothing but the vendored files beside this one.
(function () {
  "use strict";
  document.querySelectorAll("div.chart[data-spec]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-spec"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    vegaEmbed(el, spec, { mode: "vega-lite", renderer: "svg", actions: false, ast: true })
      .then(function () { el.setAttribute("data-rendered", "true"); })
      .catch(function (err) {
        el.setAttribute("data-rendered", "error");
        el.textContent = "This chart could not be drawn: " + err;
      });
  });
})();
