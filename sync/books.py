"""Report spreadsheets read only when they changed (issue 13; CONTRACT section 6, "Same answer
either way").

When the source can tell which report spreadsheets changed without reading them
(``sync.ports.VersionedReportSource``: on Google, Drive ``modifiedTime`` with
``backend.drive_change_detection = true``), a spreadsheet whose version equals the one seen at
its last read is taken from the sync state as it was read then (its raw tables), and only the
others are read. The job then hashes and normalises the books exactly as if all had been read,
so ``run`` still equals ``resync``. Without that capability, or without a sync state, every
book is read.

Personal data never reaches the state (CONTRACT section 6): before a book is kept, the reporter's
name, position and phone columns of report form 1 are blanked below its header row, and the
same is done to every book this path returns, so a kept book and a fresh read of the same
spreadsheet are identical (those columns are never read by the rules). A form-1 tab without a
header row is not kept (it is read again next time).

The raw tables are stored with the existing state API (``SyncState.source``/``put_source``),
one row per spreadsheet named ``book:<id>``, kind ``raw-book``, ``watermark`` = the version.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from typing import Any

import pandas as pd

from core.columns import RawTable, ReportBook
from core.text import norm
from core.vocab import COL_ROUND, COL_YEAR, FORM1_PERSONAL
from sync.ports import Source, VersionedReportSource
from sync.state import SourceState, SyncState, utc_now_text

log = logging.getLogger("ita_sync")

KIND = "raw-book"
#: bump when the stored form of a book changes (older rows are then read again)
FORMAT = "raw-book-1"


def _table_json(t: RawTable | None) -> dict[str, Any] | None:
    if t is None:
        return None
    if not isinstance(t.frame.index, pd.RangeIndex) or t.frame.index.start != 1:
        raise ValueError("only tables indexed by their 1-based row numbers are stored")
    rows = [[None if isinstance(v, float) and v != v else v for v in r] for r in t.frame.itertuples(index=False)]
    return {"source": t.source, "sheet": t.sheet, "serial_tz": t.serial_tz, "rows": rows}


def _table(data: dict[str, Any] | None) -> RawTable | None:
    if data is None:
        return None
    rows = data["rows"]
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    frame.index = pd.RangeIndex(1, len(rows) + 1)
    return RawTable(source=data["source"], sheet=data["sheet"], frame=frame, serial_tz=data["serial_tz"])


#: how far down a header row may be (CONTRACT section 4)
HEADER_ROWS = 10
_PERSONAL = frozenset(norm(t) for t in FORM1_PERSONAL)


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def redact(book: ReportBook) -> tuple[ReportBook, bool]:
    """(the book with report form 1's personal columns blanked below the header row, whether it
    may be kept). Not keepable: a form-1 tab in which no header row was found."""
    t = book.form1
    if t is None:
        return book, True
    frame = t.frame
    for i in range(min(HEADER_ROWS, len(frame))):
        cells = [norm(_text(v)) for v in frame.iloc[i].tolist()]
        if norm(COL_YEAR) in cells and norm(COL_ROUND) in cells:
            personal = [j for j, c in enumerate(cells) if c in _PERSONAL]
            if not personal:
                return book, True
            blanked = frame.copy()
            blanked.iloc[i + 1:, personal] = None
            return ReportBook(source=book.source, form1=RawTable(source=t.source, sheet=t.sheet, frame=blanked,
                                                                 serial_tz=t.serial_tz),
                              form2=book.form2, error=book.error), True
    return book, False


def book_to_bytes(book: ReportBook) -> bytes:
    """A report book as read -> compressed JSON (cells are JSON values: numbers, text, booleans).
    Raises ValueError for a table it cannot store."""
    blob = {"source": book.source, "form1": _table_json(book.form1), "form2": _table_json(book.form2)}
    return zlib.compress(json.dumps(blob, ensure_ascii=False, allow_nan=False).encode("utf-8"))


def book_from_bytes(payload: bytes) -> ReportBook:
    """The inverse of :func:`book_to_bytes`; ValueError when the payload is damaged."""
    try:
        blob = json.loads(zlib.decompress(payload).decode("utf-8"))
        return ReportBook(source=blob["source"], form1=_table(blob["form1"]), form2=_table(blob["form2"]))
    except (zlib.error, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"stored report book damaged ({exc})") from None


def read_report_books(source: Source, state: SyncState | None, *, reuse: bool, save: bool) -> list[ReportBook]:
    """Every report book in reading order, read only where it changed since its last read.

    ``reuse``: take unchanged books from ``state`` (False on a full run: read everything, but
    still remember the versions); ``save``: remember what was read (False on a dry run)."""
    if not isinstance(source, VersionedReportSource):
        return list(source.report_books())
    versions = source.report_versions()
    if versions is None or state is None:
        return list(source.report_books())
    kept: dict[str, ReportBook] = {}
    if reuse:
        for sid, version in versions:
            row = state.source(f"book:{sid}") if version is not None else None
            if row is not None and row.kind == KIND and row.cache_key == FORMAT and row.watermark == version:
                try:
                    kept[sid] = book_from_bytes(row.payload)
                except ValueError as exc:
                    log.warning("report spreadsheet %s: %s; reading it again", sid, exc)
    todo = [sid for sid, _ in versions if sid not in kept]
    fresh: dict[str, ReportBook] = {}
    keepable: set[str] = set()
    for sid, book in zip(todo, source.report_books(only=todo), strict=True):
        fresh[sid], ok = redact(book)
        if ok:
            keepable.add(sid)
    log.info("report spreadsheets: %d read, %d unchanged since their last read (Drive)", len(fresh), len(kept))
    if save:
        for sid, version in versions:
            read = fresh.get(sid)
            if read is None or version is None or read.error is not None or sid not in keepable:
                continue  # an unreadable book is read again next time
            try:
                state.put_source(SourceState(name=f"book:{sid}", kind=KIND, cache_key=FORMAT, content_hash=None,
                                             watermark=version, full_read_at=utc_now_text(),
                                             updated_at=utc_now_text(), parts=None, payload=book_to_bytes(read)))
            except (sqlite3.Error, ValueError) as exc:  # costs a read next time, never the run
                log.warning("report spreadsheet %s not remembered (%s); it is read again next time", sid, exc)
    return [kept[sid] if sid in kept else fresh[sid] for sid, _ in versions]
