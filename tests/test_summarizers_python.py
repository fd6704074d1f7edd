"""``py:module:function`` and ``py:file.py:function``: real modules written to a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from benchmark.errors import PluginError
from benchmark.summarizers import create_summarizer
from benchmark.types import Failed, Summary
from helpers import make_task

USER_MODULE = '''
from benchmark.types import Summary


def first_line(text, prefix=""):
    """The first line after the title: what a trivial user summarizer might do."""
    body = text.split("\\n\\n", 1)[1]
    return prefix + body.splitlines()[0]


def fragile(text):
    if "EXPLODE" in text:
        raise ValueError("cannot summarize this one\\nsecond line of detail")
    return text.split("\\n\\n", 1)[1]


def numeric(text):
    return 42


def blank(text):
    return "   "


def by_task(task):
    return Summary(text=f"{task.id} has {len(task.documents)} document(s)", usage={"tokens": 7})


def batched(texts, sep="|"):
    return [sep.join(t.split()[:2]) for t in texts]


def batched_fragile(tasks):
    if any("EXPLODE" in t.source_text for t in tasks):
        raise RuntimeError("batch broke")
    return [t.id for t in tasks]


def short_batch(texts):
    return texts[:-1]
'''


TASKS = [
    make_task("t1", "Alpha beta gamma.\n\nSecond paragraph."),
    make_task("t2", "EXPLODE now please.\n\nMore."),
    make_task("t3", "Delta epsilon.\n\nEnd."),
]


@pytest.fixture()
def module_file(tmp_path: Path) -> Path:
    path = tmp_path / "my_summarizers.py"
    path.write_text(textwrap.dedent(USER_MODULE), encoding="utf-8")
    return path


def test_a_function_in_a_file_summarizes_each_task(module_file):
    summarizer = create_summarizer(f"py:{module_file}:first_line")
    assert summarizer.summarize(TASKS) == ["Alpha beta gamma.", "EXPLODE now please.", "Delta epsilon."]
    spec = summarizer.spec()
    assert spec.name == "py" and spec.argument == f"{module_file}:first_line"
    assert spec.version is not None and spec.version.startswith("sha256:")


def test_an_importable_module_and_extra_options_as_keyword_arguments(module_file, monkeypatch):
    monkeypatch.syspath_prepend(str(module_file.parent))
    summarizer = create_summarizer("py:my_summarizers:first_line", {"prefix": ">> "})
    assert summarizer.summarize(TASKS[:1]) == [">> Alpha beta gamma."]
    assert dict(summarizer.spec().options) == {"batch": False, "input": "text", "prefix": ">> "}


def test_an_exception_fails_only_its_task(module_file):
    out = create_summarizer(f"py:{module_file}:fragile").summarize(TASKS)
    assert out[0].startswith("Alpha beta gamma.")
    assert out[1] == Failed("ValueError: cannot summarize this one")
    assert out[2].startswith("Delta epsilon.")


def test_non_string_and_empty_results_are_failures(module_file):
    assert create_summarizer(f"py:{module_file}:numeric").summarize(TASKS[:1]) == [
        Failed("the function returned int, expected str")
    ]
    assert create_summarizer(f"py:{module_file}:blank").summarize(TASKS[:1]) == [
        Failed("the function returned an empty summary")
    ]


def test_input_task_passes_the_task_and_summaries_keep_usage(module_file):
    out = create_summarizer(f"py:{module_file}:by_task", {"input": "task"}).summarize(TASKS[:2])
    assert out == [
        Summary(text="t1 has 1 document(s)", usage={"tokens": 7}),
        Summary(text="t2 has 1 document(s)", usage={"tokens": 7}),
    ]


def test_batch_mode_calls_once_with_the_list(module_file):
    out = create_summarizer(f"py:{module_file}:batched", {"batch": "true", "sep": "+"}).summarize(TASKS)
    assert out == ["Title+t1", "Title+t2", "Title+t3"]


def test_a_failing_batch_is_retried_task_by_task(module_file):
    out = create_summarizer(f"py:{module_file}:batched_fragile", {"batch": "true", "input": "task"}).summarize(TASKS)
    assert out == ["t1", Failed("RuntimeError: batch broke"), "t3"]


def test_a_batch_of_the_wrong_length_fails_every_task(module_file):
    out = create_summarizer(f"py:{module_file}:short_batch", {"batch": "true"}).summarize(TASKS)
    assert out == [Failed("the batch function returned 2 item(s) for 3 task(s)")] * 3


def test_import_problems_say_what_to_check(module_file, tmp_path):
    with pytest.raises(PluginError, match="module 'no_such_module_xyz' not found; check the module name"):
        create_summarizer("py:no_such_module_xyz:run")
    with pytest.raises(PluginError, match="has no attribute 'nope'"):
        create_summarizer(f"py:{module_file}:nope")
    with pytest.raises(PluginError, match="no such Python file"):
        create_summarizer(f"py:{tmp_path / 'missing.py'}:run")
    with pytest.raises(PluginError, match="expected py:MODULE:FUNCTION"):
        create_summarizer("py:just_a_module")
    broken = tmp_path / "broken.py"
    broken.write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    with pytest.raises(PluginError, match="importing the file failed: ModuleNotFoundError"):
        create_summarizer(f"py:{broken}:run")
    with pytest.raises(PluginError, match="input='words' must be one of: text, task"):
        create_summarizer(f"py:{module_file}:first_line", {"input": "words"})
