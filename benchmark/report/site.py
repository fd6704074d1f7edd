"""Write the static report: leaderboard, facts × systems heatmaps, one page per run and per article, diffs.

Layout of the output folder (every link relative, so it opens from the file system or any static host)::

    index.html              leaderboard: tables with intervals, interval plot, length scatter
    facts.html              per table and task: facts × systems heatmap
    runs/<run_id>.html      summaries with marked sentences, missing facts, manifest
    articles/<task>.html    the task's articles with every fact's evidence quotes marked
    diffs/<a>--<b>.html     facts gained, lost and newly contradicted from run a to run b
    assets/                 site.css, site.js and the vendored Vega JavaScript

Pages carry a Content-Security-Policy that allows no network access at all.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import jinja2

from .. import __version__
from ..errors import BenchError
from ..metrics import LEADERBOARD
from ..records.leaderboard import Table, cell_parts, neutral_note, table_title
from ..records.store import atomic_write_text
from ..types import Task
from . import charts
from .judge_figures import judge_agreement
from .marks import mark_documents, mark_summary
from .runs import RunView, Runs, diff_runs

MARKER = ".newsbench-report"  # marks a folder this module may rewrite
ASSETS = ("site.css", "site.js")
VENDOR = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js",
          "LICENSE-vega.txt", "LICENSE-vega-lite.txt", "LICENSE-vega-embed.txt")


@dataclass(frozen=True)
class SiteResult:
    out: Path
    pages: tuple[str, ...]  # paths relative to ``out``
    skipped: tuple = ()  # damaged runs left out (``records.leaderboard.Skipped``)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.out.rglob("*") if p.is_file())


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("benchmark.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tojson_compact"] = lambda obj: json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    env.filters["pct"] = lambda v, d=1: "–" if v is None else f"{v * 100:.{d}f}"
    env.filters["num"] = lambda v, d=2: "–" if v is None else f"{v:.{d}f}"
    return env


def diff_name(a: str, b: str) -> str:
    return f"diffs/{a}--{b}.html"


class SiteWriter:
    """Renders every page of one report into ``out``."""

    def __init__(self, runs: Runs, tasks: Mapping[str, Task], out: Path, runs_label: str,
                 diffs: Sequence[tuple[str, str]] = ()):
        self.runs, self.tasks, self.out, self.runs_label = runs, tasks, Path(out), runs_label
        self.env = _env()
        self.pages: list[str] = []
        self.diffs = list(diffs)
        for tab in runs.board.tables:  # every run can be compared with its table's leader
            ranked = [e for e in tab.entries if e.ranked]
            for e in tab.entries:
                if ranked and e.run_id != ranked[0].run_id:
                    self.diffs.append((ranked[0].run_id, e.run_id))
        self.diffs = list(dict.fromkeys(self.diffs))

    # -- helpers --------------------------------------------------------------------------------
    def _write(self, rel: str, template: str, **context: Any) -> None:
        depth = rel.count("/")
        root = "../" * depth
        html = self.env.get_template(template).render(root=root, version=__version__, runs_label=self.runs_label,
                                                      **context)
        atomic_write_text(self.out / rel, html)
        self.pages.append(rel)

    def run_link(self, run_id: str, root: str = "") -> str:
        return f"{root}runs/{run_id}.html"

    def _copy_assets(self) -> None:
        static = resources.files("benchmark.report") / "static"
        dest = self.out / "assets"
        dest.mkdir(parents=True, exist_ok=True)
        for name in ASSETS:
            (dest / name).write_bytes(static.joinpath(name).read_bytes())
        for name in VENDOR:
            (dest / name).write_bytes(static.joinpath("vendor", name).read_bytes())

    def _table_runs(self, tab: Table) -> list[RunView]:
        return [self.runs.run(e.run_id) for e in tab.entries]

    # -- pages ----------------------------------------------------------------------------------
    def write(self) -> SiteResult:
        if self.out.exists() and not self.out.is_dir():
            raise BenchError(f"{self.out} is a file; pass a folder for the site to --out")
        if self.out.is_dir() and any(self.out.iterdir()) and not (self.out / MARKER).is_file():
            raise BenchError(
                f"{self.out} is not empty and was not written by bench report; pass a new or empty folder to --out "
                "(the report replaces its runs/, articles/ and diffs/ folders)"
            )
        for sub in ("runs", "articles", "diffs"):  # pages of runs no longer present must not linger
            shutil.rmtree(self.out / sub, ignore_errors=True)
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / MARKER).write_text("written by bench report; the next bench report may replace this folder\n")
        self._copy_assets()
        self._index()
        self._facts()
        for run in self.runs.runs:
            self._run(run)
        for task in self.tasks.values():
            self._article(task)
        for a, b in self.diffs:
            self._diff(a, b)
        return SiteResult(self.out, tuple(self.pages), self.runs.board.skipped)

    def _index(self) -> None:
        links = {r.run_id: self.run_link(r.run_id) for r in self.runs.runs}
        sections = []
        for i, tab in enumerate(self.runs.board.tables):
            ranked = [e for e in tab.entries if e.ranked]
            leader = ranked[0].run_id if ranked else None
            rows = []
            for rank, e in tab.ranked():
                rows.append({
                    "rank": rank, "entry": e, "link": links[e.run_id],
                    "cells": [cell_parts(e, m) for m in LEADERBOARD],
                    "diff": diff_name(leader, e.run_id) if leader and leader != e.run_id else None,
                })
            sections.append({
                "id": f"table-{i + 1}", "title": table_title(tab), "signature": tab.signature.format(),
                "neutral": neutral_note(tab, quote=""), "rows": rows, "columns": [m.title for m in LEADERBOARD],
                "agreement": judge_agreement(tab.signature.get("judge")),
                "forest": charts.forest(tab.entries, links), "scatter": charts.length_scatter(tab.entries, links),
            })
        self._write("index.html", "index.html.jinja", sections=sections, unfinished=self.runs.board.unfinished,
                    skipped=self.runs.board.skipped, page="index")

    def _facts(self) -> None:
        links = {r.run_id: self.run_link(r.run_id) for r in self.runs.runs}
        sections = []
        for i, tab in enumerate(self.runs.board.tables):
            runs = self._table_runs(tab)
            task_ids = sorted({t.id for r in runs for t in r.tasks})
            blocks = []
            for tid in task_ids:
                task = self.tasks.get(tid)
                if task is None:
                    continue
                blocks.append({"task": task, "chart": charts.heatmap(task.keyfacts, runs, tid, links),
                               "facts": sorted(task.keyfacts, key=lambda f: -f.weight)})
            sections.append({"id": f"table-{i + 1}", "title": table_title(tab), "tasks": blocks})
        self._write("facts.html", "facts.html.jinja", sections=sections, page="facts")

    def _run(self, run: RunView) -> None:
        tasks = []
        for t in run.tasks:
            task = self.tasks.get(t.id)
            facts = {f.id: f for f in task.keyfacts} if task else {}
            budget = task.word_budget if task and t.truncated else None
            marked = mark_summary(t.summary, t.facts, budget) if t.summary else None
            tasks.append({
                "result": t, "task": task, "facts": facts, "marked": marked,
                "missing": sorted((v for v in t.facts if v.label == "missing"), key=lambda v: -v.weight),
                "stated": [v for v in t.facts if v.label == "stated"],
                "contradicted": [v for v in t.facts if v.label == "contradicted"],
            })
        manifest_json = json.dumps(run.manifest_dict, indent=2, sort_keys=True, ensure_ascii=False)
        self._write(f"runs/{run.run_id}.html", "run.html.jinja", run=run, tasks=tasks, manifest_json=manifest_json,
                    dataset_hash=_dataset_hash(self.tasks), page="run")

    def _article(self, task: Task) -> None:
        docs = mark_documents(task.documents, task.keyfacts)
        self._write(f"articles/{task.id}.html", "article.html.jinja", task=task, docs=docs,
                    facts=sorted(task.keyfacts, key=lambda f: -f.weight), page="article")

    def _diff(self, a: str, b: str) -> None:
        ra, rb = self.runs.run(a), self.runs.run(b)
        same_table = any({a, b} <= {e.run_id for e in t.entries} for t in self.runs.board.tables)
        d = diff_runs(ra, rb, comparable=same_table)
        self._write(diff_name(a, b), "diff.html.jinja", a=ra, b=rb, d=d, counts=d.counts(), page="diff")


def _dataset_hash(tasks: Mapping[str, Task]) -> str:
    from ..data.tasks import dataset_hash

    return dataset_hash(tuple(sorted(tasks.values(), key=lambda t: t.id)))


def build_report(out: Path, runs_dir: Path | None = None, run_paths: Sequence[Path] = (),
                 dataset: Path | None = None, diffs: Sequence[tuple[Path, Path]] = ()) -> SiteResult:
    """Read the runs, load the dataset their tasks come from, and write the site into ``out``."""
    from ..data.load import load_tasks
    from .runs import read_runs, run_dirs

    extra = [Path(p) for pair in diffs for p in pair]
    dirs = run_dirs(runs_dir, [*run_paths, *extra])
    runs = read_runs(dirs)
    loaded = load_tasks(dataset)
    tasks = {t.id: t for t in loaded.tasks}
    label = Path(runs_dir).as_posix() if runs_dir is not None else ", ".join(r.path.as_posix() for r in dirs)
    pairs = [(Path(a).name, Path(b).name) for a, b in diffs]
    return SiteWriter(runs, tasks, out, label, pairs).write()
