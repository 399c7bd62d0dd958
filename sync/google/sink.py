"""The Google master: one atomic batchUpdate (staging tabs first when the payload is large)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from config.settings import Settings
from core.columns import MasterTable, OutCell
from core.document import Chart, DocTable, Highlight, HighlightBelow, MasterDocument
from core.errors import SourceError
from core.vocab import JOB_TABS, PROTECT_WARNING
from sync.google.transport import FINGERPRINT_KEY, MAX_BATCH_BYTES, STAGING_PREFIX, Google, quote_title, sheet_url
from sync.layout import is_link, row_lines, runs, table_widths

HEADER_FORMAT: dict[str, Any] = {
    "textFormat": {"bold": True}, "wrapStrategy": "WRAP", "verticalAlignment": "TOP",
    "backgroundColor": {"red": 0.867, "green": 0.922, "blue": 0.969}}
TITLE_FORMAT: dict[str, Any] = {"textFormat": {"bold": True, "fontSize": 14}}
HEADING_FORMAT: dict[str, Any] = {"textFormat": {"bold": True, "fontSize": 12,
                                                 "foregroundColor": {"red": 0.122, "green": 0.306, "blue": 0.475}}}
LINK_COLOR = {"red": 0.020, "green": 0.388, "blue": 0.757}
LINE_PX = 21  # one line of text in a Google Sheets row
TITLE_PX = 32


def _cell(v: OutCell, bold: bool = False, link: bool = False, title: bool = False,
          heading: bool = False) -> dict[str, Any]:
    cell: dict[str, Any] = {}
    if v is None or v == "":
        pass
    elif isinstance(v, bool):
        cell["userEnteredValue"] = {"stringValue": "TRUE" if v else "FALSE"}
    elif isinstance(v, (int, float)):
        cell["userEnteredValue"] = {"numberValue": v}
    else:
        cell["userEnteredValue"] = {"stringValue": str(v)}  # never parsed: no formulas, no dates
    if bold:
        cell["userEnteredFormat"] = HEADER_FORMAT
    elif title:
        cell["userEnteredFormat"] = TITLE_FORMAT
    elif heading:
        cell["userEnteredFormat"] = HEADING_FORMAT
    elif link and is_link(v):
        cell["userEnteredFormat"] = {"textFormat": {"link": {"uri": str(v).strip()}, "underline": True,
                                                    "foregroundColor": LINK_COLOR}}
    return cell


def _hex(color: str) -> dict[str, float]:
    return {k: round(int(color[i:i + 2], 16) / 255, 3) for k, i in (("red", 0), ("green", 2), ("blue", 4))}


def _grid(sid: int, r0: int, r1: int, c0: int, c1: int) -> dict[str, int]:
    return {"sheetId": sid, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def layout_requests(sid: int, table: DocTable) -> list[dict[str, Any]]:
    """The layout of one tab as batchUpdate requests: wrapped columns, row heights, filter,
    highlights (conditional formats), charts and a warning-only protection.

    Printing: the Sheets API has no print settings (paper, orientation and fit are chosen in
    the print dialog); the frozen header rows are the rows Google repeats on every page."""
    lay = table.layout
    n = len(table.rows)
    width = max((len(r) for r in table.rows), default=1) or 1
    first = 1 if table.header else 0
    reqs: list[dict[str, Any]] = []
    for c in lay.wrap_columns:
        if c < width and n > first:
            reqs.append({"repeatCell": {"range": _grid(sid, first, n, c, c + 1),
                                        "cell": {"userEnteredFormat": {"wrapStrategy": "WRAP",
                                                                       "verticalAlignment": "TOP"}},
                                        "fields": "userEnteredFormat(wrapStrategy,verticalAlignment)"}})
    heights = {r: lines * LINE_PX for r, lines in row_lines(table).items()}
    heights.update({r: TITLE_PX for r in lay.title_rows if r < n})
    for start, stop, px in runs(heights):
        reqs.append({"updateDimensionProperties": {
            "range": {"sheetId": sid, "dimension": "ROWS", "startIndex": start, "endIndex": stop},
            "properties": {"pixelSize": px}, "fields": "pixelSize"}})
    if lay.auto_filter and table.header and n:
        reqs.append({"setBasicFilter": {"filter": {"range": _grid(sid, 0, n, 0, width)}}})
    for i, h in enumerate(lay.highlights):
        if h.column < width and n > first:
            reqs.append({"addConditionalFormatRule": {"index": i, "rule": {
                "ranges": [_grid(sid, first, n, h.column, h.column + 1)],
                "booleanRule": {"condition": _condition(h),
                                "format": {"backgroundColor": _hex(h.fill),
                                           "textFormat": {"foregroundColor": _hex(h.font)}}}}}})
    for chart in table.charts:
        reqs.append({"addChart": {"chart": chart_spec(sid, chart)}})
    if lay.protect:
        reqs.append({"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": sid}, "description": PROTECT_WARNING, "warningOnly": True}}})
    return reqs


def _condition(h: Highlight | HighlightBelow) -> dict[str, Any]:
    """A highlight's Sheets ``BooleanCondition``: ``TEXT_EQ`` or ``NUMBER_LESS``."""
    if isinstance(h, HighlightBelow):
        value = str(int(h.value)) if float(h.value).is_integer() else repr(float(h.value))
        return {"type": "NUMBER_LESS", "values": [{"userEnteredValue": value}]}
    return {"type": "TEXT_EQ", "values": [{"userEnteredValue": h.equals}]}


def chart_spec(sid: int, chart: Chart) -> dict[str, Any]:
    """``core.document.Chart`` as a Sheets ``EmbeddedChart`` anchored on the new tab."""
    cats = chart.labels or chart.categories
    name_row = min(s.name_row for s in chart.series)

    def src(col: int, first: int, last: int) -> dict[str, Any]:
        return {"sourceRange": {"sources": [_grid(sid, first, last + 1, col, col + 1)]}}

    value_axis = "BOTTOM_AXIS" if chart.horizontal else "LEFT_AXIS"
    axis: dict[str, Any] = {"position": value_axis, "title": chart.y_title}
    if chart.y_max is not None:
        axis["viewWindowOptions"] = {"viewWindowMin": 0, "viewWindowMax": chart.y_max, "viewWindowMode": "EXPLICIT"}
    basic: dict[str, Any] = {
        "chartType": "BAR" if chart.horizontal else "COLUMN",
        "legendPosition": "BOTTOM_LEGEND" if len(chart.series) > 1 else "NO_LEGEND",
        "axis": [axis],
        "domains": [{"domain": src(cats.col, name_row, cats.last_row)}],
        "series": [{"series": src(s.col, s.name_row, s.last_row), "targetAxis": value_axis,
                    **({} if chart.stacked else {"dataLabel": {"type": "DATA", "placement": "OUTSIDE_END"}})}
                   for s in chart.series],
        "headerCount": 1,
    }
    if chart.stacked:
        basic["stackedType"] = "STACKED"
    return {"spec": {"title": chart.title, "basicChart": basic},
            "position": {"overlayPosition": {"anchorCell": {"sheetId": sid, "rowIndex": chart.anchor[0],
                                                            "columnIndex": chart.anchor[1]},
                                             "widthPixels": chart.size[0], "heightPixels": chart.size[1]}}}


def number_formats(rows: Sequence[Sequence[OutCell]], sample: int = 5000) -> dict[int, str]:
    """Column -> number pattern for columns holding only numbers: whole ("0", so years read
    2567, not 2,567) or with a fraction ("0.0", the summary's percentages)."""
    kinds: dict[int, set[str]] = {}
    for row in rows[:sample]:
        for i, v in enumerate(row):
            if v is None:
                continue
            kind = "text" if isinstance(v, (str, bool)) else "int" if isinstance(v, int) or float(v).is_integer() else "float"
            kinds.setdefault(i, set()).add(kind)
    return {i: ("0.0" if "float" in k else "0") for i, k in kinds.items() if "text" not in k}


def _rows(table: DocTable, start: int, stop: int) -> list[dict[str, Any]]:
    lay = table.layout
    bold = set(lay.bold_rows) | ({0} if table.header else set())
    links, titles = set(lay.link_columns), set(lay.title_rows)
    return [{"values": [_cell(v, bold=r in bold, link=c in links, title=r == 0 and r in titles and c == 0,
                              heading=r > 0 and r in titles and c == 0)
                        for c, v in enumerate(table.rows[r])]} for r in range(start, stop)]


class GoogleSink:
    def __init__(self, settings: Settings, google: Google) -> None:
        self.g = google
        self.id = settings.google_ids.master
        self._meta: dict[str, Any] | None = None
        self.max_batch_bytes = MAX_BATCH_BYTES

    @property
    def location(self) -> str:
        return sheet_url(self.id)

    def metadata(self, refresh: bool = False) -> dict[str, Any]:
        if self._meta is None or refresh:
            self._meta = self.g.get(self.id, f"master spreadsheet {self.id}",
                                    fields="properties(title,timeZone),sheets(properties(sheetId,title,index)),"
                                           "developerMetadata(metadataId,metadataKey,metadataValue)")
        return self._meta

    def check(self) -> str:
        meta = self.metadata(refresh=True)
        title = meta.get("properties", {}).get("title", "")
        # a write that changes nothing proves Editor access
        self.g.batch_update(self.id, {"requests": [{"updateSpreadsheetProperties": {
            "properties": {"title": title}, "fields": "title"}}]}, f"master spreadsheet {self.id}")
        return f"master {self.location} ({title!r}) is writable by {self.g.account}"

    def read_fingerprint(self, refresh: bool = False) -> str | None:
        for md in self.metadata(refresh=refresh).get("developerMetadata", []) or []:
            if md.get("metadataKey") == FINGERPRINT_KEY:
                return md.get("metadataValue")
        return None

    def read_tables(self) -> dict[str, list[list[OutCell]]]:
        titles = [s["properties"]["title"] for s in self.metadata().get("sheets", [])]
        ours = [t for t in JOB_TABS if t in titles]
        if not ours:
            return {}
        data = self.g.batch_get(self.id, [quote_title(t) for t in ours], f"master spreadsheet {self.id}")
        out = {}
        for title, vr in zip(ours, data.get("valueRanges", [])):
            out[title] = [[None if v == "" else (int(v) if isinstance(v, float) and v.is_integer() else v) for v in r]
                          for r in vr.get("values", [])]
        return out

    def write(self, document: MasterDocument) -> str | None:
        """Render ``document`` in one atomic batchUpdate (staging tabs first past
        ``max_batch_bytes``). A commit whose response was lost is checked against the
        master's developer metadata before it is retried: when the fingerprint is there,
        the write had landed (CONTRACT section 7)."""
        tables = list(document.tables)
        meta = self.metadata()
        sheets = [s["properties"] for s in meta.get("sheets", [])]
        used = {p["sheetId"] for p in sheets}
        rng = random.Random()
        new_ids = []
        for _ in tables:
            sid = rng.randrange(1, 2**31 - 1)
            while sid in used:
                sid = rng.randrange(1, 2**31 - 1)
            used.add(sid)
            new_ids.append(sid)
        leftovers = [p["sheetId"] for p in sheets if p["title"].startswith(STAGING_PREFIX)]  # a failed run's
        old = [p["sheetId"] for p in sheets if p["title"] in JOB_TABS]
        fp = document.fingerprint

        fill: list[dict[str, Any]] = [{"deleteSheet": {"sheetId": s}} for s in leftovers]
        for sid, table in zip(new_ids, tables):  # new tabs, hidden, under staging names
            width = max((len(r) for r in table.rows), default=1) or 1
            lay = table.layout
            fill.append({"addSheet": {"properties": {
                "sheetId": sid, "title": STAGING_PREFIX + table.title, "hidden": True,
                "gridProperties": {"rowCount": len(table.rows) + 1, "columnCount": width,
                                   "frozenRowCount": min(lay.freeze_rows, len(table.rows)) if table.rows else 0,
                                   "frozenColumnCount": min(lay.freeze_cols, width - 1)}}}})
        chunks = self._fill_requests(tables, new_ids)
        swap: list[dict[str, Any]] = [{"deleteSheet": {"sheetId": s}} for s in old]
        for index, (sid, table) in enumerate(zip(new_ids, tables)):
            swap.append({"updateSheetProperties": {"properties": {"sheetId": sid, "title": table.title, "index": index,
                                                                  "hidden": False},
                                                   "fields": "title,index,hidden"}})
            swap.extend(self._format_requests(sid, table))
            swap.extend(layout_requests(sid, table))
        swap.extend(self._fingerprint_requests(meta, fp))

        what = f"master spreadsheet {self.id}"
        everything = fill + [r for c in chunks for r in c] + swap
        self._meta = None
        if len(json.dumps(everything, ensure_ascii=False)) <= self.max_batch_bytes:
            return self._commit(everything, fp, what)  # one atomic call
        # too large for one call: fill hidden staging tabs in chunks, then swap in one call;
        # readers see the old tabs until the swap, which is atomic
        self.g.batch_update(self.id, {"requests": fill}, what)
        for chunk in chunks:
            self.g.batch_update(self.id, {"requests": chunk}, what)
        return self._commit(swap, fp, what)

    def _commit(self, requests: list[dict[str, Any]], fp: str, what: str) -> str | None:
        """The call that makes the new master visible: sent once; when its answer is lost,
        read the developer metadata and retry only if the fingerprint is not there."""
        try:
            self.g.batch_update_once(self.id, {"requests": requests}, what)
            return None
        except SourceError as exc:
            if not exc.retriable:
                raise
            first = exc
        try:
            landed = self.read_fingerprint(refresh=True) == fp
        except SourceError:
            raise first from None
        self._meta = None
        if landed:
            return (f"{what}: the answer to the master write was lost, but Google had applied it: "
                    "the master holds the new data")
        self.g.batch_update(self.id, {"requests": requests}, what)
        return None

    def _fill_requests(self, tables: list[DocTable], ids: list[int]) -> list[list[dict[str, Any]]]:
        """updateCells requests grouped into chunks under the payload limit."""
        chunks: list[list[dict[str, Any]]] = [[]]
        size = 0
        budget = self.max_batch_bytes // 2
        for sid, table in zip(ids, tables):
            start = 0
            while start < len(table.rows):
                stop = start
                part_size = 0
                while stop < len(table.rows) and (part_size < budget or stop == start):
                    part_size += len(json.dumps(table.rows[stop], ensure_ascii=False, default=str)) + 40 * len(table.rows[stop])
                    stop += 1
                req = {"updateCells": {"start": {"sheetId": sid, "rowIndex": start, "columnIndex": 0},
                                       "rows": _rows(table, start, stop), "fields": "userEnteredValue,userEnteredFormat"}}
                if size + part_size > budget and chunks[-1]:
                    chunks.append([])
                    size = 0
                chunks[-1].append(req)
                size += part_size
                start = stop
        return [c for c in chunks if c]

    def _format_requests(self, sid: int, table: MasterTable) -> list[dict[str, Any]]:
        widths = table_widths(table)
        reqs: list[dict[str, Any]] = [{"updateDimensionProperties": {
            "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": i, "endIndex": i + 1},
            "properties": {"pixelSize": int(w * 7 + 10)}, "fields": "pixelSize"}} for i, w in enumerate(widths)]
        if not table.header or len(table.rows) < 2:
            return reqs
        for col, pattern in number_formats(table.rows[1:]).items():
            reqs.append({"repeatCell": {
                "range": {"sheetId": sid, "startRowIndex": 1, "endRowIndex": len(table.rows),
                          "startColumnIndex": col, "endColumnIndex": col + 1},
                "cell": {"userEnteredFormat": {"numberFormat": {"type": "NUMBER", "pattern": pattern}}},
                "fields": "userEnteredFormat.numberFormat"}})
        return reqs

    def _fingerprint_requests(self, meta: dict[str, Any], fp: str | None) -> list[dict[str, Any]]:
        reqs: list[dict[str, Any]] = []
        existing = [md for md in meta.get("developerMetadata", []) or [] if md.get("metadataKey") == FINGERPRINT_KEY]
        for md in existing:
            reqs.append({"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
                "metadataId": md["metadataId"]}}}})
        if fp:
            reqs.append({"createDeveloperMetadata": {"developerMetadata": {
                "metadataKey": FINGERPRINT_KEY, "metadataValue": fp, "location": {"spreadsheet": True},
                "visibility": "DOCUMENT"}}})
        return reqs

