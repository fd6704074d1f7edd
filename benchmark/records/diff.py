"""Two runs side by side: per task and per fact what changed, and whether the change is more than noise.

Per task: every fact whose verdict changed (gained, lost, newly contradicted, no longer contradicted)
and the deltas of ROUGE and fact coverage. Per metric over the tasks both runs scored: the mean of each
run, the mean paired difference (B - A), and — only when there are at least ``min_tasks`` paired tasks —
two seeded paired tests on the per-task values:

* a paired percentile bootstrap 95% interval of the mean difference (the one bootstrap of
  ``scoring.aggregate`` over the per-task differences);
* a paired permutation test of "no difference" (``scipy.stats.permutation_test`` with
  ``permutation_type="samples"``: each task's two values are swapped at random; exact when the number of
  arrangements is at most ``n_resamples``), two-sided p-value.

Below ``min_tasks`` no interval or p-value is computed: three tasks cannot separate a real change from
the luck of which tasks are in the set, and the report says so instead of printing a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..errors import BenchError
from ..metrics import DIFFED, GATED
from ..scoring.aggregate import mean_with_ci
from .changes import CONTRADICTED, GAINED, LOST, RESOLVED, FactChange, fact_changes, format_signature_differences, signature_differences
from .record import RunRecord
from .report import describe_change

DIFF_METRICS: tuple[str, ...] = tuple(m.key for m in DIFFED)
MIN_TASKS = 10
N_RESAMPLES = 10_000
CONFIDENCE = 0.95


class SignatureMismatch(BenchError):
    """Two runs were scored under different signatures."""


@dataclass(frozen=True)
class PairedTest:
    """Paired statistics of B - A over the tasks both runs have a value for."""

    n: int
    mean_delta: float | None
    low: float | None  # bootstrap interval of the mean difference; None below min_tasks
    high: float | None
    p_value: float | None  # paired permutation test; None below min_tasks
    note: str | None  # why no test was run

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean_delta": self.mean_delta,
            "ci95": None if self.low is None else [self.low, self.high],
            "p_value": self.p_value,
            "note": self.note,
        }


@dataclass(frozen=True)
class MetricDiff:
    metric: str
    mean_a: float | None
    mean_b: float | None
    test: PairedTest

    @property
    def delta(self) -> float | None:
        if self.mean_a is None or self.mean_b is None:
            return None
        return self.mean_b - self.mean_a

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "a": self.mean_a, "b": self.mean_b, "delta": self.delta, **self.test.to_dict()}


@dataclass(frozen=True)
class TaskDiff:
    id: str
    config: str
    deltas: dict[str, float | None]
    changes: tuple[FactChange, ...]
    error_a: str | None
    error_b: str | None
    summary_b: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "config": self.config,
            "deltas": self.deltas,
            "facts": [c.to_dict() for c in self.changes],
            "error_a": self.error_a,
            "error_b": self.error_b,
        }


@dataclass(frozen=True)
class RunDiff:
    a: RunRecord
    b: RunRecord
    metrics: tuple[MetricDiff, ...]
    tasks: tuple[TaskDiff, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    signature_note: str | None
    min_tasks: int
    seed: int
    n_resamples: int

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.tasks:
            for c in t.changes:
                out[c.kind] = out.get(c.kind, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": {"run": self.a.source, "model": self.a.model, "signature": self.a.signature},
            "b": {"run": self.b.source, "model": self.b.model, "signature": self.b.signature},
            "signature_note": self.signature_note,
            "tests": {"min_tasks": self.min_tasks, "seed": self.seed, "n_resamples": self.n_resamples,
                      "confidence": CONFIDENCE},
            "metrics": [m.to_dict() for m in self.metrics],
            "fact_changes": self.counts(),
            "tasks": [t.to_dict() for t in self.tasks],
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
        }

    def report(self) -> str:
        return format_diff(self)


def paired_test(
    a: Sequence[float], b: Sequence[float], *, min_tasks: int = MIN_TASKS, n_resamples: int = N_RESAMPLES,
    seed: int = 0,
) -> PairedTest:
    """Bootstrap interval and permutation p-value of mean(b - a), or a note when n < min_tasks."""
    from scipy import stats

    if len(a) != len(b):
        raise ValueError("paired samples must have the same length")
    n = len(a)
    if n == 0:
        return PairedTest(0, None, None, None, None, "no task has a value in both runs")
    xa, xb = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    delta = float(np.mean(xb - xa))
    if n < min_tasks:
        return PairedTest(n, delta, None, None, None, f"too few tasks to tell (n={n}; a paired test needs at least {min_tasks})")
    diffs = xb - xa
    if np.all(diffs == diffs[0]):
        # every task moved by the same amount: nothing to resample, the difference is certain
        p = 1.0 if diffs[0] == 0 else 2.0 ** (1 - n)
        return PairedTest(n, delta, delta, delta, min(1.0, p), None)
    boot = mean_with_ci(diffs.tolist(), n_resamples=n_resamples, seed=seed, confidence=CONFIDENCE)
    perm = stats.permutation_test(
        (xa, xb), lambda x, y: np.mean(y - x), permutation_type="samples", n_resamples=n_resamples,
        alternative="two-sided", rng=np.random.default_rng(seed),
    )
    return PairedTest(n, delta, boot.low, boot.high, float(perm.pvalue), None)


def diff_records(
    a: RunRecord, b: RunRecord, *, force: bool = False, min_tasks: int = MIN_TASKS,
    n_resamples: int = N_RESAMPLES, seed: int = 0,
) -> RunDiff:
    diffs = signature_differences(a.signature, b.signature)
    note = None
    if diffs:
        text = format_signature_differences(diffs, "A", "B")
        if not force:
            raise SignatureMismatch(
                f"the runs were scored under different signatures ({text}); their numbers are not "
                "comparable. Rescore one with bench score, or pass --force to compare anyway"
            )
        note = f"signatures differ ({text}); compared anyway (--force)"
    ids_a = {t.id for t in a.tasks}
    ids_b = {t.id for t in b.tasks}
    shared = sorted(ids_a & ids_b)
    tasks = []
    for tid in shared:
        ta, tb = a.task(tid), b.task(tid)
        assert ta is not None and tb is not None
        deltas = {}
        for m in DIFF_METRICS:
            va, vb = ta.metric(m), tb.metric(m)
            deltas[m] = None if va is None or vb is None else vb - va
        tasks.append(TaskDiff(tid, tb.config, deltas, tuple(fact_changes(ta, tb)), ta.failure, tb.failure,
                              tb.summary))
    metrics = []
    for m in DIFF_METRICS:
        pairs = [
            (a.task(t).metric(m), b.task(t).metric(m))  # type: ignore[union-attr]
            for t in shared
        ]
        pairs = [(x, y) for x, y in pairs if x is not None and y is not None]
        test = paired_test([x for x, _ in pairs], [y for _, y in pairs], min_tasks=min_tasks,
                           n_resamples=n_resamples, seed=seed)
        metrics.append(MetricDiff(m, a.mean(m), b.mean(m), test))
    return RunDiff(
        a, b, tuple(metrics), tuple(tasks), tuple(sorted(ids_a - ids_b)), tuple(sorted(ids_b - ids_a)), note,
        min_tasks, seed, n_resamples,
    )


def _num(v: float | None, signed: bool = False) -> str:
    if v is None:
        return "–"
    return f"{v:+.4f}" if signed else f"{v:.4f}"


def format_diff(d: RunDiff) -> str:
    lines = [f"A  {d.a.model}  ({d.a.source})", f"B  {d.b.model}  ({d.b.source})"]
    if d.signature_note:
        lines.append(f"note: {d.signature_note}")
    lines.append(f"metrics: mean over tasks, delta = B - A (paired tests: seed {d.seed}, {d.n_resamples} resamples)")
    lines.append(f"    {'metric':<20}{'A':>9}{'B':>9}{'delta':>9}   paired test")
    for m in d.metrics:
        if m.test.note:
            test = m.test.note
        elif m.test.low is None:
            test = "–"
        else:
            test = f"95% CI [{m.test.low:+.4f}, {m.test.high:+.4f}]  p={m.test.p_value:.4f}  n={m.test.n}"
        lines.append(f"    {m.metric:<20}{_num(m.mean_a):>9}{_num(m.mean_b):>9}{_num(m.delta, True):>9}   {test}")
    counts = d.counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in (GAINED, LOST, CONTRADICTED, RESOLVED))
    lines.append(f"facts: {summary}")
    for t in d.tasks:
        deltas = "  ".join(f"{m.short} {_num(t.deltas.get(m.key), True)}" for m in GATED)
        lines.append(f"  task {t.id} ({t.config})")
        lines.append(f"    {deltas}")
        for label, err in (("A", t.error_a), ("B", t.error_b)):
            if err:
                lines.append(f"    run {label} failed on this task: {err}")
        for c in t.changes:
            lines.extend(describe_change(c, t.summary_b, gating=False))
    for label, ids in (("A", d.only_a), ("B", d.only_b)):
        if ids:
            lines.append(f"only in {label}: {', '.join(ids)}")
    return "\n".join(lines)
