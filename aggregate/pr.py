"""Monthly social-media reach (CONTRACT section 8.1, ``[pr]``): the month and channel rules,
the ``สื่อสังคมออนไลน์`` master tab, and the figures ``สรุปภาพรวม`` adds.

Pure pandas, no I/O. Input: the ``[pr]`` spreadsheet as a ``TabBook``; output: one row per
accepted (month, channel) (``core.sources.P``), issues and the tab's counts.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from aggregate.parse import parse_counts
from aggregate.tabs import Rows, SourceResult, book_error, issues_frame, prepare, reconcile
from core.columns import OutCell
from core.sources import P, TabBook
from core.text import cell_to_text, map_distinct, norm
from core.vocab import (
    COL_PR_CHANNEL,
    COL_PR_MONTH,
    H_ROUND,
    PR_CHANNELS,
    PR_COUNT_COLUMNS,
    PR_REQUIRED,
    ROUND_6,
    ROUND_12,
)
from core.vocab import MONTH_ABBR as _MONTH_ABBR  # the Thai month names of rule 6 (one table, in core.vocab)
from core.vocab import THAI_MONTHS as _MONTH_FULL

__all__ = ["CHANNEL_ORDER", "channel_of", "month_index", "normalise_pr", "pr_rows", "pr_summary"]

#: canonical channel name -> rank (master order)
CHANNEL_ORDER: dict[str, int] = {name: k for k, name in enumerate(PR_CHANNELS)}
_SPELLINGS: dict[str, str] = {norm(s): name for name, spellings in PR_CHANNELS.items() for s in spellings}

_LO, _HI = 2000 * 12, 2100 * 12 + 11  # 2000-01 ... 2100-12 (CE), as year * 12 + month - 1
_EXCEL_EPOCH = date(1899, 12, 30)
_NUMERIC = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})|([0-9]{1,2})[-/]([0-9]{4})")
_NAMES: dict[str, int] = {}
_name_res: list[str] = []
for _k, (_full, _abbr) in enumerate(zip(_MONTH_FULL, _MONTH_ABBR, strict=True), start=1):
    _NAMES[norm(_full)] = _k
    _NAMES[norm(_abbr).replace(".", "")] = _k
    _name_res.append(re.escape(norm(_full)))
    _name_res.append(r"\.?".join(re.escape(p) for p in norm(_abbr).rstrip(".").split(".")) + r"\.?")
_NAMED = re.compile("(" + "|".join(sorted(_name_res, key=len, reverse=True)) + r") ?([0-9]{4}|[0-9]{2})")


def _index(year: int, month: int) -> int:
    """year (CE, or BE when >= 2400) and month -> year * 12 + month - 1 (CE); -1 when out of range."""
    if year >= 2400:
        year -= 543
    if not 1 <= month <= 12:
        return -1
    k = year * 12 + month - 1
    return k if _LO <= k <= _HI else -1


def _month(v: Any) -> int:
    if isinstance(v, bool | np.bool_):
        return -1
    if isinstance(v, datetime | date | pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(v)
        return -1 if pd.isna(ts) else _index(ts.year, ts.month)
    if isinstance(v, int | float | np.integer | np.floating):
        f = float(v)
        if f != f or abs(f) > 2_958_465:  # NaN, or past 9999-12-31
            return -1
        d = _EXCEL_EPOCH + timedelta(days=int(np.floor(f)))
        return _index(d.year, d.month)
    t = norm(cell_to_text(v))
    if m := _NUMERIC.fullmatch(t):
        if m.group(1):
            return _index(int(m.group(1)), int(m.group(2)))
        return _index(int(m.group(4)), int(m.group(3)))
    if m := _NAMED.fullmatch(t):
        month = _NAMES[m.group(1).replace(".", "")]
        y = m.group(2)
        year = 2500 + int(y) if len(y) == 2 else int(y)  # two digits: Buddhist Era 25YY
        return _index(year, month)
    return -1


def month_index(cells: pd.Series) -> pd.Series:
    """``เดือน`` cells -> CE year * 12 + month - 1 (int64); -1 is a ``bad_month``."""
    return pd.Series(map_distinct(cells, _month, -1, dtype=np.int64), index=cells.index, dtype="int64")


def channel_of(cells: pd.Series) -> pd.Series:
    """``ช่องทาง`` cells -> canonical channel name, None for an ``unknown_channel``."""
    return pd.Series([_SPELLINGS.get(norm(cell_to_text(v))) for v in cells.tolist()], index=cells.index,
                     dtype=object)


def _channel_suggestion(written: str) -> str:
    key = norm(written)
    best, score = None, 0.0
    for spelling, name in _SPELLINGS.items():
        r = difflib.SequenceMatcher(None, key, spelling).ratio()
        if r > score:
            best, score = name, r
    names = ", ".join(PR_CHANNELS)
    if best is not None and score >= 0.5:
        return f"หมายถึง “{best}” หรือไม่? ใช้ชื่อช่องทาง {names}"
    return f"ใช้ชื่อช่องทาง {names}"


def _labels(index: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    year, month = index // 12, index % 12 + 1
    label = (year + 543).astype(str).str.zfill(4) + "-" + month.astype(str).str.zfill(2)
    fiscal = year + 543 + (month >= 10).astype("int64")
    first = (month >= 10) | (month <= 3)
    return label.astype(object), fiscal.astype("int64"), first.astype(bool)


def normalise_pr(book: TabBook, worksheet: str) -> SourceResult:
    """The ``[pr]`` spreadsheet -> accepted rows (``P`` columns), issues, the tab's counts.

    Rejected: ``bad_month``, ``unknown_channel``; counts follow the count rule (``bad_number``,
    counted as 0). Key: month and channel; a later accepted row replaces an earlier one."""
    records: list[dict[str, Any]] = []
    empty = pd.DataFrame({P.MONTH_INDEX: pd.Series(dtype="int64"), P.MONTH: pd.Series(dtype=object),
                          P.FISCAL_YEAR: pd.Series(dtype="int64"), P.FIRST_HALF: pd.Series(dtype=bool),
                          P.CHANNEL: pd.Series(dtype=object),
                          **{c: pd.Series(dtype="int64") for c in P.COUNTS}})
    if book.error is not None:
        return SourceResult({"pr": empty}, issues_frame([book_error(book)]), [])
    tab = prepare(book, worksheet, (COL_PR_MONTH, COL_PR_CHANNEL), PR_REQUIRED, PR_COUNT_COLUMNS, records)
    if tab is None:
        return SourceResult({"pr": empty}, issues_frame(records), [])
    months = month_index(tab.rows[COL_PR_MONTH])
    channels = channel_of(tab.rows[COL_PR_CHANNEL])
    frame = pd.DataFrame({P.MONTH_INDEX: months, P.CHANNEL: channels}, index=tab.rows.index)
    rows = Rows(tab, frame, pd.Series(False, index=tab.rows.index), key=[P.MONTH_INDEX, P.CHANNEL])
    rows.reject(months.lt(0), COL_PR_MONTH, "bad_month")
    rows.reject(channels.isna(), COL_PR_CHANNEL, "unknown_channel", suggest=_channel_suggestion)
    for title, col in zip(PR_COUNT_COLUMNS, P.COUNTS, strict=True):
        counted = parse_counts(tab.rows[title])
        frame[col] = counted["value"].astype("int64")
        bad = counted["bad"] & ~rows.rejected
        for label in bad[bad].index:
            rows.note(label, title, tab.written(label, title), "bad_number")
    done = reconcile(rows)
    acc = done.accepted
    if len(acc):
        label, fiscal, first = _labels(acc[P.MONTH_INDEX].astype("int64"))
        acc[P.MONTH], acc[P.FISCAL_YEAR], acc[P.FIRST_HALF] = label, fiscal, first
        order = np.lexsort((acc[P.CHANNEL].map(CHANNEL_ORDER).to_numpy(), acc[P.MONTH_INDEX].to_numpy()))
        acc = acc.iloc[order].reset_index(drop=True)
        acc = acc[list(empty.columns)]
        acc[P.MONTH_INDEX] = acc[P.MONTH_INDEX].astype("int64")
    else:
        acc = empty
    return SourceResult({"pr": acc}, issues_frame(done.records + [r for r in records]), [done.stat])


def pr_rows(frame: pd.DataFrame) -> list[list[OutCell]]:
    """Rows of ``สื่อสังคมออนไลน์`` (headers excluded): month, then channel order."""
    return [[int(r[P.FISCAL_YEAR]), r[P.MONTH], r[P.CHANNEL], int(r[P.POSTS]), int(r[P.REACH]),
             int(r[P.ENGAGEMENT])] for _, r in frame.iterrows()]


def _periods(frame: pd.DataFrame) -> list[tuple[int, str]]:
    out = []
    for fy in sorted(set(frame[P.FISCAL_YEAR].tolist())):
        sel = frame[frame[P.FISCAL_YEAR] == fy]
        if sel[P.FIRST_HALF].any():
            out.append((int(fy), ROUND_6))
        out.append((int(fy), ROUND_12))
    return out


def pr_summary(frame: pd.DataFrame, today: date) -> dict[str, Any]:
    """The figures ``สรุปภาพรวม`` adds (section 8.1):

    ``totals``: per report period of this source (fiscal year, round: the year's months, and
    October-March for 6 เดือน) and channel with an accepted row, ``(label, channel, posts,
    reach, engagement)``; ``missing``: per fiscal year with an accepted row, the months
    (``YYYY-MM``, BE) of that year with no accepted row at all, months not ended by ``today``
    excluded; ``reach``: per month (rows) the reach per channel (columns: ``channels``)."""
    totals: list[tuple[str, str, int, int, int]] = []
    for fy, rnd in _periods(frame):
        sel = frame[(frame[P.FISCAL_YEAR] == fy) & (frame[P.FIRST_HALF] if rnd == ROUND_6 else True)]
        for ch in sorted(set(sel[P.CHANNEL]), key=CHANNEL_ORDER.__getitem__):
            s = sel[sel[P.CHANNEL] == ch]
            totals.append((f"{fy} {H_ROUND} {rnd}", ch, int(s[P.POSTS].sum()), int(s[P.REACH].sum()),
                           int(s[P.ENGAGEMENT].sum())))
    missing: list[tuple[int, list[str]]] = []
    current = today.year * 12 + today.month - 1
    have = set(frame[P.MONTH_INDEX].tolist())
    for fy in sorted(set(frame[P.FISCAL_YEAR].tolist())):
        start = (int(fy) - 543 - 1) * 12 + 9  # October of the year before
        gaps = [k for k in range(start, start + 12) if k < current and k not in have]
        missing.append((int(fy), [f"{k // 12 + 543:04d}-{k % 12 + 1:02d}" for k in gaps]))
    channels = sorted(set(frame[P.CHANNEL]), key=CHANNEL_ORDER.__getitem__)
    reach: list[list[OutCell]] = []
    for month in sorted(set(frame[P.MONTH_INDEX].tolist())):
        sel = frame[frame[P.MONTH_INDEX] == month]
        by = dict(zip(sel[P.CHANNEL], sel[P.REACH].astype(int), strict=True))
        reach.append([f"{month // 12 + 543:04d}-{month % 12 + 1:02d}", *(int(by.get(c, 0)) for c in channels)])
    return {"totals": totals, "missing": missing, "channels": channels, "reach": reach}
