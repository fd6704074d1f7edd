"""How a finished run is shown: ``--json`` (one object) or a short readable block.

Both name metrics by their key, as results.json, scores.jsonl, the leaderboard JSON and baseline files
do (``rouge1_f``, ``fact_coverage``, ...): one naming everywhere a metric is written.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import TYPE_CHECKING, Any, Iterator

import click

from ..metrics import METRICS

if TYPE_CHECKING:
    from ..records.record import RunRecord

HEADLINE = tuple(m for m in METRICS if m.in_leaderboard)


def result_json(record: "RunRecord") -> dict[str, Any]:
    agg = record.results.aggregate.get("all", {})
    return {
        "run_id": record.run_id,
        "run_dir": record.source,
        "signature": record.signature,
        "status": record.status,
        "model": record.model,
        "scores": {m.key: agg[m.key].mean for m in HEADLINE if m.key in agg},
        "ci95": {m.key: [agg[m.key].low, agg[m.key].high] for m in HEADLINE if m.key in agg},
        "counts": dict(record.results.counts),
        "from_cache": record.manifest.extra.get("from_cache", 0),
        "tasks": [t.to_row() for t in record.tasks],
    }


def echo_warnings(record: "RunRecord") -> None:
    """One line on stderr per distinct warning, naming the tasks it concerns."""
    by_text: dict[str, list[str]] = {}
    for t in record.tasks:
        for w in t.warnings:
            by_text.setdefault(w, []).append(t.id)
    for text, ids in by_text.items():
        click.echo(f"warning: {', '.join(ids)}: {text}", err=True)


def failure_line(record: "RunRecord") -> str:
    """One line on what failed in a run that is not ``finished``: counts and the first reason."""
    counts = record.results.counts
    parts = []
    if counts.get("failed"):
        first = next((t for t in record.tasks if t.error), None)
        parts.append(f"{counts['failed']} of {counts['tasks']} task(s) failed"
                     + (f" (first: {first.id}: {first.error})" if first else ""))
    if counts.get("judge_failed"):
        first = next((t for t in record.tasks if t.judge_error), None)
        parts.append(f"the fact judge failed on {counts['judge_failed']} task(s)"
                     + (f" (first: {first.id}: {first.judge_error})" if first else ""))
    return f"run {record.run_id} is {record.status}: " + "; ".join(parts or ["see its records"])


@contextlib.contextmanager
def resumable_interrupt() -> Iterator[None]:
    """Ctrl-C / SIGTERM during a run: one line saying how to resume, exit code 130 (not a traceback)."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo("interrupted: finished tasks are cached; run the same command again to resume", err=True)
        sys.exit(130)


def echo_result(record: "RunRecord", as_json: bool, quiet: bool = False) -> None:
    if as_json:
        click.echo(json.dumps(result_json(record), sort_keys=True, ensure_ascii=False))
        return
    cached = record.manifest.extra.get("from_cache", 0)
    if quiet:
        echo_warnings(record)
        click.echo(f"{record.model}: {record.status} -> {record.source}"
                   + (f" ({cached} task(s) from the cache)" if cached else ""))
        return
    click.echo(f"run      {record.run_id}  ({record.status})")
    click.echo(f"records  {record.source}")
    click.echo(f"cache    {cached} of {len(record.tasks)} task(s) from the prediction cache"
               + (" (--no-cache to recompute)" if cached else ""))
    for m in HEADLINE:
        v = record.aggregate(m.key)
        if v is None:
            continue
        if v.mean is None:
            click.echo(f"  {m.key:<20} –")
            continue
        s = m.scale
        click.echo(f"  {m.key:<20} {v.mean * s:8.2f}   95% CI [{v.low * s:.2f}, {v.high * s:.2f}]  n={v.n}")
    for t in record.tasks:
        if t.error:
            click.echo(f"  failed: {t.id}: {t.error}", err=True)
    echo_warnings(record)
    click.echo(f"signature {record.signature}")
