"""Load the benchmark: the API the runner calls (``load_tasks``) and ``benchmark.load_dataset()``.

Two routes give the same tasks and the same hash:

* ``load_tasks(None)``: the packaged files (``references/`` + ``seeds/``), validated and assembled;
* ``load_tasks(DIR)``: a folder written by ``bench data build`` (ours or a user's), read from parquet;
  the content hash is recomputed and must match the folder's ``newsbench.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..paths import datasets_dir
from ..types import Task
from .build import MANIFEST, build_dataset
from .tasks import CONFIGS, DATASET_NAME, DATASET_VERSION, dataset_hash, load_source

CONFIG_CHOICES = (*CONFIGS, "all")


@dataclass(frozen=True)
class LoadedDataset:
    tasks: tuple[Task, ...]  # sorted by id, only the requested config
    name: str
    version: str
    hash: str  # content hash over ALL tasks of the dataset, whatever the config
    path: str | None  # the dataset folder, or None for the packaged data


def _check_config(config: str) -> None:
    if config not in CONFIG_CHOICES:
        raise DataError(f"unknown config {config!r}; choose one of: {', '.join(CONFIG_CHOICES)}")


def _select(tasks: tuple[Task, ...], config: str) -> tuple[Task, ...]:
    return tasks if config == "all" else tuple(t for t in tasks if t.config == config)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise DataError(
            f"{folder} is not a newsbench dataset folder (no {MANIFEST}); build one with "
            f"`bench data build --out {folder}` or leave --dataset out to use the packaged benchmark"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: unreadable ({exc}); rebuild the folder with `bench data build`") from None
    for key in ("name", "dataset_version", "hash", "configs"):
        if key not in manifest:
            raise DataError(f"{path}: field {key!r} is missing; rebuild the folder with `bench data build`")
    return manifest


def _read_built(folder: Path) -> tuple[tuple[Task, ...], dict[str, Any]]:
    import pyarrow.parquet as pq

    manifest = read_manifest(folder)
    tasks: list[Task] = []
    for config, entry in sorted(manifest["configs"].items()):
        for rel in entry["files"]:
            path = folder / rel
            try:
                rows = pq.read_table(path).to_pylist()
            except (OSError, ValueError) as exc:
                raise DataError(f"{path}: cannot read the parquet file ({exc}); rebuild with `bench data build`") from None
            for i, row in enumerate(rows):
                if any("wordings" not in k for k in row.get("keyfacts") or ()):
                    raise DataError(f"{path}: row {i}: its key facts have no 'wordings' field: the folder was built by "
                                    "an older newsbench; rebuild it with `bench data build`")
                try:
                    tasks.append(Task.from_dict(row))
                except (KeyError, TypeError, ValueError) as exc:
                    raise DataError(f"{path}: row {i}: field {exc} is missing or malformed; rebuild with `bench data build`") from None
    return tuple(sorted(tasks, key=lambda t: t.id)), manifest


def load_tasks(dataset: str | Path | None = None, config: str = "all") -> LoadedDataset:
    """The tasks of the packaged benchmark (``dataset=None``) or of a built dataset folder."""
    _check_config(config)
    if dataset is None:
        source = load_source()
        return LoadedDataset(_select(source.tasks, config), DATASET_NAME, DATASET_VERSION, source.hash, None)
    folder = Path(dataset)
    tasks, manifest = _read_built(folder)
    digest = dataset_hash(tasks)
    if digest != manifest["hash"]:
        raise DataError(
            f"{folder}: the tasks hash to {digest[:12]} but {MANIFEST} says {manifest['hash'][:12]}; the folder "
            "was edited after it was built: rebuild it with `bench data build`"
        )
    return LoadedDataset(_select(tasks, config), manifest["name"], manifest["dataset_version"], digest, str(folder))


def packaged_dataset_dir() -> Path:
    """A built copy of the packaged benchmark, made once per content hash under the cache folder."""
    source_hash = load_source().hash
    folder = datasets_dir() / source_hash[:16]
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            if json.loads(manifest.read_text(encoding="utf-8")).get("hash") == source_hash:
                return folder
        except (OSError, json.JSONDecodeError):
            pass
    try:
        build_dataset(folder)
    except OSError:
        # Another process may have built the same folder at the same moment; its result is as good.
        if not manifest.is_file():
            raise
    return folder


def load_packaged_dataset(config: str | None = None):
    """``datasets.load_dataset`` on the packaged benchmark: a ``DatasetDict`` with one ``test`` split."""
    import datasets

    if config is not None:
        _check_config(config)
    folder = packaged_dataset_dir()
    return datasets.load_dataset(str(folder), config) if config else datasets.load_dataset(str(folder))
