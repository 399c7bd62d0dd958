"""The sync state as one run uses it: cached normalised results of the sources (CONTRACT section 6,
"Same answer either way"; DESIGN "sync state").

Interface: ``RunCache`` (what one run may load and save), ``survey_result`` and
``reports_result`` (a source's normalised result: from the cache when it is exact, else read and
normalised and saved). ``sync.job`` calls only these; errors are ``core.errors.StateError``.

- A source backed by files (``FileBacked``: the local backend) is not read at all when every file's
  size and mtime equal the cached ones; when they differ, the file is hashed (SHA-256 of its bytes)
  and, if the hash is unchanged (a touched file), the cached result is used and the new stamp saved.
- Other sheet sources (a Google linked sheet, the Forms API survey, the report spreadsheets) are
  read in full every run (so a deleted response disappears: CONTRACT section 6, v4) and hashed
  whole; when the hash and everything else the normalised result depends on (question titles,
  registry, time zone, date order, the normalising code) equal the cached ones, the cached canonical
  frames, issues and counts are used instead of normalising again.
- Every ``state.full_read_days`` (and on ``resync``, or when the state is missing or damaged) a full
  run re-reads and re-normalises everything, ignoring the caches.

Time: the only input of normalisation that changes by itself is "now", through the rule that a
timestamp more than 24 hours after the run started is ``bad_timestamp``. Each cached result records
the interval of "now" in which it stays exact (from the latest accepted timestamp minus 24 hours, to
the earliest timestamp rejected only for being in the future, minus 24 hours); outside it the cache
is not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from aggregate.normalise import (
    ReportBook,
    ReportsResult,
    SurveyResult,
    SurveySpec,
    locate_survey_columns,
    normalise_reports,
    normalise_survey,
)
from aggregate.parse import parse_timestamps
from core.columns import I, RawTable, S, TabStat
from core.errors import StateError
from core.units import Registry
from sync.books import read_report_books
from sync.ports import Source
from sync.state import (
    PackError,
    SourceState,
    SyncState,
    code_digest,
    digest,
    pack,
    stats_from_json,
    stats_to_json,
    table_digest,
    unpack,
    utc_now_text,
)

log = logging.getLogger("ita_sync")

_DAY_NS = 86_400 * 10**9
_FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)


@runtime_checkable
class FileBacked(Protocol):
    """A source whose spreadsheets are files: lets an unchanged file go unread."""

    def survey_file(self) -> tuple[Path, str]:
        """(path, identity: the name shown and everything that picks what is read in it)."""
        ...

    def report_files(self) -> list[tuple[Path, str]]:
        """The report files in reading order, (path, name shown)."""
        ...


def file_sha(path: Path) -> str:
    """SHA-256 of a file's bytes, streamed (1 MiB at a time)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _same_files(cached: list[list[Any]], files: list[tuple[Path, str]]) -> tuple[bool, list[list[Any]]]:
    """Whether ``files`` hold what the cached stamps ``[name, size, mtime_ns, sha]`` describe
    (size and mtime, else the content hash); and the stamps as they are now."""
    if [c[0] for c in cached] != [name for _, name in files]:
        return False, []
    now: list[list[Any]] = []
    for (path, name), old in zip(files, cached, strict=True):
        size, mtime = _stamp(path)
        if [size, mtime] == old[1:3]:
            now.append(old)
            continue
        if size != old[1]:
            return False, []
        sha = file_sha(path)
        if sha != old[3]:
            return False, []
        now.append([name, size, mtime, sha])
    return True, now


def _stamps(files: list[tuple[Path, str]]) -> list[list[Any]]:
    return [[name, *_stamp(path), file_sha(path)] for path, name in files]


@dataclass
class RunCache:
    """The sync state as one run sees it: nothing to load on a full run, nothing to save on a dry run."""

    state: SyncState | None
    save: bool
    full: bool
    started: datetime

    @property
    def now_ns(self) -> int:
        return int(pd.Timestamp(self.started).value)

    def load(self, name: str) -> SourceState | None:
        if self.state is None or self.full:
            return None
        return self.state.source(name)

    def valid(self, lo: int | None, hi: int | None) -> bool:
        """Whether a result normalised with another "now" is exact for this run's (24-hour rule)."""
        return (lo is None or self.now_ns >= lo) and (hi is None or self.now_ns < hi)

    def store(self, name: str, kind: str, cache_key: str, payload: bytes | None, *, content_hash: str | None,
              parts: str | None = None) -> None:
        if self.state is None or not self.save or payload is None:
            return
        try:
            self.state.put_source(SourceState(
                name=name, kind=kind, cache_key=cache_key, content_hash=content_hash, watermark=None,
                full_read_at=utc_now_text(self.started), updated_at=utc_now_text(), parts=parts, payload=payload))
        except (sqlite3.Error, StateError) as exc:  # a cache that cannot be saved costs time, never the run
            log.warning("could not save the sync state of %s (%s); the next run normalises it again", name, exc)

    def restamp(self, row: SourceState, parts: str) -> None:
        """Keep a cached result, with new file stamps (a touched but unchanged file)."""
        if self.state is None or not self.save:
            return
        try:
            self.state.put_source(SourceState(**{**asdict(row), "parts": parts, "updated_at": utc_now_text()}))
        except (sqlite3.Error, StateError) as exc:
            log.warning("could not save the sync state of %s (%s)", row.name, exc)

    def remember(self, *, full: bool, fingerprint: str) -> None:
        if self.state is None or not self.save:
            return
        try:
            if full:
                self.state.set("last_full_read", utc_now_text(self.started))
            self.state.set("master_fingerprint", fingerprint)
        except (sqlite3.Error, StateError) as exc:
            log.warning("could not save the sync state (%s)", exc)


def registry_key(registry: Registry) -> list[Any]:
    """What of the registry a normalised result depends on."""
    units: list[Any] = [[u.code, u.name, list(u.aliases)] for u in registry.units]
    if registry.agency.is_default:  # the key of a default profile stays what it was
        return units
    return [*units, ["agency", registry.agency.name, [m.text for m in registry.agency.measures]]]


def survey_key(spec: SurveySpec) -> str:
    """Everything a normalised survey depends on besides its content and "now"."""
    titles = {k: list(v) for k, v in sorted(spec.titles.items())}
    return digest("survey", code_digest(), titles, registry_key(spec.registry), spec.tz, spec.date_order)


def _future_rejected(raw: RawTable, result: SurveyResult, spec: SurveySpec) -> dict[Any, int]:
    """Row label -> timestamp (ns, UTC) of rows rejected only for being > 24 h after the run started."""
    bad = result.issues[result.issues[I.CODE] == "bad_timestamp"]
    if bad.empty:
        return {}
    col = locate_survey_columns(raw.frame.iloc[0].tolist(), spec.titles)["timestamp"]
    cells = raw.frame.iloc[:, col].loc[list(bad[I.ROW])]
    ts = parse_timestamps(cells, tz=spec.tz, serial_tz=raw.serial_tz, date_order=spec.date_order,  # type: ignore[arg-type]
                          now=_FAR_FUTURE)
    return {label: int(t.value) for label, t in ts.dropna().items()}


def _validity(raw: RawTable, result: SurveyResult, spec: SurveySpec) -> tuple[int | None, int | None]:
    """The interval of "now" (ns) in which ``result`` is what normalising ``raw`` gives."""
    lo = int(result.frame[S.TS].max().value) - _DAY_NS if len(result.frame) else None
    future = _future_rejected(raw, result, spec)
    hi = min(future.values()) - _DAY_NS if future else None
    return lo, hi


def pack_or_none(frames: dict[str, pd.DataFrame], meta: dict[str, Any]) -> bytes | None:
    try:
        return pack(frames, meta)
    except PackError as exc:
        log.warning("result not cached (%s); the next run normalises it again", exc)
        return None


def survey_result(source: Source, spec: SurveySpec, cache: RunCache) -> tuple[SurveyResult, str]:
    """The survey's normalised result and how it was obtained (``normalised`` or ``cached``): a file
    is not read when unchanged; any other survey (a Google sheet, the Forms API) is read in full and
    hashed, normalised only when it changed."""
    return _survey_sheet(source, spec, cache)


def _cached_survey(row: SourceState, cache: RunCache) -> SurveyResult | None:
    try:
        frames, meta = unpack(row.payload)
        if cache.valid(meta["lo"], meta["hi"]):
            return SurveyResult(frames["frame"], frames["issues"], TabStat(**meta["stat"]))
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("cached survey result unusable (%s): normalising again", exc)
    return None


def _survey_sheet(source: Source, spec: SurveySpec, cache: RunCache) -> tuple[SurveyResult, str]:
    """A survey sheet: a file whose size and mtime (else content hash) are unchanged is not read;
    other sheets are read and hashed every run; normalised only when something changed."""
    row = cache.load("survey")
    file: tuple[Path, str] | None = source.survey_file() if isinstance(source, FileBacked) else None
    fkey = digest(survey_key(spec), file[1]) if file is not None else None
    if file is not None and row is not None and row.kind == "sheet" and row.parts:
        try:
            facts = json.loads(row.parts)
            same, stamps = (_same_files(facts["files"], [file]) if facts.get("key") == fkey else (False, []))
        except (ValueError, KeyError, TypeError, IndexError):
            same, stamps = False, []
        if same:
            cached = _cached_survey(row, cache)
            if cached is not None:
                if stamps != facts["files"]:  # touched, not changed: remember the new stamp
                    cache.restamp(row, json.dumps({"key": fkey, "files": stamps}, ensure_ascii=False))
                return cached, "cached"
    fresh = _stamps([file]) if file is not None else None  # before reading: a change meanwhile shows next run
    raw = source.read_survey()
    # a file's content is its bytes, hashed already: hashing every cell again cost 0.16x the read
    # of a 650k-row workbook (issue 13); other sheets are hashed cell by cell
    content = digest("file", file[1], fresh[0][3]) if file is not None and fresh else table_digest(raw)
    key = digest(survey_key(spec), content)
    if row is not None and row.kind == "sheet" and row.cache_key == key:
        cached = _cached_survey(row, cache)
        if cached is not None:
            if fresh is not None:
                cache.restamp(row, json.dumps({"key": fkey, "files": fresh}, ensure_ascii=False))
            return cached, "cached"
    result = normalise_survey(raw, spec)
    lo, hi = _validity(raw, result, spec)
    payload = pack_or_none({"frame": result.frame, "issues": result.issues},
                            {"stat": asdict(result.stat), "lo": lo, "hi": hi})
    cache.store("survey", "sheet", key, payload, content_hash=content,
                parts=json.dumps({"key": fkey, "files": fresh}, ensure_ascii=False) if fresh else None)
    return result, "normalised"


def concat_nonempty(parts: Sequence[pd.DataFrame], like: pd.DataFrame) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return like.iloc[0:0].reset_index(drop=True)
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True)


def reports_result(source: Source, registry: Registry, cache: RunCache) -> tuple[ReportsResult, str]:
    """Report spreadsheets' normalised result and how it was obtained (``normalised``/``cached``).

    Files whose names, sizes and mtimes (else content hashes) are all unchanged are not read.
    Otherwise every spreadsheet is read and hashed; normalised again only when one changed. They
    are normalised as one set (a later unit's row may replace an earlier one's), so the cached
    result is keyed by the fingerprints of all of them in reading order."""
    row = cache.load("reports")
    files = source.report_files() if isinstance(source, FileBacked) else None
    fkey = digest("reports", code_digest(), registry_key(registry))
    if files is not None and row is not None and row.kind == "reports" and row.parts:
        try:
            facts = json.loads(row.parts)
            same, stamps = (_same_files(facts["files"], files) if isinstance(facts, dict)
                            and facts.get("key") == fkey else (False, []))
        except (ValueError, KeyError, TypeError, IndexError):
            same, stamps = False, []
        if same:
            cached = _cached_reports(row)
            if cached is not None:
                if stamps != facts["files"]:
                    cache.restamp(row, json.dumps({**facts, "files": stamps}, ensure_ascii=False))
                return cached, "cached"
    fresh = _stamps(files) if files is not None else None
    books: list[ReportBook] = read_report_books(source, cache.state, reuse=not cache.full, save=cache.save)
    parts = [[b.source, b.error or "", table_digest(b.form1), table_digest(b.form2)] for b in books]
    key = digest("reports", code_digest(), registry_key(registry), parts)
    tabs = [[p[0], p[2], p[3]] for p in parts]
    if row is not None and row.kind == "reports" and row.cache_key == key:
        cached = _cached_reports(row)
        if cached is not None:
            if fresh is not None:
                cache.restamp(row, json.dumps({"key": fkey, "files": fresh, "tabs": tabs}, ensure_ascii=False))
            return cached, "cached"
    result = normalise_reports(books, registry)
    payload = pack_or_none({"form1": result.form1, "form2": result.form2, "issues": result.issues},
                            {"stats": stats_to_json(result.stats)})
    cache.store("reports", "reports", key, payload, content_hash=digest(parts),
                parts=json.dumps({"key": fkey, "files": fresh or [], "tabs": tabs}, ensure_ascii=False))
    return result, "normalised"


def _cached_reports(row: SourceState) -> ReportsResult | None:
    try:
        frames, meta = unpack(row.payload)
        return ReportsResult(frames["form1"], frames["form2"], frames["issues"], stats_from_json(meta["stats"]))
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("cached report result unusable (%s): normalising again", exc)
        return None
