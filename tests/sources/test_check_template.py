"""`ita-sync check` and `ita-sync template` for the section-8 sources."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aggregate.ita import normalise_ita
from aggregate.pr import normalise_pr
from aggregate.training import normalise_training
from config.registry import load_registry
from config.settings import BUNDLED_PROFILES, settings_from_dict
from core import vocab
from core.sources import ItaFramework
from sync.check import run_checks
from sync.local.reader import LocalSource
from sync.template_sources import SOURCE_FILES, write_source_template
from tests.fixtures import write_xlsx
from tests.sources.fixtures_optional import PR_HEADER, make_optional_setup


def _checks(config: Path) -> list[tuple[str, str]]:
    settings = settings_from_dict(tomllib.loads(config.read_text(encoding="utf-8")), base_dir=config.parent)
    return list(run_checks(settings, load_registry(settings.units_file)))


def test_check_reports_each_tab(tmp_path: Path) -> None:
    found = _checks(make_optional_setup(tmp_path))
    lines = [m for level, m in found if level == "ok"]
    assert any(m.startswith("pr 'pr.xlsx' tab 'สื่อสังคมออนไลน์': 8 rows") for m in lines)
    assert any(m.startswith("ita 'ita.xlsx' tab 'ผลการประเมิน ITA': 23 rows") for m in lines)
    assert any(m.startswith("training 'training.xlsx' tab 'ผู้ต้องเข้าอบรม': 7 rows") for m in lines)
    assert any(m.startswith("training 'training.xlsx' tab 'การเข้าอบรม': 14 rows") for m in lines)
    assert not [m for level, m in found if level != "ok"]


@pytest.mark.parametrize(
    ("case", "edit", "level", "text"),
    [
        ("check_missing_pr_file", lambda d: (d / "pr.xlsx").unlink(), "error", "pr.spreadsheet"),
        ("check_missing_ita_tab", lambda d: write_xlsx(d / "ita.xlsx", {"อื่น": [["x"]]}), "warn",
         "ita 'ita.xlsx' tab 'ผลการประเมิน ITA': ไม่พบแท็บ"),
        ("check_pr_header_missing_column", lambda d: write_xlsx(d / "pr.xlsx", {"สื่อสังคมออนไลน์": [PR_HEADER[:4]]}),
         "warn", "missing: ยอดการมีส่วนร่วม"),
    ],
)
def test_check_problems(tmp_path: Path, case: str, edit, level: str, text: str) -> None:
    config = make_optional_setup(tmp_path)
    edit(tmp_path / "data")
    found = _checks(config)
    assert any(lv == level and text in m for lv, m in found), (case, found)


@pytest.mark.parametrize("source", list(SOURCE_FILES))
def test_template_has_the_contract_tabs_and_is_read_as_empty(tmp_path: Path, source: str) -> None:
    path = write_source_template(tmp_path, source, units_file=BUNDLED_PROFILES["depa"], fiscal_year=2568)
    wb = load_workbook(path)
    settings = settings_from_dict({"backend": {"kind": "local", "data_dir": str(tmp_path)},
                                   "survey": {"spreadsheet": "s.xlsx"}, "master": {"spreadsheet": "m.xlsx"}},
                                  base_dir=tmp_path)
    reader = LocalSource(settings)
    if source == "pr":
        ws = wb[vocab.TAB_PR]
        assert [c.value for c in ws[4]] == [*vocab.PR_REQUIRED, *vocab.PR_PERSONAL]
        assert ws.cell(row=5, column=1).value == "ต.ค. 2567" and ws.cell(row=16, column=1).value == "ก.ย. 2568"
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert lists and "คำชี้แจง" in lists[0].formula1
        channels = [wb["คำชี้แจง"].cell(row=r, column=2).value for r in range(1, 40)]
        assert all(ch in channels for ch in vocab.PR_CHANNELS)
        result = normalise_pr(reader.read_tabs(path.name, [vocab.TAB_PR], "pr.spreadsheet"), vocab.TAB_PR)
        assert result.stats[0].read == 0 and result.issues.empty  # template rows are not read
    elif source == "ita":
        ws = wb[vocab.TAB_ITA]
        assert [c.value for c in ws[4]] == [*vocab.ITA_REQUIRED, "หมายเหตุ"]
        assert [ws.cell(row=r, column=2).value for r in range(5, 15)] == [i[1] for i in vocab.ITA_INDICATORS]
        assert any(dv.type == "list" for dv in ws.data_validations.dataValidation)
        result = normalise_ita(reader.read_tabs(path.name, [vocab.TAB_ITA], "ita.spreadsheet"), vocab.TAB_ITA,
                               ItaFramework())
        assert result.stats[0].read == 0 and result.issues.empty
    else:
        assert [c.value for c in wb[vocab.TAB_ROSTER][4]] == ["รหัสพนักงาน", "ชื่อ", "นามสกุล", "ตำแหน่ง", "หน่วยงาน"]
        assert [c.value for c in wb[vocab.TAB_ATTENDANCE][4]] == ["รหัสพนักงาน", "ชื่อ", "นามสกุล", "หัวข้อ",
                                                                  "วันที่อบรม"]
        instructions = [wb["คำชี้แจง"].cell(row=r, column=2).value for r in range(1, 40)]
        assert "ฝ่ายอำนวยการสำนักงาน" in instructions
        reg = load_registry(BUNDLED_PROFILES["depa"])
        from datetime import UTC, datetime
        book = reader.read_tabs(path.name, [vocab.TAB_ROSTER, vocab.TAB_ATTENDANCE], "training.spreadsheet")
        result = normalise_training(book, reg, tz="Asia/Bangkok", now=datetime(2025, 1, 1, tzinfo=UTC))
        assert [s.read for s in result.stats] == [0, 0] and result.issues.empty


@pytest.mark.parametrize(
    ("case", "args", "code", "file"),
    [
        ("template_source_pr", ["--source", "pr"], 0, "แม่แบบ-สื่อสังคมออนไลน์.xlsx"),
        ("template_source_training_depa", ["--source", "training", "--agency", "depa"], 0, "แม่แบบ-การอบรม.xlsx"),
        ("template_reports_depa", ["--agency", "depa"], 0, "แบบรายงาน-ITA.xlsx"),
        ("template_unknown_source", ["--source", "hr"], 2, None),
        ("template_unknown_agency", ["--agency", "nso"], 2, None),
    ],
)
def test_template_cli(tmp_path: Path, case: str, args: list[str], code: int, file: str | None) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "scheduler", "template", "--out", str(tmp_path), *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == code, (case, proc.stdout, proc.stderr)
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ([file] if file else [])
    if case == "template_reports_depa":
        ws = load_workbook(tmp_path / file)[vocab.FORM1_TAB]
        assert [ws.cell(row=r, column=4).value for r in range(5, 11)] == [1, 2, 3, 1, 2, 3]
