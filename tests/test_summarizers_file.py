"""``file:PATH`` predictions: a good file, every malformed case, unknown and missing ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark.errors import PredictionsError
from benchmark.summarizers import create_summarizer
from benchmark.types import Failed
from helpers import make_task


TASKS = [make_task(t, title="A title", reference="The article has two sentences.") for t in ("t1", "t2", "t3")]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_lines() -> list[str]:
    return [json.dumps({"id": t.id, "summary": f"Summary of {t.id}.\nSecond line.", "model": "x"}) for t in TASKS]


def test_a_good_file_gives_each_task_its_summary(tmp_path):
    path = write_lines(tmp_path / "preds.jsonl", good_lines()[::-1] + [""])
    summarizer = create_summarizer(f"file:{path}")
    assert summarizer.summarize(TASKS) == [f"Summary of {t.id}.\nSecond line." for t in TASKS]
    assert summarizer.cacheable is False
    spec = summarizer.spec()
    assert (spec.name, spec.argument) == ("file", str(path))
    assert spec.version is not None and spec.version.startswith("sha256:")
    # The spec changes with the file's content, so a run records exactly what it scored.
    write_lines(path, good_lines()[:2] + [json.dumps({"id": "t3", "summary": "Different."})])
    assert create_summarizer(f"file:{path}").spec().version != spec.version


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path):
    path = tmp_path / "preds.jsonl"
    path.write_bytes(("\ufeff" + "\r\n".join(good_lines()) + "\r\n").encode("utf-8"))
    assert create_summarizer(f"file:{path}").summarize(TASKS)[0] == "Summary of t1.\nSecond line."


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ('{"id": "t2", "summary": "unterminated', r':2: malformed JSON \(Unterminated string'),
        ('["t2", "a summary"]', r":2: expected a JSON object .*got an array"),
        ('{"summary": "no id here"}', r':2: field "id": missing'),
        ('{"id": 2, "summary": "numeric id"}', r':2: field "id": must be a string, got a number'),
        ('{"id": "t2"}', r':2: field "summary": missing'),
        ('{"id": "t2", "summary": null}', r':2: field "summary": must be a string, got null'),
        ('{"id": "t2", "summary": ""}', r':2: field "summary": empty summary'),
        ('{"id": "t2", "summary": "  \\n "}', r':2: field "summary": empty summary'),
        ('{"id": "t1", "summary": "again"}', r':2: field "id": duplicate id \'t1\' \(first on line 1\)'),
    ],
)
def test_malformed_lines_name_file_line_and_field(tmp_path, bad_line, expected):
    lines = good_lines()
    lines[1] = bad_line
    path = write_lines(tmp_path / "preds.jsonl", lines)
    with pytest.raises(PredictionsError, match=expected) as info:
        create_summarizer(f"file:{path}")
    message = str(info.value)
    assert message.startswith(f"{path}:2: ")
    assert "\n" not in message


def test_non_utf8_bytes_name_the_line(tmp_path):
    path = tmp_path / "preds.jsonl"
    lines = [line.encode("utf-8") for line in good_lines()]
    lines[2] = b'{"id": "t3", "summary": "caf\xe9"}'
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(PredictionsError, match=r"preds.jsonl:3: not valid UTF-8 \(byte 29 of the line\)"):
        create_summarizer(f"file:{path}")


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(PredictionsError, match="no such predictions file"):
        create_summarizer(f"file:{tmp_path / 'nope.jsonl'}")


def test_predictions_for_unknown_ids_are_refused_unless_ignored(tmp_path):
    lines = good_lines() + [json.dumps({"id": "zz-other-config", "summary": "Somebody else's task."})]
    path = write_lines(tmp_path / "preds.jsonl", lines)
    with pytest.raises(PredictionsError) as info:
        create_summarizer(f"file:{path}").summarize(TASKS)
    message = str(info.value)
    assert "zz-other-config" in message and "(line 4)" in message
    assert "--config all" in message and "-M ignore_unknown=true" in message
    relaxed = create_summarizer(f"file:{path}", {"ignore_unknown": "true"})
    assert relaxed.summarize(TASKS)[2] == "Summary of t3.\nSecond line."
    assert relaxed.spec().options["ignore_unknown"] is True


def test_missing_ids_are_refused_unless_allowed_then_recorded_as_failures(tmp_path):
    path = write_lines(tmp_path / "preds.jsonl", good_lines()[:1])
    with pytest.raises(PredictionsError, match=r"no prediction for 2 of 3 task\(s\): t2, t3; .*-M allow_missing=true"):
        create_summarizer(f"file:{path}").summarize(TASKS)
    out = create_summarizer(f"file:{path}", {"allow_missing": "yes"}).summarize(TASKS)
    assert out[0] == "Summary of t1.\nSecond line."
    assert out[1] == Failed(f"no prediction for t2 in {path}")
    assert isinstance(out[2], Failed)


def test_a_whole_run_check_lets_the_runner_summarize_in_batches(tmp_path):
    lines = good_lines() + [json.dumps({"id": "t9-other-shard", "summary": "Another shard's task."})]
    path = write_lines(tmp_path / "preds.jsonl", lines)
    summarizer = create_summarizer(f"file:{path}")
    # The run is t1 and t2 (one shard); t3 and t9 belong to the dataset but to another shard.
    summarizer.check_tasks(TASKS[:2], known_ids=[t.id for t in TASKS] + ["t9-other-shard"])
    assert summarizer.summarize(TASKS[:1]) == ["Summary of t1.\nSecond line."]
    assert summarizer.summarize(TASKS[1:2]) == ["Summary of t2.\nSecond line."]
    with pytest.raises(PredictionsError, match=r"ids that are not among the 3 task\(s\) of this run: t9-other-shard"):
        create_summarizer(f"file:{path}").check_tasks(TASKS, known_ids=[t.id for t in TASKS])
