"""The embedded local backend: spreadsheets are .xlsx files under ``data_dir``.

Reading uses python-calamine (Rust, values only), several times faster than
openpyxl; the master is written with openpyxl to a temporary file in the same
folder and moved into place with ``os.replace``, so a reader opens either the old
workbook or the new one, never half of one.
"""

from __future__ import annotations

from sync.local.reader import LocalSource, read_tab, release_memory, sheet_frame
from sync.local.sink import LocalSink

__all__ = ["LocalSink", "LocalSource", "read_tab", "release_memory", "sheet_frame"]
