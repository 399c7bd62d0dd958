"""The Google transport over real HTTP (emulator): retry and backoff as the clients see them,
errors mapped once into core.errors, one path for Sheets (gspread) and Forms (discovery client)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import sync.google as g
from config.settings import settings_from_dict
from core.errors import SourceError
from sync.http import Pacer, RetryPolicy


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_google(emu: Any, tmp: Path, clock: FakeClock, *, form: str | None = None, **over: Any) -> g.Google:
    key = emu.write_service_account_key(tmp / "sa.json")
    sheet = emu.create_spreadsheet(title="s", tabs={"A": [["x"], [1]]})
    survey: dict[str, Any] = {"spreadsheet": sheet, **({"form": form} if form else {})}
    raw = {"backend": {"kind": "google", "credentials": str(key), "api_endpoint": emu.base_url, **over},
           "survey": survey, "master": {"spreadsheet": emu.create_spreadsheet(title="m")}}
    settings = settings_from_dict(raw, base_dir=tmp)
    policy = RetryPolicy(sleep=clock.sleep, clock=clock, rng=random.Random(5), base_delay=0.5, max_delay=2)
    return g.Google(settings, policy=policy, pacer=Pacer(per_minute=10**6))


@pytest.mark.parametrize("api", ["sheets", "forms"])
@pytest.mark.parametrize("retry_after", [3, 40])
def test_retry_after_from_the_server_is_slept(emulator, tmp_path, api, retry_after):
    clock = FakeClock()
    form = emulator.create_form(title="f", items=[{"title": "q", "kind": "text"}]) if api == "forms" else None
    google = make_google(emulator, tmp_path, clock, form=form)
    emulator.faults.rate_limit(times=2, retry_after=retry_after, path="/v1/forms" if form else "/v4/spreadsheets")
    if form:
        google.execute("form", google.forms().forms().get(formId=form))
    else:
        google.get(next(iter(emulator.spreadsheets)), "sheet")
    assert clock.sleeps == [retry_after, retry_after]


@pytest.mark.parametrize("api", ["sheets", "forms"])
def test_backoff_without_retry_after_is_jittered_and_not_zero(emulator, tmp_path, api):
    clock = FakeClock()
    form = emulator.create_form(title="f", items=[{"title": "q", "kind": "text"}]) if api == "forms" else None
    google = make_google(emulator, tmp_path, clock, form=form)
    emulator.faults.fail(times=3, status=503, path="/v1/forms" if form else "/v4/spreadsheets")
    if form:
        google.execute("form", google.forms().forms().get(formId=form))
    else:
        google.get(next(iter(emulator.spreadsheets)), "sheet")
    rng = random.Random(5)
    assert clock.sleeps == pytest.approx([rng.uniform(0, cap) for cap in (0.5, 1.0, 2.0)])
    assert all(s > 0 for s in clock.sleeps)


@pytest.mark.parametrize("api", ["sheets", "forms"])
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_other_4xx_is_never_retried(emulator, tmp_path, api, status):
    clock = FakeClock()
    form = emulator.create_form(title="f", items=[{"title": "q", "kind": "text"}]) if api == "forms" else None
    google = make_google(emulator, tmp_path, clock, form=form)
    emulator.faults.fail(times=5, status=status, path="/v1/forms" if form else "/v4/spreadsheets")
    emulator.clear_log()
    with pytest.raises(SourceError) as info:
        if form:
            google.execute("form", google.forms().forms().get(formId=form))
        else:
            google.get(next(iter(emulator.spreadsheets)), "sheet")
    assert clock.sleeps == [] and not info.value.retriable
    calls = len([c for c in emulator.calls() if c.api in ("sheets", "forms")])
    # 401: google-auth itself refreshes the token and repeats, at most twice (auth, not our retry)
    assert calls == 1 if status != 401 else 2 <= calls <= 3
