"""Google sources: the survey (Forms API or linked sheet) and unit reports from Google Sheets.

CONTRACT sections 4 and 6. Identifiers come parsed from ``Settings.google_ids``; every call
goes through ``sync.google.transport.Google`` (one retry policy, one pacer, one error mapping:
a failure arrives here as a ``GoogleError`` with its HTTP status).

Reads per run: one ``spreadsheets.get`` per distinct report spreadsheet (tab titles, time
zone, merges and effective values in one call), read in parallel by a small pool under the
shared quota pacer; the survey sheet's metadata (tabs, time zone, merges) plus one
``values:batchGet``; or ``forms.get`` plus one ``responses.list`` per 5,000 responses. With
Drive in use (``backend.drive_change_detection`` or a ``[[reports]] folder``): one Drive
``files.list`` per 1,000 matching files for the versions, and one per folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd

from config.settings import FolderId, Settings, SpreadsheetId
from core.columns import RawTable, ReportBook, pick_tab
from core.errors import DataError, SourceError
from core.sources import TabBook
from core.vocab import FORM1_TAB, FORM2_TAB
from sync.google.transport import Google, GoogleError, quote_title

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
#: report spreadsheets read at once (each read waits on the shared quota pacer)
READ_THREADS = 4


def _effective(cell: dict[str, Any]) -> Any:
    v = cell.get("effectiveValue")
    if not v:
        return None
    if "numberValue" in v:
        return v["numberValue"]
    if "stringValue" in v:
        return v["stringValue"]
    if "boolValue" in v:
        return v["boolValue"]
    if "errorValue" in v:
        return "#" + str(v["errorValue"].get("type", "ERROR"))
    return None


def _frame(rows: list[list[Any]], labels: Sequence[Any] | None = None) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows], dtype=object)
    frame.index = pd.Index(labels) if labels is not None else pd.RangeIndex(1, len(rows) + 1)
    return frame


def fill_merges(rows: list[list[Any]], merges: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Every cell a merged range covers reads as the range's top-left value (CONTRACT section 4,
    "Merged cells"). ``merges``: GridRanges as ``spreadsheets.get`` returns them (0-based,
    end-exclusive). Rows are padded as needed; a range past the data's last row stops there."""
    for m in merges:
        r0, c0 = m.get("startRowIndex", 0), m.get("startColumnIndex", 0)
        r1, c1 = m.get("endRowIndex", r0 + 1), m.get("endColumnIndex", c0 + 1)
        if r0 >= len(rows):
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else None
        if top is None:
            continue
        for r in range(r0, min(r1, len(rows))):
            row = rows[r]
            if len(row) < c1:
                row.extend([None] * (c1 - len(row)))
            for c in range(c0, c1):
                row[c] = top
    return rows


def grid_tab(sheet: dict[str, Any], source: str, tz: str | None) -> RawTable:
    """A ``spreadsheets.get`` sheet (grid data, merges) -> RawTable; index = 1-based row numbers."""
    rows: list[list[Any]] = []
    for data in sheet.get("data", []) or []:
        start_row = data.get("startRow", 0)
        start_col = data.get("startColumn", 0)
        for i, rd in enumerate(data.get("rowData", []) or []):
            r = start_row + i
            while len(rows) <= r:
                rows.append([])
            rows[r] = [None] * start_col + [_effective(c) for c in rd.get("values", []) or []]
    fill_merges(rows, sheet.get("merges", []) or [])
    return RawTable(source=source, sheet=sheet["properties"]["title"], frame=_frame(rows), serial_tz=tz)


# --- Forms -----------------------------------------------------------------------------------
def form_columns(form: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(questionId, column title, multi-valued) per answerable question, in form order.

    A question item is one column titled as the item; a grid (``questionGroupItem``) is one
    column per row, titled ``<grid title> [<row title>]`` as in the linked sheet (CONTRACT
    section 4, "Grid questions"), multi-valued for a checkbox grid."""
    out: list[tuple[str, str, bool]] = []
    for item in form.get("items", []):
        title = item.get("title", "")
        q = item.get("questionItem", {}).get("question")
        if q and q.get("questionId"):
            out.append((q["questionId"], title, q.get("choiceQuestion", {}).get("type") == "CHECKBOX"))
        group = item.get("questionGroupItem")
        if group:
            checkbox = group.get("grid", {}).get("columns", {}).get("type") == "CHECKBOX"
            for gq in group.get("questions", []):
                row = gq.get("rowQuestion", {}).get("title", "")
                if gq.get("questionId"):
                    out.append((gq["questionId"], f"{title} [{row}]", checkbox))
    return out


class GoogleSource:
    """The Google ``Source`` (sync.ports): survey, report books, and Drive versions."""

    def __init__(self, settings: Settings, google: Google) -> None:
        self.settings = settings
        self.ids = settings.google_ids
        self.g = google
        self._warnings: list[str] = []
        self._listed: dict[str, dict[str, Any]] | None = None  # id -> Drive file, from the folder listings

    @property
    def warnings(self) -> list[str]:
        return self._warnings

    # survey ---------------------------------------------------------------------------------
    def read_survey(self) -> RawTable:
        """The survey tab: the form's responses (``survey.form``) or the linked sheet's tab, read
        whole every run (a deleted response must not count: CONTRACT section 6); the job hashes it
        and normalises only when it changed."""
        if self.ids.form is not None:
            return self._read_form(self.ids.form)
        sid = self.ids.survey
        what = f"survey spreadsheet {sid}"
        meta = self.g.get(sid, what, fields="properties(timeZone),sheets(properties(title,index),merges)")
        sheets = sorted(meta.get("sheets", []), key=lambda s: s["properties"].get("index", 0))
        names = [s["properties"]["title"] for s in sheets]
        wanted = self.settings.survey.worksheet
        if wanted is None:
            if not names:
                raise SourceError(f"{what} has no tabs")
            name = names[0]
        else:
            found = pick_tab(names, wanted)
            if found is None:
                raise DataError(f"survey.worksheet = {wanted!r}: no such tab in {what}; tabs found: "
                                + ", ".join(repr(n) for n in names))
            name = found
        tz = meta.get("properties", {}).get("timeZone") or self.settings.timezone
        data = self.g.batch_get(sid, [quote_title(name)], what)
        values = [list(r) for r in (data.get("valueRanges") or [{}])[0].get("values", [])]
        merges: list[dict[str, Any]] = next((s.get("merges", []) for s in sheets if s["properties"]["title"] == name), [])
        return RawTable(source=sid, sheet=name, frame=_frame(fill_merges(values, merges)), serial_tz=tz)

    def _read_form(self, form_id: str) -> RawTable:
        """Every response (one ``responses.list`` per 5,000), a responseId once (its latest
        submission), ordered by timestamp then responseId; index = responseIds."""
        forms = self.g.forms()
        what = f"form {form_id}"
        form = self.g.execute(what, forms.forms().get(formId=form_id))
        questions = form_columns(form)
        latest: dict[str, dict[str, Any]] = {}
        token = None
        params: dict[str, Any] = {"formId": form_id, "pageSize": 5000}
        while True:
            req = forms.forms().responses().list(**params, pageToken=token) if token else \
                forms.forms().responses().list(**params)
            page = self.g.execute(what, req)
            for resp in page.get("responses", []):
                rid = resp["responseId"]
                if rid not in latest or resp.get("lastSubmittedTime", "") >= latest[rid].get("lastSubmittedTime", ""):
                    latest[rid] = resp
            token = page.get("nextPageToken")
            if not token:
                break
        header = ["Timestamp", *(t for _, t, _ in questions)]
        rows: list[list[Any]] = [header]
        labels: list[Any] = [0]
        for rid, resp in sorted(latest.items(), key=lambda kv: (kv[1].get("lastSubmittedTime") or
                                                                kv[1].get("createTime") or "", kv[0])):
            answers = resp.get("answers", {})
            row: list[Any] = [resp.get("lastSubmittedTime") or resp.get("createTime")]
            for qid, _, multi in questions:
                vals = [a.get("value", "") for a in answers.get(qid, {}).get("textAnswers", {}).get("answers", [])]
                row.append(vals if multi else (vals[0] if vals else None))
            rows.append(row)
            labels.append(rid)
        return RawTable(source=form_id, sheet="responses", frame=_frame(rows, labels), serial_tz="UTC")

    # reports --------------------------------------------------------------------------------
    def report_ids(self) -> list[SpreadsheetId]:
        """Every report spreadsheet in reading order: the ``[[reports]]`` entries in order, a
        folder's spreadsheets by name (then ID), each spreadsheet once at its first place."""
        out: list[SpreadsheetId] = []
        seen: set[str] = set()
        for entry in self.ids.reports:
            found = self._folder(entry) if isinstance(entry, FolderId) else [entry]
            for sid in found:
                if sid not in seen:
                    seen.add(sid)
                    out.append(sid)
        return out

    def _folder(self, folder: FolderId) -> list[SpreadsheetId]:
        files = self.g.drive_files(f"'{folder}' in parents and mimeType = '{SPREADSHEET_MIME}' and trashed = false",
                                   f"report folder {folder}", order_by="name")
        if not files:
            self._warnings.append(f"report folder {folder} holds no spreadsheet")
        files.sort(key=lambda f: (f.get("name", ""), f["id"]))
        listed = self._listed if self._listed is not None else {}
        listed.update({f["id"]: f for f in files})
        self._listed = listed
        return [SpreadsheetId(f["id"]) for f in files]

    def report_versions(self) -> list[tuple[SpreadsheetId, str | None]] | None:
        """Each report spreadsheet in reading order with its Drive ``modifiedTime`` now (None when
        Drive does not list it: deleted, trashed or not shared; read it to find out), or None when
        change detection is off. A spreadsheet whose version equals the one seen at its last read
        has not changed since (``backend.drive_change_detection``)."""
        if not self.settings.backend.drive_change_detection:
            return None
        ids = self.report_ids()
        known = dict(self._listed or {})
        missing = [sid for sid in ids if sid not in known]
        if missing:  # spreadsheets named one by one: Drive cannot filter by ID, so list what is recent
            for f in self.g.drive_files(f"mimeType = '{SPREADSHEET_MIME}' and trashed = false",
                                        f"Drive versions of {len(missing)} report spreadsheets"):
                known.setdefault(f["id"], f)
        return [(sid, known[sid].get("modifiedTime") if sid in known else None) for sid in ids]

    def report_books(self, only: Sequence[str] | None = None) -> Iterator[ReportBook]:
        """The report spreadsheets in reading order (``only``: just these IDs, in that order),
        read in parallel. 404 fails the run; 403 is a ReportBook error (a ``bad_sheet``)."""
        ids = list(only) if only is not None else self.report_ids()
        if len(ids) <= 1:
            yield from (self._book(sid) for sid in ids)
            return
        with ThreadPoolExecutor(max_workers=READ_THREADS, thread_name_prefix="ita-sync-read") as pool:
            yield from pool.map(self._book, ids)

    def _grid(self, sid: str, what: str) -> tuple[str | None, dict[str, dict[str, Any]]] | None:
        """One ``spreadsheets.get`` with grid data and merges: (time zone, tab title -> sheet JSON in
        tab order), or None when the service account may not open it (403). Other failures raise."""
        try:
            book = self.g.get(sid, what, includeGridData="true",
                              fields="properties(timeZone),sheets(properties(title,index),merges,"
                                     "data(startRow,startColumn,rowData(values(effectiveValue))))")
        except GoogleError as exc:
            if exc.status == 403:
                return None
            raise
        sheets = sorted(book.get("sheets", []), key=lambda s: s["properties"].get("index", 0))
        return book.get("properties", {}).get("timeZone"), {s["properties"]["title"]: s for s in sheets}

    def _no_access(self) -> str:
        return f"the service account {self.g.account} has no access; share the spreadsheet with {self.g.account}"

    def _book(self, sid: str) -> ReportBook:
        grid = self._grid(sid, f"report spreadsheet {sid}")
        if grid is None:
            return ReportBook(source=sid, error=self._no_access())
        tz, by_name = grid
        tabs: dict[str, RawTable | None] = {}
        for key, wanted in (("form1", FORM1_TAB), ("form2", FORM2_TAB)):
            real = pick_tab(list(by_name), wanted)
            tabs[key] = grid_tab(by_name[real], sid, tz) if real is not None else None
        return ReportBook(source=sid, form1=tabs["form1"], form2=tabs["form2"])

    def read_tabs(self, spreadsheet: str, tabs: Sequence[str], key: str) -> TabBook:
        """The named tabs of one spreadsheet, in one ``spreadsheets.get`` with grid data and merges
        (CONTRACT section 8); see ``Source.read_tabs``. 404 fails the run, 403 is a TabBook error."""
        sid = SpreadsheetId.parse(spreadsheet)
        grid = self._grid(sid, f"{key} spreadsheet {sid}")
        if grid is None:
            return TabBook(source=sid, error=self._no_access())
        tz, by_name = grid
        found: dict[str, RawTable | None] = {}
        for wanted in tabs:
            real = pick_tab(list(by_name), wanted)
            found[wanted] = grid_tab(by_name[real], sid, tz) if real is not None else None
        return TabBook(source=sid, tabs=found)
