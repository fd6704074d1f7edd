"""``file:PATH`` — precomputed predictions, the way most researchers submit.

The file is JSON Lines, one object per line with a string ``id`` (the task id) and a non-empty string
``summary``; other fields are ignored and blank lines are skipped. The whole file is read and checked
when the summarizer is built, so a bad file stops the run before anything is recorded; every problem
is reported as ``FILE:LINE: field "NAME": what is wrong``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Iterable, Sequence

from ..errors import PredictionsError
from ..options import Option, OptionReader
from ..types import ComponentSpec, Failed, Task
from .base import BaseSummarizer, SummaryOutput, summarizers

_SHOWN_IDS = 10


@dataclass(frozen=True)
class FilePrediction:
    """One validated line of a predictions file."""

    id: str
    summary: str
    line: int


def _problem(path: Path, line: int, field: str | None, message: str) -> PredictionsError:
    where = f'{path}:{line}: field "{field}": ' if field else f"{path}:{line}: "
    return PredictionsError(where + message)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PredictionsError(f"{path}: no such predictions file; check the path after file:") from None
    except OSError as exc:
        raise PredictionsError(f"{path}: cannot read the predictions file ({exc.strerror})") from None


def parse_predictions(path: Path, data: bytes) -> dict[str, FilePrediction]:
    """Validate the bytes of a predictions file; raise ``PredictionsError`` at the first bad line."""
    out: dict[str, FilePrediction] = {}
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _problem(
                path, number, None, f"not valid UTF-8 (byte {exc.start + 1} of the line); save the file as UTF-8"
            ) from None
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _problem(path, number, None, f"malformed JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise _problem(
                path, number, None, f'expected a JSON object {{"id": ..., "summary": ...}}, got {_kind(obj)}'
            )
        for field in ("id", "summary"):
            if field not in obj:
                raise _problem(path, number, field, "missing")
            if not isinstance(obj[field], str):
                raise _problem(path, number, field, f"must be a string, got {_kind(obj[field])}")
        pid, summary = obj["id"], obj["summary"]
        if not pid.strip():
            raise _problem(path, number, "id", "empty id")
        if not summary.strip():
            raise _problem(path, number, "summary", "empty summary")
        if pid in out:
            raise _problem(path, number, "id", f"duplicate id {pid!r} (first on line {out[pid].line})")
        out[pid] = FilePrediction(pid, summary, number)
    return out


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array",
            dict: "an object"}.get(type(value), type(value).__name__)


def _listing(ids: Sequence[str]) -> str:
    shown = ", ".join(sorted(ids)[:_SHOWN_IDS])
    more = len(ids) - _SHOWN_IDS
    return shown + (f" and {more} more" if more > 0 else "")


class FileSummarizer(BaseSummarizer):
    """Precomputed predictions from a JSONL file: one {"id": ..., "summary": ...} per line (file:PATH)."""

    family: ClassVar[str] = "file"
    usage: ClassVar[str] = "file:PATH"
    cacheable: ClassVar[bool] = False  # the file is the cache
    OPTIONS = (
        Option("ignore_unknown", bool, False, "Skip lines whose id is no task of the benchmark instead of failing."),
        Option("allow_missing", bool, False, "Record tasks the file lacks as failed instead of stopping before the run."),
    )

    def configure(self, options: OptionReader) -> None:
        if not self.argument:
            raise PredictionsError("file: needs a path, e.g. --model file:predictions.jsonl")
        self.ignore_unknown = options.get("ignore_unknown")
        self.allow_missing = options.get("allow_missing")
        self.path = Path(self.argument)
        data = read_bytes(self.path)
        self.predictions = parse_predictions(self.path, data)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self._checked = False

    def spec(self) -> ComponentSpec:
        """The spec, with the file's content hash as its version (what exactly was scored)."""
        base = super().spec()
        return ComponentSpec(
            kind=base.kind,
            text=base.text,
            name=base.name,
            argument=base.argument,
            options=base.options,
            version=f"sha256:{self.sha256[:16]}",
        )

    def check_tasks(self, tasks: Sequence[Task], known_ids: Iterable[str] | None = None) -> None:
        """Check the file against a whole run before anything is summarized.

        ``tasks`` are the tasks the run will summarize; ``known_ids`` every task id of the dataset
        config (for a sharded run, the other shards' ids: their predictions are not unknown). A
        prediction for an id outside ``known_ids`` is refused unless ``-M ignore_unknown=true``; a task
        without a prediction is refused unless ``-M allow_missing=true``.
        """
        self._checked = True
        known = set(known_ids) if known_ids is not None else {t.id for t in tasks}
        unknown = [pid for pid in self.predictions if pid not in known]
        if unknown and not self.ignore_unknown:
            lines = ", ".join(str(self.predictions[p].line) for p in sorted(unknown)[:_SHOWN_IDS])
            raise PredictionsError(
                f"{self.path}: {len(unknown)} prediction(s) for ids that are not among the "
                f"{len(known)} task(s) of this run: {_listing(unknown)} (line {lines}); run the config they belong to "
                f"(--config all) or skip them with -M ignore_unknown=true"
            )
        self._check_missing(tasks)

    def _check_missing(self, tasks: Sequence[Task]) -> None:
        missing = [t.id for t in tasks if t.id not in self.predictions]
        if missing and not self.allow_missing:
            raise PredictionsError(
                f"{self.path}: no prediction for {len(missing)} of {len(tasks)} task(s): "
                f"{_listing(missing)}; add them, or record them as failures with -M allow_missing=true"
            )

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        if not self._checked:
            # Nobody checked the run as a whole: treat this call's tasks as the whole run.
            self.check_tasks(tasks)
        else:
            self._check_missing(tasks)
        out: list[SummaryOutput] = []
        for task in tasks:
            pred = self.predictions.get(task.id)
            if pred is None:
                out.append(Failed(f"no prediction for {task.id} in {self.path}"))
            else:
                out.append(pred.summary)
        return out


summarizers.register(FileSummarizer.family, FileSummarizer)
