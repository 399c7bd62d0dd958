"""The retry and pacing policy, with a fake clock: no real sleeping."""

from __future__ import annotations

import random

import pytest

from sync.http import Pacer, RetriesExhausted, RetryPolicy, TransientError, parse_retry_after


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
