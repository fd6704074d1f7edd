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
from ..errors import RunError
from ..judges import DEFAULT_JUDGE, create_judge
from ..metrics import METRIC_KEYS
from ..records.record import TaskScores
from ..scoring.aggregate import DEFAULT_RESAMPLES, DEFAULT_SEED, MeanCI, aggregate
from ..scoring.aggregate import signature_fields as aggregate_signature_fields
from ..scoring.coverage import fact_scores
from ..scoring.extractiveness import extractiveness
from ..scoring.rouge import RougeScorer, RougeSettings
from ..text import count_words, splitter_signature, truncate_words, unsupported_script
from ..types import Failed, JudgeItem, Prediction, Task


@dataclass(frozen=True)
class ScoringSettings:
    rouge: RougeSettings = field(default_factory=RougeSettings)
    truncate: bool = True
    judge: str = DEFAULT_JUDGE
    judge_options: Mapping[str, Any] = field(default_factory=dict)
    n_resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED

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
        """The settings a run recorded (``to_dict``); unreadable ones raise ``RunError``."""
        try:
            return cls._from_dict(d)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise RunError(f"the recorded scoring settings are damaged ({exc}); re-run with bench run") from None

    @classmethod
    def _from_dict(cls, d: Mapping[str, Any]) -> "ScoringSettings":
        rouge = dict(d.get("rouge") or {})
        if "types" in rouge:
            rouge["types"] = tuple(rouge["types"])
        return cls(
            rouge=RougeSettings(**rouge),
            truncate=bool(d.get("truncate", True)),
            judge=d.get("judge", DEFAULT_JUDGE),
            judge_options=dict(d.get("judge_options") or {}),
            n_resamples=int(d.get("n_resamples", DEFAULT_RESAMPLES)),
            seed=int(d.get("seed", DEFAULT_SEED)),
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

    def score(self, tasks: Sequence[Task], predictions: Mapping[str, Prediction]) -> list[TaskScores]:
        """One ``TaskScores`` per task (sorted by task id): every metric and the per-fact verdicts."""
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

        items = [JudgeItem.of_task(task, text) for task, text in zip(tasks, texts)]
        judged = self.judge.judge(items) if items else []

        out = []
        for task, text, rouge_row, verdicts in zip(tasks, texts, rouge_rows, judged):
            pred = predictions[task.id]
            original = pred.summary if pred.ok else ""
            values: dict[str, Any] = {"length_words": count_words(original or "")}
            values.update(rouge_row)
            shape = extractiveness(task.source_text, text)
            values.update({k: v for k, v in shape.items() if k != "length_words"})
            judge_error, facts = None, ()
            warnings: tuple[str, ...] = ()
            script = unsupported_script(text, getattr(self.judge, "scripts", None))
            if script is not None:
                warnings = (
                    f"language not supported: the {self.judge.spec().text} judge reads "
                    f"{'/'.join(self.judge.scripts)} script only and this summary is in {script} script, "
                    "so its facts were scored missing; use --judge llm:MODEL",
                )
            if isinstance(verdicts, Failed):
                judge_error = verdicts.error
                values.update({"fact_coverage": None, "core_fact_coverage": None, "contradiction_rate": None})
            else:
                figures = fact_scores(task.keyfacts, verdicts)
                values["fact_coverage"] = figures.fact_coverage
                values["core_fact_coverage"] = figures.core_fact_coverage
                values["contradiction_rate"] = figures.contradiction_rate
                facts = figures.per_fact
            out.append(TaskScores(
                id=task.id,
                config=task.config,
                values=values,
                facts=facts,
                error=pred.error if not pred.ok else None,
                judge_error=judge_error,
                truncated=bool(self.settings.truncate and values["length_words"] > task.word_budget),
                summary=pred.summary,
                warnings=warnings,
            ))
        return out

    def aggregate(self, tasks: Sequence[TaskScores]) -> dict[str, dict[str, MeanCI]]:
        """Means with seeded bootstrap intervals, overall and per config."""
        out = {"all": self._aggregate(tasks)}
        for config in sorted({t.config for t in tasks}):
            out[config] = self._aggregate([t for t in tasks if t.config == config])
        return out

    def _aggregate(self, tasks: Sequence[TaskScores]) -> dict[str, MeanCI]:
        return aggregate([t.values for t in tasks], METRIC_KEYS, n_resamples=self.settings.n_resamples,
                         seed=self.settings.seed)


__all__ = ["RunScorer", "ScoringSettings"]
