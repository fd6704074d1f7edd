"""``bench publish``: push run records and the HTML report to a Hugging Face dataset repo."""

from __future__ import annotations

from pathlib import Path

import click

from .common import friendly_errors


@click.command()
@click.argument("run_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--repo-id", required=True, help="Dataset repository on the Hub: USER_OR_ORG/NAME.")
@click.option("--runs-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Publish every run in this folder (default: results, unless RUN_DIRS are given).")
@click.option("--dataset", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dataset folder the runs were scored on (default: the packaged benchmark).")
@click.option("--staging", type=click.Path(file_okay=False, path_type=Path), default=Path("build/publish"),
              show_default=True, help="Folder where the upload is assembled first (replaced).")
@click.option("--private", is_flag=True, help="Create the repository as private.")
@friendly_errors
def publish(run_dirs, repo_id, runs_dir, dataset, staging, private):
    """Upload results.jsonl, details.jsonl, the run records and the HTML report in one commit.

    Needs a Hugging Face token (`hf auth login` or HF_TOKEN) and network access to the Hub
    (HF_ENDPOINT points elsewhere, e.g. a private Hub).

    \b
    Examples:
      bench publish --repo-id my-lab/newsbench-results
      bench publish --repo-id my-lab/newsbench-results --runs-dir results --private
    """
    from ..report.publish import publish as do_publish

    if runs_dir is None and not run_dirs:
        runs_dir = Path("results")
    result = do_publish(repo_id, runs_dir, run_dirs, staging=staging, dataset=dataset, private=private)
    click.echo(f"published {result.runs} run(s), {result.files} files, to dataset {result.repo_id}"
               + (f": {result.url}" if result.url else ""))
