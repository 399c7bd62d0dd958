"""The one retry and pacing policy of every Google API call (the I/O boundary).

Retry (tenacity): bounded attempts and total time, exponential backoff with full jitter
(seeded random source), ``Retry-After`` honoured (the wait is the larger of the two), only
what the transport marks as transient: HTTP 408/429/5xx and connection errors/timeouts
(``is_transient_status``). Pacing: a sliding one-minute window kept below the per-user quota.
Both take an injected sleep and clock, so tests pin every wait without sleeping.
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

import tenacity

from core.errors import RetriesExhausted, TransientError  # the one tree (core/errors.py)

T = TypeVar("T")

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def is_transient_status(status: int) -> bool:
    """Whether an HTTP status is worth retrying: 408, 429 and every 5xx; never another 4xx."""
    return status in RETRY_STATUS or 500 <= status <= 599


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` (delta-seconds or an HTTP date) -> seconds >= 0; None when absent or unreadable."""
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


class wait_jitter_or_retry_after(tenacity.wait.wait_base):  # noqa: N801 - tenacity's naming
    """Full-jitter exponential backoff, never shorter than the server's ``Retry-After``.

    Attempt n (1-based) waits ``uniform(0, min(max_delay, base_delay * 2**(n-1)))`` drawn from
    ``rng``, or the failed attempt's ``Retry-After`` when that is longer (seconds)."""

    def __init__(self, base_delay: float, max_delay: float, rng: random.Random) -> None:
        self.cap = tenacity.wait_exponential(multiplier=base_delay, max=max_delay, exp_base=2)
        self.rng = rng

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        backoff = self.rng.uniform(0, self.cap(retry_state))
        exc = retry_state.outcome.exception() if retry_state.outcome is not None else None
        retry_after = exc.retry_after if isinstance(exc, TransientError) else None
        return max(backoff, retry_after or 0.0)


class stop_before_total(tenacity.stop.stop_base):  # noqa: N801 - tenacity's naming
    """Stop when the next sleep would end past ``limit`` seconds since ``start`` (by ``clock``)."""

    def __init__(self, limit: float, clock: Callable[[], float], start: float) -> None:
        self.limit, self.clock, self.start = limit, clock, start

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        return self.clock() - self.start + (retry_state.upcoming_sleep or 0.0) > self.limit


@dataclass
class RetryPolicy:
    """Bounded retry of one call: at most ``max_attempts`` tries and ``max_total_seconds`` (s)."""

    max_attempts: int = 6
    max_total_seconds: float = 180.0
    base_delay: float = 1.0
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn``; it raises TransientError for what may be retried, anything else passes
        through at once. Raises RetriesExhausted when the attempts or the time run out."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(TransientError),
            wait=wait_jitter_or_retry_after(self.base_delay, self.max_delay, self.rng),
            stop=tenacity.stop_after_attempt(self.max_attempts)
            | stop_before_total(self.max_total_seconds, self.clock, self.clock()),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            return retrying(fn)
        except TransientError as exc:
            raise RetriesExhausted(retrying.statistics.get("attempt_number", 1), exc) from exc


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
