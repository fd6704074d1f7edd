"""How extractive a summary is: extractive fragment coverage and density (Grusky et al., 2018).

Grusky, Naaman and Artzi, "Newsroom: A Dataset of 1.3 Million Summaries with Diverse Extractive
Strategies", NAACL 2018, section 4.1. With ``F(A, S)`` the extractive fragments of summary ``S`` in
article ``A`` (shared token sequences found by the paper's greedy matcher, see ``fragments``):

* coverage = sum(|f| for f in F) / |S|: the share of summary tokens that sit inside some fragment;
* density  = sum(|f|**2 for f in F) / |S|: the average length of the fragment each summary token
  belongs to (0 for a token in no fragment). A summary that copies one 20-token span has density 20;
  one that reuses 20 scattered single words has density 1.

Tokens are lowercased word characters, ``re.findall(r"\\w+", text.lower())``: punctuation is ignored
and "Lavrov's" is two tokens, "lavrov" and "s". The paper tokenised with spaCy; this simpler rule
keeps the metric dependency-free and gives the same picture.

``length_words`` and ``compression`` use the benchmark's word unit (whitespace words,
``benchmark.text.count_words``), the unit of every word budget: compression = article words /
summary words.

Empty summary (no tokens): coverage 0.0, density 0.0 and compression ``None`` (the ratio is
undefined; aggregates skip it and count it as missing rather than averaging in an infinity or a 0).

For a multi-article task pass the whole source text (all articles, ``Task.source_text``): a fragment
may come from any of them. The articles' token streams are simply concatenated, so a summary that
ends one article's last sentence with the next article's title would count as one fragment; with
real summaries this does not happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..text import count_words

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The tokens fragments are matched on: lowercased runs of word characters."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Fragment:
    """One extractive fragment: ``length`` tokens of the summary from ``summary_start`` on equal the
    article's tokens from ``article_start`` on."""

    summary_start: int
    article_start: int
    length: int


def fragments(article_tokens: Sequence[str], summary_tokens: Sequence[str]) -> list[Fragment]:
    """The greedy extractive fragments of Grusky et al. (2018), in summary order.

    From the current summary position, scan the article for every run of tokens shared with the
    summary from that position; keep the longest (the first one on ties). If there is one, record
    it and move past it in the summary; otherwise move one summary token on. Each fragment is thus
    a maximal copied span, and the fragments never overlap in the summary.
    """
    a, s = article_tokens, summary_tokens
    n_a, n_s = len(a), len(s)
    found: list[Fragment] = []
    i = 0
    while i < n_s:
        best: Fragment | None = None
        j = 0
        while j < n_a:
            if s[i] != a[j]:
                j += 1
                continue
            k = 0
            while i + k < n_s and j + k < n_a and s[i + k] == a[j + k]:
                k += 1
            if best is None or k > best.length:
                best = Fragment(summary_start=i, article_start=j, length=k)
            j += k
        if best is None:
            i += 1
        else:
            found.append(best)
            i += best.length
    return found


def coverage(frags: Sequence[Fragment], n_summary_tokens: int) -> float:
    """Share of summary tokens inside a fragment; 0.0 for an empty summary."""
    if n_summary_tokens == 0:
        return 0.0
    return sum(f.length for f in frags) / n_summary_tokens


def density(frags: Sequence[Fragment], n_summary_tokens: int) -> float:
    """Sum of squared fragment lengths over the number of summary tokens; 0.0 for an empty summary."""
    if n_summary_tokens == 0:
        return 0.0
    return sum(f.length * f.length for f in frags) / n_summary_tokens


def compression(article: str, summary: str) -> float | None:
    """Article words per summary word; ``None`` when the summary has no words."""
    n_summary = count_words(summary)
    if n_summary == 0:
        return None
    return count_words(article) / n_summary


def extractiveness(article: str, summary: str) -> dict[str, float | None]:
    """``length_words``, ``compression``, ``coverage`` and ``density`` of ``summary`` against ``article``."""
    s_tokens = tokens(summary)
    frags = fragments(tokens(article), s_tokens)
    return {
        "length_words": count_words(summary),
        "compression": compression(article, summary),
        "coverage": coverage(frags, len(s_tokens)),
        "density": density(frags, len(s_tokens)),
    }


__all__ = ["Fragment", "compression", "coverage", "density", "extractiveness", "fragments", "tokens"]
