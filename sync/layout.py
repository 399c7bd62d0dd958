"""How the master is laid out, the same for both sinks: column widths (characters, as spreadsheet
column widths), wrapped lines per row, links."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from core.columns import MasterTable, OutCell
from core.document import DocTable


def text_width(value: OutCell) -> float:
    """Display width in characters: Thai combining marks take no column."""
    if value is None:
        return 0
    return _str_width(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=1 << 16)
def _str_width(text: str) -> float:
    """Master texts repeat (problem texts, unit names): each distinct one is measured once."""
    longest = 0
    for line in text.split("\n"):
        longest = max(longest, sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Mn" else 1
                                   for c in line))
    return longest


def column_widths(rows: Sequence[Sequence[OutCell]], sample: int = 2000) -> list[float]:
    widths: list[float] = []
    for row in rows[:sample]:
        for i, v in enumerate(row):
            w = text_width(v)
            if i >= len(widths):
                widths.append(w)
            elif w > widths[i]:
                widths[i] = w
    return [min(max(w * 1.1 + 2, 8), 60) for w in widths]


def table_widths(table: MasterTable) -> list[float]:
    """The table's own widths, or widths from its content (characters)."""
    return list(table.widths) if table.widths else column_widths(table.rows)


@lru_cache(maxsize=1 << 16)
def _lines(value: str, width: float) -> int:
    room = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(_str_width(line) / room)) for line in value.split("\n"))


def line_count(value: OutCell, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    return _lines(value, width)


def row_lines(table: DocTable) -> dict[int, int]:
    """Row -> lines (2 or more) for rows whose wrapped text needs more than one line: header
    and bold rows (every column) and the layout's wrap columns; at most ``layout.max_lines``."""
    widths = table_widths(table)
    lay = table.layout
    out: dict[int, int] = {}
    full = set(lay.bold_rows) | ({0} if table.header and table.rows else set())
    wrap = [c for c in lay.wrap_columns if c < len(widths)]
    for r, row in enumerate(table.rows):
        cols = range(min(len(row), len(widths))) if r in full else [c for c in wrap if c < len(row)]
        n = max((line_count(row[c], widths[c]) for c in cols), default=1)
        if r in full:
            n = min(n, 3)  # header rows: at most three lines
        n = min(n, lay.max_lines)
        if n > 1:
            out[r] = n
    return out


def is_link(value: OutCell) -> bool:
    """An http(s) address that a link column shows as a clickable link."""
    return isinstance(value, str) and value.startswith(("http://", "https://")) and " " not in value.strip() \
        and len(value) < 2000


def runs(values: dict[int, int]) -> list[tuple[int, int, int]]:
    """Consecutive keys with the same value: (first, last + 1, value) (for row-height requests)."""
    out: list[tuple[int, int, int]] = []
    for k in sorted(values):
        v = values[k]
        if out and out[-1][1] == k and out[-1][2] == v:
            out[-1] = (out[-1][0], k + 1, v)
        else:
            out.append((k, k + 1, v))
    return out
