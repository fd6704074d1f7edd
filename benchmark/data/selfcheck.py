"""The checklist checks itself (``bench data validate --judge-check``).

A fact's ``wordings`` are other ways of stating it and its ``probes`` statements that contradict it. Each
statement is taken alone as a summary and judged against its task's checklist as scoring gives it
(``JudgeItem.of_task``); each wording must come out ``stated`` for its own fact, each probe
``contradicted``. Two readings:

* **as listed** (the check that fails validation): the checklist as shipped. A statement then mostly
  vouches for itself, so what fails is a checklist at odds with itself: a wording that a probe, the
  fact's number, place or speaker contradicts; a probe that a wording or the fact's text outweighs.
* **held out** (``held_out=True``; a figure, and failures with ``--held-out``): the statement is removed
  from its fact's list while it is judged, so the judge must recognise it from the fact's text, its
  other wordings and probes and its own rules, as it must recognise a summary nobody listed. This also
  catches a probe about something else (merely unsupported, not contradicting). A miss is either the
  checklist's (a wording that says something else) or the judge's (a paraphrase or reversal it cannot
  see on its own); the count is how far the judge generalises beyond the listed statements.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from ..types import Failed, JudgeItem, Task

if TYPE_CHECKING:
    from ..judges.base import Judge

EXPECTED = {"wordings": "stated", "probes": "contradicted"}
ADVICE = {
    "wordings": "reword it as a reporter would state this fact (same actors, outcome, number, place, speaker) or drop it",
    "probes": "make it incompatible with the fact (outcome reversed; number, place or speaker changed) or drop it",
}


@dataclass(frozen=True)
class Case:
    """One wording or probe of one fact, judged alone against its task's checklist."""

    task: Task
    fact: int  # index into task.keyfacts
    kind: str  # "wordings" | "probes"
    index: int  # index into the fact's wordings or probes
    text: str

    @property
    def field(self) -> str:
        return f"keyfacts[{self.fact}].{self.kind}[{self.index}]"


@dataclass(frozen=True)
class CheckProblem:
    task_id: str
    field: str
    message: str
    kind: str  # "wordings" | "probes"


@dataclass(frozen=True)
class JudgeCheck:
    """What the judge check found: the judge's signature, how many cases it judged, what failed."""

    judge: str
    n_wordings: int
    n_probes: int
    problems: tuple[CheckProblem, ...]
    held_out: bool = False

    def missed(self, kind: str) -> int:
        return sum(1 for p in self.problems if p.kind == kind)

    def summary(self) -> str:
        if not self.held_out:
            return (f"judge check ({self.judge}): {self.n_wordings} wordings judged stated and "
                    f"{self.n_probes} probes contradicted, each against its own fact")
        return (f"held out of its own list, {self.n_wordings - self.missed('wordings')} of {self.n_wordings} wordings "
                f"are still judged stated and {self.n_probes - self.missed('probes')} of {self.n_probes} probes "
                "contradicted (`bench data validate --held-out` lists the others)")


def cases(task: Task) -> list[Case]:
    out: list[Case] = []
    for i, fact in enumerate(task.keyfacts):
        out.extend(Case(task, i, "wordings", j, w) for j, w in enumerate(fact.wordings))
        out.extend(Case(task, i, "probes", j, p) for j, p in enumerate(fact.probes))
    return out


def without(case: Case) -> Task:
    """The case's task with the case's statement removed from its fact's wordings or probes."""
    facts = list(case.task.keyfacts)
    fact = facts[case.fact]
    kept = tuple(x for j, x in enumerate(getattr(fact, case.kind)) if j != case.index)
    facts[case.fact] = replace(fact, **{case.kind: kept})
    return replace(case.task, keyfacts=tuple(facts))


def judge_check(tasks: Sequence[Task], judge: "Judge", held_out: bool = False) -> JudgeCheck:
    """Judge every wording and probe of ``tasks`` alone against its own task's checklist, as listed or
    (``held_out``) with the statement removed from its fact's list."""
    todo = [c for t in tasks for c in cases(t)]
    items = [JudgeItem.of_task(without(c) if held_out else c.task, c.text, item_id=f"{c.task.id}/{c.field}")
             for c in todo]
    outputs = judge.judge(items) if items else []
    name = judge.signature() if hasattr(judge, "signature") else judge.spec().text
    problems: list[CheckProblem] = []
    for case, out in zip(todo, outputs):
        expected = EXPECTED[case.kind]
        if isinstance(out, Failed):
            problems.append(CheckProblem(case.task.id, case.field, f"the judge {name} failed on it ({out.error}); "
                                         "fix the judge's setup, or check with another --judge", case.kind))
            continue
        verdict = out[case.fact]
        if verdict.label != expected:
            fact_id = case.task.keyfacts[case.fact].id
            problems.append(CheckProblem(
                case.task.id, case.field,
                f"judged {verdict.label}, not {expected}{' when held out of its list' if held_out else ''}, "
                f"for fact {fact_id!r} by {name}: {case.text!r}; {ADVICE[case.kind]}",
                case.kind,
            ))
    return JudgeCheck(
        judge=name,
        n_wordings=sum(1 for c in todo if c.kind == "wordings"),
        n_probes=sum(1 for c in todo if c.kind == "probes"),
        problems=tuple(problems),
        held_out=held_out,
    )
