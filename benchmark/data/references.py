"""Read the human-editable task files in ``references/`` (one YAML or JSON file per task).

This module only reads and parses; ``validate.py`` judges what it read and ``tasks.py`` turns valid
files into ``Task`` records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..errors import DataError
from ..resources import references_dir as packaged_references_dir

SCHEMA_FILE = "schema.json"
TASK_SUFFIXES = (".yaml", ".yml", ".json")


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a mapping repeating a key (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (line {key_node.start_mark.line + 1}); keep only one",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _reject_duplicate_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}; keep only one")
        out[key] = value
    return out


@dataclass(frozen=True)
class TaskFile:
    """One task file as read from disk; ``error`` is set when it could not be parsed."""

    path: Path
    data: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def task_id(self) -> str:
        tid = self.data.get("id") if isinstance(self.data, Mapping) else None
        return tid if isinstance(tid, str) and tid else "?"

    @property
    def display(self) -> str:
        return display_path(self.path)


def display_path(path: Path) -> str:
    """A path as problem messages show it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def task_file_paths(references_dir: str | Path) -> list[Path]:
    """The task files of a references folder, sorted by name (the schema file is not a task)."""
    root = Path(references_dir)
    if not root.is_dir():
        raise DataError(
            f"references folder {root} does not exist; pass --references DIR holding one YAML file per task"
        )
    paths = sorted(p for p in root.iterdir() if p.is_file() and p.suffix in TASK_SUFFIXES and p.name != SCHEMA_FILE)
    if not paths:
        raise DataError(
            f"references folder {root} holds no task files (*.yaml, *.yml, *.json); "
            "write one per task as described in references/GUIDE.md"
        )
    return paths


def read_task_file(path: Path) -> TaskFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return TaskFile(path, {}, f"cannot read the file ({exc}); it must be UTF-8 text")
    try:
        if path.suffix == ".json":
            data = json.loads(text, object_pairs_hook=_reject_duplicate_pairs)
        else:
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader
    except (yaml.YAMLError, ValueError) as exc:
        first = " ".join(str(exc).split())
        return TaskFile(path, {}, f"not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {first}")
    if not isinstance(data, Mapping):
        return TaskFile(path, {}, "the file must hold one mapping (id, config, title, articles, ...); see references/GUIDE.md")
    return TaskFile(path, data)


def read_task_files(references_dir: str | Path) -> list[TaskFile]:
    return [read_task_file(p) for p in task_file_paths(references_dir)]


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The JSON Schema every task file follows (shipped as ``references/schema.json``)."""
    path = packaged_references_dir() / SCHEMA_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"the packaged schema {path} is unreadable ({exc}); reinstall newsbench") from None
