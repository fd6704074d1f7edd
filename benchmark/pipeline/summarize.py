"""Asking a summarizer for the tasks' summaries: the cache first, then batches, failures per task."""

from __future__ import annotations

import sys
from typing import Any, Callable, Sequence

from ..errors import BenchError, PluginError
from ..summarizers import Summarizer
from ..types import Failed, Prediction, Summary, Task
from .cache import PredictionCache, cache_key


def _normalise(output: Any) -> Summary | Failed:
    if isinstance(output, Failed):
        return output
    if isinstance(output, Summary):
        summary = output
    elif isinstance(output, str):
        summary = Summary(output)
    else:
        return Failed(f"summarizer returned {type(output).__name__}, expected str, Summary or Failed")
    if not summary.text.strip():
        return Failed("summarizer returned an empty summary")
    return summary


def summarize_tasks(
    summarizer: Summarizer,
    tasks: Sequence[Task],
    cache: PredictionCache | None,
    batch_size: int = 16,
    progress: bool | None = None,
    on_prediction: Callable[[Prediction], None] | None = None,
) -> list[Prediction]:
    """Predictions for ``tasks`` (in order): cached ones first, the rest from the summarizer."""
    from tqdm import tqdm

    spec = summarizer.spec().to_dict()
    use_cache = cache is not None and getattr(summarizer, "cacheable", True)
    results: dict[str, Prediction] = {}
    todo: list[Task] = []
    for task in tasks:
        hit = cache.get(cache_key(spec, task)) if use_cache else None
        if hit is not None:
            results[task.id] = Prediction(task.id, hit.text, usage=hit.usage, held_out=hit.held_out)
        else:
            todo.append(task)

    bar = tqdm(
        total=len(tasks),
        initial=len(tasks) - len(todo),
        desc=spec["text"],
        unit="task",
        disable=(not progress) if progress is not None else None,
        leave=False,
    )
    try:
        for start in range(0, len(todo), max(1, batch_size)):
            batch = todo[start : start + batch_size]
            for task, out in zip(batch, _summarize_batch(summarizer, batch)):
                if isinstance(out, Failed):
                    pred = Prediction(task.id, None, error=out.error)
                else:
                    pred = Prediction(task.id, out.text, usage=out.usage, held_out=out.held_out)
                    if use_cache:
                        cache.put(cache_key(spec, task), spec, task.id, out)
                results[task.id] = pred
                if on_prediction:
                    on_prediction(pred)
                bar.update(1)
    finally:
        bar.close()
    return [results[t.id] for t in tasks]


def _summarize_batch(summarizer: Summarizer, batch: Sequence[Task]) -> list[Summary | Failed]:
    try:
        outputs = summarizer.summarize(list(batch))
        if len(outputs) != len(batch):
            raise PluginError(
                f"summarizer {summarizer.spec().text!r} returned {len(outputs)} outputs for "
                f"{len(batch)} tasks; it must return exactly one per task, in order"
            )
        return [_normalise(o) for o in outputs]
    except BenchError:
        raise  # the user's input is wrong (bad predictions file, bad options): stop, write nothing
    except Exception:
        if len(batch) == 1:
            exc_type, exc, _ = sys.exc_info()
            return [Failed(f"{exc_type.__name__}: {exc}")]
    # the batch failed as a whole: retry task by task so only the failing tasks are recorded as failed
    outs: list[Summary | Failed] = []
    for task in batch:
        try:
            one = summarizer.summarize([task])
            outs.append(_normalise(one[0]) if len(one) == 1 else Failed("summarizer returned no output"))
        except BenchError:
            raise
        except Exception as exc:
            outs.append(Failed(f"{type(exc).__name__}: {exc}"))
    return outs
