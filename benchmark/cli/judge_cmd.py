"""``bench judge``: the fact judge as a JSONL filter (stdin or --input to stdout)."""

from __future__ import annotations

import json
import sys

import click

from .common import friendly_errors, judge_option, judge_options_with_alias


@click.command()
@judge_option("judge_spec")
@judge_options_with_alias
@click.option("--input", "input_file", type=click.File("rb"), default="-", help="JSONL input (default: stdin).")
@click.option("--batch", type=click.IntRange(min=1), default=64, show_default=True, help="Lines judged per call.")
@friendly_errors
def judge(judge_spec, judge_options, input_file, batch):
    """Judge key facts in summaries: JSONL lines {"id", "summary", "keyfacts"} in, verdicts out.

    Optional per line: "probes" and "wordings", each one list of strings per key fact (statements that
    contradict the fact; other accepted ways of stating it). Each output line is {"id", "verdicts", "scores", "evidence"}, one entry per key fact in order. A bad
    line gets a one-line error on stderr naming its number; the other lines are still answered, and the
    exit code is 1 if any line was bad.

    \b
    Example:
      echo '{"id": "1", "summary": "Talks collapsed.", "keyfacts": ["The talks will continue"]}' | bench judge
    """
    from ..judges.lines import judge_lines
    from ..options import parse_option_pairs
    from ..judges import create_judge

    judge_obj = create_judge(judge_spec, parse_option_pairs(judge_options))
    bad = 0
    for result in judge_lines(judge_obj, input_file, batch=batch):
        if result.output is None:
            bad += 1
            click.echo(f"error: {result.error}", err=True)
        else:
            if result.warning:
                click.echo(f"warning: {result.warning}", err=True)
            click.echo(json.dumps(result.output, ensure_ascii=False))
    if bad:
        click.echo(f"{bad} line(s) could not be judged", err=True)
        sys.exit(1)
