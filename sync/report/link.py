"""The latest round report written, named in ``สรุปภาพรวม`` (CONTRACT section 9, issue 12).

``ita-sync report`` records the file it wrote in a small JSON file in ``state.dir``
(``last_report.json``: path, period, as-of), apart from the SQLite sync state, which the
report never touches. The next ``run`` appends a short section to ``สรุปภาพรวม`` naming it:
a local path, nothing is uploaded. Absent or unreadable file: no section (a broken file is
only a missing link, never a failed run).
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from core import vocab as V
from core.columns import MasterTable

LINK_FILE = "last_report.json"


def record_report(state_dir: Path, path: Path, period_label: str, as_of: str) -> Path:
    """Write ``state_dir/last_report.json`` atomically; return its path."""
    state_dir.mkdir(parents=True, exist_ok=True)
    target = state_dir / LINK_FILE
    data = {"path": str(path.resolve()), "period": period_label, "as_of": as_of}
    fd, tmp = tempfile.mkstemp(dir=state_dir, prefix=".last_report.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, target)
    return target


def read_report_link(state_dir: Path) -> dict[str, str] | None:
    """The recorded report, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((state_dir / LINK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("path"), str):
        return None
    return {k: str(data.get(k) or "") for k in ("path", "period", "as_of")}


_T = TypeVar("_T", bound=MasterTable)


def with_report_link(tables: Sequence[_T], link: dict[str, str] | None) -> list[_T]:
    """``สรุปภาพรวม`` with the latest report appended below its sections (no chart range moves)."""
    if link is None:
        return list(tables)
    out = []
    for t in tables:
        if t.title == V.TAB_SUMMARY:
            rows = [list(r) for r in t.rows]
            heading = len(rows) + 1
            rows += [[], [V.SUMMARY_REPORT_SECTION], [V.SUMMARY_REPORT_FILE, link["path"]],
                     [V.SUMMARY_REPORT_PERIOD, link["period"] or None], [V.SUMMARY_REPORT_AS_OF, link["as_of"] or None]]
            layout = getattr(t, "layout", None)
            if layout is not None and hasattr(layout, "bold_rows"):  # the master document's summary layout
                t = dataclasses.replace(t, rows=rows,  # type: ignore[call-arg]
                                        layout=dataclasses.replace(layout, bold_rows=(*layout.bold_rows, heading)))
            else:
                t = dataclasses.replace(t, rows=rows)
        out.append(t)
    return out
