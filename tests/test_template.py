"""The unit report template (CONTRACT section 4: exactly the report tabs and headers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core import vocab
from sync import template
from sync.template import INSTRUCTIONS_TAB, template_file_name, write_template

REPORT_TABS = (vocab.FORM1_TAB, vocab.FORM2_TAB)


@pytest.fixture(scope="module")
def generic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("tpl"), fiscal_year=2568)


@pytest.fixture(scope="module")
def for_unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("tpl-unit"), unit="กองกลาง", fiscal_year=2568)


def _header_row(ws: Worksheet) -> int:
    """The contract's rule: the first row within the first 10 with ปีงบประมาณ and รอบ."""
    for r in range(1, 11):
        values = [c.value for c in ws[r]]
        if vocab.COL_YEAR in values and vocab.COL_ROUND in values:
            return r
    raise AssertionError("no header row")


def _rows_after_header(ws: Worksheet) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=_header_row(ws) + 1, values_only=True) if any(v is not None for v in r)]


def _validations(ws: Worksheet) -> dict[str, tuple[str, str | None, str]]:
    return {str(dv.sqref).split(":")[0][:1]: (dv.type, dv.formula1, str(dv.sqref))
            for dv in ws.data_validations.dataValidation}


def test_file_names() -> None:
    assert template_file_name() == "แบบรายงาน-ITA.xlsx"
    assert template_file_name("กองกลาง") == "แบบรายงาน-ITA-กองกลาง.xlsx"
    name = template_file_name(' กอง/กลาง:*?"<>| \u200b ')
    assert name.startswith("แบบรายงาน-ITA-กอง") and name.endswith(".xlsx")
    assert not set('/\\:*?"<>|\u200b') & set(name)
    assert template_file_name("   ") == "แบบรายงาน-ITA.xlsx"


def test_paths(generic: Path, for_unit: Path) -> None:
    assert generic.name == "แบบรายงาน-ITA.xlsx" and generic.is_file()
    assert for_unit.name == "แบบรายงาน-ITA-กองกลาง.xlsx" and for_unit.is_file()


def test_tabs_exactly_the_report_tabs_and_instructions(generic: Path) -> None:
    wb = load_workbook(generic)
    assert set(wb.sheetnames) == {INSTRUCTIONS_TAB, *REPORT_TABS}
    assert [n for n in wb.sheetnames if n in REPORT_TABS] == list(REPORT_TABS)
    assert wb.active.title == vocab.FORM1_TAB


@pytest.mark.parametrize("tab,columns", [(vocab.FORM1_TAB, vocab.FORM1_COLUMNS), (vocab.FORM2_TAB, vocab.FORM2_COLUMNS)])
def test_header_rows_exact(generic: Path, for_unit: Path, tab: str, columns: tuple[str, ...]) -> None:
    for path in (generic, for_unit):
        ws = load_workbook(path)[tab]
        r = _header_row(ws)
        assert r == template.HEADER_ROW
        assert tuple(c.value for c in ws[r]) == columns
        assert ws.freeze_panes == f"A{r + 1}"
        assert ws.cell(row=1, column=1).value  # a title row above the header
        for c in range(1, len(columns) + 1):
            assert ws.column_dimensions[ws.cell(row=r, column=c).column_letter].width >= 10


def test_form1_template_rows(generic: Path, for_unit: Path) -> None:
    for path, unit in ((generic, None), (for_unit, "กองกลาง")):
        ws = load_workbook(path)[vocab.FORM1_TAB]
        rows = _rows_after_header(ws)
        keys = [(r[0], r[1], r[2], r[3]) for r in rows]
        assert keys == [(2568, rnd, unit, k) for rnd in vocab.ROUNDS for k in range(1, 8)]
        result, evidence = vocab.FORM1_COLUMNS.index(vocab.COL_RESULT), vocab.FORM1_COLUMNS.index(vocab.COL_EVIDENCE)
        assert all(r[result] is None and r[evidence] is None for r in rows), "value cells blank"
        assert vocab.MEASURES[0] in ws.cell(row=template.FIRST_DATA_ROW, column=4).comment.text


def test_form2_template_rows(for_unit: Path) -> None:
    rows = _rows_after_header(load_workbook(for_unit)[vocab.FORM2_TAB])
    assert [(r[0], r[1], r[2]) for r in rows] == [(2568, rnd, "กองกลาง") for rnd in vocab.ROUNDS]
    assert all(v is None for r in rows for v in r[3:len(vocab.FORM2_COLUMNS)])


def test_validations(generic: Path, for_unit: Path) -> None:
    wb = load_workbook(generic)
    f1, f2 = _validations(wb[vocab.FORM1_TAB]), _validations(wb[vocab.FORM2_TAB])
    for v in (f1, f2):
        assert v["B"][:2] == ("list", f'"{vocab.ROUND_6},{vocab.ROUND_12}"')
        assert v["A"][0] == "whole"
        assert v["C"][0] == "list" and v["C"][1].startswith(f"'{INSTRUCTIONS_TAB}'!")
    assert f1["D"][:2] == ("list", '"1,2,3,4,5,6,7"')
    assert f2["D"][0] == "custom" and f2["D"][2].startswith("D5:Q")  # "-" and "12 คน" are valid counts (issue 9)
    # the unit drop-down lists exactly the registry's names
    ref = f1["C"][1].split("!")[1].replace("$", "")
    cells = wb[INSTRUCTIONS_TAB][ref]
    names = [row[0].value for row in cells]
    assert names == template._bundled_unit_names()
    assert names[0] == "กองกลาง" and len(names) >= 10
    # with a unit given, there is no unit list
    unit_wb = load_workbook(for_unit)
    assert "C" not in _validations(unit_wb[vocab.FORM1_TAB])
    assert _validations(unit_wb[vocab.FORM1_TAB])["B"][0] == "list"


def test_instructions_tab(generic: Path) -> None:
    ws = load_workbook(generic)[INSTRUCTIONS_TAB]
    text = "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    for measure in vocab.MEASURES:
        assert measure in text
    for label in (*vocab.VISITOR_TYPES, *vocab.CHANNELS, vocab.FORM1_TAB, vocab.FORM2_TAB):
        assert label in text
    assert "กระดาษ" in text and "นอกแบบฟอร์มออนไลน์" in text
    assert "เอกสาร/หลักฐาน ประกอบผลการดำเนินงาน (รูปภาพ/รายงาน/Link ที่เชื่อมโยงข้อมูล) (ถ้ามี)" in text
    assert "มาตรการ/แนวทางแก้ไขและพัฒนา" in text


def test_template_is_read_as_nothing_but_template_rows(for_unit: Path) -> None:
    """The job ignores a template as sent (every row is a template row)."""
    normalise = pytest.importorskip("aggregate.normalise")
    from python_calamine import CalamineWorkbook  # the local backend's reader

    book = CalamineWorkbook.from_path(str(for_unit))
    for tab in REPORT_TABS:
        rows = book.get_sheet_by_name(tab).to_python()
        frame = pd.DataFrame(rows, dtype=object)
        assert normalise.find_header(frame) == template.HEADER_ROW - 1


# --- issue 9, fault 16 ------------------------------------------------------------------------
@pytest.mark.parametrize(("written", "official"), [
    ("กองกลาง", "กองกลาง"), ("  กองกลาง ", "กองกลาง"), ("กก.", "กองกลาง"), ("ศปท.", "ศูนย์ปฏิบัติการต่อต้านการทุจริต"),
], ids=["name", "spaces", "alias", "alias-acoc"])
def test_unit_is_the_registry_name(tmp_path: Path, written: str, official: str) -> None:
    path = write_template(tmp_path, unit=written, fiscal_year=2568)
    ws = load_workbook(path)[vocab.FORM1_TAB]
    assert ws.cell(row=template.FIRST_DATA_ROW, column=3).value == official


@pytest.mark.parametrize("written", ["กองที่ไม่มีจริง", "กองกลางง", "OPS-XYZ"], ids=["unknown", "typo", "code"])
def test_unit_not_in_the_registry_is_refused(tmp_path: Path, written: str) -> None:
    from core.errors import ConfigError

    with pytest.raises(ConfigError, match="not a unit of the registry") as info:
        write_template(tmp_path, unit=written, fiscal_year=2568)
    assert info.value.exit_code == 2 and written in str(info.value)
    assert not list(tmp_path.glob("*.xlsx"))


def test_template_uses_the_officers_registry_with_config(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.fixtures import make_setup

    config = make_setup(tmp_path / "setup")  # its registry knows กองการเจ้าหน้าที่ (กจ.)
    (tmp_path / "setup" / "units.toml").write_text(
        '[[units]]\ncode = "X-1"\nname = "กองทดสอบเฉพาะหน่วย"\naliases = ["กทส."]\n', encoding="utf-8")
    run = [sys.executable, "-m", "scheduler", "template", "--out", str(tmp_path / "out")]
    done = subprocess.run([*run, "--unit", "กทส.", "--config", str(config)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ws = load_workbook(next((tmp_path / "out").glob("*.xlsx")))[vocab.FORM1_TAB]
    assert ws.cell(row=template.FIRST_DATA_ROW, column=3).value == "กองทดสอบเฉพาะหน่วย"
    refused = subprocess.run([*run, "--unit", "กทส."], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert refused.returncode == 2 and "not a unit of the registry" in refused.stderr


def test_rows_are_tall_enough_for_16pt_thai(generic: Path) -> None:
    wb = load_workbook(generic)
    for tab in (vocab.FORM1_TAB, vocab.FORM2_TAB):
        ws = wb[tab]
        for r in range(template.FIRST_DATA_ROW, ws.max_row + 1):
            assert ws.row_dimensions[r].height >= 16 * 1.6, (tab, r)
        assert ws.row_dimensions[1].height >= 18 * 1.6


def test_count_cells_accept_dash_and_a_word(generic: Path) -> None:
    v = _validations(load_workbook(generic)[vocab.FORM2_TAB])["D"]
    assert v[0] == "custom"
    assert '"-"' in v[1] and "INT(" in v[1] and "SUBSTITUTE(" in v[1]


# --- issue 9, fault 16: the measure's text where the officer fills each form-1 row ------------
PROFILES = {"mdes_ops_7_measures": ("units.toml", 7), "depa_3_measures": ("units_depa.toml", 3)}


@pytest.mark.parametrize("profile", list(PROFILES))
def test_form1_rows_show_the_measure_text(tmp_path: Path, profile: str) -> None:
    """Columns stay the contract's; each row's มาตรการที่ holds the number with the full text in a
    cell note, the result cell's input message names the measure, and the instructions tab lists
    number -> text (CONTRACT section 4)."""
    import config as config_pkg

    file_name, count = PROFILES[profile]
    units_file = Path(config_pkg.__file__).with_name(file_name)
    agency = template._agency(units_file)
    assert agency.measure_count == count
    wb = load_workbook(write_template(tmp_path, fiscal_year=2568, units_file=units_file))
    ws = wb[vocab.FORM1_TAB]
    assert tuple(c.value for c in ws[template.HEADER_ROW]) == vocab.FORM1_COLUMNS
    measure_col = vocab.FORM1_COLUMNS.index(vocab.COL_MEASURE) + 1
    result_col = vocab.FORM1_COLUMNS.index(vocab.COL_RESULT) + 1
    prompts: dict[str, tuple[str | None, str | None]] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row, col in rng.cells:
                prompts[ws.cell(row=row, column=col).coordinate] = (dv.promptTitle, dv.prompt)
    rows = range(template.FIRST_DATA_ROW, template.FIRST_DATA_ROW + count * len(vocab.ROUNDS))
    for r, k in zip(rows, [k for _ in vocab.ROUNDS for k in range(1, count + 1)], strict=True):
        text = agency.measure_text(k)
        cell = ws.cell(row=r, column=measure_col)
        assert cell.value == k
        assert cell.comment is not None and text in cell.comment.text, (profile, r)
        title, prompt = prompts[ws.cell(row=r, column=result_col).coordinate]
        assert title == f"มาตรการที่ {k}"[:32]
        assert prompt is not None and len(prompt) <= 255  # Excel's limit for an input message
        assert prompt == text or (prompt.startswith(text[:200]) and "คำชี้แจง" in prompt), (profile, k, prompt)
    assert ws.cell(row=rows[-1] + 1, column=measure_col).value is None
    listed = {(str(a), b) for a, b in wb[INSTRUCTIONS_TAB].iter_rows(min_col=1, max_col=2, values_only=True)}
    for m in agency.measures:
        assert (str(m.number), m.text) in listed, (profile, m.number)
