"""The HTML report rendered in headless Chromium: tables, heatmap cells, marked sentences, no network.

The site is built from the committed runs in results/ plus one run made on the spot whose summary
claims an agreement the articles deny, so that contradicted facts (red) are on the pages too. Every
expectation is read from the run records, never written into the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.data.load import load_tasks
from benchmark.records.store import iter_runs
from benchmark.report import build_report
from tests.browser import Browser, chromium_path
from tests.gate_summaries import CLAIMS_AGREEMENT

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (make install-test installs "
                       "Debian's chromium where apt-get runs as root; elsewhere: apt-get install chromium)"),
]


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    runs = root / "runs"
    shutil.copytree(ROOT / "results", runs)
    preds = root / "claims.jsonl"
    tasks = load_tasks(None).tasks
    preds.write_text("".join(json.dumps({"id": t.id, "summary": CLAIMS_AGREEMENT}) + "\n" for t in tasks))
    env = dict(os.environ, NEWSBENCH_CACHE_DIR=str(root / "cache"))
    subprocess.run([sys.executable, "-m", "benchmark.cli.main", "run", "--model", f"file:{preds}", "--config", "all",
                    "--runs-dir", str(runs), "--quiet"], check=True, env=env, cwd=root, timeout=600)
    # a summarizer that fails on the two-article task (a partial run: flagged, not ranked) and one that
    # fails on every task (status failed: listed, not ranked)
    script = root / "fails_on_events.py"
    script.write_text("import sys\ntext = sys.stdin.read()\nif '-----' in text:\n    sys.exit(3)\n"
                      "print(text.split('. ')[0] + '.')\n")
    for spec in (f'cmd:"{sys.executable} {script}"', f'cmd:"{sys.executable} -c \'raise SystemExit(3)\'"'):
        subprocess.run([sys.executable, "-m", "benchmark.cli.main", "run", "--model", spec, "--config", "all",
                        "--runs-dir", str(runs), "--quiet", "--allow-failures"], check=True, env=env, cwd=root, timeout=600)
    # ... and a run that was interrupted before it had results
    manifest = json.loads(next(runs.glob("lead-3-*/manifest.json")).read_text())
    manifest.update(run_id="lead-2-all-interrupted", status="interrupted", summarizer={"text": "lead-2"},
                    error="interrupted; run the same command again to resume from the cache")
    (runs / "lead-2-all-interrupted").mkdir()
    (runs / "lead-2-all-interrupted" / "manifest.json").write_text(json.dumps(manifest))
    # ... and one whose record is damaged (results.json cut short)
    shutil.copytree(next(runs.glob("lead-1-*")), runs / "lead-1-all-damaged")
    (runs / "lead-1-all-damaged" / "results.json").write_text('{"signature": ')
    build_report(root / "site", runs)
    return root / "site", runs


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def records(runs: Path) -> dict[str, dict]:
    """The records of every run with results (raw JSON, read apart from the code under test)."""
    out = {}
    for run in iter_runs(runs):
        if not run.is_trusted() or run.path.name.endswith("-damaged"):  # status failed is not trusted either
            continue
        scores = {row["id"]: row for row in run.scores()}
        out[run.run_id] = {"manifest": run.manifest(), "results": run.results(), "scores": scores}
    return out


def assert_offline(page) -> None:
    assert page.requests, "the network monitor saw no request at all"
    outside = [u for u in page.requests if not u.startswith("file://")]
    assert outside == [], f"the page requested {outside}"
    assert page.messages == [], page.messages


def test_the_network_monitor_sees_a_request_to_another_host(browser, tmp_path):
    page_file = tmp_path / "leaky.html"
    page_file.write_text('<!doctype html><img src="http://example.invalid/pixel.png">')
    page = browser.open(page_file.as_uri())
    assert "http://example.invalid/pixel.png" in page.requests


def test_leaderboard_page_shows_every_run_with_intervals_and_draws_its_charts_offline(browser, site):
    out, runs = site
    page = browser.open((out / "index.html").as_uri())
    assert_offline(page)
    assert any(u.endswith("/assets/vega.min.js") for u in page.requests)
    rows = page.js("""Array.from(document.querySelectorAll('table.leaderboard tbody tr')).map(r => ({
        run: r.dataset.run, rank: r.querySelector('td.rank').textContent.trim(),
        flag: (r.querySelector('td.system .flag') || {textContent: ''}).textContent,
        fact: r.children[2].textContent.trim()}))""")
    recs = records(runs)
    assert sorted(r["run"] for r in rows) == sorted(recs)
    for r in rows:
        fc = recs[r["run"]]["results"]["aggregate"]["all"]["fact_coverage"]
        assert r["fact"] == f"{fc['mean'] * 100:.1f}[{fc['low'] * 100:.1f}, {fc['high'] * 100:.1f}]"
    failed = [r for r in rows if recs[r["run"]]["results"]["counts"]["failed"]]
    assert len(failed) == 1 and failed[0]["rank"] == "–" and "partial: 1 of 3 tasks failed" in failed[0]["flag"]
    ranked = [r for r in rows if r not in failed]
    assert [int(r["rank"]) for r in ranked] == list(range(1, len(ranked) + 1))
    assert rows[-1] == failed[0]  # below every ranked row
    means = [recs[r["run"]]["results"]["aggregate"]["all"]["fact_coverage"]["mean"] for r in ranked]
    assert means == sorted(means, reverse=True)
    unfinished = page.js("Array.from(document.querySelectorAll('#unfinished tbody tr')).map(r => r.textContent)")
    assert len(unfinished) == 2
    assert any("lead-2-all-interrupted" in u and "interrupted" in u for u in unfinished)
    assert any("raise SystemExit(3)" in u and "failed" in u and "3 of 3 tasks failed" in u for u in unfinished)
    damaged = page.js("Array.from(document.querySelectorAll('#skipped li')).map(li => li.textContent)")
    assert len(damaged) == 1 and "lead-1-all-damaged" in damaged[0] and "results.json" in damaged[0]
    assert page.js("document.querySelectorAll('div.chart[data-rendered=\"true\"] svg').length") == 2
    chart_text = page.js("Array.from(document.querySelectorAll('div.chart svg text')).map(t => t.textContent)")
    for rec in recs.values():
        assert rec["manifest"]["summarizer"]["text"] in chart_text
    signature = page.js("document.querySelector('aside.sig code.signature').textContent")
    judge = next(f for f in next(iter(recs.values()))["results"]["signature"].split("|") if f.startswith("judge:"))
    assert judge in signature and "seed:" not in signature and "backend:" not in signature
    assert page.js("document.querySelector('aside.sig table') !== null")  # the judge's measured agreement


def test_heatmap_has_a_cell_for_every_fact_and_system_coloured_by_its_verdict(browser, site):
    out, runs = site
    page = browser.open((out / "facts.html").as_uri())
    assert_offline(page)
    recs = records(runs)
    colours = {"stated": "#2e8540", "missing": "#d9d9d9", "contradicted": "#c62828"}
    for task in load_tasks(None).tasks:
        cells = page.js(f"""Array.from(document.querySelectorAll('section.task[id$="-{task.id}"] svg path[aria-label]'))
            .map(p => [p.getAttribute('aria-label'), p.getAttribute('fill')])""")
        seen = {}
        for label, fill in cells:
            fields = dict(part.split(": ", 1) for part in label.split("; ") if ": " in part)
            seen[(fields["system"], fields["fact"])] = fields["verdict"]
            assert fill == colours[fields["verdict"]], (label, fill)
        expected = {}
        for rec in recs.values():
            verdicts = {f["id"]: f["label"] for f in rec["scores"][task.id]["facts"]}
            for fact in task.keyfacts:
                expected[(rec["manifest"]["summarizer"]["text"], fact.id)] = verdicts[fact.id]
        assert seen == expected
    assert "contradicted" in {v for _, v in seen.items()}


@pytest.mark.parametrize("which", ["claims", "lead-3"])
def test_run_page_marks_the_sentences_that_state_or_contradict_each_fact(browser, site, which):
    out, runs = site
    recs = records(runs)
    run_id = next(r for r in recs if r.startswith(which) or (which == "claims" and "-claim" in r))
    page = browser.open((out / "runs" / f"{run_id}.html").as_uri())
    assert_offline(page)
    n_marked = 0
    for task_id, row in recs[run_id]["scores"].items():
        spans = page.js(f"""Array.from(document.querySelectorAll('#task-{task_id} .summary span.sent')).map(s => ({{
            kind: s.className.replace('sent ', ''), text: s.textContent,
            stated: (s.dataset.stated || '').split(' ').filter(Boolean),
            contradicted: (s.dataset.contradicted || '').split(' ').filter(Boolean),
            bg: getComputedStyle(s).backgroundColor}}))""")
        by_fact = {}
        for s in spans:
            for f in s["stated"]:
                by_fact[f] = ("stated", s)
            for f in s["contradicted"]:
                by_fact[f] = ("contradicted", s)
        for fact in row["facts"]:
            if fact["label"] == "missing":
                assert fact["id"] not in by_fact
                continue
            label, span = by_fact[fact["id"]]
            assert label == fact["label"] and norm(span["text"]) == norm(fact["evidence"])
            n_marked += 1
        backgrounds = {s["kind"]: s["bg"] for s in spans}
        if "stated" in backgrounds:
            assert backgrounds["stated"] == "rgb(223, 241, 227)"  # the stylesheet was loaded
        if "contradicted" in backgrounds:
            assert backgrounds["contradicted"] == "rgb(251, 225, 225)"
        missing = page.js(f"Array.from(document.querySelectorAll('#task-{task_id} li.missing')).map(li => li.dataset.fact)")
        assert sorted(missing) == sorted(f["id"] for f in row["facts"] if f["label"] == "missing")
        assert page.js(f"document.querySelector('#task-{task_id} a[href=\"../articles/{task_id}.html\"]') !== null")
    assert n_marked > 0
    if which == "claims":
        assert page.js("document.querySelectorAll('.summary span.sent.contradicted').length") > 0
    manifest = page.js("document.querySelector('dl.manifest').textContent")
    assert recs[run_id]["manifest"]["signature"] in manifest


def test_article_page_marks_every_evidence_quote(browser, site):
    out, _ = site
    for task in load_tasks(None).tasks:
        page = browser.open((out / "articles" / f"{task.id}.html").as_uri())
        assert_offline(page)
        marks = page.js("Array.from(document.querySelectorAll('article.doc mark')).map(m => [m.dataset.facts, m.textContent])")
        marked_text = {}
        for facts, text in marks:
            for f in facts.split():
                marked_text[f] = marked_text.get(f, "") + text
        for fact in task.keyfacts:
            for ev in fact.evidence:
                assert ev.quote in marked_text.get(fact.id, ""), (fact.id, ev.quote)
            if fact.evidence:
                assert page.js(f"document.getElementById('ev-{fact.id}') !== null")


def test_diff_page_lists_the_newly_contradicted_fact(browser, site):
    out, runs = site
    recs = records(runs)
    claims = next(r for r in recs if "-claim" in r)
    diff = next((out / "diffs").glob(f"*--{claims}.html"))
    page = browser.open(diff.as_uri())
    assert_offline(page)
    rows = page.js("Array.from(document.querySelectorAll('tr.contradicted')).map(r => r.dataset.fact)")
    leader = diff.name.split("--")[0]
    expected = [
        f["id"] for tid, row in recs[claims]["scores"].items() for f in row["facts"]
        if f["label"] == "contradicted"
        and next(g for g in recs[leader]["scores"][tid]["facts"] if g["id"] == f["id"])["label"] != "contradicted"
    ]
    assert expected and sorted(rows) == sorted(expected)
    assert page.js("document.querySelector('p.flag')") is None  # one table: no signature warning


def test_pages_of_a_failed_and_an_interrupted_run_say_what_went_wrong(browser, site):
    out, runs = site
    recs = records(runs)
    failed = next(r for r, rec in recs.items() if rec["results"]["counts"]["failed"])
    page = browser.open((out / "runs" / f"{failed}.html").as_uri())
    assert_offline(page)
    errors = page.js("Array.from(document.querySelectorAll('section.task p.error')).map(p => p.textContent)")
    assert len(errors) == 1 and errors[0].startswith("The summarizer failed on this task:")
    assert "not ranked" in page.js("document.querySelector('p.run-id').textContent")
    page = browser.open((out / "runs" / "lead-2-all-interrupted.html").as_uri())
    assert "run the same command again" in page.js("document.querySelector('p.error').textContent")
