"""Shared plumbing for components built on Hugging Face ``transformers`` (``hf:`` summarizers, ``nli:`` judge).

Nothing here imports torch or transformers at module import time: the registry imports every built-in
component module, and the CLI must stay fast and work without the ``hf`` extra. Callers ask for the
libraries with ``import_transformers()`` inside their constructors.

Model locations are either a local directory (used as is, never touching the network) or a hub id such
as ``facebook/bart-large-cnn`` (served from the local Hugging Face cache when it is there; otherwise the
hub must be reachable). Loading failures are turned into one-line ``BenchError`` messages that say
what to do next.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

from ..errors import MissingDependency, OfflineError, PluginError

_DTYPES = ("float32", "float16", "bfloat16", "auto")
_DEVICES = ("cpu", "cuda", "mps", "auto")


@dataclass(frozen=True)
class HFLibraries:
    torch: ModuleType
    transformers: ModuleType


def import_transformers(feature: str = "hf: summarizers") -> HFLibraries:
    """Import torch and transformers, or raise ``MissingDependency`` naming the ``hf`` extra."""
    try:
        import torch
        import transformers
    except ImportError:
        raise MissingDependency(feature, "hf", "transformers, torch==2.13.0") from None
    return HFLibraries(torch=torch, transformers=transformers)


@dataclass(frozen=True)
class ModelLocation:
    """Where a model comes from: ``source`` is what ``from_pretrained`` receives."""

    source: str
    local: bool  # a directory on disk (no hub involved)


def locate_model(name: str) -> ModelLocation:
    """A local directory when ``name`` is one, else a hub id; a path-like name that does not exist fails."""
    if not name or not name.strip():
        raise PluginError("no model given: write hf:PATH_OR_HUB_ID, e.g. hf:./checkpoints/bart or hf:facebook/bart-large-cnn")
    expanded = Path(os.path.expanduser(name))
    if expanded.is_dir():
        if not (expanded / "config.json").is_file() and not any(expanded.glob("*.gguf")):
            raise PluginError(
                f"{name} is a directory but holds no config.json (nor a .gguf file); "
                "point at a folder written by save_pretrained or downloaded with huggingface-cli download"
            )
        return ModelLocation(str(expanded.resolve()), local=True)
    if expanded.exists():
        raise PluginError(f"{name} is a file; give the model's directory (the folder holding config.json)")
    looks_like_path = name.startswith((".", "/", "~")) or name.count("/") > 1 or os.sep + os.sep in name
    if looks_like_path:
        raise PluginError(f"model directory {name} does not exist; check the path (hub ids look like ORG/NAME)")
    return ModelLocation(name, local=False)


def offline_message(name: str) -> str:
    return (
        f"model {name} was not found locally and the Hugging Face hub cannot be reached (or does not have it); "
        f"download it where there is network (huggingface-cli download {name}) and pass its local path"
    )


@contextlib.contextmanager
def hub_errors(location: ModelLocation) -> Iterator[None]:
    """Turn the hub's offline / not-found failures while loading ``location`` into ``OfflineError``.

    Errors raised for a local directory are about the files themselves and become ``PluginError``.
    """
    try:
        yield
    except (OSError, ValueError) as exc:
        if not location.local and _is_hub_failure(exc):
            raise OfflineError(offline_message(location.source)) from None
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = f"in {location.source}" if location.local else location.source
        raise PluginError(f"could not load the model {where}: {first}") from None


def _is_hub_failure(exc: BaseException) -> bool:
    """True for the errors transformers / huggingface_hub raise when a hub file cannot be had."""
    try:
        from huggingface_hub import errors as hub
    except ImportError:  # pragma: no cover - huggingface_hub always comes with transformers
        hub = None
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if hub is not None and isinstance(
            cur,
            (
                hub.LocalEntryNotFoundError,
                hub.OfflineModeIsEnabled,
                hub.RepositoryNotFoundError,
                hub.RevisionNotFoundError,
                hub.EntryNotFoundError,
            ),
        ):
            return True
        text = str(cur)
        if any(
            marker in text
            for marker in (
                "couldn't connect",
                "offline mode",
                "is not a local folder and is not a valid model identifier",
                "cannot find the requested files in the local cache",
                "Cannot find an appropriate cached snapshot",
                "does not appear to have a file named",
            )
        ):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def check_choice(component: str, key: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise PluginError(f"{component}: option {key}={value!r} must be one of {', '.join(choices)}")
    return value


def resolve_device(libs: HFLibraries, component: str, device: str) -> str:
    """``cpu`` / ``cuda`` / ``cuda:N`` / ``mps`` / ``auto`` -> a device torch can use, or a clear error."""
    torch = libs.torch
    base = device.split(":", 1)[0]
    check_choice(component, "device", base, _DEVICES)
    if base == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if base == "cuda" and not torch.cuda.is_available():
        raise PluginError(f"{component}: -M device={device} but torch sees no CUDA GPU here; use -M device=cpu")
    if base == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise PluginError(f"{component}: -M device=mps but this torch has no MPS backend; use -M device=cpu")
    return device


def resolve_dtype(libs: HFLibraries, component: str, dtype: str) -> Any:
    check_choice(component, "dtype", dtype, _DTYPES)
    if dtype == "auto":
        return "auto"
    return getattr(libs.torch, dtype)


def model_fingerprint(location: ModelLocation, gguf_file: str | None = None, commit: str | None = None) -> str:
    """A short id of the weights: a hub commit, or a hash of a local folder's file names, sizes and config.

    It goes into the component's version so that cached predictions are never served for a local
    checkpoint that has since been retrained in place.
    """
    if not location.local:
        return (commit or "hub")[:12]
    root = Path(location.source)
    h = hashlib.sha256()
    for p in sorted(root.iterdir()):
        if not p.is_file():
            continue
        if gguf_file is not None and p.suffix == ".gguf" and p.name != gguf_file:
            continue
        h.update(p.name.encode())
        h.update(str(p.stat().st_size).encode())
        if p.name == "config.json" or p.stat().st_size < 1_000_000:
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


@contextlib.contextmanager
def quiet_gguf_progress() -> Iterator[None]:
    """Silence the progress bar transformers draws while de-quantising GGUF tensors (it ignores
    ``disable_progress_bar``); restored on exit."""
    import importlib

    try:
        module = importlib.import_module("transformers.modeling_gguf_pytorch_utils")
    except ImportError:
        yield
        return
    original = getattr(module, "tqdm", None)
    if original is None:
        yield
        return
    module.tqdm = functools.partial(original, disable=True)
    try:
        yield
    finally:
        module.tqdm = original


def quiet_transformers(libs: HFLibraries) -> None:
    """Keep transformers' info chatter and progress bars out of the CLI's output."""
    libs.transformers.logging.set_verbosity_error()
    with contextlib.suppress(ImportError):
        from huggingface_hub.utils import logging as hub_logging

        hub_logging.set_verbosity_error()
    with contextlib.suppress(AttributeError):
        libs.transformers.logging.disable_progress_bar()
