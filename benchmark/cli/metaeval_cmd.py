"""``bench meta-eval``: agreement of a fact judge (and ROUGE baselines) with human key-fact labels."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import bootstrap_seed_option, friendly_errors, judge_option, judge_options_with_alias


@click.command("meta-eval")
@click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSONL of {"doc_id", "system", "summary", "keyfacts", "labels"} (+ "reference"), or of three-way labels {"task", "id", "summary", "labels": {fact id: "S"|"C"}}.')
@judge_option("judge_spec")
@judge_options_with_alias
@bootstrap_seed_option("Seed of the bootstrap over documents.")
@click.option("--bootstrap", type=click.IntRange(min=0), default=1000, show_default=True, help="Bootstrap draws (0 = no intervals).")
@click.option("--coverage", type=click.Choice(["score", "stated"]), default="score", show_default=True,
              help="Predicted coverage of a summary: mean verdict score (contradicted = 0) or share of facts stated.")
@click.option("--no-baselines", is_flag=True, help="Skip the ROUGE-1/2 recall baselines.")
@click.option("--dataset", "dataset", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Three-way data only: dataset folder holding the labelled tasks' checklists (default: packaged).")
@click.option("--focus", "focus", multiple=True, metavar="FACT_ID",
              help="Three-way data only: a fact id to report case by case (repeatable; default: weight-3 facts).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@friendly_errors
def meta_eval(data, judge_spec, judge_options, bootstrap_seed, bootstrap, coverage, no_baselines, dataset, focus,
              as_json):
    """Measure how well a fact judge agrees with human labels of key-fact presence.

    Two formats are read. REALSumm-style lines {"doc_id", "system", "summary", "keyfacts", "labels":
    [0|1]} give fact agreement and per-document and system correlations. Three-way lines {"task", "id",
    "summary", "labels": {fact id: "S"|"C"}, "unscored"} are judged against the task's checklist from the
    dataset and give stated balanced accuracy, contradiction precision and recall, the focus facts case
    by case, and every disagreement.

    \b
    Examples:
      bench meta-eval --data realsumm_dev.jsonl --judge align
      bench meta-eval --data event_dev.jsonl --focus no-agreement --focus talks-continue
    """
    from ..judges.metaeval import file_sha256, format_report, load_rows, meta_evaluate
    from ..options import parse_option_pairs
    from ..judges import create_judge

    judge_obj = create_judge(judge_spec, parse_option_pairs(judge_options))
    if _first_line_is_threeway(data):
        _threeway(judge_obj, data, dataset, focus, as_json)
        return
    rows = load_rows(data)
    report = meta_evaluate(
        judge_obj, rows, data_name=data.name, data_sha256=file_sha256(data),
        seed=bootstrap_seed, bootstrap=bootstrap, baselines=not no_baselines, coverage=coverage,
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(format_report(report))


def _first_line_is_threeway(path: Path) -> bool:
    from ..judges.threeway import is_threeway_line

    with path.open("rb") as fh:  # bytes: a line that is not UTF-8 is reported by the reader that follows
        for line in fh:
            if line.strip():
                return is_threeway_line(line.decode("utf-8", errors="replace"))
    return False


def _threeway(judge_obj, data: Path, dataset: Path | None, focus: tuple[str, ...], as_json: bool) -> None:
    from ..data.load import load_tasks
    from ..judges.threeway import evaluate_threeway, format_threeway, load_labelled

    rows = load_labelled(data)
    tasks = {t.id: t for t in load_tasks(dataset).tasks}
    report = evaluate_threeway(judge_obj, rows, tasks, focus=focus, data_name=data.name)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(format_threeway(report))
