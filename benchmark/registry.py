"""One registry per component kind; built-ins and entry-point plug-ins come through the same door.

A *family* is registered under a name with a factory ``factory(argument, options) -> component``.
Spec strings select a family and its argument:

* ``name``            -> family ``name``, argument ``None``        (``textrank``, ``oracle``)
* ``name-N``          -> family ``name``, argument ``"N"``         (``lead-3``, ``random-2``)
* ``name:ARG``        -> family ``name``, argument ``"ARG"``       (``file:preds.jsonl``, ``cmd:"cat"``)

Third-party packages add families through the entry-point group given to the registry
(``benchmark.summarizers``, ``benchmark.judges``): the entry point's name is the family name and its
object is the factory. Built-ins are registered by importing their module, which calls ``register``
exactly as a plug-in's factory would be registered.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Callable, Generic, Mapping, TypeVar

from .errors import UnknownComponent

T = TypeVar("T")
Factory = Callable[[str | None, Mapping[str, Any]], T]

_DASH_SPEC = re.compile(r"^(?P<name>[A-Za-z][\w.]*?)-(?P<arg>\d+)$")


@dataclass(frozen=True)
class ParsedSpec:
    text: str
    name: str
    argument: str | None


def parse_spec(text: str) -> ParsedSpec:
    """Split a spec string into family name and argument (see module docstring)."""
    text = text.strip()
    if not text:
        raise UnknownComponent("empty spec: give a name such as 'lead-3' or 'file:predictions.jsonl'")
    if ":" in text:
        name, arg = text.split(":", 1)
        return ParsedSpec(text, name, _unquote(arg))
    m = _DASH_SPEC.match(text)
    if m:
        return ParsedSpec(text, m.group("name"), m.group("arg"))
    return ParsedSpec(text, text, None)


def _unquote(arg: str) -> str:
    if len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "\"'":
        return arg[1:-1]
    return arg


@dataclass(frozen=True)
class Entry(Generic[T]):
    name: str
    factory: Factory
    help: str
    origin: str  # "builtin" or "plugin:<distribution>"


class Registry(Generic[T]):
    """Name -> factory, with lazy entry points and did-you-mean errors."""

    def __init__(self, kind: str, group: str, builtin_modules: tuple[str, ...] = ()):
        self.kind = kind
        self.group = group
        self._builtin_modules = builtin_modules
        self._entries: dict[str, Entry] = {}
        self._builtins_loaded = False
        self._plugins_loaded = False

    # -- registration ---------------------------------------------------------------------------
    def register(self, name: str, factory: Factory | None = None, *, help: str = "", origin: str = "builtin"):
        """Register ``factory`` under ``name``; usable as a decorator."""

        def deco(f: Factory) -> Factory:
            if name in self._entries and self._entries[name].factory is not f:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            doc = help or (f.__doc__ or "").strip().splitlines()[0:1]
            self._entries[name] = Entry(name, f, doc if isinstance(doc, str) else "".join(doc), origin)
            return f

        return deco(factory) if factory is not None else deco

    # -- lookup ---------------------------------------------------------------------------------
    def _load_builtins(self) -> None:
        if self._builtins_loaded:
            return
        self._builtins_loaded = True
        import importlib

        for mod in self._builtin_modules:
            importlib.import_module(mod)

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        for ep in entry_points(group=self.group):
            if ep.name in self._entries:
                continue
            try:
                factory = ep.load()
            except Exception as exc:  # a broken plug-in must not break the CLI
                warnings.warn(
                    f"could not load {self.kind} plug-in {ep.name!r} ({ep.value}): {exc}", stacklevel=2
                )
                continue
            dist = getattr(ep, "dist", None)
            origin = f"plugin:{dist.name}" if dist is not None else "plugin"
            self.register(ep.name, factory, origin=origin)

    def names(self) -> list[str]:
        self._load_builtins()
        self._load_plugins()
        return sorted(self._entries)

    def entries(self) -> list[Entry]:
        return [self._entries[n] for n in self.names()]

    def get(self, name: str) -> Entry:
        self._load_builtins()
        if name not in self._entries:
            self._load_plugins()
        if name not in self._entries:
            available = self.names()
            close = difflib.get_close_matches(name, available, n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UnknownComponent(
                f"unknown {self.kind} {name!r}.{hint} Available: {', '.join(available)}"
            )
        return self._entries[name]

    def create(self, spec: str, options: Mapping[str, Any] | None = None) -> T:
        parsed = parse_spec(spec)
        entry = self.get(parsed.name)
        return entry.factory(parsed.argument, dict(options or {}))
