"""Local inputs as officers' files really are (issue 9 faults 6, 11, 12; issue 10 faults 2, 6).

Kinds: a sheet whose cell box dwarfs its data (stray cells far away); a damaged workbook (valid zip,
broken sheet XML or an unparseable number); a survey downloaded as CSV; a file that is not a
spreadsheet at all (HTML, CSV named .xlsx, old .xls, empty, truncated zip); merged cells.
Every kind through the real CLI (`run` and `check`): a sentence that names the file, exit 0 or 1,
never a traceback or "internal error"; for unit reports one ``bad_sheet`` and the others still count.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.vocab import FORM1_COLUMNS, FORM1_TAB, FORM2_TAB, TAB_ISSUES, TAB_STATUS
from tests.fixtures import FORM2_HEADER, SURVEY_HEADER, SURVEY_ROWS, make_setup, write_xlsx

SURVEY_TAB = "การตอบแบบฟอร์ม 1"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=300)


def clean_failure(proc: subprocess.CompletedProcess[str]) -> str:
    out = proc.stdout + proc.stderr
    assert proc.returncode in (0, 1), out
    assert "Traceback" not in out and "internal error" not in out, out
    return " ".join(out.split())  # the console wraps long lines


def rewrite_member(path: Path, member: str, edit) -> None:
    """Replace one zip member of an xlsx by ``edit(old_bytes)``: the zip stays valid."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, edit(data) if info.filename == member else data)


def master_rows(root: Path, tab: str) -> list[list[object]]:
    wb = load_workbook(root / "data" / "master.xlsx", read_only=True)
    return [list(r) for r in wb[tab].iter_rows(values_only=True)]


# --- stray cells: memory bounded by the data ---------------------------------------------------
_BOUNDED_READ = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
from python_calamine import CalamineWorkbook
from sync.local.reader import read_tab
raw = read_tab(CalamineWorkbook.from_path(sys.argv[1]), "s", "x.xlsx")
print(raw.frame.shape[0], raw.frame.shape[1], list(raw.frame.index)[-1], repr(raw.frame.iat[-1, -1]),
      repr(raw.frame.iat[1, 1]))
"""


@pytest.mark.parametrize("stray", ["XFD20000", "XFD1048576", "AAA650000", "Z1048576"])
def test_stray_cell_far_away_reads_only_the_data(tmp_path, stray):
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    ws["A1"], ws["B1"], ws["A2"], ws["B2"] = "h1", "h2", 1, "v"
    ws[stray] = "x"
    path = tmp_path / "stray.xlsx"
    wb.save(path)
    proc = subprocess.run([sys.executable, "-c", _BOUNDED_READ, str(path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows, cols, last_label, last, b2 = proc.stdout.split()
    assert int(rows) <= 11 and int(cols) <= 3
    assert int(last_label) == int(re.sub(r"[A-Z]", "", stray))  # the row keeps its sheet number
    assert last == "'x'" and b2 == "'v'"


def test_stray_cell_in_survey_and_report_through_the_cli(tmp_path):
    config = make_setup(tmp_path)
    for name in ("survey.xlsx", "reports/a.xlsx"):
        wb = load_workbook(tmp_path / "data" / name)
        wb.worksheets[0]["XFD1048576"] = "x"
        wb.save(tmp_path / "data" / name)
    for command in ("check", "run"):
        proc = cli(command, "--config", str(config))
        clean_failure(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr


# --- damaged workbooks: one reader, one error path ---------------------------------------------
def broken_xml(data: bytes) -> bytes:
    return data.replace(b"</sheetData>", b"<row r=\"99\"><c r=\"A99\"><v>1</v></sheetData>")


def bad_number(data: bytes) -> bytes:
    return re.sub(rb'<c r="A1"[^>]*>.*?</c>', b'<c r="A1" t="n"><v>12,3abc</v></c>', data, count=1)


DAMAGES = {"broken_sheet_xml": broken_xml, "unparseable_number": bad_number,
           "truncated_sheet": lambda d: d[: len(d) // 2]}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_survey_is_a_sentence_naming_the_file(tmp_path, damage):
    config = make_setup(tmp_path)
    rewrite_member(tmp_path / "data" / "survey.xlsx", "xl/worksheets/sheet1.xml", DAMAGES[damage])
    for command in ("check", "run"):
        proc = cli(command, "--config", str(config))
        out = clean_failure(proc)
        assert proc.returncode == 1, out
        assert "survey.xlsx" in out and "damaged" in out, out
        assert "12,3abc" not in out  # no cell value in a message


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_report_is_one_bad_sheet(tmp_path, damage):
    config = make_setup(tmp_path)
    write_xlsx(tmp_path / "data" / "reports" / "b.xlsx", {FORM1_TAB: [list(FORM1_COLUMNS)], FORM2_TAB: [FORM2_HEADER]})
    rewrite_member(tmp_path / "data" / "reports" / "b.xlsx", "xl/worksheets/sheet1.xml", DAMAGES[damage])
    proc = cli("run", "--config", str(config))
    out = clean_failure(proc)
    assert proc.returncode == 0, out
    bad = [r for r in master_rows(tmp_path, TAB_ISSUES) if r[0] == "reports/b.xlsx"]
    assert [r[5] for r in bad] == ["bad_sheet"]
    assert "damaged" in str(bad[0][6])
    assert any(r[0] == "reports/a.xlsx" for r in master_rows(tmp_path, TAB_STATUS))  # the others still count


# --- files that are not spreadsheets -------------------------------------------------------------
def _truncated_zip(path: Path) -> bytes:
    write_xlsx(path, {"s": [["a"]]})
    return path.read_bytes()[:300]


NOT_SPREADSHEETS = {
    "html_page": (lambda p: b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML"),
    "csv_named_xlsx": (lambda p: "ประทับเวลา,หน่วยงาน\n1/1/2567,กองกลาง\n".encode(), "rename it to .csv"),
    "old_xls": (lambda p: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
    "empty_file": (lambda p: b"", "empty"),
    "truncated_zip": (_truncated_zip, "truncated"),
}


@pytest.mark.parametrize("kind", list(NOT_SPREADSHEETS))
def test_survey_that_is_not_a_spreadsheet_says_what_it_seems(tmp_path, kind):
    config = make_setup(tmp_path)
    make, phrase = NOT_SPREADSHEETS[kind]
    path = tmp_path / "data" / "survey.xlsx"
    path.write_bytes(make(tmp_path / "tmp.xlsx"))
    for command in ("check", "run"):
        proc = cli(command, "--config", str(config))
        out = clean_failure(proc)
        assert proc.returncode == 1, out
        assert "survey.xlsx" in out and phrase in out, out
        assert "service account" not in out and "EOCD" not in out


@pytest.mark.parametrize("kind", list(NOT_SPREADSHEETS))
def test_report_that_is_not_a_spreadsheet_is_bad_sheet_with_local_advice(tmp_path, kind):
    config = make_setup(tmp_path)
    make, phrase = NOT_SPREADSHEETS[kind]
    (tmp_path / "data" / "reports" / "b.xlsx").write_bytes(make(tmp_path / "tmp.xlsx"))
    proc = cli("run", "--config", str(config))
    out = clean_failure(proc)
    assert proc.returncode == 0, out
    bad = [r for r in master_rows(tmp_path, TAB_ISSUES) if r[0] == "reports/b.xlsx"]
    assert [r[5] for r in bad] == ["bad_sheet"]
    assert phrase in str(bad[0][6]) and "service account" not in str(bad[0][6]) + str(bad[0][7])
    check = cli("check", "--config", str(config))
    assert check.returncode == 0 and phrase in clean_failure(check), check.stdout + check.stderr


# --- the survey as a CSV download ----------------------------------------------------------------
def csv_text(rows: list[list[object]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if v is None else v.strftime("%d/%m/%Y, %H:%M:%S") if hasattr(v, "strftime") else v
                    for v in r])
    return buf.getvalue()


@pytest.mark.parametrize("bom", [True, False], ids=["utf8_with_bom", "utf8_without_bom"])
def test_csv_survey_gives_the_same_master_as_the_xlsx(tmp_path, bom):
    xlsx_root, csv_root = tmp_path / "x", tmp_path / "c"
    make_setup(xlsx_root)
    config = make_setup(csv_root)
    config.write_text(config.read_text(encoding="utf-8").replace('"survey.xlsx"', '"survey.csv"'), encoding="utf-8")
    (csv_root / "data" / "survey.xlsx").unlink()
    rows = [SURVEY_HEADER, *SURVEY_ROWS]
    rows[1] = list(rows[1])
    rows[1][1] = "สม\nชาย"  # a quoted field with a line break (personal: never copied)
    (csv_root / "data" / "survey.csv").write_bytes(("\ufeff" if bom else "").encode() + csv_text(rows).encode())
    assert cli("run", "--config", str(xlsx_root / "ita-sync.toml")).returncode == 0
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for tab in ("แบบรายงานที่ 2", "รายเดือน"):
        assert master_rows(csv_root, tab) == master_rows(xlsx_root, tab)
    issues = [r for r in master_rows(csv_root, TAB_ISSUES) if r[0] == "survey.csv"]
    assert issues and all(r[1] is None for r in issues)  # ชีต blank
    want = sorted({r[2] for r in master_rows(xlsx_root, TAB_ISSUES) if r[0] == "survey.xlsx"})
    assert sorted({r[2] for r in issues}) == want  # แถว = record number (header = record 1)
    status = [r for r in master_rows(csv_root, TAB_STATUS) if r and r[0] == "survey.csv"]
    assert status and status[0][1] is None and status[0][2] == status[0][3] + status[0][4] + status[0][5]


def test_csv_survey_not_utf8_says_so(tmp_path):
    config = make_setup(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace('"survey.xlsx"', '"survey.csv"'), encoding="utf-8")
    (tmp_path / "data" / "survey.csv").write_bytes(csv_text([SURVEY_HEADER, *SURVEY_ROWS]).encode("cp874", errors="replace"))
    proc = cli("run", "--config", str(config))
    out = clean_failure(proc)
    assert proc.returncode == 1 and "survey.csv" in out and "UTF-8" in out, out


# --- merged cells ----------------------------------------------------------------------------------
def test_merged_year_round_unit_down_the_measure_rows_count_every_measure(tmp_path):
    config = make_setup(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = FORM1_TAB
    ws.append(list(FORM1_COLUMNS))
    for m in range(1, 8):
        ws.append([2568 if m == 1 else None, "6 เดือน" if m == 1 else None, "กองการเจ้าหน้าที่" if m == 1 else None,
                   m, f"ผลที่ {m}", None])
    for col in "ABC":
        ws.merge_cells(f"{col}2:{col}8")
    wb.create_sheet(FORM2_TAB).append(FORM2_HEADER)
    wb.save(tmp_path / "data" / "reports" / "m.xlsx")
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    form1 = [r for r in master_rows(tmp_path, "แบบรายงานที่ 1") if r[0] == 2568 and r[3] == "กองการเจ้าหน้าที่"]
    assert [r[6] for r in form1] == [f"ผลที่ {m}" for m in range(1, 8)]
    assert all(r[8] == "รายงานแล้ว" for r in form1)
    issues = [r for r in master_rows(tmp_path, TAB_ISSUES) if r[0] == "reports/m.xlsx"]
    assert issues == []


def test_merged_cell_in_survey_reads_in_every_covered_row(tmp_path):
    config = make_setup(tmp_path)
    path = tmp_path / "data" / "survey.xlsx"
    wb = load_workbook(path)
    ws = wb[SURVEY_TAB]
    ws["E8"] = None  # row 8's unit is blank but merged with row 7's (กองการ...เจ้าหน้าที่)
    ws.merge_cells("E7:E8")
    wb.save(path)
    status = cli("run", "--config", str(config))
    assert status.returncode == 0
    issues = [r for r in master_rows(tmp_path, TAB_ISSUES) if r[0] == "survey.xlsx" and r[5] == "unknown_unit"]
    assert 8 not in [r[2] for r in issues]
