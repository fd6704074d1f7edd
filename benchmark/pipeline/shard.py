"""Which tasks a run covers: ``--task ID`` / ``--limit N`` (a subset, recorded in the signature) and
``--shard I/N`` (a deterministic slice, stable when tasks are added, merged back by ``bench merge``)."""

from __future__ import annotations

import difflib
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


@dataclass(frozen=True)
class Subset:
    """Part of a config: ``--task ID`` (repeatable) and/or ``--limit N`` (the first N, in id order)."""

    task_ids: tuple[str, ...] = ()
    limit: int | None = None

    def __bool__(self) -> bool:
        return bool(self.task_ids) or self.limit is not None

    def select(self, tasks: Sequence[Task], config: str) -> list[Task]:
        """``tasks`` (sorted by id) narrowed to the subset; an id that is no task is an error."""
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

    def to_dict(self) -> dict:
        return {"task_ids": list(self.task_ids), "limit": self.limit}


def select_tasks(tasks: Sequence[Task], shard: Shard | None, subset: Subset | None = None,
                 config: str = "all") -> list[Task]:
    """The tasks sorted by id, narrowed to the subset and then to the shard when given."""
    out = sorted(tasks, key=lambda t: t.id)
    if subset:
        out = subset.select(out, config)
    return [t for t in out if shard.owns(t.id)] if shard else out
