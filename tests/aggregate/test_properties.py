"""Property tests (hypothesis) of the cell rules: no crashes, idempotence, digits, BE/CE, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregate.parse import (
    bad_url_series,
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
from aggregate.timestamps import _instants, _text_batches, _utc_ns
from core.columns import S
from core.text import cell_to_text, copied, copied_series, norm, norm_series

BKK = "Asia/Bangkok"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# text that exercises every step of T: Thai (with ํ, า, tone marks), Thai digits, invisible
# characters, white space of all kinds, full-width and cased Latin, combining marks
tricky_chars = st.sampled_from(
    list("กทนม่้๊๋ำาํ๐๑๙ ,/.-:aAzZßİﬀ１Ａ")
    + ["\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00a0", "\u3000",
       "\t", "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x1f", "\u0345", "\u0308", "\u0301",
       "\u0307", "\u00a8", "\u1e9e", "\u01f0", "J\u030c", "\u0399",
       # control characters and Excel's escapes of them (and pieces of escapes)
       "\x00", "\x01", "\x07", "\x1c", "\x7f", "\x84", "\x9f", "_x0007_", "_x000A_", "_x0009_",
       "_x000d_", "_x", "00", "07_", "\uff3f"]
)
tricky_text = st.lists(tricky_chars, max_size=20).map("".join)
any_text = st.one_of(st.text(), tricky_text)

cells = st.one_of(
    st.none(),
    any_text,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.dates(),
    st.lists(any_text, max_size=4),
)


@PROFILE
@given(any_text)
def test_norm_idempotent(s):
    once = norm(s)
    assert isinstance(once, str)
    assert norm(once) == once


@PROFILE
@given(any_text)
def test_copied_idempotent_and_consistent_with_norm(s):
    once = copied(s)
    assert copied(once) == once
    # copied text only keeps what T would throw away: line breaks, digits and case
    assert norm(once) == norm(s)


@PROFILE
@given(st.lists(cells, max_size=12))
def test_parsers_never_raise(values):
    series = pd.Series(values, dtype=object, index=range(100, 100 + len(values)))
    n = len(values)
    assert norm_series(series).shape == (n,)
    assert copied_series(series).shape == (n,)
    ts = parse_timestamps(series, tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert ts.shape == (n,) and str(ts.dtype) == "datetime64[ns, UTC]"
    ts_mdy = parse_timestamps(series, tz="America/New_York", serial_tz="UTC", date_order="mdy", now=NOW)
    assert ts_mdy.shape == (n,)
    assert fiscal_periods(ts, BKK).shape == (n, 3)
    answers = parse_answers(series)
    assert answers.dtype == np.int8 and set(answers.tolist()) <= {1, 0, -1, -2}
    assert parse_visitor_types(series).shape == (n, 5)
    counts = parse_counts(series)
    assert counts.shape == (n, 3) and (counts["value"] >= 0).all()
    assert not (counts["bad"] & counts["given"]).any()
    assert parse_years(series).shape == (n,)
    assert parse_rounds(series).shape == (n,)
    measures = parse_measures(series).dropna()
    assert measures.between(1, 7).all()
    assert is_reported(series).shape == (n,)
    assert bad_url_series(series).shape == (n,)
    for out in (ts, answers, counts):
        assert out.index.tolist() == list(series.index)


@PROFILE
@given(st.integers(min_value=0, max_value=10**15), st.booleans(), st.sampled_from(["", " คน", " ราย", " people"]))
def test_count_thai_and_arabic_digits_agree(n, grouped, unit):
    arabic = f"{n:,}" if grouped else str(n)
    thai = arabic.translate(THAI_DIGITS)
    out = parse_counts(pd.Series([arabic + unit, thai + unit, n], dtype=object))
    assert out["value"].tolist() == [n, n, n]
    assert not out["bad"].any() and out["given"].all()


@PROFILE
@given(st.integers(min_value=1000, max_value=9999), st.sampled_from(["", "ปีงบประมาณ ", "พ.ศ. ", "ปีงบประมาณ พ.ศ."]))
def test_year_thai_and_arabic_digits_agree(year, prefix):
    expected = year + 543 if year < 2400 else year
    out = parse_years(pd.Series([prefix + str(year), prefix + str(year).translate(THAI_DIGITS), year], dtype=object))
    assert out.tolist() == [expected, expected, expected]


@PROFILE
@given(st.integers(min_value=1857, max_value=2399))
def test_year_ce_and_be_agree(ce):
    out = parse_years(pd.Series([str(ce), str(ce + 543), float(ce), ce + 543], dtype=object))
    assert out.tolist() == [ce + 543] * 4


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 5, 31, 23, 59, 59)).map(
    lambda d: d.replace(microsecond=0)
)
THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


@PROFILE
@given(instants)
def test_be_and_ce_give_the_same_instant(d):
    y, be = d.year, d.year + 543
    hms = f"{d.hour}:{d.minute:02d}:{d.second:02d}"
    forms = [
        (f"{d.day}/{d.month}/{y} {hms}", f"{d.day}/{d.month}/{be} {hms}"),
        (f"{d.day} {THAI_MONTHS[d.month - 1]} {y} {hms}", f"{d.day} {THAI_MONTHS[d.month - 1]} พ.ศ. {be} {hms}"),
        (f"{y:04d}-{d.month:02d}-{d.day:02d}T{d:%H:%M:%S}", f"{be:04d}-{d.month:02d}-{d.day:02d}T{d:%H:%M:%S}"),
        (d, d.replace(year=be) if not (d.month == 2 and d.day == 29 and be % 4) else f"29/2/{be} {hms}"),
    ]
    expected = pd.Timestamp(d).tz_localize(BKK)
    for ce_form, be_form in forms:
        out = parse_timestamps(
            pd.Series([ce_form, be_form], dtype=object), tz=BKK, serial_tz=None, date_order="dmy", now=NOW
        )
        assert out.iloc[0] == expected, ce_form
        assert out.iloc[1] == expected, be_form


@PROFILE
@given(instants)
def test_serial_round_trip(d):
    serial = (d - datetime(1899, 12, 30)) / timedelta(days=1)
    out = parse_timestamps(
        pd.Series([serial, repr(serial)], dtype=object), tz=BKK, serial_tz=None, date_order="dmy", now=NOW
    )
    assert out.iloc[0] == out.iloc[1] == pd.Timestamp(d).tz_localize(BKK)


timestampish = st.lists(
    st.sampled_from(list("0123456789๐๑๒๕๙/- :.,tzTZ+น") + ["ม.ค.", "มค", "พ.ศ.", "\u00a0", "\u200b", "  "]),
    max_size=25,
).map("".join)


@PROFILE
@given(st.one_of(timestampish, st.just("5/1/2567 9:30"), st.just("2024-01-05T09:30Z")))
def test_timestamp_text_same_as_its_t_form(s):
    out = parse_timestamps(pd.Series([s, norm(s)], dtype=object), tz=BKK, serial_tz=None, date_order="dmy", now=NOW)
    assert (pd.isna(out.iloc[0]) and pd.isna(out.iloc[1])) or out.iloc[0] == out.iloc[1]


def test_fiscal_year_at_every_local_midnight_2000_2040():
    days = [date(2000, 1, 1) + timedelta(days=k) for k in range((date(2041, 1, 1) - date(2000, 1, 1)).days)]
    midnights = pd.DatetimeIndex([datetime(d.year, d.month, d.day) for d in days]).tz_localize(BKK)
    utc = pd.Series(midnights.tz_convert("UTC"))
    before = pd.Series((midnights - pd.Timedelta(seconds=1)).tz_convert("UTC"))

    def fy(d):
        return d.year + 543 + (1 if d.month >= 10 else 0)

    def first_half(d):
        return d.month >= 10 or d.month <= 3

    at = fiscal_periods(utc, BKK)
    assert at[S.FISCAL_YEAR].tolist() == [fy(d) for d in days]
    assert at[S.FIRST_HALF].tolist() == [first_half(d) for d in days]
    assert at[S.MONTH].tolist() == [f"{d.year + 543}-{d.month:02d}" for d in days]
    prev = fiscal_periods(before, BKK)
    previous_days = [d - timedelta(days=1) for d in days]
    assert prev[S.FISCAL_YEAR].tolist() == [fy(d) for d in previous_days]
    assert prev[S.FIRST_HALF].tolist() == [first_half(d) for d in previous_days]
    assert prev[S.MONTH].tolist() == [f"{d.year + 543}-{d.month:02d}" for d in previous_days]


day_part = st.one_of(st.integers(0, 32).map(str), st.integers(1, 9).map(lambda d: f"0{d}"))
month_part = st.one_of(
    st.integers(0, 13).map(str),
    st.sampled_from(THAI_MONTHS + ["มกราคม", "ธันวาคม", "มค", "ม.ค", "มี.ค", "มีค.", "x"]),
)
year_part = st.sampled_from(["2024", "2567", "1999", "2542", "67", "2023", "2566", "02567"])
time_part = st.one_of(
    st.just(""),
    st.tuples(
        st.sampled_from([" ", ", ", ",", "  "]),
        st.integers(0, 25).map(str),
        st.sampled_from([":", "."]),
        st.sampled_from(["00", "30", "59", "60", "5"]),
        st.sampled_from(["", ":15", ":60", ":5"]),
        st.sampled_from(["", " น.", " น", "น.", " น. "]),
    ).map("".join),
)
dmy_like = st.tuples(
    day_part, st.sampled_from(["/", "-", " "]), month_part, st.sampled_from(["/", "-", " ", "  "]),
    st.sampled_from(["", "พ.ศ. ", "พ.ศ.", "ค.ศ. ", "พศ "]), year_part, time_part,
).map(lambda t: t[0] + t[1] + t[2] + (t[1] if t[3] == "/" else t[3]) + t[4] + t[5] + t[6])


@PROFILE
@given(st.lists(st.one_of(dmy_like, timestampish), min_size=1, max_size=30))
def test_split_fast_path_agrees_with_general_path(texts):
    n = len(texts)
    lo = _utc_ns(datetime(2000, 1, 1), BKK)
    hi = _utc_ns(NOW, BKK) + 86_400 * 10**9
    for mdy in (False, True):
        fast = _instants(_text_batches(np.arange(n), texts, mdy, fast=True), n, BKK, BKK, lo, hi)
        slow = _instants(_text_batches(np.arange(n), texts, mdy, fast=False), n, BKK, BKK, lo, hi)
        assert fast.tolist() == slow.tolist()


# --- the fast paths of the survey core -------------------------------------------------------

def _fill_digits(template: str, rng_digits: list[int]) -> str:
    """``template`` with each ``9`` replaced by the next digit (ASCII or Thai by its sign)."""
    out, k = [], 0
    for ch in template:
        if ch == "9":
            d = rng_digits[k % len(rng_digits)]
            k += 1
            out.append(chr(0x0E50 + d - 10) if d >= 10 else str(d))
        else:
            out.append(ch)
    return "".join(out)


shape_templates = st.sampled_from([
    "9/9/9999 9:99:99", "99/99/9999 99:99:99", "9-99-9999 99:99", "99 ม.ค. 9999 9.99 น.", "9 ตุลาคม พ.ศ. 9999",
    "99 ธค 9999, 99:99:99", "9999-99-99T99:99:99+99:99", "9999-99-99 99:99:99.999", "9999-99-99T99:99Z",
    "9999-99-99t99:99:99-9999", "99999.9999", "-99999", "99/99/99 99:99", "9/9/9999  9:99", "99.99.9999",
    # v4: the month name first
    "ม.ค. 99 9999 9:99", "ตุลาคม 9 พ.ศ. 9999", "มีค/9/9999, 99.99 น.",
])


@PROFILE
@given(st.lists(st.tuples(shape_templates, st.lists(st.integers(0, 19), min_size=1, max_size=30)), min_size=1,
                max_size=40), st.integers(1, 5))
def test_shape_path_agrees_with_one_text_at_a_time(cases, min_group):
    """Texts of few shapes (ASCII and Thai digits mixed), parsed by shape and one by one."""
    import aggregate.timestamps as P

    texts = [_fill_digits(t, digits) for t, digits in cases]
    n = len(texts)
    lo = _utc_ns(datetime(2000, 1, 1), BKK)
    hi = _utc_ns(NOW, BKK) + 86_400 * 10**9
    saved = P._MIN_SHAPE_GROUP
    P._MIN_SHAPE_GROUP = min_group
    try:
        for mdy in (False, True):
            fast = P._resolve(_text_batches(np.arange(n), texts, mdy, fast=True), n, BKK, "UTC", lo, hi)
            slow = P._resolve(_text_batches(np.arange(n), texts, mdy, fast=False), n, BKK, "UTC", lo, hi)
            assert fast[0].tolist() == slow[0].tolist()
            assert fast[1].tolist() == slow[1].tolist()
    finally:
        P._MIN_SHAPE_GROUP = saved


def _t_variants(cell):
    """Cells that are equal to ``cell`` after cell to text and rule T."""
    text = cell_to_text(cell)
    out = [text, f" {text}\u200b ", text.replace(" ", "\u00a0 "), text.upper(), text.translate(THAI_DIGITS),
           [text]]
    if isinstance(cell, datetime) and cell.tzinfo is None:
        out += [cell + timedelta(microseconds=999_999), pd.Timestamp(cell), cell.replace(tzinfo=UTC)]
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        out.append(int(cell))
    return out


timestamp_cells = st.one_of(
    instants,
    # a Buddhist-era year (29 February of a CE leap year has no BE twin: 2543 is not a leap year)
    instants.map(lambda d: d.replace(year=d.year + 543, day=min(d.day, 28) if d.month == 2 else d.day)),
    st.floats(min_value=30000, max_value=50000),
    st.floats(min_value=0, max_value=1e20),
    st.dates(min_value=date(1998, 1, 1), max_value=date(2030, 1, 1)),
    st.datetimes(timezones=st.timezones(), min_value=datetime(1999, 1, 1), max_value=datetime(2030, 1, 1)),
    dmy_like,
    timestampish,
    st.booleans(),
    st.none(),
)


@PROFILE
@given(st.lists(timestamp_cells, min_size=1, max_size=6), st.sampled_from(["dmy", "mdy"]),
       st.sampled_from([NOW, datetime(2024, 3, 31, 17, 0, 0, 500_000, tzinfo=UTC)]))
def test_timestamp_keys_equal_for_cells_equal_after_t(values, order, now):
    """The key duplicates are narrowed down with never separates cells that are equal after T,
    whatever kind of cell (text, number, datetime, date, list, aware datetime) each is."""
    from aggregate.parse import timestamp_instants

    cells = []
    for v in values:
        cells.append(v)
        cells.extend(_t_variants(v))
    series = pd.Series(cells, dtype=object)
    for n in (len(cells), 80):  # row by row, and by shape (many texts)
        s = pd.concat([series] * (1 + n // len(cells)), ignore_index=True)[:max(n, len(cells))]
        _, key = timestamp_instants(s, tz=BKK, serial_tz="UTC", date_order=order, now=now)
        by_text: dict[str, int] = {}
        for cell, k in zip(s.tolist(), key.tolist(), strict=True):
            t = norm(cell_to_text(cell))
            assert by_text.setdefault(t, k) == k, (cell, t)


@PROFILE
@given(st.lists(cells, max_size=30))
def test_norm_codes_equal_exactly_when_t_is(values):
    from core.text import factorize_array, norm_codes

    series = pd.Series(values, dtype=object)
    codes = norm_codes(*factorize_array(series))
    texts = [norm(cell_to_text(v)) for v in values]
    for i in range(len(values)):
        for j in range(len(values)):
            assert (codes[i] == codes[j]) == (texts[i] == texts[j])
