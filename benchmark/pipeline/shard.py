"""``--shard I/N``: a deterministic slice of the tasks, stable when tasks are added."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Sequence

from ..errors import BenchError
from ..types import Task


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


def select_tasks(tasks: Sequence[Task], shard: Shard | None) -> list[Task]:
    """The tasks sorted by id, only the shard's when one is given."""
    out = sorted(tasks, key=lambda t: t.id)
    return [t for t in out if shard.owns(t.id)] if shard else out
