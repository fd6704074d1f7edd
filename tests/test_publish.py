"""bench publish: one clear line offline or without a token; against a Hub API on 127.0.0.1, every file arrives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub_server import HubServer

ROOT = Path(__file__).resolve().parent.parent
BENCH = [sys.executable, "-m", "benchmark.cli.main"]


def bench(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    # the suite runs offline (conftest); these subprocesses choose their own Hub settings
    base = {k: v for k, v in os.environ.items() if not k.startswith("HF_") and k != "TRANSFORMERS_OFFLINE"}
    base.update(HF_HOME=str(tmp_path / "hf-home"), **env)
    return subprocess.run(BENCH + args, cwd=ROOT, env=base, capture_output=True, text=True, timeout=300)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_without_a_token_it_stops_with_one_line_and_keeps_the_staged_upload(tmp_path):
    staging = tmp_path / "stage"
    result = bench(["publish", "--repo-id", "me/results", "--staging", str(staging)], tmp_path)
    line = one_line_error(result)
    assert "no Hugging Face token" in line and "hf auth login" in line and str(staging) in line
    assert (staging / "results.jsonl").is_file() and (staging / "site" / "index.html").is_file()


def test_offline_mode_stops_with_one_line(tmp_path):
    result = bench(["publish", "--repo-id", "me/results", "--staging", str(tmp_path / "s")], tmp_path,
                   HF_TOKEN="hf_test", HF_HUB_OFFLINE="1")
    line = one_line_error(result)
    assert "could not publish" in line and "HF_HUB_OFFLINE" in line


def test_an_unreachable_hub_stops_with_one_line(tmp_path):
    with HubServer() as hub:  # a port that was just served and is now closed: connection refused
        url = hub.url
    result = bench(["publish", "--repo-id", "me/results", "--staging", str(tmp_path / "s")], tmp_path,
                   HF_TOKEN="hf_test", HF_ENDPOINT=url)
    assert "could not publish" in one_line_error(result)


def test_a_staging_folder_it_did_not_make_is_left_alone(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    result = bench(["publish", "--repo-id", "me/results", "--staging", str(mine)], tmp_path)
    assert "not staged by bench publish" in one_line_error(result)
    assert (mine / "notes.txt").read_text() == "keep"


def test_a_malformed_repo_id_is_refused_before_anything_is_staged(tmp_path):
    result = bench(["publish", "--repo-id", "no-slash", "--staging", str(tmp_path / "s")], tmp_path)
    assert "USER_OR_ORG/NAME" in one_line_error(result)
    assert not (tmp_path / "s").exists()


@pytest.mark.slow
def test_publish_uploads_records_details_and_site_to_the_hub(tmp_path):
    staging = tmp_path / "stage"
    with HubServer() as hub:
        result = bench(["publish", "--repo-id", "me/newsbench-results", "--staging", str(staging)], tmp_path,
                       HF_TOKEN="hf_test_token", HF_ENDPOINT=hub.url)
        assert result.returncode == 0, result.stderr
        assert hub.state.unexpected == []
    assert hub.state.repos["me/newsbench-results"]["type"] == "dataset"
    assert all(t == "Bearer hf_test_token" for t in hub.state.tokens)
    files = hub.state.files["me/newsbench-results"]
    staged = {p.relative_to(staging).as_posix(): p.read_bytes() for p in staging.rglob("*")
              if p.is_file() and p.name != ".newsbench-publish"}
    assert files == staged
    runs = sorted(p.name for p in (ROOT / "results").iterdir() if (p / "manifest.json").is_file())
    for run in runs:
        for name in ("manifest.json", "predictions.jsonl", "scores.jsonl", "results.json"):
            assert files[f"runs/{run}/{name}"] == (ROOT / "results" / run / name).read_bytes()
        assert f"site/runs/{run}.html" in files
    results = [json.loads(line) for line in files["results.jsonl"].decode().splitlines()]
    assert sorted(r["run_id"] for r in results) == runs
    details = [json.loads(line) for line in files["details.jsonl"].decode().splitlines()]
    n_tasks = sum(len((ROOT / "results" / r / "scores.jsonl").read_text().splitlines()) for r in runs)
    assert len(details) == n_tasks and all(d["facts"] for d in details)
    configs = {c["config_name"]: c["data_files"] for c in hub.state.card_metadata["configs"]}
    assert configs == {"results": "results.jsonl", "details": "details.jsonl"}
    assert f"published {len(runs)} run(s)" in result.stdout
