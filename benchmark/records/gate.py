"""The regression gate: compare a run with a baseline under a ``GatePolicy`` and list what fails.

* a gated metric (``metrics.py``) whose mean got worse by more than ``tolerance`` (absolute) fails;
* ``minimums`` / ``maximums`` bound a metric's mean whatever the baseline says;
* a fact the baseline stated and the run no longer states is *lost*; it fails when its weight is at
  least ``fail_on_lost_weight`` (core facts by default) and is reported otherwise;
* a fact contradicted now and not before fails (``fail_on_contradiction``);
* a task the summarizer or judge failed on now, and not in the baseline, fails.

Two records are comparable only under equal signatures; ``allow_signature_change`` turns the refusal
into a note. ``report.py`` renders the outcome.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..metrics import BY_KEY, GATED, METRIC_KEYS, lookup
from ..types import CORE_WEIGHT
from .baseline import BaselineError
from .changes import CONTRADICTED, LOST, FactChange, fact_changes, format_signature_differences, signature_differences
from .record import RunRecord
from .report import format_report

_EPS = 1e-12  # so that a drop of exactly the tolerance (0.02 written as a float) passes


def metric_name(text: str) -> str:
    """``rouge1`` -> ``rouge1_f``; any other known metric as is; unknown names are refused."""
    metric = lookup(text)
    if metric is None:
        raise BaselineError(f"unknown metric {text!r}; choose from {', '.join(METRIC_KEYS)}")
    return metric.key


def parse_bounds(pairs: Iterable[str], flag: str) -> dict[str, float]:
    """``["fact_coverage=0.7"]`` -> ``{"fact_coverage": 0.7}`` (metric names checked)."""
    out: dict[str, float] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise BaselineError(f"{flag} {pair!r} is not METRIC=VALUE (for example: {flag} fact_coverage=0.7)")
        try:
            bound = float(value)
        except ValueError:
            raise BaselineError(f"{flag} {pair!r}: {value!r} is not a number") from None
        out[metric_name(key)] = bound
    return out


@dataclass(frozen=True)
class GatePolicy:
    """What fails a gate. See the module docstring."""

    tolerance: float = 0.02
    minimums: Mapping[str, float] = field(default_factory=dict)
    maximums: Mapping[str, float] = field(default_factory=dict)
    fail_on_lost_weight: int | None = CORE_WEIGHT
    fail_on_contradiction: bool = True
    allow_signature_change: bool = False

    def __post_init__(self) -> None:
        if not (isinstance(self.tolerance, (int, float)) and math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise BaselineError(f"tolerance {self.tolerance!r} must be a number >= 0 (e.g. 0.02)")
        # accept the short names (rouge1) and store the canonical ones (rouge1_f)
        object.__setattr__(self, "minimums", {metric_name(k): float(v) for k, v in self.minimums.items()})
        object.__setattr__(self, "maximums", {metric_name(k): float(v) for k, v in self.maximums.items()})

    def lost_fails(self, weight: int) -> bool:
        return self.fail_on_lost_weight is not None and weight >= self.fail_on_lost_weight

    def change_fails(self, change: FactChange) -> bool:
        if change.kind == CONTRADICTED:
            return self.fail_on_contradiction
        if change.kind == LOST:
            return self.lost_fails(change.weight)
        return False

    def worse(self, metric: str, before: float, after: float) -> bool:
        """``after`` is worse than ``before`` by more than the tolerance, in the metric's direction."""
        return BY_KEY[metric].better(before, after) < -(self.tolerance + _EPS)

    def describe(self) -> str:
        parts = [f"tolerance {self.tolerance:g}"]
        if self.fail_on_lost_weight is None:
            parts.append("lost facts reported only")
        else:
            parts.append(f"lost facts of weight >= {self.fail_on_lost_weight} fail")
        parts.append("new contradictions fail" if self.fail_on_contradiction else "new contradictions reported only")
        return "; ".join(parts)


@dataclass(frozen=True)
class MetricChange:
    metric: str
    before: float | None
    after: float | None
    failed: bool

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class BoundCheck:
    metric: str
    kind: str  # "min" | "max"
    bound: float
    value: float | None

    @property
    def failed(self) -> bool:
        if self.value is None:
            return True
        return self.value < self.bound if self.kind == "min" else self.value > self.bound


@dataclass(frozen=True)
class GateResult:
    """The outcome of a gate: every check and the problems that fail it."""

    current: RunRecord
    baseline: RunRecord | None
    policy: GatePolicy
    metrics: tuple[MetricChange, ...]
    bounds: tuple[BoundCheck, ...]
    changes: tuple[FactChange, ...]
    missing_tasks: tuple[str, ...]  # in the baseline, not in the current run
    new_failures: tuple[str, ...] = ()  # tasks that failed in the current run
    signature_note: str | None = None

    def change_fails(self, change: FactChange) -> bool:
        return self.policy.change_fails(change)

    @property
    def problems(self) -> list[str]:
        out = []
        for m in self.metrics:
            if m.failed:
                if m.after is None:
                    out.append(f"{m.metric}: no value in the current run (baseline {m.before:.4f})")
                else:
                    verb = "rose" if BY_KEY[m.metric].direction == "lower" else "dropped"
                    out.append(
                        f"{m.metric} {verb} from {m.before:.4f} to {m.after:.4f} "
                        f"({m.delta:+.4f}, tolerance {self.policy.tolerance:g})"
                    )
        for b in self.bounds:
            if b.failed:
                sign = ">=" if b.kind == "min" else "<="
                value = "no value" if b.value is None else f"{b.value:.4f}"
                out.append(f"{b.metric} is {value}, required {sign} {b.bound:g}")
        for c in self.changes:
            if self.change_fails(c):
                what = "newly contradicted" if c.kind == CONTRADICTED else f"lost (weight {c.weight})"
                out.append(f"{c.task}: fact {c.fact!r} {what}")
        for t in self.missing_tasks:
            out.append(f"{t}: in the baseline but not in this run")
        for t in self.new_failures:
            task = self.current.task(t)
            old = self.baseline.task(t) if self.baseline else None
            also = "" if old is None else ("; so did the baseline" if old.failure else "; the baseline did not")
            who = "the fact judge" if task and not task.error and task.judge_error else "the summarizer"
            out.append(f"{t}: {who} failed ({task.failure if task else 'no output'}){also}")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        return format_report(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": self.problems,
            "model": self.current.model,
            "run": self.current.source,
            "baseline": self.baseline.source if self.baseline else None,
            "signature": self.current.signature,
            "signature_note": self.signature_note,
            "metrics": [
                {"metric": m.metric, "baseline": m.before, "current": m.after, "delta": m.delta, "failed": m.failed}
                for m in self.metrics
            ],
            "bounds": [
                {"metric": b.metric, "kind": b.kind, "bound": b.bound, "value": b.value, "failed": b.failed}
                for b in self.bounds
            ],
            "facts": [dict(c.to_dict(), failed=self.change_fails(c)) for c in self.changes],
            "failed_tasks": {t.id: t.failure for t in self.current.failed_tasks()},
            "missing_tasks": list(self.missing_tasks),
            "new_failures": list(self.new_failures),
        }


def compare(current: RunRecord, baseline: RunRecord | None, policy: GatePolicy | None = None) -> GateResult:
    """Apply ``policy`` to ``current`` against ``baseline`` (None: only the bounds are checked)."""
    policy = policy or GatePolicy()
    note = None
    metrics: list[MetricChange] = []
    changes: list[FactChange] = []
    missing: list[str] = []
    if baseline is not None:
        diffs = signature_differences(baseline.signature, current.signature)
        if diffs:
            text = format_signature_differences(diffs, "baseline", "current")
            if not policy.allow_signature_change:
                raise BaselineError(
                    f"baseline {baseline.source} was scored under another signature ({text}); "
                    "regenerate the baseline, or allow the comparison explicitly "
                    "(bench check --allow-signature-change / allow_signature_change=True)"
                )
            note = f"signatures differ ({text}); compared anyway"
        for metric in GATED:
            before, after = baseline.mean(metric.key), current.mean(metric.key)
            if before is None:
                continue
            failed = after is None or policy.worse(metric.key, before, after)
            metrics.append(MetricChange(metric.key, before, after, failed))
        for old in baseline.tasks:
            new = current.task(old.id)
            if new is None:
                missing.append(old.id)
                continue
            changes.extend(fact_changes(old, new))
    # a failed task fails every gate, bounds-only ones included: its zeros are not a measurement
    new_failures = [t.id for t in current.tasks if t.failure]
    bounds = [BoundCheck(m, "min", v, current.mean(m)) for m, v in policy.minimums.items()]
    bounds += [BoundCheck(m, "max", v, current.mean(m)) for m, v in policy.maximums.items()]
    return GateResult(current, baseline, policy, tuple(metrics), tuple(bounds), tuple(changes), tuple(missing),
                      tuple(new_failures), note)
