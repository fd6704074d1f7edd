"""The names of the per-task metrics every run aggregates, in leaderboard order.

Kept apart from the scorers so that reading run records or baselines never imports them.
"""

from __future__ import annotations

# fact metrics first, then ROUGE F1, then the summary's shape
METRIC_KEYS: tuple[str, ...] = (
    "fact_coverage",
    "core_fact_coverage",
    "contradiction_rate",
    "rouge1_f",
    "rouge2_f",
    "rougeL_f",
    "rougeLsum_f",
    "length_words",
    "compression",
    "coverage",
    "density",
)
