"""``bench report``: write the static HTML report of stored runs."""

from __future__ import annotations

from pathlib import Path

import click

from .common import friendly_errors


@click.command()
@click.argument("run_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--runs-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Report every run in this folder (default: results, unless RUN_DIRS or --diff are given).")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="Folder to write the site into (its runs/, articles/ and diffs/ are replaced).")
@click.option("--dataset", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dataset folder the runs were scored on (default: the packaged benchmark).")
@click.option("--diff", "diffs", nargs=2, multiple=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="RUN_A RUN_B", help="Also write a diff page for these two runs (repeatable).")
@friendly_errors
def report(run_dirs, runs_dir, out, dataset, diffs):
    """Write a self-contained static site: leaderboard, facts × systems heatmaps, one page per run.

    Open OUT/index.html in a browser (no server needed) or serve OUT from any static host.

    \b
    Examples:
      bench report --runs-dir results --out site
      bench report --out diff-site --diff runs/lead-3-all-e4369150 runs/textrank-all-23c0d3fc
    """
    from ..report.site import build_report, diff_name

    if runs_dir is None and not run_dirs and not diffs:
        runs_dir = Path("results")
    result = build_report(out, runs_dir, run_dirs, dataset, diffs)
    for s in result.skipped:
        click.echo(f"warning: skipped {s.path}: {s.reason}", err=True)
    size = result.size_bytes()
    click.echo(f"wrote {len(result.pages)} pages to {out} ({size / 1e6:.2f} MB); open {out / 'index.html'}")
    for a, b in diffs:
        click.echo(f"diff: {out / diff_name(Path(a).name, Path(b).name)}")
