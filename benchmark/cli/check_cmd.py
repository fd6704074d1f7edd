"""``bench check``: the CI gate. Run a summarizer, compare it with a baseline, exit 0 / 1 / 2.

Exit codes: 0 the gate holds; 1 a regression or a failed task (the report says which facts and metrics
got worse, per task, with the summary sentences involved); 130 interrupted; 2 the check could not be made (bad arguments, a missing or
damaged baseline, a summarizer that cannot be built, a signature mismatch).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import BenchError
from ..options import parse_option_pairs
from ..types import CORE_WEIGHT
from .common import run_options


class CheckUnusable(click.ClickException):
    """A check that could not be made: one line on stderr, exit code 2 (click's usage-error code)."""

    exit_code = 2


@click.command()
@click.option("-m", "--model", required=True, help="Summarizer spec to check: lead-3, py:mod:fn, file:PATH, …")
@run_options(None, "Task config (default: the baseline's, else all).")
@click.option("--baseline", default=None, metavar="RUN_OR_FILE",
              help="A run directory made by bench run, or a baseline file written by --save.")
@click.option("--min", "minimums", multiple=True, metavar="METRIC=VALUE",
              help="Fail when the metric's mean is below VALUE, e.g. --min fact_coverage=0.7 (repeatable).")
@click.option("--max", "maximums", multiple=True, metavar="METRIC=VALUE",
              help="Fail when the metric's mean is above VALUE, e.g. --max contradiction_rate=0 (repeatable).")
@click.option("--max-drop", type=click.FloatRange(min=0.0), default=0.02, show_default=True,
              help="Largest tolerated worsening of a metric's mean against the baseline (absolute).")
@click.option("--fail-on-lost-weight", type=click.IntRange(min=1), default=CORE_WEIGHT, show_default=True,
              help="A fact the baseline stated and this run lost fails the check when its weight is at least this.")
@click.option("--allow-contradictions", is_flag=True,
              help="Report newly contradicted facts without failing on them.")
@click.option("--allow-signature-change", is_flag=True,
              help="Compare even when the baseline was scored under another signature.")
@click.option("--save", "save_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write this run as a baseline file (to commit and compare against later).")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as one JSON object.")
def check(model, options, baseline, minimums, maximums, max_drop, fail_on_lost_weight, allow_contradictions,
          allow_signature_change, dataset, config, runs_dir, cache_dir, no_cache, save_path, as_json):
    """Fail (exit 1) when MODEL is worse than a baseline or below a bound.

    The run is scored with the baseline's own scoring settings, so the two are comparable. Without
    --baseline, at least one --min or --max is required.

    \b
    Examples:
      bench check --model py:my_pkg.summarize:summarize --baseline baseline.json
      bench check --model lead-3 --min fact_coverage=0.5 --max contradiction_rate=0
    """
    from .output import resumable_interrupt

    try:
        with resumable_interrupt():  # Ctrl-C exits 130, never 1 (the regression code)
            outcome = _check(model, options, baseline, minimums, maximums, max_drop, fail_on_lost_weight,
                             allow_contradictions, allow_signature_change, dataset, config, runs_dir, cache_dir,
                             no_cache, save_path)
    except BenchError as exc:
        raise CheckUnusable(str(exc)) from None
    if as_json:
        click.echo(json.dumps(outcome.to_dict(), sort_keys=True, ensure_ascii=False))
    else:
        click.echo(outcome.report())
    sys.exit(0 if outcome.ok else 1)


def _check(model, options, baseline, minimums, maximums, max_drop, fail_on_lost_weight, allow_contradictions,
           allow_signature_change, dataset, config, runs_dir, cache_dir, no_cache, save_path):
    from ..pipeline.runner import RunOptions, run_benchmark
    from ..pipeline.score import ScoringSettings
    from ..records.baseline import load_baseline, save_baseline
    from ..records.gate import GatePolicy, compare, parse_bounds

    if baseline is None and not minimums and not maximums and save_path is None:
        raise BenchError(
            "nothing to check against: give --baseline RUN_OR_FILE and/or --min/--max METRIC=VALUE "
            "(or --save PATH to record a first baseline)"
        )
    policy = GatePolicy(
        tolerance=max_drop,
        minimums=parse_bounds(minimums, "--min"),
        maximums=parse_bounds(maximums, "--max"),
        fail_on_lost_weight=fail_on_lost_weight,
        fail_on_contradiction=not allow_contradictions,
        allow_signature_change=allow_signature_change,
    )
    base = load_baseline(baseline) if baseline is not None else None
    scoring = ScoringSettings.from_dict(base.manifest.scoring) if base and base.manifest.scoring else ScoringSettings()
    opts = RunOptions(
        model=model,
        model_options=parse_option_pairs(options),
        dataset=dataset,
        config=config or (base.config if base else "all"),
        runs_dir=runs_dir,
        cache_dir=cache_dir,
        use_cache=not no_cache,
        scoring=scoring,
        progress=False,
        command=["bench", *sys.argv[1:]],
    )
    current = run_benchmark(opts)
    if save_path is not None:
        save_baseline(current, save_path)
    return compare(current, base, policy)
