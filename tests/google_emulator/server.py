"""The emulator: a ThreadingHTTPServer on 127.0.0.1 speaking Sheets v4, Forms v1 and OAuth token.

Start it with ``Emulator().start()`` (or as a context manager); ``base_url`` is what
``client_options={"api_endpoint": ...}`` and the ita-sync ``backend.api_endpoint`` take.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from . import sheets as S
from .a1 import col_to_index, parse_cells
from .auth import DEFAULT_SCOPES, AuthError, ServiceAccount, TokenStore, write_key_file
from .drive import FOLDER, FORM, SPREADSHEET, Drive
from .errors import ApiError, bad_request
from .faults import FaultRule, Faults
from .forms import Form, list_responses, make_item, make_response, rfc3339
from .values import DATE_TYPES, ev_python, from_serial, python_to_cell

DRIVE = "https://www.googleapis.com/auth/drive"
DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
DRIVE_RO = "https://www.googleapis.com/auth/drive.readonly"
SHEETS_RW = {DRIVE, DRIVE_FILE, "https://www.googleapis.com/auth/spreadsheets"}
SHEETS_R = SHEETS_RW | {DRIVE_RO, "https://www.googleapis.com/auth/spreadsheets.readonly"}
FORMS_BODY_R = {DRIVE, DRIVE_FILE, DRIVE_RO, "https://www.googleapis.com/auth/forms.body",
                "https://www.googleapis.com/auth/forms.body.readonly"}
FORMS_RESP_R = {DRIVE, DRIVE_FILE, "https://www.googleapis.com/auth/forms.responses.readonly"}
#: drive.files.list: the scopes drive.v3.json names (any of them lists what that scope can see)
DRIVE_META_R = {DRIVE, DRIVE_RO, DRIVE_FILE} | {f"https://www.googleapis.com/auth/drive.{s}" for s in (
    "appdata", "meet.readonly", "metadata", "metadata.readonly", "photos.readonly")}

ID = r"([^/:?]+)"


@dataclass
class LoggedRequest:
    """One call as the emulator saw it (token calls included, ``api == "token"``)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]
    api: str = "other"  # "sheets" | "forms" | "drive" | "token" | "other"
    method_id: str | None = None  # discovery id, e.g. "sheets.spreadsheets.values.batchGet"
    status: int = 0
    response: Any = None
    fault: str | None = None
    started: float = 0.0
    duration: float = 0.0

    @property
    def url_path(self) -> str:
        return self.path


@dataclass
class Route:
    method: str
    pattern: re.Pattern
    method_id: str
    api: str
    scopes: set[str]
    handler: str


ROUTES = [
    Route("POST", re.compile(r"^/v4/spreadsheets$"), "sheets.spreadsheets.create", "sheets", SHEETS_RW, "sheets_create"),
    Route("GET", re.compile(rf"^/v4/spreadsheets/{ID}$"), "sheets.spreadsheets.get", "sheets", SHEETS_R, "sheets_get"),
    Route("POST", re.compile(rf"^/v4/spreadsheets/{ID}:batchUpdate$"), "sheets.spreadsheets.batchUpdate", "sheets",
          SHEETS_RW, "sheets_batch_update"),
    Route("GET", re.compile(rf"^/v4/spreadsheets/{ID}/values:batchGet$"), "sheets.spreadsheets.values.batchGet",
          "sheets", SHEETS_R, "values_batch_get"),
    Route("POST", re.compile(rf"^/v4/spreadsheets/{ID}/values:batchUpdate$"),
          "sheets.spreadsheets.values.batchUpdate", "sheets", SHEETS_RW, "values_batch_update"),
    Route("POST", re.compile(rf"^/v4/spreadsheets/{ID}/values:batchClear$"),
          "sheets.spreadsheets.values.batchClear", "sheets", SHEETS_RW, "values_batch_clear"),
    Route("POST", re.compile(rf"^/v4/spreadsheets/{ID}/values/(.+):append$"), "sheets.spreadsheets.values.append",
          "sheets", SHEETS_RW, "values_append"),
    Route("POST", re.compile(rf"^/v4/spreadsheets/{ID}/values/(.+):clear$"), "sheets.spreadsheets.values.clear",
          "sheets", SHEETS_RW, "values_clear"),
    Route("GET", re.compile(rf"^/v4/spreadsheets/{ID}/values/(.+)$"),
          "sheets.spreadsheets.values.get", "sheets", SHEETS_R, "values_get"),
    Route("PUT", re.compile(rf"^/v4/spreadsheets/{ID}/values/(.+)$"), "sheets.spreadsheets.values.update", "sheets",
          SHEETS_RW, "values_update"),
    Route("GET", re.compile(rf"^/v1/forms/{ID}$"), "forms.forms.get", "forms", FORMS_BODY_R, "forms_get"),
    Route("GET", re.compile(rf"^/v1/forms/{ID}/responses$"), "forms.forms.responses.list", "forms", FORMS_RESP_R,
          "forms_list"),
    Route("GET", re.compile(rf"^/v1/forms/{ID}/responses/{ID}$"), "forms.forms.responses.get", "forms",
          FORMS_RESP_R, "forms_response_get"),
    Route("GET", re.compile(r"^/drive/v3/files$"), "drive.files.list", "drive", DRIVE_META_R, "drive_list"),
]

# google-auth >= 2.4x looks up a "regional access boundary" at iamcredentials.googleapis.com after a token
# refresh; answering it here (clients route that host too) keeps every call on the loopback.
IAM_ROUTE = Route("GET", re.compile(r"^/v1/projects/-/serviceAccounts/([^/]+)/allowedLocations$"),
                  "iamcredentials.allowedLocations", "iam", set(), "iam_allowed_locations")


class _Drop(Exception):
    pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    emulator: Emulator


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed-ACK stalls)
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self.server.emulator._handle(self)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET


class Emulator:
    """A stateful fake of the Google endpoints ita-sync uses. Thread-safe; one per test is cheap."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, path_prefix: str = "",
                 default_time_zone: str = "Asia/Bangkok"):
        self.host = host
        self.port = port
        self.path_prefix = "/" + path_prefix.strip("/") if path_prefix.strip("/") else ""
        self.default_time_zone = default_time_zone
        self.lock = threading.RLock()
        self.spreadsheets: dict[str, S.Spreadsheet] = {}
        self.forms: dict[str, Form] = {}
        self.denied: set[str] = set()
        self.drive = Drive()
        self.auth = TokenStore()
        self.faults = Faults()
        self._log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self._actor = threading.local()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.default_account = self.auth.add_account("ita-sync-test@ita-sync-test.iam.gserviceaccount.com")

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Emulator:
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), _Handler)
        server.emulator = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"google-emulator:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget all spreadsheets, forms, access rules, faults and the request log (tokens stay valid)."""
        with self.lock:
            self.spreadsheets.clear()
            self.forms.clear()
            self.denied.clear()
            self.drive = Drive()
        self.faults.clear()
        self.clear_log()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/`` (plus the path prefix, if any), with a trailing slash."""
        return f"http://{self.host}:{self.port}{self.path_prefix}/"

    @property
    def token_uri(self) -> str:
        return self.base_url + "token"

    # ------------------------------------------------------------------ auth helpers
    def service_account(self, email: str | None = None) -> ServiceAccount:
        return self.auth.add_account(email) if email else self.default_account

    def service_account_info(self, email: str | None = None) -> dict[str, Any]:
        """The JSON of a service-account key whose ``token_uri`` is this emulator's ``/token``."""
        return self.service_account(email).info(self.token_uri)

    def write_service_account_key(self, path: str | Path, email: str | None = None) -> Path:
        return write_key_file(path, self.service_account(email), self.token_uri)

    def credentials(self, scopes: tuple[str, ...] | list[str] = DEFAULT_SCOPES, email: str | None = None) -> Any:
        """A real ``google.oauth2.service_account.Credentials`` that gets its tokens from this emulator."""
        from google.oauth2 import service_account

        from .clients import without_boundary_lookup

        return without_boundary_lookup(service_account.Credentials.from_service_account_info(
            self.service_account_info(email), scopes=list(scopes)
        ))

    def expire_tokens(self) -> None:
        """Make every issued token invalid (the next call gets 401; google-auth refreshes)."""
        self.auth.expire_all()

    # ------------------------------------------------------------------ access
    def deny(self, resource_id: str) -> None:
        """Calls on this spreadsheet/form now get 403 PERMISSION_DENIED."""
        with self.lock:
            self.denied.add(resource_id)

    def grant(self, resource_id: str) -> None:
        with self.lock:
            self.denied.discard(resource_id)

    # ------------------------------------------------------------------ spreadsheets (python API)
    def create_spreadsheet(
        self,
        spreadsheet_id: str | None = None,
        title: str = "Untitled spreadsheet",
        tabs: dict[str, list[list[Any]]] | None = None,
        *,
        time_zone: str | None = None,
        locale: str = "en_US",
        row_count: int | None = None,
        column_count: int | None = None,
        parents: list[str] | None = None,
    ) -> str:
        """Create a spreadsheet; ``tabs`` maps tab title -> rows of python values (in order).
        ``parents``: Drive folders that hold it (``create_folder``).

        Without ``tabs`` it has one empty ``Sheet1`` (sheetId 0, 1000 x 26), as Google creates.
        Values: str, int, float, bool, None, datetime/date/time (stored as serials with a date
        format, in ``time_zone``), ``Formula("=...")``, or a CellData dict.
        """
        sid = spreadsheet_id or S.new_spreadsheet_id()
        ss = S.Spreadsheet(sid, title, time_zone or self.default_time_zone, locale)
        with self.lock:
            if tabs:
                for i, (name, rows) in enumerate(tabs.items()):
                    self._add_tab(ss, name, rows, sheet_id=0 if i == 0 else None, row_count=row_count,
                                  column_count=column_count)
            else:
                ss.add_sheet({"sheetId": 0, "title": "Sheet1"})
            self.spreadsheets[sid] = ss
            self.drive.add(sid, title, SPREADSHEET, parents)
        return sid

    def create_folder(self, name: str, parents: list[str] | None = None) -> str:
        """A Drive folder (for ``[[reports]] folder``); returns its ID."""
        fid = "0B" + S.new_spreadsheet_id()[:31]
        with self.lock:
            self.drive.add(fid, name, FOLDER, parents)
        return fid

    def modified_time(self, file_id: str) -> str:
        """Drive ``modifiedTime`` of a spreadsheet, form or folder (RFC 3339)."""
        with self.lock:
            return self.drive.files[file_id].json()["modifiedTime"]

    def trash(self, file_id: str, trashed: bool = True) -> None:
        with self.lock:
            self.drive.files[file_id].trashed = trashed
            self.drive.touch(file_id)

    def _add_tab(self, ss: S.Spreadsheet, title: str, rows: list[list[Any]] | None, *, sheet_id: int | None = None,
                 index: int | None = None, row_count: int | None = None, column_count: int | None = None,
                 frozen_rows: int = 0) -> S.Sheet:
        rows = rows or []
        height = len(rows)
        width = max((len(r) for r in rows), default=0)
        gp: dict[str, Any] = {
            "rowCount": row_count or max(S.DEFAULT_ROWS, height),
            "columnCount": column_count or max(S.DEFAULT_COLS, width),
        }
        if frozen_rows:
            gp["frozenRowCount"] = frozen_rows
        props: dict[str, Any] = {"title": title, "gridProperties": gp}
        if sheet_id is not None:
            props["sheetId"] = sheet_id
        if index is not None:
            props["index"] = index
        sheet = ss.add_sheet(props)
        self._put_rows(ss, sheet, rows, 0, 0)
        return sheet

    def _put_rows(self, ss: S.Spreadsheet, sheet: S.Sheet, rows: list[list[Any]], r0: int, c0: int) -> None:
        need_r = r0 + len(rows)
        need_c = c0 + max((len(r) for r in rows), default=0)
        if need_r > sheet.rows or need_c > sheet.cols:
            sheet.set_size(max(sheet.rows, need_r), max(sheet.cols, need_c))
        cells = sheet.cells
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                kind = type(value)
                if kind is str and value:  # fast path for the common plain values
                    cells[(r0 + i, c0 + j)] = {"userEnteredValue": {"stringValue": value}}
                    continue
                if kind is int or kind is float:
                    cells[(r0 + i, c0 + j)] = {"userEnteredValue": {"numberValue": value}}
                    continue
                cell = python_to_cell(value, ss.time_zone)
                key = (r0 + i, c0 + j)
                if cell is None:
                    old = {k: v for k, v in sheet.cells.get(key, {}).items() if k != "userEnteredValue"}
                    if old:
                        sheet.cells[key] = old
                    else:
                        sheet.cells.pop(key, None)
                else:
                    if "userEnteredFormat" in cell:
                        cell["userEnteredFormat"] = S.normalize_format(cell["userEnteredFormat"])
                    sheet.cells[key] = cell

    def add_tab(self, spreadsheet_id: str, title: str, rows: list[list[Any]] | None = None, *,
                sheet_id: int | None = None, index: int | None = None, row_count: int | None = None,
                column_count: int | None = None, frozen_rows: int = 0) -> int:
        """Add a tab (with values); returns its sheetId."""
        with self.lock:
            ss = self._ss(spreadsheet_id)
            self.drive.touch(spreadsheet_id)
            return self._add_tab(ss, title, rows, sheet_id=sheet_id, index=index, row_count=row_count,
                                 column_count=column_count, frozen_rows=frozen_rows).sheet_id

    def set_values(self, spreadsheet_id: str, tab: str, rows: list[list[Any]], start: str = "A1") -> None:
        """Write python values into a tab from ``start`` (None clears a cell); the grid grows if needed."""
        r0, _r1, c0, _c1 = parse_cells(start)
        with self.lock:
            ss = self._ss(spreadsheet_id)
            self._put_rows(ss, self._tab(ss, tab), rows, r0, c0)
            self.drive.touch(spreadsheet_id)

    def merge_cells(self, spreadsheet_id: str, tab: str, a1: str) -> None:
        """Merge a range as an officer does (MERGE_ALL: the covered cells lose their values, as in
        Google Sheets); ``spreadsheets.get`` then returns it in the sheet's ``merges``."""
        r0, r1, c0, c1 = parse_cells(a1)
        with self.lock:
            ss = self._ss(spreadsheet_id)
            sheet = self._tab(ss, tab)
            S.BatchUpdate(ss).do_mergeCells({"range": {"sheetId": sheet.sheet_id, "startRowIndex": r0,
                                                       "endRowIndex": r1, "startColumnIndex": c0,
                                                       "endColumnIndex": c1}, "mergeType": "MERGE_ALL"}, "")
            self.drive.touch(spreadsheet_id)

    def delete_spreadsheet(self, spreadsheet_id: str) -> None:
        with self.lock:
            self.spreadsheets.pop(spreadsheet_id, None)

    def tabs(self, spreadsheet_id: str) -> list[str]:
        """Tab titles in order."""
        with self.lock:
            return [sh.title for sh in self._ss(spreadsheet_id).sheets]

    def sheet_properties(self, spreadsheet_id: str) -> list[dict]:
        """SheetProperties JSON of every tab, in order (sheetId, title, index, gridProperties, ...)."""
        with self.lock:
            return [sh.props_json() for sh in self._ss(spreadsheet_id).sheets]

    def spreadsheet_properties(self, spreadsheet_id: str) -> dict:
        with self.lock:
            return copy.deepcopy(self._ss(spreadsheet_id).props)

    def values(self, spreadsheet_id: str, tab: str, render: str = "python") -> list[list[Any]]:
        """A tab's values, trailing empties trimmed.

        ``render="python"``: numbers as int/float, bools, strings, date-formatted cells as
        datetime/date/time, formula errors as their text (``#DIV/0!``), empty cells as None.
        Other values of ``render`` are the API's valueRenderOption (with SERIAL_NUMBER dates).
        """
        with self.lock:
            ss = self._ss(spreadsheet_id)
            sheet = self._tab(ss, tab)
            if render != "python":
                text = f"{S.quote_title(sheet.title, force=True)}"
                return S.read_values(ss, text, render, "SERIAL_NUMBER", "ROWS").get("values", [])
            ev = S.Evaluator(ss)
            cells: dict[tuple[int, int], Any] = {}
            for (r, c), cell in sheet.cells.items():
                effective = ev.effective(sheet, r, c)
                if effective is None:
                    continue
                value = ev_python(effective)
                nf = (cell.get("userEnteredFormat") or {}).get("numberFormat") or {}
                if nf.get("type") in DATE_TYPES and isinstance(value, (int, float)) and not isinstance(value, bool):
                    moment = from_serial(value)
                    value = moment.date() if nf["type"] == "DATE" else moment.time() if nf["type"] == "TIME" else moment
                cells[(r, c)] = value
        if not cells:
            return []
        height = max(r for r, _ in cells) + 1
        out = []
        for r in range(height):
            cols = [c for (rr, c) in cells if rr == r]
            width = max(cols) + 1 if cols else 0
            out.append([cells.get((r, c)) for c in range(width)])
        return out

    def cell(self, spreadsheet_id: str, tab: str, a1: str) -> dict:
        """CellData of one cell as the API returns it with includeGridData (values, formats, note, validation)."""
        r0, _, c0, _ = parse_cells(a1)
        with self.lock:
            ss = self._ss(spreadsheet_id)
            sheet = self._tab(ss, tab)
            return S.Evaluator(ss).cell_json(sheet, r0, c0, None)

    def formats(self, spreadsheet_id: str, tab: str) -> dict[str, dict]:
        """userEnteredFormat per cell, keyed by A1 (only cells that have one)."""
        from .a1 import cell_a1

        with self.lock:
            sheet = self._tab(self._ss(spreadsheet_id), tab)
            return {cell_a1(r, c): copy.deepcopy(cell["userEnteredFormat"])
                    for (r, c), cell in sorted(sheet.cells.items()) if "userEnteredFormat" in cell}

    def data_validations(self, spreadsheet_id: str, tab: str) -> dict[str, dict]:
        from .a1 import cell_a1

        with self.lock:
            sheet = self._tab(self._ss(spreadsheet_id), tab)
            return {cell_a1(r, c): copy.deepcopy(cell["dataValidation"])
                    for (r, c), cell in sorted(sheet.cells.items()) if "dataValidation" in cell}

    def dimension_sizes(self, spreadsheet_id: str, tab: str, dimension: str = "COLUMNS") -> dict[int, int]:
        """pixelSize of the rows/columns that were changed from the default (21 / 100)."""
        with self.lock:
            sheet = self._tab(self._ss(spreadsheet_id), tab)
            meta = sheet.col_meta if dimension == "COLUMNS" else sheet.row_meta
            return {i: m["pixelSize"] for i, m in sorted(meta.items()) if "pixelSize" in m}

    def sheet_objects(self, spreadsheet_id: str, tab: str) -> dict[str, Any]:
        """Stored objects of a tab: merges, conditionalFormats, charts, protectedRanges, basicFilter."""
        with self.lock:
            sh = self._tab(self._ss(spreadsheet_id), tab)
            return copy.deepcopy({
                "merges": sh.merges, "conditionalFormats": sh.conditional_formats, "charts": sh.charts,
                "protectedRanges": sh.protected_ranges, "basicFilter": sh.basic_filter,
                "rowGroups": sh.row_groups, "columnGroups": sh.column_groups,
            })

    def spreadsheet_json(self, spreadsheet_id: str, *, ranges: list[str] | None = None,
                         include_grid_data: bool = False, fields: str | None = None) -> dict:
        """Exactly what ``spreadsheets.get`` would answer."""
        with self.lock:
            return S.spreadsheet_json(self._ss(spreadsheet_id), ranges or [], include_grid_data, fields)

    def _ss(self, spreadsheet_id: str) -> S.Spreadsheet:
        try:
            return self.spreadsheets[spreadsheet_id]
        except KeyError:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r} in the emulator") from None

    def _tab(self, ss: S.Spreadsheet, tab: str) -> S.Sheet:
        sheet = ss.sheet_by_title(tab)
        if sheet is None or sheet.title != tab:
            raise KeyError(f"spreadsheet {ss.id!r} has no tab {tab!r} (tabs: {[s.title for s in ss.sheets]})")
        return sheet

    # ------------------------------------------------------------------ forms (python API)
    def create_form(self, form_id: str | None = None, title: str = "Untitled form",
                    items: list[dict] | None = None, *, document_title: str | None = None,
                    linked_sheet_id: str | None = None, responses: list[dict] | None = None) -> str:
        """Create a form. ``items``: simple specs ``{"title", "questionId"?, "kind", "options"?}`` or API Items."""
        fid = form_id or "1FAIpQL" + S.new_spreadsheet_id()[1:37]
        form = Form(fid, title, [make_item(i) for i in items or []], document_title, linked_sheet_id)
        with self.lock:
            self.forms[fid] = form
            self.drive.add(fid, title, FORM)
        if responses:
            self.add_responses(fid, responses)
        return fid

    def question_ids(self, form_id: str) -> dict[str, str]:
        """Question title -> questionId."""
        with self.lock:
            return self.forms[form_id].question_ids()

    def add_responses(self, form_id: str, responses: list[dict]) -> list[str]:
        """Add responses: ``{"responseId"?, "createTime"?, "lastSubmittedTime"?, "answers": {qid|title: value}}``.

        A value is a string, a list of strings (checkbox), or a full Answer dict. Returns responseIds.
        """
        with self.lock:
            form = self.forms[form_id]
            ids = []
            for spec in responses:
                resp = make_response(form, spec)
                form.responses[resp["responseId"]] = resp
                ids.append(resp["responseId"])
            return ids

    def edit_response(self, form_id: str, response_id: str, answers: dict | None = None,
                      last_submitted_time: dt.datetime | str | None = None) -> None:
        """Change answers (merged by question) and move lastSubmittedTime (default: now)."""
        with self.lock:
            form = self.forms[form_id]
            old = form.responses[response_id]
            if answers:
                fresh = make_response(form, {"answers": answers})
                old.setdefault("answers", {}).update(fresh.get("answers", {}))
            old["lastSubmittedTime"] = rfc3339(last_submitted_time or dt.datetime.now(dt.UTC))

    def delete_response(self, form_id: str, response_id: str) -> None:
        with self.lock:
            del self.forms[form_id].responses[response_id]

    def responses(self, form_id: str) -> list[dict]:
        with self.lock:
            return copy.deepcopy(list(self.forms[form_id].responses.values()))

    # ------------------------------------------------------------------ request log
    @property
    def requests(self) -> list[LoggedRequest]:
        with self._log_lock:
            return list(self._log)

    def calls(self, api: str | None = None, method: str | None = None, path: str | None = None,
              method_id: str | None = None) -> list[LoggedRequest]:
        """Logged calls, filtered. ``api=None`` means every Sheets/Forms call (not the token endpoint nor
        google-auth's IAM boundary lookup, ``api="iam"``);
        ``path`` is a regex searched in the path; ``method_id`` e.g. ``"sheets.spreadsheets.batchUpdate"``."""
        out = []
        for req in self.requests:
            if api is None and req.api in ("token", "iam"):
                continue
            if api is not None and req.api != api:
                continue
            if method and req.method != method.upper():
                continue
            if path and not re.search(path, req.path):
                continue
            if method_id and req.method_id != method_id:
                continue
            out.append(req)
        return out

    def count(self, api: str | None = None, method: str | None = None, path: str | None = None,
              method_id: str | None = None) -> int:
        return len(self.calls(api, method, path, method_id))

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # ------------------------------------------------------------------ HTTP
    def _handle(self, h: _Handler) -> None:
        started = time.monotonic()
        split = urlsplit(h.path)
        path = split.path
        if self.path_prefix and path.startswith(self.path_prefix):
            path = path[len(self.path_prefix):] or "/"
        query = parse_qs(split.query, keep_blank_values=True)
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        ctype = h.headers.get("Content-Type", "")
        body: Any = None
        if raw:
            if "application/x-www-form-urlencoded" in ctype:
                body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            else:
                try:
                    body = json.loads(raw)
                except (ValueError, UnicodeDecodeError):
                    body = raw
        is_token = path == "/token"
        entry = LoggedRequest(h.command, path, query, body, dict(h.headers.items()),
                              api="token" if is_token else "other", started=time.time())
        route, params = self._route(h.command, path)
        if route is not None:
            entry.api, entry.method_id = route.api, route.method_id
        with self._log_lock:
            self._log.append(entry)

        rule = self.faults.take(h.command, path, is_token)
        if self.faults.latency and (not is_token or self.faults.latency_includes_token):
            time.sleep(self.faults.latency)
        status, payload, headers = 200, None, {}
        try:
            if rule is not None and rule.kind == "slow":
                entry.fault = f"slow {rule.delay}s"
                time.sleep(rule.delay)
            if rule is not None and rule.kind == "status":
                entry.fault = f"status {rule.status}"
                hdrs = {"Retry-After": _num_text(rule.retry_after)} if rule.retry_after is not None else {}
                raise ApiError(rule.status, rule.message, headers=hdrs)
            if rule is not None and rule.kind == "drop" and not rule.apply:
                raise _Drop()
            if is_token:
                status, payload = self._token(h.command, body)
            else:
                payload = self._api(h, route, params, query, body)
        except _Drop:
            payload = {"error": "dropped"}
        except ApiError as e:
            status, payload, headers = e.code, e.body(), e.headers
        except Exception as e:  # a bug in the emulator: answer 500 and keep serving
            import traceback

            traceback.print_exc()
            status, payload = 500, ApiError(500, f"emulator bug: {type(e).__name__}: {e}").body()
        entry.status, entry.response = status, payload
        data = _dumps(payload)
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json; charset=UTF-8")
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            if rule is not None and rule.kind == "drop":
                entry.fault = "drop"
                h.send_header("Connection", "close")
                h.end_headers()
                cut = rule.partial if rule.partial is not None else max(1, len(data) // 2)
                h.wfile.write(data[: min(cut, max(0, len(data) - 1))])
                h.wfile.flush()
                h.close_connection = True
                try:
                    h.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            else:
                h.end_headers()
                if h.command != "HEAD":
                    h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True
        entry.duration = time.monotonic() - started

    def _route(self, method: str, path: str) -> tuple[Route | None, list[str]]:
        for route in [*ROUTES, IAM_ROUTE]:
            m = route.pattern.match(path)
            if m and route.method == method:
                return route, [unquote(g) for g in m.groups()]
        return None, []

    def _token(self, method: str, body: Any) -> tuple[int, dict]:
        if method != "POST" or not isinstance(body, dict):
            return 400, {"error": "invalid_request", "error_description": "POST a form-encoded grant."}
        try:
            return 200, self.auth.grant(body, {self.token_uri, self.token_uri.rstrip("/")})
        except AuthError as e:
            return 400, {"error": e.error, "error_description": e.description}

    def _api(self, h: _Handler, route: Route | None, params: list[str], query: dict, body: Any) -> Any:
        token = self.auth.check_bearer(h.headers.get("Authorization"))
        if token is None:
            missing = not h.headers.get("Authorization")
            raise ApiError(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 access token, login "
                "cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project." if missing else None,
                headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            )
        if route is None:
            raise ApiError(404, f"Method not found: {h.command} {h.path}")
        granted = set(token.scopes)
        if token.self_signed_audience and not granted and route.api in token.self_signed_audience:
            granted = set(route.scopes)
        if route.scopes and not granted & route.scopes:
            raise ApiError(
                403,
                "Request had insufficient authentication scopes.",
                details=[{
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                    "domain": "googleapis.com",
                    "metadata": {"service": f"{route.api}.googleapis.com", "method": route.method_id},
                }],
            )
        if body is not None and not isinstance(body, dict):
            raise bad_request("Invalid JSON payload received.")
        handler: Callable[..., Any] = getattr(self, "_h_" + route.handler)
        with self.lock:
            if route.api in ("sheets", "forms") and route.handler != "sheets_create" and params:
                rid = params[0]
                store: dict = self.forms if route.api == "forms" else self.spreadsheets
                if rid not in store:
                    raise ApiError(404)
                if rid in self.denied:
                    raise ApiError(403)
            self._actor.email = token.email
            out = handler(params, _Query(query), body or {})
            if route.api == "sheets" and route.method != "GET" and params:  # a write: Drive sees it
                self.drive.touch(params[0])
            return out

    # ---- sheets handlers (called with self.lock held)
    def _h_sheets_create(self, params: list[str], q: _Query, body: dict) -> dict:
        props = body.get("properties") or {}
        sid = S.new_spreadsheet_id()
        ss = S.Spreadsheet(sid, props.get("title") or "Untitled spreadsheet",
                           props.get("timeZone") or "Etc/GMT", props.get("locale") or "en_US")
        for k, v in props.items():
            if k not in ("title", "timeZone", "locale"):
                ss.props[k] = copy.deepcopy(v)
        sheets = body.get("sheets") or [{"properties": {"sheetId": 0, "title": "Sheet1"}}]
        for i, sh in enumerate(sheets):
            p = dict(sh.get("properties") or {})
            if i == 0:
                p.setdefault("sheetId", 0)
            sheet = ss.add_sheet(p, f"Invalid sheets[{i}]: ")
            for gd in sh.get("data") or []:
                S.BatchUpdate(ss).do_updateCells(
                    {"start": {"sheetId": sheet.sheet_id, "rowIndex": gd.get("startRow", 0),
                               "columnIndex": gd.get("startColumn", 0)},
                     "rows": gd.get("rowData") or [], "fields": "*"}, f"Invalid sheets[{i}].data: ")
        self.spreadsheets[sid] = ss
        self.drive.add(sid, ss.props["title"], SPREADSHEET)
        return S.spreadsheet_json(ss, [], False, None)

    def _h_sheets_get(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        return S.spreadsheet_json(ss, q.all("ranges"), q.bool("includeGridData"), q.one("fields"))

    def _h_sheets_batch_update(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        actor = getattr(self._actor, "email", None)
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise bad_request("Must specify at least one request.")
        work = ss.clone()
        replies = S.BatchUpdate(work, actor).run(requests)
        self.spreadsheets[ss.id] = work  # atomic: all requests or none
        out: dict[str, Any] = {"spreadsheetId": ss.id, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            out["updatedSpreadsheet"] = S.spreadsheet_json(
                work, body.get("responseRanges") or [], bool(body.get("responseIncludeGridData")), None)
        return out

    def _h_values_get(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        return S.read_values(ss, params[1], q.one("valueRenderOption"), q.one("dateTimeRenderOption"),
                             q.one("majorDimension"))

    def _h_values_batch_get(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        ev = S.Evaluator(ss)
        out: dict[str, Any] = {"spreadsheetId": ss.id}
        ranges = q.all("ranges")
        if ranges:
            out["valueRanges"] = [
                S.read_values(ss, r, q.one("valueRenderOption"), q.one("dateTimeRenderOption"),
                              q.one("majorDimension"), ev)
                for r in ranges
            ]
        return out

    def _h_values_update(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        work = ss.clone()
        out = S.write_values(work, params[1], body, q.one("valueInputOption"))
        self.spreadsheets[ss.id] = work
        if q.bool("includeValuesInResponse") and "updatedRange" in out:
            out["updatedData"] = S.read_values(work, out["updatedRange"], q.one("responseValueRenderOption"),
                                               q.one("responseDateTimeRenderOption"), None)
        return out

    def _h_values_append(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        work = ss.clone()
        out = S.append_values(work, params[1], body, q.one("valueInputOption"), q.one("insertDataOption"))
        self.spreadsheets[ss.id] = work
        if q.bool("includeValuesInResponse") and "updatedRange" in out["updates"]:
            out["updates"]["updatedData"] = S.read_values(
                work, out["updates"]["updatedRange"], q.one("responseValueRenderOption"),
                q.one("responseDateTimeRenderOption"), None)
        return out

    def _h_values_clear(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        return {"spreadsheetId": ss.id, "clearedRange": S.clear_values(ss, params[1])}

    def _h_values_batch_clear(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        work = ss.clone()
        cleared = [S.clear_values(work, r) for r in body.get("ranges") or []]
        self.spreadsheets[ss.id] = work
        out: dict[str, Any] = {"spreadsheetId": ss.id}
        if cleared:
            out["clearedRanges"] = cleared
        return out

    def _h_values_batch_update(self, params: list[str], q: _Query, body: dict) -> dict:
        ss = self.spreadsheets[params[0]]
        work = ss.clone()
        option = body.get("valueInputOption")
        responses = []
        for i, vr in enumerate(body.get("data") or []):
            if not vr.get("range"):
                raise bad_request(f"data[{i}].range is required")
            res = S.write_values(work, vr["range"], vr, option, f"data[{i}]")
            if body.get("includeValuesInResponse") and "updatedRange" in res:
                res["updatedData"] = S.read_values(work, res["updatedRange"], body.get("responseValueRenderOption"),
                                                   body.get("responseDateTimeRenderOption"), None)
            responses.append(res)
        if not responses:
            S._parser(option)
        self.spreadsheets[ss.id] = work
        touched = [r for r in responses if "updatedRange" in r]
        out: dict[str, Any] = {"spreadsheetId": ss.id}
        if touched:
            rows: set[tuple[str, int]] = set()
            cols: set[tuple[str, int]] = set()
            for r in touched:
                box = S.resolve(work, r["updatedRange"])
                rows.update((box.sheet.title, i) for i in range(box.r0, box.r1))
                cols.update((box.sheet.title, j) for j in range(box.c0, box.c1))
            out.update({
                "totalUpdatedRows": len(rows),
                "totalUpdatedColumns": len({c for _s, c in cols}),
                "totalUpdatedCells": sum(r["updatedCells"] for r in touched),
                "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in touched}),
            })
        if responses:
            out["responses"] = responses
        return out

    def _h_iam_allowed_locations(self, params: list[str], q: _Query, body: dict) -> dict:
        return {"encodedLocations": "0x0", "locations": []}

    # ---- drive handlers
    def _h_drive_list(self, params: list[str], q: _Query, body: dict) -> dict:
        return self.drive.list(q.one("q"), q.one("orderBy"), q.one("pageSize"), q.one("pageToken"), q.one("fields"),
                               visible=lambda fid: fid not in self.denied)

    # ---- forms handlers
    def _h_forms_get(self, params: list[str], q: _Query, body: dict) -> dict:
        return self.forms[params[0]].json()

    def _h_forms_list(self, params: list[str], q: _Query, body: dict) -> dict:
        return list_responses(self.forms[params[0]], q.one("pageSize"), q.one("pageToken"), q.one("filter"))

    def _h_forms_response_get(self, params: list[str], q: _Query, body: dict) -> dict:
        form = self.forms[params[0]]
        if params[1] not in form.responses:
            raise ApiError(404)
        return copy.deepcopy(form.responses[params[1]])


class _Query:
    def __init__(self, query: dict[str, list[str]]):
        self.q = query

    def one(self, name: str) -> str | None:
        vals = self.q.get(name)
        return vals[-1] if vals else None

    def all(self, name: str) -> list[str]:
        return list(self.q.get(name, []))

    def bool(self, name: str) -> bool:
        return (self.one(name) or "").lower() == "true"


def _dumps(payload: Any) -> bytes:
    """Google pretty-prints its JSON; big answers go out compact (no client can tell the difference)."""
    if payload is None:
        return b""
    compact = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if len(compact) < 200_000:
        return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
    return compact.encode("utf-8")


def _num_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


__all__ = ["Emulator", "LoggedRequest", "FaultRule", "col_to_index"]
