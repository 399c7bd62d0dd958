"""Deterministic, thread-safe fault injection for the emulator."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field


@dataclass
class FaultRule:
    """One planned fault: it lets ``skip`` matching calls pass, then acts on ``times`` calls."""

    kind: str  # "status" | "slow" | "drop"
    times: int | None = 1  # None = every matching call from now on
    skip: int = 0
    path: re.Pattern | None = None
    method: str | None = None
    status: int = 500
    retry_after: float | None = None
    message: str | None = None
    delay: float = 0.0
    apply: bool = True  # drop: process the request before dropping the answer
    partial: int | None = None  # drop: bytes of the body sent before closing (default: half)
    fired: int = 0

    def matches(self, method: str, path: str, is_token: bool) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        if self.path is None:
            return not is_token
        return bool(self.path.search(path))


@dataclass
class Faults:
    """Plan faults for the next calls (``path`` is a regex searched in the URL path, e.g. r':batchUpdate$').

    Rules without ``path`` apply to API calls only, never to the token endpoint; give ``path='/token'``
    to fault the token endpoint. When several rules match one call, each counts it against its own
    ``skip``, and the first rule (in the order they were added) that is due acts on it.
    """

    latency: float = 0.0  # seconds added to every API call (benchmarks)
    latency_includes_token: bool = False
    rules: list[FaultRule] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _add(self, rule: FaultRule, path: str | None) -> FaultRule:
        rule.path = re.compile(path) if path else None
        with self.lock:
            self.rules.append(rule)
        return rule

    def rate_limit(self, times: int = 1, retry_after: float | None = 1, *, path: str | None = None,
                   method: str | None = None, message: str | None = None) -> FaultRule:
        """429 RESOURCE_EXHAUSTED with ``Retry-After`` for the next ``times`` calls."""
        return self._add(FaultRule("status", times, 0, None, method, 429, retry_after, message), path)

    def fail(self, times: int | None = 1, status: int = 500, *, path: str | None = None,
             method: str | None = None, retry_after: float | None = None, message: str | None = None,
             after: int = 0) -> FaultRule:
        """``status`` (500, 503, 403, ...) for the next ``times`` calls, after letting ``after`` pass."""
        return self._add(FaultRule("status", times, after, None, method, status, retry_after, message), path)

    def fail_nth(self, n: int, status: int = 500, *, path: str | None = None, method: str | None = None,
                 retry_after: float | None = None, message: str | None = None) -> FaultRule:
        """Only the ``n``-th matching call from now (1 = the next one) fails."""
        if n < 1:
            raise ValueError("n counts from 1")
        return self.fail(1, status, path=path, method=method, retry_after=retry_after, message=message,
                         after=n - 1)

    def slow(self, delay: float, times: int | None = 1, *, path: str | None = None,
             method: str | None = None, after: int = 0) -> FaultRule:
        """Sleep ``delay`` seconds before answering (the request is then processed normally)."""
        return self._add(FaultRule("slow", times, after, None, method, delay=delay), path)

    def drop_connection(self, times: int | None = 1, *, path: str | None = None, method: str | None = None,
                        apply: bool = True, partial: int | None = None, after: int = 0) -> FaultRule:
        """Send the status line, headers (full Content-Length) and part of the body, then close.

        With ``apply`` the request takes effect first (the answer is lost, not the work).
        """
        return self._add(FaultRule("drop", times, after, None, method, apply=apply, partial=partial), path)

    def set_latency(self, seconds: float, include_token: bool = False) -> None:
        self.latency = seconds
        self.latency_includes_token = include_token

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()
        self.latency = 0.0
        self.latency_includes_token = False

    def pending(self) -> list[FaultRule]:
        with self.lock:
            return [r for r in self.rules if r.times is None or r.times > 0]

    def take(self, method: str, path: str, is_token: bool) -> FaultRule | None:
        chosen = None
        with self.lock:
            for rule in self.rules:
                if (rule.times is not None and rule.times <= 0) or not rule.matches(method, path, is_token):
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                if chosen is None:
                    chosen = rule
                    rule.fired += 1
                    if rule.times is not None:
                        rule.times -= 1
        return chosen
