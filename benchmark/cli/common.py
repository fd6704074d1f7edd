"""Helpers every command shares: turning library errors into one-line CLI errors."""

from __future__ import annotations

import functools
from typing import Any, Callable

import click

from ..errors import BenchError


def friendly_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a ``BenchError`` raised by the library into a one-line ``click.ClickException``."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except BenchError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


model_options = click.option(
    "-M",
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="An option for the summarizer, e.g. -M max_words=60 (repeatable).",
)
