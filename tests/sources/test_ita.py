"""Section 8.2: ITA results. Table-driven, named after the edge case; the master rows worked
out by hand."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

import pandas as pd
import pytest

from aggregate.ita import ita_rows, ita_trend, lowest_indicators, normalise_ita, parse_indicator, parse_score
from aggregate.tabs import round_half_away
from core.sources import ItaFramework, framework
from core.vocab import TAB_ITA
from tests.sources.helpers import book_of, issue_list

FW = ItaFramework()
HEADER = ["ปีงบประมาณ", "ตัวชี้วัด", "คะแนน", "หมายเหตุ"]


@pytest.mark.parametrize(
    ("case", "cell", "expected"),
    [
        ("indicator_number_cell", 7, 7),
        ("indicator_float_whole", 7.0, 7),
        ("indicator_text_number", "10", 10),
        ("indicator_with_label", "ตัวชี้วัดที่ 7", 7),
        ("indicator_label_no_space", "ตัวชี้วัดที่7", 7),
        ("indicator_thai_digit", "ตัวชี้วัดที่ ๙", 9),
        ("indicator_by_name", "ประสิทธิภาพการสื่อสาร", 7),
        ("indicator_by_name_extra_spaces", " การเปิดเผย\u00a0ข้อมูล ".replace("\u00a0", ""), 9),
        ("indicator_11_out_of_range", 11, None),
        ("indicator_zero", "0", None),
        ("indicator_fraction", 7.5, None),
        ("indicator_leading_zero", "07", None),
        ("indicator_unknown_name", "ความพึงพอใจ", None),
        ("indicator_blank", None, None),
        ("indicator_boolean", True, None),
        ("indicator_date", datetime(2024, 1, 7), None),
    ],
)
def test_indicator_rule(case: str, cell: object, expected: int | None) -> None:
    assert parse_indicator(cell, FW) == expected, case


@pytest.mark.parametrize(
    ("case", "cell", "expected"),
    [
        ("score_number", 80.29, "80.29"),
        ("score_whole", 100, "100"),
        ("score_text", "92.48", "92.48"),
        ("score_with_percent_sign", "80.29%", "80.29"),
        ("score_percent_after_space", "80.29 %", "80.29"),
        ("score_thai_digits", "๘๐.๒๙", "80.29"),
        ("score_zero", 0, "0"),
        ("score_above_100", 100.01, None),
        ("score_negative", -1, None),
        ("score_text_negative", "-5", None),
        ("score_comma_decimal", "80,29", None),
        ("score_words", "ดีมาก", None),
        ("score_trailing_dot", "80.", None),
        ("score_boolean", False, None),
        ("score_date", datetime(2024, 1, 1), None),
    ],
)
def test_score_rule(case: str, cell: object, expected: str | None) -> None:
    assert parse_score(cell) == expected, case


@pytest.mark.parametrize(
    ("case", "value", "digits", "expected"),
    [
        ("half_up_positive", Fraction(1125, 1000), 2, 1.13),
        ("half_away_negative", Fraction(-1125, 1000), 2, -1.13),
        ("float_trap_2_675", Fraction(2675, 1000), 2, 2.68),
        ("one_decimal_two_thirds", Fraction(200, 3), 1, 66.7),
    ],
)
def test_round_half_away_from_zero(case: str, value: Fraction, digits: int, expected: float) -> None:
    assert round_half_away(value, digits) == expected, case


def _run(rows):
    return normalise_ita(book_of({TAB_ITA: rows}), TAB_ITA, FW)


def test_rows_rejected_replaced_template() -> None:
    rows = [HEADER,
            [2566, 1, 90, None],             # 2
            ["พ.ศ. 2566", "ตัวชี้วัดที่ 2", "85%", None],  # 3
            [2566, "ความพึงพอใจ", 50, None],  # 4 bad_indicator
            ["ปี 66", 3, 50, None],           # 5 bad_year
            [2566, 4, "ดี", None],            # 6 bad_score
            [2566, 5, None, "ยังไม่ประกาศ"],   # 7 template row: not read
            [None, None, None, None],         # 8 blank
            [2566, 1, 91, None],              # 9 replaces 2
            ["abc", "xyz", "-", None]]        # 10 bad_year, bad_indicator, bad_score
    result = _run(rows)
    assert issue_list(result.issues) == [
        (2, "", "", "duplicate_report"),
        (4, "ตัวชี้วัด", "ความพึงพอใจ", "bad_indicator"),
        (5, "ปีงบประมาณ", "ปี 66", "bad_year"),
        (6, "คะแนน", "ดี", "bad_score"),
        (10, "ปีงบประมาณ", "abc", "bad_year"),
        (10, "ตัวชี้วัด", "xyz", "bad_indicator"),
        (10, "คะแนน", "-", "bad_score"),
    ]
    s = result.stats[0]
    assert (s.read, s.accepted, s.duplicates, s.rejected) == (7, 2, 1, 4)
    assert result.frames["ita"].values.tolist() == [[2566, 1, "91"], [2566, 2, "85"]]


SCORES_2565 = {1: 95.5, 2: 96, 3: 97, 4: 98, 5: 99, 6: 90, 7: 80.29, 8: 85, 9: 100, 10: 100}
SCORES_2566 = {1: 96.5, 2: 96, 3: 97, 4: 98, 5: 99, 6: 91.11, 7: 82, 8: 85, 9: 100, 10: 100}


def test_master_rows_worked_by_hand() -> None:
    rows = [HEADER] + [[2565, k, v, None] for k, v in SCORES_2565.items()] \
        + [[2566, k, v, None] for k, v in SCORES_2566.items() if k != 8]  # 2566 lacks indicator 8
    result = _run(rows)
    out = ita_rows(result.frames["ita"], FW)
    assert len(out) == 2 * 14
    y1 = out[:14]
    # IIT 2565: (95.5+96+97+98+99)*6 / 30 = 485.5/5 = 97.1
    # EIT 2565: (90+80.29+85)*10 / 30 = 255.29/3 = 85.0966.. -> 85.10
    # OIT 2565: 100
    # total 2565: (485.5*6 + 255.29*10 + 200*20)/100 = (2913 + 2552.9 + 4000)/100 = 94.659 -> 94.66, level A
    assert y1[0] == [2565, 1, "การปฏิบัติหน้าที่", "IIT", 6, 95.5, None, None, None]
    assert y1[6] == [2565, 7, "ประสิทธิภาพการสื่อสาร", "EIT", 10, 80.29, None, None, "ต่ำสุด"]
    assert y1[8] == [2565, 9, "การเปิดเผยข้อมูล", "OIT", 20, 100, None, None, "สูงสุด"]
    assert y1[9][8] == "สูงสุด"
    assert y1[10] == [2565, None, "IIT", "IIT", 30, 97.1, None, None, None]
    assert y1[11] == [2565, None, "EIT", "EIT", 30, 85.1, None, None, None]
    assert y1[12] == [2565, None, "OIT", "OIT", 40, 100, None, None, None]
    assert y1[13] == [2565, None, "คะแนนรวม", None, 100, 94.66, None, "A", None]
    y2 = out[14:]
    assert y2[0] == [2566, 1, "การปฏิบัติหน้าที่", "IIT", 6, 96.5, 1, None, None]
    assert y2[5] == [2566, 6, "คุณภาพการดำเนินงาน", "EIT", 10, 91.11, 1.11, None, None]
    assert y2[6] == [2566, 7, "ประสิทธิภาพการสื่อสาร", "EIT", 10, 82, 1.71, None, "ต่ำสุด"]
    assert y2[7] == [2566, 8, "การปรับปรุงการทำงาน", "EIT", 10, None, None, None, None]
    # IIT 2566: 486.5/5 = 97.3, change 0.2; EIT 2566 from 6 and 7 only: (91.11+82)/2 = 86.555 -> 86.56,
    # change 86.555 - 85.0966.. = 1.4583.. -> 1.46; total blank (indicator 8 missing)
    assert y2[10] == [2566, None, "IIT", "IIT", 30, 97.3, 0.2, None, None]
    assert y2[11] == [2566, None, "EIT", "EIT", 30, 86.56, 1.46, None, None]
    assert y2[12] == [2566, None, "OIT", "OIT", 40, 100, 0, None, None]
    assert y2[13] == [2566, None, "คะแนนรวม", None, 100, None, None, None, None]
    assert lowest_indicators(result.frames["ita"], FW) == (2566, [(7, "ประสิทธิภาพการสื่อสาร", 82)])
    assert ita_trend(result.frames["ita"], FW) == [[2565, 94.66, "A", 97.1, 85.1, 100], [2566, None, None, 97.3, 86.56, 100]]


def test_change_skips_a_year_without_the_row() -> None:
    rows = [HEADER, [2564, 7, 70, None], [2566, 7, 75.5, None]]
    out = ita_rows(_run(rows).frames["ita"], FW)
    assert out[14 + 6][6] == 5.5  # 2566 minus 2564 (2565 has no row at all)


def test_lowest_and_highest_the_same_score() -> None:
    rows = [HEADER, [2566, 7, 80, None]]
    out = ita_rows(_run(rows).frames["ita"], FW)
    assert out[6][8] == "ต่ำสุด, สูงสุด"
    assert [r[8] for r in out if r[8]] == ["ต่ำสุด, สูงสุด"]


@pytest.mark.parametrize(
    ("case", "total", "level"),
    [("threshold_exactly_95_is_AA", 95, "AA"), ("just_below_95", Fraction(9499, 100), "A"),
     ("exactly_50_is_E", 50, "E"), ("below_50_is_F", Fraction(4999, 100), "F")],
)
def test_levels_from_unrounded_total(case: str, total: Fraction, level: str) -> None:
    assert FW.level_of(Fraction(total)) == level, case


def test_level_from_unrounded_total_not_rounded() -> None:
    # every indicator 94.995 -> total 94.995, shown 95.0 (rounded) but level A (unrounded < 95)
    rows = [HEADER] + [[2566, k, "94.995", None] for k in range(1, 11)]
    out = ita_rows(_run(rows).frames["ita"], FW)
    assert out[13][5] == 95 and out[13][7] == "A"


def test_configured_framework() -> None:
    fw = framework([(1, "ก", "IIT", 50), (2, "ข", "EIT", 50)], [("ผ่าน", 60), ("ไม่ผ่าน", 0)])
    res = normalise_ita(book_of({TAB_ITA: [HEADER, [2567, "ก", 70, None], [2567, 2, 50, None], [2567, 3, 1, None]]}),
                        TAB_ITA, fw)
    assert list(res.issues["code"]) == ["bad_indicator"]
    out = ita_rows(res.frames["ita"], fw)
    assert out[-1] == [2567, None, "คะแนนรวม", None, 100, 60, None, "ผ่าน", None]
    assert pd.DataFrame(out).shape == (5, 9)
