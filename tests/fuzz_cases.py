"""Seeded random workbooks for the break test (issue 10): random cell types per column, control
characters, formula-like text, huge and tiny dimensions, merged and hidden cells, broken zips.
Used by tests/test_fuzz.py (a few seeds, under a minute) and benchmarks/fuzz.py (many)."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.vocab import FORM1_COLUMNS, FORM1_TAB, FORM2_TAB
from tests.fixtures import FORM2_HEADER, SURVEY_HEADER, make_setup

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
UNITS = ["กองกลาง", "กก.", "ศปท.", "กองการเจ้าหน้าที่", "หน่วยลึกลับ", ""]
ANSWERS = ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ", "รู้", "ไม่ทราบ", "ไม่แน่ใจ", ""]


def _text(rng: random.Random) -> str:
    base = rng.choice(["ข้อความ", "=SUM(A1:A3)", "+66 81", "-", "@x", "1,234", "12 คน", "ก" * rng.randint(0, 40),
                       "x\ny", "_x0007_", "2567", "มาตรการที่ 3", "https://a.go.th/x www.bad"])
    if rng.random() < 0.3:
        pos = rng.randint(0, len(base))
        base = base[:pos] + chr(rng.choice([0x01, 0x07, 0x08, 0x0B, 0x1F, 0x7F, 0x85, 0x9F])) + base[pos:]
    return base


def _cell(rng: random.Random, kind: str) -> Any:
    if rng.random() < 0.1:
        return None
    if kind == "text":
        return _text(rng)
    if kind == "int":
        return rng.choice([0, 1, 7, 2567, 2024, -3, 10**9])
    if kind == "float":
        return rng.choice([0.5, 1.0, 3.25, 45000.5, float(rng.randint(0, 99))])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "date":
        return datetime(2023, 10, 1) + timedelta(hours=rng.randint(0, 9000))
    if kind == "unit":
        return rng.choice(UNITS)
    if kind == "answer":
        return rng.choice(ANSWERS)
    return rng.choice(["15/10/2566 09:30", "31 มี.ค. 2567", "hello", "2024-01-05T10:00:00+07:00", 45000.25])


def _safe(v: Any) -> Any:
    """openpyxl refuses raw control characters: write them as Excel does (``_xHHHH_``)."""
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", v)
    return v


def _sheet(ws: Any, rng: random.Random, header: list[str], rows: int, first: int = 1) -> None:
    kinds = [rng.choice(["text", "int", "float", "bool", "date", "unit", "answer", "time"]) for _ in header]
    for j, h in enumerate(header, start=1):
        ws.cell(first, j, h)
    for i in range(rows):
        for j, k in enumerate(kinds, start=1):
            v = _cell(rng, k)
            if v is not None:
                c = ws.cell(first + 1 + i, j, _safe(v))
                if isinstance(v, str) and v.startswith("="):
                    c.data_type = "s"
    roll = rng.random()
    if roll < 0.15:
        ws[rng.choice(["XFD1048576", "XFD20000", "AAA5000", "Z100000"])] = "stray"
    elif roll < 0.3 and rows > 3:
        col = rng.randint(1, len(header))
        ws.merge_cells(start_row=first + 1, start_column=col, end_row=first + 3, end_column=col)
    if rng.random() < 0.2 and rows > 2:
        ws.row_dimensions[first + 2].hidden = True
    if rng.random() < 0.1 and ws.parent.worksheets.index(ws) > 0:
        ws.sheet_state = "hidden"


def make_case(root: Path, seed: int) -> Path:
    """One random set-up under ``root`` (config, units, survey, 1-3 report files); the config path."""
    rng = random.Random(seed)
    config = make_setup(root)
    wb = Workbook()
    ws = wb.active
    ws.title = "การตอบแบบฟอร์ม 1"
    _sheet(ws, rng, list(SURVEY_HEADER), rng.choice([0, 1, 5, 40]))
    survey = root / "data" / "survey.xlsx"
    wb.save(survey)
    for k in range(rng.randint(1, 3)):
        wb = Workbook()
        wb.remove(wb.active)
        _sheet(wb.create_sheet(FORM1_TAB), rng, list(FORM1_COLUMNS), rng.choice([0, 3, 14]), first=rng.randint(1, 3))
        if rng.random() < 0.8:
            _sheet(wb.create_sheet(FORM2_TAB), rng, list(FORM2_HEADER), rng.choice([0, 2, 6]))
        path = root / "data" / "reports" / f"r{k}.xlsx"
        wb.save(path)
        if rng.random() < 0.1:
            path.write_bytes(path.read_bytes()[: rng.randint(0, 2000)])  # a broken zip
    if rng.random() < 0.05:
        survey.write_bytes(survey.read_bytes()[:1000])
    return config


def check_master(master: Path) -> list[str]:
    """Problems in a written master: reconciliation, control characters, formulas."""
    problems: list[str] = []
    wb = load_workbook(master)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    problems.append(f"formula in {ws.title}!{c.coordinate}")
                if isinstance(c.value, str) and (CONTROL.search(c.value) or re.search(r"_x00[01][0-9A-F]_", c.value)):
                    problems.append(f"control character in {ws.title}!{c.coordinate}")
    status = wb["สถานะการซิงค์"]
    for row in status.iter_rows(min_row=2, values_only=True):
        if not any(v not in (None, "") for v in row):
            break
        read, accepted, dup, rejected = (int(v or 0) for v in row[2:6])
        if read != accepted + dup + rejected:
            problems.append(f"reconciliation {row[:2]}: {read} != {accepted} + {dup} + {rejected}")
    return problems
