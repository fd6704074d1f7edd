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

The registry also enforces the contract (docs/plugins.md): a family's declared ``OPTIONS`` are checked
before its factory is called, and what the factory returns must have the protocol's methods. A plug-in
that is installed but fails to import never breaks the CLI: ``broken()`` reports it (``bench models``
prints a warning) and asking for it by name raises one line naming its package and the import error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Callable, Generic, Mapping, TypeVar

from .errors import BenchError, PluginError, UnknownComponent
from .options import Option, check_known, declared_options

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

    @property
    def options(self) -> tuple[Option, ...] | None:
        """The options the family declares (``None``: it declares none, so it checks its own)."""
        return declared_options(self.factory)

    @property
    def extra_options(self) -> str | None:
        """What other options mean, for families that accept undeclared ones (``py:``)."""
        return getattr(self.factory, "EXTRA_OPTIONS", None)

    @property
    def is_plugin(self) -> bool:
        return self.origin.startswith("plugin")

    def label(self, kind: str) -> str:
        """``plug-in 'echo' (package newsbench-echo-plugin)`` or ``summarizer 'lead'``."""
        if self.is_plugin:
            dist = self.origin.partition(":")[2]
            return f"plug-in {self.name!r}" + (f" (package {dist})" if dist else "")
        return f"{kind} {self.name!r}"


class Registry(Generic[T]):
    """Name -> factory, with lazy entry points and did-you-mean errors."""

    def __init__(self, kind: str, group: str, builtin_modules: tuple[str, ...] = (),
                 methods: tuple[str, ...] = ()):
        self.kind = kind
        self.group = group
        self.methods = methods  # what a built component must have (the protocol's methods)
        self._builtin_modules = builtin_modules
        self._entries: dict[str, Entry] = {}
        self._broken: dict[str, str] = {}  # plug-in name -> why it could not be imported
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
            dist = getattr(ep, "dist", None)
            try:
                factory = ep.load()
            except Exception as exc:  # a broken plug-in must not break the CLI
                package = f" (package {dist.name})" if dist is not None else ""
                first = (str(exc).strip().splitlines() or [""])[0]
                self._broken[ep.name] = (
                    f"plug-in {ep.name!r}{package} is installed but failed to import: "
                    f"{type(exc).__name__}: {first}".rstrip(": ")
                )
                continue
            origin = f"plugin:{dist.name}" if dist is not None else "plugin"
            self.register(ep.name, factory, origin=origin)

    def names(self) -> list[str]:
        self._load_builtins()
        self._load_plugins()
        return sorted(self._entries)

    def broken(self) -> dict[str, str]:
        """Installed plug-ins that failed to import: name -> one-line reason (``bench models`` warns)."""
        self.names()
        return dict(self._broken)

    def entries(self) -> list[Entry]:
        return [self._entries[n] for n in self.names()]

    def get(self, name: str) -> Entry:
        self._load_builtins()
        if name not in self._entries:
            self._load_plugins()
        if name not in self._entries and name in self._broken:
            raise PluginError(self._broken[name] + "; fix or reinstall that package")
        if name not in self._entries:
            available = self.names()
            close = difflib.get_close_matches(name, available, n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UnknownComponent(
                f"unknown {self.kind} {name!r}.{hint} Available: {', '.join(available)}"
            )
        return self._entries[name]

    def create(self, spec: str, options: Mapping[str, Any] | None = None) -> T:
        """Build a component: options checked against the declaration, the result against the protocol."""
        parsed = parse_spec(spec)
        entry = self.get(parsed.name)
        options = dict(options or {})
        declared = entry.options
        if declared is not None and entry.extra_options is None:
            check_known(parsed.text, entry.name, options, declared, kind=self.kind)
        try:
            component = entry.factory(parsed.argument, options)
        except BenchError:
            raise
        except Exception as exc:
            if not entry.is_plugin:
                raise  # a built-in that breaks is a bug: keep the traceback
            first = (str(exc).strip().splitlines() or [""])[0]
            raise PluginError(
                f"{entry.label(self.kind)} failed to build {parsed.text!r}: {type(exc).__name__}: {first}"
                f"; its entry point must name a factory (argument, options) -> {self.kind}, see docs/plugins.md"
            ) from None
        self._check_contract(entry, component)
        return component

    def _check_contract(self, entry: Entry, component: Any) -> None:
        missing = [m for m in self.methods if not callable(getattr(component, m, None))]
        if not missing:
            return
        what = "a function" if callable(component) and hasattr(component, "__code__") else f"a {type(component).__name__}"
        if isinstance(component, type):
            what = f"the class {component.__name__} (not an instance)"
        wanted = " and ".join(f"{m}()" for m in self.methods)
        raise PluginError(
            f"{entry.label(self.kind)} returned {what}, expected an object with {wanted}; see docs/plugins.md"
        )
