"""The seed-article parser, on the shipped articles and on small articles written here."""

from __future__ import annotations

import pytest

from benchmark.data.seeds import load_articles, parse_article, parse_article_text
from benchmark.errors import DataError
from benchmark.resources import seeds_dir

A000 = "000_e5ebca9a67f22be0"
A002 = "002_cff157bd56992ef1"


@pytest.fixture(scope="module")
def articles():
    return load_articles(seeds_dir())


def test_ids_are_file_stems_in_order(articles):
    assert list(articles) == [A000, A002]


def test_article_000_title_and_raw_metadata_lines(articles):
    a = articles[A000]
    assert a.title == "NATO, Russia fail to defuse missile defence row"
    assert a.metadata_lines == ("0", "147")  # kept verbatim, not interpreted
    assert (a.outlet, a.dateline, a.published, a.updated) == (None, None, None, None)
    assert len(a.paragraphs) == 9
    assert a.paragraphs[0].startswith("NATO and Russia failed to resolve a rift")
    assert a.paragraphs[-1].endswith("just metres from the Kremlin walls.")


def test_article_002_ap_dateline_and_dates(articles):
    a = articles[A002]
    assert a.title == "NATO, Russia say still no agreement on missiles"
    assert (a.outlet, a.dateline) == ("AP", "BRUSSELS")
    assert a.published == "2011-12-09T18:52"
    assert a.updated == "2011-12-09T18:52"
    assert a.metadata_lines == ()
    assert len(a.paragraphs) == 20
    # The dateline is metadata: the body starts with the lede itself.
    assert a.paragraphs[0].startswith("Russia and NATO remain deadlocked")
    assert "BRUSSELS" not in a.text


def test_text_joins_paragraphs_with_blank_lines_and_keeps_them_verbatim(articles):
    raw = (seeds_dir() / f"{A000}.txt").read_text(encoding="utf-8")
    a = articles[A000]
    assert a.text.split("\n\n") == list(a.paragraphs)
    for para in a.paragraphs:
        assert para in raw
    assert "“On missile defence, we do not agree yet,”" in a.text  # curly quotes preserved


def test_parse_small_article_with_unknown_header_lines(tmp_path):
    path = tmp_path / "x1.txt"
    path.write_text("A title\nSection 4\n\nFirst paragraph here.\nSecond paragraph.\n", encoding="utf-8")
    a = parse_article(path)
    assert a.id == "x1"
    assert a.metadata_lines == ("Section 4",)
    assert a.paragraphs == ("First paragraph here.", "Second paragraph.")


def test_bad_date_and_empty_body_fail_with_the_file_named(tmp_path):
    with pytest.raises(DataError, match=r"bad\.txt: line 2: cannot read the date"):
        parse_article_text("T\nPublished : yesterday-ish\n\nBody.", "bad", tmp_path / "bad.txt")
    with pytest.raises(DataError, match="no body text"):
        parse_article_text("Only a title\n0\n", "empty", tmp_path / "empty.txt")
