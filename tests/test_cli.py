"""Every command of the contract is there and works as a new user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from core.vocab import FORM1_TAB, FORM2_TAB, MASTER_TABS


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_help_lists_every_command():
    out = cli("--help").stdout
    for command in ("demo", "run", "resync", "serve", "template", "check", "status"):
        assert command in out


def test_demo_twice_then_check(tmp_path):
    first = cli("demo", "--dir", str(tmp_path / "d"))
    assert first.returncode == 0, first.stderr
    master = tmp_path / "d" / "data" / "master.xlsx"
    wb = load_workbook(master, read_only=True)
    assert wb.sheetnames == [*MASTER_TABS[:5], "สื่อสังคมออนไลน์", "ผลการประเมิน ITA", *MASTER_TABS[5:]]  # [pr], [ita] (section 8)
    second = cli("demo", "--dir", str(tmp_path / "d"))  # running it twice is safe
    assert second.returncode == 0, second.stderr
    check = cli("check", "--config", str(tmp_path / "d" / "ita-sync.toml"))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "survey" in check.stdout
    assert "warn" in check.stdout  # the demo ships one unit file with a broken header: a warning, not a failure


def test_demo_default_dir_is_relative_to_cwd(tmp_path):
    proc = cli("demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ita-sync-demo" / "data" / "master.xlsx").is_file()


def test_template(tmp_path):
    proc = cli("template", "--out", str(tmp_path), "--unit", "กองกลาง")
    assert proc.returncode == 0, proc.stderr
    files = list(tmp_path.glob("*.xlsx"))
    assert len(files) == 1
    wb = load_workbook(files[0])
    assert FORM1_TAB in wb.sheetnames and FORM2_TAB in wb.sheetnames


def test_check_fails_on_missing_survey(tmp_path):
    assert cli("demo", "--dir", str(tmp_path)).returncode == 0
    (tmp_path / "data" / "survey.xlsx").unlink()
    proc = cli("check", "--config", str(tmp_path / "ita-sync.toml"))
    assert proc.returncode == 1
    assert "survey.xlsx" in proc.stdout
