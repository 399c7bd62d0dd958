"""Local sources: xlsx workbooks read with python-calamine."""

from __future__ import annotations

import csv
import ctypes
import gc
import io
import json
import posixpath
import re
import zipfile
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET  # noqa: N817 - the usual name

import numpy as np
import pandas as pd
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from config.settings import Settings
from core.columns import RawTable, ReportBook, pick_tab
from core.errors import DataError, SourceError
from core.sources import TabBook
from core.vocab import FORM1_TAB, FORM2_TAB


def _open(path: Path) -> CalamineWorkbook:
    return CalamineWorkbook.from_path(str(path))


#: rows converted to Python objects at a time (bounds the temporary lists)
CHUNK_ROWS = 16_384
#: a tab is read densely (calamine, fast) when its cell box holds at most this many cells more
#: than four times its cells; otherwise only the cells that hold data are read (a stray cell at
#: XFD1048576 must not make a 17-billion-cell grid)
DENSE_SLACK = 2_000_000
#: a sparse tab whose rows-with-data x columns-with-data exceeds this is refused (scattered cells)
SPARSE_LIMIT = 50_000_000
_SCAN_CHUNK = 1 << 23

_ROW_REF = re.compile(rb'row [^>]*?r="(\d+)"')
_WIDE_REF = re.compile(rb'r="([A-Z]{2,3})[0-9]')


class UnreadableSpreadsheet(SourceError):
    """A spreadsheet file that cannot be read; the message names the file, what it seems to be
    and what to do (CONTRACT sections 4, 6). The survey: the run fails (exit 1); a unit report:
    one ``bad_sheet`` issue."""


def _damaged(name: str, exc: BaseException) -> UnreadableSpreadsheet:
    # the library's own message may quote a cell value: only its kind is named
    return UnreadableSpreadsheet(
        f"{name} is a damaged workbook: its sheet data cannot be read ({type(exc).__name__}); "
        "open it in Excel or LibreOffice, save it again as .xlsx, and replace the file")


@dataclass(frozen=True)
class SheetExtent:
    """What a tab's XML holds: its last row, its last column (1-based) and how many cells it
    lists. ``box`` is the size of the grid calamine would allocate."""

    rows: int
    cols: int
    cells: int

    @property
    def box(self) -> int:
        return self.rows * self.cols

    @property
    def dense_ok(self) -> bool:
        return self.box <= 4 * self.cells + DENSE_SLACK


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_member(zf: zipfile.ZipFile, name: str) -> str | None:
    """The zip member holding tab ``name`` (workbook.xml and its relationships), or None."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rid = None
    for sheet in book.iter(f"{{{ns['m']}}}sheet"):
        if sheet.get("name") == name:
            rid = sheet.get(f"{{{ns['r']}}}id")
    if rid is None:
        return None
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def scan_extent(path: Path, name: str) -> SheetExtent | None:
    """The real extent of tab ``name`` from its XML (never its ``dimension``, which may lie),
    streamed in 8 MiB chunks: memory stays flat whatever the sheet claims. None when the file is
    not an xlsx zip this scan understands (calamine then decides)."""
    try:
        with zipfile.ZipFile(path) as zf:
            member = _sheet_member(zf, name)
            if member is None:
                return None
            rows = cols = cells = 0
            wide: set[bytes] = set()
            with zf.open(member) as f:
                carry = b""
                while True:
                    block = f.read(_SCAN_CHUNK)
                    if not block:
                        break
                    cut = block.rfind(b"<")  # a tag split between chunks is scanned with the next one
                    chunk, carry = carry + block[:cut], block[cut:]
                    if cut < 0:
                        chunk, carry = carry + block, b""
                    cells += chunk.count(b"<c ") + chunk.count(b":c ")
                    found = _ROW_REF.findall(chunk)
                    if found:
                        rows = max(rows, max(map(int, found)))
                    wide.update(_WIDE_REF.findall(chunk))
                if carry:
                    cells += carry.count(b"<c ")
            cols = max(map(_col_number, wide), default=26)
            return SheetExtent(rows=rows, cols=cols, cells=cells)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, EOFError, zlib.error):
        return None


def read_tab(workbook: CalamineWorkbook, name: str, source: str, serial_tz: str | None = None) -> RawTable:
    """One tab as a RawTable; the index is the sheet's own 1-based row number.

    Memory is bounded by the cells that hold data, whatever the sheet's dimension claims: a tab
    whose cell box dwarfs its cells is read sparsely (only the rows and columns that hold data,
    row labels kept). Merged ranges read as their top-left value in every cell they cover
    (CONTRACT section 4). Raises ``UnreadableSpreadsheet`` naming ``source`` for a damaged tab.
    """
    where = getattr(workbook, "path", None)
    path = Path(where) if where else None
    extent = scan_extent(path, name) if path is not None else None
    if extent is not None and not extent.dense_ok:
        assert path is not None
        frame = sparse_frame(path, name, source)
        return RawTable(source=source, sheet=name, frame=frame, serial_tz=serial_tz)
    try:
        sheet = workbook.get_sheet_by_name(name)
        try:
            frame = sheet_frame(sheet)
            _fill_merged(frame, _merged_ranges(sheet))
        finally:
            del sheet  # calamine's copy of the cells: freed before anything else is allocated
            release_memory()
    except CalamineError as exc:
        raise _damaged(source, exc) from None
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return RawTable(source=source, sheet=name, frame=frame, serial_tz=serial_tz)


def _merged_ranges(sheet: CalamineSheet) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    try:
        return list(sheet.merged_cell_ranges or [])
    except (AttributeError, CalamineError):  # an older python-calamine, or none recorded
        return []


def _fill_merged(frame: pd.DataFrame, ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Each merged range (0-based, inclusive, from A1) reads as its top-left value in every
    cell it covers, clipped to the cells read."""
    nrows, ncols = frame.shape
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= nrows or c0 >= ncols:
            continue
        value = frame.iat[r0, c0]
        r1, c1 = min(r1, nrows - 1), min(c1, ncols - 1)
        fill = np.empty(r1 - r0 + 1, dtype=object)
        fill[:] = [value] * len(fill)  # element by element: a text is one value, not a sequence
        for c in range(c0, c1 + 1):
            frame.isetitem(c, _with(frame.iloc[:, c].to_numpy(dtype=object), r0, fill))


def _with(column: np.ndarray, start: int, values: np.ndarray) -> np.ndarray:
    out = column.copy()
    out[start:start + len(values)] = values
    return out


def sparse_frame(path: Path, name: str, source: str) -> pd.DataFrame:
    """Only the cells that hold data of a tab whose box is absurd (openpyxl's streaming parser):
    the rows that hold data (and rows 1-10, where headers are searched) labelled with their sheet
    row numbers, the columns that hold data in sheet order; merged ranges filled within them."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb[name]
            cells: dict[tuple[int, int], Any] = {}
            with ws._get_source() as src:  # type: ignore[union-attr]
                parser = WorkSheetParser(src, ws._shared_strings, data_only=True,  # type: ignore[union-attr]
                                         epoch=wb.epoch, date_formats=wb._date_formats,
                                         timedelta_formats=wb._timedelta_formats)
                for _, row in parser.parse():
                    for c in row:
                        v = c["value"]
                        if v is not None and v != "":
                            cells[(c["row"], c["column"])] = v
                merged = [m.coord for m in (parser.merged_cells.mergeCell if parser.merged_cells else [])]
        finally:
            wb.close()
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError, TypeError) as exc:
        raise _damaged(source, exc) from None
    last = max((r for r, _ in cells), default=0)
    rows = sorted({r for r, _ in cells} | set(range(1, min(10, last) + 1)))
    cols = sorted({c for _, c in cells})
    if len(rows) * max(len(cols), 1) > SPARSE_LIMIT:
        raise UnreadableSpreadsheet(
            f"{source} tab {name!r}: its cells are scattered over {len(rows):,} rows and {len(cols):,} columns; "
            "delete the stray cells far from the table and save the file again")
    for ref in merged:  # filled within the rows and columns that hold data
        c0, r0, c1, r1 = range_boundaries(ref)
        value = cells.get((r0, c0))
        if value is None:
            continue
        for r in rows[bisect_left(rows, r0):bisect_right(rows, r1)]:
            for c in cols[bisect_left(cols, c0):bisect_right(cols, c1)]:
                cells[(r, c)] = value
    pos_r = {r: i for i, r in enumerate(rows)}
    pos_c = {c: j for j, c in enumerate(cols)}
    grid = np.full((len(rows), len(cols)), "", dtype=object)
    for (r, c), v in cells.items():
        grid[pos_r[r], pos_c[c]] = v
    frame = pd.DataFrame(grid, index=pd.Index(rows, dtype=np.int64), dtype=object)
    return frame


def sheet_frame(sheet: CalamineSheet) -> pd.DataFrame:
    """Every cell of a tab from A1 (leading empty rows and columns included) as object cells.

    The same cells as ``sheet.to_python(skip_empty_area=False)``, converted a chunk of rows at a
    time straight into one column-major object array, with no list of all rows in between. In a
    column of text, equal texts become one shared object (a survey's answers, units and visitor
    types repeat a few values hundreds of thousands of times): memory stays near the size of the
    distinct values, and hashing them later takes the identity fast path. Columns whose texts are
    mostly distinct (names, phones, times) are left as read.
    """
    try:
        end, start = sheet.end, sheet.start
    except AttributeError:  # an older python-calamine: all rows at once
        return pd.DataFrame(sheet.to_python(skip_empty_area=False), dtype=object)
    if end is None:
        return pd.DataFrame(dtype=object)
    nrows, ncols = end[0] + 1, end[1] + 1
    lead = start[1] if start else 0  # iter_rows leaves out the empty leading columns
    cells = np.empty((nrows, ncols), dtype=object, order="F")
    cells[:, :lead] = ""
    shared: list[dict[str, str] | None] = [{} for _ in range(ncols)]
    rows = sheet.iter_rows()
    pos = 0
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, no cycles among them: no collections meanwhile
    try:
        pos = _fill_columns(cells, rows, lead, nrows, shared)
    finally:
        if collecting:
            gc.enable()
    if pos != nrows:  # rows not as expected (another python-calamine?): all rows at once
        return pd.DataFrame(sheet.to_python(skip_empty_area=False), dtype=object)
    return pd.DataFrame(cells, dtype=object, copy=False)


def _fill_columns(cells: np.ndarray, rows: Iterator[list[Any]], lead: int, nrows: int,
          shared: list[dict[str, str] | None]) -> int:
    """Rows into the columns of ``cells`` from column ``lead``; the number of rows, -1 when a row
    does not fit."""
    ncols = cells.shape[1]
    pos = 0
    while True:
        chunk = list(islice(rows, CHUNK_ROWS))
        if not chunk:
            break
        k = len(chunk)
        try:
            columns = list(zip(*chunk, strict=True))
        except ValueError:  # rows of different lengths
            return -1
        del chunk
        if len(columns) != ncols - lead or pos + k > nrows:
            return -1
        for c, values in enumerate(columns, start=lead):
            seen = shared[c]
            if seen is not None:
                values = [seen.setdefault(v, v) if type(v) is str else v for v in values]  # type: ignore[assignment]
                if len(seen) > max(4096, (pos + k) // 4):
                    shared[c] = None  # mostly distinct: sharing saves nothing
            cells[pos:pos + k, c] = np.fromiter(values, dtype=object, count=k)
        pos += k
    return pos


def release_memory() -> None:
    """Give freed heap memory back to the system (glibc only; elsewhere a no-op). Reading a large
    tab frees hundreds of megabytes of small blocks that the C allocator would otherwise keep."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def what_it_seems(path: Path, name: str) -> str:
    """A sentence for a file that is neither a readable xlsx nor a CSV: what it seems to be
    (from its first bytes, never its content) and what to do (CONTRACT section 4)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return f"{name} cannot be read ({exc.strerror or type(exc).__name__}); check the file's permissions"
    if size == 0:
        return f"{name} is empty (0 bytes): the download or copy did not finish; download or copy it again"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (f"{name} is an old Excel 97-2003 workbook (.xls) or another OLE file, not .xlsx; open it in Excel "
                "or LibreOffice and save it as Excel Workbook (.xlsx)")
    if head.startswith(b"PK"):
        if not zipfile.is_zipfile(path):
            return (f"{name} is a truncated or damaged zip archive (the download or copy did not finish); "
                    "download or copy it again")
        return (f"{name} is a zip archive but not an Excel workbook (.xlsx); save the spreadsheet as "
                "Excel Workbook (.xlsx)")
    if head.startswith(b"%PDF"):
        return f"{name} is a PDF document, not a spreadsheet; download the spreadsheet itself (.xlsx or .csv)"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024]:
        return (f"{name} is a web page (HTML), not a spreadsheet: a sign-in or error page was saved instead of the "
                "file; download it again (File > Download > Microsoft Excel (.xlsx) or CSV)")
    if text.startswith(b"<?xml"):
        return (f"{name} is an XML file (perhaps an Excel 2003 XML spreadsheet), not .xlsx; open it in Excel or "
                "LibreOffice and save it as Excel Workbook (.xlsx)")
    if b"\x00" not in head:
        if path.suffix.lower() == ".csv":
            return f"{name} is not UTF-8 text; save it as 'CSV UTF-8' (Excel) or download it again from Google Sheets"
        return (f"{name} is a text file (CSV?) named {path.suffix or 'without an extension'}; if it is a CSV "
                "download of the form's responses, rename it to .csv (only the survey may be a CSV), otherwise "
                "save it as Excel Workbook (.xlsx)")
    return f"{name} is not an Excel workbook (.xlsx) nor a CSV file; save it as Excel Workbook (.xlsx)"


def open_workbook(path: Path, name: str) -> CalamineWorkbook:
    """Open an xlsx; a file that is not one raises ``UnreadableSpreadsheet`` saying what it seems."""
    try:
        return _open(path)
    except (CalamineError, OSError, ValueError) as exc:
        if isinstance(exc, PermissionError):
            raise UnreadableSpreadsheet(
                f"{name} cannot be read: permission denied; let the user that runs ita-sync read it "
                f"(e.g. chmod o+r {str(path)!r})") from None
        raise UnreadableSpreadsheet(what_it_seems(path, name)) from None


def read_csv_table(path: Path, source: str) -> RawTable:
    """A survey downloaded as CSV from Google Forms / Sheets (CONTRACT section 4): UTF-8 with or
    without a byte-order mark, comma-separated, quoted fields may hold line breaks; every cell is
    text (blank: ""). The sheet name is blank and the index is the record number (header = 1).
    Raises ``UnreadableSpreadsheet`` naming the file when it is not such a file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSpreadsheet(what_it_seems(path, source) if not isinstance(exc, PermissionError) else
                                    f"{source} cannot be read: permission denied; let the user that runs "
                                    "ita-sync read it") from None
    if not data or data.startswith((b"PK", b"\xd0\xcf\x11\xe0", b"%PDF")) or b"\x00" in data[:4096]:
        raise UnreadableSpreadsheet(what_it_seems(path, source))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableSpreadsheet(what_it_seems(path, source)) from None
    del data
    head = text[:1024].lower().lstrip()
    if head.startswith(("<!doctype html", "<html")):
        raise UnreadableSpreadsheet(what_it_seems(path, source))
    columns: list[list[np.ndarray]] = []
    n = 0
    try:
        records = csv.reader(io.StringIO(text, newline=""))
        while True:
            chunk = list(islice(records, CHUNK_ROWS))
            if not chunk:
                break
            width = max(len(r) for r in chunk)
            while len(columns) < width:
                columns.append([np.full(n, "", dtype=object)] if n else [])
            k = len(chunk)
            for c in range(len(columns)):
                columns[c].append(np.fromiter((r[c] if c < len(r) else "" for r in chunk), dtype=object, count=k))
            n += k
    except csv.Error as exc:
        raise UnreadableSpreadsheet(
            f"{source} is not a well-formed CSV file ({exc}); download it again from Google Sheets "
            "(File > Download > Comma-separated values)") from None
    del text
    data_cols = {c: np.concatenate(parts) if parts else np.empty(0, dtype=object) for c, parts in enumerate(columns)}
    frame = pd.DataFrame(data_cols, dtype=object) if data_cols else pd.DataFrame(dtype=object)
    frame.index = pd.RangeIndex(1, n + 1)
    return RawTable(source=source, sheet="", frame=frame)


def is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def relative_name(path: Path, data_dir: Path) -> str:
    try:
        return PurePosixPath(path.resolve().relative_to(data_dir.resolve())).as_posix()
    except ValueError:
        return path.resolve().as_posix()


class LocalSource:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.data_dir = settings.data_dir
        self._warnings: list[str] = []
        self._paths: list[Path] | None = None

    @property
    def warnings(self) -> list[str]:
        return self._warnings

    def read_survey(self) -> RawTable:
        s = self.settings.survey
        path = self.data_dir / s.spreadsheet
        if not path.is_file():
            raise SourceError(
                f"survey.spreadsheet: file {str(path)!r} not found; put the survey workbook there "
                f"or fix survey.spreadsheet in the config"
            )
        name = relative_name(path, self.data_dir)
        if is_csv(path):  # worksheet is ignored for a CSV (CONTRACT section 4)
            return read_csv_table(path, name)
        wb = open_workbook(path, f"survey.spreadsheet {name!r}")
        names = wb.sheet_names
        if s.worksheet is None:
            if not names:
                raise DataError(f"survey.spreadsheet {str(path)!r} has no tabs")
            name = names[0]
        else:
            picked = pick_tab(names, s.worksheet)
            if picked is None:
                raise DataError(
                    f"survey.worksheet = {s.worksheet!r}: no such tab in {str(path)!r}; tabs found: "
                    + ", ".join(repr(n) for n in names)
                    + ". Fix survey.worksheet or remove it to use the first tab."
                )
            name = picked
        return read_tab(wb, name, relative_name(path, self.data_dir))

    def survey_file(self) -> tuple[Path, str]:
        """The survey file and its identity (name shown, worksheet) for ``sync.cache``: an
        unchanged file is not read at all. Raises SourceError when it does not exist."""
        s = self.settings.survey
        path = self.data_dir / s.spreadsheet
        if not path.is_file():
            self.read_survey()  # raises the not-found error
        return path, json.dumps([relative_name(path, self.data_dir), s.worksheet], ensure_ascii=False)

    def report_files(self) -> list[tuple[Path, str]]:
        """The report files in reading order with the names shown (``report_paths``)."""
        return [(p, relative_name(p, self.data_dir)) for p in self.report_paths()]

    def report_paths(self) -> list[Path]:
        """Report files in reading order: entries in order, glob matches sorted, each once
        (listed once per run: its warnings are given once)."""
        if self._paths is None:
            self._paths = self._report_paths()
        return list(self._paths)

    def _report_paths(self) -> list[Path]:
        skip = {(self.data_dir / self.settings.survey.spreadsheet).resolve(),
                (self.data_dir / self.settings.master.spreadsheet).resolve()}
        seen: set[Path] = set()
        out: list[Path] = []
        for i, spec in enumerate(self.settings.report_specs):
            if any(ch in spec for ch in "*?["):
                matches = [p for p in self.data_dir.glob(spec) if p.is_file()]
                matches = [p for p in matches if not p.name.startswith("~$") and p.resolve() not in skip]
                matches.sort(key=lambda p: relative_name(p, self.data_dir))
                if not matches:
                    self._warnings.append(f"reports[{i}].spreadsheet = {spec!r} matched no file under {self.data_dir}")
            else:
                path = self.data_dir / spec
                if not path.is_file():
                    raise SourceError(
                        f"reports[{i}].spreadsheet: file {str(path)!r} not found; restore it or remove the entry"
                    )
                matches = [path]
            for p in matches:
                r = p.resolve()
                if r not in seen:
                    seen.add(r)
                    out.append(p)
        return out

    def read_tabs(self, spreadsheet: str, tabs: Sequence[str], key: str) -> TabBook:
        """The named tabs of one workbook under data_dir (section 8); see ``Source.read_tabs``."""
        path = self.data_dir / spreadsheet
        if not path.is_file():
            raise SourceError(f"{key}: file {str(path)!r} not found; put the workbook there or fix {key} in the config")
        source = relative_name(path, self.data_dir)
        try:
            wb = open_workbook(path, source)
            names = wb.sheet_names
            found: dict[str, RawTable | None] = {}
            for wanted in tabs:
                real = pick_tab(names, wanted)
                found[wanted] = read_tab(wb, real, source) if real is not None else None
        except UnreadableSpreadsheet as exc:  # a damaged workbook is one bad_sheet, as for unit reports
            return TabBook(source=source, error=str(exc))
        return TabBook(source=source, tabs=found)

    def report_books(self) -> Iterator[ReportBook]:
        for path in self.report_paths():
            source = relative_name(path, self.data_dir)
            try:
                wb = open_workbook(path, source)
                names = wb.sheet_names
                tabs = {}
                for key, wanted in (("form1", FORM1_TAB), ("form2", FORM2_TAB)):
                    real = pick_tab(names, wanted)
                    tabs[key] = read_tab(wb, real, source) if real is not None else None
            except UnreadableSpreadsheet as exc:  # one unit's broken file never blocks the others
                yield ReportBook(source=source, error=str(exc))
                continue
            yield ReportBook(source=source, form1=tabs["form1"], form2=tabs["form2"])


# --- the master --------------------------------------------------------------------
