"""Typed records shared by every stage: data -> summarizers -> scoring -> store.

All records are frozen dataclasses with ``to_dict`` / ``from_dict`` so they round-trip
through JSON and through the Hugging Face dataset rows unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Mapping

VerdictLabel = Literal["stated", "missing", "contradicted"]
VERDICT_LABELS: tuple[str, ...] = ("stated", "missing", "contradicted")
CORE_WEIGHT = 3  # a key fact of this weight is a core fact


def canonical_json(obj: Any) -> str:
    """JSON with sorted keys and no insignificant whitespace: the form every hash is taken over."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One source article as a task presents it to a summarizer."""

    id: str
    title: str
    text: str  # body, paragraphs separated by a blank line

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Document":
        return cls(id=d["id"], title=d["title"], text=d["text"])


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote from one article that a key fact rests on."""

    article: str
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Evidence":
        return cls(article=d["article"], quote=d["quote"])


@dataclass(frozen=True)
class KeyFact:
    """One atomic, self-contained fact of a task's checklist."""

    id: str
    text: str
    weight: int  # 3 = core (CORE_WEIGHT), 2 = important, 1 = detail
    evidence: tuple[Evidence, ...] = ()
    probes: tuple[str, ...] = ()  # statements that would contradict the fact
    wordings: tuple[str, ...] = ()  # other accepted ways of stating the fact

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "weight": self.weight,
            "evidence": [e.to_dict() for e in self.evidence],
            "probes": list(self.probes),
            "wordings": list(self.wordings),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "KeyFact":
        return cls(
            id=d["id"],
            text=d["text"],
            weight=int(d["weight"]),
            evidence=tuple(Evidence.from_dict(e) for e in d.get("evidence") or ()),
            probes=tuple(d.get("probes") or ()),
            wordings=tuple(d.get("wordings") or ()),
        )


@dataclass(frozen=True)
class Reference:
    """One human-written reference summary."""

    id: str
    style: str  # "sentence" | "highlights" | "paragraph" (or a user's own)
    max_words: int
    text: str  # sentences separated by newlines where the style has several

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Reference":
        return cls(id=d["id"], style=d["style"], max_words=int(d["max_words"]), text=d["text"])


@dataclass(frozen=True)
class Task:
    """One thing to summarize: one article (config ``single``) or several (config ``event``)."""

    id: str
    config: str
    title: str
    documents: tuple[Document, ...]
    references: tuple[Reference, ...]
    keyfacts: tuple[KeyFact, ...]
    word_budget: int

    @property
    def source_text(self) -> str:
        """The text a summarizer reads: each article's title and body, articles separated by a rule."""
        parts = [f"{d.title}\n\n{d.text}" for d in self.documents]
        return "\n\n-----\n\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "config": self.config,
            "title": self.title,
            "documents": [d.to_dict() for d in self.documents],
            "references": [r.to_dict() for r in self.references],
            "keyfacts": [k.to_dict() for k in self.keyfacts],
            "word_budget": self.word_budget,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Task":
        return cls(
            id=d["id"],
            config=d["config"],
            title=d["title"],
            documents=tuple(Document.from_dict(x) for x in d["documents"]),
            references=tuple(Reference.from_dict(x) for x in d["references"]),
            keyfacts=tuple(KeyFact.from_dict(x) for x in d["keyfacts"]),
            word_budget=int(d["word_budget"]),
        )

    @property
    def input_hash(self) -> str:
        """Hash of what a summarizer sees (id + documents + budget): the prediction-cache key part."""
        payload = {
            "id": self.id,
            "documents": [d.to_dict() for d in self.documents],
            "word_budget": self.word_budget,
        }
        return sha256_hex(canonical_json(payload))

    @property
    def content_hash(self) -> str:
        """Hash of the whole task, references and facts included."""
        return sha256_hex(canonical_json(self.to_dict()))


@dataclass(frozen=True)
class Summary:
    """What a summarizer returns for one task.

    ``usage`` holds token counts when a server reports them. ``held_out`` names a reference of the task
    that this summary *is* (the ``reference`` baseline): scoring then compares it with the other
    references only, never with itself.
    """

    text: str
    usage: Mapping[str, int] | None = None
    held_out: str | None = None


@dataclass(frozen=True)
class Failed:
    """A summarizer's failure on one task; the run records it and goes on."""

    error: str


@dataclass(frozen=True)
class Prediction:
    """One line of ``predictions.jsonl``."""

    id: str
    summary: str | None
    error: str | None = None
    usage: Mapping[str, int] | None = None
    held_out: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.summary is not None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "summary": self.summary, "error": self.error}
        if self.usage:
            d["usage"] = dict(sorted(self.usage.items()))
        if self.held_out is not None:
            d["held_out"] = self.held_out
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Prediction":
        return cls(
            id=d["id"],
            summary=d.get("summary"),
            error=d.get("error"),
            usage=d.get("usage"),
            held_out=d.get("held_out"),
        )


@dataclass(frozen=True)
class Verdict:
    """A fact judge's decision for one key fact against one summary."""

    label: VerdictLabel
    score: float  # in [0, 1]: the judge's confidence that the fact is stated
    evidence: str | None = None  # the summary sentence that decided it

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": self.score, "evidence": self.evidence}


@dataclass(frozen=True)
class FactVerdict:
    """One key fact's verdict in one summary, as a run records it (one row of a task's ``facts``).

    ``text`` is the fact itself, recorded at run time (``None`` in records older than version 2).
    """

    id: str
    weight: int
    label: VerdictLabel
    score: float | None = None
    evidence: str | None = None  # the summary sentence that decided the verdict
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "weight": self.weight, "label": self.label, "score": self.score,
                             "evidence": self.evidence}
        if self.text is not None:
            d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "FactVerdict":
        """From a record row; raises ``KeyError``/``TypeError``/``ValueError`` on a malformed one."""
        if not isinstance(d, Mapping):
            raise TypeError(f"a fact verdict must be an object, not {type(d).__name__}")
        label = d["label"]
        if label not in VERDICT_LABELS:
            raise ValueError(f"fact {d.get('id')!r} has label {label!r}, not one of {', '.join(VERDICT_LABELS)}")
        score = d.get("score")
        evidence, text = d.get("evidence"), d.get("text")
        if not all(x is None or isinstance(x, str) for x in (evidence, text)):
            raise TypeError(f"fact {d.get('id')!r}: evidence and text must be strings")
        return cls(id=str(d["id"]), weight=int(d.get("weight", 1)), label=label,
                   score=None if score is None else float(score), evidence=evidence, text=text)


@dataclass(frozen=True)
class JudgeItem:
    """One summary with the key facts to check in it (the ``bench judge`` line format)."""

    id: str
    summary: str
    keyfacts: tuple[str, ...]
    probes: tuple[tuple[str, ...], ...] = ()  # per fact; may be empty
    wordings: tuple[tuple[str, ...], ...] = ()  # per fact: accepted paraphrases; may be empty
    reference: str | None = None
    article: str | None = None

    @classmethod
    def of_task(cls, task: "Task", summary: str, item_id: str | None = None) -> "JudgeItem":
        """The item scoring judges for ``summary`` on ``task``: the task's whole checklist, with probes and
        wordings, its first reference and its articles."""
        return cls(
            id=task.id if item_id is None else item_id,
            summary=summary,
            keyfacts=tuple(k.text for k in task.keyfacts),
            probes=tuple(tuple(k.probes) for k in task.keyfacts),
            wordings=tuple(tuple(k.wordings) for k in task.keyfacts),
            reference=task.references[0].text if task.references else None,
            article=task.source_text,
        )


@dataclass(frozen=True)
class ComponentSpec:
    """What ran: a registered component's spec string, family name, argument and options."""

    kind: str  # "summarizer" | "judge"
    text: str  # the spec string as the user typed it: "lead-3", "file:preds.jsonl"
    name: str  # the registered family: "lead", "file"
    argument: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "name": self.name,
            "argument": self.argument,
            "options": dict(sorted(self.options.items())),
            "version": self.version,
        }
