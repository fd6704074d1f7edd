"""``bench score``: score a run's stored predictions again (optionally with another judge)."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from ..data.load import load_tasks
from ..errors import BenchError
from ..records.record import RunRecord
from ..records.store import RunDir
from ..signature import Signature
from .provenance import RUN_SIGNATURE_FIELDS, build_signature, now, package_versions, recorded_scoring
from .runner import finish, score_and_record
from .score import RunScorer, ScoringSettings


def recorded_settings(run_path: Path) -> ScoringSettings:
    """The scoring settings a run was scored with."""
    return ScoringSettings.from_dict(RunDir(Path(run_path)).read_manifest().scoring)


def rescore(run_path: Path, scoring: ScoringSettings | None = None) -> RunRecord:
    """Score a run's stored predictions again, without running the model.

    ``scoring`` replaces the run's recorded scoring settings (e.g. another judge); ``None`` keeps them.
    The dataset must be the one the run used: its hash is checked.
    """
    run_dir = RunDir(Path(run_path))
    manifest = run_dir.read_manifest()
    predictions = run_dir.predictions()
    ds = manifest.dataset
    dataset = load_tasks(ds.path, ds.config)
    if dataset.hash != ds.hash:
        raise BenchError(
            f"run {run_dir.path} was made on dataset {ds.describe()}, but "
            f"{ds.path or 'the packaged dataset'} is now {dataset.version}@{dataset.hash[:12]}; "
            "re-run the model with bench run instead"
        )
    wanted = list(manifest.task_ids) or [p.id for p in predictions]
    by_id = {t.id: t for t in dataset.tasks}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise BenchError(f"run {run_dir.path} has tasks the dataset lacks: {', '.join(missing)}")
    tasks = [by_id[i] for i in wanted]
    pred_ids = {p.id for p in predictions}
    if pred_ids != set(wanted):
        raise BenchError(
            f"run {run_dir.path}: predictions.jsonl does not match the run's tasks "
            f"(missing {sorted(set(wanted) - pred_ids)}, extra {sorted(pred_ids - set(wanted))})"
        )
    settings = scoring or ScoringSettings.from_dict(manifest.scoring)
    scorer = RunScorer(settings)
    kept = {k: v for k, v in Signature.parse(manifest.signature).fields if k in RUN_SIGNATURE_FIELDS}
    signature = build_signature(dataset, ds.config, scorer, dataset.tasks, kept)
    manifest = replace(
        manifest, signature=signature.format(), scoring=recorded_scoring(settings),
        judge=scorer.judge.spec().to_dict(),
    ).with_extra(versions=package_versions(), rescored_at=now())
    t0 = time.monotonic()
    record = score_and_record(run_dir, manifest, tasks, predictions, scorer)
    timings = dict(manifest.extra.get("timings") or {}, rescore_s=round(time.monotonic() - t0, 3))
    return finish(run_dir, record, timings=timings)
