"""``bench merge``: combine the shard runs of one benchmark run into a single run record."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from ..data.load import load_tasks
from ..errors import RunError
from ..records.record import RunRecord
from ..records.store import RunDir
from ..signature import Signature
from .provenance import now, run_id_for
from .runner import finish, score_and_record
from .score import RunScorer, ScoringSettings


def merge_runs(paths: Sequence[Path], out_dir: Path | None = None) -> RunRecord:
    if not paths:
        raise RunError("give the shard run directories to merge, e.g. bench merge runs/x-shard1of2-* runs/x-shard2of2-*")
    runs = [RunDir(Path(p)) for p in paths]
    records = [r.record() for r in runs]  # every shard's record is read whole: a damaged one stops here
    manifests = [r.manifest for r in records]
    first = manifests[0]
    for r, m in zip(runs, manifests):
        if m.signature != first.signature:
            raise RunError(
                f"cannot merge {r.path}: its signature differs from {runs[0].path}\n"
                f"  {m.signature}\n  {first.signature}"
            )
        if m.summarizer != first.summarizer:
            raise RunError(f"cannot merge {r.path}: it ran {m.model!r}, not {first.model!r}")
        if m.dataset.hash != first.dataset.hash:
            raise RunError(f"cannot merge {r.path}: it used another dataset ({m.dataset.hash[:12]})")
    shards = [m.shard for m in manifests]
    if any(s is None for s in shards):
        raise RunError("only shard runs (made with bench run --shard I/N) can be merged")
    counts = {int(s.split("/")[1]) for s in shards}
    if len(counts) != 1:
        raise RunError(f"shards come from different partitions: {', '.join(sorted(shards))}")
    n = counts.pop()
    have = sorted(int(s.split("/")[0]) for s in shards)
    if have != list(range(1, n + 1)):
        missing = sorted(set(range(1, n + 1)) - set(have))
        dup = sorted({i for i in have if have.count(i) > 1})
        raise RunError(
            f"shards do not form a whole partition of {n}: missing {missing or 'none'}, duplicated {dup or 'none'}"
        )

    predictions = [p for r in records for p in r.predictions]
    ds = first.dataset
    dataset = load_tasks(ds.path, ds.config)
    if dataset.hash != ds.hash:
        raise RunError("the dataset changed since the shards ran; re-run them")
    by_id = {t.id: t for t in dataset.tasks}
    tasks = [by_id[p.id] for p in sorted(predictions, key=lambda p: p.id)]
    scorer = RunScorer(ScoringSettings.from_dict(first.scoring))

    name = run_id_for(first.summarizer, Signature.parse(first.signature), None)
    target = RunDir(Path(out_dir) if out_dir else runs[0].path.parent / name)
    kept = {k: v for k, v in first.extra.items() if k not in ("timings", "finished_at")}
    manifest = replace(first, run_id=target.run_id, status="started", shard=None, counts=None,
                       task_ids=tuple(t.id for t in tasks),
                       extra=dict(kept, merged_from=[r.run_id for r in runs], started_at=now()))
    target.write_manifest(manifest)
    target.write_predictions(predictions)
    return finish(target, score_and_record(target, manifest, tasks, predictions, scorer))
