"""The summarizer protocol and the one registry every summarizer family goes through."""

from __future__ import annotations

from typing import Any, ClassVar, Iterator, Mapping, Protocol, Sequence, runtime_checkable

from ..options import Option, OptionReader
from ..registry import Registry
from ..types import ComponentSpec, Failed, Summary, Task

SummaryOutput = str | Summary | Failed

BUILTIN_MODULES = (
    "benchmark.summarizers.baselines",
    "benchmark.summarizers.file",
    "benchmark.summarizers.python",
    "benchmark.summarizers.command",
    "benchmark.summarizers.hf",
    "benchmark.summarizers.openai",
    "benchmark.summarizers.smollm",
)

summarizers: Registry["Summarizer"] = Registry(
    "summarizer", "benchmark.summarizers", builtin_modules=BUILTIN_MODULES, methods=("spec", "summarize")
)


@runtime_checkable
class Summarizer(Protocol):
    """Batch-first: a list of tasks in, one output per task out, in order.

    An output is a ``str``, a ``Summary`` (text plus token usage) or ``Failed(error)`` for a task the
    summarizer could not do. Raising fails the whole batch; the runner then retries task by task so
    that only the tasks that really fail are recorded as failures.
    """

    def spec(self) -> ComponentSpec: ...

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]: ...

    # Optional: ``signature_fields() -> dict[str, str]`` (e.g. {"prompt": "default@1a2b3c4d"}), a
    # class attribute ``cacheable = False`` for summarizers whose outputs must not be cached, and
    # ``summarize_each(tasks)`` yielding ``(index, output)`` as each task finishes, so the runner can
    # cache every summary the moment it exists (without it, a batch is cached when it returns).


class BaseSummarizer:
    """Convenience base: stores family name, argument and the options it was built with.

    Subclasses set ``family``, declare their options in ``OPTIONS`` and read them in
    ``configure(reader)`` with ``reader.get(name)``.
    ``dash_argument`` marks families written ``name-N`` (``lead-3``) instead of ``name:ARG``.
    ``cacheable`` is False for summarizers whose output must never be served from the cache.
    """

    family: ClassVar[str] = ""
    version: ClassVar[str | None] = None
    dash_argument: ClassVar[bool] = False
    cacheable: ClassVar[bool] = True
    OPTIONS: ClassVar[tuple[Option, ...] | None] = None  # declared -M options (docs/plugins.md)

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        self.argument = argument
        reader = OptionReader(self._spec_text(), options, self.OPTIONS)
        self.configure(reader)
        self.options = reader.finish()

    def configure(self, options: OptionReader) -> None:  # pragma: no cover - default: no options
        pass

    def _spec_text(self) -> str:
        if self.argument is None:
            return self.family
        if self.dash_argument:
            return f"{self.family}-{self.argument}"
        return f"{self.family}:{self.argument}"

    def spec(self) -> ComponentSpec:
        return ComponentSpec(
            kind="summarizer",
            text=self._spec_text(),
            name=self.family,
            argument=self.argument,
            options=self.options,
            version=self.version,
        )

    def signature_fields(self) -> dict[str, str]:
        """Settings of this summarizer that must separate leaderboard tables (e.g. ``prompt``)."""
        return {}

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        return [self.summarize_one(t) for t in tasks]

    def summarize_each(self, tasks: Sequence[Task]) -> Iterator[tuple[int, SummaryOutput]]:
        """``(index, output)`` for every task, each as soon as it is done (any order).

        The default yields task by task for a summarizer written with ``summarize_one``, and the whole
        batch at once for one that overrides ``summarize``.
        """
        if type(self).summarize is BaseSummarizer.summarize:
            for i, task in enumerate(tasks):
                yield i, self.summarize_one(task)
        else:
            yield from enumerate(self.summarize(tasks))

    def summarize_one(self, task: Task) -> SummaryOutput:
        raise NotImplementedError(f"{type(self).__name__} implements neither summarize nor summarize_one")


def create_summarizer(spec: str, options: Mapping[str, Any] | None = None) -> Summarizer:
    """Build a summarizer from a spec string such as ``lead-3`` or ``file:preds.jsonl``."""
    return summarizers.create(spec, options)
