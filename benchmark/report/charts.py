"""The report's charts as Vega-Lite specifications, made with Altair.

Each function returns a plain dict (``chart.to_dict()``) that the page embeds as JSON and the vendored
vega-embed draws as SVG. The ``$schema`` URL is left out (the page tells vega-embed the mode), so no
page names a host. Colours: stated green, missing grey, contradicted red, as everywhere in the report.
"""

from __future__ import annotations

from typing import Any, Sequence

import altair as alt

from ..metrics import CHARTED
from ..records.leaderboard import Entry
from ..types import KeyFact
from .runs import RunView

VEGA_LITE_MAJOR = 6  # the vendored vega-lite.min.js (static/vendor/VENDOR.md)
VERDICT_COLOURS = {"stated": "#2e8540", "missing": "#d9d9d9", "contradicted": "#c62828"}
VERDICT_SYMBOLS = {"stated": "✓", "missing": "", "contradicted": "✗"}

# (key, name) of the metrics in the interval plot (the metric table's charted shares, shown ×100)
FOREST_METRICS: tuple[tuple[str, str], ...] = tuple((m.key, m.full_name) for m in CHARTED)


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec = chart.to_dict()
    schema = spec.pop("$schema", "")
    if f"/v{VEGA_LITE_MAJOR}." not in schema:
        raise RuntimeError(f"Altair writes {schema}, but the vendored Vega-Lite is v{VEGA_LITE_MAJOR}; update static/vendor")
    return spec


def _pct(v: float | None) -> float | None:
    return None if v is None else round(v * 100, 2)


def forest(entries: Sequence[Entry], links: dict[str, str]) -> dict[str, Any]:
    """Mean and 95% interval per system and metric: overlapping intervals are visible at a glance."""
    rows = []
    for e in entries:
        for key, title in FOREST_METRICS:
            ci = e.intervals.get(key)
            if e.means.get(key) is None:
                continue
            rows.append({
                "system": e.label, "metric": title, "mean": _pct(e.means[key]),
                "low": _pct(ci[0]) if ci else _pct(e.means[key]), "high": _pct(ci[1]) if ci else _pct(e.means[key]),
                "ranked": "ranked" if e.ranked else "not ranked (failed tasks)", "url": links[e.run_id],
            })
    order = [e.label for e in entries]
    y = alt.Y("system:N", sort=order, title=None)
    base = alt.Chart(alt.Data(values=rows)).properties(width=145, height=alt.Step(22))
    rule = base.mark_rule(strokeWidth=2).encode(x=alt.X("low:Q", title="×100"), x2="high:Q", y=y,
                                                  color=alt.value("#555"))
    flagged = any(not e.ranked for e in entries)
    extra = {"shape": alt.Shape("ranked:N", legend=alt.Legend(title=None, orient="bottom"))} if flagged else {}
    point = base.mark_point(filled=True, size=60).encode(
        x="mean:Q", y=y, href="url:N", **extra,
        tooltip=["system:N", "metric:N", alt.Tooltip("mean:Q", format=".1f"),
                 alt.Tooltip("low:Q", title="95% low", format=".1f"), alt.Tooltip("high:Q", title="95% high", format=".1f")],
    )
    chart = alt.layer(rule, point).facet(
        column=alt.Column("metric:N", sort=[t for _, t in FOREST_METRICS], title=None)
    ).resolve_scale(x="independent")
    return _spec(chart)


def length_scatter(entries: Sequence[Entry], links: dict[str, str]) -> dict[str, Any]:
    """Fact coverage (with its interval) against summary length: longer is not the same as better."""
    rows = []
    for e in entries:
        fc, words = e.means.get("fact_coverage"), e.means.get("length_words")
        if fc is None or words is None:
            continue
        ci = e.intervals.get("fact_coverage") or (fc, fc)
        rows.append({"system": e.label, "words": round(words, 1), "fact": _pct(fc), "low": _pct(ci[0]),
                     "high": _pct(ci[1]), "url": links[e.run_id]})
    base = alt.Chart(alt.Data(values=rows)).properties(width=420, height=300)
    x = alt.X("words:Q", title="summary length (words, before truncation)", scale=alt.Scale(zero=False))
    rule = base.mark_rule(color="#999").encode(x=x, y=alt.Y("low:Q", title="fact coverage ×100"), y2="high:Q")
    point = base.mark_circle(size=80, color="#1f5f99").encode(
        x=x, y="fact:Q", href="url:N",
        tooltip=["system:N", alt.Tooltip("words:Q", title="words"), alt.Tooltip("fact:Q", title="fact coverage", format=".1f")],
    )
    text = base.mark_text(align="left", dx=7, dy=-7, fontSize=11).encode(x=x, y="fact:Q", text="system:N")
    return _spec(alt.layer(rule, point, text))


def heatmap(facts: Sequence[KeyFact], runs: Sequence[RunView], task_id: str, links: dict[str, str]) -> dict[str, Any]:
    """Every key fact (heaviest first) against every system, coloured by the verdict."""
    ordered = sorted(facts, key=lambda f: -f.weight)  # stable: checklist order within a weight
    fact_order = [f"{f.id} ({f.weight})" for f in ordered]
    rows = []
    for run in runs:
        task = run.task(task_id)
        if task is None:
            continue
        verdicts = {v.id: v for v in task.facts}
        for f in ordered:
            v = verdicts.get(f.id)
            label = v.label if v else "missing"
            rows.append({
                "fact": f.id, "fact_weight": f"{f.id} ({f.weight})", "weight": f.weight, "text": f.text,
                "system": run.label, "verdict": label, "symbol": VERDICT_SYMBOLS[label],
                "sentence": (v.evidence if v and v.label != "missing" else "") or "",
                "url": f"{links[run.run_id]}#task-{task_id}",
            })
    systems = [r.label for r in runs if r.task(task_id) is not None]
    base = alt.Chart(alt.Data(values=rows)).properties(width=alt.Step(64), height=alt.Step(20))
    x = alt.X("system:N", sort=systems, title=None, axis=alt.Axis(orient="top", labelAngle=-35))
    y = alt.Y("fact_weight:N", sort=fact_order, title="key fact (weight)")
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, href="url:N",
        color=alt.Color("verdict:N", scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["fact:N", "text:N", "weight:Q", "system:N", "verdict:N", "sentence:N"],
    )
    mark = base.mark_text(fontSize=12, color="white").encode(x=x, y=y, text="symbol:N")
    return _spec(alt.layer(rect, mark))
