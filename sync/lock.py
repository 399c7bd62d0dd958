"""The run lock: one sync at a time per state folder, across processes.

An OS file lock (flock) dies with its process, so a killed run never leaves a
stale lock behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from config.errors import LockError, SourceError


@contextmanager
def run_lock(state_dir: Path, wait_seconds: float) -> Iterator[None]:
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(f"state.dir: cannot create {str(state_dir)!r} ({exc.strerror}); fix state.dir") from None
    lock = FileLock(str(state_dir / "run.lock"))
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise LockError(
            f"another ita-sync run holds the lock {str(state_dir / 'run.lock')!r} and did not finish within "
            f"{wait_seconds:g} s; wait for it (see `ita-sync status`) or raise state.lock_wait_seconds"
        ) from None
    try:
        yield
    finally:
        lock.release()
