"""The long tables' data rows spliced in as sheet XML (issue 13) make the same workbook as
xlsxwriter writing every cell: same values and types, same formats, heights, dimension, filters.

Each case writes one document twice (``BULK_ROWS`` lowered so the table goes the bulk way, and
raised so xlsxwriter writes every cell) and compares what openpyxl and python-calamine read."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import sync.local.sink as sink
from core.columns import OutCell
from core.document import DocTable, HighlightBelow, Layout, MasterDocument, fingerprint_of

HEADER = ["แหล่งข้อมูล", "ชีต", "แถว", "คอลัมน์", "ค่าที่พบ", "รหัสปัญหา", "ปัญหา", "ข้อเสนอแนะ"]

CASES: dict[str, list[list[OutCell]]] = {
    "thai_text_and_row_numbers": [["survey.xlsx", "Form", 2, "ชื่อ", "กองกลาง", "unknown_unit", "ไม่พบ", "แก้"]],
    "xml_special_characters": [["a&b.xlsx", "<tab>", 3, "x > y", "\"quoted\" & 'single'", "bad_answer", "<>&", "&amp;"]],
    "leading_and_trailing_spaces": [["  s.xlsx", "t ", 4, " c", "   ", "bad_answer", " p ", "f  "]],
    "multi_line_text_grows_the_row": [["s.xlsx", "t", 5, "c", "v", "bad_answer", "บรรทัด ๑\nบรรทัด ๒\nบรรทัด ๓",
                                       "ยาว " * 60]],
    "blank_and_empty_cells_are_skipped": [["s.xlsx", None, 6, "", None, "duplicate_row", "", None]],
    "numbers_ints_floats_bools": [["s.xlsx", "t", 7, 1.5, 10**15, "bad_number", True, -0.25]],
    "numbers_with_many_digits": [["s.xlsx", "t", 123456789012, 0.1 + 0.2, 2**40 + 1, "bad_number", 1 / 3, 1e-7]],
    "responseid_labels": [["form", "", "ACYDBNj3x_0", "q", "v", "bad_timestamp", "p", "f"]],
    "short_rows": [["s.xlsx", "t", 8]],
    "text_longer_than_a_cell": [["s.xlsx", "t", 9, "c", "ก" * 40_000, "text_too_long", "p", "f"]],
    "non_finite_numbers": [["s.xlsx", "t", 10, math.nan, math.inf, "bad_number", -math.inf, "f"]],
}


def doc(rows: list[list[OutCell]], repeat: int = 3) -> MasterDocument:
    body = [list(r) for _ in range(repeat) for r in rows]
    table = DocTable(title="ปัญหาข้อมูล", rows=[list(HEADER), *body],
                     layout=Layout(wrap_columns=(6, 7), max_lines=4,
                                   highlights=(HighlightBelow(2, 5.0),)))
    small = DocTable(title="สรุปภาพรวม", rows=[["หัวข้อ", "ค่า"], ["ก", 1]], layout=Layout())
    return MasterDocument(tables=[small, table], fingerprint=fingerprint_of([small, table]))


def write(tmp_path: Path, document: MasterDocument, bulk: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(sink, "BULK_ROWS", 2 if bulk else 10**9)
    path = tmp_path / ("bulk.xlsx" if bulk else "cells.xlsx")
    sink._write_xlsxwriter(str(path), document)
    return path


def cells(path: Path) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        out.append((ws.title, ws.dimensions, ws.freeze_panes, ws.auto_filter.ref,
                    [str(r.sqref) for r in ws.conditional_formatting],
                    {k: (d.height, d.customHeight) for k, d in ws.row_dimensions.items() if d.height},
                    {k: d.width for k, d in ws.column_dimensions.items()}))
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out.append((c.coordinate, c.data_type, c.value, c.alignment.wrap_text, c.alignment.vertical,
                                c.font.b))
    return out


def calamine(path: Path) -> list[Any]:
    wb = CalamineWorkbook.from_path(str(path))
    return [(n, wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names]


@pytest.mark.parametrize("case", sorted(CASES))
def test_bulk_rows_make_the_same_workbook(case, tmp_path, monkeypatch):
    document = doc(CASES[case])
    bulk = write(tmp_path, document, True, monkeypatch)
    plain = write(tmp_path, document, False, monkeypatch)
    with zipfile.ZipFile(bulk) as z:  # the bulk path was really taken
        assert b"inlineStr" in z.read("xl/worksheets/sheet2.xml")
        assert b"inlineStr" not in z.read("xl/worksheets/sheet1.xml")
    assert cells(bulk) == cells(plain)
    assert calamine(bulk) == calamine(plain)


def test_the_fingerprint_and_the_charts_survive_the_splice(tmp_path, monkeypatch):
    from sync.local import LocalSink

    document = doc(CASES["thai_text_and_row_numbers"], repeat=5)
    path = write(tmp_path, document, True, monkeypatch)
    target = tmp_path / "master.xlsx"
    path.rename(target)
    assert LocalSink(target).read_fingerprint() == document.fingerprint


def test_a_table_with_links_or_titles_is_never_bulk():
    link = DocTable(title="t", rows=[["h"], *[["x"]] * 2000], layout=Layout(link_columns=(0,)))
    title = DocTable(title="t", rows=[["h"], *[["x"]] * 2000], layout=Layout(title_rows=(1,)))
    long = DocTable(title="t", rows=[["h"], *[["x"]] * 2000], layout=Layout())
    short = DocTable(title="t", rows=[["h"], ["x"]], layout=Layout())
    assert [sink._bulk(t) for t in (link, title, long, short)] == [False, False, True, False]
