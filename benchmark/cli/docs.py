"""Render every command's ``--help`` into one Markdown page (docs/cli.md), so the docs cannot go stale.

Regenerate with ``python -m benchmark.cli.docs > docs/cli.md``; a test fails when the file is stale.
"""

from __future__ import annotations

import click

from .main import COMMANDS, cli


def _help(command: click.Command, path: list[str]) -> str:
    ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100)
    return command.get_help(ctx)


def _walk(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, command)]
    if isinstance(command, click.Group) and path != ["bench"]:
        for name in command.list_commands(click.Context(command)):
            sub = command.get_command(click.Context(command), name)
            if sub is not None:
                out.extend(_walk(sub, path + [name]))
    return out


def render() -> str:
    parts = [
        "# `bench` command reference",
        "",
        "Generated from the CLI by `python -m benchmark.cli.docs > docs/cli.md`; do not edit by hand.",
        "",
    ]
    entries = [(["bench"], cli)]
    root_ctx = click.Context(cli)
    for name in sorted(COMMANDS):
        entries.extend(_walk(cli.get_command(root_ctx, name), ["bench", name]))
    for path, command in entries:
        parts += [f"## `{' '.join(path)}`", "", "```text", _help(command, path).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    click.echo(render(), nl=False)
