"""Extractive fragment coverage and density (Grusky et al., 2018), checked on examples worked by hand."""

from __future__ import annotations

import pytest

from benchmark.resources import seeds_dir
from benchmark.scoring.extractiveness import Fragment, extractiveness, fragments, tokens
from benchmark.text import split_sentences

ARTICLE = "The cat sat on the mat, and the dog ran away."
# article tokens: the(0) cat(1) sat(2) on(3) the(4) mat(5) and(6) the(7) dog(8) ran(9) away(10)


def test_tokens_are_lowercased_word_runs():
    assert tokens("NATO’s chief, Rasmussen: “No!”") == ["nato", "s", "chief", "rasmussen", "no"]
    assert tokens("") == []


def test_greedy_fragments_keep_the_longest_match():
    # summary: the(0) dog(1) sat(2) on(3) the(4) mat(5)
    # i=0 "the": article matches at 0 ("the", then cat != dog: length 1), at 4 (length 1) and at 7
    #   ("the dog", then ran != sat: length 2) -> the longest is "the dog" at article 7.
    # i=2 "sat": article 2 onwards "sat on the mat" (length 4) -> done.
    frags = fragments(tokens(ARTICLE), tokens("The dog sat on the mat."))
    assert frags == [Fragment(0, 7, 2), Fragment(2, 2, 4)]
    # coverage = (2 + 4) / 6 = 1.0; density = (2**2 + 4**2) / 6 = 20/6;
    # compression = 11 article words / 6 summary words.
    got = extractiveness(ARTICLE, "The dog sat on the mat.")
    assert got == {
        "length_words": 6,
        "compression": pytest.approx(11 / 6),
        "coverage": 1.0,
        "density": pytest.approx(20 / 6),
    }


def test_novel_words_lower_coverage():
    # summary: a(0) dog(1) barked(2): only "dog" is in the article (length-1 fragment).
    # coverage = 1/3, density = 1**2 / 3 = 1/3, compression = 11/3
    got = extractiveness(ARTICLE, "A dog barked.")
    assert fragments(tokens(ARTICLE), tokens("A dog barked.")) == [Fragment(1, 8, 1)]
    assert got["coverage"] == pytest.approx(1 / 3)
    assert got["density"] == pytest.approx(1 / 3)
    assert got["compression"] == pytest.approx(11 / 3)


def test_scattered_words_versus_one_copied_span():
    # Same six article words, copied as one span (density 6) or scattered one by one (density 1):
    # coverage cannot tell them apart, density can.
    copied = extractiveness(ARTICLE, "sat on the mat and the")
    scattered = extractiveness(ARTICLE, "mat sat away cat and dog")
    assert copied["coverage"] == scattered["coverage"] == 1.0
    assert copied["density"] == 6.0
    assert scattered["density"] == 1.0


def test_ties_keep_the_first_match():
    # "a b" occurs at article positions 2 and 5; both are length 2, the first is kept.
    assert fragments(tokens("x y a b z a b"), tokens("a b")) == [Fragment(0, 2, 2)]


def test_case_and_punctuation_do_not_break_fragments():
    got = extractiveness("the cat sat", "The CAT, sat!")
    assert (got["coverage"], got["density"]) == (1.0, 3.0)


def test_empty_summary():
    assert extractiveness(ARTICLE, "") == {"length_words": 0, "compression": None, "coverage": 0.0, "density": 0.0}
    assert extractiveness(ARTICLE, "  — ") == {
        "length_words": 1,  # one whitespace word, but no token
        "compression": 11.0,
        "coverage": 0.0,
        "density": 0.0,
    }
    assert fragments(tokens(ARTICLE), []) == []


def test_empty_article():
    assert extractiveness("", "NATO met Russia.") == {
        "length_words": 3,
        "compression": 0.0,
        "coverage": 0.0,
        "density": 0.0,
    }


def test_lead_of_a_seed_article_is_fully_extractive():
    text = next(iter(sorted(seeds_dir().glob("*.txt")))).read_text(encoding="utf-8")
    lead = " ".join(split_sentences(text)[3:5])  # two whole body sentences
    got = extractiveness(text, lead)
    n = len(tokens(lead))
    assert got["coverage"] == 1.0
    # Two adjacent sentences are one copied span: one fragment of n tokens -> density n*n/n = n.
    assert got["density"] == float(n)
    assert got["compression"] == pytest.approx(len(text.split()) / len(lead.split()))
