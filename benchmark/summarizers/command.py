"""``cmd:"COMMAND"`` — any program as a summarizer: task text on stdin, summary on stdout.

The command runs once per task with the task's ``source_text`` on stdin (UTF-8) and the environment
variables ``NEWSBENCH_TASK_ID`` and ``NEWSBENCH_WORD_BUDGET`` set; its stripped stdout is the summary.
The command line is split like a POSIX shell would (``shlex``) and run without a shell unless
``-M shell=true``. Each task has ``-M timeout=60`` seconds; on timeout the whole process group is
killed. ``-M concurrency=N`` runs N tasks at once (not recorded: it does not change outputs). A task whose command times out, exits non-zero or prints
nothing is recorded as failed and the run goes on.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar, Sequence

from ..errors import PluginError
from ..options import Option, OptionReader
from ..types import Failed, Task
from .base import BaseSummarizer, SummaryOutput, summarizers

_STDERR_LINES = 5


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the command and everything it started; only called before the process is reaped."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _stderr_tail(stderr: bytes) -> str:
    lines = [ln for ln in stderr.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    return " | ".join(lines[-_STDERR_LINES:])


class CommandSummarizer(BaseSummarizer):
    """Any program: task text on stdin, summary on stdout (cmd:"python my_summarizer.py")."""

    family: ClassVar[str] = "cmd"
    usage: ClassVar[str] = 'cmd:"COMMAND"'
    cacheable: ClassVar[bool] = True
    OPTIONS = (
        Option("timeout", float, 60.0, "Seconds each task may take (> 0); then the command's process group is killed."),
        Option("concurrency", int, 1, "Tasks run at once (separate processes).", minimum=1),
        Option("shell", bool, False, "Run the command through /bin/sh (pipes, globs, $VARS) instead of splitting it."),
    )

    def __init__(self, argument, options=None):
        super().__init__(argument, options)
        self.options.pop("concurrency", None)  # how fast, not what: kept out of the spec and cache key

    def configure(self, options: OptionReader) -> None:
        if not self.argument or not self.argument.strip():
            raise PluginError('cmd: needs a command, e.g. --model cmd:"python my_summarizer.py"')
        self.shell = options.get("shell")
        self.timeout = options.get("timeout")
        if self.timeout <= 0:
            raise PluginError(f"cmd:{self.argument}: option timeout={self.timeout:g} must be positive")
        self.concurrency = options.get("concurrency")
        if self.shell:
            self.argv: list[str] | str = self.argument
            return
        try:
            argv = shlex.split(self.argument)
        except ValueError as exc:
            raise PluginError(f"cmd:{self.argument}: cannot split the command line ({exc}); check its quotes") from None
        if not argv:
            raise PluginError('cmd: needs a command, e.g. --model cmd:"python my_summarizer.py"')
        if shutil.which(argv[0]) is None:
            raise PluginError(
                f"cmd:{self.argument}: program {argv[0]!r} not found or not executable; check PATH "
                f"(or use -M shell=true for shell syntax)"
            )
        self.argv = argv

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        if self.concurrency == 1 or len(tasks) <= 1:
            return [self.summarize_one(t) for t in tasks]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(tasks))) as pool:
            return list(pool.map(self.summarize_one, tasks))

    def summarize_one(self, task: Task) -> SummaryOutput:
        env = dict(os.environ)
        env["NEWSBENCH_TASK_ID"] = task.id
        env["NEWSBENCH_WORD_BUDGET"] = str(task.word_budget)
        try:
            proc = subprocess.Popen(
                self.argv,
                shell=self.shell,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,  # its own process group, so a timeout kills its children too
            )
        except OSError as exc:
            return Failed(f"could not start the command: {exc}")
        try:
            stdout, stderr = proc.communicate(task.source_text.encode("utf-8"), timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            return Failed(f"timed out after {self.timeout:g} s")
        except BaseException:
            _kill_group(proc)
            proc.communicate()
            raise
        if proc.returncode != 0:
            tail = _stderr_tail(stderr)
            how = f"killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
            return Failed(f"command failed ({how})" + (f": {tail}" if tail else ""))
        try:
            text = stdout.decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            return Failed(f"the command's output is not valid UTF-8 (byte {exc.start + 1})")
        if not text:
            tail = _stderr_tail(stderr)
            return Failed("the command printed nothing on stdout" + (f"; stderr: {tail}" if tail else ""))
        return text


summarizers.register(CommandSummarizer.family, CommandSummarizer)
