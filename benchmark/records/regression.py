"""Regression gates: compare a run with a baseline, fact by fact, and say what got worse.

A *snapshot* is everything a gate needs from one run: the signature, the scoring settings, the mean of
every metric, and per task the metric values, the summary and each key fact's verdict (with the summary
sentence that decided it). It is read from a run directory or from a baseline file that
``Snapshot.save`` wrote (``newsbench.baseline/1``: small, stable JSON meant to be committed).

``compare`` applies a ``GatePolicy`` to a current snapshot and an optional baseline:

* a gated metric whose mean got worse by more than ``tolerance`` (absolute) fails the gate;
* ``minimums`` / ``maximums`` bound a metric's mean whatever the baseline says;
* a fact that the baseline stated and the current summary no longer states is *lost*; it fails the gate
  when its weight is at least ``fail_on_lost_weight`` (3 = core facts by default), and is reported
  otherwise;
* a fact that is contradicted now and was not before is *newly contradicted* and fails the gate
  (``fail_on_contradiction``);
* a task the summarizer failed on is reported with its error (its facts count as missing).

Two snapshots are comparable only under equal signatures; ``allow_signature_change`` turns the refusal
into a note in the report.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..metrics import METRIC_KEYS
from ..errors import BenchError
from ..signature import Signature
from .store import MANIFEST, RESULTS, RunDir, atomic_write_text, dumps_json

BASELINE_SCHEMA = "newsbench.baseline/1"

METRICS = METRIC_KEYS  # kept per task and in the aggregate
HIGHER_IS_BETTER: tuple[str, ...] = (
    "fact_coverage",
    "core_fact_coverage",
    "rouge1_f",
    "rouge2_f",
    "rougeL_f",
    "rougeLsum_f",
)
LOWER_IS_BETTER: tuple[str, ...] = ("contradiction_rate",)
GATED: tuple[str, ...] = HIGHER_IS_BETTER + LOWER_IS_BETTER

CORE_WEIGHT = 3


class BaselineError(BenchError):
    """A baseline cannot be read, or cannot be compared with the current run."""


def metric_name(text: str) -> str:
    """``rouge1`` -> ``rouge1_f``; any other known metric as is; unknown names are refused."""
    name = text.strip()
    if name in METRICS:
        return name
    if f"{name}_f" in METRICS:
        return f"{name}_f"
    raise BaselineError(f"unknown metric {text!r}; choose from {', '.join(METRICS)}")


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


# -- snapshots ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactState:
    """One key fact's verdict in one task's summary."""

    id: str
    weight: int
    label: str  # stated | missing | contradicted
    score: float | None = None
    evidence: str | None = None  # the summary sentence that decided the verdict
    text: str | None = None  # the fact itself, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "weight": self.weight,
            "label": self.label,
            "score": self.score,
            "evidence": self.evidence,
            "text": self.text,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "FactState":
        return cls(
            id=str(row["id"]),
            weight=int(row.get("weight", 1)),
            label=str(row["label"]),
            score=row.get("score"),
            evidence=row.get("evidence"),
            text=row.get("text"),
        )


@dataclass(frozen=True)
class TaskState:
    """One task of a run: its metric values, summary and fact verdicts."""

    id: str
    config: str
    metrics: Mapping[str, float | None]
    facts: tuple[FactState, ...]
    summary: str | None = None
    error: str | None = None

    def fact(self, fact_id: str) -> FactState | None:
        for f in self.facts:
            if f.id == fact_id:
                return f
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "config": self.config,
            "error": self.error,
            "summary": self.summary,
            "metrics": {k: self.metrics.get(k) for k in METRICS if k in self.metrics},
            "facts": [f.to_dict() for f in self.facts],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "TaskState":
        return cls(
            id=d["id"],
            config=d["config"],
            metrics=dict(d.get("metrics") or {}),
            facts=tuple(FactState.from_row(f) for f in d.get("facts") or ()),
            summary=d.get("summary"),
            error=d.get("error"),
        )

    @classmethod
    def from_score_row(cls, row: Mapping[str, Any], summary: str | None) -> "TaskState":
        return cls(
            id=row["id"],
            config=row["config"],
            metrics={k: row.get(k) for k in METRICS if k in row},
            facts=tuple(FactState.from_row(f) for f in row.get("facts") or ()),
            summary=summary,
            error=row.get("error") or row.get("judge_error"),
        )


@dataclass(frozen=True)
class Snapshot:
    """What a gate compares: one run's signature, settings, means and per-task facts."""

    source: str  # where it was read from, for reports
    summarizer: str
    signature: str
    status: str
    config: str
    scoring: Mapping[str, Any]
    aggregate: Mapping[str, Mapping[str, float | None]]  # config -> metric -> mean
    tasks: tuple[TaskState, ...]
    dataset: str | None = None

    def mean(self, metric: str, config: str = "all") -> float | None:
        return self.aggregate.get(config, {}).get(metric)

    def task(self, task_id: str) -> TaskState | None:
        for t in self.tasks:
            if t.id == task_id:
                return t
        return None

    def fact_ids(self) -> list[str]:
        return sorted({f.id for t in self.tasks for f in t.facts})

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": BASELINE_SCHEMA,
            "summarizer": self.summarizer,
            "signature": self.signature,
            "status": self.status,
            "config": self.config,
            "dataset": self.dataset,
            "scoring": dict(self.scoring),
            "aggregate": {c: dict(m) for c, m in self.aggregate.items()},
            "tasks": [t.to_dict() for t in self.tasks],
        }

    def save(self, path: Path) -> Path:
        """Write the snapshot as a baseline file (sorted keys, so diffs in review stay readable)."""
        path = Path(path)
        atomic_write_text(path, dumps_json(self.to_dict()))
        return path

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str) -> "Snapshot":
        if d.get("schema") != BASELINE_SCHEMA:
            raise BaselineError(
                f"{source} is not a newsbench baseline (its schema is {d.get('schema')!r}, expected "
                f"{BASELINE_SCHEMA!r}); pass a run directory or a file written by bench check --save "
                "or by the pytest fixture's result.save()"
            )
        return cls(
            source=source,
            summarizer=d["summarizer"],
            signature=d["signature"],
            status=d["status"],
            config=d["config"],
            scoring=dict(d.get("scoring") or {}),
            aggregate={c: dict(m) for c, m in (d.get("aggregate") or {}).items()},
            tasks=tuple(TaskState.from_dict(t) for t in d.get("tasks") or ()),
            dataset=d.get("dataset"),
        )

    @classmethod
    def from_parts(
        cls,
        source: str,
        manifest: Mapping[str, Any],
        results: Mapping[str, Any],
        rows: Sequence[Mapping[str, Any]],
        summaries: Mapping[str, str | None],
    ) -> "Snapshot":
        aggregate = {
            config: {k: (v or {}).get("mean") for k, v in metrics.items()}
            for config, metrics in (results.get("aggregate") or {}).items()
        }
        ds = manifest.get("dataset") or {}
        return cls(
            source=source,
            summarizer=manifest["summarizer"]["text"],
            signature=manifest["signature"],
            status=manifest["status"],
            config=ds.get("config", "all"),
            scoring=dict(manifest.get("scoring") or {}),
            aggregate=aggregate,
            tasks=tuple(
                TaskState.from_score_row(r, summaries.get(r["id"])) for r in sorted(rows, key=lambda r: r["id"])
            ),
            dataset=ds.get("path"),
        )

    @classmethod
    def from_run_dir(cls, path: Path) -> "Snapshot":
        run = RunDir(Path(path))
        manifest = run.require_trusted()
        summaries = {p.id: p.summary for p in run.predictions()}
        return cls.from_parts(str(path), manifest, run.results(), run.scores(), summaries)

    @classmethod
    def from_result(cls, result: Any) -> "Snapshot":
        """From a ``runner.RunResult`` (no need to read the files back)."""
        summaries = {p.id: p.summary for p in result.predictions}
        return cls.from_parts(str(result.run_dir), result.manifest, result.results, result.rows, summaries)


def with_fact_texts(snapshot: Snapshot, tasks: Iterable[Any]) -> Snapshot:
    """The snapshot with each fact's text filled in from the tasks' key facts (for readable reports)."""
    texts = {(t.id, k.id): k.text for t in tasks for k in t.keyfacts}
    new_tasks = tuple(
        replace(t, facts=tuple(replace(f, text=f.text or texts.get((t.id, f.id))) for f in t.facts))
        for t in snapshot.tasks
    )
    return replace(snapshot, tasks=new_tasks)


def load_baseline(path: str | Path) -> Snapshot:
    """A baseline from a run directory, a run's ``results.json``, or a baseline file."""
    p = Path(path)
    if p.is_dir():
        if not (p / MANIFEST).is_file():
            raise BaselineError(
                f"baseline {p} is a folder but not a run directory (no {MANIFEST}); pass a folder made "
                "by bench run or a baseline file"
            )
        return Snapshot.from_run_dir(p)
    if not p.is_file():
        raise BaselineError(
            f"baseline {p} does not exist; create it with: bench check --model SPEC --save {p} "
            "(or pass a run directory made by bench run)"
        )
    if p.name == RESULTS and (p.parent / MANIFEST).is_file():
        return Snapshot.from_run_dir(p.parent)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {p} is not valid JSON ({exc}); regenerate it") from None
    if not isinstance(data, dict):
        raise BaselineError(f"baseline {p} holds a JSON {type(data).__name__}, not a baseline object")
    try:
        return Snapshot.from_dict(data, str(p))
    except (KeyError, TypeError, ValueError) as exc:
        raise BaselineError(f"baseline {p} is damaged (bad or missing field {exc}); regenerate it") from None


def signature_differences(a: str, b: str) -> list[tuple[str, str | None, str | None]]:
    """Fields whose values differ between two signatures: (field, value in a, value in b)."""
    da, db = Signature.parse(a).as_dict(), Signature.parse(b).as_dict()
    keys = list(da) + [k for k in db if k not in da]
    return [(k, da.get(k), db.get(k)) for k in keys if da.get(k) != db.get(k)]


def format_signature_differences(diffs: Sequence[tuple[str, str | None, str | None]], a: str, b: str) -> str:
    return ", ".join(f"{k}: {a} {va or '(absent)'} vs {b} {vb or '(absent)'}" for k, va, vb in diffs)


# -- comparing ----------------------------------------------------------------------------------------

LOST = "lost"
CONTRADICTED = "contradicted"
GAINED = "gained"
RESOLVED = "no longer contradicted"


@dataclass(frozen=True)
class FactChange:
    """A fact whose verdict changed between two runs of one task."""

    task: str
    config: str
    kind: str  # lost | contradicted | gained | no longer contradicted
    before: FactState
    after: FactState

    @property
    def fact(self) -> str:
        return self.before.id

    @property
    def weight(self) -> int:
        return self.after.weight

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
            "text": self.after.text or self.before.text,
        }


def classify(before: FactState, after: FactState) -> str | None:
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


def fact_changes(before: TaskState, after: TaskState) -> list[FactChange]:
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
    """The outcome of a gate: every check, the problems that fail it, and a readable report."""

    current: Snapshot
    baseline: Snapshot | None
    policy: GatePolicy
    metrics: tuple[MetricChange, ...]
    bounds: tuple[BoundCheck, ...]
    changes: tuple[FactChange, ...]
    missing_tasks: tuple[str, ...]  # in the baseline, not in the current run
    new_failures: tuple[str, ...] = ()  # tasks the summarizer failed on in the current run
    signature_note: str | None = None

    def change_fails(self, change: FactChange) -> bool:
        if change.kind == CONTRADICTED:
            return self.policy.fail_on_contradiction
        if change.kind == LOST:
            return self.policy.lost_fails(change.weight)
        return False

    @property
    def problems(self) -> list[str]:
        out = []
        for m in self.metrics:
            if m.failed:
                if m.after is None:
                    out.append(f"{m.metric}: no value in the current run (baseline {m.before:.4f})")
                else:
                    verb = "rose" if m.metric in LOWER_IS_BETTER else "dropped"
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
            also = "" if old is None else ("; so did the baseline" if old.error else "; the baseline did not")
            out.append(f"{t}: the summarizer failed ({task.error if task else 'no output'}){also}")
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
            "model": self.current.summarizer,
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
            "failed_tasks": {t.id: t.error for t in self.current.tasks if t.error},
            "missing_tasks": list(self.missing_tasks),
            "new_failures": list(self.new_failures),
        }


def _worse(metric: str, before: float, after: float, tolerance: float) -> bool:
    # a tiny epsilon so that a drop of exactly the tolerance (0.02 written as a float) passes
    eps = 1e-12
    if metric in LOWER_IS_BETTER:
        return after - before > tolerance + eps
    return before - after > tolerance + eps


def compare(current: Snapshot, baseline: Snapshot | None, policy: GatePolicy | None = None) -> GateResult:
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
            before, after = baseline.mean(metric), current.mean(metric)
            if before is None:
                continue
            failed = after is None or _worse(metric, before, after, policy.tolerance)
            metrics.append(MetricChange(metric, before, after, failed))
        for old in baseline.tasks:
            new = current.task(old.id)
            if new is None:
                missing.append(old.id)
                continue
            changes.extend(fact_changes(old, new))
    # a failed task fails every gate, bounds-only ones included: its zeros are not a measurement
    new_failures = [t.id for t in current.tasks if t.error]
    bounds = [BoundCheck(m, "min", v, current.mean(m)) for m, v in policy.minimums.items()]
    bounds += [BoundCheck(m, "max", v, current.mean(m)) for m, v in policy.maximums.items()]
    return GateResult(current, baseline, policy, tuple(metrics), tuple(bounds), tuple(changes), tuple(missing),
                      tuple(new_failures), note)


# -- reports ------------------------------------------------------------------------------------------


def quote(text: str | None, limit: int = 220) -> str:
    if not text:
        return "(none)"
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"“{flat}”"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def describe_change(change: FactChange, summary: str | None, gating: bool) -> list[str]:
    """Lines that explain one fact change, naming the summary sentence involved."""
    tag = change.kind.upper() if gating else change.kind
    head = f"    {tag:<22} {change.fact} (weight {change.weight})"
    text = change.after.text or change.before.text
    lines = [head + (f": {text}" if text else "")]
    pad = " " * 27
    if change.kind == CONTRADICTED:
        lines.append(f"{pad}contradicted by: {quote(change.after.evidence)}")
        if change.before.label == "stated":
            lines.append(f"{pad}baseline stated it in: {quote(change.before.evidence)}")
    elif change.kind == LOST:
        lines.append(f"{pad}baseline stated it in: {quote(change.before.evidence)}")
        lines.append(f"{pad}no sentence of the current summary states it: {quote(summary)}")
    elif change.kind == GAINED:
        lines.append(f"{pad}now stated in: {quote(change.after.evidence)}")
    else:
        lines.append(f"{pad}baseline was contradicted by: {quote(change.before.evidence)}")
    return lines


def format_report(result: GateResult) -> str:
    cur, base = result.current, result.baseline
    problems = result.problems
    verdict = "PASSED" if not problems else f"FAILED ({len(problems)} problem{'s' if len(problems) != 1 else ''})"
    lines = [f"newsbench regression check {verdict}"]
    lines.append(f"  model     {cur.summarizer}  ({cur.source})")
    if base is not None:
        lines.append(f"  baseline  {base.summarizer}  ({base.source})")
    lines.append(f"  policy    {result.policy.describe()}")
    if result.signature_note:
        lines.append(f"  note      {result.signature_note}")

    if result.metrics:
        lines.append(f"metrics (mean over {len(cur.tasks)} tasks)")
        lines.append(f"    {'metric':<22}{'baseline':>10}{'current':>10}{'delta':>10}")
        for m in result.metrics:
            delta = "–" if m.delta is None else f"{m.delta:+.4f}"
            flag = "  WORSE" if m.failed else ""
            lines.append(f"    {m.metric:<22}{_fmt(m.before):>10}{_fmt(m.after):>10}{delta:>10}{flag}")
    if result.bounds:
        lines.append("bounds")
        for b in result.bounds:
            sign = ">=" if b.kind == "min" else "<="
            lines.append(f"    {b.metric} {sign} {b.bound:g}: {_fmt(b.value)}  {'FAIL' if b.failed else 'ok'}")

    by_task: dict[str, list[FactChange]] = {}
    for c in result.changes:
        by_task.setdefault(c.task, []).append(c)
    failed_tasks = [t for t in cur.tasks if t.error]
    if by_task or failed_tasks or result.missing_tasks:
        lines.append("facts by task (UPPER CASE = fails the gate)")
    order = {k: i for i, k in enumerate((CONTRADICTED, LOST, RESOLVED, GAINED))}
    for task in cur.tasks:
        task_changes = sorted(by_task.get(task.id, []), key=lambda c: (order[c.kind], -c.weight, c.fact))
        if not task_changes and not task.error:
            continue
        lines.append(f"  task {task.id} ({task.config})")
        if task.error:
            lines.append(f"    FAILED TASK            the summarizer failed: {task.error}")
        for c in task_changes:
            lines.extend(describe_change(c, task.summary, result.change_fails(c)))
    for t in result.missing_tasks:
        lines.append(f"  task {t}: in the baseline but not in this run")
    if base is not None and not by_task:
        lines.append("no fact changed its verdict")
    if problems:
        lines.append("problems")
        lines.extend(f"  - {p}" for p in problems)
    return "\n".join(lines)


def facts_report(snapshot: Snapshot) -> str:
    """Every fact's verdict in every task, with the deciding sentence: what a run states."""
    lines = [f"{snapshot.summarizer}  ({snapshot.source})"]
    for metric in ("fact_coverage", "core_fact_coverage", "contradiction_rate", "rouge1_f", "rougeL_f"):
        lines.append(f"  {metric:<20} {_fmt(snapshot.mean(metric))}")
    for task in snapshot.tasks:
        lines.append(f"  task {task.id} ({task.config})")
        if task.error:
            lines.append(f"    the summarizer failed: {task.error}")
        for f in sorted(task.facts, key=lambda f: (-f.weight, f.id)):
            where = f" <- {quote(f.evidence, 160)}" if f.evidence else ""
            lines.append(f"    {f.label:<13} {f.id} (weight {f.weight}){where}")
    return "\n".join(lines)
