"""Cell values: python <-> Sheets API (ExtendedValue), USER_ENTERED parsing, rendering, formulas."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

EPOCH = dt.datetime(1899, 12, 30)
DATE_TYPES = {"DATE", "TIME", "DATE_TIME"}
DEFAULT_PATTERNS = {"DATE": "M/d/yyyy", "TIME": "h:mm:ss am/pm", "DATE_TIME": "M/d/yyyy H:mm:ss"}


@dataclass(frozen=True)
class Formula:
    """A python-side marker to seed a formula cell: ``Formula("=SUM(A1:A3)")``."""

    text: str


def json_number(x: float | int) -> float | int:
    """Google's JSON prints integral doubles without ``.0``."""
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x
    if math.isfinite(x) and x == int(x) and abs(x) < 2**53:
        return int(x)
    return x


def to_serial(value: dt.datetime | dt.date | dt.time, tz: str) -> float:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
        return (value - EPOCH).total_seconds() / 86400.0
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    secs = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return secs / 86400.0


def from_serial(serial: float) -> dt.datetime:
    return EPOCH + dt.timedelta(days=serial)


def python_to_cell(value: Any, tz: str) -> dict | None:
    """A python value as CellData (userEnteredValue + a number format for dates)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, Formula):
        return {"userEnteredValue": {"formulaValue": value.text}}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, str):
        if value == "":
            return None
        return {"userEnteredValue": {"stringValue": value}}
    if isinstance(value, dt.datetime):
        kind = "DATE_TIME"
    elif isinstance(value, dt.date):
        kind = "DATE"
    elif isinstance(value, dt.time):
        kind = "TIME"
    else:
        raise TypeError(f"cannot store {type(value).__name__} in a cell: {value!r}")
    return {
        "userEnteredValue": {"numberValue": to_serial(value, tz)},
        "userEnteredFormat": {"numberFormat": {"type": kind}},
    }


# --------------------------------------------------------------------------- USER_ENTERED parsing

_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PERCENT = re.compile(r"^([+-]?(\d+\.?\d*|\.\d+))\s*%$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_US_DT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_user_entered(value: Any) -> dict | None:
    """What Sheets stores when ``value`` is typed into a cell (en_US locale)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    s = str(value)
    if s == "":
        return {}
    if s.startswith("="):
        return {"userEnteredValue": {"formulaValue": s}}
    if s.startswith("'"):
        return {"userEnteredValue": {"stringValue": s[1:]}}
    t = s.strip()
    if t.upper() in ("TRUE", "FALSE"):
        return {"userEnteredValue": {"boolValue": t.upper() == "TRUE"}}
    if _NUM.match(t):
        return {"userEnteredValue": {"numberValue": float(t)}}
    if _THOUSANDS.match(t):
        return {
            "userEnteredValue": {"numberValue": float(t.replace(",", ""))},
            "userEnteredFormat": {"numberFormat": {"type": "NUMBER", "pattern": "#,##0" + (".00" if "." in t else "")}},
        }
    m = _PERCENT.match(t)
    if m:
        return {
            "userEnteredValue": {"numberValue": float(m.group(1)) / 100},
            "userEnteredFormat": {"numberFormat": {"type": "PERCENT", "pattern": "0%"}},
        }
    try:
        m = _ISO_DT.match(t)
        if m:
            y, mo, d, h, mi, se = (int(g or 0) for g in m.groups())
            return _date_cell(dt.datetime(y, mo, d, h, mi, se), "DATE_TIME", "yyyy-mm-dd h:mm:ss")
        m = _ISO_DATE.match(t)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return _date_cell(dt.datetime(y, mo, d), "DATE", "yyyy-mm-dd")
        m = _US_DT.match(t)
        if m:
            mo, d, y, h, mi, se = (int(g or 0) for g in m.groups())
            return _date_cell(dt.datetime(y, mo, d, h, mi, se), "DATE_TIME", "M/d/yyyy H:mm:ss")
        m = _US_DATE.match(t)
        if m:
            mo, d, y = (int(g) for g in m.groups())
            return _date_cell(dt.datetime(y, mo, d), "DATE", "M/d/yyyy")
        m = _TIME.match(t)
        if m and int(m.group(1)) < 24:
            h, mi, se = (int(g or 0) for g in m.groups())
            return _date_cell(EPOCH.replace(hour=h, minute=mi, second=se), "TIME", "h:mm:ss am/pm")
    except ValueError:
        pass
    return {"userEnteredValue": {"stringValue": s}}


def _date_cell(value: dt.datetime, kind: str, pattern: str) -> dict:
    serial = (value - EPOCH).total_seconds() / 86400.0
    return {
        "userEnteredValue": {"numberValue": serial},
        "userEnteredFormat": {"numberFormat": {"type": kind, "pattern": pattern}},
    }


def parse_raw(value: Any) -> dict | None:
    """RAW input: strings stay strings (no formulas, no dates)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    s = str(value)
    if s == "":
        return {}
    return {"userEnteredValue": {"stringValue": s}}


# --------------------------------------------------------------------------- rendering


def format_general(x: float) -> str:
    """The 'automatic' number format of Sheets (approximation)."""
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if not math.isfinite(x):
        return "#NUM!"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    ax = abs(x)
    if ax >= 1e15 or ax < 1e-9:
        mant, _, exp = f"{x:.5E}".partition("E")
        mant = mant.rstrip("0").rstrip(".")
        return f"{mant}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    digits = max(0, 10 - max(0, int(math.log10(ax)) + 1)) if ax >= 1 else 10
    out = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return out if out not in ("-0", "") else "0"


_DATE_TOKENS = re.compile(
    r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|HH|H|ss|s|am/pm|AM/PM|a/p|\.000|\.00|\.0|\"[^\"]*\"|\\.|.",
    re.IGNORECASE,
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def format_date(serial: float, pattern: str) -> str:
    value = from_serial(round(serial * 86400) / 86400)
    tokens = _DATE_TOKENS.findall(pattern)
    has_ampm = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    out = []
    prev_time = False
    for i, tok in enumerate(tokens):
        low = tok.lower()
        nxt = next((t.lower() for t in tokens[i + 1:] if t.strip() and t not in ":/-. "), "")
        if low == "yyyy":
            out.append(f"{value.year:04d}")
        elif low == "yy":
            out.append(f"{value.year % 100:02d}")
        elif low == "mmmm":
            out.append(_MONTHS[value.month - 1])
        elif low == "mmm":
            out.append(_MONTHS[value.month - 1][:3])
        elif low in ("mm", "m"):
            minute = prev_time or nxt.startswith("s")
            n = value.minute if minute else value.month
            out.append(f"{n:02d}" if low == "mm" else str(n))
        elif low == "dddd":
            out.append(_DAYS[value.weekday()])
        elif low == "ddd":
            out.append(_DAYS[value.weekday()][:3])
        elif low in ("dd", "d"):
            out.append(f"{value.day:02d}" if low == "dd" else str(value.day))
        elif low in ("hh", "h"):
            h = value.hour
            if has_ampm:
                h = h % 12 or 12
            out.append(f"{h:02d}" if low == "hh" else str(h))
            prev_time = True
            continue
        elif low in ("ss", "s"):
            out.append(f"{value.second:02d}" if low == "ss" else str(value.second))
        elif low in ("am/pm", "a/p"):
            pm = value.hour >= 12
            text = ("PM" if pm else "AM") if low == "am/pm" else ("P" if pm else "A")
            out.append(text if tok[0].isupper() else text.lower() if low == "a/p" else text)
        elif low.startswith("."):
            n = len(low) - 1
            out.append("." + f"{value.microsecond / 1e6:.{n}f}"[2:])
        elif tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        else:
            out.append(tok)
            if tok not in ":":
                prev_time = prev_time and tok == ":"
            continue
        prev_time = low in ("hh", "h") or (prev_time and low in ("mm", "m"))
    return "".join(out)


_NUM_PATTERN = re.compile(r"^(?P<pre>[^0#]*)(?P<int>[#0,]+)(?:\.(?P<dec>[0#]+))?(?P<post>.*)$")


def format_number(x: float, pattern: str) -> str:
    pattern = pattern.split(";")[0]
    m = _NUM_PATTERN.match(pattern)
    if not m:
        return format_general(x)
    pre, post = m.group("pre").replace('"', ""), m.group("post").replace('"', "")
    if "%" in post:
        x = x * 100
    dec = m.group("dec") or ""
    mand = dec.count("0")
    text = f"{abs(x):.{len(dec)}f}"
    if len(dec) > mand:
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * max(0, mand - len(frac))
        text = whole + ("." + frac if frac else "")
    if "," in m.group("int"):
        whole, dot, frac = text.partition(".")
        text = f"{int(whole):,}" + dot + frac
    sign = "-" if x < 0 and float(text.replace(",", "")) != 0 else ""
    return f"{sign}{pre}{text}{post}"


def format_value(ev: dict, number_format: dict | None) -> str:
    """formattedValue of an effective value under a number format."""
    if "stringValue" in ev:
        return ev["stringValue"]
    if "boolValue" in ev:
        return "TRUE" if ev["boolValue"] else "FALSE"
    if "errorValue" in ev:
        return ERROR_TEXT.get(ev["errorValue"].get("type", ""), "#ERROR!")
    x = ev.get("numberValue", 0)
    nf = number_format or {}
    kind = nf.get("type")
    pattern = nf.get("pattern")
    if kind in DATE_TYPES:
        return format_date(x, pattern or DEFAULT_PATTERNS[kind])
    if pattern and kind not in (None, "TEXT"):
        return format_number(x, pattern)
    if kind == "PERCENT":
        return format_number(x, "0.00%")
    return format_general(x)


ERROR_TEXT = {
    "DIVIDE_BY_ZERO": "#DIV/0!",
    "NAME": "#NAME?",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NUM": "#NUM!",
    "N_A": "#N/A",
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
}


# --------------------------------------------------------------------------- formulas


class FormulaError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<str>\"(?:[^\"]|\"\")*\")"
    r"|(?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z0-9_]+!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|(?P<op><>|<=|>=|[-+*/^&=<>(),%:]))"
)

RefResolver = Callable[[str | None, int, int, int, int], list[list[Any]]]


def _tokenize(text: str) -> list[tuple[str, str]]:
    pos = 0
    out: list[tuple[str, str]] = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise FormulaError("ERROR", f"Formula parse error at {text[pos:]!r}.")
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
    return out


class _Parser:
    """Recursive descent over Sheets' operator precedence: comparison < & < +- < */ < ^ < unary."""

    def __init__(self, tokens: list[tuple[str, str]], resolve: RefResolver):
        self.t = tokens
        self.i = 0
        self.resolve = resolve

    def peek(self) -> tuple[str, str] | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise FormulaError("ERROR", "Formula parse error.")
        self.i += 1
        return tok

    def expect(self, op: str) -> None:
        tok = self.take()
        if tok != ("op", op):
            raise FormulaError("ERROR", "Formula parse error.")

    def parse(self) -> Any:
        v = self.comparison()
        if self.peek() is not None:
            raise FormulaError("ERROR", "Formula parse error.")
        return v

    def comparison(self) -> Any:
        left = self.concat()
        while self.peek() in (("op", "="), ("op", "<>"), ("op", "<"), ("op", ">"), ("op", "<="), ("op", ">=")):
            op = self.take()[1]
            right = self.concat()
            a, b = _scalar(left), _scalar(right)
            if isinstance(a, str) and isinstance(b, str):
                a, b = a.lower(), b.lower()
            try:
                left = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
            except TypeError:
                left = {"=": False, "<>": True}.get(op, False)
        return left

    def concat(self) -> Any:
        left = self.additive()
        while self.peek() == ("op", "&"):
            self.take()
            right = self.additive()
            left = _text(_scalar(left)) + _text(_scalar(right))
        return left

    def additive(self) -> Any:
        left = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            right = self.term()
            a, b = _num(left), _num(right)
            left = a + b if op == "+" else a - b
        return left

    def term(self) -> Any:
        left = self.power()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            right = self.power()
            a, b = _num(left), _num(right)
            if op == "/":
                if b == 0:
                    raise FormulaError("DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
                left = a / b
            else:
                left = a * b
        return left

    def power(self) -> Any:
        left = self.unary()
        while self.peek() == ("op", "^"):
            self.take()
            left = _num(left) ** _num(self.unary())
        return left

    def unary(self) -> Any:
        if self.peek() in (("op", "-"), ("op", "+")):
            op = self.take()[1]
            v = _num(self.unary())
            return -v if op == "-" else v
        v = self.primary()
        if self.peek() == ("op", "%"):
            self.take()
            v = _num(v) / 100
        return v

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self.reference(text)
        if kind == "name":
            up = text.upper()
            if self.peek() == ("op", "("):
                self.take()
                args = []
                if self.peek() != ("op", ")"):
                    args.append(self.comparison())
                    while self.peek() == ("op", ","):
                        self.take()
                        args.append(self.comparison())
                self.expect(")")
                return _call(up, args)
            if up in ("TRUE", "FALSE"):
                return up == "TRUE"
            raise FormulaError("NAME", f"Unknown range name: '{text}'.")
        if (kind, text) == ("op", "("):
            v = self.comparison()
            self.expect(")")
            return v
        raise FormulaError("ERROR", "Formula parse error.")

    def reference(self, text: str) -> Any:
        from .a1 import parse_cells

        sheet = None
        if "!" in text:
            sheet, _, cells = text.rpartition("!")
            if sheet.startswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
        else:
            cells = text
        r0, r1, c0, c1 = parse_cells(cells.replace("$", ""))
        assert r1 is not None and c1 is not None
        grid = self.resolve(sheet, r0, r1, c0, c1)
        if ":" in cells:
            return _Range(grid)
        return grid[0][0]


class _Range:
    def __init__(self, grid: list[list[Any]]):
        self.grid = grid

    def flat(self) -> list[Any]:
        return [v for row in self.grid for v in row]


def _scalar(v: Any) -> Any:
    if isinstance(v, _Range):
        flat = v.flat()
        return flat[0] if flat else None
    return v


def _num(v: Any) -> float:
    v = _scalar(v)
    if v is None or v == "":
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v))
    except ValueError:
        raise FormulaError("VALUE", f"Function ADD parameter expects number values. But '{v}' is a text "
                           "and cannot be coerced to a number.") from None


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return format_general(v)
    return str(v)


def _numbers(args: list[Any]) -> list[float]:
    out: list[float] = []
    for a in args:
        if isinstance(a, _Range):
            out.extend(float(x) for x in a.flat() if isinstance(x, (int, float)) and not isinstance(x, bool))
        else:
            out.append(_num(a))
    return out


def _call(name: str, args: list[Any]) -> Any:
    if name == "SUM":
        return float(sum(_numbers(args)))
    if name == "AVERAGE":
        nums = _numbers(args)
        if not nums:
            raise FormulaError("DIVIDE_BY_ZERO", "Evaluation of function AVERAGE caused a divide by zero error.")
        return sum(nums) / len(nums)
    if name == "COUNT":
        return float(len(_numbers(args)))
    if name == "COUNTA":
        n = 0
        for a in args:
            n += sum(1 for x in a.flat() if x not in (None, "")) if isinstance(a, _Range) else 1
        return float(n)
    if name in ("MIN", "MAX"):
        nums = _numbers(args)
        return float((min if name == "MIN" else max)(nums)) if nums else 0.0
    if name == "IF":
        cond = _scalar(args[0]) if args else False
        truthy = bool(_num(cond)) if not isinstance(cond, str) else cond != ""
        if truthy:
            return args[1] if len(args) > 1 else True
        return args[2] if len(args) > 2 else False
    if name == "ROUND":
        digits = int(_num(args[1])) if len(args) > 1 else 0
        return float(round(_num(args[0]), digits))
    if name in ("CONCATENATE", "CONCAT"):
        return "".join(_text(_scalar(a)) for a in args)
    if name == "AND":
        return all(bool(_num(a)) for a in args)
    if name == "OR":
        return any(bool(_num(a)) for a in args)
    if name == "NOT":
        return not bool(_num(args[0]))
    if name == "LEN":
        return float(len(_text(_scalar(args[0]))))
    raise FormulaError("NAME", f"Unknown function: '{name.lower()}'.")


def evaluate_formula(text: str, resolve: RefResolver) -> dict:
    """Evaluate ``=...`` to an ExtendedValue (numberValue/stringValue/boolValue/errorValue)."""
    try:
        value = _scalar(_Parser(_tokenize(text[1:]), resolve).parse())
    except FormulaError as e:
        return {"errorValue": {"type": e.kind, "message": e.message}}
    except (RecursionError, OverflowError, ValueError, ZeroDivisionError) as e:
        return {"errorValue": {"type": "ERROR", "message": str(e)}}
    if value is None:
        return {"numberValue": 0}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def ev_python(ev: dict | None) -> Any:
    """An ExtendedValue as a python value (None for empty)."""
    if not ev:
        return None
    if "numberValue" in ev:
        return json_number(ev["numberValue"])
    if "stringValue" in ev:
        return ev["stringValue"]
    if "boolValue" in ev:
        return ev["boolValue"]
    if "errorValue" in ev:
        return ERROR_TEXT.get(ev["errorValue"].get("type", ""), "#ERROR!")
    if "formulaValue" in ev:
        return ev["formulaValue"]
    return None
