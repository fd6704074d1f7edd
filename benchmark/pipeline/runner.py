"""summarize -> score -> record, resumable.

``run_benchmark`` is the whole of ``bench run``: it loads the dataset, builds the summarizer (which
validates its inputs before anything is written), serves what it can from the prediction cache, asks
the summarizer for the rest in batches, records failures per task, scores, and writes the run directory.
"""

from __future__ import annotations

import difflib
import hashlib
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .. import __version__
from .cache import PredictionCache, cache_key
from ..data.load import LoadedDataset, load_tasks
from ..errors import BenchError, PluginError
from .score import RunScorer, ScoringSettings
from ..signature import Signature
from ..records.store import RunDir
from ..summarizers import Summarizer, create_summarizer
from ..types import Failed, Prediction, Summary, Task, canonical_json

VERSIONED_PACKAGES = ("newsbench", "datasets", "rouge-score", "rouge-score-rs", "nupunkt", "sumy", "numpy")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
            raise BenchError(f"--shard {text!r}: write I/N with 1 <= I <= N, e.g. --shard 2/4")
        return cls(int(m.group(1)), int(m.group(2)))

    def owns(self, task_id: str) -> bool:
        """Deterministic partition by a hash of the task id (stable when tasks are added)."""
        h = int(hashlib.sha256(task_id.encode("utf-8")).hexdigest()[:12], 16)
        return h % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class Subset:
    """Part of a config: ``--task ID`` (repeatable) and/or ``--limit N`` (the first N, in id order)."""

    task_ids: tuple[str, ...] = ()
    limit: int | None = None

    def __bool__(self) -> bool:
        return bool(self.task_ids) or self.limit is not None

    def select(self, tasks: Sequence[Task], config: str) -> list[Task]:
        by_id = {t.id: t for t in tasks}
        unknown = [i for i in self.task_ids if i not in by_id]
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(by_id), n=1, cutoff=0.5)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise BenchError(
                f"--task {unknown[0]!r} is no task of config {config!r}.{hint} "
                f"Tasks: {', '.join(sorted(by_id))}"
            )
        chosen = [t for t in tasks if t.id in set(self.task_ids)] if self.task_ids else list(tasks)
        return chosen[: self.limit] if self.limit is not None else chosen

    def signature_field(self, chosen: Sequence[Task], total: int) -> dict[str, str]:
        """``subset:1of3@1a2b3c4d`` (count, config size, hash of the chosen ids): a partial run never
        shares a signature, so never a leaderboard table, with a full run or another subset."""
        ids = "\n".join(sorted(t.id for t in chosen))
        digest = hashlib.sha256(ids.encode("utf-8")).hexdigest()[:8]
        return {"subset": f"{len(chosen)}of{total}@{digest}"}


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
    subset: "Subset | None" = None
    batch_size: int = 16
    progress: bool | None = None  # None: show on a terminal
    command: Sequence[str] = ()


@dataclass(frozen=True)
class RunResult:
    run_dir: Path
    manifest: dict[str, Any]
    results: dict[str, Any]
    rows: list[dict[str, Any]]
    predictions: list[Prediction]

    @property
    def run_id(self) -> str:
        return self.run_dir.name

    @property
    def signature(self) -> str:
        return self.manifest["signature"]

    @property
    def status(self) -> str:
        return self.manifest["status"]


def package_versions() -> dict[str, str]:
    out = {}
    for name in VERSIONED_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    out["python"] = platform.python_version()
    return out


def git_revision() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def redact(value: str) -> str:
    """Remove ``user:password@`` from any URL in a recorded argument (``base_url=http://u:p@host``)."""
    if "://" not in value or "@" not in value:
        return value
    from ..backends.chat import redact_url

    key, sep, rest = value.partition("=")
    if sep and "://" in rest and "://" not in key:
        return f"{key}={redact_url(rest)}"
    return redact_url(value)


def _recorded_scoring(settings: ScoringSettings) -> dict[str, Any]:
    d = settings.to_dict()
    d["judge_options"] = {k: redact(str(v)) if isinstance(v, str) else v for k, v in d["judge_options"].items()}
    return d


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:48] or "model"


def build_signature(
    dataset: LoadedDataset, config: str, scorer: RunScorer, summarizer: Summarizer, tasks: Sequence[Task],
    subset: Mapping[str, str] | None = None,
) -> Signature:
    extra = getattr(summarizer, "signature_fields", None)
    return Signature.build(
        [
            {"data": f"{dataset.version}@{dataset.hash[:12]}", "split": "test", "config": config},
            dict(subset or {}),
            scorer.signature_fields(tasks),
            extra() if callable(extra) else {},
        ]
    )


def run_id_for(spec: Mapping[str, Any], signature: Signature, shard: Shard | None) -> str:
    payload = {"spec": spec, "signature": signature.format(), "shard": str(shard) if shard else None}
    digest = hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()[:8]
    name = f"{_slug(spec['text'])}-{signature.get('config')}"
    if shard:
        name += f"-shard{shard.index}of{shard.count}"
    return f"{name}-{digest}"


def _normalise(output: Any) -> Summary | Failed:
    if isinstance(output, Failed):
        return output
    if isinstance(output, Summary):
        summary = output
    elif isinstance(output, str):
        summary = Summary(output)
    else:
        return Failed(f"summarizer returned {type(output).__name__}, expected str, Summary or Failed")
    if not summary.text.strip():
        return Failed("summarizer returned an empty summary")
    return summary


def summarize_tasks(
    summarizer: Summarizer,
    tasks: Sequence[Task],
    cache: PredictionCache | None,
    batch_size: int = 16,
    progress: bool | None = None,
    on_prediction: Callable[[Prediction], None] | None = None,
) -> list[Prediction]:
    """Predictions for ``tasks`` (in order): cached ones first, the rest from the summarizer."""
    from tqdm import tqdm

    spec = summarizer.spec().to_dict()
    use_cache = cache is not None and getattr(summarizer, "cacheable", True)
    results: dict[str, Prediction] = {}
    todo: list[Task] = []
    for task in tasks:
        hit = cache.get(cache_key(spec, task)) if use_cache else None
        if hit is not None:
            results[task.id] = Prediction(task.id, hit.text, usage=hit.usage, held_out=hit.held_out)
        else:
            todo.append(task)

    bar = tqdm(
        total=len(tasks),
        initial=len(tasks) - len(todo),
        desc=spec["text"],
        unit="task",
        disable=(not progress) if progress is not None else None,
        leave=False,
    )
    try:
        for start in range(0, len(todo), max(1, batch_size)):
            batch = todo[start : start + batch_size]
            for task, out in zip(batch, _summarize_batch(summarizer, batch)):
                if isinstance(out, Failed):
                    pred = Prediction(task.id, None, error=out.error)
                else:
                    pred = Prediction(task.id, out.text, usage=out.usage, held_out=out.held_out)
                    if use_cache:
                        cache.put(cache_key(spec, task), spec, task.id, out)
                results[task.id] = pred
                if on_prediction:
                    on_prediction(pred)
                bar.update(1)
    finally:
        bar.close()
    return [results[t.id] for t in tasks]


def _summarize_batch(summarizer: Summarizer, batch: Sequence[Task]) -> list[Summary | Failed]:
    try:
        outputs = summarizer.summarize(list(batch))
        if len(outputs) != len(batch):
            raise PluginError(
                f"summarizer {summarizer.spec().text!r} returned {len(outputs)} outputs for "
                f"{len(batch)} tasks; it must return exactly one per task, in order"
            )
        return [_normalise(o) for o in outputs]
    except BenchError:
        raise  # the user's input is wrong (bad predictions file, bad options): stop, write nothing
    except Exception:
        if len(batch) == 1:
            exc_type, exc, _ = sys.exc_info()
            return [Failed(f"{exc_type.__name__}: {exc}")]
    # the batch failed as a whole: retry task by task so only the failing tasks are recorded as failed
    outs: list[Summary | Failed] = []
    for task in batch:
        try:
            one = summarizer.summarize([task])
            outs.append(_normalise(one[0]) if len(one) == 1 else Failed("summarizer returned no output"))
        except BenchError:
            raise
        except Exception as exc:
            outs.append(Failed(f"{type(exc).__name__}: {exc}"))
    return outs


def select_tasks(dataset: LoadedDataset, shard: Shard | None, subset: Subset | None = None,
                 config: str = "all") -> list[Task]:
    tasks = sorted(dataset.tasks, key=lambda t: t.id)
    if subset:
        tasks = subset.select(tasks, config)
    if shard:
        tasks = [t for t in tasks if shard.owns(t.id)]
    return tasks


def run_benchmark(opts: RunOptions) -> RunResult:
    t0 = time.monotonic()
    dataset = load_tasks(opts.dataset, opts.config)
    tasks = select_tasks(dataset, opts.shard, opts.subset, opts.config)
    subset_field = None
    if opts.subset:
        chosen = select_tasks(dataset, None, opts.subset, opts.config)
        subset_field = opts.subset.signature_field(chosen, len(dataset.tasks))
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
    signature = build_signature(dataset, opts.config, scorer, summarizer, dataset.tasks, subset_field)
    spec = summarizer.spec().to_dict()
    run_dir = RunDir(Path(opts.runs_dir) / run_id_for(spec, signature, opts.shard))

    manifest: dict[str, Any] = {
        "schema": "newsbench.run/1",
        "run_id": run_dir.run_id,
        "status": "started",
        "started_at": _now(),
        "command": [redact(a) for a in opts.command],
        "summarizer": spec,
        "judge": scorer.judge.spec().to_dict(),
        "scoring": _recorded_scoring(opts.scoring),
        "dataset": {
            "name": dataset.name,
            "version": dataset.version,
            "hash": dataset.hash,
            "path": dataset.path,
            "config": opts.config,
            "n_tasks": len(dataset.tasks),
        },
        "shard": str(opts.shard) if opts.shard else None,
        **({"subset": {"task_ids": list(opts.subset.task_ids), "limit": opts.subset.limit}} if opts.subset else {}),
        "task_ids": [t.id for t in tasks],
        "signature": signature.format(),
        "versions": package_versions(),
        "git_revision": git_revision(),
        "use_cache": opts.use_cache,
    }
    run_dir.write_manifest(manifest)

    cache = PredictionCache.in_dir(opts.cache_dir) if opts.use_cache else None
    try:
        t_sum = time.monotonic()
        predictions = summarize_tasks(summarizer, tasks, cache, opts.batch_size, opts.progress)
        run_dir.write_predictions(predictions)
        t_score = time.monotonic()
        result = score_and_record(run_dir, manifest, tasks, predictions, scorer, signature)
        result.manifest["timings"] = {
            "summarize_s": round(t_score - t_sum, 3),
            "score_s": round(time.monotonic() - t_score, 3),
            "total_s": round(time.monotonic() - t0, 3),
        }
        run_dir.write_manifest(result.manifest)
        return result
    except KeyboardInterrupt:
        manifest.update(status="interrupted", finished_at=_now(),
                        error="interrupted; run the same command again to resume from the cache")
        run_dir.write_manifest(manifest)
        raise
    except BaseException as exc:
        manifest.update(status="failed", finished_at=_now(), error=f"{type(exc).__name__}: {exc}")
        run_dir.write_manifest(manifest)
        raise
    finally:
        if cache is not None:
            cache.close()


def score_and_record(
    run_dir: RunDir,
    manifest: dict[str, Any],
    tasks: Sequence[Task],
    predictions: Sequence[Prediction],
    scorer: RunScorer,
    signature: Signature,
) -> RunResult:
    """Score stored predictions, write scores.jsonl and results.json, then the final manifest."""
    by_id = {p.id: p for p in predictions}
    rows = scorer.score(tasks, by_id)
    run_dir.write_scores(rows)
    n_failed = sum(1 for p in predictions if not p.ok)
    n_judge_failed = sum(1 for r in rows if r.get("judge_error"))
    status = "partial" if (n_failed or n_judge_failed) else "finished"
    results = {
        "signature": signature.format(),
        "summarizer": manifest["summarizer"]["text"],
        "status": status,
        "counts": {"tasks": len(tasks), "failed": n_failed, "judge_failed": n_judge_failed},
        "aggregate": scorer.aggregate(rows),
    }
    run_dir.write_results(results)
    manifest = dict(manifest)
    manifest.update(status=status, finished_at=_now(), counts=results["counts"])
    manifest.pop("error", None)
    run_dir.write_manifest(manifest)
    return RunResult(run_dir.path, manifest, results, rows, list(predictions))


SUMMARIZER_SIGNATURE_FIELDS = ("prompt",)


def rescore(run_path: Path, scoring: ScoringSettings | None = None) -> RunResult:
    """``bench score``: score a run's stored predictions again, without running the model.

    ``scoring`` replaces the run's recorded scoring settings (e.g. another judge); ``None`` keeps them.
    The dataset must be the one the run used: its hash is checked.
    """
    run_dir = RunDir(Path(run_path))
    manifest = run_dir.manifest()
    predictions = run_dir.predictions()
    ds = manifest["dataset"]
    dataset = load_tasks(ds.get("path"), ds.get("config", "all"))
    if dataset.hash != ds["hash"]:
        raise BenchError(
            f"run {run_dir.path} was made on dataset {ds['version']}@{ds['hash'][:12]}, but "
            f"{ds.get('path') or 'the packaged dataset'} is now {dataset.version}@{dataset.hash[:12]}; "
            "re-run the model with bench run instead"
        )
    wanted = manifest.get("task_ids") or [p.id for p in predictions]
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
    settings = scoring or ScoringSettings.from_dict(manifest["scoring"])
    scorer = RunScorer(settings)
    old = Signature.parse(manifest["signature"])
    signature = Signature.build(
        [
            {"data": f"{dataset.version}@{dataset.hash[:12]}", "split": "test", "config": ds.get("config", "all")},
            {k: v for k, v in old.fields if k == "subset"},
            scorer.signature_fields(dataset.tasks),
            {k: v for k, v in old.fields if k in SUMMARIZER_SIGNATURE_FIELDS},
        ]
    )
    manifest = dict(manifest)
    manifest.update(
        signature=signature.format(),
        scoring=_recorded_scoring(settings),
        judge=scorer.judge.spec().to_dict(),
        versions=package_versions(),
        rescored_at=_now(),
    )
    t0 = time.monotonic()
    result = score_and_record(run_dir, manifest, tasks, predictions, scorer, signature)
    result.manifest.setdefault("timings", {})["rescore_s"] = round(time.monotonic() - t0, 3)
    run_dir.write_manifest(result.manifest)
    return result
