"""``bench models`` and ``bench judges``: the registered families, where they come from, what they do,
and (``--options NAME``) the options a family declares, printed from the declaration the code checks."""

from __future__ import annotations

import json
from typing import Any

import click

from ..registry import Registry, parse_spec
from .common import friendly_errors


def _rows(registry: Registry) -> list[dict[str, str]]:
    """One row per family; plug-ins that fail to load become warnings on stderr, not errors."""
    entries = registry.entries()
    for reason in registry.broken().values():
        click.echo(f"warning: {reason}", err=True)
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


def _options(registry: Registry, name: str, as_json: bool, flag: str) -> None:
    entry = registry.get(parse_spec(name).name)  # "lead-3" and "lead" both name the family
    declared = entry.options
    if as_json:
        rows = [o.to_dict() for o in declared] if declared is not None else None
        click.echo(json.dumps({"name": entry.name, "origin": entry.origin, "options": rows,
                               "other_options": entry.extra_options}, indent=2, ensure_ascii=False))
        return
    if declared is None:
        click.echo(f"{entry.name} ({entry.origin}) declares no options; it checks its own {flag} options.")
        return
    if not declared:
        click.echo(f"{entry.name} takes no {flag} options.")
    table = [("OPTION", "TYPE", "DEFAULT", "DESCRIPTION")]
    table += [(o.name, o.type_name, "–" if o.default is None else json.dumps(o.default), o.help) for o in declared]
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for r in table if declared else ():
        click.echo(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip())
    if entry.extra_options:
        click.echo(f"Other options: {entry.extra_options}.")


json_option: Any = click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")


@click.command("models")
@click.option("--options", "family", default=None, metavar="FAMILY",
              help="List the -M options of one family (name, type, default, description) instead.")
@json_option
@friendly_errors
def models(family: str | None, as_json: bool) -> None:
    """List the summarizers --model accepts: built-ins and installed plug-ins.

    Plug-ins come from the entry-point group 'benchmark.summarizers'; their origin shows as
    plugin:DISTRIBUTION. See docs/plugins.md to write one.

    \b
    Examples:
      bench models
      bench models --options cmd
    """
    from ..summarizers.base import summarizers

    if family:
        _options(summarizers, family, as_json, "-M")
    else:
        _list(summarizers, as_json, "MODEL")


@click.command("judges")
@click.option("--options", "name", default=None, metavar="NAME",
              help="List the -J options of one judge (name, type, default, description) instead.")
@json_option
@friendly_errors
def judges_cmd(name: str | None, as_json: bool) -> None:
    """List the key-fact judges --judge accepts: built-ins and installed plug-ins.

    Plug-ins come from the entry-point group 'benchmark.judges'; their origin shows as
    plugin:DISTRIBUTION. See docs/plugins.md to write one.

    \b
    Examples:
      bench judges
      bench judges --options align
    """
    from ..judges.base import judges

    if name:
        _options(judges, name, as_json, "-J")
    else:
        _list(judges, as_json, "JUDGE")
