"""The default fact judge ``align``: sentence alignment on rare stems, numbers, polarity and roles.

For each key fact the judge

1. analyses fact and summary sentences (``lexicon.analyse``: Porter stems weighted by rarity in general
   English, numbers normalised, negation and outcome cues); for the alignment, word variants are merged
   (``synonyms``: "talks"/"discussions", "keep"/"continue", "Russian"/"Russia") and every stem's
   weight is multiplied by its checklist factor (``topic``: a stem found in many of the item's key
   facts - the story's topic words - weighs little, a stem of one fact keeps its rarity weight);
2. computes a handful of alignment features (``features.align``: weighted word recall in the best
   sentence and in the whole summary, word order, the rarest missing word, numbers, and - since
   version 2 - the summary's length, the fact's position in its list and its length, plus three
   interaction terms) and combines them with fitted logistic weights into ``score``, the calibrated
   probability that a person would judge the fact present;
3. looks for a contradiction (``contradiction``): a sentence that states one of the fact's probes
   (judged on the words where probe and fact differ), or - among the sentences that match the fact
   at least ``conflict_min_match`` and nearly as well as the best one - positive evidence of the
   opposite in the same clause: a negated fact's verb affirmed, an affirmed fact's word negated, the
   other side of an outcome pair, the same quantity with another value, swapped parties.

4. for an item whose facts carry probes (the benchmark's own checklists), checks that the summary
   states enough of what the fact says about its actors (``predicate``), and for a fact that denies
   something, a denial (``meaning.keeps_denial``): a fact that fails this gate is never stated and its
   score is capped at ``PREDICATE_CAP`` times the threshold;
5. (since version 6; option ``meaning=false`` switches it off) checks meaning beyond shared words
   (``meaning``): the outcome a fact states - an agreement reached or not, talks that go on or stop, a
   stance for or against someone (``outcome``, general English with the scope of negation) - must be
   the outcome the summary states about the same matter, or the fact is contradicted; a fact whose
   outcome the summary never states is not stated; a claim put in another speaker's mouth is not
   credited (and contradicts the fact when that speaker is named); a different place contradicts a
   fact's place; the fact's act given to another of the story's actors contradicts it
   (``roles.agent_conflict``; an actor's other names come from the whole checklist,
   ``roles.actor_aliases``).

A fact is given with its accepted wordings (``JudgeItem.wordings``, since version 6): each is aligned
in the fact's place, gated against the fact's probes (more strictly than the fact's own text) and the
best-scoring variant decides; the checks of step 5 accept any variant's words and speakers.

Label: ``contradicted`` if a conflict was found (score 0, evidence = the conflicting sentence), else
``stated`` when the summary states the fact's outcome about its matter (step 5), or when ``score >=
threshold`` and no gate or check of steps 4-5 holds it back (evidence = the best-aligned sentence),
else ``missing`` (evidence ``None``). One-line summaries (fewer than 30 words) have a threshold of
their own. The weights and thresholds live in ``align_params.json`` next to this file, fitted by
``benchmarks/fit_align.py`` on the REALSumm (Bhandari et al., 2020, CC BY 4.0) and PyrXSum (Zhang &
Bansal, 2021) dev splits together; the file records the data's sha256, the fitting command and the
full-fit and cross-validated figures. Everything is deterministic, offline and CPU-only: no model is
downloaded or run. No rule names anything of a particular story: what a story's facts may be called
comes from its checklist (wordings, probes).

The version history (align@1 to align@9, and what was measured and not adopted) is in ``CHANGELOG.md``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import resources
from typing import Any, Callable, Mapping, Sequence

from ...errors import PluginError
from ...options import Option, OptionReader
from ...text import split_sentences
from ...types import Failed, JudgeItem, Verdict
from ..base import BaseJudge, JudgeOutput, judges
from .contradiction import Conflict, probe_conflict, variant_holds
from .negation import negation_conflict, opposite_conflict, prefix_conflict
from .quantities import number_conflict
from .roles import Cast, agent_conflict, role_conflict, story_cast, title_conflict
from .features import FEATURE_NAMES, Alignment, align_variants, recall_without_numbers, weighted_recall
from .lexicon import Analysed, analyse
from .outcome import STANCE, cue_stems, fact_outcome, required
from .outcome_words import STANCE_NEGATORS
from .meaning import (
    CLAIM_MATCH,
    canonical_set,
    names_its_place,
    Decision,
    keeps_denial,
    misattributed,
    outcome_decision,
    place_conflict,
    reverses_outcome,
    states_reversal,
    same_outcome,
)
from .predicate import checklist_predicates
from .synonyms import canonical, canonical_stem
from .topic import checklist_salience

PARAMS_FILE = "align_params.json"
CONFLICT_MARGIN = 0.15  # a general conflict must come from a sentence this close to the best match
DEFAULT_ON = ("contradictions", "predicate_gate", "meaning")  # options that are on unless switched off
_ONE_LINE = FEATURE_NAMES.index("one_line")
PREDICATE_CAP = 0.9  # a fact that fails the predicate gate scores at most this share of the threshold


@dataclass(frozen=True)
class AlignParams:
    """Fitted weights (one per feature, in ``FEATURE_NAMES`` order), bias and decision thresholds."""

    bias: float
    weights: tuple[float, ...]
    threshold: float  # score at or above which a fact is stated
    threshold_one_line: float  # the same for a one-line summary (feature ``one_line``, since version 6)
    conflict_min_match: float  # sentence_recall a sentence needs before it can contradict the fact
    probe_min_match: float  # share of a probe's content a sentence needs to count as stating it
    provenance: Mapping[str, Any]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "AlignParams":
        weights = d["weights"]
        missing = [n for n in FEATURE_NAMES if n not in weights]
        if missing:
            raise PluginError(
                f"align: {PARAMS_FILE} lacks weights for {', '.join(missing)}; "
                "re-run benchmarks/fit_align.py to regenerate it"
            )
        return cls(
            bias=float(d["bias"]),
            weights=tuple(float(weights[n]) for n in FEATURE_NAMES),
            threshold=float(d["threshold"]),
            threshold_one_line=float(d.get("threshold_one_line", d["threshold"])),
            conflict_min_match=float(d["conflict_min_match"]),
            probe_min_match=float(d["probe_min_match"]),
            provenance=dict(d.get("provenance") or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "bias": self.bias,
            "weights": dict(zip(FEATURE_NAMES, self.weights)),
            "threshold": self.threshold,
            "threshold_one_line": self.threshold_one_line,
            "conflict_min_match": self.conflict_min_match,
            "probe_min_match": self.probe_min_match,
            "provenance": dict(self.provenance),
        }

    def threshold_for(self, features: Sequence[float]) -> float:
        """The decision threshold for a fact with these features (one-line summaries have their own)."""
        return self.threshold_one_line if features[_ONE_LINE] else self.threshold

    def score(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load_params() -> AlignParams:
    text = resources.files(__package__).joinpath(PARAMS_FILE).read_text(encoding="utf-8")
    return AlignParams.from_dict(json.loads(text))


def find_conflict(
    fact: Analysed,
    probes: Sequence[Analysed],
    sentences: Sequence[Analysed],
    sentence_scores: Sequence[float],
    params: AlignParams,
    wordings: Sequence[Analysed] = (),
    outcome_read: bool = False,
    cast: Cast | None = None,
) -> tuple[Conflict, int] | None:
    """The first conflict found, with the index of the sentence that carries it (best aligned first).

    Probes are tried on every sentence; a probe that the sentence states is overruled when the
    sentence states what sets one of the fact's accepted ``wordings`` apart from it at least as fully
    (``variant_holds``). The general checks (negation, opposite outcome, roles, number) only look at
    sentences that match the fact at least ``conflict_min_match`` and nearly as well as the
    best-aligned sentence (within ``CONFLICT_MARGIN``): a sentence about something else that a better
    sentence of the summary already states is not a contradiction of the fact. With ``outcome_read``
    (the meaning checks on) the general checks defer to the outcome reader (``general_checks``), and
    a probe that reverses the fact's outcome needs a sentence that states some outcome of that kind
    reversed (``meaning.states_reversal``: "the talks ended inconclusively" states no stop). With the
    checklist's ``cast``, parties swapped under other names of theirs count ("Washington accused Putin"
    against "Putin accused the United States"), also in a sentence that matches only an accepted wording.
    """
    general = general_checks(fact, outcome_read, cast)
    order = sorted(range(len(sentences)), key=lambda i: (-sentence_scores[i], i))
    for i in order:
        for probe in probes:
            if outcome_read and not states_reversal(fact, probe, sentences[i]):
                continue
            c = probe_conflict(fact, probe, sentences[i], params.probe_min_match)
            if c and not any(variant_holds(w, probe, sentences[i]) for w in wordings):
                return c, i
    best = sentence_scores[order[0]] if order else 0.0
    floor = max(params.conflict_min_match, best - CONFLICT_MARGIN)
    for i in order:
        sent = sentences[i]
        if sentence_scores[i] >= floor:
            for check in general:
                c = check(fact, sent)
                if c:
                    return c, i
        # a changed number lowers the match by itself, so numbers do not count towards it here
        if fact.numbers and recall_without_numbers(fact, sent) >= params.conflict_min_match:
            c = number_conflict(fact, sent)
            if c:
                return c, i
    if cast is not None:
        # the fact's own words may name a party otherwise than the sentence does: a sentence that
        # matches an accepted wording ("Putin accused Washington") is checked for swapped parties too
        for i, sent in enumerate(sentences):
            stems = set(sent.stems)
            if any(weighted_recall(w, stems) >= params.conflict_min_match for w in wordings):
                c = role_conflict(fact, sent, cast.groups, cast.names)
                if c:
                    return c, i
    return None


Check = Callable[[Analysed, Analysed], "Conflict | None"]


def general_checks(fact: Analysed, outcome_read: bool = False, cast: Cast | None = None) -> tuple[Check, ...]:
    """The probe-free contradiction checks for a fact. With ``outcome_read``, a fact whose agreement or
    talks outcome the outcome reader reads (``outcome.required``) is not checked against the plain
    opposite pairs ("ending years of dispute" does not stop the talks) and its negations count only on
    the outcome's own words; for a stance fact, a stance verb's negation ("rejected X's demand") is
    left to the stance check, which knows whose stance it is. The role check knows the ``cast``'s actor
    groups and names when it is given."""
    swapped: Check = partial(role_conflict, groups=cast.groups, known=cast.names) if cast else role_conflict
    checks = (negation_conflict, prefix_conflict, opposite_conflict, swapped, title_conflict)
    cue = fact_outcome(fact) if outcome_read else None
    if cue is not None and required(cue):
        return (partial(negation_conflict, words=cue_stems(fact)), prefix_conflict, swapped, title_conflict)
    if cue is not None and cue.frame == STANCE:
        return (partial(negation_conflict, ignore=STANCE_NEGATORS), *checks[1:])
    return checks


class AlignJudge(BaseJudge):
    """Offline lexical-alignment judge (default): rare stems, numbers, negation, roles, probes."""

    family = "align"
    version = "9"
    scripts = ("Latin",)  # English stems and word lists: other scripts would silently score "missing"
    OPTIONS = (
        Option("threshold", float, None, "Alignment score from which a fact counts as stated, in [0, 1] "
               "(default: the fitted values, one for one-line summaries and one for longer ones)."),
        Option("contradictions", bool, True, "Label a fact contradicted when the summary states its opposite."),
        Option("predicate_gate", bool, True, "On checklists with probes, require the fact's predicate as well."),
        Option("meaning", bool, True, "Check outcomes, speakers and places beyond shared words (align@6)."),
    )

    def configure(self, options: OptionReader) -> None:
        params = load_params()
        threshold = options.get("threshold")
        if threshold is not None:
            if not 0.0 <= threshold <= 1.0:
                raise PluginError(f"align: threshold={threshold} must be between 0 and 1")
            params = AlignParams(**{**params.__dict__, "threshold": threshold, "threshold_one_line": threshold})
        self.check_contradictions = options.get("contradictions")
        self.check_predicates = options.get("predicate_gate")
        self.check_meaning = options.get("meaning")
        self.params = params

    def signature(self) -> str:
        """``align@9``, plus any option that changes verdicts: ``align@9(contradictions=False)``,
        ``align@9(predicate_gate=False)``, ``align@9(meaning=False)``."""
        changed = {k: v for k, v in self.options.items() if not (k in DEFAULT_ON and v is True)}
        if not changed:
            return super().signature()
        return super().signature() + "(" + ",".join(f"{k}={v}" for k, v in sorted(changed.items())) + ")"

    def judge(self, items: Sequence[JudgeItem]) -> list[JudgeOutput]:
        return [self._judge_one(item) for item in items]

    def _judge_one(self, item: JudgeItem) -> JudgeOutput:
        for field, given in (("probe", item.probes), ("wording", item.wordings)):
            if given and len(given) != len(item.keyfacts):
                return Failed(
                    f"item {item.id!r}: {len(given)} {field} lists for {len(item.keyfacts)} key facts; "
                    "give one list (possibly empty) per fact"
                )
        raw = split_sentences(item.summary)
        sentences = [analyse(s) for s in raw]
        facts = [analyse(f) for f in item.keyfacts]
        wordings = [[analyse(w) for w in item.wordings[k]] if item.wordings else [] for k in range(len(facts))]
        alignments = align_variants(facts, wordings, sentences)
        probes = [[analyse(p) for p in item.probes[k]] if item.probes else [] for k in range(len(facts))]
        gated = self._predicate_gate(facts, wordings, probes, sentences)
        salience = checklist_salience([canonical(f) for f in facts])
        cast = story_cast(facts, wordings) if self.check_meaning else None
        return [
            self._verdict(facts[k], wordings[k], alignments[k], probes[k], raw, sentences, gated[k], salience,
                          cast, cast.aliases[k] if cast else frozenset())
            for k in range(len(facts))
        ]

    def _predicate_gate(
        self,
        facts: list[Analysed],
        wordings: list[list[Analysed]],
        probes: list[list[Analysed]],
        sentences: list[Analysed],
    ) -> list[list[bool]]:
        """Per fact and variant (the fact, then its wordings): whether the summary states enough of what
        it says (``predicate``; and, for a variant that denies something, the word it denies:
        ``meaning.keeps_denial``). Only items with probes are gated; the others all pass. A wording's
        predicate is found as if it stood in its fact's place in the checklist, and the summary must
        tell it apart from at least half of the fact's probes (``Predicate.passes(strict=True)``)."""
        if not self.check_predicates or not any(probes):
            return [[True] * (1 + len(ws)) for ws in wordings]
        summary = frozenset(canonical_stem(s) for sent in sentences for s in sent.stems)
        own = [p.passes(summary) for p in checklist_predicates(facts, probes)]
        out = []
        for k, ws in enumerate(wordings):
            row = [own[k]]
            for w in ws:
                swapped = facts[:k] + [w] + facts[k + 1 :]
                row.append(checklist_predicates(swapped, probes)[k].passes(summary, strict=True))
            if self.check_meaning:  # since version 6: a denial needs the word it denies
                denies = any(sent.negated for sent in sentences)
                row = [keeps and keeps_denial(v, summary, denies) for keeps, v in zip(row, [facts[k], *ws])]
            out.append(row)
        return out

    def _verdict(
        self,
        fact: Analysed,
        wordings: list[Analysed],
        alignments: list[Alignment],
        probes: list[Analysed],
        raw: list[str],
        sentences: list[Analysed],
        keeps_predicate: list[bool],
        salience: Mapping[str, float] | None = None,
        cast: Cast | None = None,
        aliases: frozenset[str] = frozenset(),
    ) -> Verdict:
        """The verdict on one fact, stated by its text or by any accepted wording (the best-scoring
        variant after the predicate gate); ``cast`` is the checklist's (with the meaning checks on) and
        ``aliases`` its other names for this fact's actor."""
        known = cast.names if cast else frozenset()
        if alignments[0].best is None:
            return Verdict("missing", 0.0, None)
        variants = [fact, *wordings]
        threshold = self.params.threshold_for(alignments[0].features)
        capped = round(threshold * PREDICATE_CAP, 6)
        if self.check_meaning:  # a variant that places its matter "in X" needs X named (meaning.names_its_place)
            named = frozenset().union(*(canonical_set(s) for s in sentences))
            keeps_predicate = [keeps and names_its_place(v, named) for keeps, v in zip(keeps_predicate, variants)]
        scores = [
            round(self.params.score(a.features), 6) if keeps else min(round(self.params.score(a.features), 6), capped)
            for a, keeps in zip(alignments, keeps_predicate)
        ]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        score, alignment = scores[best], alignments[best]
        decision = outcome_decision(fact, variants, sentences, aliases, known) if self.check_meaning else None
        if self.check_contradictions:
            if isinstance(decision, Decision) and decision.label == "contradicted":
                return Verdict("contradicted", 0.0, raw[decision.sentence])
            if isinstance(decision, Decision):
                # the summary states the fact's outcome: probes that only reverse that outcome are answered
                probes = [p for p in probes if not reverses_outcome(fact, p)]
            found = self._conflict(fact, variants, probes, sentences, alignment, score >= threshold, salience, cast,
                                   aliases)
            if found is not None:
                return Verdict("contradicted", 0.0, raw[found])
        if isinstance(decision, Decision):
            # the summary states the fact's outcome about the fact's matter
            return Verdict("stated", max(score, threshold), raw[decision.sentence])
        wrong_speaker = self._wrong_speaker(variants, sentences, alignment, salience, aliases) if self.check_meaning else None
        if decision is False and fact_outcome(variants[best]) is None:
            decision = None  # an accepted wording that states the outcome in words the lexicon lacks
        if decision is False or wrong_speaker is not None:
            # an outcome never stated, or the words given to another speaker: never stated
            score = min(score, capped)
        if score >= threshold:
            return Verdict("stated", score, raw[alignment.best])
        return Verdict("missing", score, None)

    def _wrong_speaker(
        self,
        variants: list[Analysed],
        sentences: list[Analysed],
        alignment: Alignment,
        salience: Mapping[str, float] | None,
        aliases: frozenset[str] = frozenset(),
    ) -> tuple[float, bool] | None:
        if alignment.best is None:
            return None
        return misattributed(variants, sentences[alignment.best], salience, aliases)

    def _conflict(
        self,
        fact: Analysed,
        variants: list[Analysed],
        probes: list[Analysed],
        sentences: list[Analysed],
        alignment: Alignment,
        stated_by_words: bool,
        salience: Mapping[str, float] | None = None,
        cast: Cast | None = None,
        aliases: frozenset[str] = frozenset(),
    ) -> int | None:
        """The index of a sentence that contradicts the fact: a probe or a general conflict
        (``find_conflict``), a wrong speaker holding the whole claim (of a fact that its words would
        state), the fact's act given to another of the story's actors (``roles.agent_conflict``), a
        wrong place."""
        # contradictions are looked for among the sentences that match the fact on its plain rarity
        # weights (topic words included): the clause and polarity rules were set on those matches
        plain = [weighted_recall(fact, set(s.stems)) for s in sentences]
        found = find_conflict(fact, probes, sentences, plain, self.params, variants[1:] if self.check_meaning else (),
                              outcome_read=self.check_meaning, cast=cast)
        if found is not None:
            return found[1]
        if not self.check_meaning:
            return None
        wrong = self._wrong_speaker(variants, sentences, alignment, salience, aliases)
        if (wrong is not None and wrong[1] and wrong[0] >= CLAIM_MATCH and stated_by_words
                and same_outcome(variants, sentences[alignment.best])):
            return alignment.best
        agent = agent_conflict(variants, sentences, cast.actors if cast else (), salience, aliases,
                               cast.names if cast else frozenset())
        return agent if agent is not None else place_conflict(variants, sentences)


@judges.register("align", help="Offline lexical-alignment judge (default): rare stems, numbers, negation, roles.")
def _factory(argument: str | None, options: Mapping[str, Any]) -> AlignJudge:
    if argument is not None:
        raise PluginError(f"align takes no argument (got 'align:{argument}'); use --judge align")
    return AlignJudge(None, options)


_factory.OPTIONS = AlignJudge.OPTIONS
