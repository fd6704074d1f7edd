"""Run directories: where a ``RunRecord`` (``record.py``) is written and read back.

A run directory holds

* ``manifest.json``   — status (started -> finished | partial | failed | interrupted), versions, the
  summarizer and judge specs, dataset version and hash, the signature, timings;
* ``predictions.jsonl`` — one line per task: ``id``, ``summary``, ``error`` (and ``usage``,
  ``held_out`` when present), sorted by id;
* ``scores.jsonl``    — one line per task: every metric and the per-fact verdicts, sorted by id;
* ``results.json``    — the aggregates with their bootstrap intervals and the signature.

Every file is written atomically (temporary file in the same folder, fsync, rename, the umask's
permissions), and the manifest is written last with its final status, so a crash never leaves a record
that later commands trust: they only read runs whose manifest says ``finished`` or ``partial``. A
finished run's folder is never written again: each new attempt gets its own folder (``new_run_dir``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..errors import RunError
from ..fileio import current_umask
from ..types import Prediction
from .manifest import Manifest, RecordDamaged, parse_manifest
from .record import Results, RunRecord, TaskScores, assemble

MANIFEST = "manifest.json"
PREDICTIONS = "predictions.jsonl"
SCORES = "scores.jsonl"
RESULTS = "results.json"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once, with the permissions a plain ``open`` would give."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), 0o666 & ~current_umask())  # mkstemp makes 0600
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def dumps_json(obj: Any) -> str:
    """The one JSON layout of every record: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def dumps_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in rows)


def _damaged(path: Path, problem: str, todo: str = "re-run it with bench run") -> RecordDamaged:
    return RecordDamaged(path, problem, todo)


def read_json(path: Path, todo: str = "re-run it with bench run") -> Any:
    """One JSON file of a run record; a truncated, edited or non-UTF-8 file raises ``RecordDamaged``."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise _damaged(path, f"byte {exc.start} is not UTF-8", todo) from None
    except json.JSONDecodeError as exc:
        raise _damaged(path, f"not valid JSON ({exc.msg} at line {exc.lineno})", todo) from None


def read_jsonl(path: Path, todo: str = "re-run it with bench run") -> list[dict[str, Any]]:
    """The rows of a JSONL record file; each must be a JSON object."""
    rows = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RunError(f"{path}:{n}: not valid JSON ({exc.msg}); the run record is damaged, {todo}") from None
                if not isinstance(row, dict):
                    raise RunError(f"{path}:{n}: a {type(row).__name__}, not an object; the run record is damaged, {todo}")
                rows.append(row)
    except UnicodeDecodeError as exc:
        raise _damaged(path, f"byte {exc.start} is not UTF-8", todo) from None
    return rows


@dataclass(frozen=True)
class RunDir:
    path: Path

    @property
    def run_id(self) -> str:
        return self.path.name

    # -- writing --------------------------------------------------------------------------------
    def write_manifest(self, manifest: Manifest) -> None:
        atomic_write_text(self.path / MANIFEST, dumps_json(manifest.to_dict()))

    def write_predictions(self, predictions: Iterable[Prediction]) -> None:
        rows = sorted((p.to_dict() for p in predictions), key=lambda r: r["id"])
        atomic_write_text(self.path / PREDICTIONS, dumps_jsonl(rows))

    def write_scores(self, tasks: Iterable[TaskScores]) -> None:
        rows = [t.to_row() for t in sorted(tasks, key=lambda t: t.id)]
        atomic_write_text(self.path / SCORES, dumps_jsonl(rows))

    def write_results(self, results: Results) -> None:
        atomic_write_text(self.path / RESULTS, dumps_json(results.to_dict()))

    # -- reading --------------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """``manifest.json`` as raw JSON (an object); ``read_manifest`` parses it."""
        p = self.path / MANIFEST
        if not p.exists():
            raise RunError(f"{self.path} is not a run directory (no {MANIFEST}); pass a folder made by bench run")
        data = read_json(p)
        if not isinstance(data, dict):
            raise _damaged(p, f"a JSON {type(data).__name__}, not an object")
        return data

    def read_manifest(self) -> Manifest:
        return parse_manifest(self.manifest(), self.path / MANIFEST)

    def is_trusted(self) -> bool:
        try:
            self.require_trusted()
        except RunError:
            return False
        return True

    def require_trusted(self) -> Manifest:
        """The manifest of a run that finished (``finished`` or ``partial``) with all its files."""
        m = self.read_manifest()
        if not m.trusted:
            raise RunError(
                f"run {self.path} has status {m.status!r}, not finished; re-run it with bench run"
            )
        for f in (PREDICTIONS, SCORES, RESULTS):
            if not (self.path / f).exists():
                raise RunError(f"run {self.path} lacks {f}; the record is incomplete, re-run it")
        return m

    def predictions(self) -> list[Prediction]:
        p = self.path / PREDICTIONS
        if not p.exists():
            raise RunError(f"run {self.path} has no {PREDICTIONS}; re-run it with bench run")
        out = []
        for n, row in enumerate(read_jsonl(p), 1):
            try:
                pred = Prediction.from_dict(row)
            except KeyError as exc:
                raise _damaged(p, f"row {n} has no {exc.args[0]!r}") from None
            if not isinstance(pred.id, str) or not all(x is None or isinstance(x, str) for x in (pred.summary, pred.error)):
                raise _damaged(p, f"row {n}: id, summary and error must be strings")
            out.append(pred)
        return out

    def scores(self) -> list[dict[str, Any]]:
        """``scores.jsonl`` as raw rows; ``record`` parses them."""
        return read_jsonl(self.path / SCORES)

    def results(self) -> dict[str, Any]:
        """``results.json`` as raw JSON; ``record`` parses it."""
        p = self.path / RESULTS
        if not p.exists():
            raise RunError(f"run {self.path} has no {RESULTS}; rescore it with bench score {self.path}")
        return read_json(p, "rescore it with bench score")

    def record(self) -> RunRecord:
        """The whole record of a finished run, validated; anything damaged raises one ``RunError`` line."""
        manifest = self.require_trusted()
        return assemble(manifest, self.scores(), self.results(), self.predictions(), str(self.path))


REUSABLE_STATUSES = ("interrupted", "failed")


def new_run_dir(runs_dir: Path, run_id: str) -> RunDir:
    """The folder for a new attempt at ``run_id``: a finished record is never written into again.

    The first attempt is ``RUNS_DIR/RUN_ID``. When that folder holds a finished (or partial) run, or
    one still ``started`` (maybe running now, maybe killed), the attempt gets ``RUN_ID-2``, ``-3``, ...
    Only a folder whose run ended ``interrupted`` or ``failed`` is taken over by the next attempt.
    """
    runs_dir = Path(runs_dir)
    runs_dir.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = runs_dir / (run_id if n == 1 else f"{run_id}-{n}")
        try:
            path.mkdir()
            return RunDir(path)
        except FileExistsError:
            try:
                manifest = RunDir(path).manifest()
            except (RunError, OSError):
                manifest = None
            status = manifest.get("status") if isinstance(manifest, dict) else None
            if status in REUSABLE_STATUSES:
                return RunDir(path)
        n += 1


def attempt_of(run_id: str) -> tuple[str, int]:
    """``("lead-3-all-30d87563", 2)`` for ``lead-3-all-30d87563-2``; attempt 1 has no suffix."""
    m = re.fullmatch(r"(.*-[0-9a-f]{8})-(\d+)", run_id)
    return (m.group(1), int(m.group(2))) if m else (run_id, 1)


def iter_runs(runs_dir: Path) -> list[RunDir]:
    """Every run directory under ``runs_dir`` (one level deep), sorted by name."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        return []
    return [RunDir(p) for p in sorted(runs_dir.iterdir()) if (p / MANIFEST).is_file()]
