"""``bench data build`` / ``load_tasks`` / ``bench data push``: real builds, loaded for real, offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.data.build import build_dataset
from benchmark.data.load import load_packaged_dataset, load_tasks
from benchmark.errors import DataError
from benchmark.types import Task

A000 = "000_e5ebca9a67f22be0"
A002 = "002_cff157bd56992ef1"
EVENT = "event-nato-russia-2011-12-08"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "dataset"
    build_dataset(out)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_layout_and_manifest(built):
    assert sorted(_files(built)) == [
        "README.md",
        "event/test-00000-of-00001.parquet",
        "newsbench.json",
        "single/test-00000-of-00001.parquet",
    ]
    manifest = json.loads((built / "newsbench.json").read_text())
    assert manifest["dataset_version"] == "newsbench-v1"
    assert manifest["configs"]["single"]["tasks"] == 2
    assert manifest["configs"]["event"]["tasks"] == 1
    assert len(manifest["hash"]) == 64


def test_datasets_load_dataset_offline_with_typed_features(built):
    import datasets

    assert os.environ.get("HF_DATASETS_OFFLINE") == "1"
    default = datasets.load_dataset(str(built))
    assert list(default) == ["test"]
    assert sorted(default["test"]["id"]) == [A000, A002, EVENT]

    single = datasets.load_dataset(str(built), "single")["test"]
    event = datasets.load_dataset(str(built), "event")["test"]
    assert single["id"] == [A000, A002]
    assert event["id"] == [EVENT]

    feats = event.features
    assert isinstance(feats["keyfacts"], datasets.List)
    fact = feats["keyfacts"].feature
    assert fact["weight"] == datasets.Value("int32")
    assert isinstance(fact["evidence"], datasets.List) and fact["evidence"].feature["quote"] == datasets.Value("string")
    assert isinstance(fact["probes"], datasets.List)
    assert fact["wordings"] == datasets.List(datasets.Value("string"))
    assert feats["word_budget"] == datasets.Value("int32")
    assert feats["references"].feature["max_words"] == datasets.Value("int32")

    row = event[0]
    assert [d["id"] for d in row["documents"]] == [A000, A002]
    assert isinstance(row["keyfacts"][0]["weight"], int)
    assert row["keyfacts"][0]["id"] == "no-agreement"
    assert row["sources"][1]["outlet"] == "AP" and row["sources"][0]["metadata_lines"] == ["0", "147"]
    task = Task.from_dict(row)
    assert task.word_budget == 75 and len(task.references) == 3
    shipped = {t.id: t for t in load_tasks(None).tasks}[EVENT]
    assert task.keyfacts == shipped.keyfacts  # wordings and probes round-trip through parquet
    assert row["keyfacts"][0]["wordings"] == list(shipped.keyfacts[0].wordings) and len(task.keyfacts[0].wordings) >= 5


def test_a_fact_without_wordings_loads_an_empty_list_not_null(tmp_path):
    import shutil

    import datasets
    import yaml

    from benchmark.resources import references_dir, seeds_dir

    refs = tmp_path / "refs"
    shutil.copytree(references_dir(), refs)
    path = refs / f"{EVENT}.yaml"
    task = yaml.safe_load(path.read_text(encoding="utf-8"))
    last = task["keyfacts"][-1]
    del last["wordings"]  # every shipped fact has wordings; users' checklists need not
    last["id"] += "-bare"  # a fact id shared with another task must share its wordings
    path.write_text(yaml.safe_dump(task, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_dataset(tmp_path / "dataset", refs, seeds_dir())
    row = datasets.load_dataset(str(tmp_path / "dataset"), "event")["test"][0]
    detail = next(k for k in row["keyfacts"] if k["id"] == last["id"])
    assert detail["wordings"] == []  # an empty list, not null, where a fact has none


def test_card_header_and_contents(built):
    import yaml

    text = (built / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["license"] == "other"
    assert header["license_name"] and header["license_link"].startswith("https://")
    assert header["task_categories"] == ["summarization"]
    assert header["task_ids"] == ["news-articles-summarization"]
    assert header["multilinguality"] == ["monolingual"]
    assert set(header["language_creators"]) == {"found", "expert-generated"}
    assert {c["config_name"] for c in header["configs"]} == {"all", "single", "event"}
    assert {i["config_name"] for i in header["dataset_info"]} == {"all", "single", "event"}
    manifest = json.loads((built / "newsbench.json").read_text())
    for phrase in ("written by the project's maintainers from the\narticles alone", "Limitations", "@misc{newsbench",
                   "copyright stays with their publishers", manifest["hash"], "Weight rule", "**CC BY 4.0**: the annotations",
                   "howpublished = {\\url{https://"):
        assert phrase in text, phrase


def test_card_is_what_huggingface_hub_reads(built):
    from huggingface_hub import DatasetCard

    card = DatasetCard.load(built / "README.md")
    assert card.data.license == "other" and card.data.license_name == "newsbench-annotations-cc-by-4.0"
    assert [c["config_name"] for c in card.data.configs] == ["all", "single", "event"]
    assert [i["config_name"] for i in card.data.dataset_info] == ["all", "event", "single"]
    assert str(card) == (built / "README.md").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(built, tmp_path):
    again = build_dataset(tmp_path / "again")
    assert _files(again.path) == _files(built)
    assert again.hash == json.loads((built / "newsbench.json").read_text())["hash"]


def test_packaged_and_built_routes_agree(built):
    packaged = load_tasks(None)
    from_dir = load_tasks(built)
    assert packaged.tasks == from_dir.tasks
    assert packaged.hash == from_dir.hash
    assert (packaged.version, packaged.name, packaged.path) == ("newsbench-v1", "newsbench", None)
    assert [t.id for t in load_tasks(built, "single").tasks] == [A000, A002]
    assert [t.id for t in load_tasks(None, "event").tasks] == [EVENT]
    assert load_tasks(built, "event").hash == packaged.hash  # the hash covers every config


def test_edited_build_fails_its_hash_check(built, tmp_path):
    import pyarrow.parquet as pq

    copy = tmp_path / "copy"
    build_dataset(copy)
    path = copy / "event/test-00000-of-00001.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    rows[0]["keyfacts"][0]["weight"] = 1
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    with pytest.raises(DataError, match="edited after it was built"):
        load_tasks(copy)
    with pytest.raises(DataError, match="not a newsbench dataset folder"):
        load_tasks(tmp_path)
    # a folder from before key facts had wordings: named as such, not as an edited folder
    for fact in rows[0]["keyfacts"]:
        fact.pop("wordings")
    fact_type = table.schema.field("keyfacts").type.value_type
    old_fact = pa.struct([f for f in fact_type if f.name != "wordings"])
    old_schema = pa.schema([pa.field(f.name, pa.list_(old_fact)) if f.name == "keyfacts" else f for f in table.schema])
    pq.write_table(pa.Table.from_pylist(rows, schema=old_schema), path)
    with pytest.raises(DataError, match="row 0: its key facts have no 'wordings' field: the folder was built by an older newsbench"):
        load_tasks(copy)
    with pytest.raises(DataError, match="unknown config 'both'"):
        load_tasks(None, "both")


def test_benchmark_load_dataset(tmp_path, monkeypatch):
    import benchmark

    monkeypatch.setenv("NEWSBENCH_CACHE_DIR", str(tmp_path))
    dd = benchmark.load_dataset()
    assert sorted(dd["test"]["id"]) == [A000, A002, EVENT]
    assert load_packaged_dataset("event")["test"]["id"] == [EVENT]
    assert len(list((tmp_path / "datasets").iterdir())) == 1  # built once, keyed by the content hash


USER_ARTICLE = """Town council approves new bridge
Published : Mar 3, 2024 - 09:15
Updated : Mar 3, 2024 - 10:00
RIVERTON (Gazette) ― The Riverton town council voted 7-2 on Monday to build a new footbridge over the Mill River.

The bridge will cost 1.2 million dollars and should open in 2026, the mayor, Ana Ruiz, said.

Two councillors voted against the plan, saying the town should repair the old bridge instead.
"""

USER_TASK = """
id: riverton-bridge
config: single
title: Town council approves new bridge
articles: [gazette-1]
word_budget: 40
references:
  - id: sentence
    style: sentence
    max_words: 30
    text: Riverton's town council voted 7-2 to build a new footbridge over the Mill River.
  - id: highlights
    style: highlights
    max_words: 75
    text: |-
      Riverton's town council voted 7-2 on Monday to build a new footbridge over the Mill River.
      The bridge will cost 1.2 million dollars and should open in 2026.
      Two councillors wanted the old bridge repaired instead.
  - id: paragraph
    style: paragraph
    max_words: 130
    text: |-
      Riverton's town council voted 7-2 on Monday to build a new footbridge over the Mill River.
      Mayor Ana Ruiz said the bridge will cost 1.2 million dollars and should open in 2026.
      Two councillors voted against, saying the old bridge should be repaired instead.
keyfacts:
  - id: council-approves-bridge
    text: Riverton's town council voted 7-2 to build a new footbridge
    weight: 3
    evidence:
      - {article: gazette-1, quote: "The Riverton town council voted 7-2 on Monday to build a new footbridge"}
    probes: ["Riverton's town council rejected the new footbridge"]
  - id: bridge-cost
    text: The new Riverton footbridge will cost 1.2 million dollars
    weight: 2
    evidence:
      - {article: gazette-1, quote: "The bridge will cost 1.2 million dollars"}
    probes: ["The new Riverton footbridge will cost 12 million dollars"]
"""


def test_users_own_data_builds_and_loads(tmp_path):
    import datasets

    seeds = tmp_path / "my-seeds"
    refs = tmp_path / "my-refs"
    seeds.mkdir()
    refs.mkdir()
    (seeds / "gazette-1.txt").write_text(USER_ARTICLE, encoding="utf-8")
    (refs / "riverton-bridge.yaml").write_text(USER_TASK, encoding="utf-8")
    out = tmp_path / "my-dataset"
    result = CliRunner().invoke(
        cli, ["data", "build", "--out", str(out), "--references", str(refs), "--seeds", str(seeds), "--name", "riverton"]
    )
    assert result.exit_code == 0, result.output
    assert "riverton custom-v1 hash" in result.output
    loaded = load_tasks(out)
    assert [t.id for t in loaded.tasks] == ["riverton-bridge"]
    assert loaded.tasks[0].documents[0].text.startswith("The Riverton town council voted 7-2")
    assert (loaded.name, loaded.version) == ("riverton", "custom-v1")
    ds = datasets.load_dataset(str(out))["test"]
    assert ds[0]["sources"][0]["outlet"] == "Gazette" and ds[0]["sources"][0]["published"] == "2024-03-03T09:15"
    assert not (out / "event").exists()


def test_build_refuses_invalid_data(tmp_path):
    seeds = tmp_path / "s"
    refs = tmp_path / "r"
    seeds.mkdir()
    refs.mkdir()
    (seeds / "gazette-1.txt").write_text(USER_ARTICLE, encoding="utf-8")
    (refs / "t.yaml").write_text(USER_TASK.replace("voted 7-2 on Monday to build", "voted 9-0 on Monday to build"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["data", "build", "--out", str(tmp_path / "o"), "--references", str(refs), "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert "keyfacts[0].evidence[0].quote: not found verbatim in article gazette-1" in result.output
    assert "nothing was built" in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("env", [{"HF_HUB_OFFLINE": "1"}, {"HF_HUB_OFFLINE": "0", "HF_ENDPOINT": "http://127.0.0.1:9", "HF_TOKEN": "hf_test"}])
def test_push_offline_is_a_one_line_error(built, env):
    full_env = {**os.environ, **env}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark.cli.main", "data", "push", "--repo-id", "someone/newsbench", "--dataset", str(built)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines[-1].startswith("Error: could not push to the Hugging Face Hub repo someone/newsbench")
    assert "Traceback" not in proc.stderr
