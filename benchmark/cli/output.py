"""How a finished run is shown: ``--json`` (one object) or a short readable block.

Metrics keep the names results.json, the leaderboard JSON and baseline files use (``rouge1_f``,
``fact_coverage``, ...), in ``--json`` and in the block alike.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ..metrics import METRIC_KEYS

if TYPE_CHECKING:
    from ..pipeline.runner import RunResult

HEADLINE = METRIC_KEYS  # one list of metric names (benchmark.metrics)


def result_json(result: "RunResult") -> dict[str, Any]:
    agg = result.results["aggregate"]["all"]
    scores = {key: agg[key]["mean"] for key in HEADLINE if key in agg}
    ci = {key: [agg[key]["low"], agg[key]["high"]] for key in HEADLINE if key in agg}
    return {
        "run_id": result.run_id,
        "run_dir": str(result.run_dir),
        "signature": result.signature,
        "status": result.status,
        "model": result.manifest["summarizer"]["text"],
        "scores": scores,
        "ci95": ci,
        "counts": result.results["counts"],
        "tasks": result.rows,
    }


def echo_result(result: "RunResult", as_json: bool, quiet: bool = False) -> None:
    if as_json:
        click.echo(json.dumps(result_json(result), sort_keys=True, ensure_ascii=False))
        return
    if quiet:
        click.echo(f"{result.manifest['summarizer']['text']}: {result.status} -> {result.run_dir}")
        return
    agg = result.results["aggregate"]["all"]
    click.echo(f"run      {result.run_id}  ({result.status})")
    click.echo(f"records  {result.run_dir}")
    for key in HEADLINE:
        if key not in agg:
            continue
        v = agg[key]
        name = key
        if v["mean"] is None:
            click.echo(f"  {name:<20} –")
            continue
        scale = 100.0 if key.endswith("_f") or key in ("fact_coverage", "core_fact_coverage", "contradiction_rate") else 1.0
        click.echo(
            f"  {name:<20} {v['mean'] * scale:8.2f}   95% CI [{v['low'] * scale:.2f}, {v['high'] * scale:.2f}]  n={v['n']}"
        )
    failed = [r for r in result.rows if r.get("error")]
    for r in failed:
        click.echo(f"  failed: {r['id']}: {r['error']}", err=True)
    click.echo(f"signature {result.signature}")
