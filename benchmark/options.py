"""Declared, typed ``-M key=value`` options, shared by every summarizer and judge.

A component family declares its options once, as a tuple of ``Option`` on its factory (``OPTIONS``).
That one declaration is what the registry checks a spec's options against before anything runs (an
unknown key is an error), what ``reader.get(name)`` parses and range-checks, and what ``bench models
--options FAMILY`` / ``bench judges --options NAME`` print. Options arrive as strings from the CLI (or
as Python values from code). ``finish()`` rejects anything left over, so a misspelt option fails
loudly instead of being ignored.
"""

from __future__ import annotations

import builtins
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .errors import PluginError

_TYPES = {builtins.str: "text", builtins.int: "integer", builtins.float: "number", builtins.bool: "true/false"}


@dataclass(frozen=True)
class Option:
    """One declared option: its name, type (str, int, float or bool), default and one-line help.

    ``default=None`` means "not set": the option is then neither recorded in the component's spec nor
    passed on. ``minimum`` bounds an int or float; ``choices`` lists the allowed strings.
    """

    name: str
    type: type = builtins.str
    default: Any = None
    help: str = ""
    minimum: float | None = None
    choices: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.type not in _TYPES:
            raise ValueError(f"option {self.name!r}: type must be str, int, float or bool, not {self.type!r}")

    @property
    def type_name(self) -> str:
        if self.choices:
            return "|".join(self.choices)
        name = _TYPES[self.type]
        return f"{name} >= {self.minimum:g}" if self.minimum is not None else name

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type_name, "default": self.default, "help": self.help}


def declared_options(factory: Any) -> tuple[Option, ...] | None:
    """The ``OPTIONS`` a factory declares, or ``None`` when it declares nothing (an older plug-in)."""
    found = getattr(factory, "OPTIONS", None)
    if found is None:
        return None
    found = tuple(found)
    if not all(isinstance(o, Option) for o in found):
        raise PluginError(f"{getattr(factory, '__name__', factory)!r}: OPTIONS must be a tuple of benchmark.options.Option")
    return found


def check_known(component: str, family: str, options: Mapping[str, Any], declared: Sequence[Option],
                kind: str = "summarizer") -> None:
    """Reject options the family does not declare, before the component is built."""
    known = {o.name for o in declared}
    unknown = sorted(k for k in options if k not in known)
    if unknown:
        names = ", ".join(sorted(known)) or "none"
        raise PluginError(
            f"{component}: unknown option(s) {', '.join(unknown)}; {family} understands: {names} "
            f"(see: bench {'judges' if kind == 'judge' else 'models'} --options {family})"
        )


def parse_option_pairs(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["max_words=60", "seed=1"]`` -> ``{"max_words": "60", "seed": "1"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise PluginError(f"option {pair!r} is not key=value (for example: -M max_words=60)")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not key:
            raise PluginError(f"option {pair!r} has an empty key")
        out[key] = value
    return out


class OptionReader:
    def __init__(self, component: str, options: Mapping[str, Any] | None,
                 declared: Sequence[Option] | None = None):
        self.component = component
        self._raw = dict(options or {})
        self._used: dict[str, Any] = {}
        self._declared = {o.name: o for o in declared or ()}

    def get(self, key: str) -> Any:
        """The declared option ``key``, parsed to its type and checked against its minimum/choices."""
        opt = self._declared.get(key)
        if opt is None:
            raise KeyError(f"{self.component}: option {key!r} is read but not declared in OPTIONS")
        getter = {builtins.str: self.str, builtins.int: self.int, builtins.float: self.float, builtins.bool: self.bool}[opt.type]
        if opt.type is builtins.bool:
            value = getter(key, bool(opt.default))
        elif opt.type in (builtins.int, builtins.float):
            value = getter(key, opt.default)
            if value is not None and opt.minimum is not None and value < opt.minimum:
                raise PluginError(f"{self.component}: option {key}={value} must be at least {opt.minimum:g}")
        else:
            value = getter(key, opt.default)
        if opt.choices and value is not None and value not in opt.choices:
            raise PluginError(f"{self.component}: option {key}={value!r} must be one of: {', '.join(opt.choices)}")
        return value

    def _take(self, key: str) -> Any:
        return self._raw.pop(key)

    def str(self, key: str, default: str | None = None) -> str | None:
        if key not in self._raw:
            if default is not None:
                self._used[key] = default
            return default
        value = str(self._take(key))
        self._used[key] = value
        return value

    def int(self, key: str, default: int | None = None, *, minimum: int | None = None) -> int | None:
        if key not in self._raw:
            if default is not None:
                self._used[key] = default
            return default
        raw = self._take(key)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise PluginError(f"{self.component}: option {key}={raw!r} must be an integer") from None
        if minimum is not None and value < minimum:
            raise PluginError(f"{self.component}: option {key}={value} must be at least {minimum}")
        self._used[key] = value
        return value

    def float(self, key: str, default: float | None = None) -> float | None:
        if key not in self._raw:
            if default is not None:
                self._used[key] = default
            return default
        raw = self._take(key)
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise PluginError(f"{self.component}: option {key}={raw!r} must be a number") from None
        if not math.isfinite(value):
            raise PluginError(f"{self.component}: option {key}={raw!r} must be a finite number")
        self._used[key] = value
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        if key not in self._raw:
            self._used[key] = default
            return default
        raw = self._take(key)
        if isinstance(raw, bool):
            value = raw
        elif str(raw).lower() in ("1", "true", "yes", "on"):
            value = True
        elif str(raw).lower() in ("0", "false", "no", "off"):
            value = False
        else:
            raise PluginError(f"{self.component}: option {key}={raw!r} must be true or false")
        self._used[key] = value
        return value

    def finish(self) -> dict[str, Any]:
        """Reject unknown options; return the options actually used (defaults included), sorted."""
        if self._raw:
            known = ", ".join(sorted(self._used)) or "none"
            raise PluginError(
                f"{self.component}: unknown option(s) {', '.join(sorted(self._raw))}; "
                f"options it understands: {known}"
            )
        return dict(sorted(self._used.items()))
