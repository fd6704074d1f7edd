"""The fact-judge protocol and the one registry every judge goes through."""

from __future__ import annotations

from typing import Any, ClassVar, Mapping, Protocol, Sequence, runtime_checkable

from ..options import Option, OptionReader
from ..registry import Registry
from ..types import ComponentSpec, Failed, JudgeItem, Verdict

JudgeOutput = list[Verdict] | Failed

BUILTIN_MODULES = (
    "benchmark.judges.align.judge",
    "benchmark.judges.llm",
    "benchmark.judges.nli",
)

judges: Registry["Judge"] = Registry("judge", "benchmark.judges", builtin_modules=BUILTIN_MODULES, methods=("spec", "judge"))

DEFAULT_JUDGE = "align"


@runtime_checkable
class Judge(Protocol):
    """Batch-first: for each item, one verdict per key fact (in order), or ``Failed`` for the item."""

    def spec(self) -> ComponentSpec: ...

    def judge(self, items: Sequence[JudgeItem]) -> list[JudgeOutput]: ...


class BaseJudge:
    family: ClassVar[str] = ""
    version: ClassVar[str | None] = None
    OPTIONS: ClassVar[tuple[Option, ...] | None] = None  # declared -J options (docs/plugins.md)

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        self.argument = argument
        text = self.family if argument is None else f"{self.family}:{argument}"
        self._text = text
        reader = OptionReader(text, options, self.OPTIONS)
        self.configure(reader)
        self.options = reader.finish()

    def configure(self, options: OptionReader) -> None:
        pass

    def spec(self) -> ComponentSpec:
        return ComponentSpec(
            kind="judge",
            text=self._text,
            name=self.family,
            argument=self.argument,
            options=self.options,
            version=self.version,
        )

    def signature(self) -> str:
        """Short form for score signatures: ``judge:align@1`` (+ argument)."""
        return f"{self._text}@{self.version}"


def create_judge(spec: str = DEFAULT_JUDGE, options: Mapping[str, Any] | None = None) -> Judge:
    return judges.create(spec, options)
