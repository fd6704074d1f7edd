"""``bench data validate``: check every task file against the schema, the articles and the rules.

All problems are collected, one line each, in the form ``FILE: task ID: FIELD: what is wrong; what to
do``, and raised together as ``ValidationFailed``. The checks:

* the file parses and follows ``references/schema.json``;
* task ids are unique across files; reference ids and key-fact ids are unique within a task;
* the task's articles exist in the seeds folder and match its config (one for ``single``, several
  for ``event``);
* every evidence quote names one of the task's articles and occurs verbatim in its title or body;
* every reference respects its ``max_words`` and the rules of its style (sentence: one sentence of at
  most 30 words; highlights: three sentences, at most 75 words; paragraph: at most 130 words), holds one
  sentence per line, and each task has all three styles;
* key facts are self-contained (they do not open with a pronoun) and their probes differ from them;
* a fact id shared by several tasks has the same text in each;
* every core (weight 3) fact is stated by a reference, by the lexical test of ``lexical.py``; a fact's
  ``stated_by`` list is the annotator's claim, and each reference it names must pass that test.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from jsonschema import Draft202012Validator

from ..errors import ValidationFailed
from ..text import count_words, split_sentences
from .lexical import MIN_COVERAGE, coverage
from .references import TaskFile, load_schema, read_task_files
from .seeds import Article, load_articles


@dataclass(frozen=True)
class StyleRule:
    max_words: int
    sentences: int | None  # exact number of sentences, or None for any


STYLE_RULES: dict[str, StyleRule] = {
    "sentence": StyleRule(30, 1),
    "highlights": StyleRule(75, 3),
    "paragraph": StyleRule(130, None),
}
REQUIRED_STYLES = tuple(STYLE_RULES)
PRONOUNS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their", "this", "these", "those", "we"})


@dataclass(frozen=True)
class ValidationReport:
    n_tasks: int
    n_references: int
    n_keyfacts: int
    n_articles: int

    def summary(self) -> str:
        return f"ok: {self.n_tasks} tasks, {self.n_references} references, {self.n_keyfacts} key facts"


def _field(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, tf: TaskFile, field: str, message: str) -> None:
        self.lines.append(f"{tf.display}: task {tf.task_id}: {field}: {message}")


def _schema_problems(tf: TaskFile, problems: _Problems) -> bool:
    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(tf.data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    for err in errors:
        path = list(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else err.message
            problems.add(tf, _field([*path, missing]), "missing required field; add it (see references/schema.json)")
        elif err.validator == "additionalProperties":
            problems.add(tf, _field(path), f"{err.message}; remove or rename it (see references/schema.json)")
        else:
            problems.add(tf, _field(path), f"{err.message} (schema rule: {err.validator})")
    return not errors


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _check_articles(tf: TaskFile, articles: Mapping[str, Article], problems: _Problems) -> None:
    ids = tf.data["articles"]
    for i, aid in enumerate(ids):
        if aid not in articles:
            problems.add(tf, f"articles[{i}]", f"no seed article {aid!r} (expected a file {aid}.txt in the seeds folder)")
    config = tf.data["config"]
    if config == "single" and len(ids) != 1:
        problems.add(tf, "articles", f"a 'single' task summarizes one article, this one lists {len(ids)}; use config 'event'")
    if config == "event" and len(ids) < 2:
        problems.add(tf, "articles", "an 'event' task summarizes several articles, this one lists 1; use config 'single'")


def _check_references(tf: TaskFile, problems: _Problems) -> None:
    refs = tf.data["references"]
    for rid in _duplicates(r["id"] for r in refs):
        problems.add(tf, "references", f"duplicate reference id {rid!r}; give each reference its own id")
    styles = {r["style"] for r in refs}
    for style in REQUIRED_STYLES:
        if style not in styles:
            problems.add(tf, "references", f"no {style!r} reference; every task needs one of each style: {', '.join(REQUIRED_STYLES)}")
    for i, ref in enumerate(refs):
        where = f"references[{i}]"
        n_words = count_words(ref["text"])
        if n_words > ref["max_words"]:
            problems.add(tf, f"{where}.text", f"{n_words} words, over its max_words {ref['max_words']}; shorten it")
        rule = STYLE_RULES.get(ref["style"])
        lines = [ln for ln in ref["text"].splitlines() if ln.strip()]
        if rule is not None:
            if ref["max_words"] > rule.max_words:
                problems.add(tf, f"{where}.max_words", f"{ref['max_words']} exceeds the {ref['style']!r} limit of {rule.max_words}")
            if rule.sentences is not None and len(lines) != rule.sentences:
                problems.add(tf, f"{where}.text", f"a {ref['style']!r} reference has {rule.sentences} sentence(s), one per line; this one has {len(lines)} line(s)")
        for j, line in enumerate(lines):
            n = len(split_sentences(line))
            if n != 1:
                problems.add(tf, f"{where}.text", f"line {j + 1} holds {n} sentences; put one sentence per line (the ROUGE-Lsum convention)")


def _check_keyfacts(tf: TaskFile, articles: Mapping[str, Article], problems: _Problems) -> None:
    facts = tf.data["keyfacts"]
    task_articles = set(tf.data["articles"])
    refs = {r["id"]: r["text"] for r in tf.data["references"]}
    for fid in _duplicates(k["id"] for k in facts):
        problems.add(tf, "keyfacts", f"duplicate key-fact id {fid!r}; ids must be unique within a task")
    for i, fact in enumerate(facts):
        where = f"keyfacts[{i}]"
        first = fact["text"].split()[0].lower() if fact["text"].split() else ""
        if first in PRONOUNS:
            problems.add(tf, f"{where}.text", f"starts with the pronoun {first!r}; name who or what it is so the fact stands alone")
        for j, probe in enumerate(fact["probes"]):
            if probe.strip().lower() == fact["text"].strip().lower():
                problems.add(tf, f"{where}.probes[{j}]", "repeats the fact; a probe must contradict it")
        for j, ev in enumerate(fact["evidence"]):
            aid = ev["article"]
            if aid not in task_articles:
                problems.add(tf, f"{where}.evidence[{j}].article", f"{aid!r} is not one of this task's articles ({', '.join(sorted(task_articles))})")
            elif aid in articles and ev["quote"] not in articles[aid].searchable:
                problems.add(tf, f"{where}.evidence[{j}].quote", f"not found verbatim in article {aid}; copy the words exactly (curly quotes ’ “ ” and dashes as printed)")
        _check_stated(tf, where, fact, refs, problems)


def _check_stated(tf: TaskFile, where: str, fact: Mapping[str, Any], refs: Mapping[str, str], problems: _Problems) -> None:
    claimed = fact.get("stated_by")
    if claimed:
        for j, rid in enumerate(claimed):
            if rid not in refs:
                problems.add(tf, f"{where}.stated_by[{j}]", f"no reference {rid!r} in this task (references: {', '.join(refs)})")
                continue
            cov = coverage(fact["text"], refs[rid])
            if not cov.states:
                problems.add(tf, f"{where}.stated_by[{j}]", _not_stated(rid, cov))
    if fact["weight"] == 3 and not claimed and not any(coverage(fact["text"], t).states for t in refs.values()):
        problems.add(tf, where, f"core fact {fact['id']!r} (weight 3) is stated by no reference (lexical test: "
                     f"{int(MIN_COVERAGE * 100)}% of its content words); state it in a reference or lower its weight")


def _not_stated(rid: str, cov) -> str:
    missing = ", ".join(cov.missing) or "-"
    return (f"reference {rid!r} does not state the fact by the lexical test ({cov.fraction:.0%} of its content words, "
            f"need {MIN_COVERAGE:.0%}; missing: {missing}); reword the reference or drop it from stated_by")


def collect_problems(references_dir: str | Path, seeds_dir: str | Path) -> tuple[list[str], list[TaskFile], dict[str, Article]]:
    """Every problem found, the task files read and the articles parsed."""
    articles = load_articles(seeds_dir)
    files = read_task_files(references_dir)
    problems = _Problems()
    valid: list[TaskFile] = []
    for tf in files:
        if tf.error is not None:
            problems.add(tf, "(file)", tf.error)
        elif _schema_problems(tf, problems):
            valid.append(tf)
    for tid in _duplicates(tf.task_id for tf in files if tf.error is None and tf.task_id != "?"):
        where = ", ".join(tf.display for tf in files if tf.task_id == tid)
        problems.lines.append(f"{where}: task {tid}: id: the same task id is used by more than one file; rename one")
    for tf in valid:
        _check_articles(tf, articles, problems)
        _check_references(tf, problems)
        _check_keyfacts(tf, articles, problems)
    _check_fact_ids_across_tasks(valid, problems)
    return problems.lines, files, articles


def _check_fact_ids_across_tasks(files: list[TaskFile], problems: _Problems) -> None:
    """A fact id means one fact: where two tasks share an id, they must share its text."""
    first: dict[str, tuple[str, str]] = {}
    for tf in files:
        in_task: set[str] = set()
        for i, fact in enumerate(tf.data["keyfacts"]):
            if fact["id"] in in_task:  # a duplicate within the task is reported on its own
                continue
            in_task.add(fact["id"])
            seen = first.setdefault(fact["id"], (fact["text"], tf.task_id))
            if seen[0] != fact["text"]:
                problems.add(tf, f"keyfacts[{i}].text", f"fact id {fact['id']!r} has other text in task {seen[1]}; "
                             "use the same text for the same id, or give this fact a new id")


def validate(references_dir: str | Path, seeds_dir: str | Path) -> ValidationReport:
    """Raise ``ValidationFailed`` listing every problem, or return counts."""
    lines, files, articles = collect_problems(references_dir, seeds_dir)
    if lines:
        raise ValidationFailed(lines)
    return ValidationReport(
        n_tasks=len(files),
        n_references=sum(len(tf.data["references"]) for tf in files),
        n_keyfacts=sum(len(tf.data["keyfacts"]) for tf in files),
        n_articles=len(articles),
    )
