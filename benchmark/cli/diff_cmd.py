"""``bench diff RUN_A RUN_B``: what changed between two runs, task by task and fact by fact."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import bootstrap_seed_option, friendly_errors


@click.command()
@click.argument("run_a", type=click.Path(exists=True, path_type=Path))
@click.argument("run_b", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Compare runs scored under different signatures.")
@click.option("--min-tasks", type=click.IntRange(min=2), default=10, show_default=True,
              help="Fewest paired tasks for a bootstrap interval and permutation p-value.")
@click.option("--resamples", type=click.IntRange(min=100), default=10_000, show_default=True,
              help="Resamples of the paired bootstrap and permutation test.")
@bootstrap_seed_option("Seed of the paired bootstrap and permutation test.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@friendly_errors
def diff(run_a, run_b, force, min_tasks, resamples, bootstrap_seed, as_json):
    """Compare RUN_A with RUN_B (run directories or baseline files); deltas are B - A.

    \b
    Example:
      bench diff runs/lead-3-all-1a2b3c4d runs/textrank-all-5e6f7a8b
    """
    from ..records.baseline import load_baseline
    from ..records.diff import diff_records

    result = diff_records(load_baseline(run_a), load_baseline(run_b), force=force, min_tasks=min_tasks,
                          n_resamples=resamples, seed=bootstrap_seed)
    if as_json:
        click.echo(json.dumps(result.to_dict(), sort_keys=True, ensure_ascii=False))
    else:
        click.echo(result.report())
