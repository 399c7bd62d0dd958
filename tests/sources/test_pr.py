"""Section 8.1: monthly social-media reach. Table-driven, named after the edge case."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from aggregate.pr import channel_of, month_index, normalise_pr, pr_rows, pr_summary
from core.columns import I
from core.sources import P
from core.vocab import MASTER_PR_HEADERS, TAB_PR
from tests.sources.helpers import book_of, issue_list

HEADER = ["เดือน", "ช่องทาง", "จำนวนโพสต์", "ยอดการเข้าถึง", "ยอดการมีส่วนร่วม", "ผู้รายงาน", "หมายเลขโทรศัพท์"]


def _ym(k: int) -> tuple[int, int]:
    return (k // 12, k % 12 + 1) if k >= 0 else (-1, -1)


@pytest.mark.parametrize(
    ("case", "cell", "expected"),
    [
        ("iso_year_month_be", "2566-10", (2023, 10)),
        ("iso_year_month_ce", "2023-10", (2023, 10)),
        ("slash_year_month", "2567/1", (2024, 1)),
        ("month_slash_year", "1/2567", (2024, 1)),
        ("month_dash_year_two_digit_month", "11-2566", (2023, 11)),
        ("thai_full_month_name", "ตุลาคม 2566", (2023, 10)),
        ("thai_abbreviation", "ต.ค. 2566", (2023, 10)),
        ("thai_abbreviation_without_dots", "ตค 2566", (2023, 10)),
        ("thai_abbreviation_no_space", "ต.ค.2566", (2023, 10)),
        ("two_digit_be_year_month", "ต.ค. 66", (2023, 10)),
        ("two_digit_be_year_full_name", "มีนาคม 67", (2024, 3)),
        ("thai_digits", "๒๕๖๖-๑๒", (2023, 12)),
        ("date_cell", datetime(2024, 2, 15, 9, 0), (2024, 2)),
        ("plain_date_cell", date(2024, 5, 1), (2024, 5)),
        ("serial_number_cell", 45566, (2024, 10)),
        ("nbsp_and_spaces", "\u00a0ม.ค.\u00a0 2567 ", (2024, 1)),
        ("month_13", "2566-13", (-1, -1)),
        ("month_zero", "0/2566", (-1, -1)),
        ("before_2000", "1999-12", (-1, -1)),
        ("after_2100", "2101-01", (-1, -1)),
        ("year_only", "2566", (-1, -1)),
        ("bare_number_year", 2566, (-1, -1)),
        ("three_digit_year", "ต.ค. 566", (-1, -1)),
        ("english_month_name", "October 2023", (-1, -1)),
        ("full_date_text", "15/10/2566", (-1, -1)),
        ("blank", None, (-1, -1)),
        ("boolean_cell", True, (-1, -1)),
    ],
)
def test_month_rule(case: str, cell: object, expected: tuple[int, int]) -> None:
    got = month_index(pd.Series([cell], dtype=object)).iloc[0]
    assert _ym(int(got)) == expected, case


@pytest.mark.parametrize(
    ("case", "cell", "expected"),
    [
        ("channel_facebook_lower", "facebook", "Facebook"),
        ("channel_alias_fb", "FB", "Facebook"),
        ("channel_thai_facebook", "เฟซบุ๊ก", "Facebook"),
        ("channel_thai_facebook_variant", "เฟสบุ๊ค", "Facebook"),
        ("channel_alias_twitter", "Twitter", "X"),
        ("channel_x_with_twitter", "X (Twitter)", "X"),
        ("channel_thai_twitter", "ทวิตเตอร์", "X"),
        ("channel_youtube_thai", "ยูทูบ", "YouTube"),
        ("channel_line_official_account", "LINE Official  Account", "LINE OA"),
        ("channel_thai_line_oa", "ไลน์ OA", "LINE OA"),
        ("channel_tiktok_thai", "ติ๊กต๊อก", "TikTok"),
        ("channel_ig", "IG", "Instagram"),
        ("channel_website", "Website", "เว็บไซต์"),
        ("channel_web_thai", "เว็บ", "เว็บไซต์"),
        ("channel_fullwidth_letters", "ＦＢ", "Facebook"),
        ("channel_unknown_threads", "Threads", None),
        ("channel_blank", "", None),
        ("channel_facebook_page_is_unknown", "Facebook page", None),
    ],
)
def test_channel_rule(case: str, cell: object, expected: str | None) -> None:
    assert channel_of(pd.Series([cell], dtype=object)).iloc[0] == expected, case


def _run(rows, today=date(2024, 12, 1)):
    book = book_of({TAB_PR: rows})
    return normalise_pr(book, TAB_PR)


def test_rows_rejected_replaced_and_counted() -> None:
    rows = [
        ["รายงานการเข้าถึงสื่อสังคมออนไลน์ กลุ่มงานประชาสัมพันธ์"],  # title row above the header
        HEADER,
        ["ต.ค. 66", "Facebook", 10, "12,000", "800 ครั้ง", "นายสมชาย", "081-111-1111"],   # row 3
        ["ต.ค. 66", "twitter", 4, 3000, 90, "นายสมชาย", "081-111-1111"],                 # row 4
        ["ต.ค. 66", "Threads", 1, 1, 1, "นายสมชาย", "081"],                              # row 5 unknown_channel
        ["13/2566", "Facebook", 1, 1, 1, None, None],                                   # row 6 bad_month
        [None, None, None, None, None, "ลายเซ็น", None],                                  # row 7 blank: not read
        ["พ.ย. 66", "YouTube", None, None, None, None, None],                           # row 8 template: not read
        ["2566-10", "เฟซบุ๊ก", 12, 12500, "8.5", None, None],                             # row 9 replaces row 3
        ["พ.ย. 66", "LINE", "-", 700, "สิบ", None, None],                                 # row 10 bad_number
        ["ธ.ค. 66", "ไลน์", 2, 100, 5, None, None],                                        # row 11
    ]
    result = _run(rows)
    assert issue_list(result.issues) == [
        (3, "", "", "duplicate_report"),
        (5, "ช่องทาง", "Threads", "unknown_channel"),
        (6, "เดือน", "13/2566", "bad_month"),
        (9, "ยอดการมีส่วนร่วม", "8.5", "bad_number"),
        (10, "ยอดการมีส่วนร่วม", "สิบ", "bad_number"),
    ]
    stat = result.stats[0]
    assert (stat.read, stat.accepted, stat.duplicates, stat.rejected) == (7, 4, 1, 2)
    assert pr_rows(result.frames["pr"]) == [
        [2567, "2566-10", "Facebook", 12, 12500, 0],
        [2567, "2566-10", "X", 4, 3000, 90],
        [2567, "2566-11", "LINE OA", 0, 700, 0],
        [2567, "2566-12", "LINE OA", 2, 100, 5],
    ]
    assert list(MASTER_PR_HEADERS) == ["ปีงบประมาณ", "เดือน", "ช่องทาง", "จำนวนโพสต์", "ยอดการเข้าถึง", "ยอดการมีส่วนร่วม"]
    personal = {"นายสมชาย", "081-111-1111", "ลายเซ็น"}
    assert not personal & set(map(str, result.issues[I.VALUE]))


def test_unknown_channel_suggests_the_closest_name() -> None:
    result = _run([HEADER, ["ต.ค. 66", "facebok", 1, 1, 1]])
    assert "Facebook" in result.issues[I.SUGGESTION].iloc[0]


@pytest.mark.parametrize(
    ("case", "tabs", "problem"),
    [
        ("missing_tab_is_bad_sheet", {"อื่น": [HEADER]}, "ไม่พบแท็บ"),
        ("no_header_in_first_ten_rows", {TAB_PR: [["x"]] * 10 + [HEADER]}, "ไม่พบแถวหัวตาราง"),
        ("missing_required_column", {TAB_PR: [HEADER[:4]]}, "หัวตารางขาดคอลัมน์"),
    ],
)
def test_bad_sheet(case: str, tabs: dict, problem: str) -> None:
    book = book_of(tabs)
    if TAB_PR not in tabs:
        book.tabs[TAB_PR] = None
    result = normalise_pr(book, TAB_PR)
    assert list(result.issues[I.CODE]) == ["bad_sheet"], case
    assert problem in result.issues[I.PROBLEM].iloc[0]
    assert result.stats == [] and result.frames["pr"].empty
    if case == "missing_required_column":
        assert result.issues[I.VALUE].iloc[0] == "ยอดการมีส่วนร่วม"


def test_summary_periods_and_missing_months() -> None:
    rows = [HEADER,
            ["ต.ค. 66", "Facebook", 1, 100, 10], ["ธ.ค. 66", "Facebook", 2, 200, 20],
            ["เม.ย. 67", "Facebook", 3, 300, 30], ["เม.ย. 67", "X", 1, 50, 5],
            ["ต.ค. 67", "YouTube", 1, 10, 1]]
    frame = _run(rows).frames["pr"]
    s = pr_summary(frame, today=date(2024, 12, 15))  # December 2567 BE not ended
    assert s["totals"] == [
        ("2567 รอบ 6 เดือน", "Facebook", 3, 300, 30),
        ("2567 รอบ 12 เดือน", "Facebook", 6, 600, 60),
        ("2567 รอบ 12 เดือน", "X", 1, 50, 5),
        ("2568 รอบ 6 เดือน", "YouTube", 1, 10, 1),
        ("2568 รอบ 12 เดือน", "YouTube", 1, 10, 1),
    ]
    assert s["missing"] == [
        (2567, ["2566-11", "2567-01", "2567-02", "2567-03", "2567-05", "2567-06", "2567-07", "2567-08", "2567-09"]),
        (2568, ["2567-11"]),
    ]
    assert s["channels"] == ["Facebook", "X", "YouTube"]
    assert s["reach"] == [["2566-10", 100, 0, 0], ["2566-12", 200, 0, 0], ["2567-04", 300, 50, 0],
                          ["2567-10", 0, 0, 10]]
    assert frame[P.FISCAL_YEAR].tolist() == [2567, 2567, 2567, 2567, 2568]
