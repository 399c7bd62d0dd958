"""`ita-sync run` on the hand-written fixture of tests/fixtures.py.

Every expected figure below was worked out by hand from the fixture rows (the
comments say how); none is computed by the code under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.vocab import MASTER_TABS, MEASURES
from tests.fixtures import PERSONAL, make_setup

ONLINE, REPORT, SUM = "แบบสำรวจออนไลน์", "รายงานหน่วยงาน", "รวม"
KKL, ACOC, KJ = ("OPS-KKL", "กองกลาง"), ("OPS-ACOC", "ศูนย์ปฏิบัติการต่อต้านการทุจริต"), ("OPS-KJ", "กองการเจ้าหน้าที่")
UNK = ("-", "ไม่ทราบหน่วยงาน")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def sheet_values(path: Path) -> dict[str, list[list[object]]]:
    wb = load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[list[object]]], str]:
    root = tmp_path_factory.mktemp("e2e")
    config = make_setup(root)
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root, sheet_values(root / "data" / "master.xlsx"), proc.stdout + proc.stderr


def row(fy, rnd, unit, source, n, vt, news, contact, complaint):
    """A แบบรายงานที่ 2 row; each channel given as (know, dont) and its รวม appended."""
    out = [fy, rnd, unit[0], unit[1], source, n, *vt]
    for k, d in (news, contact, complaint):
        out += [k, d, k + d]
    return out


def test_tabs_in_contract_order(master):
    _, tabs, _ = master
    assert list(tabs)[:7] == list(MASTER_TABS)


def test_form2_table(master):
    _, tabs, _ = master
    body = tabs["แบบรายงานที่ 2"][1:]
    z = (0, 0, 0, 0, 0)
    expected = [
        # FY2566 12 months: only the unknown-unit response of 30 Sep 2023 23:30 (sheet row 6)
        row(2566, "12 เดือน", UNK, ONLINE, 1, z, (1, 0), (1, 0), (1, 0)),
        row(2566, "12 เดือน", UNK, SUM, 1, z, (1, 0), (1, 0), (1, 0)),
        # FY2567 6 months: online rows 2 (KKL), 4 (ACOC), 8 (KJ); reports KKL and ACOC (its later row)
        row(2567, "6 เดือน", KKL, ONLINE, 1, (0, 0, 1, 0, 0), (1, 0), (0, 1), (1, 0)),
        # report: vt 2, ๑๒ คน=12, -=0, blank=0, 1; news 10/5; contact 8/7; complaint 1,000/0; n = max(15, 15, 1000)
        row(2567, "6 เดือน", KKL, REPORT, 1000, (2, 12, 0, 0, 1), (10, 5), (8, 7), (1000, 0)),
        row(2567, "6 เดือน", KKL, SUM, 1001, (2, 12, 1, 0, 1), (11, 5), (8, 8), (1001, 0)),
        # ACOC online: row 4 (duplicate row 5 not counted); complaint answer "ไม่แน่ใจ" is unanswered
        row(2567, "6 เดือน", ACOC, ONLINE, 1, (0, 1, 0, 0, 0), (0, 1), (0, 1), (0, 0)),
        # ACOC report: the later row replaces the first; "ประมาณ 10" is a bad number -> 0; n = max(3, 3, 3)
        row(2567, "6 เดือน", ACOC, REPORT, 3, (3, 0, 0, 0, 0), (3, 0), (2, 1), (0, 3)),
        row(2567, "6 เดือน", ACOC, SUM, 4, (3, 1, 0, 0, 0), (3, 1), (2, 2), (0, 3)),
        row(2567, "6 เดือน", KJ, ONLINE, 1, (0, 0, 0, 0, 1), (1, 0), (1, 0), (0, 1)),
        row(2567, "6 เดือน", KJ, SUM, 1, (0, 0, 0, 0, 1), (1, 0), (1, 0), (0, 1)),
        # FY2567 12 months: KKL rows 2 and 3 (1 Apr 2024 00:00 is the second half); ACOC row 4; KJ row 8
        row(2567, "12 เดือน", KKL, ONLINE, 2, (1, 0, 1, 0, 1), (2, 0), (1, 1), (1, 0)),
        row(2567, "12 เดือน", KKL, SUM, 2, (1, 0, 1, 0, 1), (2, 0), (1, 1), (1, 0)),
        row(2567, "12 เดือน", ACOC, ONLINE, 1, (0, 1, 0, 0, 0), (0, 1), (0, 1), (0, 0)),
        row(2567, "12 เดือน", ACOC, SUM, 1, (0, 1, 0, 0, 0), (0, 1), (0, 1), (0, 0)),
        row(2567, "12 เดือน", KJ, ONLINE, 1, (0, 0, 0, 0, 1), (1, 0), (1, 0), (0, 1)),
        row(2567, "12 เดือน", KJ, SUM, 1, (0, 0, 0, 0, 1), (1, 0), (1, 0), (0, 1)),
    ]
    assert body == expected


def test_form1_table(master):
    _, tabs, _ = master
    body = tabs["แบบรายงานที่ 1"][1:]
    # 3 report periods (2566/12, 2567/6, 2567/12) x 3 registered units x 7 measures
    assert len(body) == 63
    kkl6 = [r for r in body if r[0] == 2567 and r[1] == "6 เดือน" and r[2] == "OPS-KKL"]
    assert [r[4] for r in kkl6] == [1, 2, 3, 4, 5, 6, 7]
    assert kkl6[0] == [2567, "6 เดือน", "OPS-KKL", "กองกลาง", 1, MEASURES[0], "=SUM(A1)", None, "รายงานแล้ว"]
    assert kkl6[1] == [2567, "6 เดือน", "OPS-KKL", "กองกลาง", 2, MEASURES[1], "-", None, "ยังไม่รายงาน"]
    assert kkl6[2] == [2567, "6 เดือน", "OPS-KKL", "กองกลาง", 3, MEASURES[2], "ประชุมชี้แจง\nครั้งที่ 1",
                       "www.mdes.go.th/x และ http://bad", "รายงานแล้ว"]
    assert all(r[8] == "ยังไม่รายงาน" for r in kkl6[3:])
    assert sum(r[8] == "รายงานแล้ว" for r in body) == 2


def test_formula_like_text_is_text(master):
    root, _, _ = master
    wb = load_workbook(root / "data" / "master.xlsx")
    ws = wb["แบบรายงานที่ 1"]
    cell = next(c for r in ws.iter_rows() for c in r if c.value == "=SUM(A1)")
    assert cell.data_type == "s"


def test_tracking_table(master):
    _, tabs, _ = master
    t = {(r[0], r[1], r[2]): r[4:] for r in tabs["ติดตามการส่งรายงาน"][1:]}
    assert len(t) == 9
    assert t[(2567, "6 เดือน", "OPS-KKL")] == ["ส่งแล้ว", 2, "ส่งแล้ว", 1]
    assert t[(2567, "6 เดือน", "OPS-ACOC")] == ["ยังไม่ส่ง", 0, "ส่งแล้ว", 1]
    assert t[(2567, "6 เดือน", "OPS-KJ")] == ["ยังไม่ส่ง", 0, "ยังไม่ส่ง", 1]
    assert t[(2567, "12 เดือน", "OPS-KKL")] == ["ยังไม่ส่ง", 0, "ยังไม่ส่ง", 2]
    assert t[(2566, "12 เดือน", "OPS-KKL")] == ["ยังไม่ส่ง", 0, "ยังไม่ส่ง", 0]


def test_monthly_table(master):
    _, tabs, _ = master
    keys = [(r[0], r[1], r[2], r[4]) for r in tabs["รายเดือน"][1:]]
    assert keys == [
        (2566, "2566-09", "-", 1),
        (2567, "2566-10", "OPS-KKL", 1),
        (2567, "2566-10", "OPS-KJ", 1),
        (2567, "2567-03", "OPS-ACOC", 1),
        (2567, "2567-04", "OPS-KKL", 1),
    ]


def test_issues_table(master):
    _, tabs, _ = master
    got = [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in tabs["ปัญหาข้อมูล"][1:]]
    from tests.fixtures import T

    f1, f2 = "แบบรายงานที่ 1", "แบบรายงานที่ ๒"
    rep = "reports/a.xlsx"
    assert got == [
        ("survey.xlsx", "การตอบแบบฟอร์ม 1", 4, T["aware_complaint"][0], "ไม่แน่ใจ", "bad_answer"),
        ("survey.xlsx", "การตอบแบบฟอร์ม 1", 5, None, None, "duplicate_row"),
        ("survey.xlsx", "การตอบแบบฟอร์ม 1", 6, T["unit"][0], "กองไม่มีจริง", "unknown_unit"),
        ("survey.xlsx", "การตอบแบบฟอร์ม 1", 7, "ประทับเวลา", "hello", "bad_timestamp"),
        (rep, f1, 4, None, None, "duplicate_report"),
        (rep, f1, 6, "เอกสาร/หลักฐาน", "www.mdes.go.th/x", "bad_url"),
        (rep, f1, 6, "เอกสาร/หลักฐาน", "http://bad", "bad_url"),
        (rep, f1, 7, "มาตรการที่", "8", "bad_measure"),
        (rep, f1, 8, "หน่วยงาน", "หน่วยลึกลับ", "unknown_unit"),
        (rep, f2, 3, "ช่องทางติดต่อสอบถาม: รวม", "16", "total_mismatch"),
        (rep, f2, 3, "หน่วยงาน", "15, 15, 1000", "uneven_totals"),  # v4: channel totals 15, 15, 1,000
        (rep, f2, 4, None, None, "duplicate_report"),
        (rep, f2, 5, "รอบ", "9 เดือน", "bad_round"),
        (rep, f2, 6, "ช่องทางร้องเรียนการทุจริต: รู้/ทราบ", "ประมาณ 10", "bad_number"),
    ]
    assert all(r[6] and r[7] for r in tabs["ปัญหาข้อมูล"][1:]), "every issue says what and how to fix"


def test_status_reconciles(master):
    _, tabs, _ = master
    status = tabs["สถานะการซิงค์"]
    assert status[0] == ["แหล่งข้อมูล", "ชีต", "แถวที่อ่าน", "รับ", "ซ้ำ", "ปฏิเสธ"]
    assert status[1:4] == [
        ["survey.xlsx", "การตอบแบบฟอร์ม 1", 7, 5, 1, 1],
        ["reports/a.xlsx", "แบบรายงานที่ 1", 6, 3, 1, 2],
        ["reports/a.xlsx", "แบบรายงานที่ ๒", 4, 2, 1, 1],
    ]
    for r in status[1:4]:
        assert r[2] == r[3] + r[4] + r[5]
    assert all(v is None for v in status[4][:2])  # one blank row before the run facts


def test_totals_reconcile_over_units(master):
    """Sum over units of each source's จำนวนผู้ตอบ equals the period total (5 accepted responses)."""
    _, tabs, _ = master
    body = tabs["แบบรายงานที่ 2"][1:]
    online_12 = sum(r[5] for r in body if r[4] == ONLINE and r[1] == "12 เดือน")
    assert online_12 == 5  # every accepted response counts once in its fiscal year's 12-month round
    monthly = sum(r[4] for r in tabs["รายเดือน"][1:])
    assert monthly == 5


def test_personal_data_never_leaves(master):
    root, tabs, output = master
    blob = json.dumps(tabs, ensure_ascii=False, default=str) + output
    for f in (root / "state").rglob("*"):
        if f.is_file():
            blob += f.read_bytes().decode("utf-8", "replace")
    leaked = [p for p in PERSONAL if p in blob]
    assert leaked == []


def test_summary_printed_in_thai(master):
    _, _, output = master
    assert "เขียนรายงานรวมแล้ว" in output
    assert "survey.xlsx" in output


def test_second_run_does_not_rewrite(master):
    root, _, _ = master
    path = root / "data" / "master.xlsx"
    before = path.stat().st_mtime_ns
    proc = cli("run", "--config", str(root / "ita-sync.toml"))
    assert proc.returncode == 0, proc.stderr
    assert "ข้อมูลไม่เปลี่ยนแปลง" in proc.stdout
    assert path.stat().st_mtime_ns == before


def test_officer_tabs_kept(tmp_path):
    config = make_setup(tmp_path)
    assert cli("run", "--config", str(config)).returncode == 0
    path = tmp_path / "data" / "master.xlsx"
    wb = load_workbook(path)
    wb.create_sheet("บันทึกของเจ้าหน้าที่").append(["หมายเหตุ", "ตรวจแล้ว"])
    wb.save(path)
    # change a source so the master must be rewritten
    from tests.fixtures import SURVEY_HEADER, SURVEY_ROWS, write_xlsx

    write_xlsx(tmp_path / "data" / "survey.xlsx", {"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, *SURVEY_ROWS[:3]]})
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    tabs = sheet_values(path)
    assert list(tabs)[:7] == list(MASTER_TABS)
    assert tabs["บันทึกของเจ้าหน้าที่"] == [["หมายเหตุ", "ตรวจแล้ว"]]


def test_missing_question_exits_1_and_keeps_master(tmp_path):
    config = make_setup(tmp_path)
    assert cli("run", "--config", str(config)).returncode == 0
    path = tmp_path / "data" / "master.xlsx"
    before = path.read_bytes()
    from tests.fixtures import SURVEY_HEADER, SURVEY_ROWS, write_xlsx

    header = [h if h != "ประเภทผู้มาติดต่อ" else "ประเภท" for h in SURVEY_HEADER]
    write_xlsx(tmp_path / "data" / "survey.xlsx", {"การตอบแบบฟอร์ม 1": [header, *SURVEY_ROWS]})
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 1
    assert "ประเภทผู้มาติดต่อ" in proc.stderr  # names the missing question
    assert "'ประเภท'" in proc.stderr  # lists the titles found
    assert path.read_bytes() == before


def test_dry_run_writes_nothing(tmp_path):
    config = make_setup(tmp_path)
    proc = cli("run", "--config", str(config), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "data" / "master.xlsx").exists()
    assert "แท็บ แบบรายงานที่ 2: เพิ่ม 16 แถว" in proc.stdout
