"""Issue 10 fault 1 as a kind: no control character from any source reaches anything the master
shows (CONTRACT section 6, v4): units as written, results, evidence, issue values, column headers,
tab names, sources, and every cell a MasterTable holds."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from aggregate.normalise import normalise_reports, normalise_survey
from core.columns import MasterTable, ReportBook, TabStat
from core.vocab import FORM1_COLUMNS
from tests.aggregate.test_normalise import F2, HEADER, REG, f2row, resp, spec, table

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]|_x00(?:0[0-8B-Fb-f]|1[0-9A-Fa-f]|7[Ff]|[89][0-9A-Fa-f])_")

# the same text with a control character as each source delivers it
DIRTY = {
    "raw_bell": "กอง\x07กลาง",
    "excel_escape": "กอง_x0007_กลาง",
    "c1_control": "กอง\x9bกลาง",
    "information_separator": "กอง\x1fกลาง",
}


def _clean_everywhere(*frames: pd.DataFrame, stats: list[TabStat]) -> None:
    for frame in frames:
        for col in frame.columns:
            for v in frame[col].tolist():
                assert not (isinstance(v, str) and CONTROL.search(v)), (col, v)
    for st in stats:
        assert not CONTROL.search(st.source) and not CONTROL.search(st.sheet), st


@pytest.mark.parametrize("dirty", list(DIRTY.values()), ids=list(DIRTY))
def test_survey_unit_answer_header_and_tab_name(dirty):
    header = list(HEADER)
    header[3] = header[3] + "\x07"  # a question title with a control character still matches
    rows = [header, resp(unit=dirty + "x", a="รู้" + dirty), resp(ts="2/11/2566 10:00", unit=dirty)]
    out = normalise_survey(table(rows, source=f"survey{dirty}.xlsx", sheet=f"ชีต{dirty}"), spec())
    assert out.stat.accepted == 2
    # the unit with a control character removed is the registered unit
    assert out.frame["unit_code"].tolist() == ["-", "A"]
    _clean_everywhere(out.issues, out.frame, stats=[out.stat])
    assert set(out.issues["code"]) == {"unknown_unit", "bad_answer"}


@pytest.mark.parametrize("dirty", list(DIRTY.values()), ids=list(DIRTY))
def test_report_results_evidence_units_headers_tab_names(dirty):
    f1 = [list(FORM1_COLUMNS), [2567, "6 เดือน", dirty, 1, "ผล" + dirty, "ดู" + dirty + " https://x.go.th/a"],
          [2567, "6 เดือน", "ไม่มี" + dirty, 2, "ผล", "-"]]
    ctrl = dirty.replace("กอง", "").replace("กลาง", "")
    f1[0][4] = f1[0][4] + ctrl  # a header with a control character still matches
    f2 = [F2, f2row(unit=dirty, counts=("1" + ctrl,) + (1,) * 13)]
    book = ReportBook(source=f"r{dirty}.xlsx", form1=table(f1, f"r{dirty}.xlsx", f"แบบรายงานที่ 1{dirty}"),
                      form2=table(f2, f"r{dirty}.xlsx", "แบบรายงานที่ 2"))
    out = normalise_reports([book, ReportBook(f"broken{dirty}.xlsx", error=f"bad zip {dirty}")], REG)
    assert len(out.form1) == 1 and out.form1["result"].iloc[0] == "ผลกองกลาง"
    assert out.form1["evidence"].iloc[0] == "ดูกองกลาง https://x.go.th/a"
    assert len(out.form2) == 1 and out.form2["vt1"].iloc[0] == 1  # "1" and a control character
    _clean_everywhere(out.issues, out.form1, out.form2, stats=out.stats)


def test_master_table_cells_never_hold_control_characters():
    table_ = MasterTable("t", [["h\x07", "a_x0007_b"], ["x\x1fy", 3, None, "l1\nl2\tt", "c\r\nd"]])
    assert table_.rows == [["h", "ab"], ["xy", 3, None, "l1\nl2\tt", "c\nd"]]


@pytest.mark.parametrize(("rows", "fixed"), [
    ([["ok"] * 500 + ["a\x0bb"]], [["ok"] * 500 + ["ab"]]),           # one unsafe cell among many clean ones
    ([["_x00", "0B_"]], [["_x00", "0B_"]]),                           # an escape split over two cells is no escape
    ([["a\r", "\nb"]], [["a\n", "\nb"]]),                            # a CR next to a joining LF is still seen
    ([["x"], [1, 2.5, None]], [["x"], [1, 2.5, None]]),                # clean: left as it is
    ([["_x001F_"]], [[""]]),
])
def test_master_table_finds_unsafe_cells_among_clean_ones(rows, fixed):
    assert MasterTable("t", rows).rows == fixed


def test_tab_stat_source_and_sheet_are_copied_text():
    st = TabStat("a\x07.xlsx", "ชีต_x0007_1", 1, 1, 0, 0)
    assert (st.source, st.sheet) == ("a.xlsx", "ชีต1")
