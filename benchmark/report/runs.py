"""The report's one door to stored runs: everything the site shows about a run is read here.

Runs are read as typed ``RunRecord``s through ``benchmark.records`` (the store, the leaderboard's
grouping and ranking, the run diff); a run without results keeps only its ``Manifest``. No template or
chart opens a file of a run directory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import RunError
from ..records.leaderboard import Entry, Leaderboard, collect_runs
from ..records.record import Manifest, RunRecord, TaskScores
from ..records.store import RunDir, iter_runs


@dataclass(frozen=True)
class RunView:
    """One run as the site shows it: its record (None when it has no results) and its leaderboard row."""

    run_id: str
    path: Path
    manifest: Manifest
    record: RunRecord | None
    entry: Entry | None  # None for a run without results

    @property
    def system(self) -> str:
        return self.manifest.model

    @property
    def status(self) -> str:
        return self.manifest.status

    @property
    def label(self) -> str:
        return self.entry.label if self.entry else self.system

    @property
    def tasks(self) -> tuple[TaskScores, ...]:
        return self.record.tasks if self.record else ()

    @property
    def manifest_dict(self) -> dict[str, Any]:
        return self.manifest.to_dict()

    def task(self, task_id: str) -> TaskScores | None:
        return self.record.task(task_id) if self.record else None


@dataclass(frozen=True)
class Runs:
    board: Leaderboard
    runs: tuple[RunView, ...]  # every readable run directory, with or without results

    def run(self, run_id: str) -> RunView:
        for r in self.runs:
            if r.run_id == run_id:
                return r
        raise RunError(f"no run {run_id!r} among the runs read; pass its directory to bench report")


def run_dirs(runs_dir: Path | None, paths: Sequence[Path] = ()) -> list[RunDir]:
    """The run directories under ``runs_dir`` plus the ones named; each named one must be a run."""
    if runs_dir is not None and not Path(runs_dir).is_dir():
        raise RunError(f"{runs_dir} is not a directory of runs; pass the folder given to bench run --runs-dir")
    found = list(iter_runs(runs_dir)) if runs_dir is not None else []
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
    """Every run's record (or manifest), with the leaderboard's tables; damaged runs are left out (``board.skipped``)."""
    dirs = list(dirs)
    board = collect_runs(dirs)
    entries = {e.record.run_dir.resolve(): e for t in board.tables for e in t.entries}
    records = {r.run_dir.resolve(): r for r in board.records}
    skipped = {s.path.resolve() for s in board.skipped}
    views = []
    for run in dirs:
        key = run.path.resolve()
        if key in skipped:
            continue
        record = records.get(key)
        manifest = record.manifest if record else run.read_manifest()
        views.append(RunView(run.run_id, run.path, manifest, record, entries.get(key)))
    return Runs(board, tuple(sorted(views, key=lambda v: v.run_id)))


def diff_runs(a: RunView, b: RunView, comparable: bool):
    """``benchmark.records.diff.RunDiff`` of two runs (B against A), compared even across signatures.

    ``comparable``: the leaderboard ranks both in one table (their signatures differ at most in fields
    that cannot change a score, or in a prompt one of them lacks), so no signature warning is shown.
    """
    from ..records.diff import diff_records

    for r in (a, b):
        if r.record is None:
            raise RunError(f"run {r.run_id} has status {r.status!r} and no results; a diff needs two scored runs")
    d = diff_records(a.record, b.record, force=True)
    if comparable:
        return replace(d, signature_note=None)
    if d.signature_note:
        return replace(d, signature_note=d.signature_note.replace(" (--force)", ""))
    return d
