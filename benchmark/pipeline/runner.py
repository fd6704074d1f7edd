"""summarize -> score -> record, resumable.

``run_benchmark`` is the whole of ``bench run``: it loads the dataset, builds the summarizer (which
validates its inputs before anything is written), serves what it can from the prediction cache, asks
the summarizer for the rest in batches, records failures per task, scores, and writes the run directory.
"""

from __future__ import annotations

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
from typing import Any, Callable, Iterator, Mapping, Sequence

from .. import __version__
from .cache import PredictionCache, cache_key
from ..data.load import LoadedDataset, load_tasks
from ..errors import BenchError, PluginError
from .score import RunScorer, ScoringSettings
from ..signature import Signature
from ..records.store import RunDir, new_run_dir
from .interrupts import interrupt_on_sigterm
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
    dataset: LoadedDataset, config: str, scorer: RunScorer, summarizer: Summarizer, tasks: Sequence[Task]
) -> Signature:
    extra = getattr(summarizer, "signature_fields", None)
    return Signature.build(
        [
            {"data": f"{dataset.version}@{dataset.hash[:12]}", "split": "test", "config": config},
            scorer.signature_fields(tasks),
            extra() if callable(extra) else {},
        ]
    )


def run_id_for(
    spec: Mapping[str, Any], signature: Signature, shard: Shard | None, scoring: ScoringSettings | None = None
) -> str:
    """``SLUG-CONFIG[-shardIofN]-DIGEST``: the digest covers the spec, the signature, the shard and the
    judge's options (two judge endpoints never share an id); a later attempt adds ``-2``, ``-3``, ..."""
    payload: dict[str, Any] = {"spec": spec, "signature": signature.format(), "shard": str(shard) if shard else None}
    judge_options = _recorded_scoring(scoring)["judge_options"] if scoring is not None else {}
    if judge_options:  # only when set, so ids of runs without judge options stay as they were
        payload["judge_options"] = judge_options
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
    stats: dict[str, int] | None = None,
) -> list[Prediction]:
    """Predictions for ``tasks`` (in order): cached ones first, the rest from the summarizer.

    Every summary is committed to the cache the moment the summarizer hands it over (see
    ``summarize_each``), so an interrupted run loses only the tasks still in flight. ``stats`` (when
    given) receives ``cached``: how many tasks came from the cache.
    """
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
    if stats is not None:
        stats["cached"] = len(tasks) - len(todo)

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
            for task, out in _summarize_batch(summarizer, batch):
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


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"the summarizer called sys.exit({exc.code!r})"
    return f"{type(exc).__name__}: {exc}"


def _summarize_batch(summarizer: Summarizer, batch: Sequence[Task]) -> Iterator[tuple[Task, Summary | Failed]]:
    """``(task, output)`` for every task of the batch, each as soon as the summarizer gives it."""
    done: set[int] = set()
    try:
        each = getattr(summarizer, "summarize_each", None)
        pairs = each(list(batch)) if callable(each) else enumerate(summarizer.summarize(list(batch)))
        for i, output in pairs:
            if not isinstance(i, int) or not 0 <= i < len(batch) or i in done:
                raise PluginError(
                    f"summarizer {summarizer.spec().text!r} gave an output for task index {i!r}; "
                    f"it must give exactly one per task of the {len(batch)}"
                )
            done.add(i)
            yield batch[i], _normalise(output)
        if len(done) != len(batch):
            raise PluginError(
                f"summarizer {summarizer.spec().text!r} returned {len(done)} outputs for "
                f"{len(batch)} tasks; it must return exactly one per task, in order"
            )
        return
    except BenchError:
        raise  # the user's input is wrong (bad predictions file, bad options): stop, write nothing
    except (Exception, SystemExit) as exc:
        if len(batch) == 1 and not done:
            yield batch[0], Failed(_describe(exc))
            return
    # the batch failed as a whole: retry the rest task by task so only failing tasks are recorded failed
    for i, task in enumerate(batch):
        if i in done:
            continue
        try:
            one = summarizer.summarize([task])
            out = _normalise(one[0]) if len(one) == 1 else Failed("summarizer returned no output")
        except BenchError:
            raise
        except (Exception, SystemExit) as exc:
            out = Failed(_describe(exc))
        yield task, out


def select_tasks(dataset: LoadedDataset, shard: Shard | None) -> list[Task]:
    tasks = sorted(dataset.tasks, key=lambda t: t.id)
    if shard:
        tasks = [t for t in tasks if shard.owns(t.id)]
    return tasks


def run_benchmark(opts: RunOptions) -> RunResult:
    t0 = time.monotonic()
    dataset = load_tasks(opts.dataset, opts.config)
    tasks = select_tasks(dataset, opts.shard)
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
    signature = build_signature(dataset, opts.config, scorer, summarizer, dataset.tasks)
    spec = summarizer.spec().to_dict()
    # The cache is opened before anything is written: a damaged cache stops here, records untouched.
    cache = PredictionCache.in_dir(opts.cache_dir) if opts.use_cache else None
    try:
        run_dir = new_run_dir(Path(opts.runs_dir), run_id_for(spec, signature, opts.shard, opts.scoring))
    except BaseException:
        if cache is not None:
            cache.close()
        raise

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
        "task_ids": [t.id for t in tasks],
        "signature": signature.format(),
        "versions": package_versions(),
        "git_revision": git_revision(),
        "use_cache": opts.use_cache,
    }
    stats: dict[str, int] = {}
    try:
        with interrupt_on_sigterm():
            run_dir.write_manifest(manifest)
            t_sum = time.monotonic()
            predictions = summarize_tasks(summarizer, tasks, cache, opts.batch_size, opts.progress, stats=stats)
            run_dir.write_predictions(predictions)
            t_score = time.monotonic()
            result = score_and_record(run_dir, manifest, tasks, predictions, scorer, signature)
            result.manifest["timings"] = {
                "summarize_s": round(t_score - t_sum, 3),
                "score_s": round(time.monotonic() - t_score, 3),
                "total_s": round(time.monotonic() - t0, 3),
            }
            result.manifest["from_cache"] = stats.get("cached", 0)
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
    if predictions and n_failed == len(predictions):
        status = "failed"  # nothing to score: never a leaderboard row, never a passing gate
    else:
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
