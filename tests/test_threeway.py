"""Three-way meta-evaluation (stated / contradicted / missing per fact id) with the real default judge,
on a toy task built here and, through ``bench meta-eval``, on the packaged event task."""

import json

import pytest
from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.errors import DataError
from benchmark.judges.align.judge import AlignJudge
from benchmark.judges.lines import parse_judge_line
from benchmark.judges.threeway import evaluate_threeway, format_threeway, is_threeway_line, parse_labelled
from benchmark.types import KeyFact, Task

FACTS = (
    KeyFact("no-deal", "Skyline Airways and the pilots' union did not reach an agreement on pay", 3,
            probes=("Skyline Airways and the pilots' union reached an agreement on pay",)),
    KeyFact("talks-go-on", "Skyline Airways and the pilots' union will keep negotiating over pay", 3),
    KeyFact("in-geneva", "The talks between Skyline Airways and the pilots' union were held in Geneva", 1),
)
TASK = Task("toy-pay", "event", "Pay talks", (), (), FACTS, 75)


def _line(case, summary, labels, unscored=()):
    return json.dumps({"task": "toy-pay", "id": case, "summary": summary, "labels": labels, "unscored": list(unscored)})


def _rows():
    lines = [
        _line("at-odds", "Skyline Airways and the pilots' union remain at odds over pay.", {"no-deal": "S"}),
        _line("signed", "Skyline Airways and the pilots' union signed a new pay agreement.", {"no-deal": "C"},
              unscored=["talks-go-on"]),
        _line("met", "Skyline Airways and the pilots' union met in Geneva on Friday to discuss pay.",
              {"in-geneva": "S", "no-deal": "S"}),
    ]
    return [parse_labelled(x, f"line {n}") for n, x in enumerate(lines, 1)]


def test_figures_and_errors_by_hand():
    report = evaluate_threeway(AlignJudge(None, {}), _rows(), {"toy-pay": TASK}, data_name="toy")
    assert report.cases == 3 and report.pairs == 3 * 3 - 1
    # stated labels: at-odds/no-deal, met/in-geneva (judged stated), met/no-deal (a meeting says no outcome)
    assert report.stated_balanced_accuracy == pytest.approx(round((2 / 3 + 1) / 2, 4))
    assert (report.contradiction_precision, report.contradiction_recall) == (1.0, 1.0)
    assert report.contradiction_labels == report.contradiction_verdicts == 1
    assert [(e.case, e.fact, e.label, e.verdict) for e in report.errors] == [("met", "no-deal", "S", "M")]
    # the default focus: the weight-3 facts; no-deal is labelled in all three cases, right in two
    focus = {f.fact: f for f in report.focus}
    assert set(focus) == {"no-deal", "talks-go-on"}
    assert (focus["no-deal"].labelled_right, focus["no-deal"].labelled) == (2, 3)
    assert (focus["talks-go-on"].labelled, focus["talks-go-on"].cases) == (0, 2)
    text = format_threeway(report)
    assert "focus fact no-deal: exactly right on 2 of 3 labelled cases" in text
    assert "met  no-deal  S -> M  -" in text


def test_unknown_task_or_fact_id_is_a_clear_error():
    rows = _rows()
    with pytest.raises(DataError, match="task 'toy-pay' is not in the dataset"):
        evaluate_threeway(AlignJudge(None, {}), rows, {})
    bad = [parse_labelled(_line("x", "Pay.", {"no-such-fact": "S"}), "line 1")]
    with pytest.raises(DataError, match="no-such-fact are not in the checklist"):
        evaluate_threeway(AlignJudge(None, {}), bad, {"toy-pay": TASK})


@pytest.mark.parametrize("line, message", [
    ('{"task": "t", "id": "x", "summary": "s", "labels": {"f": "X"}}', "must map fact ids"),
    ('{"task": "t", "summary": "s", "labels": {}}', "field 'id' must be a string"),
    ('{"task": "t", "id": "x", "summary": "s", "labels": {}, "unscored": "f"}', "'unscored' must be a list"),
    ("[1]", "expected a JSON object"),
])
def test_bad_lines_name_the_field(line, message):
    with pytest.raises(DataError, match=message):
        parse_labelled(line, "line 1")


def test_the_format_is_told_apart_from_the_realsumm_one():
    assert is_threeway_line(_line("a", "s", {}))
    assert not is_threeway_line(json.dumps({"doc_id": "d", "system": "s", "summary": "", "keyfacts": [], "labels": []}))
    assert not is_threeway_line("{broken")


def test_bench_meta_eval_reads_three_way_labels_against_the_packaged_checklist(tmp_path):
    path = tmp_path / "event.jsonl"
    path.write_text(json.dumps({
        "task": "event-nato-russia-2011-12-08", "id": "mine", "labels": {"no-agreement": "S"}, "unscored": [],
        "summary": "The foreign ministers met on Thursday and talked about the weather.",
    }) + "\n")
    result = CliRunner().invoke(cli, ["meta-eval", "--data", str(path), "--focus", "no-agreement", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cases"] == 1 and report["judge"] == "align@9"
    assert [f["fact"] for f in report["focus"]] == ["no-agreement"]
    assert {"case": "mine", "fact": "no-agreement", "label": "S", "verdict": "M", "evidence": None} in report["errors"]
    table = CliRunner().invoke(cli, ["meta-eval", "--data", str(path)])
    assert "stated vs not, balanced accuracy" in table.stdout and "disagreements" in table.stdout


def test_bench_meta_eval_unknown_task_is_one_line(tmp_path):
    path = tmp_path / "event.jsonl"
    path.write_text(json.dumps({"task": "nope", "id": "x", "summary": "s", "labels": {}}) + "\n")
    result = CliRunner().invoke(cli, ["meta-eval", "--data", str(path)])
    assert result.exit_code != 0
    assert "task 'nope' is not in the dataset" in result.output and "Traceback" not in result.output


def test_judge_lines_take_one_wording_list_per_fact():
    line = json.dumps({"id": "a", "summary": "s", "keyfacts": ["f", "g"], "wordings": [["f2"], []]})
    assert parse_judge_line(line, 1).wordings == (("f2",), ())
    bad = json.dumps({"id": "a", "summary": "s", "keyfacts": ["f", "g"], "wordings": [["f2"]]})
    with pytest.raises(DataError, match="field 'wordings' must hold one list of strings per key fact"):
        parse_judge_line(bad, 1)


def test_bench_judge_states_a_fact_through_a_wording():
    fact = "Elena Novak said the strike would cost the airline millions"
    summary = "The government's chief mediator said the strike would cost the airline millions."
    line = {"id": "w", "summary": summary, "keyfacts": [fact]}
    without = CliRunner().invoke(cli, ["judge"], input=json.dumps(line) + "\n")
    line["wordings"] = [["The government's chief mediator said the strike would cost the airline millions"]]
    with_wording = CliRunner().invoke(cli, ["judge"], input=json.dumps(line) + "\n")
    assert json.loads(without.stdout)["verdicts"] == ["missing"]
    assert json.loads(with_wording.stdout)["verdicts"] == ["stated"]


def test_bench_meta_eval_three_way_line_not_utf8_is_one_line(tmp_path):
    path = tmp_path / "event.jsonl"
    good = _line("a", "Pay talks.", {}).replace("toy-pay", "event-nato-russia-2011-12-08").encode()
    path.write_bytes(good + b"\n" + good.replace(b"Pay talks.", b"caf\xe9") + b"\n")
    result = CliRunner().invoke(cli, ["meta-eval", "--data", str(path)])
    assert result.exit_code != 0
    assert "event.jsonl line 2: not UTF-8 text" in result.output and "Traceback" not in result.output
