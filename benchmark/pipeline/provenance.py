"""What a run records about itself: the signature, the run id, and the manifest's provenance.

Assembled here once for ``bench run``, ``bench score`` and ``bench merge`` alike.
"""

from __future__ import annotations

import hashlib
import platform
import re
import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..data.load import LoadedDataset
from ..records.manifest import DatasetRef, Manifest
from ..signature import Signature
from ..types import Task, canonical_json
from .score import RunScorer, ScoringSettings
from .shard import Shard

VERSIONED_PACKAGES = ("newsbench", "datasets", "rouge-score", "rouge-score-rs", "nupunkt", "sumy", "numpy")
# signature fields the run decides, not the scoring: the summarizer's prompt and the task subset
# (--task/--limit); kept when a run is rescored
RUN_SIGNATURE_FIELDS = ("prompt", "subset")


def package_versions() -> dict[str, str]:
    out = {}
    for name in VERSIONED_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    out["python"] = platform.python_version()
    return out


def git_revision() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def redact(value: str) -> str:
    """Remove ``user:password@`` from any URL in a recorded argument (``base_url=http://u:p@host``)."""
    if "://" not in value or "@" not in value:
        return value
    from ..backends.chat import redact_url

    key, sep, rest = value.partition("=")
    if sep and "://" in rest and "://" not in key:
        return f"{key}={redact_url(rest)}"
    return redact_url(value)


def recorded_scoring(settings: ScoringSettings) -> dict[str, Any]:
    d = settings.to_dict()
    d["judge_options"] = {k: redact(str(v)) if isinstance(v, str) else v for k, v in d["judge_options"].items()}
    return d


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:48] or "model"


def build_signature(dataset: LoadedDataset, config: str, scorer: RunScorer, tasks: Sequence[Task],
                    run_fields: Mapping[str, str]) -> Signature:
    """``run_fields``: the summarizer's own fields (``prompt``) and the subset, if any (``subset``)."""
    return Signature.build(
        [
            {"data": f"{dataset.version}@{dataset.hash[:12]}", "split": "test", "config": config},
            scorer.signature_fields(tasks),
            run_fields,
        ]
    )


def summarizer_fields(summarizer: Any) -> dict[str, str]:
    extra = getattr(summarizer, "signature_fields", None)
    return dict(extra()) if callable(extra) else {}


def run_id_for(
    spec: Mapping[str, Any], signature: Signature, shard: Shard | None, scoring: ScoringSettings | None = None
) -> str:
    """``SLUG-CONFIG[-shardIofN]-DIGEST``: the digest covers the spec, the signature, the shard and the
    judge's options (two judge endpoints never share an id); a later attempt adds ``-2``, ``-3``, ..."""
    payload: dict[str, Any] = {"spec": spec, "signature": signature.format(), "shard": str(shard) if shard else None}
    judge_options = recorded_scoring(scoring)["judge_options"] if scoring is not None else {}
    if judge_options:  # only when set, so ids of runs without judge options stay as they were
        payload["judge_options"] = judge_options
    digest = hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()[:8]
    name = f"{_slug(spec['text'])}-{signature.get('config')}"
    if shard:
        name += f"-shard{shard.index}of{shard.count}"
    return f"{name}-{digest}"


def dataset_ref(dataset: LoadedDataset, config: str) -> DatasetRef:
    return DatasetRef(name=dataset.name, version=dataset.version, hash=dataset.hash, path=dataset.path,
                      config=config, n_tasks=len(dataset.tasks))


def new_manifest(*, run_id: str, summarizer: Mapping[str, Any], scorer: RunScorer, dataset: DatasetRef,
                 signature: Signature, tasks: Sequence[Task], shard: Shard | None, command: Sequence[str],
                 **extra: Any) -> Manifest:
    """The manifest of a run that is starting: what will run, on what, and the provenance."""
    return Manifest(
        run_id=run_id,
        status="started",
        summarizer=dict(summarizer),
        judge=scorer.judge.spec().to_dict(),
        scoring=recorded_scoring(scorer.settings),
        dataset=dataset,
        signature=signature.format(),
        shard=str(shard) if shard else None,
        task_ids=tuple(t.id for t in tasks),
        extra={
            "started_at": now(),
            "command": [redact(a) for a in command],
            "versions": package_versions(),
            "git_revision": git_revision(),
            **extra,
        },
    )
