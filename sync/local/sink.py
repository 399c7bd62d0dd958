"""The local master: an xlsx written whole to a temporary file, then moved into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.columns import MasterTable, OutCell
from core.errors import SourceError
from core.vocab import FINGERPRINT_LABEL, JOB_TABS, TAB_STATUS
from sync.layout import column_widths
from sync.local.reader import _open

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
_FORMULA_START = ("=", "+", "-", "@")


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
        for name in JOB_TABS:
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
                if ws.title in ours or ws.title in JOB_TABS:
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
