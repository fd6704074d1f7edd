"""align@9 on general English the checklist self-check needs: passives, dates beside counts, "deny that",
contrastive "but not", changed actors, reversed predicates, units and groups, and paraphrases.

A toy checklist about another story (a harbour town and its port authority): every fact, probe,
wording and summary was written for this file, so these cases do not depend on the benchmark's
checklists. Each fact's probes stay in the item, as scoring gives them.
"""

import pytest

from benchmark.judges.align.judge import AlignJudge
from benchmark.judges.align.lexicon import analyse
from benchmark.judges.align.outcome import AGREEMENT, CONTINUATION, STANCE, outcomes
from benchmark.types import Failed, JudgeItem

CHECKLIST = {
    "mayor-accuses": (
        "Mayor Ines Okafor accused the Harbour Authority of hiding pollution data",
        ["The Harbour Authority accused Mayor Ines Okafor of hiding pollution data"],
        [],
    ),
    "collision-31": (
        "A Velmar cargo ship collision on Oct. 14 injured 31 Danish passengers",
        ["A Danish cargo ship collision on Oct. 14 injured 31 Velmar passengers",
         "A Velmar cargo ship collision on Oct. 14 injured 13 Danish passengers"],
        [],
    ),
    "port-safe": (
        "The city council and the Harbour Authority say the new port is not a danger to local fishermen",
        ["The city council and the Harbour Authority say the new port is a danger to local fishermen"],
        [],
    ),
    "council-proposes": (
        "Velmar City Council proposes that the council and the Harbour Authority run a joint ferry service",
        ["Velmar City Council rejects the idea of a joint ferry service with the Harbour Authority"],
        ["The Velmar council suggests a joint ferry service with the Harbour Authority"],
    ),
    "okafor-warns": (
        "Mayor Ines Okafor warned that the town could lose its fishing fleet",
        [],
        [],
    ),
    "levy-target": (
        "Mayor Ines Okafor said the new levy is about Norport",
        ["Mayor Ines Okafor said the new levy is aimed at London"],
        ["Velmar's Mayor said the new levy was about Norport"],
    ),
    "union-says": (
        "The United Dockworkers say the port needs forty more cranes",
        [],
        [],
    ),
    "strike-three-days": ("The dockers' strike at Velmar port has gone on for three days", [], []),
    "crane-unsafe": ("Port inspectors say the old harbour crane is unsafe", [], []),
    "holt-meets-board": ("Transport Minister Lena Holt met the Harbour Authority board in Velmar on Friday", [], []),
    "authority-fees": ("The Harbour Authority wants to double the fees for visiting yachts", [], []),
    "union-demands": ("The fishermen's union wants a written guarantee of its mooring rights", [], []),
    "council-invites": ("Velmar City Council invites the ferry operators to bid for the new route", [], []),
    "council-renews": ("Velmar City Council renewed its invitation to the fishermen to share the new quay", [], []),
    "ferry-not-for-tourists": (
        "The Harbour Authority says the night ferry is not meant for tourists",
        ["The Harbour Authority admits that the night ferry is aimed at tourists"],
        [],
    ),
    "written-pledge": (
        "The Harbour Authority is willing to sign a non-binding written agreement with the fishermen's union",
        ["The Harbour Authority refuses to sign any written agreement with the fishermen's union"],
        [],
    ),
}
IDS = list(CHECKLIST)


@pytest.fixture(scope="module")
def judge():
    return AlignJudge(None, {})


def labels(judge, summary):
    item = JudgeItem(
        "toy-harbour",
        summary,
        tuple(c[0] for c in CHECKLIST.values()),
        tuple(tuple(c[1]) for c in CHECKLIST.values()),
        tuple(tuple(c[2]) for c in CHECKLIST.values()),
    )
    [out] = judge.judge([item])
    assert not isinstance(out, Failed)
    return {fid: v.label for fid, v in zip(IDS, out)}


# -- the passive voice: the agent follows "by" ---------------------------------------------------------


def test_a_passive_with_its_agent_after_by_states_the_fact(judge):
    summary = "The Harbour Authority was accused by Mayor Ines Okafor of hiding pollution data."
    assert labels(judge, summary)["mayor-accuses"] == "stated"


def test_a_passive_with_the_parties_reversed_contradicts_the_fact(judge):
    summary = "Mayor Ines Okafor was accused by the Harbour Authority of hiding pollution data."
    assert labels(judge, summary)["mayor-accuses"] == "contradicted"


def test_a_passive_without_an_agent_keeps_the_names_on_their_nouns(judge):
    summary = "31 Danish passengers were injured in an Oct. 14 Velmar cargo ship collision."
    assert labels(judge, summary)["collision-31"] == "stated"
    swapped = "31 Velmar passengers were injured in an Oct. 14 Danish cargo ship collision."
    assert labels(judge, swapped)["collision-31"] == "contradicted"


def test_a_day_of_the_month_is_not_a_count(judge):
    summary = "A Velmar cargo ship collision injured 31 Danish passengers on Oct. 14."
    assert labels(judge, summary)["collision-31"] == "stated"
    wrong = "A Velmar cargo ship collision on Oct. 14 injured 13 Danish passengers."
    assert labels(judge, wrong)["collision-31"] == "contradicted"


# -- "deny that P" says "not P" ------------------------------------------------------------------------


def test_denying_a_claim_states_its_negation(judge):
    summary = "The city council and the Harbour Authority deny that the new port is a danger to local fishermen."
    assert labels(judge, summary)["port-safe"] == "stated"


def test_admitting_a_claim_still_contradicts_its_negation(judge):
    summary = "The city council and the Harbour Authority admit that the new port is a danger to local fishermen."
    assert labels(judge, summary)["port-safe"] == "contradicted"


# -- contrastive "but not" negates the modifier, not the noun --------------------------------------------


def test_but_not_before_a_modifier_keeps_the_agreement(judge):
    summary = "The Harbour Authority would sign a written but not legally binding agreement with the fishermen's union."
    assert labels(judge, summary)["written-pledge"] == "stated"


@pytest.mark.parametrize("text, expected", [
    ("They signed a written but not legally binding agreement", [(AGREEMENT, 1)]),
    ("They talked but not yet agreed", [(AGREEMENT, -1)]),
    ("The union denied that the talks had collapsed", [(CONTINUATION, 1)]),
    ("The mayor denied that an agreement was reached", [(AGREEMENT, -1)]),
])
def test_outcome_cues_under_but_not_and_deny_that(text, expected):
    assert [(c.frame, c.polarity) for c in outcomes(analyse(text))] == expected


# -- another named actor in the agent slot --------------------------------------------------------------


@pytest.mark.parametrize("summary, fact", [
    ("The Harbour Authority proposes that the council and the Harbour Authority run a joint ferry service.",
     "council-proposes"),
    ("Port director Tomas Berg warned that the town could lose its fishing fleet.", "okafor-warns"),
])
def test_the_same_act_by_another_named_actor_contradicts_the_fact(judge, summary, fact):
    assert labels(judge, summary)[fact] == "contradicted"


@pytest.mark.parametrize("summary, fact", [
    ("Velmar City Council and the Harbour Authority both propose to run a joint ferry service.", "council-proposes"),
    ("Okafor warned that the town could lose its fishing fleet.", "okafor-warns"),
    # a name that opens none of the checklist's facts may be another name for the fact's own actor
    ("Town Hall proposes that the council and the Harbour Authority run a joint ferry service.", "council-proposes"),
])
def test_the_same_act_by_the_same_actor_is_not_a_contradiction(judge, summary, fact):
    assert labels(judge, summary)[fact] != "contradicted"


# -- "aimed at" a thing targets it; a probe must beat the fact's own words wherever they stand -----------


def test_aimed_at_a_name_is_no_wish_and_keeps_the_fact(judge):
    assert labels(judge, "Okafor said the new levy is aimed at Norport.")["levy-target"] == "stated"
    assert labels(judge, "Okafor said the new levy is aimed at London.")["levy-target"] == "contradicted"


# -- the checklist's other names for an actor count for all its facts ----------------------------------


def test_a_name_another_fact_gives_the_same_speaker_is_that_speaker(judge):
    # "Velmar's Mayor" is Okafor in the levy fact's wording; the warning fact lists no other name
    summary = "Velmar's Mayor warned that the town could lose its fishing fleet."
    assert labels(judge, summary)["okafor-warns"] == "stated"


def test_initials_name_the_same_speaker(judge):
    assert labels(judge, "UD says the port needs forty more cranes.")["union-says"] == "stated"


# -- a stance reversed: wanting, proposing, inviting against rejecting, dropping, withdrawing ------------


@pytest.mark.parametrize("summary, fact", [
    ("Velmar City Council rejected plans for a joint ferry service with the Harbour Authority.", "council-proposes"),
    ("Velmar City Council refused to run any joint ferry service with the Harbour Authority.", "council-proposes"),
    ("The fishermen's union dropped its demand for a written guarantee of its mooring rights.", "union-demands"),
    ("The fishermen's union does not need a written guarantee of its mooring rights.", "union-demands"),
    ("The fishermen's union is satisfied without a written guarantee of its mooring rights.", "union-demands"),
    ("Velmar City Council withdrew its invitation to the ferry operators to bid for the new route.", "council-invites"),
    ("The Harbour Authority ruled out doubling the fees for visiting yachts.", "authority-fees"),
])
def test_a_stance_reversed_contradicts_the_fact_without_probes(judge, summary, fact):
    assert labels(judge, summary)[fact] == "contradicted"


@pytest.mark.parametrize("summary, fact", [
    ("The fishermen's union is seeking a written guarantee of its mooring rights.", "union-demands"),
    ("Velmar City Council has put forward the idea of a joint ferry service with the Harbour Authority.",
     "council-proposes"),
])
def test_a_stance_kept_is_no_contradiction(judge, summary, fact):
    assert labels(judge, summary)[fact] != "contradicted"


@pytest.mark.parametrize("text, expected", [
    ("The union wants a guarantee", [(STANCE, 1)]),
    ("The union dropped its demand for a guarantee", [(STANCE, -1), (STANCE, -1)]),
    ("The council ruled out a joint service", [(STANCE, -1)]),
    ("The union does not need a guarantee", [(STANCE, -1)]),
    ("A guarantee that the port will not close is what the union wants", [(STANCE, 1)]),
    ("The union offered a guarantee", [(STANCE, 1)]),
    ("The union agreed to sign the guarantee", [(STANCE, 1)]),
    ("The union accepted the guarantee", [(STANCE, 1)]),
    ("The union turned the offer down", []),
    ("The union says the scheme is unworkable", [(STANCE, -1)]),
    ("The union says the scheme is not feasible", [(STANCE, -1)]),
    ("Velmar rejected Norport's call for a toll", [(STANCE, -1), (STANCE, 1)]),  # the call stays Norport's
])
def test_stance_cues_and_their_polarity(text, expected):
    assert [(c.frame, c.polarity) for c in outcomes(analyse(text))] == expected



# -- other words for the same stance or blame -----------------------------------------------------------


@pytest.mark.parametrize("summary, fact", [
    ("Mayor Ines Okafor blamed the Harbour Authority for hiding pollution data.", "mayor-accuses"),
    ("The fishermen's union is seeking a written guarantee of its mooring rights.", "union-demands"),
    ("Velmar City Council suggests that the council and the Harbour Authority run a joint ferry service.",
     "council-proposes"),
])
def test_other_words_for_the_predicate_state_the_fact(judge, summary, fact):
    assert labels(judge, summary)[fact] == "stated"


@pytest.mark.parametrize("a, b", [("accused", "blamed"), ("proposes", "suggests"), ("wants", "seeking"),
                                  ("fuelling", "stirring"), ("controversy", "dispute"), ("soldiers", "troops")])
def test_words_for_the_same_stance_align_as_one(a, b):
    from benchmark.judges.align.lexicon import stem
    from benchmark.judges.align.synonyms import canonical_stem

    assert canonical_stem(stem(a)) == canonical_stem(stem(b))


def test_a_continuation_cue_reaches_its_activity_five_words_on():
    [cue] = outcomes(analyse("The union walked out of the harbour pay talks"))
    assert (cue.frame, cue.polarity) == (CONTINUATION, -1) and "talk" in cue.window


# -- another unit of time, another group with the same count ----------------------------------------------


def test_another_length_of_time_contradicts_the_fact(judge):
    assert labels(judge, "The dockers' strike at Velmar port has gone on for three weeks.")["strike-three-days"] == \
        "contradicted"
    assert labels(judge, "The dockers' strike at Velmar port has gone on for 72 hours.")["strike-three-days"] == "stated"


def test_the_same_count_of_another_group_contradicts_the_fact(judge):
    summary = "A Velmar cargo ship collision on Oct. 14 injured 31 Swedish passengers."
    assert labels(judge, summary)["collision-31"] == "contradicted"



def test_a_stance_reversed_on_another_matter_is_no_contradiction(judge):
    summary = ("The fees for visiting yachts are on the Harbour Authority's agenda. "
               "The Harbour Authority rejected criticism of its yacht moorings.")
    assert labels(judge, summary)["authority-fees"] != "contradicted"


def test_a_renewed_invitation_is_a_stance_that_withdrawing_it_reverses(judge):
    summary = "Velmar City Council withdrew its invitation to the fishermen to share the new quay."
    assert labels(judge, summary)["council-renews"] == "contradicted"


# -- a negative prefix reverses its word -----------------------------------------------------------------


def test_the_word_without_its_negative_prefix_contradicts_the_fact(judge):
    assert labels(judge, "Port inspectors say the old harbour crane is safe.")["crane-unsafe"] == "contradicted"
    assert labels(judge, "Port inspectors say the old harbour crane is not safe.")["crane-unsafe"] != "contradicted"


@pytest.mark.parametrize("word, base", [("unworkable", "workable"), ("impossible", "possible"), ("unfair", "fair"),
                                        ("income", None), ("inform", None), ("union", None), ("install", None)])
def test_negative_prefixes(word, base):
    from benchmark.judges.align.negation import unprefixed

    assert unprefixed(word) == base


def test_another_portfolio_contradicts_the_minister(judge):
    wrong = "Finance Minister Lena Holt met the Harbour Authority board in Velmar on Friday."
    assert labels(judge, wrong)["holt-meets-board"] == "contradicted"
    right = "Lena Holt, the transport minister, met the Harbour Authority board in Velmar on Friday."
    assert labels(judge, right)["holt-meets-board"] != "contradicted"



# -- contrastive "X, not Y" / "X rather than Y" denies Y ------------------------------------------------


@pytest.mark.parametrize("summary", [
    "The city council and the Harbour Authority say the new port is a danger to tourists, not local fishermen.",
    "The new port is a danger to tourists rather than to local fishermen, the Harbour Authority says.",
    "The city council says the new port is a danger to tourists instead of local fishermen.",
])
def test_a_contrast_that_denies_the_facts_object_is_no_contradiction(judge, summary):
    assert labels(judge, summary)["port-safe"] != "contradicted"


def test_the_contrast_the_other_way_round_still_contradicts(judge):
    summary = "The city council and the Harbour Authority say the new port is a danger to local fishermen, not tourists."
    assert labels(judge, summary)["port-safe"] == "contradicted"


def test_a_probe_whose_object_the_sentence_denies_is_not_stated(judge):
    summary = "The Harbour Authority says the night ferry is aimed at commuters, not tourists."
    assert labels(judge, summary)["ferry-not-for-tourists"] != "contradicted"
    summary = "Mayor Ines Okafor said the new levy is aimed at Norport, not London."
    assert labels(judge, summary)["levy-target"] == "stated"
    assert labels(judge, "Mayor Ines Okafor said the new levy is aimed at London, not Norport.")["levy-target"] == "contradicted"


# -- a thing judged unworkable is not a thing offered ----------------------------------------------------

UNWORKABLE = "The Velmar council says a toll on the new harbour bridge is unworkable"


@pytest.mark.parametrize("summary, expected", [
    ("The council offered a toll on the new harbour bridge.", "contradicted"),
    ("The council proposed a toll on the new harbour bridge.", "contradicted"),
    ("The council agreed to introduce a toll on the new harbour bridge.", "contradicted"),
    ("The council accepted a toll on the new harbour bridge.", "contradicted"),
    ("Velmar has agreed to introduce a toll on the new harbour bridge, the Harbour Authority said.", "contradicted"),
    ("The council says a toll on the new harbour bridge is not feasible.", "stated"),
    ("The council rejected a toll on the new harbour bridge as unworkable.", "stated"),
    ("The council says a toll on the new harbour bridge is impossible.", "stated"),
    # another party's stance on the same matter says nothing of the council's
    ("The Harbour Authority proposed a toll on the new harbour bridge.", "missing"),
    ("The Harbour Authority has long sought a toll on the new harbour bridge.", "missing"),
])
def test_an_offer_contradicts_a_thing_judged_unworkable(judge, summary, expected):
    # the second fact names the story's other actor, as a checklist does
    facts = (UNWORKABLE, "The Harbour Authority wants to double the fees for visiting yachts")
    [out] = judge.judge([JudgeItem("unworkable", summary, facts)])
    assert out[0].label == expected


# -- another actor's refusal of a demand does not deny the demand ------------------------------------------


def test_a_demand_refused_by_another_actor_is_still_the_demand(judge):
    summary = "The Harbour Authority rejected the fishermen's union's demand for a written guarantee of its mooring rights."
    assert labels(judge, summary)["union-demands"] != "contradicted"


def test_not_this_but_that_keeps_that(judge):
    summary = "Mayor Ines Okafor said the new levy is not about London but about Norport."
    assert labels(judge, summary)["levy-target"] == "stated"


def test_another_actors_rejection_in_the_same_sentence_leaves_the_demand_stated(judge):
    summary = ("The United Dockworkers say the port needs forty more cranes; "
               "the Harbour Authority rejects forty more cranes for the port as unworkable.")
    assert labels(judge, summary)["union-says"] == "stated"


def test_another_speakers_stance_on_the_matter_is_not_the_facts_claim_in_their_mouth(judge):
    summary = "The Harbour Authority insists a toll on the new harbour bridge would not threaten local fishermen."
    facts = (UNWORKABLE, "The Harbour Authority wants to double the fees for visiting yachts")
    [out] = judge.judge([JudgeItem("speaker", summary, facts)])
    assert out[0].label != "contradicted"


def test_parties_swap_around_an_act_not_around_a_noun():
    from benchmark.judges.align.roles import role_conflict

    fact = analyse("Norport wants a guarantee that the Velmar ferry service is not aimed at Norport")
    sentence = analyse("Norport's ferry talks with Velmar ended after Velmar refused the guarantee")
    assert role_conflict(fact, sentence) is None
    assert role_conflict(analyse("Velmar accused Norport of lying"), analyse("Norport accused Velmar of lying"))


def test_the_act_given_to_another_actor_who_shares_a_place_or_title_word_contradicts_the_fact(judge):
    facts = ("Velmar Mayor Ines Okafor accused the Harbour Authority of hiding pollution data",
             "Velmar Harbour Master Tom Reyes inspected the old crane on Friday")

    def label(summary):
        [out] = judge.judge([JudgeItem("accuser", summary, facts)])
        return out[0].label

    assert label("Velmar Harbour Master Tom Reyes accused the Harbour Authority of hiding pollution data.") == "contradicted"
    assert label("Mayor Okafor accused the Harbour Authority of hiding pollution data.") == "stated"


# -- the checklist's other names for the story's actors, per actor ------------------------------------

# "London" and "Boston" are common words: a sentence that opens with one gives no capital to tell it is a
# name; the checklist writes both with a capital elsewhere
ACTORS = (
    "Mayor Ines Okafor accused the Harbour Authority of hiding pollution data",
    "London Harbour Master Tom Reyes inspected the old crane on Friday",
    "The Harbour Authority wants to double the fees for visiting yachts",
    "The ferry between Norport and London runs twice a day",
)
ACTOR_WORDINGS = (
    ("London Mayor Ines Okafor said the Harbour Authority hid pollution data",
     "Okafor accused Boston of hiding pollution data"),
    (),
    ("Boston wants to double the fees for visiting yachts",),
    (),
)


def _accusation(judge, summary):
    [out] = judge.judge([JudgeItem("actors", summary, ACTORS, wordings=ACTOR_WORDINGS)])
    return out[0].label


def test_a_place_word_that_opens_the_sentence_belongs_to_the_other_actors_name(judge):
    assert _accusation(judge, "London Harbour Master Tom Reyes accused the Harbour Authority of hiding "
                              "pollution data.") == "contradicted"
    assert _accusation(judge, "London Mayor Ines Okafor accused the Harbour Authority of hiding "
                              "pollution data.") == "stated"


def test_parties_swapped_under_another_name_for_one_of_them_contradict_the_fact(judge):
    # "Boston" is the Harbour Authority in a wording of its own fact
    assert _accusation(judge, "Boston accused Okafor of hiding pollution data.") == "contradicted"
    assert _accusation(judge, "Okafor accused Boston of hiding pollution data.") == "stated"
