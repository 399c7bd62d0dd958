"""The embedded local backend: spreadsheets are .xlsx files under ``data_dir``.

Reading uses python-calamine (Rust, values only), several times faster than
openpyxl; the master is written with openpyxl to a temporary file in the same
folder and moved into place with ``os.replace``, so a reader opens either the old
workbook or the new one, never half of one.
"""

from __future__ import annotations

import ctypes
import gc
import os
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineSheet, CalamineWorkbook

from aggregate.columns import MasterTable, OutCell, RawTable
from aggregate.normalise import ReportBook, pick_tab
from config.errors import DataError, SourceError
from config.settings import Settings
from config.vocab import FORM1_TAB, FORM2_TAB, MASTER_TABS, TAB_STATUS

FINGERPRINT_LABEL = "รหัสตรวจสอบข้อมูล"


def _open(path: Path) -> CalamineWorkbook:
    return CalamineWorkbook.from_path(str(path))


#: rows converted to Python objects at a time (bounds the temporary lists)
CHUNK_ROWS = 16_384


def read_tab(workbook: CalamineWorkbook, name: str, source: str, serial_tz: str | None = None) -> RawTable:
    """One tab as a RawTable; the index is the sheet's own 1-based row number."""
    sheet = workbook.get_sheet_by_name(name)
    try:
        frame = sheet_frame(sheet)
    finally:
        del sheet  # calamine's copy of the cells: freed before anything else is allocated
        release_memory()
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return RawTable(source=source, sheet=name, frame=frame, serial_tz=serial_tz)


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
        try:
            wb = _open(path)
        except Exception as exc:  # calamine raises its own types for damaged files
            raise SourceError(f"survey.spreadsheet: cannot open {str(path)!r} ({exc}); is it a valid .xlsx?") from None
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

    def report_paths(self) -> list[Path]:
        """Report files in reading order: entries in order, glob matches sorted, each once."""
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

    def report_books(self) -> Iterator[ReportBook]:
        for path in self.report_paths():
            source = relative_name(path, self.data_dir)
            try:
                wb = _open(path)
                names = wb.sheet_names
                tabs = {}
                for key, wanted in (("form1", FORM1_TAB), ("form2", FORM2_TAB)):
                    real = pick_tab(names, wanted)
                    tabs[key] = read_tab(wb, real, source) if real is not None else None
            except Exception as exc:  # one unit's broken file never blocks the others
                yield ReportBook(source=source, error=f"{type(exc).__name__}: {exc}")
                continue
            yield ReportBook(source=source, form1=tabs["form1"], form2=tabs["form2"])


# --- the master --------------------------------------------------------------------
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
_FORMULA_START = ("=", "+", "-", "@")


def text_width(value: OutCell) -> float:
    """Display width in characters: Thai combining marks take no column."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    longest = 0
    for line in text.split("\n"):
        longest = max(longest, sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Mn" else 1
                                   for c in line))
    return longest


def column_widths(rows: Sequence[Sequence[OutCell]], sample: int = 2000) -> list[float]:
    widths: list[float] = []
    for row in rows[:sample]:
        for i, v in enumerate(row):
            w = text_width(v)
            if i >= len(widths):
                widths.append(w)
            elif w > widths[i]:
                widths[i] = w
    return [min(max(w * 1.1 + 2, 8), 60) for w in widths]


class LocalSink:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def location(self) -> str:
        return str(self.path)

    def check(self) -> str:
        """Say whether the master can be written; raise SourceError when it cannot."""
        folder = self.path.parent
        if not folder.is_dir():
            raise SourceError(f"master.spreadsheet: folder {str(folder)!r} does not exist; create it or fix backend.data_dir")
        if not os.access(folder, os.W_OK):
            raise SourceError(f"master.spreadsheet: folder {str(folder)!r} is not writable; fix its permissions")
        if self.path.exists():
            self._base_workbook()
            return f"master {str(self.path)!r} exists and can be replaced"
        return f"master {str(self.path)!r} will be created"

    def read_fingerprint(self) -> str | None:
        if not self.path.is_file():
            return None
        try:
            wb = _open(self.path)
            if TAB_STATUS not in wb.sheet_names:
                return None
            for row in wb.get_sheet_by_name(TAB_STATUS).to_python(skip_empty_area=False):
                if row and row[0] == FINGERPRINT_LABEL and len(row) > 1:
                    return str(row[1]) or None
        except Exception:
            return None
        return None

    def read_tables(self) -> dict[str, list[list[OutCell]]]:
        if not self.path.is_file():
            return {}
        try:
            wb = _open(self.path)
        except Exception as exc:
            raise SourceError(f"master: cannot open {str(self.path)!r} ({exc})") from None
        out = {}
        for name in MASTER_TABS:
            if name in wb.sheet_names:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                out[name] = [[_from_calamine(v) for v in r] for r in rows]
        return out

    def write(self, tables: list[MasterTable]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            wb = self._base_workbook()
            ours = {t.title for t in tables}
            for ws in list(wb.worksheets):
                if ws.title in ours or ws.title in MASTER_TABS:
                    wb.remove(ws)
            for index, table in enumerate(tables):
                ws = wb.create_sheet(title=table.title, index=index)
                _fill(ws, table)
            wb.active = 0
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            os.close(fd)
            try:
                wb.save(tmp)
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            raise SourceError(
                f"master.spreadsheet: cannot write {str(self.path)!r} ({exc.strerror or exc}); "
                "check the folder exists and is writable, and close the file if another program locks it"
            ) from None

    def _base_workbook(self) -> Workbook:
        if self.path.is_file():
            try:
                return load_workbook(self.path)
            except Exception as exc:
                raise SourceError(
                    f"master.spreadsheet: {str(self.path)!r} exists but is not a readable .xlsx ({exc}); "
                    "move it away so ita-sync can write a new master"
                ) from None
        wb = Workbook()
        wb.remove(wb.active)
        return wb


def _from_calamine(v: Any) -> OutCell:
    if v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v  # type: ignore[no-any-return]


def _fill(ws: Any, table: MasterTable) -> None:
    formula_like: list[tuple[int, int]] = []
    for r, row in enumerate(table.rows, start=1):
        clean = []
        for c, v in enumerate(row, start=1):
            if isinstance(v, str):
                if v == "":
                    v = None
                elif v.startswith(_FORMULA_START):
                    formula_like.append((r, c))
            clean.append(v)
        ws.append(clean)
    for r, c in formula_like:  # written as text, never as a formula
        cell = ws.cell(row=r, column=c)
        cell.data_type = "s"
        cell.quotePrefix = True
    widths = list(table.widths) if table.widths else column_widths(table.rows)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    if table.header and table.rows:
        for c in range(1, len(table.rows[0]) + 1):
            cell = ws.cell(row=1, column=c)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = WRAP
        ws.freeze_panes = "A2"
    for chart in table.extra.get("charts", []):
        _add_chart(ws, chart)


def _add_chart(ws: Any, spec: dict[str, Any]) -> None:
    """Render the backend-neutral chart spec of ``aggregate.reports`` with openpyxl."""
    try:
        first, last, col = spec["categories"]
        chart = BarChart()
        chart.type = "col"
        chart.title = spec.get("title")
        if spec.get("stacked"):
            chart.grouping, chart.overlap = "stacked", 100
        if spec.get("y_title"):
            chart.y_axis.title = spec["y_title"]
        if spec.get("y_max") is not None:
            chart.y_axis.scaling.max = spec["y_max"]
            chart.y_axis.scaling.min = 0
        for _first, s_last, s_col, name_row in spec["series"]:
            data = Reference(ws, min_col=s_col + 1, min_row=name_row + 1, max_row=s_last + 1)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=col + 1, min_row=first + 1, max_row=last + 1))
        chart.height, chart.width = 9, 18
        row, column = spec.get("anchor", (1, 10))
        ws.add_chart(chart, f"{get_column_letter(column + 1)}{row + 1}")
    except (KeyError, TypeError, ValueError, IndexError):
        return  # a chart is decoration: never fail a run over it
