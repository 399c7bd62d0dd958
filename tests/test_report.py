"""`ita-sync report` (CONTRACT section 9) on the hand-written fixture of tests/fixtures.py.

Every expected figure was worked out by hand from the fixture rows (see
tests/test_end_to_end.py for the per-unit rows they come from); none is computed by the code
under test. Period 2567 รอบ 6 เดือน, the รวม rows of แบบรายงานที่ 2 summed over units:

- กองกลาง: n 1001, visitor types (2, 12, 1, 0, 1), news 11/5, contact 8/8, complaint 1001/0
- ศปท.:    n 4,    visitor types (3, 1, 0, 0, 0), news 3/1,  contact 2/2, complaint 0/3
- กจ.:     n 1,    visitor types (0, 0, 0, 0, 1), news 1/0,  contact 1/0, complaint 0/1

so respondents 1006 (online 1 + 1 + 1 = 3, unit reports 1000 + 3 = 1003); visitor types
(5, 13, 1, 0, 2); news 15/6 of 21 = 71.4 %; contact 11/10 of 21 = 52.4 %; complaint
1001/4 of 1005 = 99.6 %. Form 1: only กองกลาง sent (measures 1 and 3); form 2: กองการเจ้าหน้าที่
did not send; every unit has online responses.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from core import vocab as V
from core.columns import MasterTable
from core.units import Registry, Unit
from sync.report.document import Profile, build_document, periods_of, thai_digits
from tests.fixtures import PERSONAL, make_setup

KKL, ACOC, KJ = "กองกลาง", "ศูนย์ปฏิบัติการต่อต้านการทุจริต", "กองการเจ้าหน้าที่"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("report")
    config = make_setup(root)
    proc = cli("report", "--config", str(config), "--year", "2567", "--round", "6 เดือน", "--out",
               str(root / "out"), "--pdf")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root, config, proc


def docx_tables(path: Path) -> list[list[list[str]]]:
    doc = open_docx(str(path))
    out = []
    for t in doc.tables:
        rows = []
        for r in t.rows:
            cells: list[str] = []
            seen: list[object] = []
            for c in r.cells:  # a merged cell repeats across the grid: keep it once
                if not seen or c._tc is not seen[-1]:
                    cells.append(c.text)
                    seen.append(c._tc)
            rows.append(cells)
        out.append(rows)
    return out


def docx_text(path: Path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_files_named_by_period(written):
    root, _, proc = written
    assert sorted(p.name for p in (root / "out").iterdir()) == ["ITA-2567-6.docx", "ITA-2567-6.pdf"]
    assert "ITA-2567-6.docx" in proc.stdout


def test_survey_section_every_figure(written):
    root, _, _ = written
    tables = docx_tables(root / "out" / "ITA-2567-6.docx")
    sources, visitors, awareness = tables[0], tables[1], tables[2]
    assert sources[1:] == [["แบบสำรวจออนไลน์", "๓"], ["รายงานหน่วยงาน", "๑,๐๐๓"], ["รวม", "๑,๐๐๖"]]
    assert visitors[1:] == [
        ["๑", "คู่สัญญา/การจัดซื้อจัดจ้าง", "๕"], ["๒", "ขอรับบริการข้อมูล/ข่าวสาร", "๑๓"],
        ["๓", "ประชุม/สัมมนา", "๑"], ["๔", "เสนอความเห็น/ข้อเสนอแนะ", "๐"], ["๕", "อื่นๆ", "๒"]]
    assert awareness[2:] == [
        ["๑", "ข้อมูลข่าวสารและผลงาน", "๑๕", "๖", "๒๑", "๗๑.๔"],
        ["๒", "ช่องทางติดต่อสอบถาม", "๑๑", "๑๐", "๒๑", "๕๒.๔"],
        ["๓", "ช่องทางร้องเรียนการทุจริต", "๑,๐๐๑", "๔", "๑,๐๐๕", "๙๙.๖"]]
    per_unit = tables[3]
    # unit, online, report, total, % news, % contact, % complaint (of the unit's รวม row)
    assert per_unit[2:] == [
        [KKL, "๑", "๑,๐๐๐", "๑,๐๐๑", "๖๘.๘", "๕๐.๐", "๑๐๐.๐"],
        [ACOC, "๑", "๓", "๔", "๗๕.๐", "๕๐.๐", "๐.๐"],
        [KJ, "๑", "๐", "๑", "๑๐๐.๐", "๑๐๐.๐", "๐.๐"]]
    text = docx_text(root / "out" / "ITA-2567-6.docx")
    assert "ในรอบรายงานนี้มีผู้ตอบแบบสำรวจทั้งสิ้น ๑,๐๐๖ คน แบ่งเป็นผู้ตอบแบบสำรวจออนไลน์ ๓ คน" in text


def test_not_reported_units_named(written):
    root, _, _ = written
    text = docx_text(root / "out" / "ITA-2567-6.docx")
    assert f"ยังไม่ส่งแบบรายงานที่ ๑ (๒ หน่วยงาน): {ACOC}, {KJ}" in text
    assert f"ยังไม่ส่งแบบรายงานที่ ๒ (๑ หน่วยงาน): {KJ}" in text
    assert "ไม่มีผู้ตอบแบบสำรวจออนไลน์ (๐ หน่วยงาน): ไม่มี" in text
    assert f"หน่วยงานที่ยังไม่ส่งแบบรายงานที่ 1 ในรอบนี้ (๒ หน่วยงาน): {ACOC}, {KJ}".replace("ที่ 1", "ที่ ๑") in text


def test_title_period_as_of_and_thai_digits(written):
    root, _, _ = written
    doc = open_docx(str(root / "out" / "ITA-2567-6.docx"))
    first = doc.paragraphs[0].text
    assert first.replace("\n", "") == ("รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของ"
                                       "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมประจำปีงบประมาณ พ.ศ. ๒๕๖๗ รอบ ๖ เดือน")
    # the latest accepted response: 1 Apr 2024 00:00 Asia/Bangkok (fixture row 3)
    assert doc.paragraphs[1].text == "ข้อมูล ณ วันที่ ๑ เมษายน ๒๕๖๗ เวลา ๐๐.๐๐ น."
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["๑. ผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร", "๑.๑ จำนวนผู้ตอบแบบสำรวจ",
                            "๑.๒ ประเภทของผู้มาติดต่อ"]
    tops = [h for h in headings if "." in h.split()[0] and h.split()[0].endswith(".")]
    # survey, measures, tracking, data quality, annex: no section-8 tab configured, so no section 5
    assert [h.split()[0] for h in tops] == ["๑.", "๒.", "๓.", "๔.", "๕."]
    assert not any(ch.isascii() and ch.isdigit() for h in headings for ch in h)


def test_docx_is_a4_thai_font_16pt(written):
    root, _, _ = written
    path = root / "out" / "ITA-2567-6.docx"
    doc = open_docx(str(path))
    s = doc.sections[0]
    assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    normal = styles[styles.index('w:styleId="Normal"'):]
    normal = normal[:normal.index("</w:style>")]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert f'{attr}="TH SarabunPSK"' in normal
    assert '<w:sz w:val="32"/>' in normal and '<w:szCs w:val="32"/>' in normal
    assert len(doc.tables) >= 10 and len(doc.inline_shapes) >= 1  # real tables, a chart picture


def test_annex_forms_per_unit_with_blank_signature(written):
    root, _, _ = written
    text = docx_text(root / "out" / "ITA-2567-6.docx")
    for name in (KKL, ACOC, KJ):
        assert f"หมายเลขโทรศัพท์....................................หน่วยงาน {name}" in text
        assert f"หน่วยงาน {name}" in text
    assert text.count("(....................................................)") == 6  # 3 units x forms 1 and 2
    assert text.count("ณ วันที่..........เดือน..............................พ.ศ. ..........") == 6
    tables = docx_tables(root / "out" / "ITA-2567-6.docx")
    form1 = [t for t in tables if t[0][1:2] == ["มาตรการ/แนวทางแก้ไขและพัฒนา"]]
    assert len(form1) == 3 and all(len(t) == 8 for t in form1)  # header + 7 measures each
    kkl = form1[0]
    assert kkl[1][2] == "=SUM(A1)" and kkl[3][2] == "ประชุมชี้แจง\nครั้งที่ 1"  # copied text as written
    form2_aw = [t for t in tables if t[0][-1:] == ["รวมทั้งสิ้น จำนวน (คน)"]]
    assert form2_aw[0][2][2:] == ["๑๑", "๕", "๑๖"]  # กองกลาง news: 11 / 5 / 16


def test_no_personal_value_anywhere(written):
    root, _, _ = written
    with zipfile.ZipFile(root / "out" / "ITA-2567-6.docx") as z:
        xml = "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    pdf_text = _pdf_text(root / "out" / "ITA-2567-6.pdf")
    for value in PERSONAL:
        assert value not in xml, value
        assert value not in pdf_text, value


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def test_pdf_text_has_the_figures(written):
    root, _, _ = written
    text = _pdf_text(root / "out" / "ITA-2567-6.pdf")
    for figure in ("๑,๐๐๖", "๑,๐๐๓", "๗๑.๔", "๕๒.๔", "๙๙.๖", "๑,๐๐๕", "๒๕๖๗"):
        assert figure in text, figure
    with open(root / "out" / "ITA-2567-6.pdf", "rb") as fh:
        raw = fh.read()
    assert b"/FontFile2" in raw and b"Sarabun" in raw  # the packaged font, embedded


def test_same_data_same_bytes(written, tmp_path):
    root, config, _ = written
    proc = cli("report", "--config", str(config), "--year", "2567", "--round", "6 เดือน", "--out", str(tmp_path),
               "--pdf")
    assert proc.returncode == 0, proc.stderr
    for name in ("ITA-2567-6.docx", "ITA-2567-6.pdf"):
        assert (tmp_path / name).read_bytes() == (root / "out" / name).read_bytes(), name


def test_writes_no_master_and_no_sync_state(written):
    root, _, _ = written
    assert not (root / "data" / "master.xlsx").exists()
    assert sorted(p.name for p in (root / "state").iterdir()) == ["last_report.json"]


def test_summary_names_the_latest_report(written):
    root, config, _ = written
    proc = cli("report", "--config", str(config), "--round", "6", "--out", str(root / "out"))
    assert proc.returncode == 0, proc.stderr
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    from openpyxl import load_workbook

    ws = load_workbook(root / "data" / "master.xlsx")["สรุปภาพรวม"]
    values = [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert str((root / "out" / "ITA-2567-6.docx").resolve()) in values
    assert "2567 รอบ 6 เดือน" in values


@pytest.mark.parametrize(
    ("case", "args", "code", "expect"),
    [
        ("unknown_year_lists_periods", ["--year", "2570"], 1,
         ["2566 รอบ 12 เดือน", "2567 รอบ 6 เดือน", "2567 รอบ 12 เดือน"]),
        ("unknown_round_of_year", ["--year", "2566", "--round", "6 เดือน"], 1, ["2566 รอบ 12 เดือน"]),
        ("year_not_a_year", ["--year", "ปีหน้า"], 2, ["--year"]),
        ("two_digit_year", ["--year", "67"], 2, ["--year"]),
        ("round_not_a_round", ["--round", "9 เดือน"], 2, ["--round"]),
    ],
)
def test_bad_period_arguments(written, tmp_path, case, args, code, expect):
    _, config, _ = written
    proc = cli("report", "--config", str(config), "--out", str(tmp_path), *args)
    assert proc.returncode == code, (case, proc.stderr)
    for text in expect:
        assert text in proc.stderr, (case, proc.stderr)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("case", "args", "name"),
    [
        ("default_latest_period", [], "ITA-2567-12.docx"),
        ("ce_year_in_thai_digits", ["--year", "๒๐๒๔", "--round", "6"], "ITA-2567-6.docx"),
        ("be_prefix_year_alone_latest_round", ["--year", "พ.ศ. 2566"], "ITA-2566-12.docx"),
        ("round_with_prefix", ["--round", "รอบ 6 เดือน"], "ITA-2567-6.docx"),
    ],
)
def test_period_choice(written, tmp_path, case, args, name):
    _, config, _ = written
    proc = cli("report", "--config", str(config), "--out", str(tmp_path), *args)
    assert proc.returncode == 0, (case, proc.stderr)
    assert [p.name for p in tmp_path.iterdir()] == [name], case


def test_missing_source_exits_1(tmp_path):
    config = make_setup(tmp_path)
    (tmp_path / "data" / "survey.xlsx").unlink()
    proc = cli("report", "--config", str(config), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr
    assert not (tmp_path / "out").exists()


# --- hand-built tables: section 5 and the DEPA profile -----------------------------------------
@dataclass(frozen=True)
class _Measure:
    number: int
    text: str


@dataclass(frozen=True)
class _Agency:
    name: str = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"
    short_name: str = "ดีป้า"
    measures: tuple[_Measure, ...] = field(default_factory=lambda: (
        _Measure(1, "การป้องกันผลประโยชน์ทับซ้อน"), _Measure(2, "การเปิดเผยข้อมูล"), _Measure(3, "การอบรมบุคลากร")))


@dataclass(frozen=True)
class _DepaRegistry:
    units: tuple[Unit, ...]
    agency: _Agency = _Agency()


def _depa_tables() -> list[MasterTable]:
    f2h = ["ปีงบประมาณ", "รอบ", "รหัสหน่วยงาน", "หน่วยงาน", "แหล่งข้อมูล", "จำนวนผู้ตอบ",
           "คู่สัญญา/การจัดซื้อจัดจ้าง", "ขอรับบริการข้อมูล/ข่าวสาร", "ประชุม/สัมมนา", "เสนอความเห็น/ข้อเสนอแนะ", "อื่นๆ",
           *(f"{c}: {a}" for c in ("ข้อมูลข่าวสารและผลงาน", "ช่องทางติดต่อสอบถาม", "ช่องทางร้องเรียนการทุจริต")
             for a in ("รู้/ทราบ", "ไม่รู้/ไม่ทราบ", "รวม"))]
    f2 = [f2h, [2567, "12 เดือน", "D-1", "ฝ่ายกลยุทธ์", "แบบสำรวจออนไลน์", 4, 1, 1, 1, 0, 1, 3, 1, 4, 2, 2, 4, 4, 0, 4],
          [2567, "12 เดือน", "D-1", "ฝ่ายกลยุทธ์", "รวม", 4, 1, 1, 1, 0, 1, 3, 1, 4, 2, 2, 4, 4, 0, 4]]
    f1 = [["ปีงบประมาณ", "รอบ", "รหัสหน่วยงาน", "หน่วยงาน", "มาตรการที่", "มาตรการ", "ผลการดำเนินงาน", "เอกสาร/หลักฐาน",
           "สถานะ"]]
    for unit, name in (("D-1", "ฝ่ายกลยุทธ์"), ("D-2", "ฝ่ายบุคคล")):
        for m, text in ((1, "การป้องกันผลประโยชน์ทับซ้อน"), (2, "การเปิดเผยข้อมูล"), (3, "การอบรมบุคลากร")):
            done = unit == "D-1" and m == 3
            f1.append([2567, "12 เดือน", unit, name, m, text, "จัดอบรม 2 ครั้ง" if done else None,
                       "https://www.depa.or.th/th/x" if done else None, "รายงานแล้ว" if done else "ยังไม่รายงาน"])
    tr = [["ปีงบประมาณ", "รอบ", "รหัสหน่วยงาน", "หน่วยงาน", "แบบรายงานที่ 1", "จำนวนมาตรการที่รายงาน", "แบบรายงานที่ 2",
           "ผู้ตอบแบบสำรวจออนไลน์"],
          [2567, "12 เดือน", "D-1", "ฝ่ายกลยุทธ์", "ส่งแล้ว", 1, "ยังไม่ส่ง", 4],
          [2567, "12 เดือน", "D-2", "ฝ่ายบุคคล", "ยังไม่ส่ง", 0, "ยังไม่ส่ง", 0]]
    pr = [["ปีงบประมาณ", "เดือน", "ช่องทาง", "จำนวนโพสต์", "ยอดการเข้าถึง", "ยอดการมีส่วนร่วม"],
          [2567, "2566-10", "Facebook", 10, 1200, 300], [2567, "2566-10", "YouTube", 2, 800, 40],
          [2567, "2567-04", "Facebook", 5, 600, 100], [2568, "2567-10", "Facebook", 99, 99999, 999]]
    ita = [["ปีงบประมาณ", "ตัวชี้วัดที่", "รายการ", "เครื่องมือ", "น้ำหนัก", "คะแนน", "เปลี่ยนแปลงจากปีก่อน", "ระดับ",
            "หมายเหตุ"],
           [2567, 7, "ประสิทธิภาพการสื่อสาร", "EIT", 10, 80.29, -1.5, None, "ต่ำสุด"],
           [2567, 9, "การเปิดเผยข้อมูล", "OIT", 20, 100, 0, None, "สูงสุด"],
           [2567, None, "คะแนนรวม", None, 100, 87.8, None, "A", None]]
    training = [["ปีงบประมาณ", "รอบ", "รหัสหน่วยงาน", "หน่วยงาน", "หัวข้อ", "จำนวนครั้งที่จัด", "จำนวนพนักงาน",
                 "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์", "ร้อยละที่ผ่านเกณฑ์"],
                [2567, "12 เดือน", "D-1", "ฝ่ายกลยุทธ์", "จริยธรรมองค์กร", 3, 4, 3, 1, 75.0],
                [2567, "12 เดือน", None, "รวม", "จริยธรรมองค์กร", 3, 4, 3, 1, 75.0],
                [2567, "6 เดือน", "D-1", "ฝ่ายกลยุทธ์", "หัวข้อรอบแรก", 1, 4, 4, 0, 100.0]]
    return [MasterTable("แบบรายงานที่ 2", f2), MasterTable("แบบรายงานที่ 1", f1),
            MasterTable("ติดตามการส่งรายงาน", tr), MasterTable("สื่อสังคมออนไลน์", pr),
            MasterTable("ผลการประเมิน ITA", ita), MasterTable("การอบรม", training),
            MasterTable("ปัญหาข้อมูล", [["แหล่งข้อมูล", "ชีต", "แถว", "คอลัมน์", "ค่าที่พบ", "รหัสปัญหา", "ปัญหา",
                                         "ข้อเสนอแนะ"],
                                        ["training.xlsx", "การเข้าอบรม", 5, "รหัสพนักงาน", None, "bad_employee",
                                         "ไม่พบรหัสพนักงาน", "เพิ่มในทะเบียน"]])]


def _depa_document():
    registry = _DepaRegistry(units=(Unit("D-1", "ฝ่ายกลยุทธ์"), Unit("D-2", "ฝ่ายบุคคล")))
    tables = _depa_tables()
    periods = periods_of(tables)
    return build_document(tables, Profile.from_registry(registry), periods[-1], as_of=None, timezone="Asia/Bangkok")


def test_depa_profile_three_measures_and_agency_name():
    doc = _depa_document()
    text = doc.text()
    assert "ในการดำเนินงานของ\nสำนักงานส่งเสริมเศรษฐกิจดิจิทัล" in text
    assert "สำนักงานปลัดกระทรวง" not in text.split("๗.")[0]  # no MDES OPS text for another agency
    for n, m in ((1, "การป้องกันผลประโยชน์ทับซ้อน"), (2, "การเปิดเผยข้อมูล"), (3, "การอบรมบุคลากร")):
        assert f"มาตรการที่ {thai_digits(str(n))} {m}" in text
    assert "มาตรการที่ ๔" not in text
    assert "จัดอบรม 2 ครั้ง" in text and "https://www.depa.or.th/th/x" in text  # copied text as written


def test_section5_from_contract_headers():
    text = _depa_document().text()
    # 2567 รอบ 12 เดือน: Oct 2566 and Apr 2567 count, Oct 2567 is fiscal 2568
    assert "Facebook | ๑๕ | ๑,๘๐๐ | ๔๐๐" in text
    assert "YouTube | ๒ | ๘๐๐ | ๔๐" in text
    assert "รวม | ๑๗ | ๒,๖๐๐ | ๔๔๐" in text
    assert "ตัวชี้วัดที่ได้คะแนนต่ำสุด: ๗ ประสิทธิภาพการสื่อสาร (๘๐.๒๙)" in text
    assert "คะแนนรวม ๘๗.๘๐ ระดับ A" in text
    assert "หัวข้อ จริยธรรมองค์กร (จัด ๓ ครั้ง)" in text
    assert "ฝ่ายกลยุทธ์ | ๔ | ๓ | ๑ | ๗๕.๐" in text
    assert "หัวข้อรอบแรก" not in text  # another round
    heads = [line for line in text.splitlines() if re.match("[๐-๙]+\\. ", line)]
    assert [h.split()[1] for h in heads][:6] == ["ผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร",
                                             "ผลการดำเนินงานตามมาตรการ", "การติดตามการส่งรายงาน", "ข้อมูลประกอบ",
                                             "คุณภาพข้อมูล", "ภาคผนวก"]


def test_depa_document_renders_to_docx_and_pdf():
    from sync.report.docx import render_docx
    from sync.report.pdf import render_pdf

    doc = _depa_document()
    data = render_docx(doc)
    assert data == render_docx(_depa_document())
    parsed = open_docx(io.BytesIO(data))
    assert len(parsed.inline_shapes) == 2  # awareness and social-media reach charts
    assert render_pdf(doc)[:5] == b"%PDF-"


def test_registry_without_agency_uses_the_default_profile():
    profile = Profile.from_registry(Registry(units=(Unit("A", "กองกลาง"),)))
    assert profile.name == "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม" and profile.short_name == "สป.ดศ."
    assert len(profile.measures) == 7


def test_bundled_depa_profile_reaches_the_report():
    from config.registry import load_registry
    from config.settings import BUNDLED_PROFILES

    registry = load_registry(BUNDLED_PROFILES["depa"])
    profile = Profile.from_registry(registry)
    assert profile.name == "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล" and profile.short_name == "ดีป้า"
    assert [n for n, _ in profile.measures] == [1, 2, 3]
    doc = build_document(_depa_tables(), profile, periods_of(_depa_tables())[-1], as_of=None,
                         timezone="Asia/Bangkok")
    text = doc.text()
    for _, measure in profile.measures:
        assert measure in text
    assert "ของ ดีป้า" in text and "สป.ดศ." not in text


# --- evidence links clickable; months without a social-media report (issue 12, CONTRACT 8.1) ----
def _depa_with_summary() -> list[MasterTable]:
    """The DEPA tables with the master's สรุปภาพรวม section of months without a report (as
    aggregate.reports writes it: title row, header row, one row per fiscal year)."""
    summary = [["สรุปภาพรวม"], [], [V.SEC_PR_MISSING], [V.H_YEAR, "จำนวนเดือน", V.H_MONTH],
               [2567, 3, "2566-11, 2567-02, 2567-09"], [2568, 0, V.PR_ALL_MONTHS], []]
    return [*_depa_tables(), MasterTable(V.TAB_SUMMARY, summary)]


def _depa_doc_of(tables: list[MasterTable], round_index: int = -1):
    registry = _DepaRegistry(units=(Unit("D-1", "ฝ่ายกลยุทธ์"), Unit("D-2", "ฝ่ายบุคคล")))
    return build_document(tables, Profile.from_registry(registry), periods_of(tables)[round_index], as_of=None,
                          timezone="Asia/Bangkok")


def test_section5_lists_months_without_a_social_media_report():
    text = _depa_doc_of(_depa_with_summary()).text()  # 2567 รอบ 12 เดือน: the year's three months
    assert "เดือนที่ยังไม่มีรายงาน: พฤศจิกายน ๒๕๖๖, กุมภาพันธ์ ๒๕๖๗, กันยายน ๒๕๖๗" in text


def test_evidence_links_clickable_in_docx_and_pdf():
    from sync.report.docx import render_docx
    from sync.report.pdf import render_pdf

    doc = _depa_doc_of(_depa_with_summary())
    parsed = open_docx(io.BytesIO(render_docx(doc)))
    targets = {rel.target_ref for rel in parsed.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert targets == {"https://www.depa.or.th/th/x"}
    links = parsed.element.body.findall(".//" + qn("w:hyperlink"))
    assert links and all(parsed.part.rels[h.get(qn("r:id"))].target_ref in targets for h in links)
    assert "https://www.depa.or.th/th/x" in "".join(t.text or "" for h in links for t in h.iter(qn("w:t")))
    assert b"/URI (https://www.depa.or.th/th/x)" in render_pdf(doc)
