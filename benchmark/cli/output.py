"""How a finished run is shown: ``--json`` (one object) or a short readable block."""

from __future__ import annotations

import json
import contextlib
import sys
from typing import TYPE_CHECKING, Any, Iterator

import click

if TYPE_CHECKING:
    from ..pipeline.runner import RunResult

HEADLINE = (
    ("rouge1", "rouge1_f"),
    ("rouge2", "rouge2_f"),
    ("rougeL", "rougeL_f"),
    ("rougeLsum", "rougeLsum_f"),
    ("fact_coverage", "fact_coverage"),
    ("core_fact_coverage", "core_fact_coverage"),
    ("contradiction_rate", "contradiction_rate"),
    ("length_words", "length_words"),
    ("coverage", "coverage"),
    ("density", "density"),
)


def result_json(result: "RunResult") -> dict[str, Any]:
    agg = result.results["aggregate"]["all"]
    scores = {name: agg[key]["mean"] for name, key in HEADLINE if key in agg}
    ci = {name: [agg[key]["low"], agg[key]["high"]] for name, key in HEADLINE if key in agg}
    return {
        "run_id": result.run_id,
        "run_dir": str(result.run_dir),
        "signature": result.signature,
        "status": result.status,
        "model": result.manifest["summarizer"]["text"],
        "scores": scores,
        "ci95": ci,
        "counts": result.results["counts"],
        "from_cache": result.manifest.get("from_cache", 0),
        "tasks": result.rows,
    }


def echo_warnings(result: "RunResult") -> None:
    """One line on stderr per distinct warning, naming the tasks it concerns."""
    by_text: dict[str, list[str]] = {}
    for r in result.rows:
        for w in r.get("warnings") or ():
            by_text.setdefault(w, []).append(r["id"])
    for text, ids in by_text.items():
        click.echo(f"warning: {', '.join(ids)}: {text}", err=True)


def failure_line(result: "RunResult") -> str:
    """One line on what failed in a run that is not ``finished``: counts and the first reason."""
    counts = result.results["counts"]
    parts = []
    if counts.get("failed"):
        first = next((r for r in result.rows if r.get("error")), None)
        parts.append(f"{counts['failed']} of {counts['tasks']} task(s) failed"
                     + (f" (first: {first['id']}: {first['error']})" if first else ""))
    if counts.get("judge_failed"):
        first = next((r for r in result.rows if r.get("judge_error")), None)
        parts.append(f"the fact judge failed on {counts['judge_failed']} task(s)"
                     + (f" (first: {first['id']}: {first['judge_error']})" if first else ""))
    return f"run {result.run_id} is {result.status}: " + "; ".join(parts or ["see its records"])


@contextlib.contextmanager
def resumable_interrupt() -> Iterator[None]:
    """Ctrl-C / SIGTERM during a run: one line saying how to resume, exit code 130 (not a traceback)."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo("interrupted: finished tasks are cached; run the same command again to resume", err=True)
        sys.exit(130)


def echo_result(result: "RunResult", as_json: bool, quiet: bool = False) -> None:
    if as_json:
        click.echo(json.dumps(result_json(result), sort_keys=True, ensure_ascii=False))
        return
    if quiet:
        echo_warnings(result)
        cached = result.manifest.get("from_cache", 0)
        click.echo(f"{result.manifest['summarizer']['text']}: {result.status} -> {result.run_dir}"
                   + (f" ({cached} task(s) from the cache)" if cached else ""))
        return
    agg = result.results["aggregate"]["all"]
    click.echo(f"run      {result.run_id}  ({result.status})")
    click.echo(f"records  {result.run_dir}")
    cached = result.manifest.get("from_cache", 0)
    n_tasks = result.results["counts"]["tasks"]
    click.echo(f"cache    {cached} of {n_tasks} task(s) from the prediction cache"
               + (" (--no-cache to recompute)" if cached else ""))
    for name, key in HEADLINE:
        if key not in agg:
            continue
        v = agg[key]
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
    echo_warnings(result)
    click.echo(f"signature {result.signature}")
