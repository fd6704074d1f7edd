"""The ``align`` judge's predicate gate (version 5): sharing a fact's actors and topic is not stating it."""

import pytest

from benchmark.judges.align.judge import AlignJudge
from benchmark.judges.align.lexicon import analyse
from benchmark.judges.align.predicate import GATE, Predicate, checklist_predicates, predicate_recall
from benchmark.types import JudgeItem

# a small news checklist written for this test, with one probe list per fact
FACTS = (
    "NATO and Russia did not reach an agreement on missile defence",
    "NATO and Russia will keep talking about missile defence",
    "Russian Foreign Minister Sergei Lavrov said NATO was not yet ready to cooperate on missile defence",
    "The NATO-Russia talks on missile defence were held at NATO headquarters in Brussels",
)
PROBES = (
    ("NATO and Russia reached an agreement on missile defence",),
    ("Talks between NATO and Russia on missile defence broke down for good",),
    ("Anders Fogh Rasmussen said Russia was not yet ready to cooperate on missile defence",),
    ("The NATO-Russia talks on missile defence were held in Moscow",),
)
# an article sentence of the seed event: it shares the actors of every fact but states only the first
ACTORS_ONLY = (
    "“On missile defence, we do not agree yet,” NATO Secretary General Anders Fogh Rasmussen said after talks "
    "between foreign ministers of the military alliance and Russian counterpart Sergei Lavrov."
)


@pytest.fixture(scope="module")
def judge():
    return AlignJudge(None, {})


@pytest.fixture(scope="module")
def predicates():
    return checklist_predicates([analyse(f) for f in FACTS], [[analyse(p) for p in ps] for ps in PROBES])


def _labels(judge, summary, probes=PROBES, facts=FACTS):
    [out] = judge.judge([JudgeItem("t", summary, facts, probes)])
    return [v.label for v in out]


def test_predicate_leaves_out_topic_words_opening_names_and_light_words(predicates):
    talks, lavrov, brussels = predicates[1], predicates[2], predicates[3]
    # "NATO", "Russia", "missile", "defence" and (in two of these four facts) "talks" are the checklist's
    # topic; "will" and "about" are light words
    assert set(talks.checklist_part) == {"continu"}
    # what the probe changes is the core of the predicate: "keep" (merged with "continue")
    assert [set(p) for p in talks.probe_parts] == [{"continu"}]
    # the speaker and his title open the fact: actors, not predicate
    assert set(lavrov.checklist_part) == {"readi", "cooper"}
    # a place only this fact names is part of what it says
    assert "brussel" in brussels.checklist_part and [set(p) for p in brussels.probe_parts] == [{"headquart", "brussel"}]


def test_predicate_recall_weighs_stems_and_accepts_variants_and_outcome_words():
    part = {"continu": 1.0, "talk": 3.0}
    assert predicate_recall(part, {"talk"}) == pytest.approx(0.75)
    assert predicate_recall(part, {"press", "talk"}) == 1.0  # "press on" is the same outcome as "keep"
    assert predicate_recall({}, set()) == 1.0
    assert Predicate({"continu": 1.0}, ()).passes({"continu"})
    assert not Predicate({"continu": 1.0}, ({"continu": 1.0},)).passes({"talk"}, GATE)
    # one probe told apart is enough
    assert Predicate({"a": 1.0, "b": 1.0}, ({"a": 1.0}, {"b": 1.0})).passes({"a"})


def test_actors_and_topic_without_the_predicate_do_not_state_a_fact(judge):
    labels = _labels(judge, ACTORS_ONLY)
    assert labels[0] == "stated"  # "we do not agree yet" is what the first fact says
    assert labels[1:] == ["missing", "missing", "missing"]


def test_the_predicate_in_other_words_still_states_the_fact(judge):
    summary = ("Talks between NATO and Russia on missile defence, held at NATO headquarters in Brussels, ended "
               "without agreement, but the two sides agreed to press on with negotiations.")
    assert [_labels(judge, summary)[k] for k in (1, 3)] == ["stated", "stated"]  # "press on" for "keep"
    ready = "Lavrov said NATO was not yet ready to cooperate with Russia on missile defence."
    assert _labels(judge, ready)[2] == "stated"


def test_gate_applies_only_to_items_with_probes_and_can_be_switched_off(judge):
    # without the outcome check of version 6 (which needs no probes), version 4's verdicts: the gate needs
    # probes to run
    words_only = AlignJudge(None, {"meaning": "false"})
    no_probes = _labels(words_only, ACTORS_ONLY, probes=())
    assert no_probes[1:3] == ["stated", "stated"]
    off = AlignJudge(None, {"predicate_gate": "false", "meaning": "false"})
    assert _labels(off, ACTORS_ONLY) == no_probes
    assert off.signature() == "align@9(meaning=False,predicate_gate=False)"
    # with it, "will keep talking" is not stated by a summary that says nothing of further talks
    assert _labels(judge, ACTORS_ONLY, probes=())[1] == "missing"


def test_a_gated_fact_scores_below_the_threshold_and_keeps_its_contradiction_checks(judge):
    [out] = judge.judge([JudgeItem("t", ACTORS_ONLY, FACTS, PROBES)])
    assert all(v.score < judge.params.threshold for v in out[1:])
    assert all(v.label == "missing" and v.evidence is None for v in out[1:])
    broke = "NATO and Russia broke off their missile defence talks for good."
    assert _labels(judge, broke)[1] == "contradicted"
