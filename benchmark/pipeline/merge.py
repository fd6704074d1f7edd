"""``bench merge``: combine the shard runs of one benchmark run into a single run record."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from ..data.load import load_tasks
from ..errors import RunError
from ..records.record import RunRecord
from ..records.store import RunDir, new_run_dir
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

    predictions = []
    seen: dict[str, RunDir] = {}
    for r, record in zip(runs, records):
        for p in record.predictions:
            if p.id in seen:
                where = f"twice in {r.path}" if seen[p.id] is r else f"in {seen[p.id].path} and {r.path}"
                raise RunError(f"cannot merge: task {p.id!r} appears {where}; each task must come from one shard")
            seen[p.id] = r
        ids = sorted(p.id for p in record.predictions)
        if ids != sorted(record.manifest.task_ids or ids):
            raise RunError(f"cannot merge {r.path}: its predictions.jsonl does not match its manifest's task_ids")
        predictions.extend(record.predictions)
    ds = first.dataset
    dataset = load_tasks(ds.path, ds.config)
    if dataset.hash != ds.hash:
        raise RunError("the dataset changed since the shards ran; re-run them")
    by_id = {t.id: t for t in dataset.tasks}
    unknown = sorted(i for i in seen if i not in by_id)
    if unknown:
        raise RunError(f"cannot merge: the dataset has no task {unknown[0]!r}; the shard records are damaged")
    tasks = [by_id[p.id] for p in sorted(predictions, key=lambda p: p.id)]
    scorer = RunScorer(ScoringSettings.from_dict(first.scoring))

    settings = ScoringSettings.from_dict(first.scoring)
    if out_dir is not None:
        out = Path(out_dir)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise RunError(f"--out {out} already exists; merge never overwrites a run: choose a new folder")
        out.mkdir(parents=True, exist_ok=True)
        target = RunDir(out)
    else:  # beside the shards; a finished merge is never written again (a new attempt gets -2, -3, ...)
        target = new_run_dir(runs[0].path.parent,
                             run_id_for(first.summarizer, Signature.parse(first.signature), None, settings))
    kept = {k: v for k, v in first.extra.items() if k not in ("timings", "finished_at", "from_cache")}
    manifest = replace(first, run_id=target.run_id, status="started", shard=None, counts=None,
                       task_ids=tuple(t.id for t in tasks),
                       extra=dict(kept, merged_from=[r.run_id for r in runs], started_at=now()))
    target.write_manifest(manifest)
    target.write_predictions(predictions)
    return finish(target, score_and_record(target, manifest, tasks, predictions, scorer))
