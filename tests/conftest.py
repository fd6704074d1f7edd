"""Shared test setup: every test gets its own prediction cache, and nothing reaches a hub."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    cache = tmp_path_factory.mktemp("newsbench-cache")
    monkeypatch.setenv("NEWSBENCH_CACHE_DIR", str(cache))
    yield cache
