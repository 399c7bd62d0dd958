"""Training attendance (CONTRACT section 8.3, ``[training]``): the roster (``ผู้ต้องเข้าอบรม``)
and attendance (``การเข้าอบรม``) tabs, sessions, each employee's share per topic and period,
pass at ``threshold_percent``, and the ``การอบรม`` master tab.

Pure pandas, no I/O. Employee codes are personal data: they are matched here and replaced by
ordinals; no code or name leaves this module (frames, issues' ``ค่าที่พบ``, master).
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from aggregate.parse import timestamp_instants
from aggregate.tabs import (
    Rows,
    SourceResult,
    book_error,
    issues_frame,
    number_cell,
    prepare,
    reconcile,
    round_half_away,
)
from core.columns import OutCell
from core.sources import E, TabBook
from core.text import cell_to_text, copied, norm, norm_series
from core.units import Registry
from core.vocab import (
    ATTENDANCE_REQUIRED,
    COL_EMPLOYEE,
    COL_SESSION_DATE,
    COL_TOPIC,
    COL_UNIT,
    ISSUE_TEXTS,
    ROSTER_REQUIRED,
    ROUND_6,
    ROUND_12,
    SOURCE_TOTAL,
    SUGGEST_DID_YOU_MEAN,
    SUGGEST_EMPLOYEE_CODE,
    SUGGEST_EMPLOYEE_UNIT,
    SUGGEST_SESSION_DATE,
    TAB_ATTENDANCE,
    TAB_ROSTER,
)

__all__ = ["normalise_training", "training_rows"]

_NAT = np.iinfo(np.int64).min


def _unit_suggestion(registry: Registry, written: str) -> str:
    base = ISSUE_TEXTS["unknown_unit"][1]
    if not norm(written):
        return SUGGEST_EMPLOYEE_UNIT
    best = registry.suggest(written)
    return SUGGEST_DID_YOU_MEAN.format(best=best, base=base) if best else base


def _roster(book: TabBook, registry: Registry, records: list[dict[str, Any]]
            ) -> tuple[pd.DataFrame, dict[str, int], Any]:
    """Accepted roster rows -> (frame of E.EMPLOYEE, E.UNIT; code after T -> ordinal; stat)."""
    tab = prepare(book, TAB_ROSTER, ROSTER_REQUIRED, ROSTER_REQUIRED, (), records)
    empty = pd.DataFrame({E.EMPLOYEE: pd.Series(dtype="int64"), E.UNIT: pd.Series(dtype=object)})
    if tab is None:
        return empty, {}, None
    codes = norm_series(tab.rows[COL_EMPLOYEE])
    units = registry.match(tab.rows[COL_UNIT])
    frame = pd.DataFrame({"code": codes, E.UNIT: units}, index=tab.rows.index)
    rows = Rows(tab, frame, pd.Series(False, index=tab.rows.index), key=["code"])
    rows.reject(codes.eq(""), COL_EMPLOYEE, "bad_employee", personal=True,
                suggest=lambda _w: SUGGEST_EMPLOYEE_CODE)
    rows.reject(units.isna(), COL_UNIT, "unknown_unit", suggest=lambda w: _unit_suggestion(registry, w))
    done = reconcile(rows)
    records.extend(done.records)
    acc = done.accepted
    index = {code: k for k, code in enumerate(acc["code"].tolist())}
    out = pd.DataFrame({E.EMPLOYEE: np.arange(len(acc), dtype="int64"),
                        E.UNIT: acc[E.UNIT].astype(object).to_numpy()}) if len(acc) else empty
    return out, index, done.stat


def _attendance(book: TabBook, employees: dict[str, int], *, tz: str, now: datetime,
                date_order: Literal["dmy", "mdy"], records: list[dict[str, Any]]) -> tuple[pd.DataFrame, Any]:
    tab = prepare(book, TAB_ATTENDANCE, (COL_EMPLOYEE, COL_TOPIC), ATTENDANCE_REQUIRED, (), records)
    empty = pd.DataFrame({E.EMPLOYEE: pd.Series(dtype="int64"), E.TOPIC_KEY: pd.Series(dtype=object),
                          E.TOPIC: pd.Series(dtype=object), E.DAY: pd.Series(dtype=object),
                          E.FISCAL_YEAR: pd.Series(dtype="int64"), E.FIRST_HALF: pd.Series(dtype=bool)})
    if tab is None:
        return empty, None
    raw_tab = book.tabs.get(TAB_ATTENDANCE)
    serial_tz = raw_tab.serial_tz if raw_tab is not None else None
    utc, _ = timestamp_instants(tab.rows[COL_SESSION_DATE].reset_index(drop=True), tz=tz, serial_tz=serial_tz,
                                date_order=date_order, now=now)
    emp = pd.Series([employees.get(c, -1) for c in norm_series(tab.rows[COL_EMPLOYEE]).tolist()],
                    index=tab.rows.index, dtype="int64")
    topic_key = norm_series(tab.rows[COL_TOPIC])
    day = np.full(len(utc), None, dtype=object)
    ok = utc != _NAT
    if ok.any():
        local = pd.DatetimeIndex(utc[ok].view("M8[ns]")).tz_localize("UTC").tz_convert(tz)
        day[ok] = local.strftime("%Y-%m-%d").to_numpy(dtype=object)
    frame = pd.DataFrame({E.EMPLOYEE: emp, E.TOPIC_KEY: topic_key, E.DAY: pd.Series(day, index=tab.rows.index),
                          E.TOPIC: [copied(cell_to_text(v)) for v in tab.rows[COL_TOPIC].tolist()]},
                         index=tab.rows.index)
    rows = Rows(tab, frame, pd.Series(False, index=tab.rows.index), key=[E.EMPLOYEE, E.TOPIC_KEY, E.DAY])
    rows.reject(emp.lt(0), COL_EMPLOYEE, "bad_employee", personal=True)
    rows.reject(topic_key.eq(""), COL_TOPIC, "bad_topic")
    rows.reject(pd.Series(~ok, index=tab.rows.index), COL_SESSION_DATE, "bad_timestamp",
                suggest=lambda _w: SUGGEST_SESSION_DATE)
    done = reconcile(rows)
    records.extend(done.records)
    acc = done.accepted
    if not len(acc):
        return empty, done.stat
    d = pd.to_datetime(acc[E.DAY], format="%Y-%m-%d")
    acc[E.FISCAL_YEAR] = (d.dt.year + 543 + (d.dt.month >= 10).astype("int64")).astype("int64")
    acc[E.FIRST_HALF] = ((d.dt.month >= 10) | (d.dt.month <= 3)).astype(bool)
    acc = acc[list(empty.columns)].astype({E.EMPLOYEE: "int64"})
    return acc.reset_index(drop=True), done.stat


def normalise_training(book: TabBook, registry: Registry, *, tz: str, now: datetime,
                       date_order: Literal["dmy", "mdy"] = "dmy") -> SourceResult:
    """The ``[training]`` spreadsheet -> ``roster`` (E.EMPLOYEE, E.UNIT) and ``attendance``
    (accepted rows, ``E`` columns), issues (roster first, then attendance), per-tab counts.

    Roster: key the code after T; blank code ``bad_employee``, unknown or blank unit
    ``unknown_unit``. Attendance: key (code, topic after T, session day); ``วันที่อบรม`` by the
    timestamp rule (its date in ``tz``; else ``bad_timestamp``), a code blank or not among the
    accepted roster rows ``bad_employee``, a blank topic ``bad_topic``: all rejected."""
    records: list[dict[str, Any]] = []
    if book.error is not None:
        return SourceResult({"roster": _roster_empty(), "attendance": _attendance_empty()},
                            issues_frame([book_error(book)]), [])
    roster, employees, s1 = _roster(book, registry, records)
    attendance, s2 = _attendance(book, employees, tz=tz, now=now, date_order=date_order, records=records)
    return SourceResult({"roster": roster, "attendance": attendance}, issues_frame(records),
                        [s for s in (s1, s2) if s is not None])


def _roster_empty() -> pd.DataFrame:
    return pd.DataFrame({E.EMPLOYEE: pd.Series(dtype="int64"), E.UNIT: pd.Series(dtype=object)})


def _attendance_empty() -> pd.DataFrame:
    return pd.DataFrame({E.EMPLOYEE: pd.Series(dtype="int64"), E.TOPIC_KEY: pd.Series(dtype=object),
                         E.TOPIC: pd.Series(dtype=object), E.DAY: pd.Series(dtype=object),
                         E.FISCAL_YEAR: pd.Series(dtype="int64"), E.FIRST_HALF: pd.Series(dtype=bool)})


def training_rows(roster: pd.DataFrame, attendance: pd.DataFrame, registry: Registry,
                  threshold_percent: float) -> tuple[list[list[OutCell]], list[int]]:
    """Rows of ``การอบรม`` (headers excluded), and the positions (0-based, among those rows) of
    the rows where not every employee passed (``ไม่ผ่านเกณฑ์`` > 0), for a sink to highlight.

    Per report period (fiscal year, 6 เดือน before 12 เดือน; each with a session) x topic with a
    session in it (order of first accepted row) x registered unit with a roster employee
    (registry order), then ``รวม`` over all units."""
    threshold = Fraction(str(threshold_percent))
    if not len(attendance):
        return [], []
    topics: dict[str, str] = {}
    for key, text in zip(attendance[E.TOPIC_KEY].tolist(), attendance[E.TOPIC].tolist(), strict=True):
        topics.setdefault(key, text)
    unit_of = dict(zip(roster[E.EMPLOYEE].tolist(), roster[E.UNIT].tolist(), strict=True))
    units = [u for u in registry.codes if u in set(unit_of.values())]
    staff = {u: [e for e, uu in unit_of.items() if uu == u] for u in units}
    out: list[list[OutCell]] = []
    below: list[int] = []
    for fy in sorted(set(attendance[E.FISCAL_YEAR].tolist())):
        year = attendance[attendance[E.FISCAL_YEAR] == fy]
        for rnd in (ROUND_6, ROUND_12):
            rows = year[year[E.FIRST_HALF]] if rnd == ROUND_6 else year
            if not len(rows):
                continue
            for key, text in topics.items():
                sel = rows[rows[E.TOPIC_KEY] == key]
                sessions = sel[E.DAY].nunique()
                if not sessions:
                    continue
                attended = sel.groupby(E.EMPLOYEE)[E.DAY].nunique().to_dict()

                def passes(e: int, sessions: int = sessions, attended: dict = attended) -> bool:
                    return Fraction(int(attended.get(e, 0)) * 100, sessions) >= threshold

                all_n = all_pass = 0
                for u in units:
                    n = len(staff[u])
                    p = sum(passes(e) for e in staff[u])
                    all_n += n
                    all_pass += p
                    if p < n:
                        below.append(len(out))
                    out.append([int(fy), rnd, u, registry.name_of(u), text, int(sessions), n, p, n - p,
                                number_cell(round_half_away(Fraction(p * 100, n), 1))])
                if all_pass < all_n:
                    below.append(len(out))
                out.append([int(fy), rnd, None, SOURCE_TOTAL, text, int(sessions), all_n, all_pass, all_n - all_pass,
                            number_cell(round_half_away(Fraction(all_pass * 100, all_n), 1)) if all_n else None])
    return out, below
