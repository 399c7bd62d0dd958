"""ITA results (CONTRACT section 8.2, ``[ita]``): indicators and scores per fiscal year, the
``ผลการประเมิน ITA`` master tab (tools, total, level, change from the previous year, lowest and
highest), and the lowest indicator of the latest year for ``สรุปภาพรวม``.

Pure pandas, no I/O. Scores are kept as exact decimals and computed with fractions, so
"rounded half away from zero to 2 decimals" is exact.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from aggregate.parse import parse_years
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
from core.sources import ItaFramework, T, TabBook
from core.text import norm
from core.vocab import (
    COL_ITA_INDICATOR,
    COL_ITA_SCORE,
    COL_YEAR,
    ITA_HIGHEST,
    ITA_INDICATOR_PREFIX,
    ITA_LOWEST,
    ITA_REQUIRED,
    ITA_TOTAL,
    SUGGEST_INDICATOR,
)

__all__ = ["ita_rows", "lowest_indicators", "normalise_ita", "parse_indicator", "parse_score"]

_NUMBERED = re.compile(r"(?:" + re.escape(norm(ITA_INDICATOR_PREFIX)) + r" ?)?([0-9]{1,3})")
_SCORE = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?%?")


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool | np.bool_)


def parse_indicator(v: Any, fw: ItaFramework) -> int | None:
    """An indicator cell -> its number: a whole number of the framework (numeric cell, or text
    after T, optionally ``ตัวชี้วัดที่ N``), or an indicator's name after T; else None."""
    numbers = {i.number for i in fw.indicators}
    if _is_number(v):
        f = float(v)
        return int(f) if f == f and f.is_integer() and int(f) in numbers else None
    if not isinstance(v, str):
        return None
    t = norm(v)
    if m := _NUMBERED.fullmatch(t):
        n = int(m.group(1))
        return n if n in numbers and not m.group(1).startswith("0") else None
    return fw.by_name().get(t)


def parse_score(v: Any) -> str | None:
    """A score cell -> its exact decimal text, 0-100: a numeric cell, or text after T of digits
    with an optional ``.`` and decimals and an optional trailing ``%``; else None."""
    if _is_number(v):
        f = float(v)
        if f != f or not 0 <= f <= 100:
            return None
        return _decimal_text(Decimal(repr(f)))
    if not isinstance(v, str):
        return None
    m = _SCORE.fullmatch(norm(v))
    if m is None:
        return None
    try:
        d = Decimal(m.group(1))
    except InvalidOperation:
        return None
    return _decimal_text(d) if 0 <= d <= 100 else None


def _decimal_text(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


def normalise_ita(book: TabBook, worksheet: str, fw: ItaFramework) -> SourceResult:
    """The ``[ita]`` spreadsheet -> accepted scores (``T`` columns), issues, the tab's counts.

    Rejected: ``bad_year``, ``bad_indicator``, ``bad_score`` (a blank score makes a template
    row, which is not read). Key: fiscal year and indicator."""
    records: list[dict[str, Any]] = []
    empty = pd.DataFrame({T.FISCAL_YEAR: pd.Series(dtype="int64"), T.INDICATOR: pd.Series(dtype="int64"),
                          T.SCORE: pd.Series(dtype=object)})
    if book.error is not None:
        return SourceResult({"ita": empty}, issues_frame([book_error(book)]), [])
    tab = prepare(book, worksheet, (COL_YEAR, COL_ITA_INDICATOR), ITA_REQUIRED, (COL_ITA_SCORE,), records)
    if tab is None:
        return SourceResult({"ita": empty}, issues_frame(records), [])
    years = parse_years(tab.rows[COL_YEAR])
    indicators = pd.Series([parse_indicator(v, fw) for v in tab.rows[COL_ITA_INDICATOR].tolist()],
                           index=tab.rows.index, dtype=object)
    scores = pd.Series([parse_score(v) for v in tab.rows[COL_ITA_SCORE].tolist()], index=tab.rows.index,
                       dtype=object)
    frame = pd.DataFrame({T.FISCAL_YEAR: years, T.INDICATOR: indicators, T.SCORE: scores}, index=tab.rows.index)
    rows = Rows(tab, frame, pd.Series(False, index=tab.rows.index), key=[T.FISCAL_YEAR, T.INDICATOR])
    rows.reject(years.isna(), COL_YEAR, "bad_year")
    names = ", ".join(f"{i.number} {i.name}" for i in fw.indicators)
    rows.reject(indicators.isna(), COL_ITA_INDICATOR, "bad_indicator",
                suggest=lambda _w: SUGGEST_INDICATOR.format(names=names))
    rows.reject(scores.isna(), COL_ITA_SCORE, "bad_score")
    done = reconcile(rows)
    acc = done.accepted
    if len(acc):
        acc = acc[[T.FISCAL_YEAR, T.INDICATOR, T.SCORE]].astype({T.FISCAL_YEAR: "int64", T.INDICATOR: "int64"})
        acc = acc.sort_values([T.FISCAL_YEAR, T.INDICATOR], kind="mergesort").reset_index(drop=True)
    else:
        acc = empty
    return SourceResult({"ita": acc}, issues_frame(done.records + records), [done.stat])


def _year_scores(frame: pd.DataFrame) -> dict[int, dict[int, Fraction]]:
    out: dict[int, dict[int, Fraction]] = {}
    for fy, ind, score in frame[[T.FISCAL_YEAR, T.INDICATOR, T.SCORE]].itertuples(index=False):
        out.setdefault(int(fy), {})[int(ind)] = Fraction(Decimal(score))
    return out


def _computed(scores: dict[int, Fraction], fw: ItaFramework) -> dict[str, Fraction | None]:
    """Row key ("i<N>", tool, total) -> unrounded score (None when it has none)."""
    out: dict[str, Fraction | None] = {f"i{i.number}": scores.get(i.number) for i in fw.indicators}
    for tool in fw.tools:
        members = [i for i in fw.indicators if i.tool == tool and i.number in scores]
        weight = sum((i.weight for i in members), Fraction(0))
        out[tool] = (sum((i.weight * scores[i.number] for i in members), Fraction(0)) / weight
                     if members and weight else None)
    complete = all(i.number in scores for i in fw.indicators)
    out[ITA_TOTAL] = (sum((i.weight * scores[i.number] for i in fw.indicators), Fraction(0)) / 100
                      if complete else None)
    return out


def _cell(value: Fraction | None, *, exact: bool) -> OutCell:
    if value is None:
        return None
    return number_cell(float(value) if exact else round_half_away(value, 2))


def ita_rows(frame: pd.DataFrame, fw: ItaFramework) -> list[list[OutCell]]:
    """Rows of ``ผลการประเมิน ITA`` (headers excluded), per fiscal year ascending: indicators in
    number order, the tools, then ``คะแนนรวม`` (section 8.2)."""
    years = _year_scores(frame)
    history: list[dict[str, Fraction | None]] = []
    out: list[list[OutCell]] = []
    for fy in sorted(years):
        scores = years[fy]
        now = _computed(scores, fw)
        present = [scores[i.number] for i in fw.indicators if i.number in scores]
        lo, hi = (min(present), max(present)) if present else (None, None)

        def change(key: str, now: dict[str, Fraction | None] = now) -> OutCell:
            value = now[key]
            if value is None:
                return None
            before = next((h[key] for h in reversed(history) if h.get(key) is not None), None)
            return None if before is None else number_cell(round_half_away(value - before, 2))

        for i in sorted(fw.indicators, key=lambda x: x.number):
            s = scores.get(i.number)
            note = None
            if s is not None:
                marks = [m for m, on in ((ITA_LOWEST, s == lo), (ITA_HIGHEST, s == hi)) if on]
                note = ", ".join(marks) or None
            out.append([fy, i.number, i.name, i.tool, number_cell(float(i.weight)), _cell(s, exact=True),
                        change(f"i{i.number}"), None, note])
        for tool in fw.tools:
            weight = sum((i.weight for i in fw.indicators if i.tool == tool), Fraction(0))
            out.append([fy, None, tool, tool, number_cell(float(weight)), _cell(now[tool], exact=False),
                        change(tool), None, None])
        total = now[ITA_TOTAL]
        out.append([fy, None, ITA_TOTAL, None, 100, _cell(total, exact=False), change(ITA_TOTAL),
                    fw.level_of(total) if total is not None else None, None])
        history.append(now)
    return out


def lowest_indicators(frame: pd.DataFrame, fw: ItaFramework) -> tuple[int, list[tuple[int, str, float]]] | None:
    """The latest fiscal year and its indicator(s) with the lowest score ``(number, name,
    score)``; None without any score."""
    years = _year_scores(frame)
    if not years:
        return None
    fy = max(years)
    scores = years[fy]
    lo = min(scores.values())
    names = {i.number: i.name for i in fw.indicators}
    return fy, [(n, names[n], number_cell(float(s))) for n, s in sorted(scores.items()) if s == lo]


def ita_trend(frame: pd.DataFrame, fw: ItaFramework) -> list[list[OutCell]]:
    """Per fiscal year: year, total (2 decimals, blank when incomplete), level, then each tool."""
    out: list[list[OutCell]] = []
    years = _year_scores(frame)
    for fy in sorted(years):
        now = _computed(years[fy], fw)
        total = now[ITA_TOTAL]
        out.append([fy, _cell(total, exact=False), fw.level_of(total) if total is not None else None,
                    *(_cell(now[t], exact=False) for t in fw.tools)])
    return out
