"""The optional rouge-score-rs backend gives rouge-score's numbers exactly, and backend selection is
honest: ``auto`` names what ran, a forced backend that is missing is an error, never a fallback."""

from __future__ import annotations

import random
import sys

import pytest
from rouge_score import rouge_scorer as reference_impl

from benchmark.errors import MissingDependency
from benchmark.resources import seeds_dir
from benchmark.scoring.rouge import ROUGE_TYPES, RougeScorer, RougeSettings, newline_sentences, resolve_backend
from benchmark.text import split_sentences

rs = pytest.importorskip("rouge_score_rs", reason="the fast backend is optional: pip install 'newsbench[fast]'")


def _articles() -> list[list[str]]:
    return [split_sentences(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir().glob("*.txt"))]


def _edge_pairs(articles: list[list[str]]) -> list[tuple[str, list[str]]]:
    first = articles[0][3]
    return [
        ("", [first]),
        (first, [""]),
        ("", [""]),
        ("Russia", [first]),
        ("Russia", ["Russia"]),
        ("missile", ["Missiles"]),
        ("“", [first]),
        ("NATO", ["", "NATO"]),
        (first, [first]),
        (first, ["Russia", first, ""]),
    ]


def _pairs(n: int, seed: int = 2011) -> list[tuple[str, list[str]]]:
    """Edge cases, then predictions and 1-3 references built from the seed articles' sentences:
    single sentences, leads, shuffles, both articles mixed, sentence-per-line and space-joined."""
    rng = random.Random(seed)
    articles = _articles()
    pool = [s for a in articles for s in a]

    def text() -> str:
        kind = rng.randrange(5)
        k = rng.randint(1, 5)
        if kind == 0:
            sents = [rng.choice(pool)]
        elif kind == 1:
            sents = rng.choice(articles)[:k]
        elif kind == 2:
            sents = rng.sample(rng.choice(articles), k)
        elif kind == 3:
            sents = rng.sample(pool, k)
        else:  # one word of a sentence
            sents = [rng.choice(rng.choice(pool).split())]
        return rng.choice((" ", "\n")).join(sents)

    random_pairs = [(text(), [text() for _ in range(rng.randint(1, 3))]) for _ in range(n)]
    return _edge_pairs(articles) + random_pairs


PAIRS = _pairs(300)


def test_fast_backend_scores_equal_rouge_score_exactly():
    slow = RougeScorer(RougeSettings(backend="rouge-score"))
    fast = RougeScorer(RougeSettings(backend="rouge-score-rs"))
    assert fast.backend == "rouge-score-rs"
    got_slow = slow.score_many(PAIRS)
    got_fast = fast.score_many(PAIRS)  # the parallel batch path
    assert len(got_fast) == len(PAIRS) == 310
    for pair, a, b in zip(PAIRS, got_slow, got_fast):
        assert a == b, pair
    # The one-at-a-time path gives the same as the batch path.
    for pair, row in zip(PAIRS[:40], got_fast[:40]):
        assert fast.score(*pair) == row
    # Not a vacuous comparison: the pairs span the whole range.
    f1 = [row["rouge2_f"] for row in got_fast]
    assert min(f1) == 0.0 and max(f1) == 1.0 and len(set(f1)) > 100


@pytest.mark.parametrize("stem", [True, False])
def test_fast_library_equals_rouge_score_library(stem):
    """The two libraries called directly, both stemmer settings, one reference per pair."""
    types = list(ROUGE_TYPES)
    slow = reference_impl.RougeScorer(types, use_stemmer=stem)
    fast = rs.RougeScorer(types, use_stemmer=stem)
    targets = [newline_sentences(refs[0]) for _, refs in PAIRS]
    preds = [newline_sentences(p) for p, _ in PAIRS]
    for t, p, got in zip(targets, preds, fast.score_batch(targets, preds)):
        want = slow.score(t, p)
        for typ in types:
            assert tuple(map(float, got[typ])) == tuple(map(float, want[typ])), (typ, t, p)


def test_auto_uses_the_fast_backend_and_says_so():
    assert resolve_backend("auto") == "rouge-score-rs"
    scorer = RougeScorer()
    assert scorer.backend == "rouge-score-rs"
    assert scorer.signature_fields()["backend"] == f"rouge-score-rs-{rs.__version__}"


def _hide(monkeypatch, *modules: str) -> None:
    """Make ``import module`` fail as if the package were not installed (``sys.modules[name] = None``)."""
    for name in list(sys.modules):
        if any(name == m or name.startswith(m + ".") for m in modules):
            monkeypatch.delitem(sys.modules, name)
    for m in modules:
        monkeypatch.setitem(sys.modules, m, None)


def test_forcing_a_missing_backend_raises(monkeypatch):
    _hide(monkeypatch, "rouge_score_rs")
    with pytest.raises(MissingDependency, match=r"rouge-score-rs.*pip install 'newsbench\[fast\]'"):
        RougeScorer(RougeSettings(backend="rouge-score-rs"))
    with pytest.raises(MissingDependency):
        RougeSettings(backend="rouge-score-rs").signature_fields()


def test_auto_without_the_fast_backend_uses_rouge_score_and_names_it(monkeypatch):
    _hide(monkeypatch, "rouge_score_rs")
    scorer = RougeScorer()
    assert scorer.backend == "rouge-score"
    assert scorer.signature_fields()["backend"] == "rouge-score-0.1.2"
    assert scorer.score("Russia", ["Russia"])["rouge1_f"] == 1.0


def test_no_backend_at_all_is_an_error_not_a_zero(monkeypatch):
    _hide(monkeypatch, "rouge_score_rs", "rouge_score")
    with pytest.raises(MissingDependency, match="ROUGE scoring"):
        RougeScorer()
    with pytest.raises(MissingDependency, match="rouge-score ROUGE backend"):
        RougeScorer(RougeSettings(backend="rouge-score"))
