import pytest

from benchmark.errors import BenchError
from benchmark.scoring.coverage import fact_scores
from benchmark.types import KeyFact, Verdict


def _facts(*weights):
    return [KeyFact(id=f"f{i}", text=f"fact {i}", weight=w) for i, w in enumerate(weights)]


def test_weighted_coverage_core_and_contradiction_by_hand():
    facts = _facts(3, 3, 2, 1)  # total weight 9, core weight 6
    verdicts = [
        Verdict("stated", 0.9, "s1"),
        Verdict("contradicted", 0.0, "s2"),
        Verdict("stated", 0.7, "s1"),
        Verdict("missing", 0.1, None),
    ]
    s = fact_scores(facts, verdicts)
    assert s.fact_coverage == pytest.approx((3 + 2) / 9)
    assert s.core_fact_coverage == pytest.approx(3 / 6)
    assert s.contradiction_rate == pytest.approx(3 / 9)
    assert (s.stated, s.missing, s.contradicted) == (2, 1, 1)
    assert [r.id for r in s.per_fact] == ["f0", "f1", "f2", "f3"]
    d = s.to_dict()
    assert d["per_fact"][1] == {"id": "f1", "weight": 3, "label": "contradicted", "score": 0.0, "evidence": "s2",
                              "text": "fact 1"}


def test_no_core_facts_gives_none_and_no_facts_gives_none_everywhere():
    s = fact_scores(_facts(2, 1), [Verdict("stated", 1.0, "x"), Verdict("missing", 0.0, None)])
    assert s.core_fact_coverage is None
    assert s.fact_coverage == pytest.approx(2 / 3)
    empty = fact_scores([], [])
    assert (empty.fact_coverage, empty.core_fact_coverage, empty.contradiction_rate) == (None, None, None)


def test_verdict_count_must_match():
    with pytest.raises(BenchError, match="one verdict per fact"):
        fact_scores(_facts(3, 2), [Verdict("stated", 1.0, "x")])
