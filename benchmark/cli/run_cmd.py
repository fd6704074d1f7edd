"""``bench run``: run a summarizer over the benchmark, score it, record the run."""

from __future__ import annotations

import sys
import click

from ..options import parse_option_pairs
from .common import friendly_errors, run_options, scoring_options, scoring_settings_from
from .output import echo_result, failure_line, resumable_interrupt


@click.command()
@click.option("-m", "--model", required=True, help="Summarizer spec: lead-3, textrank, file:PATH, py:mod:fn, cmd:\"…\", hf:…, openai:… (see bench models).")
@run_options("all", "Which tasks: single-article, multi-article (event) or all.")
@click.option("--task", "task_ids", multiple=True, metavar="ID",
              help="Run only this task (repeatable); the subset is recorded in the signature.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Run only the first N tasks (in id order); recorded in the signature.")
@scoring_options
@click.option("--shard", default=None, metavar="I/N", help="Run only shard I of N (combine them with bench merge).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Tasks handed to the summarizer per call and cached between calls (concurrency is -M concurrency=N).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the scores.")
@click.option("-q", "--quiet", is_flag=True, help="Print one line per run.")
@click.option("--allow-failures", is_flag=True,
              help="Exit 0 even when tasks failed (the run is still recorded as partial or failed).")
@friendly_errors
def run(model, options, dataset, config, task_ids, limit, runs_dir, cache_dir, no_cache, shard, batch_size, as_json,
        quiet, allow_failures, **scoring):
    """Run a summarizer over the benchmark, score it and record the run.

    Exits 1 when any task failed (its summarizer or its fact judge), unless --allow-failures; Ctrl-C or
    SIGTERM stops the run (exit 130) and the same command resumes it from the cache.

    \b
    Examples:
      bench run --model lead-3
      bench run --model lead-3 --task event-nato-russia-2011-12-08
      bench run --model 'cmd:"python my_summarizer.py"' -M concurrency=4 --limit 1
      bench run --model py:my_pkg.summarize:summarize --json
    """
    from ..pipeline.runner import RunOptions, run_benchmark
    from ..pipeline.shard import Shard, Subset

    subset = Subset(tuple(task_ids), limit)
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
        subset=subset if subset else None,
        batch_size=batch_size,
        progress=None if not (as_json or quiet) else False,
        command=["bench", *sys.argv[1:]],
    )
    with resumable_interrupt():
        result = run_benchmark(opts)
    echo_result(result, as_json, quiet)
    if result.status != "finished" and not allow_failures:
        raise click.ClickException(failure_line(result) + "; pass --allow-failures to exit 0 anyway")
