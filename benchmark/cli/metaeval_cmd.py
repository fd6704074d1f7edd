"""``bench meta-eval``: agreement of a fact judge (and ROUGE baselines) with human key-fact labels."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import bootstrap_seed_option, friendly_errors, judge_option, judge_options_with_alias


@click.command("meta-eval")
@click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSONL of {"doc_id", "system", "summary", "keyfacts", "labels"} (+ "reference").')
@judge_option("judge_spec")
@judge_options_with_alias
@bootstrap_seed_option("Seed of the bootstrap over documents.")
@click.option("--bootstrap", type=click.IntRange(min=0), default=1000, show_default=True, help="Bootstrap draws (0 = no intervals).")
@click.option("--coverage", type=click.Choice(["score", "stated"]), default="score", show_default=True,
              help="Predicted coverage of a summary: mean verdict score (contradicted = 0) or share of facts stated.")
@click.option("--no-baselines", is_flag=True, help="Skip the ROUGE-1/2 recall baselines.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@friendly_errors
def meta_eval(data, judge_spec, judge_options, bootstrap_seed, bootstrap, coverage, no_baselines, as_json):
    """Measure how well a fact judge agrees with human labels of key-fact presence.

    \b
    Example:
      bench meta-eval --data realsumm_dev.jsonl --judge align
    """
    from ..judges.metaeval import file_sha256, format_report, load_rows, meta_evaluate
    from ..options import parse_option_pairs
    from ..judges import create_judge

    rows = load_rows(data)
    judge_obj = create_judge(judge_spec, parse_option_pairs(judge_options))
    report = meta_evaluate(
        judge_obj, rows, data_name=data.name, data_sha256=file_sha256(data),
        seed=bootstrap_seed, bootstrap=bootstrap, baselines=not no_baselines, coverage=coverage,
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(format_report(report))
