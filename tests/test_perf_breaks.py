"""Break tests of issue 13's fast paths (the long tables' rows spliced as sheet XML, the packed
state, the survey file's content key): each case is an edge a user or an adversary can reach,
named after it. What a master cell holds reads back as the text the run wrote, whichever writer
drew it (CONTRACT section 6: copied text, character for character)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import sync.local.sink as sink
from core.document import DocTable, Layout, MasterDocument, fingerprint_of

HEADER = ["แหล่งข้อมูล", "ชีต", "แถว", "คอลัมน์", "ค่าที่พบ", "รหัสปัญหา", "ปัญหา", "ข้อเสนอแนะ"]

#: texts a master cell may hold (they survive ``MasterTable``'s guard) that mean something to
#: the xlsx format itself: each must read back as written, from a bulk-written tab too
TEXT_CASES: dict[str, str] = {
    "excel_escape_lookalike_of_a_letter": "_x0041_",
    "excel_escape_lookalike_of_line_feed": "บรรทัด_x000A_ต่อ",
    "excel_escape_lookalike_of_tab": "a_x0009_b",
    "excel_escape_lookalike_of_thai": "_x0E01_",
    "excel_escape_lookalike_lower_case": "_x00e9_",
    # xlsxwriter's escaping of two escapes sharing an underscore is lossy (it reads back as
    # "_x005FA"): the same both ways, so only the equivalence is checked
    "excel_escape_of_an_escape": "_x005F_x0041_",
    "xml_non_character_fffe": "a\ufffeb",
    "xml_non_character_ffff": "c\uffffd",
}

#: cases whose text does not read back as itself from either writer (xlsxwriter's own escaping)
LOSSY = {"excel_escape_of_an_escape", "xml_non_character_fffe", "xml_non_character_ffff"}


def _document(text: str, rows: int) -> MasterDocument:
    body = [["s.xlsx", "t", i + 2, "c", text, "bad_answer", text, "f"] for i in range(rows)]
    table = DocTable(title="ปัญหาข้อมูล", rows=[list(HEADER), *body], layout=Layout(wrap_columns=(6, 7)))
    return MasterDocument(tables=(table,), fingerprint=fingerprint_of([table]))


def _read_back(path: Path) -> list[object]:
    """Row 2 as python-calamine reads it (the project's reader: the dry-run diff reads the master
    back with it; Excel and LibreOffice decode the same way). openpyxl must parse the part too,
    but it leaves inline strings' escapes undecoded, so its values are not compared."""
    openpyxl.load_workbook(path)  # a corrupt part fails here
    book = CalamineWorkbook.from_path(str(path))
    return list(book.get_sheet_by_name(book.sheet_names[0]).to_python()[1])


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_bulk_rows_text_reads_back_as_the_cell_written_way(case, tmp_path, monkeypatch):
    document = _document(TEXT_CASES[case], rows=3)
    read: dict[bool, list[object]] = {}
    for bulk in (True, False):
        monkeypatch.setattr(sink, "BULK_ROWS", 2 if bulk else 10**9)
        path = tmp_path / f"{bulk}.xlsx"
        sink._write_xlsxwriter(str(path), document)
        if bulk:
            with zipfile.ZipFile(path) as z:
                assert b"inlineStr" in z.read("xl/worksheets/sheet1.xml")
        read[bulk] = _read_back(path)
    assert read[True] == read[False]
    text = document.tables[0].rows[1][4]
    if case not in LOSSY:
        assert read[True][4] == read[True][6] == text  # the text itself, not the character it names


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_officer_tab_writer_text_reads_back_as_written(case, tmp_path):
    """The writer that keeps officers' tabs (openpyxl) writes text inline too: the same escapes."""
    document = _document(TEXT_CASES[case], rows=3)
    path = tmp_path / "officers.xlsx"
    sink._write_openpyxl(None, str(path), document)  # a ValueError here for U+FFFE/U+FFFF before
    plain = tmp_path / "cells.xlsx"
    sink._write_xlsxwriter(str(plain), document)
    assert _read_back(path) == _read_back(plain)
