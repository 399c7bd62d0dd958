"""CONTRACT v4 kinds of section 6 in the rules layer: ``text_too_long`` (issue 10 fault 7) and
``uneven_totals`` (issue 9 fault 15). Hand-made tables, expectations worked out by hand."""

from __future__ import annotations

import pytest

from aggregate.normalise import normalise_reports
from core.columns import I, R
from core.text import CELL_LIMIT, copied
from core.vocab import FORM1_COLUMNS, ISSUE_CODES, ISSUE_TEXTS
from tests.aggregate.test_normalise import F2, REG, book, codes, f2row


# --- text_too_long -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ก" * 32_767, "ก" * 32_767, id="exactly_a_cell_is_kept"),
        pytest.param("ก" * 32_768, "ก" * 32_766 + "…", id="one_over_is_cut"),
        pytest.param("x" * 100_000, "x" * 32_766 + "…", id="ascii_far_over_is_cut"),
        pytest.param(" " * 10 + "ก" * 32_767 + " " * 10, "ก" * 32_767, id="length_counted_after_trimming"),
        pytest.param("a\r\n" * 16_384, "a\n" * 16_383 + "a", id="length_counted_after_line_breaks"),
        pytest.param("ก\x07" * 32_767, "ก" * 32_767, id="length_counted_after_controls_removed"),
    ],
)
def test_copied_text_cut_to_a_cell(text, expected):
    out = copied(text)
    assert out == expected and len(out) <= CELL_LIMIT
    assert copied(out) == out


def _f1(result, evidence="-"):
    return [list(FORM1_COLUMNS), [2567, "6 เดือน", "กองกลาง", 1, result, evidence]]


@pytest.mark.parametrize(
    ("result", "evidence", "expected_codes"),
    [
        pytest.param("ก" * 32_767, "-", [], id="result_that_fits_no_issue"),
        pytest.param("ก" * 40_000, "-", [(2, "text_too_long")], id="long_result_one_issue"),
        pytest.param("ok", "ดู " * 11_000, [(2, "text_too_long")], id="long_evidence_one_issue"),
        pytest.param("ก" * 40_000, "ดู " * 11_000, [(2, "text_too_long"), (2, "text_too_long")],
                     id="both_long_one_issue_each"),
    ],
)
def test_text_too_long_in_report_form_1(result, evidence, expected_codes):
    out = normalise_reports([book(form1=_f1(result, evidence), form2=[F2])], REG)
    assert codes(out.issues) == expected_codes
    assert len(out.form1) == 1  # the row is accepted, its text cut
    for col in (R.RESULT, R.EVIDENCE):
        assert len(out.form1[col].iloc[0]) <= CELL_LIMIT
    for _, issue in out.issues.iterrows():
        assert issue[I.COLUMN] in ("ผลการดำเนินงาน", "เอกสาร/หลักฐาน")
        assert len(issue[I.VALUE]) <= 100 and issue[I.VALUE].endswith("…")
        assert issue[I.PROBLEM] == ISSUE_TEXTS["text_too_long"][0]


def test_rejected_row_with_long_text_reports_only_its_rejection():
    rows = _f1("ก" * 40_000)
    rows[1][3] = 9
    out = normalise_reports([book(form1=rows, form2=[F2])], REG)
    assert codes(out.issues) == [(2, "bad_measure")]


def test_long_issue_value_is_cut():
    rows = [F2, f2row(unit="ก" * 40_000)]
    out = normalise_reports([book(form2=rows, form1=[FORM1_COLUMNS])], REG)
    assert codes(out.issues) == [(2, "unknown_unit")]
    assert len(out.issues[I.VALUE].iloc[0]) == CELL_LIMIT


# --- uneven_totals -----------------------------------------------------------------------------
COUNTS = {  # visitor types, then per channel know, don't know, total
    "equal_totals": ((1, 1, 1, 1, 1), ((50, 43, 93), (50, 43, 93), (60, 33, 93))),
    "one_channel_far_larger": ((1, 1, 1, 1, 1), ((1234, 0, 1234), (50, 43, 93), (60, 33, 93))),
    "one_more_is_uneven": ((1, 1, 1, 1, 1), ((50, 44, 94), (50, 43, 93), (60, 33, 93))),
    "recomputed_not_given_totals": ((1, 1, 1, 1, 1), ((50, 43, 1), (50, 43, 93), (60, 33, "-"))),
    "given_totals_blank": ((1, 1, 1, 1, 1), ((50, 43, None), (50, 44, None), (60, 33, None))),
    "bad_number_counts_as_zero": ((1, 1, 1, 1, 1), (("x", 43, 43), (0, 43, 43), (10, 33, 43))),
    "all_zero": ((0, 0, 0, 0, 0), ((0, 0, 0), ("-", "-", "-"), (None, None, None))),
}


def _row(case):
    vt, channels = COUNTS[case]
    return f2row(counts=(*vt, *(c for ch in channels for c in ch)))


@pytest.mark.parametrize(
    ("case", "expected", "value"),
    [
        pytest.param("equal_totals", [], None, id="equal_totals"),
        pytest.param("one_channel_far_larger", [(2, "uneven_totals")], "1234, 93, 93", id="one_channel_far_larger"),
        pytest.param("one_more_is_uneven", [(2, "uneven_totals")], "94, 93, 93", id="one_more_is_uneven"),
        pytest.param("recomputed_not_given_totals", [(2, "total_mismatch"), (2, "total_mismatch")], None,
                     id="recomputed_not_given_totals"),
        pytest.param("given_totals_blank", [(2, "uneven_totals")], "93, 94, 93", id="given_totals_blank"),
        pytest.param("bad_number_counts_as_zero", [(2, "bad_number")], None, id="bad_number_counts_as_zero"),
        pytest.param("all_zero", [], None, id="all_zero"),
    ],
)
def test_uneven_totals(case, expected, value):
    out = normalise_reports([book(form2=[F2, _row(case)], form1=[FORM1_COLUMNS])], REG)
    assert sorted(codes(out.issues)) == sorted(expected)
    assert len(out.form2) == 1  # accepted as counted
    uneven = out.issues[out.issues[I.CODE] == "uneven_totals"]
    if value is not None:
        assert uneven[I.VALUE].tolist() == [value]
        assert uneven[I.COLUMN].tolist() == ["หน่วยงาน"]


def test_uneven_totals_counted_as_given():
    out = normalise_reports([book(form2=[F2, _row("one_channel_far_larger")], form1=[FORM1_COLUMNS])], REG)
    assert out.form2[R.KNOW[0]].iloc[0] == 1234 and out.form2[R.KNOW[1]].iloc[0] == 50


def test_new_codes_in_vocabulary_in_contract_order():
    assert ISSUE_CODES.index("total_mismatch") + 1 == ISSUE_CODES.index("uneven_totals")
    assert ISSUE_CODES.index("uneven_totals") + 1 == ISSUE_CODES.index("text_too_long")
    for code in ("uneven_totals", "text_too_long"):
        problem, suggestion = ISSUE_TEXTS[code]
        assert problem and suggestion
