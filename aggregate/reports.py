"""The master tables (CONTRACT section 7) from the canonical frames.

Pure pandas, no I/O, inputs never mutated. ``build_tables`` depends only on its
arguments (the job fingerprints its output to skip unchanged writes), so nothing
about the run itself (time, mode, duration) may enter it: those facts are added
afterwards by ``with_facts``.

Cost: the survey (up to 650,000 responses) is read once, into one groupby on
(fiscal year, first half, month, unit). Every other table is built from that
small frame (at most months x units rows) and from the report frames, which
are small too. The 12-month view is the fine frame summed over the year, the
6-month view the same over the first-half rows: no per-response stacking.

Layout of ``สรุปภาพรวม`` (``header=False``, 0-based rows; the layout is free in
the contract and documented here and in the README):

* row 0: title; row 1: "data as of" (the latest accepted response in ``tz``);
  row 2: how the awareness percentage is computed; row 3: blank.
* section "ภาพรวมตามรอบรายงาน": a heading row, a header row, then one row per
  report period in the contract's order (fiscal year ascending, 6 เดือน before
  12 เดือน, so charts read left to right in time): period label
  (``"2567 รอบ 6 เดือน"``), online responses, unit-report responses, combined,
  the awareness percentage of each channel (combined sources; float rounded to
  1 decimal, blank when nobody answered that channel), the number of registered
  units that have not sent report form 1, and form 2. Without any period, one
  row says so. Then empty rows where the two period charts sit (they cover no text).
* blank row; section "สถานะรายหน่วยงาน รอบล่าสุด (<period>)" (when there is a
  period): heading, header, one row per registered unit (code, name, form 1
  sent, measures reported, form 2 sent, online responses).
* blank row; section "ปัญหาข้อมูลตามประเภท": heading, header (code, count,
  Thai problem text), one row per issue code in ``vocab.ISSUE_CODES`` order
  (zeros included; unexpected codes after them, sorted), then a total row, then
  empty rows where the issues chart sits (horizontal bars labelled in Thai).
* blank row; section "หน่วยงานที่ยังไม่ส่งรายงาน": heading, header, then per
  period and form: period label, form, number of units and the first unit's
  name (``ส่งครบทุกหน่วยงาน`` when none), then one row per further unit
  (``[None, None, None, name]``), in registry order.
* ``widths`` is set (``SUMMARY_WIDTHS``).

Each tab is a ``core.document.DocTable``: its ``layout`` (frozen rows, filter,
highlights, link and wrap columns, print settings, protection) and, on
``สรุปภาพรวม``, its ``charts``: typed ``Chart`` specs whose ranges index
``rows`` (0-based, inclusive; a series' name is ``rows[name_row][col]`` and
``name_row == first_row - 1``). The charts, in order: awareness percentage per
channel per period (``y_max`` 100); responses per period, online and unit
reports stacked; issues per code (always present; ``labels`` are the Thai texts).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from core import vocab as V
from core.columns import DONT_KNOW, KNOW, UNANSWERED, CountCol, I, MasterTable, OutCell, R, S, TabStat
from core.document import (
    Chart,
    DocTable,
    Highlight,
    HighlightBelow,
    Layout,
    MasterDocument,
    PrintSetup,
    SeriesRef,
    Span,
    fingerprint_of,
)

if TYPE_CHECKING:
    from core.units import Registry

__all__ = ["as_of_text", "build_tables", "document", "period_label", "with_facts"]

# the count frames' columns: core.columns.CountCol
C = CountCol
_KEY = ["fy", "round", "unit"]
_ROUND_ORDER = {V.ROUND_6: 0, V.ROUND_12: 1}
_SRC_ONLINE, _SRC_REPORT, _SRC_TOTAL = 0, 1, 2
_SOURCE_LABELS = {_SRC_ONLINE: V.SOURCE_ONLINE, _SRC_REPORT: V.SOURCE_REPORT, _SRC_TOTAL: V.SOURCE_TOTAL}
_ROW_NUMBER = re.compile(r"[1-9][0-9]{0,9}")

#: the note under the title (how the awareness percentage is computed), the issues section's
#: heading and the period column: the same texts as the round report's
SUMMARY_NOTE = V.R_PCT_NOTE
SEC_ISSUES = V.R_ISSUES_BY_CODE
H_PERIOD = V.SUMMARY_REPORT_PERIOD
#: column widths (characters) of สรุปภาพรวม: long texts (title, unit lists, issue
#: texts) sit in the last column of their section and overflow to the right
SUMMARY_WIDTHS = (26.0, 34.0, 24.0, 16.0, 24.0, 24.0, 24.0, 26.0, 26.0)
#: empty rows reserved under a table for the charts drawn there (a chart is 320 px, rows 20-21 px)
_CHART_ROWS = 17
_ISSUE_CHART_ROWS = 22


def period_label(fiscal_year: int, round_: str) -> str:
    """``2567 รอบ 6 เดือน``: one cell naming a report period (summary and charts)."""
    return f"{fiscal_year} {V.H_ROUND} {round_}"


# --- cell conversion -------------------------------------------------------------------


def _out(value: Any) -> OutCell:
    """Any scalar as a master cell: python int/float/str, None for blank."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            return None
        return int(f) if f.is_integer() else f
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value) or None


def _text_cells(series: pd.Series) -> list[OutCell]:
    """Text column -> cells; empty text and missing values become None."""
    values = series.to_numpy(dtype=object, na_value=None)
    return [v if type(v) is str and v else _out(v) for v in values]


def _row_cell(value: Any) -> OutCell:
    """``แถว``: a sheet row number as int, a responseId as text."""
    if isinstance(value, str):
        s = value.strip()
        return int(s) if _ROW_NUMBER.fullmatch(s) else (s or None)
    return _out(value)


def _rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[OutCell]]:
    """Frame columns -> rows of python cells (ints stay ints, NaN becomes None)."""
    lists: list[list[OutCell]] = []
    for c in columns:
        s = frame[c]
        if pd.api.types.is_integer_dtype(s.dtype) and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
            lists.append([int(v) for v in s.tolist()])
        else:
            lists.append(_text_cells(s))
    return list(map(list, zip(*lists)))


# --- column readers (never mutate, tolerate nullable / object dtypes) -----------------


def _ints(series: pd.Series, missing: int = 0) -> np.ndarray:
    """Whole numbers as int64; missing or unreadable values become ``missing``."""
    if series.dtype.kind in "iu" and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
        return series.to_numpy().astype("int64", copy=False)
    num = pd.to_numeric(series, errors="coerce")
    return np.nan_to_num(num.to_numpy(dtype="float64", na_value=np.nan), nan=missing).astype("int64")


def _bools(series: pd.Series) -> np.ndarray:
    if series.dtype == bool:
        return series.to_numpy()
    return series.to_numpy(dtype=object, na_value=False).astype(bool)


def _strs(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=object, na_value="")


# --- ordering --------------------------------------------------------------------------


def _unit_rank(registry: Registry, codes: pd.Series) -> pd.Series:
    """Registry order, then codes not in the registry (by code), the unknown unit last."""
    order = registry.order_of()
    rank = codes.map(order).astype("float64")
    return rank.fillna(len(registry.units) - 0.5)


def _unit_names(registry: Registry, codes: pd.Series) -> pd.Series:
    names = {u.code: u.name for u in registry.units}
    names[V.UNKNOWN_UNIT_CODE] = V.UNKNOWN_UNIT_NAME
    return codes.map(lambda c: names.get(c, c)).astype(object)


def _sort(frame: pd.DataFrame, registry: Registry, by: Sequence[str]) -> pd.DataFrame:
    """Sort on ``by``, where "round" sorts 6 before 12 and "unit" in registry order."""
    keys: dict[str, pd.Series] = {}
    cols: list[str] = []
    for c in by:
        if c == "round":
            keys["_ro"] = frame["round"].map(_ROUND_ORDER).astype("float64").fillna(len(_ROUND_ORDER))
            cols += ["_ro", "round"]
        elif c == "unit":
            keys["_uo"] = _unit_rank(registry, frame["unit"])
            cols += ["_uo", "unit"]
        else:
            cols.append(c)
    tmp = frame.assign(**keys)
    return tmp.sort_values(cols, kind="mergesort").drop(columns=list(keys)).reset_index(drop=True)


# --- counts ----------------------------------------------------------------------------


def _group_ids(keys: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Group id per row (numbered in order of first appearance) and each group's first row."""
    gid = np.zeros(len(keys[0]) if keys else 0, dtype=np.int64)
    size = 1
    for key in keys:
        codes, uniques = pd.factorize(key)
        k = max(len(uniques), 1)
        if size * k >= 1 << 62:
            gid, found = pd.factorize(gid)
            size = max(len(found), 1)
        gid = gid * k + codes
        size *= k
    gid, _ = pd.factorize(gid)
    gid = np.asarray(gid, dtype=np.int64)
    if not len(gid):
        return gid, gid
    # numbered in order of first appearance: a first row is where the running maximum grows
    first = np.empty(len(gid), dtype=bool)
    first[0] = True
    first[1:] = gid[1:] > np.maximum.accumulate(gid)[:-1]
    return gid, np.flatnonzero(first)


def _survey_fine(survey: pd.DataFrame) -> pd.DataFrame:
    """One pass over the responses: counts per (fy, h1, month, unit), with numpy (no per-row
    Python, no wide temporary frame)."""
    keys = {
        "fy": _ints(survey[S.FISCAL_YEAR]),
        "h1": _bools(survey[S.FIRST_HALF]),
        "month": _strs(survey[S.MONTH]),
        "unit": _strs(survey[S.UNIT]),
    }
    gid, first = _group_ids(list(keys.values()))
    ng = len(first)
    cols: dict[str, Any] = {k: v[first] for k, v in keys.items()}
    cols[C.RESPONSES] = np.bincount(gid, minlength=ng).astype("int64")

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(gid[mask], minlength=ng).astype("int64")

    for name, src in zip(C.VT, S.VT):
        cols[name] = count(_bools(survey[src]))
    for k, d, src in zip(C.KNOW, C.DONT, S.AW):
        codes = _ints(survey[src], missing=UNANSWERED)
        cols[k] = count(codes == KNOW)
        cols[d] = count(codes == DONT_KNOW)
    frame = pd.DataFrame(cols)
    frame["month"] = frame["month"].astype(object)
    frame["unit"] = frame["unit"].astype(object)
    return frame[["fy", "h1", "month", "unit", *C.ALL]]


def _survey_periods(fine: pd.DataFrame) -> pd.DataFrame:
    """Online counts per (fy, round, unit): the year, plus the first half."""
    parts = []
    for round_, rows in ((V.ROUND_12, fine), (V.ROUND_6, fine[fine["h1"]])):
        g = rows.groupby(["fy", "unit"], sort=False)[list(C.ALL)].sum().reset_index()
        g.insert(1, "round", round_)
        parts.append(g)
    return _concat(parts)


def _form2_counts(form2: pd.DataFrame) -> pd.DataFrame:
    """Report counts per (fy, round, unit); ``n`` is the largest channel total."""
    cols: dict[str, Any] = {
        "fy": _ints(form2[R.FISCAL_YEAR]),
        "round": _strs(form2[R.ROUND]),
        "unit": _strs(form2[R.UNIT]),
    }
    for name, src in zip((*C.VT, *C.KNOW, *C.DONT), (*R.VT, *R.KNOW, *R.DONT)):
        cols[name] = _ints(form2[src])
    frame = pd.DataFrame(cols)
    frame = frame[frame["unit"] != V.UNKNOWN_UNIT_CODE].drop_duplicates(_KEY, keep="last")
    totals = np.column_stack([frame[k].to_numpy() + frame[d].to_numpy() for k, d in zip(C.KNOW, C.DONT)])
    n = totals.max(axis=1) if len(frame) else np.zeros(0, dtype="int64")
    frame.insert(3, C.RESPONSES, n.astype("int64"))
    return frame.reset_index(drop=True)


def _form1_rows(form1: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "fy": _ints(form1[R.FISCAL_YEAR]),
            "round": _strs(form1[R.ROUND]),
            "unit": _strs(form1[R.UNIT]),
            "measure": _ints(form1[R.MEASURE]),
            "result": form1[R.RESULT].to_numpy(dtype=object, na_value=None),
            "evidence": form1[R.EVIDENCE].to_numpy(dtype=object, na_value=None),
            "reported": _bools(form1[R.REPORTED]),
        }
    )
    return frame.drop_duplicates([*_KEY, "measure"], keep="last").reset_index(drop=True)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    nonempty = [p for p in parts if len(p)]
    if not nonempty:
        return parts[0].iloc[0:0]
    return pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else nonempty[0].reset_index(drop=True)


def _with_channel_totals(frame: pd.DataFrame) -> list[str]:
    """Output count columns, in master order; adds ``CountCol.TOTAL`` (know + don't) to ``frame``."""
    out = [C.RESPONSES, *C.VT]
    for k, d, t in zip(C.KNOW, C.DONT, C.TOTAL, strict=True):
        frame[t] = frame[k] + frame[d]
        out += [k, d, t]
    return out


# --- tables ----------------------------------------------------------------------------


def _table(title: str, headers: Sequence[str], rows: list[list[OutCell]]) -> DocTable:
    return DocTable(title=title, rows=[list(headers), *rows], layout=_layouts().get(title, Layout()))


def _periods(online: pd.DataFrame, form1: pd.DataFrame, form2: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    keys = pd.concat([online[["fy", "round"]], form1[["fy", "round"]], form2[["fy", "round"]]], ignore_index=True)
    return _sort(keys.drop_duplicates(), registry, ["fy", "round"])


def _form2_table(online: pd.DataFrame, report: pd.DataFrame, registry: Registry) -> tuple[pd.DataFrame, list[str]]:
    parts = [online.assign(src=_SRC_ONLINE), report.assign(src=_SRC_REPORT)]
    both = _concat(parts)[[*_KEY, "src", *C.ALL]]
    total = both.groupby(_KEY, sort=False)[list(C.ALL)].sum().reset_index().assign(src=_SRC_TOTAL)
    frame = _concat([both, total[[*_KEY, "src", *C.ALL]]])
    frame = _sort(frame, registry, ["fy", "round", "unit", "src"])
    frame[list(C.ALL)] = frame[list(C.ALL)].astype("int64")
    counts = _with_channel_totals(frame)
    frame["name"] = _unit_names(registry, frame["unit"])
    frame["source"] = frame["src"].map(_SOURCE_LABELS).astype(object)
    return frame, ["fy", "round", "unit", "name", "source", *counts]


def _grid(periods: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Report periods x registered units, sorted."""
    units = pd.DataFrame({"unit": pd.Series(registry.codes, dtype=object)})
    grid = periods.merge(units, how="cross")
    return _sort(grid, registry, ["fy", "round", "unit"])


def _form1_table(grid: pd.DataFrame, f1: pd.DataFrame, registry: Registry) -> list[list[OutCell]]:
    agency = registry.agency
    measures = pd.DataFrame({"measure": np.arange(1, agency.measure_count + 1, dtype="int64")})
    full = grid.merge(measures, how="cross").merge(f1, on=[*_KEY, "measure"], how="left")
    reported = full["reported"].to_numpy(dtype=object, na_value=False).astype(bool)
    full["status"] = np.where(reported, V.REPORTED, V.NOT_REPORTED).astype(object)
    full["name"] = _unit_names(registry, full["unit"])
    full["title"] = full["measure"].map(agency.measure_text).astype(object)
    for c in ("result", "evidence"):
        full[c] = [v if isinstance(v, str) and v.strip() else None for v in full[c].tolist()]
    return _rows(full, ["fy", "round", "unit", "name", "measure", "title", "result", "evidence", "status"])


def _tracking(grid: pd.DataFrame, f1: pd.DataFrame, report: pd.DataFrame, online: pd.DataFrame) -> pd.DataFrame:
    done = f1[f1["reported"]].groupby(_KEY, sort=False).size().rename("measures").reset_index()
    sent2 = report[_KEY].assign(form2=True)
    resp = online[[*_KEY, C.RESPONSES]]
    full = grid.merge(done, on=_KEY, how="left").merge(sent2, on=_KEY, how="left").merge(resp, on=_KEY, how="left")
    full["measures"] = full["measures"].fillna(0).astype("int64")
    full[C.RESPONSES] = full[C.RESPONSES].fillna(0).astype("int64")
    full["form2"] = full["form2"].to_numpy(dtype=object, na_value=False).astype(bool)
    full["form1"] = full["measures"] > 0
    return full


def _monthly_table(fine: pd.DataFrame, registry: Registry) -> list[list[OutCell]]:
    frame = fine.groupby(["fy", "month", "unit"], sort=False)[list(C.ALL)].sum().reset_index()
    frame = _sort(frame, registry, ["fy", "month", "unit"])
    counts = _with_channel_totals(frame)
    frame["name"] = _unit_names(registry, frame["unit"])
    return _rows(frame, ["fy", "month", "unit", "name", *counts])


def _issues_table(issues: pd.DataFrame) -> list[list[OutCell]]:
    if not len(issues):
        return []
    cols: list[np.ndarray] = []
    for c in I.ALL:
        values = issues[c].to_numpy(dtype=object, na_value=None)
        if c == I.ROW:
            if infer_dtype(values, skipna=False) == "integer":  # sheet row numbers: Python ints
                values = values.astype(np.int64).astype(object)
            else:  # responseIds, blanks: one by one
                values = np.array([v if type(v) is int else _row_cell(v) for v in values.tolist()], dtype=object)
            cols.append(values)
        else:
            cols.append(_text_array(values))
    return np.column_stack(cols).tolist()


def _text_array(values: np.ndarray) -> np.ndarray:
    """:func:`_text_cells` as an object array: text stays text, empty text is None."""
    if infer_dtype(values, skipna=True) in ("string", "empty"):
        out = values.copy()
        out[out == ""] = None
        return out
    return np.array(_text_cells(pd.Series(values, dtype=object)), dtype=object)


def _status_rows(stats: Sequence[TabStat]) -> list[list[OutCell]]:
    return [
        [_out(s.source), _out(s.sheet), int(s.read), int(s.accepted), int(s.duplicates), int(s.rejected)]
        for s in stats
    ]


def _percent(know: int, dont: int) -> float | None:
    return round(100.0 * know / (know + dont), 1) if know + dont else None


def as_of_text(survey: pd.DataFrame, tz: str) -> str:
    """"Data as of": the latest accepted response's time in ``tz`` (Thai month, BE year)."""
    if not len(survey) or S.TS not in survey:
        return V.AS_OF_NONE
    latest = pd.to_datetime(survey[S.TS], utc=True, errors="coerce").max()
    if latest is pd.NaT or pd.isna(latest):
        return V.AS_OF_NONE
    local = latest.tz_convert(tz)
    return V.AS_OF.format(day=local.day, month=V.MONTH_ABBR[local.month - 1], year=local.year + 543,
                          time=local.strftime("%H:%M"))


def _summary(
    periods: pd.DataFrame,
    form2_frame: pd.DataFrame,
    tracking: pd.DataFrame,
    issues: pd.DataFrame,
    registry: Registry,
    as_of: str,
) -> DocTable:
    title = V.SUMMARY_TITLE.format(agency=registry.agency.name)
    rows: list[list[OutCell]] = [[title], [as_of], [SUMMARY_NOTE], []]
    bold: list[int] = []  # header rows of the sections
    headings: list[int] = [0]  # the title and the section headings
    charts: list[Chart] = []

    # section 1: one row per report period
    rows.append([V.SEC_PERIODS])
    headings.append(len(rows) - 1)
    header_row = len(rows)
    bold.append(header_row)
    rows.append(
        [
            H_PERIOD,
            V.H_ONLINE_RESPONDENTS,
            V.H_REPORT_RESPONDENTS,
            V.H_ALL_RESPONDENTS,
            *(V.R_COL_PCT_OF.format(channel=ch) for ch in V.CHANNELS),
            V.H_UNITS_NOT_SENT.format(form=V.FORM1_TAB),
            V.H_UNITS_NOT_SENT.format(form=V.FORM2_TAB),
        ]
    )
    sums = form2_frame.groupby(["fy", "round", "src"], sort=False)[list(C.ALL)].sum()
    totals = {key: dict(zip(C.ALL, map(int, vals))) for key, vals in zip(sums.index, sums.to_numpy())}
    zero = dict.fromkeys(C.ALL, 0)
    missing_rows: list[list[OutCell]] = []
    for fy, round_ in periods.itertuples(index=False):
        label = period_label(int(fy), round_)
        online, report, both = (
            totals.get((fy, round_, src), zero) for src in (_SRC_ONLINE, _SRC_REPORT, _SRC_TOTAL)
        )
        sel = tracking[(tracking["fy"] == fy) & (tracking["round"] == round_)]
        unsent = {col: [registry.name_of(c) for c in sel.loc[~sel[col], "unit"]] for col in ("form1", "form2")}
        rows.append(
            [
                label,
                online[C.RESPONSES],
                report[C.RESPONSES],
                both[C.RESPONSES],
                *(_percent(both[k], both[d]) for k, d in zip(C.KNOW, C.DONT)),
                len(unsent["form1"]),
                len(unsent["form2"]),
            ]
        )
        for form, col in ((V.FORM1_TAB, "form1"), (V.FORM2_TAB, "form2")):
            names = unsent[col]  # one unit per row: the period, form and count on the first
            missing_rows.append([label, form, len(names), names[0] if names else V.ALL_UNITS_SENT])
            missing_rows += [[None, None, None, name] for name in names[1:]]
    last = len(rows) - 1
    if not missing_rows:
        rows.append([V.NO_PERIOD])
    else:
        # the charts sit in rows of their own, below the table: they cover no text
        band = len(rows) + 1
        rows += [[] for _ in range(_CHART_ROWS + 1)]
        charts.append(
            _chart(V.CHART_AWARENESS, header_row, last, (4, 5, 6), stacked=False,
                   y_title=V.AXIS_PERCENT, y_max=100.0, anchor=(band, 0))
        )
        charts.append(
            _chart(V.CHART_RESPONSES, header_row, last, (1, 2), stacked=True,
                   y_title=V.AXIS_PEOPLE, y_max=None, anchor=(band, 4))
        )

    # section 2: each registered unit in the latest period
    if len(periods):
        fy, round_ = periods.iloc[-1]
        sel = tracking[(tracking["fy"] == fy) & (tracking["round"] == round_)]
        rows += [[], [V.SEC_UNITS.format(period=period_label(int(fy), round_))],
                 [V.H_UNIT_CODE, V.H_UNIT, *V.MASTER_TRACKING_HEADERS[4:]]]
        headings.append(len(rows) - 2)
        bold.append(len(rows) - 1)
        cols = ["unit", "form1", "measures", "form2", C.RESPONSES]
        for unit, form1, measures, form2, n in sel[cols].itertuples(index=False):
            rows.append([str(unit), registry.name_of(unit), V.SENT if form1 else V.NOT_SENT, int(measures),
                         V.SENT if form2 else V.NOT_SENT, int(n)])

    # section 3: issues per code; the chart shows the Thai problem texts
    rows += [[], [SEC_ISSUES]]
    headings.append(len(rows) - 1)
    issue_header = len(rows)
    bold.append(issue_header)
    rows.append([V.H_ISSUE_CODE, V.H_ISSUE_COUNT, V.H_ISSUE_TEXT])
    codes = pd.Series(issues[I.CODE].to_numpy(dtype=object, na_value=""), dtype=object)
    counts = {str(k): int(v) for k, v in codes.value_counts().items()}
    unexpected = sorted(c for c in counts if c not in V.ISSUE_CODES)
    for code in (*V.ISSUE_CODES, *unexpected):
        text = V.ISSUE_TEXTS[code][0] if code in V.ISSUE_TEXTS else None
        rows.append([code or None, counts.get(code, 0), text or code or None])
    last_code = len(rows) - 1
    rows.append([V.SOURCE_TOTAL, len(issues), None])
    band = len(rows) + 1
    rows += [[] for _ in range(_ISSUE_CHART_ROWS + 1)]
    charts.append(
        dataclasses.replace(
            _chart(V.CHART_ISSUES, issue_header, last_code, (1,), stacked=False,
                   y_title=V.AXIS_ITEMS, y_max=None, anchor=(band, 0)),
            labels=Span(issue_header + 1, last_code, 2), size=(960, 420), horizontal=True,
        )
    )
    # section 4 (last: the longest): who has not sent, per period and form, one unit per row
    rows += [[], [V.SEC_NOT_SENT], [H_PERIOD, V.H_FORM, V.H_UNIT_COUNT, V.H_UNIT]]
    headings.append(len(rows) - 2)
    bold.append(len(rows) - 1)
    rows += missing_rows or [[V.NO_PERIOD]]

    highlights = (Highlight(2, V.NOT_SENT), Highlight(4, V.NOT_SENT))
    layout = Layout(freeze_rows=0, auto_filter=False, bold_rows=tuple(bold), title_rows=tuple(headings),
                    wrap_columns=(1,), max_lines=3,
                    highlights=highlights, print=PrintSetup(repeat_rows=0))
    return DocTable(title=V.TAB_SUMMARY, rows=rows, header=False, widths=SUMMARY_WIDTHS, layout=layout,
                    charts=tuple(charts))


def _chart(
    title: str,
    header_row: int,
    last: int,
    cols: Sequence[int],
    *,
    stacked: bool,
    y_title: str,
    y_max: float | None,
    anchor: tuple[int, int],
) -> Chart:
    """One chart (``core.document.Chart``): categories in column 0 below ``header_row``."""
    first = header_row + 1
    return Chart(
        kind="bar",
        title=title,
        categories=Span(first, last, 0),
        series=tuple(SeriesRef(first, last, c, header_row) for c in cols),
        stacked=stacked,
        y_title=y_title,
        y_max=y_max,
        anchor=anchor,
    )


def _layouts() -> dict[str, Layout]:
    """Layout of the table tabs: frozen header (and the key columns of wide tabs), a filter,
    what needs action highlighted, links clickable, long texts wrapped."""
    return {
        V.TAB_FORM2: Layout(freeze_cols=4),
        V.TAB_FORM1: Layout(freeze_cols=4, highlights=(Highlight(8, V.NOT_REPORTED),), link_columns=(7,),
                            wrap_columns=(5, 6, 7)),
        V.TAB_TRACKING: Layout(freeze_cols=4, highlights=(Highlight(4, V.NOT_SENT), Highlight(6, V.NOT_SENT))),
        V.TAB_MONTHLY: Layout(freeze_cols=4),
        V.TAB_ISSUES: Layout(wrap_columns=(6, 7), max_lines=4),
        V.TAB_STATUS: Layout(auto_filter=False),
    }


def build_tables(
    survey: pd.DataFrame,
    form1: pd.DataFrame,
    form2: pd.DataFrame,
    issues: pd.DataFrame,
    stats: Sequence[TabStat],
    registry: Registry,
    *,
    tz: str = "Asia/Bangkok",
) -> list[DocTable]:
    """All master tabs, in ``vocab.MASTER_TABS`` order, with their layout and charts;
    deterministic, no run facts. ``tz``: the zone of the summary's "data as of"."""
    fine = _survey_fine(survey)
    online = _survey_periods(fine)
    report = _form2_counts(form2)
    f1 = _form1_rows(form1)
    registered = set(registry.codes)
    f1_registered = f1[f1["unit"].isin(registered)].reset_index(drop=True)

    periods = _periods(online, f1, _form2_periods(form2), registry)
    form2_frame, form2_cols = _form2_table(online, report, registry)
    grid = _grid(periods, registry)
    tracking = _tracking(grid, f1_registered, report, online)

    tables = {
        V.TAB_SUMMARY: _summary(periods, form2_frame, tracking, issues, registry, as_of_text(survey, tz)),
        V.TAB_FORM2: _table(V.TAB_FORM2, V.MASTER_FORM2_HEADERS, _rows(form2_frame, form2_cols)),
        V.TAB_FORM1: _table(V.TAB_FORM1, V.MASTER_FORM1_HEADERS, _form1_table(grid, f1_registered, registry)),
        V.TAB_TRACKING: _table(
            V.TAB_TRACKING,
            V.MASTER_TRACKING_HEADERS,
            _rows(
                tracking.assign(
                    f1=np.where(tracking["form1"], V.SENT, V.NOT_SENT).astype(object),
                    f2=np.where(tracking["form2"], V.SENT, V.NOT_SENT).astype(object),
                    name=_unit_names(registry, tracking["unit"]),
                ),
                ["fy", "round", "unit", "name", "f1", "measures", "f2", C.RESPONSES],
            ),
        ),
        V.TAB_MONTHLY: _table(V.TAB_MONTHLY, V.MASTER_MONTHLY_HEADERS, _monthly_table(fine, registry)),
        V.TAB_ISSUES: _table(V.TAB_ISSUES, V.MASTER_ISSUES_HEADERS, _issues_table(issues)),
        V.TAB_STATUS: _table(V.TAB_STATUS, V.MASTER_STATUS_HEADERS, _status_rows(stats)),
    }
    return [tables[t] for t in V.MASTER_TABS]


def _form2_periods(form2: pd.DataFrame) -> pd.DataFrame:
    """Every accepted form-2 row makes a period, whatever its unit."""
    return pd.DataFrame({"fy": _ints(form2[R.FISCAL_YEAR]), "round": _strs(form2[R.ROUND])})


def document(tables: Sequence[DocTable], facts: Sequence[tuple[str, OutCell]] = (), *,
             fingerprint: str | None = None) -> MasterDocument:
    """The master document of ``build_tables``' tabs: fingerprinted before the run facts are
    added to ``สถานะการซิงค์`` (so an unchanged night has an unchanged fingerprint).
    ``fingerprint``: ``fingerprint_of(tables)`` when the caller has it already."""
    fp = fingerprint if fingerprint is not None else fingerprint_of(tables)
    final = tuple(with_facts(t, facts) if t.title == V.TAB_STATUS and facts else t for t in tables)
    return MasterDocument(tables=final, fingerprint=fp)


_T = TypeVar("_T", bound=MasterTable)


def with_facts(status: _T, facts: Sequence[tuple[str, OutCell]]) -> _T:
    """``สถานะการซิงค์`` with one blank row, then one label/value row per run fact."""
    rows = [list(r) for r in status.rows]
    rows.append([])
    rows += [[_out(label), _out(value)] for label, value in facts]
    return dataclasses.replace(status, rows=rows)


# --- section 8: the optional sources' tabs and summary lines ---------------------------------
# Kept apart from build_tables: a config without [pr], [ita], [training] never reaches this
# code, so its master is exactly section 7's.

#: layouts of the section-8 tabs (frozen keys, what needs action highlighted)
OPTIONAL_LAYOUTS: dict[str, Layout] = {
    V.TAB_PR: Layout(freeze_cols=3),
    V.TAB_ITA: Layout(freeze_cols=3, highlights=(Highlight(8, V.ITA_LOWEST), Highlight(8, f"{V.ITA_LOWEST}, {V.ITA_HIGHEST}"))),
    V.TAB_TRAINING: Layout(freeze_cols=5, wrap_columns=(4,)),
}


def with_optional_sources(
    tables: Sequence[DocTable],
    *,
    registry: Registry,
    today: date,
    pr: pd.DataFrame | None = None,
    ita: tuple[pd.DataFrame, Any] | None = None,
    training: tuple[pd.DataFrame, pd.DataFrame, float] | None = None,
) -> list[DocTable]:
    """``tables`` (section 7, from ``build_tables``) with the configured section-8 tabs after
    ``รายเดือน`` (in the order of section 8) and their lines and charts at the end of
    ``สรุปภาพรวม`` (section 8). ``pr``: the accepted reach rows; ``ita``: (accepted scores,
    ItaFramework); ``training``: (roster, attendance, threshold_percent). ``today`` (in the
    configured time zone) decides which months have ended. Nothing configured: ``tables``."""
    from aggregate.ita import ita_rows
    from aggregate.pr import pr_rows
    from aggregate.training import training_rows

    extra: list[DocTable] = []
    if pr is not None:
        extra.append(_optional_table(V.TAB_PR, V.MASTER_PR_HEADERS, pr_rows(pr)))
    if ita is not None:
        extra.append(_optional_table(V.TAB_ITA, V.MASTER_ITA_HEADERS, ita_rows(*ita)))
    if training is not None:
        rows, _below = training_rows(training[0], training[1], registry, training[2])
        table = _optional_table(V.TAB_TRAINING, V.MASTER_TRAINING_HEADERS, rows)
        # units/topics whose ร้อยละที่ผ่านเกณฑ์ is below threshold_percent (issue 11; section 8.3)
        below = HighlightBelow(V.MASTER_TRAINING_HEADERS.index(V.TRAINING_PASS_PERCENT), float(training[2]))
        extra.append(dataclasses.replace(table, layout=dataclasses.replace(
            table.layout, highlights=(*table.layout.highlights, below))))
    if not extra:
        return list(tables)
    out: list[DocTable] = []
    for t in tables:
        if t.title == V.TAB_SUMMARY:
            t = _optional_summary(t, registry=registry, today=today, pr=pr, ita=ita)
        out.append(t)
        if t.title == V.TAB_MONTHLY:
            out.extend(extra)
    return out


def _optional_table(title: str, headers: Sequence[str], rows: list[list[OutCell]]) -> DocTable:
    return DocTable(title=title, rows=[list(headers), *rows], layout=OPTIONAL_LAYOUTS.get(title, Layout()))


def _optional_summary(summary: DocTable, *, registry: Registry, today: date, pr: pd.DataFrame | None,
                      ita: tuple[pd.DataFrame, Any] | None) -> DocTable:
    from aggregate.ita import ita_trend, lowest_indicators
    from aggregate.pr import pr_summary

    rows = [list(r) for r in summary.rows]
    charts = list(summary.charts)
    bold = list(summary.layout.bold_rows)

    def section(title: str, header: Sequence[OutCell]) -> int:
        rows.extend([[], [title], list(header)])
        bold.extend([len(rows) - 2, len(rows) - 1])
        return len(rows) - 1

    if pr is not None:
        s = pr_summary(pr, today)
        section(V.SEC_PR_TOTALS, [H_PERIOD, V.COL_PR_CHANNEL, *V.PR_COUNT_COLUMNS])
        rows.extend([list(t) for t in s["totals"]] or [[V.NO_PERIOD]])
        section(V.SEC_PR_MISSING, [V.H_YEAR, V.H_MONTH_COUNT, V.H_MONTH])
        rows.extend([[fy, len(ms), ", ".join(ms) if ms else V.PR_ALL_MONTHS] for fy, ms in s["missing"]]
                    or [[V.NO_PERIOD]])
        if s["reach"]:
            header = section(V.SEC_PR_REACH, [V.H_MONTH, *s["channels"]])
            rows.extend(s["reach"])
            band = len(rows) + 1
            charts.append(_chart(V.SEC_PR_REACH, header, len(rows) - 1, range(1, len(s["channels"]) + 1),
                                 stacked=True, y_title=V.R_CHART_Y_REACH, y_max=None, anchor=(band, 0)))
            rows.extend([] for _ in range(_CHART_ROWS + 1))
    if ita is not None:
        frame, fw = ita
        trend = ita_trend(frame, fw)
        if trend:
            header = section(V.SEC_ITA, [V.H_YEAR, V.ITA_TOTAL, V.H_ITA_LEVEL, *fw.tools])
            rows.extend(trend)
            band = len(rows) + 1
            charts.append(_chart(V.SEC_ITA, header, len(rows) - 1, (1, *range(3, 3 + len(fw.tools))),
                                 stacked=False, y_title=V.COL_ITA_SCORE, y_max=100.0, anchor=(band, 0)))
            rows.extend([] for _ in range(_CHART_ROWS + 1))
        low = lowest_indicators(frame, fw)
        if low is not None:
            fy, lowest = low
            section(V.SEC_ITA_LOWEST, [V.H_YEAR, V.COL_ITA_INDICATOR, V.COL_ITA_SCORE, V.H_ANSWERING_MEASURES])
            for number, name, score in lowest:
                measures = [m for m in registry.agency.measures if number in m.indicators]
                rows.append([fy, f"{V.ITA_INDICATOR_PREFIX} {number} {name}", score,
                             ", ".join(f"{V.COL_MEASURE} {m.number}" for m in measures) or V.NO_ANSWERING_MEASURE])
                rows.extend([None, None, None, f"{V.COL_MEASURE} {m.number}: {m.text}"] for m in measures)
    layout = dataclasses.replace(summary.layout, bold_rows=tuple(bold))
    return dataclasses.replace(summary, rows=rows, charts=tuple(charts), layout=layout)
