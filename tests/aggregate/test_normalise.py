"""Table-level rules of CONTRACT sections 4 and 6: which rows are read, accepted, duplicates or
rejected, and which issue each gets. Small hand-made tables; expectations worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from aggregate.normalise import (
    SurveySpec,
    find_header,
    normalise_reports,
    normalise_survey,
)
from core.columns import I, R, RawTable, ReportBook, S, pick_tab
from core.errors import DataError
from core.units import Registry, Unit
from core.vocab import CHANNEL_COLUMNS, DEFAULT_QUESTION_TITLES, FORM1_COLUMNS, VISITOR_TYPES

REG = Registry((Unit("A", "กองกลาง", ("กก.",)), Unit("B", "กองกฎหมาย", ())))
T = DEFAULT_QUESTION_TITLES
HEADER = ["ประทับเวลา", "ชื่อ", T["unit"][0], T["visitor_type"][0], T["aware_news"][0], T["aware_contact"][0],
          T["aware_complaint"][0]]
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def pad(rows):
    width = max(len(r) for r in rows)
    return [list(r) + [None] * (width - len(r)) for r in rows]


def table(rows, source="s.xlsx", sheet="t", first_row=1):
    frame = pd.DataFrame(pad(rows), dtype=object)
    frame.index = pd.RangeIndex(first_row, first_row + len(rows))
    return RawTable(source, sheet, frame)


def spec(**over):
    titles = dict(T)
    titles.update(over)
    return SurveySpec(titles=titles, registry=REG, tz="Asia/Bangkok", date_order="dmy", now=NOW)


def resp(ts="1/11/2566 10:00", name="x", unit="กองกลาง", vt="ประชุม/สัมมนา", a="รู้", b="รู้", c="รู้"):
    return [ts, name, unit, vt, a, b, c]


def codes(issues):
    return [(r[I.ROW], r[I.CODE]) for _, r in issues.iterrows()]


# --- survey ------------------------------------------------------------------------------
def test_duplicate_equal_after_T_not_raw():
    rows = [HEADER, resp(unit="กองกลาง"), resp(unit="กอง\u200bกลาง\u00a0"), resp(name="y")]
    out = normalise_survey(table(rows), spec())
    assert codes(out.issues) == [(3, "duplicate_row")]
    assert (out.stat.read, out.stat.accepted, out.stat.duplicates, out.stat.rejected) == (3, 2, 1, 0)


def test_duplicate_gets_nothing_but_duplicate_row():
    bad = resp(ts="hello", unit="ไม่มี")
    out = normalise_survey(table([HEADER, bad, bad]), spec())
    assert codes(out.issues) == [(2, "bad_timestamp"), (3, "duplicate_row")]
    assert (out.stat.accepted, out.stat.duplicates, out.stat.rejected) == (0, 1, 1)


def test_rejected_row_reports_only_its_rejection():
    out = normalise_survey(table([HEADER, resp(ts="31/2/2567 10:00", unit="ไม่มี", a="อาจจะ")]), spec())
    assert codes(out.issues) == [(2, "bad_timestamp")]


def test_blank_row_is_not_read():
    out = normalise_survey(table([HEADER, resp(), [None, "  ", None, "", None, None, None], resp(name="z")]), spec())
    assert out.stat.read == 2 and out.issues.empty


def test_unknown_and_blank_unit_count_in_unknown_row():
    out = normalise_survey(table([HEADER, resp(unit="กองคลัง"), resp(name="b", unit=None), resp(name="c", unit="กก.")]),
                           spec())
    assert list(out.frame[S.UNIT]) == ["-", "-", "A"]
    issues = out.issues
    assert list(issues[I.CODE]) == ["unknown_unit", "unknown_unit"]
    assert list(issues[I.VALUE]) == ["กองคลัง", ""]
    assert "กองกลาง" in issues[I.SUGGESTION].iloc[0]  # closest registry name suggested


def test_bad_answer_is_one_issue_per_cell_and_unanswered():
    out = normalise_survey(table([HEADER, resp(a="ไม่แน่ใจ", b="", c="ทราบ ")]), spec())
    assert codes(out.issues) == [(2, "bad_answer")]
    assert [out.frame[c].iloc[0] for c in S.AW] == [-1, -1, 1]


def test_personal_value_never_in_issues():
    out = normalise_survey(table([HEADER, resp(name="สมชาย ใจดี", unit="สมชาย")]), spec())
    assert "สมชาย ใจดี" not in out.issues.to_string()


@pytest.mark.parametrize(
    ("header", "needle"),
    [
        pytest.param([h for h in HEADER if h != T["aware_news"][0]], "aware_news", id="required_question_missing"),
        pytest.param(HEADER + [T["unit"][0]], "2 columns", id="required_question_twice"),
    ],
)
def test_required_question_problems_list_titles_found(header, needle):
    with pytest.raises(DataError) as info:
        normalise_survey(table([header]), spec())
    assert needle in str(info.value) and "'ประทับเวลา'" in str(info.value)


def test_questions_override_replaces_default_titles():
    header = ["Timestamp", "ชื่อ", "หน่วยงานที่ติดต่อ", *HEADER[3:]]
    out = normalise_survey(table([header, resp()]), spec(unit=("หน่วยงานที่ติดต่อ",)))
    assert out.stat.accepted == 1
    with pytest.raises(DataError):
        normalise_survey(table([HEADER, resp()]), spec(unit=("หน่วยงานที่ติดต่อ",)))


def test_titles_matched_after_T():
    header = [h.upper() + "  " for h in HEADER]
    header[0] = "ประทับ\u200bเวลา"
    assert normalise_survey(table([header, resp()]), spec()).stat.accepted == 1


# --- report tabs -------------------------------------------------------------------------
F2 = ["ปีงบประมาณ", "รอบ", "หน่วยงาน", *VISITOR_TYPES, *CHANNEL_COLUMNS]


def f2row(year=2567, rnd="6 เดือน", unit="กองกลาง", counts=(1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2)):
    return [year, rnd, unit, *counts]


def book(form1=None, form2=None, source="r.xlsx", **kw):
    return ReportBook(source=source, form1=table(form1, source, "แบบรายงานที่ 1") if form1 else None,
                      form2=table(form2, source, "แบบรายงานที่ 2") if form2 else None, **kw)


def test_header_below_title_rows():
    rows = [["รายงาน"], [None], ["หน่วยงาน: กองกลาง"], F2, f2row()]
    assert find_header(pd.DataFrame(pad(rows))) == 3
    out = normalise_reports([book(form2=rows, form1=[FORM1_COLUMNS])], REG)
    assert len(out.form2) == 1 and out.form2[R.ROW].iloc[0] == 5


def test_header_beyond_row_10_is_bad_sheet():
    rows = [["x"]] * 10 + [F2, f2row()]
    out = normalise_reports([book(form2=rows, form1=[FORM1_COLUMNS])], REG)
    assert list(out.issues[I.CODE]) == ["bad_sheet"] and out.form2.empty


def test_missing_columns_bad_sheet_lists_them():
    header = [h for h in F2 if h != "อื่นๆ"]
    out = normalise_reports([book(form2=[header, f2row()[:-1]], form1=[FORM1_COLUMNS])], REG)
    assert codes(out.issues) == [(1, "bad_sheet")] and out.issues[I.VALUE].iloc[0] == "อื่นๆ"
    assert [s.sheet for s in out.stats] == ["แบบรายงานที่ 1"]  # a bad_sheet tab is not read


def test_missing_tab_and_unopenable_workbook():
    out = normalise_reports([book(form1=[FORM1_COLUMNS]), ReportBook("broken.xlsx", error="zip error")], REG)
    rows = [(r[I.SOURCE], r[I.SHEET], r[I.CODE]) for _, r in out.issues.iterrows()]
    assert rows == [("r.xlsx", "แบบรายงานที่ 2", "bad_sheet"), ("broken.xlsx", "", "bad_sheet")]


def test_tab_names_matched_after_T_leftmost_wins():
    assert pick_tab(["Sheet1", "แบบรายงานที่ ๒", "แบบรายงานที่ 2"], "แบบรายงานที่ 2") == "แบบรายงานที่ ๒"


def test_leftmost_of_equal_header_cells_wins():
    header = F2 + ["อื่นๆ"]
    row = f2row(counts=(1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2)) + [99]
    out = normalise_reports([book(form2=[header, row], form1=[FORM1_COLUMNS])], REG)
    assert out.form2[R.VT[4]].iloc[0] == 2


def test_ignored_rows_count_nowhere():
    rows = [F2, f2row(), [None] * 17, [None, None, None, "ลงชื่อ"], f2row(unit="กองกฎหมาย", counts=(None,) * 14)]
    out = normalise_reports([book(form2=rows, form1=[FORM1_COLUMNS])], REG)
    stat = [s for s in out.stats if s.sheet == "แบบรายงานที่ 2"][0]
    assert (stat.read, stat.accepted) == (1, 1) and out.issues.empty


def test_template_row_does_not_create_a_period_or_replace():
    rows = [F2, f2row(counts=(5,) * 14), f2row(counts=(None,) * 14)]
    out = normalise_reports([book(form2=rows, form1=[FORM1_COLUMNS])], REG)
    assert len(out.form2) == 1 and out.form2[R.VT[0]].iloc[0] == 5


def test_later_report_replaces_earlier_across_files():
    first = book(form2=[F2, f2row(counts=(1,) * 14)], form1=[FORM1_COLUMNS], source="a.xlsx")
    second = book(form2=[F2, f2row(counts=(2, 2, 2, 2, 2, 2, 2, 4, 2, 2, 4, 2, 2, 4))], form1=[FORM1_COLUMNS],
                  source="b.xlsx")
    out = normalise_reports([first, second], REG)
    assert len(out.form2) == 1 and out.form2[R.SOURCE].iloc[0] == "b.xlsx"
    dup = out.issues[out.issues[I.CODE] == "duplicate_report"]
    assert list(dup[I.SOURCE]) == ["a.xlsx"] and list(dup[I.ROW]) == [2]
    a = [s for s in out.stats if s.source == "a.xlsx" and s.sheet == "แบบรายงานที่ 2"][0]
    assert (a.read, a.accepted, a.duplicates, a.rejected) == (1, 0, 1, 0)


def test_rejected_report_row_reports_every_reason_and_nothing_else():
    row = f2row(year="ปี 67", rnd="6", unit="ไม่มี", counts=("x",) * 14)
    out = normalise_reports([book(form2=[F2, row], form1=[FORM1_COLUMNS])], REG)
    assert sorted(out.issues[I.CODE]) == ["bad_round", "bad_year", "unknown_unit"]
    assert out.form2.empty


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        pytest.param(3, [], id="total_matches"),
        pytest.param(4, ["total_mismatch"], id="total_differs"),
        pytest.param("-", ["total_mismatch"], id="dash_is_a_given_zero"),
        pytest.param(None, [], id="blank_total_not_compared"),
        pytest.param("สาม", ["bad_number"], id="unreadable_total_only_bad_number"),
    ],
)
def test_total_rules(total, expected):
    # v4: the other two channels total 3 as well (unequal channel totals are uneven_totals)
    counts = [0, 0, 0, 0, 0, 2, 1, total, 2, 1, 3, 1, 2, 3]
    out = normalise_reports([book(form2=[F2, f2row(counts=counts)], form1=[FORM1_COLUMNS])], REG)
    assert list(out.issues[I.CODE]) == expected
    assert (out.form2[R.KNOW[0]].iloc[0], out.form2[R.DONT[0]].iloc[0]) == (2, 1)


def test_form1_measures_reported_and_urls():
    rows = [list(FORM1_COLUMNS),
            [2567, "12 เดือน", "กก.", "มาตรการที่ ๓", "ทำแล้ว", "ดู https://a.go.th/x, และ www.bad", "นาย ก", None, None, None],
            [2567, "12 เดือน", "กก.", 4, "--", None, None, None, None, None],
            [2567, "12 เดือน", "กก.", 0, "x", None, None, None, None, None]]
    out = normalise_reports([book(form1=rows, form2=[F2])], REG)
    assert list(out.form1[R.MEASURE]) == [3, 4]
    assert list(out.form1[R.REPORTED]) == [True, False]
    assert codes(out.issues) == [(2, "bad_url"), (4, "bad_measure")]
    assert out.issues[I.VALUE].iloc[0] == "www.bad"
    assert "นาย ก" not in out.form1.to_string()
