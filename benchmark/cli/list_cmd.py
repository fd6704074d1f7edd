"""``bench models`` and ``bench judges``: the registered families, where they come from, what they do."""

from __future__ import annotations

import json
import warnings
from typing import Any

import click

from ..registry import Registry
from .common import friendly_errors


def _rows(registry: Registry) -> list[dict[str, str]]:
    """One row per family; plug-ins that fail to load become warnings on stderr, not errors."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        entries = registry.entries()
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
    rows = []
    for e in entries:
        usage = getattr(e.factory, "usage", None) or e.name
        rows.append({"name": e.name, "usage": str(usage), "origin": e.origin, "help": e.help})
    return rows


def _list(registry: Registry, as_json: bool, title: str) -> None:
    rows = _rows(registry)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    header = {"usage": title, "origin": "ORIGIN", "help": "DESCRIPTION"}
    w_usage = max(len(r["usage"]) for r in [header, *rows])
    w_origin = max(len(r["origin"]) for r in [header, *rows])
    for r in [header, *rows]:
        click.echo(f"{r['usage']:<{w_usage}}  {r['origin']:<{w_origin}}  {r['help']}".rstrip())


json_option: Any = click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")


@click.command("models")
@json_option
@friendly_errors
def models(as_json: bool) -> None:
    """List the summarizers --model accepts: built-ins and installed plug-ins.

    Plug-ins come from the entry-point group 'benchmark.summarizers'; their origin shows as
    plugin:DISTRIBUTION.
    """
    from ..summarizers.base import summarizers

    _list(summarizers, as_json, "MODEL")


@click.command("judges")
@json_option
@friendly_errors
def judges_cmd(as_json: bool) -> None:
    """List the key-fact judges --judge accepts: built-ins and installed plug-ins.

    Plug-ins come from the entry-point group 'benchmark.judges'; their origin shows as
    plugin:DISTRIBUTION.
    """
    from ..judges.base import judges

    _list(judges, as_json, "JUDGE")
