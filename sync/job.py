"""One sync run: the only place that knows the order of the steps.

pull -> normalise -> aggregate -> (diff | fingerprint check -> write). Sources and
sink are passed in, so tests and backends plug in the same way.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd

from aggregate.columns import I, MasterTable, OutCell, TabStat
from aggregate.normalise import SurveySpec, normalise_reports, normalise_survey
from aggregate.reports import build_tables, with_facts
from aggregate.units import Registry
from config.settings import Settings
from config.vocab import DEFAULT_QUESTION_TITLES, MASTER_TABS, TAB_ISSUES, TAB_STATUS, TAB_SUMMARY
from sync.local import FINGERPRINT_LABEL
from sync.ports import Sink, Source

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

    @property
    def issue_total(self) -> int:
        return sum(self.issues_by_code.values())


def question_titles(settings: Settings) -> dict[str, tuple[str, ...]]:
    titles = dict(DEFAULT_QUESTION_TITLES)
    for fld, t in settings.survey.questions.items():
        titles[fld] = (t,) if isinstance(t, str) else tuple(t)
    return titles


def fingerprint(tables: Sequence[MasterTable]) -> str:
    """A stable hash of the master's data (run facts excluded)."""
    h = hashlib.sha256()
    for t in tables:
        h.update(t.title.encode())
        h.update(json.dumps(t.rows, ensure_ascii=False, default=str, separators=(",", ":")).encode())
    return h.hexdigest()[:32]


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
) -> RunResult:
    """Run one sync. Raises an ItaSyncError subclass when the run fails; the
    master is then untouched (it is only ever replaced as a whole)."""
    t0 = time.monotonic()
    started = now or datetime.now(UTC)
    spec = SurveySpec(titles=question_titles(settings), registry=registry, tz=settings.timezone,
                      date_order=settings.survey.date_order, now=started)
    survey_raw = source.read_survey()
    survey = normalise_survey(survey_raw, spec)
    del survey_raw
    log.info("survey read: %d rows, %d accepted", survey.stat.read, survey.stat.accepted)
    reports = normalise_reports(list(source.report_books()), registry)
    log.info("unit reports read: %d tabs", len(reports.stats))

    issues = pd.concat([survey.issues, reports.issues], ignore_index=True)
    stats = [survey.stat, *reports.stats]
    tables = build_tables(survey=survey.frame, form1=reports.form1, form2=reports.form2,
                          issues=issues, stats=stats, registry=registry)
    fp = fingerprint(tables)
    by_tab = Counter(zip(issues[I.SOURCE], issues[I.SHEET]))
    by_code = Counter(issues[I.CODE])
    result = RunResult(
        mode=mode, started=started, duration=0.0, stats=stats,
        issues_by_tab=dict(by_tab), issues_by_code=dict(by_code), fingerprint=fp,
        wrote=False, dry_run=dry_run, location=sink.location, warnings=list(source.warnings),
    )
    if dry_run:
        result.changes = diff_tables(sink.read_tables(), tables)
        result.duration = time.monotonic() - t0
        return result
    if sink.read_fingerprint() == fp:
        log.info("master unchanged (fingerprint %s): not written", fp)
    else:
        result.duration = time.monotonic() - t0
        final = [with_facts(t, run_facts(result)) if t.title == TAB_STATUS else t for t in tables]
        if before_write is not None:
            before_write()
        sink.write(final)
        result.wrote = True
        log.info("master written: %s", sink.location)
    result.duration = time.monotonic() - t0
    return result


def run_facts(result: RunResult) -> list[tuple[str, OutCell]]:
    local = result.started.astimezone()
    return [
        ("เวลาซิงค์", local.strftime("%Y-%m-%d %H:%M:%S %z")),
        ("โหมด", result.mode),
        ("ระยะเวลา (วินาที)", round(result.duration, 1)),
        ("จำนวนปัญหาข้อมูล", result.issue_total),
        ("รุ่นโปรแกรม", VERSION),
        (FINGERPRINT_LABEL, result.fingerprint),
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
