"""``cmd:"COMMAND"``: real subprocesses — a working one, a crashing one, a hanging one."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

import pytest

from benchmark.errors import PluginError
from benchmark.summarizers import create_summarizer
from benchmark.types import Failed
from helpers import make_task

PY = shlex.quote(sys.executable)


TASKS = [
    make_task("t1", "Café owners in the U.S. met on Nov. 26.\n\nThey talked.", word_budget=60),
    make_task("t2", "HANG here.\n\nNothing else.", word_budget=60),
    make_task("t3", "CRASH here.\n\nNothing else.", word_budget=60),
    make_task("t4", "Last task body.\n\nDone.", word_budget=60),
]

SCRIPT = r'''
import os, sys, time
text = sys.stdin.buffer.read().decode("utf-8")
body = text.split("\n\n", 1)[1]
if "HANG" in body:
    time.sleep(60)
if "CRASH" in body:
    print("starting", file=sys.stderr)
    print("Traceback: something broke", file=sys.stderr)
    sys.exit(3)
line = body.splitlines()[0]
sys.stdout.buffer.write(f"[{os.environ['NEWSBENCH_TASK_ID']}/{os.environ['NEWSBENCH_WORD_BUDGET']}] {line}\n".encode("utf-8"))
'''


@pytest.fixture(scope="module")
def script(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cmd") / "summarize.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_a_program_reads_stdin_and_its_stdout_is_the_summary(script):
    summarizer = create_summarizer(f'cmd:"{sys.executable} {script}"')
    out = summarizer.summarize([TASKS[0], TASKS[3]])
    assert out == ["[t1/60] Café owners in the U.S. met on Nov. 26.", "[t4/60] Last task body."]
    assert summarizer.cacheable is True
    # concurrency says how fast, not what: it is kept out of the spec and so out of the cache key
    assert dict(summarizer.spec().options) == {"shell": False, "timeout": 60.0}


def test_crash_and_hang_fail_their_tasks_and_the_rest_go_on(script):
    summarizer = create_summarizer(f"cmd:{PY} {script}", {"timeout": "1", "concurrency": "2"})
    out = summarizer.summarize(TASKS)
    assert out[0] == "[t1/60] Café owners in the U.S. met on Nov. 26."
    assert out[1] == Failed("timed out after 1 s")
    assert out[2] == Failed("command failed (exit code 3): starting | Traceback: something broke")
    assert out[3] == "[t4/60] Last task body."


def test_a_timeout_kills_the_children_of_the_command_too(tmp_path):
    marker = tmp_path / "child-survived"
    # The shell starts a child that would write the marker after 1 s; the group kill must stop it.
    command = f"(sleep 1 && touch {shlex.quote(str(marker))}) & sleep 30"
    out = create_summarizer(f"cmd:{command}", {"shell": "true", "timeout": "0.3"}).summarize(TASKS[:1])
    assert out == [Failed("timed out after 0.3 s")]
    time.sleep(2)  # well past the moment the child would have written the marker
    assert not marker.exists()


def test_empty_output_and_bad_utf8_are_failures():
    silent = create_summarizer(f'cmd:{PY} -c "import sys; sys.stdin.read(); print(\'  \')"')
    assert silent.summarize(TASKS[:1]) == [Failed("the command printed nothing on stdout")]
    latin = create_summarizer(f"cmd:{PY} -c \"import sys; sys.stdout.buffer.write(b'caf\\xe9')\"")
    assert latin.summarize(TASKS[:1]) == [Failed("the command's output is not valid UTF-8 (byte 4)")]


def test_shell_mode_runs_shell_syntax():
    out = create_summarizer("cmd:head -n 1 | tr a-z A-Z", {"shell": "true"}).summarize(TASKS[:1])
    assert out == ["TITLE T1"]


def test_bad_commands_fail_when_the_summarizer_is_built():
    with pytest.raises(PluginError, match="program 'no-such-program-xyz' not found"):
        create_summarizer("cmd:no-such-program-xyz --flag")
    with pytest.raises(PluginError, match="check its quotes"):
        create_summarizer("cmd:echo 'unbalanced")
    with pytest.raises(PluginError, match="timeout=0 must be positive"):
        create_summarizer("cmd:cat", {"timeout": "0"})
    with pytest.raises(PluginError, match="concurrency=0 must be at least 1"):
        create_summarizer("cmd:cat", {"concurrency": "0"})
    with pytest.raises(PluginError, match=r"unknown option\(s\) jobs; cmd understands: concurrency, shell, timeout"):
        create_summarizer("cmd:cat", {"jobs": "2"})
