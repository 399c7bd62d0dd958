"""Faults of the master write, as kinds (issue 9 faults 3, 4, 8, 9; issue 10 fault 9).

* a write whose answer was lost but which had landed is a success (Google; CONTRACT 7);
* officers' tabs are kept exactly, or nothing is written and the run names the tab;
* the new master keeps the old one's mode and group; a read-only master is an error;
  a ``~$master.xlsx`` lock file is a warning;
* ``--dry-run`` compares every cell and names rows that change;
* a full disk is one sentence, and the old master stays.
"""

from __future__ import annotations

import errno
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

import sync.google as g
from core.errors import SourceError
from core.vocab import MASTER_TABS, TAB_FORM2, TAB_SUMMARY
from sync.http import Pacer, RetryPolicy
from sync.job import run_once
from sync.local import LocalSink
from sync.service import execute
from tests.fixtures import SURVEY_HEADER, SURVEY_ROWS, make_setup, write_xlsx
from tests.test_google_backend import FAST, GoogleSetup, change_survey, registry
from tests.test_service import load

OFFICER_TAB = "บันทึกของเจ้าหน้าที่"


def png_bytes(w: int = 4, h: int = 3) -> bytes:
    """A real (tiny) PNG picture."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def local_setup(tmp_path: Path) -> tuple[Any, Any, Path]:
    settings, reg = load(make_setup(tmp_path))
    return settings, reg, tmp_path / "data" / "master.xlsx"


def change_local_survey(root: Path) -> None:
    write_xlsx(root / "data" / "survey.xlsx", {"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, *SURVEY_ROWS[:4]]})


# --- issue 9 fault 3: a lost answer to a write that landed ---------------------------------
@pytest.mark.parametrize("case", ["answer_lost_after_apply", "connection_lost_before_apply"])
def test_lost_master_write_answer(emulator, tmp_path, case):
    gs = GoogleSetup(emulator, tmp_path)
    gs.run()
    change_survey(gs)
    emulator.faults.drop_connection(times=1, path=r":batchUpdate$", apply=case == "answer_lost_after_apply")
    emulator.clear_log()
    result = gs.run()
    assert result.wrote
    sink = g.GoogleSink(gs.settings(), g.Google(gs.settings(), policy=RetryPolicy(**FAST)))
    assert sink.read_fingerprint(refresh=True) == result.fingerprint
    writes = emulator.count(method_id="sheets.spreadsheets.batchUpdate")
    if case == "answer_lost_after_apply":
        assert writes == 1  # not sent again: the fingerprint in developer metadata said it landed
        assert any("had applied it" in w for w in result.warnings)
    else:
        assert writes == 2 and not any("had applied" in w for w in result.warnings)
    assert list(gs.master_tabs())[:7] == list(MASTER_TABS)


def test_lost_answer_of_the_swap_of_a_chunked_write(emulator, tmp_path):
    gs = GoogleSetup(emulator, tmp_path)
    gs.run()
    change_survey(gs)
    settings = gs.settings()
    google = g.Google(settings, policy=RetryPolicy(**FAST), pacer=Pacer(per_minute=10**6))
    sink = g.GoogleSink(settings, google)
    sink.max_batch_bytes = 3000
    # a chunked write: one call adds the staging tabs, one per chunk fills them, the last swaps
    n_fill = 1 + len(sink._fill_requests(list(_document(settings, google).tables), [1] * 7))
    emulator.faults.drop_connection(times=1, path=r":batchUpdate$", apply=True, after=n_fill)
    result = run_once(settings, registry(), g.GoogleSource(settings, google), sink)
    assert result.wrote and any("had applied it" in w for w in result.warnings)
    assert sink.read_fingerprint(refresh=True) == result.fingerprint
    assert not [t for t in gs.emu.tabs(gs.master) if t.startswith(g.STAGING_PREFIX)]


def _document(settings: Any, google: Any) -> Any:
    captured: list[Any] = []

    class Capture:
        location = "capture"

        def read_fingerprint(self) -> None:
            return None

        def read_tables(self) -> dict:
            return {}

        def write(self, document: Any) -> None:
            captured.append(document)

    run_once(settings, registry(), g.GoogleSource(settings, google), Capture())  # type: ignore[arg-type]
    return captured[0]


# --- issue 9 fault 4: officers' tabs ---------------------------------------------------------
def officer_master(path: Path, content: str) -> None:
    """A master holding one stale job tab and an officer's tab with ``content``."""
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet(TAB_SUMMARY).write(0, 0, "old")
    ws = wb.add_worksheet(OFFICER_TAB)
    ws.write(0, 0, "บันทึก")
    ws.write(1, 0, 42)
    ws.write_comment(0, 0, "หมายเหตุของเจ้าหน้าที่")
    pic = path.parent / "pic.png"
    pic.write_bytes(png_bytes())
    if "picture" in content:
        ws.insert_image(3, 1, str(pic))
    if "text_box" in content:
        ws.insert_textbox(3, 4, "ข้อความในกล่อง")
    if "sparkline" in content:
        ws.write_row(5, 0, [1, 3, 2])
        ws.add_sparkline(5, 3, {"range": f"'{OFFICER_TAB}'!A6:C6"})
    if "shape" in content:
        ws.insert_textbox(10, 4, "", {"object_position": 1, "line": {"color": "red"}})
    wb.close()


def _pillow() -> bool:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("content, lost", [
    ("values_and_comment", None),
    ("picture", None if _pillow() else "a picture"),
    ("text_box", "a shape or text box"),
    ("sparkline", "Excel extensions"),
    ("picture_and_text_box", "a picture" if not _pillow() else "a shape or text box"),
])
def test_officer_tab_kept_or_nothing_written(tmp_path, content, lost):
    settings, reg, master = local_setup(tmp_path)
    officer_master(master, content)
    before = master.read_bytes()
    if lost:
        with pytest.raises(SourceError) as err:
            execute(settings, reg)
        assert OFFICER_TAB in str(err.value) and lost in str(err.value)
        assert master.read_bytes() == before  # nothing written
        with pytest.raises(SourceError, match=OFFICER_TAB):
            LocalSink(master).check()  # `check` says so before any run
        return
    assert execute(settings, reg).wrote
    from openpyxl import load_workbook

    wb = load_workbook(master)
    assert wb.sheetnames == [*MASTER_TABS, OFFICER_TAB]
    ws = wb[OFFICER_TAB]
    assert ws["A1"].value == "บันทึก" and ws["A2"].value == 42
    assert ws["A1"].comment is not None and ws["A1"].comment.text == "หมายเหตุของเจ้าหน้าที่"
    if "picture" in content:
        assert len(ws._images) == 1
    assert LocalSink(master).read_fingerprint()


# --- issue 9 fault 8: mode, group, read-only, open in Excel -----------------------------------
@pytest.mark.parametrize("mode", [0o644, 0o664, 0o640, 0o600])
def test_new_master_keeps_mode_and_group(tmp_path, mode):
    settings, reg, master = local_setup(tmp_path)
    execute(settings, reg)
    os.chmod(master, mode)
    gid = 100 if os.geteuid() == 0 else os.getegid()
    os.chown(master, -1, gid)
    change_local_survey(tmp_path)
    assert execute(settings, reg).wrote
    st = os.stat(master)
    assert st.st_mode & 0o7777 == mode and st.st_gid == gid


@pytest.mark.parametrize("mode", [0o444, 0o440, 0o400])
def test_read_only_master_is_an_error_in_check_and_run(tmp_path, mode):
    settings, reg, master = local_setup(tmp_path)
    execute(settings, reg)
    os.chmod(master, mode)
    before = master.read_bytes()
    change_local_survey(tmp_path)
    with pytest.raises(SourceError, match="read-only"):
        LocalSink(master).check()
    with pytest.raises(SourceError, match="read-only"):
        execute(settings, reg)
    assert master.read_bytes() == before


def test_master_open_in_excel_gives_a_warning(tmp_path):
    settings, reg, master = local_setup(tmp_path)
    execute(settings, reg)
    (master.parent / ("~$" + master.name)).write_bytes(b"\x00" * 165)
    assert "warning" in LocalSink(master).check() and "~$master.xlsx" in LocalSink(master).check()
    change_local_survey(tmp_path)
    result = execute(settings, reg)
    assert result.wrote and any("~$master.xlsx" in w for w in result.warnings)


# --- issue 10 fault 9: disk full ----------------------------------------------------------------
@pytest.mark.parametrize("where", ["fsync", "zip_write", "rename"])
def test_disk_full_during_master_write(tmp_path, monkeypatch, where):
    settings, reg, master = local_setup(tmp_path)
    execute(settings, reg)
    before = master.read_bytes()
    change_local_survey(tmp_path)

    def full(*a: Any, **k: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    import zipfile

    import sync.local.sink as ls
    if where == "fsync":
        monkeypatch.setattr(ls.os, "fsync", full)
    elif where == "zip_write":
        monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
        monkeypatch.setattr(zipfile.ZipFile, "write", full)
    else:
        monkeypatch.setattr(ls.os, "replace", full)
    with pytest.raises(SourceError) as err:
        execute(settings, reg)
    text = str(err.value)
    assert "no space left on device" in text and str(master.parent) in text and "not changed" in text
    assert "Traceback" not in text and "\n" not in text
    assert master.read_bytes() == before
    assert not list(master.parent.glob(".master.xlsx.*.tmp"))


def test_disk_full_cli_prints_one_sentence(tmp_path):
    """The real command, with ENOSPC injected into the process: no stray traceback."""
    config = make_setup(tmp_path)
    settings, reg = load(config)
    execute(settings, reg)
    change_local_survey(tmp_path)
    code = ("import errno, os, sys, zipfile\n"
            "def full(*a, **k): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
            "zipfile.ZipFile.writestr = zipfile.ZipFile.write = full\n"
            "import scheduler\n"
            f"sys.argv = ['ita-sync', 'run', '--config', {str(config)!r}]\n"
            "scheduler.main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "no space left on device" in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout


# --- issue 9 fault 9: --dry-run compares every cell -------------------------------------------
def test_dry_run_counts_every_changed_cell_and_names_rows(tmp_path):
    settings, reg, master = local_setup(tmp_path)
    execute(settings, reg)
    old = LocalSink(master).read_tables()
    change_local_survey(tmp_path)
    dry = execute(settings, reg, dry_run=True)
    by = {c.tab: c for c in dry.changes}
    execute(settings, reg)
    new = LocalSink(master).read_tables()

    def rows(t: dict, tab: str) -> list[list[Any]]:
        out = [[None if v in ("", None) else v for v in r] for r in t[tab]]
        width = max(len(r) for r in out)
        return [r + [None] * (width - len(r)) for r in out]

    a, b = rows(old, TAB_SUMMARY), rows(new, TAB_SUMMARY)
    width = max(len(a[0]), len(b[0]))
    a = [r + [None] * (width - len(r)) for r in a]
    b = [r + [None] * (width - len(r)) for r in b]
    differing = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
    summary = by[TAB_SUMMARY]
    assert differing > 0
    assert summary.changed + summary.added + summary.removed == differing
    assert summary.examples and all(e.startswith("แถว ") for e in summary.examples)
    assert by[TAB_FORM2].any and by[TAB_FORM2].examples


@pytest.mark.parametrize("column", [0, 5, 20])
def test_dry_run_sees_a_change_in_any_column(column):
    from core.document import DocTable
    from sync.job import diff_tables

    header = [f"h{i}" for i in range(25)]
    rows = [[2567, "6 เดือน", f"U{i}", "name", "src", *range(20)] for i in range(3)]
    new_rows = [list(r) for r in rows]
    new_rows[1][column] = "x" if column else 2568
    old = {"t": [header, *rows]}
    (change,) = diff_tables(old, [DocTable(title="t", rows=[header, *new_rows])])
    assert change.any and change.examples
