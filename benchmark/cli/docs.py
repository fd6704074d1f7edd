"""Render every command's ``--help`` into one Markdown page (docs/cli.md), so the docs cannot go stale.

Regenerate with ``python -m benchmark.cli.docs > docs/cli.md``; a test fails when the file is stale.
"""

from __future__ import annotations

import click

from .main import COMMANDS, cli


WIDTH = 100


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    """A context built the way click builds it for a real invocation (settings inherited from parents)."""
    return command.make_context(
        name, [], parent=parent, resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH
    )


def _walk(command: click.Command, ctx: click.Context) -> list[click.Context]:
    out = [ctx]
    if isinstance(command, click.Group) and ctx.parent is not None:
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                out.extend(_walk(sub, _context(sub, name, ctx)))
    return out


def all_contexts() -> list[click.Context]:
    """The root command and every sub-command, each in the context a real invocation would give it."""
    root = _context(cli, "bench", None)
    contexts = [root]
    for name in sorted(COMMANDS):
        sub = cli.get_command(root, name)
        contexts.extend(_walk(sub, _context(sub, name, root)))
    return contexts


def render() -> str:
    parts = [
        "# `bench` command reference",
        "",
        "Generated from the CLI by `python -m benchmark.cli.docs > docs/cli.md`; do not edit by hand.",
        "",
    ]
    for ctx in all_contexts():
        parts += [f"## `{ctx.command_path}`", "", "```text", ctx.get_help().rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    click.echo(render(), nl=False)
