"""The words of the outcome reader (``outcome``): cue words and two-word phrases per frame - agreement,
continuation, attitude, stance - with their sign and strength, and the word classes the reader consults
(talk-like activities, light words, verbs that overcome a standoff, intentions, possessives). General
English only; a story's own names come from its checklist.
"""

from __future__ import annotations

from .lexicon import stem

AGREEMENT = "agreement"
CONTINUATION = "continuation"
ATTITUDE = "attitude"  # one party's stance towards another: accused / blamed against praised / thanked
STANCE = "stance"  # an actor's stance on a proposal or demand: wants / proposes / invites against rejects / drops

# (frame, sign, strong): a weak positive cue only counts when negated
WORD_CUES: dict[str, tuple[str, int, bool]] = {}
for _w in ("agree", "agreement", "deal", "accord", "resolve", "settle", "breakthrough", "pact", "compromise",
           "consensus"):
    WORD_CUES[stem(_w)] = (AGREEMENT, 1, True)
for _w in ("headway", "progress", "resolution", "solution", "bridge"):
    WORD_CUES[stem(_w)] = (AGREEMENT, 1, False)
for _w in ("deadlock", "deadlocked", "impasse", "stalemate", "standoff", "unresolved", "disagree",
           "disagreement", "stalled", "divided", "clash", "clashed", "split", "inconclusive", "inconclusively",
           "loggerheads"):
    WORD_CUES[stem(_w)] = (AGREEMENT, -1, True)
for _w in ("differences", "rift", "gap", "gulf"):  # weak: only when something overcomes them (``BREAKERS``)
    WORD_CUES[stem(_w)] = (AGREEMENT, -1, False)
for _w in ("continue", "continuing", "continuation", "keep", "kept", "resume", "resumption", "further", "more",
           "another", "pursue", "return", "renewed", "ongoing"):
    WORD_CUES[stem(_w)] = (CONTINUATION, 1, True)
for _w in ("collapse", "collapsed", "suspend", "suspension", "end", "ended", "stop", "halt", "abandon", "quit",
           "terminate", "cease", "cancel", "scrap", "scrapped"):
    WORD_CUES[stem(_w)] = (CONTINUATION, -1, True)
for _w in ("accuse", "accused", "blame", "blamed", "criticise", "criticize", "criticised", "criticized", "condemn",
           "denounce", "blast", "blasted", "slam", "slammed", "rebuke", "charged", "fault", "faulted", "lambast"):
    WORD_CUES[stem(_w)] = (ATTITUDE, -1, True)
for _w in ("praise", "praised", "thank", "thanked", "commend", "applaud", "hail", "hailed", "laud", "lauded",
           "congratulate", "congratulated"):
    WORD_CUES[stem(_w)] = (ATTITUDE, 1, True)
for _w in ("want", "wants", "wanted", "seek", "seeks", "sought", "demand", "demands", "demanded", "propose",
           "proposes", "proposed", "proposal", "suggest", "suggests", "suggested", "invite", "invites", "invited",
           "invitation", "threaten", "threatens", "threatened", "insist", "insists", "insisted", "need", "needs",
           "urge", "urges", "urged", "hope", "hopes", "hoped", "offer", "offers", "offered", "workable",
           "feasible", "acceptable"):
    WORD_CUES[stem(_w)] = (STANCE, 1, True)
for _w in ("reject", "rejects", "rejected", "refuse", "refuses", "refused", "drop", "drops", "dropped", "withdraw",
           "withdraws", "withdrew", "withdrawn", "dismiss", "dismissed", "oppose", "opposes", "opposed", "satisfied",
           "shelve", "shelved", "shelves",
           "unworkable", "unfeasible", "infeasible", "unacceptable", "impossible", "unrealistic"):
    WORD_CUES[stem(_w)] = (STANCE, -1, True)

# negation cues that are stances of their own ("rejected", "refused"): whose stance matters
STANCE_NEGATORS: frozenset[str] = frozenset({"reject", "rejects", "rejected", "refuse", "refuses", "refused", "deny",
                                             "denies", "denied"})

# two-word phrases: (first token stem, second token) -> cue; the phrase's first position carries it
PHRASE_CUES: dict[tuple[str, str], tuple[str, int, bool]] = {
    (stem("at"), "odds"): (AGREEMENT, -1, True),
    **{(stem(w), "apart"): (AGREEMENT, -1, True) for w in ("far", "wide", "worlds", "still", "remain", "remained")},
    (stem("common"), "ground"): (AGREEMENT, 1, False),
    (stem("see"), "eye"): (AGREEMENT, 1, False),  # "failed to see eye to eye"
    **{(stem(w), "apart"): (CONTINUATION, -1, True) for w in ("fall", "fell", "falling", "fallen", "falls")},
    **{(stem(w), "again"): (CONTINUATION, 1, True) for w in ("meet", "met", "meeting")},
    (stem("go"), "on"): (CONTINUATION, 1, True),
    (stem("went"), "on"): (CONTINUATION, 1, True),
    (stem("gone"), "on"): (CONTINUATION, 1, True),
    (stem("going"), "on"): (CONTINUATION, 1, True),
    (stem("carry"), "on"): (CONTINUATION, 1, True),
    (stem("carried"), "on"): (CONTINUATION, 1, True),
    (stem("press"), "on"): (CONTINUATION, 1, True),
    (stem("pressed"), "on"): (CONTINUATION, 1, True),
    (stem("push"), "on"): (CONTINUATION, 1, True),
    (stem("door"), "open"): (CONTINUATION, 1, True),
    (stem("break"), "off"): (CONTINUATION, -1, True),
    (stem("broke"), "off"): (CONTINUATION, -1, True),
    (stem("break"), "down"): (CONTINUATION, -1, True),
    (stem("broke"), "down"): (CONTINUATION, -1, True),
    (stem("broken"), "down"): (CONTINUATION, -1, True),
    (stem("broken"), "off"): (CONTINUATION, -1, True),
    (stem("walk"), "out"): (CONTINUATION, -1, True),
    (stem("walked"), "out"): (CONTINUATION, -1, True),
    (stem("walk"), "away"): (CONTINUATION, -1, True),
    (stem("walked"), "away"): (CONTINUATION, -1, True),
    (stem("call"), "off"): (CONTINUATION, -1, True),
    (stem("called"), "off"): (CONTINUATION, -1, True),
    (stem("pull"), "out"): (CONTINUATION, -1, True),
    (stem("pulled"), "out"): (CONTINUATION, -1, True),
    (stem("rule"), "out"): (STANCE, -1, True),
    (stem("ruled"), "out"): (STANCE, -1, True),
    (stem("turn"), "down"): (STANCE, -1, True),
    (stem("turned"), "down"): (STANCE, -1, True),
    (stem("put"), "forward"): (STANCE, 1, True),
    (stem("call"), "for"): (STANCE, 1, True),
    (stem("called"), "for"): (STANCE, 1, True),
}
# a phrase's second word is part of the cue, not the activity it governs
PARTICLES: frozenset[str] = frozenset({"on", "off", "down", "out", "away", "open", "forward", "for", "apart",
                                       "again", "ground"})

# talk-like activities count as one ("talks would go on" = "discussions will continue")
TALK = frozenset(stem(w) for w in ("talk", "talks", "talking", "discussion", "discuss", "negotiation",
                                    "negotiate", "negotiating", "dialogue", "dialog", "contact", "contacts",
                                    "conversation", "consultation", "consultations", "consult", "consulting"))
# words a negation passes over to reach its cue, and that never name a governed activity
LIGHT: frozenset[str] = frozenset(
    {"to", "be", "been", "being", "is", "are", "was", "were", "have", "has", "had", "do", "does", "did", "will",
     "would", "shall", "a", "an", "the", "any", "its", "their", "his", "her", "our", "with", "for", "of", "in",
     "on", "about", "over", "at", "into", "up", "further", "more", "new", "they", "it", "them", "both", "sides",
     "two", "yet", "still", "also", "again", "ever", "formal", "final", "by", "from"}
)
NOT_IRREALIS = frozenset({"would"})
# for outcomes only (the polarity checks read these words as written): what is offered, threatened or
# merely ready has not happened ("offers an agreement", "threatened to walk out", "willing to sign")
UNREALISED = frozenset({"offer", "offers", "offered", "offering", "willing", "ready", "prepared", "threaten",
                         "threatens", "threatened", "threatening"})
# an intention to go on is the outcome a fact like "will keep talking" states ("plan further talks",
# "agreed that talks should continue"); a condition or a mere possibility is not ("if", "may", "could")
INTENT = frozenset({"plan", "plans", "planned", "intend", "intends", "want", "wants", "wanted", "should", "expect",
                     "expects", "expected"})
TIME_BEFORE_END = frozenset({"by", "at", "until", "till", "before", "toward", "towards", "since", "near"})
TIME_UNITS = frozenset(stem(w) for w in ("day", "days", "week", "weeks", "month", "months", "year", "years",
                                          "hour", "hours", "night", "nights", "time", "minute", "minutes"))
EFFORT = frozenset(stem(w) for w in ("work", "working", "effort", "efforts"))
TRYING = frozenset(stem(w) for w in ("try", "trying"))  # "vowed to keep trying": at a deal, in talks
MEETING = frozenset(stem(w) for w in ("meet", "met", "meeting"))  # "will meet again": more talks
ROUNDS = frozenset({"round", "rounds", "session", "sessions"})  # "another round of talks"
# verbs that overcome a standoff: "broke the deadlock", "bridged their differences" (a negative
# agreement cue after one is reversed; a weak one - "differences", "gap" - only counts after one)
BREAKERS = frozenset(stem(w) for w in (
    "break", "broke", "broken", "breaking", "end", "ended", "ending", "overcome", "overcame", "resolve",
    "resolved", "settle", "settled", "bridge", "bridged", "close", "closed", "narrow", "narrowed", "ease",
    "eased"))
AFTER_NEGATORS = frozenset({"elusive"})  # "a deal remains elusive": the outcome before it denied
NOT_REJECTING = frozenset(stem(w) for w in ("satisfied",))  # a negative stance that rejects nothing
PASSIVE_BE = frozenset({"been", "was", "were", "is", "are", "be", "being"})
DETERMINERS_BEFORE_NOUN = frozenset({"a", "an", "the", "any", "new", "final", "formal", "initial", "lasting",
                                      "comprehensive", "binding"})
POSSESSIVES = DETERMINERS_BEFORE_NOUN | {"their", "its", "his", "her", "our", "this", "that"}
# verbs that only carry an outcome noun ("reach an agreement", "struck a deal", "hold talks")
SUPPORT_VERBS: frozenset[str] = frozenset(stem(w) for w in (
    "reach", "reached", "strike", "struck", "make", "made", "sign", "signed", "hold", "held", "find", "found",
    "achieve", "achieved", "secure", "secured", "clinch", "seal", "sealed", "produce", "produced", "yield",
    "yielded", "come", "came", "get", "got", "conclude", "concluded", "will", "say", "said", "says"))
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "any", "its", "their", "his", "her", "our", "some",
                          "no", "one", "on", "upon", "with", "in"})
NEGATORS_NOT_AFTER = frozenset({"only", "just", "merely", "least", "doubt"})

TALK_VERBS = frozenset({"talk", "talking", "talked", "negotiate", "negotiating", "negotiated"})
AFTER_TALK_ON = frozenset({"about", "with", "over", "and", "until", "into", "through", "for"})
BE = frozenset({"is", "are", "was", "were", "be", "been"})
AFTER_OVER = frozenset({"for", "now", "and", "already"})
FAILURES = frozenset({"failure", "acrimony", "disarray", "recriminations"})
