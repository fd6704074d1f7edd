"""Hand-made run records for the tests of readers (store, gate, diff, leaderboard): typed, and
written through the store exactly as bench run writes them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

from benchmark.metrics import METRIC_KEYS
from benchmark.records.manifest import DatasetRef, Manifest
from benchmark.records.record import Results, RunRecord, TaskScores
from benchmark.records.store import RunDir
from benchmark.scoring.aggregate import aggregate
from benchmark.types import FactVerdict, Prediction

SIGNATURE = "data:newsbench-v1@abc|split:test|config:all|stem:porter|v:0.1.0"


def fact(fact_id: str, label: str, weight: int = 3, evidence: str | None = None, text: str | None = None) -> FactVerdict:
    return FactVerdict(fact_id, weight, label, 1.0 if label == "stated" else 0.0, evidence, text)


def task(task_id: str, facts: Sequence[FactVerdict] = (), *, config: str = "single", summary: str | None = "A summary.",
         error: str | None = None, **values: float | None) -> TaskScores:
    """A task's scores; fact coverage and contradiction rate are computed from ``facts`` unless given."""
    total = sum(f.weight for f in facts)
    if total:
        values.setdefault("fact_coverage", sum(f.weight for f in facts if f.label == "stated") / total)
        values.setdefault("contradiction_rate", sum(f.weight for f in facts if f.label == "contradicted") / total)
    return TaskScores(task_id, config, values, tuple(facts), error=error, summary=summary)


def record(tasks: Sequence[TaskScores], *, model: str = "lead-3", signature: str = SIGNATURE,
           status: str = "finished", source: str = "hand-made") -> RunRecord:
    """A record whose aggregates are the real seeded bootstrap over ``tasks``."""
    tasks = sorted(tasks, key=lambda t: t.id)
    aggs = {"all": aggregate([t.values for t in tasks], METRIC_KEYS)}
    for config in sorted({t.config for t in tasks}):
        aggs[config] = aggregate([t.values for t in tasks if t.config == config], METRIC_KEYS)
    counts = {"tasks": len(tasks), "failed": sum(1 for t in tasks if t.error), "judge_failed": 0}
    manifest = Manifest(run_id=source, status=status, summarizer={"text": model}, scoring={},
                        dataset=DatasetRef("newsbench", "newsbench-v1", "abc" * 4, None), signature=signature,
                        task_ids=tuple(t.id for t in tasks), counts=counts)
    predictions = tuple(Prediction(t.id, t.summary, error=t.error) for t in tasks)
    return RunRecord(manifest, tuple(tasks), Results(signature, model, status, counts, aggs), predictions, source)


def write_run(root: Path, name: str, rec: RunRecord, **manifest_changes: Any) -> RunDir:
    """Write ``rec`` as run directory ``root/name`` (manifest last, as bench run does)."""
    run = RunDir(Path(root) / name)
    run.write_predictions(rec.predictions)
    run.write_scores(rec.tasks)
    run.write_results(rec.results)
    run.write_manifest(replace(rec.manifest, run_id=name, **manifest_changes))
    return run
