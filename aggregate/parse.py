"""Cell-level parsers of CONTRACT section 6 (answers, visitor types, counts, years, rounds,
measures, "reported", evidence URLs). Timestamps and periods live in :mod:`aggregate.timestamps`
(re-exported here).

Every parser takes a Series of RAW cells (as a source delivers them, see ``columns.Cell``) and
returns results aligned on the same index. Each distinct cell is evaluated once
(:func:`core.text.factorize_array`) and the results are spread back by code. No parser raises on
a cell value and none mutates its input.

Interpretation choices (also listed in the README):

Visitor types
  * A text cell is T-normalised first and then split on ``,`` (so a full-width comma, which NFKC
    makes ``,``, separates items too); a list cell's items are not split. An item must equal a
    label after T exactly (``ประชุม / สัมมนา`` is free text, hence ``อื่นๆ``).
Counts
  * "Thai letters" are U+0E01-U+0E3A and U+0E40-U+0E4E (consonants, vowels, tone marks and signs
    such as ๆ and ฯ; not the digits, ฿, ๏, ๚, ๛); "Latin letters" are a-z after T (so A-Z as
    written; no accented letters). Exactly one space before the word.
  * A dash alone is a given 0: ``-`` and the Unicode dashes U+2010-U+2015 and U+2212.
  * Values that do not fit in int64 are bad.
Years, rounds, measures
  * A round is text only (a number cell, even 6 or 12, is bad); a measure is ``(มาตรการที่ ?)?N``
    after T or a whole-number cell 1-7.
  * The dots of ``พ.ศ.`` may be left out. A numeric cell must be a whole number 1000-9999; text
    must have exactly four digits (``0999`` is read literally as CE 999 + 543).
Reported
  * "Only dashes": only ``-``, U+2010-U+2015, U+2212 (NFKC maps the small and full-width
    hyphen-minus to ``-``) and spaces between them.
URLs
  * The token's start (``http``, ``www.``) is matched case-insensitively; a leading ``(`` is left
    out like the trailing ``.,;:)``; the host is the authority without ``user@`` and ``:port``
    (the port digits only), and must have a dot, no empty label and no ``:``. ``ftp://...`` is bad.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from aggregate.timestamps import NAT_NS, fiscal_periods, parse_timestamps, period_parts, timestamp_instants
from core import vocab
from core.columns import BAD_ANSWER, DONT_KNOW, KNOW, UNANSWERED, SurveyCol
from core.text import cell_to_text, copied, map_distinct, norm

__all__ = [
    "NAT_NS",
    "timestamp_instants",
    "period_parts",
    "parse_timestamps",
    "fiscal_periods",
    "parse_answers",
    "parse_visitor_types",
    "parse_counts",
    "parse_years",
    "parse_rounds",
    "parse_measures",
    "is_reported",
    "bad_url_tokens",
    "bad_url_series",
]

_INT64_MAX = np.iinfo(np.int64).max


def _number(v: Any) -> float | int | None:
    """The value of a numeric cell (never a bool), else None."""
    if isinstance(v, bool | np.bool_):
        return None
    if isinstance(v, int | np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return float(v)
    if isinstance(v, Decimal | Fraction):
        try:
            if isinstance(v, Decimal) and not v.is_finite():
                return float(v)
            return int(v) if v == int(v) else float(v)
        except (ValueError, OverflowError, ArithmeticError):
            return None
    return None


def _is_datelike(v: Any) -> bool:
    return isinstance(v, date | time | np.datetime64)


def _text(v: Any) -> str:
    """Cell to text, then T."""
    return norm(v if isinstance(v, str) else cell_to_text(v))


# ======================================================================================
# answers and visitor types
# ======================================================================================

_SLASH = re.compile(r" ?/ ?")
_ANSWERS: dict[str, int] = {
    **{_SLASH.sub("/", norm(a)): DONT_KNOW for a in (vocab.DONT_KNOW, *vocab.DONT_KNOW_SHORT)},
    **{_SLASH.sub("/", norm(a)): KNOW for a in (vocab.KNOW, *vocab.KNOW_SHORT)},
}


def _answer(v: Any) -> int:
    t = _text(v)
    if not t:
        return UNANSWERED
    return _ANSWERS.get(_SLASH.sub("/", t), BAD_ANSWER)


def parse_answers(cells: pd.Series) -> pd.Series:
    """Awareness answers as int8 codes KNOW / DONT_KNOW / UNANSWERED / BAD_ANSWER."""
    out = map_distinct(cells, _answer, UNANSWERED, dtype=np.int8)
    return pd.Series(out, index=cells.index, name=cells.name, dtype=np.int8)


_VT_INDEX: dict[str, int] = {norm(label): k for k, label in enumerate(vocab.VISITOR_TYPES)}
_VT_OTHER_BIT = 1 << vocab.VISITOR_TYPES.index(vocab.OTHER_VISITOR_TYPE)


def _visitor_bits(v: Any) -> int:
    if isinstance(v, list | tuple):
        items = [_text(x) for x in v]
    else:
        items = [p.strip(" ") for p in _text(v).split(",")]
    bits = 0
    for item in items:
        if item:
            k = _VT_INDEX.get(item)
            bits |= _VT_OTHER_BIT if k is None else 1 << k
    return bits


def parse_visitor_types(cells: pd.Series) -> pd.DataFrame:
    """One bool column per visitor type (``SurveyCol.VT``, in vocabulary order)."""
    bits = map_distinct(cells, _visitor_bits, 0, dtype=np.uint8)
    return pd.DataFrame(
        {col: ((bits >> k) & 1).astype(bool) for k, col in enumerate(SurveyCol.VT)}, index=cells.index
    )


# ======================================================================================
# report cells
# ======================================================================================

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_COUNT = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?: [a-z\u0e01-\u0e3a\u0e40-\u0e4e]+)?")
_BAD, _BLANK = -2, -1


def _count_code(v: Any) -> int:
    """The count (>= 0), _BLANK or _BAD."""
    if isinstance(v, bool | np.bool_) or _is_datelike(v):
        return _BAD
    num = _number(v)
    if num is not None:
        if isinstance(num, float):
            if num != num:
                return _BLANK
            if not (num == num and abs(num) != float("inf") and num.is_integer()):
                return _BAD
            num = int(num)
        return num if 0 <= num <= _INT64_MAX else _BAD
    t = _text(v)
    if not t:
        return _BLANK
    if len(t) == 1 and t in _DASHES:
        return 0
    m = _COUNT.fullmatch(t)
    if m is None:
        return _BAD
    digits = m.group(1).replace(",", "")
    if len(digits) > 19:
        return _BAD
    n = int(digits)
    return n if n <= _INT64_MAX else _BAD


def parse_counts(cells: pd.Series) -> pd.DataFrame:
    """Report form 2 counts: columns ``value`` (int64), ``bad`` (bool), ``given`` (bool)."""
    code = map_distinct(cells, _count_code, _BLANK, dtype=np.int64)
    return pd.DataFrame(
        {"value": np.where(code >= 0, code, 0), "bad": code == _BAD, "given": code >= 0},
        index=cells.index,
    )


_YEAR = re.compile(r"(?:(?:" + re.escape(norm(vocab.COL_YEAR)) + "|" + r"\.?".join(map(re.escape, vocab.YEAR_ERAS[0].rstrip(".").split("."))) + r"\.?) ?)*([0-9]{4})")


def _whole(num: float | int) -> int | None:
    """A numeric cell as a whole number; None for a fraction, NaN or infinity."""
    if isinstance(num, float) and not (num == num and abs(num) != float("inf") and num.is_integer()):
        return None
    return int(num)


def _year(v: Any) -> int:
    if isinstance(v, bool | np.bool_) or _is_datelike(v):
        return -1
    num = _number(v)
    if num is not None:
        y = _whole(num)
        if y is None or not 1000 <= y <= 9999:
            return -1
    else:
        m = _YEAR.fullmatch(_text(v))
        if m is None:
            return -1
        y = int(m.group(1))
    return y + 543 if y < 2400 else y


def _int_or_na(code: np.ndarray, index: pd.Index, name: Any) -> pd.Series:
    arr = pd.array(np.where(code < 0, 0, code), dtype="Int64")
    arr[code < 0] = pd.NA
    return pd.Series(arr, index=index, name=name)


def parse_years(cells: pd.Series) -> pd.Series:
    """Fiscal years (BE) as Int64; NA is a ``bad_year``."""
    return _int_or_na(map_distinct(cells, _year, -1, dtype=np.int64), cells.index, cells.name)


_ROUND = re.compile(r"(?:" + re.escape(norm(vocab.COL_ROUND)) + r" ?)?(6|12) ?" + re.escape(norm(vocab.H_MONTH)))
_ROUND_OF = {"6": vocab.ROUND_6, "12": vocab.ROUND_12}


def _round(v: Any) -> str | None:
    if not isinstance(v, str | list | tuple):
        return None  # a number (a bare 6), a bool or a date is never a round
    m = _ROUND.fullmatch(_text(v))
    return None if m is None else _ROUND_OF[m.group(1)]


def parse_rounds(cells: pd.Series) -> pd.Series:
    """Rounds as ``vocab.ROUND_6`` / ``vocab.ROUND_12``; None is a ``bad_round``."""
    return pd.Series(map_distinct(cells, _round, None), index=cells.index, name=cells.name, dtype=object)


_MEASURE = re.compile(r"(?:" + re.escape(norm(vocab.COL_MEASURE)) + r" ?)?([0-9]{1,4})")


def _measure(v: Any, n: int = 7) -> int:
    if isinstance(v, bool | np.bool_) or _is_datelike(v):
        return -1
    num = _number(v)
    if num is not None:
        k = _whole(num)
        return k if k is not None and 1 <= k <= n else -1
    m = _MEASURE.fullmatch(_text(v))
    if m is None or m.group(1).startswith("0"):
        return -1
    k = int(m.group(1))
    return k if 1 <= k <= n else -1


def parse_measures(cells: pd.Series, n: int = 7) -> pd.Series:
    """Measure numbers 1-N as Int64 (N: the agency's measures, 7 by default); NA is a ``bad_measure``."""
    fn = _measure if n == 7 else (lambda v: _measure(v, n))
    return _int_or_na(map_distinct(cells, fn, -1, dtype=np.int64), cells.index, cells.name)


_NOT_DASH_OR_SPACE = re.compile("[^ " + re.escape(_DASHES) + "]")


def _reported(v: Any) -> bool:
    return _NOT_DASH_OR_SPACE.search(_text(v)) is not None


def is_reported(cells: pd.Series) -> pd.Series:
    """``ผลการดำเนินงาน`` is neither blank nor only dashes."""
    return pd.Series(
        map_distinct(cells, _reported, False, dtype=bool), index=cells.index, name=cells.name, dtype=bool
    )


_URL = re.compile(r"(?i)https?://([^/?#]*)(?:[/?#].*)?", re.DOTALL)
_PORT = re.compile(r"(.*?)(?::[0-9]*)?", re.DOTALL)


def _url_ok(token: str) -> bool:
    m = _URL.fullmatch(token)
    if m is None:
        return False
    host = _PORT.fullmatch(m.group(1).rpartition("@")[2]).group(1)  # type: ignore[union-attr]
    labels = host.split(".")
    return len(labels) >= 2 and all(labels) and ":" not in host


def bad_url_tokens(text: str) -> list[str]:
    """The URL-like tokens of an evidence text that are not valid http(s) URLs, in order."""
    bad = []
    for raw in copied(text if isinstance(text, str) else cell_to_text(text)).split():
        token = raw.rstrip(".,;:)").lstrip("(")
        low = token.lower()
        if (low.startswith(("http", "www.")) or "://" in token) and not _url_ok(token):
            bad.append(token)
    return bad


def bad_url_series(cells: pd.Series) -> pd.Series:
    """:func:`bad_url_tokens` of every cell (cell to text first): a Series of (fresh) lists."""
    per_row = map_distinct(cells, lambda v: tuple(bad_url_tokens(cell_to_text(v))), ())
    return pd.Series([list(x) for x in per_row], index=cells.index, name=cells.name, dtype=object)
