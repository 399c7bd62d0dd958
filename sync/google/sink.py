"""The Google master: one atomic batchUpdate (staging tabs first when the payload is large)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from config.settings import Settings, parse_spreadsheet_id
from core.columns import MasterTable, OutCell
from core.vocab import JOB_TABS, TAB_STATUS
from sync.google.transport import FINGERPRINT_KEY, MAX_BATCH_BYTES, STAGING_PREFIX, Google, quote_title, sheet_url
from sync.layout import column_widths


def _cell(v: OutCell, bold: bool = False) -> dict[str, Any]:
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
        cell["userEnteredFormat"] = {"textFormat": {"bold": True}, "wrapStrategy": "WRAP",
                                     "backgroundColor": {"red": 0.867, "green": 0.922, "blue": 0.969}}
    return cell


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


def _rows(table: MasterTable, start: int, stop: int) -> list[dict[str, Any]]:
    return [{"values": [_cell(v, bold=table.header and r == 0) for v in table.rows[r]]} for r in range(start, stop)]


class GoogleSink:
    def __init__(self, settings: Settings, google: Google) -> None:
        self.g = google
        self.id = parse_spreadsheet_id(settings.master.spreadsheet)
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

    def read_fingerprint(self) -> str | None:
        for md in self.metadata().get("developerMetadata", []) or []:
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

    def write(self, tables: list[MasterTable], fingerprint: str | None = None) -> None:
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
        fp = fingerprint or _fact(tables, "รหัสตรวจสอบข้อมูล")

        fill: list[dict[str, Any]] = [{"deleteSheet": {"sheetId": s}} for s in leftovers]
        for sid, table in zip(new_ids, tables):  # new tabs, hidden, under staging names
            width = max((len(r) for r in table.rows), default=1) or 1
            fill.append({"addSheet": {"properties": {
                "sheetId": sid, "title": STAGING_PREFIX + table.title, "hidden": True,
                "gridProperties": {"rowCount": len(table.rows) + 1, "columnCount": width,
                                   "frozenRowCount": 1 if table.header and table.rows else 0}}}})
        chunks = self._fill_requests(tables, new_ids)
        swap: list[dict[str, Any]] = [{"deleteSheet": {"sheetId": s}} for s in old]
        for index, (sid, table) in enumerate(zip(new_ids, tables)):
            swap.append({"updateSheetProperties": {"properties": {"sheetId": sid, "title": table.title, "index": index,
                                                                  "hidden": False},
                                                   "fields": "title,index,hidden"}})
            swap.extend(self._format_requests(sid, table))
        swap.extend(self._fingerprint_requests(meta, fp))

        what = f"master spreadsheet {self.id}"
        everything = fill + [r for c in chunks for r in c] + swap
        if len(json.dumps(everything, ensure_ascii=False)) <= self.max_batch_bytes:
            self.g.batch_update(self.id, {"requests": everything}, what)  # one atomic call
        else:
            # too large for one call: fill hidden staging tabs in chunks, then swap in one call;
            # readers see the old tabs until the swap, which is atomic
            self.g.batch_update(self.id, {"requests": fill}, what)
            for chunk in chunks:
                self.g.batch_update(self.id, {"requests": chunk}, what)
            self.g.batch_update(self.id, {"requests": swap}, what)
        self._meta = None

    def _fill_requests(self, tables: list[MasterTable], ids: list[int]) -> list[list[dict[str, Any]]]:
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
        widths = list(table.widths) if table.widths else column_widths(table.rows)
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


def _fact(tables: Sequence[MasterTable], label: str) -> str | None:
    for t in tables:
        if t.title == TAB_STATUS:
            for r in t.rows:
                if r and r[0] == label and len(r) > 1:
                    return str(r[1])
    return None


