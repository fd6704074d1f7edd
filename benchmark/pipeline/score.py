"""Scoring one run: ROUGE, extractiveness and key-fact coverage per task, then seeded aggregates.

Rules that change numbers, all stated in the signature:

* Length control (``trunc:75w``): a summary longer than its task's word budget is cut to the budget
  before any metric sees it (``length_words`` still reports the original length). ``--no-truncate``
  turns this off (``trunc:none``).
* A task the summarizer failed on is scored as an empty summary (zero on every metric, no fact stated),
  so failures never help a system; its row keeps the error and the run's status is ``partial``.
* A summary that *is* one of the references (``held_out``) is compared with the other references only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .. import __version__
from ..metrics import METRIC_KEYS
from ..text import count_words, splitter_signature, truncate_words, unsupported_script
from ..types import JudgeItem, Prediction, Task, Verdict, Failed
from ..scoring.aggregate import aggregate, signature_fields as aggregate_signature_fields
from ..scoring.extractiveness import extractiveness
from ..judges import DEFAULT_JUDGE, create_judge
from ..scoring.coverage import fact_scores
from ..scoring.rouge import RougeScorer, RougeSettings

AGGREGATE_KEYS = METRIC_KEYS


@dataclass(frozen=True)
class ScoringSettings:
    rouge: RougeSettings = field(default_factory=RougeSettings)
    truncate: bool = True
    judge: str = DEFAULT_JUDGE
    judge_options: Mapping[str, Any] = field(default_factory=dict)
    n_resamples: int = 1000
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rouge": {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(self.rouge).items()},
            "truncate": self.truncate,
            "judge": self.judge,
            "judge_options": dict(sorted(self.judge_options.items())),
            "n_resamples": self.n_resamples,
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "ScoringSettings":
        rouge = dict(d.get("rouge") or {})
        if "types" in rouge:
            rouge["types"] = tuple(rouge["types"])
        return cls(
            rouge=RougeSettings(**rouge),
            truncate=bool(d.get("truncate", True)),
            judge=d.get("judge", DEFAULT_JUDGE),
            judge_options=dict(d.get("judge_options") or {}),
            n_resamples=int(d.get("n_resamples", 1000)),
            seed=int(d.get("seed", 0)),
        )


def _budget_field(tasks: Sequence[Task], truncate: bool) -> str:
    if not truncate:
        return "none"
    budgets = sorted({t.word_budget for t in tasks})
    return ",".join(f"{b}w" for b in budgets) or "none"


def _refs_field(tasks: Sequence[Task]) -> str:
    counts = sorted({len(t.references) for t in tasks})
    if not counts:
        return "0"
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"


class RunScorer:
    """Scores predictions for a list of tasks under one set of settings."""

    def __init__(self, settings: ScoringSettings):
        self.settings = settings
        self.rouge = RougeScorer(settings.rouge)
        self.judge = create_judge(settings.judge, settings.judge_options)

    def signature_fields(self, tasks: Sequence[Task]) -> dict[str, str]:
        fields: dict[str, str] = {"refs": _refs_field(tasks)}
        fields.update(self.rouge.signature_fields())
        fields["sent"] = splitter_signature()
        fields["trunc"] = _budget_field(tasks, self.settings.truncate)
        judge_sig = getattr(self.judge, "signature", None)
        fields["judge"] = judge_sig() if callable(judge_sig) else self.judge.spec().text
        fields.update(aggregate_signature_fields(self.settings.n_resamples, self.settings.seed))
        fields["v"] = __version__
        return fields

    def score(self, tasks: Sequence[Task], predictions: Mapping[str, Prediction]) -> list[dict[str, Any]]:
        """One row per task (sorted by task id), every metric and the per-fact verdicts."""
        tasks = sorted(tasks, key=lambda t: t.id)
        texts: list[str] = []
        for task in tasks:
            pred = predictions[task.id]
            text = pred.summary if pred.ok else ""
            if self.settings.truncate:
                text = truncate_words(text, task.word_budget)
            texts.append(text)

        pairs = []
        for task, text in zip(tasks, texts):
            held_out = predictions[task.id].held_out
            refs = [r.text for r in task.references if r.id != held_out]
            pairs.append((text, refs))
        rouge_rows = self.rouge.score_many(pairs)

        items = [
            JudgeItem(
                id=task.id,
                summary=text,
                keyfacts=tuple(k.text for k in task.keyfacts),
                probes=tuple(tuple(k.probes) for k in task.keyfacts),
                wordings=tuple(tuple(k.wordings) for k in task.keyfacts),
                reference=task.references[0].text if task.references else None,
                article=task.source_text,
            )
            for task, text in zip(tasks, texts)
        ]
        judged = self.judge.judge(items) if items else []

        rows = []
        for task, text, rouge_row, verdicts in zip(tasks, texts, rouge_rows, judged):
            pred = predictions[task.id]
            row: dict[str, Any] = {"id": task.id, "config": task.config}
            row["error"] = pred.error if not pred.ok else None
            original = pred.summary if pred.ok else ""
            row["length_words"] = count_words(original or "")
            row["truncated"] = bool(self.settings.truncate and count_words(original or "") > task.word_budget)
            row.update(rouge_row)
            shape = extractiveness(task.source_text, text)
            row.update({k: v for k, v in shape.items() if k != "length_words"})
            script = unsupported_script(text, getattr(self.judge, "scripts", None))
            if script is not None:
                row["warnings"] = [
                    f"language not supported: the {self.judge.spec().text} judge reads "
                    f"{'/'.join(self.judge.scripts)} script only and this summary is in {script} script, "
                    "so its facts were scored missing; use --judge llm:MODEL"
                ]
            if isinstance(verdicts, Failed):
                row["judge_error"] = verdicts.error
                row.update({"fact_coverage": None, "core_fact_coverage": None, "contradiction_rate": None})
                row["facts"] = []
            else:
                facts = fact_scores(task.keyfacts, verdicts)
                fd = facts.to_dict()
                row["fact_coverage"] = fd["fact_coverage"]
                row["core_fact_coverage"] = fd["core_fact_coverage"]
                row["contradiction_rate"] = fd["contradiction_rate"]
                row["facts"] = fd["per_fact"]
            rows.append(row)
        return rows

    def aggregate(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Means with seeded bootstrap intervals, overall and per config."""
        out: dict[str, Any] = {"all": _agg_dict(rows, self.settings)}
        for config in sorted({r["config"] for r in rows}):
            sub = [r for r in rows if r["config"] == config]
            out[config] = _agg_dict(sub, self.settings)
        return out


def _agg_dict(rows: Sequence[Mapping[str, Any]], settings: ScoringSettings) -> dict[str, Any]:
    agg = aggregate(rows, AGGREGATE_KEYS, n_resamples=settings.n_resamples, seed=settings.seed)
    return {k: v.to_dict() for k, v in agg.items()}


__all__ = ["AGGREGATE_KEYS", "RunScorer", "ScoringSettings", "Verdict"]
