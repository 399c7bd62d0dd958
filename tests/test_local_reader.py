"""The local backend's reader: the same cells as calamine's to_python, in less memory."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

import sync.local.reader as local
from sync.local import read_tab, sheet_frame


def book(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for name, cells in sheets.items():
        ws = wb.create_sheet(name)
        for ref, value in cells.items():
            ws[ref] = value
    wb.save(path)
    return CalamineWorkbook.from_path(str(path))


def same_cells(frame, expected):
    got = frame.to_numpy(dtype=object).tolist()
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert [(type(v), v) for v in g] == [(type(v), v) for v in e]


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_same_cells_as_to_python_from_a1(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(local, "CHUNK_ROWS", chunk)
    cells = {"C3": "x", "D5": 1.5, "C6": True, "E6": 1, "D7": "1", "E7": datetime(2024, 1, 5, 9, 30),
             "C8": "x", "D8": "กองกลาง", "D9": "กองกลาง", "E9": ""}
    wb = book(tmp_path / "a.xlsx", {"a": cells, "empty": {}, "b": {"A1": "h", "B2": 2}})
    for name in ("a", "b"):
        sheet = wb.get_sheet_by_name(name)
        same_cells(sheet_frame(sheet), sheet.to_python(skip_empty_area=False))
    assert sheet_frame(wb.get_sheet_by_name("empty")).empty


def test_repeated_texts_share_one_object_and_kinds_stay_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "CHUNK_ROWS", 4)
    cells = {f"A{r}": "รู้/ทราบ" for r in range(1, 21)}
    cells.update({"B1": True, "B2": 1, "B3": "1", "B4": 1.0, "B5": "TRUE"})
    wb = book(tmp_path / "b.xlsx", {"s": cells})
    frame = sheet_frame(wb.get_sheet_by_name("s"))
    column = frame[0].tolist()
    assert all(v is column[0] for v in column)
    assert [(type(v), v) for v in frame[1].tolist()[:5]] == [(bool, True), (float, 1.0), (str, "1"), (float, 1.0),
                                                             (str, "TRUE")]


def test_read_tab_labels_rows_with_sheet_row_numbers(tmp_path):
    wb = book(tmp_path / "c.xlsx", {"s": {"B2": "title", "B3": "v"}})
    raw = read_tab(wb, "s", "c.xlsx")
    assert list(raw.frame.index) == [1, 2, 3]
    assert raw.frame.iloc[1, 1] == "title" and raw.frame.iloc[2, 1] == "v"
    assert raw.source == "c.xlsx" and raw.sheet == "s"


class _OldSheet:
    """A sheet of a python-calamine without start/end (only to_python)."""

    def to_python(self, skip_empty_area=True):
        return [["h", 1.0], ["", "x"]]


class _OddSheet(_OldSheet):
    start, end = (0, 0), (2, 1)  # says three rows ...

    def iter_rows(self):
        return iter(self.to_python())  # ... yields two


@pytest.mark.parametrize("sheet", [_OldSheet(), _OddSheet()])
def test_falls_back_to_to_python(sheet):
    same_cells(sheet_frame(sheet), sheet.to_python())
