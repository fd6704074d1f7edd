"""``py:module:function`` / ``py:path/to/file.py:function`` — any Python callable as a summarizer.

Calling conventions (``-M`` options):

* default: ``function(text) -> str`` once per task, with the task's ``source_text``;
* ``-M input=task``: ``function(task)`` receives the ``benchmark.types.Task`` itself;
* ``-M batch=true``: ``function(list_of_texts_or_tasks)`` once, returning a list in the same order.

Any other ``-M key=value`` is passed to the function as a keyword argument (a string); a key that is
not one of the function's parameters (and the function takes no ``**kwargs``) stops the run before it
starts. The function may return a ``str``, a ``benchmark.types.Summary`` or a
``benchmark.types.Failed``. An exception (or a ``sys.exit()``) on one task is recorded as that task's
failure and the others go on.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator, Mapping, Sequence

from ..errors import PluginError
from ..options import Option, OptionReader
from ..types import ComponentSpec, Failed, Summary, Task
from .base import BaseSummarizer, SummaryOutput, summarizers
from .code_hash import digest, local_sources, module_root

_OWN_OPTIONS = ("input", "batch")


def _split_target(argument: str) -> tuple[str, str]:
    target, sep, attr = argument.rpartition(":")
    if not sep or not target or not attr:
        raise PluginError(
            f"py:{argument}: expected py:MODULE:FUNCTION or py:path/to/file.py:FUNCTION "
            f"(e.g. py:mypkg.summarize:run)"
        )
    return target, attr


def _import_target(target: str) -> Any:
    """Import a dotted module, or load a ``.py`` file by path under a private module name."""
    if target.endswith(".py") or os.sep in target or "/" in target:
        path = Path(target).expanduser().resolve()
        if not path.is_file():
            raise PluginError(f"py:{target}: no such Python file; check the path before the last ':'")
        tag = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]
        name = f"newsbench_user_{path.stem}_{tag}"
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise PluginError(f"py:{target}: cannot load this file as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:
            del sys.modules[name]
            raise PluginError(f"py:{target}: importing the file failed: {type(exc).__name__}: {exc}") from None
        return module
    # Like ``python -m``: modules in the current directory are importable.
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as exc:
        raise PluginError(
            f"py:{target}: module {exc.name!r} not found; check the module name, that it is installed "
            f"or on PYTHONPATH, or give a file path (py:path/to/file.py:function)"
        ) from None
    except BaseException as exc:
        raise PluginError(f"py:{target}: importing the module failed: {type(exc).__name__}: {exc}") from None


def load_callable(argument: str) -> tuple[Callable[..., Any], str | None]:
    """The function named by a ``py:`` argument, and the hash of the code it runs when known."""
    target, attr = _split_target(argument)
    obj: Any = _import_target(target)
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise PluginError(
                f"py:{argument}: {target} has no attribute {attr!r}; check the name after the last ':'"
            ) from None
    if not callable(obj):
        raise PluginError(f"py:{argument}: {attr!r} is a {type(obj).__name__}, not a function")
    return obj, _code_hash(obj)


def _code_hash(obj: Any) -> str | None:
    """sha256 of the function's module and the project-local modules it imports (``code_hash``)."""
    try:
        source = inspect.getsourcefile(obj)
        module = inspect.getmodule(obj)
        if not source or module is None:
            return None
        path = Path(source).resolve()
        name = module.__name__
        private = name.startswith("newsbench_user_") or name == "__main__"
        root = path.parent if private else module_root(path, name)
        return digest(local_sources(path, root), root)
    except (TypeError, OSError, ValueError):
        return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"the function called sys.exit({exc.code!r})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _as_output(value: Any) -> SummaryOutput:
    if isinstance(value, (Summary, Failed)):
        if isinstance(value, Summary) and not value.text.strip():
            return Failed("the function returned an empty summary")
        return value
    if isinstance(value, str):
        if not value.strip():
            return Failed("the function returned an empty summary")
        return value
    return Failed(f"the function returned {type(value).__name__}, expected str")


class PythonSummarizer(BaseSummarizer):
    """Any Python callable text -> summary (py:module:function or py:file.py:function)."""

    family: ClassVar[str] = "py"
    usage: ClassVar[str] = "py:MODULE:FUNCTION"
    OPTIONS = (
        Option("input", str, "text", "What the function receives: the articles' text, or the Task object.",
               choices=("text", "task")),
        Option("batch", bool, False, "Call the function once with a list of inputs; it returns a list."),
    )
    EXTRA_OPTIONS = "any other KEY=VALUE is passed to the function as a keyword argument (a string)"

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        given = dict(options or {})
        own = {k: given.pop(k) for k in _OWN_OPTIONS if k in given}
        self.kwargs = {k: str(v) for k, v in sorted(given.items())}
        super().__init__(argument, own)
        self.options = dict(sorted({**self.options, **self.kwargs}.items()))

    def configure(self, options: OptionReader) -> None:
        if not self.argument:
            raise PluginError("py: needs a target, e.g. --model py:mypkg.summarize:run")
        self.input = options.get("input")
        self.batch = options.get("batch")
        self.function, self.source_hash = load_callable(self.argument)
        self._check_keywords()

    def _check_keywords(self) -> None:
        """Refuse -M keys the function cannot take, before the run (not a TypeError per task)."""
        try:
            params = inspect.signature(self.function).parameters.values()
        except (TypeError, ValueError):
            return  # a builtin without a signature: let the call decide
        if any(p.kind is p.VAR_KEYWORD for p in params):
            return
        rest = [p for p in params if p.kind is not p.VAR_POSITIONAL][1:]  # the first takes the input
        named = [p.name for p in rest if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        unknown = sorted(k for k in self.kwargs if k not in named)
        if unknown:
            takes = ", ".join(["input", "batch", *named])
            raise PluginError(
                f"py:{self.argument}: unknown option(s) {', '.join(unknown)}; py understands: {takes} "
                f"(input and batch, then the function's keyword parameters; see: bench models --options py)"
            )

    def spec(self) -> ComponentSpec:
        """The spec; its version hashes the function's module and the local modules it imports, so
        editing any of them invalidates cached summaries."""
        base = super().spec()
        version = f"sha256:{self.source_hash[:16]}" if self.source_hash else None
        return ComponentSpec(
            kind=base.kind, text=base.text, name=base.name, argument=base.argument,
            options=base.options, version=version,
        )

    def _input(self, task: Task) -> Any:
        return task if self.input == "task" else task.source_text

    def _call(self, payload: Any) -> Any:
        return self.function(payload, **self.kwargs)

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        if not self.batch:
            return [self._one(t) for t in tasks]
        try:
            result = self._call([self._input(t) for t in tasks])
        except (Exception, SystemExit):
            # Find the task(s) that break the batch: retry one at a time.
            return [self._one_of_batch(t) for t in tasks]
        return self._unpack(result, len(tasks))

    def summarize_each(self, tasks: Sequence[Task]) -> Iterator[tuple[int, SummaryOutput]]:
        """Task by task (each cached as soon as it returns), or the whole list with ``batch=true``."""
        if self.batch:
            yield from enumerate(self.summarize(tasks))
            return
        for i, task in enumerate(tasks):
            yield i, self._one(task)

    def _one(self, task: Task) -> SummaryOutput:
        try:
            return _as_output(self._call(self._input(task)))
        except (Exception, SystemExit) as exc:
            return Failed(_describe(exc))

    def _one_of_batch(self, task: Task) -> SummaryOutput:
        try:
            result = self._call([self._input(task)])
        except (Exception, SystemExit) as exc:
            return Failed(_describe(exc))
        return self._unpack(result, 1)[0]

    def _unpack(self, result: Any, n: int) -> list[SummaryOutput]:
        if isinstance(result, (str, bytes)) or not isinstance(result, Sequence):
            problem = f"the batch function returned {type(result).__name__}, expected a list of {n}"
            return [Failed(problem)] * n
        if len(result) != n:
            problem = f"the batch function returned {len(result)} item(s) for {n} task(s)"
            return [Failed(problem)] * n
        return [_as_output(v) for v in result]


summarizers.register(PythonSummarizer.family, PythonSummarizer)
