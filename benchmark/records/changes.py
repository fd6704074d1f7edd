"""Fact changes between two runs of one task (lost, newly contradicted, gained, no longer contradicted),
and the fields in which two signatures differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..signature import Signature
from ..types import FactVerdict
from .record import TaskScores

LOST = "lost"
CONTRADICTED = "contradicted"
GAINED = "gained"
RESOLVED = "no longer contradicted"
KINDS = (CONTRADICTED, LOST, RESOLVED, GAINED)  # the order reports list them in


@dataclass(frozen=True)
class FactChange:
    """A fact whose verdict changed between two runs of one task."""

    task: str
    config: str
    kind: str  # lost | contradicted | gained | no longer contradicted
    before: FactVerdict
    after: FactVerdict

    @property
    def fact(self) -> str:
        return self.before.id

    @property
    def weight(self) -> int:
        return self.after.weight

    @property
    def text(self) -> str | None:
        return self.after.text or self.before.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "config": self.config,
            "fact": self.fact,
            "weight": self.weight,
            "kind": self.kind,
            "before": self.before.label,
            "after": self.after.label,
            "before_evidence": self.before.evidence,
            "after_evidence": self.after.evidence,
            "text": self.text,
        }


def classify(before: FactVerdict, after: FactVerdict) -> str | None:
    """The kind of change from ``before`` to ``after``, or None when nothing that matters changed."""
    if after.label == "contradicted" and before.label != "contradicted":
        return CONTRADICTED
    if before.label == "stated" and after.label != "stated":
        return LOST
    if after.label == "stated" and before.label != "stated":
        return GAINED
    if before.label == "contradicted" and after.label != "contradicted":
        return RESOLVED
    return None


def fact_changes(before: TaskScores, after: TaskScores) -> list[FactChange]:
    """Changes of every fact the two tasks share, in the order of the current task's checklist."""
    out = []
    for fact in after.facts:
        old = before.fact(fact.id)
        if old is None:
            continue
        kind = classify(old, fact)
        if kind:
            out.append(FactChange(after.id, after.config, kind, old, fact))
    return out


def signature_differences(a: str, b: str) -> list[tuple[str, str | None, str | None]]:
    """Fields whose values differ between two signatures: (field, value in a, value in b)."""
    da, db = Signature.parse(a).as_dict(), Signature.parse(b).as_dict()
    keys = list(da) + [k for k in db if k not in da]
    return [(k, da.get(k), db.get(k)) for k in keys if da.get(k) != db.get(k)]


def format_signature_differences(diffs: Sequence[tuple[str, str | None, str | None]], a: str, b: str) -> str:
    return ", ".join(f"{k}: {a} {va or '(absent)'} vs {b} {vb or '(absent)'}" for k, va, vb in diffs)
