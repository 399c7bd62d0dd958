"""The two ports of a run: where data comes from, and where the master goes.

The job receives one of each, built from config (``sync.backends``); tests pass
fakes the same way. Adapters translate their own errors into ``core.errors``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from core.columns import OutCell, RawTable, ReportBook
from core.document import MasterDocument
from core.sources import TabBook


class Source(Protocol):
    def read_survey(self) -> RawTable:
        """The survey responses tab. Raises SourceError/DataError when it cannot be read."""
        ...

    def report_books(self) -> Iterator[ReportBook]:
        """Every report spreadsheet, in reading order (CONTRACT section 4)."""
        ...

    def read_tabs(self, spreadsheet: str, tabs: Sequence[str], key: str) -> TabBook:
        """The named tabs of one spreadsheet (CONTRACT section 8): each matched after rule T,
        None when absent. ``key`` names the config key for messages (``pr.spreadsheet``). A
        spreadsheet that does not exist (local file missing, Google 404) raises SourceError;
        one that cannot be opened or accessed (403) is a TabBook with ``error``."""
        ...

    @property
    def warnings(self) -> list[str]:
        """Non-fatal notes gathered while reading (e.g. a glob that matched nothing)."""
        ...


@runtime_checkable
class VersionedReportSource(Source, Protocol):
    """A source that can tell which report spreadsheets changed without reading them.

    ``report_versions()``: every report spreadsheet in reading order with a version token
    (Drive ``modifiedTime``; None when unknown: read it), or None when the administrator has not
    enabled it. A spreadsheet whose token equals the one seen when it was last read has not
    changed since. ``report_books(only=ids)`` reads just those, in that order.
    """

    def report_versions(self) -> list[tuple[str, str | None]] | None:
        ...

    def report_books(self, only: Sequence[str] | None = None) -> Iterator[ReportBook]:  # type: ignore[override]
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


@runtime_checkable
class CleansLeftovers(Protocol):
    """A sink whose interrupted writes leave something behind (the local sink's temporary file).
    The run calls ``clean_leftovers()`` under the run lock, before anything else."""

    def clean_leftovers(self) -> None:
        ...
