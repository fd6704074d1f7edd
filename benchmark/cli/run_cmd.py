"""``bench run``: run a summarizer over the benchmark, score it, record the run."""

from __future__ import annotations

import sys
import click

from ..options import parse_option_pairs
from .common import friendly_errors, run_options, scoring_options, scoring_settings_from
from .output import echo_result


@click.command()
@click.option("-m", "--model", required=True, help="Summarizer spec: lead-3, textrank, file:PATH, py:mod:fn, cmd:\"…\", hf:…, openai:…")
@run_options("all", "Which tasks: single-article, multi-article (event) or all.")
@scoring_options
@click.option("--shard", default=None, metavar="I/N", help="Run only shard I of N (combine them with bench merge).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the scores.")
@click.option("-q", "--quiet", is_flag=True, help="Print one line per run.")
@friendly_errors
def run(model, options, dataset, config, runs_dir, cache_dir, no_cache, shard, batch_size, as_json, quiet, **scoring):
    """Run a summarizer over the benchmark, score it and record the run."""
    from ..pipeline.runner import RunOptions, run_benchmark
    from ..pipeline.shard import Shard

    opts = RunOptions(
        model=model,
        model_options=parse_option_pairs(options),
        dataset=dataset,
        config=config,
        runs_dir=runs_dir,
        cache_dir=cache_dir,
        use_cache=not no_cache,
        scoring=scoring_settings_from(scoring),
        shard=Shard.parse(shard) if shard else None,
        batch_size=batch_size,
        progress=None if not (as_json or quiet) else False,
        command=["bench", *sys.argv[1:]],
    )
    result = run_benchmark(opts)
    echo_result(result, as_json, quiet)
