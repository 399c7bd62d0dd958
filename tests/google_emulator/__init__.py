"""A local, stateful emulator of the Google APIs ita-sync uses (Sheets v4, Forms v1, OAuth token).

Standard library HTTP server on 127.0.0.1 (port 0 -> a free port); real gspread and
google-api-python-client talk to it over real HTTP with real service-account JWTs.
"""

from .auth import DEFAULT_SCOPES, FORMS_BODY_RO, FORMS_RESPONSES_RO, SPREADSHEETS, SPREADSHEETS_RO
from .clients import (
    RewriteHostAdapter,
    discovery_service,
    gspread_client,
    gspread_http_client_class,
    route_session,
)
from .errors import ApiError
from .faults import FaultRule, Faults
from .server import Emulator, LoggedRequest
from .values import Formula

__all__ = [
    "DEFAULT_SCOPES",
    "FORMS_BODY_RO",
    "FORMS_RESPONSES_RO",
    "SPREADSHEETS",
    "SPREADSHEETS_RO",
    "ApiError",
    "Emulator",
    "FaultRule",
    "Faults",
    "Formula",
    "LoggedRequest",
    "RewriteHostAdapter",
    "discovery_service",
    "gspread_client",
    "gspread_http_client_class",
    "route_session",
]
