"""The contradiction rules of the default judge, one behaviour at a time (benchmark/judges/align/contradiction.py, quantities.py, roles.py)."""

import pytest

from benchmark.judges.align.judge import AlignJudge
from benchmark.judges.align.contradiction import probe_conflict
from benchmark.judges.align.negation import negation_conflict, opposite_conflict
from benchmark.judges.align.quantities import number_conflict
from benchmark.judges.align.roles import role_conflict
from benchmark.judges.align.lexicon import analyse
from benchmark.types import JudgeItem


def _a(text):
    return analyse(text)


def test_clauses_split_at_punctuation_and_contrast_words_but_not_at_abbreviations():
    a = _a("NATO and Russia failed to resolve a rift on Nov. 26, but agreed to keep talking.")
    by_token = dict(zip(a.tokens, a.clauses))
    assert by_token["nato"] == by_token["rift"] == by_token["26"]
    assert by_token["agreed"] == by_token["talking"] != by_token["rift"]
    assert dict(zip(a.tokens, a.caps))["nato"] and not dict(zip(a.tokens, a.caps))["rift"]


@pytest.mark.parametrize(
    "fact, sentence",
    [
        ("NATO and Russia did not reach an agreement on missile defence.", "NATO and Russia reached agreement on missile defence."),
        ("Clinton said NATO was ready to share data with Russia.", "Clinton said NATO was not ready to share data with Russia."),
    ],
)
def test_negation_needs_the_governed_word_with_the_other_polarity(fact, sentence):
    assert negation_conflict(_a(fact), _a(sentence)).kind == "negation"


@pytest.mark.parametrize(
    "fact, sentence",
    [
        # both negative: "failed to resolve" and "did not reach" say the same
        ("NATO and Russia did not reach an agreement on missile defence.",
         "NATO and Russia failed to reach agreement on missile defence on Thursday but agreed to keep talking."),
        # the negation belongs to another clause
        ("NATO and Russia will keep talking about missile defence.",
         "NATO and Russia failed to reach agreement on missile defence but agreed to keep talking."),
        # "aimed at reaching" wishes, it does not affirm
        ("NATO and Russia did not reach an agreement.", "They agreed to press on with talks aimed at reaching an agreement."),
        # "deadlocked" is a negative predicate
        ("NATO and Russia did not reach an agreement.", "NATO and Russia remain deadlocked, and no agreement was reached."),
        # the same verb in another sense, in a clause with none of the fact's other words
        ("NATO says the missile shield is not aimed at Russia.",
         "NATO and Russia failed to resolve a rift but agreed to press on with negotiations aimed at reaching a deal."),
    ],
)
def test_negation_is_not_read_into_agreeing_or_unrelated_clauses(fact, sentence):
    assert negation_conflict(_a(fact), _a(sentence)) is None


def test_opposite_outcome_needs_the_other_side_and_the_fact_content():
    fact = _a("NATO and Russia will keep talking about missile defence.")
    assert opposite_conflict(fact, _a("NATO and Russia walked away from the missile defence talks for good.")).kind == "opposite"
    assert opposite_conflict(fact, _a("NATO and Russia did not stop talking about missile defence.")) is None
    assert opposite_conflict(fact, _a("The protests in Moscow ended on Sunday.")) is None


@pytest.mark.parametrize(
    "fact, sentence, conflict",
    [
        ("Around 1,000 people were detained.", "Around 5,000 people have been detained.", True),
        ("More than 20,000 people pledged to attend.", "More than 2,000 people pledged to attend.", True),
        ("A strike on Nov. 26 killed 24 soldiers.", "A strike on Nov. 27 killed 24 soldiers.", True),
        ("More than 20,000 people pledged to attend.", "In all, 25,000 people pledged to attend.", False),
        ("Around 1,000 people were detained.", "1,050 people were detained.", False),
        ("Austin scored 20 minutes later.", "Austin headed in a second goal on the 35th minute.", False),
        ("Around 1,000 people were detained in three days.", "Police detained 1,000 people in four cities.", False),
    ],
)
def test_numbers_conflict_only_for_the_same_counted_thing(fact, sentence, conflict):
    found = number_conflict(_a(fact), _a(sentence))
    assert (found is not None) == conflict, found


def test_roles_swap_around_a_shared_verb_and_between_nouns():
    fact = _a("Putin accused the United States of stirring up controversy over the polls.")
    assert role_conflict(fact, _a("The United States accused Putin of stirring up controversy over the polls.")).kind == "roles"
    assert role_conflict(fact, _a("Putin was accused by the United States of stirring up controversy.")).kind == "roles"
    assert role_conflict(fact, _a("The United States was accused by Putin of stirring up controversy.")) is None
    strike = _a("A U.S. air strike on Nov. 26 killed 24 Pakistani soldiers.")
    assert role_conflict(strike, _a("A Pakistani air strike on Nov. 26 killed 24 U.S. soldiers.")).kind == "roles"
    assert role_conflict(strike, _a("Pakistan shut its border after a U.S. air strike that killed 24 Pakistani soldiers.")) is None


FACT = "Anders Fogh Rasmussen is the Secretary General of NATO"
PROBE = "Anders Fogh Rasmussen is Russia's foreign minister"


def test_a_probe_is_stated_by_its_distinctive_words_in_their_own_context():
    fact, probe = _a(FACT), _a(PROBE)
    assert probe_conflict(fact, probe, _a("Anders Fogh Rasmussen is Russia's foreign minister."), 0.5)
    # "foreign ministers" occurs, but about other people, in another clause
    sentence = _a("After talks between NATO foreign ministers and Russian Foreign Minister Sergei Lavrov, "
                  "NATO Secretary General Anders Fogh Rasmussen said the sides did not agree.")
    assert probe_conflict(fact, probe, sentence, 0.5) is None


def test_a_probe_that_differs_only_in_negation_is_decided_by_the_governed_word():
    fact = _a("NATO and Russia did not reach an agreement on missile defence")
    probe = _a("NATO and Russia reached an agreement on missile defence")
    assert probe_conflict(fact, probe, _a("NATO and Russia reached an agreement on missile defence on Thursday."), 0.5)
    assert probe_conflict(fact, probe, _a("NATO and Russia failed to reach agreement on missile defence."), 0.5) is None
    # a sentence that never says "reach" takes no side
    assert probe_conflict(fact, probe, _a("NATO and Russia remain deadlocked; time is running out for an agreement on missile defence."), 0.5) is None


def test_the_judge_reports_the_conflicting_sentence_as_evidence():
    judge = AlignJudge(None, {})
    summary = "Talks were held in Brussels. A Pakistani air strike on Nov. 26 killed 24 U.S. soldiers."
    [out] = judge.judge([JudgeItem("x", summary, ("A U.S. air strike on Nov. 26 killed 24 Pakistani soldiers.",))])
    assert out[0].label == "contradicted"
    assert out[0].evidence == "A Pakistani air strike on Nov. 26 killed 24 U.S. soldiers."
