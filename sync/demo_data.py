"""The demo's data generator: realistic, messy Thai data, no product I/O (``sync.demo`` writes it).

:func:`generate_survey` builds the survey rows (vectorised: 650,000 rows take a few seconds) for
the demo, benchmarks and tests; :func:`write_survey_xlsx` and the report workbook makers lay them
out as xlsx files. Everything is derived from a seeded numpy Generator and fixed dates, so two
runs with the same arguments give byte-identical files and never depend on the wall clock.

The data exercises every rule of CONTRACT section 6: Thai and Arabic digits, BE and CE years,
serial numbers, datetime cells and many text date forms, decomposed sara am, invisible
characters, aliases, unknown and blank units, multi-select visitor types with free text that
contains commas, awareness answer variants and bad answers, exact duplicates, bad timestamps and
responses on both sides of the period boundaries; the report workbooks add title rows, Thai
digits in tab names, template rows, signature blocks, bad years/rounds/measures/numbers, total
mismatches, duplicate reports, good and bad evidence URLs and a tab missing a column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

import config
from core import vocab

if TYPE_CHECKING:
    from core.units import Registry

__all__ = [
    "BUNDLED_UNITS",
    "DEMO_END",
    "DEMO_NOW",
    "DEMO_START",
    "SURVEY_HEADERS",
    "SURVEY_TAB",
    "TIMEZONE",
    "generate_survey",
    "write_survey_xlsx",
]

TIMEZONE = "Asia/Bangkok"
_TZ = ZoneInfo(TIMEZONE)

#: The demo's survey covers fiscal years 2567 and 2568 (Bangkok wall-clock times).
DEMO_START = datetime(2023, 10, 1, 0, 0, 0)
DEMO_END = datetime(2025, 9, 30, 23, 59, 59)
#: The demo's "now": fixed, after DEMO_END, so nothing depends on the wall clock.
DEMO_NOW = datetime(2025, 10, 15, 9, 0, 0, tzinfo=_TZ)

SURVEY_TAB = vocab.DEMO_SURVEY_TAB
_T = vocab.DEFAULT_QUESTION_TITLES
#: Row 1 of the survey sheet, in the order of the Google Form.
SURVEY_HEADERS: tuple[str, ...] = (
    _T["timestamp"][0],
    *vocab.PERSONAL_TITLES,
    _T["unit"][0],
    _T["visitor_type"][0],
    _T["aware_news"][0],
    _T["aware_contact"][0],
    _T["aware_complaint"][0],
)
_COL_TS, _COL_UNIT, _COL_VT = SURVEY_HEADERS[0], _T["unit"][0], _T["visitor_type"][0]
_AWARE_COLS = (_T["aware_news"][0], _T["aware_contact"][0], _T["aware_complaint"][0])

BUNDLED_UNITS = Path(config.__file__).with_name("units.toml")

# --- vocabulary of the messy data ------------------------------------------------------------

_THAI_DIGITS = str.maketrans("0123456789", vocab.THAI_DIGITS)
_MONTHS_FULL = vocab.THAI_MONTHS  # the one copy of the Thai month tables (core/vocab.py)
_MONTHS_ABBR = vocab.MONTH_ABBR
_MONTHS_NODOT = tuple(m.replace(".", "") for m in _MONTHS_ABBR)
_MONTHS_PARTIAL = tuple(m[:-1] for m in _MONTHS_ABBR)  # last dot left out: "ต.ค"

_BAD_TIMESTAMPS = (
    None,
    "ไม่ระบุ",
    "31/2/2567 10:00",  # no such day
    "15/10/66 09:30",  # two-digit year
    "10/15/2023 9:30:00 AM",  # AM/PM
    "1/1/2542 08:00",  # 1999: before 2000
    "1/1/2600 10:00",  # 2057: in the future
    "2023/10/15 09:30",  # year first with slashes
    "15/10/2566 25:10",  # no such hour
    "15.10.2566",  # dots are no date separator
)

_UNKNOWN_UNITS = (
    "กองคลัง",
    "สำนักงานรัฐมนตรี",
    "กรมอุตุนิยมวิทยา",
    "กองกลง",
    "ศูนย์ปฏิบัติการต่อต้านทุจริต",
    "ฝ่ายบุคคล",
    "ไม่ทราบ",
    "-",
    "สำนักงานสถิติแห่งชาติ",
    "กองกฏหมาย",
)

# Free text typed into the form's "อื่นๆ" box: personal data, distinctive on purpose so that a
# privacy test can search every output for it.
_OTHER_FREE_TEXT = (
    "ผู้รับเหมาก่อสร้าง, ช่างไฟฟ้าภายนอก",
    "นักศึกษาฝึกงานภาคฤดูร้อน",
    "ตัวแทนบริษัทขนส่งพัสดุ",
    "ผู้สื่อข่าวอิสระ",
    "สัมภาษณ์เข้าทำงาน",
    "ญาติของผู้ปฏิบัติงาน",
    "วิทยากรรับเชิญภายนอก",
    "ผู้ตรวจสอบบัญชีภายนอก",
    "ยื่นเอกสารแทนนายจ้าง, รับเอกสารคืน",
    "ซ่อมเครื่องถ่ายเอกสาร",
)

_FIRST_NAMES = (
    ("สมชาย", "somchai"), ("สมหญิง", "somying"), ("วิภาวดี", "wipawadee"), ("ประเสริฐ", "prasert"),
    ("กิตติพงษ์", "kittipong"), ("ณัฐธิดา", "natthida"), ("ธนากร", "thanakorn"), ("พิมพ์ชนก", "pimchanok"),
    ("อนุชา", "anucha"), ("ศิริพร", "siriporn"), ("วรวุฒิ", "worawut"), ("จิราพร", "jiraporn"),
    ("ชัยวัฒน์", "chaiwat"), ("สุภาวดี", "supawadee"), ("ปิยะพงษ์", "piyapong"), ("กมลชนก", "kamonchanok"),
    ("นพดล", "noppadol"), ("รัตนาภรณ์", "rattanaporn"), ("ธีรศักดิ์", "teerasak"), ("อรอุมา", "onuma"),
    ("เอกชัย", "ekkachai"), ("ปวีณา", "paweena"), ("สุรเชษฐ์", "surachet"), ("ดวงพร", "duangporn"),
)
_SURNAMES = (
    ("ทดลองดี", "t"), ("ใจสมมติ", "j"), ("ตัวอย่างยิ่ง", "t"), ("มีสุขสมมติ", "m"), ("ศรีทดสอบ", "s"),
    ("ทองสมมติ", "t"), ("บุญตัวอย่าง", "b"), ("แสงทดลอง", "s"), ("วงศ์สมมติ", "w"), ("ดีตัวอย่าง", "d"),
    ("รักทดลอง", "r"), ("สุขสมมุติ", "s"), ("เจริญทดสอบ", "c"), ("พรหมตัวอย่าง", "p"),
)
_POSITIONS = (
    "ผู้จัดการฝ่ายขายภูมิภาค", "พนักงานบริษัทเอกชนทั่วไป", "นักศึกษาปริญญาโทสาขาบริหาร",
    "ข้าราชการบำนาญครู", "เจ้าของกิจการร้านค้าปลีก", "วิศวกรโครงการโทรคมนาคม",
    "นักวิชาการคอมพิวเตอร์ชำนาญการพิเศษ", "ที่ปรึกษาอิสระด้านไอที", "พนักงานขับรถส่งเอกสาร",
    "ผู้ประสานงานโครงการเอกชน", "อาจารย์มหาวิทยาลัยสมมติ", "นักข่าวภาคสนามสมมติ",
)
_ORGS = (
    "บริษัท ตัวอย่างการช่าง จำกัด", "บริษัท สมมติเทเลคอม จำกัด (มหาชน)", "ห้างหุ้นส่วนจำกัด ทดลองก่อสร้าง",
    "มหาวิทยาลัยตัวอย่างราชภัฏ", "องค์การบริหารส่วนตำบลบ้านสมมติ", "ผู้ประกอบการอิสระ (ตัวอย่าง)",
    "สมาคมผู้ประกอบการดิจิทัลสมมติ", "โรงเรียนทดลองวิทยา", "บริษัท ขนส่งตัวอย่าง จำกัด",
    "มูลนิธิเพื่อการทดสอบ",
)
_REPORTER_POSITIONS = (
    "นักวิเคราะห์นโยบายและแผนชำนาญการ (ตัวอย่าง)", "นักจัดการงานทั่วไปปฏิบัติการ (ตัวอย่าง)",
    "นักประชาสัมพันธ์ชำนาญการ (ตัวอย่าง)", "นิติกรชำนาญการพิเศษ (ตัวอย่าง)",
    "เจ้าพนักงานธุรการชำนาญงาน (ตัวอย่าง)", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ (ตัวอย่าง)",
)

_SARA_AM = "\u0e33"
_SARA_AM_DECOMPOSED = "\u0e4d\u0e32"
_ZWSP, _NBSP = "\u200b", "\u00a0"


# --- small helpers ------------------------------------------------------------------------------


def _local_naive(dt: datetime) -> datetime:
    """A datetime as Bangkok wall-clock time without tzinfo (naive ones are taken as Bangkok)."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(_TZ).replace(tzinfo=None)
    return dt


def _epoch_seconds(dt: datetime) -> int:
    return int((_local_naive(dt) - datetime(1970, 1, 1)).total_seconds())


def _thai(text: str) -> str:
    return text.translate(_THAI_DIGITS)


def _obj(values: Iterable[Any]) -> np.ndarray:
    """A 1-D object array (np.array would make a fixed-width str array)."""
    items = list(values)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _weighted(rng: np.random.Generator, pool: Sequence[tuple[Any, float]], size: int) -> np.ndarray:
    values = _obj(v for v, _ in pool)
    w = np.array([p for _, p in pool], dtype=float)
    return values[rng.choice(len(values), size=size, p=w / w.sum())]


# number pools, indexed by the number itself
_N = _obj(str(i) for i in range(3100))
_N2 = _obj(f"{i:02d}" for i in range(100))
_NT = _obj(_thai(str(i)) for i in range(3100))
_N2T = _obj(_thai(f"{i:02d}") for i in range(100))
_N3 = _obj(f"{i:03d}" for i in range(1000))
_N4 = _obj(f"{i:04d}" for i in range(10000))


def _sara_am_decomposed(text: str) -> str:
    return text.replace(_SARA_AM, _SARA_AM_DECOMPOSED)


# --- the survey ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fmt:
    """One way a timestamp is written in the sheet."""

    kind: str  # dt | serial | serial_text | iso_t | iso_space | iso_z | text
    weight: float
    sep: str = "/"
    month: str = "num"  # num | full | abbr | nodot | partial
    year: str = "be"  # be | ce
    prefix: str = ""  # before the year: "พ.ศ. ", "พ.ศ.", "ค.ศ. "
    time: str = ":ss"  # "" | hm | h.m | :ss
    tsep: str = " "
    pad: bool = False
    suffix: str = ""
    thai: bool = False


_FORMATS: tuple[_Fmt, ...] = (
    _Fmt("dt", 0.33),
    _Fmt("serial", 0.13),
    _Fmt("serial_text", 0.01),
    _Fmt("text", 0.12, year="ce"),  # 15/10/2023 9:30:12 (a sheet exported with a CE locale)
    _Fmt("text", 0.10),  # 15/10/2566 9:30:12
    _Fmt("text", 0.04, tsep=", "),  # 15/10/2566, 9:30:12
    _Fmt("text", 0.04, thai=True),  # ๑๕/๑๐/๒๕๖๖ ๙:๓๐:๑๒
    _Fmt("text", 0.04, sep=" ", month="full", time="hm", pad=True, suffix=" น."),  # 15 ตุลาคม 2566 09:30 น.
    _Fmt("text", 0.04, sep=" ", month="abbr", time="h.m", suffix=" น."),  # 15 ต.ค. 2566 9.30 น.
    _Fmt("text", 0.02, sep=" ", month="nodot", time="hm", pad=True),  # 15 ตค 2566 09:30
    _Fmt("text", 0.01, sep=" ", month="partial"),  # 15 ต.ค 2566 9:30:15
    _Fmt("text", 0.02, sep=" ", month="abbr", prefix="พ.ศ. ", time="hm"),  # 15 ต.ค. พ.ศ. 2566 9:30
    _Fmt("text", 0.01, sep=" ", month="full", prefix="พ.ศ.", time=""),  # 15 ตุลาคม พ.ศ.2566
    _Fmt("text", 0.005, sep=" ", month="full", year="ce", prefix="ค.ศ. ", time="hm"),  # 15 ตุลาคม ค.ศ. 2023 9:30
    _Fmt("text", 0.02, sep="-", time="hm", pad=True),  # 15-10-2566 09:30
    _Fmt("text", 0.01, time=""),  # 15/10/2566
    _Fmt("text", 0.02, sep=" ", month="abbr", time="h.m", suffix=" น.", thai=True),  # ๑๕ ต.ค. ๒๕๖๖ ๙.๓๐ น.
    _Fmt("iso_t", 0.02),  # 2023-10-15T09:30:00+07:00
    _Fmt("iso_space", 0.02),  # 2023-10-15 09:30:00
    _Fmt("iso_z", 0.005),  # 2023-10-15T02:30:00Z
)
# formats used for the rows next to a period boundary (simple to check in tests)
_EDGE_FORMATS = (0, 1, 4)


def _period_boundaries(start_s: int, end_s: int) -> list[int]:
    """Epoch seconds (Bangkok wall clock) of every 1 Oct and 1 Apr midnight in [start, end]."""
    first = datetime(1970, 1, 1) + timedelta(seconds=start_s)
    last = datetime(1970, 1, 1) + timedelta(seconds=end_s)
    out = []
    for year in range(first.year, last.year + 1):
        for month in (4, 10):
            b = _epoch_seconds(datetime(year, month, 1))
            if start_s <= b <= end_s:
                out.append(b)
    return out


def _timestamps(
    rng: np.random.Generator, t: np.ndarray, edge: np.ndarray, bad: np.ndarray
) -> np.ndarray:
    """The timestamp column: one cell per epoch second in ``t`` (Bangkok wall clock)."""
    n = len(t)
    probs = np.array([f.weight for f in _FORMATS])
    fmt = rng.choice(len(_FORMATS), size=n, p=probs / probs.sum())
    fmt[edge] = np.asarray(_EDGE_FORMATS)[rng.integers(0, len(_EDGE_FORMATS), int(edge.sum()))]

    dt = t.astype("datetime64[s]")
    months = dt.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dt - months.astype("datetime64[s]")).astype(np.int64) // 86400 + 1
    sod = t % 86400
    hour, minute, second = sod // 3600, sod // 60 % 60, sod % 60

    out = np.empty(n, dtype=object)
    for k, f in enumerate(_FORMATS):
        idx = np.flatnonzero(fmt == k)
        if not len(idx):
            continue
        if f.kind == "dt":
            out[idx] = dt[idx].astype("datetime64[us]").astype(object)
        elif f.kind in ("serial", "serial_text"):
            serial = t[idx] / 86400.0 + 25569.0
            out[idx] = serial.astype(object) if f.kind == "serial" else serial.astype(str).astype(object)
        elif f.kind.startswith("iso"):
            if f.kind == "iso_z":
                u = (t[idx] - 7 * 3600).astype("datetime64[s]")
                out[idx] = np.datetime_as_string(u, unit="s").astype(object) + "Z"
            else:
                s = np.datetime_as_string(dt[idx], unit="s").astype(object)
                out[idx] = s + "+07:00" if f.kind == "iso_t" else _replace_t(s)
        else:
            out[idx] = _text_dates(f, idx, year, month, day, hour, minute, second)
    # bad timestamps replace whatever was there
    bad_idx = np.flatnonzero(bad)
    if len(bad_idx):
        pool = _obj(_BAD_TIMESTAMPS)
        out[bad_idx] = pool[np.arange(len(bad_idx)) % len(pool)]
    return out


def _replace_t(s: np.ndarray) -> np.ndarray:
    return np.char.replace(s.astype(str), "T", " ").astype(object)


def _text_dates(f: _Fmt, idx: np.ndarray, year, month, day, hour, minute, second) -> np.ndarray:
    num, num2 = (_NT, _N2T) if f.thai else (_N, _N2)
    d = (num2 if f.pad else num)[day[idx]]
    if f.month == "num":
        m = (num2 if f.pad else num)[month[idx]]
    else:
        names = {"full": _MONTHS_FULL, "abbr": _MONTHS_ABBR, "nodot": _MONTHS_NODOT, "partial": _MONTHS_PARTIAL}
        m = _obj(names[f.month])[month[idx] - 1]
    y = num[year[idx] + (543 if f.year == "be" else 0)]
    s = d + f.sep + m + f.sep + f.prefix + y
    if f.time:
        h = (num2 if f.pad else num)[hour[idx]]
        mm = num2[minute[idx]]
        clock = h + ("." if f.time == "h.m" else ":") + mm
        if f.time == ":ss":
            clock = clock + ":" + num2[second[idx]]
        s = s + f.tsep + clock + f.suffix
    return s


def _unit_pool(registry: Registry, rng: np.random.Generator) -> list[tuple[Any, float]]:
    """Written forms of the units with their probabilities (registered 96 %, unknown 2.5 %, blank 1.5 %)."""
    units = list(registry.units)
    weights = rng.gamma(2.0, 1.0, size=len(units)) + 0.2
    weights[0] += weights.sum() * 0.25  # the first unit (กองกลาง) meets most visitors
    weights = weights / weights.sum() * 0.96
    pool: list[tuple[Any, float]] = []
    for u, w in zip(units, weights, strict=True):
        name, aliases = u.name, list(u.aliases)
        am = next((a for a in [name, *aliases] if _SARA_AM in a), None)
        variants: list[tuple[str, float]] = [
            (name, 0.52),
            (name + " ", 0.03),
            (" " + name, 0.02),
            (name + _ZWSP, 0.03),
            (_ZWSP + name, 0.01),
            (name + _NBSP, 0.03),
            (name.replace(" ", _NBSP) + _NBSP if " " in name else name + "\n", 0.02),
        ]
        for a in aliases:
            variants.append((a, 0.2 / len(aliases)))
            if " " in a:
                variants.append((a.replace(" ", _NBSP, 1), 0.02 / len(aliases)))
                variants.append((a.replace(" ", "\n", 1), 0.01 / len(aliases)))
                variants.append((a.replace(" ", " " + _ZWSP, 1), 0.01 / len(aliases)))
        if am is not None:
            variants.append((_sara_am_decomposed(am), 0.06))
        total = sum(p for _, p in variants)
        pool.extend((v, w * p / total) for v, p in variants)
    pool.extend((v, 0.025 / len(_UNKNOWN_UNITS)) for v in _UNKNOWN_UNITS)
    pool.append((None, 0.015))
    return pool


def _visitor_pool() -> list[tuple[Any, float]]:
    labels = vocab.VISITOR_TYPES[:4]
    other = vocab.OTHER_VISITOR_TYPE
    single = (0.16, 0.22, 0.30, 0.07)
    pool: list[tuple[Any, float]] = [(lab, p) for lab, p in zip(labels, single, strict=True)]
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    pool += [(f"{labels[i]}, {labels[j]}", 0.08 / len(pairs)) for i, j in pairs]
    pool += [(", ".join(labels[k] for k in range(4) if k != skip), 0.0025) for skip in range(4)]
    pool += [(other, 0.005), (f"{labels[2]}, {other}", 0.005)]
    pool += [(text, 0.05 / len(_OTHER_FREE_TEXT)) for text in _OTHER_FREE_TEXT]
    pool += [(f"{labels[k % 4]}, {text}", 0.04 / len(_OTHER_FREE_TEXT)) for k, text in enumerate(_OTHER_FREE_TEXT)]
    # messy spacing and invisible characters that rule T repairs
    pool += [
        (f"{labels[2]} ,{labels[1]}", 0.003),
        (f"{_ZWSP}{labels[2]}", 0.003),
        (f"{labels[1]}{_NBSP}", 0.003),
        (None, 0.03),
    ]
    return pool


def _answer_pool(know: float) -> list[tuple[Any, float]]:
    dont = 1.0 - know
    return [
        (vocab.KNOW, 0.55 * know), ("รู้", 0.12 * know), ("ทราบ", 0.12 * know), ("รู้ / ทราบ", 0.08 * know),
        (" รู้/ทราบ ", 0.03 * know), ("รู้/ ทราบ", 0.02 * know),
        (vocab.DONT_KNOW, 0.55 * dont), ("ไม่ทราบ", 0.15 * dont), ("ไม่รู้", 0.1 * dont),
        ("ไม่รู้ / ไม่ทราบ", 0.08 * dont), ("ไม่รู้/ ไม่ทราบ", 0.02 * dont),
        (None, 0.03), ("ไม่แน่ใจ", 0.002), ("เคยได้ยิน", 0.001), ("?", 0.0005), ("ใช่", 0.001),
    ]


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    second = _obj(str(i) for i in (1, 2, 4, 5, 6, 8, 9))[rng.integers(0, 7, n)]
    a, b = _N3[rng.integers(0, 1000, n)], _N4[rng.integers(0, 10000, n)]
    style = rng.choice(5, size=n, p=[0.6, 0.2, 0.06, 0.06, 0.08])
    out = "08" + second + "-" + a + "-" + b
    plain = "08" + second + a + b
    out = np.where(style == 1, plain, out)
    out = np.where(style == 2, "+66 8" + second + " " + a + " " + b, out)
    out = np.where(style == 3, "02-" + _N3[rng.integers(100, 1000, n)] + "-" + b, out)
    thai = np.flatnonzero(style == 4)
    out[thai] = _obj(_thai(s) for s in out[thai])
    return out.astype(object)


def generate_survey(
    n: int, *, seed: int, start: datetime, end: datetime, registry: Registry
) -> tuple[list[str], pd.DataFrame]:
    """``n`` messy survey rows in sheet order, as the header titles and an object DataFrame.

    Times are spread over ``[start, end]`` (naive datetimes are Bangkok wall clock), mostly in
    office hours; a few rows fall within an hour either side of every 1 October and 1 April
    midnight in the range (so some may lie just before ``start``). About 0.3 % of the
    timestamps are unreadable and about 0.7 % of the rows are exact copies of an earlier row.
    Blank cells are ``None``. Vectorised: only pools of variants are built in Python.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    start_s, end_s = _epoch_seconds(start), _epoch_seconds(end)
    if end_s <= start_s:
        raise ValueError("end must be after start")
    n_dup = n // 150 if n >= 150 else 0
    m = n - n_dup

    # times: office hours mostly, sorted like a form's response sheet
    day0 = start_s - start_s % 86400
    days = rng.integers(0, max(1, (end_s - day0) // 86400 + 1), m)
    office = rng.random(m) < 0.85
    sod = np.where(office, rng.integers(8 * 3600, 17 * 3600, m), rng.integers(0, 86400, m))
    t = np.clip(day0 + days * 86400 + sod, start_s, end_s)
    edge = np.zeros(m, dtype=bool)
    bounds = _period_boundaries(start_s, end_s)
    per_bound = min(max(2, m // 400), m // max(1, 2 * len(bounds))) if bounds else 0
    if per_bound:
        slots = rng.choice(m, size=per_bound * len(bounds), replace=False)
        for k, b in enumerate(bounds):
            mine = slots[k * per_bound:(k + 1) * per_bound]
            sign = np.where(np.arange(per_bound) % 2 == 0, -1, 1)
            t[mine] = b + sign * rng.integers(1, 3600, per_bound)
            edge[mine] = True
    order = np.argsort(t, kind="stable")
    t, edge = t[order], edge[order]
    bad = np.zeros(m, dtype=bool)
    n_bad = m // 330 if m >= 330 else 0
    if n_bad:
        bad[rng.choice(np.flatnonzero(~edge), size=n_bad, replace=False)] = True

    cols: dict[str, np.ndarray] = {_COL_TS: _timestamps(rng, t, edge, bad)}

    # personal fields (clearly fake: example.com, sequences from the seeded generator)
    first_i = rng.integers(0, len(_FIRST_NAMES), m)
    last_i = rng.integers(0, len(_SURNAMES), m)
    first = _obj(f for f, _ in _FIRST_NAMES)[first_i]
    prefix = _obj(["", "", "", "นาย", "นางสาว", "นาง"])[rng.integers(0, 6, m)]
    name, surname, position, org, phone, email = vocab.PERSONAL_TITLES
    cols[name] = prefix + first
    cols[surname] = _obj(s for s, _ in _SURNAMES)[last_i]
    cols[position] = _obj(_POSITIONS)[rng.integers(0, len(_POSITIONS), m)]
    cols[org] = _obj(_ORGS)[rng.integers(0, len(_ORGS), m)]
    cols[phone] = _phones(rng, m)
    cols[email] = (
        _obj(r for _, r in _FIRST_NAMES)[first_i] + "." + _obj(r for _, r in _SURNAMES)[last_i]
        + _N[rng.integers(1, 3000, m)] + "@example.com"
    )
    for title in vocab.PERSONAL_TITLES:  # optional questions: some left blank
        blank = rng.random(m) < 0.04
        cols[title][blank] = None

    cols[_COL_UNIT] = _weighted(rng, _unit_pool(registry, rng), m)
    cols[_COL_VT] = _weighted(rng, _visitor_pool(), m)
    for title, know in zip(_AWARE_COLS, (0.82, 0.74, 0.58), strict=True):
        cols[title] = _weighted(rng, _answer_pool(know), m)

    if m >= 60:  # every messy feature at least once, whatever the seed
        _showcase(rng, cols, registry, m)

    frame = pd.DataFrame({h: cols[h] for h in SURVEY_HEADERS}, dtype=object)
    if n_dup:
        src = np.sort(rng.choice(m, size=n_dup, replace=False))
        key = np.concatenate([np.arange(m) * 2, src * 2 + 1])
        rows = np.concatenate([np.arange(m), src])[np.argsort(key, kind="stable")]
        frame = frame.iloc[rows].reset_index(drop=True)
    return list(SURVEY_HEADERS), frame


def _showcase(rng: np.random.Generator, cols: dict[str, np.ndarray], registry: Registry, m: int) -> None:
    """Write one row of each messy feature into spread-out rows (deterministic per seed)."""
    units = list(registry.units)
    am = next((a for u in units for a in [u.name, *u.aliases] if _SARA_AM in a), None)
    spaced = next((a for u in units for a in [u.name, *u.aliases] if " " in a), units[0].name + " ")
    unit_cells = [
        _sara_am_decomposed(am) if am else None,
        units[0].name + _ZWSP,
        spaced.replace(" ", _NBSP, 1),
        _UNKNOWN_UNITS[0],
        None,
    ]
    labels = vocab.VISITOR_TYPES
    vt_cells = [
        f"{labels[2]}, {_OTHER_FREE_TEXT[0]}",
        _OTHER_FREE_TEXT[8],
        f"{labels[0]}, {labels[3]}",
    ]
    rows = rng.choice(m, size=len(unit_cells) + len(vt_cells) + 4, replace=False)
    k = 0
    for cell in unit_cells:
        cols[_COL_UNIT][rows[k]] = cell
        k += 1
    for cell in vt_cells:
        cols[_COL_VT][rows[k]] = cell
        k += 1
    for title, cell in zip(_AWARE_COLS, ("ไม่แน่ใจ", "รู้ / ทราบ", "ไม่ทราบ"), strict=True):
        cols[title][rows[k]] = cell
        k += 1
    cols[_AWARE_COLS[0]][rows[k]] = None


# --- xlsx writing -----------------------------------------------------------------------------
#
# A small streaming xlsx writer instead of xlsxwriter/openpyxl: the sheet XML is built column-wise
# with numpy from each column's distinct values, so a 100,000-row survey takes about two seconds
# (a per-cell writer needs ~10 s), and the output is byte-identical for equal input (fixed zip
# timestamps and document dates). Text is written as inline strings, so it is never a formula.

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_SURVEY_WIDTHS = (20, 12, 14, 22, 26, 16, 30, 34, 34, 18, 18, 18)

# cell styles (indexes into cellXfs of _STYLES)
_S_DATETIME, _S_SURVEY_HEAD, _S_TITLE, _S_DATE, _S_WRAP, _S_REPORT_HEAD = 1, 2, 3, 4, 5, 6
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_SHEET_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="d/m/yyyy h:mm:ss"/>'
    '<numFmt numFmtId="165" formatCode="d/m/yyyy"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Tahoma"/></font>'
    '<font><b/><sz val="11"/><name val="Tahoma"/></font>'
    '<font><b/><sz val="14"/><name val="Tahoma"/></font></fonts>'
    '<fills count="4"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E2F3"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFCE4D6"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color rgb="FF808080"/></left><right style="thin"><color rgb="FF808080"/></right>'
    '<top style="thin"><color rgb="FF808080"/></top><bottom style="thin"><color rgb="FF808080"/></bottom>'
    "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="3" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

# cell kinds by Python type: 0 blank, 1 text, 2 number, 3 boolean, 4 datetime, 9 other
_KIND: dict[type, int] = {
    type(None): 0,
    str: 1,
    float: 2,
    int: 2,
    np.float64: 2,
    np.int64: 2,
    bool: 3,
    np.bool_: 3,
    datetime: 4,
}


def _xml_text(text: str) -> str:
    """Escape text for an XML text node; control characters (and a literal ``_xHHHH_``) in
    Excel's own ``_xHHHH_`` form, so every string survives the round trip."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _col_letter(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _inline(text: str, style: int = 0) -> str:
    """The tail of a text cell after ``<c r="A1``."""
    s = f' s="{style}"' if style else ""
    return f'"{s} t="inlineStr"><is><t xml:space="preserve">{_xml_text(text)}</t></is></c>'


def _cells_xml(values: np.ndarray, ref: np.ndarray, *, date_style: int = _S_DATETIME, text_style: int = 0) -> np.ndarray:
    """One column of ``<c>`` elements (object array), built from its distinct values."""
    out = np.full(len(values), "", dtype=object)
    kinds = np.fromiter((_KIND.get(type(v), 9) for v in values), dtype=np.int8, count=len(values))
    idx = np.flatnonzero(kinds == 1)
    if len(idx):
        codes, uniques = pd.factorize(values[idx].astype(object))
        cell = _obj(_inline(u, text_style) if u else "" for u in uniques)[codes]
        keep = cell != ""
        out[idx[keep]] = '<c r="' + ref[idx[keep]] + cell[keep]
    idx = np.flatnonzero(kinds == 2)
    if len(idx):
        num = values[idx].astype(float)
        ok = np.isfinite(num)
        num, sel = num[ok], idx[ok]
        whole = (num == np.floor(num)) & (np.abs(num) < 1e15)  # 2567, not 2567.0: read back as an integer
        text = np.where(whole, np.where(whole, num, 0).astype(np.int64).astype(str), num.astype(str))
        out[sel] = '<c r="' + ref[sel] + '"><v>' + text.astype(object) + "</v></c>"
    idx = np.flatnonzero(kinds == 3)
    if len(idx):
        out[idx] = '<c r="' + ref[idx] + '" t="b"><v>' + np.where(values[idx].astype(bool), "1", "0") + "</v></c>"
    rest = np.flatnonzero(kinds >= 4)
    if len(rest):
        is_dt = np.fromiter((isinstance(v, datetime) for v in values[rest]), dtype=bool, count=len(rest))
        idx = rest[is_dt]
        stamps = np.array([_local_naive(v) for v in values[idx]], dtype="datetime64[us]")
        serial = stamps.astype(np.int64) / 86_400e6 + 25569.0
        out[idx] = '<c r="' + ref[idx] + f'" s="{date_style}"><v>' + serial.astype(str).astype(object) + "</v></c>"
        for i in rest[~is_dt]:  # anything else: its text
            out[i] = f'<c r="{ref[i]}' + _inline(str(values[i]), text_style)
    return out


@dataclass
class _Sheet:
    """One tab: cells as columns (object arrays), rows above ``header_row`` are titles."""

    name: str
    columns: list[np.ndarray]
    header_row: int  # 0-based; frozen with everything above it
    widths: Sequence[float] = ()
    header_style: int = _S_REPORT_HEAD
    date_style: int = _S_DATE
    text_style: int = _S_WRAP
    header_height: float | None = None

    @classmethod
    def from_rows(cls, name: str, rows: Sequence[Sequence[Any]], header_row: int, widths: Sequence[float] = ()) -> _Sheet:
        width = max((len(r) for r in rows), default=0)
        grid = np.empty((len(rows), width), dtype=object)
        for r, row in enumerate(rows):
            grid[r, : len(row)] = list(row)
        return cls(name, [grid[:, c].copy() for c in range(width)], header_row, widths)

    @property
    def nrows(self) -> int:
        return len(self.columns[0]) if self.columns else 0


def _sheet_xml(sheet: _Sheet, *, selected: bool, chunk: int = 50_000) -> Iterable[bytes]:
    width, n = len(sheet.columns), sheet.nrows
    letters = [_col_letter(c) for c in range(max(width, 1))]
    cols = "".join(
        f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>' for c, w in enumerate(sheet.widths)
    )
    h = sheet.header_row
    pane = (
        f'<pane ySplit="{h + 1}" topLeftCell="A{h + 2}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{h + 2}" sqref="A{h + 2}"/>'
        if n > h
        else ""
    )
    tab = ' tabSelected="1"' if selected else ""
    yield (
        f'{_XML_HEAD}<worksheet xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}">'
        f'<dimension ref="A1:{letters[max(width, 1) - 1]}{max(n, 1)}"/>'
        f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
    ).encode()
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        rownum = np.arange(lo + 1, hi + 1).astype(str).astype(object)
        grid = np.empty((hi - lo, width + 2), dtype=object)  # row-major: one join per chunk
        grid[:, 0] = '<row r="' + rownum + '">'
        for c, values in enumerate(sheet.columns):
            grid[:, c + 1] = _cells_xml(
                values[lo:hi], letters[c] + rownum, date_style=sheet.date_style, text_style=sheet.text_style
            )
        for r in range(lo, min(hi, h + 1)):  # title rows and the header row: their own styles
            style = sheet.header_style if r == h else _S_TITLE
            if r == h and sheet.header_height:
                grid[r - lo, 0] = f'<row r="{r + 1}" ht="{sheet.header_height}" customHeight="1">'
            for c, values in enumerate(sheet.columns):
                if isinstance(values[r], str) and values[r] and (r == h or c == 0):
                    grid[r - lo, c + 1] = f'<c r="{letters[c]}{r + 1}' + _inline(values[r], style)
        grid[:, -1] = "</row>"
        yield "".join(grid.ravel().tolist()).encode("utf-8")
    yield b"</sheetData></worksheet>"


def _write_xlsx(path: Path, sheets: Sequence[_Sheet], *, created: datetime) -> Path:
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = (1980, 1, 1, 0, 0, 0)  # fixed: byte-identical output

    def member(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        # level 1: the sheet XML is repetitive, so it still shrinks ~10x, at several times the speed
        setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
        return info

    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, text in _package_parts([s.name for s in sheets], created).items():
            zf.writestr(member(name), text)
        for k, sheet in enumerate(sheets, start=1):
            with zf.open(member(f"xl/worksheets/sheet{k}.xml"), "w") as fh:
                for part in _sheet_xml(sheet, selected=k == 1):
                    fh.write(part)
    tmp.replace(path)
    return path


def _package_parts(names: Sequence[str], created: datetime) -> dict[str, str]:
    """Content types, relationships, document properties, workbook and styles."""
    when = _local_naive(created).strftime("%Y-%m-%dT%H:%M:%SZ")
    ct = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(
        f'<sheet name="{_xml_text(n).replace(chr(34), "&quot;")}" sheetId="{k}" r:id="rId{k}"/>'
        for k, n in enumerate(names, start=1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
        for k in range(1, len(names) + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, len(names) + 1)
    )
    return {
        "[Content_Types].xml": (
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>{overrides}'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
        ),
        "docProps/core.xml": (
            f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>ita-sync demo</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
        ),
        "xl/workbook.xml": (
            f'{_XML_HEAD}<workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}">{rels}'
            f'<Relationship Id="rId{len(names) + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }


def write_survey_xlsx(
    path: Path,
    headers: Sequence[str],
    frame: pd.DataFrame,
    *,
    sheet: str = SURVEY_TAB,
    created: datetime = DEMO_NOW,
) -> Path:
    """Write a survey frame as a form's response sheet (one tab, row 1 = ``headers``).

    Real datetimes become Excel dates, numbers stay numbers, text stays text (never a formula),
    blank cells stay empty. Streams the rows in chunks; byte-identical for equal input.
    """
    columns = []
    for c, title in enumerate(headers):
        values = frame.iloc[:, c].to_numpy(dtype=object) if c < frame.shape[1] else np.full(len(frame), None, object)
        col = np.empty(len(values) + 1, dtype=object)
        col[0], col[1:] = title, values
        columns.append(col)
    spec = _Sheet(
        sheet,
        columns,
        header_row=0,
        widths=[_SURVEY_WIDTHS[c] if c < len(_SURVEY_WIDTHS) else 18 for c in range(len(headers))],
        header_style=_S_SURVEY_HEAD,
        date_style=_S_DATETIME,
        text_style=0,
        header_height=45,
    )
    return _write_xlsx(path, [spec], created=created)


# --- unit report workbooks ----------------------------------------------------------------------


@dataclass
class _Book:
    path: str  # relative to data_dir, with "/"
    sheets: list[_Sheet]


@dataclass
class _ReportMaker:
    """Builds the report workbooks from one seeded generator; collects the reporters' personal data."""

    rng: np.random.Generator
    units: list[Any]
    now: datetime
    personal: set[str] = field(default_factory=set)
    #: the agency's measures 1..N (section 3); texts other than MDES OPS's 7 come from _OTHER_RESULTS
    measures: int = 7
    depa: bool = False

    # -- messy cells --
    def pick(self, options: Sequence[Any], probs: Sequence[float] | None = None) -> Any:
        p = None if probs is None else np.asarray(probs, float) / np.sum(probs)
        return options[int(self.rng.choice(len(options), p=p))]

    def year(self, fy: int) -> Any:
        return self.pick(
            [fy, str(fy), _thai(str(fy)), f"พ.ศ. {fy}", f"ปีงบประมาณ {fy}", fy - 543, f"{fy}{_NBSP}", float(fy)],
            [0.4, 0.2, 0.1, 0.1, 0.06, 0.06, 0.04, 0.04],
        )

    def round_(self, months: int) -> str:
        return self.pick(
            [f"{months} เดือน", f"รอบ {months} เดือน", f"{_thai(str(months))} เดือน", f"{months}เดือน",
             f" {months} เดือน{_NBSP}"],
            [0.6, 0.15, 0.1, 0.1, 0.05],
        )

    def unit(self, u: Any) -> str:
        am = next((a for a in u.aliases if _SARA_AM in a), None)
        options = [u.name, *u.aliases, u.name + _NBSP, _ZWSP + u.name]
        probs = [0.6, *[0.2 / max(1, len(u.aliases))] * len(u.aliases), 0.07, 0.05]
        if am:
            options.append(_sara_am_decomposed(am))
            probs.append(0.08)
        return self.pick(options, probs)

    def measure(self, k: int) -> Any:
        return self.pick([k, str(k), f"มาตรการที่ {k}", _thai(str(k)), float(k)], [0.6, 0.15, 0.1, 0.1, 0.05])

    def count(self, v: int) -> Any:
        if v == 0:
            return self.pick([0, "-", None, "0"], [0.4, 0.3, 0.2, 0.1])
        options: list[Any] = [v, str(v), f"{v} คน", _thai(f"{v} คน"), float(v)]
        probs = [0.55, 0.12, 0.15, 0.08, 0.1]
        if v >= 1000:
            options.append(f"{v:,}")
            probs.append(0.4)
        return self.pick(options, probs)

    def reporter(self) -> list[Any]:
        first, _ = self.pick(_FIRST_NAMES)
        last, _ = self.pick(_SURNAMES)
        name = f"{self.pick(['นาย', 'นางสาว', 'นาง'])}{first} {last}"
        pos = self.pick(_REPORTER_POSITIONS)
        phone = f"0 2141 {int(self.rng.integers(0, 10000)):04d}"
        self.personal.update((name, pos, phone))
        return [name, pos, phone]

    def report_date(self, fy: int, months: int) -> Any:
        ce = fy - 543
        d = datetime(ce - 1, 10, 1) + timedelta(days=(183 if months == 6 else 365) + int(self.rng.integers(5, 40)))
        d = min(d, _local_naive(self.now))
        return self.pick(
            [d, f"{d.day} {_MONTHS_ABBR[d.month - 1]} {d.year + 543}", _thai(f"{d.day}/{d.month}/{d.year + 543}")],
            [0.5, 0.3, 0.2],
        )

    # -- row builders --
    def result(self, k: int) -> str:
        n = int(self.rng.integers(3, 60))
        texts = {
            1: [f"เผยแพร่ข่าวสารและผลงานผ่านเว็บไซต์และเพจ Facebook ของหน่วยงาน จำนวน {n} เรื่อง",
                f"จัดทำอินโฟกราฟิกเผยแพร่ผลงาน {n} ชิ้น\nและประชาสัมพันธ์ผ่าน LINE OpenChat"],
            2: ["เปิดช่องทางติดต่อสอบถามทางโทรศัพท์ อีเมล และ LINE Official Account",
                f"ตอบข้อซักถามผ่านช่องทางออนไลน์ {n} เรื่อง ภายใน 3 วันทำการ"],
            3: ["จัดจุดบริการชี้แจงและตอบคำถามบริเวณโถงชั้น 9 พร้อมเจ้าหน้าที่ประจำจุด",
                f"ให้บริการตอบคำถามผู้มาติดต่อ ณ จุดบริการ {n} ราย"],
            4: ["นำระบบสารบรรณอิเล็กทรอนิกส์มาใช้รับ-ส่งหนังสือ ลดการใช้กระดาษ",
                "ใช้ระบบประชุมออนไลน์และลายมือชื่ออิเล็กทรอนิกส์ในการปฏิบัติงาน"],
            5: ["ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริตผ่านป้ายประกาศ เว็บไซต์ และ QR Code",
                "ติดโปสเตอร์ช่องทางร้องเรียนการทุจริต ณ จุดบริการทุกชั้น"],
            6: [f"ทบทวนคู่มือการปฏิบัติงานและลดขั้นตอนการให้บริการจาก {n % 5 + 6} ขั้นตอนเหลือ {n % 3 + 3} ขั้นตอน",
                "ปรับปรุงแบบฟอร์มคำขอให้กรอกออนไลน์ได้"],
            7: [f"จัดประชุมรับฟังความคิดเห็นผู้มีส่วนได้ส่วนเสีย {n % 4 + 1} ครั้ง",
                "เปิดแบบสำรวจความพึงพอใจและข้อเสนอแนะออนไลน์"],
        }
        if self.depa:
            return self.pick(_DEPA_RESULTS[k])
        return self.pick(texts[k])

    def evidence(self) -> Any:
        n = int(self.rng.integers(1000, 99999))
        return self.pick(
            [
                f"https://www.mdes.go.th/news/detail/{n}",
                f"https://www.facebook.com/MDESThailand/posts/{n}",
                f"ภาพกิจกรรม\nhttps://drive.google.com/file/d/demo{n}/view",
                "HTTPS://WWW.MDES.GO.TH/ITA",
                f"https://www.mdes.go.th/ita/{n}.",
                f"รายงานการประชุม ครั้งที่ {n % 9 + 1}/2567",
                "www.mdes.go.th/x",  # no scheme: bad_url
                "http://intranet/ita",  # host without a dot: bad_url
                "https://www..mdes.go.th/ita",  # empty host label: bad_url
                "htps://www.mdes.go.th/ita",  # not http(s): bad_url
                '=HYPERLINK("https://www.mdes.go.th/ita")',  # text that looks like a formula
                None,
            ],
            [0.22, 0.14, 0.1, 0.05, 0.05, 0.14, 0.05, 0.03, 0.02, 0.02, 0.02, 0.16],
        )

    def form1_rows(self, u: Any, fy: int, months: int, *, template: bool = False,
                   skip: Sequence[int] = ()) -> list[list[Any]]:
        """Seven measure rows of one unit and round (template rows: value cells blank)."""
        if template:
            return [[fy, f"{months} เดือน", u.name, k, None, None, None, None, None, None]
                    for k in range(1, self.measures + 1)]
        rows = []
        who = self.reporter()
        unit, year, rnd, when = self.unit(u), self.year(fy), self.round_(months), self.report_date(fy, months)
        for k in range(1, self.measures + 1):
            result = "-" if k in skip else self.result(k)
            evidence = None if k in skip else self.evidence()
            rows.append([year, rnd, unit, self.measure(k), result, evidence, *who, when])
        return rows

    def form2_row(self, u: Any, fy: int, months: int, *, scale: int = 1, template: bool = False) -> list[Any]:
        if template:
            return [fy, f"{months} เดือน", u.name, *[None] * len(vocab.FORM2_COUNT_COLUMNS)]
        base = int(self.rng.integers(20, 160)) * scale * (2 if months == 12 else 1)
        vt = self.rng.multinomial(base, [0.18, 0.27, 0.35, 0.12, 0.08])
        counts: list[Any] = [self.count(int(v)) for v in vt]
        for know_rate in (0.8, 0.72, 0.55):
            know = int(self.rng.binomial(base, know_rate))
            dont = base - know
            total: Any = self.count(base)
            roll = self.rng.random()
            if roll < 0.06:
                total = base + int(self.rng.integers(1, 9))  # total_mismatch
            elif roll < 0.1:
                total = None  # blank total: not compared
            counts += [self.count(know), self.count(dont), total]
        return [self.year(fy), self.round_(months), self.unit(u), *counts]


_SIGNATURE = ["(ลงชื่อ)......................................ผู้รายงาน", "ตำแหน่ง......................................",
              "ณ วันที่.........เดือน.....................พ.ศ. ........"]
#: report form 1 results of the DEPA demo, per measure (seed 000, measures 3.1-3.3)
_DEPA_RESULTS = {
    1: ["จัดอบรม In House Training ผ่านระบบ VDO Conference หัวข้อการดำเนินการตามภารกิจ บทบาท หน้าที่",
        "จัดอบรมหัวข้อกฎหมายว่าด้วยการเงินการคลังของรัฐและระเบียบพัสดุ พนักงานเข้าอบรมครบตามเกณฑ์ร้อยละ 70"],
    2: ["ทบทวนรูปแบบการเผยแพร่ผลงานบนเว็บไซต์และสื่อสังคมออนไลน์ของสำนักงาน",
        "จัดทำอินโฟกราฟิกสรุปผลงานรายไตรมาสเผยแพร่ต่อสาธารณะ"],
    3: ["ปรับปรุงช่องทางการสื่อสารและขั้นตอนการยื่นคำขอรับการส่งเสริมผ่านระบบออนไลน์",
        "ลดขั้นตอนการให้บริการและเพิ่มช่องทางติดต่อสอบถามผ่าน LINE Official Account"],
}
_F1_TITLE = ("แบบรายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                "ในการดำเนินงานของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม")
_F2_TITLE = ("รายงานผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร"
                "ของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมผ่านช่องทางต่างๆ")
_F1_WIDTHS = (12, 11, 30, 10, 60, 45, 26, 30, 16, 16)
_F2_WIDTHS = (12, 11, 30, *[14] * (len(vocab.FORM2_COLUMNS) - 3))


def _file_name(text: str) -> str:
    """A unit name made safe as a file name on every OS (keeps Thai letters)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", text).strip(" .")
    return re.sub(r"\s+", " ", cleaned) or "unit"


def _signature_rows(width: int, col: int) -> list[list[Any]]:
    """Blank line, then the signature block in value columns (year, round and unit stay blank)."""
    rows: list[list[Any]] = [[None] * width]
    for text in _SIGNATURE:
        row: list[Any] = [None] * width
        row[col] = text
        rows.append(row)
    return rows


def _report_books(seed: int, registry: Registry, now: datetime) -> tuple[list[_Book], set[str]]:
    rng = np.random.default_rng([seed, 7])
    units = list(registry.units)
    agency = registry.agency
    mk = _ReportMaker(rng, units, now, measures=agency.measure_count, depa=not agency.is_default)
    _FORM1_TITLE = _F1_TITLE.replace(vocab.DEFAULT_AGENCY_NAME, agency.name)
    _FORM2_TITLE = _F2_TITLE.replace(vocab.DEFAULT_AGENCY_NAME, agency.name)

    def u(i: int) -> Any:
        return units[i % len(units)]

    f1h, f2h = list(vocab.FORM1_COLUMNS), list(vocab.FORM2_COLUMNS)
    w1, w2 = len(f1h), len(f2h)
    books: list[_Book] = []

    # A. one unit, title rows above the header, Thai digits in the tab names, template rows for the
    #    round not reported yet, a signature block below each table
    a = u(0)
    rows1: list[list[Any]] = [[_FORM1_TITLE], [f"หน่วยงาน {a.name}"], [None], f1h]
    rows2: list[list[Any]] = [[_FORM2_TITLE], [f"หน่วยงาน {a.name}"], [None], f2h]
    for fy, months in ((2567, 6), (2567, 12), (2568, 6)):
        rows1 += mk.form1_rows(a, fy, months, skip=(7,) if months == 6 else ())
        rows2.append(mk.form2_row(a, fy, months, scale=3))
    rows1 += mk.form1_rows(a, 2568, 12, template=True)
    rows2.append(mk.form2_row(a, 2568, 12, template=True))
    rows1 += _signature_rows(w1, 4)
    rows2 += _signature_rows(w2, 4)
    books.append(_Book(f"reports/{_file_name(a.name)}.xlsx", [
        _Sheet.from_rows(vocab.FORM1_TAB.translate(_THAI_DIGITS), rows1, 3, _F1_WIDTHS),
        _Sheet.from_rows(vocab.FORM2_TAB.translate(_THAI_DIGITS), rows2, 3, _F2_WIDTHS),
    ]))

    # G. one unit, numeric CE/BE years, evidence links good and bad, header on row 2
    g = u(9)
    rows1 = [[f"{_FORM1_TITLE} — {g.name}"], f1h]
    rows2 = [[f"{_FORM2_TITLE} — {g.name}"], f2h]
    for fy in (2567, 2568):
        for months in (6, 12):
            rows1 += mk.form1_rows(g, fy, months)
            rows2.append(mk.form2_row(g, fy, months))
    rows1[2][5] = "www.mdes.go.th/x"
    rows1[3][5] = "ดูรายละเอียดที่ https://www.mdes.go.th/ita2567, และ http://intranet/ita"
    g_file = "reports/กองป้องกันและปราบปราม-ปท.xlsx" if agency.is_default else f"reports/{_file_name(g.name)}-รายงานรวม.xlsx"
    books.append(_Book(g_file, [
        _Sheet.from_rows(vocab.FORM1_TAB, rows1, 1, _F1_WIDTHS),
        _Sheet.from_rows(vocab.FORM2_TAB, rows2, 1, _F2_WIDTHS),
    ]))

    # B. many units, fiscal year 2567, header on row 1, an extra column, every kind of bad row
    many_b = [u(1), u(2), u(4), u(5), u(10), u(13)]
    rows1 = [[*f1h, "หมายเหตุ"]]
    rows2 = [[*f2h, "หมายเหตุ"]]
    for unit in many_b:
        for months in (6, 12):
            rows1 += [[*r, None] for r in mk.form1_rows(unit, 2567, months, skip=(3,) if months == 12 else ())]
            rows2.append([*mk.form2_row(unit, 2567, months), None])
    who = mk.reporter()
    bad1 = [
        [2567, "6 เดือน", many_b[0].name, 8, "ดำเนินการตามแผน", None, *who, None, "มาตรการที่ 8 ไม่มี"],
        [2567, "6 เดือน", many_b[0].name, None, "จัดอบรมเจ้าหน้าที่", None, *who, None, "ลืมใส่มาตรการ"],
        ["67", "6 เดือน", many_b[1].name, 1, "เผยแพร่ข่าว 5 เรื่อง", None, *who, None, None],
        [2567, "6", many_b[1].name, 2, "เปิดช่องทางไลน์", None, *who, None, None],
        [2567, "ครึ่งปี", many_b[2].name, 3, "ตั้งจุดบริการ", None, *who, None, None],
        [2567, "6 เดือน", _UNKNOWN_UNITS[0], 1, "เผยแพร่ข่าวสาร 12 เรื่อง", None, *who, None, None],
        [2567, "12 เดือน", None, 4, "ใช้ระบบสารบรรณอิเล็กทรอนิกส์", None, *who, None, "ไม่ได้ระบุหน่วยงาน"],
        [2567, "6 เดือน", many_b[3].name, 5, "ติดป้ายช่องทางร้องเรียน (แก้ไขครั้งที่ 2)",
         "https://www.mdes.go.th/ita/complaint", *who, None, "ส่งแก้ไข"],
    ]
    rows1 += bad1
    f2bad = mk.form2_row(many_b[4], 2567, 6)
    f2bad[3], f2bad[4], f2bad[5], f2bad[6] = "ประมาณ 10", "12.5", "-5", "12คน"
    f2bad[8], f2bad[9], f2bad[10] = "1,234", "๑๒ คน", "-"  # "-" is a given 0: a mismatch
    rows2 += [
        [*f2bad, "มีค่าที่อ่านไม่ได้"],
        [*mk.form2_row(u(6), 2567, 6)[:2], _UNKNOWN_UNITS[4], *mk.form2_row(u(6), 2567, 6)[3:], None],
        ["2567/68", *mk.form2_row(many_b[5], 2567, 12)[1:], "ปีผิดรูปแบบ"],
        [*mk.form2_row(many_b[5], 2567, 6)[:1], "ครึ่งปี", *mk.form2_row(many_b[5], 2567, 6)[2:], None],
        [*mk.form2_row(many_b[0], 2567, 6), "ส่งซ้ำ (แก้ไขตัวเลข)"],
        [*mk.form2_row(a, 2567, 12, scale=3), "กองกลางส่งแก้ไขผ่านไฟล์รวม"],
    ]
    books.append(_Book("reports/รวมรายงานหน่วยงาน-2567.xlsx", [
        _Sheet.from_rows(vocab.FORM1_TAB, rows1, 0, (*_F1_WIDTHS, 24)),
        _Sheet.from_rows(vocab.FORM2_TAB, rows2, 0, (*_F2_WIDTHS, 24)),
    ]))

    # C. many units, fiscal year 2568, columns in another order, a correction of a 2567 row
    many_c = [u(1), u(3), u(4), u(5), u(7), u(10), u(14)]
    order1 = [2, 0, 1, 3, 4, 5, 9, 6, 7, 8]  # หน่วยงาน first, reporter columns last
    order2 = [2, 0, 1, *range(3, w2)]
    rows1 = [[f1h[i] for i in order1]]
    rows2 = [[f2h[i] for i in order2]]
    for unit in many_c:
        for months in (6, 12):
            for r in mk.form1_rows(unit, 2568, months, skip=(5, 6) if unit is many_c[-1] else ()):
                rows1.append([r[i] for i in order1])
            row = mk.form2_row(unit, 2568, months)
            rows2.append([row[i] for i in order2])
    fix = mk.form2_row(many_b[2], 2567, 12)
    rows2.append([fix[i] for i in order2])  # replaces the row of the 2567 workbook
    books.append(_Book("reports/รวมรายงานหน่วยงาน-2568.xlsx", [
        _Sheet.from_rows(vocab.FORM1_TAB, rows1, 0, tuple(_F1_WIDTHS[i] for i in order1)),
        _Sheet.from_rows(vocab.FORM2_TAB, rows2, 0, tuple(_F2_WIDTHS[i] for i in order2)),
    ]))

    # D. ศปท.: an instructions tab first, one title row, a duplicate within the file (a correction
    #    appended at the bottom), template rows for the next round
    d = u(12)
    rows1 = [[_FORM1_TITLE], f1h]
    rows2 = [[_FORM2_TITLE], f2h]
    for fy, months in ((2567, 6), (2567, 12), (2568, 6), (2568, 12)):
        rows1 += mk.form1_rows(d, fy, months)
        rows2.append(mk.form2_row(d, fy, months, scale=2))
    correction = mk.form1_rows(d, 2567, 6)[0]
    correction[4] = "เผยแพร่ข่าวสารและผลงาน (ฉบับแก้ไข)\nรวม 18 เรื่อง"
    rows1.append(correction)
    rows1 += _signature_rows(w1, 4)
    rows2 += _signature_rows(w2, 4)
    books.append(_Book(f"reports/{_file_name(d.name)}.xlsx", [
        _Sheet.from_rows(vocab.TPL_INSTRUCTIONS_TAB, [["กรอกข้อมูลในแท็บ แบบรายงานที่ 1 และ แบบรายงานที่ 2 แล้วส่งให้ ศปท."]], 1, (80,)),
        _Sheet.from_rows(vocab.FORM1_TAB, rows1, 1, _F1_WIDTHS),
        _Sheet.from_rows(vocab.FORM2_TAB, rows2, 1, _F2_WIDTHS),
    ]))

    # E. a form 2 tab missing a required column (bad_sheet); form 1 is fine
    e = u(11)
    rows1 = [f1h]
    for months in (6, 12):
        rows1 += mk.form1_rows(e, 2567, months)
    broken = [h for h in f2h if h != vocab.OTHER_VISITOR_TYPE]
    rows2 = [broken]
    for months in (6, 12):
        row = mk.form2_row(e, 2567, months)
        rows2.append([v for h, v in zip(f2h, row, strict=True) if h != vocab.OTHER_VISITOR_TYPE])
    e_file = "reports/ศูนย์เทคโนโลยีสารสนเทศฯ.xlsx" if agency.is_default else f"reports/{_file_name(e.name)}-แก้ไข.xlsx"
    books.append(_Book(e_file, [
        _Sheet.from_rows(vocab.FORM1_TAB, rows1, 0, _F1_WIDTHS),
        _Sheet.from_rows(vocab.FORM2_TAB, rows2, 0, _F2_WIDTHS[:-1]),
    ]))
    return books, mk.personal


