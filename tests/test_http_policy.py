"""The retry and pacing policy, with a fake clock: no real sleeping."""

from __future__ import annotations

import email.utils
import random
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import SourceError
from sync.http import (
    Pacer,
    RetriesExhausted,
    RetryPolicy,
    TransientError,
    is_transient_status,
    parse_retry_after,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def policy(clock: FakeClock, **kw) -> RetryPolicy:
    return RetryPolicy(sleep=clock.sleep, clock=clock, rng=random.Random(1), **kw)


def flaky(failures: list[TransientError]):
    calls = []

    def fn():
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "ok"

    return fn, calls


def test_succeeds_after_transient_failures():
    clock = FakeClock()
    fn, calls = flaky([TransientError(503, None, Exception("x")), TransientError(0, None, Exception("reset"))])
    assert policy(clock).call(fn) == "ok"
    assert len(calls) == 3 and len(clock.sleeps) == 2


def test_retry_after_is_honoured():
    clock = FakeClock()
    fn, _ = flaky([TransientError(429, 7.0, Exception("quota"))])
    policy(clock).call(fn)
    assert clock.sleeps == [7.0]


def test_attempts_are_bounded():
    clock = FakeClock()
    fn, calls = flaky([TransientError(500, None, Exception("x")) for _ in range(20)])
    with pytest.raises(RetriesExhausted) as info:
        policy(clock, max_attempts=4).call(fn)
    assert len(calls) == 4 and info.value.attempts == 4


def test_total_time_is_bounded():
    clock = FakeClock()
    fn, calls = flaky([TransientError(429, 100.0, Exception("quota")) for _ in range(20)])
    with pytest.raises(RetriesExhausted):
        policy(clock, max_total_seconds=250).call(fn)
    assert clock.now <= 250 and len(calls) == 3


def test_other_errors_are_not_retried():
    clock = FakeClock()
    calls = []

    def fn():
        calls.append(1)
        raise PermissionError("403")

    with pytest.raises(PermissionError):
        policy(clock).call(fn)
    assert len(calls) == 1 and clock.sleeps == []


def test_backoff_grows_with_jitter_below_cap():
    clock = FakeClock()
    fn, _ = flaky([TransientError(503, None, Exception("x")) for _ in range(5)])
    policy(clock, max_attempts=6, base_delay=1, max_delay=4).call(fn)
    caps = [1, 2, 4, 4, 4]
    assert all(0 <= s <= c for s, c in zip(clock.sleeps, caps))


@pytest.mark.parametrize(("value", "expected"), [("12", 12.0), ("0", 0.0), (None, None), ("soon", None)])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date_in_past_is_zero():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_pacer_keeps_each_minute_under_quota():
    clock = FakeClock()
    pacer = Pacer(per_minute=5, sleep=clock.sleep, clock=clock)
    stamps = []
    for _ in range(12):
        pacer.wait()
        stamps.append(clock.now)
    for t in stamps:
        assert sum(1 for s in stamps if t <= s < t + 60) <= 5
    assert stamps[5] >= 60 and stamps[10] >= 120


# --- the backoff, pinned: a seeded random source and a fake clock give the exact sleeps ---------
def expected_jitter(seed: int, caps: list[float]) -> list[float]:
    """What full jitter draws from ``random.Random(seed)``: uniform(0, cap) per wait, in order."""
    rng = random.Random(seed)
    return [rng.uniform(0, c) for c in caps]


@pytest.mark.parametrize(("case", "failures", "kw", "caps", "floors"), [
    # base 1 s doubling to the 8 s cap, no Retry-After: the jittered backoff itself
    ("doubling_to_cap", [(503, None)] * 5, dict(base_delay=1, max_delay=8), [1, 2, 4, 8, 8], [0] * 5),
    # a larger base: the waits scale with it
    ("base_two_seconds", [(500, None)] * 3, dict(base_delay=2, max_delay=32), [2, 4, 8], [0] * 3),
    # Retry-After longer than the backoff wins
    ("retry_after_wins", [(429, 30.0), (429, 30.0)], dict(base_delay=1, max_delay=4), [1, 2], [30.0, 30.0]),
    # Retry-After shorter than the drawn backoff: the backoff stands
    ("retry_after_zero", [(429, 0.0), (503, None)], dict(base_delay=10, max_delay=10), [10, 10], [0, 0]),
    # a network error (status 0) backs off like a 5xx
    ("network_error", [(0, None)] * 2, dict(base_delay=1, max_delay=32), [1, 2], [0, 0]),
])
def test_backoff_sleeps_are_pinned(case, failures, kw, caps, floors):
    clock = FakeClock()
    fn, calls = flaky([TransientError(s, ra, Exception(case)) for s, ra in failures])
    RetryPolicy(sleep=clock.sleep, clock=clock, rng=random.Random(42), max_total_seconds=10_000, **kw).call(fn)
    want = [max(j, f) for j, f in zip(expected_jitter(42, caps), floors, strict=True)]
    assert clock.sleeps == pytest.approx(want), case
    assert len(calls) == len(failures) + 1
    assert sum(clock.sleeps) > 0  # a wait forced to 0 s fails here as well


def test_retry_after_as_http_date_is_waited_out():
    clock = FakeClock()
    when = datetime.now(UTC) + timedelta(seconds=120)
    header = email.utils.format_datetime(when, usegmt=True)
    fn, _ = flaky([TransientError(429, parse_retry_after(header), Exception("quota"))])
    policy(clock, base_delay=0.5, max_delay=1).call(fn)
    assert 115 <= clock.sleeps[0] <= 120


@pytest.mark.parametrize(("status", "transient"), [
    (400, False), (401, False), (403, False), (404, False), (409, False), (412, False), (422, False),
    (408, True), (429, True), (500, True), (502, True), (503, True), (504, True), (599, True),
])
def test_which_statuses_are_transient(status, transient):
    assert is_transient_status(status) is transient


def test_exhausted_is_a_retriable_source_error():
    clock = FakeClock()
    fn, _ = flaky([TransientError(503, None, Exception("x")) for _ in range(3)])
    with pytest.raises(SourceError) as info:
        policy(clock, max_attempts=3).call(fn)
    assert isinstance(info.value, RetriesExhausted) and info.value.retriable and info.value.attempts == 3
