"""The local master: an xlsx written whole to a temporary file, then moved into place.

Two writers render the same ``MasterDocument`` (CONTRACT section 7):

* no officer tab in the current master (the usual case): xlsxwriter writes the job's tabs
  with a shared-strings table, except the plain data rows of a long table (``ปัญหาข้อมูล``
  of a big survey: 41,000 rows at 650k responses), which are spliced into that tab's sheet
  part as XML once xlsxwriter has written the rest (``_rows_xml``): xlsxwriter's per-cell
  Python cost was 0.15x the bare read there (issue 13's budget for the whole run after the
  read is 0.2x). The spliced rows are what xlsxwriter writes for the same cells (inline
  text, ``%.16G`` numbers, the wrap format, the row heights): tests/test_master_bulk_rows.py
  compares both ways cell by cell;
* officers added tabs: openpyxl loads the current master, drops and redraws only the job's
  tabs, and keeps the officers' tabs. What openpyxl cannot keep (pictures, text boxes,
  shapes, form controls, ...) is found first; then nothing is written and the run fails
  naming the tab (never a silent loss).

The fingerprint is a custom document property (``ita-sync-fingerprint``), not a cell.
The new file keeps the old one's mode and group; a master the user may not write, and a
folder without space, are one clear sentence each.
"""

from __future__ import annotations

import errno
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from core.columns import OutCell
from core.document import Chart, DocTable, HighlightBelow, MasterDocument
from core.errors import SourceError
from core.vocab import JOB_TABS
from sync.layout import is_link, row_lines, table_widths
from sync.local.reader import _open

#: the custom document property holding the data fingerprint
FINGERPRINT_PROPERTY = "ita-sync-fingerprint"
HEADER_FILL = "DDEBF7"
LINE_POINTS = 16.5  # one line of 11 pt Thai text, with its marks above and below
TITLE_POINTS = 24.0
_FORMULA_START = ("=", "+", "-", "@")
_TMP_PREFIX = "."
_TMP_SUFFIX = ".tmp"

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}
#: relationship types of a worksheet that openpyxl reads back and writes again
_KEPT_RELS = {"drawing", "comments", "vmlDrawing", "hyperlink", "table", "pivotTable", "printerSettings"}
#: drawing anchors openpyxl keeps: charts (graphicFrame) and pictures (pic, when Pillow is installed)
_WHAT = {"sp": "a shape or text box", "grpSp": "a group of shapes", "cxnSp": "a connector line",
         "contentPart": "ink", "pic": "a picture"}


def temp_files(path: Path) -> Iterator[Path]:
    """Temporary files a write killed half-way left next to ``path``."""
    yield from path.parent.glob(f"{_TMP_PREFIX}{path.name}.*{_TMP_SUFFIX}")


def clean_leftovers(path: Path) -> None:
    """Remove what a write killed half-way left behind (call under the run lock)."""
    try:
        for tmp in temp_files(path):
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


def lock_file(path: Path) -> Path:
    """Excel's owner file while ``path`` is open: ``~$master.xlsx``."""
    return path.with_name("~$" + path.name)


class LocalSink:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def location(self) -> str:
        return str(self.path)

    def clean_leftovers(self) -> None:
        """Remove the temporary file of a write killed half-way (called under the run lock)."""
        clean_leftovers(self.path)

    def check(self) -> str:
        """Say whether the master can be written; raise SourceError when it cannot."""
        folder = self.path.parent
        if not folder.is_dir():
            raise SourceError(f"master.spreadsheet: folder {str(folder)!r} does not exist; create it or fix backend.data_dir")
        if not os.access(folder, os.W_OK):
            raise SourceError(f"master.spreadsheet: folder {str(folder)!r} is not writable; fix its permissions")
        self._check_writable()
        note = self._open_in_excel()
        if self.path.exists():
            self._officer_tabs_keepable()
            return f"master {str(self.path)!r} exists and can be replaced" + (f"; {note}" if note else "")
        return f"master {str(self.path)!r} will be created"

    def _check_writable(self) -> None:
        """A master this user may not write, or that nobody may write (no write bit: even
        root respects a file made read-only on purpose), is never replaced."""
        try:
            st = os.stat(self.path)
        except OSError:
            return
        if not os.access(self.path, os.W_OK) or not st.st_mode & 0o222:
            raise SourceError(
                f"master.spreadsheet: {str(self.path)!r} is read-only for this user; ita-sync will not replace it. "
                "Give the user write permission (chmod u+w, or chown) or point master.spreadsheet elsewhere"
            )

    def _open_in_excel(self) -> str | None:
        if lock_file(self.path).exists():
            return (f"warning: {lock_file(self.path).name} exists: the master seems open in Excel; readers who keep "
                    "it open see the old master until they reopen it")
        return None

    def read_fingerprint(self) -> str | None:
        if not self.path.is_file():
            return None
        try:
            with zipfile.ZipFile(self.path) as z:
                if "docProps/custom.xml" not in z.namelist():
                    return None
                root = ElementTree.fromstring(z.read("docProps/custom.xml"))
        except (OSError, zipfile.BadZipFile, ElementTree.ParseError):
            return None
        for prop in root:
            if prop.get("name") == FINGERPRINT_PROPERTY:
                for value in prop:
                    return (value.text or "") or None
        return None

    def read_tables(self) -> dict[str, list[list[OutCell]]]:
        if not self.path.is_file():
            return {}
        try:
            wb = _open(self.path)
        except Exception as exc:
            raise SourceError(f"master: cannot open {str(self.path)!r} ({exc})") from None
        out = {}
        for name in JOB_TABS:
            if name in wb.sheet_names:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                out[name] = [[_from_calamine(v) for v in r] for r in rows]
        return out

    def write(self, document: MasterDocument) -> str | None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_writable()
        note = self._open_in_excel()
        officers = self._officer_tabs_keepable() if self.path.is_file() else []
        old = None
        try:
            old = os.stat(self.path)
        except OSError:
            pass
        tmp = ""
        try:
            fd, tmp = tempfile.mkstemp(prefix=f"{_TMP_PREFIX}{self.path.name}.", suffix=_TMP_SUFFIX,
                                       dir=self.path.parent)
            os.close(fd)
            if officers:
                _write_openpyxl(self.path, tmp, document)
            else:
                _write_xlsxwriter(tmp, document)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            if old is not None:
                _keep_mode_and_group(tmp, old)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise _write_error(self.path, exc) from None
        finally:
            if tmp and os.path.exists(tmp):
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        return note

    def _officer_tabs_keepable(self) -> list[str]:
        """The officers' tabs of the current master; SourceError naming the first tab holding
        something the openpyxl writer would drop."""
        try:
            tabs = _sheet_parts(self.path)
        except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError) as exc:
            raise SourceError(
                f"master.spreadsheet: {str(self.path)!r} exists but is not a readable .xlsx ({exc}); "
                "move it away so ita-sync can write a new master"
            ) from None
        officers = [t for t in tabs if t not in JOB_TABS]
        for title in officers:
            lost = _unkept(self.path, tabs[title])
            if lost:
                raise SourceError(
                    f"master.spreadsheet: the officers' tab {title!r} in {str(self.path)!r} holds {lost}, which "
                    "ita-sync cannot keep when it rewrites the master; nothing was written. Move that tab to "
                    "another workbook (or delete it), then run again"
                )
        return officers


def _write_error(path: Path, exc: OSError) -> SourceError:
    if exc.errno == errno.ENOSPC:
        return SourceError(f"master.spreadsheet: no space left on device in {str(path.parent)!r}; the master was "
                           "not changed. Free some space there and run again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SourceError(f"master.spreadsheet: cannot write in {str(path.parent)!r} ({exc.strerror}); the master "
                           "was not changed. Fix the folder's permissions")
    return SourceError(
        f"master.spreadsheet: cannot write {str(path)!r} ({exc.strerror or exc}); the master was not changed. "
        "Check the folder exists and is writable, and close the file if another program locks it"
    )


def _keep_mode_and_group(tmp: str, old: os.stat_result) -> None:
    """The new master keeps the old one's permission bits, and its group where allowed."""
    os.chmod(tmp, old.st_mode & 0o7777)
    try:
        os.chown(tmp, -1, old.st_gid)
    except OSError:
        pass  # not a member of that group: the file keeps the user's group


# --- what an officer tab holds ----------------------------------------------------------
def _rels(z: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type suffix, target part) of a part's relationships."""
    p = PurePosixPath(part)
    rels = str(p.parent / "_rels" / (p.name + ".rels"))
    if rels not in z.namelist():
        return []
    out = []
    for rel in ElementTree.fromstring(z.read(rels)):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if rel.get("TargetMode") == "External":
            out.append((kind, ""))
            continue
        target = rel.get("Target", "")
        full = target.lstrip("/") if target.startswith("/") else os.path.normpath(str(p.parent / target)).replace("\\", "/")
        out.append((kind, full))
    return out


def _sheet_parts(path: Path) -> dict[str, str]:
    """Tab title -> its worksheet part, in workbook order."""
    with zipfile.ZipFile(path) as z:
        wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
        targets = dict((rid, target) for rid, target in _rid_targets(z))
        out = {}
        for sheet in wb.iter(f"{{{_NS['m']}}}sheet"):
            rid = sheet.get(f"{{{_NS['r']}}}id", "")
            out[sheet.get("name", "")] = targets.get(rid, "")
        return out


def _rid_targets(z: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    for rel in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")):
        target = rel.get("Target", "")
        yield rel.get("Id", ""), target.lstrip("/") if target.startswith("/") else "xl/" + target


def _unkept(path: Path, part: str) -> str | None:
    """What of a worksheet part openpyxl would not write back, or None."""
    try:
        import PIL  # noqa: F401  (openpyxl keeps pictures only with Pillow)
        pictures_kept = True
    except ImportError:
        pictures_kept = False
    with zipfile.ZipFile(path) as z:
        for kind, target in _rels(z, part):
            if kind not in _KEPT_RELS:
                return f"an object openpyxl cannot keep ({kind})"
            if kind == "drawing" and target in z.namelist():
                drawing = ElementTree.fromstring(z.read(target))
                for anchor in drawing:
                    for child in anchor:
                        tag = child.tag.rsplit("}", 1)[-1]
                        if tag in _WHAT and (tag != "pic" or not pictures_kept):
                            return _WHAT[tag]
            if kind == "vmlDrawing" and target in z.namelist():
                vml = z.read(target).decode("utf-8", "replace")
                if re.search(r"ObjectType=\"(?!Note)", vml):
                    return "a form control"
        if re.search(rb"<(\w+:)?(oleObjects|controls|legacyDrawingHF)\b", z.read(part)):
            return "an embedded object or control"
        if re.search(rb"<(\w+:)?extLst\b", z.read(part)):
            return "Excel extensions (sparklines, data bars or similar)"
    return None


# --- cells --------------------------------------------------------------------------------
def _from_calamine(v: Any) -> OutCell:
    if v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v  # type: ignore[no-any-return]


# --- the streaming writer (xlsxwriter) -----------------------------------------------------
#: a table with more rows than this (the data-issues tab of a big survey: 41,000 rows at 650,000
#: responses) has its plain data rows written as sheet XML by ``_rows_xml``, the rest by xlsxwriter
BULK_ROWS = 1000


def _write_xlsxwriter(target: str, document: MasterDocument) -> None:
    """The master by xlsxwriter, written to ``target``. The plain data rows of long tables
    (``_bulk``) are not handed to xlsxwriter cell by cell (about 10 us a cell: 0.15x the bare
    read of a 650k-row survey, issue 13) but spliced into their sheet part as XML afterwards."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(target, {"constant_memory": False, "strings_to_formulas": False,
                                      "strings_to_urls": False, "strings_to_numbers": False,
                                      "nan_inf_to_errors": True})
    fmt = {
        "header": wb.add_format({"bold": True, "bg_color": "#" + HEADER_FILL, "text_wrap": True,
                                 "valign": "top", "border": 1, "border_color": "#9BC2E6"}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "heading": wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "link": wb.add_format({"font_color": "#0563C1", "underline": 1, "text_wrap": True, "valign": "top"}),
    }
    hl_formats: dict[tuple[str, str], Any] = {}
    bulk: dict[str, tuple[DocTable, dict[int, int]]] = {}
    for i, table in enumerate(document.tables):
        ws = wb.add_worksheet(table.title)
        long = _bulk(table)
        lines = _xw_table(wb, ws, table, fmt, hl_formats, upto=1 if long else None)
        if long:
            bulk[f"xl/worksheets/sheet{i + 1}.xml"] = (table, lines)
    wb.set_custom_property(FINGERPRINT_PROPERTY, document.fingerprint)
    wb.worksheets()[0].activate()
    try:
        wb.close()
    except Exception as exc:  # xlsxwriter wraps the OS error of its final write
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(cause, OSError):
            raise cause from None
        raise
    if not bulk:
        return
    with zipfile.ZipFile(target) as src:  # a few MB: the long tables' rows are not in it yet
        parts = [(info, src.read(info)) for info in src.infolist()]
    wrap_xf = fmt["wrap"].xf_index
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, part in parts:
            if info.filename in bulk:  # tens of MB of XML: the fastest deflate level
                out.writestr(info, _with_rows(part, *bulk[info.filename], wrap_xf=wrap_xf), compresslevel=1)
            else:
                out.writestr(info, part)


def _bulk(table: DocTable) -> bool:
    """Whether the data rows of ``table`` go in as sheet XML: a long table with one header row
    and plain cells (no links, titles or bold rows, which only xlsxwriter draws)."""
    lay = table.layout
    return (table.header and len(table.rows) > BULK_ROWS and not lay.link_columns and not lay.title_rows
            and set(lay.bold_rows) <= {0})


def _col_letter(c: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(c)


#: what the xlsx format reads as an escape (``_xHHHH_``) and what XML 1.0 cannot hold (U+FFFE,
#: U+FFFF): xlsxwriter escapes both in every string it writes, so the spliced rows do too
_XLSX_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\ufffe\uffff]")


def _xlsx_escape(m: re.Match[str]) -> str:
    s = m.group()
    return "_x005F" + s if len(s) > 1 else f"_x{ord(s):04X}_"


def _excel_cut(v: str) -> str:
    """``v`` cut to the most an Excel cell holds: ``_MAX_TEXT`` UTF-16 units (a character above
    U+FFFF, such as an emoji, counts 2), never inside a character; as xlsxwriter cuts."""
    if len(v) <= _MAX_TEXT // 2 or len(v.encode("utf-16-le", "surrogatepass")) // 2 <= _MAX_TEXT:
        return v
    units = 0
    for i, ch in enumerate(v):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > _MAX_TEXT:
            return v[:i]
    return v


def _xlsx_text(v: str) -> str:
    """``v`` as a cell's text in the xlsx format, as xlsxwriter writes it: cut to what a cell
    holds (:func:`_excel_cut`), a literal ``_xHHHH_`` escaped as ``_x005F_xHHHH_`` (else Excel,
    LibreOffice and calamine read the character it names), U+FFFE/U+FFFF as their escapes
    (else the part is not XML)."""
    v = _excel_cut(v)
    if "_x" in v or "\ufffe" in v or "\uffff" in v:
        return _XLSX_ESCAPE.sub(_xlsx_escape, v)
    return v


def _xml_text(v: str) -> str:
    """``v`` as the text of a ``<t>`` element: :func:`_xlsx_text`, then ``& < >``."""
    return _xlsx_text(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rows_xml(table: DocTable, lines: dict[int, int], wrap_xf: int) -> str:
    """``<row>`` elements of rows 2.. of ``table`` as xlsxwriter writes them: text inline, numbers
    as ``%.16G``, the wrap columns' cells in the wrap format, the same row heights, texts through
    :func:`_xml_text` (control characters were already removed by ``MasterTable``).
    A text's XML is made once per column (problem texts, codes and file names repeat)."""
    wrap = set(table.layout.wrap_columns)
    width = max(len(r) for r in table.rows)
    refs = [_col_letter(c) for c in range(width)]
    styles = [f' s="{wrap_xf}"' if c in wrap else "" for c in range(width)]
    texts: list[dict[str, str]] = [{} for _ in range(width)]
    out: list[str] = []
    for r in range(1, len(table.rows)):
        num = r + 1
        cells = []
        for c, v in enumerate(table.rows[r]):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                tail = texts[c].get(v)
                if tail is None:
                    tail = texts[c][v] = (f'"{styles[c]} t="inlineStr"><is><t xml:space="preserve">'
                                          f'{_xml_text(v)}</t></is></c>')
                cells.append(f'<c r="{refs[c]}{num}{tail}')
            elif v != v or v in (math.inf, -math.inf):  # as xlsxwriter's nan_inf_to_errors
                formula, error = ("#NUM!", "#NUM!") if v != v else ("1/0" if v > 0 else "-1/0", "#DIV/0!")
                cells.append(f'<c r="{refs[c]}{num}"{styles[c]} t="e"><f>{formula}</f><v>{error}</v></c>')
            else:
                cells.append(f'<c r="{refs[c]}{num}"{styles[c]}><v>{v:.16G}</v></c>')
        height = f' ht="{LINE_POINTS * lines[r]:g}" customHeight="1"' if r in lines else ""
        out.append(f'<row r="{num}"{height}>{"".join(cells)}</row>')
    return "".join(out)


def _with_rows(part: bytes, table: DocTable, lines: dict[int, int], *, wrap_xf: int) -> bytes:
    """A worksheet part xlsxwriter wrote with only the header row, with the data rows added."""
    xml = part.decode("utf-8")
    head, end, tail = xml.partition("</sheetData>")
    if not end:
        raise ValueError(f"no sheetData in the part of {table.title!r}")  # xlsxwriter changed: a bug
    width = max(len(r) for r in table.rows)
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{_col_letter(width - 1)}{len(table.rows)}"/>',
                  head, count=1)
    return (head + _rows_xml(table, lines, wrap_xf) + end + tail).encode("utf-8")


#: the longest text an Excel cell holds, in UTF-16 units (xlsxwriter cuts there too)
_MAX_TEXT = 32767


def _xw_table(wb: Any, ws: Any, table: DocTable, fmt: dict[str, Any], hl_formats: dict[tuple[str, str], Any],
              *, upto: int | None = None) -> dict[int, int]:
    """Draw ``table`` on ``ws``: cells of rows before ``upto`` (all when None), then the layout
    for the whole table. Returns the rows' line counts (heights)."""
    lay = table.layout
    widths = table_widths(table)
    wrap_cols = set(lay.wrap_columns)
    link_cols = set(lay.link_columns)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w, fmt["wrap"] if i in wrap_cols else None)
    lines = row_lines(table)
    header_rows = set(lay.bold_rows) | ({0} if table.header else set())
    titles = set(lay.title_rows)
    for r, row in enumerate(table.rows[:upto]):
        height = TITLE_POINTS if r in titles else LINE_POINTS * lines[r] if r in lines else None
        if height is not None:
            ws.set_row(r, height)
        if r in header_rows:
            for c, v in enumerate(row):
                ws.write(r, c, v if v != "" else None, fmt["header"])
            continue
        if r in titles:
            ws.write(r, 0, row[0] if row else None, fmt["title"] if r == 0 else fmt["heading"])
            for c, v in enumerate(row[1:], start=1):
                ws.write(r, c, v)
            continue
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if c in link_cols and is_link(v):
                ws.write_url(r, c, str(v).strip(), fmt["link"], str(v))
            elif isinstance(v, str):
                ws.write_string(r, c, v, fmt["wrap"] if c in wrap_cols else None)
            else:
                ws.write_number(r, c, v)
    n = len(table.rows)
    width = max((len(r) for r in table.rows), default=1) or 1
    if lay.freeze_rows or lay.freeze_cols:
        ws.freeze_panes(lay.freeze_rows if table.header or lay.freeze_rows else 0, lay.freeze_cols)
    if lay.auto_filter and table.header and n:
        ws.autofilter(0, 0, max(n - 1, 0), width - 1)
    first = 1 if table.header else 0
    for h in lay.highlights:
        key = (h.fill, h.font)
        if key not in hl_formats:
            hl_formats[key] = wb.add_format({"bg_color": "#" + h.fill, "font_color": "#" + h.font})
        criteria = ({"criteria": "less than", "value": _number(h.value)} if isinstance(h, HighlightBelow)
                    else {"criteria": "equal to", "value": _quoted(h.equals)})
        ws.conditional_format(first, h.column, max(n - 1, first), h.column,
                              {"type": "cell", **criteria, "format": hl_formats[key]})
    ps = lay.print
    ws.set_paper(9)  # A4
    if ps.landscape:
        ws.set_landscape()
    if ps.fit_to_width:
        ws.fit_to_pages(1, 0)
    if ps.repeat_rows:
        ws.repeat_rows(0, ps.repeat_rows - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    for chart in table.charts:
        ws.insert_chart(chart.anchor[0], chart.anchor[1], _xw_chart(wb, table.title, chart),
                        {"object_position": 3})
    if lay.protect:
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                        "format_cells": True})
    return lines


def _number(value: float) -> str:
    """A number as a formula operand (``70``, ``66.5``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _xw_chart(wb: Any, sheet: str, chart: Chart) -> Any:
    kind = "bar" if chart.horizontal else "column"
    xc = wb.add_chart({"type": kind, "subtype": "stacked"} if chart.stacked else {"type": kind})
    cats = chart.labels or chart.categories
    for s in chart.series:
        xc.add_series({
            "name": [sheet, s.name_row, s.col],
            "categories": [sheet, cats.first_row, cats.col, cats.last_row, cats.col],
            "values": [sheet, s.first_row, s.col, s.last_row, s.col],
            "data_labels": {"value": True} if not chart.stacked else {},
        })
    xc.set_title({"name": chart.title, "name_font": {"size": 12, "bold": True}})
    axis: dict[str, Any] = {"name": chart.y_title, "min": 0, "major_gridlines": {"visible": True}}
    if chart.y_max is not None:
        axis["max"] = chart.y_max
    if chart.horizontal:  # xlsxwriter's bar chart: x is the value axis, y the categories
        xc.set_x_axis(axis)
        xc.set_y_axis({"reverse": True})
    else:
        xc.set_y_axis(axis)
    xc.set_legend({"position": "bottom"} if len(chart.series) > 1 else {"none": True})
    xc.set_size({"width": chart.size[0], "height": chart.size[1]})
    return xc


# --- the writer that keeps officers' tabs (openpyxl) ---------------------------------------
def _write_openpyxl(base: Path | None, target: str, document: MasterDocument) -> None:
    from openpyxl import Workbook, load_workbook

    if base is None:  # no master yet (benchmarks compare the two writers on one document)
        wb = Workbook()
        wb.remove(wb.active)
    try:
        if base is not None:
            wb = load_workbook(base, rich_text=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        if isinstance(exc, OSError):
            raise
        raise SourceError(f"master.spreadsheet: {str(base)!r} exists but is not a readable .xlsx ({exc}); "
                          "move it away so ita-sync can write a new master") from None
    ours = {t.title for t in document.tables} | set(JOB_TABS)
    for ws in list(wb.worksheets):
        if ws.title in ours:
            wb.remove(ws)
    for index, table in enumerate(document.tables):
        ws = wb.create_sheet(title=table.title, index=index)
        _op_table(ws, table)
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    for name in [p.name for p in props.props if p.name == FINGERPRINT_PROPERTY]:
        del props[name]
    props.append(StringProperty(name=FINGERPRINT_PROPERTY, value=document.fingerprint))
    wb.active = 0
    wb.save(target)


def _op_table(ws: Any, table: DocTable) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    lay = table.layout
    widths = table_widths(table)
    header_font, title_font = Font(bold=True), Font(bold=True, size=14)
    heading_font = Font(bold=True, size=12, color="1F4E79")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    side = Side(style="thin", color="9BC2E6")
    border = Border(left=side, right=side, top=side, bottom=side)
    wrap = Alignment(wrap_text=True, vertical="top")
    link_font = Font(color="0563C1", underline="single")
    for row in table.rows:  # openpyxl writes text inline as given: escaped as xlsxwriter does
        ws.append([None if v == "" else _xlsx_text(v) if isinstance(v, str) else v for v in row])
    header_rows = set(lay.bold_rows) | ({0} if table.header else set())
    wrap_cols, link_cols = set(lay.wrap_columns), set(lay.link_columns)
    for r, row in enumerate(table.rows):
        for c, v in enumerate(row):
            if isinstance(v, str) and v.startswith(_FORMULA_START):  # text, never a formula
                cell = ws.cell(row=r + 1, column=c + 1)
                cell.data_type = "s"
                cell.quotePrefix = True
            if r in header_rows:
                cell = ws.cell(row=r + 1, column=c + 1)
                cell.font, cell.fill, cell.alignment, cell.border = header_font, header_fill, wrap, border
            elif c in link_cols and is_link(v):
                cell = ws.cell(row=r + 1, column=c + 1)
                cell.hyperlink = str(v).strip()
                cell.font, cell.alignment = link_font, wrap
            elif c in wrap_cols and v is not None:
                ws.cell(row=r + 1, column=c + 1).alignment = wrap
    for r in lay.title_rows:
        if r < len(table.rows):
            ws.cell(row=r + 1, column=1).font = title_font if r == 0 else heading_font
            ws.row_dimensions[r + 1].height = TITLE_POINTS
    for r, n in row_lines(table).items():
        ws.row_dimensions[r + 1].height = LINE_POINTS * n
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    n = len(table.rows)
    width = max((len(r) for r in table.rows), default=1) or 1
    if lay.freeze_rows or lay.freeze_cols:
        ws.freeze_panes = f"{get_column_letter(lay.freeze_cols + 1)}{lay.freeze_rows + 1}"
    if lay.auto_filter and table.header and n:
        ws.auto_filter.ref = f"A1:{get_column_letter(width)}{n}"
    first = 2 if table.header else 1
    for h in lay.highlights:
        col = get_column_letter(h.column + 1)
        operator, formula = (("lessThan", _number(h.value)) if isinstance(h, HighlightBelow)
                             else ("equal", _quoted(h.equals)))
        ws.conditional_formatting.add(f"{col}{first}:{col}{max(n, first)}", CellIsRule(
            operator=operator, formula=[formula],
            fill=PatternFill("solid", bgColor=h.fill), font=Font(color=h.font)))
    ps = lay.print
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if ps.landscape:
        ws.page_setup.orientation = "landscape"
    if ps.fit_to_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if ps.repeat_rows:
        ws.print_title_rows = f"1:{ps.repeat_rows}"
    for chart in table.charts:
        ws.add_chart(_op_chart(ws, chart), f"{get_column_letter(chart.anchor[1] + 1)}{chart.anchor[0] + 1}")
    if lay.protect:
        ws.protection.sheet = True
        ws.protection.autoFilter = ws.protection.sort = False
        ws.protection.formatColumns = ws.protection.formatRows = ws.protection.formatCells = False


def _op_chart(ws: Any, chart: Chart) -> Any:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    bc = BarChart()
    bc.type = "bar" if chart.horizontal else "col"
    bc.title = chart.title
    if chart.stacked:
        bc.grouping, bc.overlap = "stacked", 100
    else:
        bc.dataLabels = DataLabelList()
        bc.dataLabels.showVal = True
        bc.dataLabels.showSerName = bc.dataLabels.showCatName = bc.dataLabels.showLegendKey = False
    bc.y_axis.title = chart.y_title
    bc.y_axis.scaling.min = 0
    if chart.y_max is not None:
        bc.y_axis.scaling.max = chart.y_max
    if chart.horizontal:
        bc.x_axis.scaling.orientation = "maxMin"
    for s in chart.series:
        bc.add_data(Reference(ws, min_col=s.col + 1, min_row=s.name_row + 1, max_row=s.last_row + 1),
                    titles_from_data=True)
    cats = chart.labels or chart.categories
    bc.set_categories(Reference(ws, min_col=cats.col + 1, min_row=cats.first_row + 1, max_row=cats.last_row + 1))
    if len(chart.series) < 2:
        bc.legend = None
    else:
        bc.legend.position = "b"
    bc.width, bc.height = chart.size[0] / 37.8, chart.size[1] / 37.8  # pixels -> cm
    return bc
