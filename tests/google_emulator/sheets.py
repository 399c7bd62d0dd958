"""Sheets v4 state and semantics: spreadsheets, tabs, cells, values, batchUpdate requests."""

from __future__ import annotations

import copy
import math
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from .a1 import RangeError, grid_a1, parse_range, quote_title
from .errors import ApiError, bad_request, invalid_field
from .masks import Tree, apply_mask, masked_update, parse_mask, subtree, wants
from .values import (
    DATE_TYPES,
    FormulaError,
    ev_python,
    evaluate_formula,
    format_value,
    json_number,
    parse_raw,
    parse_user_entered,
)

DEFAULT_ROWS = 1000
DEFAULT_COLS = 26
ROW_PX = 21
COL_PX = 100

DEFAULT_FORMAT: dict = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}


def _theme() -> dict:
    colors = [
        ("TEXT", {}),
        ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
        ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
        ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
        ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
        ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
        ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
        ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
        ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}),
    ]
    return {
        "primaryFontFamily": "Arial",
        "themeColors": [{"colorType": t, "color": {"rgbColor": dict(c)}} for t, c in colors],
    }


READ_ONLY_CELL_FIELDS = {"effectiveValue", "formattedValue", "effectiveFormat", "hyperlink"}
VALUE_KINDS = ("stringValue", "numberValue", "boolValue", "formulaValue", "errorValue")

ALL_REQUEST_KINDS = frozenset(
    "addBanding addChart addCommentReply addConditionalFormatRule addDataSource addDimensionGroup "
    "addFilterView addNamedRange addProtectedRange addSheet addSlicer addTable appendCells appendDimension "
    "autoFill autoResizeDimensions cancelDataSourceRefresh clearBasicFilter copyPaste createDeveloperMetadata "
    "cutPaste deleteBanding deleteComment deleteCommentReply deleteConditionalFormatRule deleteDataSource "
    "deleteDeveloperMetadata deleteDimension deleteDimensionGroup deleteDuplicates deleteEmbeddedObject "
    "deleteFilterView deleteNamedRange deleteProtectedRange deleteRange deleteSheet deleteTable "
    "duplicateFilterView duplicateSheet findReplace insertComment insertDimension insertRange mergeCells "
    "moveDimension pasteData randomizeRange refreshDataSource repeatCell setBasicFilter setDataValidation "
    "sortRange textToColumns trimWhitespace unmergeCells updateBanding updateBorders updateCells "
    "updateChartSpec updateCommentPost updateConditionalFormatRule updateDataSource updateDeveloperMetadata "
    "updateDimensionGroup updateDimensionProperties updateEmbeddedObjectBorder updateEmbeddedObjectPosition "
    "updateFilterView updateNamedRange updateProtectedRange updateSheetProperties updateSlicerSpec "
    "updateSpreadsheetProperties updateTable".split()
)


def new_spreadsheet_id() -> str:
    return "1" + secrets.token_urlsafe(32)[:43]


def _channel(v: float) -> float | int:
    """Sheets stores 8 bits per channel and prints them as float32 (0.5 -> 0.49803922)."""
    q = int(float(v) * 255 + 1e-6) / 255
    return json_number(float(f"{struct.unpack('f', struct.pack('f', q))[0]:.8g}"))


def _prune_color(c: Any) -> Any:
    if isinstance(c, dict):
        return {k: (_channel(v) if k != "alpha" else json_number(v)) for k, v in c.items() if v not in (0, 0.0, None)}
    return c


def strip_nulls(obj: Any) -> Any:
    """proto3 JSON: a null field is the same as an absent one."""
    if isinstance(obj, dict):
        return {k: strip_nulls(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [strip_nulls(v) for v in obj]
    return obj


def norm_grid_range(sheet: Sheet, gr: dict) -> dict:
    """A GridRange as the API echoes it: explicit bounds, sheetId omitted when 0."""
    out: dict[str, Any] = {}
    if sheet.sheet_id:
        out["sheetId"] = sheet.sheet_id
    out["startRowIndex"] = int(gr.get("startRowIndex", 0) or 0)
    out["endRowIndex"] = int(gr["endRowIndex"]) if gr.get("endRowIndex") is not None else sheet.rows
    out["startColumnIndex"] = int(gr.get("startColumnIndex", 0) or 0)
    out["endColumnIndex"] = int(gr["endColumnIndex"]) if gr.get("endColumnIndex") is not None else sheet.cols
    return out


def norm_dim_range(sheet: Sheet, dim: str, start: int, end: int) -> dict:
    out: dict[str, Any] = {}
    if sheet.sheet_id:
        out["sheetId"] = sheet.sheet_id
    out.update({"dimension": dim, "startIndex": start, "endIndex": end})
    return out


def normalize_format(fmt: dict) -> dict:
    """Mirror colors into *ColorStyle the way the API echoes them back, drop zero channels."""
    fmt = copy.deepcopy(fmt)
    for key in ("backgroundColor",):
        if key in fmt:
            fmt[key] = _prune_color(fmt[key])
            fmt[key + "Style"] = {"rgbColor": dict(fmt[key])}
        elif key + "Style" in fmt and "rgbColor" in fmt[key + "Style"]:
            fmt[key + "Style"]["rgbColor"] = _prune_color(fmt[key + "Style"]["rgbColor"])
            fmt[key] = dict(fmt[key + "Style"]["rgbColor"])
    tf = fmt.get("textFormat")
    if isinstance(tf, dict):
        if "foregroundColor" in tf:
            tf["foregroundColor"] = _prune_color(tf["foregroundColor"])
            tf["foregroundColorStyle"] = {"rgbColor": dict(tf["foregroundColor"])}
        elif "foregroundColorStyle" in tf and "rgbColor" in tf["foregroundColorStyle"]:
            tf["foregroundColorStyle"]["rgbColor"] = _prune_color(tf["foregroundColorStyle"]["rgbColor"])
            tf["foregroundColor"] = dict(tf["foregroundColorStyle"]["rgbColor"])
    return fmt


def _deep_merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


# ------------------------------------------------------------------------------------------ model


class Sheet:
    def __init__(self, props: dict):
        self.props = props
        self.cells: dict[tuple[int, int], dict] = {}
        self.row_meta: dict[int, dict] = {}
        self.col_meta: dict[int, dict] = {}
        self.merges: list[dict] = []
        self.conditional_formats: list[dict] = []
        self.charts: list[dict] = []
        self.protected_ranges: list[dict] = []
        self.basic_filter: dict | None = None
        self.row_groups: list[dict] = []
        self.column_groups: list[dict] = []

    @property
    def sheet_id(self) -> int:
        return int(self.props["sheetId"])

    @property
    def title(self) -> str:
        return self.props["title"]

    @property
    def rows(self) -> int:
        return int(self.props["gridProperties"]["rowCount"])

    @property
    def cols(self) -> int:
        return int(self.props["gridProperties"]["columnCount"])

    def set_size(self, rows: int | None = None, cols: int | None = None) -> None:
        gp = self.props["gridProperties"]
        if rows is not None:
            gp["rowCount"] = rows
        if cols is not None:
            gp["columnCount"] = cols
        r, c = self.rows, self.cols
        self.cells = {k: v for k, v in self.cells.items() if k[0] < r and k[1] < c}
        self.row_meta = {k: v for k, v in self.row_meta.items() if k < r}
        self.col_meta = {k: v for k, v in self.col_meta.items() if k < c}

    def clone(self) -> Sheet:
        s = Sheet(copy.deepcopy(self.props))
        s.cells = dict(self.cells)
        s.row_meta = {k: dict(v) for k, v in self.row_meta.items()}
        s.col_meta = {k: dict(v) for k, v in self.col_meta.items()}
        s.merges = copy.deepcopy(self.merges)
        s.conditional_formats = copy.deepcopy(self.conditional_formats)
        s.charts = copy.deepcopy(self.charts)
        s.protected_ranges = copy.deepcopy(self.protected_ranges)
        s.basic_filter = copy.deepcopy(self.basic_filter)
        s.row_groups = copy.deepcopy(self.row_groups)
        s.column_groups = copy.deepcopy(self.column_groups)
        return s

    def props_json(self) -> dict:
        p = copy.deepcopy(self.props)
        gp = p.get("gridProperties", {})
        for k in ("frozenRowCount", "frozenColumnCount"):
            if gp.get(k) == 0:
                gp.pop(k)
        for k in ("hideGridlines", "rowGroupControlAfter", "columnGroupControlAfter"):
            if gp.get(k) is False:
                gp.pop(k)
        for k in ("hidden", "rightToLeft"):
            if p.get(k) is False:
                p.pop(k)
        return p


class Spreadsheet:
    def __init__(self, spreadsheet_id: str, title: str, time_zone: str = "Etc/GMT", locale: str = "en_US"):
        self.id = spreadsheet_id
        self.props: dict = {
            "title": title,
            "locale": locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": time_zone,
            "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
            "spreadsheetTheme": _theme(),
        }
        self.sheets: list[Sheet] = []
        self.named_ranges: list[dict] = []
        self.developer_metadata: list[dict] = []
        self.next_sheet_id = 0

    @property
    def time_zone(self) -> str:
        return self.props["timeZone"]

    def clone(self) -> Spreadsheet:
        s = Spreadsheet.__new__(Spreadsheet)
        s.id = self.id
        s.props = copy.deepcopy(self.props)
        s.sheets = [sh.clone() for sh in self.sheets]
        s.named_ranges = copy.deepcopy(self.named_ranges)
        s.developer_metadata = copy.deepcopy(self.developer_metadata)
        s.next_sheet_id = self.next_sheet_id
        return s

    def reindex(self) -> None:
        for i, sh in enumerate(self.sheets):
            sh.props["index"] = i

    def sheet_by_id(self, sheet_id: Any, where: str = "") -> Sheet:
        try:
            sid = int(sheet_id or 0)
        except (TypeError, ValueError):
            raise bad_request(f"{where}No grid with id: {sheet_id}") from None
        for sh in self.sheets:
            if sh.sheet_id == sid:
                return sh
        raise bad_request(f"{where}No grid with id: {sid}")

    def sheet_by_title(self, title: str) -> Sheet | None:
        for sh in self.sheets:
            if sh.title == title:
                return sh
        low = title.casefold()
        for sh in self.sheets:
            if sh.title.casefold() == low:
                return sh
        return None

    def fresh_sheet_id(self) -> int:
        used = {sh.sheet_id for sh in self.sheets}
        while True:
            sid = secrets.randbelow(2**31 - 1) + 1
            if sid not in used:
                return sid

    def add_sheet(self, props: dict, where: str = "") -> Sheet:
        props = copy.deepcopy(props)
        if "sheetId" in props and props["sheetId"] is not None:
            sid = int(props["sheetId"])
            if sid < 0:
                raise bad_request(f"{where}Invalid sheetId: {sid}")
            if any(sh.sheet_id == sid for sh in self.sheets):
                raise bad_request(f"{where}A sheet with the id {sid} already exists.")
        else:
            sid = 0 if not self.sheets and self.next_sheet_id == 0 else self.fresh_sheet_id()
        self.next_sheet_id += 1
        title = props.get("title")
        if title is None or title == "":
            n = len(self.sheets) + 1
            while self.sheet_by_title(f"Sheet{n}") is not None:
                n += 1
            title = f"Sheet{n}"
        if self.sheet_by_title(title) is not None:
            raise bad_request(
                f'{where}A sheet with the name "{title}" already exists. Please enter another name.'
            )
        gp = dict(props.get("gridProperties") or {})
        gp.setdefault("rowCount", DEFAULT_ROWS)
        gp.setdefault("columnCount", DEFAULT_COLS)
        if int(gp["rowCount"]) <= 0 or int(gp["columnCount"]) <= 0:
            raise bad_request(f"{where}Sheet must have at least one row and one column.")
        frozen_r, frozen_c = int(gp.get("frozenRowCount", 0)), int(gp.get("frozenColumnCount", 0))
        if frozen_r >= int(gp["rowCount"]) or frozen_c >= int(gp["columnCount"]):
            raise bad_request(f"{where}You can't freeze all visible rows on the sheet.")
        index = props.get("index")
        if index is None or int(index) > len(self.sheets):
            index = len(self.sheets)
        full = {
            "sheetId": sid,
            "title": title,
            "index": int(index),
            "sheetType": props.get("sheetType", "GRID"),
            "gridProperties": {k: int(v) if not isinstance(v, bool) else v for k, v in gp.items()},
        }
        for k in ("hidden", "rightToLeft", "tabColor", "tabColorStyle"):
            if k in props:
                full[k] = props[k]
        _mirror_tab_color(full)
        sheet = Sheet(full)
        self.sheets.insert(int(index), sheet)
        self.reindex()
        return sheet


def _mirror_tab_color(props: dict) -> None:
    for key in ("tabColor", "tabColorStyle"):
        if key in props and not props[key]:
            props.pop(key)
    if "tabColorStyle" in props and "rgbColor" not in props["tabColorStyle"]:
        props.pop("tabColor", None)
        return
    if "tabColor" in props:
        props["tabColor"] = _prune_color(props["tabColor"])
        props["tabColorStyle"] = {"rgbColor": dict(props["tabColor"])}
    elif "tabColorStyle" in props and "rgbColor" in props["tabColorStyle"]:
        props["tabColorStyle"]["rgbColor"] = _prune_color(props["tabColorStyle"]["rgbColor"])
        props["tabColor"] = dict(props["tabColorStyle"]["rgbColor"])


# ------------------------------------------------------------------------------------------ ranges


@dataclass
class Box:
    sheet: Sheet
    r0: int
    r1: int
    c0: int
    c1: int

    def a1(self) -> str:
        return f"{quote_title(self.sheet.title)}!{grid_a1(self.r0, self.r1, self.c0, self.c1)}"


def resolve(ss: Spreadsheet, text: str, *, write: bool = False) -> Box:
    """A range text -> a box on a sheet; reads beyond the grid are an error, writes grow it."""
    try:
        p = parse_range(text)
    except RangeError:
        name = text.rpartition("!")[2]
        for nr in ss.named_ranges:
            if nr.get("name") == name:
                return grid_box(ss, nr.get("range", {}))
        raise bad_request(f"Unable to parse range: {text}") from None
    if p.whole:
        sheet = ss.sheet_by_title(p.sheet or "")
        if sheet is None:
            for nr in ss.named_ranges:
                if nr.get("name") == p.sheet:
                    return grid_box(ss, nr.get("range", {}))
            raise bad_request(f"Unable to parse range: {text}")
        return Box(sheet, 0, sheet.rows, 0, sheet.cols)
    if p.sheet is None:
        visible = [sh for sh in ss.sheets if not sh.props.get("hidden")] or ss.sheets
        sheet = visible[0]
    else:
        found = ss.sheet_by_title(p.sheet)
        if found is None:
            raise bad_request(f"Unable to parse range: {text}")
        sheet = found
    r1 = p.row_end if p.row_end is not None else max(sheet.rows, p.row_start + 1)
    c1 = p.col_end if p.col_end is not None else max(sheet.cols, p.col_start + 1)
    box = Box(sheet, p.row_start, r1, p.col_start, c1)
    if not write and (r1 > sheet.rows or c1 > sheet.cols):
        raise bad_request(
            f"Range ({quote_title(sheet.title, force=True)}!{grid_a1(box.r0, box.r1, box.c0, box.c1)}) "
            f"exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )
    return box


def grid_box(ss: Spreadsheet, gr: dict, where: str = "", *, check: bool = True) -> Box:
    sheet = ss.sheet_by_id(gr.get("sheetId", 0), where)
    r0 = int(gr.get("startRowIndex", 0) or 0)
    r1 = int(gr["endRowIndex"]) if gr.get("endRowIndex") is not None else sheet.rows
    c0 = int(gr.get("startColumnIndex", 0) or 0)
    c1 = int(gr["endColumnIndex"]) if gr.get("endColumnIndex") is not None else sheet.cols
    if r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0:
        raise bad_request(f"{where}Invalid range: start index must be <= end index.")
    if check and (r1 > sheet.rows or c1 > sheet.cols):
        raise bad_request(
            f"{where}Range ({quote_title(sheet.title, force=True)}!{grid_a1(r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))})"
            f" exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )
    return Box(sheet, r0, r1, c0, c1)


# ------------------------------------------------------------------------------------------ reading


class Evaluator:
    """Effective values for one request (formulas evaluated once, with cycle detection)."""

    def __init__(self, ss: Spreadsheet):
        self.ss = ss
        self.cache: dict[tuple[int, int, int], dict] = {}
        self.visiting: set[tuple[int, int, int]] = set()

    def effective(self, sheet: Sheet, r: int, c: int) -> dict | None:
        cell = sheet.cells.get((r, c))
        if not cell:
            return None
        uev = cell.get("userEnteredValue")
        if not uev:
            return None
        if "formulaValue" not in uev:
            return uev
        key = (sheet.sheet_id, r, c)
        if key in self.cache:
            return self.cache[key]
        if key in self.visiting:
            return {"errorValue": {"type": "REF", "message": "Circular dependency detected."}}
        self.visiting.add(key)
        try:
            ev = evaluate_formula(uev["formulaValue"], lambda s, r0, r1, c0, c1: self._grid(sheet, s, r0, r1, c0, c1))
        finally:
            self.visiting.discard(key)
        self.cache[key] = ev
        return ev

    def _grid(self, here: Sheet, title: str | None, r0: int, r1: int, c0: int, c1: int) -> list[list[Any]]:
        sheet = here if title is None else self.ss.sheet_by_title(title)
        if sheet is None:
            raise FormulaError("REF", f"Unresolved sheet name '{title}'.")
        out = []
        for r in range(r0, r1):
            row = []
            for c in range(c0, c1):
                ev = self.effective(sheet, r, c)
                if ev and "errorValue" in ev:
                    raise FormulaError(ev["errorValue"].get("type", "ERROR"), ev["errorValue"].get("message", ""))
                row.append(ev_python(ev))
            out.append(row)
        return out

    def render(self, sheet: Sheet, r: int, c: int, vro: str, dtro: str) -> Any:
        cell = sheet.cells.get((r, c))
        if not cell:
            return None
        uev = cell.get("userEnteredValue")
        if not uev:
            return None
        if vro == "FORMULA" and "formulaValue" in uev:
            return uev["formulaValue"]
        ev = self.effective(sheet, r, c) or {}
        nf = (cell.get("userEnteredFormat") or {}).get("numberFormat")
        if vro == "FORMATTED_VALUE":
            return format_value(ev, nf)
        if "numberValue" in ev:
            if dtro == "FORMATTED_STRING" and nf and nf.get("type") in DATE_TYPES:
                return format_value(ev, nf)
            return json_number(ev["numberValue"])
        if "errorValue" in ev:
            return format_value(ev, nf)
        return ev_python(ev)

    def cell_json(self, sheet: Sheet, r: int, c: int, fields: Tree | None, want: dict[str, bool] | None = None) -> dict:
        """CellData of one cell, only the fields the mask asks for."""
        cell = sheet.cells.get((r, c))
        if not cell:
            return {}
        if want is None:
            want = cell_wants(fields)
        out: dict = {}
        if want["userEnteredValue"] and "userEnteredValue" in cell:
            out["userEnteredValue"] = _numbers_out(cell["userEnteredValue"])
        ev = None
        if want["effectiveValue"] or want["formattedValue"] or want["effectiveFormat"]:
            ev = self.effective(sheet, r, c)
        if ev is not None and want["effectiveValue"]:
            out["effectiveValue"] = _numbers_out(ev)
        if ev is not None and want["formattedValue"]:
            out["formattedValue"] = format_value(ev, (cell.get("userEnteredFormat") or {}).get("numberFormat"))
        if "userEnteredFormat" in cell and want["userEnteredFormat"]:
            out["userEnteredFormat"] = copy.deepcopy(cell["userEnteredFormat"])
        if (ev is not None or "userEnteredFormat" in cell) and want["effectiveFormat"]:
            base = dict(DEFAULT_FORMAT)
            if ev is not None:
                base = _deep_merge(
                    base,
                    {"horizontalAlignment": "RIGHT" if "numberValue" in ev else "LEFT",
                     "hyperlinkDisplayType": "PLAIN_TEXT"},
                )
            out["effectiveFormat"] = normalize_format(_deep_merge(base, cell.get("userEnteredFormat") or {}))
        for key in ("note", "dataValidation", "textFormatRuns", "hyperlink", "pivotTable"):
            if key in cell and want[key]:
                out[key] = copy.deepcopy(cell[key])
        if want["_nested"]:
            out = apply_mask(out, fields)
        return out


CELL_KEYS = ("userEnteredValue", "effectiveValue", "formattedValue", "userEnteredFormat", "effectiveFormat",
             "note", "dataValidation", "textFormatRuns", "hyperlink", "pivotTable")


def cell_wants(fields: Tree | None) -> dict[str, bool]:
    want = {key: wants(fields, key) for key in CELL_KEYS}
    want["_nested"] = fields is not None and "*" not in fields and any(v is not None for v in fields.values())
    return want


def _numbers_out(ev: dict) -> dict:
    if "numberValue" in ev:
        return {**ev, "numberValue": json_number(ev["numberValue"])}
    return dict(ev)


def _trim(row: list[Any]) -> list[Any]:
    n = len(row)
    while n and row[n - 1] is None:
        n -= 1
    return ["" if v is None else v for v in row[:n]]


def read_values(ss: Spreadsheet, text: str, vro: str, dtro: str, major: str, ev: Evaluator | None = None) -> dict:
    vro = vro or "FORMATTED_VALUE"
    dtro = dtro or "SERIAL_NUMBER"
    major = major or "ROWS"
    if vro not in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
        raise bad_request(f"Invalid value at 'value_render_option' (TYPE_ENUM), \"{vro}\"")
    if dtro not in ("SERIAL_NUMBER", "FORMATTED_STRING"):
        raise bad_request(f"Invalid value at 'date_time_render_option' (TYPE_ENUM), \"{dtro}\"")
    if major not in ("ROWS", "COLUMNS"):
        raise bad_request(f"Invalid value at 'major_dimension' (TYPE_ENUM), \"{major}\"")
    box = resolve(ss, text)
    ev = ev or Evaluator(ss)
    sheet = box.sheet
    present: dict[int, dict[int, Any]] = {}
    formatted = vro == "FORMATTED_VALUE"
    for (r, c), cell in sheet.cells.items():
        if box.r0 <= r < box.r1 and box.c0 <= c < box.c1 and cell.get("userEnteredValue"):
            uev = cell["userEnteredValue"]
            if "userEnteredFormat" not in cell and "formulaValue" not in uev:  # fast path: plain values
                if "stringValue" in uev:
                    v = uev["stringValue"]
                elif "numberValue" in uev:
                    v = format_value(uev, None) if formatted else json_number(uev["numberValue"])
                elif "boolValue" in uev:
                    v = ("TRUE" if uev["boolValue"] else "FALSE") if formatted else uev["boolValue"]
                else:
                    v = ev.render(sheet, r, c, vro, dtro)
            else:
                v = ev.render(sheet, r, c, vro, dtro)
            if v is not None and v != "":
                if major == "ROWS":
                    present.setdefault(r - box.r0, {})[c - box.c0] = v
                else:
                    present.setdefault(c - box.c0, {})[r - box.r0] = v
    out: dict[str, Any] = {"range": box.a1(), "majorDimension": major}
    if present:
        last = max(present)
        rows = []
        for i in range(last + 1):
            line = present.get(i)
            if not line:
                rows.append([])
                continue
            width = max(line) + 1
            rows.append(_trim([line.get(j) for j in range(width)]))
        out["values"] = rows
    return out


def spreadsheet_json(ss: Spreadsheet, ranges: list[str], include_grid: bool, fields: str | None) -> dict:
    tree = parse_mask(fields) if fields else None
    data_tree = subtree(tree, "sheets", "data") if tree is not None else None
    data_wanted = include_grid if tree is None else wants(tree, "sheets", "data")
    boxes: list[Box] = [resolve(ss, r) for r in ranges]
    sheets_out = []
    grids: list[list[dict] | None] = []
    ev = Evaluator(ss)
    for sh in ss.sheets:
        mine = [b for b in boxes if b.sheet is sh]
        if boxes and not mine:
            continue
        sj: dict[str, Any] = {"properties": sh.props_json()}
        if data_wanted:
            targets = mine or [Box(sh, 0, sh.rows, 0, sh.cols)]
            grids.append([_grid_data(ev, b, data_tree) for b in targets])
        else:
            grids.append(None)
        if sh.merges:
            sj["merges"] = copy.deepcopy(sh.merges)
        if sh.conditional_formats:
            sj["conditionalFormats"] = copy.deepcopy(sh.conditional_formats)
        if sh.protected_ranges:
            sj["protectedRanges"] = copy.deepcopy(sh.protected_ranges)
        if sh.basic_filter:
            sj["basicFilter"] = copy.deepcopy(sh.basic_filter)
        if sh.charts:
            sj["charts"] = copy.deepcopy(sh.charts)
        if sh.row_groups:
            sj["rowGroups"] = copy.deepcopy(sh.row_groups)
        if sh.column_groups:
            sj["columnGroups"] = copy.deepcopy(sh.column_groups)
        sheets_out.append(sj)
    out: dict[str, Any] = {
        "spreadsheetId": ss.id,
        "properties": copy.deepcopy(ss.props),
        "sheets": sheets_out,
    }
    if ss.named_ranges:
        out["namedRanges"] = copy.deepcopy(ss.named_ranges)
    if ss.developer_metadata:
        out["developerMetadata"] = copy.deepcopy(ss.developer_metadata)
    out["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{ss.id}/edit"
    if tree is not None:
        out = apply_mask(out, tree)  # grid data is built already masked, and joined after
    if data_wanted:
        masked_sheets = out.setdefault("sheets", [{} for _ in sheets_out])
        for sj, grid in zip(masked_sheets, grids):
            if grid is not None:
                for gd in grid:
                    _trim_grid(gd)
                sj["data"] = grid
    return out


def _grid_data(ev: Evaluator, box: Box, tree: Tree | None) -> dict:
    """GridData of a box, built with only the fields of ``tree`` (the mask below sheets.data)."""
    sh = box.sheet
    gd: dict[str, Any] = {}
    if box.r0 and wants(tree, "startRow"):
        gd["startRow"] = box.r0
    if box.c0 and wants(tree, "startColumn"):
        gd["startColumn"] = box.c0
    if wants(tree, "rowData"):
        row_tree = subtree(tree, "rowData")
        cell_fields = subtree(row_tree, "values")
        want = cell_wants(cell_fields)
        by_row: dict[int, list[int]] = {}
        for r, c in sh.cells:
            if box.r0 <= r < box.r1 and box.c0 <= c < box.c1:
                by_row.setdefault(r, []).append(c)
        rows: list[dict] = []
        if by_row and wants(row_tree, "values"):
            for r in range(box.r0, max(by_row) + 1):
                cols = by_row.get(r)
                if not cols:
                    rows.append({})
                    continue
                width = max(cols) + 1 - box.c0
                vals: list[dict] = [{} for _ in range(width)]
                for c in cols:
                    vals[c - box.c0] = ev.cell_json(sh, r, c, cell_fields, want)
                rows.append({"values": vals})
        gd["rowData"] = rows
    if wants(tree, "rowMetadata"):
        meta = [{"pixelSize": ROW_PX, **sh.row_meta.get(r, {})} for r in range(box.r0, box.r1)]
        gd["rowMetadata"] = apply_mask(meta, subtree(tree, "rowMetadata"))
    if wants(tree, "columnMetadata"):
        meta = [{"pixelSize": COL_PX, **sh.col_meta.get(c, {})} for c in range(box.c0, box.c1)]
        gd["columnMetadata"] = apply_mask(meta, subtree(tree, "columnMetadata"))
    return gd


def _trim_grid(gd: dict) -> None:
    rows = gd.get("rowData")
    if rows is None:
        return
    for row in rows:
        vals = row.get("values")
        if vals is None:
            continue
        n = len(vals)
        while n and not vals[n - 1]:
            n -= 1
        if n:
            row["values"] = vals[:n]
        else:
            row.pop("values")
    n = len(rows)
    while n and not rows[n - 1]:
        n -= 1
    if n:
        gd["rowData"] = rows[:n]
    else:
        gd.pop("rowData")


# ------------------------------------------------------------------------------------------ values writes


def _check_matrix(values: Any, field: str) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise invalid_field(field, values, "type.googleapis.com/google.protobuf.ListValue")
    for i, row in enumerate(values):
        if not isinstance(row, list):
            raise invalid_field(f"{field}[{i}]", row, "type.googleapis.com/google.protobuf.ListValue")
        for j, v in enumerate(row):
            if isinstance(v, (dict, list)):
                raise invalid_field(f"{field}[{i}][{j}]", v, "type.googleapis.com/google.protobuf.Value")
    return values


def _parser(option: str | None):
    if option == "RAW":
        return parse_raw
    if option == "USER_ENTERED":
        return parse_user_entered
    if option in (None, "", "INPUT_VALUE_OPTION_UNSPECIFIED"):
        raise bad_request("'valueInputOption' is required but not specified")
    raise bad_request(f"Invalid value at 'value_input_option' (TYPE_ENUM), \"{option}\"")


def _set_value(sheet: Sheet, r: int, c: int, parsed: dict) -> None:
    old = sheet.cells.get((r, c), {})
    new = {k: v for k, v in old.items() if k != "userEnteredValue"}
    if "userEnteredValue" in parsed:
        new["userEnteredValue"] = parsed["userEnteredValue"]
    if "userEnteredFormat" in parsed:
        fmt = dict(new.get("userEnteredFormat") or {})
        old_nf = fmt.get("numberFormat")
        if not (old_nf and old_nf.get("type") == parsed["userEnteredFormat"]["numberFormat"]["type"]):
            fmt["numberFormat"] = parsed["userEnteredFormat"]["numberFormat"]
        new["userEnteredFormat"] = fmt
    if new:
        sheet.cells[(r, c)] = new
    else:
        sheet.cells.pop((r, c), None)


def write_values(ss: Spreadsheet, range_text: str, body: dict, option: str | None, field: str = "data") -> dict:
    parse = _parser(option)
    if body.get("range") and body["range"] != range_text:
        b1, b2 = resolve(ss, body["range"], write=True), resolve(ss, range_text, write=True)
        if (b1.sheet, b1.r0, b1.c0) != (b2.sheet, b2.r0, b2.c0):
            raise bad_request(
                f"Requested writing within range [{range_text}], but the request body has range [{body['range']}]."
            )
    values = _check_matrix(body.get("values"), f"{field}.values")
    major = body.get("majorDimension") or "ROWS"
    if major == "COLUMNS":
        width = max((len(col) for col in values), default=0)
        values = [[col[i] if i < len(col) else None for col in values] for i in range(width)]
        values = [[v for v in row] for row in values]
    box = resolve(ss, range_text, write=True)
    sheet = box.sheet
    p = parse_range(range_text)
    nrows = len(values)
    ncols = max((len(r) for r in values), default=0)
    if nrows == 0 or ncols == 0:
        return {"spreadsheetId": ss.id}
    if not p.whole and ":" in range_text.rpartition("!")[2]:  # one cell is an anchor, a range a bound
        if p.row_end is not None and box.r0 + nrows > p.row_end:
            raise bad_request(
                f"Requested writing within range [{range_text}], but tried writing to row [{box.r0 + nrows}]"
            )
        if p.col_end is not None and box.c0 + ncols > p.col_end:
            from .a1 import index_to_col

            raise bad_request(
                f"Requested writing within range [{range_text}], but tried writing to column "
                f"[{index_to_col(box.c0 + ncols - 1)}]"
            )
    if box.r0 + nrows > sheet.rows or box.c0 + ncols > sheet.cols:
        sheet.set_size(max(sheet.rows, box.r0 + nrows), max(sheet.cols, box.c0 + ncols))
    cells = 0
    touched_rows: set[int] = set()
    touched_cols: set[int] = set()
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            parsed = parse(v)
            if parsed is None:
                continue
            _set_value(sheet, box.r0 + i, box.c0 + j, parsed)
            cells += 1
            touched_rows.add(i)
            touched_cols.add(j)
    out_box = Box(sheet, box.r0, box.r0 + nrows, box.c0, box.c0 + ncols)
    return {
        "spreadsheetId": ss.id,
        "updatedRange": out_box.a1(),
        "updatedRows": len(touched_rows),
        "updatedColumns": len(touched_cols),
        "updatedCells": cells,
    }


def clear_values(ss: Spreadsheet, range_text: str) -> str:
    box = resolve(ss, range_text)
    sheet = box.sheet
    for key in [k for k in sheet.cells if box.r0 <= k[0] < box.r1 and box.c0 <= k[1] < box.c1]:
        cell = {k: v for k, v in sheet.cells[key].items() if k != "userEnteredValue"}
        if cell:
            sheet.cells[key] = cell
        else:
            del sheet.cells[key]
    return box.a1()


def append_values(ss: Spreadsheet, range_text: str, body: dict, option: str | None, insert: str | None) -> dict:
    _parser(option)
    values = _check_matrix(body.get("values"), "data.values")
    box = resolve(ss, range_text, write=True)
    sheet = box.sheet
    p = parse_range(range_text)
    c_lo, c_hi = box.c0, min(box.c1, sheet.cols)
    r_hi = min(box.r1, sheet.rows)

    def filled(r: int) -> list[int]:
        return [c for c in range(c_lo, c_hi) if (sheet.cells.get((r, c)) or {}).get("userEnteredValue")]

    occupied_rows = sorted({r for (r, c), cell in sheet.cells.items()
                            if box.r0 <= r < r_hi and c_lo <= c < c_hi and cell.get("userEnteredValue")})
    table: Box | None = None
    if occupied_rows:
        first = last = occupied_rows[0]
        while last + 1 < sheet.rows and filled(last + 1):
            last += 1
        cols = sorted({c for r in range(first, last + 1) for c in filled(r)})
        if p.whole:
            run_start = cols[-1]
            while run_start - 1 in cols:
                run_start -= 1
            cols = [c for c in cols if c >= run_start]
        table = Box(sheet, first, last + 1, cols[0], cols[-1] + 1)
        start_row, start_col = last + 1, table.c0 if p.whole else box.c0
    else:
        start_row, start_col = box.r0, box.c0
    nrows = len(values)
    if (insert or "OVERWRITE") == "INSERT_ROWS" and nrows:
        _insert_rows(sheet, start_row, nrows)
    from .a1 import index_to_col

    target = f"{quote_title(sheet.title, force=True)}!{index_to_col(start_col)}{start_row + 1}"
    updates = write_values(ss, target, {"values": values, "majorDimension": body.get("majorDimension")}, option)
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if table is not None:
        out["tableRange"] = table.a1()
    out["updates"] = updates
    return out


def _insert_rows(sheet: Sheet, at: int, n: int) -> None:
    sheet.props["gridProperties"]["rowCount"] = sheet.rows + n
    sheet.cells = {((r + n if r >= at else r), c): v for (r, c), v in sheet.cells.items()}
    sheet.row_meta = {(r + n if r >= at else r): v for r, v in sheet.row_meta.items()}


# ------------------------------------------------------------------------------------------ batchUpdate


class BatchUpdate:
    """Applies requests to a clone; the caller swaps the clone in only when all succeeded."""

    def __init__(self, ss: Spreadsheet, actor: str | None = None):
        self.ss = ss
        self.actor = actor

    def run(self, requests: list[dict]) -> list[dict]:
        replies = []
        for i, req in enumerate(requests):
            if not isinstance(req, dict) or len(req) != 1:
                kinds = list(req) if isinstance(req, dict) else []
                if isinstance(req, dict) and not kinds:
                    raise bad_request(f"Invalid requests[{i}]: No request specified.")
                raise bad_request(f"Invalid requests[{i}]: Only one request kind may be set, found {kinds}.")
            kind, arg = next(iter(req.items()))
            arg = strip_nulls(arg)
            if kind not in ALL_REQUEST_KINDS:
                raise bad_request(
                    f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': Cannot find field."
                )
            handler = getattr(self, "do_" + kind, None)
            if handler is None:
                raise ApiError(501, f"Invalid requests[{i}].{kind}: not implemented by the emulator.")
            where = f"Invalid requests[{i}].{kind}: "
            if not isinstance(arg, dict):
                raise bad_request(f"Invalid value at 'requests[{i}].{kind}'")
            try:
                reply = handler(arg, where)
            except ApiError:
                raise
            except (KeyError, TypeError, ValueError) as e:
                raise bad_request(f"{where}{e}") from None
            replies.append(reply or {})
        return replies

    # -- sheets
    def do_addSheet(self, arg: dict, where: str) -> dict:
        sheet = self.ss.add_sheet(arg.get("properties") or {}, where)
        return {"addSheet": {"properties": sheet.props_json()}}

    def do_deleteSheet(self, arg: dict, where: str) -> None:
        sheet = self.ss.sheet_by_id(arg.get("sheetId", 0), where)
        if len(self.ss.sheets) == 1:
            raise bad_request(f"{where}You can't remove all the sheets in a document.")
        self.ss.sheets.remove(sheet)
        self.ss.named_ranges = [n for n in self.ss.named_ranges if n.get("range", {}).get("sheetId", 0) != sheet.sheet_id]
        if all(sh.props.get("hidden") for sh in self.ss.sheets):
            raise bad_request(f"{where}You can't remove all the visible sheets in a document.")
        self.ss.reindex()

    def do_updateSheetProperties(self, arg: dict, where: str) -> None:
        props = arg.get("properties") or {}
        fields = arg.get("fields")
        if not fields:
            raise bad_request(f"{where}At least one field must be updated, but 'fields' is empty.")
        sheet = self.ss.sheet_by_id(props.get("sheetId", 0), where)
        tree = parse_mask(fields)
        for bad in ("sheetId", "sheetType"):
            if bad in tree and props.get(bad, sheet.props.get(bad)) != sheet.props.get(bad):
                raise bad_request(f"{where}Cannot change the {bad} of a sheet.")
        old_index = sheet.props["index"]
        merged = masked_update(sheet.props, props, tree)
        merged["sheetId"] = sheet.sheet_id
        merged.setdefault("sheetType", "GRID")
        if "title" in merged and merged["title"] != sheet.title:
            other = self.ss.sheet_by_title(merged["title"])
            if other is not None and other is not sheet:
                raise bad_request(
                    f'{where}A sheet with the name "{merged["title"]}" already exists. Please enter another name.'
                )
            if not merged["title"]:
                raise bad_request(f"{where}The sheet name cannot be empty.")
        gp = merged.setdefault("gridProperties", {})
        gp.setdefault("rowCount", sheet.rows)
        gp.setdefault("columnCount", sheet.cols)
        if int(gp["rowCount"]) <= 0 or int(gp["columnCount"]) <= 0:
            raise bad_request(f"{where}Sheet must have at least one row and one column.")
        if int(gp.get("frozenRowCount", 0)) >= int(gp["rowCount"]):
            raise bad_request(f"{where}You can't freeze all visible rows on the sheet.")
        if int(gp.get("frozenColumnCount", 0)) >= int(gp["columnCount"]):
            raise bad_request(f"{where}You can't freeze all visible columns on the sheet.")
        if "tabColor" in (tree or {}) or "tabColorStyle" in (tree or {}):
            if "tabColor" not in props and "tabColorStyle" not in props:
                merged.pop("tabColor", None)
                merged.pop("tabColorStyle", None)
            elif "tabColor" in tree:
                merged.pop("tabColorStyle", None)
            else:
                merged.pop("tabColor", None)
            _mirror_tab_color(merged)
        new_index = merged.get("index", old_index)
        merged["index"] = old_index
        sheet.props = merged
        sheet.set_size()
        if merged.get("hidden") and all(sh.props.get("hidden") for sh in self.ss.sheets):
            raise bad_request(f"{where}You can't hide all the sheets in a document.")
        if new_index != old_index:
            self.ss.sheets.remove(sheet)
            target = int(new_index)
            if target > old_index:
                target -= 1
            self.ss.sheets.insert(max(0, min(target, len(self.ss.sheets))), sheet)
            self.ss.reindex()

    def do_updateSpreadsheetProperties(self, arg: dict, where: str) -> None:
        fields = arg.get("fields")
        if not fields:
            raise bad_request(f"{where}At least one field must be updated, but 'fields' is empty.")
        self.ss.props = masked_update(self.ss.props, arg.get("properties") or {}, parse_mask(fields))

    # -- cells
    def _write_cells(self, sheet: Sheet, r: int, c: int, data: dict, tree: Tree | None, where: str) -> None:
        data = {k: v for k, v in data.items() if k not in READ_ONLY_CELL_FIELDS}
        uev = data.get("userEnteredValue")
        if uev is not None:
            kinds = [k for k in VALUE_KINDS if k in uev]
            if len(kinds) > 1:
                raise bad_request(f"{where}Only one value kind may be set in userEnteredValue, found {kinds}.")
            unknown = [k for k in uev if k not in VALUE_KINDS]
            if unknown:
                raise bad_request(f"{where}Unknown name \"{unknown[0]}\" in userEnteredValue.")
            if "numberValue" in uev:
                nv = uev["numberValue"]
                if isinstance(nv, bool) or not isinstance(nv, (int, float, str)):
                    raise bad_request(f"{where}Invalid numberValue: {nv!r}")
                try:
                    nv = float(nv)
                except ValueError:
                    raise bad_request(f"{where}Invalid numberValue: {nv!r}") from None
                if not math.isfinite(nv):
                    raise bad_request(f"{where}Invalid numberValue: {nv!r}")
                uev = {"numberValue": nv}
            if "stringValue" in uev and not isinstance(uev["stringValue"], str):
                raise bad_request(f"{where}Invalid stringValue: {uev['stringValue']!r}")
            if "boolValue" in uev and not isinstance(uev["boolValue"], bool):
                raise bad_request(f"{where}Invalid boolValue: {uev['boolValue']!r}")
            if "formulaValue" in uev and not str(uev["formulaValue"]).startswith("="):
                raise bad_request(f"{where}Formula must start with '='.")
            data = {**data, "userEnteredValue": uev}
        if "userEnteredFormat" in data:
            data = {**data, "userEnteredFormat": normalize_format(data["userEnteredFormat"])}
        old = sheet.cells.get((r, c), {})
        new = masked_update(old, data, tree)
        if "userEnteredFormat" in new:
            new["userEnteredFormat"] = normalize_format(new["userEnteredFormat"])
            if not new["userEnteredFormat"]:
                new.pop("userEnteredFormat")
        for k in READ_ONLY_CELL_FIELDS:
            new.pop(k, None)
        for key in [k for k, v in new.items() if v in ({}, "", [])]:
            new.pop(key)
        if new:
            sheet.cells[(r, c)] = new
        else:
            sheet.cells.pop((r, c), None)

    def _fields(self, arg: dict, where: str) -> Tree | None:
        fields = arg.get("fields")
        if not fields:
            raise bad_request(f"{where}At least one field must be updated, but 'fields' is empty.")
        tree = parse_mask(fields)
        return None if "*" in tree else tree

    def do_updateCells(self, arg: dict, where: str) -> None:
        tree = self._fields(arg, where)
        rows = arg.get("rows") or []
        if ("start" in arg) == ("range" in arg):
            raise bad_request(f"{where}Exactly one of 'start' or 'range' must be set.")
        if "start" in arg:
            st = arg["start"]
            sheet = self.ss.sheet_by_id(st.get("sheetId", 0), where)
            r0, c0 = int(st.get("rowIndex", 0) or 0), int(st.get("columnIndex", 0) or 0)
            height = len(rows)
            width = max((len(r.get("values") or []) for r in rows), default=0)
            if r0 + height > sheet.rows or c0 + width > sheet.cols:
                raise bad_request(
                    f"{where}Range ({quote_title(sheet.title, force=True)}!"
                    f"{grid_a1(r0, max(r0 + height, r0 + 1), c0, max(c0 + width, c0 + 1))}) "
                    f"exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
                )
            for i, row in enumerate(rows):
                for j, cell in enumerate(row.get("values") or []):
                    self._write_cells(sheet, r0 + i, c0 + j, cell or {}, tree, where)
            return
        box = grid_box(self.ss, arg["range"], where)
        for i, r in enumerate(range(box.r0, box.r1)):
            vals = (rows[i].get("values") or []) if i < len(rows) else []
            for j, c in enumerate(range(box.c0, box.c1)):
                self._write_cells(box.sheet, r, c, (vals[j] or {}) if j < len(vals) else {}, tree, where)
        if len(rows) > box.r1 - box.r0 or any(len(r.get("values") or []) > box.c1 - box.c0 for r in rows):
            raise bad_request(f"{where}Attempting to write data outside the requested range.")

    def do_repeatCell(self, arg: dict, where: str) -> None:
        tree = self._fields(arg, where)
        box = grid_box(self.ss, arg.get("range") or {}, where)
        cell = arg.get("cell") or {}
        for r in range(box.r0, box.r1):
            for c in range(box.c0, box.c1):
                self._write_cells(box.sheet, r, c, cell, tree, where)

    def do_appendCells(self, arg: dict, where: str) -> None:
        tree = self._fields(arg, where)
        sheet = self.ss.sheet_by_id(arg.get("sheetId", 0), where)
        rows = arg.get("rows") or []
        last = max((r for (r, _c), cell in sheet.cells.items() if cell.get("userEnteredValue")), default=-1)
        start = last + 1
        width = max((len(r.get("values") or []) for r in rows), default=0)
        if start + len(rows) > sheet.rows:
            sheet.props["gridProperties"]["rowCount"] = start + len(rows)
        if width > sheet.cols:
            sheet.props["gridProperties"]["columnCount"] = width
        for i, row in enumerate(rows):
            for j, cell in enumerate(row.get("values") or []):
                self._write_cells(sheet, start + i, j, cell or {}, tree, where)

    def do_setDataValidation(self, arg: dict, where: str) -> None:
        box = grid_box(self.ss, arg.get("range") or {}, where)
        rule = arg.get("rule")
        for r in range(box.r0, box.r1):
            for c in range(box.c0, box.c1):
                self._write_cells(box.sheet, r, c, {"dataValidation": rule} if rule else {},
                                  {"dataValidation": None}, where)

    # -- dimensions
    def _dim(self, rng: dict, where: str) -> tuple[Sheet, str, int, int]:
        sheet = self.ss.sheet_by_id(rng.get("sheetId", 0), where)
        dim = rng.get("dimension")
        if dim not in ("ROWS", "COLUMNS"):
            raise bad_request(f"{where}Invalid dimension: {dim!r}")
        size = sheet.rows if dim == "ROWS" else sheet.cols
        start = int(rng.get("startIndex", 0) or 0)
        end = int(rng["endIndex"]) if rng.get("endIndex") is not None else size
        if start < 0 or end < start or end > size:
            raise bad_request(
                f"{where}Invalid dimension range [{start}, {end}) for a sheet with {size} {dim.lower()}."
            )
        return sheet, dim, start, end

    def do_updateDimensionProperties(self, arg: dict, where: str) -> None:
        tree = self._fields(arg, where)
        if "range" not in arg:
            raise bad_request(f"{where}'range' is required.")
        sheet, dim, start, end = self._dim(arg["range"], where)
        meta = sheet.row_meta if dim == "ROWS" else sheet.col_meta
        props = arg.get("properties") or {}
        if "pixelSize" in props and int(props["pixelSize"]) < 0:
            raise bad_request(f"{where}pixelSize must be >= 0.")
        for i in range(start, end):
            default = {"pixelSize": ROW_PX if dim == "ROWS" else COL_PX}
            meta[i] = masked_update({**default, **meta.get(i, {})}, props, tree)
            if meta[i].get("hiddenByUser") is False:
                meta[i].pop("hiddenByUser")

    def do_appendDimension(self, arg: dict, where: str) -> None:
        sheet = self.ss.sheet_by_id(arg.get("sheetId", 0), where)
        length = int(arg.get("length", 0))
        if length <= 0:
            raise bad_request(f"{where}length must be > 0.")
        if arg.get("dimension") == "ROWS":
            sheet.props["gridProperties"]["rowCount"] = sheet.rows + length
        elif arg.get("dimension") == "COLUMNS":
            sheet.props["gridProperties"]["columnCount"] = sheet.cols + length
        else:
            raise bad_request(f"{where}Invalid dimension: {arg.get('dimension')!r}")

    def do_insertDimension(self, arg: dict, where: str) -> None:
        rng = arg.get("range") or {}
        sheet = self.ss.sheet_by_id(rng.get("sheetId", 0), where)
        dim = rng.get("dimension")
        start, end = int(rng.get("startIndex", 0) or 0), int(rng.get("endIndex", 0) or 0)
        n = end - start
        size = sheet.rows if dim == "ROWS" else sheet.cols
        if dim not in ("ROWS", "COLUMNS") or n <= 0 or start > size:
            raise bad_request(f"{where}Invalid range.")
        if dim == "ROWS":
            _insert_rows(sheet, start, n)
        else:
            sheet.props["gridProperties"]["columnCount"] = sheet.cols + n
            sheet.cells = {(r, (c + n if c >= start else c)): v for (r, c), v in sheet.cells.items()}
            sheet.col_meta = {(c + n if c >= start else c): v for c, v in sheet.col_meta.items()}

    def do_deleteDimension(self, arg: dict, where: str) -> None:
        sheet, dim, start, end = self._dim(arg.get("range") or {}, where)
        n = end - start
        size = sheet.rows if dim == "ROWS" else sheet.cols
        if n >= size:
            raise bad_request(f"{where}You can't delete all the {dim.lower()} on the sheet.")
        if dim == "ROWS":
            sheet.cells = {((r - n if r >= end else r), c): v for (r, c), v in sheet.cells.items()
                           if not start <= r < end}
            sheet.row_meta = {(r - n if r >= end else r): v for r, v in sheet.row_meta.items() if not start <= r < end}
            sheet.props["gridProperties"]["rowCount"] = size - n
        else:
            sheet.cells = {(r, (c - n if c >= end else c)): v for (r, c), v in sheet.cells.items()
                           if not start <= c < end}
            sheet.col_meta = {(c - n if c >= end else c): v for c, v in sheet.col_meta.items() if not start <= c < end}
            sheet.props["gridProperties"]["columnCount"] = size - n

    def do_autoResizeDimensions(self, arg: dict, where: str) -> None:
        if "dimensions" not in arg:
            raise bad_request(f"{where}'dimensions' is required.")
        sheet, dim, start, end = self._dim(arg["dimensions"], where)
        ev = Evaluator(self.ss)
        for i in range(start, end):
            if dim == "COLUMNS":
                texts = [str(ev.render(sheet, r, c, "FORMATTED_VALUE", "SERIAL_NUMBER") or "")
                         for (r, c) in sheet.cells if c == i]
                widths = [sum(8.49 if ch.isupper() else 7.0 for ch in t) for t in texts]
                size = round(max(widths, default=0)) if texts else COL_PX
                sheet.col_meta[i] = {**sheet.col_meta.get(i, {}), "pixelSize": max(size, 20)}
            else:
                lines = [str(ev.render(sheet, r, c, "FORMATTED_VALUE", "SERIAL_NUMBER") or "").count("\n") + 1
                         for (r, c) in sheet.cells if r == i]
                sheet.row_meta[i] = {**sheet.row_meta.get(i, {}), "pixelSize": max(lines, default=1) * ROW_PX}

    # -- objects stored as given
    def do_addConditionalFormatRule(self, arg: dict, where: str) -> None:
        rule = copy.deepcopy(arg.get("rule") or {})
        ranges = rule.get("ranges") or []
        if not ranges:
            raise bad_request(f"{where}The rule must have at least one range.")
        if ("booleanRule" in rule) == ("gradientRule" in rule):
            raise bad_request(f"{where}Exactly one of booleanRule or gradientRule must be set.")
        boxes = [grid_box(self.ss, r, where) for r in ranges]
        sheet = boxes[0].sheet
        cond = (rule.get("booleanRule") or {}).get("condition") or {}
        if str(cond.get("type", "")).startswith("NUMBER_"):
            for v in cond.get("values") or []:
                text = str(v.get("userEnteredValue", ""))
                try:
                    float(text)
                except ValueError:
                    if not text.startswith("="):
                        raise bad_request(f"{where}Invalid ConditionValue: {cond['type']} needs a number, "
                                          f"got {text!r}.") from None
        idx = int(arg.get("index", 0) or 0)
        sheet.conditional_formats.insert(min(idx, len(sheet.conditional_formats)), rule)

    def do_addChart(self, arg: dict, where: str) -> dict:
        chart = copy.deepcopy(arg.get("chart") or {})
        if "spec" not in chart:
            raise bad_request(f"{where}The chart must have a spec.")
        used = {c.get("chartId") for sh in self.ss.sheets for c in sh.charts}
        if chart.get("chartId") is None:
            chart["chartId"] = self.ss.fresh_sheet_id()
        elif chart["chartId"] in used:
            raise bad_request(f"{where}An object with id {chart['chartId']} already exists.")
        pos = chart.get("position") or {}
        anchor = (pos.get("overlayPosition") or {}).get("anchorCell") or {}
        if "sheetId" in anchor:
            sheet = self.ss.sheet_by_id(anchor["sheetId"], where)
        elif "sheetId" in pos:
            sheet = self.ss.sheet_by_id(pos["sheetId"], where)
        else:
            sheet = self.ss.sheets[0]
        sheet.charts.append(chart)
        return {"addChart": {"chart": copy.deepcopy(chart)}}

    def do_mergeCells(self, arg: dict, where: str) -> None:
        box = grid_box(self.ss, arg.get("range") or {}, where)
        kind = arg.get("mergeType", "MERGE_ALL")
        pieces: list[tuple[int, int, int, int]]
        if kind == "MERGE_ALL":
            pieces = [(box.r0, box.r1, box.c0, box.c1)]
        elif kind == "MERGE_COLUMNS":
            pieces = [(box.r0, box.r1, c, c + 1) for c in range(box.c0, box.c1)]
        elif kind == "MERGE_ROWS":
            pieces = [(r, r + 1, box.c0, box.c1) for r in range(box.r0, box.r1)]
        else:
            raise bad_request(f"{where}Invalid mergeType: {kind!r}")
        for r0, r1, c0, c1 in pieces:
            if (r1 - r0) * (c1 - c0) <= 1:
                continue
            box.sheet.merges = [
                m for m in box.sheet.merges
                if r1 <= m["startRowIndex"] or m["endRowIndex"] <= r0 or c1 <= m["startColumnIndex"]
                or m["endColumnIndex"] <= c0
            ]
            for (r, c) in list(box.sheet.cells):
                if r0 <= r < r1 and c0 <= c < c1 and (r, c) != (r0, c0):
                    cell = {k: v for k, v in box.sheet.cells[(r, c)].items() if k != "userEnteredValue"}
                    if cell:
                        box.sheet.cells[(r, c)] = cell
                    else:
                        del box.sheet.cells[(r, c)]
            box.sheet.merges.append(norm_grid_range(box.sheet, {"startRowIndex": r0, "endRowIndex": r1,
                                                                 "startColumnIndex": c0, "endColumnIndex": c1}))

    def do_unmergeCells(self, arg: dict, where: str) -> None:
        box = grid_box(self.ss, arg.get("range") or {}, where)
        box.sheet.merges = [
            m for m in box.sheet.merges
            if not (box.r0 <= m["startRowIndex"] and m["endRowIndex"] <= box.r1
                    and box.c0 <= m["startColumnIndex"] and m["endColumnIndex"] <= box.c1)
        ]

    def do_createDeveloperMetadata(self, arg: dict, where: str) -> dict:
        """Spreadsheet-level developer metadata only (the location ita-sync uses)."""
        md = copy.deepcopy(arg.get("developerMetadata") or {})
        if not md.get("metadataKey"):
            raise bad_request(f"{where}developerMetadata.metadataKey is required.")
        if md.get("visibility") not in ("DOCUMENT", "PROJECT"):
            raise bad_request(f"{where}developerMetadata.visibility must be DOCUMENT or PROJECT.")
        loc = md.get("location") or {}
        if loc.get("spreadsheet") is not True:
            raise ApiError(501, f"{where}only spreadsheet-level developer metadata is implemented by the emulator.")
        md["location"] = {"locationType": "SPREADSHEET", "spreadsheet": True}
        md.setdefault("metadataId", secrets.randbelow(2**31 - 1) + 1)
        if any(m["metadataId"] == md["metadataId"] for m in self.ss.developer_metadata):
            raise bad_request(f"{where}Developer metadata with id {md['metadataId']} already exists.")
        self.ss.developer_metadata.append(md)
        return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(md)}}

    def do_deleteDeveloperMetadata(self, arg: dict, where: str) -> dict:
        lookup = ((arg.get("dataFilter") or {}).get("developerMetadataLookup")) or {}
        if not lookup:
            raise ApiError(501, f"{where}only developerMetadataLookup filters are implemented by the emulator.")

        def hit(m: dict) -> bool:
            return all(m.get(k) == lookup[k] for k in ("metadataId", "metadataKey", "metadataValue") if k in lookup)

        gone = [m for m in self.ss.developer_metadata if hit(m)]
        self.ss.developer_metadata = [m for m in self.ss.developer_metadata if not hit(m)]
        return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": copy.deepcopy(gone)}}

    def do_addNamedRange(self, arg: dict, where: str) -> dict:
        nr = copy.deepcopy(arg.get("namedRange") or {})
        if not nr.get("name"):
            raise bad_request(f"{where}The named range must have a name.")
        if any(n["name"] == nr["name"] for n in self.ss.named_ranges):
            raise bad_request(f"{where}Named range with name \"{nr['name']}\" already exists.")
        box = grid_box(self.ss, nr.get("range") or {}, where)
        nr["range"] = norm_grid_range(box.sheet, nr.get("range") or {})
        nr.setdefault("namedRangeId", secrets.token_hex(6))
        self.ss.named_ranges.append(nr)
        return {"addNamedRange": {"namedRange": copy.deepcopy(nr)}}

    def do_deleteNamedRange(self, arg: dict, where: str) -> None:
        before = len(self.ss.named_ranges)
        self.ss.named_ranges = [n for n in self.ss.named_ranges if n.get("namedRangeId") != arg.get("namedRangeId")]
        if len(self.ss.named_ranges) == before:
            raise bad_request(f"{where}No named range with id {arg.get('namedRangeId')}.")

    def do_updateNamedRange(self, arg: dict, where: str) -> None:
        new = arg.get("namedRange") or {}
        tree = self._fields(arg, where)
        for i, n in enumerate(self.ss.named_ranges):
            if n.get("namedRangeId") == new.get("namedRangeId"):
                updated = masked_update(n, new, tree)
                box = grid_box(self.ss, updated.get("range") or {}, where)
                updated["range"] = norm_grid_range(box.sheet, updated.get("range") or {})
                self.ss.named_ranges[i] = updated
                return
        raise bad_request(f"{where}No named range with id {new.get('namedRangeId')}.")

    def do_setBasicFilter(self, arg: dict, where: str) -> None:
        flt = copy.deepcopy(arg.get("filter") or {})
        box = grid_box(self.ss, flt.get("range") or {}, where)
        flt["range"] = norm_grid_range(box.sheet, flt.get("range") or {})
        box.sheet.basic_filter = flt

    def do_clearBasicFilter(self, arg: dict, where: str) -> None:
        self.ss.sheet_by_id(arg.get("sheetId", 0), where).basic_filter = None

    def do_addProtectedRange(self, arg: dict, where: str) -> dict:
        pr = copy.deepcopy(arg.get("protectedRange") or {})
        box = grid_box(self.ss, pr.get("range") or {}, where)
        pr["range"] = norm_grid_range(box.sheet, pr.get("range") or {})
        pr.setdefault("protectedRangeId", self.ss.fresh_sheet_id())
        pr["requestingUserCanEdit"] = True
        if not pr.get("warningOnly"):
            pr.pop("warningOnly", None)
        if not pr.get("description"):
            pr.pop("description", None)
        editors = pr.get("editors") or {}
        users = list(dict.fromkeys(list(editors.get("users") or []) + ([self.actor] if self.actor else [])))
        reply = copy.deepcopy(pr)
        reply["editors"] = {}
        pr["editors"] = {"users": users}
        box.sheet.protected_ranges.append(pr)
        return {"addProtectedRange": {"protectedRange": reply}}

    def do_deleteProtectedRange(self, arg: dict, where: str) -> None:
        for sh in self.ss.sheets:
            for pr in sh.protected_ranges:
                if pr.get("protectedRangeId") == arg.get("protectedRangeId"):
                    sh.protected_ranges.remove(pr)
                    return
        raise bad_request(f"{where}No protected range with id: {arg.get('protectedRangeId')}")

    def do_sortRange(self, arg: dict, where: str) -> None:
        box = grid_box(self.ss, arg.get("range") or {}, where)
        specs = arg.get("sortSpecs") or []
        sheet = box.sheet
        ev = Evaluator(self.ss)
        rows = list(range(box.r0, box.r1))
        snapshot = {k: v for k, v in sheet.cells.items() if box.r0 <= k[0] < box.r1 and box.c0 <= k[1] < box.c1}

        for spec in reversed(specs):
            idx = int(spec.get("dimensionIndex", 0))

            def one(r: int, idx: int = idx) -> tuple:
                v = ev_python(ev.effective(sheet, r, idx))
                return (1, 0, "") if v is None else (0, 0, v) if isinstance(v, (int, float)) else (0, 1, str(v).lower())

            desc = spec.get("sortOrder") == "DESCENDING"
            empties = [r for r in rows if one(r)[0] == 1]
            filled = sorted([r for r in rows if one(r)[0] == 0], key=one, reverse=desc)
            rows = filled + empties
        for k in snapshot:
            del sheet.cells[k]
        for new_r, old_r in enumerate(rows, start=box.r0):
            for (r, c), v in snapshot.items():
                if r == old_r:
                    sheet.cells[(new_r, c)] = v

    def _paste(self, src: Box, dest: Box, paste_type: str, where: str) -> None:
        fields = {
            "PASTE_NORMAL": None,
            "PASTE_VALUES": {"userEnteredValue": None},
            "PASTE_FORMAT": {"userEnteredFormat": None},
            "PASTE_NO_BORDERS": None,
            "PASTE_FORMULA": {"userEnteredValue": None},
            "PASTE_DATA_VALIDATION": {"dataValidation": None},
            "PASTE_CONDITIONAL_FORMATTING": {},
        }
        if paste_type not in fields:
            raise bad_request(f"{where}Invalid pasteType: {paste_type!r}")
        tree = fields[paste_type]
        h, w = src.r1 - src.r0, src.c1 - src.c0
        snapshot = {(r - src.r0, c - src.c0): v for (r, c), v in src.sheet.cells.items()
                    if src.r0 <= r < src.r1 and src.c0 <= c < src.c1}
        rows = max(dest.r1 - dest.r0, h)
        cols = max(dest.c1 - dest.c0, w)
        if dest.r0 + rows > dest.sheet.rows or dest.c0 + cols > dest.sheet.cols:
            raise bad_request(f"{where}The destination range exceeds the grid.")
        for i in range(rows):
            for j in range(cols):
                cell = snapshot.get((i % h, j % w), {})
                key = (dest.r0 + i, dest.c0 + j)
                new = masked_update(dest.sheet.cells.get(key, {}), cell, tree)
                if new:
                    dest.sheet.cells[key] = new
                else:
                    dest.sheet.cells.pop(key, None)

    def do_copyPaste(self, arg: dict, where: str) -> None:
        src = grid_box(self.ss, arg.get("source") or {}, where)
        dest = grid_box(self.ss, arg.get("destination") or {}, where)
        if arg.get("pasteOrientation", "NORMAL") != "NORMAL":
            raise ApiError(501, f"{where}pasteOrientation TRANSPOSE is not implemented by the emulator.")
        self._paste(src, dest, arg.get("pasteType", "PASTE_NORMAL"), where)

    def do_cutPaste(self, arg: dict, where: str) -> None:
        src = grid_box(self.ss, arg.get("source") or {}, where)
        st = arg.get("destination") or {}
        dest_sheet = self.ss.sheet_by_id(st.get("sheetId", 0), where)
        r0, c0 = int(st.get("rowIndex", 0) or 0), int(st.get("columnIndex", 0) or 0)
        dest = Box(dest_sheet, r0, r0 + src.r1 - src.r0, c0, c0 + src.c1 - src.c0)
        snapshot = {k: v for k, v in src.sheet.cells.items() if src.r0 <= k[0] < src.r1 and src.c0 <= k[1] < src.c1}
        tmp = Sheet(copy.deepcopy(src.sheet.props))
        tmp.cells = snapshot
        for k in snapshot:
            del src.sheet.cells[k]
        self._paste(Box(tmp, src.r0, src.r1, src.c0, src.c1), dest, arg.get("pasteType", "PASTE_NORMAL"), where)

    def do_addDimensionGroup(self, arg: dict, where: str) -> dict:
        sheet, dim, start, end = self._dim(arg.get("range") or {}, where)
        groups = sheet.row_groups if dim == "ROWS" else sheet.column_groups
        depth = 1 + sum(1 for g in groups if g["range"]["startIndex"] <= start and end <= g["range"]["endIndex"])
        groups.append({"range": norm_dim_range(sheet, dim, start, end), "depth": depth})
        sheet.props["gridProperties"]["rowGroupControlAfter" if dim == "ROWS" else "columnGroupControlAfter"] = True
        return {"addDimensionGroup": {"dimensionGroups": copy.deepcopy(groups)}}

    def do_deleteDimensionGroup(self, arg: dict, where: str) -> dict:
        sheet, dim, start, end = self._dim(arg.get("range") or {}, where)
        groups = sheet.row_groups if dim == "ROWS" else sheet.column_groups
        groups[:] = [g for g in groups if not (g["range"]["startIndex"] == start and g["range"]["endIndex"] == end)]
        return {"deleteDimensionGroup": {"dimensionGroups": copy.deepcopy(groups)} if groups else {}}
