"""Drive v3 metadata: folders, the files' parents and ``modifiedTime``, and ``files.list``.

Only what ita-sync asks (checked against drive.v3.json from google-api-python-client's
discovery cache): ``q`` as a conjunction (``and``) of ``'<id>' in parents``,
``mimeType = '...'`` / ``!=``, ``trashed = false|true``, ``modifiedTime >|>=|<|<= '<RFC 3339>'``
and ``name = '...'``; ``orderBy`` by ``name``/``modifiedTime`` (``desc`` allowed); ``pageSize``
(default 100, at most 1000) and ``pageToken``; the ``fields`` mask. Anything else in ``q`` is a
400, as Google answers an invalid query.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, bad_request
from .forms import parse_rfc3339, rfc3339
from .masks import apply_mask, parse_mask

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
FOLDER = "application/vnd.google-apps.folder"
FORM = "application/vnd.google-apps.form"
MAX_PAGE = 1000
DEFAULT_PAGE = 100
DEFAULT_FIELDS = "kind,nextPageToken,incompleteSearch,files(kind,id,name,mimeType)"


@dataclass
class DriveFile:
    id: str
    name: str
    mime_type: str
    parents: list[str] = field(default_factory=list)
    modified: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    trashed: bool = False

    def json(self) -> dict[str, Any]:
        return {"kind": "drive#file", "id": self.id, "name": self.name, "mimeType": self.mime_type,
                "parents": list(self.parents), "modifiedTime": rfc3339(self.modified), "trashed": self.trashed}


class Drive:
    """The Drive view of the emulator's spreadsheets, forms and folders (callers hold its lock)."""

    def __init__(self) -> None:
        self.files: dict[str, DriveFile] = {}
        self._last = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        """Strictly increasing modification times (milliseconds, as Drive reports them)."""
        t = dt.datetime.now(dt.UTC).replace(microsecond=dt.datetime.now(dt.UTC).microsecond // 1000 * 1000)
        if t <= self._last:
            t = self._last + dt.timedelta(milliseconds=1)
        self._last = t
        return t

    def add(self, file_id: str, name: str, mime_type: str, parents: list[str] | None = None) -> DriveFile:
        f = DriveFile(file_id, name, mime_type, list(parents or []), self.now())
        self.files[file_id] = f
        return f

    def touch(self, file_id: str) -> None:
        if file_id in self.files:
            self.files[file_id].modified = self.now()

    def list(self, q: str | None, order_by: str | None, page_size: str | None, page_token: str | None,
             fields: str | None, visible: Any) -> dict[str, Any]:
        test = _query(q or "")
        found = [f for f in self.files.values() if visible(f.id) and test(f)]
        for key in reversed([k.strip() for k in (order_by or "").split(",") if k.strip()]):
            name, _, direction = key.partition(" ")
            if name not in ("name", "modifiedTime", "name_natural", "createdTime"):
                raise bad_request(f"Invalid orderBy: {order_by}")
            found.sort(key=lambda f: f.name if name.startswith("name") else f.modified,
                       reverse=direction.strip().lower() == "desc")
        try:
            size = int(page_size) if page_size else DEFAULT_PAGE
        except ValueError:
            raise bad_request(f"Invalid value at 'page_size': {page_size}") from None
        size = max(1, min(size, MAX_PAGE))
        offset = 0
        if page_token:
            try:
                tok = json.loads(base64.urlsafe_b64decode(page_token + "=" * (-len(page_token) % 4)))
                offset = int(tok["o"])
                if tok.get("q") != (q or ""):
                    raise ValueError("query changed")
            except (ValueError, KeyError, TypeError):
                raise ApiError(400, "Invalid Value", details=None) from None
        page = found[offset:offset + size]
        out: dict[str, Any] = {"kind": "drive#fileList", "incompleteSearch": False,
                               "files": [f.json() for f in page]}
        if offset + size < len(found):
            out["nextPageToken"] = base64.urlsafe_b64encode(
                json.dumps({"o": offset + size, "q": q or ""}).encode()).decode().rstrip("=")
        return apply_mask(out, parse_mask(fields or DEFAULT_FIELDS))


_TERM = re.compile(
    r"^\s*(?:'(?P<parent>[^']+)'\s+in\s+parents"
    r"|(?P<field>mimeType|name|modifiedTime|trashed)\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<value>'(?:[^'\\]|\\.)*'|true|false))\s*$"
)


def _query(q: str) -> Any:
    """Drive's query language, the part ita-sync uses -> a predicate on DriveFile."""
    if not q.strip():
        return lambda f: True
    tests = []
    for part in re.split(r"\s+and\s+", q.strip()):
        m = _TERM.match(part)
        if not m:
            raise bad_request(f"Invalid Value: q = {q!r}")
        if m.group("parent"):
            pid = m.group("parent")
            tests.append(lambda f, pid=pid: pid in f.parents)
            continue
        name, op, raw = m.group("field"), m.group("op"), m.group("value")
        if name == "trashed":
            if raw not in ("true", "false") or op not in ("=", "!="):
                raise bad_request(f"Invalid Value: q = {q!r}")
            want = raw == "true"
            tests.append(lambda f, want=want, op=op: (f.trashed == want) == (op == "="))
            continue
        if not raw.startswith("'"):
            raise bad_request(f"Invalid Value: q = {q!r}")
        value = raw[1:-1].replace("\\'", "'")
        if name == "modifiedTime":
            try:
                bound = parse_rfc3339(value if value.endswith("Z") or "+" in value[10:] else value + "Z")
            except ValueError:
                raise bad_request(f"Invalid Value: q = {q!r}") from None
            ops = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
                   "<=": lambda a, b: a <= b, "=": lambda a, b: a == b, "!=": lambda a, b: a != b}
            tests.append(lambda f, bound=bound, fn=ops[op]: fn(f.modified, bound))
            continue
        if op not in ("=", "!="):
            raise bad_request(f"Invalid Value: q = {q!r}")
        attr = "mime_type" if name == "mimeType" else "name"
        tests.append(lambda f, attr=attr, value=value, op=op: (getattr(f, attr) == value) == (op == "="))
    return lambda f: all(t(f) for t in tests)
