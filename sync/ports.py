"""The two ports of a run: where data comes from, and where the master goes.

The job receives one of each, built from config (``sync.backends``); tests pass
fakes the same way. Adapters translate their own errors into ``core.errors``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from core.columns import OutCell, RawTable, ReportBook
from core.document import MasterDocument


class Source(Protocol):
    def read_survey(self) -> RawTable:
        """The survey responses tab. Raises SourceError/DataError when it cannot be read."""
        ...

    def report_books(self) -> Iterator[ReportBook]:
        """Every report spreadsheet, in reading order (CONTRACT section 4)."""
        ...

    @property
    def warnings(self) -> list[str]:
        """Non-fatal notes gathered while reading (e.g. a glob that matched nothing)."""
        ...


class IncrementalSurveySource(Source, Protocol):
    """A source whose survey can be read from a point in time on (the Forms API).

    ``read_survey(since=...)`` returns the header row and only the responses whose
    lastSubmittedTime is at or after ``since`` (RFC 3339, UTC), labelled by responseId and
    ordered as a full read orders them (timestamp cell, then responseId). The job upserts
    them into its cached rows; a response deleted at the source only disappears on a full
    read. The job uses this when ``backend.kind = "google"`` and ``survey.form`` is set.
    """

    def read_survey(self, since: str | None = None) -> RawTable:  # type: ignore[override]
        ...


class Sink(Protocol):
    @property
    def location(self) -> str:
        """Where the master is, for people (a path or a URL)."""
        ...

    def check(self) -> str:
        """Say whether the master can be written; raise SourceError when it cannot."""
        ...

    def read_fingerprint(self) -> str | None:
        """The data fingerprint stored as metadata in the current master (Google: developer
        metadata; local: a custom document property), None when there is none."""
        ...

    def read_tables(self) -> dict[str, list[list[OutCell]]]:
        """The job's tabs of the current master as values (for --dry-run diffs)."""
        ...

    def write(self, document: MasterDocument) -> str | None:
        """Render the whole document (tables, layout, charts) in place of the job's tabs, as
        one atomic replacement, and store ``document.fingerprint`` as metadata; officers' own
        tabs stay exactly as they are (CONTRACT section 7). Returns a note for the run's
        warnings (e.g. a lost response whose write had landed) or None. Raises SourceError
        (nothing written) when the master cannot be written or an officer's tab cannot be kept.
        """
        ...
