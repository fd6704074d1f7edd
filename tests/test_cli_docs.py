"""docs/cli.md is generated from the CLI; it must match what the commands say about themselves."""

from __future__ import annotations

from pathlib import Path

from benchmark.cli.docs import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: regenerate it with  python -m benchmark.cli.docs > docs/cli.md"
    )


def test_every_command_loads_and_has_help():
    text = render()
    for name in ("run", "score", "leaderboard", "data validate", "data build", "judge", "meta-eval", "check", "diff", "merge"):
        assert f"## `bench {name}`" in text, name
