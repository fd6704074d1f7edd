"""``manifest.json``: what a run is (summarizer, judge, scoring settings, dataset, signature) and how it
ended (status), with the provenance no reader interprets. Parsed here and nowhere else.

Versions (``schema``): ``newsbench.run/1`` fact rows without their texts; ``newsbench.run/2`` each fact
row carries its text. Older records load unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from ..errors import RunError

RECORD_VERSION = 2
SCHEMA = f"newsbench.run/{RECORD_VERSION}"
TRUSTED_STATUSES = ("finished", "partial")


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


def as_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} is a {type(value).__name__}, not an object")
    return value


def as_text(value: Any, what: str, optional: bool = False) -> Any:
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
        d = as_mapping(d, "dataset")
        return cls(name=as_text(d.get("name", "newsbench"), "dataset.name"), version=as_text(d["version"], "dataset.version"),
                   hash=as_text(d["hash"], "dataset.hash"), path=as_text(d.get("path"), "dataset.path", optional=True),
                   config=as_text(d.get("config", "all"), "dataset.config"), n_tasks=d.get("n_tasks"))

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
        d = as_mapping(d, "the manifest")
        if schema_version(d.get("schema")) == 0:
            raise ValueError(f"its schema is {d.get('schema')!r}, not a newsbench run")
        for key in ("status", "summarizer", "scoring", "dataset", "signature"):
            if key not in d:
                raise KeyError(key)
        summarizer = as_mapping(d["summarizer"], "summarizer")
        as_text(summarizer.get("text"), "summarizer.text")
        task_ids = d.get("task_ids") or []
        if not isinstance(task_ids, list) or not all(isinstance(t, str) for t in task_ids):
            raise TypeError("task_ids is not a list of strings")
        return cls(
            run_id=as_text(d.get("run_id", ""), "run_id"),
            status=as_text(d["status"], "status"),
            summarizer=summarizer,
            scoring=as_mapping(d["scoring"], "scoring"),
            dataset=DatasetRef.from_dict(d["dataset"]),
            signature=as_text(d["signature"], "signature"),
            judge=None if d.get("judge") is None else as_mapping(d["judge"], "judge"),
            shard=as_text(d.get("shard"), "shard", optional=True),
            task_ids=tuple(task_ids),
            counts=None if d.get("counts") is None else as_mapping(d["counts"], "counts"),
            error=as_text(d.get("error"), "error", optional=True),
            schema=d["schema"],
            extra={k: v for k, v in d.items() if k not in _MANIFEST_KEYS},
        )


def why(exc: BaseException) -> str:
    """One phrase for a parsing failure: a missing field or what was wrong with one."""
    if isinstance(exc, KeyError):
        return f"field {exc.args[0]!r} is missing"
    return str(exc)


def parse_manifest(data: Any, where: object) -> Manifest:
    """``Manifest.from_dict`` with its failures turned into one ``RecordDamaged`` line."""
    try:
        return Manifest.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordDamaged(where, why(exc)) from None
