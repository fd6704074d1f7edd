"""``bench data push``: publish a built dataset folder to the Hugging Face Hub.

Each config goes up with ``datasets``' ``push_to_hub(config_name=...)``, which writes
``<config>/test-00000-of-00001.parquet`` just as ``bench data build`` lays the folder out; then the
folder's own dataset card replaces the generated one, so the Hub shows the same card, configs
(``all`` included) and hash as the local folder. Network and authentication failures become one-line
``OfflineError`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, OfflineError
from ..hub import is_network_error, one_line
from .load import load_tasks, read_manifest


@dataclass(frozen=True)
class PushResult:
    repo_id: str
    configs: tuple[str, ...]
    version: str
    hash: str


def push_dataset(dataset_dir: str | Path, repo_id: str, *, private: bool = False) -> PushResult:
    import datasets
    import pyarrow.parquet as pq
    from huggingface_hub import HfApi

    folder = Path(dataset_dir)
    if "/" not in repo_id or repo_id.count("/") != 1 or not all(repo_id.split("/")):
        raise DataError(f"repo id {repo_id!r} is not of the form USER_OR_ORG/NAME, e.g. my-lab/newsbench")
    loaded = load_tasks(folder)  # checks the folder and its hash before anything leaves the machine
    manifest = read_manifest(folder)
    configs = tuple(sorted(manifest["configs"]))
    try:
        for config in configs:
            table = pq.read_table(folder / manifest["configs"][config]["files"][0])
            ds = datasets.Dataset(table)  # typed features come from the file's schema metadata
            ds.push_to_hub(repo_id, config_name=config, split="test", private=private)
        HfApi().upload_file(
            path_or_fileobj=str(folder / "README.md"),
            path_in_repo="README.md",
            repo_id=repo_id,
            repo_type="dataset",
            commit_message=f"newsbench dataset card ({loaded.version}, {loaded.hash[:12]})",
        )
    except Exception as exc:
        if not is_network_error(exc):
            raise
        raise OfflineError(
            f"could not push to the Hugging Face Hub repo {repo_id} ({type(exc).__name__}: {one_line(exc)}); "
            "check the network (HF_HUB_OFFLINE unset, HF_ENDPOINT reachable) and log in with `hf auth login`, "
            f"then retry; the folder {folder} is complete and can also be uploaded as is"
        ) from None
    return PushResult(repo_id=repo_id, configs=configs, version=loaded.version, hash=loaded.hash)
