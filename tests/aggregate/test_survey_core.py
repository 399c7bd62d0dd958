"""normalise_survey's fast paths against the plain rules: duplicates, blank rows, issue values,
dtypes, and columns that are not object columns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregate.normalise import SurveySpec, duplicate_mask, empty_survey, normalise_survey
from core.columns import I, RawTable
from core.units import Registry, Unit
from core.vocab import DEFAULT_QUESTION_TITLES, DONT_KNOW, KNOW, VISITOR_TYPES

BKK = "Asia/Bangkok"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
REGISTRY = Registry(units=(Unit("OPS-KKL", "กองกลาง", ("กก.",)), Unit("OPS-KJ", "กองการเจ้าหน้าที่")))
SPEC = SurveySpec(titles={k: tuple(v) for k, v in DEFAULT_QUESTION_TITLES.items()}, registry=REGISTRY, tz=BKK,
                  date_order="dmy", now=NOW)
HEADER = ["ประทับเวลา", "ชื่อ", DEFAULT_QUESTION_TITLES["unit"][0], DEFAULT_QUESTION_TITLES["visitor_type"][0],
          DEFAULT_QUESTION_TITLES["aware_news"][0], DEFAULT_QUESTION_TITLES["aware_contact"][0],
          DEFAULT_QUESTION_TITLES["aware_complaint"][0], "อื่น"]
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table(rows, header=HEADER, serial_tz=None):
    frame = pd.DataFrame([list(header), *[list(r) for r in rows]], dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return RawTable("survey.xlsx", "s", frame, serial_tz=serial_tz)


def row(ts="5/1/2567 9:30", name="สมชาย", unit="กองกลาง", vt=VISITOR_TYPES[0], a=KNOW, b=DONT_KNOW, c=KNOW, extra=None):
    return [ts, name, unit, vt, a, b, c, extra]


# pools of cells where several members are equal after T (and some only look alike)
D = datetime(2024, 1, 5, 9, 30)
pool_ts = [D, D + timedelta(microseconds=300_000), "2024-01-05 09:30:00", " 2024-01-05  09:30:00 ", "5/1/2567 9:30",
           "๕/๑/๒๕๖๗ ๙:๓๐", 45296.395833333336, "45296.395833333336", D.replace(tzinfo=UTC), date(2024, 1, 5),
           "2024-01-05 00:00:00", None, "", "bad", "BAD", 2_000_000_000.0, D + timedelta(days=400)]
pool_name = ["สมชาย", "สมชาย ", "\u200bสมชาย", "สมหญิง", None, "", "  ", "SOMCHAI", "somchai", 12.0, 12, "12", True,
             "TRUE", ["a", "b"], "a, b"]
pool_unit = ["กองกลาง", "กองกลาง\u00a0", "กก.", "กองคลัง", None, "กอง กลาง"]
pool_vt = [VISITOR_TYPES[0], f"{VISITOR_TYPES[0]}, {VISITOR_TYPES[2]}", "อื่น ๆ", None, [VISITOR_TYPES[1]]]
pool_answer = [KNOW, "รู้ / ทราบ", "ทราบ", DONT_KNOW, "ไม่แน่ใจ", None, " "]

rows_strategy = st.lists(
    st.tuples(*(st.sampled_from(p) for p in (pool_ts, pool_name, pool_unit, pool_vt, pool_answer, pool_answer,
                                              pool_answer, pool_name))),
    max_size=40,
)


@PROFILE
@given(rows_strategy)
def test_duplicates_and_blank_rows_as_the_plain_rule_says(rows):
    result = normalise_survey(table(rows), SPEC)
    body = table(rows).frame.iloc[1:]
    blank = np.array([all(v is None or (isinstance(v, str) and not v.strip()) for v in r) for r in rows], dtype=bool)
    read = body[~blank]
    expected = read.index[duplicate_mask(read).to_numpy()].tolist()
    issues = result.issues
    assert issues[issues[I.CODE] == "duplicate_row"][I.ROW].tolist() == expected
    assert result.stat.read == len(read)
    assert result.stat.duplicates == len(expected)
    assert result.stat.read == result.stat.accepted + result.stat.duplicates + result.stat.rejected
    assert len(result.frame) == result.stat.accepted


def test_copies_equal_only_after_t_are_duplicates():
    rows = [
        row(ts=D, name="สมชาย"),
        row(ts=D + timedelta(microseconds=500_000), name=" สมชาย\u200b"),  # T drops the fraction and the spaces
        row(ts="2024-01-05 09:30:00", name="สมชาย", unit="กองกลาง\u00a0"),  # the datetime written as text
        row(ts=D, name="สมชาย", extra="x"),  # an untitled column differs: not a copy
        row(ts=D, name="สมชาย", extra=" X "),  # ... but equals the row above after T
    ]
    result = normalise_survey(table(rows), SPEC)
    dup = result.issues[result.issues[I.CODE] == "duplicate_row"]
    assert dup[I.ROW].tolist() == [3, 4, 6]
    assert result.stat.accepted == 2


def test_blank_rows_are_not_read_but_invisible_characters_are_not_blank():
    rows = [row(), [None] * 8, ["", " ", "\u00a0", None, float("nan"), "\n", "", None], ["\u200b"] + [None] * 7]
    result = normalise_survey(table(rows), SPEC)
    assert result.stat.read == 2  # the first row and the one with a zero-width space
    assert result.issues[I.CODE].tolist() == ["bad_timestamp"]
    assert result.issues[I.ROW].tolist() == [5]


def test_issue_values_are_copied_text_of_the_cells():
    rows = [row(ts="  31/2/2567\u00a0 10:00 ", unit=" กองคลัง\u200b", a="ไม่แน่ใจ\n"), row(unit="กองคลัง", b="  ?? ")]
    issues = normalise_survey(table(rows), SPEC).issues
    assert issues[[I.ROW, I.CODE, I.VALUE]].values.tolist() == [
        [2, "bad_timestamp", "31/2/2567 10:00"],
        [3, "unknown_unit", "กองคลัง"],
        [3, "bad_answer", "??"],
    ]
    assert all(isinstance(v, int) for v in issues[I.ROW])


def test_frame_dtypes_match_the_empty_frame():
    full = normalise_survey(table([row(), row(ts=45296.4), row(unit=None)]), SPEC).frame
    empty = normalise_survey(table([]), SPEC).frame
    for frame in (full, empty):
        assert list(frame.columns) == list(empty_survey().columns)
        assert list(frame.dtypes) == list(empty_survey().dtypes)
    assert full["row"].tolist() == [2, 3, 4] and all(type(v) is int for v in full["row"])
    assert full["unit_code"].tolist() == ["OPS-KKL", "OPS-KKL", "-"]


def test_numpy_and_pandas_cells_count_like_python_ones():
    python = [row(ts=D, name=12.0), row(ts=D, name=12), row(ts=45296.4, name=1), row(ts=D + timedelta(days=1))]
    numpy = [row(ts=pd.Timestamp(D), name=np.float64(12.0)), row(ts=np.datetime64(D), name=np.int64(12)),
             row(ts=np.float64(45296.4), name=np.int64(1)), row(ts=pd.Timestamp(D + timedelta(days=1)))]
    a, b = normalise_survey(table(python), SPEC), normalise_survey(table(numpy), SPEC)
    assert a.stat.duplicates == b.stat.duplicates == 1
    assert a.frame.drop(columns="row").equals(b.frame.drop(columns="row"))


def test_serial_numbers_in_the_sheets_own_zone():
    # 45296.375 is 2024-01-05 09:00 wall time: in UTC that is 16:00 in Bangkok
    out = normalise_survey(table([row(ts=45296.375)], serial_tz="UTC"), SPEC).frame
    assert out["ts"].iloc[0] == pd.Timestamp("2024-01-05 09:00", tz="UTC")
