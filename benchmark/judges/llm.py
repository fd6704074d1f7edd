"""``llm:MODEL`` — a key-fact judge that asks an OpenAI-compatible chat model, FineSurE style.

The model sees the summary as numbered sentences and the key facts as a numbered list and answers with a
JSON array: per fact ``{"fact": i, "verdict": "stated"|"missing"|"contradicted", "sentence": n|null}``.
Requests use temperature 0. Answers are parsed tolerantly (code fences and prose around the array are
ignored); an answer that is still unusable is sent back to the model with the reason, up to
``json_retries`` times, and then the item is recorded as ``Failed`` — never scored as a silent zero.

Verdicts are cached in SQLite (``llm_judge.sqlite`` in the newsbench cache directory) under a hash of
everything that decides them: model, server, prompt text, temperature, summary and facts.

Options (``-J key=value`` on the command line): the connection options of ``openai:`` (``base_url``,
``api_key_env``, ``concurrency``, ``max_retries``, ``timeout``, ``backoff``), plus ``json_retries`` (2),
``max_tokens`` (1024), ``cache`` (true) and ``prompt`` (a template file with ``{summary}``, ``{facts}``
and ``{n_facts}``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..backends.chat import CLIENT_OPTIONS, ChatClient, ChatFailure, read_client_options, redact_url
from ..backends.concurrency import map_concurrently
from ..backends.templates import TextTemplate, read_template_file, render_chat_template
from ..errors import PluginError
from ..options import Option, OptionReader
from ..paths import verdicts_db
from ..text import split_sentences
from ..types import VERDICT_LABELS, Failed, JudgeItem, Verdict, canonical_json, sha256_hex
from .base import BaseJudge, JudgeOutput, judges

DEFAULT_PROMPT_PATH = Path(__file__).with_name("llm_judge_prompt.txt")
TEMPERATURE = 0.0
_FIELDS = ("summary", "facts", "n_facts")


class MalformedAnswer(ValueError):
    """The model's answer could not be read as one verdict per key fact."""


@dataclass(frozen=True)
class JudgePrompt(TextTemplate):
    """The judge's prompt: a summary's numbered sentences and the numbered key facts."""

    def messages(self, sentences: Sequence[str], facts: Sequence[str]) -> list[dict[str, str]]:
        values = {
            "summary": "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, 1)),
            "facts": "\n".join(f"{i}. {f}" for i, f in enumerate(facts, 1)),
            "n_facts": len(facts),
        }
        return render_chat_template(self.text, values, f"judge prompt {self.name!r}", _FIELDS)


def load_judge_prompt(path: str | None = None) -> JudgePrompt:
    if path is None:
        return JudgePrompt("default", DEFAULT_PROMPT_PATH.read_text(encoding="utf-8"))
    return JudgePrompt(*read_template_file(path, "judge prompt"))


# -- reading the model's answer ------------------------------------------------------------------
_FENCE = re.compile(r"```[A-Za-z0-9_-]*\s*\n?(.*?)```", re.DOTALL)


def _candidate_lists(text: str) -> list[list[Any]]:
    """Every JSON array (or object holding an array) found in ``text``, outermost first."""
    bodies = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    found: list[list[Any]] = []
    for body in bodies:
        body = body.strip()
        for start, ch in enumerate(body):
            if ch not in "[{":
                continue
            try:
                value, _ = decoder.raw_decode(body, start)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):  # {"verdicts": [...]} and the like
                value = next((v for v in value.values() if isinstance(v, list)), None)
            if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
                found.append(value)
    return found


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, list) and value:  # "sentence": [2, 3] -> the first one
        return _as_int(value[0])
    return None


def parse_verdicts(text: str, n_facts: int) -> list[tuple[str, int | None]]:
    """``(label, sentence number or None)`` per fact, in fact order; raises ``MalformedAnswer``."""
    candidates = _candidate_lists(text)
    if not candidates:
        raise MalformedAnswer("no JSON array of objects found in the answer")
    problems: list[str] = []
    for entries in candidates:
        try:
            return _read_entries(entries, n_facts)
        except MalformedAnswer as exc:
            problems.append(str(exc))
    raise MalformedAnswer(problems[0])


def _read_entries(entries: list[dict[str, Any]], n_facts: int) -> list[tuple[str, int | None]]:
    by_fact: dict[int, tuple[str, int | None]] = {}
    numbered = all(_as_int(e.get("fact")) is not None for e in entries)
    for pos, entry in enumerate(entries, 1):
        fact = _as_int(entry.get("fact")) if numbered else pos
        if fact is None or not 1 <= fact <= n_facts or fact in by_fact:
            continue
        label = str(entry.get("verdict", "")).strip().lower()
        if label not in VERDICT_LABELS:
            raise MalformedAnswer(
                f"fact {fact} has verdict {entry.get('verdict')!r}; use one of {', '.join(VERDICT_LABELS)}"
            )
        by_fact[fact] = (label, _as_int(entry.get("sentence")))
    missing = [i for i in range(1, n_facts + 1) if i not in by_fact]
    if missing:
        raise MalformedAnswer(
            f"no verdict for fact(s) {', '.join(map(str, missing))} of {n_facts}"
        )
    return [by_fact[i] for i in range(1, n_facts + 1)]


def to_verdicts(parsed: Sequence[tuple[str, int | None]], sentences: Sequence[str]) -> list[Verdict]:
    out = []
    for label, number in parsed:
        evidence = None
        if label != "missing" and number is not None and 1 <= number <= len(sentences):
            evidence = sentences[number - 1]
        out.append(Verdict(label=label, score=1.0 if label == "stated" else 0.0, evidence=evidence))  # type: ignore[arg-type]
    return out


# -- the verdict cache ---------------------------------------------------------------------------
class VerdictCache:
    """SQLite file of judged items; used from one thread (lookups before, writes after the requests)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=30)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, model TEXT NOT NULL, verdicts TEXT NOT NULL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise PluginError(
                f"cannot open the LLM judge cache {self.path} ({exc}); set NEWSBENCH_CACHE_DIR to a "
                "writable folder or pass -M cache=false"
            ) from None

    def get(self, key: str) -> list[Verdict] | None:
        row = self._db.execute("SELECT verdicts FROM verdicts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return [Verdict(label=v["label"], score=float(v["score"]), evidence=v["evidence"]) for v in json.loads(row[0])]

    def put(self, key: str, model: str, verdicts: Sequence[Verdict]) -> None:
        payload = canonical_json([v.to_dict() for v in verdicts])
        self._db.execute("INSERT OR REPLACE INTO verdicts (key, model, verdicts) VALUES (?, ?, ?)", (key, model, payload))
        self._db.commit()

    def close(self) -> None:
        self._db.close()


# -- the judge -----------------------------------------------------------------------------------
class LLMJudge(BaseJudge):
    family = "llm"
    version = "1"
    OPTIONS = (
        *CLIENT_OPTIONS,
        Option("json_retries", int, 2, "Re-asks when an answer is not the JSON asked for.", minimum=0),
        Option("max_tokens", int, 1024, "Most tokens in an answer.", minimum=1),
        Option("cache", bool, True, "Keep verdicts in the judge cache and reuse them."),
        Option("prompt", str, None, "A judge prompt template file (default: the packaged FineSurE-style prompt)."),
    )

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        super().__init__(argument, options)
        self.options = self.output_options()

    def configure(self, options: OptionReader) -> None:
        if not self.argument:
            raise PluginError("llm judge needs a model name: --judge llm:MODEL (e.g. llm:gpt-4o-mini)")
        self._client_options = read_client_options(options)
        self.json_retries = options.get("json_retries")
        self.max_tokens = options.get("max_tokens")
        self.use_cache = options.get("cache")
        self.prompt = load_judge_prompt(options.get("prompt"))
        self.config = self._client_options.config(self.argument)

    def output_options(self) -> dict[str, Any]:
        """Options that can change verdicts (transport settings and the key's variable name excluded)."""
        return {
            "base_url": redact_url(self.config.base_url),
            "max_tokens": self.max_tokens,
            "prompt": self.prompt.signature(),
            "temperature": TEMPERATURE,
        }

    def signature(self) -> str:
        return f"{self._text}@{self.version}+p{self.prompt.sha256[:8]}"

    def cache_key(self, item: JudgeItem) -> str:
        return sha256_hex(
            canonical_json(
                {
                    "judge": f"{self.family}@{self.version}",
                    "model": self.config.model,
                    "base_url": redact_url(self.config.base_url),
                    "prompt": self.prompt.sha256,
                    "temperature": TEMPERATURE,
                    "max_tokens": self.max_tokens,
                    "summary": item.summary,
                    "facts": list(item.keyfacts),
                }
            )
        )

    def judge(self, items: Sequence[JudgeItem]) -> list[JudgeOutput]:
        results: list[JudgeOutput | None] = [None] * len(items)
        todo: list[int] = []
        cache = VerdictCache(verdicts_db()) if self.use_cache else None
        try:
            for i, item in enumerate(items):
                if not item.keyfacts:
                    results[i] = []
                elif not item.summary.strip():  # nothing can be stated in an empty summary
                    results[i] = [Verdict("missing", 0.0, None) for _ in item.keyfacts]
                else:
                    hit = cache.get(self.cache_key(item)) if cache else None
                    if hit is not None and len(hit) == len(item.keyfacts):
                        results[i] = hit
                    else:
                        todo.append(i)
            if todo:
                with ChatClient(self.config) as client:
                    fresh = map_concurrently(
                        lambda i: self._judge_one(client, items[i]), todo, self.config.concurrency
                    )
                for i, out in zip(todo, fresh):
                    results[i] = out
                    if cache is not None and not isinstance(out, Failed):
                        cache.put(self.cache_key(items[i]), self.config.model, out)
        finally:
            if cache is not None:
                cache.close()
        return [r if r is not None else Failed("internal error: item was not judged") for r in results]

    def _judge_one(self, client: ChatClient, item: JudgeItem) -> JudgeOutput:
        sentences = split_sentences(item.summary)
        messages = self.prompt.messages(sentences, item.keyfacts)
        tries = self.json_retries + 1
        problem = ""
        answer = ""
        for attempt in range(1, tries + 1):
            result = client.complete(messages, temperature=TEMPERATURE, max_tokens=self.max_tokens)
            if isinstance(result, ChatFailure):
                return Failed(f"{self._text}: {result.error}")
            answer = result.content
            try:
                return to_verdicts(parse_verdicts(answer, len(item.keyfacts)), sentences)
            except MalformedAnswer as exc:
                problem = str(exc)
            messages = messages + [
                {"role": "assistant", "content": answer},
                {
                    "role": "user",
                    "content": (
                        f"That answer could not be used: {problem}. Reply with only the JSON array: "
                        f"exactly {len(item.keyfacts)} objects with the fields fact, verdict and sentence."
                    ),
                },
            ]
        snippet = " ".join(answer.split())[:120]
        return Failed(
            f"{self._text}: no usable verdict JSON after {tries} answer(s): {problem}; last answer began "
            f"{snippet!r}. Try -J json_retries=N, a larger -J max_tokens or a stronger model"
        )


judges.register(
    "llm",
    LLMJudge,
    help="FineSurE-style judge on any OpenAI-compatible server: --judge llm:MODEL -J base_url=URL",
)
