"""The run lock: one sync at a time per state folder, across processes.

An OS file lock (flock) dies with its process, so a killed run never leaves a
stale lock behind. A run that finds the lock held waits at most
``state.lock_wait_seconds``, then fails (exit 1) saying so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from core.errors import LockError
from sync.state import state_error

LOCK_FILE = "run.lock"
_POLL = 0.25


@contextmanager
def run_lock(state_dir: Path, wait_seconds: float, *, check: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the run lock of ``state_dir``. ``check`` is called while waiting (about every
    quarter second) and may raise to give up early (a service asked to stop)."""
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise state_error(state_dir, exc, state_dir) from None
    lock = FileLock(str(state_dir / LOCK_FILE))
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            lock.acquire(timeout=max(0.0, min(_POLL, deadline - time.monotonic())) if check else wait_seconds)
            break
        except Timeout:
            if check is not None:
                check()
            if check is None or time.monotonic() >= deadline:
                raise LockError(
                    f"another ita-sync run holds the lock {str(state_dir / LOCK_FILE)!r} and did not finish "
                    f"within {wait_seconds:g} s; wait for it (see `ita-sync status`) or raise "
                    "state.lock_wait_seconds"
                ) from None
        except OSError as exc:  # run.lock owned by another user, a read-only folder, a full disk
            raise state_error(state_dir, exc, state_dir / LOCK_FILE) from None
    try:
        yield
    finally:
        lock.release()
