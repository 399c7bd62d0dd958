"""Response timestamps and fiscal periods (CONTRACT section 6, "Timestamps" and "Periods").

Every function takes RAW cells (as a source delivers them, see ``core.columns.Cell``) and returns
results aligned on the same index. Timestamps, mostly distinct, are parsed without Python work
per cell: numbers and naive datetimes with numpy, texts by *shape* (:func:`_shape_texts`: the
patterns are matched once per distinct layout of digits and the numbers of all texts of that
layout read with numpy), and the date arithmetic (:func:`_resolve`) vectorised, the calendar
maths on numpy ``datetime64`` casts. No function raises on a cell value and none mutates its input.

Interpretation choices (also listed in the README):

Timestamps
  * A number cell (int/float, never bool) and a text that is only a number after T
    (``-?D+(.D+)?``) are serials: days since 1899-12-30, the fraction is the time of day, rounded
    to the millisecond (float serials carry ~1 microsecond of noise); wall time in ``serial_tz``
    (``tz`` when None).
  * A month *name* is the month wherever it stands, first or second (``ม.ค. 5 2567`` and
    ``5 ม.ค. 2567`` are the same day), whatever ``date_order`` says (CONTRACT v4); two numbers are
    day-first unless ``date_order`` is ``"mdy"``. The dots of ``พ.ศ.``/``ค.ศ.`` may be left out like those of the month
    abbreviations; the ``น.`` after the time needs its space, its dot may be left out.
  * ISO 8601 is taken literally: no space before the zone; ``T``/``Z`` in either case; a zone may
    follow a bare date (``2024-01-05Z``); zone hours 00-23, minutes 00-59; fractions beyond
    nanoseconds are cut.
  * A year >= 2400 is Buddhist Era in every form: text, ISO, serial numbers and datetime cells
    (an Excel date typed as ``5/1/2567`` is stored with the year 2567).
  * Local times that do not exist (a DST gap) move forward to the first valid instant; ambiguous
    local times (a DST fold) take the first occurrence (the DST offset, like Python's ``fold=0``).
    Neither occurs in Asia/Bangkok.
  * A naive ``now`` is a wall time in ``tz``. The window is inclusive: 2000-01-01 00:00 in ``tz``
    and ``now`` + 24 h exactly are accepted.
  * Sub-microsecond digits of a pandas Timestamp cell may be dropped (datetime cells have
    microseconds); a boolean cell is never a timestamp.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from core import vocab
from core.columns import SurveyCol
from core.text import cell_to_text, factorize_array, hash_factorize, norm

__all__ = [
    "NAT_NS",
    "timestamp_instants",
    "period_parts",
    "parse_timestamps",
    "fiscal_periods",
]

_NAT = np.iinfo(np.int64).min
#: "no time" in the int64 nanosecond arrays of :func:`timestamp_instants`
NAT_NS: Final = int(_NAT)
_NS_PER_DAY = 86_400 * 10**9
_INT64_MAX = np.iinfo(np.int64).max


# the Thai month names of the vocabulary (full names and standard abbreviations, January first)
_MONTH_FULL = vocab.THAI_MONTHS
_MONTH_ABBR = vocab.MONTH_ABBR
# month name (T form, dots removed) -> month number
_MONTHS: dict[str, int] = {}
for _i, (_full, _abbr) in enumerate(zip(_MONTH_FULL, _MONTH_ABBR, strict=True), start=1):
    _MONTHS[norm(_full)] = _i
    _MONTHS[norm(_abbr).replace(".", "")] = _i
_abbr_res = [r"\.?".join(re.escape(p) for p in norm(a).rstrip(".").split(".")) + r"\.?" for a in _MONTH_ABBR]
_MONTH_RE = "|".join([*(re.escape(norm(f)) for f in _MONTH_FULL), *_abbr_res])


def _dots_optional(label: str) -> str:
    """``พ.ศ.`` -> a pattern where every dot may be left out."""
    return r"\.?".join(re.escape(p) for p in label.rstrip(".").split(".")) + (r"\.?" if label.endswith(".") else "")


# an optional era before the year (พ.ศ./ค.ศ., dots optional, space after optional), ignored
_ERA = r"(?:(?:" + "|".join(_dots_optional(e) for e in vocab.YEAR_ERAS) + r") ?)?"
# an optional " น." after the time
_TIME_SUFFIX = r"(?: " + _dots_optional(vocab.TIME_SUFFIX) + r")?"

_DMY = re.compile(
    r"([0-9]{1,2})([/ -])([0-9]{1,2}|" + _MONTH_RE + r")\2"
    + _ERA + r"([0-9]{4})"
    r"(?:(?: |, )([0-9]{1,2})[:.]([0-9]{2})(?::([0-9]{2}))?" + _TIME_SUFFIX + r")?"
)
# v4: a month name is the month wherever it stands: first, then the day (same groups as _DMY
# except that groups 1 and 3 are swapped: 1 is the month name, 3 the day)
_NAME_FIRST = re.compile(
    r"(" + _MONTH_RE + r")([/ -])([0-9]{1,2})\2"
    + _ERA + r"([0-9]{4})"
    r"(?:(?: |, )([0-9]{1,2})[:.]([0-9]{2})(?::([0-9]{2}))?" + _TIME_SUFFIX + r")?"
)
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[tT ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?)?"
    r"([zZ]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_SERIAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

# group of a parsed wall time
_G_TZ, _G_SERIAL, _G_FIXED = 1, 2, 3


def _civil_from_days(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Proleptic Gregorian (y, m, d) (int64 arrays) of days since 1970-01-01, by numpy
    ``datetime64`` casts (day -> month -> year)."""
    days = np.asarray(z, dtype=np.int64).astype("M8[D]")
    months = days.astype("M8[M]")
    month_n = months.astype(np.int64)  # months since 1970-01
    d = (days - months.astype("M8[D]")).astype(np.int64) + 1
    y, m0 = np.divmod(month_n, 12)
    return y + 1970, m0 + 1, d


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 (int64) of valid proleptic Gregorian dates, by ``datetime64`` casts."""
    months = ((np.asarray(y, dtype=np.int64) - 1970) * 12 + (np.asarray(m, dtype=np.int64) - 1)).astype("M8[M]")
    return months.astype("M8[D]").astype(np.int64) + (np.asarray(d, dtype=np.int64) - 1)


_DIM = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _localize(wall_ns: np.ndarray, zone: str) -> np.ndarray:
    """UTC ns of wall times (int64 ns, _NAT allowed) in ``zone``; see the module notes for DST."""
    if len(wall_ns) == 0:
        return wall_ns.astype(np.int64)
    idx = pd.DatetimeIndex(wall_ns.astype(np.int64).view("M8[ns]"))
    loc = idx.tz_localize(zone, ambiguous=np.ones(len(idx), dtype=bool), nonexistent="shift_forward")
    return np.asarray(loc.asi8, dtype=np.int64)


_NS_LIMIT = _INT64_MAX - 2 * _NS_PER_DAY


def _utc_ns(when: datetime | pd.Timestamp, tz: str) -> int:
    """UTC ns of an instant (naive: wall time in tz), clamped to what datetime64[ns] holds."""
    try:
        ts = pd.Timestamp(when)
        if ts.tzinfo is None:
            ts = ts.tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
        return int(ts.tz_convert("UTC").as_unit("ns").value)
    except (OverflowError, ValueError):  # OutOfBoundsDatetime is a ValueError
        return _NS_LIMIT if when.year > 1970 else -_NS_LIMIT


class _Batch:
    """Wall-clock parts of many distinct cells (int64 arrays), turned into UTC instants at once."""

    __slots__ = ("idx", "group", "y", "mo", "d", "hh", "mi", "ss", "ns", "offset")

    def __init__(self, idx: np.ndarray, group: np.ndarray | int, y: np.ndarray | int, mo: np.ndarray | int,
                 d: np.ndarray | int, hh: np.ndarray | int = 0, mi: np.ndarray | int = 0,
                 ss: np.ndarray | int = 0, ns: np.ndarray | int = 0, offset: np.ndarray | int = 0) -> None:
        n = len(idx)

        def full(a: np.ndarray | int) -> np.ndarray:
            return np.broadcast_to(np.asarray(a, dtype=np.int64), (n,))

        self.idx, self.group, self.y, self.mo, self.d = full(idx), full(group), full(y), full(mo), full(d)
        self.hh, self.mi, self.ss, self.ns, self.offset = full(hh), full(mi), full(ss), full(ns), full(offset)


def _wall_batch(idx: np.ndarray, group: int, wall_us: np.ndarray) -> _Batch:
    """A batch from wall times in microseconds since 1970-01-01 (serials, naive datetimes)."""
    days, tod = np.divmod(wall_us, 86_400_000_000)
    y, m, d = _civil_from_days(days)
    secs, us = np.divmod(tod, 1_000_000)
    hh, rest = np.divmod(secs, 3600)
    mi, ss = np.divmod(rest, 60)
    return _Batch(idx, group, y, m, d, hh, mi, ss, us * 1000)


def _ints(col: np.ndarray) -> np.ndarray:
    """A column of ASCII digit strings as int64 (``int()`` called from C)."""
    return col.astype(np.int64)


# every text the month part of _DMY can match -> month number, plus 100 for a month name
_MONTH_CODE: dict[str, int] = {f"{n}": n for n in range(100)}
_MONTH_CODE.update({f"{n:02d}": n for n in range(10)})
for _name, _num in list(_MONTHS.items()):
    _MONTH_CODE[_name] = 100 + _num
for _i, _abbr in enumerate(_MONTH_ABBR, start=1):
    _pieces = norm(_abbr).rstrip(".").split(".")
    for _mask in range(1 << len(_pieces)):  # each dot present or left out
        _MONTH_CODE["".join(p + ("." if _mask >> k & 1 else "") for k, p in enumerate(_pieces))] = 100 + _i


def _zone_offset(zone: str) -> int:
    """ns east of UTC of an ISO zone (``z``, ``+07``, ``+0700``, ``+07:00``; either case);
    0 for "0" (no zone), _BAD_ZONE when out of range."""
    if zone in ("0", "z", "Z"):
        return 0
    oh, om = int(zone[1:3]), int(zone[-2:]) if len(zone) > 3 else 0
    if oh > 23 or om > 59:
        return _BAD_ZONE
    return (oh * 3600 + om * 60) * 10**9 * (1 if zone[0] == "+" else -1)


_BAD_ZONE = 1 << 62


# --- texts ---------------------------------------------------------------------------------------
# A text is parsed *as written* when one of the patterns matches it; otherwise its T form is tried
# (computed once per distinct text). A text the patterns match as written is already in T form:
# they admit only digits, ASCII punctuation, single inner spaces and the Thai month names, none of
# which T changes (ISO letters are matched in either case, and Thai digits, which T would turn into
# ASCII ones, are read as digits by the shape path below, exactly as in the T form).


def _match_texts(idx: np.ndarray, texts: list[str], mdy: bool) -> tuple[list[_Batch], np.ndarray]:
    """The patterns on each text as written, one by one: (batches, positions of the others)."""
    dmy_i: list[int] = []
    dmy_g: list[tuple[str, ...]] = []
    iso_i: list[int] = []
    iso_g: list[tuple[str, ...]] = []
    ser_i: list[int] = []
    ser_t: list[str] = []
    rest: list[int] = []
    dmy, name_first, iso, serial = _DMY.fullmatch, _NAME_FIRST.fullmatch, _ISO.fullmatch, _SERIAL_TEXT.fullmatch
    for k, (i, t) in enumerate(zip(idx.tolist(), texts, strict=True)):
        m = dmy(t)
        if m is not None:
            dmy_i.append(i)
            dmy_g.append(m.groups("0"))
            continue
        m = name_first(t)
        if m is not None:  # as if day-first: the month name decides the month either way
            parts = m.groups("0")
            dmy_i.append(i)
            dmy_g.append((parts[2], parts[1], parts[0], *parts[3:]))
            continue
        m = iso(t)
        if m is not None:
            iso_i.append(i)
            iso_g.append(m.groups("0"))
            continue
        if serial(t) is not None:
            ser_i.append(i)
            ser_t.append(t)
            continue
        rest.append(k)
    batches = []
    if dmy_i:
        g = np.array(dmy_g, dtype=object).reshape(-1, 7)
        mcodes, mtexts = pd.factorize(g[:, 2])
        code = np.array([_MONTH_CODE.get(m, 0) for m in mtexts], dtype=np.int64)[mcodes]
        named, b = code >= 100, code % 100
        a = _ints(g[:, 0])
        swap = ~named & mdy
        day, month = np.where(swap, b, a), np.where(swap, a, b)
        batches.append(_Batch(
            np.array(dmy_i, dtype=np.int64), _G_TZ, _ints(g[:, 3]), month, day,
            _ints(g[:, 4]), _ints(g[:, 5]), _ints(g[:, 6]),
        ))
    if iso_i:
        g = np.array(iso_g, dtype=object).reshape(-1, 8)
        frac = np.array([int((f + "00000000")[:9]) for f in g[:, 6].tolist()], dtype=np.int64)
        zcodes, zones = pd.factorize(g[:, 7])
        offset = np.array([_zone_offset(z) for z in zones], dtype=np.int64)[zcodes]
        has_zone = np.array([z != "0" for z in zones], dtype=bool)[zcodes]
        bad_zone = offset == _BAD_ZONE
        batches.append(_Batch(
            np.array(iso_i, dtype=np.int64), np.where(has_zone, _G_FIXED, _G_TZ),
            _ints(g[:, 0]), np.where(bad_zone, 0, _ints(g[:, 1])), _ints(g[:, 2]),
            _ints(g[:, 3]), _ints(g[:, 4]), _ints(g[:, 5]), frac, np.where(bad_zone, 0, offset),
        ))
    if ser_i:
        batches.extend(_serial_batches(np.array(ser_i, dtype=np.int64), np.array(ser_t, dtype=object)))
    return batches, np.array(rest, dtype=np.int64)


#: shapes shared by fewer texts than this are matched one text at a time
_MIN_SHAPE_GROUP = 4


def _shape_texts(idx: np.ndarray, texts: list[str], mdy: bool) -> tuple[list[_Batch], np.ndarray]:
    """Like :func:`_match_texts`, but per *shape*: the text with every digit (ASCII or Thai) made
    ``9``. Whether a pattern matches, and where each of its groups lies, depends only on the shape
    (the patterns test digits only as ``[0-9]`` and never by value), so each distinct shape is
    matched once and the numbers of all its texts are read at the same positions with numpy.
    The texts are handled as one string of code points: the cost is a few numpy passes over the
    characters, not Python work per text."""
    n = len(texts)
    if n == 0:
        return [], np.zeros(0, dtype=np.int64)
    big = "\n".join(texts)
    if big.count("\n") != n - 1:  # a text with a line break matches nothing as written
        has_nl = np.fromiter(("\n" in t for t in texts), dtype=bool, count=n)
        keep = np.flatnonzero(~has_nl)
        kept, unmatched_kept = _shape_texts(idx[keep], [texts[k] for k in keep.tolist()], mdy)
        return kept, np.sort(np.concatenate([keep[unmatched_kept], np.flatnonzero(has_nl)]))
    cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    ascii_digit = (cp - np.uint32(0x30)) < 10  # unsigned: code points below "0" wrap around
    thai_digit = (cp - np.uint32(0x0E50)) < 10
    digit = np.where(ascii_digit, cp - np.uint32(0x30), cp - np.uint32(0x0E50)).astype(np.uint8)  # where digits
    shape = np.where(ascii_digit | thai_digit, np.uint32(0x39), cp)
    shapes = np.array(shape.tobytes().decode("utf-32-le").split("\n"), dtype=object)
    del shape, ascii_digit, thai_digit
    scodes, ushapes = hash_factorize(shapes)
    starts = np.zeros(n, dtype=np.int64)
    starts[1:] = np.flatnonzero(cp == 0x0A) + 1
    order = np.argsort(scodes, kind="stable")
    bounds = np.searchsorted(scodes[order], np.arange(len(ushapes) + 1))
    batches: list[_Batch] = []
    rest: list[np.ndarray] = []
    small: list[np.ndarray] = []
    for k, s in enumerate(ushapes.tolist()):
        rows = order[bounds[k]:bounds[k + 1]]
        if len(rows) < _MIN_SHAPE_GROUP:
            small.append(rows)
            continue
        batch = _shape_batch(s, idx[rows], starts[rows], digit, _texts_at(texts, rows), mdy)
        if batch is None:
            rest.append(rows)
        else:
            batches.append(batch)
    if small:
        pos = np.sort(np.concatenate(small))
        more, unmatched = _match_texts(idx[pos], [texts[p] for p in pos.tolist()], mdy)
        batches.extend(more)
        rest.append(pos[unmatched])
    return batches, (np.sort(np.concatenate(rest)) if rest else np.zeros(0, dtype=np.int64))


def _texts_at(texts: list[str], rows: np.ndarray) -> Callable[[], list[str]]:
    """A thunk giving ``texts`` at positions ``rows`` (built only when a shape needs them)."""
    return lambda: [texts[r] for r in rows.tolist()]


def _shape_batch(shape: str, idx: np.ndarray, starts: np.ndarray, digit: np.ndarray,
                 texts: Callable[[], list[str]], mdy: bool) -> _Batch | None:
    """The batch of all texts of one shape (``starts``: where each begins in ``digit``, the
    digit values of the joined texts; ``texts``: gives the texts), or None when no pattern
    matches the shape."""

    def number(m: re.Match[str], group: int, limit: int = 18) -> np.ndarray | int:
        a, b = m.span(group)
        if a < 0:
            return 0
        width = min(b - a, limit)
        value = digit[starts + a].astype(np.int64)
        for k in range(a + 1, a + width):
            value = value * 10 + digit[starts + k]
        return value

    m = _DMY.fullmatch(shape)
    if m is not None:
        first, year = number(m, 1), number(m, 4)
        hh, mi, ss = number(m, 5), number(m, 6), number(m, 7)
        month_text = m.group(3)
        if not month_text.startswith("9"):  # a month name: the month wherever it stands
            return _Batch(idx, _G_TZ, year, _MONTH_CODE[month_text] - 100, first, hh, mi, ss)
        second = number(m, 3)
        day, month = (second, first) if mdy else (first, second)
        return _Batch(idx, _G_TZ, year, month, day, hh, mi, ss)
    m = _NAME_FIRST.fullmatch(shape)
    if m is not None:
        return _Batch(idx, _G_TZ, number(m, 4), _MONTH_CODE[m.group(1)] - 100, number(m, 3),
                      number(m, 5), number(m, 6), number(m, 7))
    m = _ISO.fullmatch(shape)
    if m is not None:
        frac: np.ndarray | int = 0
        if m.start(7) >= 0:
            width = min(m.end(7) - m.start(7), 9)
            frac = number(m, 7, limit=9) * 10 ** (9 - width)
        month = number(m, 2)
        zone = m.group(8)
        group: int = _G_TZ
        offset: np.ndarray | int = 0
        if zone is not None:
            group = _G_FIXED
            if zone not in ("z", "Z"):
                a, b = m.span(8)
                oh = digit[starts + a + 1].astype(np.int64) * 10 + digit[starts + a + 2]
                om = (digit[starts + b - 2].astype(np.int64) * 10 + digit[starts + b - 1] if b - a > 3
                      else np.zeros(len(idx), np.int64))
                bad = (oh > 23) | (om > 59)
                offset = np.where(bad, _BAD_ZONE, (oh * 3600 + om * 60) * 10**9 * (1 if zone[0] == "+" else -1))
                month = np.where(bad, 0, month)
        return _Batch(idx, group, number(m, 1), month, number(m, 3), number(m, 4), number(m, 5), number(m, 6),
                      frac, offset)
    if _SERIAL_TEXT.fullmatch(shape) is not None:  # float() reads Thai digits too
        return _serial_batches(idx, np.array(texts(), dtype=object))[0]
    return None


def _text_batches(idx: np.ndarray, texts: list[str], mdy: bool, fast: bool | None = None) -> list[_Batch]:
    """Parse texts: as written, then the T form of those that do not match (module notes).

    ``fast``: match by shape (:func:`_shape_texts`) or one text at a time (:func:`_match_texts`,
    the reference); by default by shape on more than 64 texts.
    """
    match = _shape_texts if (fast or (fast is None and len(texts) > 64)) else _match_texts
    batches, rest = match(idx, texts, mdy)
    if len(rest):
        rest_idx = idx[rest]
        codes, distinct = hash_factorize(np.array([texts[k] for k in rest.tolist()], dtype=object))
        normed = np.array([norm(s) for s in distinct.tolist()] + [""], dtype=object)
        changed = np.append(normed[:-1] != distinct, False)[codes]
        sel = np.flatnonzero(changed)
        if len(sel):
            more, _ = match(rest_idx[sel], normed[codes[sel]].tolist(), mdy)
            batches.extend(more)
    return batches


def _serial_batches(idx: np.ndarray, values: np.ndarray) -> list[_Batch]:
    try:
        serial = values.astype(np.float64)
    except (OverflowError, ValueError, TypeError):
        serial = np.array([_to_float(v) for v in values], dtype=np.float64)
    ok = np.isfinite(serial) & (serial >= 0) & (serial < 3_000_000)
    ms = np.round(serial[ok] * 86_400_000.0).astype(np.int64)
    return [_wall_batch(idx[ok], _G_SERIAL, (ms - 25_569 * 86_400_000) * 1000)]


def _to_float(v: Any) -> float:
    try:
        return float(v)
    except (OverflowError, ValueError, TypeError):
        return float("nan")


def _datetime_row(v: datetime) -> tuple[int, ...] | None:
    """(group, y, m, d, hh, mi, ss, ns, offset) of a datetime cell taken as it is."""
    offset = None
    if v.tzinfo is not None:
        if v.year >= 2400:
            try:
                v = v.replace(year=v.year - 543)
            except ValueError:
                return None
        try:
            off = v.utcoffset()
        except Exception:  # noqa: BLE001 - a broken tzinfo is a bad timestamp, not a crash
            return None
        if off is not None:
            offset = off // timedelta(microseconds=1) * 1000
    ns = v.microsecond * 1000 + int(getattr(v, "nanosecond", 0) or 0)
    return (_G_TZ if offset is None else _G_FIXED, v.year, v.month, v.day,
            v.hour, v.minute, v.second, ns, offset or 0)


# cell categories of parse_timestamps
_C_OTHER, _C_TEXT, _C_NUMBER, _C_DATETIME, _C_SKIP, _C_PLAIN = range(6)  # plain: a naive datetime


def _category(t: type) -> int:
    if issubclass(t, str):
        return _C_TEXT
    if issubclass(t, bool | np.bool_) or t is type(None) or t is type(pd.NA) or t is type(pd.NaT):
        return _C_SKIP
    if issubclass(t, int | float | np.integer | np.floating | Decimal | Fraction):
        return _C_NUMBER
    if issubclass(t, datetime | date | np.datetime64):
        return _C_DATETIME
    return _C_OTHER


def _text_and_serial_batches(cat: np.ndarray, arr: np.ndarray, mdy: bool) -> list[_Batch]:
    """Batches of the text cells and the serial-number cells (``cat``: category per cell)."""
    batches: list[_Batch] = []
    sel = np.flatnonzero(cat == _C_TEXT)
    if len(sel):
        batches.extend(_text_batches(sel, arr[sel].tolist(), mdy))
    sel = np.flatnonzero(cat == _C_NUMBER)
    if len(sel):
        batches.extend(_serial_batches(sel, arr[sel]))
    return batches


def _batches(arr: np.ndarray, mdy: bool) -> list[_Batch]:
    """Batches of distinct cells of any kind (``arr``: object array, no blanks)."""
    if len(arr) == 0:
        return []
    tcodes, types = pd.factorize(np.frompyfunc(type, 1, 1)(arr))
    cat = np.array([_category(t) for t in types], dtype=np.int8)[tcodes]
    batches = _text_and_serial_batches(cat, arr, mdy)
    sel = np.flatnonzero(cat == _C_OTHER)
    if len(sel):  # lists and other objects: their text
        batches.extend(_text_batches(sel, [cell_to_text(v) for v in arr[sel]], mdy))
    sel = np.flatnonzero(cat == _C_DATETIME)
    if len(sel):
        batches.extend(_datetime_batches(sel, arr[sel]))
    return batches


_PLAIN_DATETIME = (datetime, pd.Timestamp)


def _datetime_batches(idx: np.ndarray, values: np.ndarray) -> list[_Batch]:
    plain = np.array(
        [type(v) in _PLAIN_DATETIME and v.tzinfo is None for v in values.tolist()], dtype=bool,
    ).reshape(-1)
    batches = []
    if plain.any():  # naive datetimes of any year: converted by numpy in C
        batches.append(_wall_batch(idx[plain], _G_TZ, _naive_wall_us(values[plain])))
    rows, ridx = [], []
    for i, v in zip(idx[~plain].tolist(), values[~plain].tolist(), strict=True):
        row = None
        if isinstance(v, datetime):
            row = None if v is pd.NaT else _datetime_row(v)
        elif isinstance(v, date):
            row = (_G_TZ, v.year, v.month, v.day, 0, 0, 0, 0, 0)
        elif isinstance(v, np.datetime64) and not np.isnat(v):
            try:
                row = _datetime_row(pd.Timestamp(v))
            except (ValueError, OverflowError):
                row = None
        if row is not None:
            rows.append(row)
            ridx.append(i)
    if rows:
        r = np.array(rows, dtype=np.int64).reshape(-1, 9)
        batches.append(_Batch(np.array(ridx, dtype=np.int64), *r.T))
    return batches


def _naive_wall_us(values: np.ndarray) -> np.ndarray:
    """Microseconds since 1970 of naive ``datetime``/``Timestamp`` objects (nanoseconds dropped)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dti = pd.to_datetime(values, errors="raise")
        if isinstance(dti, pd.DatetimeIndex) and dti.tz is None and not dti.hasnans:
            per_us = {"s": -(10**6), "ms": -1000, "us": 1, "ns": 1000}[dti.unit]
            raw = np.asarray(dti.asi8, dtype=np.int64)
            return raw * -per_us if per_us < 0 else np.floor_divide(raw, per_us)
    except (ValueError, TypeError, OverflowError, KeyError):
        pass
    try:
        return np.array(values.tolist(), dtype="M8[us]").view(np.int64)
    except (ValueError, TypeError, OverflowError):
        return np.array([(v.replace(tzinfo=None) - _EPOCH) // timedelta(microseconds=1) for v in values.tolist()],
                        dtype=np.int64)


_EPOCH = datetime(1970, 1, 1)


def _resolve(batches: list[_Batch], n: int, tz: str, serial_tz: str, lo: int, hi: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: (UTC ns, _NAT where bad) and its *key*, the wall time as written (Buddhist Era
    years converted, the zone not applied), cut to the second, where the parts make a valid time,
    _NAT where they do not; the window [2000, now + 24 h] is not applied to the key. Cells equal
    after rule T have equal keys (their text is the same wall time to the second)."""
    out = np.full(n, _NAT, dtype=np.int64)
    key = np.full(n, _NAT, dtype=np.int64)
    if not batches:
        return out, key

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(b, name) for b in batches])

    idx, group, y, mo, d = cat("idx"), cat("group"), cat("y"), cat("mo"), cat("d")
    hh, mi, ss, ns, offset = cat("hh"), cat("mi"), cat("ss"), cat("ns"), cat("offset")
    y = np.where(y >= 2400, y - 543, y)  # Buddhist Era, before the date is built
    # the window is [2000-01-01 in tz, now + 24 h]: years outside 1999..(year of hi)+1 never fit
    y_max = min(int(pd.Timestamp(hi).year) + 1, 2261)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    mo_safe = np.clip(mo, 0, 12)
    dim = _DIM[mo_safe] + ((mo_safe == 2) & leap)
    valid = (
        (y >= 1999) & (y <= y_max) & (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= dim)
        & (hh >= 0) & (hh <= 23) & (mi >= 0) & (mi <= 59) & (ss >= 0) & (ss <= 59)
        & (ns >= 0) & (ns < 10**9) & (offset != _BAD_ZONE)
    )
    y, mo, d = np.where(valid, y, 2000), np.where(valid, mo, 1), np.where(valid, d, 1)
    tod = ((np.where(valid, hh, 0) * 60 + np.where(valid, mi, 0)) * 60 + np.where(valid, ss, 0)) * 10**9
    seconds = _days_from_civil(y, mo, d) * _NS_PER_DAY + tod
    key[idx] = np.where(valid, seconds, _NAT)
    wall = seconds + np.where(valid, ns, 0)
    utc = np.full(len(idx), _NAT, dtype=np.int64)
    for g, zone in ((_G_TZ, tz), (_G_SERIAL, serial_tz)):
        sel = (group == g) & valid
        if sel.any():
            utc[sel] = _localize(wall[sel], zone)
    sel = (group == _G_FIXED) & valid
    utc[sel] = wall[sel] - offset[sel]
    good = (utc != _NAT) & (utc >= lo) & (utc <= hi)
    out[idx[good]] = utc[good]
    return out, key


def _instants(batches: list[_Batch], n: int, tz: str, serial_tz: str, lo: int, hi: int) -> np.ndarray:
    """UTC ns per cell (_NAT where bad)."""
    return _resolve(batches, n, tz, serial_tz, lo, hi)[0]


_SECOND = 10**9


def _floor_second(ns: np.ndarray) -> np.ndarray:
    return np.where(ns == _NAT, _NAT, ns - ns % _SECOND)


def _datetime_dtype_rows(cells: pd.Series, tz: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(UTC ns, key) of a datetime64 Series (naive: wall time in tz); None when it holds years that
    datetime64[ns] cannot (a coarser unit with Buddhist Era years): those take the general path."""
    s = cells
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        wall = s.dt.tz_localize(None)
        utc = s.dt.tz_convert("UTC").dt.tz_localize(None)
    else:
        wall = utc = s
    year = utc.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
    if (year >= 2262).any() or (wall.dt.year.to_numpy(dtype=np.float64, na_value=np.nan) >= 2262).any():
        return None
    key = _floor_second(wall.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT")).view(np.int64))
    utc = utc.where((year >= 1999) & (year <= 2261))
    ns = utc.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT")).view(np.int64).copy()
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return ns, key
    return _localize(ns, tz), key


def _rows_of_kind(arr: np.ndarray, tz: str, serial_tz: str, mdy: bool, lo: int, hi: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(UTC ns, key) per cell of an object array, each cell parsed by its kind.

    Texts, numbers and naive datetimes are handled row by row with vectorised code (their values
    are mostly distinct anyway); the rare other kinds (aware datetimes, dates, lists ...) once per
    distinct cell, their key taken from their text (what rule T compares).
    """
    n = len(arr)
    kind = infer_dtype(arr, skipna=True)
    if kind == "string":
        cat = np.where(pd.isna(arr), _C_SKIP, _C_TEXT).astype(np.int8)
    elif kind in ("floating", "integer", "mixed-integer-float"):
        cat = np.full(n, _C_NUMBER, dtype=np.int8)
    else:
        tcodes, types = pd.factorize(np.frompyfunc(type, 1, 1)(arr))
        cat = np.array([_category(t) for t in types], dtype=np.int8)[tcodes]
        plain = np.array([t in _PLAIN_DATETIME for t in types], dtype=bool)[tcodes]
        sel = np.flatnonzero(plain)
        if len(sel):
            zones = np.fromiter(map(_TZINFO, arr[sel].tolist()), dtype=object, count=len(sel))
            naive = np.equal(zones, np.array(None, dtype=object)).astype(bool)
            cat[sel[~naive]] = _C_OTHER
            cat[sel[naive]] = _C_PLAIN
        cat[cat == _C_DATETIME] = _C_OTHER
    batches = _text_and_serial_batches(cat, arr, mdy)
    sel = np.flatnonzero(cat == _C_PLAIN)
    if len(sel):
        batches.append(_wall_batch(sel, _G_TZ, _naive_wall_us(arr[sel])))
    utc, key = _resolve(batches, n, tz, serial_tz, lo, hi)
    sel = np.flatnonzero(cat == _C_OTHER)
    if len(sel):
        codes, uniques = factorize_array(pd.Series(arr[sel], dtype=object))
        u_utc, u_key = _resolve(_batches(uniques, mdy), len(uniques), tz, serial_tz, lo, hi)
        datetimes = np.flatnonzero([isinstance(v, datetime | date | np.datetime64) for v in uniques.tolist()])
        if len(datetimes):  # their key: the wall time their text shows
            texts = [cell_to_text(v) for v in uniques[datetimes].tolist()]
            u_key[datetimes] = _resolve(_text_batches(datetimes, texts, mdy), len(uniques), tz, serial_tz,
                                        lo, hi)[1][datetimes]
        utc[sel] = np.append(u_utc, _NAT)[codes]
        key[sel] = np.append(u_key, _NAT)[codes]
    return utc, key


_TZINFO = attrgetter("tzinfo")


def timestamp_instants(
    cells: pd.Series,
    *,
    tz: str,
    serial_tz: str | None = None,
    date_order: Literal["dmy", "mdy"] = "dmy",
    now: datetime,
) -> tuple[np.ndarray, np.ndarray]:
    """Response timestamps as int64 UTC nanoseconds (``_NAT`` where the cell is a
    ``bad_timestamp``), and per cell an int64 key such that cells equal after rule T have equal
    keys (see :func:`_resolve`; different cells may share a key)."""
    lo = _utc_ns(datetime(2000, 1, 1), tz)
    hi = min(_utc_ns(now, tz), _NS_LIMIT) + _NS_PER_DAY
    serial_zone = serial_tz or tz
    n = len(cells)
    if cells.dtype.kind == "M":
        found = _datetime_dtype_rows(cells, tz)
        if found is not None:
            utc, key = found
            return np.where((utc != _NAT) & (utc >= lo) & (utc <= hi), utc, _NAT), key
        cells = cells.astype(object)
    if cells.dtype.kind in "fiu":
        batches = _serial_batches(np.arange(n), cells.to_numpy(dtype=np.float64, na_value=np.nan))
        return _resolve(batches, n, tz, serial_zone, lo, hi)
    arr = cells.to_numpy(dtype=object, na_value=None) if cells.dtype != object else cells.to_numpy(copy=False)
    return _rows_of_kind(arr, tz, serial_zone, date_order == "mdy", lo, hi)


def parse_timestamps(
    cells: pd.Series,
    *,
    tz: str,
    serial_tz: str | None = None,
    date_order: Literal["dmy", "mdy"] = "dmy",
    now: datetime,
) -> pd.Series:
    """Response timestamps as ``datetime64[ns, UTC]``; NaT where the cell is a ``bad_timestamp``."""
    utc, _ = timestamp_instants(cells, tz=tz, serial_tz=serial_tz, date_order=date_order, now=now)
    out = pd.Series(utc.view("M8[ns]"), index=cells.index, name=cells.name)
    return out.dt.tz_localize("UTC")


# ======================================================================================
# periods
# ======================================================================================


def period_parts(utc_ns: np.ndarray, tz: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fiscal year (BE, int64), first half (bool) and ``YYYY-MM`` month (BE, object) of UTC
    instants (int64 ns, no _NAT), cut at midnight in tz. Equal months share one text object."""
    n = len(utc_ns)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, bool), np.empty(0, dtype=object)
    local = pd.DatetimeIndex(utc_ns.view("M8[ns]")).tz_localize("UTC").tz_convert(tz).tz_localize(None)
    y, m, _ = _civil_from_days(np.floor_divide(local.asi8, _NS_PER_DAY))
    fiscal = y + 543 + (m >= 10)
    first = (m >= 10) | (m <= 3)
    serial = y * 12 + (m - 1)
    base = int(serial.min())
    span = int(serial.max()) - base + 1
    labels = np.array([f"{(base + k) // 12 + 543:04d}-{(base + k) % 12 + 1:02d}" for k in range(span)], dtype=object)
    return fiscal.astype(np.int64), first, labels[serial - base]


def fiscal_periods(ts_utc: pd.Series, tz: str) -> pd.DataFrame:
    """Fiscal year (BE), first half (Oct-Mar) and ``YYYY-MM`` month (BE), cut at midnight in tz.

    Columns ``SurveyCol.FISCAL_YEAR`` (int64), ``SurveyCol.FIRST_HALF`` (bool), ``SurveyCol.MONTH`` (str). If the input
    holds NaT, those rows get NA and the dtypes become ``Int64`` / ``boolean`` / object (None).
    """
    ts = ts_utc
    if not isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = pd.to_datetime(ts, utc=True, errors="coerce")
    ns = ts.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(
        dtype="datetime64[ns]", na_value=np.datetime64("NaT")).view(np.int64)
    na = ns == _NAT
    ok = np.flatnonzero(~na)
    fiscal, first, month = period_parts(ns[ok], tz)
    index = ts_utc.index
    if na.any():
        fy_col: Any = pd.array(np.zeros(len(ns), dtype=np.int64), dtype="Int64")
        fy_col[ok] = fiscal
        fy_col[na] = pd.NA
        fh_col: Any = pd.array(np.zeros(len(ns), dtype=bool), dtype="boolean")
        fh_col[ok] = first
        fh_col[na] = pd.NA
        month_col = np.full(len(ns), None, dtype=object)
        month_col[ok] = month
    else:
        fy_col, fh_col, month_col = fiscal, first, month
    return pd.DataFrame({
        SurveyCol.FISCAL_YEAR: pd.Series(fy_col, index=index),
        SurveyCol.FIRST_HALF: pd.Series(fh_col, index=index),
        SurveyCol.MONTH: pd.Series(month_col, index=index, dtype=object),
    })


