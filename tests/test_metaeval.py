"""Meta-evaluation arithmetic on tiny hand-worked examples, and the file reader's errors."""

import json
import math

import numpy as np
import pytest

from benchmark.errors import DataError
from benchmark.judges.metaeval import (
    MetaEvalRow,
    evaluate_scorer,
    fact_agreement,
    load_rows,
    meta_evaluate,
    per_document_correlations,
    predicted_coverage,
    system_correlations,
)
from benchmark.judges.align.judge import AlignJudge
from benchmark.types import Verdict


def test_fact_agreement_by_hand():
    # labels 1 1 1 0 0 ; predictions 1 1 0 1 0 -> tp 2, fn 1, fp 1, tn 1
    ba, f1, p, r = fact_agreement([1, 1, 1, 0, 0], [1, 1, 0, 1, 0])
    assert r == pytest.approx(2 / 3)
    assert p == pytest.approx(2 / 3)
    assert ba == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))


def test_recall_is_nan_without_positive_labels():
    ba, f1, p, r = fact_agreement([0, 0], [0, 1])
    assert math.isnan(r) and math.isnan(ba)


def test_per_document_correlation_and_skipped_constant_documents():
    pred = np.array([[0.1, 0.5, 0.9], [0.2, 0.2, 0.2], [0.3, 0.1, np.nan]])
    human = np.array([[0.0, 0.5, 1.0], [0.1, 0.4, 0.9], [0.2, 0.4, 0.6]])
    out = per_document_correlations(pred, human)
    assert out[0, 0] == pytest.approx(1.0) and out[0, 1] == pytest.approx(1.0)
    assert np.isnan(out[1]).all()  # constant predictions: no correlation
    assert out[2, 0] == pytest.approx(-1.0)  # two systems left, in opposite order
    assert out[2, 1] == pytest.approx(-1.0)


def test_system_level_kendall_of_mean_coverage():
    # system means: predicted (0.2, 0.4, 0.6); human (0.1, 0.5, 0.3) -> pairs concordant 2 of 3
    pred = np.array([[0.1, 0.3, 0.5], [0.3, 0.5, 0.7]])
    human = np.array([[0.0, 0.6, 0.2], [0.2, 0.4, 0.4]])
    tau, r = system_correlations(pred, human)
    assert tau == pytest.approx(1 / 3)
    assert r == pytest.approx(np.corrcoef([0.2, 0.4, 0.6], [0.1, 0.5, 0.3])[0, 1])


def _rows():
    rows = []
    # doc A: system order by human coverage s1 < s2 < s3; doc B: the same facts constant for humans
    labels = {"A": {"s1": (0, 0), "s2": (1, 0), "s3": (1, 1)}, "B": {"s1": (1, 0), "s2": (1, 0), "s3": (1, 0)}}
    for doc, systems in labels.items():
        for system, lab in systems.items():
            rows.append(MetaEvalRow(doc, system, f"{doc} {system}", ("fact one", "fact two"), lab, None))
    return rows


def test_evaluate_scorer_averages_documents_and_counts_skips():
    rows = _rows()
    coverage = [0.0, 0.5, 1.0, 0.5, 0.0, 1.0]
    preds = [[0, 0], [1, 0], [1, 1], [1, 0], [0, 0], [1, 1]]
    rep = evaluate_scorer("toy", rows, coverage, preds, seed=0, bootstrap=50)
    assert rep.documents_used == 1 and rep.documents_skipped == 1  # doc B: constant human coverage
    assert rep.summary_pearson.value == pytest.approx(1.0)
    assert rep.summary_kendall.value == pytest.approx(1.0)
    # facts: doc A all right (tp 3, tn 3); doc B tp 2, fn 1, fp 1, tn 2
    assert rep.fact.balanced_accuracy.value == pytest.approx(round(((5 / 6) + (5 / 6)) / 2, 4))
    assert rep.fact.pairs == 12


def test_bootstrap_is_deterministic_for_a_seed_and_moves_with_it():
    rows = _rows()
    coverage = [0.0, 0.5, 1.0, 0.5, 0.0, 1.0]
    preds = [[0, 0], [1, 0], [1, 1], [1, 0], [0, 0], [1, 1]]
    a = evaluate_scorer("toy", rows, coverage, preds, seed=3, bootstrap=200)
    b = evaluate_scorer("toy", rows, coverage, preds, seed=3, bootstrap=200)
    assert a == b
    assert a.fact.balanced_accuracy.low <= a.fact.balanced_accuracy.value <= a.fact.balanced_accuracy.high


def _write(tmp_path, lines):
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2: not valid JSON"),
        ({"doc_id": "d", "system": "s", "summary": "x", "keyfacts": ["a"]}, "line 2: missing field 'labels'"),
        ({"doc_id": "d", "system": "s", "summary": "x", "keyfacts": ["a"], "labels": [2]}, "'labels' must be a list of 0 or 1"),
        ({"doc_id": "d", "system": "s", "summary": "x", "keyfacts": ["a", "b"], "labels": [1]}, "1 entries for 2 keyfacts"),
    ],
)
def test_malformed_lines_name_line_and_field(tmp_path, line, message):
    good = {"doc_id": "d", "system": "s", "summary": "x", "keyfacts": ["a"], "labels": [1]}
    with pytest.raises(DataError, match=message):
        load_rows(_write(tmp_path, [good, line]))


def test_meta_evaluate_end_to_end_with_the_real_judge_and_rouge_baselines(tmp_path):
    facts = ["About 1,000 people were arrested in the protests.", "NATO and Russia will keep talking."]
    ref = "Around 1,000 people were arrested in protests. NATO and Russia will keep talking."
    summaries = {
        "full": ("About 1,000 people were arrested in the protests. NATO and Russia will keep talking.", [1, 1]),
        "half": ("About 1,000 people were arrested in the protests.", [1, 0]),
        "none": ("Putin spoke on television.", [0, 0]),
    }
    lines = [
        {"doc_id": doc, "system": name, "summary": text, "keyfacts": facts, "labels": lab, "reference": ref}
        for doc in ("d1", "d2")
        for name, (text, lab) in summaries.items()
    ]
    rows = load_rows(_write(tmp_path, lines))
    report = meta_evaluate(AlignJudge(None, {}), rows, seed=0, bootstrap=20)
    judge, binary, r1, r2 = report.scorers
    assert judge.name == "align@9"
    assert judge.fact.balanced_accuracy.value == pytest.approx(1.0)
    # coverage = mean score: the ranking is exact, the spacing follows the judge's probabilities
    assert judge.summary_kendall.value == pytest.approx(1.0)
    assert judge.summary_pearson.value > 0.95
    assert judge.system_kendall.value == pytest.approx(1.0)
    # the same verdicts as a share of stated facts reproduce the human coverage exactly
    assert binary.name == "align@9 [stated share]" and binary.fact is None
    assert binary.summary_pearson.value == pytest.approx(1.0)
    assert report.coverage == "score"
    assert (r1.name, r2.name) == ("rouge1_recall", "rouge2_recall")
    assert r1.fact is None and r1.summary_kendall.value == pytest.approx(1.0)
    assert report.to_dict()["seed"] == 0


def test_predicted_coverage_is_mean_score_with_contradictions_at_zero():
    verdicts = [Verdict("stated", 0.9, "a"), Verdict("missing", 0.3, None), Verdict("contradicted", 0.0, "b")]
    assert predicted_coverage(verdicts) == pytest.approx((0.9 + 0.3 + 0.0) / 3)
    assert predicted_coverage(verdicts, "stated") == pytest.approx(1 / 3)
    assert predicted_coverage([]) is None
    with pytest.raises(DataError, match="use one of: score, stated"):
        predicted_coverage(verdicts, "weighted")


def test_meta_evaluate_can_put_the_stated_share_first(tmp_path):
    rows = [
        MetaEvalRow(doc, system, text, ("About 1,000 people were arrested.",), (lab,), None)
        for doc in ("d1", "d2")
        for system, text, lab in (("yes", "About 1,000 people were arrested.", 1), ("no", "Putin spoke.", 0))
    ]
    report = meta_evaluate(AlignJudge(None, {}), rows, bootstrap=0, coverage="stated")
    assert [s.name for s in report.scorers] == ["align@9", "align@9 [mean score]"]
    assert report.coverage == "stated"
    with pytest.raises(DataError, match="unknown coverage definition"):
        meta_evaluate(AlignJudge(None, {}), rows, bootstrap=0, coverage="share")
