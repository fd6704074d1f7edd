"""The metric table: everything known about each per-task metric a run aggregates, in one place.

The leaderboard columns, the CLI headline, the gate's directions, the lists ``bench diff`` shows, the
report's interval plot and the pytest fixture's properties all derive from ``METRICS``. Kept apart from the scorers so that reading run
records never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Metric:
    key: str  # the name in scores.jsonl and results.json: "rouge1_f"
    title: str  # the leaderboard column: "R-1"
    short: str  # a name users may type (--min rouge1=...) and the pytest fixture's name: "rouge1"
    direction: Direction | None  # which way is better; None: a shape figure, neither
    scale: float  # multiply by this to display (100: a share shown as a percentage)
    decimals: int  # decimals in the leaderboard
    gated: bool  # the regression gate compares its mean with the baseline's
    in_diff: bool  # bench diff lists it and tests its paired change
    in_leaderboard: bool = True
    name: str = ""  # the full name in charts and tooltips: "ROUGE-1 F1" (default: the title)
    charted: bool = False  # the report's interval plot shows it (a share, drawn ×100)

    @property
    def full_name(self) -> str:
        return self.name or self.title

    def better(self, before: float, after: float) -> float:
        """How much better ``after`` is than ``before`` (negative: worse)."""
        return before - after if self.direction == "lower" else after - before


# fact metrics first, then ROUGE F1, then the summary's shape: the leaderboard's column order
METRICS: tuple[Metric, ...] = (
    Metric("fact_coverage", "Fact cov.", "fact_coverage", "higher", 100.0, 1, gated=True, in_diff=True,
           name="Fact coverage", charted=True),
    Metric("core_fact_coverage", "Core cov.", "core_fact_coverage", "higher", 100.0, 1, gated=True, in_diff=True,
           name="Core-fact coverage", charted=True),
    Metric("contradiction_rate", "Contradicted", "contradiction_rate", "lower", 100.0, 1, gated=True, in_diff=True),
    Metric("rouge1_f", "R-1", "rouge1", "higher", 100.0, 2, gated=True, in_diff=True, name="ROUGE-1 F1",
           charted=True),
    Metric("rouge2_f", "R-2", "rouge2", "higher", 100.0, 2, gated=True, in_diff=True, name="ROUGE-2 F1",
           charted=True),
    Metric("rougeL_f", "R-L", "rougeL", "higher", 100.0, 2, gated=True, in_diff=True),
    Metric("rougeLsum_f", "R-Lsum", "rougeLsum", "higher", 100.0, 2, gated=True, in_diff=True,
           name="ROUGE-Lsum F1", charted=True),
    Metric("length_words", "Words", "length_words", None, 1.0, 1, gated=False, in_diff=True),
    Metric("compression", "Compression", "compression", None, 1.0, 2, gated=False, in_diff=False,
           in_leaderboard=False),
    Metric("coverage", "Ext. cov.", "coverage", None, 1.0, 3, gated=False, in_diff=False),
    Metric("density", "Density", "density", None, 1.0, 2, gated=False, in_diff=False),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}
METRIC_KEYS: tuple[str, ...] = tuple(m.key for m in METRICS)
GATED: tuple[Metric, ...] = tuple(m for m in METRICS if m.gated)
DIFFED: tuple[Metric, ...] = tuple(m for m in METRICS if m.in_diff)
LEADERBOARD: tuple[Metric, ...] = tuple(m for m in METRICS if m.in_leaderboard)
CHARTED: tuple[Metric, ...] = tuple(m for m in METRICS if m.charted)
RANKED_BY = ("fact_coverage", "rougeL_f")  # the leaderboard's order: first by this, ties by the next


def lookup(name: str) -> Metric | None:
    """The metric a user means by ``name``: its key (``rouge1_f``) or its short name (``rouge1``)."""
    name = name.strip()
    if name in BY_KEY:
        return BY_KEY[name]
    for m in METRICS:
        if m.short == name:
            return m
    return None
