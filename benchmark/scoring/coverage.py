"""Fact-coverage scores of one summary from its judge verdicts.

* ``fact_coverage`` - weighted share of the task's key facts judged ``stated``:
  sum of the weights of stated facts / sum of all weights.
* ``core_fact_coverage`` - the same over the weight-3 (core) facts only; ``None`` when the task has none.
* ``contradiction_rate`` - weighted share of the key facts judged ``contradicted``:
  sum of the weights of contradicted facts / sum of all weights. It is a per-summary rate in [0, 1]
  (0 = the summary contradicts none of the facts); averaging it over tasks gives the run's rate.
  A contradicted fact is never also counted as stated.
* ``per_fact`` - one ``FactVerdict`` per fact in task order: id, weight, text, label, score, evidence.

A task without key facts has no coverage: every rate is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..errors import BenchError
from ..types import CORE_WEIGHT, FactVerdict, KeyFact, Verdict


@dataclass(frozen=True)
class FactScores:
    fact_coverage: float | None
    core_fact_coverage: float | None
    contradiction_rate: float | None
    stated: int
    missing: int
    contradicted: int
    per_fact: tuple[FactVerdict, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "fact_coverage": self.fact_coverage,
            "core_fact_coverage": self.core_fact_coverage,
            "contradiction_rate": self.contradiction_rate,
            "stated": self.stated,
            "missing": self.missing,
            "contradicted": self.contradicted,
            "per_fact": [r.to_dict() for r in self.per_fact],
        }


def _share(rows: Sequence[FactVerdict], label: str) -> float | None:
    total = sum(r.weight for r in rows)
    if total <= 0:
        return None
    return sum(r.weight for r in rows if r.label == label) / total


def fact_scores(keyfacts: Sequence[KeyFact], verdicts: Sequence[Verdict]) -> FactScores:
    """Coverage and contradiction figures of one summary (see the module docstring for definitions)."""
    if len(keyfacts) != len(verdicts):
        raise BenchError(
            f"{len(verdicts)} verdicts for {len(keyfacts)} key facts; a judge must return one verdict per fact"
        )
    rows = tuple(
        FactVerdict(id=k.id, weight=k.weight, label=v.label, score=v.score, evidence=v.evidence, text=k.text)
        for k, v in zip(keyfacts, verdicts)
    )
    core = [r for r in rows if r.weight == CORE_WEIGHT]
    return FactScores(
        fact_coverage=_share(rows, "stated"),
        core_fact_coverage=_share(core, "stated") if core else None,
        contradiction_rate=_share(rows, "contradicted"),
        stated=sum(1 for r in rows if r.label == "stated"),
        missing=sum(1 for r in rows if r.label == "missing"),
        contradicted=sum(1 for r in rows if r.label == "contradicted"),
        per_fact=rows,
    )
