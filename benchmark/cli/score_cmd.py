"""``bench score``: rescore a stored run's predictions without running the model again."""

from __future__ import annotations

from pathlib import Path

import click

from .common import friendly_errors, judge_options
from .output import echo_result


@click.command()
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--judge", default=None, help="Score with another fact judge (default: the run's own).")
@judge_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per run.")
@click.option("-q", "--quiet", is_flag=True, help="Print one line per run.")
@friendly_errors
def score(run_dirs, judge, judge_options, as_json, quiet):
    """Rescore the predictions stored in RUN_DIR(s).

    \b
    Examples:
      bench score runs/lead-3-all-1a2b3c4d
      bench score runs/lead-3-all-1a2b3c4d --judge llm:gpt-4o-mini -J base_url=http://localhost:8000/v1
    """
    from dataclasses import replace

    from ..options import parse_option_pairs
    from ..pipeline.rescore import recorded_settings, rescore

    for path in run_dirs:
        settings = None
        if judge:
            settings = replace(recorded_settings(path), judge=judge, judge_options=parse_option_pairs(judge_options))
        echo_result(rescore(path, settings), as_json, quiet)
