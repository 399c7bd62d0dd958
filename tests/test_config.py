"""Config and registry validation: every problem at once, named by key and value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config.registry import load_registry, registry_from_dict
from config.settings import BUNDLED_UNITS, load_settings, settings_from_dict
from core.errors import ConfigError

BASE = {"backend": {"kind": "local"}, "survey": {"spreadsheet": "s.xlsx"}, "master": {"spreadsheet": "m.xlsx"}}


def errors_of(raw: dict) -> list[str]:
    with pytest.raises(ConfigError) as info:
        settings_from_dict(raw, base_dir=Path("."))
    return info.value.problems


def test_minimal_config_gets_defaults():
    s = settings_from_dict(BASE, base_dir=Path("/x"))
    assert s.timezone == "Asia/Bangkok"
    assert s.report_specs == ["reports/*.xlsx"]
    assert s.data_dir == Path("/x/data") and s.state_dir == Path("/x/state")
    assert s.units_file == BUNDLED_UNITS
    assert s.schedule.cron == "0 2 * * *" and s.survey.date_order == "dmy"


def test_reports_empty_list_means_none():
    assert settings_from_dict({**BASE, "reports": []}, base_dir=Path(".")).report_specs == []


def test_google_reports_absent_means_none():
    raw = {"backend": {"kind": "google"}, "survey": {"spreadsheet": "a" * 44}, "master": {"spreadsheet": "b" * 44}}
    assert settings_from_dict(raw, base_dir=Path(".")).report_specs == []


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        pytest.param({**BASE, "timezone": "Bangkok"}, "timezone = 'Bangkok'", id="bad_timezone"),
        pytest.param({**BASE, "backend": {"kind": "excel"}}, "backend.kind = 'excel'", id="bad_backend_kind"),
        pytest.param({**BASE, "backend": {"kind": "local", "datadir": "x"}}, "backend.datadir", id="unknown_key_typo"),
        pytest.param({**BASE, "surveys": {}}, "surveys", id="unknown_table"),
        pytest.param({**BASE, "survey": {"spreadsheet": "s", "date_order": "ymd"}}, "survey.date_order", id="bad_date_order"),
        pytest.param({**BASE, "schedule": {"cron": "0 2 * *"}}, "schedule.cron = '0 2 * *'", id="cron_four_fields"),
        pytest.param({**BASE, "schedule": {"cron": "0 25 * * *"}}, "schedule.cron", id="cron_bad_hour"),
        pytest.param({"backend": {"kind": "local"}, "master": {"spreadsheet": "m"}}, "survey.spreadsheet is required", id="missing_survey"),
        pytest.param({**BASE, "survey": {"spreadsheet": "s", "questions": {"unitt": "x"}}}, "unitt", id="unknown_question_field"),
        pytest.param({"backend": {"kind": "google"}, "survey": {"spreadsheet": "a" * 44, "form": "https://forms.gle/WEjqVKincxE2ZEyJ7"},
                      "master": {"spreadsheet": "b" * 44}}, "forms.gle", id="forms_gle_short_link"),
        pytest.param({"backend": {"kind": "google"}, "survey": {"spreadsheet": "survey.xlsx"},
                      "master": {"spreadsheet": "b" * 44}}, "survey.spreadsheet = 'survey.xlsx'", id="google_needs_sheet_id"),
    ],
)
def test_each_mistake_named(raw, needle):
    problems = errors_of(raw)
    assert any(needle in p for p in problems), problems


def test_google_sheet_url_accepted():
    url = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd/edit#gid=0"
    other = url.replace("1AbC", "1ZyX")  # the master may not be the survey (contract section 2)
    raw = {"backend": {"kind": "google"}, "survey": {"spreadsheet": url}, "master": {"spreadsheet": other}}
    settings = settings_from_dict(raw, base_dir=Path("."))
    assert settings.survey.spreadsheet == url and settings.master.spreadsheet == other


def test_three_mistakes_reported_at_once_exit_2(tmp_path):
    cfg = tmp_path / "ita-sync.toml"
    cfg.write_text(
        'timezone = "Mars/Base"\n[backend]\nkind = "local"\ndata_dri = "data"\n'
        '[survey]\nspreadsheet = "s.xlsx"\ndate_order = "ydm"\n[master]\nspreadsheet = "m.xlsx"\n',
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, "-m", "scheduler", "run", "--config", str(cfg)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    for needle in ("timezone = 'Mars/Base'", "backend.data_dri", "survey.date_order = 'ydm'"):
        assert needle in proc.stderr


def test_bad_command_line_exit_2():
    proc = subprocess.run([sys.executable, "-m", "scheduler", "run", "--no-such-flag"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2


def test_missing_config_file_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scheduler", "run", "--config", str(tmp_path / "nope.toml")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_invalid_toml_named(tmp_path):
    cfg = tmp_path / "x.toml"
    cfg.write_text("[backend\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(cfg)


def test_bundled_registry_is_valid():
    reg = load_registry(BUNDLED_UNITS)
    assert len(reg.units) >= 5
    assert len(set(reg.codes)) == len(reg.codes)


@pytest.mark.parametrize(
    ("units", "needle"),
    [
        pytest.param([{"code": "A", "name": "กองกลาง"}, {"code": "A", "name": "กองคลัง"}], "codes must be unique", id="duplicate_code"),
        pytest.param([{"code": "A", "name": "กองกลาง", "aliases": ["กองกลาง"]}], "unique", id="alias_equal_to_own_name"),
        pytest.param([{"code": "A", "name": "กองกลาง"}, {"code": "B", "name": "กองกลาง\u200b"}], "after normalisation",
                     id="names_equal_after_T"),
        pytest.param([{"code": "-", "name": "กองกลาง"}], "reserved", id="reserved_code"),
        pytest.param([{"code": "A", "name": "ไม่ทราบหน่วยงาน"}], "reserved", id="reserved_name"),
        pytest.param([{"code": "A", "name": "กองกลาง", "short": "กก."}], "[[units]] #1 'A': short", id="unknown_unit_key"),
    ],
)
def test_registry_errors(units, needle):
    with pytest.raises(ConfigError) as info:
        registry_from_dict({"units": units})
    assert any(needle in p for p in info.value.problems), info.value.problems


def test_registry_reports_all_errors_at_once():
    with pytest.raises(ConfigError) as info:
        registry_from_dict({"units": [{"code": "-", "name": "ไม่ทราบหน่วยงาน", "x": 1}]})
    assert len(info.value.problems) == 3
