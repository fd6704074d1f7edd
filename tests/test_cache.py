from __future__ import annotations

from benchmark.pipeline.cache import PredictionCache, cache_key
from benchmark.types import Summary, Task
from helpers import make_task


def _task(text: str) -> Task:
    return make_task("t1", text, title="T", reference=None)


def test_cache_round_trip_and_key_depends_on_spec_and_task(tmp_path):
    spec = {"text": "lead-3", "options": {}}
    with PredictionCache(tmp_path / "c.sqlite") as cache:
        key = cache_key(spec, _task("a"))
        assert cache.get(key) is None
        cache.put(key, spec, "t1", Summary("s", usage={"total_tokens": 3}, held_out="r1"))
        assert cache.get(key) == Summary("s", usage={"total_tokens": 3}, held_out="r1")
    # survives reopening (committed on put)
    with PredictionCache(tmp_path / "c.sqlite") as cache:
        assert cache.get(key).text == "s"
    assert cache_key(spec, _task("b")) != key
    assert cache_key({"text": "lead-3", "options": {"x": 1}}, _task("a")) != key
