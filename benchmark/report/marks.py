"""Cut texts into marked pieces: summary sentences with the facts they decide, articles with evidence quotes.

Pure functions from text and verdicts to lists of pieces; the templates turn each piece into a
``<span>`` or ``<mark>``. The summary is cut exactly as it was scored: truncated to the task's word
budget when the run truncated it, then split with the sentence splitter the judge used, so each
verdict's deciding sentence is one of the pieces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..text import split_sentences, truncate_words, words
from ..types import Document, FactVerdict, KeyFact


@dataclass(frozen=True)
class Sentence:
    text: str
    stated: tuple[str, ...]  # fact ids this sentence states
    contradicted: tuple[str, ...]  # fact ids this sentence contradicts

    @property
    def kind(self) -> str:
        if self.contradicted:
            return "contradicted"
        return "stated" if self.stated else "plain"


@dataclass(frozen=True)
class MarkedSummary:
    sentences: tuple[Sentence, ...]
    cut: str  # the words past the word budget, not scored ("" when nothing was cut)
    unplaced: tuple[FactVerdict, ...]  # verdicts whose sentence is not among the pieces


def _norm(text: str) -> str:
    return " ".join(text.split())


def mark_summary(summary: str, verdicts: Sequence[FactVerdict], budget: int | None) -> MarkedSummary:
    """The scored sentences of ``summary`` with the facts each states or contradicts."""
    scored = truncate_words(summary, budget) if budget is not None else summary
    cut = " ".join(words(summary)[len(words(scored)):])
    pieces = split_sentences(scored)
    keys = [_norm(s) for s in pieces]
    stated: list[list[str]] = [[] for _ in pieces]
    contradicted: list[list[str]] = [[] for _ in pieces]
    unplaced = []
    for v in verdicts:
        if v.label == "missing" or not v.evidence:
            continue
        key = _norm(v.evidence)
        if key not in keys:
            unplaced.append(v)
            continue
        (stated if v.label == "stated" else contradicted)[keys.index(key)].append(v.id)
    sentences = tuple(Sentence(p, tuple(s), tuple(c)) for p, s, c in zip(pieces, stated, contradicted))
    return MarkedSummary(sentences, cut, tuple(unplaced))


@dataclass(frozen=True)
class Piece:
    text: str
    facts: tuple[str, ...]  # fact ids whose evidence quote covers this piece (empty: plain text)
    first: tuple[str, ...] = ()  # fact ids whose first marked quote starts here (link targets)


def mark_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """Cut ``text`` at every span boundary; each piece carries the keys of the spans covering it."""
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        keys = tuple(sorted({k for a, b, k in spans if a <= start and end <= b}))
        out.append(Piece(text[start:end], keys))
    return out


@dataclass(frozen=True)
class MarkedDocument:
    id: str
    title: tuple[Piece, ...]  # the headline, marked like the paragraphs (a quote may come from it)
    paragraphs: tuple[tuple[Piece, ...], ...]
    unfound: tuple[tuple[str, str], ...]  # (fact id, quote) not found verbatim in this document


def mark_documents(documents: Sequence[Document], facts: Sequence[KeyFact]) -> list[MarkedDocument]:
    """Each article's headline and paragraphs, with every fact's evidence quotes marked where they occur."""
    out, seen = [], set()
    for doc in documents:
        quotes = [(f.id, e.quote) for f in facts for e in f.evidence if e.article == doc.id]
        paragraphs, found = [], set()
        for para in [doc.title, *(p for p in doc.text.split("\n\n") if p.strip())]:
            spans = []
            for fid, quote in quotes:
                start = para.find(quote)
                if start >= 0:
                    spans.append((start, start + len(quote), fid))
                    found.add((fid, quote))
            pieces = []
            for piece in mark_spans(para, spans):
                first = tuple(f for f in piece.facts if f not in seen)
                seen.update(first)
                pieces.append(Piece(piece.text, piece.facts, first))
            paragraphs.append(tuple(pieces))
        unfound = tuple(q for q in quotes if q not in found)
        out.append(MarkedDocument(doc.id, paragraphs[0], tuple(paragraphs[1:]), unfound))
    return out
