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


def scoring_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options that change how predictions are scored (all recorded in the signature)."""
    f = click.option("--seed", type=int, default=0, show_default=True, help="Bootstrap seed.")(f)
    f = click.option("--bootstrap", type=click.IntRange(min=0), default=1000, show_default=True,
                     help="Bootstrap resamples for the 95% intervals.")(f)
    f = click.option("-J", "--judge-option", "judge_options", multiple=True, metavar="KEY=VALUE",
                     help="An option for the fact judge (repeatable).")(f)
    f = click.option("--judge", default=None, help="Fact judge (default: align). See `bench judges`.")(f)
    f = click.option("--no-truncate", is_flag=True,
                     help="Score summaries at full length instead of cutting them to the task's word budget.")(f)
    return f


def scoring_settings_from(values: dict[str, Any]):
    from ..options import parse_option_pairs
    from ..judges import DEFAULT_JUDGE
    from ..pipeline.score import ScoringSettings

    return ScoringSettings(
        truncate=not values["no_truncate"],
        judge=values["judge"] or DEFAULT_JUDGE,
        judge_options=parse_option_pairs(values["judge_options"]),
        n_resamples=values["bootstrap"],
        seed=values["seed"],
    )
