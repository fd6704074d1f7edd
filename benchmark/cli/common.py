"""Helpers every command shares: turning library errors into one-line CLI errors."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import click

from ..errors import BenchError
from ..judges.base import DEFAULT_JUDGE


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
    help="An option for the summarizer, e.g. -M concurrency=4 (repeatable; list them: bench models --options FAMILY).",
)

judge_options = click.option(
    "-J",
    "--judge-option",
    "judge_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="An option for the fact judge, e.g. -J threshold=0.5 (repeatable; list them: bench judges --options NAME).",
)


def judge_options_with_alias(f: Callable[..., Any]) -> Callable[..., Any]:
    """``-J/--judge-option`` for commands whose only component is a judge; ``-M`` stays as a hidden alias."""
    f = click.option("-M", "--option", "alias_options", multiple=True, hidden=True)(f)
    f = judge_options(f)

    @functools.wraps(f)
    def wrapper(*args: Any, alias_options: tuple[str, ...] = (), judge_options: tuple[str, ...] = (),
                **kwargs: Any) -> Any:
        return f(*args, judge_options=tuple(alias_options) + tuple(judge_options), **kwargs)

    return wrapper


def _warn_deprecated(new: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            click.echo(f"warning: {param.opts[0]} is deprecated; use {new}", err=True)
        return value

    return callback


def bootstrap_seed_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--bootstrap-seed`` (every command names the seed of its resampling this way); ``--seed`` is
    kept as a hidden, deprecated alias: it never seeded generation (that is ``-M seed=N``)."""

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--seed", "deprecated_seed", type=int, default=None, hidden=True,
                         callback=_warn_deprecated("--bootstrap-seed"))(f)
        f = click.option("--bootstrap-seed", type=int, default=0, show_default=True, help=help)(f)

        @functools.wraps(f)
        def wrapper(*args: Any, deprecated_seed: int | None = None, **kwargs: Any) -> Any:
            if deprecated_seed is not None:
                kwargs["bootstrap_seed"] = deprecated_seed
            return f(*args, **kwargs)

        return wrapper

    return deco


def run_options(config_default: str | None, config_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """What ``bench run`` and ``bench check`` share: ``-M``, the dataset and config, where records and the
    prediction cache go."""

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--no-cache", is_flag=True, help="Neither read nor write the prediction cache.")(f)
        f = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                         help="Prediction cache folder (default: $NEWSBENCH_CACHE_DIR or ~/.cache/newsbench).")(f)
        f = click.option("--runs-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("runs"),
                         show_default=True, help="Folder the run directory is written into.")(f)
        f = click.option("--config", type=click.Choice(["single", "event", "all"]), default=config_default,
                         show_default=config_default is not None, help=config_help)(f)
        f = click.option("--dataset", default=None,
                         help="A dataset folder built by `bench data build` (default: the packaged benchmark).")(f)
        return model_options(f)

    return deco


def judge_option(dest: str = "judge") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--judge SPEC``, defaulting to the one default judge."""
    return click.option("--judge", dest, default=DEFAULT_JUDGE, show_default=True,
                        help="Fact judge spec (see `bench judges`).")


def scoring_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options that change how predictions are scored (all recorded in the signature)."""
    f = bootstrap_seed_option("Seed of the bootstrap intervals (recorded in the signature).")(f)
    f = click.option("--bootstrap", type=click.IntRange(min=1), default=1000, show_default=True,
                     help="Bootstrap resamples for the 95% intervals.")(f)
    f = judge_options(f)
    f = judge_option()(f)
    f = click.option("--no-truncate", is_flag=True,
                     help="Score summaries at full length instead of cutting them to the task's word budget.")(f)
    return f


def scoring_settings_from(values: dict[str, Any]):
    from ..options import parse_option_pairs
    from ..pipeline.score import ScoringSettings

    return ScoringSettings(
        truncate=not values["no_truncate"],
        judge=values["judge"],
        judge_options=parse_option_pairs(values["judge_options"]),
        n_resamples=values["bootstrap"],
        seed=values["bootstrap_seed"],
    )
