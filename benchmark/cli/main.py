"""The ``bench`` command: a click group whose sub-commands live one per module and load lazily."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__

# command name -> "module:attribute"; each module holds one command (or one sub-group).
COMMANDS: dict[str, str] = {
    "data": "benchmark.cli.data_cmd:data",
    "run": "benchmark.cli.run_cmd:run",
    "score": "benchmark.cli.score_cmd:score",
    "leaderboard": "benchmark.cli.leaderboard_cmd:leaderboard",
    "models": "benchmark.cli.list_cmd:models",
    "judges": "benchmark.cli.list_cmd:judges_cmd",
    "judge": "benchmark.cli.judge_cmd:judge",
    "meta-eval": "benchmark.cli.metaeval_cmd:meta_eval",
    "check": "benchmark.cli.check_cmd:check",
    "diff": "benchmark.cli.diff_cmd:diff",
    "merge": "benchmark.cli.merge_cmd:merge",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbench")
def cli() -> None:
    """newsbench: score news summarizers on ROUGE and on the key facts they state or contradict."""


def main() -> None:
    cli(prog_name="bench")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
