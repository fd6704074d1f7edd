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
   states enough of what the fact says about its actors (``predicate``): a fact that fails this gate
   is never stated and its score is capped at ``PREDICATE_CAP`` times the threshold.

Label: ``contradicted`` if a conflict was found (score 0, evidence = the conflicting sentence), else
``stated`` when ``score >= threshold`` and the predicate gate passes (evidence = the best-aligned
sentence), else ``missing`` (evidence ``None``). The weights and the threshold live in
``align_params.json`` next to this file, fitted by ``benchmarks/fit_align.py`` on the REALSumm dev split (Bhandari et al., 2020, CC BY 4.0);
the file records the data's sha256, the fitting command and the full-fit and cross-validated figures.
Everything is deterministic, offline and CPU-only: no model is downloaded or run.

The version history (align@1 to align@5, and what was measured and not adopted) is in ``CHANGELOG.md``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

from ...errors import PluginError
from ...options import Option, OptionReader
from ...text import split_sentences
from ...types import Failed, JudgeItem, Verdict
from ..base import BaseJudge, JudgeOutput, judges
from .contradiction import (
    Conflict,
    negation_conflict,
    number_conflict,
    opposite_conflict,
    probe_conflict,
    role_conflict,
)
from .features import FEATURE_NAMES, Alignment, align_checklist, recall_without_numbers, weighted_recall
from .lexicon import Analysed, analyse
from .predicate import checklist_predicates
from .synonyms import canonical_stem

PARAMS_FILE = "align_params.json"
CONFLICT_MARGIN = 0.15  # a general conflict must come from a sentence this close to the best match
DEFAULT_ON = ("contradictions", "predicate_gate")  # options that are on unless switched off
PREDICATE_CAP = 0.9  # a fact that fails the predicate gate scores at most this share of the threshold


@dataclass(frozen=True)
class AlignParams:
    """Fitted weights (one per feature, in ``FEATURE_NAMES`` order), bias and decision thresholds."""

    bias: float
    weights: tuple[float, ...]
    threshold: float  # score at or above which a fact is stated
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
            conflict_min_match=float(d["conflict_min_match"]),
            probe_min_match=float(d["probe_min_match"]),
            provenance=dict(d.get("provenance") or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "bias": self.bias,
            "weights": dict(zip(FEATURE_NAMES, self.weights)),
            "threshold": self.threshold,
            "conflict_min_match": self.conflict_min_match,
            "probe_min_match": self.probe_min_match,
            "provenance": dict(self.provenance),
        }

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
) -> tuple[Conflict, int] | None:
    """The first conflict found, with the index of the sentence that carries it (best aligned first).

    Probes are tried on every sentence. The general checks (negation, opposite outcome, roles, number)
    only look at sentences that match the fact at least ``conflict_min_match`` and nearly as well as
    the best-aligned sentence (within ``CONFLICT_MARGIN``): a sentence about something else that a
    better sentence of the summary already states is not a contradiction of the fact.
    """
    order = sorted(range(len(sentences)), key=lambda i: (-sentence_scores[i], i))
    for i in order:
        for probe in probes:
            c = probe_conflict(fact, probe, sentences[i], params.probe_min_match)
            if c:
                return c, i
    best = sentence_scores[order[0]] if order else 0.0
    floor = max(params.conflict_min_match, best - CONFLICT_MARGIN)
    for i in order:
        sent = sentences[i]
        if sentence_scores[i] >= floor:
            for check in (negation_conflict, opposite_conflict, role_conflict):
                c = check(fact, sent)
                if c:
                    return c, i
        # a changed number lowers the match by itself, so numbers do not count towards it here
        if fact.numbers and recall_without_numbers(fact, sent) >= params.conflict_min_match:
            c = number_conflict(fact, sent)
            if c:
                return c, i
    return None


class AlignJudge(BaseJudge):
    """Offline lexical-alignment judge (default): rare stems, numbers, negation, roles, probes."""

    family = "align"
    version = "5"
    scripts = ("Latin",)  # English stems and word lists: other scripts would silently score "missing"
    OPTIONS = (
        Option("threshold", float, None, "Alignment score from which a fact counts as stated, in [0, 1] "
               "(default: the fitted value)."),
        Option("contradictions", bool, True, "Label a fact contradicted when the summary states its opposite."),
        Option("predicate_gate", bool, True, "On checklists with probes, require the fact's predicate as well."),
    )

    def configure(self, options: OptionReader) -> None:
        params = load_params()
        threshold = options.get("threshold")
        if threshold is not None:
            if not 0.0 <= threshold <= 1.0:
                raise PluginError(f"align: threshold={threshold} must be between 0 and 1")
            params = AlignParams(**{**params.__dict__, "threshold": threshold})
        self.check_contradictions = options.get("contradictions")
        self.check_predicates = options.get("predicate_gate")
        self.params = params

    def signature(self) -> str:
        """``align@5``, plus any option that changes verdicts: ``align@5(contradictions=False)``,
        ``align@5(predicate_gate=False)``."""
        changed = {k: v for k, v in self.options.items() if not (k in DEFAULT_ON and v is True)}
        if not changed:
            return super().signature()
        return super().signature() + "(" + ",".join(f"{k}={v}" for k, v in sorted(changed.items())) + ")"

    def judge(self, items: Sequence[JudgeItem]) -> list[JudgeOutput]:
        return [self._judge_one(item) for item in items]

    def _judge_one(self, item: JudgeItem) -> JudgeOutput:
        if item.probes and len(item.probes) != len(item.keyfacts):
            return Failed(
                f"item {item.id!r}: {len(item.probes)} probe lists for {len(item.keyfacts)} key facts; "
                "give one list (possibly empty) per fact"
            )
        raw = split_sentences(item.summary)
        sentences = [analyse(s) for s in raw]
        facts = [analyse(f) for f in item.keyfacts]
        alignments = align_checklist(facts, sentences)
        probes = [[analyse(p) for p in item.probes[k]] if item.probes else [] for k in range(len(facts))]
        gated = self._predicate_gate(facts, probes, sentences)
        return [
            self._verdict(fact, alignment, fact_probes, raw, sentences, keeps_predicate)
            for fact, alignment, fact_probes, keeps_predicate in zip(facts, alignments, probes, gated)
        ]

    def _predicate_gate(
        self, facts: list[Analysed], probes: list[list[Analysed]], sentences: list[Analysed]
    ) -> list[bool]:
        """Per fact: whether the summary states enough of what the fact says (``predicate``). Only items
        with probes are gated; the others all pass."""
        if not self.check_predicates or not any(probes):
            return [True] * len(facts)
        summary = {canonical_stem(s) for sent in sentences for s in sent.stems}
        return [p.passes(summary) for p in checklist_predicates(facts, probes)]

    def _verdict(
        self,
        fact: Analysed,
        alignment: Alignment,
        probes: list[Analysed],
        raw: list[str],
        sentences: list[Analysed],
        keeps_predicate: bool = True,
    ) -> Verdict:
        if alignment.best is None:
            return Verdict("missing", 0.0, None)
        score = round(self.params.score(alignment.features), 6)
        if self.check_contradictions:
            # contradictions are looked for among the sentences that match the fact on its plain rarity
            # weights (topic words included): the clause and polarity rules were set on those matches
            plain = [weighted_recall(fact, set(s.stems)) for s in sentences]
            found = find_conflict(fact, probes, sentences, plain, self.params)
            if found is not None:
                return Verdict("contradicted", 0.0, raw[found[1]])
        if not keeps_predicate:
            # actors and topic without the predicate: never stated, and scored below the threshold
            score = min(score, round(self.params.threshold * PREDICATE_CAP, 6))
        if score >= self.params.threshold:
            return Verdict("stated", score, raw[alignment.best])
        return Verdict("missing", score, None)


@judges.register("align", help="Offline lexical-alignment judge (default): rare stems, numbers, negation, roles.")
def _factory(argument: str | None, options: Mapping[str, Any]) -> AlignJudge:
    if argument is not None:
        raise PluginError(f"align takes no argument (got 'align:{argument}'); use --judge align")
    return AlignJudge(None, options)


_factory.OPTIONS = AlignJudge.OPTIONS
