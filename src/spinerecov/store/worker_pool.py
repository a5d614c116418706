"""Chunks of a patient list worked on by worker processes, a few at a time, their results in list order.

`batch` and `due` both hand their rows out this way. Only a few chunks per worker are queued
at once, so memory stays flat whatever the length of the list; fork is used where the system
has it (the knowledge base already loaded is shared), spawn elsewhere.
"""

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNKS_IN_FLIGHT = 4
"""Chunks queued per worker; bounds memory whatever the length of the list."""

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")


def in_workers(
    chunks: Iterable[Chunk],
    run_chunk: Callable[[Chunk], Result],
    start: Callable[[Any], None],
    job: object,
    jobs: int,
    stopping: Callable[[], bool] = lambda: False,
) -> Iterator[Result]:
    """`run_chunk(chunk)` for each chunk in `jobs` worker processes, each begun with `start(job)`; in order.

    Once `stopping()` is true no chunk is handed out any more: those not begun are cancelled, those
    running finish and their results are yielded. `run_chunk` and `start` must be module-level
    functions (a spawned worker imports them by name).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    window: deque[Future[Result]] = deque()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(start, job)) as pool:
        for chunk in chunks:
            if stopping():
                break
            window.append(pool.submit(run_chunk, chunk))
            if len(window) >= jobs * CHUNKS_IN_FLIGHT:
                yield window.popleft().result()
        while window:
            if stopping():
                for future in window:
                    future.cancel()  # chunks not begun stay undone; those running finish
            future = window.popleft()
            if not future.cancelled():
                yield future.result()


def _start_worker(start: Callable[[Any], None], job: object) -> None:
    """Begin a worker: Ctrl-C is for the command's own process, which decides what the workers still do."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start(job)
