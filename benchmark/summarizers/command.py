"""``cmd:"COMMAND"`` — any program as a summarizer: task text on stdin, summary on stdout.

The command runs once per task with the task's ``source_text`` on stdin (UTF-8) and the environment
variables ``NEWSBENCH_TASK_ID`` and ``NEWSBENCH_WORD_BUDGET`` set; its stripped stdout is the summary.
The command line is split like a POSIX shell would (``shlex``) and run without a shell unless
``-M shell=true``. Each task has ``-M timeout=60`` seconds; on timeout the whole process group is
killed. ``-M concurrency=N`` runs N tasks at once (not recorded: it does not change outputs). A task
whose command times out, exits non-zero or prints nothing is recorded as failed and the run goes on.

The cache key hashes every file the command line names (a ``.py`` script with the local modules it
imports), so editing the script invalidates cached summaries; ``-M version=TEXT`` states a version for
code the command line does not name. When the run is interrupted (Ctrl-C, SIGTERM) every running
command's process group is killed; on Linux a command also dies with ``bench`` itself (kill -9).
"""

from __future__ import annotations

import ctypes
import functools
import ctypes.util
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Callable, ClassVar, Iterator, Sequence

from ..errors import PluginError
from ..options import Option, OptionReader
from ..types import ComponentSpec, Failed, Task
from .base import BaseSummarizer, SummaryOutput, summarizers
from .code_hash import command_files, digest

_STDERR_LINES = 5


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the command and everything it started, unless it has already been reaped."""
    if proc.returncode is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@functools.lru_cache(maxsize=1)
def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` asking Linux to SIGKILL the child when ``bench`` dies (even by kill -9)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def preexec() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != parent:  # bench died before prctl took effect
            os._exit(1)

    return preexec


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
        Option("version", str, None, "A version for code the command line does not name (recorded; part of the cache key)."),
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
        options.get("version")  # recorded in the spec (and so in the cache key) when given
        self._live: set[subprocess.Popen] = set()
        self._live_lock = threading.Lock()
        if self.shell:
            self.argv: list[str] | str = self.argument
            self.code_hash = self._hash_named_files(self.argument)
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
        self.code_hash = self._hash_named_files(self.argument)

    @staticmethod
    def _hash_named_files(command: str) -> str | None:
        try:
            tokens = shlex.split(command)
        except ValueError:
            tokens = command.split()
        files = command_files(tokens)
        return digest(files) if files else None

    def spec(self) -> ComponentSpec:
        """The spec; its version hashes the files the command names, so edits invalidate caches."""
        base = super().spec()
        version = f"sha256:{self.code_hash[:16]}" if self.code_hash else None
        return ComponentSpec(
            kind=base.kind, text=base.text, name=base.name, argument=base.argument,
            options=base.options, version=version,
        )

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        out: list[SummaryOutput] = [Failed("no output")] * len(tasks)
        for i, result in self.summarize_each(tasks):
            out[i] = result
        return out

    def summarize_each(self, tasks: Sequence[Task]) -> Iterator[tuple[int, SummaryOutput]]:
        """Each task's output as soon as its command ends; ``concurrency`` commands at a time."""
        if self.concurrency == 1 or len(tasks) <= 1:
            for i, task in enumerate(tasks):
                yield i, self.summarize_one(task)
            return
        pool = ThreadPoolExecutor(max_workers=min(self.concurrency, len(tasks)))
        try:
            pending = {pool.submit(self.summarize_one, t): i for i, t in enumerate(tasks)}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        except BaseException:
            self.kill_all()  # interrupted: no command may outlive the run
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def kill_all(self) -> None:
        with self._live_lock:
            for proc in list(self._live):
                _kill_group(proc)

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
                preexec_fn=_die_with_parent(),
            )
        except OSError as exc:
            return Failed(f"could not start the command: {exc}")
        with self._live_lock:
            self._live.add(proc)
        try:
            return self._finish(proc, task)
        finally:
            with self._live_lock:
                self._live.discard(proc)

    def _finish(self, proc: subprocess.Popen, task: Task) -> SummaryOutput:
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
