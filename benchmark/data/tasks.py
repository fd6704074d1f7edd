"""Turn validated task files and parsed articles into ``Task`` records, and hash them.

``load_source`` is the one route from a references folder and a seeds folder to tasks: it validates
first, so a ``Task`` is never built from a file with problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ..resources import references_dir as packaged_references_dir
from ..resources import seeds_dir as packaged_seeds_dir
from ..types import Document, Evidence, KeyFact, Reference, Task, canonical_json, sha256_hex
from .references import TaskFile
from .seeds import Article
from ..errors import ValidationFailed
from .validate import collect_problems

DATASET_NAME = "newsbench"
DATASET_VERSION = "newsbench-v1"
CONFIGS = ("single", "event")


@dataclass(frozen=True)
class SourceData:
    """The benchmark as read from its editable files: tasks sorted by id, and the articles they use."""

    tasks: tuple[Task, ...]
    articles: Mapping[str, Article]
    references_dir: Path
    seeds_dir: Path

    @property
    def hash(self) -> str:
        return dataset_hash(self.tasks)

    def sources(self, task: Task) -> list[dict]:
        """Article metadata for a task's documents (the dataset's ``sources`` column)."""
        return [self.articles[d.id].metadata() for d in task.documents]


def dataset_hash(tasks: Sequence[Task]) -> str:
    """sha256 of the canonical JSON of every task's ``to_dict()``, in id order."""
    ordered = sorted(tasks, key=lambda t: t.id)
    return sha256_hex(canonical_json([t.to_dict() for t in ordered]))


def assemble_task(tf: TaskFile, articles: Mapping[str, Article]) -> Task:
    data = tf.data
    docs = tuple(
        Document(id=a.id, title=a.title, text=a.text) for a in sorted((articles[x] for x in data["articles"]), key=lambda a: a.id)
    )
    refs = tuple(
        Reference(id=r["id"], style=r["style"], max_words=int(r["max_words"]), text=_normalise_lines(r["text"]))
        for r in data["references"]
    )
    facts = tuple(
        KeyFact(
            id=k["id"],
            text=k["text"].strip(),
            weight=int(k["weight"]),
            evidence=tuple(Evidence(article=e["article"], quote=e["quote"]) for e in k["evidence"]),
            probes=tuple(p.strip() for p in k["probes"]),
            wordings=tuple(w.strip() for w in k.get("wordings") or ()),
        )
        for k in data["keyfacts"]
    )
    return Task(
        id=data["id"],
        config=data["config"],
        title=data["title"].strip(),
        documents=docs,
        references=refs,
        keyfacts=facts,
        word_budget=int(data["word_budget"]),
    )


def _normalise_lines(text: str) -> str:
    """One sentence per line: strip each line, drop blank lines and the trailing newline."""
    return "\n".join(ln.strip() for ln in text.splitlines() if ln.strip())


def load_source(references_dir: str | Path | None = None, seeds_dir: str | Path | None = None) -> SourceData:
    """Validate and assemble; ``None`` means the packaged folders."""
    refs = Path(references_dir) if references_dir is not None else packaged_references_dir()
    seeds = Path(seeds_dir) if seeds_dir is not None else packaged_seeds_dir()
    problems, files, articles = collect_problems(refs, seeds)
    if problems:
        raise ValidationFailed(problems)
    tasks = tuple(sorted((assemble_task(tf, articles) for tf in files), key=lambda t: t.id))
    return SourceData(tasks=tasks, articles=articles, references_dir=refs, seeds_dir=seeds)
