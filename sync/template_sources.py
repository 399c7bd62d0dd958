"""Template workbooks of the section-8 sources (CONTRACT section 8; ``ita-sync template
--source pr|ita|training``): exactly the tabs and headers the job reads, with title rows above
the header (ignored by the job), template rows (value cells blank: not read), drop-downs for
channels, indicators and units, and an instructions tab (``คำชี้แจง``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core import vocab
from core.sources import ItaFramework
from sync.template import (
    _BORDER,
    _KEY_FILL,
    FIRST_DATA_ROW,
    INSTRUCTIONS_TAB,
    LAST_VALIDATED_ROW,
    _agency,
    _bundled_unit_names,
    _column_ref,
    _font,
    _header,
    _title_rows,
    _validation,
    _widths,
)
from sync.template import _fiscal_year as _current_fiscal_year

__all__ = ["SOURCE_FILES", "write_source_template"]

#: source -> file name of its template
SOURCE_FILES = {
    "pr": "แม่แบบ-สื่อสังคมออนไลน์.xlsx",
    "ita": "แม่แบบ-ผลการประเมิน-ITA.xlsx",
    "training": "แม่แบบ-การอบรม.xlsx",
}
_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def _instructions(wb: Workbook, title: str, lines: Sequence[tuple[str | None, str, bool]],
                  lists: dict[str, Sequence[str]]) -> dict[str, str]:
    """The instructions tab; ``lists`` (name -> values) are written below it and their ranges
    returned for the drop-downs."""
    ws = wb.create_sheet(INSTRUCTIONS_TAB)
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 110
    rows: list[tuple[str | None, str, bool]] = [(None, title, True), *lines]
    refs: dict[str, str] = {}
    r = 0
    for r, (num, text, bold) in enumerate(rows, start=1):
        if num is not None:
            ws.cell(row=r, column=1, value=num).font = _font(bold)
        cell = ws.cell(row=r, column=2, value=text or None)
        cell.font = _font(bold, 18 if r == 1 else 16)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for name, values in lists.items():
        r += 2
        ws.cell(row=r, column=2, value=name).font = _font(True)
        first = r + 1
        for k, v in enumerate(values):
            ws.cell(row=first + k, column=1, value=k + 1).font = _font()
            ws.cell(row=first + k, column=2, value=v).font = _font()
        r = first + len(values) - 1
        refs[name] = f"'{INSTRUCTIONS_TAB}'!$B${first}:$B${r}"
    return refs


def _fill(ws: Worksheet, rows: Sequence[Sequence[object]], keys: int) -> None:
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.font = _font()
            cell.border = _BORDER
            if c <= keys:
                cell.fill = _KEY_FILL


def _whole(ws: Worksheet, headers: Sequence[str], first: str, last: str, title: str) -> None:
    a = get_column_letter(list(headers).index(first) + 1)
    b = get_column_letter(list(headers).index(last) + 1)
    _validation(ws, "whole", f"{a}{FIRST_DATA_ROW}:{b}{LAST_VALIDATED_ROW}", formula1="0",
                operator="greaterThanOrEqual", title=title, prompt="จำนวนเต็ม เช่น 1,250 (ไม่มีให้ใส่ 0)",
                error="ควรเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป", style="warning")


def _pr(wb: Workbook, fy: int) -> None:
    channels = list(vocab.PR_CHANNELS)
    refs = _instructions(wb, "คำชี้แจงการกรอกรายงานการเข้าถึงข้อมูลข่าวสารบนสื่อสังคมออนไลน์ (รายเดือน)", [
        (None, "กลุ่มงานประชาสัมพันธ์รายงานทุกเดือน 1 แถวต่อ 1 เดือน ต่อ 1 ช่องทาง แล้วสำเนาถึง ศปท.", False),
        ("", "เดือน: เช่น ต.ค. 2567 หรือ 2567-10 หรือ 10/2567 (ปี พ.ศ. หรือ ค.ศ. ก็ได้; ต.ค. 67 คือ พ.ศ. 2567)", False),
        ("", "ช่องทาง: เลือกจากรายการ (Facebook, X, YouTube, LINE OA, TikTok, Instagram, เว็บไซต์)", False),
        ("", "จำนวนโพสต์ ยอดการเข้าถึง ยอดการมีส่วนร่วม: จำนวนเต็ม เช่น 12,500 (ไม่มีให้ใส่ 0)", False),
        ("", "แถวที่กรอกเดือนไว้แต่ยังไม่มีตัวเลข ระบบยังไม่นับ; ต้องการแก้ไข ให้เพิ่มแถวเดือนและช่องทางเดียวกันไว้ด้านล่าง", False),
        ("", "ผู้รายงาน หมายเลขโทรศัพท์: ใช้ติดต่อกลับเท่านั้น ไม่นำไปแสดงในรายงานรวม", False),
    ], {"ช่องทาง": channels})
    headers = [*vocab.PR_REQUIRED, *vocab.PR_PERSONAL]
    months = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    rows = [[f"{_MONTHS_ABBR[m - 1]} {fy - 1 if m >= 10 else fy}", None, None, None, None, None, None]
            for m in months]
    ws = wb.create_sheet(vocab.TAB_PR)
    _title_rows(ws, "รายงานผลการเข้าถึงข้อมูลข่าวสารและผลงานบนสื่อสังคมออนไลน์ (รายเดือน)", None,
                "1 แถวต่อ 1 เดือน ต่อ 1 ช่องทาง (ดูแท็บ คำชี้แจง)", len(headers))
    _header(ws, headers, _widths(headers, rows, wrap_at=14), 36)
    _fill(ws, rows, 2)
    _validation(ws, "list", _column_ref(headers, vocab.COL_PR_CHANNEL), formula1=refs["ช่องทาง"],
                title="ช่องทาง", prompt="เลือกช่องทางจากรายการ", error="ช่องทางไม่อยู่ในรายการ (ดูแท็บ คำชี้แจง)",
                style="warning")
    _whole(ws, headers, vocab.COL_PR_POSTS, vocab.COL_PR_ENGAGEMENT, "จำนวน")


def _ita(wb: Workbook, fy: int, fw: ItaFramework) -> None:
    names = [i.name for i in fw.indicators]
    refs = _instructions(wb, "คำชี้แจงการกรอกผลการประเมินคุณธรรมและความโปร่งใส (ITA) รายปี", [
        (None, "กรอก 1 แถวต่อ 1 ตัวชี้วัด ต่อ 1 ปีงบประมาณ ตามผลที่ประกาศ", False),
        ("", "ปีงบประมาณ: เลข พ.ศ. 4 หลัก เช่น 2567", False),
        ("", "ตัวชี้วัด: เลข 1 ถึง 10 (หรือ ตัวชี้วัดที่ 7) หรือชื่อตัวชี้วัดจากรายการ", False),
        ("", "คะแนน: 0 ถึง 100 เช่น 80.29 (มี % ต่อท้ายได้) เว้นว่างไว้ถ้ายังไม่ประกาศ", False),
        ("", "ระบบคำนวณคะแนนรายเครื่องมือ (IIT, EIT, OIT) คะแนนรวม ระดับ และการเปลี่ยนแปลงจากปีก่อนให้เอง", False),
    ], {"ตัวชี้วัด": [f"{i.number} {i.name} ({i.tool}, น้ำหนัก {float(i.weight):g})" for i in fw.indicators],
        "ชื่อตัวชี้วัด": names})
    headers = [vocab.COL_YEAR, vocab.COL_ITA_INDICATOR, vocab.COL_ITA_SCORE, "หมายเหตุ"]
    rows = [[fy, name, None, None] for name in names]
    ws = wb.create_sheet(vocab.TAB_ITA)
    _title_rows(ws, "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)", None,
                "1 แถวต่อ 1 ตัวชี้วัด ต่อ 1 ปี (ดูแท็บ คำชี้แจง)", len(headers))
    _header(ws, headers, _widths(headers, rows, wrap_at=14), 36)
    _fill(ws, rows, 2)
    _validation(ws, "list", _column_ref(headers, vocab.COL_ITA_INDICATOR), formula1=refs["ชื่อตัวชี้วัด"],
                title="ตัวชี้วัด", prompt="เลือกชื่อตัวชี้วัด หรือพิมพ์เลข 1 ถึง 10",
                error="ตัวชี้วัดไม่อยู่ในรายการ (ดูแท็บ คำชี้แจง)", style="warning")
    _validation(ws, "decimal", _column_ref(headers, vocab.COL_ITA_SCORE), formula1="0", formula2="100",
                operator="between", title="คะแนน", prompt="คะแนน 0 ถึง 100 เช่น 80.29",
                error="คะแนนควรอยู่ระหว่าง 0 ถึง 100", style="warning")


def _training(wb: Workbook, units_file: Path | None) -> None:
    unit_names = _bundled_unit_names(units_file)
    agency = _agency(units_file)
    refs = _instructions(wb, f"คำชี้แจงการกรอกข้อมูลการอบรมภายใน (In House Training) ของ{agency.name}", [
        ("๑", f"แท็บ “{vocab.TAB_ROSTER}”: พนักงานทุกคนที่ต้องเข้าอบรม 1 แถวต่อ 1 คน", True),
        ("", "รหัสพนักงาน: รหัสที่ไม่ซ้ำกัน (ใช้จับคู่กับการเข้าอบรม ไม่แสดงในรายงานรวม)", False),
        ("", "หน่วยงาน: ชื่อตามทะเบียนหน่วยงาน เลือกจากรายการ", False),
        ("๒", f"แท็บ “{vocab.TAB_ATTENDANCE}”: 1 แถวต่อ 1 คน ต่อ 1 ครั้งที่เข้าอบรม (เช่น คำตอบแบบฟอร์มลงชื่อเข้าอบรม)", True),
        ("", "หัวข้อ: ชื่อหัวข้อการอบรม ให้เขียนเหมือนกันทุกครั้ง", False),
        ("", "วันที่อบรม: เช่น 15/11/2567 หรือ 15 พ.ย. 2567 (การอบรม 1 หัวข้อใน 1 วัน นับเป็น 1 ครั้ง)", False),
        ("", "ผ่านเกณฑ์: เข้าอบรมไม่น้อยกว่าร้อยละที่กำหนด (threshold_percent) ของจำนวนครั้งที่จัดในหัวข้อนั้น"
             " ในรอบ 6 เดือน / 12 เดือน", False),
        ("", "ชื่อ นามสกุล ตำแหน่ง: ใช้ตรวจสอบภายในเท่านั้น ไม่นำไปแสดงในรายงานรวม", False),
    ], {"รายชื่อหน่วยงาน (ทะเบียนหน่วยงาน)": unit_names} if unit_names else {})
    roster_h = [vocab.COL_EMPLOYEE, *vocab.ROSTER_PERSONAL, vocab.COL_UNIT]
    ws = wb.create_sheet(vocab.TAB_ROSTER)
    _title_rows(ws, "รายชื่อพนักงานที่ต้องเข้าอบรม", None, "1 แถวต่อ 1 คน (ดูแท็บ คำชี้แจง)", len(roster_h))
    _header(ws, roster_h, _widths(roster_h, [], wrap_at=14, wide={4: 40}), 36)
    if unit_names:
        _validation(ws, "list", _column_ref(roster_h, vocab.COL_UNIT),
                    formula1=refs["รายชื่อหน่วยงาน (ทะเบียนหน่วยงาน)"], title="หน่วยงาน",
                    prompt="เลือกชื่อหน่วยงานจากทะเบียนหน่วยงาน", error="ชื่อหน่วยงานไม่อยู่ในทะเบียนหน่วยงาน",
                    style="warning")
    att_h = [vocab.COL_EMPLOYEE, *vocab.ATTENDANCE_PERSONAL, vocab.COL_TOPIC, vocab.COL_SESSION_DATE]
    ws2 = wb.create_sheet(vocab.TAB_ATTENDANCE)
    _title_rows(ws2, "บันทึกการเข้าอบรม", None, "1 แถวต่อ 1 คน ต่อ 1 ครั้งที่อบรม (ดูแท็บ คำชี้แจง)", len(att_h))
    _header(ws2, att_h, _widths(att_h, [], wrap_at=14, wide={3: 50}), 36)


def write_source_template(out_dir: Path, source: str, *, units_file: Path | None = None,
                          fiscal_year: int | None = None, now: datetime | None = None) -> Path:
    """Write the template workbook of ``source`` (``pr``, ``ita`` or ``training``) into
    ``out_dir`` and return its path; ValueError names the sources for any other value."""
    if source not in SOURCE_FILES:
        raise ValueError(f"--source {source!r}: expected one of reports, {', '.join(SOURCE_FILES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fy = fiscal_year or _current_fiscal_year(now)
    wb = Workbook()
    wb.remove(wb.active)
    if source == "pr":
        _pr(wb, fy)
    elif source == "ita":
        _ita(wb, fy - 1, ItaFramework())
    else:
        _training(wb, units_file)
    main = next(ws for ws in wb.worksheets if ws.title != INSTRUCTIONS_TAB)
    wb.active = wb.sheetnames.index(main.title)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is main
    path = out_dir / SOURCE_FILES[source]
    wb.save(path)
    return path
