"""bench report without a browser: the site of the committed runs, its links, size and bytes; text marking."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.records.store import iter_runs
from benchmark.report import build_report
from benchmark.report.marks import mark_spans, mark_summary
from benchmark.data.load import load_tasks
from benchmark.types import FactVerdict

ROOT = Path(__file__).resolve().parent.parent
MAX_SITE_BYTES = 2_000_000


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.csp: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href", "action", "srcset", "data"):
            if a.get(key):
                self.urls.append(a[key])
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(a.get("content", ""))


def test_site_of_the_committed_runs_is_complete_small_offline_and_deterministic(tmp_path):
    first = build_report(tmp_path / "a", ROOT / "results")
    second = build_report(tmp_path / "b", ROOT / "results")
    assert first.size_bytes() < MAX_SITE_BYTES
    runs = [r.run_id for r in iter_runs(ROOT / "results")]
    tasks = [t.id for t in load_tasks(None).tasks]
    pages = set(first.pages)
    assert {"index.html", "facts.html"} <= pages
    assert {f"runs/{r}.html" for r in runs} <= pages
    assert {f"articles/{t}.html" for t in tasks} <= pages
    files = sorted(p.relative_to(first.out) for p in first.out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second.out) for p in second.out.rglob("*") if p.is_file())
    for rel in files:
        assert (first.out / rel).read_bytes() == (second.out / rel).read_bytes(), rel
    for rel in first.pages:
        page = first.out / rel
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.csp and "default-src 'none'" in parser.csp[0], rel
        for url in parser.urls:
            assert "//" not in url and not url.startswith(("/", "data:", "javascript:")), (rel, url)
            target = url.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (rel, url)


def test_report_cli_writes_a_diff_page_and_refuses_a_folder_that_is_not_a_run(tmp_path):
    runs = sorted(iter_runs(ROOT / "results"), key=lambda r: r.run_id)
    a, b = str(runs[0].path), str(runs[1].path)
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["report", "--out", str(out), "--diff", a, b])
    assert result.exit_code == 0, result.output
    assert (out / "diffs" / f"{runs[0].run_id}--{runs[1].run_id}.html").is_file()
    assert (out / "runs" / f"{runs[0].run_id}.html").is_file() and not (out / "runs" / f"{runs[2].run_id}.html").exists()
    bad = CliRunner().invoke(cli, ["report", str(tmp_path), "--out", str(tmp_path / "x")])
    assert bad.exit_code == 1 and "is not a run directory" in bad.output and "Traceback" not in bad.output


def test_summary_is_cut_as_it_was_scored_and_verdicts_find_their_sentences():
    summary = "NATO met Russia.\nThey did not agree. Talks go on and on and on"
    verdicts = [
        FactVerdict("met", 2, "stated", 0.9, "NATO met Russia."),
        FactVerdict("agree", 3, "contradicted", 0.1, "They did not agree."),
        FactVerdict("other", 1, "missing", 0.0, None),
        FactVerdict("ghost", 1, "stated", 0.9, "A sentence the summary does not have."),
    ]
    marked = mark_summary(summary, verdicts, budget=9)
    assert [(s.text, s.kind, s.stated, s.contradicted) for s in marked.sentences] == [
        ("NATO met Russia.", "stated", ("met",), ()),
        ("They did not agree.", "contradicted", (), ("agree",)),
        ("Talks go", "plain", (), ()),
    ]
    assert marked.cut == "on and on and on"
    assert [v.id for v in marked.unplaced] == ["ghost"]
    assert mark_summary(summary, verdicts, budget=None).cut == ""


def test_overlapping_quotes_are_cut_into_pieces_that_carry_every_covering_fact():
    pieces = mark_spans("abcdefgh", [(1, 5, "x"), (3, 7, "y"), (9, 12, "outside")])
    assert [(p.text, p.facts) for p in pieces] == [
        ("a", ()), ("bc", ("x",)), ("de", ("x", "y")), ("fg", ("y",)), ("h", ()),
    ]


def test_report_refuses_to_write_over_a_folder_it_did_not_write(tmp_path):
    precious = tmp_path / "project"
    (precious / "runs").mkdir(parents=True)
    (precious / "runs" / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["report", "--runs-dir", str(ROOT / "results"), "--out", str(precious)])
    assert result.exit_code == 1 and "not written by bench report" in result.output
    assert (precious / "runs" / "keep.txt").read_text() == "mine"
    site = tmp_path / "site"
    for _ in range(2):  # its own folder it rewrites
        again = CliRunner().invoke(cli, ["report", "--runs-dir", str(ROOT / "results"), "--out", str(site)])
        assert again.exit_code == 0, again.output


def test_the_interval_plot_draws_the_metric_tables_charted_shares():
    from benchmark.metrics import CHARTED, METRICS
    from benchmark.records.leaderboard import collect
    from benchmark.report.charts import forest

    assert CHARTED and all(m.scale == 100.0 for m in CHARTED)  # the plot shows shares ×100
    entries = collect(ROOT / "results").tables[0].entries
    spec = forest(entries, {e.run_id: f"runs/{e.run_id}.html" for e in entries})
    rows = [row for values in spec.get("datasets", {}).values() for row in values] or spec["data"]["values"]
    drawn = {row["metric"] for row in rows}
    assert drawn == {m.full_name for m in CHARTED}
    assert {m.full_name for m in METRICS if not m.charted}.isdisjoint(drawn)
