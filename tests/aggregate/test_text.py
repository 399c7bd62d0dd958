"""Table-driven tests of core.text: Cell to text, rule T, Copied text (CONTRACT section 6).

Every expected value is written out by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from core.text import cell_to_text, copied, copied_series, factorize_cells, norm, norm_series

SARA_AM = "\u0e33"  # ำ
NIKHAHIT = "\u0e4d"  # ํ
SARA_AA = "\u0e32"  # า
MAI_THO = "\u0e49"  # ้


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(None, "", id="none_is_blank"),
        pytest.param("", "", id="empty_text"),
        pytest.param(" x ", " x ", id="text_as_is_not_trimmed"),
        pytest.param(12, "12", id="int"),
        pytest.param(12.0, "12", id="whole_float_without_dot_zero"),
        pytest.param(12.5, "12.5", id="float_fraction"),
        pytest.param(0.1, "0.1", id="float_shortest_repr"),
        pytest.param(-0.0, "0", id="negative_zero"),
        pytest.param(1e16, "10000000000000000", id="large_whole_float"),
        pytest.param(float("nan"), "", id="nan_is_blank"),
        pytest.param(float("inf"), "inf", id="infinity"),
        pytest.param(True, "TRUE", id="bool_true_not_1"),
        pytest.param(False, "FALSE", id="bool_false_not_0"),
        pytest.param(np.True_, "TRUE", id="numpy_bool"),
        pytest.param(np.int64(7), "7", id="numpy_int"),
        pytest.param(np.float64(3.0), "3", id="numpy_whole_float"),
        pytest.param(datetime(2024, 1, 5, 9, 30, 5), "2024-01-05 09:30:05", id="datetime"),
        pytest.param(datetime(2024, 1, 5, 9, 30, 5, 123456), "2024-01-05 09:30:05", id="datetime_microseconds_dropped"),
        pytest.param(
            datetime(2024, 1, 5, 9, 30, tzinfo=UTC), "2024-01-05 09:30:00", id="aware_datetime_wall_time"
        ),
        pytest.param(pd.Timestamp("2024-01-05 09:30"), "2024-01-05 09:30:00", id="pandas_timestamp"),
        pytest.param(np.datetime64("2024-01-05T09:30"), "2024-01-05 09:30:00", id="numpy_datetime64"),
        pytest.param(date(2024, 1, 5), "2024-01-05 00:00:00", id="date_at_midnight"),
        pytest.param(pd.NaT, "", id="nat_is_blank"),
        pytest.param(pd.NA, "", id="pd_na_is_blank"),
        pytest.param(["ประชุม/สัมมนา", "อื่นๆ"], "ประชุม/สัมมนา, อื่นๆ", id="checkbox_list_joined"),
        pytest.param([1, 2.0, True], "1, 2, TRUE", id="list_items_are_cells"),
        pytest.param([], "", id="empty_list"),
    ],
)
def test_cell_to_text(cell, expected):
    assert cell_to_text(cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", "", id="empty"),
        pytest.param("ประทับเวลา", "ประทับเวลา", id="thai_unchanged"),
        pytest.param("ＡＢＣ１２", "abc12", id="nfkc_fullwidth"),
        pytest.param("กอง\u00adกลาง", "กองกลาง", id="soft_hyphen_removed"),
        pytest.param("กอง\u200bกลาง", "กองกลาง", id="zero_width_space_in_unit"),
        pytest.param("a\u200c\u200d\u200e\u200fb", "ab", id="zwnj_zwj_lrm_rlm_removed"),
        pytest.param("\ufeffa\u2060b", "ab", id="bom_and_word_joiner_removed"),
        pytest.param("ท" + NIKHAHIT + SARA_AA + "งาน", "ท" + SARA_AM + "งาน", id="sara_am_decomposed"),
        pytest.param("ท" + SARA_AM + "งาน", "ท" + SARA_AM + "งาน", id="sara_am_precomposed_survives_nfkc"),
        pytest.param("น" + NIKHAHIT + MAI_THO + SARA_AA, "น" + MAI_THO + SARA_AM, id="sara_am_with_tone_between"),
        pytest.param("น" + MAI_THO + SARA_AM, "น" + MAI_THO + SARA_AM, id="sara_am_tone_first_kept"),
        pytest.param("ท" + NIKHAHIT + "\u200b" + SARA_AA, "ท" + SARA_AM, id="sara_am_split_by_zero_width"),
        pytest.param("ทํ า", "ทํ า", id="sara_am_split_by_space_not_repaired"),
        pytest.param("a\u00a0\u00a0 b", "a b", id="nbsp_runs"),
        pytest.param("a\r\n\nb\tc", "a b c", id="line_breaks_and_tabs_to_one_space"),
        pytest.param("a\u3000\u2028b", "a b", id="ideographic_space_and_line_separator"),
        pytest.param("  กองกลาง \n", "กองกลาง", id="trimmed"),
        pytest.param(" \u00a0\n\t", "", id="only_white_space"),
        pytest.param("๐๑๒๓๔๕๖๗๘๙", "0123456789", id="thai_digits"),
        pytest.param("แบบรายงานที่ ๒", "แบบรายงานที่ 2", id="thai_digit_in_tab_name"),
        pytest.param("\u0663", "\u0663", id="arabic_indic_digit_not_mapped"),
        pytest.param("E-Mail", "e-mail", id="case_folded"),
        pytest.param("Straße", "strasse", id="full_case_folding_sharp_s"),
        pytest.param("Timestamp", "timestamp", id="english_title"),
    ],
)
def test_norm(text, expected):
    assert norm(text) == expected


def test_norm_sharp_s_equals_double_s():
    assert norm("STRASSE") == norm("Straße")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", "", id="empty"),
        pytest.param("a\r\nb", "a\nb", id="crlf_to_lf"),
        pytest.param("a\rb", "a\nb", id="cr_to_lf"),
        pytest.param("a\u2028b\u2029c", "a\nb\nc", id="unicode_line_and_paragraph_separators"),
        pytest.param("a\x85b\x0bc\x0cd", "a\nb\nc\nd", id="nel_vt_ff"),
        pytest.param("  a  \n  b ", "a\nb", id="each_line_trimmed"),
        pytest.param("a \u00a0\t b", "a b", id="inner_white_space_runs"),
        pytest.param("a\n\nb", "a\n\nb", id="inner_blank_line_kept"),
        pytest.param("a\n \u00a0 \nb", "a\n\nb", id="white_space_line_becomes_blank"),
        pytest.param("\n\n a\nb\n \n", "a\nb", id="leading_trailing_blank_lines_dropped"),
        pytest.param("๑๒ คน", "๑๒ คน", id="thai_digits_kept"),
        pytest.param("HTTPS://X.COM", "HTTPS://X.COM", id="case_kept"),
        pytest.param("ＡＢ", "AB", id="nfkc_applied"),
        pytest.param("a\u200bb\u00adc", "abc", id="invisible_removed"),
        pytest.param("ท" + NIKHAHIT + SARA_AA, "ท" + SARA_AM, id="sara_am_repaired"),
        pytest.param("น" + NIKHAHIT + MAI_THO + SARA_AA, "น" + MAI_THO + SARA_AM, id="sara_am_tone_between"),
        pytest.param("=SUM(A1)", "=SUM(A1)", id="formula_like_text_kept"),
    ],
)
def test_copied(text, expected):
    assert copied(text) == expected


def test_norm_series_distinct_values_and_index():
    cells = pd.Series(
        [" A ", 1, 1.0, True, None, float("nan"), "๑", ["x", "y"], "a", 12.5],
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
        name="unit",
        dtype=object,
    )
    out = norm_series(cells)
    assert out.tolist() == ["a", "1", "1", "true", "", "", "1", "x, y", "a", "12.5"]
    assert out.index.tolist() == [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]
    assert out.name == "unit"
    assert out.dtype == object


def test_norm_series_bool_not_merged_with_one():
    # pd.factorize alone treats True and 1 (and False and 0) as the same value
    cells = pd.Series([1, True, 0, False, 1.0], dtype=object)
    assert norm_series(cells).tolist() == ["1", "true", "0", "false", "1"]


def test_norm_series_list_cells_unhashable():
    cells = pd.Series([["a", "B"], ["a", "B"], ["a, B"], "a, B", [True], [1]], dtype=object)
    assert norm_series(cells).tolist() == ["a, b", "a, b", "a, b", "a, b", "true", "1"]


def test_norm_series_does_not_mutate_input():
    cells = pd.Series([" A ", ["x"], True], dtype=object)
    before = cells.copy(deep=True)
    norm_series(cells)
    pd.testing.assert_series_equal(cells, before)


def test_norm_series_string_dtype_and_categorical():
    assert norm_series(pd.Series([" A", None, "b "], dtype="string")).tolist() == ["a", "", "b"]
    assert norm_series(pd.Series([" A", None, "A"], dtype="category")).tolist() == ["a", "", "a"]


def test_norm_series_numeric_and_datetime_dtypes():
    assert norm_series(pd.Series([1.0, 2.5, np.nan])).tolist() == ["1", "2.5", ""]
    assert norm_series(pd.Series([3, 4], dtype="int64")).tolist() == ["3", "4"]
    assert norm_series(pd.Series([True, False])).tolist() == ["true", "false"]
    ts = pd.Series(pd.to_datetime(["2024-01-05 09:30", None]))
    assert norm_series(ts).tolist() == ["2024-01-05 09:30:00", ""]


def test_norm_series_empty():
    out = norm_series(pd.Series([], dtype=object))
    assert len(out) == 0


def test_copied_series():
    cells = pd.Series(["  a \r\n b ", 12.0, None, ["x", "y"]], index=list("pqrs"), dtype=object)
    out = copied_series(cells)
    assert out.tolist() == ["a\nb", "12", "", "x, y"]
    assert out.index.tolist() == list("pqrs")


def test_factorize_cells_keeps_kinds_apart():
    cells = pd.Series([1, True, 1.0, None, ["a"], ["a"], date(2024, 1, 1), "x"], dtype=object)
    codes, uniques = factorize_cells(cells)
    assert codes.tolist() == [0, 1, 0, -1, 2, 2, 3, 4]
    assert uniques[0] == 1 and uniques[1] is True and uniques[2] == ["a"]
    assert uniques[3] == date(2024, 1, 1) and uniques[4] == "x"


def test_hash_factorize_like_pd_factorize():
    from core.text import hash_factorize

    values = np.array(["ข", None, "ก", float("nan"), "ข", pd.NA, pd.NaT, "ก\u200b"], dtype=object)
    codes, uniques = hash_factorize(values)
    assert codes.tolist() == [0, -1, 1, -1, 0, -1, -1, 2]
    assert uniques.tolist() == ["ข", "ก", "ก\u200b"]
    empty_codes, empty_uniques = hash_factorize(np.array([], dtype=object))
    assert len(empty_codes) == 0 and len(empty_uniques) == 0


# --- control characters (issue 10 fault 1; CONTRACT section 6, v4) -------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("กอง\x07กลาง", "กองกลาง", id="bell_in_unit_removed"),
        pytest.param("a\x00b\x08c", "abc", id="nul_and_backspace_removed"),
        pytest.param("a\x0eb\x1bc", "abc", id="shift_out_and_escape_removed"),
        pytest.param("a\x1cb\x1dc\x1ed\x1fe", "abcde", id="information_separators_removed_not_spaces"),
        pytest.param("a\x7fb", "ab", id="delete_removed"),
        pytest.param("a\x80b\x84c", "abc", id="c1_before_nel_removed"),
        pytest.param("a\x86b\x9fc", "abc", id="c1_after_nel_removed"),
        pytest.param("a\x85b", "a b", id="nel_is_white_space"),
        pytest.param("a\tb\x0bc\x0cd\re", "a b c d e", id="white_space_controls_become_space"),
        pytest.param("a_x0007_b", "ab", id="excel_escape_of_bell_removed"),
        pytest.param("a_x001F_b_x001f_c", "abc", id="excel_escape_either_case"),
        pytest.param("a_x000D_b", "ab", id="excel_escape_of_cr_removed"),
        pytest.param("a_x000A_b", "ab", id="excel_escape_of_lf_removed"),
        pytest.param("a_x007F_b_x0085_c_x009F_d", "abcd", id="excel_escape_of_del_and_c1_removed"),
        pytest.param("a_x0041_b", "a_x0041_b", id="excel_escape_of_letter_kept"),
        pytest.param("a_x00A0_b", "a_x00a0_b", id="excel_escape_of_nbsp_kept"),
        pytest.param("_x00\x0107_", "", id="escape_formed_by_a_removal_removed"),
        pytest.param("_x_x0007_0007_", "", id="escape_formed_by_an_escape_removal_removed"),
        pytest.param("\uff3f\uff58\uff10\uff10\uff10\uff17\uff3f", "", id="full_width_escape_removed_after_nfkc"),
        pytest.param("\x07", "", id="only_a_control"),
        pytest.param("ท\u0e4d\x07\u0e32", "ท\u0e33", id="sara_am_split_by_control"),
    ],
)
def test_norm_control_characters(text, expected):
    assert norm(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ผล\x07งาน", "ผลงาน", id="bell_in_result_removed"),
        pytest.param("a\x00b\x08c\x0ed\x1be", "abcde", id="c0_controls_removed"),
        pytest.param("a\x1cb\x1dc\x1ed\x1fe", "abcde", id="information_separators_removed_not_line_breaks"),
        pytest.param("a\x7fb\x80c\x9fd", "abcd", id="delete_and_c1_removed"),
        pytest.param("a\x85b", "a\nb", id="nel_is_a_line_break"),
        pytest.param("a\r\nb\rc\x0bd\x0ce\u2028f\u2029g", "a\nb\nc\nd\ne\nf\ng", id="every_line_break_to_lf"),
        pytest.param("a\tb", "a b", id="tab_is_inner_white_space"),
        pytest.param(" a \x07\n\x07 b ", "a\nb", id="lines_trimmed_after_removal"),
        pytest.param("a_x0007_b", "ab", id="excel_escape_of_bell_removed"),
        pytest.param("a_x000D_b_x000d_c", "abc", id="excel_escape_of_cr_removed"),
        pytest.param("a_x0085_b_x009F_c", "abc", id="excel_escape_of_c1_removed"),
        pytest.param("a_x000A_b", "a_x000A_b", id="excel_escape_of_lf_kept_as_written"),
        pytest.param("a_x0009_b", "a_x0009_b", id="excel_escape_of_tab_kept_as_written"),
        pytest.param("_x00\x0107_", "", id="escape_formed_by_a_removal_removed"),
        pytest.param("HTTP\x07S://X.COM", "HTTPS://X.COM", id="case_kept_control_removed"),
    ],
)
def test_copied_control_characters(text, expected):
    assert copied(text) == expected


CONTROL_CHARS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]


@pytest.mark.parametrize("char", CONTROL_CHARS, ids=[f"U+{ord(c):04X}" for c in CONTROL_CHARS])
def test_no_control_character_survives_either_rule(char):
    text = f" ก{char}x{char}\r\n{char}y_x{ord(char):04X}_ "
    for out in (norm(text), copied(text)):
        assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)
    assert "\n" not in norm(text)
