"""Stopping a fleet promptly: Ctrl-C or SIGTERM must not wait for 2,700 files.

`with ProcessPoolExecutor()` waits for every queued file on the way out, and a SIGTERM to
the main process would leave its workers orphaned. Here the queue is cancelled, the workers
are terminated, and the exception travels on for the CLI to report (reports already
written stay: each was written atomically).
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager


abandoned = False  # a pool was left behind: the process must end without joining its threads


class Terminated(BaseException):
    """SIGTERM, as an exception: a BaseException, so no per-file `except Exception` eats it."""


def quiet_worker() -> None:
    """Worker initializer: the parent alone handles Ctrl-C and SIGTERM, then ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def on_sigterm():
    """Turn SIGTERM into `Terminated` in the main thread while a fleet runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    parent = os.getpid()

    def handler(signum, frame):
        if os.getpid() != parent:  # a forked worker before its initializer ran
            os._exit(128 + signum)
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def abandon(pool) -> None:
    """Drop what is queued and end what is running, without waiting for it.

    A worker killed mid-answer can leave the pool's manager thread blocked on a half-sent
    result, and Python joins that thread at exit: after this, app.main ends the process
    with os._exit (see `abandoned`), once its message is printed.
    """
    global abandoned
    abandoned = True
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass
