"""Three-way meta-evaluation: a judge against people who marked each fact stated, contradicted or missing.

Input: JSONL lines about the tasks of a newsbench dataset, one per summary::

    {"task": "<task id>", "id": "<case id>", "summary": "...",
     "labels": {"<fact id>": "S" | "C"}, "unscored": ["<fact id>", ...]}

``S`` = the summary states the fact, ``C`` = it contradicts it; a fact id of the task's checklist that
is not in ``labels`` is missing (``M``); ids in ``unscored`` (ambiguous) are left out of every figure.
The checklist of each task - fact texts, probes and accepted wordings - comes from the dataset, looked
up by ``task``, so the judge sees exactly what ``bench run`` gives it.

Figures, over every scored (case, fact) pair:

* stated balanced accuracy: ``stated`` against (``missing`` or ``contradicted``), both ways;
* contradiction precision and recall: ``contradicted`` verdicts against ``C`` labels;
* three-way accuracy;
* for each *focus* fact (by default the task's weight-3 facts): on how many labelled cases (``S`` or
  ``C``) the verdict is exactly the label, and on how many cases of all;
* every disagreement, with the sentence the judge named as evidence.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import DataError
from ..types import Failed, JudgeItem, Task
from .agreement import agreement_from_counts
from .lines import decode_line, json_object

LABELS = {"S": "stated", "C": "contradicted", "M": "missing"}
_SHORT = {v: k for k, v in LABELS.items()}


@dataclass(frozen=True)
class LabelledSummary:
    task: str
    id: str
    summary: str
    labels: Mapping[str, str]  # fact id -> "S" | "C"
    unscored: frozenset[str]


@dataclass(frozen=True)
class CaseError:
    case: str
    fact: str
    label: str  # "S" | "C" | "M"
    verdict: str  # "S" | "C" | "M"
    evidence: str | None


@dataclass(frozen=True)
class FocusResult:
    fact: str
    labelled_right: int
    labelled: int
    all_right: int
    cases: int


@dataclass(frozen=True)
class ThreeWayReport:
    data: str
    judge: str
    cases: int
    pairs: int
    stated_balanced_accuracy: float | None
    contradiction_precision: float | None
    contradiction_recall: float | None
    contradiction_labels: int
    contradiction_verdicts: int
    accuracy: float | None
    focus: tuple[FocusResult, ...]
    errors: tuple[CaseError, ...]
    failed: tuple[str, ...]  # case ids the judge failed on

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- reading ------------------------------------------------------------------------------------------


def is_threeway_line(line: str) -> bool:
    """Whether a JSONL line is in this format (a ``task`` and a ``labels`` object) rather than the
    REALSumm one (``doc_id`` and a ``labels`` list)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "task" in obj and isinstance(obj.get("labels"), dict)


def parse_labelled(line: str, where: str) -> LabelledSummary:
    obj = json_object(line, where, " with task, id, summary and labels", todo="; fix or remove the line")
    for key in ("task", "id", "summary"):
        if not isinstance(obj.get(key), str):
            raise DataError(f"{where}: field {key!r} must be a string; each line needs task, id, summary, labels")
    labels = obj.get("labels")
    if not isinstance(labels, dict) or not all(isinstance(k, str) and v in ("S", "C") for k, v in labels.items()):
        raise DataError(f"{where}: field 'labels' must map fact ids to \"S\" or \"C\"")
    unscored = obj.get("unscored") or []
    if not isinstance(unscored, list) or not all(isinstance(u, str) for u in unscored):
        raise DataError(f"{where}: field 'unscored' must be a list of fact ids")
    return LabelledSummary(obj["task"], obj["id"], obj["summary"], dict(labels), frozenset(unscored))


def load_labelled(path: str | Path) -> list[LabelledSummary]:
    path = Path(path)
    rows = []
    with path.open("rb") as fh:
        for n, data in enumerate(fh, 1):
            where = f"{path.name} line {n}"
            line = decode_line(data, where)
            if line.strip():
                rows.append(parse_labelled(line, where))
    if not rows:
        raise DataError(f"{path}: no lines; the file needs one JSON object per summary")
    return rows


def _check_ids(rows: Sequence[LabelledSummary], tasks: Mapping[str, Task]) -> None:
    for row in rows:
        task = tasks.get(row.task)
        if task is None:
            known = ", ".join(sorted(tasks)) or "none"
            raise DataError(f"case {row.id!r}: task {row.task!r} is not in the dataset (tasks: {known}); "
                            "pass --dataset with the dataset that holds it")
        ids = {k.id for k in task.keyfacts}
        unknown = sorted((set(row.labels) | row.unscored) - ids)
        if unknown:
            raise DataError(f"case {row.id!r}: fact id(s) {', '.join(unknown)} are not in the checklist of "
                            f"{row.task!r}; use the ids of its key facts")


# -- evaluating ---------------------------------------------------------------------------------------


def judge_item(row: LabelledSummary, task: Task) -> JudgeItem:
    """The judge's input for one labelled summary: the task's whole checklist, as scoring gives it."""
    return JudgeItem.of_task(task, row.summary, item_id=row.id)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate_threeway(
    judge: Any,
    rows: Sequence[LabelledSummary],
    tasks: Mapping[str, Task],
    *,
    focus: Sequence[str] = (),
    data_name: str = "",
) -> ThreeWayReport:
    """Judge every labelled summary against its task's checklist and compare (see the module doc).

    ``focus`` names fact ids to report exactly; empty = the weight-3 facts of the tasks involved."""
    _check_ids(rows, tasks)
    outputs = judge.judge([judge_item(r, tasks[r.task]) for r in rows])
    if not focus:
        involved = {r.task for r in rows}
        focus = sorted({k.id for t in involved for k in tasks[t].keyfacts if k.weight == 3})
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "c_tp": 0, "c_labels": 0, "c_verdicts": 0, "right": 0}
    focus_counts = {f: [0, 0, 0, 0] for f in focus}
    errors: list[CaseError] = []
    failed: list[str] = []
    pairs = 0
    for row, out in zip(rows, outputs):
        if isinstance(out, Failed):
            failed.append(row.id)
            continue
        for fact, verdict in zip(tasks[row.task].keyfacts, out):
            if fact.id in row.unscored:
                continue
            pairs += 1
            gold, got = row.labels.get(fact.id, "M"), _SHORT[verdict.label]
            if gold == "S":
                counts["tp" if got == "S" else "fn"] += 1
            else:
                counts["fp" if got == "S" else "tn"] += 1
            counts["c_labels"] += gold == "C"
            counts["c_verdicts"] += got == "C"
            counts["c_tp"] += gold == "C" and got == "C"
            counts["right"] += gold == got
            if fact.id in focus_counts:
                fc = focus_counts[fact.id]
                fc[2] += gold == got
                fc[3] += 1
                if gold != "M":
                    fc[0] += gold == got
                    fc[1] += 1
            if gold != got:
                errors.append(CaseError(row.id, fact.id, gold, got, verdict.evidence))
    ba = agreement_from_counts(counts["tp"], counts["fp"], counts["fn"], counts["tn"])[0]
    signature = judge.signature() if hasattr(judge, "signature") else judge.spec().text
    return ThreeWayReport(
        data=data_name,
        judge=signature,
        cases=len(rows),
        pairs=pairs,
        stated_balanced_accuracy=None if ba != ba else round(ba, 4),
        contradiction_precision=_ratio(counts["c_tp"], counts["c_verdicts"]),
        contradiction_recall=_ratio(counts["c_tp"], counts["c_labels"]),
        contradiction_labels=counts["c_labels"],
        contradiction_verdicts=counts["c_verdicts"],
        accuracy=_ratio(counts["right"], pairs),
        focus=tuple(FocusResult(f, *focus_counts[f]) for f in focus),
        errors=tuple(errors),
        failed=tuple(failed),
    )


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_threeway(report: ThreeWayReport) -> str:
    lines = [
        f"data: {report.data} - {report.cases} summaries, {report.pairs} scored fact pairs",
        f"judge: {report.judge}",
        "",
        f"stated vs not, balanced accuracy: {_fmt(report.stated_balanced_accuracy)}",
        f"contradictions: precision {_fmt(report.contradiction_precision)} "
        f"({report.contradiction_verdicts} judged), recall {_fmt(report.contradiction_recall)} "
        f"({report.contradiction_labels} labelled)",
        f"three-way accuracy: {_fmt(report.accuracy)}",
    ]
    for f in report.focus:
        lines.append(f"focus fact {f.fact}: exactly right on {f.labelled_right} of {f.labelled} labelled cases, "
                     f"{f.all_right} of {f.cases} cases in all")
    if report.failed:
        lines.append(f"judge failed on: {', '.join(report.failed)}")
    lines += ["", f"disagreements ({len(report.errors)}): case, fact, label -> verdict, evidence"]
    for e in report.errors:
        lines.append(f"  {e.case}  {e.fact}  {e.label} -> {e.verdict}  {e.evidence or '-'}")
    return "\n".join(lines)
