"""Demo data of the section-8 sources (CONTRACT section 8) for ``ita-sync demo``: the PR
group's monthly social-media report, the agency's ITA results, and (DEPA) training attendance.

Realistic and messy on purpose: every rule of section 8 has rows that exercise it (month and
channel spellings, Thai digits, serial and date cells, two-digit BE years, unknown channels,
bad months and numbers, corrections that replace earlier rows, template rows, blank rows,
indicators by number and by name, scores with ``%``, unknown employees, blank topics, bad
dates, a sign-in twice on one day, shares exactly at the threshold). Seeded: the same
arguments always give the same rows. Personal values (reporters, employees) are returned so
the privacy tests can look for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from core import vocab
from core.units import Registry

__all__ = ["ITA_SCORES", "DemoSources", "ita_rows", "pr_rows", "training_tabs"]

_ABBR = vocab.MONTH_ABBR  # the one copy of the Thai month tables (core/vocab.py)
_FULL = vocab.THAI_MONTHS
_THAI = str.maketrans("0123456789", vocab.THAI_DIGITS)
_EPOCH = date(1899, 12, 30)

#: ITA scores per agency and fiscal year, indicators 1-10. MDES OPS 2565 is seed 003's result
#: (total 92.48, level A; indicator 7 the lowest at 80.29; 9 and 10 at 100); DEPA 2562 is seed
#: 000's (total 87.80, level A; indicator 7 the lowest at 69.36; 9 and 10 at 100).
ITA_SCORES: dict[str, dict[int, list[float | None]]] = {
    "mdes-ops": {
        2565: [91.20, 90.15, 89.98, 92.00, 88.00, 87.71, 80.29, 86.00, 100, 100],
        2566: [92.40, 91.05, 90.50, 93.10, 89.75, 88.20, 83.45, 87.30, 100, 98.50],
        2567: [93.10, 92.60, 91.85, 94.00, 90.20, 89.90, 85.12, 88.05, 99.25, 100],
        2568: [94.05, 93.30, 92.70, 94.80, 91.15, None, None, None, None, None],  # EIT and OIT not out yet
    },
    "depa": {
        2562: [85.00, 83.33, 82.00, 84.00, 82.34, 80.00, 69.36, 78.64, 100, 100],
        2563: [86.10, 84.90, 83.75, 85.20, 83.10, 82.45, 74.80, 80.10, 100, 98.75],
        2564: [87.30, 86.20, 85.05, 86.90, 84.60, 84.10, 78.95, 82.35, 100, 100],
    },
}

#: the website channel's name in the master (the last of the contract's channels)
_WEBSITE = tuple(vocab.PR_CHANNELS)[-1]
MDES_CHANNELS = ("Facebook", "X", "YouTube", "LINE OA", "TikTok", _WEBSITE)
DEPA_CHANNELS = ("Facebook", "YouTube", "LINE OA", _WEBSITE)
_SPELLINGS = {
    "Facebook": ["Facebook", "facebook", "FB", "เฟซบุ๊ก", "เฟสบุ๊ค", "Facebook "],
    "X": ["X", "Twitter", "X (Twitter)", "ทวิตเตอร์"],
    "YouTube": ["YouTube", "Youtube", "ยูทูบ"],
    "LINE OA": ["LINE OA", "Line", "LINE Official Account", "ไลน์ OA"],
    "TikTok": ["TikTok", "Tiktok", "ติ๊กต็อก"],
    "Instagram": ["Instagram", "IG"],
    _WEBSITE: ["เว็บไซต์", "Website", "เว็บ"],
}
_BASE_REACH = {"Facebook": 42000, "X": 6000, "YouTube": 9000, "LINE OA": 15000, "TikTok": 30000,
               "Instagram": 5000, _WEBSITE: 12000}
_REPORTERS = (("นางสาวพิมพ์ชนก ประชาสัมพันธ์สมมติ", "0 2141 6741"), ("นายธนากร สื่อสารทดลอง", "0 2141 6742"))


@dataclass
class DemoSources:
    """The rows of the three workbooks and the personal values written in them."""

    personal: set[str] = field(default_factory=set)


def _month_cell(rng: np.random.Generator, year: int, month: int) -> Any:
    """One month written the ways officers write it (``year`` CE)."""
    be = year + 543
    k = int(rng.integers(0, 9))
    return [
        f"{_ABBR[month - 1]} {be % 100:02d}",                 # ต.ค. 66: two-digit BE year
        f"{_ABBR[month - 1]} {be}",
        f"{_FULL[month - 1]} {be}",
        f"{be}-{month:02d}",
        f"{month}/{be}",
        datetime(year, month, 1),                             # a date cell
        float((date(year, month, 1) - _EPOCH).days),          # a serial number
        f"{_ABBR[month - 1].replace('.', '')} {be}".translate(_THAI),  # no dots, Thai digits
        f"{year}/{month}",                                    # CE year first
    ][k]


def _count_cell(rng: np.random.Generator, v: int, word: str) -> Any:
    k = int(rng.integers(0, 5))
    return [v, f"{v:,}", f"{v:,} {word}", str(v), float(v)][k]


def pr_rows(seed: int, channels: tuple[str, ...], *, first: tuple[int, int], last: tuple[int, int],
            gaps: tuple[tuple[int, int], ...], out: DemoSources) -> list[list[Any]]:
    """The PR workbook's tab: two title rows, the header, one row per month and channel from
    ``first`` to ``last`` (CE year, month) except the months in ``gaps`` (no row at all), then
    the messy rows, corrections, template rows for the next month and a signature."""
    rng = np.random.default_rng([seed, 81])
    header = [*vocab.PR_REQUIRED, *vocab.PR_PERSONAL]
    rows: list[list[Any]] = [["รายงานผลการเข้าถึงข้อมูลข่าวสารและผลงานของประชาชนบนสื่อสังคมออนไลน์ (รายเดือน)"],
                             ["กลุ่มงานประชาสัมพันธ์ สำเนาถึง ศูนย์ปฏิบัติการต่อต้านการทุจริต"], header]
    y, m = first
    months = []
    while (y, m) <= last:
        if (y, m) not in gaps:
            months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    for k, (y, m) in enumerate(months):
        who = _REPORTERS[k % 2]
        out.personal.update(who)
        for ch in channels:
            growth = 1 + 0.02 * k
            reach = int(_BASE_REACH[ch] * growth * rng.uniform(0.7, 1.3))
            posts = int(rng.integers(4, 40))
            engagement = int(reach * rng.uniform(0.02, 0.09))
            spelled = _SPELLINGS[ch][int(rng.integers(0, len(_SPELLINGS[ch])))]
            rows.append([_month_cell(rng, y, m), spelled, _count_cell(rng, posts, "โพสต์"),
                         _count_cell(rng, reach, "ครั้ง"), _count_cell(rng, engagement, "ครั้ง"), *who])
    y0, m0 = months[0]
    y1, m1 = months[min(3, len(months) - 1)]
    who = _REPORTERS[0]
    rows += [
        [f"{_ABBR[m0 - 1]} {y0 + 543}", "Threads", 3, 1200, 40, *who],                 # unknown_channel
        ["13/2567", "Facebook", 10, 20000, 900, *who],                                 # bad_month
        ["ไตรมาส 1/2567", "YouTube", 5, 3000, 100, *who],                              # bad_month
        [f"{m1}/{y1 + 543}", "LINE OA", "ประมาณ 20", "15,500", "1.2k", *who],         # bad_number x2
        # a correction: the same month and channel again, replacing the earlier row
        [f"{_ABBR[m0 - 1]} {y0 + 543}", "Facebook", 31, "48,250", "3,120 ครั้ง", *who],
    ]
    ny, nm = (last[0] + 1, 1) if last[1] == 12 else (last[0], last[1] + 1)
    rows += [[f"{_ABBR[nm - 1]} {ny + 543}", ch, None, None, None, None, None] for ch in channels]  # template
    rows += [[None] * 7, [None, None, None, None, None, "(ลงชื่อ)....................ผู้รายงาน", None]]
    return rows


def ita_rows(seed: int, agency: str) -> list[list[Any]]:
    """The ITA workbook's tab: the header on row 1, one row per indicator and year with its
    score written many ways, a correction, a bad score, an unknown indicator, template rows."""
    rng = np.random.default_rng([seed, 82])
    names = [i[1] for i in vocab.ITA_INDICATORS]
    rows: list[list[Any]] = [[vocab.COL_YEAR, vocab.COL_ITA_INDICATOR, vocab.COL_ITA_SCORE, "หมายเหตุ"]]
    years = ITA_SCORES[agency]
    for fy, scores in years.items():
        for k, score in enumerate(scores, start=1):
            year = [fy, str(fy), f"พ.ศ. {fy}", fy - 543][int(rng.integers(0, 4))]
            ind = [k, str(k), f"ตัวชี้วัดที่ {k}", names[k - 1], f"ตัวชี้วัดที่ {k}".translate(_THAI)][
                int(rng.integers(0, 5))]
            if score is None:
                rows.append([fy, names[k - 1], None, "รอประกาศผล"])  # template row: not read
                continue
            if k == 7 and fy == min(years):  # a first entry later corrected below
                rows.append([year, ind, round(score - 1.5, 2), "กรอกผิด"])
                continue
            cell: Any = [score, f"{score:.2f}", f"{score:.2f}%", f"{score:.2f}".translate(_THAI)][int(rng.integers(0, 4))]
            rows.append([year, ind, cell, None])
    first = min(years)
    rows += [
        [first, "ความพึงพอใจของผู้รับบริการ", 88, "ไม่ใช่ตัวชี้วัด ITA"],   # bad_indicator
        [first, 11, 90, None],                                          # bad_indicator
        [first + 1, 8, "ไม่ผ่าน", None],                                 # bad_score
        [first + 1, 6, "105", "พิมพ์เกิน"],                               # bad_score
        [first, "ประสิทธิภาพการสื่อสาร", f"{years[first][6]:.2f}%", "แก้ไขตามประกาศ"],  # replaces the first entry
        [None, None, None, None],
    ]
    return rows


#: the three topics of seed 000's measure 3.1
DEPA_TOPICS = (
    "การดำเนินการตามภารกิจ บทบาท หน้าที่ และเป้าหมายของสำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "การดำเนินการตามกฎหมายว่าด้วยการเงินการคลังของรัฐ, พระราชบัญญัติจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ "
    "พ.ศ. ๒๕๖๐, ข้อบังคับและระเบียบ ต่าง ๆ ของสำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "การเสริมสร้างวัฒนธรรมองค์กร ในการปฏิบัติงานตาม core value ของสำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
)
_EMP_FIRST = ("กมลชนก", "ณัฐพงศ์", "ปิยะนุช", "ธีรวัฒน์", "สุดารัตน์", "อรรถพล", "เบญจวรรณ", "ชยพล", "วรรณิษา", "ภูริช",
              "ศศิธร", "กฤษดา", "นันทิชา", "พงศกร", "รัชนีกร")
_EMP_LAST = ("ดิจิทัลสมมติ", "ส่งเสริมทดลอง", "ก้าวหน้าตัวอย่าง", "นวัตกรรมทดสอบ", "รุ่งเรืองสมมุติ", "มั่นคงทดลอง",
             "ใฝ่รู้ตัวอย่าง", "เปี่ยมสุขทดสอบ")
_EMP_POS = ("นักวิเคราะห์อาวุโสสมมติ", "เจ้าหน้าที่ส่งเสริมทดลอง", "ผู้ประสานงานโครงการตัวอย่าง", "นักบัญชีทดสอบ")


def _session_days(rng: np.random.Generator, year: int, months: tuple[int, ...], n: int) -> list[date]:
    days: set[date] = set()
    while len(days) < n:
        m = months[int(rng.integers(0, len(months)))]
        y = year - 1 if m >= 10 else year
        days.add(date(y, m, int(rng.integers(1, 28))))
    return sorted(days)


def training_tabs(seed: int, registry: Registry, out: DemoSources) -> dict[str, list[list[Any]]]:
    """The training workbook: ``ผู้ต้องเข้าอบรม`` (about 45 employees of the registry's units)
    and ``การเข้าอบรม`` (sign-ins of fiscal years 2567 and 2568, sessions of the seed's three
    topics), with every rule of section 8.3 exercised."""
    rng = np.random.default_rng([seed, 83])
    units = list(registry.units)
    roster: list[list[Any]] = [["รายชื่อพนักงานที่ต้องเข้าอบรม In House Training (มาตรการที่ 3.1)"],
                               [vocab.COL_EMPLOYEE, *vocab.ROSTER_PERSONAL, vocab.COL_UNIT]]
    staff: list[tuple[str, str, str]] = []
    for k in range(45):
        code = f"D{6301 + k:05d}"
        first, last = _EMP_FIRST[k % len(_EMP_FIRST)], _EMP_LAST[(k * 3) % len(_EMP_LAST)]
        u = units[k % len(units)]
        unit = [u.name, *u.aliases][int(rng.integers(0, 1 + len(u.aliases)))] if u.aliases else u.name
        written = [code, code.lower(), f" {code} ", code][k % 4]  # matched after rule T
        roster.append([written, first, last, _EMP_POS[k % len(_EMP_POS)], unit])
        staff.append((code, first, last))
        out.personal.update((code, written.strip(), first, last, _EMP_POS[k % len(_EMP_POS)]))
    roster += [
        ["D06390", "วิชัย", "ลาออกสมมติ", "เจ้าหน้าที่ส่งเสริมทดลอง", "ฝ่ายกฎหมาย"],   # unknown_unit
        [None, "ลืมกรอกรหัส", "ตัวอย่าง", "เจ้าหน้าที่ส่งเสริมทดลอง", units[0].name],  # bad_employee
        [staff[4][0], staff[4][1], staff[4][2], "ย้ายหน่วยงาน", units[-1].name],     # replaces the earlier row
        [None, None, None, None, None],
    ]
    out.personal.update(("D06390", "วิชัย ลาออกสมมติ", "ลืมกรอกรหัส"))
    attendance: list[list[Any]] = [[vocab.DEFAULT_QUESTION_TITLES["timestamp"][0], vocab.COL_EMPLOYEE, *vocab.ATTENDANCE_PERSONAL, vocab.COL_TOPIC,
                                    vocab.COL_SESSION_DATE]]
    first_half, second_half = (10, 11, 12, 1, 2, 3), (4, 5, 6, 7, 8, 9)
    plan = {  # (topic, fiscal year) -> session days; topic 0 has 10 sessions in 2567: 7 of 10 is exactly 70 %
        (0, 2567): _session_days(rng, 2024, first_half, 5) + _session_days(rng, 2024, second_half, 5),
        (1, 2567): _session_days(rng, 2024, first_half, 2) + _session_days(rng, 2024, second_half, 1),
        (2, 2567): _session_days(rng, 2024, first_half, 3),
        (0, 2568): _session_days(rng, 2025, first_half, 2),
        (1, 2568): _session_days(rng, 2025, first_half, 2) + _session_days(rng, 2025, second_half, 2),
        (2, 2568): _session_days(rng, 2025, second_half, 3),
    }
    plan[(0, 2567)][0] = date(2023, 10, 1)  # a session on 1 October: the first day of fiscal 2567
    rate = rng.uniform(0.45, 0.98, len(staff))
    for (topic, _fy), days in sorted(plan.items(), key=lambda kv: kv[1][0]):
        for d in days:
            for e, (code, first, last) in enumerate(staff):
                if e == 1 and topic == 0:  # exactly 7 of topic 0's sessions of 2567: 70 %, a pass
                    attend = d in plan[(0, 2567)][:7] or d.year == 2025
                else:
                    attend = rng.random() < rate[e]
                if not attend:
                    continue
                stamp = datetime(d.year, d.month, d.day, 9, 0) + timedelta(minutes=int(rng.integers(0, 50)))
                day_cell: Any = [f"{d.day}/{d.month}/{d.year + 543}", datetime(d.year, d.month, d.day),
                                 f"{d.day} {_ABBR[d.month - 1]} {d.year + 543}",
                                 f"{d.year}-{d.month:02d}-{d.day:02d}"][int(rng.integers(0, 4))]
                title = DEPA_TOPICS[topic]
                if rng.random() < 0.1:
                    title = "  " + title.replace(" ", "  ", 1)  # extra spaces: the same topic after rule T
                attendance.append([stamp, [code, code.lower()][int(rng.integers(0, 2))], first, last, title, day_cell])
    d0 = plan[(0, 2567)][1]
    attendance += [
        [datetime(2024, 1, 5, 9, 0), "D09999", "บุคคลภายนอก", "สมมติ", DEPA_TOPICS[0], "5/1/2567"],   # bad_employee
        [datetime(2024, 1, 5, 9, 1), "D06390", "วิชัย", "ลาออกสมมติ", DEPA_TOPICS[0], "5/1/2567"],     # rejected roster row
        [datetime(2024, 1, 5, 9, 2), staff[2][0], staff[2][1], staff[2][2], None, "5/1/2567"],         # bad_topic
        [datetime(2024, 1, 5, 9, 3), staff[3][0], staff[3][1], staff[3][2], DEPA_TOPICS[1], "31/2/2567"],  # bad_timestamp
        [datetime(2024, 1, 5, 9, 4), staff[3][0], staff[3][1], staff[3][2], DEPA_TOPICS[1], "5/1/67"],    # two-digit year
        # signed in twice for one session: the later row replaces the earlier one
        [datetime(d0.year, d0.month, d0.day, 15, 0), staff[0][0], staff[0][1], staff[0][2], DEPA_TOPICS[0],
         f"{d0.day}/{d0.month}/{d0.year + 543} 15:00"],
        [datetime(d0.year, d0.month, d0.day, 15, 5), staff[0][0], staff[0][1], staff[0][2], DEPA_TOPICS[0],
         f"{d0.day}/{d0.month}/{d0.year + 543} 15:05"],
        [None] * 6,
    ]
    out.personal.update(("D09999", "บุคคลภายนอก"))
    return {vocab.TAB_ROSTER: roster, vocab.TAB_ATTENDANCE: attendance}
