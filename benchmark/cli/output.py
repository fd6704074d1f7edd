"""How a finished run is shown: ``--json`` (one object) or a short readable block."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

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
        "scores": {m.short: agg[m.key].mean for m in HEADLINE if m.key in agg},
        "ci95": {m.short: [agg[m.key].low, agg[m.key].high] for m in HEADLINE if m.key in agg},
        "counts": dict(record.results.counts),
        "tasks": [t.to_row() for t in record.tasks],
    }


def echo_result(record: "RunRecord", as_json: bool, quiet: bool = False) -> None:
    if as_json:
        click.echo(json.dumps(result_json(record), sort_keys=True, ensure_ascii=False))
        return
    if quiet:
        click.echo(f"{record.model}: {record.status} -> {record.source}")
        return
    click.echo(f"run      {record.run_id}  ({record.status})")
    click.echo(f"records  {record.source}")
    for m in HEADLINE:
        v = record.aggregate(m.key)
        if v is None:
            continue
        if v.mean is None:
            click.echo(f"  {m.short:<20} –")
            continue
        s = m.scale
        click.echo(f"  {m.short:<20} {v.mean * s:8.2f}   95% CI [{v.low * s:.2f}, {v.high * s:.2f}]  n={v.n}")
    for t in record.tasks:
        if t.error:
            click.echo(f"  failed: {t.id}: {t.error}", err=True)
    click.echo(f"signature {record.signature}")
