"""Google transport: credentials, the HTTP clients (timeouts, retry, pacing) and the one error mapping.

Every call to Sheets (gspread's HTTP client), Forms (google-api-python-client) and Drive goes
through ``Google.call``/``Google.execute``: one attempt is paced, classified (transient: HTTP
408/429/5xx, network errors, timeouts) and retried by ``sync.http.RetryPolicy``; what fails in
the end is mapped here, once, into ``GoogleError`` (a ``core.errors.SourceError``: ``retriable``
for quota and network, fatal otherwise, ``status`` the HTTP status or 0). Nothing else in the
Google adapter catches a client library's exception.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import google.auth.exceptions
import httplib2
import requests
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from config.settings import Settings
from core.errors import ConfigError, SourceError
from sync.http import Pacer, RetriesExhausted, RetryPolicy, TransientError, is_transient_status, parse_retry_after

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
FORMS_SCOPES = (
    "https://www.googleapis.com/auth/forms.responses.readonly",
    "https://www.googleapis.com/auth/forms.body.readonly",
)
#: only with ``backend.drive_change_detection`` or a ``[[reports]] folder``: file names and times, no content
DRIVE_SCOPE = "https://www.googleapis.com/auth/drive.metadata.readonly"
DRIVE_FILES = "https://www.googleapis.com/drive/v3/files"
GOOGLE_ROOTS = ("https://sheets.googleapis.com/", "https://forms.googleapis.com/", "https://www.googleapis.com/")
TIMEOUT = (10.0, 60.0)  # connect, read (seconds) for every call
FINGERPRINT_KEY = "ita-sync-fingerprint"
STAGING_PREFIX = "~ita-sync "
MAX_BATCH_BYTES = 2_000_000


class GoogleError(SourceError):
    """A Google API call that failed for good (after retries when transient).

    ``status``: the HTTP status (0 for network errors and credentials); ``retriable``: trying
    again later may succeed (quota, network, 5xx). 403 (no access) and 404 are fatal."""

    def __init__(self, message: str, *, status: int, retriable: bool = False) -> None:
        super().__init__(message, retriable=retriable)
        self.status = status


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
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    google.auth.exceptions.TransportError) as exc:
                raise TransientError(0, None, exc) from exc
            if response.ok:
                return response
            if is_transient_status(response.status_code):
                raise TransientError(response.status_code, parse_retry_after(response.headers.get("Retry-After")),
                                     APIError(response))
            raise APIError(response)

        return self.policy.call(attempt)


def _http_failure(exc: BaseException) -> tuple[int, str] | None:
    """(status, Google's message) of a final HTTP error from either client library, else None."""
    if isinstance(exc, APIError):
        return exc.code, str(exc.error.get("message", ""))
    from googleapiclient.errors import HttpError

    if isinstance(exc, HttpError):
        try:
            message = str(json.loads(exc.content.decode("utf-8", "replace"))["error"]["message"])
        except (ValueError, KeyError, TypeError):
            message = ""
        return int(exc.resp.status), message
    return None


def google_error(exc: BaseException, what: str, account: str, fix_404: str = "check the ID or URL in the config"
                 ) -> GoogleError:
    """Map a failed call to one clear sentence naming ``what`` and the fix (no tokens, no cell data).

    The only mapping of Google failures (CONTRACT section 6, "No value in messages": Google's
    own message names the resource, never a cell value)."""
    if isinstance(exc, RetriesExhausted):
        last = exc.last
        if last.status == 429:
            return GoogleError(f"{what}: Google API quota exhausted (HTTP 429) after {exc.attempts} attempts; "
                               "the next scheduled run will try again, or run `ita-sync run` later",
                               status=429, retriable=True)
        kind = f"HTTP {last.status}" if last.status else "network error"
        return GoogleError(f"{what}: Google API failed ({kind}) after {exc.attempts} attempts: {last.cause}",
                           status=last.status, retriable=True)
    failure = _http_failure(exc)
    if failure is not None:
        code, message = failure
        if code == 403:
            return GoogleError(f"{what}: the service account {account} has no access (HTTP 403: {message}); "
                               f"share it with {account}", status=403)
        if code == 404:
            return GoogleError(f"{what}: not found (HTTP 404); {fix_404}", status=404)
        if code == 401:
            return GoogleError(f"{what}: Google refused the credentials (HTTP 401); check backend.credentials",
                               status=401)
        return GoogleError(f"{what}: Google API error HTTP {code}: {message}", status=code)
    if isinstance(exc, google.auth.exceptions.RefreshError):
        return GoogleError(f"{what}: could not obtain an access token for {account} ({exc}); check the key file",
                           status=0)
    raise TypeError(f"google_error: not a Google failure: {type(exc).__name__}")  # a bug, never data


#: what ``Google.call`` maps; anything else (a bug) propagates unchanged
_MAPPED: tuple[type[BaseException], ...] = (APIError, RetriesExhausted, google.auth.exceptions.GoogleAuthError)


def _no_boundary_lookup(credentials: Any) -> None:
    """Behind api_endpoint (a gateway or an emulator) Google's own hosts may be unreachable:
    preset google-auth's regional access boundary, as gcloud does, so it never looks it up."""
    import datetime as dt

    setter = getattr(credentials, "_set_regional_access_boundary", None)
    if setter is not None:
        setter({"encodedLocations": "0x0",
                "expiry": dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=3650)})


class Google:
    """Authenticated access to Sheets, Forms and (only when enabled) Drive metadata for one run.

    Thread-safe for reads: the pacer is shared, each call is independent."""

    def __init__(self, settings: Settings, *, policy: RetryPolicy | None = None, pacer: Pacer | None = None) -> None:
        key = settings.backend.credentials
        key_path = settings.path(key) if key else (Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])
                                                   if os.environ.get("GOOGLE_APPLICATION_CREDENTIALS") else None)
        if key_path is None:
            raise ConfigError("backend.credentials is not set and GOOGLE_APPLICATION_CREDENTIALS is empty: "
                              "point backend.credentials at the service-account key file (JSON)")
        self.uses_drive = needs_drive(settings)
        scopes = ([SHEETS_SCOPE] + (list(FORMS_SCOPES) if settings.survey.form else [])
                  + ([DRIVE_SCOPE] if self.uses_drive else []))
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
        self._forms_lock = threading.Lock()

    def call(self, what: str, fn: Callable[[], Any], *, fix_404: str = "check the ID or URL in the config") -> Any:
        """Run one paced, retried call; a Google failure becomes a GoogleError (the one mapping)."""
        try:
            return fn()
        except _MAPPED as exc:
            raise google_error(exc, what, self.account, fix_404) from None

    # Sheets -------------------------------------------------------------------------
    def get(self, spreadsheet_id: str, what: str, **params: Any) -> dict[str, Any]:
        return self.call(what, lambda: self.http.spreadsheets_get(spreadsheet_id, params=params))

    def batch_get(self, spreadsheet_id: str, ranges: list[str], what: str) -> dict[str, Any]:
        params: dict[str, Any] = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                                  "majorDimension": "ROWS"}
        return self.call(what, lambda: self.http.values_batch_get(spreadsheet_id, ranges, params=params))

    def batch_update(self, spreadsheet_id: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        return self.call(what, lambda: self.http.batch_update(spreadsheet_id, body))

    def batch_update_once(self, spreadsheet_id: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        """One attempt, no retry: for a write that is not idempotent, whose caller finds out
        whether a lost answer had landed before trying again. A network error or a 5xx is a
        retriable SourceError."""
        policy = self.http.policy
        self.http.policy = dataclasses.replace(policy, max_attempts=1)
        try:
            return self.batch_update(spreadsheet_id, body, what)
        finally:
            self.http.policy = policy

    # Drive (metadata only) -------------------------------------------------------------
    def drive_files(self, query: str, what: str, *, order_by: str | None = None) -> list[dict[str, Any]]:
        """Drive v3 ``files.list`` over every page: ``[{"id", "name", "modifiedTime"}]`` of the
        files matching ``query`` (Drive's query language), shared drives included."""
        if not self.uses_drive:
            raise ConfigError("Drive is not enabled: set backend.drive_change_detection = true or use a "
                              "[[reports]] folder")
        params: dict[str, Any] = {"q": query, "pageSize": 1000, "fields": "nextPageToken,files(id,name,modifiedTime)",
                                  "supportsAllDrives": "true", "includeItemsFromAllDrives": "true",
                                  "corpora": "allDrives", "spaces": "drive"}
        if order_by:
            params["orderBy"] = order_by
        files: list[dict[str, Any]] = []
        while True:
            page = self.call(what, functools.partial(self._drive_page, dict(params)),
                             fix_404="check the Drive folder ID or URL in the config")
            files.extend(page.get("files", []))
            token = page.get("nextPageToken")
            if not token:
                return files
            params["pageToken"] = token

    def _drive_page(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.http.request("get", DRIVE_FILES, params=params).json()  # type: ignore[no-any-return]

    # Forms --------------------------------------------------------------------------
    def forms(self) -> Any:
        with self._forms_lock:
            if self._forms is None:
                import google_auth_httplib2
                from googleapiclient.discovery import build

                http = google_auth_httplib2.AuthorizedHttp(self.credentials,
                                                           http=httplib2.Http(timeout=TIMEOUT[1]))
                options = {"api_endpoint": self.endpoint} if self.endpoint else None
                self._forms = build("forms", "v1", http=http, client_options=options, static_discovery=True,
                                    cache_discovery=False)
            return self._forms

    def execute(self, what: str, request: Any) -> dict[str, Any]:
        """Run a google-api-python-client request under the same policy, pacer and mapping."""
        from googleapiclient.errors import HttpError

        def attempt() -> dict[str, Any]:
            self.pacer.wait()
            self.http.calls.append((request.method, request.uri))
            try:
                return request.execute(num_retries=0)  # type: ignore[no-any-return]
            except HttpError as exc:
                status = int(exc.resp.status)
                if is_transient_status(status):
                    raise TransientError(status, parse_retry_after(exc.resp.get("retry-after")), exc) from exc
                raise
            except (OSError, httplib2.HttpLib2Error, google.auth.exceptions.TransportError) as exc:  # network
                raise TransientError(0, None, exc) from exc

        try:
            return self.policy.call(attempt)
        except (HttpError, *_MAPPED) as exc:
            raise google_error(exc, what, self.account, "check survey.form") from None


def needs_drive(settings: Settings) -> bool:
    """Whether the run uses Drive metadata (change detection on, or a report folder configured)."""
    return settings.backend.kind == "google" and (
        settings.backend.drive_change_detection or any(r.folder is not None for r in settings.reports or []))


# --- cells ---------------------------------------------------------------------------------
