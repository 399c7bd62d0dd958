"""The one retry and pacing policy of every Google API call (the I/O boundary).

Retry: bounded attempts and total time, exponential backoff with full jitter,
``Retry-After`` honoured, only 408/429/5xx and connection errors/timeouts. Pacing:
a sliding one-minute window kept below the per-user quota (60 requests/minute).
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from core.errors import RetriesExhausted, TransientError

__all__ = ["RETRY_STATUS", "Pacer", "RetriesExhausted", "RetryPolicy", "TransientError", "parse_retry_after"]

T = TypeVar("T")

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class RetryPolicy:
    max_attempts: int = 6
    max_total_seconds: float = 180.0
    base_delay: float = 1.0
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn``; it raises TransientError for what may be retried, anything else passes."""
        start = self.clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except TransientError as exc:
                if attempt >= self.max_attempts:
                    raise RetriesExhausted(attempt, exc) from exc
                backoff = self.rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))
                delay = max(backoff, exc.retry_after or 0.0)
                if self.clock() - start + delay > self.max_total_seconds:
                    raise RetriesExhausted(attempt, exc) from exc
                self.sleep(delay)


class Pacer:
    """At most ``per_minute`` calls in any 60-second window (client-side, thread-safe)."""

    def __init__(self, per_minute: int = 50, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.sleep = sleep
        self.clock = clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self.clock()
            while self._times and now - self._times[0] >= 60.0:
                self._times.popleft()
            if len(self._times) >= self.per_minute:
                pause = 60.0 - (now - self._times[0])
                if pause > 0:
                    self.sleep(pause)
                now = self.clock()
                self._times.popleft()
            self._times.append(now)
