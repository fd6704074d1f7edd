"""``bench judge`` and ``bench meta-eval`` through click's CliRunner, with the real default judge."""

import json

from click.testing import CliRunner

from benchmark.cli.main import cli

SUMMARY = "Around 5,000 people were detained. NATO and Russia agreed to keep talking about missile defence."


def test_bench_judge_answers_good_lines_and_names_the_bad_one():
    lines = [
        json.dumps({"id": "a", "summary": SUMMARY, "keyfacts": [
            "About a thousand people were detained.",
            "NATO and Russia agreed to keep talking about missile defence.",
            "Lavrov met Clinton in Vilnius.",
        ], "reference": "ignored but allowed"}),
        "{broken",
        json.dumps({"id": "c", "summary": "Nothing here."}),
        "",
        json.dumps({"id": "d", "summary": "", "keyfacts": []}),
    ]
    result = CliRunner().invoke(cli, ["judge", "--judge", "align"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "d"]
    assert out[0]["verdicts"] == ["contradicted", "stated", "missing"]
    assert len(out[0]["scores"]) == len(out[0]["evidence"]) == 3
    assert out[0]["evidence"][1] == "NATO and Russia agreed to keep talking about missile defence."
    assert out[0]["evidence"][2] is None
    assert out[1] == {"id": "d", "verdicts": [], "scores": [], "evidence": []}
    assert "line 2: not valid JSON" in result.stderr
    assert "line 3: missing field 'keyfacts'" in result.stderr


def test_bench_judge_reads_an_input_file_and_exits_zero(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "summary": SUMMARY, "keyfacts": ["NATO and Russia will keep talking."]}) + "\n")
    result = CliRunner().invoke(cli, ["judge", "--input", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdicts"] == ["stated"]


def test_bench_judge_rejects_unknown_options_in_one_line():
    result = CliRunner().invoke(cli, ["judge", "-M", "colour=blue"], input="")
    assert result.exit_code != 0
    assert "unknown option(s) colour" in result.output


def test_bench_meta_eval_json_and_table(tmp_path):
    facts = ["About 1,000 people were arrested.", "NATO and Russia will keep talking."]
    rows = []
    for doc in ("d1", "d2"):
        for system, text, labels in (
            ("both", "About 1,000 people were arrested. NATO and Russia will keep talking.", [1, 1]),
            ("one", "About 1,000 people were arrested.", [1, 0]),
            ("zero", "Putin spoke.", [0, 0]),
        ):
            rows.append({"doc_id": doc, "system": system, "summary": text, "keyfacts": facts, "labels": labels,
                         "reference": "About 1,000 people were arrested. NATO and Russia will keep talking."})
    data = tmp_path / "labels.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = CliRunner().invoke(cli, ["meta-eval", "--data", str(data), "--judge", "align", "--json", "--bootstrap", "20", "--bootstrap-seed", "7"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["seed"] == 7 and report["documents"] == 2 and report["pairs"] == 12
    assert [s["name"] for s in report["scorers"]] == ["align@9", "align@9 [stated share]", "rouge1_recall", "rouge2_recall"]
    assert report["scorers"][0]["fact"]["balanced_accuracy"]["value"] == 1.0
    table = CliRunner().invoke(cli, ["meta-eval", "--data", str(data), "--bootstrap", "20"])
    assert table.exit_code == 0 and "doc Pearson" in table.stdout and "seed 0" in table.stdout


def test_bench_meta_eval_bad_line_is_one_line_error(tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"doc_id": "d", "system": "s", "summary": "x", "keyfacts": ["a"], "labels": [1]}\n{"doc_id": 3}\n')
    result = CliRunner().invoke(cli, ["meta-eval", "--data", str(data)])
    assert result.exit_code != 0
    assert "bad.jsonl line 2: field 'doc_id' must be a str" in result.output


def test_bench_judge_reports_a_non_utf8_line_and_answers_the_others(tmp_path):
    good = json.dumps({"id": "x", "summary": SUMMARY, "keyfacts": ["NATO and Russia will keep talking."]})
    later = json.dumps({"id": "y", "summary": SUMMARY, "keyfacts": ["Lavrov met Clinton in Vilnius."]})
    path = tmp_path / "in.jsonl"
    bad = b'{"id": "z", "summary": "caf\xe9"}'
    byte = bad.index(b"\xe9")
    path.write_bytes(good.encode() + b"\n" + bad + b"\n" + later.encode() + b"\n")
    for args, stdin in ((["--input", str(path)], None), ([], path.read_bytes())):
        result = CliRunner().invoke(cli, ["judge", *args], input=stdin)
        assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
        assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["x", "y"]
        assert f"line 2: not UTF-8 text (byte {byte})" in result.stderr


def test_bench_meta_eval_non_utf8_line_is_one_line_error(tmp_path):
    data = tmp_path / "bad.jsonl"
    bad = b'{"doc_id": "d", "system": "t", "summary": "caf\xe9", "keyfacts": ["a"], "labels": [1]}'
    data.write_bytes(b'{"doc_id": "d", "system": "s", "summary": "x", "keyfacts": ["a"], "labels": [1]}\n' + bad + b"\n")
    result = CliRunner().invoke(cli, ["meta-eval", "--data", str(data)])
    assert result.exit_code == 1 and not isinstance(result.exception, UnicodeDecodeError)
    byte = bad.index(b"\xe9")
    assert result.output.strip() == f"Error: bad.jsonl line 2: not UTF-8 text (byte {byte}); save the file as UTF-8"
