"""``bench merge``: combine shard runs into one run."""

from __future__ import annotations

from pathlib import Path

import click

from .common import friendly_errors
from .output import echo_result


@click.command()
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the merged run (default: beside the shards, without the shard suffix).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the merged run's scores.")
@friendly_errors
def merge(run_dirs, out, as_json):
    """Merge the runs of `bench run --shard I/N` (all N of them) into one run.

    \b
    Example:
      bench merge runs/lead-3-all-shard1of2-* runs/lead-3-all-shard2of2-*
    """
    from ..pipeline.merge import merge_runs

    echo_result(merge_runs(list(run_dirs), out), as_json)
