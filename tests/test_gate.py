"""The gate's comparison logic on hand-made records: metric directions and tolerance, bounds, lost and
contradicted facts, failed and missing tasks, signatures, and the baseline file round trip."""

from __future__ import annotations

import pytest

from benchmark.records.baseline import BaselineError, load_baseline, save_baseline
from benchmark.records.changes import CONTRADICTED, GAINED, LOST, RESOLVED
from benchmark.records.gate import GatePolicy, compare, metric_name, parse_bounds

from records_factory import SIGNATURE, fact, record, task

BASE_FACTS = (
    fact("no-agreement", "stated", 3, "They did not agree.", "NATO and Russia did not agree"),
    fact("talks-continue", "stated", 3, "Talks go on."),
    fact("detail", "stated", 1, "A detail."),
    fact("venue", "missing", 2),
)


def baseline(**values):
    return record([task("t1", BASE_FACTS, rouge1_f=0.40, **values)], source="baseline")


def current(facts=BASE_FACTS, **values):
    values.setdefault("rouge1_f", 0.40)
    return record([task("t1", facts, **values)], source="current")


def replaced(fact_id, label, evidence=None):
    return tuple(fact(f.id, label, f.weight, evidence, f.text) if f.id == fact_id else f for f in BASE_FACTS)


def test_an_identical_run_passes_with_no_changes():
    outcome = compare(current(), baseline())
    assert outcome.ok and outcome.problems == [] and outcome.changes == ()
    assert {m.metric for m in outcome.metrics} >= {"fact_coverage", "rouge1_f", "contradiction_rate"}
    assert "no fact changed its verdict" in outcome.report()


def test_losing_a_core_fact_fails_and_losing_a_detail_is_only_reported():
    core = compare(current(replaced("talks-continue", "missing")), baseline(), GatePolicy(tolerance=1.0))
    assert [c.kind for c in core.changes] == [LOST]
    assert core.problems == ["t1: fact 'talks-continue' lost (weight 3)"]
    detail = compare(current(replaced("detail", "missing")), baseline(), GatePolicy(tolerance=1.0))
    assert [c.kind for c in detail.changes] == [LOST] and detail.ok
    assert "lost" in detail.report() and "LOST" not in detail.report()
    strict = compare(current(replaced("detail", "missing")), baseline(), GatePolicy(tolerance=1.0, fail_on_lost_weight=1))
    assert not strict.ok


def test_a_new_contradiction_fails_unless_allowed_and_names_the_sentence():
    now = current(replaced("no-agreement", "contradicted", "They reached an agreement."))
    outcome = compare(now, baseline(), GatePolicy(tolerance=1.0))
    assert [c.kind for c in outcome.changes] == [CONTRADICTED]
    assert outcome.problems == ["t1: fact 'no-agreement' newly contradicted"]
    report = outcome.report()
    assert "“They reached an agreement.”" in report and "NATO and Russia did not agree" in report
    assert compare(now, baseline(), GatePolicy(tolerance=1.0, fail_on_contradiction=False)).ok


def test_gains_and_resolved_contradictions_never_fail():
    before = record([task("t1", replaced("no-agreement", "contradicted", "x"), rouge1_f=0.4)])
    now = tuple(fact(f.id, "stated", f.weight, "s") if f.id == "venue" else f for f in replaced("no-agreement", "missing"))
    outcome = compare(current(now), before, GatePolicy(tolerance=1.0))
    assert sorted(c.kind for c in outcome.changes) == sorted([GAINED, RESOLVED]) and outcome.ok


def test_metric_directions_and_the_tolerance_edge():
    assert compare(current(rouge1_f=0.38), baseline(), GatePolicy(tolerance=0.02)).ok  # exactly the tolerance
    dropped = compare(current(rouge1_f=0.3799), baseline(), GatePolicy(tolerance=0.02))
    assert dropped.problems == ["rouge1_f dropped from 0.4000 to 0.3799 (-0.0201, tolerance 0.02)"]
    assert compare(current(rouge1_f=0.9), baseline(), GatePolicy(tolerance=0.0)).ok  # better is never worse
    # contradiction_rate: lower is better, so a rise fails and a fall passes
    worse = compare(current(contradiction_rate=0.5), baseline(contradiction_rate=0.1), GatePolicy(tolerance=0.02))
    assert any(p.startswith("contradiction_rate rose from 0.1000 to 0.5000") for p in worse.problems)
    assert compare(current(contradiction_rate=0.0), baseline(contradiction_rate=0.1)).ok


def test_bounds_apply_without_a_baseline_and_a_missing_value_fails():
    policy = GatePolicy(minimums=parse_bounds(["rouge1=0.5"], "--min"), maximums={"contradiction_rate": 0.0})
    outcome = compare(current(), None, policy)
    assert outcome.problems == ["rouge1_f is 0.4000, required >= 0.5"]
    no_value = compare(record([task("t1", (), rouge1_f=0.4)]), None, GatePolicy(minimums={"fact_coverage": 0.1}))
    assert no_value.problems == ["fact_coverage is no value, required >= 0.1"]


def test_a_task_that_fails_now_or_is_missing_fails_the_gate():
    failed = record([task("t1", (), error="model server timed out", summary=None, rouge1_f=0.0)])
    outcome = compare(failed, baseline(), GatePolicy(tolerance=1.0, fail_on_lost_weight=None))
    assert "t1: the summarizer failed (model server timed out); the baseline did not" in outcome.problems
    missing = compare(record([task("t2", BASE_FACTS, rouge1_f=0.4)]), baseline(), GatePolicy(tolerance=1.0))
    assert "t1: in the baseline but not in this run" in missing.problems


def test_signature_mismatch_is_refused_unless_allowed():
    other = record([task("t1", BASE_FACTS, rouge1_f=0.4)], signature=SIGNATURE.replace("porter", "none"))
    with pytest.raises(BaselineError, match="stem: baseline porter vs current none"):
        compare(other, baseline())
    allowed = compare(other, baseline(), GatePolicy(allow_signature_change=True))
    assert allowed.ok and "signatures differ" in allowed.signature_note


def test_metric_names_and_bad_policies_are_refused_clearly():
    assert metric_name("rouge1") == "rouge1_f" and metric_name("fact_coverage") == "fact_coverage"
    with pytest.raises(BaselineError, match="unknown metric 'rouge9'"):
        metric_name("rouge9")
    with pytest.raises(BaselineError, match="is not METRIC=VALUE"):
        parse_bounds(["rouge1"], "--min")
    with pytest.raises(BaselineError, match="must be a number >= 0"):
        GatePolicy(tolerance=float("nan"))


def test_a_baseline_file_round_trips_and_gates_like_the_record(tmp_path):
    base = baseline()
    path = save_baseline(base, tmp_path / "base.json")
    loaded = load_baseline(path)
    assert loaded.signature == base.signature and loaded.model == base.model
    assert loaded.tasks[0].facts == base.tasks[0].facts and loaded.tasks[0].summary == base.tasks[0].summary
    assert loaded.means() == base.means()
    now = current(replaced("talks-continue", "missing"))
    assert compare(now, loaded).problems == compare(now, base).problems
