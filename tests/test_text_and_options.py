"""The shared sentence splitter, word rules and option reader."""

from __future__ import annotations

import pytest

from benchmark.errors import PluginError
from benchmark.options import OptionReader, parse_option_pairs
from benchmark.text import count_words, split_sentences, splitter_signature, truncate_words


def test_news_abbreviations_do_not_split():
    text = (
        "Pakistan shut its border after a Nov. 26 U.S. air strike that killed 24 soldiers. "
        "“We listen,” Fogh Rasmussen said. The U.S. has said it is willing."
    )
    assert split_sentences(text) == [
        "Pakistan shut its border after a Nov. 26 U.S. air strike that killed 24 soldiers.",
        "“We listen,” Fogh Rasmussen said.",
        "The U.S. has said it is willing.",
    ]


def test_line_breaks_are_sentence_breaks():
    assert split_sentences("No agreement was reached\nTalks go on.\n\n") == [
        "No agreement was reached",
        "Talks go on.",
    ]


def test_splitter_signature_names_library_and_version():
    assert splitter_signature().startswith("nupunkt-")


def test_truncate_keeps_line_breaks_and_counts_words():
    text = "one two three\nfour five\nsix"
    assert truncate_words(text, 4) == "one two three\nfour"
    assert truncate_words(text, 10) == text
    assert truncate_words(text, 0) == ""
    assert count_words(text) == 6


def test_option_pairs():
    assert parse_option_pairs(["max_words=60", "prompt=a=b"]) == {"max_words": "60", "prompt": "a=b"}
    with pytest.raises(PluginError, match="not key=value"):
        parse_option_pairs(["max_words"])


def test_option_reader_types_defaults_and_unknowns():
    r = OptionReader("lead-3", {"n": "4", "flag": "yes", "ratio": "0.5"})
    assert r.int("n", 3) == 4
    assert r.bool("flag") is True
    assert r.float("ratio") == 0.5
    assert r.str("name", "x") == "x"
    assert r.finish() == {"flag": True, "n": 4, "name": "x", "ratio": 0.5}

    r = OptionReader("lead-3", {"seeed": "1"})
    r.int("seed", 0)
    with pytest.raises(PluginError, match=r"unknown option\(s\) seeed; options it understands: seed"):
        r.finish()

    with pytest.raises(PluginError, match="must be an integer"):
        OptionReader("x", {"n": "three"}).int("n")
    with pytest.raises(PluginError, match="at least 1"):
        OptionReader("x", {"n": "0"}).int("n", minimum=1)


def test_declared_options_parse_check_and_record_defaults():
    from benchmark.options import Option, check_known

    declared = (
        Option("n", int, 3, "count", minimum=1),
        Option("mode", str, "text", "mode", choices=("text", "task")),
        Option("limit", float, None, "not set unless given"),
        Option("flag", bool, False, "a switch"),
    )
    r = OptionReader("x", {"n": "4", "mode": "task"}, declared)
    assert (r.get("n"), r.get("mode"), r.get("limit"), r.get("flag")) == (4, "task", None, False)
    assert r.finish() == {"flag": False, "mode": "task", "n": 4}  # None defaults are not recorded
    with pytest.raises(PluginError, match=r"^x: option n=0 must be at least 1$"):
        OptionReader("x", {"n": "0"}, declared).get("n")
    with pytest.raises(PluginError, match=r"^x: option mode='both' must be one of: text, task$"):
        OptionReader("x", {"mode": "both"}, declared).get("mode")
    with pytest.raises(KeyError, match="not declared"):
        OptionReader("x", {}, declared).get("other")
    with pytest.raises(PluginError, match=r"^x-1: unknown option\(s\) m, z; x understands: flag, limit, mode, n "
                                          r"\(see: bench models --options x\)$"):
        check_known("x-1", "x", {"z": "1", "m": "2", "n": "3"}, declared)
    assert [o.type_name for o in declared] == ["integer >= 1", "text|task", "number", "true/false"]
    with pytest.raises(ValueError, match="type must be"):
        Option("bad", list)
