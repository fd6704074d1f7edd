"""Score signatures: every setting that can change a number, printed beside the number.

In the spirit of sacrebleu: a signature is an ordered list of ``key:value`` fields joined by ``|``::

    data:newsbench-v1@3f2a9c1b7d4e|split:test|config:all|refs:3|rouge:1/2/L/Lsum|agg:max|stem:porter|
    rougeLsum:newline|sent:nupunkt-0.8.0|trunc:75w|backend:rouge-score-0.1.2|judge:align@1|boot:1000|
    seed:0|v:0.1.0

Two scores are comparable only when their signatures are equal. Summarizer-specific fields (``prompt``)
are appended by the runner; the leaderboard treats a run without a prompt as comparable with runs of
any one prompt (see ``leaderboard.table_key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .errors import RunError

# Canonical order of known fields; unknown fields keep their insertion order after these.
FIELD_ORDER = (
    "data",
    "split",
    "config",
    "subset",
    "refs",
    "rouge",
    "agg",
    "stem",
    "rougeLsum",
    "sent",
    "trunc",
    "backend",
    "judge",
    "boot",
    "seed",
    "prompt",
    "v",
)


@dataclass(frozen=True)
class Signature:
    fields: tuple[tuple[str, str], ...]

    @classmethod
    def build(cls, parts: Iterable[Mapping[str, str]]) -> "Signature":
        merged: dict[str, str] = {}
        for part in parts:
            for key, value in part.items():
                if key in merged and merged[key] != str(value):
                    raise ValueError(f"signature field {key!r} given twice ({merged[key]!r}, {value!r})")
                merged[key] = str(value)
        known = [(k, merged.pop(k)) for k in FIELD_ORDER if k in merged]
        return cls(tuple(known + list(merged.items())))

    def format(self) -> str:
        return "|".join(f"{k}:{v}" for k, v in self.fields)

    __str__ = format

    @classmethod
    def parse(cls, text: str) -> "Signature":
        fields = []
        for part in text.split("|"):
            if ":" not in part:
                raise RunError(f"malformed signature field {part!r} in {text!r}")
            key, value = part.split(":", 1)
            fields.append((key, value))
        return cls(tuple(fields))

    def as_dict(self) -> dict[str, str]:
        return dict(self.fields)

    def without(self, *keys: str) -> "Signature":
        return Signature(tuple((k, v) for k, v in self.fields if k not in keys))

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.as_dict().get(key, default)
