"""Calls on daemon threads, a few at a time, that never hold up Ctrl-C: the concurrency of the chat
client (``openai:``, ``llm:``)."""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable, Iterator, Sequence, TypeVar

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")


def iter_concurrently(
    fn: Callable[[ItemT], ResultT], items: Sequence[ItemT], concurrency: int
) -> Iterator[tuple[int, ResultT]]:
    """``(index, fn(item))`` as each call finishes, on up to ``concurrency`` daemon threads.

    Daemon threads, not a ``ThreadPoolExecutor``: when the caller is interrupted (Ctrl-C, SIGTERM) it
    does not wait for calls in flight, and the workers take no new item. An exception in ``fn`` is
    raised here.
    """
    if concurrency <= 1 or len(items) <= 1:
        for i, item in enumerate(items):
            yield i, fn(item)
        return
    todo: queue.SimpleQueue[tuple[int, ItemT]] = queue.SimpleQueue()
    for pair in enumerate(items):
        todo.put(pair)
    done: queue.SimpleQueue[tuple[int, bool, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                i, item = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((i, True, fn(item)))
            except BaseException as exc:  # handed to the caller's thread
                done.put((i, False, exc))

    for n in range(min(concurrency, len(items))):
        threading.Thread(target=work, name=f"chat-{n}", daemon=True).start()
    try:
        for _ in range(len(items)):
            i, ok, value = done.get()
            if not ok:
                raise value
            yield i, value
    finally:
        stop.set()


def map_concurrently(fn: Callable[[ItemT], ResultT], items: Sequence[ItemT], concurrency: int) -> list[ResultT]:
    """``[fn(x) for x in items]`` on up to ``concurrency`` threads; results keep the input order."""
    out: list[Any] = [None] * len(items)
    for i, result in iter_concurrently(fn, items, concurrency):
        out[i] = result
    return out
