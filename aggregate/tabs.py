"""What the three section-8 sources share (CONTRACT section 8): finding a tab's header row,
ignoring blank and template rows, replacing earlier rows by later ones with the same key,
reconciling the counts, and building issue records.

Pure functions, no I/O. Issue records follow ``aggregate.normalise`` (dicts keyed by
``core.columns.I``, made into one frame at the end); they are built only by :func:`issue`,
so a change of the issue type is one edit here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from core.columns import I, RawTable, TabStat, empty_issues
from core.sources import TabBook
from core.text import cell_to_text, copied, norm, norm_series
from core.vocab import (
    BOOK_UNREADABLE,
    ISSUE_TEXTS,
    TAB_ANCHOR_JOIN,
    TAB_COLUMNS_MISSING,
    TAB_COLUMNS_MISSING_FIX,
    TAB_MISSING,
    TAB_MISSING_FIX,
    TAB_NO_HEADER,
    TAB_NO_HEADER_FIX,
)

HEADER_SEARCH_ROWS = 10
DUPLICATE = "duplicate_report"


# --- issues --------------------------------------------------------------------------------
def issue(source: str, sheet: str, row: Any, column: str, value: str, code: str,
          problem: str | None = None, suggestion: str | None = None) -> dict[str, Any]:
    """One issue record (``core.columns.I`` keys); texts default to ``vocab.ISSUE_TEXTS``."""
    p, s = ISSUE_TEXTS[code]
    return {I.SOURCE: source, I.SHEET: sheet, I.ROW: row, I.COLUMN: column, I.VALUE: value,
            I.CODE: code, I.PROBLEM: problem or p, I.SUGGESTION: suggestion or s}


def issues_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    if not records:
        return empty_issues()
    return pd.DataFrame.from_records(list(records), columns=list(I.ALL)).astype(object)


def _label(value: Any) -> Any:
    return int(value) if isinstance(value, np.integer) else value


# --- numbers -------------------------------------------------------------------------------
def round_half_away(value: Fraction, digits: int) -> float:
    """``value`` rounded half away from zero to ``digits`` decimals (exact, no float error)."""
    q = Decimal(value.numerator) / Decimal(value.denominator)
    sign = -1 if q < 0 else 1
    r = abs(q).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(sign * r)


def number_cell(value: float) -> int | float:
    """A whole float as int (the master writes whole numbers as integers)."""
    return int(value) if float(value).is_integer() else float(value)


# --- tabs ----------------------------------------------------------------------------------
@dataclass
class Tab:
    """A tab after its header row is found: the rows that are read (blank and template rows
    left out), columns renamed to the wanted titles, index = the sheet's row labels."""

    source: str
    sheet: str
    rows: pd.DataFrame
    titles: dict[str, str]  # wanted title -> header cell as written (copied-text clean)

    def position(self, label: Any) -> int:
        return int(self.rows.index.get_loc(label))

    def written(self, label: Any, title: str) -> str:
        return copied(cell_to_text(self.rows.at[label, title]))


def find_header(frame: pd.DataFrame, anchors: Sequence[str]) -> int | None:
    """Position of the first of the first 10 rows with a cell equal (after T) to each anchor."""
    wanted = [norm(a) for a in anchors]
    for pos in range(min(HEADER_SEARCH_ROWS, len(frame))):
        cells = {norm(cell_to_text(v)) for v in frame.iloc[pos].tolist()}
        if all(w in cells for w in wanted):
            return pos
    return None


def prepare(book: TabBook, expected: str, anchors: Sequence[str], required: Sequence[str],
            value_cols: Sequence[str], records: list[dict[str, Any]]) -> Tab | None:
    """The tab ``expected`` of ``book`` ready to read, or None with one ``bad_sheet`` record
    (missing tab, no header row in the first 10 rows, required columns missing)."""
    table: RawTable | None = book.tabs.get(expected)
    if table is None:
        records.append(issue(book.source, expected, "", "", "", "bad_sheet",
                             problem=TAB_MISSING.format(tab=expected),
                             suggestion=TAB_MISSING_FIX.format(tab=expected)))
        return None
    frame = table.frame
    hpos = find_header(frame, anchors)
    if hpos is None:
        names = TAB_ANCHOR_JOIN.join(anchors)
        records.append(issue(book.source, table.sheet, "", "", ", ".join(anchors), "bad_sheet",
                             problem=TAB_NO_HEADER.format(names=names, rows=HEADER_SEARCH_ROWS),
                             suggestion=TAB_NO_HEADER_FIX.format(rows=HEADER_SEARCH_ROWS)))
        return None
    header = frame.iloc[hpos].tolist()
    normed = [norm(cell_to_text(h)) for h in header]
    found: dict[str, int] = {}
    missing = []
    for title in required:
        pos = next((i for i, h in enumerate(normed) if h == norm(title)), None)
        if pos is None:
            missing.append(title)
        else:
            found[title] = pos
    if missing:
        records.append(issue(book.source, table.sheet, _label(frame.index[hpos]), "", ", ".join(missing),
                             "bad_sheet", problem=TAB_COLUMNS_MISSING,
                             suggestion=TAB_COLUMNS_MISSING_FIX))
        return None
    body = frame.iloc[hpos + 1:, [found[t] for t in required]]
    body.columns = list(required)
    blank = pd.Series(True, index=body.index)
    for t in required:
        blank &= norm_series(body[t]).eq("")
    template = pd.Series(bool(value_cols), index=body.index)
    for t in value_cols:
        template &= norm_series(body[t]).eq("")
    rows = body[~(blank | template)]
    titles = {t: copied(cell_to_text(header[found[t]])) for t in required}
    return Tab(book.source, table.sheet, rows, titles)


@dataclass
class Rows:
    """One tab's rows after the rules: ``frame`` has one row per row read (same index as
    ``tab.rows``) with the parsed values; ``rejected`` marks rows with a rejecting issue;
    ``records`` are (row position, issue) pairs; ``key`` names the key columns of ``frame``."""

    tab: Tab
    frame: pd.DataFrame
    rejected: pd.Series
    key: list[str]
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def reject(self, mask: pd.Series, title: str, code: str, *, personal: bool = False,
               suggest: Callable[[str], str | None] | None = None) -> None:
        """Mark ``mask``'s rows rejected with one ``code`` issue each on column ``title``
        (``ค่าที่พบ`` blank for a personal column)."""
        for label in mask[mask].index:
            written = "" if personal else self.tab.written(label, title)
            sugg = suggest(written) if suggest is not None else None
            self.note(label, title, written, code, suggestion=sugg)
        self.rejected = self.rejected | mask

    def note(self, label: Any, title: str, value: str, code: str, **texts: str | None) -> None:
        self.records.append((self.tab.position(label), issue(
            self.tab.source, self.tab.sheet, _label(label), self.tab.titles.get(title, title), value, code,
            **texts)))


@dataclass
class Reconciled:
    accepted: pd.DataFrame  # accepted rows in reading order, with ``row`` (sheet label)
    records: list[dict[str, Any]]  # the tab's issues, by row
    stat: TabStat


def reconcile(rows: Rows) -> Reconciled:
    """Later accepted rows with the same key replace earlier ones (``duplicate_report`` under
    the replaced row, which then reports nothing else); read = accepted + duplicates + rejected."""
    tab = rows.tab
    ok = rows.frame[~rows.rejected]
    dup = ok.duplicated(subset=rows.key, keep="last") if len(ok) else pd.Series(False, index=ok.index)
    replaced = set(ok.index[dup.to_numpy()])
    records = [(p, r) for p, r in rows.records if r[I.ROW] not in replaced]
    for label in ok.index[dup.to_numpy()]:
        records.append((tab.position(label), issue(tab.source, tab.sheet, _label(label), "", "", DUPLICATE)))
    records.sort(key=lambda pr: pr[0])
    accepted = ok[~dup.to_numpy()].copy()
    accepted.insert(0, "row", [_label(x) for x in accepted.index])
    accepted = accepted.reset_index(drop=True)
    read = len(tab.rows)
    n_rej = int(rows.rejected.sum())
    stat = TabStat(tab.source, tab.sheet, read=read, accepted=read - n_rej - len(replaced),
                   duplicates=len(replaced), rejected=n_rej)
    return Reconciled(accepted, [r for _, r in records], stat)


def book_error(book: TabBook) -> dict[str, Any]:
    """The ``bad_sheet`` record of a spreadsheet that could not be opened at all."""
    return issue(book.source, "", "", "", "", "bad_sheet", problem=BOOK_UNREADABLE.format(error=book.error))


@dataclass
class SourceResult:
    """A section-8 source after the rules: canonical frames, issues (frame), per-tab counts."""

    frames: dict[str, pd.DataFrame]
    issues: pd.DataFrame
    stats: list[TabStat]
