"""Break tests of issue 13's fast paths (the long tables' rows spliced as sheet XML, the packed
state, the survey file's content key): each case is an edge a user or an adversary can reach,
named after it. What a master cell holds reads back as the text the run wrote, whichever writer
drew it (CONTRACT section 6: copied text, character for character)."""

from __future__ import annotations

import json
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

import sync.cache as cache
import sync.local.sink as sink
import sync.state as state
from core.columns import OutCell
from core.document import DocTable, Layout, MasterDocument, fingerprint_of
from core.text import CELL_LIMIT
from tests.demo_privacy import demo_personal_values

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
    body: list[list[OutCell]] = [["s.xlsx", "t", i + 2, "c", text, "bad_answer", text, "f"] for i in range(rows)]
    table = DocTable(title="ปัญหาข้อมูล", rows=[list[OutCell](HEADER), *body], layout=Layout(wrap_columns=(6, 7)))
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


@pytest.mark.parametrize("case", sorted(set(TEXT_CASES) - LOSSY))
def test_dry_run_diff_reads_back_what_the_bulk_rows_wrote(case, tmp_path, monkeypatch):
    """The dry-run diff reads the master back (``read_tables``): an unchanged second run must see
    no change, also after an officer added a tab (the openpyxl writer then redraws the job's tabs)."""
    from sync.local import LocalSink

    monkeypatch.setattr(sink, "BULK_ROWS", 2)
    document = _document(TEXT_CASES[case], rows=3)
    path = tmp_path / "master.xlsx"
    LocalSink(path).write(document)
    assert LocalSink(path).read_tables()["ปัญหาข้อมูล"] == document.tables[0].rows
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("บันทึกเจ้าหน้าที่")["A1"] = "หมายเหตุ"
    wb.save(path)
    LocalSink(path).write(document)
    assert "บันทึกเจ้าหน้าที่" in openpyxl.load_workbook(path).sheetnames
    assert LocalSink(path).read_tables()["ปัญหาข้อมูล"] == document.tables[0].rows


#: texts within the rules' cut (``CELL_LIMIT`` characters) that are longer than an Excel cell,
#: whose limit counts UTF-16 units: a character above U+FFFF (an emoji) counts 2
LONG_CASES: dict[str, str] = {
    "emoji_then_text_at_the_rules_limit": "😀😀😀" + "x" * 32_764,
    "emoji_only_half_the_rules_limit": "😀" * 16_384,
    "thai_and_emoji_cut_inside_a_pair": "ก" * 32_766 + "😀",
}


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@pytest.mark.parametrize("case", sorted(LONG_CASES))
def test_text_longer_than_an_excel_cell_in_utf16_is_cut_as_xlsxwriter_cuts(case, tmp_path, monkeypatch):
    text = LONG_CASES[case]
    assert len(text) <= CELL_LIMIT < _utf16(text)
    document = _document(text, rows=3)
    read = {}
    for way in ("bulk", "cells", "officers"):
        path = tmp_path / f"{way}.xlsx"
        monkeypatch.setattr(sink, "BULK_ROWS", 2 if way == "bulk" else 10**9)
        if way == "officers":
            sink._write_openpyxl(None, str(path), document)
        else:
            sink._write_xlsxwriter(str(path), document)
        read[way] = _read_back(path)
        value = read[way][4]
        assert isinstance(value, str) and _utf16(value) <= CELL_LIMIT and text.startswith(value), way
    assert read["bulk"] == read["cells"] == read["officers"]


# --- the packed state: a damaged blob is a cache miss, never a crash or a wrong value --------
def _damaged(mutate: Callable[[dict[str, Any]], object]) -> bytes:
    """A packed frame (a codes column, then an int column) whose header ``mutate`` changed."""
    frame = pd.DataFrame({"unit": ["กองกลาง", None, "กองคลัง", float("nan")] * 3, "row": [2, 3, 4, 5] * 3})
    raw = zlib.decompress(state.pack({"frame": frame}, {}))
    (n,) = struct.unpack("<Q", raw[5:13])
    head = json.loads(raw[13:13 + n])
    assert head["frames"]["frame"]["columns"][0]["kind"] == "codes"
    mutate(head["frames"]["frame"]["columns"][0])
    data = json.dumps(head).encode()
    return zlib.compress(raw[:5] + struct.pack("<Q", len(data)) + data + raw[13 + n:])


DAMAGED_CODES: dict[str, Callable[[dict[str, Any]], object]] = {
    "code_dtype_bool": lambda c: c.update(code_dtype="|b1"),
    "code_dtype_float": lambda c: c.update(code_dtype="<f2"),
    "code_dtype_unsigned": lambda c: c.update(code_dtype="|u1"),
    "code_dtype_unknown": lambda c: c.update(code_dtype="zz"),
    "code_dtype_missing": lambda c: c.pop("code_dtype"),
    "texts_a_string_not_a_list": lambda c: c.update(texts="abc"),
    "texts_numbers": lambda c: c.update(texts=[1, 2]),
    "texts_too_few": lambda c: c.update(texts=["x"]),
    "texts_null": lambda c: c.update(texts=None),
    "buffer_index_out_of_range": lambda c: c.update(buf=99),
    "buffer_index_negative": lambda c: c.update(buf=-1),
    "buffer_index_text": lambda c: c.update(buf="0"),
    "kind_unknown": lambda c: c.update(kind="zzz"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED_CODES))
def test_damaged_codes_blob_is_a_clear_value_error(case):
    """``unpack`` raises ValueError on anything malformed (the cache then normalises again)."""
    with pytest.raises(ValueError):
        state.unpack(_damaged(DAMAGED_CODES[case]))


@pytest.mark.parametrize("case", sorted(DAMAGED_CODES))
def test_damaged_codes_blob_in_the_state_is_a_cache_miss(case):
    row = SimpleNamespace(payload=_damaged(DAMAGED_CODES[case]))
    assert cache._cached_reports(row) is None  # type: ignore[arg-type]


# --- privacy of the packed state ---------------------------------------------------------------
def test_state_payloads_decompressed_hold_no_personal_value(tmp_path):
    """The state's payloads are zlib-compressed, so a search of the state file's bytes (as
    tests/test_privacy.py does) sees nothing inside them: search the decompressed payloads,
    where the ``codes`` columns keep every distinct text of a frame's text columns."""
    demo = tmp_path / "demo"
    done = subprocess.run([sys.executable, "-m", "scheduler", "demo", "--dir", str(demo)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(demo / "state" / "state.sqlite3") as con:
        payloads = [p for (p,) in con.execute("select payload from sources where payload is not null")]
    assert len(payloads) >= 2  # the survey's and the reports' results
    texts = "\n".join(zlib.decompress(p).decode("utf-8", "replace") for p in payloads)
    assert "กองกลาง" in texts  # the search sees the distinct texts (a unit name is not personal)
    personal = demo_personal_values()
    assert len(personal) > 100
    leaks = sorted(p for p in personal if p in texts)
    assert not leaks, leaks[:20]
