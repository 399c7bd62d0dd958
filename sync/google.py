"""The Google backend: survey from the Forms API or the form's linked sheet, unit
reports from Google Sheets, and the master written with one atomic batchUpdate.

Every HTTP call goes through ``sync.http`` (one retry policy, one pacer, a timeout).
Reads per run: one per distinct source spreadsheet, one per Forms page, and at
most two metadata reads (the survey sheet's tabs and time zone, or forms.get; and
the master's tabs). Writes: one batchUpdate when anything changed, none otherwise.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import google.auth.exceptions
import httplib2
import pandas as pd
import requests
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from aggregate.columns import MasterTable, OutCell, RawTable
from aggregate.normalise import ReportBook, pick_tab
from config.errors import ConfigError, SourceError
from config.settings import Settings, parse_form_id, parse_spreadsheet_id
from config.vocab import FORM1_TAB, FORM2_TAB, MASTER_TABS, TAB_STATUS
from sync.http import RETRY_STATUS, Pacer, RetriesExhausted, RetryPolicy, TransientError, parse_retry_after
from sync.local import column_widths

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
FORMS_SCOPES = (
    "https://www.googleapis.com/auth/forms.responses.readonly",
    "https://www.googleapis.com/auth/forms.body.readonly",
)
GOOGLE_ROOTS = ("https://sheets.googleapis.com/", "https://forms.googleapis.com/")
TIMEOUT = (10.0, 60.0)  # connect, read (seconds) for every call
FINGERPRINT_KEY = "ita-sync-fingerprint"
STAGING_PREFIX = "~ita-sync "
MAX_BATCH_BYTES = 2_000_000


def sheet_url(spreadsheet_id: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit"


def quote_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


# --- the HTTP client -----------------------------------------------------------------
class ApiClient(HTTPClient):
    """gspread's HTTP client with our endpoint, timeout, pacing and retry policy."""

    def __init__(self, credentials: Any, *, endpoint: str | None, policy: RetryPolicy, pacer: Pacer,
                 account: str) -> None:
        super().__init__(credentials)
        self.endpoint = endpoint.rstrip("/") + "/" if endpoint else None
        self.policy = policy
        self.pacer = pacer
        self.account = account
        self.timeout = TIMEOUT
        self.calls: list[tuple[str, str]] = []

    def url(self, url: str) -> str:
        if self.endpoint:
            for root in GOOGLE_ROOTS:
                if url.startswith(root):
                    return self.endpoint + url[len(root):]
        return url

    def request(self, method: str, endpoint: str, params: Any = None, data: Any = None, json: Any = None,
                files: Any = None, headers: Any = None) -> requests.Response:
        url = self.url(endpoint)

        def attempt() -> requests.Response:
            self.pacer.wait()
            self.calls.append((method.upper(), url))
            try:
                response = self.session.request(method=method, url=url, json=json, params=params, data=data,
                                                files=files, headers=headers, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                raise TransientError(0, None, exc) from exc
            except google.auth.exceptions.TransportError as exc:
                raise TransientError(0, None, exc) from exc
            if response.ok:
                return response
            if response.status_code in RETRY_STATUS or response.status_code >= 500:
                raise TransientError(response.status_code, parse_retry_after(response.headers.get("Retry-After")),
                                     APIError(response))
            raise APIError(response)

        return self.policy.call(attempt)


def _google_error(exc: BaseException, what: str, account: str) -> SourceError:
    """Map an API failure to one clear sentence (no tokens, no cell data)."""
    if isinstance(exc, RetriesExhausted):
        last = exc.last
        if last.status == 429:
            return SourceError(f"{what}: Google API quota exhausted (HTTP 429) after {exc.attempts} attempts; "
                               "the next scheduled run will try again, or run `ita-sync run` later", retriable=True)
        kind = f"HTTP {last.status}" if last.status else "network error"
        return SourceError(f"{what}: Google API failed ({kind}) after {exc.attempts} attempts: {last.cause}",
                           retriable=True)
    if isinstance(exc, APIError):
        code = exc.code
        message = exc.error.get("message", "")
        if code == 403:
            return SourceError(f"{what}: the service account {account} has no access (HTTP 403: {message}); "
                               f"share the spreadsheet or form with {account}")
        if code == 404:
            return SourceError(f"{what}: not found (HTTP 404); check the ID or URL in the config")
        if code == 401:
            return SourceError(f"{what}: Google refused the credentials (HTTP 401); check backend.credentials")
        return SourceError(f"{what}: Google API error HTTP {code}: {message}")
    if isinstance(exc, google.auth.exceptions.RefreshError):
        return SourceError(f"{what}: could not obtain an access token for {account} ({exc}); check the key file")
    return SourceError(f"{what}: {type(exc).__name__}: {exc}")


def _no_boundary_lookup(credentials: Any) -> None:
    """Behind api_endpoint (a gateway or an emulator) Google's own hosts may be unreachable:
    preset google-auth's regional access boundary, as gcloud does, so it never looks it up."""
    import datetime as dt

    setter = getattr(credentials, "_set_regional_access_boundary", None)
    if setter is not None:
        setter({"encodedLocations": "0x0",
                "expiry": dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=3650)})


class Google:
    """Authenticated access to Sheets and Forms for one run."""

    def __init__(self, settings: Settings, *, policy: RetryPolicy | None = None, pacer: Pacer | None = None) -> None:
        key = settings.backend.credentials
        import os

        key_path = settings.path(key) if key else (Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])
                                                   if os.environ.get("GOOGLE_APPLICATION_CREDENTIALS") else None)
        if key_path is None:
            raise ConfigError("backend.credentials is not set and GOOGLE_APPLICATION_CREDENTIALS is empty: "
                              "point backend.credentials at the service-account key file (JSON)")
        scopes = [SHEETS_SCOPE] + (list(FORMS_SCOPES) if settings.survey.form else [])
        try:
            self.credentials = service_account.Credentials.from_service_account_file(str(key_path), scopes=scopes)
        except FileNotFoundError:
            raise ConfigError(f"backend.credentials = {str(key_path)!r}: file not found; "
                              "download the service account's JSON key and point this key at it") from None
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            raise ConfigError(f"backend.credentials = {str(key_path)!r}: not a service-account key file ({exc})") from None
        self.account = self.credentials.service_account_email
        self.endpoint = settings.backend.api_endpoint
        if self.endpoint:
            _no_boundary_lookup(self.credentials)
        self.policy = policy or RetryPolicy()
        self.pacer = pacer or Pacer()
        self.http = ApiClient(self.credentials, endpoint=self.endpoint, policy=self.policy, pacer=self.pacer,
                              account=self.account)
        self._forms: Any = None

    def call(self, what: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except (APIError, RetriesExhausted, google.auth.exceptions.GoogleAuthError) as exc:
            raise _google_error(exc, what, self.account) from None

    # Sheets -------------------------------------------------------------------------
    def get(self, spreadsheet_id: str, what: str, **params: Any) -> dict[str, Any]:
        return self.call(what, lambda: self.http.spreadsheets_get(spreadsheet_id, params=params))

    def batch_get(self, spreadsheet_id: str, ranges: list[str], what: str) -> dict[str, Any]:
        params: dict[str, Any] = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                  "majorDimension": "ROWS"}
        return self.call(what, lambda: self.http.values_batch_get(spreadsheet_id, ranges, params=params))

    def batch_update(self, spreadsheet_id: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        return self.call(what, lambda: self.http.batch_update(spreadsheet_id, body))

    # Forms --------------------------------------------------------------------------
    def forms(self) -> Any:
        if self._forms is None:
            import google_auth_httplib2
            from googleapiclient.discovery import build

            http = google_auth_httplib2.AuthorizedHttp(self.credentials, http=httplib2.Http(timeout=TIMEOUT[1]))
            options = {"api_endpoint": self.endpoint} if self.endpoint else None
            self._forms = build("forms", "v1", http=http, client_options=options, static_discovery=True,
                                cache_discovery=False)
        return self._forms

    def execute(self, what: str, request: Any) -> dict[str, Any]:
        from googleapiclient.errors import HttpError

        def attempt() -> dict[str, Any]:
            self.pacer.wait()
            self.http.calls.append((request.method, request.uri))
            try:
                return request.execute(num_retries=0)  # type: ignore[no-any-return]
            except HttpError as exc:
                status = int(exc.resp.status)
                if status in RETRY_STATUS or status >= 500:
                    raise TransientError(status, parse_retry_after(exc.resp.get("retry-after")), exc) from exc
                raise
            except (TimeoutError, ConnectionError, httplib2.HttpLib2Error, OSError) as exc:
                raise TransientError(0, None, exc) from exc

        try:
            return self.policy.call(attempt)
        except HttpError as exc:
            status = int(exc.resp.status)
            text = "has no access" if status == 403 else "not found" if status == 404 else f"HTTP {status}"
            fix = f"; share the form with {self.account}" if status == 403 else "; check survey.form" if status == 404 else ""
            raise SourceError(f"{what}: {text}{fix}") from None
        except (RetriesExhausted, google.auth.exceptions.GoogleAuthError) as exc:
            raise _google_error(exc, what, self.account) from None


# --- cells ---------------------------------------------------------------------------------
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
                from config.errors import DataError

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
        ours = [t for t in MASTER_TABS if t in titles]
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
        old = [p["sheetId"] for p in sheets if p["title"] in MASTER_TABS]
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


def build_google_backend(settings: Settings) -> tuple[GoogleSource, GoogleSink]:
    google = Google(settings)
    return GoogleSource(settings, google), GoogleSink(settings, google)
