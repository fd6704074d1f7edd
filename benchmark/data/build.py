"""``bench data build``: write the benchmark as a Hugging Face dataset folder.

Layout::

    OUT/README.md                                  dataset card; its YAML header declares the configs
    OUT/newsbench.json                             name, version, content hash, per-config counts/files
    OUT/single/test-00000-of-00001.parquet         per-article tasks
    OUT/event/test-00000-of-00001.parquet          multi-document tasks

The build is deterministic: rows in id order, a fixed schema, fixed compression, no timestamps, so two
builds of the same files are byte-identical.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..fileio import current_umask
from .card import CardInputs, render_card
from .tasks import CONFIGS, DATASET_NAME, DATASET_VERSION, SourceData, load_source

MANIFEST = "newsbench.json"
SPLIT = "test"
DATA_FILE = f"{SPLIT}-00000-of-00001.parquet"


@dataclass(frozen=True)
class BuildResult:
    path: Path
    name: str
    version: str
    hash: str
    counts: dict[str, int]  # config -> number of tasks


def features():
    """The typed features of every config: ``Task.to_dict()`` plus the ``sources`` metadata column."""
    from datasets import Features, List, Value

    return Features(
        {
            "id": Value("string"),
            "config": Value("string"),
            "title": Value("string"),
            "documents": List({"id": Value("string"), "title": Value("string"), "text": Value("string")}),
            "references": List(
                {"id": Value("string"), "style": Value("string"), "max_words": Value("int32"), "text": Value("string")}
            ),
            "keyfacts": List(
                {
                    "id": Value("string"),
                    "text": Value("string"),
                    "weight": Value("int32"),
                    "evidence": List({"article": Value("string"), "quote": Value("string")}),
                    "probes": List(Value("string")),
                    "wordings": List(Value("string")),
                }
            ),
            "word_budget": Value("int32"),
            "sources": List(
                {
                    "id": Value("string"),
                    "outlet": Value("string"),
                    "dateline": Value("string"),
                    "published": Value("string"),
                    "updated": Value("string"),
                    "metadata_lines": List(Value("string")),
                    "n_paragraphs": Value("int32"),
                }
            ),
        }
    )


def _rows(source: SourceData, config: str) -> list[dict[str, Any]]:
    return [{**t.to_dict(), "sources": source.sources(t)} for t in source.tasks if t.config == config]


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    feats = features()
    schema = feats.arrow_schema.with_metadata(
        {"huggingface": json.dumps({"info": {"features": feats.to_dict()}}, sort_keys=True)}
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", compression_level=9, use_dictionary=False, write_statistics=False)
    return table.nbytes


def _dataset_info(config: str, n_rows: int, num_bytes: int) -> Any:
    """A ``datasets.DatasetInfo``: features and split size, as ``push_to_hub`` records them."""
    from datasets import DatasetInfo, SplitDict, SplitInfo

    splits = SplitDict()
    splits.add(SplitInfo(name=SPLIT, num_bytes=num_bytes, num_examples=n_rows))
    return DatasetInfo(config_name=config, features=features(), splits=splits)


def _owned_files(out: Path) -> set[str] | None:
    """The files a previous build wrote into ``out`` (from its manifest), or None if it has none."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = {f for c in manifest["configs"].values() for f in c["files"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return files | {MANIFEST, "README.md"}


def _check_replaceable(out: Path) -> None:
    """``out`` may be replaced only when it is new, empty, or holds exactly what a build wrote."""
    here = Path.cwd().resolve()
    if out.resolve() == here or out.resolve() in here.parents:
        raise DataError(f"--out {out} is the current folder or contains it; give a new folder, e.g. --out build/dataset")
    if not out.exists():
        return
    if not out.is_dir():
        raise DataError(f"--out {out} is a file; give a folder")
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir()}
    if not present and not any(out.iterdir()):
        return
    owned = _owned_files(out)
    if owned is None:
        raise DataError(f"{out} exists and is not a newsbench dataset folder; choose an empty or new --out folder")
    foreign = sorted(present - owned) or sorted(p.name for p in out.iterdir() if p.is_dir() and p.name not in {f.split("/")[0] for f in owned})
    if foreign:
        raise DataError(
            f"{out} holds files bench data build did not write ({', '.join(foreign[:3])}"
            f"{', ...' if len(foreign) > 3 else ''}); it replaces only a folder it fully owns: "
            "move them away or choose another --out folder"
        )


def build_dataset(
    out_dir: str | Path,
    references_dir: str | Path | None = None,
    seeds_dir: str | Path | None = None,
    *,
    name: str | None = None,
    version: str | None = None,
) -> BuildResult:
    """Validate the task files and articles, then write the dataset folder ``out_dir``.

    ``None`` folders mean the packaged data (name ``newsbench``, version ``newsbench-v1``). A user's own
    folders get ``name``/``version`` when given, else ``custom`` / ``custom-v1``. The folder is written
    to a temporary sibling and moved into place, so a failed build never leaves half a dataset.
    """
    packaged = references_dir is None and seeds_dir is None
    source = load_source(references_dir, seeds_dir)
    name = name or (DATASET_NAME if packaged else "custom")
    version = version or (DATASET_VERSION if packaged else "custom-v1")
    out = Path(out_dir)
    _check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        counts: dict[str, int] = {}
        files: dict[str, list[str]] = {}
        infos: dict[str, Any] = {}
        for config in CONFIGS:
            rows = _rows(source, config)
            if not rows:
                continue
            rel = f"{config}/{DATA_FILE}"
            num_bytes = _write_parquet(rows, tmp / rel)
            counts[config] = len(rows)
            files[config] = [rel]
            infos[config] = _dataset_info(config, len(rows), num_bytes)
        total_bytes = sum(i.splits[SPLIT].num_bytes for i in infos.values())
        infos = {"all": _dataset_info("all", sum(counts.values()), total_bytes), **infos}
        digest = source.hash
        card = CardInputs(
            name=name,
            version=version,
            hash=digest,
            tasks=source.tasks,
            config_files=files,
            dataset_info=infos,
            articles={aid: a.metadata() for aid, a in source.articles.items() if any(aid == d.id for t in source.tasks for d in t.documents)},
            packaged=packaged,
        )
        (tmp / "README.md").write_text(render_card(card), encoding="utf-8")
        manifest = {
            "name": name,
            "dataset_version": version,
            "hash": digest,
            "split": SPLIT,
            "configs": {c: {"tasks": counts[c], "files": files[c]} for c in counts},
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o777 & ~current_umask())
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            out.rename(old / out.name)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(path=out, name=name, version=version, hash=digest, counts=counts)
