"""aggregate.reports: master tables from hand-built canonical frames.

Every expected row below is worked out by hand from the inputs of its test.
Row layouts (form 2 / monthly): ..., จำนวนผู้ตอบ, 5 visitor types, then per
channel know, don't know, total.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from aggregate.reports import build_tables, period_label, with_facts
from core import vocab as V
from core.columns import I, MasterTable, R, S, TabStat, empty_issues
from core.units import Registry, Unit

ONLINE, REPORT, TOTAL = V.SOURCE_ONLINE, V.SOURCE_REPORT, V.SOURCE_TOTAL
R6, R12 = V.ROUND_6, V.ROUND_12
UNK, UNK_NAME = V.UNKNOWN_UNIT_CODE, V.UNKNOWN_UNIT_NAME

REG = Registry(
    units=(
        Unit("OPS-A", "กองกลาง", ("กก.",)),
        Unit("OPS-B", "กองคลัง"),
        Unit("OPS-C", "กองการต่างประเทศ"),
    )
)
NAME = {"OPS-A": "กองกลาง", "OPS-B": "กองคลัง", "OPS-C": "กองการต่างประเทศ", UNK: UNK_NAME}


# --- hand-built canonical frames --------------------------------------------------------


def resp(unit: str, month: str, vt: tuple[int, ...] = (), aw: tuple[int, int, int] = (1, 1, 1)) -> dict:
    """One accepted response; ``month`` is "YYYY-MM" in BE, ``vt`` the 1-based types ticked."""
    year_be, m = (int(x) for x in month.split("-"))
    row = {
        S.TS: pd.Timestamp(year_be - 543, m, 15, 3, tz="UTC"),
        S.FISCAL_YEAR: year_be + (1 if m >= 10 else 0),
        S.FIRST_HALF: m >= 10 or m <= 3,
        S.MONTH: month,
        S.UNIT: unit,
    }
    row.update({col: (i + 1) in vt for i, col in enumerate(S.VT)})
    row.update(dict(zip(S.AW, aw)))
    return row


def survey_frame(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            S.ROW: pd.Series([i + 2 for i in range(len(rows))], dtype="int64"),
            S.TS: pd.Series([r[S.TS] for r in rows], dtype="datetime64[ns, UTC]"),
            S.FISCAL_YEAR: pd.Series([r[S.FISCAL_YEAR] for r in rows], dtype="int64"),
            S.FIRST_HALF: pd.Series([r[S.FIRST_HALF] for r in rows], dtype=bool),
            S.MONTH: pd.Series([r[S.MONTH] for r in rows], dtype=object),
            S.UNIT: pd.Series([r[S.UNIT] for r in rows], dtype=object),
        }
    )
    for col in S.VT:
        frame[col] = pd.Series([r[col] for r in rows], dtype=bool)
    for col in S.AW:
        frame[col] = pd.Series([r[col] for r in rows], dtype="int8")
    return frame


def form1_frame(*rows: tuple) -> pd.DataFrame:
    """rows: (fy, round, unit, measure, result, evidence)."""
    cols = {
        R.SOURCE: [f"reports/{r[2]}.xlsx" for r in rows],
        R.SHEET: [V.FORM1_TAB] * len(rows),
        R.ROW: [i + 2 for i in range(len(rows))],
        R.FISCAL_YEAR: [r[0] for r in rows],
        R.ROUND: [r[1] for r in rows],
        R.UNIT: [r[2] for r in rows],
        R.MEASURE: [r[3] for r in rows],
        R.RESULT: [r[4] for r in rows],
        R.EVIDENCE: [r[5] for r in rows],
        R.REPORTED: [bool(r[4]) and r[4].strip("- ") != "" for r in rows],
    }
    frame = pd.DataFrame(cols)
    return frame.astype({R.ROW: "int64", R.FISCAL_YEAR: "int64", R.MEASURE: "int64", R.REPORTED: bool})


def form2_frame(*rows: tuple) -> pd.DataFrame:
    """rows: (fy, round, unit, vt counts (5), know counts (3), don't-know counts (3))."""
    cols: dict[str, list] = {
        R.SOURCE: [f"reports/{r[2]}.xlsx" for r in rows],
        R.SHEET: [V.FORM2_TAB] * len(rows),
        R.ROW: [i + 2 for i in range(len(rows))],
        R.FISCAL_YEAR: [r[0] for r in rows],
        R.ROUND: [r[1] for r in rows],
        R.UNIT: [r[2] for r in rows],
    }
    for i, col in enumerate(R.VT):
        cols[col] = [r[3][i] for r in rows]
    for i, col in enumerate(R.KNOW):
        cols[col] = [r[4][i] for r in rows]
    for i, col in enumerate(R.DONT):
        cols[col] = [r[5][i] for r in rows]
    frame = pd.DataFrame(cols)
    ints = [R.ROW, R.FISCAL_YEAR, *R.VT, *R.KNOW, *R.DONT]
    return frame.astype({c: "int64" for c in ints})


def issues_frame(*rows: tuple) -> pd.DataFrame:
    if not rows:
        return empty_issues()
    return pd.DataFrame([list(r) for r in rows], columns=list(I.ALL), dtype=object)


def build(survey=None, form1=None, form2=None, issues=None, stats=(), registry=REG) -> dict[str, MasterTable]:
    tables = build_tables(
        survey if survey is not None else survey_frame(),
        form1 if form1 is not None else form1_frame(),
        form2 if form2 is not None else form2_frame(),
        issues if issues is not None else issues_frame(),
        list(stats),
        registry,
    )
    return {t.title: t for t in tables}


def body(tables: dict[str, MasterTable], title: str) -> list[list]:
    table = tables[title]
    assert table.header
    return table.rows[1:]


# expected-row builders -----------------------------------------------------------------


def f2row(fy, rnd, unit, source, n, vt=(0, 0, 0, 0, 0), ch=((0, 0), (0, 0), (0, 0))) -> list:
    out = [fy, rnd, unit, NAME[unit], source, n, *vt]
    for k, d in ch:
        out += [k, d, k + d]
    return out


def monthrow(fy, month, unit, n, vt=(0, 0, 0, 0, 0), ch=((0, 0), (0, 0), (0, 0))) -> list:
    out = [fy, month, unit, NAME[unit], n, *vt]
    for k, d in ch:
        out += [k, d, k + d]
    return out


def trackrow(fy, rnd, unit, measures, form2, online) -> list:
    return [
        fy, rnd, unit, NAME[unit], V.SENT if measures else V.NOT_SENT, measures,
        V.SENT if form2 else V.NOT_SENT, online,
    ]


def walk(value):
    """Every cell (recursively) of tables / specs, for type checks."""
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from walk(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    else:
        yield value


# --- tabs, headers ------------------------------------------------------------------------


def test_tabs_in_contract_order_with_exact_headers():
    tables = build_tables(survey_frame(), form1_frame(), form2_frame(), issues_frame(), [], REG)
    assert [t.title for t in tables] == list(V.MASTER_TABS)
    by = {t.title: t for t in tables}
    assert by[V.TAB_FORM2].rows[0] == list(V.MASTER_FORM2_HEADERS)
    assert by[V.TAB_FORM1].rows[0] == list(V.MASTER_FORM1_HEADERS)
    assert by[V.TAB_TRACKING].rows[0] == list(V.MASTER_TRACKING_HEADERS)
    assert by[V.TAB_MONTHLY].rows[0] == list(V.MASTER_MONTHLY_HEADERS)
    assert by[V.TAB_ISSUES].rows[0] == list(V.MASTER_ISSUES_HEADERS)
    assert by[V.TAB_STATUS].rows[0] == list(V.MASTER_STATUS_HEADERS)
    assert by[V.TAB_SUMMARY].header is False


def test_empty_inputs_give_header_only_tables():
    t = build()
    for title in V.MASTER_TABS[1:]:
        assert len(t[title].rows) == 1, title
    summary = t[V.TAB_SUMMARY]
    assert summary.rows[0] and summary.rows[0][0]
    assert [r for r in summary.rows if r == [period_label(2567, R6)]] == []
    # issue counts all zero, total zero; no period charts
    kinds = [c.title for c in summary.charts]
    assert len(kinds) == 1  # only the issues chart


# --- survey semantics --------------------------------------------------------------------


def test_first_half_response_counts_in_both_rounds():
    t = build(survey=survey_frame(resp("OPS-A", "2566-11", vt=(2,), aw=(1, 0, 1))))
    row = {"vt": (0, 1, 0, 0, 0), "ch": ((1, 0), (0, 1), (1, 0))}
    assert body(t, V.TAB_FORM2) == [
        f2row(2567, R6, "OPS-A", ONLINE, 1, **row),
        f2row(2567, R6, "OPS-A", TOTAL, 1, **row),
        f2row(2567, R12, "OPS-A", ONLINE, 1, **row),
        f2row(2567, R12, "OPS-A", TOTAL, 1, **row),
    ]


def test_second_half_response_counts_only_in_12_month_round():
    t = build(survey=survey_frame(resp("OPS-A", "2567-04", vt=(1, 5), aw=(0, 0, 0))))
    row = {"vt": (1, 0, 0, 0, 1), "ch": ((0, 1), (0, 1), (0, 1))}
    assert body(t, V.TAB_FORM2) == [
        f2row(2567, R12, "OPS-A", ONLINE, 1, **row),
        f2row(2567, R12, "OPS-A", TOTAL, 1, **row),
    ]
    # the 6-month round is no report period: no tracking rows for it
    assert {(r[0], r[1]) for r in body(t, V.TAB_TRACKING)} == {(2567, R12)}


def test_march_response_in_both_rounds_september_only_in_12_months():
    a = resp("OPS-A", "2567-03")
    b = resp("OPS-A", "2567-09")
    t = build(survey=survey_frame(a, b))
    assert [r[:6] for r in body(t, V.TAB_FORM2)] == [
        [2567, R6, "OPS-A", "กองกลาง", ONLINE, 1],
        [2567, R6, "OPS-A", "กองกลาง", TOTAL, 1],
        [2567, R12, "OPS-A", "กองกลาง", ONLINE, 2],
        [2567, R12, "OPS-A", "กองกลาง", TOTAL, 2],
    ]


def test_unanswered_not_counted_in_know_dont_or_total():
    t = build(
        survey=survey_frame(
            resp("OPS-B", "2567-05", aw=(-1, -1, -1)),
            resp("OPS-B", "2567-05", aw=(1, -1, 0)),
        )
    )
    ch = ((1, 0), (0, 0), (0, 1))
    assert body(t, V.TAB_FORM2) == [
        f2row(2567, R12, "OPS-B", ONLINE, 2, ch=ch),
        f2row(2567, R12, "OPS-B", TOTAL, 2, ch=ch),
    ]
    assert body(t, V.TAB_MONTHLY) == [monthrow(2567, "2567-05", "OPS-B", 2, ch=ch)]


def test_multi_select_visitor_types_each_counted():
    t = build(survey=survey_frame(resp("OPS-A", "2567-05", vt=(1, 2, 3, 4, 5)), resp("OPS-A", "2567-06")))
    assert body(t, V.TAB_FORM2)[0][5:11] == [2, 1, 1, 1, 1, 1]


# --- units -------------------------------------------------------------------------------


def test_unknown_unit_rows_last_and_only_online_and_total():
    t = build(
        survey=survey_frame(
            resp(UNK, "2567-05", aw=(1, 1, 0)),
            resp("OPS-C", "2567-05", aw=(0, 0, 0)),
            resp("OPS-A", "2567-05", aw=(1, 1, 1)),
        )
    )
    assert body(t, V.TAB_FORM2) == [
        f2row(2567, R12, "OPS-A", ONLINE, 1, ch=((1, 0), (1, 0), (1, 0))),
        f2row(2567, R12, "OPS-A", TOTAL, 1, ch=((1, 0), (1, 0), (1, 0))),
        f2row(2567, R12, "OPS-C", ONLINE, 1, ch=((0, 1), (0, 1), (0, 1))),
        f2row(2567, R12, "OPS-C", TOTAL, 1, ch=((0, 1), (0, 1), (0, 1))),
        f2row(2567, R12, UNK, ONLINE, 1, ch=((1, 0), (1, 0), (0, 1))),
        f2row(2567, R12, UNK, TOTAL, 1, ch=((1, 0), (1, 0), (0, 1))),
    ]
    # registered units only in form 1 / tracking; unknown included in monthly, last
    assert {r[2] for r in body(t, V.TAB_FORM1)} == {"OPS-A", "OPS-B", "OPS-C"}
    assert [r[2] for r in body(t, V.TAB_TRACKING)] == ["OPS-A", "OPS-B", "OPS-C"]
    assert [r[2] for r in body(t, V.TAB_MONTHLY)] == ["OPS-A", "OPS-C", UNK]


def test_report_only_unit_gets_report_and_total_rows():
    t = build(
        form2=form2_frame((2567, R6, "OPS-B", (1, 0, 0, 0, 2), (2, 1, 0), (1, 1, 3))),
    )
    vt = (1, 0, 0, 0, 2)
    ch = ((2, 1), (1, 1), (0, 3))
    assert body(t, V.TAB_FORM2) == [
        f2row(2567, R6, "OPS-B", REPORT, 3, vt=vt, ch=ch),
        f2row(2567, R6, "OPS-B", TOTAL, 3, vt=vt, ch=ch),
    ]
    assert body(t, V.TAB_TRACKING) == [
        trackrow(2567, R6, "OPS-A", 0, False, 0),
        trackrow(2567, R6, "OPS-B", 0, True, 0),
        trackrow(2567, R6, "OPS-C", 0, False, 0),
    ]


def test_report_row_responses_is_largest_channel_total():
    # channel totals 5+0=5, 2+6=8, 7+0=7 -> 8 (not a visitor-type sum, not the sum of channels)
    t = build(form2=form2_frame((2568, R12, "OPS-A", (9, 9, 9, 9, 9), (5, 2, 7), (0, 6, 0))))
    assert body(t, V.TAB_FORM2)[0] == f2row(
        2568, R12, "OPS-A", REPORT, 8, vt=(9, 9, 9, 9, 9), ch=((5, 0), (2, 6), (7, 0))
    )


def test_total_row_is_online_plus_report():
    t = build(
        survey=survey_frame(
            resp("OPS-A", "2567-05", vt=(1,), aw=(1, 0, -1)),
            resp("OPS-A", "2567-06", vt=(1, 3), aw=(0, 1, 1)),
        ),
        form2=form2_frame((2567, R12, "OPS-A", (2, 0, 1, 0, 0), (3, 1, 0), (1, 5, 2))),
    )
    assert body(t, V.TAB_FORM2) == [
        f2row(2567, R12, "OPS-A", ONLINE, 2, vt=(2, 0, 1, 0, 0), ch=((1, 1), (1, 1), (1, 0))),
        f2row(2567, R12, "OPS-A", REPORT, 6, vt=(2, 0, 1, 0, 0), ch=((3, 1), (1, 5), (0, 2))),
        f2row(2567, R12, "OPS-A", TOTAL, 8, vt=(4, 0, 2, 0, 0), ch=((4, 2), (2, 6), (1, 2))),
    ]


def test_unknown_unit_report_row_never_listed_as_report_source():
    # cannot happen after normalise (rejected); if it did, no report row for "-"
    t = build(form2=form2_frame((2567, R12, UNK, (1, 0, 0, 0, 0), (1, 0, 0), (0, 0, 0))))
    assert body(t, V.TAB_FORM2) == []


# --- report periods ----------------------------------------------------------------------


def test_report_period_created_by_form1_row_alone():
    t = build(form1=form1_frame((2566, R6, "OPS-C", 3, "จัดจุดบริการ", "https://www.mdes.go.th/x")))
    assert body(t, V.TAB_FORM2) == []
    assert body(t, V.TAB_TRACKING) == [
        trackrow(2566, R6, "OPS-A", 0, False, 0),
        trackrow(2566, R6, "OPS-B", 0, False, 0),
        trackrow(2566, R6, "OPS-C", 1, False, 0),
    ]
    rows = body(t, V.TAB_FORM1)
    assert len(rows) == 3 * 7
    assert rows[2 * 7 + 2] == [
        2566, R6, "OPS-C", "กองการต่างประเทศ", 3, V.MEASURES[2], "จัดจุดบริการ",
        "https://www.mdes.go.th/x", V.REPORTED,
    ]


def test_periods_sorted_years_ascending_6_before_12():
    t = build(
        survey=survey_frame(resp("OPS-A", "2567-11"), resp("OPS-A", "2566-05")),
        form1=form1_frame((2566, R6, "OPS-A", 1, "ทำแล้ว", "")),
    )
    periods = []
    for r in body(t, V.TAB_TRACKING):
        if (r[0], r[1]) not in periods:
            periods.append((r[0], r[1]))
    assert periods == [(2566, R6), (2566, R12), (2568, R6), (2568, R12)]


# --- form 1 / tracking ---------------------------------------------------------------------


def test_measures_listed_for_all_registered_units_times_7():
    t = build(
        form1=form1_frame(
            (2567, R12, "OPS-B", 7, "ประชุมรับฟังความเห็น\nครั้งที่ 2", "www.example.go.th/a"),
            (2567, R12, "OPS-B", 1, "-", ""),  # only dashes: not reported, text still copied
        )
    )
    rows = body(t, V.TAB_FORM1)
    expected = []
    for unit in ("OPS-A", "OPS-B", "OPS-C"):
        for m in range(1, 8):
            expected.append([2567, R12, unit, NAME[unit], m, V.MEASURES[m - 1], None, None, V.NOT_REPORTED])
    expected[7 + 0][6:] = ["-", None, V.NOT_REPORTED]
    expected[7 + 6][6:] = ["ประชุมรับฟังความเห็น\nครั้งที่ 2", "www.example.go.th/a", V.REPORTED]
    assert rows == expected


def test_tracking_counts_reported_measures_form2_and_online():
    t = build(
        survey=survey_frame(
            resp("OPS-A", "2567-01"), resp("OPS-A", "2567-02"), resp("OPS-C", "2567-07"), resp(UNK, "2567-01"),
        ),
        form1=form1_frame(
            (2567, R6, "OPS-A", 1, "ผล 1", None),
            (2567, R6, "OPS-A", 2, "ผล 2", None),
            (2567, R6, "OPS-A", 3, "", "https://a.go.th"),  # evidence only: not reported
            (2567, R12, "OPS-B", 5, "ผล 5", None),
        ),
        form2=form2_frame((2567, R6, "OPS-C", (0,) * 5, (1, 1, 1), (0, 0, 0))),
    )
    assert body(t, V.TAB_TRACKING) == [
        trackrow(2567, R6, "OPS-A", 2, False, 2),
        trackrow(2567, R6, "OPS-B", 0, False, 0),
        trackrow(2567, R6, "OPS-C", 0, True, 0),
        trackrow(2567, R12, "OPS-A", 0, False, 2),
        trackrow(2567, R12, "OPS-B", 1, False, 0),
        trackrow(2567, R12, "OPS-C", 0, False, 1),
    ]


# --- monthly -------------------------------------------------------------------------------


def test_monthly_rows_and_be_month_labels():
    t = build(
        survey=survey_frame(
            resp("OPS-B", "2567-01", vt=(4,), aw=(1, 1, -1)),
            resp(UNK, "2566-10", aw=(0, -1, -1)),
            resp("OPS-A", "2566-10", vt=(1, 2), aw=(1, 0, 1)),
            resp("OPS-A", "2566-10", aw=(-1, 0, 1)),
            resp("OPS-B", "2566-09"),  # September 2023: fiscal year 2566
        )
    )
    assert body(t, V.TAB_MONTHLY) == [
        monthrow(2566, "2566-09", "OPS-B", 1, ch=((1, 0), (1, 0), (1, 0))),
        monthrow(2567, "2566-10", "OPS-A", 2, vt=(1, 1, 0, 0, 0), ch=((1, 0), (0, 2), (2, 0))),
        monthrow(2567, "2566-10", UNK, 1, ch=((0, 1), (0, 0), (0, 0))),
        monthrow(2567, "2567-01", "OPS-B", 1, vt=(0, 0, 0, 1, 0), ch=((1, 0), (1, 0), (0, 0))),
    ]


# --- reconciliation / types / purity -----------------------------------------------------


def _mixed_inputs():
    survey = survey_frame(
        resp("OPS-A", "2566-10", vt=(1,), aw=(1, 0, 1)),
        resp("OPS-A", "2567-04", vt=(2,), aw=(0, 0, -1)),
        resp("OPS-B", "2567-02", vt=(5,), aw=(1, 1, 1)),
        resp(UNK, "2567-03", aw=(-1, 1, 0)),
        resp("OPS-C", "2567-11", aw=(1, 1, 1)),
        resp(UNK, "2567-08"),
    )
    form1 = form1_frame(
        (2567, R6, "OPS-A", 1, "จัดทำประกาศ", "https://ops.mdes.go.th/a"),
        (2567, R12, "OPS-C", 4, "ระบบออนไลน์", ""),
    )
    form2 = form2_frame(
        (2567, R6, "OPS-A", (1, 2, 0, 0, 0), (3, 2, 1), (0, 1, 1)),
        (2567, R12, "OPS-B", (0, 0, 4, 0, 0), (4, 1, 0), (0, 3, 2)),
        (2568, R6, "OPS-A", (0, 0, 0, 0, 0), (0, 0, 0), (0, 0, 0)),
    )
    issues = issues_frame(
        ("survey.xlsx", "การตอบแบบฟอร์ม 1", 5, "หน่วยงาน", "กองXYZ", "unknown_unit", "ไม่พบ", "แก้ชื่อ"),
        ("survey.xlsx", "การตอบแบบฟอร์ม 1", np.int64(9), "ชื่อ", "", "bad_answer", "p", "s"),
        ("form-id", "responses", "ACYDBNj4abc", "ประทับเวลา", "=1+1", "bad_timestamp", "p", "s"),
        ("reports/a.xlsx", V.FORM2_TAB, 12.0, None, None, "duplicate_report", "p", "s"),
    )
    stats = [
        TabStat("survey.xlsx", "การตอบแบบฟอร์ม 1", 10, 6, 1, 3),
        TabStat("reports/a.xlsx", V.FORM1_TAB, 4, 2, 1, 1),
    ]
    return survey, form1, form2, issues, stats


def test_reconciliation_sum_over_units_equals_period_totals():
    survey, form1, form2, issues, stats = _mixed_inputs()
    t = build(survey, form1, form2, issues, stats)
    sums: dict[tuple, int] = {}
    for r in body(t, V.TAB_FORM2):
        sums[(r[0], r[1], r[4])] = sums.get((r[0], r[1], r[4]), 0) + r[5]
    assert sums == {
        # 6 months 2567: 2566-10 A, 2567-02 B, 2567-03 unknown -> 3 responses; report A: max(3,3,2)=3
        (2567, R6, ONLINE): 3, (2567, R6, REPORT): 3, (2567, R6, TOTAL): 6,
        # 12 months 2567: all but 2567-11 (fy 2568) -> 5; report B: max(4,4,2)=4
        (2567, R12, ONLINE): 5, (2567, R12, REPORT): 4, (2567, R12, TOTAL): 9,
        # fy 2568: 2567-11 C in both rounds; report A all zero
        (2568, R6, ONLINE): 1, (2568, R6, REPORT): 0, (2568, R6, TOTAL): 1,
        (2568, R12, ONLINE): 1, (2568, R12, TOTAL): 1,
    }
    # and the online totals match the frame: 12-month totals == responses per fiscal year
    per_year = survey.groupby(S.FISCAL_YEAR).size().to_dict()
    assert {fy: sums[(fy, R12, ONLINE)] for fy in per_year} == per_year
    # tracking online column adds up to the online responses of registered units
    track = body(t, V.TAB_TRACKING)
    assert sum(r[7] for r in track if (r[0], r[1]) == (2567, R12)) == 3  # 5 less 2 unknown-unit ones
    # monthly rows add up to the responses
    assert sum(r[4] for r in body(t, V.TAB_MONTHLY)) == len(survey)


def test_output_cells_are_python_types_not_numpy():
    survey, form1, form2, issues, stats = _mixed_inputs()
    tables = build_tables(survey, form1, form2, issues, stats, REG)
    for table in tables:
        for row in table.rows:
            assert isinstance(row, list)
            for cell in row:
                assert cell is None or type(cell) in (int, float, str), (table.title, row, cell)
        for cell in walk(table.extra):
            assert cell is None or type(cell) in (int, float, str, bool), (table.title, cell)


def test_inputs_not_mutated():
    frames = _mixed_inputs()[:4]
    copies = [f.copy(deep=True) for f in frames]
    dtypes = [f.dtypes.copy() for f in frames]
    build(*frames)
    for f, c, d in zip(frames, copies, dtypes):
        pd.testing.assert_frame_equal(f, c)
        pd.testing.assert_series_equal(f.dtypes, d)


def test_deterministic_and_independent_of_input_row_order():
    survey, form1, form2, issues, stats = _mixed_inputs()
    first = build_tables(survey, form1, form2, issues, stats, REG)
    shuffled = survey.sample(frac=1.0, random_state=7).reset_index(drop=True)
    again = build_tables(shuffled, form1.iloc[::-1], form2.iloc[::-1], issues, stats, REG)
    assert first == again
    assert first == build_tables(survey, form1, form2, issues, stats, REG)


def test_nullable_and_string_dtypes_give_same_tables():
    survey, form1, form2, issues, stats = _mixed_inputs()
    s2 = survey.astype({S.MONTH: "string", S.UNIT: "string", S.FISCAL_YEAR: "Int64", S.FIRST_HALF: "boolean"})
    s2 = s2.astype({c: "boolean" for c in S.VT} | {c: "Int8" for c in S.AW})
    f1 = form1.astype({R.RESULT: object, R.EVIDENCE: object, R.REPORTED: "boolean", R.UNIT: "string"})
    f2 = form2.astype({c: "Int64" for c in (*R.VT, *R.KNOW, *R.DONT)})
    assert build_tables(s2, f1, f2, issues, stats, REG) == build_tables(survey, form1, form2, issues, stats, REG)


# --- issues / status ------------------------------------------------------------------------


def test_issues_rows_as_given_row_int_or_response_id():
    *_, issues, _ = _mixed_inputs()
    assert body(build(issues=issues), V.TAB_ISSUES) == [
        ["survey.xlsx", "การตอบแบบฟอร์ม 1", 5, "หน่วยงาน", "กองXYZ", "unknown_unit", "ไม่พบ", "แก้ชื่อ"],
        ["survey.xlsx", "การตอบแบบฟอร์ม 1", 9, "ชื่อ", None, "bad_answer", "p", "s"],
        ["form-id", "responses", "ACYDBNj4abc", "ประทับเวลา", "=1+1", "bad_timestamp", "p", "s"],
        ["reports/a.xlsx", V.FORM2_TAB, 12, None, None, "duplicate_report", "p", "s"],
    ]


def test_status_rows_then_with_facts_appends_blank_and_label_value_rows():
    *_, stats = _mixed_inputs()
    status = build(stats=stats)[V.TAB_STATUS]
    assert status.rows == [
        list(V.MASTER_STATUS_HEADERS),
        ["survey.xlsx", "การตอบแบบฟอร์ม 1", 10, 6, 1, 3],
        ["reports/a.xlsx", V.FORM1_TAB, 4, 2, 1, 1],
    ]
    before = [list(r) for r in status.rows]
    done = with_facts(status, [("เวลา", "2024-05-01 02:00:00"), ("ระยะเวลา (วินาที)", 1.5), ("ปัญหา", np.int64(3))])
    assert done.rows == [
        *before,
        [],
        ["เวลา", "2024-05-01 02:00:00"],
        ["ระยะเวลา (วินาที)", 1.5],
        ["ปัญหา", 3],
    ]
    assert type(done.rows[-1][1]) is int
    assert status.rows == before  # the input table is untouched
    assert done.title == V.TAB_STATUS and done.header


# --- summary ---------------------------------------------------------------------------------


def missing_units(rows: list[list]) -> list[list]:
    """The not-reported section folded back to (period, form, count, names joined by ", "):
    the summary lists one unit per row (issue 9), the period, form and count on the first."""
    out: list[list] = []
    for r in rows:
        if len(r) == 4 and r[1] in (V.FORM1_TAB, V.FORM2_TAB):
            out.append(list(r))
        elif len(r) == 4 and r[:3] == [None, None, None] and out:
            out[-1][3] += ", " + r[3]
    return out


def test_not_reported_units_one_per_row():
    survey, form1, form2, issues, stats = _mixed_inputs()
    rows = build(survey, form1, form2, issues, stats)[V.TAB_SUMMARY].rows
    at = rows.index([period_label(2567, R6), V.FORM1_TAB, 2, "กองคลัง"])
    assert rows[at + 1] == [None, None, None, "กองการต่างประเทศ"]
    assert all("," not in str(r[3]) for r in rows if len(r) == 4 and r[3])


def test_summary_totals_percentages_missing_units_and_issue_counts():
    survey, form1, form2, issues, stats = _mixed_inputs()
    summary = build(survey, form1, form2, issues, stats)[V.TAB_SUMMARY]
    rows = summary.rows
    assert summary.header is False
    by_label = {r[0]: r for r in rows if len(r) == 9}  # the per-period rows
    # 2567 6 months: online (A:1/0/1, B:1/1/1, unknown:-/1/0), report A know 3,2,1 dont 0,1,1
    #   news: know 1+1+3=5, dont 0+0+0 -> 100.0; contact: know 0+1+1+2=4, dont 1+0+0+1=2 -> 66.7
    #   complaint: know 1+1+1=3, dont 0+0+1+1=2 -> 60.0
    assert by_label[period_label(2567, R6)] == [period_label(2567, R6), 3, 3, 6, 100.0, 66.7, 60.0, 2, 2]
    # 2568 6 months: only the zero report of A and C online (1,1,1) -> 100 each; all zero report counts
    assert by_label[period_label(2568, R6)][1:] == [1, 0, 1, 100.0, 100.0, 100.0, 3, 2]
    # 2568 12 months: C online only
    assert by_label[period_label(2568, R12)][1:] == [1, 0, 1, 100.0, 100.0, 100.0, 3, 3]
    missing = missing_units(rows)
    assert [period_label(2567, R6), V.FORM1_TAB, 2, "กองคลัง, กองการต่างประเทศ"] in missing
    assert [period_label(2567, R6), V.FORM2_TAB, 2, "กองคลัง, กองการต่างประเทศ"] in missing
    assert [period_label(2567, R12), V.FORM1_TAB, 2, "กองกลาง, กองคลัง"] in missing
    # issue counts per code, all codes listed, then the total
    counts = {r[0]: r[1] for r in rows if len(r) == 3 and r[0] in (*V.ISSUE_CODES, V.SOURCE_TOTAL)}
    assert counts == {c: 0 for c in V.ISSUE_CODES} | {
        "unknown_unit": 1, "bad_answer": 1, "bad_timestamp": 1, "duplicate_report": 1, V.SOURCE_TOTAL: 4,
    }


def test_summary_percentage_blank_when_no_answers():
    t = build(survey=survey_frame(resp("OPS-A", "2567-05", aw=(-1, 1, -1))))
    row = next(r for r in t[V.TAB_SUMMARY].rows if r and r[0] == period_label(2567, R12))
    assert row[4:7] == [None, 100.0, None]


def test_summary_chart_ranges_point_at_their_data():
    survey, form1, form2, issues, stats = _mixed_inputs()
    summary = build(survey, form1, form2, issues, stats)[V.TAB_SUMMARY]
    rows = summary.rows
    charts = summary.charts
    assert [c.kind for c in charts] == ["bar", "bar", "bar"]
    awareness = charts[0]
    first, last, col = awareness.categories
    assert [rows[r][col] for r in range(first, last + 1)] == [
        period_label(2567, R6), period_label(2567, R12), period_label(2568, R6), period_label(2568, R12),
    ]
    for sfirst, slast, scol, name_row in awareness.series:
        assert (sfirst, slast, name_row) == (first, last, first - 1)
        assert rows[name_row][scol].startswith("ร้อยละการรับรู้")
        assert all(rows[r][scol] is None or isinstance(rows[r][scol], float) for r in range(first, last + 1))
    issues_chart = charts[2]
    f, last_i, c = issues_chart.categories
    assert [rows[r][c] for r in range(f, last_i + 1)] == list(V.ISSUE_CODES)
    (sf, sl, sc, nr), = issues_chart.series
    assert rows[nr][sc] == "จำนวน" and sum(rows[r][sc] for r in range(sf, sl + 1)) == 4


def test_random_inputs_reconcile():
    rng = random.Random(3)
    rows = [
        resp(
            rng.choice(["OPS-A", "OPS-B", "OPS-C", UNK]),
            f"{rng.choice([2566, 2567])}-{rng.randint(1, 12):02d}",
            vt=tuple(i for i in range(1, 6) if rng.random() < 0.4),
            aw=(rng.choice([-1, 0, 1]), rng.choice([-1, 0, 1]), rng.choice([-1, 0, 1])),
        )
        for _ in range(300)
    ]
    survey = survey_frame(*rows)
    t = build(survey=survey)
    online = [r for r in body(t, V.TAB_FORM2) if r[4] == ONLINE]
    total = [r for r in body(t, V.TAB_FORM2) if r[4] == TOTAL]
    assert [r[:4] + r[5:] for r in online] == [r[:4] + r[5:] for r in total]
    for fy in set(survey[S.FISCAL_YEAR]):
        in_year = survey[survey[S.FISCAL_YEAR] == fy]
        assert sum(r[5] for r in online if r[:2] == [fy, R12]) == len(in_year)
        assert sum(r[5] for r in online if r[:2] == [fy, R6]) == int(in_year[S.FIRST_HALF].sum())
        know = sum(r[11] for r in online if r[:2] == [fy, R12])
        assert know == int((in_year[S.AW[0]] == 1).sum())
