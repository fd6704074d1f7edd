"""``bench data``: validate the task files, build the Hugging Face dataset, push it to the Hub."""

from __future__ import annotations

import click

from ..errors import ValidationFailed
from .common import friendly_errors, judge_options

_REFS = click.option(
    "--references",
    "references_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Folder of task files (YAML/JSON, one per task). Default: the packaged references/.",
)
_SEEDS = click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Folder of articles (<id>.txt). Default: the packaged seeds/.",
)


def _folders(references_dir: str | None, seeds_dir: str | None) -> tuple[str, str]:
    from ..resources import references_dir as packaged_refs
    from ..resources import seeds_dir as packaged_seeds

    return references_dir or str(packaged_refs()), seeds_dir or str(packaged_seeds())


@click.group()
def data() -> None:
    """Validate, build and publish the benchmark data (or your own, in the same format).

    \b
    Examples:
      bench data validate
      bench data build --out build/dataset
    """


@data.command()
@_REFS
@_SEEDS
@click.option("--judge-check", is_flag=True,
              help="Also let a fact judge check the checklists: each wording, alone, must be judged to state its "
              "fact and each probe to contradict it; held out of its own list, each is judged again and counted.")
@click.option("--held-out", is_flag=True,
              help="Also fail on, and list, every wording or probe the judge misreads when it is held out of its "
              "own fact's list; implies --judge-check.")
@click.option("--judge", default=None, help="The fact judge for --judge-check (default: align); implies --judge-check.")
@judge_options
@friendly_errors
def validate(references_dir: str | None, seeds_dir: str | None, judge_check: bool, held_out: bool, judge: str | None,
             judge_options: tuple[str, ...]) -> None:
    """Check every task file: schema, unique ids, verbatim evidence, word limits, core facts stated and,
    with --judge-check, that a fact judge reads each fact's wordings and probes as meant.

    \b
    Examples:
      bench data validate
      bench data validate --references my/refs --seeds my/seeds
      bench data validate --judge-check
      bench data validate --held-out --judge align -J meaning=false
    """
    from ..data.validate import validate as run_validation

    refs, seeds = _folders(references_dir, seeds_dir)
    checker = None
    if judge_check or held_out or judge or judge_options:
        from ..judges import DEFAULT_JUDGE, create_judge
        from ..options import parse_option_pairs

        checker = create_judge(judge or DEFAULT_JUDGE, parse_option_pairs(judge_options))
    try:
        report = run_validation(refs, seeds, judge=checker, held_out=held_out)
    except ValidationFailed as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in {refs}; fix them and run `bench data validate` again") from None
    click.echo(report.summary())


@data.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str), help="Folder to write the dataset into.")
@_REFS
@_SEEDS
@click.option("--name", default=None, help="Dataset name for your own data (default: custom).")
@click.option("--version", "version", default=None, help="Dataset version for your own data (default: custom-v1).")
@friendly_errors
def build(out_dir: str, references_dir: str | None, seeds_dir: str | None, name: str | None, version: str | None) -> None:
    """Validate, then write parquet files and a dataset card that `datasets.load_dataset(OUT)` reads.

    \b
    Examples:
      bench data build --out build/dataset
      bench data build --references my/refs --seeds my/seeds --out my-dataset --name mybench
    """
    from ..data.build import build_dataset

    try:
        result = build_dataset(out_dir, references_dir, seeds_dir, name=name, version=version)
    except ValidationFailed as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s); nothing was built. Fix them (see `bench data validate`)") from None
    counts = ", ".join(f"{k}: {v}" for k, v in result.counts.items())
    click.echo(f"{result.path}")
    click.echo(f"{result.name} {result.version} hash {result.hash} ({counts} tasks)")


@data.command()
@click.option("--repo-id", required=True, help="Hub dataset repo, USER_OR_ORG/NAME.")
@click.option(
    "--dataset",
    "dataset_dir",
    default="build/dataset",
    show_default=True,
    type=click.Path(file_okay=False, path_type=str),
    help="A folder written by `bench data build`.",
)
@click.option("--private", is_flag=True, help="Create the repo as private.")
@friendly_errors
def push(repo_id: str, dataset_dir: str, private: bool) -> None:
    """Publish a built dataset folder with `push_to_hub` (one config at a time) and its card.

    \b
    Example:
      bench data push --repo-id you/newsbench --dataset build/dataset
    """
    from ..data.push import push_dataset

    result = push_dataset(dataset_dir, repo_id, private=private)
    click.echo(f"pushed {', '.join(result.configs)} to https://huggingface.co/datasets/{result.repo_id} ({result.version}, {result.hash[:12]})")
