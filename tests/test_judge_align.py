"""The default judge on the project's own labelled cases about the seed event (tests/data/judge_cases.yaml)."""

from pathlib import Path

import pytest
import yaml

from benchmark.judges.align.judge import AlignJudge, load_params
from benchmark.judges.align.features import FEATURE_NAMES
from benchmark.judges.align.numbers import numbers_in, normalize
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
    assert numbers_in("two dozen soldiers") == numbers_in("24 soldiers") == ("24",)
    assert numbers_in("a dozen eggs") == ("12",)


def test_shipped_params_cover_every_feature_and_record_provenance():
    params = load_params()
    assert len(params.weights) == len(FEATURE_NAMES)
    assert 0.0 < params.threshold < 1.0
    for key in ("data", "data_sha256", "fitted", "command"):
        assert params.provenance.get(key)


# The fitted numbers each judge version ships with: weights that change under the same version would
# change scores under the same signature. Refitting means a new version (and a new line here).
PARAMS_BY_VERSION = {"7": "5c6749c0c6a1a596", "8": "5c6749c0c6a1a596", "9": "5c6749c0c6a1a596"}


def test_the_fitted_params_belong_to_the_judge_version_in_the_signature():
    import hashlib
    import json

    from benchmark.judges.align.judge import PARAMS_FILE

    shipped = json.loads((Path(__file__).parent.parent / "benchmark/judges/align" / PARAMS_FILE).read_text())
    core = {k: v for k, v in shipped.items() if k != "provenance"}
    digest = hashlib.sha256(json.dumps(core, sort_keys=True).encode()).hexdigest()[:16]
    assert shipped["provenance"]["judge_version"] == AlignJudge.version
    assert PARAMS_BY_VERSION.get(AlignJudge.version) == digest, (
        f"align_params.json changed under align@{AlignJudge.version}: bump AlignJudge.version, record "
        f"{digest} for it here, and regenerate the golden scores and results"
    )


def test_signature_shows_options_that_change_verdicts():
    assert AlignJudge(None, {}).signature() == "align@9"
    assert AlignJudge(None, {"threshold": "0.7"}).signature() == "align@9(threshold=0.7)"
    assert AlignJudge(None, {"predicate_gate": "true"}).signature() == "align@9"
    assert AlignJudge(None, {"predicate_gate": "false"}).signature() == "align@9(predicate_gate=False)"
    assert AlignJudge(None, {"meaning": "false"}).signature() == "align@9(meaning=False)"


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


def _checklist_cases():
    return [pytest.param(c, id=f"{c['task'][:12]}:{c['summary'][:30]}") for c in CASES["in_checklist"]]


@pytest.fixture(scope="module")
def tasks():
    from benchmark.data.load import load_tasks

    return {t.id: t for t in load_tasks(None, "all").tasks}


@pytest.mark.parametrize("case", _checklist_cases())
def test_topic_words_shared_by_the_checklist_do_not_state_a_fact(judge, tasks, case):
    task = tasks[case["task"]]
    item = JudgeItem(
        task.id, case["summary"], tuple(k.text for k in task.keyfacts), tuple(tuple(k.probes) for k in task.keyfacts)
    )
    [out] = judge.judge([item])
    labels = {k.id: v.label for k, v in zip(task.keyfacts, out)}
    named = case["stated"] + case["not_stated"]
    assert set(named) <= set(labels), f"unknown fact ids: {set(named) - set(labels)}"
    assert {f: labels[f] for f in case["stated"]} == {f: "stated" for f in case["stated"]}
    assert [f for f in case["not_stated"] if labels[f] == "stated"] == []
    assert "contradicted" not in labels.values()


def test_a_word_shared_by_every_fact_of_the_checklist_weighs_less_than_a_word_of_one_fact():
    from benchmark.judges.align.lexicon import analyse
    from benchmark.judges.align.topic import checklist_salience, salient

    facts = [analyse(t) for t in ("NATO met Russia in Brussels.", "NATO and Russia disagree.", "NATO invited Russia.")]
    salience = checklist_salience(facts)
    assert 0.0 < salience["nato"] < 1.0 and "brussel" not in salience
    first = salient(facts[0], salience)
    assert first.weights["nato"] < facts[0].weights["nato"]
    assert first.weights["brussel"] == facts[0].weights["brussel"]
    assert checklist_salience(facts[:1]) == {}  # a one-fact item keeps its plain rarity weights


def test_topic_words_alone_do_not_state_a_fact_of_a_topical_checklist(judge):
    facts = (
        "NATO and Russia will keep talking about missile defence.",
        "NATO and Russia did not reach an agreement on missile defence.",
        "The NATO-Russia talks on missile defence were held in Brussels.",
        "Russia wants a guarantee that the NATO missile shield is not aimed at Russia.",
    )
    summary = "NATO and Russia met for talks on missile defence on Thursday."
    words = AlignJudge(None, {"meaning": False})  # shared words only
    [alone] = words.judge([JudgeItem("one", summary, facts[2:3])])
    [among] = words.judge([JudgeItem("all", summary, facts)])
    # the same fact scores lower once the checklist shows NATO, Russia, missile and defence are the topic
    assert among[2].score < alone[0].score
    assert among[3].label == "missing"
    # and where the talks were held is the point of that fact: a summary that never names the city
    # does not state it, alone or among the others
    [alone], [among] = (judge.judge([JudgeItem(i, summary, fs)]) for i, fs in (("one", facts[2:3]), ("all", facts)))
    assert alone[0].label == among[2].label == among[3].label == "missing"


def test_word_variants_align(judge):
    from benchmark.judges.align.synonyms import canonical_stem

    assert canonical_stem("keep") == canonical_stem("continu") == "continu"
    assert canonical_stem("negoti") == canonical_stem("discuss") == canonical_stem("talk")
    assert canonical_stem("russian") == "russia" and canonical_stem("christian") == "christian"
    [out] = judge.judge([JudgeItem("v", "Discussions between NATO and Russia will continue.",
                                   ("NATO and Russia will keep talking.", "Brussels hosted the summit."))])
    assert [v.label for v in out] == ["stated", "missing"]


def test_only_a_single_short_sentence_counts_as_a_one_line_summary():
    from benchmark.judges.align.features import align
    from benchmark.judges.align.lexicon import analyse

    fact = analyse("The ferry company cancelled the evening crossing.")
    one = [analyse("The ferry company cancelled its evening crossing because of high winds.")]
    two = [analyse("The ferry company cancelled a crossing."), analyse("High winds were forecast.")]
    flag = FEATURE_NAMES.index("one_line")
    assert align(fact, one).features[flag] == 1.0
    # as short, but two sentences: an extract, read like the longer summaries
    assert align(fact, two).features[flag] == 0.0
