"""The round report as a backend-neutral content model, built from the master tables
(CONTRACT section 9).

Every figure comes from a master table that ``run`` builds (``sync.job.build_master``):
survey figures from the ``รวม`` / source rows of ``แบบรายงานที่ 2``, measures from
``แบบรายงานที่ 1``, submission tracking from ``ติดตามการส่งรายงาน``, data quality from
``ปัญหาข้อมูล`` (codes and sources only, never a cell value), section 5 from the section-8
tabs read by their contract headers when present. This module only selects, sums over
units and formats; the renderers (``docx``, ``pdf``) only lay the blocks out.

Text: generated numbers and dates use Thai digits and Buddhist-era years; copied text
(results, evidence, unit and topic names) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from core import vocab as V
from core.columns import MasterTable, OutCell
from core.errors import ItaSyncError

__all__ = [
    "Block", "Cell", "Chart", "Document", "Heading", "PageBreak", "Para", "Period", "Table",
    "UnknownPeriodError", "build_document", "periods_of", "thai_digits",
]

_THAI = str.maketrans("0123456789", V.THAI_DIGITS)
ROUND_ORDER = {V.ROUND_6: 0, V.ROUND_12: 1}


def thai_digits(text: str) -> str:
    """ASCII digits 0-9 -> Thai digits ๐-๙ (generated text only, never copied text)."""
    return text.translate(_THAI)


def fmt_int(n: int) -> str:
    """``1234`` -> ``๑,๒๓๔``."""
    return thai_digits(f"{int(n):,}")


def fmt_num(v: OutCell, decimals: int = 2) -> str:
    """A master number cell as Thai-digit text (blank -> ``-``); whole numbers without decimals."""
    if v is None or v == "":
        return V.R_NO_ANSWER
    if isinstance(v, str):
        return thai_digits(v)
    f = float(v)
    if f.is_integer():
        return fmt_int(int(f))
    return thai_digits(f"{f:,.{decimals}f}")


def percent(know: int, dont: int) -> float | None:
    """Awareness %: the expression of ``สรุปภาพรวม`` (1 decimal; None when nobody answered)."""
    return round(100.0 * know / (know + dont), 1) if know + dont else None


def _pct_cell(v: OutCell) -> str:
    """A percentage cell of a master table (1 decimal), blank -> ``-``."""
    return fmt_pct(None if v in (None, "") or isinstance(v, str) else float(v))


def fmt_pct(p: float | None) -> str:
    return V.R_NO_ANSWER if p is None else thai_digits(f"{p:.1f}")


def thai_date(dt: datetime) -> str:
    """``๓๑ มีนาคม ๒๕๖๗`` (Buddhist era)."""
    return thai_digits(f"{dt.day} {V.THAI_MONTHS[dt.month - 1]} {dt.year + 543}")


# --- the content model ---------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    """A numbered heading: ``number`` in Thai digits (``๒.๑``), level 1 or 2 (0: the title)."""

    number: str
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph. ``style``: body | center | right | title | note | bold | indent | signature.
    ``lines`` are kept as line breaks inside the paragraph."""

    lines: tuple[str, ...]
    style: str = "body"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Cell:
    """A table cell; a position covered by another cell's span is absent from its row (as in HTML)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left | center | right
    bold: bool = False
    link: str | None = None  # an http(s) address the cell's text opens (evidence)


@dataclass(frozen=True)
class Table:
    """A real table: ``header_rows`` rows repeat on each page; ``widths`` are relative."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header_rows: int = 1


@dataclass(frozen=True)
class Chart:
    """A bar chart (rendered to PNG by ``charts``): one bar per category."""

    title: str
    categories: tuple[str, ...]
    values: tuple[float, ...]
    y_label: str
    y_max: float | None = None
    value_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Table | Chart | PageBreak


@dataclass
class Document:
    """Title, metadata and blocks in reading order; ``as_of`` fixes the file dates."""

    title: str
    subject: str
    author: str
    as_of: datetime  # aware (UTC): the document's fixed creation/modification time
    blocks: list[Block] = field(default_factory=list)

    def text(self) -> str:
        """All text in order (tests and search)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Heading):
                out.append(f"{b.number} {b.text}".strip())
            elif isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Table):
                out += [" | ".join(c.text for c in row) for row in b.rows]
            elif isinstance(b, Chart):
                out.append(b.title)
        return "\n".join(out)


# --- reading master tables by their headers ---------------------------------------------------
class _Tab:
    """A master table as dict rows keyed by its header cells."""

    def __init__(self, table: MasterTable | None) -> None:
        self.present = table is not None and bool(table.rows)
        self.header: list[str] = [str(h) for h in table.rows[0]] if table is not None and table.rows else []
        rows = table.rows[1:] if table is not None else []
        self.rows: list[dict[str, OutCell]] = [
            {h: (r[i] if i < len(r) else None) for i, h in enumerate(self.header)} for r in rows
            if any(v not in (None, "") for v in r)
        ]

    def where(self, **match: Any) -> list[dict[str, OutCell]]:
        return [r for r in self.rows if all(r.get(_H.get(k, k)) == v for k, v in match.items())]


_H = {"year": V.H_YEAR, "round": V.H_ROUND, "source": V.H_SOURCE}


def _int(v: OutCell) -> int:
    if v is None or v == "":
        return 0
    return int(float(v))


def _text(v: OutCell) -> str:
    return "" if v is None else str(v)


@dataclass(frozen=True, order=True)
class Period:
    """A report period: fiscal year (BE) and round (``6 เดือน`` / ``12 เดือน``)."""

    year: int
    round_rank: int
    round: str

    @classmethod
    def of(cls, year: int, round_: str) -> Period:
        return cls(int(year), ROUND_ORDER.get(round_, 9), round_)

    def label(self) -> str:
        return f"{self.year} {V.H_ROUND} {self.round}"

    @property
    def short(self) -> str:
        """``6`` or ``12`` (file names)."""
        return self.round.split()[0]


class UnknownPeriodError(ItaSyncError):
    """The asked period has no data (exit 1); the message lists the periods there are."""


def periods_of(tables: Sequence[MasterTable]) -> list[Period]:
    """Every report period in the master tables, in the contract's order."""
    found: set[Period] = set()
    for t in tables:
        if t.title in (V.TAB_FORM2, V.TAB_FORM1, V.TAB_TRACKING):
            for r in _Tab(t).rows:
                y, rnd = r.get(V.H_YEAR), r.get(V.H_ROUND)
                if y not in (None, "") and isinstance(rnd, str):
                    found.add(Period.of(_int(y), rnd))
    return sorted(found)


def choose_period(periods: Sequence[Period], year: int | None, round_: str | None) -> Period:
    """The period asked for (default: the latest; a year alone: its latest round; a round
    alone: its latest year). Raises UnknownPeriodError listing the periods there are."""
    pick = [p for p in periods if (year is None or p.year == year) and (round_ is None or p.round == round_)]
    if pick:
        return pick[-1]
    have = ", ".join(p.label() for p in periods) or f"{V.R_NONE} (no data in any period)"
    wanted = " ".join(x for x in (str(year) if year else "", round_ or "") if x)
    raise UnknownPeriodError(
        f"no data for the report period {wanted!r}; the periods there are: {have}. "
        f"Pass --year and --round of one of them (or neither, for the latest)")


# --- building ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """What the report needs of the agency profile (CONTRACT section 3)."""

    name: str
    short_name: str
    measures: tuple[tuple[int, str], ...]
    units: tuple[tuple[str, str], ...]  # (code, name), registry order

    @classmethod
    def from_registry(cls, registry: Any) -> Profile:
        agency = getattr(registry, "agency", None)
        name = getattr(agency, "name", None) or V.REPORT_DEFAULT_AGENCY
        short = getattr(agency, "short_name", None) or V.REPORT_DEFAULT_AGENCY_SHORT
        ms = getattr(agency, "measures", None)
        if ms:
            measures = tuple((int(m.number), str(m.text)) for m in ms)
        else:
            measures = tuple(enumerate(V.MEASURES, start=1))
        return cls(name, short, measures, tuple((u.code, u.name) for u in registry.units))


class _Numbers:
    """Heading numbers ``๑``, ``๒``, ``๒.๑``… in Thai digits."""

    def __init__(self) -> None:
        self.top = 0
        self.sub = 0

    def h1(self, text: str) -> Heading:
        self.top += 1
        self.sub = 0
        return Heading(thai_digits(f"{self.top}."), text, 1)

    def h2(self, text: str) -> Heading:
        self.sub += 1
        return Heading(thai_digits(f"{self.top}.{self.sub}"), text, 2)


def _names(names: Sequence[str]) -> str:
    return ", ".join(names) if names else V.R_NONE


def _with_names(template: str, names: Sequence[str]) -> str:
    """``template`` with ``{n}`` and its own digits in Thai digits, ``{names}`` as written."""
    return thai_digits(template.format(n=len(names), names="{names}")).format(names=_names(names))


_URL = re.compile(r"https?://[^\s<>\"']+")


def _evidence(v: OutCell) -> Cell:
    """An evidence cell as written, opening its first http(s) address when it has one."""
    text = _text(v)
    m = _URL.search(text)
    return Cell(text, link=m.group(0).rstrip(".,;)") if m else None)


def _thai_month(month: str) -> str:
    """``2566-11`` (BE year-month, as the master writes it) -> ``พฤศจิกายน ๒๕๖๖``; other text as is."""
    try:
        year, m = (int(x) for x in month.split("-"))
        return f"{V.THAI_MONTHS[m - 1]} {thai_digits(str(year))}"
    except (ValueError, IndexError):
        return month


def _pr_missing(summary: MasterTable | None, period: Period) -> list[str] | None:
    """The months of ``period``'s fiscal year without a social-media report, read from the
    master's ``สรุปภาพรวม`` section (CONTRACT 8.1: aggregate.reports computes them; months not
    yet ended excluded), limited to the round's months; None when the summary has no row for
    the year."""
    if summary is None:
        return None
    rows = [list(r) for r in summary.rows]
    try:
        start = next(i for i, r in enumerate(rows) if r and r[0] == V.SEC_PR_MISSING) + 2
    except StopIteration:
        return None
    for r in rows[start:]:
        if not r or all(v in (None, "") for v in r):
            break
        if _int(r[0]) == period.year:
            text = _text(r[2]) if len(r) > 2 else ""
            if text in ("", V.PR_ALL_MONTHS):
                return []
            return [m for m in (x.strip() for x in text.split(",")) if m and _in_round(m, period.round)]
    return None


def _head(*texts: str) -> tuple[Cell, ...]:
    return tuple(Cell(thai_digits(t), align="center", bold=True) for t in texts)


def build_document(tables: Sequence[MasterTable], profile: Profile, period: Period, *,
                   as_of: datetime | None, timezone: str) -> Document:
    """The report of ``period`` from the master tables (CONTRACT section 9, sections 1-7).

    ``as_of``: the latest accepted response (aware), None when there is none; the document's
    dates then fall back to the period's last day. Pure: the same inputs give the same model."""
    by = {t.title: t for t in tables}
    f2, f1, track, issues = (_Tab(by.get(k)) for k in (V.TAB_FORM2, V.TAB_FORM1, V.TAB_TRACKING, V.TAB_ISSUES))
    tz = ZoneInfo(timezone)
    ce_end = period.year - 543 - (0 if period.round == V.ROUND_12 else 1)
    fixed = as_of.astimezone(UTC) if as_of is not None else datetime(
        ce_end, 9 if period.round == V.ROUND_12 else 3, 30 if period.round == V.ROUND_12 else 31, tzinfo=UTC)
    year_t, round_t = thai_digits(str(period.year)), thai_digits(period.round)
    title = "".join(V.REPORT_TITLE_LINES).format(agency=profile.name)
    doc = Document(title=f"{title} {V.REPORT_PERIOD.format(year=year_t, round=round_t)}",
                   subject=V.RH_SURVEY, author=profile.short_name, as_of=fixed)
    b = doc.blocks
    n = _Numbers()

    # 1. title and period, as-of
    b.append(Para((*(line.format(agency=profile.name) for line in V.REPORT_TITLE_LINES),
                   V.REPORT_PERIOD.format(year=year_t, round=round_t)), "title"))
    if as_of is not None:
        local = as_of.astimezone(tz)
        b.append(Para((V.REPORT_AS_OF.format(date=thai_date(local), time=thai_digits(local.strftime("%H.%M"))),),
                      "center"))
    else:
        b.append(Para((V.REPORT_NO_AS_OF,), "center"))
    b.append(Para((V.REPORT_PREPARED_BY.format(short=profile.short_name),), "center"))

    key = {"year": period.year, "round": period.round}
    _key_points(b, f2, track, issues, key)
    _survey(b, n, f2, key)
    _measures(b, n, f1, track, key, profile)
    _tracking(b, n, track, key, profile)
    _extras(b, n, by, period)
    _quality(b, n, issues)
    _annex(b, n, f1, f2, key, profile, year_t, round_t)
    return doc


def _counts(rows: Sequence[dict[str, OutCell]]) -> dict[str, int]:
    cols = [V.H_RESPONSES, *V.VISITOR_TYPES, *V.CHANNEL_COLUMNS]
    return {c: sum(_int(r.get(c)) for r in rows) for c in cols}


def _key_points(b: list[Block], f2: _Tab, track: _Tab, issues: _Tab, key: dict[str, Any]) -> None:
    """Page 1 for the executive: the period's headline figures (the same figures as below)."""
    rows = f2.where(**key)
    online = _counts([r for r in rows if r.get(V.H_SOURCE) == V.SOURCE_ONLINE])
    report = _counts([r for r in rows if r.get(V.H_SOURCE) == V.SOURCE_REPORT])
    total = _counts([r for r in rows if r.get(V.H_SOURCE) == V.SOURCE_TOTAL])
    units = track.where(**key)
    sent1 = sum(1 for r in units if r.get(V.FORM1_TAB) == V.SENT)
    sent2 = sum(1 for r in units if r.get(V.FORM2_TAB) == V.SENT)
    aware = " ".join(
        f"{ch} {fmt_pct(percent(total[V.channel_columns(ch)[0]], total[V.channel_columns(ch)[1]]))}" for ch in V.CHANNELS)
    b.append(Para((V.R_KEY_POINTS,), "bold"))
    b.append(Para(tuple(thai_digits(line) for line in (
        V.R_KEY_RESPONDENTS.format(total=fmt_int(total[V.H_RESPONSES]), online=fmt_int(online[V.H_RESPONSES]),
                                   report=fmt_int(report[V.H_RESPONSES])),
        V.R_KEY_AWARENESS.format(items=aware),
        V.R_KEY_SENT.format(f1=fmt_int(sent1), f2=fmt_int(sent2), of=fmt_int(len(units))),
        V.R_KEY_ISSUES.format(n=fmt_int(len(issues.rows))),
    )), "box"))


def _survey(b: list[Block], n: _Numbers, f2: _Tab, key: dict[str, Any]) -> None:
    b.append(n.h1(V.RH_SURVEY))
    rows = f2.where(**key)
    online = _counts([r for r in rows if r.get(V.H_SOURCE) == V.SOURCE_ONLINE])
    report = _counts([r for r in rows if r.get(V.H_SOURCE) == V.SOURCE_REPORT])
    total = _counts([r for r in rows if r.get(V.H_SOURCE) == V.SOURCE_TOTAL])
    b.append(n.h2(V.RH_RESPONDENTS))
    b.append(Para((thai_digits(V.R_RESPONDENTS_TEXT.format(
        total=fmt_int(total[V.H_RESPONSES]), online=fmt_int(online[V.H_RESPONSES]),
        report=fmt_int(report[V.H_RESPONSES]))),), "indent"))
    b.append(Table((_head(V.H_SOURCE, V.R_COL_COUNT),
                    (Cell(V.SOURCE_ONLINE), Cell(fmt_int(online[V.H_RESPONSES]), align="right")),
                    (Cell(V.SOURCE_REPORT), Cell(fmt_int(report[V.H_RESPONSES]), align="right")),
                    (Cell(V.SOURCE_TOTAL, bold=True), Cell(fmt_int(total[V.H_RESPONSES]), align="right", bold=True))),
                   (3.0, 1.5)))

    b.append(n.h2(V.RH_VISITORS))
    vt_rows = [(Cell(thai_digits(str(i)), align="center"), Cell(t), Cell(fmt_int(total[t]), align="right"))
               for i, t in enumerate(V.VISITOR_TYPES, start=1)]
    b.append(Table((_head(V.R_COL_NO, *V.SEED_FORM2_VISITOR_HEADERS[1:]), *vt_rows), (0.6, 4.0, 1.5)))

    b.append(n.h2(V.RH_AWARENESS))
    aware_rows: list[tuple[Cell, ...]] = []
    pcts: list[float] = []
    for i, ch in enumerate(V.CHANNELS, start=1):
        k_col, d_col, _t = V.channel_columns(ch)
        k, d = total[k_col], total[d_col]
        p = percent(k, d)
        pcts.append(p or 0.0)
        aware_rows.append((Cell(thai_digits(str(i)), align="center"), Cell(ch), Cell(fmt_int(k), align="right"),
                           Cell(fmt_int(d), align="right"), Cell(fmt_int(k + d), align="right"),
                           Cell(fmt_pct(p), align="right")))
        b.append(Para((V.R_AWARE_TEXT.format(channel=ch, know=fmt_int(k), dont=fmt_int(d), pct=fmt_pct(p)),),
                      "indent"))
    b.append(Table((
        (Cell(V.R_COL_NO, rowspan=2, align="center", bold=True), Cell(V.R_COL_CHANNEL, rowspan=2, align="center", bold=True),
         Cell(V.R_COL_AWARENESS, colspan=2, align="center", bold=True),
         Cell(V.TOTAL, rowspan=2, align="center", bold=True), Cell(V.R_COL_PERCENT, rowspan=2, align="center", bold=True)),
        _head(V.KNOW, V.DONT_KNOW),
        *aware_rows), (0.6, 3.2, 1.3, 1.5, 1.2, 1.1), header_rows=2))
    b.append(Para((V.R_PCT_NOTE,), "note"))
    b.append(Chart(V.R_CHART_AWARE, tuple(V.CHANNELS), tuple(pcts), V.R_CHART_Y_PERCENT, 100.0,
                   tuple(fmt_pct(p) for p in pcts)))

    b.append(n.h2(V.RH_PER_UNIT))
    units: dict[str, dict[str, dict[str, OutCell]]] = {}
    for r in rows:
        units.setdefault(_text(r.get(V.H_UNIT)), {})[_text(r.get(V.H_SOURCE))] = r
    unit_rows: list[tuple[Cell, ...]] = []
    for name, srcs in units.items():
        tot = srcs.get(V.SOURCE_TOTAL, {})
        cells = [Cell(name)]
        for src in (V.SOURCE_ONLINE, V.SOURCE_REPORT, V.SOURCE_TOTAL):
            cells.append(Cell(fmt_int(_int(srcs.get(src, {}).get(V.H_RESPONSES))), align="right"))
        for ch in V.CHANNELS:
            k_col, d_col, _t = V.channel_columns(ch)
            cells.append(Cell(fmt_pct(percent(_int(tot.get(k_col)), _int(tot.get(d_col)))), align="right"))
        unit_rows.append(tuple(cells))
    b.append(Table((
        (Cell(V.H_UNIT, rowspan=2, align="center", bold=True), Cell(V.R_COL_RESPONSES_PEOPLE, colspan=3, align="center", bold=True),
         Cell(V.R_COL_PERCENT_AWARE, colspan=3, align="center", bold=True)),
        _head(*V.R_PER_UNIT_HEADS),
        *unit_rows), (2.6, 1.0, 1.0, 0.9, 1.2, 1.2, 1.2), header_rows=2))


def _measures(b: list[Block], n: _Numbers, f1: _Tab, track: _Tab, key: dict[str, Any], profile: Profile) -> None:
    b.append(n.h1(V.RH_MEASURES))
    rows = f1.where(**key)
    units_in_period = [r for r in track.where(**key)]
    of = len(units_in_period) or len(profile.units)
    for number, text in profile.measures:
        mrows = [r for r in rows if _int(r.get(V.COL_MEASURE)) == number]
        done = [r for r in mrows if r.get(V.MH_F1_STATUS) == V.REPORTED]
        b.append(Para((V.R_MEASURE_LINE.format(number=thai_digits(str(number)), text=text),), "bold"))
        b.append(Para((thai_digits(V.R_MEASURE_COUNT.format(n=len(done), of=of)),), "indent"))
        if done:
            b.append(Table((_head(V.H_UNIT, V.COL_RESULT, V.COL_EVIDENCE),
                            *((Cell(_text(r.get(V.H_UNIT))), Cell(_text(r.get(V.COL_RESULT))),
                               _evidence(r.get(V.COL_EVIDENCE))) for r in done)), (1.6, 3.0, 2.2)))
    nothing = [_text(r.get(V.H_UNIT)) for r in units_in_period if r.get(V.FORM1_TAB) != V.SENT]
    b.append(Para((_with_names(V.R_SENT_NOTHING, nothing) if nothing else V.R_ALL_SENT,), "body"))


def _tracking(b: list[Block], n: _Numbers, track: _Tab, key: dict[str, Any], profile: Profile) -> None:
    b.append(n.h1(V.RH_TRACKING))
    rows = track.where(**key)
    f1_missing = [_text(r.get(V.H_UNIT)) for r in rows if r.get(V.FORM1_TAB) != V.SENT]
    f2_missing = [_text(r.get(V.H_UNIT)) for r in rows if r.get(V.FORM2_TAB) != V.SENT]
    no_online = [_text(r.get(V.H_UNIT)) for r in rows if _int(r.get(V.H_ONLINE_RESPONDENTS)) == 0]
    for tmpl, names in ((V.R_NOT_SENT_F1, f1_missing), (V.R_NOT_SENT_F2, f2_missing), (V.R_NO_ONLINE, no_online)):
        b.append(Para((_with_names(tmpl, names),), "indent"))
    b.append(Table((
        _head(*V.R_TRACKING_HEADS),
        *((Cell(_text(r.get(V.H_UNIT))), Cell(_text(r.get(V.FORM1_TAB)), align="center"),
           Cell(fmt_int(_int(r.get(V.MH_TRACK_MEASURES))), align="right"),
           Cell(_text(r.get(V.FORM2_TAB)), align="center"),
           Cell(fmt_int(_int(r.get(V.H_ONLINE_RESPONDENTS))), align="right")) for r in rows)),
        (2.6, 1.2, 1.2, 1.2, 1.3)))


def _in_round(month: str, round_: str) -> bool:
    """``YYYY-MM`` (BE calendar): every month counts in 12 เดือน, Oct-Mar in 6 เดือน."""
    if round_ == V.ROUND_12:
        return True
    try:
        m = int(month.split("-")[1])
    except (IndexError, ValueError):
        return False
    return m >= 10 or m <= 3


def _extras(b: list[Block], n: _Numbers, by: dict[str, MasterTable], period: Period) -> None:
    pr, ita, training = (_Tab(by.get(k)) for k in V.OPTIONAL_TABS)  # section 8, read only when present
    if not (pr.present or ita.present or training.present):
        return
    b.append(n.h1(V.RH_EXTRA))
    if pr.present:
        b.append(n.h2(V.RH_PR))
        rows = [r for r in pr.rows if _int(r.get(V.H_YEAR)) == period.year
                and _in_round(_text(r.get(V.H_MONTH)), period.round)]
        cols = V.PR_COUNT_COLUMNS
        per: dict[str, list[int]] = {}
        for r in rows:
            acc = per.setdefault(_text(r.get(V.COL_PR_CHANNEL)), [0, 0, 0])
            for i, c in enumerate(cols):
                acc[i] += _int(r.get(c))
        months = len({_text(r.get(V.H_MONTH)) for r in rows})
        b.append(Para((V.R_PR_TOTAL_NOTE.format(year=thai_digits(str(period.year)), round=thai_digits(period.round),
                                                months=fmt_int(months)),), "indent"))
        body = [(Cell(ch), *(Cell(fmt_int(v), align="right") for v in vals)) for ch, vals in per.items()]
        if per:
            body.append((Cell(V.TOTAL, bold=True), *(Cell(fmt_int(sum(v[i] for v in per.values())), align="right",
                                                            bold=True) for i in range(3))))
        b.append(Table((_head(V.COL_PR_CHANNEL, *cols), *body), (2.0, 1.5, 1.8, 1.8)))
        missing = _pr_missing(by.get(V.TAB_SUMMARY), period)
        if missing is not None:
            b.append(Para((V.R_PR_MISSING.format(months=", ".join(_thai_month(m) for m in missing))
                           if missing else V.R_PR_NONE_MISSING,), "indent"))
        if per:
            b.append(Chart(V.R_CHART_PR, tuple(per), tuple(float(v[1]) for v in per.values()), V.R_CHART_Y_REACH,
                           None, tuple(fmt_int(v[1]) for v in per.values())))
    if ita.present:
        b.append(n.h2(V.RH_ITA))
        years = sorted({_int(r.get(V.H_YEAR)) for r in ita.rows if _int(r.get(V.H_YEAR)) <= period.year})
        if years:
            year = years[-1]
            rows = [r for r in ita.rows if _int(r.get(V.H_YEAR)) == year]
            b.append(Para((V.R_ITA_YEAR.format(year=thai_digits(str(year))),), "indent"))
            heads = V.R_ITA_HEADS
            body = []
            for r in rows:
                bold = r.get(V.MH_ITA_NUMBER) in (None, "")
                body.append((Cell(fmt_num(r.get(V.MH_ITA_NUMBER)) if not bold else "", align="center"),
                             Cell(_text(r.get(V.MH_ITA_ITEM)), bold=bold), Cell(_text(r.get(V.MH_ITA_TOOL)), align="center"),
                             Cell(fmt_num(r.get(V.MH_ITA_WEIGHT)), align="right"), Cell(fmt_num(r.get(V.COL_ITA_SCORE)), align="right"),
                             Cell(fmt_num(r.get(V.MH_ITA_CHANGE)), align="right"),
                             Cell(_text(r.get(V.H_ITA_LEVEL)), align="center"), Cell(_text(r.get(V.MH_ITA_NOTE)))))
            b.append(Table((_head(*heads), *body), (0.9, 2.6, 1.0, 0.9, 0.9, 1.2, 0.7, 1.0)))
            lowest = [f"{fmt_num(r.get(V.MH_ITA_NUMBER))} {_text(r.get(V.MH_ITA_ITEM))} ({fmt_num(r.get(V.COL_ITA_SCORE))})"
                      for r in rows if V.ITA_LOWEST in _text(r.get(V.MH_ITA_NOTE))]
            if lowest:
                b.append(Para((V.R_ITA_LOWEST.format(items=", ".join(lowest)),), "indent"))
            total = next((r for r in rows if _text(r.get(V.MH_ITA_ITEM)) == V.ITA_TOTAL), None)
            if total is not None and total.get(V.COL_ITA_SCORE) not in (None, ""):
                b.append(Para((V.R_ITA_TOTAL.format(score=fmt_num(total.get(V.COL_ITA_SCORE)), level=_text(total.get(V.H_ITA_LEVEL))),),
                              "indent"))
    if training.present:
        b.append(n.h2(V.RH_TRAINING))
        rows = training.where(year=period.year, round=period.round)
        topics: dict[str, list[dict[str, OutCell]]] = {}
        for r in rows:
            topics.setdefault(_text(r.get(V.COL_TOPIC)), []).append(r)
        for topic, trs in topics.items():
            b.append(Para((V.R_TRAINING_TOPIC.format(topic=topic, sessions=fmt_int(_int(trs[0].get(V.MH_TRAINING_SESSIONS)))),),
                          "bold"))
            b.append(Table((_head(*V.R_TRAINING_HEADS),
                            *((Cell(_text(r.get(V.H_UNIT)), bold=r.get(V.H_UNIT) == V.TOTAL),
                               Cell(fmt_int(_int(r.get(V.MH_TRAINING_EMPLOYEES))), align="right"),
                               Cell(fmt_int(_int(r.get(V.MH_TRAINING_PASSED))), align="right"),
                               Cell(fmt_int(_int(r.get(V.MH_TRAINING_FAILED))), align="right"),
                               Cell(_pct_cell(r.get(V.TRAINING_PASS_PERCENT)), align="right")) for r in trs)),
                           (2.4, 1.2, 1.2, 1.3, 1.3)))


def _quality(b: list[Block], n: _Numbers, issues: _Tab) -> None:
    b.append(n.h1(V.RH_QUALITY))
    if not issues.rows:
        b.append(Para((V.R_QUALITY_NONE,), "indent"))
        return
    b.append(Para((thai_digits(V.R_QUALITY_TEXT.format(n=fmt_int(len(issues.rows)))),), "indent"))
    by_code: dict[str, int] = {}
    by_source: dict[tuple[str, str], int] = {}
    for r in issues.rows:  # only codes and sources: never a value found
        code = _text(r.get(V.MH_ISSUE_CODE))
        by_code[code] = by_code.get(code, 0) + 1
        src = (_text(r.get(V.MH_ISSUE_SOURCE)), _text(r.get(V.MH_ISSUE_SHEET)))
        by_source[src] = by_source.get(src, 0) + 1
    order = {c: i for i, c in enumerate(V.ISSUE_CODES)}
    codes = sorted(by_code, key=lambda c: (order.get(c, len(order)), c))
    b.append(n.h2(V.R_ISSUES_BY_CODE))
    b.append(Table((_head(V.R_COL_CODE, V.R_COL_PROBLEM, V.R_COL_ISSUES, V.R_COL_FIX),
                    *((Cell(c), Cell(V.ISSUE_TEXTS.get(c, (V.R_OTHER_PROBLEM, ""))[0]),
                       Cell(fmt_int(by_code[c]), align="right"), Cell(V.ISSUE_TEXTS.get(c, ("", V.R_OTHER_PROBLEM))[1]))
                      for c in codes)), (1.3, 2.6, 0.9, 2.6)))
    b.append(n.h2(V.R_ISSUES_BY_SOURCE))
    b.append(Table((_head(V.R_COL_SOURCE, V.R_COL_SHEET, V.R_COL_ISSUES),
                    *((Cell(s), Cell(sh), Cell(fmt_int(c), align="right")) for (s, sh), c in by_source.items())),
                   (3.0, 2.0, 1.0)))


def _annex(b: list[Block], n: _Numbers, f1: _Tab, f2: _Tab, key: dict[str, Any], profile: Profile,
           year_t: str, round_t: str) -> None:
    b.append(PageBreak())
    b.append(n.h1(V.RH_ANNEX))
    b.append(Para((V.R_ANNEX_NOTE,), "note"))
    period_line = V.REPORT_PERIOD.format(year=year_t, round=round_t)
    rows1 = f1.where(**key)
    rows2 = f2.where(source=V.SOURCE_TOTAL, **key)
    agency = profile.name
    for i, (code, name) in enumerate(profile.units):
        if i:
            b.append(PageBreak())
        # report form 1, as in seed 003
        b.append(Para((thai_digits(V.FORM1_TAB),), "right"))
        b.append(Para((*(t.format(agency=agency) for t in V.SEED_FORM1_TITLE), period_line), "title"))
        b.append(Para(tuple(t.format(unit=name) for t in V.SEED_FORM1_PERSON), "body"))
        mine = {(_int(r.get(V.COL_MEASURE))): r for r in rows1 if r.get(V.H_UNIT_CODE) == code}
        body = []
        for number, text in profile.measures:
            r = mine.get(number, {})
            body.append((Cell(thai_digits(str(number)), align="center"), Cell(text),
                         Cell(_text(r.get(V.COL_RESULT))), _evidence(r.get(V.COL_EVIDENCE))))
        b.append(Table((_head(*V.SEED_FORM1_HEADERS), *body), (0.5, 3.0, 2.2, 2.0)))
        b.append(Para(V.SEED_SIGNATURE, "signature"))
        b.append(PageBreak())
        # report form 2, as in seed 003
        c = _counts([r for r in rows2 if r.get(V.H_UNIT_CODE) == code])
        b.append(Para((thai_digits(V.FORM2_TAB),), "right"))
        b.append(Para((*(t.format(agency=agency, unit=name) for t in V.SEED_FORM2_TITLE), period_line), "title"))
        b.append(Para(tuple(t.format(unit=name) for t in V.SEED_FORM2_PERSON), "body"))
        b.append(Para((V.SEED_FORM2_INTRO.format(agency=agency),), "indent"))
        b.append(Para((V.SEED_FORM2_VISITORS,), "bold"))
        b.append(Table((_head(*V.SEED_FORM2_VISITOR_HEADERS),
                        *((Cell(thai_digits(str(j)), align="center"), Cell(t), Cell(fmt_int(c[t]), align="right"))
                          for j, t in enumerate(V.VISITOR_TYPES, start=1))), (0.6, 4.0, 1.6)))
        b.append(Para((V.SEED_FORM2_AWARENESS,), "bold"))
        aw = []
        for j, (ch, label) in enumerate(zip(V.CHANNELS, V.SEED_FORM2_CHANNELS), start=1):
            k_col, d_col, _t = V.channel_columns(ch)
            aw.append((Cell(thai_digits(str(j)), align="center"), Cell(label.format(agency=agency)),
                       Cell(fmt_int(c[k_col]), align="right"), Cell(fmt_int(c[d_col]), align="right"),
                       Cell(fmt_int(c[k_col] + c[d_col]), align="right")))
        b.append(Table((
            (Cell(V.R_COL_NO, rowspan=2, align="center", bold=True),
             Cell(V.R_COL_CHANNEL, rowspan=2, align="center", bold=True),
             Cell(V.R_COL_AWARENESS, colspan=2, align="center", bold=True),
             Cell(V.R_COL_GRAND_TOTAL, rowspan=2, align="center", bold=True)),
            _head(V.KNOW, V.DONT_KNOW), *aw), (0.6, 3.6, 1.1, 1.2, 1.3), header_rows=2))
        b.append(Para(V.SEED_SIGNATURE, "signature"))
