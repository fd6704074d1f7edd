"""Baselines: the run a gate compares with, read from a run directory or a committed baseline file.

A baseline file (``newsbench.baseline/1``) is a small, stable view of a ``RunRecord`` meant to be
committed: signature, scoring settings, the mean of every metric, and per task the metric values, the
summary and each fact's verdict. ``save_baseline`` writes it; ``load_baseline`` reads either form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from ..errors import BenchError
from ..metrics import METRIC_KEYS
from ..scoring.aggregate import MeanCI
from ..types import FactVerdict
from .manifest import DatasetRef, Manifest
from .record import Results, RunRecord, TaskScores
from .store import MANIFEST, RESULTS, RunDir, atomic_write_text, dumps_json

BASELINE_SCHEMA = "newsbench.baseline/1"


class BaselineError(BenchError):
    """A baseline cannot be read, or cannot be compared with the current run."""


def _fact_dict(f: FactVerdict) -> dict[str, Any]:
    return {"id": f.id, "weight": f.weight, "label": f.label, "score": f.score, "evidence": f.evidence, "text": f.text}


def to_baseline(record: RunRecord) -> dict[str, Any]:
    """The baseline-file form of a record."""
    return {
        "schema": BASELINE_SCHEMA,
        "summarizer": record.model,
        "signature": record.signature,
        "status": record.status,
        "config": record.config,
        "dataset": record.manifest.dataset.path,
        "scoring": dict(record.manifest.scoring),
        "aggregate": {c: {k: v.mean for k, v in m.items()} for c, m in record.results.aggregate.items()},
        "tasks": [
            {
                "id": t.id,
                "config": t.config,
                "error": t.failure,
                "summary": t.summary,
                "metrics": {k: t.values[k] for k in METRIC_KEYS if k in t.values},
                "facts": [_fact_dict(f) for f in t.facts],
            }
            for t in record.tasks
        ],
    }


def save_baseline(record: RunRecord, path: Path) -> Path:
    """Write ``record`` as a baseline file (sorted keys, so diffs in review stay readable)."""
    path = Path(path)
    atomic_write_text(path, dumps_json(to_baseline(record)))
    return path


def _means_ci(tasks: list[TaskScores], config: str, key: str, mean: float | None) -> MeanCI:
    values = [t.metric(key) for t in tasks if config in ("all", t.config)]
    n = sum(1 for v in values if v is not None)
    return MeanCI(mean=mean, low=None, high=None, n=n, missing=len(values) - n, bootstrapped=False)


def from_baseline(d: Mapping[str, Any], source: str) -> RunRecord:
    """A ``RunRecord`` from a baseline file's contents (means without intervals, no predictions)."""
    if d.get("schema") != BASELINE_SCHEMA:
        raise BaselineError(
            f"{source} is not a newsbench baseline (its schema is {d.get('schema')!r}, expected "
            f"{BASELINE_SCHEMA!r}); pass a run directory or a file written by bench check --save "
            "or by the pytest fixture's result.save()"
        )
    tasks = [
        TaskScores.from_row(
            {"id": t["id"], "config": t["config"], "error": t.get("error"), **dict(t.get("metrics") or {}),
             "facts": t.get("facts") or []},
            t.get("summary"),
        )
        for t in d.get("tasks") or ()
    ]
    manifest = Manifest(
        run_id="",
        status=d["status"],
        summarizer={"text": d["summarizer"]},
        scoring=dict(d.get("scoring") or {}),
        dataset=DatasetRef(name="", version="", hash="", path=d.get("dataset"), config=d["config"]),
        signature=d["signature"],
        task_ids=tuple(t.id for t in tasks),
        schema=BASELINE_SCHEMA,
    )
    aggregate = {
        c: {k: _means_ci(tasks, c, k, v) for k, v in metrics.items()}
        for c, metrics in (d.get("aggregate") or {}).items()
    }
    results = Results(signature=d["signature"], summarizer=d["summarizer"], status=d["status"],
                      counts={"tasks": len(tasks), "failed": sum(1 for t in tasks if t.error)}, aggregate=aggregate)
    return RunRecord(manifest, tuple(sorted(tasks, key=lambda t: t.id)), results, (), source)


def load_baseline(path: str | Path) -> RunRecord:
    """A baseline from a run directory, a run's ``results.json``, or a baseline file."""
    p = Path(path)
    if p.is_dir():
        if not (p / MANIFEST).is_file():
            raise BaselineError(
                f"baseline {p} is a folder but not a run directory (no {MANIFEST}); pass a folder made "
                "by bench run or a baseline file"
            )
        return RunDir(p).record()
    if not p.is_file():
        raise BaselineError(
            f"baseline {p} does not exist; create it with: bench check --model SPEC --save {p} "
            "(or pass a run directory made by bench run)"
        )
    if p.name == RESULTS and (p.parent / MANIFEST).is_file():
        return RunDir(p.parent).record()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise BaselineError(f"baseline {p} is not UTF-8 text (byte {exc.start}); regenerate it") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {p} is not valid JSON ({exc}); regenerate it") from None
    if not isinstance(data, dict):
        raise BaselineError(f"baseline {p} holds a JSON {type(data).__name__}, not a baseline object")
    try:
        return from_baseline(data, str(p))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BaselineError(f"baseline {p} is damaged (bad or missing field {exc}); regenerate it") from None
