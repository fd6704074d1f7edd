"""The typed run record: one ``RunRecord`` that the store writes and every reader gets.

A record is a ``Manifest`` (what ran, on what, under which signature, with which status), one
``TaskScores`` per task (every per-task number, the summary, each key fact's ``FactVerdict``) and the
``Results`` (means with bootstrap intervals, overall and per config). Each part is parsed from JSON in
one place and a malformed part raises ``RecordDamaged`` naming the file and what is wrong.

Versions (``manifest.schema``): ``newsbench.run/1`` fact rows without their texts; ``newsbench.run/2``
each fact row carries its text. Older records load unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import RunError
from ..metrics import METRIC_KEYS
from ..scoring.aggregate import MeanCI
from ..types import FactVerdict, Prediction

RECORD_VERSION = 2
SCHEMA = f"newsbench.run/{RECORD_VERSION}"
TRUSTED_STATUSES = ("finished", "partial")
# the fields of a row of scores.jsonl that are not numbers
_ROW_FIELDS = ("id", "config", "error", "judge_error", "truncated", "facts")


class RecordDamaged(RunError):
    """A run record exists but cannot be read: truncated, edited, or written by something else."""

    def __init__(self, where: object, problem: str, todo: str = "re-run it with bench run"):
        super().__init__(f"run record {where} is damaged: {problem}; {todo}")


def schema_version(schema: object) -> int:
    """``"newsbench.run/2"`` -> 2; anything that is not a newsbench run schema -> 0."""
    if isinstance(schema, str) and schema.startswith("newsbench.run/"):
        tail = schema.rpartition("/")[2]
        if tail.isdigit():
            return int(tail)
    return 0


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} is a {type(value).__name__}, not an object")
    return value


def _text(value: Any, what: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} is {value!r}, not a string")
    return value


# -- the manifest ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetRef:
    """Which dataset a run used: its version and content hash, and where it was loaded from."""

    name: str
    version: str
    hash: str
    path: str | None  # None: the packaged benchmark
    config: str = "all"
    n_tasks: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "hash": self.hash, "path": self.path,
                "config": self.config, "n_tasks": self.n_tasks}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "DatasetRef":
        d = _mapping(d, "dataset")
        return cls(name=_text(d.get("name", "newsbench"), "dataset.name"), version=_text(d["version"], "dataset.version"),
                   hash=_text(d["hash"], "dataset.hash"), path=_text(d.get("path"), "dataset.path", optional=True),
                   config=_text(d.get("config", "all"), "dataset.config"), n_tasks=d.get("n_tasks"))

    def describe(self) -> str:
        return f"{self.version}@{self.hash[:12]}"


# keys of manifest.json that Manifest reads into typed fields; every other key is kept in ``extra``
_MANIFEST_KEYS = ("schema", "run_id", "status", "summarizer", "judge", "scoring", "dataset", "signature", "shard",
                  "task_ids", "counts", "error")


@dataclass(frozen=True)
class Manifest:
    """``manifest.json``: what ran, on what, under which signature, and how it ended.

    ``summarizer`` and ``judge`` are the components' recorded specs (``ComponentSpec.to_dict``);
    ``scoring`` the scoring settings as recorded (``ScoringSettings.to_dict``); ``extra`` holds the
    provenance that no reader interprets (command, versions, git revision, times, timings, …).
    """

    run_id: str
    status: str  # started -> finished | partial | failed | interrupted
    summarizer: Mapping[str, Any]
    scoring: Mapping[str, Any]
    dataset: DatasetRef
    signature: str
    judge: Mapping[str, Any] | None = None
    shard: str | None = None
    task_ids: tuple[str, ...] = ()
    counts: Mapping[str, int] | None = None
    error: str | None = None
    schema: str = SCHEMA
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return schema_version(self.schema)

    @property
    def model(self) -> str:
        """The summarizer spec as the user wrote it: ``lead-3``, ``py:pkg.mod:fn``."""
        return str(self.summarizer.get("text"))

    @property
    def trusted(self) -> bool:
        return self.status in TRUSTED_STATUSES

    def with_extra(self, **values: Any) -> "Manifest":
        return replace(self, extra={**self.extra, **values})

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.extra)
        d.update(schema=self.schema, run_id=self.run_id, status=self.status, summarizer=dict(self.summarizer),
                 judge=None if self.judge is None else dict(self.judge), scoring=dict(self.scoring),
                 dataset=self.dataset.to_dict(), signature=self.signature, shard=self.shard,
                 task_ids=list(self.task_ids))
        if self.counts is not None:
            d["counts"] = dict(self.counts)
        if self.error is not None:
            d["error"] = self.error
        return d

    @classmethod
    def from_dict(cls, d: Any) -> "Manifest":
        """Parse ``manifest.json``; ``KeyError``/``TypeError``/``ValueError`` name what is wrong."""
        d = _mapping(d, "the manifest")
        if schema_version(d.get("schema")) == 0:
            raise ValueError(f"its schema is {d.get('schema')!r}, not a newsbench run")
        for key in ("status", "summarizer", "scoring", "dataset", "signature"):
            if key not in d:
                raise KeyError(key)
        summarizer = _mapping(d["summarizer"], "summarizer")
        _text(summarizer.get("text"), "summarizer.text")
        task_ids = d.get("task_ids") or []
        if not isinstance(task_ids, list) or not all(isinstance(t, str) for t in task_ids):
            raise TypeError("task_ids is not a list of strings")
        return cls(
            run_id=_text(d.get("run_id", ""), "run_id"),
            status=_text(d["status"], "status"),
            summarizer=summarizer,
            scoring=_mapping(d["scoring"], "scoring"),
            dataset=DatasetRef.from_dict(d["dataset"]),
            signature=_text(d["signature"], "signature"),
            judge=None if d.get("judge") is None else _mapping(d["judge"], "judge"),
            shard=_text(d.get("shard"), "shard", optional=True),
            task_ids=tuple(task_ids),
            counts=None if d.get("counts") is None else _mapping(d["counts"], "counts"),
            error=_text(d.get("error"), "error", optional=True),
            schema=d["schema"],
            extra={k: v for k, v in d.items() if k not in _MANIFEST_KEYS},
        )


# -- per task ----------------------------------------------------------------------------------------------


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
        row["facts"] = [f.to_dict() for f in self.facts]
        return row

    @classmethod
    def from_row(cls, row: Any, summary: str | None = None) -> "TaskScores":
        row = _mapping(row, "the row")
        tid = _text(row["id"], "id")
        facts = row.get("facts") or []
        if not isinstance(facts, list):
            raise TypeError(f"task {tid}: facts is not a list")
        return cls(
            id=tid,
            config=_text(row["config"], f"task {tid}: config"),
            values={k: _number(v, f"task {tid}: {k}") for k, v in row.items() if k not in _ROW_FIELDS},
            facts=tuple(FactVerdict.from_dict(f) for f in facts),
            error=_text(row.get("error"), f"task {tid}: error", optional=True),
            judge_error=_text(row.get("judge_error"), f"task {tid}: judge_error", optional=True),
            truncated=bool(row.get("truncated", False)),
            summary=summary,
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
        d = _mapping(d, "results")
        aggregate = _mapping(d["aggregate"], "aggregate")
        parsed: dict[str, dict[str, MeanCI]] = {}
        for config, metrics in aggregate.items():
            parsed[config] = {}
            for key, value in _mapping(metrics, f"aggregate.{config}").items():
                value = _mapping(value, f"aggregate.{config}.{key}")
                ci = MeanCI.from_dict(value)
                for part in ("mean", "low", "high"):
                    _number(getattr(ci, part), f"aggregate.{config}.{key}.{part}")
                parsed[config][key] = ci
        counts = _mapping(d.get("counts") or {}, "counts")
        return cls(signature=_text(d["signature"], "signature"), summarizer=_text(d.get("summarizer", ""), "summarizer"),
                   status=_text(d.get("status", ""), "status"),
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
            raise RecordDamaged(f"{source}/scores.jsonl", f"line {n}: {_why(exc)}") from None
    tasks = [replace(t, summary=summaries.get(t.id)) for t in sorted(tasks, key=lambda t: t.id)]
    try:
        parsed = Results.from_dict(results)
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordDamaged(f"{source}/results.json", _why(exc), "rescore it with bench score") from None
    return RunRecord(manifest, tuple(tasks), parsed, tuple(predictions), source)


def _why(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"field {exc.args[0]!r} is missing"
    return str(exc)


def parse_manifest(data: Any, where: object) -> Manifest:
    """``Manifest.from_dict`` with its failures turned into one ``RecordDamaged`` line."""
    try:
        return Manifest.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordDamaged(where, _why(exc)) from None


__all__ = [
    "DatasetRef", "FactVerdict", "Manifest", "METRIC_KEYS", "RECORD_VERSION", "RecordDamaged", "Results",
    "RunRecord", "SCHEMA", "TaskScores", "TRUSTED_STATUSES", "assemble", "parse_manifest", "schema_version",
]
