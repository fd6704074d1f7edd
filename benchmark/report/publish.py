"""``bench publish``: run records and the HTML report to a Hugging Face dataset repository.

The repository gets, in one commit (``huggingface_hub``'s ``upload_folder``)::

    README.md              dataset card: what the files are, the leaderboard, two viewer configs
    results.jsonl          one row per run: system, label, status, signature, means and 95% intervals
    details.jsonl          one row per run and task: summary, every metric, every fact verdict
    runs/<run_id>/...      the run records as bench run wrote them (manifest, predictions, scores, results)
    site/...               the static report (bench report), viewable once downloaded

like the results and details datasets of the Open LLM Leaderboard. Without a token, offline, or when
the Hub cannot be reached, it stops with one ``OfflineError`` line; the staged folder is then kept so
it can be uploaded by other means.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..hub import is_network_error, one_line
from ..errors import DataError, OfflineError
from ..records.leaderboard import render_markdown
from ..records.store import dumps_jsonl
from .runs import Runs, read_runs, run_dirs
from .site import SiteWriter

STAGING_MARKER = ".newsbench-publish"  # not uploaded: upload_folder skips it (see publish)
RECORD_FILES = ("manifest.json", "predictions.jsonl", "scores.jsonl", "results.json")


@dataclass(frozen=True)
class PublishResult:
    repo_id: str
    runs: int
    files: int
    url: str | None


def _rows(runs: Runs) -> tuple[list[dict], list[dict]]:
    results, details = [], []
    for tab in runs.board.tables:
        for rank, e in tab.ranked():
            results.append({**e.to_dict(), "rank": rank, "table_signature": tab.signature.format()})
    for run in runs.runs:
        for t in run.tasks:
            details.append({
                "run_id": run.run_id, "system": run.system, "task": t.id, "config": t.config,
                "summary": t.summary, "error": t.error, "judge_error": t.judge_error, "metrics": dict(t.values),
                "facts": [f.to_dict() for f in t.facts],
            })
    return results, details


def _card(repo_id: str, runs: Runs, runs_label: str) -> str:
    board = render_markdown(runs.board.tables, runs_label, runs.board.unfinished, site="site")
    board = board.split("\n", 1)[1]  # the card has its own title
    return "\n".join([
        "---",
        "configs:",
        "- config_name: results",
        "  data_files: results.jsonl",
        "- config_name: details",
        "  data_files: details.jsonl",
        "tags:",
        "- newsbench",
        "- summarization",
        "- evaluation",
        "---",
        f"# {repo_id.split('/')[1]}: newsbench results",
        "",
        "Run records of the newsbench news-summarization benchmark (key-fact coverage and ROUGE),",
        "published with `bench publish`. `results.jsonl` has one row per run (means with 95% bootstrap",
        "intervals and the score signature), `details.jsonl` one row per run and task (the summary, every",
        "metric and every key fact's verdict with the sentence that decided it), `runs/` the records",
        "exactly as `bench run` wrote them, and `site/` the HTML report: download the repository and open",
        "`site/index.html`.",
        "",
        board,
    ])


def stage(runs: Runs, tasks: dict, folder: Path, repo_id: str, runs_label: str) -> list[str]:
    """Write everything that will be uploaded into ``folder``; returns the paths, relative to it."""
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / STAGING_MARKER).is_file():
            raise DataError(f"{folder} is not empty and was not staged by bench publish; pass a new or empty folder to --staging")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STAGING_MARKER).write_text("staged by bench publish; the next bench publish replaces this folder\n")
    results, details = _rows(runs)
    (folder / "results.jsonl").write_text(dumps_jsonl(results), encoding="utf-8")
    (folder / "details.jsonl").write_text(dumps_jsonl(details), encoding="utf-8")
    (folder / "README.md").write_text(_card(repo_id, runs, runs_label), encoding="utf-8")
    for run in runs.runs:
        for name in RECORD_FILES:
            src = run.path / name
            if src.is_file():
                dest = folder / "runs" / run.run_id / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
    SiteWriter(runs, tasks, folder / "site", runs_label).write()
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAGING_MARKER)


def publish(repo_id: str, runs_dir: Path | None, run_paths: Sequence[Path] = (), *, staging: Path,
            dataset: Path | None = None, private: bool = False) -> PublishResult:
    from huggingface_hub import HfApi, get_token

    from ..data.load import load_tasks

    if repo_id.count("/") != 1 or not all(repo_id.split("/")):
        raise DataError(f"repo id {repo_id!r} is not of the form USER_OR_ORG/NAME, e.g. my-lab/newsbench-results")
    runs = read_runs(run_dirs(runs_dir, run_paths))
    if not runs.runs:
        raise DataError(f"no runs found in {runs_dir}; run `bench run --model lead-3 --runs-dir {runs_dir}` first")
    tasks = {t.id: t for t in load_tasks(dataset).tasks}
    label = Path(runs_dir).as_posix() if runs_dir is not None else "runs"
    files = stage(runs, tasks, Path(staging), repo_id, label)
    if not get_token():
        raise OfflineError(
            f"no Hugging Face token: log in with `hf auth login` or set HF_TOKEN, then retry; "
            f"everything to upload is staged in {staging}"
        )
    try:
        api = HfApi()
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        info = api.upload_folder(
            repo_id=repo_id, repo_type="dataset", folder_path=str(staging),
            commit_message=f"newsbench results: {len(runs.runs)} run(s)", ignore_patterns=[STAGING_MARKER],
        )
    except Exception as exc:
        if not is_network_error(exc):
            raise
        raise OfflineError(
            f"could not publish to the Hugging Face Hub dataset {repo_id} ({type(exc).__name__}: {one_line(exc)}); "
            "check the network (HF_HUB_OFFLINE unset, HF_ENDPOINT reachable) and your token, then retry; "
            f"everything to upload is staged in {staging}"
        ) from None
    return PublishResult(repo_id, len(runs.runs), len(files), getattr(info, "commit_url", None))

