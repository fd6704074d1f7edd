"""The default judge on the project's own labelled cases about the seed event (tests/data/judge_cases.yaml)."""

from pathlib import Path

import pytest
import yaml

from benchmark.scoring.facts.align import AlignJudge, load_params
from benchmark.scoring.facts.features import FEATURE_NAMES
from benchmark.scoring.facts.numbers import numbers_in, normalize
from benchmark.types import Failed, JudgeItem

CASES = yaml.safe_load((Path(__file__).parent / "data" / "judge_cases.yaml").read_text(encoding="utf-8"))


def _cases(section):
    return [pytest.param(c, id=c["fact"][:40]) for c in CASES[section]]


@pytest.fixture(scope="module")
def judge():
    return AlignJudge(None, {})


def _verdict(judge, case):
    probes = (tuple(case.get("probes", ())),)
    [out] = judge.judge([JudgeItem("case", case["summary"], (case["fact"],), probes)])
    assert not isinstance(out, Failed)
    [v] = out
    assert 0.0 <= v.score <= 1.0
    return v


@pytest.mark.parametrize("case", _cases("stated"))
def test_paraphrases_are_stated_with_evidence(judge, case):
    v = _verdict(judge, case)
    assert v.label == "stated"
    assert v.evidence is not None and v.evidence in case["summary"]


@pytest.mark.parametrize("case", _cases("contradicted"))
def test_changed_numbers_negations_roles_and_probes_are_contradicted(judge, case):
    v = _verdict(judge, case)
    assert v.label == "contradicted"
    assert v.score == 0.0
    assert v.evidence is not None and v.evidence in case["summary"]


@pytest.mark.parametrize("case", _cases("missing"))
def test_unrelated_summaries_leave_the_fact_missing(judge, case):
    v = _verdict(judge, case)
    assert v.label == "missing"
    assert v.evidence is None


@pytest.mark.parametrize("case", _cases("not_stated"))
def test_lexical_overlap_is_not_stating(judge, case):
    assert _verdict(judge, case).label != "stated"


@pytest.mark.parametrize("case", _cases("synonym_gap"))
def test_synonym_paraphrase_is_never_contradicted(judge, case):
    assert _verdict(judge, case).label != "contradicted"


def test_one_verdict_per_fact_in_order_and_deterministic(judge):
    item = JudgeItem(
        "seed",
        "NATO and Russia failed to resolve a rift over missile defence. About 1,000 people were arrested.",
        ("Around a thousand people were arrested.", "Hillary Clinton visited Moscow.", "NATO and Russia failed to resolve a rift."),
    )
    first = judge.judge([item, item])
    assert first == judge.judge([item, item])
    assert [v.label for v in first[0]] == ["stated", "missing", "stated"]
    assert first[0][0].evidence == "About 1,000 people were arrested."


def test_probe_lists_must_match_the_facts(judge):
    [out] = judge.judge([JudgeItem("bad", "Some text.", ("a fact", "another"), (("probe",),))])
    assert isinstance(out, Failed) and "one list" in out.error


def test_contradiction_checks_can_be_switched_off():
    j = AlignJudge(None, {"contradictions": "false"})
    [out] = j.judge([JudgeItem("x", "Around 5,000 people were detained.", ("Around 1,000 people were detained.",))])
    assert out[0].label != "contradicted"
    assert j.spec().options["contradictions"] is False


def test_numbers_are_normalised():
    assert numbers_in("a thousand people") == numbers_in("1,000 people") == ("1000",)
    assert numbers_in("1.5 million dollars") == ("1500000",)
    assert numbers_in("twenty thousand") == ("20000",)
    assert "one of the" in normalize("one of the sides")


def test_shipped_params_cover_every_feature_and_record_provenance():
    params = load_params()
    assert len(params.weights) == len(FEATURE_NAMES)
    assert 0.0 < params.threshold < 1.0
    for key in ("data", "data_sha256", "fitted", "command"):
        assert params.provenance.get(key)


def test_signature_shows_options_that_change_verdicts():
    assert AlignJudge(None, {}).signature() == "align@3"
    assert AlignJudge(None, {"threshold": "0.7"}).signature() == "align@3(threshold=0.7)"


def test_score_is_a_probability_that_rises_with_overlap_and_falls_with_list_position(judge):
    summary = (
        "NATO and Russia failed to resolve their row over the missile shield on Thursday. "
        "About 1,000 people were arrested in three days of protests against the election results. "
        "Putin accused the United States of stirring up the protests."
    )
    facts = ("NATO and Russia failed to resolve their row over the missile shield.",
             "NATO and Russia failed to resolve their row over a missile shield in Europe.",
             "Hillary Clinton visited Lithuania.")
    [first] = judge.judge([JudgeItem("a", summary, facts)])
    assert first[0].score > first[1].score > first[2].score
    assert [v.label for v in first] == ["stated", "stated", "missing"]
    # the same fact listed last among many is judged less likely to be stated (people find early facts more often)
    later = ("Hillary Clinton visited Lithuania.",) * 9 + (facts[1],)
    [second] = judge.judge([JudgeItem("b", summary, later)])
    assert 0.0 < second[-1].score < first[1].score < 1.0


@pytest.mark.parametrize("case", _cases("not_contradicted"))
def test_what_a_sentence_states_is_not_a_contradiction(judge, case):
    assert _verdict(judge, case).label != "contradicted"
