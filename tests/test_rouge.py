"""ROUGE through our scorer: equal to rouge-score called directly, to hand-worked numbers, and right
about rougeLsum's newline rule. These tests force the rouge-score backend; the rouge-score-rs backend
is compared with it in test_rouge_backends.py."""

from __future__ import annotations

import random

import pytest
from rouge_score import rouge_scorer as reference_impl

from benchmark.errors import BenchError, DataError
from benchmark.resources import seeds_dir
from benchmark.scoring.rouge import ROUGE_TYPES, RougeScorer, RougeSettings, newline_sentences, score_keys
from benchmark.text import split_sentences

PY = RougeSettings(backend="rouge-score")


@pytest.fixture(scope="module")
def ours() -> RougeScorer:
    return RougeScorer(PY)


@pytest.fixture(scope="module")
def direct():
    return reference_impl.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def _flat(scores) -> dict[str, float]:
    return {
        f"{t}_{k}": float(getattr(scores[t], attr))
        for t in ROUGE_TYPES
        for k, attr in (("p", "precision"), ("r", "recall"), ("f", "fmeasure"))
    }


def _seed_pairs(n: int, seed: int = 7) -> list[tuple[str, list[str]]]:
    """Predictions and 1-3 references made of space-joined sentences of the seed articles."""
    rng = random.Random(seed)
    articles = [split_sentences(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir().glob("*.txt"))]
    pool = [s for a in articles for s in a]

    def text() -> str:
        k = rng.randint(1, 4)
        pick = rng.randrange(3)
        if pick == 0:
            return " ".join(rng.choice(articles)[:k])  # a lead
        if pick == 1:
            return " ".join(rng.sample(rng.choice(articles), k))  # shuffled sentences of one article
        return " ".join(rng.sample(pool, k))  # both articles mixed

    return [(text(), [text() for _ in range(rng.randint(1, 3))]) for _ in range(n)]


def test_keys_are_flat_fractions(ours):
    row = ours.score("NATO and Russia failed to agree.", ["NATO and Russia did not agree on Thursday."])
    assert list(row) == score_keys() == [
        "rouge1_p", "rouge1_r", "rouge1_f", "rouge2_p", "rouge2_r", "rouge2_f",
        "rougeL_p", "rougeL_r", "rougeL_f", "rougeLsum_p", "rougeLsum_r", "rougeLsum_f",
    ]
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in row.values())


def test_equal_to_rouge_score_called_directly(ours, direct):
    """Exact equality, every type and P/R/F: rouge1/2/L against the raw texts, rougeLsum against
    the newline-joined sentences (the input rougeLsum must get), max over references."""
    pairs = _seed_pairs(120)
    got = ours.score_many(pairs)
    for (pred, refs), row in zip(pairs, got):
        raw = _flat(direct.score_multi(refs, pred))
        joined = _flat(direct.score_multi([newline_sentences(r) for r in refs], newline_sentences(pred)))
        for key in score_keys():
            expected = joined[key] if key.startswith("rougeLsum") else raw[key]
            assert row[key] == expected, (key, pred, refs)
        assert row == ours.score(pred, refs)


def test_hand_worked_example(ours):
    # prediction: on the mat the cat sat        (6 tokens)
    # reference:  the cat lay on the red mat    (7 tokens)
    # ROUGE-1: clipped unigram overlap the=2, cat, on, mat -> 5: P = 5/6, R = 5/7, F = 2*5/(6+7) = 10/13
    # ROUGE-2: prediction bigrams {on the, the mat, mat the, the cat, cat sat} (5),
    #          reference bigrams {the cat, cat lay, lay on, on the, the red, red mat} (6);
    #          shared: "on the", "the cat" -> 2: P = 2/5, R = 2/6, F = 2*2/(5+6) = 4/11
    # ROUGE-L: longest common subsequence "on the mat" (3): P = 3/6, R = 3/7, F = 6/13
    # One sentence each, so rougeLsum = rougeL.
    row = ours.score("On the mat the cat sat.", ["The cat lay on the red mat."])
    expected = {
        "rouge1": (0.83333, 0.71429, 0.76923),
        "rouge2": (0.40000, 0.33333, 0.36364),
        "rougeL": (0.50000, 0.42857, 0.46154),
        "rougeLsum": (0.50000, 0.42857, 0.46154),
    }
    for t, (p, r, f) in expected.items():
        assert (round(row[f"{t}_p"], 5), round(row[f"{t}_r"], 5), round(row[f"{t}_f"], 5)) == (p, r, f), t


def test_porter_stemming_on_and_off():
    # "Talks continued" / "talk continues": stemmed both read "talk continu" -> every ROUGE-1 figure is 1.
    # Without stemming no token is shared -> 0.
    pred, refs = "Talks continued", ["talk continues"]
    assert RougeScorer(PY).score(pred, refs)["rouge1_f"] == 1.0
    unstemmed = RougeScorer(RougeSettings(stemmer="none", backend="rouge-score"))
    assert unstemmed.score(pred, refs)["rouge1_f"] == 0.0
    assert unstemmed.signature_fields()["stem"] == "none"


def test_rougelsum_needs_newline_joined_sentences(ours, direct):
    # Prediction "The cat sat. The dog ran." vs reference "The dog ran. The cat sat.":
    # ROUGE-L over the whole texts: LCS of [the cat sat the dog ran] and [the dog ran the cat sat] is 3
    # -> F = 3/6 = 0.5. Summary-level ROUGE-L over sentences: each reference sentence is matched in full
    # by one prediction sentence (union LCS 3 + 3 = 6 of 6 tokens) -> F = 1.0. The difference exists only
    # if rouge-score sees the sentence boundaries, i.e. the sentences joined by "\n".
    pred, ref = "The cat sat. The dog ran.", "The dog ran. The cat sat."
    row = ours.score(pred, [ref])
    assert row["rougeL_f"] == 0.5
    assert row["rougeLsum_f"] == 1.0
    # Skipping the join (the classic bug) makes rougeLsum collapse to rougeL:
    assert direct.score(ref, pred)["rougeLsum"].fmeasure == 0.5
    no_join = RougeScorer(RougeSettings(lsum_split="none", backend="rouge-score"))
    assert no_join.score(pred, [ref])["rougeLsum_f"] == 0.5
    assert no_join.signature_fields()["rougeLsum"] == "none"


def test_rougelsum_split_respects_news_abbreviations(ours):
    # "U.S." and "Nov. 26" must not end sentences: the split is two sentences, not four.
    text = "The U.S. envoy met Lavrov on Nov. 26 in Brussels. Talks will go on."
    assert ours.prepare(text) == "The U.S. envoy met Lavrov on Nov. 26 in Brussels.\nTalks will go on."


def test_multi_reference_max_keeps_precision_and_recall_of_the_best_reference(ours):
    pred = "missile talks fail again"
    short = "talks"  # ROUGE-1: P = 1/4, R = 1/1, F = 2*(1/4)/(5/4) = 0.4
    long = "missile talks fail in brussels on thursday evening"  # P = 3/4, R = 3/8, F = 0.5
    row = ours.score(pred, [short, long])
    assert row["rouge1_f"] == pytest.approx(0.5)
    # P and R are those of the reference with the best F1, not the maxima over references:
    assert row["rouge1_p"] == pytest.approx(0.75)
    assert row["rouge1_r"] == pytest.approx(0.375)
    # The choice is made per type: ROUGE-2 also prefers `long` (2 shared bigrams), scored on its own.
    assert row["rouge2_f"] == ours.score(pred, [long])["rouge2_f"]
    # The order of references does not matter when F1 differs.
    assert ours.score(pred, [long, short]) == row


def test_empty_and_one_word_edge_cases(ours):
    zeros = dict.fromkeys(score_keys(), 0.0)
    assert ours.score("", ["NATO and Russia failed to agree."]) == zeros
    assert ours.score("   \n ", ["NATO and Russia failed to agree."]) == zeros
    assert ours.score("“ — ”", ["NATO and Russia failed to agree."]) == zeros  # no [a-z0-9] token at all
    assert ours.score("NATO failed.", [""]) == zeros
    one = ours.score("Russia", ["Russia"])
    assert one["rouge1_f"] == one["rougeL_f"] == one["rougeLsum_f"] == 1.0
    assert one["rouge2_f"] == 0.0  # a single word has no bigram
    part = ours.score("Russia", ["NATO and Russia"])
    assert (part["rouge1_p"], part["rouge1_r"]) == (1.0, pytest.approx(1 / 3))


def test_non_ascii_text_is_not_stripped(ours, direct):
    pred = "NATO’s chief said Russia’s “concerns” were heard."
    ref = "Rasmussen said NATO’s allies heard Russia’s concerns."
    assert ours.score(pred, [ref])["rouge1_f"] == direct.score(ref, pred)["rouge1"].fmeasure


def test_score_many_with_no_pairs(ours):
    assert ours.score_many([]) == []


def test_no_reference_left_is_a_clear_error(ours):
    with pytest.raises(DataError, match="at least one reference"):
        ours.score("NATO failed.", [])
    with pytest.raises(DataError, match="at least one reference"):
        ours.score_many([("NATO failed.", ["NATO failed."]), ("Russia.", [])])
    with pytest.raises(TypeError, match="sequence of strings"):
        ours.score("NATO failed.", "NATO failed.")


def test_settings_are_validated_and_signed():
    with pytest.raises(BenchError, match="unknown ROUGE type 'rouge3'"):
        RougeSettings(types=("rouge1", "rouge3"))
    with pytest.raises(BenchError, match="multi-reference rule 'mean'"):
        RougeSettings(multi_ref="mean")
    with pytest.raises(BenchError, match="choose one of: auto, rouge-score, rouge-score-rs"):
        RougeSettings(backend="sacrerouge")
    only = RougeScorer(RougeSettings(types=["rouge1", "rougeLsum"], backend="rouge-score"))
    assert list(only.score("a b", ["a c"])) == ["rouge1_p", "rouge1_r", "rouge1_f", "rougeLsum_p", "rougeLsum_r", "rougeLsum_f"]
    fields = RougeScorer(PY).signature_fields()
    assert fields == {
        "rouge": "1/2/L/Lsum",
        "stem": "porter",
        "agg": "max",
        "rougeLsum": "newline",
        "backend": "rouge-score-0.1.2",
    }
    assert only.signature_fields()["rouge"] == "1/Lsum"
