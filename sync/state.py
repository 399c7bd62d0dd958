"""Sync state: one SQLite file in ``[state] dir``, next to the run lock.

What it keeps, and why it is safe to keep:

- per source (``survey``, ``reports``): the content fingerprint of what was read last, the
  cache key (config + code + content), and the *normalised* result of that read: canonical
  frames (``aggregate.columns`` S/R columns), issues and per-tab counts. None of these hold
  personal data (the normaliser never copies personal columns, the ``อื่นๆ`` free text or the
  reporter's name, position and phone; issue values never come from those columns). Raw cells are never stored: a sheet source is identified by one
  SHA-256 over its whole raw table, which cannot be turned back into any cell.
- the run history (start, end, mode, trigger, outcome, counts, error sentence) and a few
  facts (last full read, the master fingerprint, the service's heartbeat).

The state is a cache: losing it costs one full read, nothing else. A file that is not a
readable SQLite database of this schema is moved aside and a fresh one started, so a
corrupt state means a full resync, never a crash. SQLite's journal makes every save atomic,
also when the process is killed (SIGKILL) in the middle of one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import sqlite3
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core.columns import RawTable, TabStat
from core.errors import StateCorrupt, StateError

log = logging.getLogger("ita_sync")

STATE_FILE = "state.sqlite3"
SCHEMA_VERSION = 1
HISTORY_KEEP = 5000  # runs kept in the history (more than ten years of nightly runs)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,          -- 'survey' | 'reports' | 'pr' | 'ita' | 'training' | 'book:<id>'
    kind TEXT NOT NULL,             -- 'sheet' | 'reports' | 'pr' | 'ita' | 'training' | 'raw-book'
    cache_key TEXT NOT NULL,        -- what the cached result depends on (config, code, content)
    content_hash TEXT,              -- SHA-256 of what was read (a survey file's bytes, else the raw tables)
    watermark TEXT,                 -- raw-book (sync.books): the spreadsheet's Drive version it was read at
    full_read_at TEXT,              -- when this source was last read in full
    updated_at TEXT NOT NULL,
    parts TEXT,                     -- JSON: per-spreadsheet fingerprints (reports), for people
    payload BLOB NOT NULL           -- packed frames: canonical rows, issues, counts
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    ended TEXT,
    mode TEXT NOT NULL,             -- run | resync
    trigger TEXT NOT NULL,          -- manual | scheduled
    dry_run INTEGER NOT NULL DEFAULT 0,
    read_kind TEXT,                 -- full | incremental
    outcome TEXT NOT NULL,          -- running | written | unchanged | dry-run | failed | abandoned | interrupted
    rows_read INTEGER,
    accepted INTEGER,
    duplicates INTEGER,
    rejected INTEGER,
    issues INTEGER,
    duration REAL,
    fingerprint TEXT,
    error TEXT,
    pid INTEGER
);
"""


#: SQLite messages that mean the file's content is damaged (everything else is the disk, the
#: permissions or a lock, and the state is kept as it is)
_DAMAGE = ("file is not a database", "malformed", "not a database", "integrity check", "schema version",
           "lacks columns", "no such table", "no such column")


def is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, StateCorrupt) or any(d in text for d in _DAMAGE)


def _owner(path: Path) -> str:
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (OSError, KeyError, ImportError):
        return "another user"


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (KeyError, ImportError, AttributeError):
        return "the user that runs ita-sync"


def state_error(state_dir: Path, exc: BaseException, file: Path | None = None) -> StateError:
    """A plain sentence for a state fault that is not damage: full, read-only, not ours, I/O."""
    file = file or state_dir / STATE_FILE
    text = str(exc).lower()
    errno_ = getattr(exc, "errno", None)
    if errno_ == 28 or "disk is full" in text or "no space" in text or _no_space(state_dir):
        return StateError(f"no space left on device in {state_dir} (state.dir): free some space there and run "
                          "again; the sync state was kept as it is")
    if (isinstance(exc, PermissionError) or errno_ in (1, 13, 30) or "readonly" in text or "read-only" in text
            or "unable to open" in text or "permission" in text):
        where = file if file.exists() else state_dir
        return StateError(
            f"state.dir {state_dir}: {where} is not writable by {_user()} (owned by {_owner(where)}); fix it with "
            f"`chown -R {_user()} {state_dir}` (and `chmod -R u+rw {state_dir}`), or point state.dir elsewhere")
    if "locked" in text or "busy" in text:
        return StateError(f"state.dir {state_dir}: {file} is locked by another program; close it (e.g. an "
                          "SQLite browser) and run again")
    return StateError(f"state.dir {state_dir}: {file} cannot be read or written ({exc}); check the disk and "
                      "the folder, then run again; the sync state was kept as it is")


def _no_space(state_dir: Path) -> bool:
    try:
        st = os.statvfs(state_dir)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def diagnose(state_dir: Path) -> str | None:
    """What would stop a run from using ``state_dir`` (for ``ita-sync check``, before any run):
    a folder or state file or run lock that this user may not write, or a full disk. None if fine."""
    from sync.lock import LOCK_FILE  # the lock lives next to the state

    probe = state_dir if state_dir.exists() else state_dir.parent
    if not probe.exists():
        return None
    if not os.access(probe, os.W_OK | os.X_OK):
        return str(state_error(state_dir, PermissionError(13, "not writable"), probe))
    for name in (STATE_FILE, f"{STATE_FILE}-wal", f"{STATE_FILE}-shm", LOCK_FILE):
        f = state_dir / name
        if f.exists() and not os.access(f, os.R_OK | os.W_OK):
            return str(state_error(state_dir, PermissionError(13, "not writable"), f))
    if _no_space(probe):
        return str(state_error(state_dir, OSError(28, "no space")))
    return None


# ======================================================================================
# hashing
# ======================================================================================
_typeof = np.frompyfunc(type, 1, 1)
_strlen = np.frompyfunc(len, 1, 1)


def _column_digest(h: Any, values: np.ndarray) -> None:
    """Feed one object column into ``h``: which cells are text / blank, the text, then the rest typed."""
    types = _typeof(values)
    is_str = (types == str).astype(bool)  # noqa: E721 - elementwise, not a type test
    is_none = (types == type(None)).astype(bool)  # noqa: E721
    h.update(np.packbits(is_str).tobytes())
    h.update(np.packbits(is_none).tobytes())
    text = values[is_str]
    h.update(_strlen(text).astype(np.int64).tobytes())
    h.update("".join(text).encode("utf-8", "surrogatepass"))
    rest = values[~(is_str | is_none)]
    if len(rest):
        h.update(repr([(type(v).__name__, v) for v in rest]).encode("utf-8", "surrogatepass"))


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a raw frame's shape, labels and every cell (type included: 1 and "1" differ)."""
    h = hashlib.sha256()
    h.update(repr((frame.shape, [str(c) for c in frame.columns])).encode())
    if isinstance(frame.index, pd.RangeIndex):
        h.update(repr(frame.index).encode())
    else:
        _column_digest(h, np.asarray(frame.index, dtype=object))
    for i in range(frame.shape[1]):
        _column_digest(h, frame.iloc[:, i].to_numpy(dtype=object))
    return h.hexdigest()


def table_digest(table: RawTable | None) -> str:
    if table is None:
        return "-"
    return digest(table.source, table.sheet, table.serial_tz or "", frame_digest(table.frame))


def digest(*parts: Any) -> str:
    """SHA-256 of JSON-able parts, as a short stable key."""
    blob = json.dumps(parts, ensure_ascii=False, default=str, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


@cache
def code_digest() -> str:
    """Fingerprint of the code that normalises (``aggregate`` and the vocabulary): an upgrade
    that changes a rule invalidates every cached result."""
    import aggregate
    import core

    h = hashlib.sha256()
    files = sorted(Path(aggregate.__file__).parent.glob("*.py")) + sorted(Path(core.__file__).parent.glob("*.py"))
    for f in files:
        h.update(f.name.encode())
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(b"?")
    return h.hexdigest()


# ======================================================================================
# packing frames (no pickle: a state file must never be able to run code)
# ======================================================================================
_MAGIC = b"ITAS1"


class PackError(ValueError):
    """A frame holds something the packer does not store; the result is then not cached."""


def _json_value(v: Any) -> Any:
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    if v is pd.NA or v is pd.NaT:
        return None
    raise PackError(f"cannot store a {type(v).__name__} value")


def _pack_frame(frame: pd.DataFrame, buffers: list[bytes]) -> dict[str, Any]:
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        raise PackError("only frames with a default index are stored")
    cols = []
    for name in frame.columns:
        if not isinstance(name, str):
            raise PackError("column names must be text")
        s = frame[name]
        dtype = s.dtype
        entry: dict[str, Any] = {"name": name, "dtype": str(dtype)}
        if isinstance(dtype, pd.DatetimeTZDtype):
            arr = s.array.asi8 if hasattr(s.array, "asi8") else s.to_numpy().view("i8")
            entry.update(kind="dt", unit=dtype.unit, tz=str(dtype.tz))
            entry["buf"] = len(buffers)
            buffers.append(np.ascontiguousarray(arr, dtype=np.int64).tobytes())
        elif isinstance(dtype, np.dtype) and dtype.kind in "biuf":
            entry.update(kind="np")
            entry["buf"] = len(buffers)
            buffers.append(np.ascontiguousarray(s.to_numpy()).tobytes())
        elif isinstance(dtype, np.dtype) and dtype.kind == "M":
            entry.update(kind="np")
            entry["buf"] = len(buffers)
            buffers.append(np.ascontiguousarray(s.to_numpy()).tobytes())
        else:  # object, str and other extension dtypes
            entry.update(_pack_objects(s.to_numpy(dtype=object), buffers))
        cols.append(entry)
    return {"length": len(frame), "columns": cols, "columns_dtype": str(frame.columns.dtype)}


def _is_nan(v: Any) -> bool:
    return isinstance(v, float) and v != v


#: codes of the two blanks in a ``codes`` column: ``None`` and a float NaN
_NONE_CODE, _NAN_CODE = -1, -2


def _pack_objects(values: np.ndarray, buffers: list[bytes]) -> dict[str, Any]:
    """An object column: Python ints (row numbers) as one int64 buffer; text and blanks (the usual
    case) as the distinct texts in JSON and one small integer code per cell (a buffer); anything
    else (mixed types) every value as JSON.

    The text path is vectorised (``pd.factorize``), so a 650,000-row column costs milliseconds
    instead of a Python call per cell (issue 13); it is taken only when no value could be merged
    with another by hashing (``1``, ``1.0`` and ``True`` hash equal), i.e. for text only."""
    kind = pd.api.types.infer_dtype(values, skipna=False)  # one C pass: "string" means text only
    if kind == "string":
        return _pack_codes(values, np.ones(len(values), dtype=bool), buffers)
    types = _typeof(values)
    if len(values) and (types == int).all():  # noqa: E721 - row numbers: Python ints, never bool
        try:
            buffers.append(values.astype(np.int64).tobytes())
            return {"kind": "ints", "buf": len(buffers) - 1}
        except OverflowError:
            pass
    is_str = (types == str).astype(bool)  # noqa: E721 - elementwise, not a type test
    is_none = (types == type(None)).astype(bool)  # noqa: E721
    is_float = (types == float).astype(bool)  # noqa: E721
    if not (is_str | is_none | is_float).all() or not np.isnan(values[is_float].astype(np.float64)).all():
        return {"kind": "json", "values": [_json_value(v) if not _is_nan(v) else None for v in values.tolist()],
                "nan": [i for i, v in enumerate(values.tolist()) if _is_nan(v) and v is not None]}
    return _pack_codes(values, is_str, buffers, nan=is_float)


def _pack_codes(values: np.ndarray, is_str: np.ndarray, buffers: list[bytes], nan: np.ndarray | None = None
                ) -> dict[str, Any]:
    """Texts where ``is_str``, NaN where ``nan``, ``None`` elsewhere: distinct texts and codes."""
    found, uniques = pd.factorize(values[is_str])
    dtype = np.int8 if len(uniques) < 2**7 - 2 else np.int16 if len(uniques) < 2**15 - 2 else np.int32
    codes = np.full(len(values), _NONE_CODE, dtype=dtype)
    codes[is_str] = found
    if nan is not None:
        codes[nan] = _NAN_CODE
    buffers.append(codes.tobytes())
    return {"kind": "codes", "texts": [str(u) for u in uniques], "code_dtype": np.dtype(dtype).str,
            "buf": len(buffers) - 1}


def _column_buffer(c: dict[str, Any], buffers: list[memoryview], dtype: Any, n: int) -> np.ndarray:
    """Column ``c``'s buffer as ``n`` values of ``dtype``; ValueError when it is not that."""
    i = c["buf"]
    if type(i) is not int or not 0 <= i < len(buffers):
        raise ValueError(f"cached result names a buffer that is not there ({i!r})")
    values = np.frombuffer(buffers[i], dtype=dtype)
    if len(values) != n:
        raise ValueError("cached result has a column of the wrong length")
    return values


def _unpack_objects(c: dict[str, Any], buffers: list[memoryview], n: int) -> np.ndarray:
    if c["kind"] == "ints":
        return _column_buffer(c, buffers, np.int64, n).astype(object)
    if c["kind"] == "codes":
        dtype, texts = np.dtype(c["code_dtype"]), c["texts"]
        if dtype.kind != "i" or type(texts) is not list or not all(type(t) is str for t in texts):
            raise ValueError("cached result has a codes column of the wrong shape")
        codes = _column_buffer(c, buffers, dtype, n)
        if len(codes) and (codes.min() < _NAN_CODE or codes.max() >= len(texts)):
            raise ValueError("cached result has codes out of range")
        table = np.empty(len(texts) + 2, dtype=object)
        table[:len(texts)] = texts
        table[_NAN_CODE] = float("nan")
        table[_NONE_CODE] = None
        return table[codes]  # negative codes index the two blanks at the end of the table
    values = list(c["values"])
    for i in c.get("nan", []):
        values[i] = float("nan")
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _unpack_frame(spec: dict[str, Any], buffers: list[memoryview]) -> pd.DataFrame:
    n = spec["length"]
    data: dict[str, Any] = {}
    for c in spec["columns"]:
        kind = c["kind"]
        if kind == "dt":
            raw = _column_buffer(c, buffers, np.int64, n).copy()
            naive = pd.Series(raw.view(f"M8[{c['unit']}]"))
            data[c["name"]] = naive.dt.tz_localize("UTC").dt.tz_convert(c["tz"])
        elif kind == "np":
            data[c["name"]] = pd.Series(_column_buffer(c, buffers, np.dtype(c["dtype"]), n).copy())
        else:
            s = pd.Series(_unpack_objects(c, buffers, n), dtype=object)
            if c["dtype"] != "object":
                s = s.astype(pd.api.types.pandas_dtype(c["dtype"]))
            data[c["name"]] = s
    frame = pd.DataFrame(data, index=pd.RangeIndex(n)) if data else pd.DataFrame(index=pd.RangeIndex(n))
    if spec.get("columns_dtype") == "object" and frame.columns.dtype != object:
        frame.columns = pd.Index(list(frame.columns), dtype=object)
    return frame


def pack(frames: Mapping[str, pd.DataFrame], meta: Mapping[str, Any]) -> bytes:
    """Frames + JSON-able facts -> one compressed blob. Raises PackError for unsupported data."""
    buffers: list[bytes] = []
    packed = {k: _pack_frame(f, buffers) for k, f in frames.items()}
    header: dict[str, Any] = {"frames": packed, "meta": dict(meta), "sizes": [len(b) for b in buffers]}
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode()
    out = io.BytesIO()
    out.write(_MAGIC)
    out.write(struct.pack("<Q", len(head)))
    out.write(head)
    for b in buffers:
        out.write(b)
    return zlib.compress(out.getvalue(), 1)


def unpack(blob: bytes) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The inverse of :func:`pack`; raises ValueError on anything malformed (a damaged or
    hand-made state: the caller normalises again)."""
    try:
        raw = memoryview(zlib.decompress(blob))
    except zlib.error as exc:
        raise ValueError(f"cached result damaged ({exc})") from None
    try:
        return _unpack(raw)
    except (KeyError, TypeError, IndexError, AttributeError, struct.error) as exc:
        raise ValueError(f"cached result malformed ({type(exc).__name__}: {exc})") from None


def _unpack(raw: memoryview) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    if bytes(raw[:5]) != _MAGIC:
        raise ValueError("cached result has an unknown format")
    (n,) = struct.unpack("<Q", raw[5:13])
    header = json.loads(bytes(raw[13:13 + n]).decode())
    pos = 13 + n
    buffers = []
    for size in header["sizes"]:
        buffers.append(raw[pos:pos + size])
        pos += size
    if pos != len(raw):
        raise ValueError("cached result has trailing bytes")
    frames = {k: _unpack_frame(spec, buffers) for k, spec in header["frames"].items()}
    return frames, header["meta"]


def stats_to_json(stats: Sequence[TabStat]) -> list[dict[str, Any]]:
    return [asdict(s) for s in stats]


def stats_from_json(items: Sequence[Mapping[str, Any]]) -> list[TabStat]:
    return [TabStat(**dict(i)) for i in items]


# ======================================================================================
# the database
# ======================================================================================
@dataclass(frozen=True)
class SourceState:
    name: str
    kind: str
    cache_key: str
    content_hash: str | None
    watermark: str | None  #: raw-book rows (sync.books): the spreadsheet's Drive version
    full_read_at: str | None
    updated_at: str
    parts: str | None
    payload: bytes


@dataclass(frozen=True)
class RunRecord:
    id: int
    started: str
    ended: str | None
    mode: str
    trigger: str
    dry_run: bool
    read_kind: str | None
    outcome: str
    rows_read: int | None
    accepted: int | None
    duplicates: int | None
    rejected: int | None
    issues: int | None
    duration: float | None
    fingerprint: str | None
    error: str | None
    pid: int | None


def utc_now_text(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


class SyncState:
    """The state database of one ``[state] dir``. Writers hold the run lock; readers
    (``ita-sync status``) may read at any time (WAL journal)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, recovered: str | None = None) -> None:
        self.path = path
        self.conn = conn
        #: set when a damaged state file was moved aside on open (the run is then a full one)
        self.recovered = recovered

    # --- opening --------------------------------------------------------------------
    @classmethod
    def open(cls, state_dir: Path) -> SyncState:
        """Open (or create) the state; a damaged file is moved aside and a new one started."""
        path = state_dir / STATE_FILE
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            return cls(path, _connect(path, create=True))
        except OSError as exc:
            raise state_error(state_dir, exc) from None
        except StateCorrupt as exc:
            aside = _move_aside(path)
            log.warning("sync state %s was unusable (%s); moved aside to %s; this run reads every source in full",
                        path, exc, aside.name)
            note = f"sync state was unusable ({exc}); it was moved aside to {aside.name} and rebuilt from the sources"
            try:
                return cls(path, _connect(path, create=True), recovered=note)
            except StateCorrupt as again:
                raise state_error(state_dir, again) from None

    @classmethod
    def open_existing(cls, state_dir: Path) -> SyncState | None:
        """For readers: the state if it exists and is readable, else None; never changes files."""
        path = state_dir / STATE_FILE
        if not path.is_file():
            return None
        try:
            return cls(path, _connect(path, create=False))
        except StateCorrupt:
            return None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SyncState:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.conn:
            yield self.conn

    # --- facts ------------------------------------------------------------------------
    def get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str | None) -> None:
        with self.conn:
            if value is None:
                self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def full_read_due(self, now: datetime, days: int) -> bool:
        last = self.get("last_full_read")
        if not last:
            return True
        try:
            when = datetime.fromisoformat(last)
        except ValueError:
            return True
        return (now - when).total_seconds() >= days * 86400

    # --- sources ------------------------------------------------------------------------
    def source(self, name: str) -> SourceState | None:
        row = self.conn.execute(
            "SELECT name, kind, cache_key, content_hash, watermark, full_read_at, updated_at, parts, "
            "payload FROM sources WHERE name = ?", (name,)).fetchone()
        return SourceState(*row) if row else None

    def put_source(self, s: SourceState) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO sources (name, kind, cache_key, content_hash, watermark, "
                "full_read_at, updated_at, parts, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.name, s.kind, s.cache_key, s.content_hash, s.watermark, s.full_read_at,
                 s.updated_at, s.parts, sqlite3.Binary(s.payload)))

    def sources(self) -> list[SourceState]:
        rows = self.conn.execute(
            "SELECT name, kind, cache_key, content_hash, watermark, full_read_at, updated_at, parts, "
            "x'' FROM sources ORDER BY name").fetchall()
        return [SourceState(*r) for r in rows]

    def discard(self) -> None:
        """Forget everything learnt from the sources (``resync``); the run history stays."""
        with self.conn:
            self.conn.execute("DELETE FROM sources")
            self.conn.execute("DELETE FROM meta WHERE key NOT LIKE 'service.%' AND key != 'schema_version'")
        self.conn.execute("VACUUM")

    # --- run history ------------------------------------------------------------------------
    def start_run(self, *, started: datetime, mode: str, trigger: str, dry_run: bool) -> int:
        with self.conn:
            # we hold the run lock: a run still marked "running" was killed
            self.conn.execute("UPDATE runs SET outcome = 'interrupted' WHERE outcome = 'running'")
            cur = self.conn.execute(
                "INSERT INTO runs (started, mode, trigger, dry_run, outcome, pid) VALUES (?, ?, ?, ?, 'running', ?)",
                (utc_now_text(started), mode, trigger, int(dry_run), os.getpid()))
            self.conn.execute("DELETE FROM runs WHERE id <= ?", ((cur.lastrowid or 0) - HISTORY_KEEP,))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, *, outcome: str, read_kind: str | None = None,
                   counts: Mapping[str, int] | None = None, duration: float | None = None,
                   fingerprint: str | None = None, error: str | None = None) -> None:
        c = dict(counts or {})
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET ended = ?, outcome = ?, read_kind = ?, rows_read = ?, accepted = ?, duplicates = ?, "
                "rejected = ?, issues = ?, duration = ?, fingerprint = ?, error = ? WHERE id = ?",
                (utc_now_text(), outcome, read_kind, c.get("read"), c.get("accepted"), c.get("duplicates"),
                 c.get("rejected"), c.get("issues"), duration, fingerprint, error, run_id))

    def runs(self, limit: int = 20, *, trigger: str | None = None) -> list[RunRecord]:
        sql = ("SELECT id, started, ended, mode, trigger, dry_run, read_kind, outcome, rows_read, accepted, "
               "duplicates, rejected, issues, duration, fingerprint, error, pid FROM runs")
        args: tuple[Any, ...] = ()
        if trigger:
            sql += " WHERE trigger = ?"
            args = (trigger,)
        sql += " ORDER BY id DESC LIMIT ?"
        rows = self.conn.execute(sql, (*args, limit)).fetchall()
        return [RunRecord(r[0], r[1], r[2], r[3], r[4], bool(r[5]), *r[6:]) for r in rows]

    def last_scheduled(self, *, exclude: int | None = None) -> RunRecord | None:
        """The latest finished scheduled run (dry runs never are scheduled)."""
        row = self.conn.execute(
            "SELECT id FROM runs WHERE trigger = 'scheduled' AND outcome != 'running' AND id != ? "
            "ORDER BY id DESC LIMIT 1", (exclude or -1,)).fetchone()
        if not row:
            return None
        return self._run(row[0])

    def _run(self, run_id: int) -> RunRecord | None:
        r = self.conn.execute(
            "SELECT id, started, ended, mode, trigger, dry_run, read_kind, outcome, rows_read, accepted, "
            "duplicates, rejected, issues, duration, fingerprint, error, pid FROM runs WHERE id = ?",
            (run_id,)).fetchone()
        return RunRecord(r[0], r[1], r[2], r[3], r[4], bool(r[5]), *r[6:]) if r else None


def _writes(method: Any) -> Any:
    """A state write that fails for the disk or the permissions raises ``StateError`` naming
    state.dir and the fix, never a bare sqlite3 error (and never moves the state aside)."""
    @functools.wraps(method)
    def wrapper(self: SyncState, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _classified(self.path, exc) from None
    return wrapper


for _name in ("set", "put_source", "discard", "start_run", "finish_run"):
    setattr(SyncState, _name, _writes(getattr(SyncState, _name)))


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level="DEFERRED", check_same_thread=False)
    except sqlite3.Error as exc:
        raise _classified(path, exc) from None
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise StateCorrupt(f"integrity check: {ok[0] if ok else 'no answer'}")
        if create:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            with conn:
                conn.executescript(_SCHEMA)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version is None and create:
            with conn:
                conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif version is not None and version[0] != str(SCHEMA_VERSION):
            raise StateCorrupt(f"schema version {version[0]}, expected {SCHEMA_VERSION}")
        _check_columns(conn)
    except StateCorrupt:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        conn.close()
        raise _classified(path, exc) from None
    return conn


def _classified(path: Path, exc: sqlite3.Error) -> StateError:
    """Damage -> StateCorrupt (moved aside); full, read-only, I/O, locked -> StateError (kept)."""
    if is_damage(exc):
        return StateCorrupt(str(exc))
    return state_error(path.parent, exc, path)


def _check_columns(conn: sqlite3.Connection) -> None:
    want = {"meta": {"key", "value"},
            # a subset test: a file made before the never-read stale_after column was dropped still
            # has it (nullable, left NULL on every insert) and opens as it is
            "sources": {"name", "kind", "cache_key", "content_hash", "watermark", "full_read_at",
                        "updated_at", "parts", "payload"},
            "runs": {"id", "started", "ended", "mode", "trigger", "dry_run", "read_kind", "outcome", "rows_read",
                     "accepted", "duplicates", "rejected", "issues", "duration", "fingerprint", "error", "pid"}}
    for table, cols in want.items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if not cols <= have:
            raise StateCorrupt(f"table {table} lacks columns {sorted(cols - have)}")


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(path) + suffix)
        if p.exists():
            try:
                os.replace(p, Path(str(aside) + suffix))
            except OSError:
                p.unlink(missing_ok=True)
    return aside
