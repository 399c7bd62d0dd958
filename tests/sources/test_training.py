"""Section 8.3: training attendance. Table-driven, named after the edge case; the master rows
worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregate.training import normalise_training, training_rows
from core.columns import I
from core.sources import E
from core.units import Registry, Unit
from core.vocab import TAB_ATTENDANCE, TAB_ROSTER
from tests.sources.helpers import book_of, issue_list

REG = Registry((Unit("HR", "ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", ("ฝบท.",)), Unit("ADM", "ฝ่ายอำนวยการสำนักงาน"),
                Unit("DIP", "ฝ่ายส่งเสริมอุตสาหกรรมดิจิทัล")))
NOW = datetime(2024, 12, 1, tzinfo=UTC)
ROSTER_H = ["รหัสพนักงาน", "ชื่อ", "นามสกุล", "ตำแหน่ง", "หน่วยงาน"]
ATT_H = ["ประทับเวลา", "รหัสพนักงาน", "ชื่อ", "นามสกุล", "หัวข้อ", "วันที่อบรม"]
TOPIC_A = "การดำเนินการตามภารกิจ บทบาท หน้าที่"
TOPIC_B = "การเสริมสร้างวัฒนธรรมองค์กร"


def _run(roster, attendance):
    return normalise_training(book_of({TAB_ROSTER: roster, TAB_ATTENDANCE: attendance}), REG,
                              tz="Asia/Bangkok", now=NOW)


def test_roster_rules() -> None:
    roster = [ROSTER_H,
              ["D001", "สมชาย", "ใจดี", "นักวิเคราะห์", "ฝบท."],     # 2
              [None, "สมหญิง", "รักงาน", "เจ้าหน้าที่", "ฝ่ายอำนวยการสำนักงาน"],  # 3 bad_employee
              ["D003", "สมศักดิ์", "มั่นคง", "ผู้จัดการ", "ฝ่ายการตลาด"],  # 4 unknown_unit
              ["d001", "สมชาย", "ใจดี", "นักวิเคราะห์", "ฝ่ายอำนวยการสำนักงาน"],  # 5 replaces 2 (code after T)
              [None, "ลงชื่อ", None, None, None]]                       # 6 blank required cells: not read
    result = _run(roster, [ATT_H])
    assert issue_list(result.issues) == [
        (2, "", "", "duplicate_report"),
        (3, "รหัสพนักงาน", "", "bad_employee"),
        (4, "หน่วยงาน", "ฝ่ายการตลาด", "unknown_unit"),
    ]
    s = result.stats[0]
    assert (s.sheet, s.read, s.accepted, s.duplicates, s.rejected) == (TAB_ROSTER, 4, 1, 1, 2)
    assert result.frames["roster"].values.tolist() == [[0, "ADM"]]


@pytest.mark.parametrize(
    ("case", "row", "code", "column"),
    [
        ("attendance_of_unknown_employee", ["x", "D999", "ก", "ข", TOPIC_A, "1/11/2566"], "bad_employee", "รหัสพนักงาน"),
        ("attendance_of_rejected_roster_employee", ["x", "D003", "ก", "ข", TOPIC_A, "1/11/2566"], "bad_employee",
         "รหัสพนักงาน"),
        ("attendance_blank_employee", ["x", None, "ก", "ข", TOPIC_A, "1/11/2566"], "bad_employee", "รหัสพนักงาน"),
        ("attendance_blank_topic", ["x", "D001", "ก", "ข", " ", "1/11/2566"], "bad_topic", "หัวข้อ"),
        ("attendance_bad_date", ["x", "D001", "ก", "ข", TOPIC_A, "32/10/2566"], "bad_timestamp", "วันที่อบรม"),
        ("attendance_two_digit_year", ["x", "D001", "ก", "ข", TOPIC_A, "1/11/66"], "bad_timestamp", "วันที่อบรม"),
        ("attendance_future_date", ["x", "D001", "ก", "ข", TOPIC_A, "1/1/2569"], "bad_timestamp", "วันที่อบรม"),
    ],
)
def test_attendance_rejections(case: str, row: list, code: str, column: str) -> None:
    roster = [ROSTER_H, ["D001", "ก", "ข", "ค", "ฝบท."], ["D003", "ก", "ข", "ค", "ฝ่ายไม่มี"]]
    result = _run(roster, [ATT_H, row])
    att = result.issues[result.issues[I.SHEET] == TAB_ATTENDANCE]
    assert [(r[I.CODE], r[I.COLUMN]) for _, r in att.iterrows()] == [(code, column)], case
    if code == "bad_employee":
        assert att[I.VALUE].iloc[0] == ""  # employee codes are personal
    assert result.frames["attendance"].empty
    assert result.stats[1].rejected == 1


@pytest.mark.parametrize(
    ("case", "day", "fiscal_year", "first_half"),
    [
        ("session_on_1_october", "1/10/2566", 2567, True),
        ("session_on_30_september", "30/9/2567", 2567, False),
        ("session_on_31_march", "31/3/2567", 2567, True),
        ("session_on_1_april", "1/4/2567", 2567, False),
        ("session_datetime_cell_is_local_wall_time", datetime(2023, 9, 30, 23, 59), 2566, False),
    ],
)
def test_session_periods(case: str, day: object, fiscal_year: int, first_half: bool) -> None:
    result = _run([ROSTER_H, ["D001", "ก", "ข", "ค", "ฝบท."]], [ATT_H, ["x", "D001", "ก", "ข", TOPIC_A, day]])
    row = result.frames["attendance"].iloc[0]
    assert (row[E.FISCAL_YEAR], bool(row[E.FIRST_HALF])) == (fiscal_year, first_half), case


def _session_set():
    roster = [ROSTER_H,
              ["E1", "ก", "ข", "ค", "ฝบท."], ["E2", "ก", "ข", "ค", "ฝบท."], ["E3", "ก", "ข", "ค", "ฝบท."],
              ["E4", "ก", "ข", "ค", "ฝ่ายอำนวยการสำนักงาน"]]
    # topic A: sessions 1/11/2566, 2/11/2566, 3/11/2566 (6-month), 1/5/2567, 2/5/2567 (second half) -> 5 in the year
    # topic B: sessions 10/1/2567 only
    a = [("E1", "1/11/2566"), ("E1", "2/11/2566"), ("E1", "3/11/2566"), ("E1", "1/5/2567"),
         ("E2", "1/11/2566"), ("E2", "2/11/2566"), ("E2", "1/5/2567"), ("E2", "2/5/2567"),
         ("E3", "1/11/2566"), ("E3", "1/5/2567"), ("E3", "2/5/2567"),
         ("E4", "3/11/2566"), ("E4", "3/11/2566 15:00")]  # E4's second row: the same session day -> duplicate
    rows = [ATT_H] + [["x", e, "ก", "ข", f" {TOPIC_A}" if e == "E2" else TOPIC_A, d] for e, d in a]
    rows += [["x", "E4", "ก", "ข", TOPIC_B, "10/1/2567"], ["x", "E1", "ก", "ข", TOPIC_B.upper(), "10/1/2567"]]
    return roster, rows


@pytest.mark.parametrize(
    ("case", "threshold", "expected_first_rows"),
    [
        # 6 เดือน, topic A: 3 sessions. E1 3/3=100, E2 2/3=66.7, E3 1/3=33.3; E4 (ADM) 1/3
        ("threshold_exactly_70", 70, [(1, 2), (0, 1)]),
        ("threshold_two_thirds_passes_at_equal_share", 66.66666666666667, [(1, 2), (0, 1)]),
        ("threshold_66_6", 66.6, [(2, 1), (0, 1)]),
        ("threshold_zero_everyone_passes", 0, [(3, 0), (1, 0)]),
    ],
)
def test_master_rows_by_threshold(case: str, threshold: float, expected_first_rows: list) -> None:
    roster, att = _session_set()
    result = _run(roster, att)
    out, _ = training_rows(result.frames["roster"], result.frames["attendance"], REG, threshold)
    got = [(r[7], r[8]) for r in out[:2]]
    assert got == expected_first_rows, case


def test_master_rows_worked_by_hand() -> None:
    roster, att = _session_set()
    result = _run(roster, att)
    assert issue_list(result.issues[result.issues[I.SHEET] == TAB_ATTENDANCE]) == [(13, "", "", "duplicate_report")]
    out, below = training_rows(result.frames["roster"], result.frames["attendance"], REG, 70)
    # 6 เดือน (Oct-Mar), topic A: 3 sessions (1, 2, 3 Nov). HR: E1 3/3 pass, E2 2/3 fail, E3 1/3 fail;
    # ADM: E4 1/3 fail. Total 4 employees, 1 pass -> 25.0
    # 6 เดือน, topic B: 1 session; HR: E1 1/1 pass, E2, E3 0 -> 1/3 = 33.3; ADM: E4 pass 100
    # 12 เดือน, topic A: 5 sessions. E1 4/5=80 pass, E2 4/5 pass, E3 3/5=60 fail, E4 1/5 fail
    # 12 เดือน, topic B: as 6 เดือน
    assert out == [
        [2567, "6 เดือน", "HR", "ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", TOPIC_A, 3, 3, 1, 2, 33.3],
        [2567, "6 เดือน", "ADM", "ฝ่ายอำนวยการสำนักงาน", TOPIC_A, 3, 1, 0, 1, 0],
        [2567, "6 เดือน", None, "รวม", TOPIC_A, 3, 4, 1, 3, 25],
        [2567, "6 เดือน", "HR", "ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", TOPIC_B, 1, 3, 1, 2, 33.3],
        [2567, "6 เดือน", "ADM", "ฝ่ายอำนวยการสำนักงาน", TOPIC_B, 1, 1, 1, 0, 100],
        [2567, "6 เดือน", None, "รวม", TOPIC_B, 1, 4, 2, 2, 50],
        [2567, "12 เดือน", "HR", "ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", TOPIC_A, 5, 3, 2, 1, 66.7],
        [2567, "12 เดือน", "ADM", "ฝ่ายอำนวยการสำนักงาน", TOPIC_A, 5, 1, 0, 1, 0],
        [2567, "12 เดือน", None, "รวม", TOPIC_A, 5, 4, 2, 2, 50],
        [2567, "12 เดือน", "HR", "ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", TOPIC_B, 1, 3, 1, 2, 33.3],
        [2567, "12 เดือน", "ADM", "ฝ่ายอำนวยการสำนักงาน", TOPIC_B, 1, 1, 1, 0, 100],
        [2567, "12 เดือน", None, "รวม", TOPIC_B, 1, 4, 2, 2, 50],
    ]
    assert below == [0, 1, 2, 3, 5, 6, 7, 8, 9, 11]
    s_roster, s_att = result.stats
    assert (s_roster.read, s_roster.accepted) == (4, 4)
    assert (s_att.read, s_att.accepted, s_att.duplicates, s_att.rejected) == (15, 14, 1, 0)


def test_no_employee_code_in_frames_or_issues() -> None:
    roster, att = _session_set()
    roster.append(["SECRET-9", "ก", "ข", "ค", "ฝ่ายที่ไม่มี"])
    att.append(["x", "SECRET-7", "ก", "ข", TOPIC_A, "1/11/2566"])
    result = _run(roster, att)
    text = repr([f.to_dict() for f in result.frames.values()]) + repr(result.issues.to_dict())
    for code in ("E1", "E2", "E3", "E4", "SECRET-9", "SECRET-7"):
        assert code not in text
