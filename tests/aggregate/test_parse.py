"""Table-driven tests of aggregate.parse (CONTRACT section 6). Expected values are worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from aggregate.parse import (
    bad_url_series,
    bad_url_tokens,
    fiscal_periods,
    is_reported,
    parse_answers,
    parse_counts,
    parse_measures,
    parse_rounds,
    parse_timestamps,
    parse_visitor_types,
    parse_years,
)
from core import vocab
from core.columns import BAD_ANSWER, DONT_KNOW, KNOW, UNANSWERED, S

BKK = "Asia/Bangkok"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)  # 2025-06-01 19:00 in Bangkok


def one_ts(cell, *, tz=BKK, serial_tz=None, date_order="dmy", now=NOW):
    out = parse_timestamps(
        pd.Series([cell], dtype=object), tz=tz, serial_tz=serial_tz, date_order=date_order, now=now
    )
    return out.iloc[0]


def bkk(text):
    return pd.Timestamp(text, tz=BKK)


# ======================================================================================
# timestamps
# ======================================================================================

TIMESTAMP_CASES = [
    # serial numbers: 45292 is 2024-01-01 (days since 1899-12-30)
    pytest.param(45292, "2024-01-01 00:00", id="serial_int"),
    pytest.param(45296.5, "2024-01-05 12:00", id="serial_float_noon"),
    pytest.param(45292.75, "2024-01-01 18:00", id="serial_fraction_is_time"),
    pytest.param(45292.395833333336, "2024-01-01 09:30", id="serial_float_noise_rounded"),
    pytest.param(np.float64(45292.5), "2024-01-01 12:00", id="serial_numpy_float"),
    pytest.param("45296.5", "2024-01-05 12:00", id="serial_number_as_text"),
    pytest.param(" 45292 ", "2024-01-01 00:00", id="serial_text_padded"),
    pytest.param("๔๕๒๙๒", "2024-01-01 00:00", id="serial_text_thai_digits"),
    pytest.param(-5, None, id="serial_negative_rejected"),
    pytest.param(36525, None, id="serial_1999_12_31_rejected"),
    pytest.param(float("inf"), None, id="serial_infinite_rejected"),
    pytest.param(10**30, None, id="serial_huge_int_rejected"),
    # datetime cells
    pytest.param(datetime(2024, 1, 5, 9, 30), "2024-01-05 09:30", id="naive_datetime_in_tz"),
    pytest.param(datetime(2024, 1, 5, 2, 30, tzinfo=UTC), "2024-01-05 09:30", id="aware_datetime_as_is"),
    pytest.param(pd.Timestamp("2024-01-05 02:30", tz="Europe/London"), "2024-01-05 09:30", id="aware_timestamp"),
    pytest.param(pd.Timestamp("2024-01-05 09:30"), "2024-01-05 09:30", id="naive_timestamp"),
    pytest.param(np.datetime64("2024-01-05T09:30"), "2024-01-05 09:30", id="numpy_datetime64"),
    pytest.param(date(2024, 1, 5), "2024-01-05 00:00", id="date_cell_midnight"),
    pytest.param(datetime(2567, 1, 5, 9, 30), "2024-01-05 09:30", id="datetime_cell_be_year"),
    pytest.param(datetime(2568, 2, 29), None, id="datetime_cell_be_2568_has_no_29_feb"),
    # ISO 8601
    pytest.param("2024-01-05", "2024-01-05 00:00", id="iso_date_only"),
    pytest.param("2024-01-05T09:30:15", "2024-01-05 09:30:15", id="iso_t_seconds"),
    pytest.param("2024-01-05 09:30", "2024-01-05 09:30", id="iso_space_minutes"),
    pytest.param("2024-01-05T09:30:15.5", "2024-01-05 09:30:15.5", id="iso_fraction"),
    pytest.param("2024-01-05T09:30:15.123456789", "2024-01-05 09:30:15.123456789", id="iso_nanoseconds"),
    pytest.param("2024-01-05T02:30:00Z", "2024-01-05 09:30", id="iso_z"),
    pytest.param("2024-01-05t02:30:00z", "2024-01-05 09:30", id="iso_lowercase_t_z"),
    pytest.param("2024-01-05T09:30:00+07:00", "2024-01-05 09:30", id="iso_with_offset"),
    pytest.param("2024-01-05T04:30:00+0200", "2024-01-05 09:30", id="iso_offset_hhmm"),
    pytest.param("2024-01-04T21:30-05", "2024-01-05 09:30", id="iso_offset_hh"),
    pytest.param("2024-01-05Z", "2024-01-05 07:00", id="iso_date_with_zone"),
    pytest.param("2567-01-05T09:30:00", "2024-01-05 09:30", id="iso_be_year"),
    pytest.param("2567-02-29", "2024-02-29 00:00", id="iso_be_leap_day"),
    pytest.param("2024-01-05T24:00:00", None, id="iso_hour_24_rejected"),
    pytest.param("2024-01-05 9:30", None, id="iso_one_digit_hour_rejected"),
    pytest.param("2024-01-05 09:30 +07:00", None, id="iso_space_before_zone_rejected"),
    pytest.param("2024-01-05T09:30+25:00", None, id="iso_offset_out_of_range_rejected"),
    pytest.param("2024-02-30", None, id="iso_invalid_date_rejected"),
    pytest.param("2024-1-5", None, id="iso_one_digit_month_rejected"),
    # d SEP m SEP yyyy [time]
    pytest.param("5/1/2567", "2024-01-05 00:00", id="dmy_slash_be"),
    pytest.param("5/1/2024", "2024-01-05 00:00", id="dmy_slash_ce"),
    pytest.param("05/01/2567 09:30", "2024-01-05 09:30", id="dmy_time"),
    pytest.param("5/1/2567 9:30:15", "2024-01-05 09:30:15", id="dmy_time_seconds"),
    pytest.param("5-1-2567", "2024-01-05 00:00", id="dmy_dash_separator"),
    pytest.param("5 1 2567", "2024-01-05 00:00", id="dmy_space_separator"),
    pytest.param("5/1-2567", None, id="mixed_separators_rejected"),
    pytest.param("29/2/2567", "2024-02-29 00:00", id="be_leap_day_2567"),
    pytest.param("29/2/2566", None, id="be_non_leap_day_rejected"),
    pytest.param("29/2/2023", None, id="ce_non_leap_day_rejected"),
    pytest.param("31/4/2567", None, id="invalid_date_31_april"),
    pytest.param("5/13/2567", None, id="month_13_rejected"),
    pytest.param("0/1/2567", None, id="day_0_rejected"),
    pytest.param("5 มกราคม 2567", "2024-01-05 00:00", id="thai_month_full_name"),
    pytest.param("5 ม.ค. 2567", "2024-01-05 00:00", id="thai_month_abbrev"),
    pytest.param("5 มค 2567", "2024-01-05 00:00", id="thai_month_abbrev_without_dots"),
    pytest.param("5 ม.ค 2567", "2024-01-05 00:00", id="thai_month_abbrev_last_dot_left_out"),
    pytest.param("5 มค. 2567", "2024-01-05 00:00", id="thai_month_abbrev_first_dot_left_out"),
    pytest.param("5/ม.ค./2567", "2024-01-05 00:00", id="thai_month_slash_separator"),
    pytest.param("5-ก.พ.-2567", "2024-02-05 00:00", id="thai_month_dash_separator"),
    pytest.param("5 ม.ค. พ.ศ. 2567", "2024-01-05 00:00", id="be_prefix_ignored"),
    pytest.param("5 ม.ค. พ.ศ.2567", "2024-01-05 00:00", id="be_prefix_without_space"),
    pytest.param("5 ม.ค. ค.ศ. 2024", "2024-01-05 00:00", id="ce_prefix_ignored"),
    pytest.param("5 ม.ค. ค.ศ. 2567", "2024-01-05 00:00", id="ce_prefix_but_be_year"),
    pytest.param("5 ม.ค. 2567 9.30 น.", "2024-01-05 09:30", id="time_dot_with_nam"),
    pytest.param("5 ม.ค. 2567 09:30 น.", "2024-01-05 09:30", id="time_colon_with_nam"),
    pytest.param("5/1/2567, 9:30:15", "2024-01-05 09:30:15", id="time_after_comma_space"),
    pytest.param("5/1/2567,9:30", None, id="time_after_comma_without_space_rejected"),
    pytest.param("๕/๑/๒๕๖๗ ๙:๓๐", "2024-01-05 09:30", id="thai_digits_everywhere"),
    pytest.param(" 5/1/2567\u00a0\u00a09:30 ", "2024-01-05 09:30", id="nbsp_runs_and_padding"),
    pytest.param("5/1/2567\u200b 9:30", "2024-01-05 09:30", id="zero_width_space"),
    pytest.param("5/1/2567 23:59:59", "2024-01-05 23:59:59", id="hour_23_ok"),
    pytest.param("5/1/2567 0:00", "2024-01-05 00:00", id="hour_0_ok"),
    pytest.param("5/1/2567 24:00", None, id="hour_24_rejected"),
    pytest.param("5/1/2567 9:5", None, id="one_digit_minute_rejected"),
    pytest.param("5/1/2567 9:60", None, id="minute_60_rejected"),
    pytest.param("5/1/2567 9:30:60", None, id="second_60_rejected"),
    pytest.param("5/1/67", None, id="two_digit_year_rejected"),
    pytest.param("5/1/2024 9:30 AM", None, id="am_pm_rejected"),
    pytest.param("5/1/2024 9:30:00 pm", None, id="pm_lowercase_rejected"),
    # v4: a month name is the month wherever it stands (this case was rejected before v4)
    pytest.param("ม.ค. 5 2567", "2024-01-05 00:00", id="month_name_first_accepted_v4"),
    pytest.param("5 มกรา 2567", None, id="unknown_month_name_rejected"),
    pytest.param("5 Jan 2024", None, id="english_month_name_rejected"),
    # window
    pytest.param("31/12/1999 23:59:59", None, id="before_2000_rejected"),
    pytest.param("1/1/2000", "2000-01-01 00:00", id="midnight_2000_in_tz_accepted"),
    pytest.param("1999-12-31T17:00:00Z", "2000-01-01 00:00", id="utc_1999_is_2000_in_tz"),
    pytest.param("1999-12-31T16:59:59Z", None, id="one_second_before_2000_in_tz_rejected"),
    pytest.param("2025-06-02T12:00:00Z", "2025-06-02 19:00", id="exactly_24h_after_now_accepted"),
    pytest.param("2025-06-02T12:00:01Z", None, id="future_beyond_24h_rejected"),
    pytest.param("1/1/2600", None, id="far_future_rejected"),
    # anything else
    pytest.param(None, None, id="none"),
    pytest.param("", None, id="empty_text"),
    pytest.param(float("nan"), None, id="nan"),
    pytest.param(True, None, id="bool_rejected"),
    pytest.param("เมื่อวาน", None, id="free_text"),
    pytest.param("5/1/2567 9:30 extra", None, id="trailing_text_rejected"),
]


@pytest.mark.parametrize(("cell", "expected"), TIMESTAMP_CASES)
def test_parse_timestamps(cell, expected):
    got = one_ts(cell)
    if expected is None:
        assert pd.isna(got)
    else:
        assert got == bkk(expected)


@pytest.mark.parametrize(
    ("cell", "date_order", "expected"),
    [
        pytest.param("1/5/2024", "mdy", "2024-01-05 00:00", id="mdy_order"),
        pytest.param("1/5/2024", "dmy", "2024-05-01 00:00", id="dmy_order"),
        pytest.param("1/13/2024", "mdy", "2024-01-13 00:00", id="mdy_day_13"),
        pytest.param("1/13/2024", "dmy", None, id="dmy_month_13_rejected"),
        pytest.param("13/1/2024", "mdy", None, id="mdy_month_13_rejected"),
        pytest.param("5 ม.ค. 2567", "mdy", "2024-01-05 00:00", id="mdy_month_name_is_month"),
        pytest.param("2024-01-05", "mdy", "2024-01-05 00:00", id="mdy_iso_unaffected"),
        pytest.param(45296, "mdy", "2024-01-05 00:00", id="mdy_serial_unaffected"),
    ],
)
def test_parse_timestamps_date_order(cell, date_order, expected):
    got = one_ts(cell, date_order=date_order)
    assert pd.isna(got) if expected is None else got == bkk(expected)


@pytest.mark.parametrize(
    "name_month",
    [pytest.param((name, m), id=f"full_{m}") for m, name in enumerate(
        ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
         "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"], start=1)]
    + [pytest.param((name, m), id=f"abbrev_{m}") for m, name in enumerate(
        ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."], start=1)]
    + [pytest.param((name, m), id=f"abbrev_no_dots_{m}") for m, name in enumerate(
        ["มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค"], start=1)],
)
def test_thai_month_names(name_month):
    name, month = name_month
    assert one_ts(f"3 {name} 2566") == bkk(f"2023-{month:02d}-03 00:00")


MONTH_FIRST_CASES = [
    pytest.param("มี.ค. 15 2567 10:00", id="abbrev_first_space"),
    pytest.param("มีนาคม 15 2567 10:00", id="full_name_first"),
    pytest.param("มีค 15 2567 10:00", id="abbrev_first_no_dots"),
    pytest.param("มี.ค/15/2567 10:00", id="abbrev_first_slash_one_dot_left_out"),
    pytest.param("มี.ค.-15-2567 10:00", id="abbrev_first_dash"),
    pytest.param("มี.ค. 15 พ.ศ. 2567 10:00", id="abbrev_first_be_prefix"),
    pytest.param("มี.ค. 15 พ.ศ.2567 10.00 น.", id="abbrev_first_prefix_no_space_dot_time_nam"),
    pytest.param("มี.ค. 15 ค.ศ. 2024, 10:00:00", id="abbrev_first_ce_prefix_comma_time"),
    pytest.param("มี.ค. ๑๕ ๒๕๖๗ ๑๐:๐๐", id="abbrev_first_thai_digits"),
    pytest.param("  มี.ค.\u00a015  2567 10:00 ", id="abbrev_first_white_space_runs"),
]


@pytest.mark.parametrize("date_order", ["dmy", "mdy"])
@pytest.mark.parametrize("cell", MONTH_FIRST_CASES)
def test_month_name_first_is_the_same_day(cell, date_order):
    expected = bkk("2024-03-15 10:00")
    assert one_ts(cell, date_order=date_order) == expected
    assert one_ts("15 มี.ค. 2567 10:00", date_order=date_order) == expected


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("มี.ค. 15/2567", id="month_first_mixed_separators_rejected"),
        pytest.param("มี.ค. 32 2567", id="month_first_day_32_rejected"),
        pytest.param("มี.ค. 15 67", id="month_first_two_digit_year_rejected"),
        pytest.param("มี.ค. 3 2566 25:00", id="month_first_hour_25_rejected"),
        pytest.param("ก.พ. 29 2566", id="month_first_no_29_feb_2023_rejected"),
        pytest.param("มี.ค. 15 2567 10:00 AM", id="month_first_am_pm_rejected"),
        pytest.param("3 15 2567", id="numbers_only_month_15_rejected_dmy"),
        pytest.param("ม.ค. ก.พ. 2567", id="two_month_names_rejected"),
    ],
)
def test_month_name_first_rejections(cell):
    assert pd.isna(one_ts(cell))


def test_month_name_first_be_leap_day():
    assert one_ts("ก.พ. 29 2567") == bkk("2024-02-29 00:00")


def test_month_name_first_many_cells_by_shape():
    # more than 64 texts take the shape path (numbers read with numpy): same answers
    cells = [f"มี.ค. {d} 2567 10:{m:02d}" for d in range(1, 32) for m in range(0, 3)]
    got = parse_timestamps(pd.Series(cells, dtype=object), tz=BKK, now=NOW)
    want = [bkk(f"2024-03-{d:02d} 10:{m:02d}") for d in range(1, 32) for m in range(0, 3)]
    assert got.tolist() == want


def test_serial_in_serial_tz():
    # a Google Sheet in UTC: 45292.5 is 2024-01-01 12:00 UTC = 19:00 in Bangkok
    assert one_ts(45292.5, serial_tz="UTC") == bkk("2024-01-01 19:00")
    assert one_ts("45292.5", serial_tz="UTC") == bkk("2024-01-01 19:00")
    # text dates and datetime cells stay in tz
    assert one_ts("1/1/2567 12:00", serial_tz="UTC") == bkk("2024-01-01 12:00")
    assert one_ts(datetime(2024, 1, 1, 12), serial_tz="UTC") == bkk("2024-01-01 12:00")


def test_serial_be_year():
    serial = (date(2567, 1, 5) - date(1899, 12, 30)).days + 0.5
    assert one_ts(serial) == bkk("2024-01-05 12:00")


def test_naive_now_is_wall_time_in_tz():
    naive_now = datetime(2025, 6, 1, 19, 0)  # = NOW
    assert one_ts("2025-06-02T12:00:00Z", now=naive_now) == bkk("2025-06-02 19:00")
    assert pd.isna(one_ts("2025-06-02T12:00:01Z", now=naive_now))


@pytest.mark.parametrize(
    ("cell", "expected_utc"),
    [
        # Europe/London: 2024-03-31 01:00 -> 02:00 (gap); 2024-10-27 02:00 -> 01:00 (fold)
        pytest.param("31/3/2024 1:30", "2024-03-31 01:00", id="dst_gap_shifted_forward"),
        pytest.param("27/10/2024 1:30", "2024-10-27 00:30", id="dst_fold_first_occurrence"),
        pytest.param("27/10/2024 2:30", "2024-10-27 02:30", id="after_fold_gmt"),
        pytest.param("1/7/2024 12:00", "2024-07-01 11:00", id="summer_bst"),
    ],
)
def test_timestamps_dst_zone(cell, expected_utc):
    assert one_ts(cell, tz="Europe/London") == pd.Timestamp(expected_utc, tz="UTC")


def test_timestamps_series_shape():
    cells = pd.Series(["5/1/2567", None, 45292, True, "5/1/2567"], index=[7, 3, 9, 1, 2], name="ts", dtype=object)
    out = parse_timestamps(cells, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert str(out.dtype) == "datetime64[ns, UTC]"
    assert out.index.tolist() == [7, 3, 9, 1, 2]
    assert out.name == "ts"
    assert out.isna().tolist() == [False, True, False, True, False]
    assert out.iloc[0] == out.iloc[4] == bkk("2024-01-05 00:00")


def test_timestamps_datetime64_dtypes():
    naive = pd.Series(pd.to_datetime(["2024-01-05 09:30", None, "1999-06-01 00:00"]), index=[4, 5, 6])
    out = parse_timestamps(naive, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.iloc[0] == bkk("2024-01-05 09:30")
    assert out.iloc[1:].isna().all()
    assert out.index.tolist() == [4, 5, 6]
    aware = naive.dt.tz_localize("UTC")
    out = parse_timestamps(aware, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.iloc[0] == bkk("2024-01-05 16:30")
    assert str(out.dtype) == "datetime64[ns, UTC]"


def test_timestamps_float_and_string_dtypes():
    out = parse_timestamps(pd.Series([45292.0, np.nan]), tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.iloc[0] == bkk("2024-01-01 00:00") and pd.isna(out.iloc[1])
    out = parse_timestamps(
        pd.Series(["5/1/2567", None], dtype="string"), tz=BKK, serial_tz=None, date_order="dmy", now=NOW
    )
    assert out.iloc[0] == bkk("2024-01-05 00:00") and pd.isna(out.iloc[1])
    out = parse_timestamps(pd.Series([45292, None], dtype="Int64"), tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.iloc[0] == bkk("2024-01-01 00:00") and pd.isna(out.iloc[1])
    out = parse_timestamps(pd.Series([True, False]), tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.isna().all()
    out = parse_timestamps(pd.Series([45292, None, 10**30], dtype=object), tz=BKK, now=NOW)
    assert out.iloc[0] == bkk("2024-01-01 00:00") and out.iloc[1:].isna().all()


def test_timestamps_do_not_mutate_input():
    cells = pd.Series(["5/1/2567", datetime(2024, 1, 5), 45292, ["x"]], dtype=object)
    before = cells.copy(deep=True)
    parse_timestamps(cells, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    pd.testing.assert_series_equal(cells, before)


# ======================================================================================
# periods
# ======================================================================================


@pytest.mark.parametrize(
    ("local", "fiscal_year", "first_half", "month"),
    [
        pytest.param("2023-10-01 00:00:00", 2567, True, "2566-10", id="midnight_1_october_bangkok"),
        pytest.param("2023-09-30 23:59:59", 2566, False, "2566-09", id="last_second_of_september"),
        pytest.param("2024-03-31 23:59:59", 2567, True, "2567-03", id="last_second_of_march"),
        pytest.param("2024-04-01 00:00:00", 2567, False, "2567-04", id="midnight_1_april"),
        pytest.param("2024-01-01 00:00:00", 2567, True, "2567-01", id="new_year_same_fiscal_year"),
        pytest.param("2024-12-31 12:00:00", 2568, True, "2567-12", id="december"),
        pytest.param("2000-01-01 00:00:00", 2543, True, "2543-01", id="year_2000"),
    ],
)
def test_fiscal_periods(local, fiscal_year, first_half, month):
    ts = pd.Series([pd.Timestamp(local, tz=BKK).tz_convert("UTC")], index=[42])
    out = fiscal_periods(ts, BKK)
    assert list(out.columns) == [S.FISCAL_YEAR, S.FIRST_HALF, S.MONTH]
    assert out.index.tolist() == [42]
    assert out[S.FISCAL_YEAR].iloc[0] == fiscal_year
    assert bool(out[S.FIRST_HALF].iloc[0]) is first_half
    assert out[S.MONTH].iloc[0] == month


def test_fiscal_periods_cut_in_tz_not_utc():
    # 2023-09-30 17:00 UTC is 2023-10-01 00:00 in Bangkok
    ts = pd.Series(pd.to_datetime(["2023-09-30T17:00:00Z", "2023-09-30T16:59:59Z"]))
    out = fiscal_periods(ts, BKK)
    assert out[S.FISCAL_YEAR].tolist() == [2567, 2566]
    assert out[S.MONTH].tolist() == ["2566-10", "2566-09"]
    assert out[S.FISCAL_YEAR].dtype == np.int64
    assert out[S.FIRST_HALF].dtype == bool


def test_fiscal_periods_nat():
    ts = pd.Series(pd.to_datetime(["2023-10-01T00:00:00Z", None], utc=True))
    out = fiscal_periods(ts, BKK)
    assert out[S.FISCAL_YEAR].iloc[0] == 2567
    assert pd.isna(out[S.FISCAL_YEAR].iloc[1])
    assert out[S.MONTH].iloc[1] is None


# ======================================================================================
# answers
# ======================================================================================


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("รู้/ทราบ", KNOW, id="know_label"),
        pytest.param("รู้ / ทราบ", KNOW, id="know_spaces_around_slash"),
        pytest.param("รู้", KNOW, id="know_short"),
        pytest.param("ทราบ", KNOW, id="know_tab"),
        pytest.param("\u00a0รู้\u200b/ทราบ ", KNOW, id="know_nbsp_zero_width"),
        pytest.param("ไม่รู้/ไม่ทราบ", DONT_KNOW, id="dont_know_label"),
        pytest.param("ไม่รู้ /ไม่ทราบ", DONT_KNOW, id="dont_know_space_before_slash"),
        pytest.param("ไม่รู้", DONT_KNOW, id="dont_know_short"),
        pytest.param("ไม่ทราบ", DONT_KNOW, id="dont_know_tab"),
        pytest.param("", UNANSWERED, id="blank_text"),
        pytest.param("  ", UNANSWERED, id="spaces_only"),
        pytest.param(None, UNANSWERED, id="none"),
        pytest.param(float("nan"), UNANSWERED, id="nan"),
        pytest.param("ทราบ/รู้", BAD_ANSWER, id="reversed_is_bad"),
        pytest.param("รู้บ้าง", BAD_ANSWER, id="other_text_bad"),
        pytest.param("ไม่รู้ ไม่ทราบ", BAD_ANSWER, id="space_instead_of_slash_bad"),
        pytest.param(True, BAD_ANSWER, id="bool_bad"),
        pytest.param(1, BAD_ANSWER, id="number_bad"),
    ],
)
def test_parse_answers(cell, expected):
    out = parse_answers(pd.Series([cell], dtype=object))
    assert out.dtype == np.int8
    assert out.iloc[0] == expected


def test_parse_answers_index():
    out = parse_answers(pd.Series(["รู้", None], index=["a", "b"], name="aw"))
    assert out.index.tolist() == ["a", "b"] and out.name == "aw"
    assert out.tolist() == [KNOW, UNANSWERED]


# ======================================================================================
# visitor types
# ======================================================================================

VT1, VT2, VT3, VT4, VT5 = vocab.VISITOR_TYPES


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(VT1, {1}, id="single_label"),
        pytest.param(f"{VT2}, {VT3}", {2, 3}, id="two_labels_sheet_join"),
        pytest.param(f"{VT2},{VT3}", {2, 3}, id="comma_without_space"),
        pytest.param(f"{VT1}, {VT2}, {VT3}, {VT4}, {VT5}", {1, 2, 3, 4, 5}, id="all_five"),
        pytest.param(f"{VT3}, อื่นๆ: ผู้รับเหมา, ช่างไฟ", {3, 5}, id="checkbox_other_with_comma"),
        pytest.param("ผู้รับเหมา", {5}, id="free_text_only_is_other"),
        pytest.param(VT5, {5}, id="other_label_itself"),
        pytest.param(f"{VT3}, {VT3}", {3}, id="same_label_twice_once"),
        pytest.param(f" {VT3}\u00a0,  ", {3}, id="label_after_t_and_blank_item"),
        pytest.param(f"{VT3}，{VT4}", {3, 4}, id="fullwidth_comma_is_comma_after_nfkc"),
        pytest.param("ประชุม / สัมมนา", {5}, id="label_with_spaces_around_slash_is_other"),
        pytest.param([VT3, "อื่นๆ: ผู้รับเหมา, ช่างไฟ"], {3, 5}, id="list_cell_item_with_comma"),
        pytest.param([f"{VT1}, {VT3}"], {5}, id="list_cell_items_not_split"),
        pytest.param([VT2, VT4], {2, 4}, id="list_cell_labels"),
        pytest.param([], set(), id="empty_list"),
        pytest.param(["", " "], set(), id="list_of_blanks"),
        pytest.param("", set(), id="blank"),
        pytest.param(" , ,", set(), id="only_commas"),
        pytest.param(None, set(), id="none"),
    ],
)
def test_parse_visitor_types(cell, expected):
    out = parse_visitor_types(pd.Series([cell], dtype=object))
    assert list(out.columns) == list(S.VT)
    assert all(out[c].dtype == bool for c in S.VT)
    assert {k for k, c in enumerate(S.VT, start=1) if out[c].iloc[0]} == expected


def test_parse_visitor_types_index():
    out = parse_visitor_types(pd.Series([VT1, None, VT1], index=[5, 6, 7], dtype=object))
    assert out.index.tolist() == [5, 6, 7]
    assert out["vt1"].tolist() == [True, False, True]


# ======================================================================================
# counts
# ======================================================================================


@pytest.mark.parametrize(
    ("cell", "value", "bad", "given"),
    [
        pytest.param("12", 12, False, True, id="count_plain"),
        pytest.param("12 คน", 12, False, True, id="count_with_unit_word"),
        pytest.param("12 ราย", 12, False, True, id="count_with_other_thai_word"),
        pytest.param("12 People", 12, False, True, id="count_with_latin_word"),
        pytest.param("1,234", 1234, False, True, id="count_with_thousands"),
        pytest.param("1,234,567 คน", 1234567, False, True, id="count_with_thousands_and_unit"),
        pytest.param("๑๒ คน", 12, False, True, id="count_thai_digits"),
        pytest.param("12\u00a0\u00a0คน ", 12, False, True, id="count_nbsp_before_unit"),
        pytest.param("007", 7, False, True, id="count_leading_zeros"),
        pytest.param(12, 12, False, True, id="count_int_cell"),
        pytest.param(12.0, 12, False, True, id="count_whole_float_cell"),
        pytest.param(np.int64(5), 5, False, True, id="count_numpy_int"),
        pytest.param(0, 0, False, True, id="count_zero"),
        pytest.param("-", 0, False, True, id="count_dash_is_given_zero"),
        pytest.param("\u2013", 0, False, True, id="count_en_dash_is_given_zero"),
        pytest.param("", 0, False, False, id="count_blank"),
        pytest.param("  ", 0, False, False, id="count_spaces"),
        pytest.param(None, 0, False, False, id="count_none"),
        pytest.param(float("nan"), 0, False, False, id="count_nan"),
        pytest.param(12.5, 0, True, False, id="count_fraction_bad"),
        pytest.param("12.5", 0, True, False, id="count_fraction_text_bad"),
        pytest.param(-3, 0, True, False, id="count_negative_bad"),
        pytest.param("-3", 0, True, False, id="count_negative_text_bad"),
        pytest.param(True, 0, True, False, id="count_bool_bad"),
        pytest.param(False, 0, True, False, id="count_bool_false_bad"),
        pytest.param(date(2024, 1, 5), 0, True, False, id="count_date_bad"),
        pytest.param(datetime(2024, 1, 5, 9, 30), 0, True, False, id="count_datetime_bad"),
        pytest.param(float("inf"), 0, True, False, id="count_infinity_bad"),
        pytest.param("12 คน ค่ะ", 0, True, False, id="count_two_words_bad"),
        pytest.param("12คน", 0, True, False, id="count_word_without_space_bad"),
        pytest.param("ประมาณ 12", 0, True, False, id="count_word_before_bad"),
        pytest.param("1,23", 0, True, False, id="count_bad_grouping"),
        pytest.param("1234,567", 0, True, False, id="count_bad_leading_group"),
        pytest.param("12 ฿", 0, True, False, id="count_baht_sign_not_a_letter"),
        pytest.param("12 คน1", 0, True, False, id="count_word_with_digit_bad"),
        pytest.param("--", 0, True, False, id="count_two_dashes_bad"),
        pytest.param("สิบสอง", 0, True, False, id="count_words_bad"),
        pytest.param("99999999999999999999", 0, True, False, id="count_too_large_bad"),
        pytest.param("\u0661\u0662", 0, True, False, id="count_arabic_indic_digits_bad"),
    ],
)
def test_parse_counts(cell, value, bad, given):
    out = parse_counts(pd.Series([cell], dtype=object))
    assert list(out.columns) == ["value", "bad", "given"]
    assert out["value"].dtype == np.int64 and out["bad"].dtype == bool and out["given"].dtype == bool
    assert (out["value"].iloc[0], bool(out["bad"].iloc[0]), bool(out["given"].iloc[0])) == (value, bad, given)


def test_parse_counts_index_and_bool_vs_int():
    out = parse_counts(pd.Series([1, True, 1.0, "1"], index=[9, 8, 7, 6], dtype=object))
    assert out.index.tolist() == [9, 8, 7, 6]
    assert out["value"].tolist() == [1, 0, 1, 1]
    assert out["bad"].tolist() == [False, True, False, False]


# ======================================================================================
# years, rounds, measures
# ======================================================================================


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("2567", 2567, id="year_be_text"),
        pytest.param("2024", 2567, id="year_ce_plus_543"),
        pytest.param(2567, 2567, id="year_numeric_be"),
        pytest.param(2024.0, 2567, id="year_numeric_whole_float_ce"),
        pytest.param("๒๕๖๗", 2567, id="thai_digits_in_year"),
        pytest.param("ปีงบประมาณ 2567", 2567, id="year_label_prefix"),
        pytest.param("ปีงบประมาณ2567", 2567, id="year_label_prefix_no_space"),
        pytest.param("พ.ศ. 2567", 2567, id="year_be_prefix"),
        pytest.param("ปีงบประมาณ พ.ศ. 2567", 2567, id="year_both_prefixes"),
        pytest.param("ปีงบประมาณ พ.ศ.๒๕๖๗", 2567, id="year_both_prefixes_thai_digits"),
        pytest.param("พศ 2567", 2567, id="year_be_prefix_without_dots"),
        pytest.param(" 2567\u00a0", 2567, id="year_padded"),
        pytest.param("2399", 2942, id="year_2399_is_ce"),
        pytest.param("2400", 2400, id="year_2400_is_be"),
        pytest.param("67", None, id="year_two_digits_bad"),
        pytest.param(67, None, id="year_numeric_two_digits_bad"),
        pytest.param("25670", None, id="year_five_digits_bad"),
        pytest.param(2567.5, None, id="year_fraction_bad"),
        pytest.param("2567.0", None, id="year_fraction_text_bad"),
        pytest.param("ปี 2567", None, id="year_other_prefix_bad"),
        pytest.param("2567 ปีงบประมาณ", None, id="year_suffix_bad"),
        pytest.param("ค.ศ. 2024", None, id="year_ce_prefix_bad"),
        pytest.param(None, None, id="year_none_bad"),
        pytest.param("", None, id="year_blank_bad"),
        pytest.param(True, None, id="year_bool_bad"),
        pytest.param(date(2024, 1, 1), None, id="year_date_bad"),
        pytest.param(-2567, None, id="year_negative_bad"),
    ],
)
def test_parse_years(cell, expected):
    out = parse_years(pd.Series([cell], dtype=object))
    assert str(out.dtype) == "Int64"
    assert pd.isna(out.iloc[0]) if expected is None else out.iloc[0] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("6 เดือน", vocab.ROUND_6, id="round_6"),
        pytest.param("12 เดือน", vocab.ROUND_12, id="round_12"),
        pytest.param("รอบ 6 เดือน", vocab.ROUND_6, id="round_prefix"),
        pytest.param("รอบ12เดือน", vocab.ROUND_12, id="round_no_spaces"),
        pytest.param("6เดือน", vocab.ROUND_6, id="round_no_space_before_month"),
        pytest.param("๖ เดือน", vocab.ROUND_6, id="round_thai_digit"),
        pytest.param(" 12\u00a0 เดือน ", vocab.ROUND_12, id="round_nbsp_run"),
        pytest.param(6, None, id="round_bare_number_bad"),
        pytest.param(12.0, None, id="round_bare_float_bad"),
        pytest.param("6", None, id="round_bare_number_text_bad"),
        pytest.param("รอบ 6", None, id="round_without_month_bad"),
        pytest.param("3 เดือน", None, id="round_other_length_bad"),
        pytest.param("06 เดือน", None, id="round_leading_zero_bad"),
        pytest.param("6 เดือนแรก", None, id="round_trailing_text_bad"),
        pytest.param("", None, id="round_blank_bad"),
        pytest.param(None, None, id="round_none_bad"),
        pytest.param(True, None, id="round_bool_bad"),
    ],
)
def test_parse_rounds(cell, expected):
    out = parse_rounds(pd.Series([cell], dtype=object))
    assert out.iloc[0] == expected if expected is not None else out.iloc[0] is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(1, 1, id="measure_int"),
        pytest.param(7.0, 7, id="measure_whole_float"),
        pytest.param("3", 3, id="measure_text"),
        pytest.param("๓", 3, id="measure_thai_digit"),
        pytest.param("มาตรการที่ 4", 4, id="measure_text_prefix"),
        pytest.param("มาตรการที่4", 4, id="measure_text_prefix_no_space"),
        pytest.param(" มาตรการที่\u00a0 5 ", 5, id="measure_text_prefix_nbsp"),
        pytest.param(0, None, id="measure_0_bad"),
        pytest.param(8, None, id="measure_8_bad"),
        pytest.param(7.5, None, id="measure_fraction_bad"),
        pytest.param("8", None, id="measure_text_8_bad"),
        pytest.param("1.0", None, id="measure_fraction_text_bad"),
        pytest.param("มาตรการ 4", None, id="measure_other_prefix_bad"),
        pytest.param("ข้อ 1", None, id="measure_other_word_bad"),
        pytest.param(-1, None, id="measure_negative_bad"),
        pytest.param("", None, id="measure_blank_bad"),
        pytest.param(None, None, id="measure_none_bad"),
        pytest.param(True, None, id="measure_bool_bad"),
    ],
)
def test_parse_measures(cell, expected):
    out = parse_measures(pd.Series([cell], dtype=object))
    assert str(out.dtype) == "Int64"
    assert pd.isna(out.iloc[0]) if expected is None else out.iloc[0] == expected


# ======================================================================================
# reported, URLs
# ======================================================================================


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("ดำเนินการแล้ว", True, id="text_reported"),
        pytest.param("-", False, id="hyphen_only"),
        pytest.param("--", False, id="two_hyphens"),
        pytest.param("\u2014", False, id="em_dash"),
        pytest.param("\u2013", False, id="en_dash"),
        pytest.param("\u2212", False, id="minus_sign"),
        pytest.param("\uff0d", False, id="fullwidth_hyphen_via_nfkc"),
        pytest.param(" - - ", False, id="dashes_and_spaces"),
        pytest.param("", False, id="blank"),
        pytest.param(" \n\u00a0", False, id="white_space_only"),
        pytest.param(None, False, id="none"),
        pytest.param("-ดำเนินการ", True, id="dash_then_text"),
        pytest.param("0", True, id="zero_text"),
        pytest.param(0, True, id="zero_number"),
        pytest.param("_", True, id="underscore_not_a_dash"),
    ],
)
def test_is_reported(cell, expected):
    out = is_reported(pd.Series([cell], dtype=object))
    assert out.dtype == bool
    assert bool(out.iloc[0]) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("https://www.mdes.go.th", [], id="url_ok"),
        pytest.param("ดูที่ http://x.co.th/path?q=1#f ค่ะ", [], id="url_path_query_fragment_ok"),
        pytest.param("HTTPS://WWW.MDES.GO.TH/A", [], id="url_scheme_any_case"),
        pytest.param("https://mdes.go.th:8443/a", [], id="url_port_ok"),
        pytest.param("https://user@mdes.go.th/", [], id="url_userinfo_ok"),
        pytest.param("(ดู https://www.mdes.go.th)", [], id="url_trailing_paren"),
        pytest.param("https://www.mdes.go.th/a.", [], id="url_trailing_dot"),
        pytest.param("https://a.com, https://b.com;", [], id="url_trailing_comma_semicolon"),
        pytest.param("(https://www.mdes.go.th)", [], id="url_in_parentheses"),
        pytest.param("https://a.com/x:", [], id="url_trailing_colon"),
        pytest.param("www.mdes.go.th", ["www.mdes.go.th"], id="url_missing_scheme"),
        pytest.param("WWW.MDES.GO.TH,", ["WWW.MDES.GO.TH"], id="url_missing_scheme_uppercase_punct"),
        pytest.param("http://localhost", ["http://localhost"], id="url_host_without_dot"),
        pytest.param("http://localhost:8080/x", ["http://localhost:8080/x"], id="url_host_without_dot_port"),
        pytest.param("https://a..b", ["https://a..b"], id="url_empty_label"),
        pytest.param("https://.a.b/", ["https://.a.b/"], id="url_leading_empty_label"),
        pytest.param("https://a.b./x", ["https://a.b./x"], id="url_trailing_empty_label"),
        pytest.param("https:///x.com", ["https:///x.com"], id="url_empty_host"),
        pytest.param("ftp://files.mdes.go.th", ["ftp://files.mdes.go.th"], id="url_ftp_scheme"),
        pytest.param("htps://x.com", ["htps://x.com"], id="url_scheme_typo"),
        pytest.param("http//x.com", ["http//x.com"], id="url_missing_colon"),
        pytest.param("http:/x.com", ["http:/x.com"], id="url_single_slash"),
        pytest.param("https://x.com:abc/", ["https://x.com:abc/"], id="url_bad_port"),
        pytest.param("ลิงก์https://x.com", ["ลิงก์https://x.com"], id="url_glued_to_thai"),
        pytest.param("https", ["https"], id="url_scheme_word_only"),
        pytest.param(
            "https://a.com\nwww.b.com\r\nhttp://c\u00a0https://d.e",
            ["www.b.com", "http://c"],
            id="url_several_in_order",
        ),
        pytest.param("เอกสารแนบ ตามไฟล์ PDF", [], id="url_no_url"),
        pytest.param("", [], id="url_blank"),
        pytest.param("www.a.com www.a.com", ["www.a.com", "www.a.com"], id="url_each_occurrence"),
    ],
)
def test_bad_url_tokens(text, expected):
    assert bad_url_tokens(text) == expected


def test_bad_url_series():
    cells = pd.Series(["www.x.com", None, "www.x.com", "https://ok.com", 12], index=[3, 4, 5, 6, 7], dtype=object)
    out = bad_url_series(cells)
    assert out.index.tolist() == [3, 4, 5, 6, 7]
    assert out.tolist() == [["www.x.com"], [], ["www.x.com"], [], []]
    out.iloc[0].append("changed")
    assert out.iloc[2] == ["www.x.com"]  # every row has its own list


def test_report_parsers_keep_index_and_name():
    cells = pd.Series(["2567", None], index=["r2", "r9"], name="c", dtype=object)
    for fn in (parse_years, parse_rounds, parse_measures, is_reported):
        out = fn(cells)
        assert out.index.tolist() == ["r2", "r9"], fn.__name__
        assert out.name == "c", fn.__name__
    for fn in (parse_counts, parse_visitor_types):
        assert fn(cells).index.tolist() == ["r2", "r9"], fn.__name__


def test_empty_series():
    empty = pd.Series([], dtype=object)
    assert len(parse_timestamps(empty, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)) == 0
    assert len(fiscal_periods(pd.Series([], dtype="datetime64[ns, UTC]"), BKK)) == 0
    for fn in (parse_answers, parse_visitor_types, parse_counts, parse_years, parse_rounds, parse_measures,
               is_reported, bad_url_series):
        assert len(fn(empty)) == 0, fn.__name__


def test_timestamps_many_rows_bool_not_serial():
    # True must not be merged with the serial 1 by the distinct-value step
    cells = pd.Series([45292, True, 45292.0, 1], dtype=object)
    out = parse_timestamps(cells, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.isna().tolist() == [False, True, False, True]
    assert out.iloc[0] == out.iloc[2] == bkk("2024-01-01 00:00")


def test_window_uses_tz_for_2000():
    # 2000-01-01 00:00 in UTC is 07:00 in Bangkok: accepted; in UTC's own tz too
    assert one_ts("2000-01-01T00:00:00Z") == bkk("2000-01-01 07:00")
    assert one_ts("1999-12-31T23:59:59Z", tz="UTC") is pd.NaT or pd.isna(one_ts("1999-12-31T23:59:59Z", tz="UTC"))
    assert one_ts("2000-01-01T00:00:00Z", tz="UTC") == pd.Timestamp("2000-01-01", tz="UTC")


def test_now_plus_24h_in_other_units():
    now = datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    assert one_ts(datetime(2024, 1, 2, 0, 0, tzinfo=UTC), now=now) == pd.Timestamp("2024-01-02", tz="UTC")
    assert pd.isna(one_ts(datetime(2024, 1, 2, 0, 0, 1, tzinfo=UTC), now=now))
    assert pd.isna(one_ts(datetime(2024, 1, 2) + timedelta(hours=7, seconds=1), now=now))


def test_timestamps_datetime64_coarse_unit_be_year():
    # pandas >= 2 can hold year 2567 in datetime64[us]; a Buddhist Era year in every form
    cells = pd.Series(np.array(["2567-01-05T09:30", "2024-01-05T09:30"], dtype="datetime64[us]"))
    if str(cells.dtype) != "datetime64[us]":
        pytest.skip("this pandas keeps only datetime64[ns]")
    out = parse_timestamps(cells, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert out.tolist() == [bkk("2024-01-05 09:30"), bkk("2024-01-05 09:30")]
