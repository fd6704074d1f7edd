"""The ``newsbench`` pytest fixture: gate a summarizer on the facts it states, inside a test suite.

Installed with the package (entry point ``pytest11``), so any project that has newsbench installed can
write::

    def test_summarizer_keeps_the_facts(newsbench):
        result = newsbench.run("py:my_pkg.summarize:summarize")
        assert result.fact_coverage >= 0.7
        assert result.stated("no-agreement")
        result.assert_no_regression(baseline="results/my_model.json", tolerance=0.02)

``newsbench.run(spec, config="all", scoring=None, use_cache=True, **options)`` runs the summarizer over
the packaged dataset (or ``--newsbench-dataset PATH``), through the prediction cache, and returns a
``RunHandle``. Runs are made once per session for the same arguments. Command-line options:

* ``--newsbench-dataset PATH``: a dataset folder built by ``bench data build``;
* ``--newsbench-runs-dir DIR``: where run directories go (default: a folder under pytest's tmp dir);
* ``--newsbench-cache-dir DIR``: the prediction cache (default: ``$NEWSBENCH_CACHE_DIR`` or
  ``~/.cache/newsbench``);
* ``--newsbench-update-baselines``: ``assert_no_regression`` writes the baseline file instead of
  comparing (use it once to create a baseline, and again when a change is intended).

A baseline path that is relative is taken from pytest's rootdir. A missing baseline fails the test with
the command that creates it. When a test that used the fixture fails, its report gets a section with
every fact verdict of the runs it made (per task, with the summary sentence that decided it), so a
plain ``assert result.fact_coverage >= 0.7`` is explained by more than two numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pytest

_STASH_KEY: "pytest.StashKey[NewsbenchSession]" = pytest.StashKey()


class RegressionFailure(AssertionError):
    """``assert_no_regression`` found a regression; the message is the full report."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("newsbench", "newsbench summarization benchmark")
    group.addoption("--newsbench-dataset", default=None, metavar="PATH",
                    help="Dataset folder built by `bench data build` (default: the packaged benchmark).")
    group.addoption("--newsbench-runs-dir", default=None, metavar="DIR",
                    help="Where newsbench run directories go (default: under pytest's tmp dir).")
    group.addoption("--newsbench-cache-dir", default=None, metavar="DIR",
                    help="Prediction cache folder (default: $NEWSBENCH_CACHE_DIR or ~/.cache/newsbench).")
    group.addoption("--newsbench-update-baselines", action="store_true", default=False,
                    help="assert_no_regression writes the baseline files instead of comparing.")


# -- fact checks that explain themselves ----------------------------------------------------------------


@dataclass(frozen=True)
class FactCheck:
    """The answer to ``stated()`` / ``contradicted()``: truthy or falsy, and says why.

    ``explain()`` gives one line per task; ``repr`` is one compact line (what pytest shows after
    ``assert``); the fixture adds the full explanation to the failing test's report.
    """

    fact: str
    question: str  # "stated" | "contradicted"
    value: bool
    per_task: tuple[tuple[str, str, str | None], ...]  # (task id, label, deciding sentence)

    def __bool__(self) -> bool:
        return self.value

    def explain(self) -> str:
        from .records.report import quote

        verb = "is" if self.value else "is not"
        if self.question == "contradicted":
            scope = "in at least one task" if self.value else "in any task"
        else:
            scope = "in every task that has it"
        lines = [f"fact {self.fact!r} {verb} {self.question} {scope}:"]
        for task, label, sentence in self.per_task:
            where = "by" if label == "contradicted" else "in"
            lines.append(f"  {task}: {label}" + (f" {where} {quote(sentence)}" if sentence else ""))
        return "\n".join(lines)

    def __repr__(self) -> str:
        # one short line (pytest cuts longer reprs): the tasks that answer the question, grouped by
        # verdict and sentence
        wanted = "contradicted" if self.question == "contradicted" else "stated"
        shown = [p for p in self.per_task if (p[1] == wanted) == self.value] or list(self.per_task)
        groups: dict[tuple[str, str | None], list[str]] = {}
        for task, label, sentence in shown:
            groups.setdefault((label, sentence), []).append(task[:8])
        parts = []
        for (label, sentence), tasks in groups.items():
            bit = f"{label} in {', '.join(tasks)}"
            if sentence:
                flat = " ".join(sentence.split())
                bit += f" by “{flat[:48]}{'…' if len(flat) > 48 else ''}”"
            parts.append(bit)
        verdict = self.question if self.value else f"not {self.question}"
        return f"<fact {self.fact!r} {verdict}: {'; '.join(parts)}>"


# -- one run, seen from a test --------------------------------------------------------------------------


class RunHandle:
    """A finished run: metric means as attributes (every metric's short name, e.g. ``rouge1``,
    ``fact_coverage``), fact questions, and the regression gate. ``record`` is the ``RunRecord``."""

    def __init__(self, record: Any, session: "NewsbenchSession", recorder: "_Recorder"):
        self.record = record
        self._session = session
        self._recorder = recorder

    def __repr__(self) -> str:
        return (f"<newsbench run {self.spec} fact_coverage={self._fmt(self.fact_coverage)} "
                f"contradiction_rate={self._fmt(self.contradiction_rate)} rouge1={self._fmt(self.rouge1)}>")

    @staticmethod
    def _fmt(v: float | None) -> str:
        return "None" if v is None else f"{v:.4f}"

    # -- what ran
    @property
    def spec(self) -> str:
        return self.record.model

    @property
    def run_dir(self) -> Path:
        return Path(self.record.source)

    @property
    def signature(self) -> str:
        return self.record.signature

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def task_ids(self) -> list[str]:
        return [t.id for t in self.record.tasks]

    def summary(self, task_id: str) -> str | None:
        return self._task(task_id).summary

    # -- means over all tasks
    def mean(self, metric: str, config: str = "all") -> float | None:
        from .records.gate import metric_name

        return self.record.mean(metric_name(metric), config)

    # -- facts
    def _task(self, task_id: str) -> Any:
        task = self.record.task(task_id)
        if task is None:
            raise KeyError(f"no task {task_id!r} in this run; its tasks are {', '.join(self.task_ids)}")
        return task

    def _states(self, fact_id: str, task: str | None) -> list[tuple[str, Any]]:
        tasks = [self._task(task)] if task is not None else list(self.record.tasks)
        found = [(t.id, t.fact(fact_id)) for t in tasks if t.fact(fact_id) is not None]
        if not found:
            where = f"task {task}" if task else "any task"
            raise KeyError(
                f"no fact {fact_id!r} in {where}; fact ids of this dataset: {', '.join(self.record.fact_ids())}"
            )
        return found

    def _check(self, fact_id: str, task: str | None, question: str) -> FactCheck:
        states = self._states(fact_id, task)
        per_task = tuple((tid, f.label, f.evidence) for tid, f in states)
        if question == "stated":
            value = all(f.label == "stated" for _, f in states)
        else:
            value = any(f.label == "contradicted" for _, f in states)
        check = FactCheck(fact_id, question, value, per_task)
        self._recorder.checks.append(check)
        return check

    def stated(self, fact_id: str, task: str | None = None) -> FactCheck:
        """Truthy when the fact is stated in every task that has it (or in ``task``)."""
        return self._check(fact_id, task, "stated")

    def contradicted(self, fact_id: str, task: str | None = None) -> FactCheck:
        """Truthy when the fact is contradicted in any task that has it (or in ``task``)."""
        return self._check(fact_id, task, "contradicted")

    def assert_stated(self, fact_id: str, task: str | None = None) -> None:
        __tracebackhide__ = True
        check = self.stated(fact_id, task)
        if not check:
            raise AssertionError(check.explain())

    def assert_not_contradicted(self, fact_id: str, task: str | None = None) -> None:
        __tracebackhide__ = True
        check = self.contradicted(fact_id, task)
        if check:
            raise AssertionError(check.explain())

    # -- baselines
    def save(self, path: str | Path) -> Path:
        """Write this run as a baseline file (relative paths from pytest's rootdir)."""
        from .records.baseline import save_baseline

        return save_baseline(self.record, self._session.resolve(path))

    def compare(self, baseline: str | Path, tolerance: float = 0.02, **policy: Any) -> Any:
        """The ``records.gate.GateResult`` of this run against ``baseline`` (no assertion)."""
        from .records.baseline import load_baseline
        from .records.gate import GatePolicy, compare

        return compare(self.record, load_baseline(self._session.resolve(baseline)),
                       GatePolicy(tolerance=tolerance, **policy))

    def assert_no_regression(self, baseline: str | Path, tolerance: float = 0.02, **policy: Any) -> Any:
        """Fail with the fact-level report when this run is worse than ``baseline``.

        ``policy`` takes the other ``records.gate.GatePolicy`` fields: ``minimums``, ``maximums``,
        ``fail_on_lost_weight``, ``fail_on_contradiction``, ``allow_signature_change``.
        """
        __tracebackhide__ = True
        from .errors import BenchError

        path = self._session.resolve(baseline)
        if self._session.update_baselines:
            self.save(path)
            self._session.written.append(path)
            return None
        if not path.exists():
            pytest.fail(
                f"newsbench baseline {path} does not exist. Create it with:\n"
                f"    pytest --newsbench-update-baselines {self._recorder.nodeid}\n"
                "and commit it; rerun with that option whenever a change in the scores is intended.",
                pytrace=False,
            )
        try:
            outcome = self.compare(path, tolerance, **policy)
        except BenchError as exc:
            pytest.fail(f"newsbench: {exc}", pytrace=False)
        if not outcome.ok:
            raise RegressionFailure(outcome.report())
        return outcome

    def report(self) -> str:
        """Every fact verdict per task with the sentence that decided it."""
        from .records.report import facts_report

        return facts_report(self.record)


def _mean_property(key: str) -> property:
    return property(lambda self: self.mean(key), doc=f"The mean of {key} over all tasks.")


def _add_metric_properties() -> None:
    from .metrics import METRICS

    for metric in METRICS:
        setattr(RunHandle, metric.short, _mean_property(metric.key))


_add_metric_properties()


# -- the fixture ----------------------------------------------------------------------------------------


@dataclass
class _Recorder:
    """What one test did with the fixture, for the report of a failing test."""

    nodeid: str
    handles: list[RunHandle] = field(default_factory=list)
    checks: list[FactCheck] = field(default_factory=list)

    def section(self) -> str:
        parts = []
        failed_checks = [c for c in self.checks if not c.value and c.question == "stated"]
        failed_checks += [c for c in self.checks if c.value and c.question == "contradicted"]
        for c in failed_checks:
            parts.append(c.explain())
        seen = set()
        for h in self.handles:
            if h.spec in seen:
                continue
            seen.add(h.spec)
            parts.append(h.report())
        return "\n\n".join(parts)


class NewsbenchSession:
    """Runs shared by every test of a pytest session (one run per distinct set of arguments)."""

    def __init__(self, config: pytest.Config, runs_dir: Path):
        self.dataset: str | None = config.getoption("newsbench_dataset")
        self.runs_dir = runs_dir
        cache = config.getoption("newsbench_cache_dir")
        self.cache_dir: Path | None = Path(cache) if cache else None
        self.update_baselines: bool = config.getoption("newsbench_update_baselines")
        self.rootpath = Path(config.rootpath)
        self._runs: dict[str, Any] = {}
        self.written: list[Path] = []

    def resolve(self, path: str | Path) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.rootpath / p

    def run(self, spec: str, config: str, scoring: Any, use_cache: bool, options: Mapping[str, Any]) -> Any:
        """The ``RunRecord`` of ``spec`` (run once per session for the same arguments)."""
        from .pipeline.runner import RunOptions, run_benchmark
        from .pipeline.score import ScoringSettings

        settings = scoring if scoring is not None else ScoringSettings()
        key = json.dumps([spec, config, settings.to_dict(), use_cache, {k: str(v) for k, v in options.items()}],
                         sort_keys=True)
        if key not in self._runs:
            opts = RunOptions(
                model=spec,
                model_options=dict(options),
                dataset=self.dataset,
                config=config,
                runs_dir=self.runs_dir,
                cache_dir=self.cache_dir,
                use_cache=use_cache,
                scoring=settings,
                progress=False,
                command=["pytest", "newsbench.run", spec],
            )
            self._runs[key] = run_benchmark(opts)
        return self._runs[key]

    @property
    def n_runs(self) -> int:
        return len(self._runs)


class Newsbench:
    """The ``newsbench`` fixture: ``run()`` a summarizer spec and get a ``RunHandle``."""

    def __init__(self, session: NewsbenchSession, recorder: _Recorder):
        self._session = session
        self._recorder = recorder

    @property
    def runs_dir(self) -> Path:
        return self._session.runs_dir

    def run(self, spec: str, *, config: str = "all", scoring: Any = None, use_cache: bool = True,
            **options: Any) -> RunHandle:
        """Run ``spec`` (``lead-3``, ``py:pkg.mod:fn``, …) with ``-M``-style ``options``; see the module doc."""
        __tracebackhide__ = True
        from .errors import BenchError

        try:
            record = self._session.run(spec, config, scoring, use_cache, options)
        except BenchError as exc:
            pytest.fail(f"newsbench could not run {spec!r}: {exc}", pytrace=False)
        handle = RunHandle(record, self._session, self._recorder)
        self._recorder.handles.append(handle)
        return handle


@pytest.fixture(scope="session")
def _newsbench_session(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> NewsbenchSession:
    runs = pytestconfig.getoption("newsbench_runs_dir")
    runs_dir = Path(runs) if runs else tmp_path_factory.mktemp("newsbench-runs")
    session = NewsbenchSession(pytestconfig, runs_dir)
    pytestconfig.stash[_STASH_KEY] = session
    return session


@pytest.fixture
def newsbench(request: pytest.FixtureRequest, _newsbench_session: NewsbenchSession) -> Newsbench:
    """Run summarizers on the newsbench dataset and check the facts their summaries state."""
    return Newsbench(_newsbench_session, _Recorder(request.node.nodeid))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    fixture = getattr(item, "funcargs", {}).get("newsbench")
    if report.when == "call" and report.failed and isinstance(fixture, Newsbench):
        text = fixture._recorder.section()
        if text:
            report.sections.append(("newsbench: fact verdicts of this test's runs", text))
    return report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    session = config.stash.get(_STASH_KEY, None)
    if session is None or not (session.n_runs or session.written):
        return
    terminalreporter.write_line(f"newsbench: {session.n_runs} run(s), records under {session.runs_dir}")
    for path in session.written:
        terminalreporter.write_line(f"newsbench: wrote baseline {path}")
