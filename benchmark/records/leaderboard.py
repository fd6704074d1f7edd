"""Stored runs -> ``leaderboard.md``.

Only runs whose scores are comparable are ranked in one table: equal signatures once the fields that
cannot change a score (bootstrap seed, ROUGE backend: ``Signature.comparable``) are set aside; the
values those fields took are listed under the table. The ``prompt`` field is the exception that makes
tables useful: a run without a prompt (an extractive baseline) is comparable with the runs of any *one*
prompt, so each prompt gets its own table and the prompt-free baselines appear in each of them.

Runs are ranked by fact coverage (then ROUGE-L F1, then label). A run with failed tasks scores those
tasks as zero, so it is shown under the ranked rows, flagged and without a rank; a run that has no
results at all (failed, interrupted, still running) is listed at the end with its status. Every row has
a label that tells two runs of one spec apart (the options that differ, else the run id). The output
has no timestamps: the same runs always give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import RunError
from ..signature import SCORE_NEUTRAL_FIELDS, Signature
from .store import RunDir, iter_runs

MAIN_METRIC = "fact_coverage"

# (column title, aggregate key, scale, decimals, interval shown)
COLUMNS: tuple[tuple[str, str, float, int, bool], ...] = (
    ("Fact cov.", "fact_coverage", 100.0, 1, True),
    ("Core cov.", "core_fact_coverage", 100.0, 1, True),
    ("Contradicted", "contradiction_rate", 100.0, 1, True),
    ("R-1", "rouge1_f", 100.0, 2, True),
    ("R-2", "rouge2_f", 100.0, 2, True),
    ("R-L", "rougeL_f", 100.0, 2, True),
    ("R-Lsum", "rougeLsum_f", 100.0, 2, True),
    ("Words", "length_words", 1.0, 1, False),
    ("Ext. cov.", "coverage", 1.0, 3, False),
    ("Density", "density", 1.0, 2, False),
)


@dataclass(frozen=True)
class Entry:
    system: str
    run_id: str
    status: str
    signature: Signature
    n_tasks: int
    n_failed: int
    means: dict[str, float | None]
    intervals: dict[str, tuple[float, float] | None]
    options: dict[str, Any]
    n_judge_failed: int = 0
    label: str = ""  # set by ``tables``: the system, plus what tells it from a namesake in its table

    @property
    def prompt(self) -> str | None:
        return self.signature.get("prompt")

    @property
    def ranked(self) -> bool:
        """Only runs that scored every task are ranked; failed tasks would count as zeros."""
        return self.status == "finished" and not self.n_failed and not self.n_judge_failed

    @property
    def problem(self) -> str | None:
        if self.ranked:
            return None
        parts = []
        if self.n_failed:
            parts.append(f"{self.n_failed} of {self.n_tasks} tasks failed")
        if self.n_judge_failed:
            parts.append(f"the judge failed on {self.n_judge_failed} task(s)")
        return f"{self.status}: " + ("; ".join(parts) or "not finished")

    def sort_key(self) -> tuple:
        main = self.means.get(MAIN_METRIC)
        rl = self.means.get("rougeL_f")
        return (not self.ranked, main is None, -(main or 0.0), -(rl or 0.0), self.label or self.system, self.run_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "label": self.label or self.system,
            "run_id": self.run_id,
            "status": self.status,
            "ranked": self.ranked,
            "problem": self.problem,
            "tasks": self.n_tasks,
            "failed": self.n_failed,
            "judge_failed": self.n_judge_failed,
            "signature": self.signature.format(),
            "scores": self.means,
            "ci95": {k: list(v) if v else None for k, v in self.intervals.items()},
        }


@dataclass(frozen=True)
class Unfinished:
    """A run directory without results: failed as a whole, interrupted, still running or damaged."""

    run_id: str
    system: str
    status: str
    error: str | None


@dataclass(frozen=True)
class Table:
    signature: Signature  # the comparable signature (score-neutral fields left out)
    entries: tuple[Entry, ...]

    @property
    def config(self) -> str:
        return self.signature.get("config") or "?"

    def neutral_values(self) -> dict[str, list[str]]:
        """Per score-neutral field, the values the table's runs were made with."""
        out: dict[str, list[str]] = {}
        for key in SCORE_NEUTRAL_FIELDS:
            values = sorted({v for e in self.entries if (v := e.signature.get(key)) is not None})
            if values:
                out[key] = values
        return out

    def ranked(self) -> list[tuple[int | None, Entry]]:
        """(rank or None, entry) in table order: ranked entries numbered from 1, the rest unnumbered."""
        out, rank = [], 0
        for e in self.entries:
            if e.ranked:
                rank += 1
                out.append((rank, e))
            else:
                out.append((None, e))
        return out


@dataclass(frozen=True)
class Leaderboard:
    tables: tuple[Table, ...]
    unfinished: tuple[Unfinished, ...]


def _entry(run: RunDir) -> Entry:
    m = run.manifest()
    res = run.results()
    agg = res["aggregate"]["all"]
    counts = res.get("counts", {})
    return Entry(
        system=m["summarizer"]["text"],
        run_id=run.run_id,
        status=m["status"],
        signature=Signature.parse(res["signature"]),
        n_tasks=counts.get("tasks", 0),
        n_failed=counts.get("failed", 0),
        n_judge_failed=counts.get("judge_failed", 0),
        means={k: v.get("mean") for k, v in agg.items()},
        intervals={k: (v["low"], v["high"]) if v.get("low") is not None else None for k, v in agg.items()},
        options=dict(m["summarizer"].get("options") or {}),
    )


def _unfinished(run: RunDir) -> Unfinished:
    try:
        m = run.manifest()
    except RunError as exc:
        return Unfinished(run.run_id, "?", "damaged", str(exc))
    system = (m.get("summarizer") or {}).get("text", "?")
    status = m.get("status", "?")
    error = m.get("error") or (None if status in ("failed", "interrupted", "started") else "results are missing")
    return Unfinished(run.run_id, system, status, error)


def collect_runs(runs: Iterable[RunDir]) -> Leaderboard:
    """Entries of every run with results, and the runs without; tables are made by ``tables``."""
    entries, unfinished = [], []
    for run in runs:
        if run.is_trusted():
            entries.append(_entry(run))
        else:
            unfinished.append(_unfinished(run))
    return Leaderboard(tuple(tables(entries)), tuple(sorted(unfinished, key=lambda u: u.run_id)))


def collect(runs_dir: Path) -> list[Entry]:
    return [e for t in collect_runs(iter_runs(runs_dir)).tables for e in t.entries]


def _labelled(entries: Sequence[Entry]) -> list[Entry]:
    """Give each entry a label: the system, plus the options (else the run id) that tell namesakes apart."""
    out = []
    for e in entries:
        namesakes = [o for o in entries if o.system == e.system]
        label = e.system
        if len(namesakes) > 1:
            keys = sorted({k for o in namesakes for k in o.options})
            differing = [k for k in keys if len({json.dumps(o.options.get(k), sort_keys=True) for o in namesakes}) > 1]
            extra = " ".join(f"{k}={e.options.get(k)}" for k in differing)
            same_options = [o for o in namesakes if all(o.options.get(k) == e.options.get(k) for k in differing)]
            if len(same_options) > 1:  # equal options: only the run tells them apart
                extra = (extra + " " if extra else "") + f"run {e.run_id}"
            label = f"{e.system} ({extra})"
        out.append(replace(e, label=label))
    return out


def tables(entries: Sequence[Entry]) -> list[Table]:
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.signature.comparable().without("prompt").format(), []).append(e)
    out = []
    for key in sorted(groups):
        group = groups[key]
        prompts = sorted({e.prompt for e in group if e.prompt is not None})
        base = Signature.parse(key)
        if not prompts:
            out.append(Table(base, tuple(sorted(_labelled(group), key=Entry.sort_key))))
            continue
        for prompt in prompts:
            members = [e for e in group if e.prompt in (None, prompt)]
            sig = Signature(base.fields + (("prompt", prompt),))
            out.append(Table(sig, tuple(sorted(_labelled(members), key=Entry.sort_key))))
    return out


def _fmt(value: float | None, scale: float, decimals: int) -> str:
    if value is None:
        return "–"
    return f"{value * scale:.{decimals}f}"


def cell_parts(e: Entry, key: str, scale: float, decimals: int, interval: bool) -> tuple[str, str | None]:
    """(``24.5``, ``[22.9, 25.7]``): the mean and, where the column shows one, its 95% interval."""
    text = _fmt(e.means.get(key), scale, decimals)
    ci = e.intervals.get(key)
    if interval and ci is not None and e.means.get(key) is not None:
        return text, f"[{_fmt(ci[0], scale, decimals)}, {_fmt(ci[1], scale, decimals)}]"
    return text, None


def format_cell(e: Entry, key: str, scale: float, decimals: int, interval: bool) -> str:
    """``24.5 [22.9, 25.7]``."""
    mean, ci = cell_parts(e, key, scale, decimals, interval)
    return mean if ci is None else f"{mean} {ci}"


def table_title(tab: Table) -> str:
    title = f"config: {tab.config}"
    if tab.signature.get("prompt"):
        title += f" — prompt {tab.signature.get('prompt')}"
    return title


NEUTRAL_NAMES = {"seed": "bootstrap seed", "backend": "ROUGE backend"}


def neutral_note(tab: Table, quote: str = "`") -> str | None:
    values = tab.neutral_values()
    if not values:
        return None
    parts = [f"{NEUTRAL_NAMES.get(k, k)} {', '.join(f'{quote}{v}{quote}' for v in vs)}" for k, vs in values.items()]
    return "Made with " + "; ".join(parts) + " (settings that cannot change a score)."


def render_markdown(tabs: Sequence[Table], runs_dir_label: str, unfinished: Sequence[Unfinished] = (),
                    site: str | None = "site") -> str:
    lines = [
        "# newsbench leaderboard",
        "",
        f"Generated by `bench leaderboard` from the run records in `{runs_dir_label}/`; do not edit by hand.",
        "Systems are ranked by **fact coverage** (weighted share of key facts the default judge finds",
        "stated). *Contradicted* is the weighted share of key facts the summary contradicts (lower is",
        "better). ROUGE is F1 ×100 (max over references). Each score is the mean over tasks with its 95%",
        "bootstrap interval over tasks in brackets: with few tasks the intervals are wide, and rows whose",
        "intervals overlap are not told apart. *Words* is the summary length before truncation;",
        "*Ext. cov.* and *Density* are Grusky et al. (2018) extractive fragment coverage and density.",
        "Runs with failed tasks are flagged and not ranked (a failed task scores zero).",
        "Only runs with identical signatures share a table (the bootstrap seed and the ROUGE backend",
        "cannot change a score and do not split tables); the signature is printed under each table.",
    ]
    if site:
        lines += [
            "",
            f"The HTML report — interval plots, facts × systems heatmaps, every summary with its facts marked —",
            f"is written by `bench report --runs-dir {runs_dir_label} --out {site}` (and `make run`): open",
            f"[{site}/index.html]({site}/index.html) in a browser.",
        ]
    lines.append("")
    if not tabs and not unfinished:
        lines.append("_No finished runs yet: run `bench run --model lead-3` first._")
        return "\n".join(lines) + "\n"
    for tab in tabs:
        lines += [f"## {table_title(tab)}", ""]
        header = ["#", "System"] + [c[0] for c in COLUMNS] + ["Tasks", "Run"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---:", ":---"] + ["---:"] * len(COLUMNS) + ["---:", ":---"]) + "|")
        for rank, e in tab.ranked():
            system = f"`{e.label}`" + (f" ⚠ **{e.problem}**" if e.problem else "")
            tasks = str(e.n_tasks) if not e.n_failed else f"{e.n_tasks} ({e.n_failed} failed)"
            run = f"[{e.run_id}]({site}/runs/{e.run_id}.html)" if site else e.run_id
            cells = [str(rank) if rank else "–", system]
            cells += [format_cell(e, k, s, d, ci) for _, k, s, d, ci in COLUMNS]
            lines.append("| " + " | ".join(cells + [tasks, run]) + " |")
        lines += ["", f"Signature: `{tab.signature.format()}`"]
        note = neutral_note(tab)
        if note:
            lines += ["", note]
        lines.append("")
    if unfinished:
        lines += ["## Runs without results", "", "| Run | System | Status | Error |", "|:---|:---|:---|:---|"]
        for u in unfinished:
            error = " ".join((u.error or "–").split()).replace("|", "\\|")
            lines.append(f"| {u.run_id} | `{u.system}` | {u.status} | {error} |")
        lines.append("")
    return "\n".join(lines)


def render_json(board: Leaderboard) -> str:
    payload = {
        "tables": [
            {"signature": t.signature.format(), "config": t.config, "neutral": t.neutral_values(),
             "rows": [e.to_dict() for e in t.entries]}
            for t in board.tables
        ],
        "unfinished": [
            {"run_id": u.run_id, "system": u.system, "status": u.status, "error": u.error} for u in board.unfinished
        ],
    }
    return json.dumps(payload, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def build_leaderboard(runs_dir: Path, label: str | None = None, site: str | None = "site") -> tuple[str, Leaderboard]:
    board = collect_runs(iter_runs(runs_dir))
    text = render_markdown(board.tables, label or Path(runs_dir).as_posix(), board.unfinished, site)
    return text, board
