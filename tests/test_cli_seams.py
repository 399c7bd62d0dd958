"""The command line as people meet it (issue 9, faults 2, 10 and 17): messages printed as written,
global options anywhere, flags without types in help, Ctrl-C, status wording and times."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

import scheduler
from core.errors import ConfigError, DataError, ItaSyncError, SourceError
from core.run import Outcome
from core.vocab import TAB_STATUS
from sync.state import RunRecord
from tests.fixtures import make_setup

COMMANDS = ("run", "resync", "serve", "status", "demo", "template", "check")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


# --- fault 2: every message printed as written ------------------------------------------------
MARKUP_LIKE = [
    "map them in [survey.questions] of the config",
    "expected only [[units]] tables",
    "question title ความพึงพอใจ [/10] not found",
    "[bold red]not bold[/] and [link=http://x]no link[/link]",
    "a [/] closing tag alone",
    "emoji codes stay :smile: as written",
]


@pytest.mark.parametrize("message", MARKUP_LIKE, ids=["table-name", "array-of-tables", "closing-tag-title",
                                                      "style-tags", "bare-closing-tag", "emoji-code"])
@pytest.mark.parametrize("error", [ConfigError, SourceError, DataError], ids=["config", "source", "data"])
def test_error_messages_are_printed_as_written(capsys, message, error):
    with pytest.raises(Exception) as info:
        scheduler._fail(error(message))
    assert getattr(info.value, "exit_code", None) == error(message).exit_code
    err = capsys.readouterr().err
    assert message in err
    assert "MarkupError" not in err


@pytest.mark.parametrize("message", MARKUP_LIKE)
def test_the_consoles_never_interpret_markup(capsys, message):
    scheduler.out.print(message)
    scheduler.err.print(message)
    captured = capsys.readouterr()
    assert message in captured.out and message in captured.err


# --- fault 17: global options after the command, help without types for flags ----------------------
@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_flags_without_a_bool_type(command):
    done = cli(command, "--help")
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in done.stdout and "BOOLEAN" not in done.stdout


@pytest.mark.parametrize("args", [("-v",), ("--verbose",), ("--log-json",), ("-v", "--log-json")],
                         ids=["short-verbose", "long-verbose", "log-json", "both"])
@pytest.mark.parametrize("command", ["run", "check", "status"])
def test_global_options_are_accepted_after_the_command(tmp_path, command, args):
    config = make_setup(tmp_path)
    done = cli(command, "--config", str(config), *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No such option" not in done.stderr


def test_ctrl_c_says_the_master_was_not_changed(tmp_path, monkeypatch):
    import sync.service

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sync.service, "execute", interrupted)
    config = make_setup(tmp_path)
    result = CliRunner().invoke(scheduler.app, ["run", "--config", str(config)])
    assert result.exit_code == 130
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "stopped by the user; the master was not changed" in text
    assert "KeyboardInterrupt" not in text


def test_an_interrupted_run_is_recorded_with_the_plain_sentence(tmp_path):
    from config.registry import load_registry
    from config.settings import load_settings
    from sync.service import execute
    from sync.state import SyncState

    settings = load_settings(make_setup(tmp_path))
    registry = load_registry(settings.units_file)

    def stop(stage: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute(settings, registry, on_stage=stop)
    with SyncState.open(settings.state_dir) as state:
        last = state.runs(1)[0]
    assert last.outcome == Outcome.INTERRUPTED
    assert last.error == "stopped by the user; the master was not changed"


# --- status: wording and times ------------------------------------------------------------------
def _record(outcome: str, error: str | None = None) -> RunRecord:
    return RunRecord(id=1, started="2026-11-29T19:00:05+00:00", ended="2026-11-29T19:00:09+00:00", mode="run",
                     trigger="scheduled", dry_run=False, read_kind="full", outcome=outcome, rows_read=10,
                     accepted=9, duplicates=1, rejected=0, issues=2, duration=4.0, fingerprint="f", error=error,
                     pid=1)


def _status_text(record: RunRecord, tz: str, monkeypatch) -> str:
    from sync.service import StatusReport

    console = Console(width=80, record=True, file=open(os.devnull, "w"), markup=False)  # noqa: SIM115
    monkeypatch.setattr(scheduler, "out", console)
    report = StatusReport(Path("state/ita-sync.sqlite"), True, [record], record, {"status": "stopped"}, [], None,
                          "2026-11-29T19:00:05+00:00", tz)
    scheduler.print_status(report)
    return console.export_text()


@pytest.mark.parametrize(("outcome", "expected"), [
    ("written", "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: สำเร็จ (เขียนรายงานรวม)"),
    ("unchanged", "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: สำเร็จ (ข้อมูลไม่เปลี่ยนแปลง)"),
    ("failed", "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: ไม่สำเร็จ (ล้มเหลว)"),
    ("abandoned", "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: ไม่สำเร็จ (ยกเลิก (สั่งหยุดก่อนเขียน))"),
])
def test_status_says_the_outcome_once(monkeypatch, outcome, expected):
    text = _status_text(_record(outcome), "Asia/Bangkok", monkeypatch)
    assert expected in text
    assert "สำเร็จ (สำเร็จ" not in text


@pytest.mark.parametrize(("tz", "local"), [
    ("Asia/Bangkok", "2026-11-30 02:00:05 +0700"),
    ("UTC", "2026-11-29 19:00:05 +0000"),
    ("America/New_York", "2026-11-29 14:00:05 -0500"),
])
def test_status_times_are_in_the_configured_zone_with_offset(monkeypatch, tz, local):
    text = _status_text(_record("written"), tz, monkeypatch)
    assert local in text
    assert f"{local[:16]} {local[20:]}" in text  # the history table: minutes and the offset


def test_run_facts_time_is_in_the_configured_zone_whatever_the_server_zone(tmp_path):
    config = make_setup(tmp_path)  # timezone = "Asia/Bangkok"
    done = cli("run", "--config", str(config), env={"TZ": "America/New_York"})
    assert done.returncode == 0, done.stderr
    wb = load_workbook(tmp_path / "data" / "master.xlsx", read_only=True)
    facts = {row[0]: row[1] for row in wb[TAB_STATUS].iter_rows(values_only=True) if row and row[0]}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0700", str(facts["เวลาซิงค์"]))
    status = cli("status", "--config", str(config), env={"TZ": "America/New_York"})
    assert "+0700" in status.stdout and "-0500" not in status.stdout


# --- the summary in an 80-column terminal -------------------------------------------------------
def test_summary_names_are_not_cut_to_the_same_name(monkeypatch):
    from core.columns import TabStat
    from sync.job import RunResult

    long = "reports/กองยุทธศาสตร์และแผนงาน-สำนักงานปลัดกระทรวง-รายงานรอบ-6-เดือน-ฉบับแก้ไข"
    names = [f"{long}-A.xlsx", f"{long}-B.xlsx"]
    stats = [TabStat(source=n, sheet="แบบรายงานที่ 2", read=5, accepted=5, duplicates=0, rejected=0) for n in names]
    from datetime import UTC, datetime

    result = RunResult(mode="run", started=datetime.now(UTC), duration=1.0, stats=stats, issues_by_tab={},
                       issues_by_code={}, fingerprint="f", wrote=True, dry_run=False, location="master.xlsx")
    console = Console(width=80, record=True, file=open(os.devnull, "w"), markup=False)  # noqa: SIM115
    monkeypatch.setattr(scheduler, "out", console)
    scheduler.print_summary(result)
    text = console.export_text()
    assert "…" not in text
    assert "-A.xlsx" in text.replace(" ", "").replace("│", "") or "A.xlsx" in text
    assert "B.xlsx" in text


def test_every_error_class_maps_to_its_exit_code():
    for exc, code in ((ConfigError("x"), 2), (SourceError("x"), 1), (ItaSyncError("x"), 1)):
        with pytest.raises(Exception) as info:
            scheduler._fail(exc)
        assert info.value.exit_code == code


# --- config positions count from 1 (fault 17) ---------------------------------------------------
@pytest.mark.parametrize(("raw", "needle"), [
    ({"reports": [{"spreadsheet": "a.xlsx"}, {"spreadsheet": "b.xlsx", "sheet": "x"}]}, "[[reports]] #2: sheet"),
    ({"reports": [{"spreadsheet": 5}]}, "[[reports]] #1: spreadsheet = 5"),
], ids=["unknown-key-in-second-report", "bad-value-in-first-report"])
def test_config_positions_count_from_one(raw, needle):
    from config.settings import settings_from_dict

    base = {"backend": {"kind": "local"}, "survey": {"spreadsheet": "s.xlsx"}, "master": {"spreadsheet": "m.xlsx"}}
    with pytest.raises(ConfigError) as info:
        settings_from_dict({**base, **raw}, base_dir=Path("."))
    assert any(needle in p for p in info.value.problems), info.value.problems
    assert not any("reports[0]" in p or "reports[1]" in p for p in info.value.problems)
