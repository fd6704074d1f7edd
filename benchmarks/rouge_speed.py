"""How much our ROUGE wrapper costs over calling rouge-score directly, and what rouge-score-rs buys.

Builds N synthetic prediction/reference pairs from the sentences of the seed articles (leads,
shuffles, mixtures of both articles; seeded, so every run scores the same pairs) and, in one process,
times:

  (a) rouge_score.rouge_scorer.RougeScorer called directly on the newline-joined texts
      (the same input our scorer hands it, prepared before the clock starts);
  (b) our RougeScorer with backend rouge-score, on the raw texts, sentence-split caches cleared
      ("with sentence splitting"), and again with the caches warm ("scorer overhead");
  (c) our RougeScorer with backend rouge-score-rs, the same two ways;
  (d) rouge_score_rs.rouge_scorer.RougeScorer called directly (its score_batch) on the joined texts.

It also times the sentence splitting alone and checks that (a) = (b) and (c) = (d) = (a) number for
number. The contenders run interleaved, --repeats rounds; each reports its best wall and CPU time
(CPU time is the fair figure on a busy machine for the single-threaded rouge-score).

    python benchmarks/rouge_speed.py --pairs 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from benchmark import text as text_mod
from benchmark.resources import seeds_dir
from benchmark.scoring.rouge import ROUGE_TYPES, RougeScorer, RougeSettings, newline_sentences

Pair = tuple[str, list[str]]


def seed_sentences() -> list[list[str]]:
    """Each seed article's sentences (lines of 3 words or fewer, such as datelines, left out)."""
    out = []
    for path in sorted(seeds_dir().glob("*.txt")):
        sents = [s for s in text_mod.split_sentences(path.read_text(encoding="utf-8")) if len(s.split()) > 3]
        out.append(sents)
    return out


def build_pairs(n: int, n_refs: int = 1, seed: int = 13) -> list[Pair]:
    """``n`` (prediction, references) pairs of space-joined sentences drawn from the seed articles."""
    rng = random.Random(seed)
    articles = seed_sentences()
    pool = [s for sents in articles for s in sents]

    def summary() -> str:
        kind = rng.randrange(3)
        k = rng.randint(1, 4)
        if kind == 0:  # a lead of one article
            sents = rng.choice(articles)[:k]
        elif kind == 1:  # sentences of one article, shuffled
            sents = rng.sample(rng.choice(articles), k)
        else:  # a mixture of both articles
            sents = rng.sample(pool, k)
        return " ".join(sents)

    return [(summary(), [summary() for _ in range(n_refs)]) for _ in range(n)]


@dataclass
class Timed:
    """One contender: its setup (run before each timing), its work, and its best times."""

    name: str
    setup: Callable[[], None]
    run: Callable[[], Any]
    wall: float = float("inf")
    cpu: float = float("inf")
    result: Any = None


def time_interleaved(contenders: Sequence[Timed], repeats: int) -> None:
    """Run every contender once per round, ``repeats`` rounds, keeping each one's best wall and CPU time.

    Interleaving spreads any background load over all contenders instead of penalising whichever
    happened to run while the machine was busy. CPU time (this process, all threads) is the fairer
    figure for the single-threaded rouge-score; wall time is what a user waits for.
    """
    for _ in range(repeats):
        for c in contenders:
            c.setup()
            w0, c0 = time.perf_counter(), time.process_time()
            c.result = c.run()
            c.cpu = min(c.cpu, time.process_time() - c0)
            c.wall = min(c.wall, time.perf_counter() - w0)


def clear_split_caches() -> None:
    newline_sentences.cache_clear()
    text_mod._split_paragraph.cache_clear()


def nothing() -> None:
    pass


def flatten(scores: dict[str, Any]) -> dict[str, float]:
    return {f"{t}_{k}": float(getattr(scores[t], name)) for t in ROUGE_TYPES
            for k, name in (("p", "precision"), ("r", "recall"), ("f", "fmeasure"))}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=2000, help="number of prediction/reference pairs")
    ap.add_argument("--refs", type=int, default=1, help="references per prediction (max over them)")
    ap.add_argument("--repeats", type=int, default=3, help="timings are the best of this many runs")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    pairs = build_pairs(args.pairs, args.refs, args.seed)
    types = list(ROUGE_TYPES)
    n = len(pairs)
    print(f"{n} pairs, {args.refs} reference(s) each, from {seeds_dir()}; best of {args.repeats} interleaved rounds")

    texts = sorted({t for p, refs in pairs for t in [p, *refs]})
    split = Timed("sentence splitting alone", clear_split_caches, lambda: [newline_sentences(t) for t in texts])
    time_interleaved([split], args.repeats)
    prepared = [(newline_sentences(p), [newline_sentences(r) for r in refs]) for p, refs in pairs]

    from rouge_score import rouge_scorer as rs_py

    direct = rs_py.RougeScorer(types, use_stemmer=True)
    if args.refs == 1:
        run_a = lambda: [flatten(direct.score(refs[0], p)) for p, refs in prepared]  # noqa: E731
    else:
        run_a = lambda: [flatten(direct.score_multi(refs, p)) for p, refs in prepared]  # noqa: E731
    ours_py = RougeScorer(RougeSettings(backend="rouge-score"))
    a = Timed("(a) rouge-score, direct", nothing, run_a)
    b_cold = Timed("(b) ours, backend rouge-score, with sentence splitting", clear_split_caches,
                   lambda: ours_py.score_many(pairs))
    b_warm = Timed("(b) ours, backend rouge-score, splits cached (scorer overhead)", nothing,
                   lambda: ours_py.score_many(pairs))
    contenders = [a, b_cold, b_warm]

    try:
        from rouge_score_rs import rouge_scorer as rs_rs
    except ImportError:
        rs_rs = None
        print("rouge-score-rs is not installed (pip install 'newsbench[fast]'): (c) and (d) skipped")
    if rs_rs is not None:
        ours_rs = RougeScorer(RougeSettings(backend="rouge-score-rs"))
        fast = rs_rs.RougeScorer(types, use_stemmer=True)
        if args.refs == 1:
            targets = [refs[0] for _, refs in prepared]
            preds = [p for p, _ in prepared]
            run_d = lambda: [flatten(s) for s in fast.score_batch(targets, preds)]  # noqa: E731
        else:
            run_d = lambda: [flatten(fast.score_multi(refs, p)) for p, refs in prepared]  # noqa: E731
        contenders += [
            Timed("(c) ours, backend rouge-score-rs, with sentence splitting", clear_split_caches,
                  lambda: ours_rs.score_many(pairs)),
            Timed("(c) ours, backend rouge-score-rs, splits cached", nothing, lambda: ours_rs.score_many(pairs)),
            Timed("(d) rouge-score-rs, direct", nothing, run_d),
        ]
    time_interleaved(contenders, args.repeats)

    print(f"\nsentence splitting alone: {split.wall:.3f} s wall for {len(texts)} distinct texts")
    width = max(len(c.name) for c in contenders)
    print(f"\n{'scorer':<{width}}  {'wall s':>7}  {'CPU s':>7}  {'pairs/s':>8}  {'speed vs (a)':>12}")
    for c in contenders:
        print(f"{c.name:<{width}}  {c.wall:7.3f}  {c.cpu:7.3f}  {n / c.wall:8.0f}  {a.wall / c.wall:11.2f}x")

    def pct(x: float, base: float) -> str:
        return f"{100.0 * (x / base - 1.0):+.1f}%"

    print(f"\noverhead of (b) over (a), CPU time: scorer {pct(b_warm.cpu, a.cpu)}, "
          f"with sentence splitting {pct(b_cold.cpu, a.cpu)} (target: under 10%)")
    print(f"overhead of (b) over (a), wall time: scorer {pct(b_warm.wall, a.wall)}, "
          f"with sentence splitting {pct(b_cold.wall, a.wall)}")
    identical = {f"{c.name.split()[0]} = (a)": c.result == a.result for c in contenders[1:]}
    print("identical scores: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in identical.items()))
    return 0 if all(identical.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
