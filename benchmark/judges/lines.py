"""The ``bench judge`` line format: JSONL in, one verdict list per line out.

Input line: ``{"id": str, "summary": str, "keyfacts": [str, ...]}``; optional ``"probes"`` (one list of
contradicting statements per fact), ``"wordings"`` (one list of accepted ways of stating each fact),
``"reference"`` and ``"article"`` are passed to the judge, any other field is ignored. Output line: ``{"id", "verdicts", "scores", "evidence"}`` with one entry per key fact,
in order. A line that cannot be read, or that the judge failed on, becomes an error message naming its
line number; the other lines are still answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

from ..errors import DataError
from ..text import unsupported_script
from ..types import Failed, JudgeItem, Verdict

DEFAULT_BATCH = 64


@dataclass(frozen=True)
class LineResult:
    line: int
    output: dict[str, Any] | None  # the output object, or None when the line failed
    error: str | None = None
    warning: str | None = None  # e.g. the judge does not read the summary's script


def json_object(text: str, where: str, fields: str, *, todo: str = "") -> dict[str, Any]:
    """One JSONL line as a dict; ``DataError`` naming ``where`` when it is not JSON or not an object
    (``fields`` says what the object must hold, ``todo`` what to do about bad JSON)."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON ({exc.msg}){todo}") from None
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected a JSON object{fields}")
    return obj


def parse_judge_line(text: str, line: int) -> JudgeItem:
    where = f"line {line}"
    obj = json_object(text, where, " with id, summary and keyfacts")
    for key, kind in (("id", str), ("summary", str), ("keyfacts", list)):
        if key not in obj:
            raise DataError(f"{where}: missing field {key!r}")
        if not isinstance(obj[key], kind):
            raise DataError(f"{where}: field {key!r} must be a {'list of strings' if kind is list else 'string'}")
    if not all(isinstance(k, str) for k in obj["keyfacts"]):
        raise DataError(f"{where}: field 'keyfacts' must be a list of strings")
    probes = _per_fact(obj, "probes", where)
    wordings = _per_fact(obj, "wordings", where)
    for key in ("reference", "article"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise DataError(f"{where}: field {key!r} must be a string")
    return JudgeItem(
        id=obj["id"],
        summary=obj["summary"],
        keyfacts=tuple(obj["keyfacts"]),
        probes=probes,
        wordings=wordings,
        reference=obj.get("reference"),
        article=obj.get("article"),
    )


def _per_fact(obj: dict[str, Any], key: str, where: str) -> tuple[tuple[str, ...], ...]:
    """An optional field holding one list of strings per key fact (``probes``, ``wordings``)."""
    raw = obj.get(key)
    if raw is None:
        return ()
    if (
        not isinstance(raw, list)
        or len(raw) != len(obj["keyfacts"])
        or not all(isinstance(p, list) and all(isinstance(x, str) for x in p) for p in raw)
    ):
        raise DataError(f"{where}: field {key!r} must hold one list of strings per key fact")
    return tuple(tuple(p) for p in raw)


def decode_line(data: bytes, where: str) -> str:
    """One input line as text; a line that is not UTF-8 is a ``DataError`` naming it."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{where}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None


def output_line(item_id: str, verdicts: Sequence[Verdict]) -> dict[str, Any]:
    return {
        "id": item_id,
        "verdicts": [v.label for v in verdicts],
        "scores": [v.score for v in verdicts],
        "evidence": [v.evidence for v in verdicts],
    }


def judge_lines(judge: Any, lines: Iterable[str | bytes], batch: int = DEFAULT_BATCH) -> Iterator[LineResult]:
    """Judge JSONL lines in batches; yields one result per non-blank line, in input order.

    Lines given as bytes are decoded one by one, so a line that is not UTF-8 is reported on its own.
    """
    pending: list[tuple[int, JudgeItem]] = []

    def flush() -> Iterator[LineResult]:
        if not pending:
            return
        outputs = judge.judge([item for _, item in pending])
        for (n, item), out in zip(pending, outputs):
            if isinstance(out, Failed):
                yield LineResult(n, None, f"line {n}: judge failed on {item.id!r}: {out.error}")
            elif len(out) != len(item.keyfacts):
                yield LineResult(n, None, f"line {n}: judge returned {len(out)} verdicts for {len(item.keyfacts)} facts")
            else:
                script = unsupported_script(item.summary, getattr(judge, "scripts", None))
                warning = None if script is None else (
                    f"line {n}: language not supported: the judge reads {'/'.join(judge.scripts)} script only "
                    f"and the summary of {item.id!r} is in {script} script; its verdicts say nothing"
                )
                yield LineResult(n, output_line(item.id, out), warning=warning)
        pending.clear()

    for n, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            if isinstance(text, bytes):
                text = decode_line(text, f"line {n}")
            pending.append((n, parse_judge_line(text, n)))
        except DataError as exc:
            yield from flush()
            yield LineResult(n, None, str(exc))
            continue
        if len(pending) >= batch:
            yield from flush()
    yield from flush()
