"""A1 notation: parsing ranges the way the Sheets API does, and printing them back."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^([A-Za-z]{0,3})(\d*)$")
_A1_LIKE = re.compile(r"^[A-Za-z]{1,3}\d+$")
_R1C1_LIKE = re.compile(r"^[Rr]\d*[Cc]\d*$")
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class RangeError(ValueError):
    """The text is not a range the API can parse (``Unable to parse range: ...``)."""


def col_to_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def index_to_col(index: int) -> str:
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def needs_quotes(title: str) -> bool:
    """Google quotes a sheet title in A1 output unless it is a plain identifier.

    Plain: ASCII letters, digits and underscore, not starting with a digit, and not
    readable as a cell reference (``D3``) or an R1C1 reference (``R1C1``).
    Anything else (spaces, punctuation, Thai, emoji) is quoted.
    """
    if not _PLAIN.match(title):
        return True
    return bool(_A1_LIKE.match(title) or _R1C1_LIKE.match(title))


def quote_title(title: str, force: bool = False) -> str:
    if force or needs_quotes(title):
        return "'" + title.replace("'", "''") + "'"
    return title


def cell_a1(row: int, col: int) -> str:
    return f"{index_to_col(col)}{row + 1}"


def grid_a1(r0: int, r1: int, c0: int, c1: int) -> str:
    """A1 text of the half-open box [r0, r1) x [c0, c1); one cell prints as ``A1``."""
    first = cell_a1(r0, c0)
    if r1 - r0 == 1 and c1 - c0 == 1:
        return first
    return f"{first}:{cell_a1(r1 - 1, c1 - 1)}"


@dataclass(frozen=True)
class ParsedRange:
    """A range as written: the sheet part (None = first sheet) and optional bounds.

    Bounds are 0-based, ``*_end`` exclusive; an end of ``None`` runs to the grid's end.
    ``named`` is set when the text named no sheet and is not A1 (a named range or a
    sheet title - resolved against the spreadsheet later).
    """

    sheet: str | None
    row_start: int = 0
    row_end: int | None = None
    col_start: int = 0
    col_end: int | None = None
    whole: bool = False  # the text named only a sheet (or a name)
    quoted: bool = False
    raw: str = ""


def _split_sheet(text: str) -> tuple[str | None, str | None, bool]:
    """Return (sheet, cells, quoted); sheet None when the text has no ``!``."""
    if text.startswith("'"):
        i = 1
        buf = []
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    buf.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return "".join(buf), None, True
                if rest.startswith("!"):
                    return "".join(buf), rest[1:], True
                raise RangeError(text)
            buf.append(ch)
            i += 1
        raise RangeError(text)
    if "!" in text:
        sheet, _, cells = text.rpartition("!")
        return sheet, cells, False
    return None, text, False


def _parse_ref(ref: str) -> tuple[int | None, int | None]:
    m = _CELL.match(ref)
    if not m or (not m.group(1) and not m.group(2)):
        raise RangeError(ref)
    col = col_to_index(m.group(1)) if m.group(1) else None
    row = int(m.group(2)) - 1 if m.group(2) else None
    if row is not None and row < 0:
        raise RangeError(ref)
    return row, col


def parse_cells(cells: str) -> tuple[int, int | None, int, int | None]:
    """``A1``, ``A1:B2``, ``A:B``, ``1:2``, ``A5:B`` -> (r0, r1, c0, c1); r1/c1 None = to the end."""
    if ":" in cells:
        a, _, b = cells.partition(":")
        ra, ca = _parse_ref(a)
        rb, cb = _parse_ref(b)
        if (ca is None) != (cb is None) and (ra is None or rb is None):
            raise RangeError(cells)
        if ca is not None and cb is not None and ca > cb:
            ca, cb = cb, ca
        if ra is not None and rb is not None and ra > rb:
            ra, rb = rb, ra
        r0 = ra if ra is not None else 0
        r1 = rb + 1 if rb is not None else None
        c0 = ca if ca is not None else 0
        c1 = cb + 1 if cb is not None else None
        return r0, r1, c0, c1
    row, col = _parse_ref(cells)
    if row is None or col is None:
        raise RangeError(cells)
    return row, row + 1, col, col + 1


def parse_range(text: str) -> ParsedRange:
    if text is None or text.strip() == "":
        raise RangeError(text or "")
    sheet, cells, quoted = _split_sheet(text)
    if sheet is not None and cells is None:
        return ParsedRange(sheet=sheet, whole=True, quoted=quoted, raw=text)
    if sheet is None:
        assert cells is not None
        try:
            r0, r1, c0, c1 = parse_cells(cells)
        except RangeError:
            # a bare sheet title or a named range
            return ParsedRange(sheet=cells, whole=True, raw=text)
        if ":" not in cells and not _A1_LIKE.match(cells):
            return ParsedRange(sheet=cells, whole=True, raw=text)
        return ParsedRange(None, r0, r1, c0, c1, raw=text)
    assert cells is not None
    r0, r1, c0, c1 = parse_cells(cells)
    return ParsedRange(sheet, r0, r1, c0, c1, quoted=quoted, raw=text)
