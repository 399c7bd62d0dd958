"""`ita-sync serve`, the run lock, the run history, `status` and logging.

The scheduler is driven by a cron one second apart (``CronTrigger(second="*")``), never by
sleeping for minutes; stop requests are made in-process (the service's own flag, what the
SIGTERM handler sets) and, once, with a real SIGTERM to a real `ita-sync serve`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from openpyxl import load_workbook

from config.registry import load_registry
from config.settings import Settings, load_settings
from core.errors import ItaSyncError, LockError
from core.vocab import MASTER_TABS, TAB_STATUS
from sync.local import LocalSink
from sync.lock import run_lock
from sync.service import Service, execute, safe_error, status_report
from sync.state import SyncState
from tests.fixtures import PERSONAL, SURVEY_HEADER, SURVEY_ROWS, make_setup, write_xlsx


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=timeout)


def load(config: Path) -> tuple[Settings, Any]:
    settings = load_settings(config)
    return settings, load_registry(settings.units_file)


def in_thread(service: Service) -> threading.Thread:
    t = threading.Thread(target=service.serve, kwargs={"install_signals": False}, daemon=True)
    t.start()
    return t


def wait_for(cond: Any, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def every_second(settings: Settings) -> CronTrigger:
    return CronTrigger(second="*", timezone=settings.timezone)


def change_survey(root: Path) -> None:
    write_xlsx(root / "data" / "survey.xlsx", {"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, *SURVEY_ROWS[:4]]})


def scheduled(settings: Settings, registry: Any, backend: Any = None) -> Any:
    """The production runner's call, with a test backend."""
    def run(svc: Service) -> str:
        return execute(settings, registry, trigger="scheduled", on_stage=svc.checkpoint,
                       before_write=svc.checkpoint, check_stop=svc.checkpoint, backend=backend).outcome
    return run


# --- the scheduler --------------------------------------------------------------------------
def test_job_fires_on_schedule(tmp_path):
    settings, _ = load(make_setup(tmp_path))
    fired: list[float] = []
    service = Service(settings, trigger=every_second(settings), runner=lambda svc: fired.append(time.monotonic())
                      or "unchanged")
    t = in_thread(service)
    wait_for(lambda: len(fired) >= 3, timeout=8)
    service.request_stop()
    t.join(10)
    assert not t.is_alive()
    gaps = [b - a for a, b in zip(fired, fired[1:])]
    assert all(0.5 < g < 1.5 for g in gaps[:2]), gaps
    assert service.stats.max_concurrent == 1


def test_a_long_run_does_not_stack_a_second_one(tmp_path):
    settings, _ = load(make_setup(tmp_path))

    def long_run(svc: Service) -> str:
        time.sleep(2.3)
        return "written"

    service = Service(settings, trigger=every_second(settings), runner=long_run)
    t = in_thread(service)
    wait_for(lambda: service.stats.finished >= 1 and service.stats.skipped >= 1, timeout=10)
    service.request_stop()
    t.join(10)
    assert service.stats.max_concurrent == 1
    assert service.stats.skipped >= 1  # the firings during the long run were skipped, not queued
    assert service.stats.started <= 2


def test_stop_during_the_master_write_lets_it_complete(tmp_path):
    root = tmp_path
    settings, registry = load(make_setup(root))
    execute(settings, registry)
    change_survey(root)
    writing, master = threading.Event(), root / "data" / "master.xlsx"

    class SlowSink(LocalSink):
        def write(self, tables: Any) -> None:
            writing.set()
            time.sleep(0.6)  # the stop request arrives now
            super().write(tables)

    def backend(s: Settings) -> Any:
        from sync.local import LocalSource

        return LocalSource(s), SlowSink(master)

    service = Service(settings, trigger=IntervalTrigger(hours=1), run_at_start=True,
                      runner=scheduled(settings, registry, backend))
    t = in_thread(service)
    assert writing.wait(10)
    service.request_stop("SIGTERM")
    t.join(20)
    assert not t.is_alive()
    assert service.stats.outcomes == ["written"]
    from tests.test_incremental import full_fingerprint

    assert LocalSink(master).read_fingerprint() == full_fingerprint(settings, registry)
    assert [ws.title for ws in load_workbook(master).worksheets][:7] == list(MASTER_TABS)
    with SyncState.open(settings.state_dir) as st:
        assert st.runs(1)[0].outcome == "written" and st.runs(1)[0].trigger == "scheduled"


def test_stop_before_the_write_abandons_the_run(tmp_path):
    root = tmp_path
    settings, registry = load(make_setup(root))
    execute(settings, registry)
    master = root / "data" / "master.xlsx"
    before = master.read_bytes()
    change_survey(root)
    reading, release = threading.Event(), threading.Event()

    from sync.local import LocalSource

    class SlowSource(LocalSource):
        def read_survey(self) -> Any:
            reading.set()
            release.wait(10)
            return super().read_survey()

    service = Service(settings, trigger=IntervalTrigger(hours=1), run_at_start=True,
                      runner=scheduled(settings, registry, lambda s: (SlowSource(s), LocalSink(master))))
    t = in_thread(service)
    assert reading.wait(10)
    service.request_stop("SIGINT")
    release.set()
    t.join(20)
    assert service.stats.outcomes == ["abandoned"]
    assert master.read_bytes() == before
    with SyncState.open(settings.state_dir) as st:
        last = st.runs(1)[0]
        assert last.outcome == "abandoned" and "SIGINT" in (last.error or "")
    assert execute(settings, registry).wrote  # the next run picks the change up


def test_stop_while_waiting_for_the_lock(tmp_path):
    settings, registry = load(make_setup(tmp_path))
    service = Service(settings, trigger=IntervalTrigger(hours=1), run_at_start=True)  # the production runner
    with run_lock(settings.state_dir, 0):
        t = in_thread(service)
        wait_for(lambda: service.running.is_set())
        time.sleep(0.3)
        t0 = time.monotonic()
        service.request_stop("SIGTERM")
        t.join(10)
        assert time.monotonic() - t0 < 3 and not t.is_alive()
    assert service.stats.outcomes == ["abandoned"]


@pytest.mark.parametrize("delay", [0.0, 0.5], ids=["while_reading", "later"])
def test_sigterm_to_a_real_service_mid_run(tmp_path, delay):
    """SIGTERM right as the run starts (it abandons before the write) or a little later (the
    run may be writing: the write completes). Either way a complete master, exit 0."""
    from sync.demo import write_demo

    config = write_demo(tmp_path, responses=3000)
    settings, registry = load(config)
    old = execute(settings, registry)
    write_demo(tmp_path, responses=3000, seed=7)  # the next run has a new master to write
    master = tmp_path / "data" / "master.xlsx"
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "--log-json", "serve", "--config", str(config),
                             "--run-at-start"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if '"run_started"' in line:
                time.sleep(delay)
                proc.send_signal(signal.SIGTERM)
                break
        rest, _ = proc.communicate(timeout=60)[1], None
        lines += (rest or "").splitlines(keepends=True)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, "".join(lines)
    events = [json.loads(line) for line in lines if line.strip()]  # every line is JSON
    assert all({"ts", "level", "message"} <= e.keys() for e in events)
    runs = [e for e in events if e.get("event") == "run"]
    assert [r["run"]["outcome"] for r in runs] in (["abandoned"], ["written"])
    assert events[-1].get("event") == "service_stopped"
    fp = LocalSink(master).read_fingerprint()
    assert [ws for ws in load_workbook(master, read_only=True).sheetnames][:7] == list(MASTER_TABS)
    if runs[0]["run"]["outcome"] == "abandoned":
        assert fp == old.fingerprint
    else:
        assert fp != old.fingerprint and fp == runs[0]["run"]["fingerprint"]


# --- the run lock -----------------------------------------------------------------------------
def test_two_processes_started_together_one_runs(tmp_path):
    from sync.demo import write_demo

    execute(*load(write_demo(tmp_path, responses=6000)))  # a set-up that has run before (the history exists)
    config = write_demo(tmp_path, responses=6000, seed=7)  # and a change to write
    config.write_text(config.read_text(encoding="utf-8").replace(
        'dir = "state"', 'dir = "state"\nlock_wait_seconds = 0'), encoding="utf-8")
    cmd = [sys.executable, "-m", "scheduler", "run", "--config", str(config)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 1], outs
    loser = next(err for p, (_, err) in zip(procs, outs) if p.returncode == 1)
    assert "holds the lock" in loser and "lock_wait_seconds" in loser
    report = status_report(load_settings(config))
    assert sorted(r.outcome for r in report.runs[:2]) == ["failed", "written"]
    assert "holds the lock" in next(r.error for r in report.runs if r.outcome == "failed")


def test_lock_wait_is_bounded(tmp_path):
    config = make_setup(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "\n[state]\nlock_wait_seconds = 1\n", encoding="utf-8")
    settings, registry = load(config)
    with run_lock(settings.state_dir, 0):
        t0 = time.monotonic()
        proc = cli("run", "--config", str(config))
        took = time.monotonic() - t0
    assert proc.returncode == 1 and "holds the lock" in proc.stderr
    assert took < 15
    assert not (tmp_path / "data" / "master.xlsx").exists()
    with pytest.raises(LockError):
        with run_lock(settings.state_dir, 0):
            execute(settings, registry)


# --- history, status, run facts ----------------------------------------------------------------
def test_status_shows_the_last_scheduled_run(tmp_path):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    assert "ยังไม่มีประวัติ" in cli("status", "--config", str(config)).stdout

    service = Service(settings, config_path=config, trigger=IntervalTrigger(hours=1), run_at_start=True)
    t = in_thread(service)
    wait_for(lambda: service.stats.finished == 1)
    service.request_stop()
    t.join(10)
    proc = cli("status", "--config", str(config))
    assert proc.returncode == 0
    assert "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: สำเร็จ" in proc.stdout
    report = json.loads(cli("status", "--config", str(config), "--json").stdout)
    assert report["last_scheduled_ok"] is True and report["service"]["status"] == "stopped"

    # a scheduled run that fails: status says so, with the reason
    (tmp_path / "data" / "survey.xlsx").rename(tmp_path / "data" / "survey-moved.xlsx")
    service = Service(settings, config_path=config, trigger=IntervalTrigger(hours=1), run_at_start=True)
    t = in_thread(service)
    wait_for(lambda: service.stats.finished == 1)
    service.request_stop()
    t.join(10)
    proc = cli("status", "--config", str(config))
    assert "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: ไม่สำเร็จ" in proc.stdout and "survey.xlsx" in proc.stdout

    # the next master written carries that fact in สถานะการซิงค์
    (tmp_path / "data" / "survey-moved.xlsx").rename(tmp_path / "data" / "survey.xlsx")
    change_survey(tmp_path)
    assert execute(settings, registry).wrote
    facts = {r[0]: r[1] for r in LocalSink(tmp_path / "data" / "master.xlsx").read_tables()[TAB_STATUS] if r}
    assert str(facts["การซิงค์ตามกำหนดเวลาครั้งล่าสุด"]).startswith("ล้มเหลว")
    assert facts["เรียกใช้โดย"] == "ผู้ใช้สั่ง"


def test_history_records_every_outcome(tmp_path):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    execute(settings, registry)
    execute(settings, registry)
    execute(settings, registry, dry_run=True)
    (tmp_path / "data" / "survey.xlsx").unlink()
    with pytest.raises(ItaSyncError):
        execute(settings, registry)
    runs = SyncState.open(settings.state_dir).runs()
    assert [r.outcome for r in runs] == ["failed", "dry-run", "unchanged", "written"]
    assert runs[3].rows_read == 17 and runs[3].issues == 14 and runs[3].ended and runs[3].duration is not None  # v4: + uneven_totals (fixture form 2 row 3)
    assert "survey.xlsx" in (runs[0].error or "")


def test_json_logs_and_no_personal_data(tmp_path):
    config = make_setup(tmp_path)
    proc = cli("--log-json", "run", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stderr.splitlines() if line.strip()]
    run = [e for e in events if e.get("event") == "run"]
    assert len(run) == 1
    r = run[0]["run"]
    assert r["outcome"] == "written" and r["mode"] == "run" and r["counts"]["read"] == 17
    assert r["counts"]["issues"] == 14 and r["duration"] > 0  # v4: + uneven_totals
    blob = proc.stdout + proc.stderr + cli("run", "--config", str(config), "--log-json", "-c", str(config)).stderr
    assert [p for p in PERSONAL if p in blob] == []


def test_unexpected_errors_are_logged_without_data(tmp_path):
    settings, registry = load(make_setup(tmp_path))

    class Broken:
        warnings: list[str] = []

        def read_survey(self) -> Any:
            raise ValueError("could not convert 'สมชาย ใจดี 081-234-5678'")

    with pytest.raises(ValueError):
        execute(settings, registry, backend=lambda s: (Broken(), LocalSink(tmp_path / "m.xlsx")))
    error = SyncState.open(settings.state_dir).runs(1)[0].error or ""
    assert "ValueError" in error and "สมชาย" not in error
    assert "test_service.py" not in error or "internal error" in error
    try:
        raise ValueError("สมชาย")
    except ValueError as exc:
        assert "สมชาย" not in safe_error(exc)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_only_on_a_terminal(tmp_path):
    config = make_setup(tmp_path)
    piped = cli("run", "--config", str(config))
    assert piped.returncode == 0 and "━" not in piped.stderr  # (stdout has the summary table)
    (tmp_path / "data" / "master.xlsx").unlink()
    master_fd, slave_fd = os.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "run", "--config", str(config)],
                            stdout=subprocess.PIPE, stderr=slave_fd, env=env)
    os.close(slave_fd)
    chunks = []
    while True:
        try:
            data = os.read(master_fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(60)
    os.close(master_fd)
    assert proc.returncode == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    stages = ("เริ่มต้น", "อ่านแบบสำรวจ", "อ่านรายงานหน่วยงาน", "สร้างตารางรายงานรวม", "เขียนรายงานรวม")
    assert "━" in shown and any(s in shown for s in stages)


def test_a_run_missed_while_the_service_was_down_is_caught_up(tmp_path):
    """APScheduler forgets its jobs when the process stops: a reboot at 02:30 would skip the
    night. The service looks at the history instead and runs the missed one (within the grace)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    settings, registry = load(make_setup(tmp_path))  # cron "0 2 * * *" in Asia/Bangkok
    tz = ZoneInfo(settings.timezone)
    at = (datetime.now(tz) - timedelta(days=1)).replace(hour=2, minute=30, second=0, microsecond=0)
    assert Service(settings, now=at).missed is None  # a brand-new set-up: no service was down
    with SyncState.open(settings.state_dir) as state:  # the service ran here before, then went down
        state.set("service.status", "stopped")
    assert Service(settings, now=at).missed == at.replace(minute=0)
    assert Service(settings, now=at.replace(hour=3, minute=30)).missed is None  # beyond the hour of grace
    assert Service(settings, now=at.replace(hour=1)).missed is None  # nothing due yet

    service = Service(settings, now=at)
    t = in_thread(service)
    wait_for(lambda: service.stats.finished == 1)
    service.request_stop()
    t.join(10)
    assert service.stats.outcomes == ["written"]
    # now the history holds a scheduled run started after 02:00: no second catch-up
    assert Service(settings, now=at).missed is None
