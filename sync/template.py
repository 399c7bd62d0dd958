"""The unit report template workbook (CONTRACT section 4; ``ita-sync template``).

The workbook has exactly the two report tabs with the contract's headers, plus what helps an
officer fill them in and that the job ignores: an instructions tab (``คำชี้แจง``), title rows
above each header, template rows (pre-filled keys, value cells blank), drop-downs and a frozen
header. Labels are copied from the MDES OPS guideline (the seed forms).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import config
from config.registry import agency_from_dict
from core import vocab
from core.errors import ConfigError
from core.units import DEFAULT_AGENCY, Agency

__all__ = ["INSTRUCTIONS_TAB", "template_file_name", "write_template"]

INSTRUCTIONS_TAB = vocab.TPL_INSTRUCTIONS_TAB
HEADER_ROW = 4  # 1-based: three title rows above the header
FIRST_DATA_ROW = HEADER_ROW + 1
LAST_VALIDATED_ROW = 2000

FORM1_TITLE = vocab.TPL_FORM1_TITLE
FORM2_TITLE = vocab.TPL_FORM2_TITLE
GUIDELINE = vocab.TPL_GUIDELINE

_FONT = "TH SarabunPSK"
_SIZE = 16
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="FCE4D6")
_KEY_FILL = PatternFill("solid", fgColor="F2F2F2")


def _fiscal_year(now: datetime | None = None) -> int:
    now = now or datetime.now(ZoneInfo("Asia/Bangkok"))
    return now.year + 543 + (1 if now.month >= 10 else 0)


def _bundled_unit_names(path: Path | None = None) -> list[str]:
    """Unit names of a registry file, in order (read only for the drop-down; the job validates it)."""
    path = path or Path(config.__file__).with_name("units.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    units = raw.get("units", [])
    return [u["name"] for u in units if isinstance(u, dict) and isinstance(u.get("name"), str)]


#: row heights (points) that fit 16 pt TH Sarabun with its marks above and below (issue 9, fault 16)
TITLE_HEIGHT = 33.0
LINE_HEIGHT = 27.0
FORM1_ROW_HEIGHT = 2 * LINE_HEIGHT  # results wrap: two lines show


def registry_unit(unit: str, units_file: Path | None = None) -> str:
    """The registry's official name of ``unit`` (its name or an alias, compared after rule T), or
    ConfigError naming the value, the registry and the closest name (a template for a unit the
    registry does not know would have every row rejected)."""
    from config.registry import load_registry

    path = units_file or Path(config.__file__).with_name("units.toml")
    registry = load_registry(path)
    code = registry.match(pd.Series([unit], dtype=object)).iloc[0]
    if code is not None:
        return registry.name_of(str(code))
    near = registry.suggest(unit)
    hint = f" Did you mean {near!r}?" if near else ""
    raise ConfigError(f"--unit {unit!r}: not a unit of the registry {str(path)!r}.{hint} Use a registry name or "
                      "alias, or pass --config FILE to use your own units registry.")


def _agency(path: Path | None = None) -> Agency:
    """The agency profile of a registry file (section 3); the default when it cannot be read
    (the job validates the file; the template only needs the names and measures)."""
    path = path or Path(config.__file__).with_name("units.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_AGENCY
    problems: list[str] = []
    agency = agency_from_dict(raw, origin=str(path), problems=problems)
    return DEFAULT_AGENCY if problems else agency


def _agency_text(text: str, agency: Agency) -> str:
    return text.replace(vocab.DEFAULT_AGENCY_NAME, agency.name)


def template_file_name(unit: str | None = None) -> str:
    """``แบบรายงาน-ITA.xlsx`` or ``แบบรายงาน-ITA-<unit>.xlsx``, safe on every OS."""
    if not unit:
        return vocab.TPL_FILE
    text = unicodedata.normalize("NFC", unit)
    text = re.sub(r"[\u00ad\u200b-\u200f\u2060\ufeff]", "", text)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "-", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")[:100].strip(" .-")
    return vocab.TPL_FILE_UNIT.format(unit=text) if text else vocab.TPL_FILE


def _display_width(text: str) -> float:
    """Columns a text needs: Thai above/below marks take no width of their own."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def _font(bold: bool = False, size: int = _SIZE) -> Font:
    return Font(name=_FONT, size=size, bold=bold)


def _title_rows(ws: Worksheet, title: str, unit: str | None, note: str, width: int) -> None:
    ws.cell(row=1, column=1, value=title).font = _font(True, 18)
    ws.row_dimensions[1].height = TITLE_HEIGHT
    ws.row_dimensions[2].height = LINE_HEIGHT
    ws.row_dimensions[3].height = LINE_HEIGHT
    ws.cell(row=2, column=1, value=vocab.TPL_UNIT_LINE.format(unit=unit) if unit else vocab.TPL_UNIT_BLANK).font = (
        _font(True)
    )
    ws.cell(row=3, column=1, value=note).font = _font(size=14)
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(row=r, column=1).alignment = Alignment(vertical="center")


def _header(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], height: float) -> None:
    for c, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=h)
        cell.font = _font(True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.row_dimensions[HEADER_ROW].height = height
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)


def _widths(headers: Sequence[str], values: Sequence[Sequence[object]], *, wrap_at: float,
            wide: dict[int, float] | None = None) -> list[float]:
    """Column widths from the header (wrapped at ``wrap_at``) and the pre-filled values."""
    out = []
    for c, h in enumerate(headers):
        need = min(_display_width(h), wrap_at)
        for row in values:
            if c < len(row) and row[c] is not None:
                need = max(need, _display_width(str(row[c])))
        out.append(max(10.0, min(60.0, need * 1.1 + 3)))
    for c, w in (wide or {}).items():
        out[c] = w
    return out


def _validation(ws: Worksheet, kind: str, sqref: str, *, formula1: str, formula2: str | None = None,
                operator: str | None = None, title: str, prompt: str, error: str,
                style: str = "stop") -> DataValidation:
    dv = DataValidation(
        type=kind, formula1=formula1, formula2=formula2, operator=operator, allow_blank=True,
        showErrorMessage=True, showInputMessage=True, errorStyle=style,
        promptTitle=title[:32], prompt=prompt[:255], errorTitle=title[:32], error=error[:255],
    )
    dv.add(sqref)
    ws.add_data_validation(dv)
    return dv


#: Excel's limit for a data-validation input message (characters)
PROMPT_LIMIT = 255


def _input_message(ws: Worksheet, ref: str, title: str, text: str) -> None:
    """An input message (no restriction) on ``ref``: ``text`` whole when it fits Excel's 255
    characters, else its start and a pointer to the instructions tab (the cell note and the
    instructions tab hold the full text)."""
    more = vocab.TPL_PROMPT_MORE
    prompt = text if len(text) <= PROMPT_LIMIT else text[: PROMPT_LIMIT - len(more)].rstrip() + more
    dv = DataValidation(type=None, allow_blank=True, showInputMessage=True, showErrorMessage=False,
                        promptTitle=title[:32], prompt=prompt)
    dv.add(ref)
    ws.add_data_validation(dv)


def _column_ref(headers: Sequence[str], name: str) -> str:
    col = get_column_letter(list(headers).index(name) + 1)
    return f"{col}{FIRST_DATA_ROW}:{col}{LAST_VALIDATED_ROW}"


def _key_validations(ws: Worksheet, headers: Sequence[str], unit_list: str | None) -> None:
    _validation(
        ws, "whole", _column_ref(headers, vocab.COL_YEAR), formula1="2560", formula2="2700", operator="between",
        title=vocab.COL_YEAR, prompt=vocab.TPL_YEAR_PROMPT, error=vocab.TPL_YEAR_ERROR, style="warning",
    )
    _validation(
        ws, "list", _column_ref(headers, vocab.COL_ROUND), formula1=f'"{vocab.ROUND_6},{vocab.ROUND_12}"',
        title=vocab.COL_ROUND, prompt=vocab.TPL_ROUND_PROMPT, error=vocab.TPL_ROUND_ERROR,
    )
    if unit_list:
        _validation(
            ws, "list", _column_ref(headers, vocab.COL_UNIT), formula1=unit_list,
            title=vocab.COL_UNIT, prompt=vocab.TPL_UNIT_PROMPT, error=vocab.TPL_UNIT_ERROR, style="warning",
        )


def _instructions(wb: Workbook, unit_names: Sequence[str], agency: Agency = DEFAULT_AGENCY) -> str | None:
    """The instructions tab; returns the range of the unit list for the drop-downs (or None)."""
    ws = wb.create_sheet(INSTRUCTIONS_TAB)
    n = agency.measure_count
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 120
    digit = vocab.THAI_DIGITS
    form1, form2, notes = vocab.TPL_HELP_FORM1, vocab.TPL_HELP_FORM2, vocab.TPL_HELP_NOTES
    lines: list[tuple[str | None, str, bool]] = [
        (None, vocab.TPL_HELP_TITLE.format(agency=agency.name), True),
        (None, vocab.TPL_HELP_USE.format(guideline=_agency_text(GUIDELINE, agency)), False),
        (None, "", False),
        (digit[1], form1[0].format(n=n), True),
        *[("", text.format(n=n), False) for text in form1[1:]],
        (digit[2], form2[0], True),
        *[("", text, False) for text in form2[1:]],
        (digit[3], notes[0], True),
        *[("", text, False) for text in notes[1:]],
        (None, "", False),
        (vocab.TPL_COL_NO, vocab.SEED_FORM1_HEADERS[1], True),
        *[(str(m.number), m.text, False) for m in agency.measures],
        (None, "", False),
        (vocab.TPL_COL_NO, vocab.SEED_FORM2_VISITOR_HEADERS[1], True),
        *[(str(k), text, False) for k, text in enumerate(vocab.VISITOR_TYPES, start=1)],
        (None, "", False),
        (vocab.TPL_COL_NO, vocab.TPL_CHANNELS_HEAD, True),
        *[(str(k), text, False) for k, text in enumerate(vocab.CHANNELS, start=1)],
        (None, "", False),
        (vocab.TPL_COL_NO, vocab.TPL_UNITS_HEAD, True),
    ]
    for r, (num, text, bold) in enumerate(lines, start=1):
        if num is not None:
            ws.cell(row=r, column=1, value=num).font = _font(bold)
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", vertical="top")
        cell = ws.cell(row=r, column=2, value=text or None)
        cell.font = _font(bold, 18 if r == 1 else _SIZE)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first = len(lines) + 1
    for k, name in enumerate(unit_names):
        ws.cell(row=first + k, column=1, value=k + 1).font = _font()
        ws.cell(row=first + k, column=2, value=name).font = _font()
    if not unit_names:
        return None
    return f"'{INSTRUCTIONS_TAB}'!$B${first}:$B${first + len(unit_names) - 1}"


def write_template(
    out_dir: Path,
    unit: str | None = None,
    *,
    fiscal_year: int | None = None,
    units_file: Path | None = None,
) -> Path:
    """Write the unit report template into ``out_dir`` and return its path.

    With ``unit`` the template rows carry that unit's name and the file is named after it;
    without, the ``หน่วยงาน`` column offers the registry's names (``units_file``, default the
    bundled registry). Template rows are pre-filled for ``fiscal_year`` (default: the current
    fiscal year in Asia/Bangkok), rounds 6 and 12 months, and for form 1 measures 1–N of the
    agency profile in ``units_file`` (section 3).
    """
    unit = unit.strip() if unit and unit.strip() else None
    if unit is not None:
        unit = registry_unit(unit, units_file)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fy = fiscal_year or _fiscal_year()
    names = _bundled_unit_names(units_file)
    agency = _agency(units_file)
    n = agency.measure_count
    measure_numbers = range(1, n + 1)

    wb = Workbook()
    wb.remove(wb.active)
    unit_list = _instructions(wb, names, agency)

    # --- แบบรายงานที่ 1 ---
    h1 = list(vocab.FORM1_COLUMNS)
    rows1 = [[fy, rnd, unit, k, None, None, None, None, None, None] for rnd in vocab.ROUNDS for k in measure_numbers]
    ws1 = wb.create_sheet(vocab.FORM1_TAB)
    _title_rows(ws1, _agency_text(FORM1_TITLE, agency), unit, vocab.TPL_FORM1_NOTE, len(h1))
    result_col, evidence_col = h1.index(vocab.COL_RESULT), h1.index(vocab.COL_EVIDENCE)
    _header(ws1, h1, _widths(h1, rows1, wrap_at=14, wide={result_col: 60, evidence_col: 45}), 48)
    measure_col = h1.index(vocab.COL_MEASURE) + 1
    for r, (k, row) in enumerate(zip([k for _ in vocab.ROUNDS for k in measure_numbers], rows1, strict=True),
                                 start=FIRST_DATA_ROW):
        for c, v in enumerate(row, start=1):
            cell = ws1.cell(row=r, column=c, value=v)
            cell.font = _font()
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if c <= 4:
                cell.fill = _KEY_FILL
        ws1.row_dimensions[r].height = FORM1_ROW_HEIGHT
        comment = Comment(vocab.TPL_MEASURE_NOTE.format(number=k, text=agency.measure_text(k)), "ita-sync")
        comment.width, comment.height = 320, 120
        ws1.cell(row=r, column=measure_col).comment = comment
        # the officer filling the result cell sees which measure it is (issue 9, fault 16)
        result_ref = f"{get_column_letter(result_col + 1)}{r}"
        _input_message(ws1, result_ref, vocab.TPL_MEASURE_TITLE.format(number=k), agency.measure_text(k))
    _key_validations(ws1, h1, None if unit else unit_list)
    _validation(
        ws1, "list", _column_ref(h1, vocab.COL_MEASURE), formula1='"' + ",".join(map(str, measure_numbers)) + '"',
        title=vocab.COL_MEASURE, prompt=vocab.TPL_MEASURE_PROMPT.format(n=n), error=vocab.TPL_MEASURE_ERROR.format(n=n),
    )

    # --- แบบรายงานที่ 2 ---
    h2 = list(vocab.FORM2_COLUMNS)
    rows2 = [[fy, rnd, unit, *[None] * len(vocab.FORM2_COUNT_COLUMNS)] for rnd in vocab.ROUNDS]
    ws2 = wb.create_sheet(vocab.FORM2_TAB)
    _title_rows(
        ws2, _agency_text(FORM2_TITLE, agency), unit,
        vocab.TPL_FORM2_NOTE, len(h2),
    )
    _header(ws2, h2, _widths(h2, rows2, wrap_at=16), 72)
    for r, row in enumerate(rows2, start=FIRST_DATA_ROW):
        for c, v in enumerate(row, start=1):
            cell = ws2.cell(row=r, column=c, value=v)
            cell.font = _font()
            cell.border = _BORDER
            if c <= 3:
                cell.fill = _KEY_FILL
        ws2.row_dimensions[r].height = LINE_HEIGHT
    _key_validations(ws2, h2, None if unit else unit_list)
    first, last = get_column_letter(4), get_column_letter(len(h2))
    # a count is a whole number, "-" (none) or a number and one word ("12 คน", "1,234"): contract section 6
    tl = f"{first}{FIRST_DATA_ROW}"
    count = (f'OR({tl}="-",AND(ISNUMBER({tl}),{tl}>=0,{tl}=INT({tl})),'
             f'ISNUMBER(VALUE(SUBSTITUTE(IF(ISERROR(FIND(" ",TRIM({tl}))),TRIM({tl}),'
             f'LEFT(TRIM({tl}),FIND(" ",TRIM({tl}))-1)),",",""))))')
    _validation(
        ws2, "custom", f"{first}{FIRST_DATA_ROW}:{last}{LAST_VALIDATED_ROW}", formula1=count,
        title=vocab.R_COL_COUNT, prompt=vocab.TPL_COUNT_PROMPT, error=vocab.TPL_COUNT_ERROR, style="warning",
    )

    wb.active = wb.sheetnames.index(vocab.FORM1_TAB)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == vocab.FORM1_TAB
    path = out_dir / template_file_name(unit)
    wb.save(path)
    return path
