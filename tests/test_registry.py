"""The one registry: spec parsing, did-you-mean, entry points, broken plug-ins."""

from __future__ import annotations

import warnings
from importlib.metadata import EntryPoint

import pytest

from benchmark.errors import PluginError, UnknownComponent
from benchmark.registry import Registry, parse_spec


@pytest.mark.parametrize(
    "text, name, arg",
    [
        ("lead-3", "lead", "3"),
        ("textrank", "textrank", None),
        ("file:preds.jsonl", "file", "preds.jsonl"),
        ("py:my_pkg.mod:summarize", "py", "my_pkg.mod:summarize"),
        ('cmd:"python -c pass"', "cmd", "python -c pass"),
        ("hf:facebook/bart-large-cnn", "hf", "facebook/bart-large-cnn"),
        ("openai:gpt-4o-mini", "openai", "gpt-4o-mini"),
        ("first-words", "first-words", None),
    ],
)
def test_parse_spec(text, name, arg):
    parsed = parse_spec(text)
    assert (parsed.name, parsed.argument) == (name, arg)


def test_empty_spec_is_an_error():
    with pytest.raises(UnknownComponent, match="empty spec"):
        parse_spec("  ")


def _registry() -> Registry:
    reg: Registry = Registry("widget", "benchmark.tests.no_such_group")
    reg.register("lead", lambda arg, opts: ("lead", arg, opts))
    reg.register("lexrank", lambda arg, opts: ("lexrank", arg, opts))
    return reg


def test_create_passes_argument_and_options():
    assert _registry().create("lead-2", {"x": "1"}) == ("lead", "2", {"x": "1"})


def test_unknown_name_suggests_close_names_and_lists_all():
    with pytest.raises(UnknownComponent) as info:
        _registry().create("laed-3")
    msg = str(info.value)
    assert "unknown widget 'laed'" in msg
    assert "Did you mean 'lead'?" in msg
    assert "Available: lead, lexrank" in msg


def test_registering_a_name_twice_fails():
    reg = _registry()
    with pytest.raises(ValueError, match="registered twice"):
        reg.register("lead", lambda a, o: None)


def test_broken_entry_point_is_reported_instead_of_crashing(monkeypatch):
    reg = _registry()
    broken = EntryPoint(name="broken", value="no_such_module_xyz:factory", group=reg.group)
    good = EntryPoint(name="good", value="benchmark.registry:parse_spec", group=reg.group)

    def fake_entry_points(group):
        assert group == reg.group
        return [broken, good]

    monkeypatch.setattr("benchmark.registry.entry_points", fake_entry_points)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no raw UserWarning: the CLI decides how to show it
        names = reg.names()
    assert "good" in names and "broken" not in names
    assert reg.broken() == {
        "broken": "plug-in 'broken' is installed but failed to import: ModuleNotFoundError: "
        "No module named 'no_such_module_xyz'"
    }
    with pytest.raises(PluginError) as info:
        reg.create("broken")
    assert str(info.value) == (
        "plug-in 'broken' is installed but failed to import: ModuleNotFoundError: "
        "No module named 'no_such_module_xyz'; fix or reinstall that package"
    )
