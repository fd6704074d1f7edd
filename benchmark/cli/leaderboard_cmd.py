"""``bench leaderboard``: regenerate leaderboard.md from stored runs."""

from __future__ import annotations

from pathlib import Path

import click

from .common import friendly_errors


@click.command()
@click.option("--runs-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("results"), show_default=True,
              help="Folder of run directories to rank.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the table here (default: print it).")
@click.option("--check", is_flag=True, help="Exit 1 if OUTPUT is not what the runs give (stale) or a run is damaged.")
@click.option("--json", "as_json", is_flag=True, help="Print the tables as JSON instead.")
@friendly_errors
def leaderboard(runs_dir, output, check, as_json):
    """Rank stored runs; only runs with identical signatures share a table.

    A damaged run is skipped with a warning on stderr (and fails --check).

    \b
    Examples:
      bench leaderboard --runs-dir results --output leaderboard.md
      bench leaderboard --runs-dir results --output leaderboard.md --check
    """
    from ..records.leaderboard import build_leaderboard, render_json
    from ..records.store import atomic_write_text

    text, tabs, skipped = build_leaderboard(runs_dir, runs_dir.as_posix())
    for s in skipped:
        click.echo(f"warning: skipped {s.path}: {s.reason}", err=True)
    if as_json:
        click.echo(render_json(tabs), nl=False)
        return
    if check:
        if output is None:
            raise click.UsageError("--check needs --output FILE to compare with")
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            click.echo(f"{output} is stale: regenerate it with bench leaderboard --runs-dir {runs_dir} --output {output}", err=True)
            raise SystemExit(1)
        if skipped:
            click.echo(f"{len(skipped)} damaged run(s) in {runs_dir}: repair or remove them", err=True)
            raise SystemExit(1)
        click.echo(f"{output} is up to date")
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        click.echo(f"wrote {output} ({sum(len(t.entries) for t in tabs)} rows in {len(tabs)} table(s))")
