"""The report's one door to stored runs: everything the site shows about a run is read here.

It reads run directories through ``benchmark.records`` (the store, the leaderboard's grouping and
ranking, the run diff) and hands the templates plain frozen records, so that no template or chart knows
the layout of ``scores.jsonl`` or ``manifest.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import RunError
from ..records.leaderboard import Entry, Leaderboard, collect_runs
from ..records.store import RunDir, iter_runs


@dataclass(frozen=True)
class FactVerdict:
    id: str
    label: str  # stated | missing | contradicted
    weight: int
    score: float | None
    sentence: str | None  # the summary sentence that decided the verdict


@dataclass(frozen=True)
class TaskResult:
    id: str
    config: str
    summary: str | None
    error: str | None
    judge_error: str | None
    truncated: bool
    metrics: dict[str, Any]
    facts: tuple[FactVerdict, ...]


@dataclass(frozen=True)
class RunView:
    run_id: str
    path: Path
    manifest: dict[str, Any]
    entry: Entry | None  # None for a run without results
    tasks: tuple[TaskResult, ...]

    @property
    def system(self) -> str:
        return (self.manifest.get("summarizer") or {}).get("text", "?")

    @property
    def status(self) -> str:
        return self.manifest.get("status", "?")

    @property
    def label(self) -> str:
        return self.entry.label if self.entry else self.system

    def task(self, task_id: str) -> TaskResult | None:
        return next((t for t in self.tasks if t.id == task_id), None)


def _task_results(run: RunDir) -> tuple[TaskResult, ...]:
    summaries = {p.id: p for p in run.predictions()}
    out = []
    for row in run.scores():
        pred = summaries.get(row["id"])
        facts = tuple(
            FactVerdict(f["id"], f["label"], int(f.get("weight", 1)), f.get("score"), f.get("evidence"))
            for f in row.get("facts") or ()
        )
        metrics = {k: v for k, v in row.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        out.append(
            TaskResult(
                id=row["id"],
                config=row.get("config", "?"),
                summary=pred.summary if pred else None,
                error=row.get("error") or (pred.error if pred else None),
                judge_error=row.get("judge_error"),
                truncated=bool(row.get("truncated")),
                metrics=metrics,
                facts=facts,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Runs:
    board: Leaderboard
    runs: tuple[RunView, ...]  # every run directory read, with or without results

    def run(self, run_id: str) -> RunView:
        for r in self.runs:
            if r.run_id == run_id:
                return r
        raise RunError(f"no run {run_id!r} among the runs read; pass its directory to bench report")


def run_dirs(runs_dir: Path | None, paths: Sequence[Path] = ()) -> list[RunDir]:
    """The run directories under ``runs_dir`` plus the ones named; each named one must be a run."""
    found = list(iter_runs(runs_dir)) if runs_dir is not None else []
    if runs_dir is not None and not Path(runs_dir).is_dir():
        raise RunError(f"{runs_dir} is not a directory of runs; pass the folder given to bench run --runs-dir")
    for p in paths:
        run = RunDir(Path(p))
        run.manifest()  # a clear error when the folder is not a run
        if all(r.path.resolve() != run.path.resolve() for r in found):
            found.append(run)
    ids = [r.run_id for r in found]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RunError(f"two run directories are both named {dup[0]}; pass only one of them")
    return found


def read_runs(dirs: Iterable[RunDir]) -> Runs:
    dirs = list(dirs)
    board = collect_runs(dirs)
    entries = {e.run_id: e for t in board.tables for e in t.entries}
    views = []
    for run in dirs:
        if run.is_trusted():
            views.append(RunView(run.run_id, run.path, run.manifest(), entries.get(run.run_id), _task_results(run)))
        else:
            try:
                manifest = run.manifest()
            except RunError as exc:
                manifest = {"status": "damaged", "error": str(exc)}
            views.append(RunView(run.run_id, run.path, manifest, None, ()))
    return Runs(board, tuple(sorted(views, key=lambda v: v.run_id)))


def diff_runs(a: RunView, b: RunView, comparable: bool):
    """``benchmark.records.diff.RunDiff`` of two runs (B against A), compared even across signatures.

    ``comparable``: the leaderboard ranks both in one table (their signatures differ at most in fields
    that cannot change a score, or in a prompt one of them lacks), so no signature warning is shown.
    """
    from dataclasses import replace

    from ..records.diff import diff_snapshots
    from ..records.regression import Snapshot

    d = diff_snapshots(Snapshot.from_run_dir(a.path), Snapshot.from_run_dir(b.path), force=True)
    if comparable:
        return replace(d, signature_note=None)
    if d.signature_note:
        return replace(d, signature_note=d.signature_note.replace(" (--force)", ""))
    return d
