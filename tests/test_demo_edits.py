"""`ita-sync demo` twice never destroys an administrator's edits (issue 9 fault 13, contract section 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core import vocab
from sync.demo import write_demo


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=300)


def _edit_config(root: Path) -> None:
    path = root / "ita-sync.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('cron = "0 2 * * *"', 'cron = "30 3 * * *"'),
                    encoding="utf-8")


def _edit_units(root: Path) -> None:
    path = root / "units.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed by the ACOC officer\n", encoding="utf-8")


@pytest.mark.parametrize("edits", [("ita-sync.toml",), ("units.toml",), ("ita-sync.toml", "units.toml")],
                         ids=["edited-config", "edited-registry", "both-edited"])
def test_write_demo_keeps_edited_files(tmp_path, edits):
    write_demo(tmp_path, responses=200)
    if "ita-sync.toml" in edits:
        _edit_config(tmp_path)
    if "units.toml" in edits:
        _edit_units(tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in ("ita-sync.toml", "units.toml")}
    kept: list[Path] = []
    write_demo(tmp_path, responses=200, kept=kept)
    assert sorted(p.name for p in kept) == sorted(edits)
    for name, content in before.items():
        assert (tmp_path / name).read_bytes() == content


def test_write_demo_unedited_files_are_not_reported(tmp_path):
    write_demo(tmp_path, responses=200)
    kept: list[Path] = []
    write_demo(tmp_path, responses=200, kept=kept)
    assert kept == []


def test_demo_command_says_it_uses_the_edited_config(tmp_path):
    root = tmp_path / "d"
    assert cli("demo", "--dir", str(root)).returncode == 0
    _edit_config(root)
    edited = (root / "ita-sync.toml").read_text(encoding="utf-8")
    done = cli("demo", "--dir", str(root))
    assert done.returncode == 0, done.stderr
    assert (root / "ita-sync.toml").read_text(encoding="utf-8") == edited
    assert vocab.DEMO_KEPT_FILE.format(path=root / "ita-sync.toml") in done.stdout
