"""Template workbooks of the section-8 sources (CONTRACT section 8; ``ita-sync template
--source pr|ita|training``): exactly the tabs and headers the job reads, with title rows above
the header (ignored by the job), template rows (value cells blank: not read), drop-downs for
channels, indicators and units, and an instructions tab (``คำชี้แจง``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core import vocab
from core.sources import ItaFramework
from sync.template import (
    _BORDER,
    _KEY_FILL,
    FIRST_DATA_ROW,
    INSTRUCTIONS_TAB,
    LAST_VALIDATED_ROW,
    _agency,
    _bundled_unit_names,
    _column_ref,
    _font,
    _header,
    _title_rows,
    _validation,
    _widths,
)
from sync.template import _fiscal_year as _current_fiscal_year

__all__ = ["SOURCE_FILES", "write_source_template"]

#: source -> file name of its template
SOURCE_FILES = vocab.TPL_SOURCE_FILES


def _instructions(wb: Workbook, title: str, lines: Sequence[tuple[str | None, str, bool]],
                  lists: dict[str, Sequence[str]]) -> dict[str, str]:
    """The instructions tab; ``lists`` (name -> values) are written below it and their ranges
    returned for the drop-downs."""
    ws = wb.create_sheet(INSTRUCTIONS_TAB)
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 110
    rows: list[tuple[str | None, str, bool]] = [(None, title, True), *lines]
    refs: dict[str, str] = {}
    r = 0
    for r, (num, text, bold) in enumerate(rows, start=1):
        if num is not None:
            ws.cell(row=r, column=1, value=num).font = _font(bold)
        cell = ws.cell(row=r, column=2, value=text or None)
        cell.font = _font(bold, 18 if r == 1 else 16)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for name, values in lists.items():
        r += 2
        ws.cell(row=r, column=2, value=name).font = _font(True)
        first = r + 1
        for k, v in enumerate(values):
            ws.cell(row=first + k, column=1, value=k + 1).font = _font()
            ws.cell(row=first + k, column=2, value=v).font = _font()
        r = first + len(values) - 1
        refs[name] = f"'{INSTRUCTIONS_TAB}'!$B${first}:$B${r}"
    return refs


def _fill(ws: Worksheet, rows: Sequence[Sequence[object]], keys: int) -> None:
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.font = _font()
            cell.border = _BORDER
            if c <= keys:
                cell.fill = _KEY_FILL


def _whole(ws: Worksheet, headers: Sequence[str], first: str, last: str, title: str) -> None:
    a = get_column_letter(list(headers).index(first) + 1)
    b = get_column_letter(list(headers).index(last) + 1)
    _validation(ws, "whole", f"{a}{FIRST_DATA_ROW}:{b}{LAST_VALIDATED_ROW}", formula1="0",
                operator="greaterThanOrEqual", title=title, prompt=vocab.TPL_WHOLE_PROMPT,
                error=vocab.TPL_WHOLE_ERROR, style="warning")


def _pr(wb: Workbook, fy: int) -> None:
    channels = list(vocab.PR_CHANNELS)
    refs = _instructions(wb, vocab.TPL_PR_HELP_TITLE, [
        (None, vocab.TPL_PR_HELP[0], False),
        *[("", text, False) for text in vocab.TPL_PR_HELP[1:]],
    ], {vocab.COL_PR_CHANNEL: channels})
    headers = [*vocab.PR_REQUIRED, *vocab.PR_PERSONAL]
    months = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    rows = [[f"{vocab.MONTH_ABBR[m - 1]} {fy - 1 if m >= 10 else fy}", None, None, None, None, None, None]
            for m in months]
    ws = wb.create_sheet(vocab.TAB_PR)
    _title_rows(ws, vocab.TPL_PR_TITLE, None, vocab.TPL_PR_NOTE, len(headers))
    _header(ws, headers, _widths(headers, rows, wrap_at=14), 36)
    _fill(ws, rows, 2)
    _validation(ws, "list", _column_ref(headers, vocab.COL_PR_CHANNEL), formula1=refs[vocab.COL_PR_CHANNEL],
                title=vocab.COL_PR_CHANNEL, prompt=vocab.TPL_PR_CHANNEL_PROMPT, error=vocab.TPL_PR_CHANNEL_ERROR,
                style="warning")
    _whole(ws, headers, vocab.COL_PR_POSTS, vocab.COL_PR_ENGAGEMENT, vocab.TPL_COUNT_TITLE)


def _ita(wb: Workbook, fy: int, fw: ItaFramework) -> None:
    names = [i.name for i in fw.indicators]
    refs = _instructions(wb, vocab.TPL_ITA_HELP_TITLE, [
        (None, vocab.TPL_ITA_HELP[0], False),
        *[("", text, False) for text in vocab.TPL_ITA_HELP[1:]],
    ], {vocab.COL_ITA_INDICATOR: [vocab.TPL_ITA_INDICATOR_ITEM.format(number=i.number, name=i.name, tool=i.tool,
                                                                     weight=float(i.weight))
                                  for i in fw.indicators],
        vocab.TPL_ITA_NAMES_LIST: names})
    headers = [vocab.COL_YEAR, vocab.COL_ITA_INDICATOR, vocab.COL_ITA_SCORE, vocab.MH_ITA_NOTE]
    rows = [[fy, name, None, None] for name in names]
    ws = wb.create_sheet(vocab.TAB_ITA)
    _title_rows(ws, vocab.TPL_ITA_TITLE, None, vocab.TPL_ITA_NOTE, len(headers))
    _header(ws, headers, _widths(headers, rows, wrap_at=14), 36)
    _fill(ws, rows, 2)
    _validation(ws, "list", _column_ref(headers, vocab.COL_ITA_INDICATOR), formula1=refs[vocab.TPL_ITA_NAMES_LIST],
                title=vocab.COL_ITA_INDICATOR, prompt=vocab.TPL_ITA_INDICATOR_PROMPT,
                error=vocab.TPL_ITA_INDICATOR_ERROR, style="warning")
    _validation(ws, "decimal", _column_ref(headers, vocab.COL_ITA_SCORE), formula1="0", formula2="100",
                operator="between", title=vocab.COL_ITA_SCORE, prompt=vocab.TPL_ITA_SCORE_PROMPT,
                error=vocab.TPL_ITA_SCORE_ERROR, style="warning")


def _training(wb: Workbook, units_file: Path | None) -> None:
    unit_names = _bundled_unit_names(units_file)
    agency = _agency(units_file)
    roster, attendance = vocab.TPL_TRAINING_HELP_ROSTER, vocab.TPL_TRAINING_HELP_ATTENDANCE
    refs = _instructions(wb, vocab.TPL_TRAINING_HELP_TITLE.format(agency=agency.name), [
        (vocab.THAI_DIGITS[1], roster[0].format(tab=vocab.TAB_ROSTER), True),
        *[("", text, False) for text in roster[1:]],
        (vocab.THAI_DIGITS[2], attendance[0].format(tab=vocab.TAB_ATTENDANCE), True),
        *[("", text, False) for text in attendance[1:]],
    ], {vocab.TPL_UNITS_HEAD: unit_names} if unit_names else {})
    roster_h = [vocab.COL_EMPLOYEE, *vocab.ROSTER_PERSONAL, vocab.COL_UNIT]
    ws = wb.create_sheet(vocab.TAB_ROSTER)
    _title_rows(ws, vocab.TPL_ROSTER_TITLE, None, vocab.TPL_ROSTER_NOTE, len(roster_h))
    _header(ws, roster_h, _widths(roster_h, [], wrap_at=14, wide={4: 40}), 36)
    if unit_names:
        _validation(ws, "list", _column_ref(roster_h, vocab.COL_UNIT),
                    formula1=refs[vocab.TPL_UNITS_HEAD], title=vocab.COL_UNIT,
                    prompt=vocab.TPL_UNIT_PROMPT, error=vocab.TPL_UNIT_ERROR_SHORT,
                    style="warning")
    att_h = [vocab.COL_EMPLOYEE, *vocab.ATTENDANCE_PERSONAL, vocab.COL_TOPIC, vocab.COL_SESSION_DATE]
    ws2 = wb.create_sheet(vocab.TAB_ATTENDANCE)
    _title_rows(ws2, vocab.TPL_ATTENDANCE_TITLE, None, vocab.TPL_ATTENDANCE_NOTE, len(att_h))
    _header(ws2, att_h, _widths(att_h, [], wrap_at=14, wide={3: 50}), 36)


def write_source_template(out_dir: Path, source: str, *, units_file: Path | None = None,
                          fiscal_year: int | None = None, now: datetime | None = None) -> Path:
    """Write the template workbook of ``source`` (``pr``, ``ita`` or ``training``) into
    ``out_dir`` and return its path; ValueError names the sources for any other value."""
    if source not in SOURCE_FILES:
        raise ValueError(f"--source {source!r}: expected one of reports, {', '.join(SOURCE_FILES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fy = fiscal_year or _current_fiscal_year(now)
    wb = Workbook()
    wb.remove(wb.active)
    if source == "pr":
        _pr(wb, fy)
    elif source == "ita":
        _ita(wb, fy - 1, ItaFramework())
    else:
        _training(wb, units_file)
    main = next(ws for ws in wb.worksheets if ws.title != INSTRUCTIONS_TAB)
    wb.active = wb.sheetnames.index(main.title)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is main
    path = out_dir / SOURCE_FILES[source]
    wb.save(path)
    return path
