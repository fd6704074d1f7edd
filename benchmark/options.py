"""Typed reading of ``-M key=value`` options, shared by every summarizer and judge.

Options arrive as strings from the CLI (or as Python values from code). A component reads each option
it understands with a typed getter and then calls ``finish()``, which rejects anything left over so that
a misspelt option fails loudly instead of being ignored.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from .errors import PluginError


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
    def __init__(self, component: str, options: Mapping[str, Any] | None):
        self.component = component
        self._raw = dict(options or {})
        self._used: dict[str, Any] = {}

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
