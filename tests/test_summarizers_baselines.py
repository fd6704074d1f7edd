"""The built-in baselines on the real seed articles: lead, random, textrank, lexrank, oracle, reference."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rouge_score.rouge_scorer import RougeScorer

from benchmark.errors import PluginError, UnknownComponent
from benchmark.resources import seeds_dir
from benchmark.summarizers import create_summarizer
from benchmark.text import count_words, split_sentences, truncate_words
from benchmark.types import Document, Failed, Reference, Summary, Task

A = "000_e5ebca9a67f22be0"
B = "002_cff157bd56992ef1"
_META = re.compile(r"^(\d+|Published\s*:.*|Updated\s*:.*)$")

# Written for these tests from the two seed articles.
REFERENCES = {
    A: (
        Reference(f"{A}-sentence", "sentence", 30,
                  "NATO and Russia failed to settle their row over a European missile shield but agreed to keep negotiating."),
        Reference(f"{A}-highlights", "highlights", 75,
                  "NATO and Russia failed to resolve their dispute over a European missile shield.\n"
                  "Russia wants a legally binding guarantee that the system is not aimed at it.\n"
                  "Putin accused the United States of stirring up protests over Russia's elections."),
    ),
    B: (
        Reference(f"{B}-sentence", "sentence", 30,
                  "Russia and NATO remain deadlocked over the missile shield for Europe, and Russia warned time was running out."),
        Reference(f"{B}-highlights", "highlights", 75,
                  "Russia and NATO remain deadlocked over the alliance's missile shield for Europe.\n"
                  "Russia wants a binding treaty; the U.S. offers only a nonbinding agreement.\n"
                  "Clinton said the shield is about Iran, not Russia, while Putin blasted her over the protests."),
    ),
}
EVENT_REFERENCES = (
    Reference("event-sentence", "sentence", 30,
              "NATO and Russia failed to agree on missile defence in Brussels as Putin blamed Clinton for election protests."),
    Reference("event-highlights", "highlights", 75,
              "NATO and Russia made no progress on the European missile shield but agreed to keep talking.\n"
              "Russia demands legal guarantees the system is not aimed at its missiles.\n"
              "Putin accused Clinton of encouraging protests over Russia's parliamentary election."),
)


def seed_document(name: str) -> Document:
    """A seed article as a task presents it: title apart, metadata lines dropped, blank-line paragraphs."""
    lines = (seeds_dir() / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [ln.strip() for ln in lines[1:] if ln.strip() and not _META.match(ln.strip())]
    return Document(id=name, title=lines[0].strip(), text="\n\n".join(paragraphs))


def seed_tasks() -> list[Task]:
    """The three tasks of the benchmark, built by hand from the seed articles."""
    a, b = seed_document(A), seed_document(B)
    return [
        Task(A, "single", a.title, (a,), REFERENCES[A], (), 75),
        Task(B, "single", b.title, (b,), REFERENCES[B], (), 75),
        Task("event_nato_russia", "event", "NATO-Russia missile defence talks", (a, b), EVENT_REFERENCES, (), 75),
    ]


def rouge12(task: Task, text: str) -> float:
    """Mean of ROUGE-1 and ROUGE-2 F1 (max over references), after truncating to the word budget."""
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    best = scorer.score_multi([r.text for r in task.references], truncate_words(text, task.word_budget))
    return (best["rouge1"].fmeasure + best["rouge2"].fmeasure) / 2


def lines_of(output: object) -> list[str]:
    assert isinstance(output, str), output
    return output.split("\n")


@pytest.fixture(scope="module")
def tasks() -> list[Task]:
    return seed_tasks()


# -- lead ---------------------------------------------------------------------------------------------

def test_lead3_takes_the_first_three_sentences_exactly(tasks):
    out = create_summarizer("lead-3").summarize(tasks[:2])
    assert lines_of(out[1]) == [
        "BRUSSELS (AP) ― Russia and NATO remain deadlocked on a long-running dispute over the alliance’s "
        "plan for a missile shield for Europe, officials said Thursday, and Russia warned that time was "
        "running out for an agreement.",
        "NATO’s Secretary-General Anders Fogh Rasmussen reported no progress toward a deal on the contentious "
        "issue, following a key discussion among alliance foreign ministers and Russia’s Foreign Minister "
        "Sergey Lavrov that came amid political turmoil in Russia and tart criticism of the United States.",
        "Fogh Rasmussen rejected Russian criticism that NATO is ignoring its concerns that the planned missile "
        "system might one day be turned on Russia.",
    ]
    first = lines_of(out[0])
    assert len(first) == 3
    assert first[0].startswith("NATO and Russia failed to resolve a rift")
    # A quotation that ends a sentence stays with it; the next sentence starts at the next quote.
    assert first[1] == (
        "“On missile defence, we do not agree yet,” NATO Secretary General Anders Fogh Rasmussen said after "
        "talks between foreign ministers of the military alliance and Russian counterpart Sergei Lavrov."
    )


def test_lead_keeps_abbreviations_and_dates_inside_sentences(tasks):
    sentences = lines_of(create_summarizer("lead-40").summarize([tasks[1]])[0])
    assert any(s.startswith("The U.S. has said it’s willing to adopt a nonbinding written agreement") and
               s.endswith("but that a treaty is unworkable.") for s in sentences)
    strike = [s for s in sentences if "Nov. 26" in s]
    assert len(strike) == 1
    assert "after Pakistan shut its border gates in protest of a Nov. 26 U.S. air strike that killed 24 " \
           "Pakistani soldiers." in strike[0]
    assert not any(s in ("U.S.", "Nov.") for s in sentences)


def test_lead_on_the_event_task_goes_round_robin_over_the_leads(tasks):
    a_sents = split_sentences(tasks[0].documents[0].text)
    b_sents = split_sentences(tasks[1].documents[0].text)
    out = lines_of(create_summarizer("lead-4").summarize([tasks[2]])[0])
    assert out == [a_sents[0], b_sents[0], a_sents[1], b_sents[1]]


def test_lead_on_the_event_task_skips_near_duplicate_sentences(tasks):
    a = tasks[0].documents[0]
    first = split_sentences(a.text)[0]
    # A wire copy of the same story: its first sentence repeats article A's with one word changed.
    copy = Document("copy", "Copy", first.replace("Thursday", "Friday") + "\n\nA different second sentence follows here.")
    task = Task("ev", "event", "t", (a, copy), EVENT_REFERENCES, (), 75)
    out = lines_of(create_summarizer("lead-3").summarize([task])[0])
    assert out == [first, split_sentences(a.text)[1], "A different second sentence follows here."]
    # With dedup=1.0 only an exact word-set copy is skipped, so the edited copy is kept.
    kept = lines_of(create_summarizer("lead-2", {"dedup": "1.0"}).summarize([task])[0])
    assert kept == [first, first.replace("Thursday", "Friday")]


def test_lead_needs_a_count():
    with pytest.raises(PluginError, match="lead-3"):
        create_summarizer("lead")
    with pytest.raises(PluginError, match="at least 1"):
        create_summarizer("lead-0")


def test_unknown_options_and_names_fail_clearly():
    with pytest.raises(PluginError, match=r"unknown option\(s\) sed.*dedup"):
        create_summarizer("lead-3", {"sed": "1"})
    with pytest.raises(UnknownComponent, match=r"Did you mean 'lead'.*Available: .*lexrank.*textrank"):
        create_summarizer("leed-3")
    with pytest.raises(UnknownComponent, match="Did you mean 'lexrank'"):
        create_summarizer("lexrnak")


def test_spec_records_the_family_and_options():
    spec = create_summarizer("random-2", {"seed": "7"}).spec()
    assert (spec.text, spec.name, spec.argument, dict(spec.options)) == ("random-2", "random", "2", {"seed": 7})


# -- random -------------------------------------------------------------------------------------------

_RANDOM_SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
from test_summarizers_baselines import seed_tasks
from benchmark.summarizers import create_summarizer
print(json.dumps(create_summarizer("random-3", {{"seed": sys.argv[1]}}).summarize(seed_tasks())))
"""


def _random_in_subprocess(seed: str, hashseed: str) -> list[str]:
    script = _RANDOM_SCRIPT.format(tests=str(Path(__file__).parent))
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    done = subprocess.run([sys.executable, "-c", script, seed], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def test_random_is_identical_across_processes_and_keeps_document_order(tasks):
    first = _random_in_subprocess("0", "1")
    second = _random_in_subprocess("0", "2")
    assert first == second
    assert first == create_summarizer("random-3").summarize(tasks)
    for task, out in zip(tasks, first):
        pool = [s for d in task.documents for s in split_sentences(d.text)]
        positions = [pool.index(s) for s in lines_of(out)]
        assert len(positions) == 3 and positions == sorted(positions)
    other = create_summarizer("random-3", {"seed": "1"}).summarize(tasks)
    assert other != first


# -- textrank / lexrank -------------------------------------------------------------------------------

_SUMY_SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
from test_summarizers_baselines import seed_tasks
from benchmark.summarizers import create_summarizer
out = {{}}
for name in ("textrank", "lexrank"):
    out[name] = create_summarizer(name).summarize(seed_tasks())
out["lexrank-2"] = create_summarizer("lexrank", {{"sentences": "2"}}).summarize(seed_tasks()[:1])
print(json.dumps(out))
"""


def test_textrank_and_lexrank_run_without_any_nltk_data(tmp_path, tasks):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    script = _SUMY_SCRIPT.format(tests=str(Path(__file__).parent))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for name in ("textrank", "lexrank"):
        for task, out in zip(tasks, result[name]):
            pool = [s for d in task.documents for s in split_sentences(d.text)]
            positions = [pool.index(s) for s in lines_of(out)]
            assert len(positions) == 3 and positions == sorted(positions), (name, task.id)
    assert len(lines_of(result["lexrank-2"][0])) == 2
    # The two rankers are different algorithms and pick differently somewhere.
    assert result["textrank"] != result["lexrank"]


def test_textrank_takes_no_argument():
    with pytest.raises(PluginError, match="-M sentences=N"):
        create_summarizer("textrank-3")


# -- oracle -------------------------------------------------------------------------------------------

def test_oracle_beats_lead3_and_stays_within_the_budget(tasks):
    oracle = create_summarizer("oracle").summarize(tasks)
    lead = create_summarizer("lead-3").summarize(tasks)
    for task, o, l in zip(tasks, oracle, lead):
        assert count_words(o) <= task.word_budget
        assert rouge12(task, o) > rouge12(task, l), task.id
        pool = [s for d in task.documents for s in split_sentences(d.text)]
        positions = [pool.index(s) for s in lines_of(o)]
        assert positions == sorted(positions)


def test_oracle_is_greedy_against_the_references():
    doc = Document("d", "t", "Cats sleep all day long.\n\nThe stock market fell sharply on Monday.\n\n"
                             "Dogs bark at night.\n\nInvestors sold shares as the market fell.")
    refs = (Reference("r1", "highlights", 75, "The stock market fell on Monday as investors sold shares."),
            Reference("r2", "sentence", 30, "Markets fell."))
    task = Task("t1", "single", "t", (doc,), refs, (), 75)
    out = create_summarizer("oracle").summarize([task])[0]
    assert lines_of(out) == ["The stock market fell sharply on Monday.", "Investors sold shares as the market fell."]
    tight = create_summarizer("oracle", {"max_words": "7"}).summarize([task])[0]
    assert lines_of(tight) == ["The stock market fell sharply on Monday."]


# -- reference ----------------------------------------------------------------------------------------

def test_reference_returns_a_held_out_reference(tasks):
    out = create_summarizer("reference").summarize(tasks)
    for task, o in zip(tasks, out):
        assert isinstance(o, Summary)
        ref = next(r for r in task.references if r.style == "highlights")
        assert (o.text, o.held_out) == (ref.text, ref.id)
    short = create_summarizer("reference", {"style": "sentence"}).summarize(tasks[:1])[0]
    assert short == Summary(text=REFERENCES[A][0].text, held_out=f"{A}-sentence")


def test_reference_fails_per_task_without_a_usable_reference(tasks):
    lonely = Task("lonely", "single", "t", tasks[0].documents, REFERENCES[A][:1], (), 75)
    out = create_summarizer("reference", {"style": "paragraph"}).summarize([lonely, tasks[0]])
    assert isinstance(out[0], Failed) and "at least 2" in out[0].error
    assert isinstance(out[1], Failed) and "no reference of style 'paragraph'" in out[1].error
    assert "highlights, sentence" in out[1].error
