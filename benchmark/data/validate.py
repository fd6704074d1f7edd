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
* key facts and their wordings are self-contained (they do not open with a pronoun); a probe differs
  from its fact; a wording differs from its fact's text, its other wordings and its probes;
* a fact id shared by several tasks has the same text and the same wordings in each;
* every core (weight 3) fact is stated by a reference, by the lexical test of ``lexical.py``; a fact's
  ``stated_by`` list is the annotator's claim, and each reference it names must pass that test;
* with a fact judge (``--judge-check``, ``selfcheck.py``), when everything above passes: each wording,
  alone, is judged to state its fact and each probe to contradict it, with the checklist as listed; held
  out of its own list, each is judged again for a figure (and, with ``--held-out``, must pass too).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from jsonschema import Draft202012Validator

from ..errors import ValidationFailed
from ..text import count_words, split_sentences
from .lexical import MIN_COVERAGE, coverage
from .references import TaskFile, load_schema, read_task_files
from .seeds import Article, load_articles

if TYPE_CHECKING:
    from ..judges.base import Judge
    from ..types import Task
    from .selfcheck import JudgeCheck


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
    n_wordings: int = 0
    n_probes: int = 0
    judge_check: "JudgeCheck | None" = None
    held_out_check: "JudgeCheck | None" = None

    def summary(self) -> str:
        line = (f"ok: {self.n_tasks} tasks, {self.n_references} references, {self.n_keyfacts} key facts "
                f"({self.n_wordings} wordings, {self.n_probes} probes)")
        checks = [c.summary() for c in (self.judge_check, self.held_out_check) if c is not None]
        return "\n".join([line, *checks])


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


def _norm(text: str) -> str:
    """A statement as compared for repeats: case, spacing and a final full stop ignored."""
    return " ".join(text.split()).lower().rstrip(".")


def _opens_with_pronoun(text: str) -> str | None:
    first = text.split()[0].lower() if text.split() else ""
    return first if first in PRONOUNS else None


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
        pronoun = _opens_with_pronoun(fact["text"])
        if pronoun:
            problems.add(tf, f"{where}.text", f"starts with the pronoun {pronoun!r}; name who or what it is so the fact stands alone")
        for j, probe in enumerate(fact["probes"]):
            if _norm(probe) == _norm(fact["text"]):
                problems.add(tf, f"{where}.probes[{j}]", "repeats the fact; a probe must contradict it")
        _check_wordings(tf, where, fact, problems)
        for j, ev in enumerate(fact["evidence"]):
            aid = ev["article"]
            if aid not in task_articles:
                problems.add(tf, f"{where}.evidence[{j}].article", f"{aid!r} is not one of this task's articles ({', '.join(sorted(task_articles))})")
            elif aid in articles and ev["quote"] not in articles[aid].searchable:
                problems.add(tf, f"{where}.evidence[{j}].quote", f"not found verbatim in article {aid}; copy the words exactly (curly quotes ’ “ ” and dashes as printed)")
        _check_stated(tf, where, fact, refs, problems)


def _check_wordings(tf: TaskFile, where: str, fact: Mapping[str, Any], problems: _Problems) -> None:
    probes = {_norm(p) for p in fact["probes"]}
    seen: dict[str, int] = {}
    for j, wording in enumerate(fact.get("wordings") or ()):
        field, key = f"{where}.wordings[{j}]", _norm(wording)
        pronoun = _opens_with_pronoun(wording)
        if pronoun:
            problems.add(tf, field, f"starts with the pronoun {pronoun!r}; name who or what it is so the wording stands alone")
        if key == _norm(fact["text"]):
            problems.add(tf, field, "repeats the fact's text; a wording states the fact in other words")
        elif key in probes:
            problems.add(tf, field, "is also one of the fact's probes; a statement cannot both state and contradict the fact")
        elif key in seen:
            problems.add(tf, field, f"repeats wordings[{seen[key]}]; remove one")
        seen.setdefault(key, j)


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
    """A fact id means one fact: where two tasks share an id, they must share its text and its wordings."""
    first: dict[str, tuple[str, list[str], str]] = {}
    for tf in files:
        in_task: set[str] = set()
        for i, fact in enumerate(tf.data["keyfacts"]):
            if fact["id"] in in_task:  # a duplicate within the task is reported on its own
                continue
            in_task.add(fact["id"])
            wordings = list(fact.get("wordings") or ())
            text, other_wordings, task = first.setdefault(fact["id"], (fact["text"], wordings, tf.task_id))
            if text != fact["text"]:
                problems.add(tf, f"keyfacts[{i}].text", f"fact id {fact['id']!r} has other text in task {task}; "
                             "use the same text for the same id, or give this fact a new id")
            elif other_wordings != wordings:
                problems.add(tf, f"keyfacts[{i}].wordings", f"fact id {fact['id']!r} has other wordings in task {task}; "
                             "a fact's wordings belong to the fact: give it the same list in every task")


def validate(
    references_dir: str | Path, seeds_dir: str | Path, judge: "Judge | None" = None, held_out: bool = False
) -> ValidationReport:
    """Raise ``ValidationFailed`` listing every problem, or return counts. With ``judge``, files that pass
    every other check also get the judge check as listed, then held out (``selfcheck.py``); held-out
    misses are problems only with ``held_out``, otherwise they are counted in the report."""
    lines, files, articles = collect_problems(references_dir, seeds_dir)
    if lines:
        raise ValidationFailed(lines)
    check = held = None
    if judge is not None:
        from .tasks import assemble_task

        tasks = [assemble_task(tf, articles) for tf in files]
        check = _judge_check(files, tasks, judge, held_out=False, strict=True)
        held = _judge_check(files, tasks, judge, held_out=True, strict=held_out)
    facts = [k for tf in files for k in tf.data["keyfacts"]]
    return ValidationReport(
        n_tasks=len(files),
        n_references=sum(len(tf.data["references"]) for tf in files),
        n_keyfacts=len(facts),
        n_articles=len(articles),
        n_wordings=sum(len(k.get("wordings") or ()) for k in facts),
        n_probes=sum(len(k["probes"]) for k in facts),
        judge_check=check,
        held_out_check=held,
    )


def _judge_check(
    files: list[TaskFile], tasks: list["Task"], judge: "Judge", held_out: bool, strict: bool
) -> "JudgeCheck":
    """``selfcheck.judge_check`` on the assembled tasks; with ``strict``, its problems fail validation,
    each named by its file."""
    from .selfcheck import judge_check

    check = judge_check(tasks, judge, held_out=held_out)
    if check.problems and strict:
        by_id = {tf.task_id: tf for tf in files}
        problems = _Problems()
        for p in check.problems:
            problems.add(by_id[p.task_id], p.field, p.message)
        raise ValidationFailed(problems.lines)
    return check
