"""Asking a summarizer for the tasks' summaries: the cache first, then batches, failures per task.

Each summary is committed to the cache as soon as the summarizer hands it over (``summarize_each``),
so an interrupted run loses only the tasks in flight.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

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
    stats: dict[str, int] | None = None,
) -> list[Prediction]:
    """Predictions for ``tasks`` (in order): cached ones first, the rest from the summarizer.

    Every summary is committed to the cache the moment the summarizer hands it over (see
    ``summarize_each``), so an interrupted run loses only the tasks still in flight. ``stats`` (when
    given) receives ``cached``: how many tasks came from the cache.
    """
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
    if stats is not None:
        stats["cached"] = len(tasks) - len(todo)

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
            for task, out in _summarize_batch(summarizer, batch):
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


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"the summarizer called sys.exit({exc.code!r})"
    return f"{type(exc).__name__}: {exc}"


def _summarize_batch(summarizer: Summarizer, batch: Sequence[Task]) -> Iterator[tuple[Task, Summary | Failed]]:
    """``(task, output)`` for every task of the batch, each as soon as the summarizer gives it."""
    done: set[int] = set()
    try:
        each = getattr(summarizer, "summarize_each", None)
        pairs = each(list(batch)) if callable(each) else enumerate(summarizer.summarize(list(batch)))
        for i, output in pairs:
            if not isinstance(i, int) or not 0 <= i < len(batch) or i in done:
                raise PluginError(
                    f"summarizer {summarizer.spec().text!r} gave an output for task index {i!r}; "
                    f"it must give exactly one per task of the {len(batch)}"
                )
            done.add(i)
            yield batch[i], _normalise(output)
        if len(done) != len(batch):
            raise PluginError(
                f"summarizer {summarizer.spec().text!r} returned {len(done)} outputs for "
                f"{len(batch)} tasks; it must return exactly one per task, in order"
            )
        return
    except BenchError:
        raise  # the user's input is wrong (bad predictions file, bad options): stop, write nothing
    except (Exception, SystemExit) as exc:
        if len(batch) == 1 and not done:
            yield batch[0], Failed(_describe(exc))
            return
    # the batch failed as a whole: retry the rest task by task so only failing tasks are recorded failed
    for i, task in enumerate(batch):
        if i in done:
            continue
        try:
            one = summarizer.summarize([task])
            out = _normalise(one[0]) if len(one) == 1 else Failed("summarizer returned no output")
        except BenchError:
            raise
        except (Exception, SystemExit) as exc:
            out = Failed(_describe(exc))
        yield task, out
