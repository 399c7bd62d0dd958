"""Small hand-made section-8 spreadsheets for the rules' tests."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from core.columns import I, RawTable
from core.sources import TabBook


def raw(rows: Sequence[Sequence[object]], sheet: str, source: str = "src.xlsx", first_row: int = 1) -> RawTable:
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows], dtype=object)
    frame.index = pd.RangeIndex(first_row, first_row + len(rows))
    return RawTable(source, sheet, frame)


def book(source: str = "src.xlsx", **tabs: Sequence[Sequence[object]] | None) -> TabBook:
    return TabBook(source, {name.replace("_", " "): (None if rows is None else raw(rows, name.replace("_", " "), source))
                            for name, rows in tabs.items()})


def book_of(tabs: dict[str, Sequence[Sequence[object]] | None], source: str = "src.xlsx") -> TabBook:
    return TabBook(source, {name: (None if rows is None else raw(rows, name, source)) for name, rows in tabs.items()})


def issue_list(issues: pd.DataFrame) -> list[tuple[object, str, str, str]]:
    """(row, column, value, code) of each issue, in order."""
    return [(r[I.ROW], r[I.COLUMN], r[I.VALUE], r[I.CODE]) for _, r in issues.iterrows()]
