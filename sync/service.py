"""Running the job for people and for the night: one locked run with its history, the
``serve`` scheduler, the status report, and logging.

- :func:`execute` is every run (``run``, ``resync``, each scheduled run): take the run lock,
  open the sync state, record the run in the history, run ``sync.job.run_once``, record
  the outcome, log one line about it.
- :class:`Service` is ``ita-sync serve``: an APScheduler ``BackgroundScheduler`` firing
  :func:`execute` on the ``[schedule]`` cron in the configured time zone, one run at a time
  (``max_instances=1``), missed runs coalesced into one within a grace period. SIGTERM and
  SIGINT only set a stop flag: a run that has not begun its master write abandons at its next
  stage boundary (nothing written), a write in progress completes, then the service exits 0.
- Logging never carries cell values: counts, durations, modes, paths, error sentences
  (``ItaSyncError`` messages are written not to hold personal data) and, for an unexpected
  error, only its type and where it happened.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from config.settings import Settings, key_file_warnings
from core.errors import ItaSyncError, LockError, StateError
from core.run import SUCCESS, Outcome, RunMode, Trigger
from core.units import Registry
from sync.job import RunAbandoned, RunResult, run_once
from sync.lock import run_lock
from sync.ports import CleansLeftovers, Sink, Source
from sync.state import RunRecord, SyncState, utc_now_text

if TYPE_CHECKING:
    from apscheduler.triggers.base import BaseTrigger

log = logging.getLogger("ita_sync")

MANUAL, SCHEDULED = Trigger.MANUAL, Trigger.SCHEDULED
#: builds the source and sink of a run from the settings (tests pass fakes)
Backend = Callable[[Settings], tuple[Source, Sink]]
MISFIRE_GRACE_SECONDS = 3600
#: what a run stopped by Ctrl-C says (the master is replaced whole or not at all)
STOPPED_BY_USER = "stopped by the user; the master was not changed"


# ======================================================================================
# logging
# ======================================================================================
class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, and the record's ``run`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("event", "run", "service"):
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            out["error_type"] = record.exc_info[0].__name__
        return json.dumps(out, ensure_ascii=False, default=str)


class HumanFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S")

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging API
        return ""  # tracebacks may quote data; see safe_error()


def setup_logging(*, json_lines: bool = False, level: int = logging.WARNING) -> None:
    """Human-readable lines, or JSON lines (journald, log shippers), on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else HumanFormatter())
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("ita_sync").setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING if level <= logging.INFO else level)


def safe_error(exc: BaseException) -> str:
    """One sentence about a failure, without data: our own messages as they are; for anything
    else only the type and the innermost place in ita-sync's code."""
    if isinstance(exc, ItaSyncError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(part in frame.filename for part in ("/sync/", "/aggregate/", "/config/", "scheduler.py")):
            where = f" in {Path(frame.filename).parent.name}/{Path(frame.filename).name}:{frame.lineno}"
            break
    return f"internal error {type(exc).__name__}{where} (details withheld: they may quote data; " \
           f"rerun in a terminal with ITA_SYNC_DEBUG=1 to see them)"


def _run_fields(result: RunResult | None, *, mode: RunMode, trigger: Trigger, outcome: Outcome, duration: float,
                error: str | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {"mode": mode, "trigger": trigger, "outcome": outcome, "duration": round(duration, 3)}
    if result is not None:
        fields.update(read_kind=result.read_kind, dry_run=result.dry_run, wrote=result.wrote,
                      counts=result.counts(), sources=result.sources, master=result.location,
                      fingerprint=result.fingerprint)
    if error:
        fields["error"] = error
    return fields


def log_outcome(fields: dict[str, Any]) -> None:
    outcome = fields["outcome"]
    what = f"sync {outcome}: mode {fields['mode']}, {fields['trigger']}, {fields['duration']:.1f} s"
    if "counts" in fields:
        c = fields["counts"]
        what += (f", {fields['read_kind']} read, {c['read']} rows read ({c['accepted']} accepted, "
                 f"{c['duplicates']} duplicates, {c['rejected']} rejected), {c['issues']} issues")
    if fields.get("error"):
        what += f": {fields['error']}"
    level = logging.INFO if outcome in (*SUCCESS, Outcome.DRY_RUN) else logging.WARNING \
        if outcome == Outcome.ABANDONED else logging.ERROR
    log.log(level, what, extra={"event": "run", "run": fields})


# ======================================================================================
# one run
# ======================================================================================
def _open_state(settings: Settings) -> SyncState:
    try:
        return SyncState.open(settings.state_dir)
    except OSError as exc:
        raise StateError(f"state.dir: cannot use {str(settings.state_dir)!r} ({exc.strerror or exc}); "
                          "check that the folder exists and is writable, or fix state.dir") from None


def _record_unlocked_failure(settings: Settings, *, mode: RunMode, trigger: Trigger, dry_run: bool,
                             started: datetime, error: str, outcome: Outcome = Outcome.FAILED) -> None:
    """A run that never got the lock still belongs in the history (`ita-sync status`)."""
    try:
        state = SyncState.open_existing(settings.state_dir)
        if state is None:
            return
        with state:
            with state.transaction() as conn:
                conn.execute(
                    "INSERT INTO runs (started, ended, mode, trigger, dry_run, outcome, error, duration, pid) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (utc_now_text(started), utc_now_text(), mode, trigger, int(dry_run), outcome, error,
                     (datetime.now(UTC) - started).total_seconds(), os.getpid()))
    except (sqlite3.Error, OSError, ItaSyncError) as exc:  # the history is a convenience; never fail over it
        log.warning("could not record the run in the history (%s)", type(exc).__name__)


def execute(
    settings: Settings,
    registry: Registry,
    *,
    mode: RunMode = RunMode.RUN,
    dry_run: bool = False,
    trigger: Trigger = Trigger.MANUAL,
    on_stage: Callable[[str], None] | None = None,
    before_write: Callable[[], None] | None = None,
    backend: Backend | None = None,
    now: datetime | None = None,
    check_stop: Callable[[], None] | None = None,
) -> RunResult:
    """One locked run with its history entry and outcome log line. Raises the run's
    ItaSyncError (RunAbandoned when stopped) after recording it. ``check_stop`` is polled
    while waiting for the lock and may raise RunAbandoned."""
    started = now or datetime.now(UTC)
    t0 = time.monotonic()
    for warning in key_file_warnings(settings):
        log.warning(warning, extra={"event": "key_file"})
    with ExitStack() as stack:
        try:
            stack.enter_context(run_lock(settings.state_dir, settings.state.lock_wait_seconds, check=check_stop))
        except ItaSyncError as exc:
            error = safe_error(exc)
            outcome = Outcome.ABANDONED if isinstance(exc, RunAbandoned) else Outcome.FAILED
            if isinstance(exc, (LockError, RunAbandoned)):
                _record_unlocked_failure(settings, mode=mode, trigger=trigger, dry_run=dry_run, started=started,
                                         error=error, outcome=outcome)
            log_outcome(_run_fields(None, mode=mode, trigger=trigger, outcome=outcome,
                                    duration=time.monotonic() - t0, error=error))
            raise
        state = stack.enter_context(_open_state(settings))
        return _execute_locked(settings, registry, state, mode=mode, dry_run=dry_run, trigger=trigger,
                               on_stage=on_stage, before_write=before_write, backend=backend, started=started,
                               now=now, t0=t0)
    raise AssertionError("unreachable")  # pragma: no cover


def _execute_locked(settings: Settings, registry: Registry, state: SyncState, *, mode: RunMode, dry_run: bool,
                    trigger: Trigger, on_stage: Callable[[str], None] | None, before_write: Callable[[], None] | None,
                    backend: Backend | None, started: datetime,
                    now: datetime | None, t0: float) -> RunResult:
    run_id = state.start_run(started=started, mode=mode, trigger=trigger, dry_run=dry_run)
    result: RunResult | None = None
    try:
        if backend is None:
            from sync.backends import build_backend

            backend = build_backend
        source, sink = backend(settings)
        if isinstance(sink, CleansLeftovers):
            sink.clean_leftovers()
        result = run_once(settings, registry, source, sink, mode=mode, dry_run=dry_run, now=now,
                          before_write=before_write, state=state, trigger=trigger, on_stage=on_stage)
    except BaseException as exc:
        outcome = Outcome.ABANDONED if isinstance(exc, RunAbandoned) else Outcome.FAILED
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            outcome, error = Outcome.INTERRUPTED, STOPPED_BY_USER if isinstance(exc, KeyboardInterrupt) \
                else f"stopped ({type(exc).__name__}); the master was not changed"
        else:
            error = safe_error(exc)
        duration = time.monotonic() - t0
        try:
            state.finish_run(run_id, outcome=outcome, duration=duration, error=error)
        except (sqlite3.Error, OSError, ItaSyncError) as record_exc:  # the run's own error matters more
            log.warning("could not record the run in the history (%s)", type(record_exc).__name__)
        log_outcome(_run_fields(None, mode=mode, trigger=trigger, outcome=outcome, duration=duration, error=error))
        raise
    try:
        state.finish_run(run_id, outcome=result.outcome, read_kind=result.read_kind, counts=result.counts(),
                         duration=result.duration, fingerprint=result.fingerprint)
    except (sqlite3.Error, OSError, ItaSyncError) as exc:  # the master is written; a history row is not worth failing the run
        log.warning("could not record the run in the history (%s)", type(exc).__name__)
    log_outcome(_run_fields(result, mode=mode, trigger=trigger, outcome=result.outcome, duration=result.duration))
    return result


# ======================================================================================
# the service
# ======================================================================================
@dataclass
class ServiceStats:
    started: int = 0
    finished: int = 0
    skipped: int = 0
    concurrent: int = 0
    max_concurrent: int = 0
    outcomes: list[Outcome] = field(default_factory=list)


class Service:
    """``ita-sync serve``. ``trigger`` and ``runner`` are for tests (a one-second trigger, a
    fake run); production uses the ``[schedule]`` cron and :func:`execute`."""

    def __init__(
        self,
        settings: Settings,
        *,
        config_path: Path | None = None,
        trigger: BaseTrigger | None = None,
        runner: Callable[[Service], Outcome] | None = None,
        run_at_start: bool = False,
        misfire_grace_time: int = MISFIRE_GRACE_SECONDS,
        now: datetime | None = None,
    ) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.cron import CronTrigger

        self.settings = settings
        self.config_path = config_path
        self.stop_requested = threading.Event()
        self.running = threading.Event()
        self.stats = ServiceStats()
        self._lock = threading.Lock()
        self._signal: str | None = None
        self._runner = runner or _scheduled_run
        tz = ZoneInfo(settings.timezone)
        self.trigger = trigger or CronTrigger.from_crontab(settings.schedule.cron, timezone=tz)
        self.scheduler = BackgroundScheduler(timezone=tz)
        now = now or datetime.now(tz)
        #: a scheduled time missed while the service was not running (a reboot at 02:30), caught up now
        self.missed = None if trigger is not None else missed_run(self.trigger, settings, now, misfire_grace_time)
        extra: dict[str, Any] = {"next_run_time": datetime.now(tz)} if (run_at_start or self.missed) else {}
        self.job = self.scheduler.add_job(
            self._job, self.trigger, id="ita-sync", name="ita-sync run", max_instances=1, coalesce=True,
            misfire_grace_time=misfire_grace_time, **extra)
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED

        self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)

    # --- stop -------------------------------------------------------------------------
    def request_stop(self, reason: str = "stop requested") -> None:
        self._signal = self._signal or reason
        self.stop_requested.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # only set flags here: logging from a signal handler can deadlock
        self.request_stop(signal.Signals(signum).name)

    def checkpoint(self, stage: str | None = None) -> None:
        """Called at each stage of a run and right before the master write."""
        if self.stop_requested.is_set():
            raise RunAbandoned(f"stop requested ({self._signal}) before the master write; nothing was written")

    # --- the job ------------------------------------------------------------------------
    def _skipped(self, event: object) -> None:
        with self._lock:
            self.stats.skipped += 1
        log.warning("scheduled run skipped: the previous run is still going (one run at a time)",
                    extra={"event": "skipped"})

    def _job(self) -> None:
        if self.stop_requested.is_set():
            log.info("stop requested: scheduled run not started", extra={"event": "skipped"})
            return
        with self._lock:
            self.stats.started += 1
            self.stats.concurrent += 1
            self.stats.max_concurrent = max(self.stats.max_concurrent, self.stats.concurrent)
        self.running.set()
        outcome = Outcome.FAILED
        try:
            log.info("scheduled run started", extra={"event": "run_started"})
            outcome = self._runner(self)
        except RunAbandoned:
            outcome = Outcome.ABANDONED
        except ItaSyncError:
            outcome = Outcome.FAILED  # recorded and logged by execute()
        except Exception as exc:  # the service outlives a bug in one run; logged without data
            outcome = Outcome.FAILED
            log.error("scheduled run failed: %s", safe_error(exc), extra={"event": "run"})
        finally:
            with self._lock:
                self.stats.concurrent -= 1
                self.stats.finished += 1
                self.stats.outcomes.append(outcome)
            self.running.clear()
            self._heartbeat("running")

    def next_run(self) -> datetime | None:
        nxt: datetime | None = getattr(self.job, "next_run_time", None)
        return nxt

    def _heartbeat(self, status: str) -> None:
        try:
            state = SyncState.open_existing(self.settings.state_dir)
            if state is None:
                return
            with state:
                nxt = self.next_run()
                state.set("service.status", status)
                state.set("service.pid", str(os.getpid()))
                state.set("service.updated", utc_now_text())
                state.set("service.next_run", nxt.isoformat() if nxt and status == "running" else None)
                state.set("service.cron", self.settings.schedule.cron)
                if status == "running" and not state.get("service.started"):
                    state.set("service.started", utc_now_text())
                if status == "stopped":
                    state.set("service.started", None)
        except (sqlite3.Error, OSError, ItaSyncError) as exc:  # the heartbeat is informative only
            log.debug("heartbeat not recorded (%s)", type(exc).__name__)

    # --- main loop ----------------------------------------------------------------------
    def serve(self, *, install_signals: bool = True) -> int:
        if install_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, self._on_signal)
        self.scheduler.start()
        self._heartbeat("running")
        nxt = self.next_run()
        if self.missed is not None:
            log.info("the run scheduled at %s was missed (the service was not running): running it now",
                     self.missed.isoformat(), extra={"event": "catch_up"})
        log.info("service started: schedule %r in %s; next run at %s", self.settings.schedule.cron,
                 self.settings.timezone, nxt.isoformat() if nxt else "never",
                 extra={"event": "service_started", "service": {"cron": self.settings.schedule.cron,
                                                                "timezone": self.settings.timezone,
                                                                "pid": os.getpid()}})
        while not self.stop_requested.wait(0.2):
            pass
        busy = self.running.is_set()
        log.info("%s received: stopping%s", self._signal or "stop",
                 " after the run in progress finishes its master write or abandons it" if busy else "",
                 extra={"event": "service_stopping"})
        self.scheduler.shutdown(wait=True)
        self._heartbeat("stopped")
        log.info("service stopped", extra={"event": "service_stopped"})
        return 0


def missed_run(trigger: BaseTrigger, settings: Settings, now: datetime, grace: int) -> datetime | None:
    """The latest time of the schedule in the last ``grace`` seconds, if no scheduled run has
    started since (APScheduler forgets its jobs when the process stops; the history does not).
    None on a set-up where ``serve`` never ran (no heartbeat in the state): nothing was missed."""
    last = None
    t = trigger.get_next_fire_time(None, now - timedelta(seconds=grace))
    while t is not None and t <= now:
        last = t
        t = trigger.get_next_fire_time(t, t + timedelta(seconds=1))
    if last is None:
        return None
    try:
        state = SyncState.open_existing(settings.state_dir)
        if state is None:  # a brand-new set-up: no service ever ran here, so none missed a run
            return None
        with state:
            if state.get("service.status") is None:  # the service never ran on this set-up
                return None
            done = state.runs(1, trigger=SCHEDULED)
        if done and datetime.fromisoformat(done[0].started) >= last:
            return None
    except (sqlite3.Error, OSError, ItaSyncError, ValueError):  # an unreadable history: no catch-up
        return None
    return last


def _scheduled_run(service: Service) -> Outcome:
    """Each scheduled run re-reads the config and the registry, so edits apply from the next
    night on (a change of [schedule] or timezone needs a restart)."""
    from config.registry import load_registry
    from config.settings import load_settings

    settings = service.settings
    try:
        if service.config_path is not None:
            settings = load_settings(service.config_path)
        registry = load_registry(settings.units_file)
    except ItaSyncError as exc:
        error = f"config: {safe_error(exc)}"
        _record_unlocked_failure(service.settings, mode=RunMode.RUN, trigger=SCHEDULED, dry_run=False,
                                 started=datetime.now(UTC), error=error)
        log_outcome(_run_fields(None, mode=RunMode.RUN, trigger=SCHEDULED, outcome=Outcome.FAILED, duration=0.0,
                                error=error))
        return Outcome.FAILED
    result = execute(settings, registry, mode=RunMode.RUN, trigger=SCHEDULED, on_stage=service.checkpoint,
                     before_write=service.checkpoint, check_stop=service.checkpoint)
    return result.outcome


# ======================================================================================
# status
# ======================================================================================
@dataclass
class StatusReport:
    state_file: Path
    exists: bool
    runs: list[RunRecord]
    last_scheduled: RunRecord | None
    service: dict[str, str | None]
    sources: list[dict[str, Any]]
    master_fingerprint: str | None
    last_full_read: str | None
    #: the configured time zone: every time shown is in it, with its offset
    timezone: str = "UTC"

    @property
    def scheduled_ok(self) -> bool | None:
        if self.last_scheduled is None:
            return None
        return self.last_scheduled.outcome in SUCCESS

    def to_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"state_file": str(self.state_file), "exists": self.exists,
                "last_scheduled_run": asdict(self.last_scheduled) if self.last_scheduled else None,
                "last_scheduled_ok": self.scheduled_ok, "service": self.service,
                "sources": self.sources, "master_fingerprint": self.master_fingerprint,
                "last_full_read": self.last_full_read, "runs": [asdict(r) for r in self.runs]}


def _pid_alive(pid: str | None) -> bool | None:
    if not pid or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def status_report(settings: Settings, limit: int = 10) -> StatusReport:
    from sync.state import STATE_FILE

    path = settings.state_dir / STATE_FILE
    state = SyncState.open_existing(settings.state_dir)
    if state is None:
        return StatusReport(path, path.exists(), [], None, {}, [], None, None, settings.timezone)
    with state:
        service = {k: state.get(f"service.{k}") for k in ("status", "pid", "started", "updated", "next_run", "cron")}
        if service.get("status") == "running" and _pid_alive(service.get("pid")) is False:
            service["status"] = "not running (stopped without notice)"
        sources = [{"name": s.name, "kind": s.kind, "fingerprint": s.content_hash, "watermark": s.watermark,
                    "full_read_at": s.full_read_at, "updated_at": s.updated_at} for s in state.sources()]
        return StatusReport(path, True, state.runs(limit), state.last_scheduled(), service, sources,
                            state.get("master_fingerprint"), state.get("last_full_read"), settings.timezone)
