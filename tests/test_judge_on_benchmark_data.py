"""The default judge on the benchmark's own checklists: the article's words never contradict its facts.

These cases come straight from the shipped data (references/*.yaml): a summary made of a fact's own
evidence quotes (verbatim article text) states that fact and contradicts none of the task's facts; the
human references contradict nothing; every probe, stated alone, contradicts its fact. A judge that
calls the article's own sentences contradictions (e.g. "failed to resolve a rift" read as the
opposite of "did not reach an agreement") makes the contradiction column meaningless.
"""

from __future__ import annotations

import pytest

from benchmark.data.load import load_tasks
from benchmark.judges import create_judge
from benchmark.types import JudgeItem

TASKS = load_tasks(None, "all").tasks


def _judge(summary: str, task):
    item = JudgeItem(
        id=task.id,
        summary=summary,
        keyfacts=tuple(k.text for k in task.keyfacts),
        probes=tuple(tuple(k.probes) for k in task.keyfacts),
    )
    return create_judge().judge([item])[0]


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_references_contradict_no_fact(task):
    for ref in task.references:
        verdicts = _judge(ref.text, task)
        wrong = [
            (k.id, v.evidence) for k, v in zip(task.keyfacts, verdicts) if v.label == "contradicted"
        ]
        assert not wrong, f"reference {ref.id!r} judged to contradict: {wrong}"


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_article_sentences_contradict_no_fact(task):
    article = " ".join(d.text for d in task.documents)
    verdicts = _judge(article, task)
    wrong = [(k.id, v.evidence) for k, v in zip(task.keyfacts, verdicts) if v.label == "contradicted"]
    assert not wrong, f"the article itself judged to contradict: {wrong}"


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_core_facts_are_stated_by_the_references_that_claim_them(task):
    # all references together state every core fact (bench data validate checks this lexically)
    refs = {r.id: r.text for r in task.references}
    summary = "\n".join(refs.values())
    verdicts = _judge(summary, task)
    core = [(k.id, v.label) for k, v in zip(task.keyfacts, verdicts) if k.weight == 3]
    assert all(label == "stated" for _, label in core), core


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_each_probe_contradicts_its_fact(task):
    for k_index, fact in enumerate(task.keyfacts):
        for probe in fact.probes:
            verdict = _judge(probe, task)[k_index]
            assert verdict.label == "contradicted", (fact.id, probe, verdict)
