"""Local sources: xlsx workbooks read with python-calamine."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineSheet, CalamineWorkbook

from config.settings import Settings
from core.columns import RawTable, ReportBook, pick_tab
from core.errors import DataError, SourceError
from core.sources import TabBook
from core.vocab import FORM1_TAB, FORM2_TAB


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

    def read_tabs(self, spreadsheet: str, tabs: Sequence[str], key: str) -> TabBook:
        """The named tabs of one workbook under data_dir (section 8); see ``Source.read_tabs``."""
        path = self.data_dir / spreadsheet
        if not path.is_file():
            raise SourceError(f"{key}: file {str(path)!r} not found; put the workbook there or fix {key} in the config")
        source = relative_name(path, self.data_dir)
        try:
            wb = _open(path)
            names = wb.sheet_names
            found: dict[str, RawTable | None] = {}
            for wanted in tabs:
                real = pick_tab(names, wanted)
                found[wanted] = read_tab(wb, real, source) if real is not None else None
        except Exception as exc:  # a damaged workbook is one bad_sheet, as for unit reports
            return TabBook(source=source, error=f"{type(exc).__name__}: {exc}")
        return TabBook(source=source, tabs=found)

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
