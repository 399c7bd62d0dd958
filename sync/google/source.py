"""Google sources: the survey (Forms API or linked sheet) and unit reports from Google Sheets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import google.auth.exceptions
import pandas as pd
from gspread.exceptions import APIError

from config.settings import Settings, parse_form_id, parse_spreadsheet_id
from core.columns import RawTable, ReportBook, pick_tab
from core.errors import SourceError
from core.sources import TabBook
from core.vocab import FORM1_TAB, FORM2_TAB
from sync.google.transport import Google, _google_error, quote_title
from sync.http import RetriesExhausted


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


def grid_tab(sheet: dict[str, Any], source: str, tz: str | None) -> RawTable:
    rows: list[list[Any]] = []
    for data in sheet.get("data", []) or []:
        start_row = data.get("startRow", 0)
        start_col = data.get("startColumn", 0)
        for i, rd in enumerate(data.get("rowData", []) or []):
            r = start_row + i
            while len(rows) <= r:
                rows.append([])
            values = [None] * start_col + [_effective(c) for c in rd.get("values", []) or []]
            rows[r] = values
    return RawTable(source=source, sheet=sheet["properties"]["title"], frame=_frame(rows), serial_tz=tz)


# --- source --------------------------------------------------------------------------------
class GoogleSource:
    def __init__(self, settings: Settings, google: Google) -> None:
        self.settings = settings
        self.g = google
        self._warnings: list[str] = []

    @property
    def warnings(self) -> list[str]:
        return self._warnings

    def read_survey(self, since: str | None = None) -> RawTable:
        """The survey tab. With ``survey.form`` and ``since`` (RFC 3339 UTC), only the responses
        whose lastSubmittedTime is at or after ``since`` (an incremental read; the job upserts
        them by responseId). A linked sheet is always read whole (``since`` is ignored)."""
        if self.settings.survey.form:
            return self._read_form(parse_form_id(self.settings.survey.form), since=since)
        sid = parse_spreadsheet_id(self.settings.survey.spreadsheet)
        what = f"survey spreadsheet {sid}"
        meta = self.g.get(sid, what, fields="properties(timeZone),sheets(properties(title,index))")
        names = [s["properties"]["title"] for s in sorted(meta.get("sheets", []), key=lambda s: s["properties"].get("index", 0))]
        wanted = self.settings.survey.worksheet
        if wanted is None:
            if not names:
                raise SourceError(f"{what} has no tabs")
            name = names[0]
        else:
            name = pick_tab(names, wanted)
            if name is None:
                from core.errors import DataError

                raise DataError(f"survey.worksheet = {wanted!r}: no such tab in {what}; tabs found: "
                                + ", ".join(repr(n) for n in names))
        tz = meta.get("properties", {}).get("timeZone") or self.settings.timezone
        data = self.g.batch_get(sid, [quote_title(name)], what)
        values = (data.get("valueRanges") or [{}])[0].get("values", [])
        return RawTable(source=sid, sheet=name, frame=_frame(values), serial_tz=tz)

    def _read_form(self, form_id: str, since: str | None = None) -> RawTable:
        forms = self.g.forms()
        what = f"form {form_id}"
        form = self.g.execute(what, forms.forms().get(formId=form_id))
        questions: list[tuple[str, str, bool]] = []  # (questionId, title, checkbox)
        for item in form.get("items", []):
            q = item.get("questionItem", {}).get("question")
            if q and q.get("questionId"):
                checkbox = q.get("choiceQuestion", {}).get("type") == "CHECKBOX"
                questions.append((q["questionId"], item.get("title", ""), checkbox))
        latest: dict[str, dict[str, Any]] = {}
        token = None
        params: dict[str, Any] = {"formId": form_id, "pageSize": 5000}
        if since:
            params["filter"] = f"timestamp >= {since}"
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
        # order: timestamp cell, then responseId (the job's incremental upsert keeps the same order)
        for rid, resp in sorted(latest.items(), key=lambda kv: (kv[1].get("lastSubmittedTime") or
                                                                kv[1].get("createTime") or "", kv[0])):
            answers = resp.get("answers", {})
            row: list[Any] = [resp.get("lastSubmittedTime") or resp.get("createTime")]
            for qid, _, checkbox in questions:
                vals = [a.get("value", "") for a in answers.get(qid, {}).get("textAnswers", {}).get("answers", [])]
                row.append(vals if checkbox else (vals[0] if vals else None))
            rows.append(row)
            labels.append(rid)
        return RawTable(source=form_id, sheet="responses", frame=_frame(rows, labels), serial_tz="UTC")

    def read_tabs(self, spreadsheet: str, tabs: Sequence[str], key: str) -> TabBook:
        """The named tabs of one spreadsheet, in one ``spreadsheets.get`` with grid data
        (section 8); see ``Source.read_tabs``. 404 fails the run, 403 is a TabBook error."""
        sid = parse_spreadsheet_id(spreadsheet)
        what = f"{key} spreadsheet {sid}"
        try:
            book = self.g.http.spreadsheets_get(sid, params={
                "includeGridData": "true",
                "fields": "properties(timeZone),sheets(properties(title,index),"
                          "data(startRow,startColumn,rowData(values(effectiveValue))))",
            })
        except APIError as exc:
            if exc.code == 403:
                return TabBook(source=sid, error=f"the service account {self.g.account} has no access; "
                                                 f"share the spreadsheet with {self.g.account}")
            raise _google_error(exc, what, self.g.account) from None
        except (RetriesExhausted, google.auth.exceptions.GoogleAuthError) as exc:
            raise _google_error(exc, what, self.g.account) from None
        tz = book.get("properties", {}).get("timeZone")
        sheets = sorted(book.get("sheets", []), key=lambda s: s["properties"].get("index", 0))
        by_name = {s["properties"]["title"]: s for s in sheets}
        found: dict[str, RawTable | None] = {}
        for wanted in tabs:
            real = pick_tab(list(by_name), wanted)
            found[wanted] = grid_tab(by_name[real], sid, tz) if real is not None else None
        return TabBook(source=sid, tabs=found)

    def report_books(self) -> Iterator[ReportBook]:
        seen: set[str] = set()
        for spec in self.settings.report_specs:
            sid = parse_spreadsheet_id(spec)
            if sid in seen:
                continue
            seen.add(sid)
            what = f"report spreadsheet {sid}"
            try:
                book = self.g.http.spreadsheets_get(sid, params={
                    "includeGridData": "true",
                    "fields": "properties(timeZone),sheets(properties(title,index),"
                              "data(startRow,startColumn,rowData(values(effectiveValue))))",
                })
            except APIError as exc:
                if exc.code == 403:
                    yield ReportBook(source=sid, error=f"the service account {self.g.account} has no access; "
                                                       f"share the spreadsheet with {self.g.account}")
                    continue
                raise _google_error(exc, what, self.g.account) from None
            except (RetriesExhausted, google.auth.exceptions.GoogleAuthError) as exc:
                raise _google_error(exc, what, self.g.account) from None
            tz = book.get("properties", {}).get("timeZone")
            sheets = sorted(book.get("sheets", []), key=lambda s: s["properties"].get("index", 0))
            by_name = {s["properties"]["title"]: s for s in sheets}
            tabs = {}
            for key, wanted in (("form1", FORM1_TAB), ("form2", FORM2_TAB)):
                real = pick_tab(list(by_name), wanted)
                tabs[key] = grid_tab(by_name[real], sid, tz) if real is not None else None
            yield ReportBook(source=sid, form1=tabs["form1"], form2=tabs["form2"])


# --- the master ------------------------------------------------------------------------------

