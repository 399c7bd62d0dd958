"""Issue 9 fault 14, title side: grid questions (CONTRACT section 4, "Grid questions"). A field's
title matches a column when it equals, after T, the whole title or the row title inside the last
``[…]``; a whole-title match wins over a row-title match; the same for ``[survey.questions]``."""

from __future__ import annotations

import pytest

from aggregate.normalise import locate_survey_columns, normalise_survey
from core.errors import DataError
from core.vocab import DEFAULT_QUESTION_TITLES as T
from tests.aggregate.test_normalise import resp, spec, table

GRID = "ท่านรู้จักช่องทางต่อไปนี้หรือไม่"
BASE = ["ประทับเวลา", "ชื่อ", T["unit"][0], T["visitor_type"][0]]


def grid(row_title: str, grid_title: str = GRID) -> str:
    return f"{grid_title} [{row_title}]"


AWARE = [T["aware_news"][0], T["aware_contact"][0], T["aware_complaint"][0]]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(BASE + [grid(t) for t in AWARE], {"aware_news": 4, "aware_contact": 5, "aware_complaint": 6},
                     id="grid_row_titles"),
        pytest.param(BASE + [f"  {GRID.upper()}  [ {t} ]" for t in AWARE],
                     {"aware_news": 4, "aware_contact": 5, "aware_complaint": 6}, id="grid_row_titles_after_T"),
        pytest.param(BASE + [grid(t, "คำถาม [ชุด 1]") for t in AWARE],
                     {"aware_news": 4, "aware_contact": 5, "aware_complaint": 6}, id="last_brackets_only"),
        pytest.param(BASE + [grid(AWARE[0]), AWARE[0], grid(AWARE[1]), grid(AWARE[2])],
                     {"aware_news": 5, "aware_contact": 6, "aware_complaint": 7}, id="whole_title_wins_over_row_title"),
        pytest.param(["x [ประทับเวลา]", "ชื่อ", grid(T["unit"][0]), T["visitor_type"][0], *AWARE],
                     {"timestamp": 0, "unit": 2, "aware_news": 4}, id="any_field_may_be_a_grid_row"),
    ],
)
def test_grid_columns_matched(header, expected):
    found = locate_survey_columns(header, T)
    for fld, pos in expected.items():
        assert found[fld] == pos


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(BASE + [grid(AWARE[0]), grid(AWARE[0], "อีกตาราง"), grid(AWARE[1]), grid(AWARE[2])],
                     id="two_row_title_matches_ambiguous"),
        pytest.param(BASE + [f"{GRID} [{AWARE[0]}] ท้าย", grid(AWARE[1]), grid(AWARE[2])],
                     id="text_after_the_brackets_no_match"),
        pytest.param(BASE + [f"{GRID} {AWARE[0]}", grid(AWARE[1]), grid(AWARE[2])], id="no_brackets_no_match"),
    ],
)
def test_grid_columns_not_matched(header):
    with pytest.raises(DataError, match="aware_news"):
        locate_survey_columns(header, T)


def test_survey_questions_titles_match_grid_rows_too():
    titles = dict(T)
    titles["aware_news"] = ["ข่าวสาร"]
    header = BASE + [grid("ข่าวสาร"), grid(AWARE[1]), grid(AWARE[2])]
    assert locate_survey_columns(header, titles)["aware_news"] == 4


def test_grid_sheet_counts_like_separate_questions():
    header = ["ประทับเวลา", "ชื่อ", T["unit"][0], T["visitor_type"][0], *(grid(t) for t in AWARE)]
    out = normalise_survey(table([header, resp(a="รู้", b="ไม่รู้", c="ทราบ")]), spec())
    assert out.stat.accepted == 1
    assert out.frame[["aw_news", "aw_contact", "aw_complaint"]].iloc[0].tolist() == [1, 0, 1]
