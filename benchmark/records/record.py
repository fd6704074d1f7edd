"""The typed run record: one ``RunRecord`` that the store writes and every reader gets.

A record is a ``Manifest`` (``manifest.py``), one ``TaskScores`` per task (every per-task number, the
summary, each key fact's ``FactVerdict``) and the ``Results`` (means with bootstrap intervals, overall
and per config). Each part is parsed from JSON in one place; a malformed part raises ``RecordDamaged``
naming the file and what is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..scoring.aggregate import MeanCI
from ..types import FactVerdict, Prediction
from .manifest import Manifest, RecordDamaged, as_mapping, as_text, why

# the fields of a row of scores.jsonl that are not numbers
_ROW_FIELDS = ("id", "config", "error", "judge_error", "truncated", "facts", "warnings")

# -- per task ----------------------------------------------------------------------------------------------


def _listed(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{what} is not a list")
    return value


def _number(value: Any, what: str) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} is {value!r}, not a number")
    return value


@dataclass(frozen=True)
class TaskScores:
    """One task of a run: every per-task number, the summary and each key fact's verdict.

    ``values`` holds every number of the task's row (the metric table's keys and the ROUGE precisions
    and recalls); ``error`` is the summarizer's failure, ``judge_error`` the judge's.
    """

    id: str
    config: str
    values: Mapping[str, float | int | None]
    facts: tuple[FactVerdict, ...] = ()
    error: str | None = None
    judge_error: str | None = None
    truncated: bool = False
    summary: str | None = None  # from predictions.jsonl; not part of the scores row
    warnings: tuple[str, ...] = ()  # e.g. the judge cannot read the summary's script

    @property
    def failure(self) -> str | None:
        """Why this task scores nothing: the summarizer's error, else the judge's."""
        return self.error or self.judge_error

    def metric(self, key: str) -> float | None:
        value = self.values.get(key)
        return None if value is None else float(value)

    def fact(self, fact_id: str) -> FactVerdict | None:
        for f in self.facts:
            if f.id == fact_id:
                return f
        return None

    def to_row(self) -> dict[str, Any]:
        """The line of ``scores.jsonl``."""
        row: dict[str, Any] = {"id": self.id, "config": self.config, "error": self.error}
        row.update(self.values)
        row["truncated"] = self.truncated
        if self.judge_error is not None:
            row["judge_error"] = self.judge_error
        if self.warnings:  # absent when there is none: records without warnings keep their bytes
            row["warnings"] = list(self.warnings)
        row["facts"] = [f.to_dict() for f in self.facts]
        return row

    @classmethod
    def from_row(cls, row: Any, summary: str | None = None) -> "TaskScores":
        row = as_mapping(row, "the row")
        tid = as_text(row["id"], "id")
        facts = row.get("facts") or []
        if not isinstance(facts, list):
            raise TypeError(f"task {tid}: facts is not a list")
        return cls(
            id=tid,
            config=as_text(row["config"], f"task {tid}: config"),
            values={k: _number(v, f"task {tid}: {k}") for k, v in row.items() if k not in _ROW_FIELDS},
            facts=tuple(FactVerdict.from_dict(f) for f in facts),
            error=as_text(row.get("error"), f"task {tid}: error", optional=True),
            judge_error=as_text(row.get("judge_error"), f"task {tid}: judge_error", optional=True),
            truncated=bool(row.get("truncated", False)),
            summary=summary,
            warnings=tuple(_text(w, f"task {tid}: warnings") for w in _listed(row.get("warnings"), f"task {tid}: warnings")),
        )


# -- aggregates --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    """``results.json``: the signature, the status, counts, and the aggregates per config and metric."""

    signature: str
    summarizer: str
    status: str
    counts: Mapping[str, int]
    aggregate: Mapping[str, Mapping[str, MeanCI]]  # config ("all", "single", …) -> metric key -> mean

    @property
    def n_tasks(self) -> int:
        return int(self.counts.get("tasks", 0))

    @property
    def n_failed(self) -> int:
        return int(self.counts.get("failed", 0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "summarizer": self.summarizer,
            "status": self.status,
            "counts": dict(self.counts),
            "aggregate": {c: {k: v.to_dict() for k, v in m.items()} for c, m in self.aggregate.items()},
        }

    @classmethod
    def from_dict(cls, d: Any) -> "Results":
        d = as_mapping(d, "results")
        aggregate = as_mapping(d["aggregate"], "aggregate")
        parsed: dict[str, dict[str, MeanCI]] = {}
        for config, metrics in aggregate.items():
            parsed[config] = {}
            for key, value in as_mapping(metrics, f"aggregate.{config}").items():
                value = as_mapping(value, f"aggregate.{config}.{key}")
                ci = MeanCI.from_dict(value)
                for part in ("mean", "low", "high"):
                    _number(getattr(ci, part), f"aggregate.{config}.{key}.{part}")
                parsed[config][key] = ci
        counts = as_mapping(d.get("counts") or {}, "counts")
        return cls(signature=as_text(d["signature"], "signature"), summarizer=as_text(d.get("summarizer", ""), "summarizer"),
                   status=as_text(d.get("status", ""), "status"),
                   counts={k: int(v) for k, v in counts.items()}, aggregate=parsed)


# -- the record --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRecord:
    """One run: its manifest, its tasks (sorted by id) and its results.

    ``source`` says where it was read from (a run directory, a baseline file) for messages and reports.
    """

    manifest: Manifest
    tasks: tuple[TaskScores, ...]
    results: Results
    predictions: tuple[Prediction, ...] = ()
    source: str = ""

    # what ran
    @property
    def run_dir(self) -> Path:
        """Where the record was written or read (a run directory; a file for a baseline file)."""
        return Path(self.source)

    @property
    def model(self) -> str:
        return self.manifest.model

    @property
    def run_id(self) -> str:
        return self.manifest.run_id

    @property
    def signature(self) -> str:
        return self.results.signature

    @property
    def status(self) -> str:
        return self.manifest.status

    @property
    def config(self) -> str:
        return self.manifest.dataset.config

    @property
    def version(self) -> int:
        return self.manifest.version

    # numbers
    def aggregate(self, metric: str, config: str = "all") -> MeanCI | None:
        return self.results.aggregate.get(config, {}).get(metric)

    def mean(self, metric: str, config: str = "all") -> float | None:
        agg = self.aggregate(metric, config)
        return None if agg is None else agg.mean

    def means(self, config: str = "all") -> dict[str, float | None]:
        return {k: v.mean for k, v in self.results.aggregate.get(config, {}).items()}

    # tasks and facts
    def task(self, task_id: str) -> TaskScores | None:
        for t in self.tasks:
            if t.id == task_id:
                return t
        return None

    def fact_ids(self) -> list[str]:
        return sorted({f.id for t in self.tasks for f in t.facts})

    def failed_tasks(self) -> list[TaskScores]:
        return [t for t in self.tasks if t.failure]


def assemble(manifest: Manifest, rows: Sequence[Mapping[str, Any]], results: Mapping[str, Any],
             predictions: Sequence[Prediction], source: str) -> RunRecord:
    """A ``RunRecord`` from the parsed files of a run directory (the predictions give the summaries)."""
    summaries = {p.id: p.summary for p in predictions}
    tasks = []
    for n, row in enumerate(rows, 1):
        try:
            tasks.append(TaskScores.from_row(row, None))
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordDamaged(f"{source}/scores.jsonl", f"line {n}: {why(exc)}") from None
    tasks = [replace(t, summary=summaries.get(t.id)) for t in sorted(tasks, key=lambda t: t.id)]
    try:
        parsed = Results.from_dict(results)
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordDamaged(f"{source}/results.json", why(exc), "rescore it with bench score") from None
    return RunRecord(manifest, tuple(tasks), parsed, tuple(predictions), source)


__all__ = ["RunRecord", "Results", "TaskScores", "FactVerdict", "assemble"]
