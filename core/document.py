"""The master document: what the job hands to ``Sink.write`` (CONTRACT section 7).

One typed, backend-neutral description of the whole master: its tables (values), the
charts drawn on them, how each tab is laid out for people (frozen header, filter,
highlights of what needs action, clickable links, wrapped text, print settings,
protection) and the data fingerprint a sink stores as metadata (never as a data row).
Both sinks render the same document; ``tests/test_sink_conformance.py`` checks that
they agree.

All row and column indices are 0-based into ``DocTable.rows``; ranges are inclusive.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from core.columns import MasterTable

__all__ = [
    "Chart", "DocTable", "Highlight", "HighlightBelow", "Layout", "MasterDocument", "PrintSetup", "SeriesRef", "Span",
    "fingerprint_of",
]


class Span(NamedTuple):
    """Cells ``rows[first_row..last_row][col]`` (inclusive)."""

    first_row: int
    last_row: int
    col: int


class SeriesRef(NamedTuple):
    """One chart series: values ``rows[first_row..last_row][col]``, its name in ``rows[name_row][col]``."""

    first_row: int
    last_row: int
    col: int
    name_row: int


@dataclass(frozen=True)
class Chart:
    """A chart on a table's tab.

    ``kind`` ``"bar"`` is vertical bars (Excel's "column" chart, Google's ``COLUMN``).
    ``categories`` are the keys of the categories; ``labels``, when set, are the texts
    shown on the category axis instead (e.g. Thai problem texts for issue codes).
    ``horizontal`` draws the bars across (Excel's "bar" chart, Google's ``BAR``).
    ``anchor`` is the (row, col) of the chart's top-left cell; ``size`` is (width,
    height) in pixels. A sink must place charts so that they cover no filled cell.
    """

    title: str
    categories: Span
    series: tuple[SeriesRef, ...]
    kind: Literal["bar"] = "bar"
    stacked: bool = False
    y_title: str = ""
    y_max: float | None = None
    anchor: tuple[int, int] = (0, 0)
    size: tuple[int, int] = (640, 320)
    labels: Span | None = None
    horizontal: bool = False  # bars drawn across (long category labels stay readable)


@dataclass(frozen=True)
class Highlight:
    """Conditional format: a cell of ``column`` (below the header) whose text equals ``equals``
    gets ``fill`` / ``font`` colours (RGB hex, no ``#``)."""

    column: int
    equals: str
    fill: str = "FCE4D6"
    font: str = "9C0006"


@dataclass(frozen=True)
class HighlightBelow:
    """Conditional format: a cell of ``column`` (below the header) holding a number less than
    ``value`` gets ``fill`` / ``font`` colours (RGB hex, no ``#``); text cells are left alone.
    Rendered as a ``cellIs lessThan`` rule locally and a ``NUMBER_LESS`` rule on Google
    (issue 11: ``ร้อยละที่ผ่านเกณฑ์`` below ``threshold_percent``, CONTRACT section 8.3)."""

    column: int
    value: float
    fill: str = "FCE4D6"
    font: str = "9C0006"


@dataclass(frozen=True)
class PrintSetup:
    """How a tab prints: A4, landscape, fitted to one page wide, header rows repeated."""

    paper: Literal["A4"] = "A4"
    landscape: bool = True
    fit_to_width: bool = True
    repeat_rows: int = 1  # the first N rows repeat on every printed page (0: none)


@dataclass(frozen=True)
class Layout:
    """How a tab is shown to people.

    ``freeze_rows``/``freeze_cols``: frozen panes. ``auto_filter``: a filter on the header
    row over the data. ``link_columns``: http(s) texts there are clickable links.
    ``wrap_columns``: text wraps; a row grows up to ``max_lines`` lines for its longest
    wrapped text. ``bold_rows``: header-like rows (bold, shaded) inside a table without a
    header (the summary); ``title_rows``: larger bold rows. ``protect``: the tab is the
    job's and is protected with a warning only (officers may still edit and add tabs).
    """

    freeze_rows: int = 1
    freeze_cols: int = 0
    auto_filter: bool = True
    highlights: tuple[Highlight | HighlightBelow, ...] = ()
    link_columns: tuple[int, ...] = ()
    wrap_columns: tuple[int, ...] = ()
    max_lines: int = 6
    bold_rows: tuple[int, ...] = ()
    title_rows: tuple[int, ...] = ()
    print: PrintSetup = field(default_factory=PrintSetup)
    protect: bool = True


@dataclass(frozen=True)
class DocTable(MasterTable):
    """One of the job's tabs: values (``MasterTable``), layout and charts."""

    layout: Layout = field(default_factory=Layout)
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class MasterDocument:
    """The whole master: the job's tabs in contract order, and the data fingerprint.

    ``fingerprint`` identifies the data (run facts excluded, see ``fingerprint_of``); a sink
    stores it as metadata (Google: developer metadata; local: a custom document property)
    and returns it from ``read_fingerprint``.
    """

    tables: tuple[DocTable, ...]
    fingerprint: str

    @property
    def titles(self) -> list[str]:
        return [t.title for t in self.tables]

    def table(self, title: str) -> DocTable:
        """The tab called ``title``; KeyError when there is none."""
        for t in self.tables:
            if t.title == title:
                return t
        raise KeyError(title)


#: bump when the rendering of the same data changes (so masters written before are redrawn)
LAYOUT_VERSION = "2"


def fingerprint_of(tables: Sequence[MasterTable]) -> str:
    """A stable 32-hex-digit hash of the master's data, charts and layout (run facts excluded:
    pass the tables before they are added)."""
    h = hashlib.sha256(LAYOUT_VERSION.encode())
    for t in tables:
        h.update(t.title.encode())
        h.update(json.dumps(t.rows, ensure_ascii=False, default=str, separators=(",", ":")).encode())
        if isinstance(t, DocTable):
            h.update(repr((t.layout, t.charts, t.widths)).encode())
    return h.hexdigest()[:32]
