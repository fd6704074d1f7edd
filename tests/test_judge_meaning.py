"""align@9 on the failure groups of issue 10, with a toy checklist about another story (a pay dispute).

Every summary here was written for this file; the checklist, its probes and its accepted wordings are
the file's own, so these cases do not depend on the benchmark's checklists.
"""

import pytest

from benchmark.judges.align.judge import AlignJudge
from benchmark.judges.align.lexicon import analyse
from benchmark.judges.align.outcome import AGREEMENT, ATTITUDE, CONTINUATION, outcomes
from benchmark.types import Failed, JudgeItem

CHECKLIST = {
    "no-deal": (
        "Skyline Airways and the pilots' union did not reach an agreement on pay",
        ["Skyline Airways and the pilots' union reached an agreement on pay"],
        ["The airline and its pilots failed to agree on pay", "Skyline and the union are still far apart on wages"],
    ),
    "talks-go-on": (
        "Skyline Airways and the pilots' union will keep negotiating over pay",
        ["The pay talks between Skyline Airways and the pilots' union collapsed"],
        ["Pay talks between the airline and its pilots will go on"],
    ),
    "in-geneva": (
        "The talks between Skyline Airways and the pilots' union were held in Geneva",
        [],
        ["Skyline Airways and the pilots' union met in Geneva for their talks"],
    ),
    "mediator-cost": (
        "Elena Novak said the strike would cost the airline millions",
        [],
        ["The government's chief mediator said the strike would cost the airline millions"],
    ),
    "arrests-200": ("Police arrested around 200 striking workers at the airport", [], []),
    "minister-accuses": (
        "Transport Minister Paul Grant accused Skyline Airways of misleading passengers",
        [],
        [],
    ),
}
IDS = list(CHECKLIST)


@pytest.fixture(scope="module")
def judge():
    return AlignJudge(None, {})


def verdicts(judge, summary, *, wordings=True, probes=True):
    item = JudgeItem(
        "toy",
        summary,
        tuple(c[0] for c in CHECKLIST.values()),
        tuple(tuple(c[1]) for c in CHECKLIST.values()) if probes else (),
        tuple(tuple(c[2]) for c in CHECKLIST.values()) if wordings else (),
    )
    [out] = judge.judge([item])
    assert not isinstance(out, Failed)
    return {fid: v for fid, v in zip(IDS, out)}


def labels(judge, summary, **kw):
    return {fid: v.label for fid, v in verdicts(judge, summary, **kw).items()}


# -- correct paraphrases are stated -------------------------------------------------------------------

NO_DEAL_PARAPHRASES = [
    "Skyline Airways and the pilots' union ended another round of pay talks deadlocked.",
    "Pay talks between Skyline Airways and the pilots' union ended in stalemate on Friday.",
    "There was no breakthrough between Skyline Airways and the pilots' union over pay.",
    "Skyline Airways and the pilots' union broke up on Friday without a deal on pay.",
    "Skyline Airways and the pilots' union remain at odds over pay.",
    "Skyline Airways and the pilots' union made no headway on pay.",
    "Skyline Airways and the pilots' union remain divided over pay.",
    "The pay dispute between Skyline Airways and the pilots' union remains unresolved.",
    "Skyline Airways and the pilots' union could not agree on pay.",
    "Skyline Airways and the pilots' union failed to break the deadlock over pay.",
    "A pay agreement between Skyline Airways and the pilots' union remains elusive.",
    "Skyline Airways and the pilots' union found no common ground on pay.",
    "Skyline Airways and the pilots' union could not bridge their differences over pay.",
    "Skyline Airways and the pilots' union failed to overcome their differences on pay.",
    "Skyline Airways and the pilots' union remain worlds apart over pay.",
    "Skyline Airways and the pilots' union clashed over pay again.",
    "Skyline Airways and the pilots' union have yet to agree on pay.",
    "Pay talks between Skyline Airways and the pilots' union ended inconclusively.",
    "Skyline Airways and the pilots' union remain at loggerheads over pay.",
    "Skyline Airways and the pilots' union failed to see eye to eye on pay.",
]


@pytest.mark.parametrize("summary", NO_DEAL_PARAPHRASES)
def test_words_for_no_agreement_state_it(judge, summary):
    v = verdicts(judge, summary)["no-deal"]
    assert v.label == "stated" and v.evidence == summary


GO_ON_PARAPHRASES = [
    "Skyline Airways and the pilots' union promised to keep negotiating over pay.",
    "Negotiations between Skyline Airways and the pilots' union over pay would go on next week, officials said.",
    "Skyline Airways left the door open to more talks with the pilots' union on pay.",
    "Skyline Airways and the pilots' union did not stop talking about pay.",
    "Skyline Airways and the pilots' union will resume their pay discussions on Monday.",
    "Skyline Airways and the pilots' union will meet again to discuss pay.",
    "Skyline Airways and the pilots' union will hold another round of pay talks.",
    "Skyline Airways and the pilots' union failed to agree on pay but vowed to keep trying.",
    "Skyline Airways and the pilots' union agreed to keep the channel open on pay.",
    "Skyline Airways and the pilots' union will talk on about pay.",
    "Skyline Airways and the pilots' union plan further pay talks.",
    "Skyline Airways and the pilots' union agreed that pay negotiations should continue.",
]


@pytest.mark.parametrize("summary", [
    "Pay talks between Skyline Airways and the pilots' union ended in stalemate on Friday.",
    "The latest round of pay talks between Skyline Airways and the pilots' union ended without a deal.",
    "Skyline Airways and the pilots' union ended talks in Geneva without a deal on pay.",
    "Skyline Airways and the pilots' union came away from Friday's talks without a pay agreement.",
    "Pay talks between Skyline Airways and the pilots' union ended inconclusively.",
])
def test_how_a_round_of_talks_ended_does_not_say_the_talks_stop(judge, summary):
    assert labels(judge, summary)["talks-go-on"] != "contradicted"


@pytest.mark.parametrize("summary", GO_ON_PARAPHRASES)
def test_words_for_talks_going_on_state_it(judge, summary):
    assert labels(judge, summary)["talks-go-on"] == "stated"


@pytest.mark.parametrize("summary", [
    "Police detained around 200 striking workers at the airport.",
    "Around 200 striking workers were taken into custody by police at the airport.",
])
def test_other_words_for_an_arrest_state_it(judge, summary):
    assert labels(judge, summary)["arrests-200"] == "stated"


def test_a_role_in_an_accepted_wording_names_the_speaker(judge):
    summary = "The government's chief mediator said the strike would cost the airline millions."
    assert labels(judge, summary)["mediator-cost"] == "stated"
    # the fact's own text names her, not her role: without the wording the summary does not state it
    assert labels(judge, summary, wordings=False)["mediator-cost"] != "stated"


def test_a_wording_states_the_fact_and_is_named_as_evidence(judge):
    summary = "Skyline and the union are still far apart on wages."
    v = verdicts(judge, summary)["no-deal"]
    assert v.label == "stated" and v.evidence == summary


# -- polarity: the right side of an outcome ------------------------------------------------------------


def test_an_unresolved_dispute_is_not_a_contradiction_of_no_agreement(judge):
    summary = "The pay dispute between Skyline Airways and the pilots' union remains unresolved."
    assert labels(judge, summary, probes=False)["no-deal"] == "stated"


@pytest.mark.parametrize("summary", [
    "Skyline Airways and the pilots' union signed a new pay agreement.",
    "A breakthrough pay deal was struck by Skyline Airways and the pilots' union.",
    "Skyline Airways and the pilots' union settled their dispute over pay.",
    "Skyline Airways and the pilots' union did not fail to reach an agreement on pay: they signed one.",
])
def test_an_agreement_reached_contradicts_no_agreement_even_without_probes(judge, summary):
    assert labels(judge, summary, probes=False)["no-deal"] == "contradicted"


# -- reversals are caught ------------------------------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "Pay talks between Skyline Airways and the pilots' union collapsed, and the union would not return to the table.",
    "Skyline Airways will not hold further talks with the pilots' union on pay.",
    "Skyline Airways said there was no need for further negotiations with the pilots' union over pay.",
    "The pilots' union broke off its pay negotiations with Skyline Airways.",
    "Skyline Airways suspended its pay negotiations with the pilots' union.",
    "The pilots' union walked out of the pay talks with Skyline Airways for good.",
    "The pilots' union walked out of the Skyline Airways pay talks.",
    "The pilots' union refused to negotiate with Skyline Airways over pay any longer.",
    "Skyline Airways ruled out more talks with the pilots' union on pay.",
    "The pay talks between Skyline Airways and the pilots' union fell apart.",
    "Skyline Airways called off its pay talks with the pilots' union.",
    "The pay talks between Skyline Airways and the pilots' union have been called off.",
    "Skyline Airways has shelved any further pay negotiations with the pilots' union.",
    "Pay talks between Skyline Airways and the pilots' union are over for good.",
    "Skyline Airways pulled the plug on its pay talks with the pilots' union.",
])
def test_talks_that_stop_contradict_talks_that_go_on_even_without_probes(judge, summary):
    assert labels(judge, summary, probes=False)["talks-go-on"] == "contradicted"


@pytest.mark.parametrize("summary", [
    "Skyline Airways' share price collapsed, but the airline and the pilots' union will keep negotiating over pay.",
    "The pilots' union said its pay strike at Skyline Airways had collapsed and it would keep negotiating.",
    "Skyline Airways and the pilots' union settled their overtime row, ending a week of strikes over pay. "
    "Pay talks will go on.",
])
def test_a_probes_outcome_word_about_something_else_is_no_contradiction(judge, summary):
    assert labels(judge, summary)["talks-go-on"] == "stated"


def test_a_different_city_contradicts_a_place(judge):
    wrong = "The talks between Skyline Airways and the pilots' union were held in Zurich."
    assert labels(judge, wrong)["in-geneva"] == "contradicted"
    right = "Skyline Airways and the pilots' union held their talks in Geneva."
    assert labels(judge, right)["in-geneva"] == "stated"


@pytest.mark.parametrize("wrong", [
    "The talks in Zurich between Skyline Airways and the pilots' union ended without a deal.",
    "Skyline Airways met the pilots' union in Zurich on Tuesday for talks.",
    "The talks in Zurich with the pilots' union went badly for Skyline Airways.",
])
def test_a_different_city_followed_by_a_preposition_is_still_a_place(judge, wrong):
    assert labels(judge, wrong)["in-geneva"] == "contradicted"


def test_talks_placed_elsewhere_in_a_later_sentence_contradict_the_place(judge):
    summary = ("Skyline Airways and the pilots' union failed to agree on pay on Monday. "
               "The talks in Zurich ended without a deal.")
    assert labels(judge, summary)["in-geneva"] == "contradicted"
    # a place in a sentence about something else says nothing about where the talks were
    other = ("Skyline Airways and the pilots' union failed to agree on pay on Monday. "
             "The airline's new office in Zurich opened last year.")
    assert labels(judge, other)["in-geneva"] == "missing"


def test_a_place_in_a_clause_about_no_meeting_does_not_contradict_where_the_talks_were(judge):
    summary = "Skyline Airways' pay plans in Zurich have long angered the pilots' union."
    assert labels(judge, summary)["in-geneva"] != "contradicted"


def test_a_place_fact_is_not_stated_by_a_summary_that_never_names_the_place(judge):
    summary = "Skyline Airways and the pilots' union met on Tuesday for their pay talks."
    assert labels(judge, summary)["in-geneva"] == "missing"
    assert labels(judge, summary.replace("on Tuesday", "in Geneva"))["in-geneva"] == "stated"


def test_a_claim_in_another_speakers_mouth_is_not_credited(judge):
    summary = "Transport Minister Paul Grant said the strike would cost the airline millions."
    assert labels(judge, summary)["mediator-cost"] == "contradicted"
    right = "Elena Novak said the strike would cost the airline millions."
    assert labels(judge, right)["mediator-cost"] == "stated"


def test_a_denied_accusation_contradicts_the_accusation(judge):
    summary = "Transport Minister Paul Grant said Skyline Airways was not to blame for misleading passengers."
    assert labels(judge, summary)["minister-accuses"] == "contradicted"


def test_praise_contradicts_an_accusation_by_the_same_parties(judge):
    summary = "Transport Minister Paul Grant praised Skyline Airways for the way it treats passengers."
    assert labels(judge, summary)["minister-accuses"] == "contradicted"


def test_a_different_count_of_the_same_event_contradicts_it(judge):
    summary = "About 2,000 striking workers were arrested at the airport."
    assert labels(judge, summary)["arrests-200"] == "contradicted"


# -- an outcome must be said, and wishes assert nothing ------------------------------------------------


def test_a_meeting_says_nothing_of_its_outcome(judge):
    summary = "Skyline Airways and the pilots' union met in Geneva on Friday to discuss pay."
    got = labels(judge, summary)
    assert got["no-deal"] == "missing" and got["talks-go-on"] == "missing"
    assert got["in-geneva"] == "stated"


@pytest.mark.parametrize("summary", [
    "Skyline Airways hopes to reach a pay deal with the pilots' union next month.",
    "Skyline Airways and the pilots' union are pushing for an agreement on pay.",
])
def test_a_deal_wished_for_does_not_contradict_no_agreement(judge, summary):
    assert labels(judge, summary)["no-deal"] != "contradicted"


def test_the_meaning_checks_can_be_switched_off(judge):
    summary = "Skyline Airways and the pilots' union signed a new pay agreement."
    off = AlignJudge(None, {"meaning": "false"})
    assert off.signature() == "align@9(meaning=False)"
    assert labels(off, summary, probes=False)["no-deal"] != "contradicted"


def test_one_wording_list_per_fact_is_required(judge):
    item = JudgeItem("bad", "Pay talks went on.", ("a", "b"), (), (("x",),))
    [out] = judge.judge([item])
    assert isinstance(out, Failed) and "wording lists" in out.error


# -- the outcome reader itself --------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("They did not fail to reach an agreement", [(AGREEMENT, 1)]),
    ("They failed to agree", [(AGREEMENT, -1)]),
    ("The two sides left without a deal", [(AGREEMENT, -1)]),
    ("Both sides remain deadlocked", [(AGREEMENT, -1)]),
    ("The firm expects a deal next week", []),
    ("They agreed to keep talking", [(CONTINUATION, 1)]),
    ("The talks will not resume", [(CONTINUATION, -1)]),
    ("Negotiations would go on", [(CONTINUATION, 1)]),
    ("There is no need for further talks", [(CONTINUATION, -1)]),
    ("The shield is designed to deal with threats", []),
    ("According to the union, pay is low", []),
    ("The mayor thanked the police", [(ATTITUDE, 1)]),
    ("The mayor did not criticise the police", [(ATTITUDE, 1)]),  # a denied blame: against blaming
    ("He was charged with fraud", []),
    ("They could not agree", [(AGREEMENT, -1)]),
    ("They couldn't agree", [(AGREEMENT, -1)]),
    ("They could agree next week", []),
    ("They broke the deadlock", [(AGREEMENT, 1)]),
    ("They failed to break the impasse", [(AGREEMENT, -1)]),
    ("A deal remains elusive", [(AGREEMENT, -1)]),
    ("The two sides remain far apart", [(AGREEMENT, -1)]),
    ("Apart from pay, the union raised safety", []),
    ("They found no common ground", [(AGREEMENT, -1)]),
    ("They found common ground", []),
    ("They resolved their differences", [(AGREEMENT, 1), (AGREEMENT, 1)]),
    ("They discussed their differences", []),
    ("The talks fell apart", [(CONTINUATION, -1)]),
    ("They will meet again", [(CONTINUATION, 1)]),
    ("They will hold another round of talks", [(CONTINUATION, 1)]),
    ("Another airline joined", []),
    ("If talks resume, the union will wait", []),
    ("The union may resume talks", []),
    ("The union threatened to walk out of the talks", [("stance", 1)]),
    ("The two sides remain split", [(AGREEMENT, -1)]),
])
def test_outcome_cues_and_their_polarity(text, expected):
    assert [(c.frame, c.polarity) for c in outcomes(analyse(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("The union rejected further talks", -1),
    ("The firm refused to negotiate", -1),
    ("The firm ruled out more negotiations", -1),
    ("The firm did not rule out further talks", 1),
    ("The union turned down talks", -1),
    ("Consultations will go on", 1),
    ("Talks between the airline and the pilots' union on pay and pensions broke down for good", -1),
])
def test_a_rejected_activity_does_not_go_on(text, expected):
    got = [c for c in outcomes(analyse(text)) if c.frame == CONTINUATION]
    assert [(c.polarity, c.governed) for c in got] == [(expected, "talk")]
