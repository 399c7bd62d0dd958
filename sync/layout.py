"""Column widths of the master, the same for both sinks (characters, as spreadsheet column widths)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from core.columns import OutCell


def text_width(value: OutCell) -> float:
    """Display width in characters: Thai combining marks take no column."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
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
