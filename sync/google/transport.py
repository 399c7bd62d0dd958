"""Google transport: credentials, the HTTP client (timeouts, retry, pacing) and the error mapping."""

from __future__ import annotations

import dataclasses
import json
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
from sync.http import RETRY_STATUS, Pacer, RetriesExhausted, RetryPolicy, TransientError, parse_retry_after

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
