"""A plain per-row Python implementation of the survey rules, the yardstick of the benchmarks.

It reads like the contract (CONTRACT sections 4-6): for each row of the survey tab, skip it when
every cell is blank, drop it when it equals an earlier row after rule T, parse its timestamp
with its own regular expressions, match its unit through a dict, split its visitor types,
classify its three answers, and add it to the counts per (fiscal year, round, unit) and per
(month, unit). Nothing is vectorised, nothing is cached: every cell is turned into text and
normalised once per row, as a hand-written script would.

It is written independently of ``aggregate/``. It imports only ``core.vocab`` (the labels and
the default question titles) and, for rule T and "Cell to text" themselves, ``core.text.norm``
and ``core.text.cell_to_text``. It is not part of the product: ``benchmarks/pipeline.py``
times it against the fast core and ``tests/test_differential.py`` checks that both give the
same counts.

Scope: the survey only (report tabs are small and not the point of the comparison). Times
without a zone are taken with ``zoneinfo`` at ``fold=0``; in a time zone with daylight saving
time that differs from the product for wall times inside a DST gap, which Asia/Bangkok (the
benchmark's zone) does not have.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from core import vocab
from core.text import cell_to_text, norm

__all__ = ["BaselineResult", "baseline_survey", "counts_from_master"]

# the visitor-type and answer counters of one row of แบบรายงานที่ 2 / รายเดือน:
# n, vt1..vt5, then (know, don't know) for each of the three channels
N_COUNTS = 1 + 5 + 6

_FULL_MONTHS = vocab.THAI_MONTHS  # the one copy of the Thai month tables (core/vocab.py)
_SHORT_MONTHS = vocab.MONTH_ABBR


def _month_names() -> dict[str, int]:
    """Every accepted spelling of a Thai month name -> month number (any dot may be left out)."""
    names: dict[str, int] = {}
    for number, (full, short) in enumerate(zip(_FULL_MONTHS, _SHORT_MONTHS), start=1):
        names[norm(full)] = number
        pieces = short.rstrip(".").split(".")
        for mask in range(1 << len(pieces)):
            spelled = "".join(p + ("." if mask >> k & 1 else "") for k, p in enumerate(pieces))
            names[norm(spelled)] = number
    return names


_MONTH_NAMES = _month_names()
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTH_NAMES), key=len, reverse=True))

_SERIAL_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_ISO_RE = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[t ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:\.(?P<f>[0-9]+))?)?)?"
    r"(?P<zone>z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_DMY_RE = re.compile(
    r"(?P<a>[0-9]{1,2})(?P<sep>[/ -])(?P<b>[0-9]{1,2}|" + _MONTH_ALT + r")(?P=sep)"
    r"(?:(?:พ\.ศ\.|ค\.ศ\.) ?)?(?P<y>[0-9]{4})"
    r"(?:(?: |, )(?P<H>[0-9]{1,2})[:.](?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?(?: น\.)?)?"
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _be_to_ce(year: int) -> int:
    return year - 543 if year >= 2400 else year


def _wall(y: int, m: int, d: int, hh: int = 0, mi: int = 0, ss: int = 0, us: int = 0) -> datetime | None:
    try:
        return datetime(_be_to_ce(y), m, d, hh, mi, ss, us)
    except ValueError:
        return None


def _serial(value: float) -> datetime | None:
    if not math.isfinite(value) or value < 0 or value >= 3_000_000:
        return None
    wall = _EXCEL_EPOCH + timedelta(milliseconds=round(value * 86_400_000.0))
    return _wall(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.microsecond)


def _zone(text: str) -> timezone | None:
    if text == "z":
        return UTC
    hours, minutes = int(text[1:3]), int(text[-2:]) if len(text) > 3 else 0
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(offset if text[0] == "+" else -offset)


def _parse_text(text: str, mdy: bool) -> tuple[datetime | None, Any]:
    """(wall time, zone) of a timestamp text in T form; zone None: the configured one, "serial":
    the serial numbers' zone."""
    if _SERIAL_RE.fullmatch(text):
        return _serial(float(text)), "serial"
    m = _ISO_RE.fullmatch(text)
    if m:
        frac = (m["f"] or "0")[:6].ljust(6, "0")
        wall = _wall(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0),
                     int(m["S"] or 0), int(frac))
        if wall is None:
            return None, None
        if m["zone"]:
            tz = _zone(m["zone"])
            return (wall, tz) if tz is not None else (None, None)
        return wall, None
    m = _DMY_RE.fullmatch(text)
    if m:
        a, b = m["a"], m["b"]
        if b in _MONTH_NAMES:
            day, month = int(a), _MONTH_NAMES[b]
        elif mdy:
            day, month = int(b), int(a)
        else:
            day, month = int(a), int(b)
        return _wall(int(m["y"]), month, day, int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0)), None
    return None, None


def parse_timestamp(cell: Any, *, tz: ZoneInfo, serial_tz: ZoneInfo, mdy: bool,
                    lo: datetime, hi: datetime) -> datetime | None:
    """The response time of one cell as an aware datetime in ``tz``, or None (bad_timestamp)."""
    zone: Any = None
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        wall, zone = _serial(float(cell)), "serial"
    elif isinstance(cell, datetime):
        wall = _wall(cell.year, cell.month, cell.day, cell.hour, cell.minute, cell.second, cell.microsecond)
        if cell.tzinfo is not None and wall is not None:
            wall, zone = wall.replace(tzinfo=cell.tzinfo), "aware"
    elif isinstance(cell, date):
        wall = _wall(cell.year, cell.month, cell.day)
    else:
        wall, zone = _parse_text(norm(cell_to_text(cell)), mdy)
    if wall is None:
        return None
    if zone == "aware":
        when = wall
    elif zone == "serial":
        when = wall.replace(tzinfo=serial_tz)
    elif zone is None:
        when = wall.replace(tzinfo=tz)
    else:
        when = wall.replace(tzinfo=zone)
    utc = when.astimezone(UTC)
    if utc < lo or utc > hi:
        return None
    return utc.astimezone(tz)


def _is_blank(cell: Any) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and cell != cell:
        return True
    return type(cell) is str and cell.strip() == ""


@dataclass
class BaselineResult:
    """Counts as the master shows them, and the issues by code."""

    #: (fiscal year, round, unit code) -> [n, vt1..vt5, know1, dont1, know2, dont2, know3, dont3]
    periods: dict[tuple[int, str, str], list[int]] = field(default_factory=dict)
    #: (fiscal year, "YYYY-MM" BE, unit code) -> the same counters
    months: dict[tuple[int, str, str], list[int]] = field(default_factory=dict)
    issues: Counter[str] = field(default_factory=Counter)
    read: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0


def baseline_survey(
    rows: Sequence[Sequence[Any]],
    *,
    units: Iterable[tuple[str, str, Sequence[str]]],
    tz: str,
    now: datetime,
    titles: Mapping[str, Sequence[str]] | None = None,
    date_order: str = "dmy",
    serial_tz: str | None = None,
) -> BaselineResult:
    """The survey tab ``rows`` (row 1, the question titles, first) counted row by row.

    ``units``: (code, name, aliases) of the registry, in registry order.
    """
    titles = titles or vocab.DEFAULT_QUESTION_TITLES
    header = [norm(cell_to_text(h)) for h in rows[0]] if rows else []
    column: dict[str, int] = {}
    for fld in vocab.SURVEY_FIELDS:
        wanted = {norm(t) for t in titles[fld]}
        hits = [i for i, h in enumerate(header) if h and h in wanted]
        if len(hits) != 1:
            raise ValueError(f"field {fld}: {len(hits)} matching columns")
        column[fld] = hits[0]

    unit_of: dict[str, str] = {}
    for code, name, aliases in units:
        for written in (name, *aliases):
            unit_of.setdefault(norm(written), code)
    visitor_type = {norm(label): k for k, label in enumerate(vocab.VISITOR_TYPES)}
    other = vocab.VISITOR_TYPES.index(vocab.OTHER_VISITOR_TYPE)
    know = {norm(a).replace(" ", "") for a in (vocab.KNOW, "รู้", "ทราบ")}
    dont_know = {norm(a).replace(" ", "") for a in (vocab.DONT_KNOW, "ไม่รู้", "ไม่ทราบ")}
    slash = re.compile(r" ?/ ?")

    zone = ZoneInfo(tz)
    serial_zone = ZoneInfo(serial_tz) if serial_tz else zone
    lo = datetime(2000, 1, 1, tzinfo=zone).astimezone(UTC)
    started = now if now.tzinfo is not None else now.replace(tzinfo=zone)
    hi = started.astimezone(UTC) + timedelta(hours=24)
    mdy = date_order == "mdy"

    result = BaselineResult()
    seen: set[tuple[str, ...]] = set()
    for row in rows[1:]:
        if all(_is_blank(cell) for cell in row):
            continue
        result.read += 1
        key = tuple(norm(cell_to_text(cell)) for cell in row)
        if key in seen:
            result.duplicates += 1
            result.issues["duplicate_row"] += 1
            continue
        seen.add(key)

        when = parse_timestamp(row[column["timestamp"]], tz=zone, serial_tz=serial_zone, mdy=mdy, lo=lo, hi=hi)
        if when is None:
            result.rejected += 1
            result.issues["bad_timestamp"] += 1
            continue
        result.accepted += 1
        be_year = when.year + 543
        fiscal_year = be_year + (1 if when.month >= 10 else 0)
        first_half = when.month >= 10 or when.month <= 3
        month = f"{be_year:04d}-{when.month:02d}"

        unit = unit_of.get(norm(cell_to_text(row[column["unit"]])))
        if unit is None:
            unit = vocab.UNKNOWN_UNIT_CODE
            result.issues["unknown_unit"] += 1

        counts = [1] + [0] * (N_COUNTS - 1)
        cell = row[column["visitor_type"]]
        items = [norm(cell_to_text(x)) for x in cell] if isinstance(cell, list) else \
            [item.strip(" ") for item in norm(cell_to_text(cell)).split(",")]
        found = set()
        for item in items:
            if item:
                found.add(visitor_type.get(item, other))
        for k in found:
            counts[1 + k] = 1

        for channel, fld in enumerate(vocab.AWARE_FIELDS):
            answer = slash.sub("/", norm(cell_to_text(row[column[fld]])))
            if not answer:
                continue
            if answer in know:
                counts[6 + 2 * channel] = 1
            elif answer in dont_know:
                counts[7 + 2 * channel] = 1
            else:
                result.issues["bad_answer"] += 1

        rounds = [vocab.ROUND_12, vocab.ROUND_6] if first_half else [vocab.ROUND_12]
        for round_ in rounds:
            _add(result.periods, (fiscal_year, round_, unit), counts)
        _add(result.months, (fiscal_year, month, unit), counts)
    return result


def _add(table: dict[tuple[int, str, str], list[int]], key: tuple[int, str, str], counts: list[int]) -> None:
    total = table.get(key)
    if total is None:
        table[key] = list(counts)
    else:
        for i, v in enumerate(counts):
            total[i] += v


def counts_from_master(tables: Iterable[Any]) -> tuple[dict[tuple[int, str, str], list[int]],
                                                    dict[tuple[int, str, str], list[int]], Counter[str]]:
    """The master's online counts and survey-side issue counts in :class:`BaselineResult`'s form:
    the ``แบบสำรวจออนไลน์`` rows of แบบรายงานที่ 2, the รายเดือน rows, and ปัญหาข้อมูล by code
    (``tables``: ``core.columns.MasterTable`` objects, read by their titles and rows only)."""
    by_title = {t.title: t.rows for t in tables}

    def counters(cells: Sequence[Any]) -> list[int]:
        # master order: n, vt1..vt5, then (know, don't know, total) per channel
        out = [int(v or 0) for v in cells[:6]]
        for channel in range(3):
            out += [int(cells[6 + 3 * channel] or 0), int(cells[7 + 3 * channel] or 0)]
        return out

    periods = {(r[0], r[1], r[2]): counters(r[5:]) for r in by_title.get(vocab.TAB_FORM2, [])[1:]
               if r[4] == vocab.SOURCE_ONLINE}
    months = {(r[0], r[1], r[2]): counters(r[4:]) for r in by_title.get(vocab.TAB_MONTHLY, [])[1:]}
    issues = Counter(r[5] for r in by_title.get(vocab.TAB_ISSUES, [])[1:])
    return periods, months, issues
