"""Cell-level text rules of CONTRACT section 6: "Cell to text", rule T and "Copied text".

Scalar functions (:func:`cell_to_text`, :func:`norm`, :func:`copied`) define the rules; the
Series functions apply them to each *distinct* cell once (:func:`factorize_array`) and map
the results back by code, so a column of 650,000 cells with a few thousand distinct values
costs a few thousand rule evaluations.

Nothing here raises on a cell value and nothing mutates its input.

Interpretation choices (also listed in the README):

* ``cell_to_text``: a whole float is written as an integer (``12.0`` -> ``12``, ``-0.0`` ->
  ``0``), other finite floats in Python's shortest round-trip form (``12.5``, ``1e-05``);
  ``nan``/``NaT``/``pd.NA``/``None`` -> ``""``; ``inf`` -> ``inf``; a datetime is written with its
  own wall-clock time (an aware datetime is *not* converted), a date as ``YYYY-MM-DD 00:00:00``;
  a list or tuple (a Forms checkbox answer) is its items' texts joined with ``", "``; anything
  else is ``str(value)``.
* ``norm`` (rule T), in the contract's order, with three details that make T idempotent
  (``norm(norm(x)) == norm(x)``, checked by property tests): the invisible characters are removed
  *before* NFKC (NFKC never produces them, so this is the same removal, but one of them can no
  longer block a canonical composition); after the sara am repair has moved a tone mark, NFC puts
  the combining marks back in canonical order (NFC, unlike NFKC, leaves ำ whole); and when full
  case folding yields text that NFKC would change again (``J`` + caron -> ``j`` + caron, Greek
  U+0345 ...), T is repeated until nothing changes. ``ํ`` + tone + ``า`` becomes tone + ``ำ``;
  with anything else between (a space, two tone marks) nothing is repaired. "White space" is what
  ``str.isspace`` says (NBSP, U+3000, U+2028/U+2029, U+001C-U+001F ... included; U+200B is one
  of the removed characters, not white space). Only the Thai digits are mapped (not Arabic-Indic).
* Control characters (v4): T and copied text remove U+0000-U+0008, U+000E-U+001F,
  U+007F-U+0084 and U+0086-U+009F (so U+001C-U+001F are removed, not white space) and Excel's
  ``_xHHHH_`` escapes (hex in either case) of U+0000-U+001F and U+007F-U+009F; copied text keeps
  ``_x000A_`` and ``_x0009_`` as written (escapes of LF and TAB, which it keeps). Removal is
  repeated until nothing is left to remove (a removal can join the pieces of an escape), before
  and after NFKC (which makes ``_x0007_`` of its full-width form).
* ``copied``: line breaks are every boundary of ``str.splitlines`` left after the removal
  (``\\r\\n``, ``\\r``, ``\\n``, ``\\v``, ``\\f``, U+0085, U+2028, U+2029) and each becomes one LF; each line is
  trimmed and its inner runs of white space become one space; blank lines inside the text are
  kept as they are (paragraph breaks), blank lines at the start and the end are dropped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from core.vocab import NIKHAHIT, NIKHAHIT_SARA_AA_RE, SARA_AM_REPAIR, THAI_DIGIT_CLASS

try:  # pandas' hash table of Python objects (stable for years; pd.factorize is the fallback)
    from pandas._libs.hashtable import PyObjectHashTable as _PyObjectHashTable
except ImportError:  # pragma: no cover
    _PyObjectHashTable = None

__all__ = [
    "cell_to_text",
    "norm",
    "copied",
    "norm_series",
    "copied_series",
    "factorize_cells",
    "factorize_array",
    "hash_factorize",
    "map_distinct",
    "norm_codes",
    "any_unsafe",
    "cell_safe",
    "CELL_LIMIT",
    "ELLIPSIS",
    "is_cut",
]

# --- scalar rules ---------------------------------------------------------------------

_THAI_DIGITS = {0x0E50 + i: 0x30 + i for i in range(10)}
_INVISIBLE = "\u00ad\u200b-\u200f\u2060\ufeff"
# the control characters that are not white space (T removes them; the white-space ones,
# U+0009-U+000D and U+0085, are white space in T and line breaks or blanks in copied text)
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
# Excel's _xHHHH_ escapes of the control characters U+0000-U+001F and U+007F-U+009F (either case)
_ESCAPE_ANY = r"_x00(?:[01][0-9A-Fa-f]|7[Ff]|[89][0-9A-Fa-f])_"
# ... and of those copied text removes: all but LF (000A) and TAB (0009), which stay as written
_ESCAPE_COPIED = r"_x00(?:0[0-8B-Fb-f]|1[0-9A-Fa-f]|7[Ff]|[89][0-9A-Fa-f])_"
#: what rule T removes before anything else (invisible characters, controls, escapes)
_REMOVED_T = re.compile(f"[{_INVISIBLE}{_CONTROLS}]|{_ESCAPE_ANY}")
#: what copied text removes (the same, except the escapes of LF and TAB)
_REMOVED_COPIED = re.compile(f"[{_INVISIBLE}{_CONTROLS}]|{_ESCAPE_COPIED}")
_THAI_DIGIT_RE = re.compile(THAI_DIGIT_CLASS)
# ํ (nikhahit) + optional tone mark + า (sara aa) -> tone mark + ำ (sara am)
_SARA_AM = re.compile(NIKHAHIT_SARA_AA_RE)


def _float_text(f: float) -> str:
    if f != f:
        return ""
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if f.is_integer():
        return str(int(f))
    return repr(f)


def _datetime_text(v: datetime) -> str:
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
        f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}"
    )


def cell_to_text(v: Any) -> str:
    """Rule "Cell to text": the text of one raw cell (see the module notes)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool | np.bool_):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        return _float_text(float(v))
    if isinstance(v, Decimal | Fraction):
        try:
            if isinstance(v, Decimal) and not v.is_finite():
                return "" if v.is_nan() else ("inf" if v > 0 else "-inf")
            if v == int(v):
                return str(int(v))
            return _float_text(float(v))
        except (ValueError, OverflowError, ArithmeticError):
            return str(v)
    if isinstance(v, np.datetime64):
        if np.isnat(v):
            return ""
        try:
            v = pd.Timestamp(v)
        except (ValueError, OverflowError):
            return str(v)
    if isinstance(v, datetime):
        return _datetime_text(v)
    if isinstance(v, date):
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d} 00:00:00"
    if isinstance(v, list | tuple):
        return ", ".join(cell_to_text(item) for item in v)
    try:
        return str(v)
    except Exception:  # noqa: BLE001 - a broken __str__ must not stop a sync
        return ""


def _remove(s: str, removed: re.Pattern[str]) -> str:
    """``removed`` taken out until nothing is left to take out: removing a control character can
    join the pieces of an escape (``_x00<U+0001>07_``), and removing an escape can join another."""
    while True:
        out = removed.sub("", s)
        if out == s:
            return s
        s = out


def _clean(s: str, removed: re.Pattern[str] = _REMOVED_T) -> str:
    """The steps T and Copied text share: invisible and control characters and Excel's escapes of
    control characters (``removed``), NFKC, sara am.

    They are removed *before* NFKC: otherwise one of them could block a composition and a second
    application of T would give a different text; and again after it, as long as NFKC makes
    something to remove (full-width ``＿ｘ０００７＿`` is ``_x0007_``). ``str.translate`` is slow on
    non-ASCII text, hence the search-first regular expressions.
    """
    if removed.search(s) is not None:
        s = _remove(s, removed)
    s = unicodedata.normalize("NFKC", s)
    while removed.search(s) is not None:
        s = unicodedata.normalize("NFKC", _remove(s, removed))
    if NIKHAHIT in s:
        repaired = _SARA_AM.sub(SARA_AM_REPAIR, s)
        if repaired != s:
            # moving the tone mark can put it after a mark of a higher combining class; NFC puts
            # the marks back in canonical order and, unlike NFKC, leaves ำ whole
            s = unicodedata.normalize("NFC", repaired)
    return s


def _t_before_folding(s: str) -> str:
    """Rule T up to (not including) case folding."""
    s = " ".join(_clean(s).split())
    if _THAI_DIGIT_RE.search(s) is not None:
        s = s.translate(_THAI_DIGITS)
    return s


def _t_full(s: str) -> str:
    """Rule T on non-ASCII text, repeated in the rare case that folding is not NFKC-stable."""
    before = _t_before_folding(s)
    folded = before.casefold()
    if folded != before and not unicodedata.is_normalized("NFKC", folded):
        # case folding can make text that NFKC changes again (J + caron -> j + caron -> ǰ)
        for _ in range(8):
            again = _t_before_folding(folded).casefold()
            if again == folded:
                break
            folded = again
    return folded


def norm(s: str) -> str:
    """Rule T: the form of a text used for every comparison."""
    if not isinstance(s, str):
        s = cell_to_text(s)
    if s.isascii() and _REMOVED_T.search(s) is None:
        # NFKC, the invisible characters, sara am and Thai digits cannot occur in ASCII
        return " ".join(s.split()).lower()
    return _t_full(s)


#: the most characters a spreadsheet cell holds (Excel and Google Sheets)
CELL_LIMIT: Final = 32_767
#: what marks a copied text cut to ``CELL_LIMIT``
ELLIPSIS: Final = "\u2026"


def copied(s: str) -> str:
    """Rule "Copied text": like T, but line breaks are kept and digits and case are not touched.

    A result longer than ``CELL_LIMIT`` characters is cut to its first ``CELL_LIMIT - 1`` plus
    ``…`` (the caller that copies a value into the master reports the cut as ``text_too_long``,
    see :func:`is_cut`). ``copied(copied(s)) == copied(s)`` also for a cut text: NFKC makes the
    ``…`` three dots, and the second cut falls just before them."""
    out = _copied_uncut(s)
    if len(out) > CELL_LIMIT:
        return out[: CELL_LIMIT - 1] + ELLIPSIS
    return out


def is_cut(original: Any, result: str) -> bool:
    """Whether ``result == copied(original)`` was cut to ``CELL_LIMIT`` (``text_too_long``)."""
    return len(result) == CELL_LIMIT and result.endswith(ELLIPSIS) and len(_copied_uncut(original)) > CELL_LIMIT


def _copied_uncut(s: Any) -> str:
    if not isinstance(s, str):
        s = cell_to_text(s)
    if not s.isascii() or _REMOVED_COPIED.search(s) is not None:
        s = _clean(s, _REMOVED_COPIED)
    lines = [" ".join(line.split()) for line in s.splitlines()]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


_UNSAFE = re.compile(f"[{_CONTROLS}\r\x0b\x0c\x85]|{_ESCAPE_COPIED}")


def any_unsafe(s: str) -> bool:
    """Whether :func:`cell_safe` would change ``s`` (or any of several texts joined by LF, which
    is itself safe and cannot complete an escape across two texts)."""
    return _UNSAFE.search(s) is not None


def cell_safe(s: str) -> str:
    """Text as a master cell may hold it: no control character but LF and TAB, and no Excel
    ``_xHHHH_`` escape of one (CONTRACT section 6, copied text). A CR LF or CR becomes LF; the
    other controls and the escapes are removed (repeatedly, as in :func:`copied`). Text that
    has gone through :func:`copied` is returned unchanged; this is the last guard of the master
    cells (``core.columns.MasterTable``), so one cell can never block a write."""
    if _UNSAFE.search(s) is None:
        return s
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _remove(s, _UNSAFE)


# --- distinct values ------------------------------------------------------------------

# kinds for which pd.factorize cannot merge cells that the rules tell apart
_SAFE_KINDS = frozenset(
    {"string", "floating", "integer", "mixed-integer-float", "boolean", "empty", "datetime", "datetime64"}
)
_TRUE_KEY = ("\x00bool", True)
_FALSE_KEY = ("\x00bool", False)


def _freeze(v: Any) -> Any:
    """A hashable key for a cell that keeps apart what equality would merge (True vs 1)."""
    if isinstance(v, bool | np.bool_):
        return _TRUE_KEY if v else _FALSE_KEY
    if isinstance(v, list | tuple):
        return ("\x00seq", tuple(_freeze(i) for i in v))
    if type(v) is date:
        return ("\x00date", v.toordinal())
    try:
        hash(v)
    except TypeError:
        return ("\x00obj", type(v).__name__, repr(v))
    return v


def _list_key(v: Any) -> Any:
    if all(type(i) is str for i in v):
        return "\x00list\x1f" + "\x1f".join(v)
    return _freeze(v)


def factorize_cells(cells: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """``(codes, uniques)``: each distinct raw cell once, in order of first appearance.

    Blank cells (None, NaN, NaT, pd.NA) get code -1. Unlike a plain ``pd.factorize``, booleans are
    kept apart from the numbers 1 and 0, ``date`` from ``datetime``, and lists (unhashable) work.
    """
    codes, uniques = factorize_array(cells)
    return codes, uniques.tolist()


def hash_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of an object array with Python's own hashing (codes in order of first
    appearance, -1 for None/NaN/NaT/NA). For text, pandas hashes a UTF-8 copy of each string,
    which it makes and keeps on every string object: three to five times slower on Thai text,
    and a second copy of it in memory. Python's hash is computed once per object and cached."""
    if _PyObjectHashTable is None or values.dtype != object:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=object)
    uniques, codes = _PyObjectHashTable(max(len(values), 1)).factorize(values, na_sentinel=-1)
    return np.asarray(codes, dtype=np.intp), uniques


def _objects(values: Any, n: int) -> np.ndarray:
    """A 1-d object array of n Python objects (lists and tuples stay elements)."""
    return np.fromiter(values, dtype=object, count=n)


def factorize_array(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`factorize_cells`, with the uniques as a 1-d object array."""
    if cells.dtype != object:
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        return np.asarray(codes, dtype=np.intp), _objects(iter(uniques), len(uniques))
    arr = cells.to_numpy(dtype=object, copy=False)
    if len(arr) == 0:
        return np.zeros(0, dtype=np.intp), np.empty(0, dtype=object)
    if infer_dtype(arr, skipna=True) in _SAFE_KINDS:
        return hash_factorize(arr)
    # slow path: mixed types; give the troublesome ones explicit keys
    types = np.frompyfunc(type, 1, 1)(arr)
    tcodes, tuniques = pd.factorize(types)
    special = [i for i, t in enumerate(tuniques) if _needs_key(t)]
    keys = arr
    if special:
        idx = np.flatnonzero(np.isin(tcodes, special))
        keys = arr.copy()
        keys[idx] = _objects(
            (
                ((_TRUE_KEY if v else _FALSE_KEY) if isinstance(v, bool | np.bool_)
                 else (_list_key(v) if type(v) is list else _freeze(v)))
                for v in arr[idx].tolist()
            ),
            len(idx),
        )
    codes, _ = hash_factorize(keys)
    # codes are numbered in order of first appearance: first occurrences are new running maxima
    runmax = np.maximum.accumulate(codes)
    first = np.empty(len(codes), dtype=bool)
    first[0] = codes[0] >= 0
    first[1:] = codes[1:] > runmax[:-1]
    return codes, arr[np.flatnonzero(first)]


def _needs_key(t: type) -> bool:
    if issubclass(t, bool | np.bool_ | list | tuple) or t is date:
        return True
    return getattr(t, "__hash__", None) is None


def map_distinct(
    cells: pd.Series, fn: Callable[[Any], Any], blank: Any, dtype: Any = object
) -> np.ndarray:
    """``fn`` applied to each distinct cell once, spread back over the rows (``blank`` for -1)."""
    codes, uniques = factorize_array(cells)
    n = len(uniques)
    out = np.empty(n + 1, dtype=dtype)
    if n:
        out[:n] = np.fromiter((fn(v) for v in uniques.tolist()), dtype=dtype, count=n)
    out[n] = blank
    return out[codes]


def norm_codes(codes: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    """Per cell (``codes``, ``uniques``: from :func:`factorize_array`), an int code that is equal
    exactly for cells equal after cell to text and rule T (a blank cell's text is empty).
    T is computed once per distinct cell."""
    texts = np.empty(len(uniques) + 1, dtype=object)
    texts[:-1] = [_norm_cell(v) for v in uniques.tolist()]
    texts[-1] = ""
    tcodes, _ = hash_factorize(texts)
    return np.asarray(tcodes, dtype=np.int64)[codes]  # code -1 (blank) takes the last entry


# --- Series rules ---------------------------------------------------------------------


def _norm_cell(v: Any) -> str:
    return norm(v if isinstance(v, str) else cell_to_text(v))


def _copied_cell(v: Any) -> str:
    return copied(v if isinstance(v, str) else cell_to_text(v))


def norm_series(cells: pd.Series) -> pd.Series:
    """Cell to text, then T, for every cell (object dtype, same index and name)."""
    return pd.Series(map_distinct(cells, _norm_cell, ""), index=cells.index, name=cells.name, dtype=object)


def copied_series(cells: pd.Series) -> pd.Series:
    """Cell to text, then Copied text, for every cell (object dtype, same index and name)."""
    return pd.Series(
        map_distinct(cells, _copied_cell, ""), index=cells.index, name=cells.name, dtype=object
    )
