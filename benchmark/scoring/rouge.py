"""ROUGE-1/2/L/Lsum through ``rouge-score`` (or its exact Rust re-implementation ``rouge-score-rs``).

Every choice that can move a number is a field of ``RougeSettings`` and shows up in the signature:

* ``stemmer="porter"``: rouge-score's default tokenizer with its Porter stemmer (``use_stemmer=True``);
  ``"none"`` turns stemming off.
* ``multi_ref="max"``: a prediction is scored against every reference and, *for each ROUGE type
  separately*, the reference with the highest F1 wins; the precision and recall reported for that type
  are the ones of that same reference (not the maximum precision or recall over references). Ties go
  to the first reference in order, as in ``rouge_score.RougeScorer.score_multi``.
* ``lsum_split="newline"``: before scoring, the prediction and every reference are split into sentences
  with ``benchmark.text.split_sentences`` and joined with ``"\\n"``. rouge-score reads ``"\\n"`` as the
  sentence boundary of summary-level ROUGE-L; text without newlines makes rougeLsum silently equal
  rougeL. ROUGE-1/2/L are unaffected by the join (the tokenizer drops all punctuation and whitespace).
  ``"none"`` passes the texts as they are (only useful to reproduce numbers that had that bug).
  rouge-score's own ``split_summaries=True`` is never used: it needs NLTK data that cannot be fetched.
* ``backend``: ``"auto"`` uses ``rouge-score-rs`` when it is importable and ``rouge-score`` otherwise;
  ``"rouge-score"`` or ``"rouge-score-rs"`` forces one, and a forced backend that is not installed
  raises ``MissingDependency`` (never a silent fallback).

No other preprocessing happens: rouge-score lowercases and keeps ``[a-z0-9]`` tokens itself.
An empty prediction scores zero on everything (rouge-score's own answer); deciding whether an empty
summary is an error is the runner's job.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Mapping, Sequence

from ..errors import BenchError, DataError, MissingDependency
from ..text import split_sentences

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")
STEMMERS: tuple[str, ...] = ("porter", "none")
MULTI_REF: tuple[str, ...] = ("max",)
LSUM_SPLITS: tuple[str, ...] = ("newline", "none")
BACKENDS: tuple[str, ...] = ("auto", "rouge-score", "rouge-score-rs")

# distribution name -> (module that holds RougeScorer, extra that installs it)
_BACKEND_MODULES: dict[str, tuple[str, str | None]] = {
    "rouge-score": ("rouge_score.rouge_scorer", None),  # a core dependency: no extra to name
    "rouge-score-rs": ("rouge_score_rs.rouge_scorer", "fast"),
}

Pair = tuple[str, Sequence[str]]


@dataclass(frozen=True)
class RougeSettings:
    """How ROUGE is computed; see the module docstring for what each field means."""

    types: tuple[str, ...] = ROUGE_TYPES
    stemmer: str = "porter"
    multi_ref: str = "max"
    lsum_split: str = "newline"
    backend: str = "auto"

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", tuple(self.types))
        _check_choice("ROUGE type", self.types, ROUGE_TYPES)
        if not self.types:
            raise BenchError(f"no ROUGE type selected; choose from {', '.join(ROUGE_TYPES)}")
        _check_choice("stemmer", (self.stemmer,), STEMMERS)
        _check_choice("multi-reference rule", (self.multi_ref,), MULTI_REF)
        _check_choice("rougeLsum sentence split", (self.lsum_split,), LSUM_SPLITS)
        _check_choice("ROUGE backend", (self.backend,), BACKENDS)

    @property
    def use_stemmer(self) -> bool:
        return self.stemmer == "porter"

    def signature_fields(self) -> dict[str, str]:
        """Signature fields, naming the backend that will actually run (this resolves ``auto``)."""
        backend = resolve_backend(self.backend)
        return {
            "rouge": "/".join(t[len("rouge"):] for t in self.types),
            "stem": self.stemmer,
            "agg": self.multi_ref,
            "rougeLsum": self.lsum_split,
            "backend": f"{backend}-{_dist_version(backend)}",
        }


def _check_choice(what: str, values: Sequence[str], allowed: Sequence[str]) -> None:
    for value in values:
        if value not in allowed:
            raise BenchError(f"unknown {what} {value!r}; choose one of: {', '.join(allowed)}")


def _dist_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # importable but not installed as a distribution (a source tree)
        return "unknown"


def _import_backend(name: str) -> Any:
    """The backend's ``rouge_scorer`` module, or ``MissingDependency`` naming what to install."""
    module, extra = _BACKEND_MODULES[name]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(f"the {name} ROUGE backend", extra, name) from None


def resolve_backend(requested: str = "auto") -> str:
    """The distribution name of the backend ``requested`` selects on this machine."""
    _check_choice("ROUGE backend", (requested,), BACKENDS)
    if requested != "auto":
        _import_backend(requested)
        return requested
    for name in ("rouge-score-rs", "rouge-score"):
        try:
            _import_backend(name)
        except MissingDependency:
            continue
        return name
    raise MissingDependency("ROUGE scoring", None, "rouge-score")


@lru_cache(maxsize=16384)
def newline_sentences(text: str) -> str:
    """``text`` split with the benchmark's sentence splitter, one sentence per line."""
    return "\n".join(split_sentences(text))


def score_keys(types: Sequence[str] = ROUGE_TYPES) -> list[str]:
    """The flat keys ``score`` returns, in order: ``rouge1_p, rouge1_r, rouge1_f, ...``."""
    return [f"{t}_{part}" for t in types for part in ("p", "r", "f")]


class RougeScorer:
    """ROUGE of a prediction against one or more references, as flat ``{type}_{p|r|f}`` fractions."""

    def __init__(self, settings: RougeSettings | None = None):
        self.settings = settings or RougeSettings()
        self.backend = resolve_backend(self.settings.backend)
        module = _import_backend(self.backend)
        self._scorer = module.RougeScorer(list(self.settings.types), use_stemmer=self.settings.use_stemmer)
        self._batch = getattr(self._scorer, "score_batch", None)

    def signature_fields(self) -> dict[str, str]:
        fields = self.settings.signature_fields()
        fields["backend"] = f"{self.backend}-{_dist_version(self.backend)}"
        return fields

    def prepare(self, text: str) -> str:
        """The exact string handed to the backend for ``text`` (sentences newline-joined, by default)."""
        if self.settings.lsum_split == "newline":
            return newline_sentences(text)
        return text

    def score(self, prediction: str, references: Sequence[str]) -> dict[str, float]:
        """Scores against every reference; per type, P/R/F of the reference with the highest F1."""
        refs = self._check_refs(references)
        best = self._scorer.score_multi([self.prepare(r) for r in refs], self.prepare(prediction))
        return self._flatten(best)

    def score_many(self, pairs: Sequence[Pair]) -> list[dict[str, float]]:
        """``[score(p, refs) for p, refs in pairs]``, using the backend's parallel batch API if it has one."""
        if self._batch is None:
            return [self.score(pred, refs) for pred, refs in pairs]
        targets: list[str] = []
        predictions: list[str] = []
        spans: list[tuple[int, int]] = []
        for pred, refs in pairs:
            prepared = self.prepare(pred)
            start = len(targets)
            for ref in self._check_refs(refs):
                targets.append(self.prepare(ref))
                predictions.append(prepared)
            spans.append((start, len(targets)))
        results = self._batch(targets, predictions) if targets else []
        return [self._flatten(self._best(results[a:b])) for a, b in spans]

    def _best(self, per_ref: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Per type, the score of the first reference with the highest F1 (``score_multi``'s rule)."""
        best: dict[str, Any] = {}
        for t in self.settings.types:
            for scores in per_ref:
                if t not in best or scores[t].fmeasure > best[t].fmeasure:
                    best[t] = scores[t]
        return best

    def _flatten(self, scores: Mapping[str, Any]) -> dict[str, float]:
        out: dict[str, float] = {}
        for t in self.settings.types:
            s = scores[t]
            out[f"{t}_p"] = float(s.precision)
            out[f"{t}_r"] = float(s.recall)
            out[f"{t}_f"] = float(s.fmeasure)
        return out

    @staticmethod
    def _check_refs(references: Sequence[str]) -> Sequence[str]:
        if isinstance(references, str):
            raise TypeError("references must be a sequence of strings, not one string")
        if not references:
            raise DataError(
                "ROUGE needs at least one reference for every task, and this one has none left to score "
                "against (a 'reference' baseline needs two references per task); add references to the "
                "task or leave it out"
            )
        return references


__all__ = [
    "BACKENDS",
    "ROUGE_TYPES",
    "RougeScorer",
    "RougeSettings",
    "newline_sentences",
    "resolve_backend",
    "score_keys",
]
