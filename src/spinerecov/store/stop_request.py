"""Ctrl-C as a request to stop at the next safe point, for work that must account for everything it did.

A batch interrupted in the middle of a row would not know whether that row's
plan was written; so the first Ctrl-C only asks it to stop, and the batch checks
between rows. A second Ctrl-C is an impatient user: it breaks at once.
"""

import contextlib
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def ctrl_c_stops_between_rows() -> Iterator[Callable[[], bool]]:
    """While inside, the first Ctrl-C is noted (and the answer to "stopping?" becomes yes); a second one breaks."""
    import signal
    import threading

    asked: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False  # only the main thread may handle signals; Ctrl-C then breaks as usual
        return
    previous = signal.getsignal(signal.SIGINT)

    def note(number: int, frame: object) -> None:
        asked.append(number)
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, note)
    try:
        yield lambda: bool(asked)
    finally:
        signal.signal(signal.SIGINT, previous)
