"""Stored runs -> ``leaderboard.md``.

Only runs with equal signatures are ranked in one table. The ``prompt`` field is the exception that
makes tables useful: a run without a prompt (an extractive baseline) is comparable with the runs of any
*one* prompt, so each prompt gets its own table and the prompt-free baselines appear in each of them.
Runs are ranked by fact coverage (then ROUGE-L F1, then name). The output has no timestamps: the same
runs always give the same bytes. A damaged run is skipped and reported, never dropped silently. When
one system was run several times under one signature (a re-run gets its own folder, ``RUN_ID-2``, ...),
only its latest finished run counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import RunError
from ..metrics import LEADERBOARD, RANKED_BY
from ..signature import Signature
from .record import RunRecord
from .store import attempt_of, iter_runs


@dataclass(frozen=True)
class Entry:
    """One row: a run's record with the signature parsed for grouping."""

    record: RunRecord
    signature: Signature

    @property
    def system(self) -> str:
        return self.record.model

    @property
    def prompt(self) -> str | None:
        return self.signature.get("prompt")

    def sort_key(self) -> tuple:
        means = self.record.means()
        main, tie = (means.get(k) for k in RANKED_BY)
        return (main is None, -(main or 0.0), -(tie or 0.0), self.system)

    def to_dict(self) -> dict[str, Any]:
        agg = self.record.results.aggregate.get("all", {})
        return {
            "system": self.system,
            "run_id": self.record.run_id,
            "status": self.record.status,
            "tasks": self.record.results.n_tasks,
            "failed": self.record.results.n_failed,
            "scores": {k: v.mean for k, v in agg.items()},
            "ci95": {k: [v.low, v.high] if v.low is not None else None for k, v in agg.items()},
        }


@dataclass(frozen=True)
class Table:
    signature: Signature
    entries: tuple[Entry, ...]

    @property
    def config(self) -> str:
        return self.signature.get("config") or "?"


@dataclass(frozen=True)
class Skipped:
    """A run the leaderboard could not read, and why."""

    path: Path
    reason: str


def collect(runs_dir: Path) -> tuple[list[Entry], list[Skipped]]:
    """Every finished run under ``runs_dir``, and the damaged ones skipped with the reason.

    Runs that are unfinished (started, failed, interrupted) are left out without a note: they are not
    results. A missing ``runs_dir`` is an error, never an empty board.
    """
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        raise RunError(f"runs directory {runs_dir} does not exist; pass the folder bench run wrote to (--runs-dir)")
    runs = iter_runs(runs_dir)
    if not runs:
        raise RunError(f"{runs_dir} holds no run directories; pass the folder bench run wrote to (--runs-dir)")
    entries, skipped = [], []
    for run in runs:
        try:
            manifest = run.read_manifest()
            if not manifest.trusted:
                continue
            record = run.record()
        except RunError as exc:
            skipped.append(Skipped(run.path, str(exc)))
            continue
        entries.append(Entry(record, Signature.parse(record.signature)))
    return latest_attempts(entries), skipped


def latest_attempts(entries: Sequence[Entry]) -> list[Entry]:
    """One entry per system, options and signature: the latest finished attempt (then the highest ``-N``)."""
    latest: dict[str, Entry] = {}

    def recency(e: Entry) -> tuple[str, int]:
        return (str(e.record.manifest.extra.get("finished_at") or ""), attempt_of(e.record.run_id)[1])

    for e in entries:
        spec = e.record.manifest.summarizer
        key = json.dumps([spec.get("text"), spec.get("options"), e.record.signature], sort_keys=True, default=str)
        if key not in latest or recency(e) > recency(latest[key]):
            latest[key] = e
    return list(latest.values())


def tables(entries: Sequence[Entry]) -> list[Table]:
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.signature.without("prompt").format(), []).append(e)
    out = []
    for key in sorted(groups):
        group = groups[key]
        prompts = sorted({e.prompt for e in group if e.prompt is not None})
        base = Signature.parse(key)
        if not prompts:
            out.append(Table(base, tuple(sorted(group, key=Entry.sort_key))))
            continue
        for prompt in prompts:
            members = [e for e in group if e.prompt in (None, prompt)]
            sig = Signature(base.fields + (("prompt", prompt),))
            out.append(Table(sig, tuple(sorted(members, key=Entry.sort_key))))
    return out


def _fmt(value: float | None, scale: float, decimals: int) -> str:
    if value is None:
        return "–"
    return f"{value * scale:.{decimals}f}"


def render_markdown(tabs: Sequence[Table], runs_dir_label: str) -> str:
    lines = [
        "# newsbench leaderboard",
        "",
        f"Generated by `bench leaderboard` from the run records in `{runs_dir_label}/`; do not edit by hand.",
        "Systems are ranked by **fact coverage** (weighted share of key facts the default judge finds",
        "stated). *Contradicted* is the weighted share of key facts the summary contradicts (lower is",
        "better). ROUGE is F1 ×100 (max over references). *Words* is the summary length before truncation;",
        "*Ext. cov.* and *Density* are Grusky et al. (2018) extractive fragment coverage and density.",
        "Only runs with identical signatures share a table; the signature is printed under each table.",
        "",
    ]
    if not tabs:
        lines.append("_No finished runs yet: run `bench run --model lead-3` first._")
        return "\n".join(lines) + "\n"
    for tab in tabs:
        title = f"## config: {tab.config}"
        if tab.signature.get("prompt"):
            title += f" — prompt {tab.signature.get('prompt')}"
        lines += [title, ""]
        header = ["#", "System"] + [m.title for m in LEADERBOARD] + ["Tasks"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---:", ":---"] + ["---:"] * len(LEADERBOARD) + ["---:"]) + "|")
        for rank, e in enumerate(tab.entries, 1):
            n_tasks, n_failed = e.record.results.n_tasks, e.record.results.n_failed
            tasks = str(n_tasks) if not n_failed else f"{n_tasks} ({n_failed} failed)"
            means = e.record.means()
            cells = [str(rank), f"`{e.system}`"] + [_fmt(means.get(m.key), m.scale, m.decimals) for m in LEADERBOARD]
            cells.append(tasks)
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", f"Signature: `{tab.signature.format()}`", ""]
    return "\n".join(lines)


def render_json(tabs: Sequence[Table]) -> str:
    payload = [
        {"signature": t.signature.format(), "config": t.config, "rows": [e.to_dict() for e in t.entries]}
        for t in tabs
    ]
    return json.dumps(payload, sort_keys=True, indent=2) + "\n"


def build_leaderboard(runs_dir: Path, label: str | None = None) -> tuple[str, list[Table], list[Skipped]]:
    """The markdown, its tables, and the damaged runs that were skipped (the caller reports them)."""
    entries, skipped = collect(runs_dir)
    tabs = tables(entries)
    return render_markdown(tabs, label or Path(runs_dir).as_posix()), tabs, skipped
