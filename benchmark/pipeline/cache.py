"""The prediction cache: SQLite, keyed by summarizer spec + options + task content hash.

Each successful summary is committed as soon as it is produced, so an interrupted run resumes where it
stopped and a re-run costs nothing. Failures are never cached: the next run tries those tasks again.
A cache that cannot be opened, read or written (damaged, truncated, read-only, disk full) is a
``CacheError``: one line naming the file and what to do, raised before any run record is written when
it happens on opening.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Mapping

from ..errors import CacheError
from ..paths import predictions_db
from ..types import Summary, Task, canonical_json, sha256_hex

_SCHEMA = """
CREATE TABLE IF NOT EXISTS predictions (
    key TEXT PRIMARY KEY,
    spec TEXT NOT NULL,
    task_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    usage TEXT,
    held_out TEXT
)
"""


def cache_key(spec: Mapping[str, Any], task: Task) -> str:
    return sha256_hex(canonical_json({"spec": spec, "task": task.content_hash}))


class PredictionCache:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.execute("SELECT count(*) FROM predictions").fetchone()  # reads the table: finds damage now
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:
            self.close()
            raise self._error(exc) from None

    def _error(self, exc: BaseException) -> CacheError:
        return CacheError(
            f"prediction cache {self.path} is unusable ({type(exc).__name__}: {exc}); delete it, "
            "or pass --cache-dir DIR or --no-cache"
        )

    @classmethod
    def in_dir(cls, cache_dir: Path | None = None) -> "PredictionCache":
        return cls(predictions_db(cache_dir))

    def get(self, key: str) -> Summary | None:
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT summary, usage, held_out FROM predictions WHERE key = ?", (key,)
                ).fetchone()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        if row is None:
            return None
        usage = json.loads(row[1]) if row[1] else None
        return Summary(text=row[0], usage=usage, held_out=row[2])

    def put(self, key: str, spec: Mapping[str, Any], task_id: str, summary: Summary) -> None:
        usage = canonical_json(dict(summary.usage)) if summary.usage else None
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO predictions (key, spec, task_id, summary, usage, held_out) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (key, canonical_json(dict(spec)), task_id, summary.text, usage, summary.held_out),
                )
                self._db.commit()
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> "PredictionCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
