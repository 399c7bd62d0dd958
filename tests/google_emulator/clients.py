"""Pointing real clients at the emulator: gspread (fixed URLs) and google-api-python-client."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

GOOGLE_HOSTS = (
    "https://sheets.googleapis.com/",
    "https://forms.googleapis.com/",
    "https://www.googleapis.com/",
    "https://iamcredentials.googleapis.com/",
)


def without_boundary_lookup(credentials: Any) -> Any:
    """Stop google-auth's background "regional access boundary" lookup for these credentials.

    google-auth (2.4x+) calls https://iamcredentials.googleapis.com/.../allowedLocations after a
    token refresh, outside any routing a test sets up for the API calls. Presetting the
    boundary (as gcloud does) means no lookup is made; the emulator still answers that path
    for clients whose session is routed to it.
    """
    import datetime as dt

    setter = getattr(credentials, "_set_regional_access_boundary", None)
    if setter is not None:
        setter({"encodedLocations": "0x0", "expiry": dt.datetime.now(dt.UTC).replace(tzinfo=None)
                + dt.timedelta(days=3650)})
    return credentials


class RewriteHostAdapter(HTTPAdapter):
    """A requests adapter that sends ``https://sheets.googleapis.com/...`` to ``base_url...``.

    Mount it on any requests Session (google-auth's AuthorizedSession included)::

        session.mount("https://sheets.googleapis.com/", RewriteHostAdapter(emulator.base_url))
    """

    def __init__(self, base_url: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/") + "/"

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        for host in GOOGLE_HOSTS:
            if url.startswith(host):
                request.url = self.base_url + url[len(host):]
                break
        return super().send(request, **kwargs)


def route_session(session: requests.Session, base_url: str) -> requests.Session:
    adapter = RewriteHostAdapter(base_url)
    for host in GOOGLE_HOSTS:
        session.mount(host, adapter)
    return session


def gspread_client(credentials: Any, base_url: str) -> Any:
    """A ``gspread.Client`` whose every call goes to the emulator (via an AuthorizedSession + adapter)."""
    import gspread
    from google.auth.transport.requests import AuthorizedSession

    session = route_session(AuthorizedSession(credentials), base_url)
    return gspread.Client(auth=None, session=session)


def gspread_http_client_class(base_url: str) -> type:
    """The other way: a ``gspread.HTTPClient`` subclass whose ``request()`` rewrites the URL.

    ``gspread.Client(credentials, http_client=gspread_http_client_class(emulator.base_url))``
    """
    from gspread.http_client import HTTPClient

    base = base_url.rstrip("/") + "/"

    class EmulatorHTTPClient(HTTPClient):
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            for host in GOOGLE_HOSTS:
                if endpoint.startswith(host):
                    endpoint = base + endpoint[len(host):]
                    break
            return super().request(method, endpoint, *args, **kwargs)

    return EmulatorHTTPClient


def discovery_service(name: str, version: str, credentials: Any, base_url: str, **kwargs: Any) -> Any:
    """``googleapiclient.discovery.build`` against the emulator, from the bundled discovery document."""
    from googleapiclient.discovery import build

    return build(
        name,
        version,
        credentials=credentials,
        client_options={"api_endpoint": base_url},
        static_discovery=True,
        cache_discovery=False,
        **kwargs,
    )
