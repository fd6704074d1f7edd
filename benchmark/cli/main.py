"""The ``bench`` command: a click group whose sub-commands live one per module and load lazily."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__

# command name -> ("module:attribute", one-line help). Each module holds one command (or sub-group);
# listing commands in --help reads this table instead of importing every module.
COMMANDS: dict[str, tuple[str, str]] = {
    "data": ("benchmark.cli.data_cmd:data", "Validate, build and publish the benchmark data."),
    "run": ("benchmark.cli.run_cmd:run", "Run a summarizer over the benchmark, score it, record the run."),
    "score": ("benchmark.cli.score_cmd:score", "Rescore a stored run's predictions."),
    "leaderboard": ("benchmark.cli.leaderboard_cmd:leaderboard", "Regenerate leaderboard.md from stored runs."),
    "models": ("benchmark.cli.list_cmd:models", "List the summarizer families (built-in and plug-ins)."),
    "judges": ("benchmark.cli.list_cmd:judges_cmd", "List the fact judges."),
    "judge": ("benchmark.cli.judge_cmd:judge", "Judge key facts in summaries: JSONL in, verdicts out."),
    "meta-eval": ("benchmark.cli.metaeval_cmd:meta_eval", "Measure a fact judge against human labels."),
    "check": ("benchmark.cli.check_cmd:check", "CI gate: fail when a summarizer regresses."),
    "diff": ("benchmark.cli.diff_cmd:diff", "Compare two runs task by task and fact by fact."),
    "merge": ("benchmark.cli.merge_cmd:merge", "Combine shard runs into one run."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name][0].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


ENV_PREFIX = "NEWSBENCH"
CONTEXT = {"help_option_names": ["-h", "--help"], "auto_envvar_prefix": ENV_PREFIX}


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="newsbench", help="Show the version and exit.")
def cli() -> None:
    """newsbench: score news summarizers on ROUGE and on the key facts they state or contradict.

    Every option can also come from an environment variable NEWSBENCH_<COMMAND>_<OPTION>, e.g.
    NEWSBENCH_RUN_RUNS_DIR=results or NEWSBENCH_RUN_JUDGE=align (an option on the command line wins).

    \b
    Examples:
      bench run --model lead-3
      bench models --options cmd
      bench leaderboard --runs-dir results
    """


def main() -> None:
    cli(prog_name="bench")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
