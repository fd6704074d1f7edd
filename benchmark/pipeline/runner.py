"""``bench run``: summarize -> score -> record, resumable.

``run_benchmark`` loads the dataset, builds the summarizer (which validates its inputs before anything
is written), writes the manifest with status ``started``, gets the summaries (``summarize.py``), scores
them (``score.py``) and writes the record; the manifest is written a second time, with its final status.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..data.load import load_tasks
from ..errors import BenchError
from ..records.manifest import Manifest
from ..records.record import Results, RunRecord
from ..records.store import RunDir, new_run_dir
from ..summarizers import create_summarizer
from ..types import Prediction, Task
from .cache import PredictionCache
from .interrupts import interrupt_on_sigterm
from .provenance import build_signature, dataset_ref, new_manifest, now, run_id_for, summarizer_fields
from .score import RunScorer, ScoringSettings
from .shard import Shard, Subset, select_tasks
from .summarize import summarize_tasks



@dataclass
class RunOptions:
    model: str
    model_options: Mapping[str, Any] = field(default_factory=dict)
    dataset: str | None = None
    config: str = "all"
    runs_dir: Path = Path("runs")
    cache_dir: Path | None = None
    use_cache: bool = True
    scoring: ScoringSettings = field(default_factory=ScoringSettings)
    shard: Shard | None = None
    subset: Subset | None = None  # --task / --limit
    batch_size: int = 16
    progress: bool | None = None  # None: show on a terminal
    command: Sequence[str] = ()


def run_benchmark(opts: RunOptions) -> RunRecord:
    t0 = time.monotonic()
    dataset = load_tasks(opts.dataset, opts.config)
    tasks = select_tasks(dataset.tasks, opts.shard, opts.subset, opts.config)
    run_fields: dict[str, str] = {}
    if opts.subset:
        chosen = select_tasks(dataset.tasks, None, opts.subset, opts.config)
        run_fields.update(opts.subset.signature_field(chosen, len(dataset.tasks)))
    if not tasks:
        raise BenchError(
            f"no tasks to run (config {opts.config!r}{', shard ' + str(opts.shard) if opts.shard else ''}); "
            "check --config and --shard"
        )
    summarizer = create_summarizer(opts.model, opts.model_options)  # validates options and inputs
    check_tasks = getattr(summarizer, "check_tasks", None)
    if callable(check_tasks):  # e.g. file: checks its ids against the whole run before anything runs
        check_tasks(tasks, known_ids=[t.id for t in dataset.tasks])
    scorer = RunScorer(opts.scoring)
    signature = build_signature(dataset, opts.config, scorer, dataset.tasks,
                                {**summarizer_fields(summarizer), **run_fields})
    spec = summarizer.spec().to_dict()
    # The cache is opened before anything is written: a damaged cache stops here, records untouched.
    cache = PredictionCache.in_dir(opts.cache_dir) if opts.use_cache else None
    try:
        run_dir = new_run_dir(Path(opts.runs_dir), run_id_for(spec, signature, opts.shard, opts.scoring))
    except BaseException:
        if cache is not None:
            cache.close()
        raise
    manifest = new_manifest(run_id=run_dir.run_id, summarizer=spec, scorer=scorer,
                            dataset=dataset_ref(dataset, opts.config), signature=signature, tasks=tasks,
                            shard=opts.shard, command=opts.command, use_cache=opts.use_cache,
                            **({"subset": opts.subset.to_dict()} if opts.subset else {}))
    stats: dict[str, int] = {}
    try:
        with interrupt_on_sigterm():  # SIGTERM ends the run like Ctrl-C: status interrupted, resumable
            run_dir.write_manifest(manifest)
            t_sum = time.monotonic()
            predictions = summarize_tasks(summarizer, tasks, cache, opts.batch_size, opts.progress, stats=stats)
            run_dir.write_predictions(predictions)
            t_score = time.monotonic()
            record = score_and_record(run_dir, manifest, tasks, predictions, scorer)
            timings = {
                "summarize_s": round(t_score - t_sum, 3),
                "score_s": round(time.monotonic() - t_score, 3),
                "total_s": round(time.monotonic() - t0, 3),
            }
            return finish(run_dir, record, timings=timings, from_cache=stats.get("cached", 0))
    except KeyboardInterrupt:
        run_dir.write_manifest(replace(
            manifest, status="interrupted", error="interrupted; run the same command again to resume from the cache"
        ).with_extra(finished_at=now()))
        raise
    except BaseException as exc:
        run_dir.write_manifest(replace(manifest, status="failed", error=f"{type(exc).__name__}: {exc}")
                               .with_extra(finished_at=now()))
        raise
    finally:
        if cache is not None:
            cache.close()


def score_and_record(
    run_dir: RunDir,
    manifest: Manifest,
    tasks: Sequence[Task],
    predictions: Sequence[Prediction],
    scorer: RunScorer,
) -> RunRecord:
    """Score stored predictions and write scores.jsonl and results.json; the caller writes the manifest."""
    by_id = {p.id: p for p in predictions}
    scored = scorer.score(tasks, by_id)
    run_dir.write_scores(scored)
    n_failed = sum(1 for p in predictions if not p.ok)
    n_judge_failed = sum(1 for t in scored if t.judge_error)
    if predictions and n_failed == len(predictions):
        status = "failed"  # nothing to score: never a leaderboard row, never a passing gate
    else:
        status = "partial" if (n_failed or n_judge_failed) else "finished"
    counts = {"tasks": len(tasks), "failed": n_failed, "judge_failed": n_judge_failed}
    results = Results(signature=manifest.signature, summarizer=manifest.model, status=status, counts=counts,
                      aggregate=scorer.aggregate(scored))
    run_dir.write_results(results)
    manifest = replace(manifest, status=status, counts=counts, error=None).with_extra(finished_at=now())
    return RunRecord(manifest, tuple(scored), results, tuple(predictions), str(run_dir.path))


def finish(run_dir: RunDir, record: RunRecord, **extra: Any) -> RunRecord:
    """Write the final manifest (the run's status and ``extra`` provenance) and return the record."""
    record = replace(record, manifest=record.manifest.with_extra(**extra))
    run_dir.write_manifest(record.manifest)
    return record
