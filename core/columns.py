"""Names of the canonical frames: the contract between ``sync/`` and ``aggregate/``.

Data walks one way::

    sources -> RawTable -> aggregate.normalise -> canonical frames + issues
            -> aggregate.reports -> MasterTable -> sink

Both halves import the names below and nothing else of each other's internals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final, Union

import pandas as pd

from core.text import any_unsafe, cell_safe, copied, norm

#: A cell as sources deliver it: blank (None or ""), text, number, bool,
#: datetime/date, or a list of texts (a Forms API checkbox answer).
Cell = Union[None, str, int, float, bool, datetime, date, list]

#: A cell written to the master: blank, text, whole number or float.
OutCell = Union[None, str, int, float]


@dataclass(frozen=True)
class RawTable:
    """One tab exactly as read.

    ``frame`` holds every row of the tab (header rows included) as object cells in
    positional columns ``0..n-1``; its index is the row label used in issues: the
    sheet's own 1-based row number, or the Forms responseId (the title row of a
    Forms table is labelled ``0``).
    """

    source: str  # shown in ปัญหาข้อมูล/สถานะการซิงค์: path relative to data_dir, or spreadsheet ID
    sheet: str  # the tab's real name
    frame: pd.DataFrame
    #: time zone of serial-number timestamps (a Google Sheet's own zone); None: the configured one
    serial_tz: str | None = None


@dataclass(frozen=True)
class TabStat:
    """Per-tab reconciliation: read = accepted + duplicates + rejected."""

    source: str
    sheet: str
    read: int
    accepted: int
    duplicates: int
    rejected: int

    def __post_init__(self) -> None:
        # shown in สถานะการซิงค์: a file name or tab name goes through copied text (section 6)
        object.__setattr__(self, "source", copied(self.source))
        object.__setattr__(self, "sheet", copied(self.sheet))


@dataclass(frozen=True)
class MasterTable:
    """One master tab: ``rows[0]`` is the header row when ``header`` is True."""

    title: str
    rows: list[list[OutCell]]
    header: bool = True
    #: column widths in characters (None: computed by the sink from the content)
    widths: tuple[float, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the last guard of CONTRACT section 6 (v4): no control character reaches a master cell,
        # whichever path a text took (both sinks write these rows); cells are fixed in place.
        # One search over all texts first: a clean table (the usual case) costs no call per cell.
        if not any_unsafe("\n".join(v for row in self.rows for v in row if type(v) is str)):
            return
        for row in self.rows:
            for j, v in enumerate(row):
                if type(v) is str and v:
                    safe = cell_safe(v)
                    if safe is not v:
                        row[j] = safe


# --- canonical survey frame: one row per accepted online response -------------
class SurveyCol:
    """Column names of the canonical survey frame (one row per accepted online response)."""

    ROW: Final = "row"  # sheet row number or responseId
    TS: Final = "ts"  # datetime64[ns, UTC]
    FISCAL_YEAR: Final = "fiscal_year"  # int, Buddhist Era
    FIRST_HALF: Final = "first_half"  # bool: 1 Oct - 31 Mar (counts in the 6-month round)
    MONTH: Final = "month"  # "YYYY-MM", calendar year in BE
    UNIT: Final = "unit_code"  # registry code, "-" for unknown/blank
    VT: Final[tuple[str, ...]] = ("vt1", "vt2", "vt3", "vt4", "vt5")  # bool per visitor type
    AW: Final[tuple[str, ...]] = ("aw_news", "aw_contact", "aw_complaint")  # int8 answer codes


# answer codes in SurveyCol.AW columns
KNOW: Final = 1
DONT_KNOW: Final = 0
UNANSWERED: Final = -1
BAD_ANSWER: Final = -2  # only returned by the parser; the frame stores UNANSWERED


# --- canonical report frames: accepted rows only, reading order kept -----------
class ReportCol:
    """Column names of the canonical report frames (accepted rows only, reading order kept)."""

    SOURCE: Final = "source"
    SHEET: Final = "sheet"
    ROW: Final = "row"
    FISCAL_YEAR: Final = "fiscal_year"  # int BE
    ROUND: Final = "round"  # vocab.ROUND_6 / vocab.ROUND_12
    UNIT: Final = "unit_code"
    # form 1
    MEASURE: Final = "measure"  # int 1..7
    RESULT: Final = "result"  # copied text
    EVIDENCE: Final = "evidence"  # copied text
    REPORTED: Final = "reported"  # bool
    # form 2: counts (int) in vocab.FORM2_COUNT_COLUMNS order, recomputed totals excluded
    VT: Final[tuple[str, ...]] = ("vt1", "vt2", "vt3", "vt4", "vt5")
    KNOW: Final[tuple[str, ...]] = ("news_know", "contact_know", "complaint_know")
    DONT: Final[tuple[str, ...]] = ("news_dont", "contact_dont", "complaint_dont")


# --- issues frame ------------------------------------------------------------------
class IssueCol:
    """Column names of the issues frame (one row per ปัญหาข้อมูล row, in the master's order)."""

    SOURCE: Final = "source"
    SHEET: Final = "sheet"
    ROW: Final = "row"
    COLUMN: Final = "column"
    VALUE: Final = "value"
    CODE: Final = "code"
    PROBLEM: Final = "problem"
    SUGGESTION: Final = "suggestion"
    ALL: Final[tuple[str, ...]] = (
        "source", "sheet", "row", "column", "value", "code", "problem", "suggestion",
    )


#: short aliases of the column vocabularies, kept for modules of other owners that still use them
#: (aggregate/reports.py, sync/job.py, sync/check.py and tests); new code uses the long names
S = SurveyCol
R = ReportCol
I = IssueCol  # noqa: E741 - an alias only


class CountCol:
    """Internal column names of the count frames of ``aggregate.reports`` (survey and report
    counts per period and unit): responses, visitor types, know and don't know per channel."""

    RESPONSES: Final = "n"
    VT: Final[tuple[str, ...]] = ("vt1", "vt2", "vt3", "vt4", "vt5")
    KNOW: Final[tuple[str, ...]] = ("k1", "k2", "k3")
    DONT: Final[tuple[str, ...]] = ("d1", "d2", "d3")
    ALL: Final[tuple[str, ...]] = (RESPONSES, *VT, *KNOW, *DONT)
    #: each channel's total (know + don't know), added to a table's frame after summing (not in ALL)
    TOTAL: Final[tuple[str, ...]] = ("t1", "t2", "t3")


class FormKind(StrEnum):
    """The two unit-report tabs (CONTRACT section 4). Equal to their former string values."""

    FORM1 = "form1"  # แบบรายงานที่ 1: progress on the measures
    FORM2 = "form2"  # แบบรายงานที่ 2: survey counts collected outside the online form


@dataclass(frozen=True, slots=True)
class Issue:
    """One row of ปัญหาข้อมูล (CONTRACT section 7), fields in the tab's column order.

    ``row`` is the sheet's own row number (int), a Forms responseId (str), or "" for a problem of
    the whole tab or file. Texts are shown as they are: callers pass copied text (section 6)."""

    source: str
    sheet: str
    row: Any
    column: str
    value: str
    code: str
    problem: str
    suggestion: str

    def record(self) -> dict[str, Any]:
        """The issue as a row of the issues frame (keys: ``IssueCol.ALL``)."""
        return dict(zip(IssueCol.ALL, astuple(self), strict=True))


def issues_frame(issues: Sequence[Issue]) -> pd.DataFrame:
    """The issues frame (columns ``IssueCol.ALL``, object dtype) of ``issues`` in order."""
    if not issues:
        return empty_issues()
    return pd.DataFrame([astuple(i) for i in issues], columns=list(IssueCol.ALL)).astype(object)


def empty_issues() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in IssueCol.ALL})


@dataclass(frozen=True)
class ReportBook:
    """One report spreadsheet as read: its form tabs, or why it could not be read."""

    source: str
    form1: RawTable | None = None
    form2: RawTable | None = None
    error: str | None = None  # the workbook could not be opened / accessed at all


def pick_tab(names: Sequence[str], wanted: str) -> str | None:
    """The leftmost tab whose name equals ``wanted`` after rule T."""
    key = norm(wanted)
    return next((n for n in names if norm(n) == key), None)
