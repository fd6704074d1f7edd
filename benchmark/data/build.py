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


def _dataset_info(config: str, n_rows: int, num_bytes: int) -> dict[str, Any]:
    from datasets import DatasetInfo, SplitDict, SplitInfo

    splits = SplitDict()
    splits.add(SplitInfo(name=SPLIT, num_bytes=num_bytes, num_examples=n_rows))
    info = DatasetInfo(features=features(), splits=splits)
    # The same YAML form ``push_to_hub`` writes into a card's ``dataset_info``.
    return {"config_name": config, **info._to_yaml_dict()}


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
    if out.exists() and not (out / MANIFEST).is_file() and any(out.iterdir()):
        raise DataError(f"{out} exists and is not a newsbench dataset folder; choose an empty or new --out folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        counts: dict[str, int] = {}
        files: dict[str, list[str]] = {}
        infos: list[dict[str, Any]] = []
        for config in CONFIGS:
            rows = _rows(source, config)
            if not rows:
                continue
            rel = f"{config}/{DATA_FILE}"
            num_bytes = _write_parquet(rows, tmp / rel)
            counts[config] = len(rows)
            files[config] = [rel]
            infos.append(_dataset_info(config, len(rows), num_bytes))
        infos.insert(0, _dataset_info("all", sum(counts.values()), sum(i["splits"][0]["num_bytes"] for i in infos)))
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
        os.chmod(tmp, 0o755)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(path=out, name=name, version=version, hash=digest, counts=counts)
