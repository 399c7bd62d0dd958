"""A small hand-written local set-up whose every expected figure is worked out by hand
in tests/test_end_to_end.py. Kept separate so the Google-backend tests reuse it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from core.vocab import CHANNEL_COLUMNS, DEFAULT_QUESTION_TITLES, FORM1_COLUMNS, VISITOR_TYPES

UNITS_TOML = """
[[units]]
code = "OPS-KKL"
name = "กองกลาง"
aliases = ["กก."]

[[units]]
code = "OPS-ACOC"
name = "ศูนย์ปฏิบัติการต่อต้านการทุจริต"
aliases = ["ศปท."]

[[units]]
code = "OPS-KJ"
name = "กองการเจ้าหน้าที่"
aliases = ["กจ."]
"""

CONFIG_TOML = """
timezone = "Asia/Bangkok"

[backend]
kind = "local"
data_dir = "data"

[units]
file = "units.toml"

[survey]
spreadsheet = "survey.xlsx"
worksheet = "การตอบแบบฟอร์ม 1"

[[reports]]
spreadsheet = "reports/*.xlsx"

[master]
spreadsheet = "master.xlsx"
"""

T = DEFAULT_QUESTION_TITLES
SURVEY_HEADER = [
    "ประทับเวลา", "ชื่อ", "นามสกุล", "E-mail", T["unit"][0], T["visitor_type"][0],
    T["aware_news"][0], T["aware_contact"][0], T["aware_complaint"][0],
]
# sheet rows 2..8
SURVEY_ROWS: list[list[object]] = [
    ["15/10/2566 09:30", "สมชาย", "ใจดี", "a@example.com", "กองกลาง", "ประชุม/สัมมนา",
     "รู้/ทราบ", "ไม่รู้/ไม่ทราบ", "รู้"],
    [datetime(2024, 4, 1, 0, 0), "สมหญิง", "รักงาน", "b@example.com", "กก.",
     "คู่สัญญา/การจัดซื้อจัดจ้าง, ผู้รับเหมา, ช่างไฟ", "ทราบ", "ทราบ", None],
    ["31 มี.ค. 2567 23:59", "มานะ", "อดทน", "c@example.com", "ศปท.", "ขอรับบริการข้อมูล/ข่าวสาร",
     "ไม่ทราบ", "ไม่รู้", "ไม่แน่ใจ"],
    ["31 มี.ค. 2567 23:59", "มานะ", "อดทน", "c@example.com", "ศปท.", "ขอรับบริการข้อมูล/ข่าวสาร",
     "ไม่ทราบ", "ไม่รู้", "ไม่แน่ใจ"],
    ["2023-09-30T23:30:00+07:00", "ปิติ", "ยินดี", "d@example.com", "กองไม่มีจริง", None,
     "รู้/ทราบ", "รู้/ทราบ", "รู้/ทราบ"],
    ["hello", "ชูใจ", "ใฝ่ดี", "e@example.com", "กองกลาง", "ประชุม/สัมมนา", "รู้", "รู้", "รู้"],
    ["1/10/2566 00:00", "วีระ", "กล้าหาญ", "f@example.com", "กองการ\u200bเจ้าหน้าที่", "อื่นๆ",
     "รู้", "รู้", "ไม่รู้"],
]
PERSONAL = [
    "สมชาย", "ใจดี", "a@example.com", "สมหญิง", "รักงาน", "b@example.com", "มานะ", "อดทน", "c@example.com",
    "ปิติ", "ยินดี", "ชูใจ", "ใฝ่ดี", "วีระ", "กล้าหาญ", "f@example.com", "ผู้รับเหมา", "ช่างไฟ",
    "นางสาวทดสอบ ตัวอย่าง", "นักจัดการงานทั่วไป", "081-234-5678",
]

FORM2_HEADER = ["ปีงบประมาณ", "รอบ", "หน่วยงาน", *VISITOR_TYPES, *CHANNEL_COLUMNS]
# sheet row 1 = title, row 2 = header, data from row 3
FORM2_ROWS: list[list[object]] = [
    [2567, "6 เดือน", "กองกลาง", 2, "๑๒ คน", "-", None, 1, 10, 5, 15, 8, 7, 16, "1,000", 0, None],
    [2567, "6 เดือน", "ศูนย์ปฏิบัติการต่อต้านการทุจริต", 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2],
    ["2567", "9 เดือน", "กองกลาง", 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2],
    ["พ.ศ. ๒๕๖๗", "รอบ 6 เดือน", "ศปท.", 3, 0, 0, 0, 0, 3, 0, 3, 2, 1, 3, "ประมาณ 10", 3, 3],
    [2567, "12 เดือน", "กองการเจ้าหน้าที่", *([None] * 14)],
    [None] * 17,
    [None, None, None, "(ลงชื่อ) ผู้รายงาน"],
]

# sheet rows 1-2 = titles, row 3 = header, data from row 4
FORM1_ROWS: list[list[object]] = [
    [2567, "6 เดือน", "กองกลาง", 1, "ทำแล้ว", "https://www.mdes.go.th/news", "นางสาวทดสอบ ตัวอย่าง",
     "นักจัดการงานทั่วไป", "081-234-5678", "1/4/2567"],
    [2567, "6 เดือน", "กองกลาง", 2, "-", None, "นางสาวทดสอบ ตัวอย่าง", None, None, None],
    [2024, "6 เดือน", "กองกลาง", "มาตรการที่ 3", "ประชุมชี้แจง\nครั้งที่ 1",
     "www.mdes.go.th/x และ http://bad", None, None, None, None],
    [2567, "6 เดือน", "กองกลาง", 8, "x", None, None, None, None, None],
    [2567, "12 เดือน", "หน่วยลึกลับ", 1, "x", None, None, None, None, None],
    [2567, "6 เดือน", "กองกลาง", 1.0, "=SUM(A1)", None, None, None, None, None],
    [2567, "12 เดือน", "กองกลาง", 4, None, None, None, None, None, None],
]


def write_xlsx(path: Path, tabs: dict[str, list[list[object]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in tabs.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for r in ws.iter_rows():  # keep formula-like text as text in the fixture
            for c in r:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"
    wb.save(path)


def make_setup(root: Path) -> Path:
    """Write the fixture into ``root``; return the config path."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "units.toml").write_text(UNITS_TOML, encoding="utf-8")
    config = root / "ita-sync.toml"
    config.write_text(CONFIG_TOML, encoding="utf-8")
    write_xlsx(root / "data" / "survey.xlsx", {"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, *SURVEY_ROWS]})
    write_xlsx(root / "data" / "reports" / "a.xlsx", {
        "แบบรายงานที่ 1": [["แบบรายงานผลการดำเนินงานตามมาตรการ"], ["หน่วยงาน: กองกลาง"], list(FORM1_COLUMNS),
                           *FORM1_ROWS],
        "แบบรายงานที่ ๒": [["รายงานผลการสำรวจ"], FORM2_HEADER, *FORM2_ROWS],
    })
    return config
