"""Stored runs -> ``leaderboard.md``.

Only runs whose scores are comparable are ranked in one table: equal signatures once the fields that
cannot change a score (bootstrap seed, ROUGE backend: ``Signature.comparable``) are set aside; the
values those fields took are listed under the table. The ``prompt`` field is the exception that makes
tables useful: a run without a prompt (an extractive baseline) is comparable with the runs of any *one*
prompt, so each prompt gets its own table and the prompt-free baselines appear in each of them.

Runs are ranked by fact coverage (then ROUGE-L F1, then label). A run with failed tasks scores those
tasks as zero, so it is shown under the ranked rows, flagged and without a rank; a run that failed
(as a whole or on every task), was interrupted or is still running is listed at the end with its status. Every row has
a label that tells two runs of one spec apart (the options that differ, else the run id). The output
has no timestamps: the same runs always give the same bytes. A damaged run is skipped and reported,
never dropped silently. When one system was run several times under one signature (a re-run gets its
own folder, ``RUN_ID-2``, ...), only its latest finished run counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import RunError
from ..metrics import LEADERBOARD, RANKED_BY, Metric
from ..signature import SCORE_NEUTRAL_FIELDS, Signature
from .record import RunRecord
from .store import RunDir, attempt_of, iter_runs


def shows_interval(m: Metric) -> bool:
    """Scores (a metric with a better direction) carry their interval; shape figures do not."""
    return m.direction is not None


@dataclass(frozen=True)
class Entry:
    """One row: a run's record with the signature parsed for grouping, and its label in its table."""

    record: RunRecord
    signature: Signature
    label: str = ""  # set by ``tables``: the system, plus what tells it from a namesake in its table

    @property
    def system(self) -> str:
        return self.record.model

    @property
    def run_id(self) -> str:
        return self.record.run_dir.name  # the run directory: what links and reports name

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def n_tasks(self) -> int:
        return self.record.results.n_tasks

    @property
    def n_failed(self) -> int:
        return self.record.results.n_failed

    @property
    def n_judge_failed(self) -> int:
        return int(self.record.results.counts.get("judge_failed", 0))

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.record.manifest.summarizer.get("options") or {})

    @property
    def means(self) -> dict[str, float | None]:
        return self.record.means()

    @property
    def intervals(self) -> dict[str, tuple[float, float] | None]:
        agg = self.record.results.aggregate.get("all", {})
        return {k: (v.low, v.high) if v.low is not None and v.high is not None else None for k, v in agg.items()}

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
        main, tie = (self.means.get(k) for k in RANKED_BY)
        return (not self.ranked, main is None, -(main or 0.0), -(tie or 0.0), self.label or self.system, self.run_id)

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
    """A run that is not ranked: it failed as a whole (or on every task), was interrupted, or is still running."""

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
class Skipped:
    """A run the leaderboard could not read, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Leaderboard:
    tables: tuple[Table, ...]
    unfinished: tuple[Unfinished, ...]
    skipped: tuple[Skipped, ...] = ()
    records: tuple[RunRecord, ...] = ()  # every record read, earlier attempts of a re-run included


def collect_runs(runs: Iterable[RunDir]) -> Leaderboard:
    """Tables of the runs with results, the runs without, and the damaged ones skipped with the reason."""
    entries, unfinished, skipped = [], [], []
    for run in runs:
        try:
            manifest = run.read_manifest()
            if not manifest.trusted:
                counts = manifest.counts or {}
                error = manifest.error or (f"{counts.get('failed')} of {counts.get('tasks')} tasks failed"
                                           if counts.get("failed") else None)
                unfinished.append(Unfinished(run.run_id, manifest.model, manifest.status, error))
                continue
            record = run.record()
        except RunError as exc:
            skipped.append(Skipped(run.path, str(exc)))
            continue
        entries.append(Entry(record, Signature.parse(record.signature)))
    ranked = latest_attempts(entries)
    return Leaderboard(tuple(tables(ranked)), tuple(sorted(unfinished, key=lambda u: u.run_id)), tuple(skipped),
                       tuple(e.record for e in entries))


def collect(runs_dir: Path) -> Leaderboard:
    """``collect_runs`` over a runs directory; a missing or empty one is an error, never an empty board."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        raise RunError(f"runs directory {runs_dir} does not exist; pass the folder bench run wrote to (--runs-dir)")
    runs = iter_runs(runs_dir)
    if not runs:
        raise RunError(f"{runs_dir} holds no run directories; pass the folder bench run wrote to (--runs-dir)")
    return collect_runs(runs)


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


def cell_parts(e: Entry, m: Metric) -> tuple[str, str | None]:
    """(``24.5``, ``[22.9, 25.7]``): the mean and, for a score, its 95% interval."""
    mean = e.means.get(m.key)
    text = _fmt(mean, m.scale, m.decimals)
    ci = e.intervals.get(m.key)
    if shows_interval(m) and ci is not None and mean is not None:
        return text, f"[{_fmt(ci[0], m.scale, m.decimals)}, {_fmt(ci[1], m.scale, m.decimals)}]"
    return text, None


def format_cell(e: Entry, m: Metric) -> str:
    """``24.5 [22.9, 25.7]``."""
    mean, ci = cell_parts(e, m)
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
        header = ["#", "System"] + [m.title for m in LEADERBOARD] + ["Tasks", "Run"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---:", ":---"] + ["---:"] * len(LEADERBOARD) + ["---:", ":---"]) + "|")
        for rank, e in tab.ranked():
            system = f"`{e.label}`" + (f" ⚠ **{e.problem}**" if e.problem else "")
            tasks = str(e.n_tasks) if not e.n_failed else f"{e.n_tasks} ({e.n_failed} failed)"
            run = f"[{e.run_id}]({site}/runs/{e.run_id}.html)" if site else e.run_id
            cells = [str(rank) if rank else "–", system]
            cells += [format_cell(e, m) for m in LEADERBOARD]
            lines.append("| " + " | ".join(cells + [tasks, run]) + " |")
        lines += ["", f"Signature: `{tab.signature.format()}`"]
        note = neutral_note(tab)
        if note:
            lines += ["", note]
        lines.append("")
    if unfinished:
        lines += ["## Runs not ranked: failed or unfinished", "", "| Run | System | Status | Error |", "|:---|:---|:---|:---|"]
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
        "skipped": [{"path": s.path.as_posix(), "reason": s.reason} for s in board.skipped],
    }
    return json.dumps(payload, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def build_leaderboard(runs_dir: Path, label: str | None = None, site: str | None = "site") -> tuple[str, Leaderboard]:
    """The markdown and the board (its tables, runs without results, damaged runs skipped: the caller reports them)."""
    board = collect(runs_dir)
    text = render_markdown(board.tables, label or Path(runs_dir).as_posix(), board.unfinished, site)
    return text, board
