"""Text reports of records: a gate's outcome and a run's fact verdicts, each naming the summary
sentence that decided a verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..metrics import GATED
from .changes import CONTRADICTED, GAINED, KINDS, LOST, FactChange
from .record import RunRecord

if TYPE_CHECKING:
    from .gate import GateResult


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
    lines = [head + (f": {change.text}" if change.text else "")]
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


def format_report(result: "GateResult") -> str:
    cur, base = result.current, result.baseline
    problems = result.problems
    verdict = "PASSED" if not problems else f"FAILED ({len(problems)} problem{'s' if len(problems) != 1 else ''})"
    lines = [f"newsbench regression check {verdict}"]
    lines.append(f"  model     {cur.model}  ({cur.source})")
    if base is not None:
        lines.append(f"  baseline  {base.model}  ({base.source})")
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
    failed_tasks = cur.failed_tasks()
    if by_task or failed_tasks or result.missing_tasks:
        lines.append("facts by task (UPPER CASE = fails the gate)")
    order = {k: i for i, k in enumerate(KINDS)}
    for task in cur.tasks:
        task_changes = sorted(by_task.get(task.id, []), key=lambda c: (order[c.kind], -c.weight, c.fact))
        if not task_changes and not task.failure:
            continue
        lines.append(f"  task {task.id} ({task.config})")
        if task.failure:
            lines.append(f"    FAILED TASK            the summarizer failed: {task.failure}")
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


def facts_report(record: RunRecord) -> str:
    """Every fact's verdict in every task, with the deciding sentence: what a run states."""
    lines = [f"{record.model}  ({record.source})"]
    for metric in GATED:
        lines.append(f"  {metric.key:<20} {_fmt(record.mean(metric.key))}")
    for task in record.tasks:
        lines.append(f"  task {task.id} ({task.config})")
        if task.failure:
            lines.append(f"    the summarizer failed: {task.failure}")
        for f in sorted(task.facts, key=lambda f: (-f.weight, f.id)):
            where = f" <- {quote(f.evidence, 160)}" if f.evidence else ""
            lines.append(f"    {f.label:<13} {f.id} (weight {f.weight}){where}")
    return "\n".join(lines)
