"""The Google backend: survey from the Forms API or the form's linked sheet, unit
reports from Google Sheets, and the master written with one atomic batchUpdate.

Every HTTP call goes through ``sync.http`` (one retry policy, one pacer, a timeout).
Reads per run: one per distinct source spreadsheet, one per Forms page, and at
most two metadata reads (the survey sheet's tabs and time zone, or forms.get; and
the master's tabs). Writes: one batchUpdate when anything changed, none otherwise.
"""

from __future__ import annotations

from config.settings import Settings
from sync.google.sink import GoogleSink, number_formats
from sync.google.source import GoogleSource
from sync.google.transport import FORMS_SCOPES, SHEETS_SCOPE, STAGING_PREFIX, Google

__all__ = ["FORMS_SCOPES", "SHEETS_SCOPE", "STAGING_PREFIX", "Google", "GoogleSink", "GoogleSource", "build_google_backend",
           "number_formats"]


def build_google_backend(settings: Settings) -> tuple[GoogleSource, GoogleSink]:
    google = Google(settings)
    return GoogleSource(settings, google), GoogleSink(settings, google)
