"""One sync run: the only place that knows the order of the steps.

pull -> normalise -> aggregate -> (diff | fingerprint check -> write). Sources, sink and
sync state are passed in, so tests and backends plug in the same way.

Incremental runs (``state`` given, mode ``run``): the cached results of unchanged sources are used
instead of reading and normalising them again; how, and when they are exact, is ``sync.cache``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd

from aggregate.normalise import (
    SurveySpec,
)
from aggregate.reports import build_tables, document
from config.settings import Settings
from core.columns import I, MasterTable, OutCell, S, TabStat
from core.document import MasterDocument, fingerprint_of
from core.errors import ItaSyncError
from core.units import Registry
from core.vocab import DEFAULT_QUESTION_TITLES, MASTER_TABS, TAB_ISSUES, TAB_STATUS, TAB_SUMMARY
from sync.cache import RunCache, concat_nonempty, reports_result, survey_result
from sync.ports import Sink, Source
from sync.report.link import read_report_link, with_report_link
from sync.state import (
    SyncState,
)

log = logging.getLogger("ita_sync")

try:
    VERSION = version("ita-sync")
except PackageNotFoundError:  # running from a source tree
    VERSION = "0+unknown"

#: columns that identify a row of each tab, for "changed" in --dry-run diffs
DIFF_KEYS: dict[str, tuple[int, ...]] = {
    "แบบรายงานที่ 2": (0, 1, 2, 4),
    "แบบรายงานที่ 1": (0, 1, 2, 4),
    "ติดตามการส่งรายงาน": (0, 1, 2),
    "รายเดือน": (0, 1, 2),
    TAB_STATUS: (0, 1),
}


@dataclass(frozen=True)
class TabChange:
    tab: str
    added: int
    removed: int
    changed: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


#: how far back an incremental Forms read reaches before the watermark (late-committed responses)

#: the stages a run reports to ``on_stage``, in order
STAGES = ("survey", "reports", "build", "write")


class RunAbandoned(ItaSyncError):
    """A stop was requested before the master write began; nothing was written."""


@dataclass
class RunResult:
    mode: str
    started: datetime
    duration: float
    stats: list[TabStat]
    issues_by_tab: dict[tuple[str, str], int]
    issues_by_code: dict[str, int]
    fingerprint: str
    wrote: bool
    dry_run: bool
    location: str
    changes: list[TabChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    trigger: str = "manual"  # manual | scheduled
    read_kind: str = "full"  # full | incremental
    #: per source: how its result was obtained (normalised, cached, incremental: N new or changed)
    sources: dict[str, str] = field(default_factory=dict)
    #: extra run facts for สถานะการซิงค์ (from the sync state)
    extra_facts: list[tuple[str, OutCell]] = field(default_factory=list)
    #: the data's as-of time: the latest accepted online response (UTC), None without one
    data_as_of: datetime | None = None

    @property
    def issue_total(self) -> int:
        return sum(self.issues_by_code.values())

    @property
    def outcome(self) -> str:
        return "dry-run" if self.dry_run else "written" if self.wrote else "unchanged"

    def counts(self) -> dict[str, int]:
        return {"read": sum(s.read for s in self.stats), "accepted": sum(s.accepted for s in self.stats),
                "duplicates": sum(s.duplicates for s in self.stats), "rejected": sum(s.rejected for s in self.stats),
                "issues": self.issue_total}


def question_titles(settings: Settings) -> dict[str, tuple[str, ...]]:
    titles = dict(DEFAULT_QUESTION_TITLES)
    for fld, t in settings.survey.questions.items():
        titles[fld] = (t,) if isinstance(t, str) else tuple(t)
    return titles


def fingerprint(tables: Sequence[MasterTable]) -> str:
    """A stable hash of the master's data (run facts excluded): ``core.document.fingerprint_of``."""
    return fingerprint_of(tables)


def run_once(
    settings: Settings,
    registry: Registry,
    source: Source,
    sink: Sink,
    *,
    mode: str = "run",
    dry_run: bool = False,
    now: datetime | None = None,
    before_write: Callable[[], None] | None = None,
    state: SyncState | None = None,
    trigger: str = "manual",
    on_stage: Callable[[str], None] | None = None,
) -> RunResult:
    """Run one sync. Raises an ItaSyncError subclass when the run fails; the master is then
    untouched (it is only ever replaced as a whole).

    ``state``: read incrementally where the sources allow it and keep the caches (a dry run
    reads the caches but saves nothing). ``on_stage`` is called with each of ``STAGES`` as
    it begins and ``before_write`` right before the master write; either may raise
    (``RunAbandoned``) to stop the run, which then writes nothing.
    """
    t0 = time.monotonic()
    started = now or datetime.now(UTC)
    stage = on_stage or _no_stage
    spec = SurveySpec(titles=question_titles(settings), registry=registry, tz=settings.timezone,
                      date_order=settings.survey.date_order, now=started)
    notes: list[str] = []
    full = True
    if state is not None:
        if state.recovered:
            notes.append(state.recovered)
        if mode == "resync" and not dry_run:
            state.discard()
        full = (mode == "resync" or state.recovered is not None
                or state.full_read_due(started, settings.state.full_read_days))
    cache = RunCache(state, save=not dry_run, full=full, started=started)

    stage("survey")
    forms = settings.backend.kind == "google" and bool(settings.survey.form)
    survey, survey_how = survey_result(source, spec, cache, forms=forms)
    log.info("survey: %d rows read, %d accepted (%s)", survey.stat.read, survey.stat.accepted, survey_how)
    stage("reports")
    reports, reports_how = reports_result(source, registry, cache)
    log.info("unit reports: %d tabs read (%s)", len(reports.stats), reports_how)

    stage("build")
    issues = concat_nonempty([survey.issues, reports.issues], like=survey.issues)
    stats = [survey.stat, *reports.stats]
    tables = build_tables(survey=survey.frame, form1=reports.form1, form2=reports.form2,
                          issues=issues, stats=stats, registry=registry, tz=settings.timezone)
    tables = with_report_link(tables, read_report_link(settings.state_dir))
    fp = fingerprint(tables)
    by_tab = Counter(zip(issues[I.SOURCE], issues[I.SHEET]))
    by_code = Counter(issues[I.CODE])
    result = RunResult(
        mode=mode, started=started, duration=0.0, stats=stats,
        issues_by_tab=dict(by_tab), issues_by_code=dict(by_code), fingerprint=fp,
        wrote=False, dry_run=dry_run, location=sink.location, warnings=[*notes, *source.warnings],
        trigger=trigger, read_kind="full" if full else "incremental",
        sources={"survey": survey_how, "reports": reports_how},
        data_as_of=_latest_response(survey.frame),
    )
    if state is not None:
        result.extra_facts = _state_facts(state)
    if dry_run:
        result.changes = diff_tables(sink.read_tables(), tables)
        result.duration = time.monotonic() - t0
        return result
    if sink.read_fingerprint() == fp:
        log.info("master unchanged (fingerprint %s): not written", fp)
    else:
        stage("write")
        if before_write is not None:
            before_write()
        result.duration = time.monotonic() - t0
        note = sink.write(document(tables, run_facts(result)))
        if note:
            result.warnings.append(note)
        result.wrote = True
        log.info("master written: %s", sink.location)
    if state is not None:
        cache.remember(full=full, fingerprint=fp)
    result.duration = time.monotonic() - t0
    return result


def _no_stage(stage: str) -> None:
    return None


def _latest_response(frame: pd.DataFrame) -> datetime | None:
    if not len(frame):
        return None
    latest = frame[S.TS].max()
    return None if pd.isna(latest) else pd.Timestamp(latest).to_pydatetime()


# --- the master tables without a master (the round report, CONTRACT section 9) ----------
class _MemorySink:
    """A sink that keeps the master document it is given: nothing leaves the process."""

    location = "(in memory)"

    def __init__(self) -> None:
        self.tables: list[MasterTable] = []

    def check(self) -> str:
        return self.location

    def read_fingerprint(self) -> str | None:
        return None

    def read_tables(self) -> dict[str, list[list[OutCell]]]:
        return {}

    def write(self, document: MasterDocument) -> str | None:
        self.tables = list(document.tables)
        return None


@dataclass(frozen=True)
class MasterBuild:
    """The master tables exactly as ``run`` builds them, and the run's result (counts, as-of)."""

    tables: list[MasterTable]
    result: RunResult

    def table(self, title: str) -> MasterTable | None:
        return next((t for t in self.tables if t.title == title), None)


def build_master(settings: Settings, registry: Registry, source: Source, *, now: datetime | None = None,
                 on_stage: Callable[[str], None] | None = None) -> MasterBuild:
    """Read and aggregate like ``run`` (the same ``run_once``, in full, without sync state), keep
    the master tables in memory: no master is written and no state is read or changed.

    Raises what ``run_once`` raises (``SourceError``/``DataError``: exit 1)."""
    sink = _MemorySink()
    result = run_once(settings, registry, source, sink, mode="report", now=now, on_stage=on_stage)
    return MasterBuild(tables=sink.tables, result=result)


# --- run facts ---------------------------------------------------------------------------
OUTCOME_TEXT = {
    "written": "สำเร็จ (เขียนรายงานรวม)",
    "unchanged": "สำเร็จ (ข้อมูลไม่เปลี่ยนแปลง)",
    "dry-run": "ทดลองรัน",
    "failed": "ล้มเหลว",
    "abandoned": "ยกเลิก (สั่งหยุดก่อนเขียน)",
    "interrupted": "ถูกขัดจังหวะ",
    "running": "กำลังทำงาน",
}


def _local_text(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return iso


def _state_facts(state: SyncState) -> list[tuple[str, OutCell]]:
    try:
        last = state.last_scheduled()
    except sqlite3.Error:
        return []
    if last is None:
        text = "ยังไม่มี"
    else:
        text = f"{OUTCOME_TEXT.get(last.outcome, last.outcome)} เมื่อ {_local_text(last.started)}"
        if last.outcome == "failed" and last.error:
            text += f": {last.error.splitlines()[0][:300]}"
    return [("การซิงค์ตามกำหนดเวลาครั้งล่าสุด", text)]


def run_facts(result: RunResult) -> list[tuple[str, OutCell]]:
    """The label/value rows under สถานะการซิงค์'s table (never part of the fingerprint)."""
    local = result.started.astimezone()
    return [
        ("เวลาซิงค์", local.strftime("%Y-%m-%d %H:%M:%S %z")),
        ("โหมด", result.mode),
        ("เรียกใช้โดย", "ตามกำหนดเวลา (ita-sync serve)" if result.trigger == "scheduled" else "ผู้ใช้สั่ง"),
        ("การอ่านข้อมูล", "อ่านและประมวลผลใหม่ทั้งหมด" if result.read_kind == "full" else "เฉพาะส่วนที่เปลี่ยน"),
        ("ระยะเวลา (วินาที)", round(result.duration, 1)),
        ("จำนวนปัญหาข้อมูล", result.issue_total),
        *result.extra_facts,
        ("รุ่นโปรแกรม", VERSION),
    ]


def diff_tables(old: dict[str, list[list[OutCell]]], new: Sequence[MasterTable]) -> list[TabChange]:
    """Rows added / removed / changed per tab, comparing values only."""
    out = []
    for table in new:
        before = _data_rows(old.get(table.title, []), table)
        after = _data_rows(table.rows, table)
        keys = DIFF_KEYS.get(table.title)
        if keys is None or table.title in (TAB_ISSUES, TAB_SUMMARY):
            a, b = Counter(map(tuple, after)), Counter(map(tuple, before))
            out.append(TabChange(table.title, sum((a - b).values()), sum((b - a).values()), 0))
            continue
        bk = {tuple(_norm(r, i) for i in keys): tuple(map(_cell, r)) for r in before}
        ak = {tuple(_norm(r, i) for i in keys): tuple(map(_cell, r)) for r in after}
        added = len(ak.keys() - bk.keys())
        removed = len(bk.keys() - ak.keys())
        changed = sum(1 for k in ak.keys() & bk.keys() if ak[k] != bk[k])
        out.append(TabChange(table.title, added, removed, changed))
    order = {t: i for i, t in enumerate(MASTER_TABS)}
    return sorted(out, key=lambda c: order.get(c.tab, 99))


def _cell(v: Any) -> Any:
    if v == "" or v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _norm(row: Sequence[Any], i: int) -> Any:
    return _cell(row[i]) if i < len(row) else None


def _data_rows(rows: Sequence[Sequence[OutCell]], table: MasterTable) -> list[list[Any]]:
    body = list(rows[1:] if table.header else rows)
    if table.title == TAB_STATUS:  # the run facts below the blank row are not data
        cut = next((i for i, r in enumerate(body) if not any(_cell(v) is not None for v in r)), len(body))
        body = body[:cut]
    width = len(table.rows[0]) if table.rows else 0
    return [[_cell(v) for v in list(r)[:width]] + [None] * (width - len(r)) for r in body
            if any(_cell(v) is not None for v in r)]
