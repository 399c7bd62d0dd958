"""The Google backend over real HTTP, with real gspread / google-api-python-client / google-auth,
against the local emulator (tests/google_emulator)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import sync.google as g
import sync.google.transport as gt
from config.registry import registry_from_dict
from config.settings import settings_from_dict
from core.errors import ConfigError, SourceError
from core.vocab import FORM1_COLUMNS, MASTER_TABS, TAB_STATUS
from sync.http import Pacer, RetryPolicy
from sync.job import run_once
from tests.fixtures import (
    FORM1_ROWS,
    FORM2_HEADER,
    FORM2_ROWS,
    SURVEY_HEADER,
    SURVEY_ROWS,
    UNITS_TOML,
    make_setup,
)

FAST = dict(base_delay=0.01, max_delay=0.05, max_total_seconds=20)


def registry():
    return registry_from_dict(tomllib.loads(UNITS_TOML))


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for r in rows:
        r = list(r)
        while r and (r[-1] is None or r[-1] == ""):
            r.pop()
        out.append([None if v == "" else v for v in r])
    while out and not out[-1]:
        out.pop()
    return out


def data_part(title: str, rows: list[list[Any]]) -> list[list[Any]]:
    rows = trim(rows)
    if title == TAB_STATUS:  # run facts differ from run to run
        cut = next((i for i, r in enumerate(rows) if not r), len(rows))
        rows = rows[:cut]
    return rows


class GoogleSetup:
    def __init__(self, emu: Any, tmp: Path) -> None:
        self.emu = emu
        self.survey = emu.create_spreadsheet(title="การตอบแบบฟอร์ม", tabs={"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, *SURVEY_ROWS]},
                                             time_zone="Asia/Bangkok")
        self.report = emu.create_spreadsheet(title="รายงานกองกลาง", tabs={
            "แบบรายงานที่ 1": [["แบบรายงานผลการดำเนินงานตามมาตรการ"], ["หน่วยงาน: กองกลาง"], list(FORM1_COLUMNS), *FORM1_ROWS],
            "แบบรายงานที่ ๒": [["รายงานผลการสำรวจ"], FORM2_HEADER, *FORM2_ROWS],
        })
        self.master = emu.create_spreadsheet(title="รายงานรวม ITA", tabs={"Sheet1": []})
        self.key = emu.write_service_account_key(tmp / "sa.json")
        self.raw: dict[str, Any] = {
            "backend": {"kind": "google", "credentials": str(self.key), "api_endpoint": emu.base_url},
            "survey": {"spreadsheet": self.survey, "worksheet": "การตอบแบบฟอร์ม 1"},
            "reports": [{"spreadsheet": f"https://docs.google.com/spreadsheets/d/{self.report}/edit#gid=0"}],
            "master": {"spreadsheet": self.master},
        }
        self.tmp = tmp

    def settings(self, **over: Any):
        raw = {**self.raw, **over}
        return settings_from_dict(raw, base_dir=self.tmp)

    def run(self, settings=None, **kw: Any):
        settings = settings or self.settings()
        google = g.Google(settings, policy=RetryPolicy(**FAST))
        return run_once(settings, registry(), g.GoogleSource(settings, google), g.GoogleSink(settings, google), **kw)

    def master_tabs(self) -> dict[str, list[list[Any]]]:
        return {t: self.emu.values(self.master, t) for t in self.emu.tabs(self.master)}


@pytest.fixture
def gs(emulator, tmp_path) -> GoogleSetup:
    return GoogleSetup(emulator, tmp_path)


def local_master(tmp_path: Path) -> dict[str, list[list[Any]]]:
    from sync.backends import build_backend

    config = make_setup(tmp_path / "local")
    settings = settings_from_dict(tomllib.loads(config.read_text(encoding="utf-8")), base_dir=config.parent)
    source, sink = build_backend(settings)
    run_once(settings, registry(), source, sink)
    wb = load_workbook(config.parent / "data" / "master.xlsx")
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_same_master_as_local_backend(gs, tmp_path):
    result = gs.run()
    assert result.wrote
    remote = gs.master_tabs()
    assert list(remote)[:7] == list(MASTER_TABS)
    assert "Sheet1" in remote  # a tab the job does not own is left alone
    local = local_master(tmp_path)
    for title in MASTER_TABS:
        want = data_part(title, local[title])
        got = data_part(title, remote[title])
        if title == TAB_STATUS or title == "ปัญหาข้อมูล":  # sources are IDs on Google, paths locally
            names = {"survey.xlsx": gs.survey, "reports/a.xlsx": gs.report}
            want = [[names.get(v, v) if i == 0 else v for i, v in enumerate(r)] for r in want]
        assert got == want, title


def test_survey_serials_read_in_the_sheets_own_time_zone(gs):
    # the survey's datetime cell (1 Apr 2024 00:00) is stored as a serial in Asia/Bangkok; run the
    # job in UTC: the response must still fall in April (second half), not 31 March
    result = gs.run(gs.settings(timezone="Asia/Bangkok"))
    assert result.wrote
    monthly = trim(gs.master_tabs()["รายเดือน"])
    assert [2567, "2567-04", "OPS-KKL", "กองกลาง", 1] == monthly[-1][:5]


def test_calls_per_run_and_no_write_when_unchanged(gs):
    gs.emu.clear_log()
    gs.run()
    reads = gs.emu.count(method="GET")
    writes = gs.emu.count(method="POST")
    # survey: metadata + batchGet; report: one grid read; master: one metadata read
    assert reads == 4, [c.path for c in gs.emu.calls()]
    assert writes == 1
    gs.emu.clear_log()
    second = gs.run()
    assert not second.wrote
    assert gs.emu.count(method="POST") == 0
    assert gs.emu.count(method="GET") == 4


def test_forms_api_survey(gs):
    qids = None
    items = [{"title": t, "kind": "checkbox" if t == "ประเภทผู้มาติดต่อ" else "text"} for t in SURVEY_HEADER[1:]]
    form = gs.emu.create_form(title="แบบสำรวจ", items=items)
    qids = gs.emu.question_ids(form)
    gs.emu.add_responses(form, [
        {"lastSubmittedTime": "2023-10-15T02:30:00Z", "answers": {
            qids[SURVEY_HEADER[4]]: "กองกลาง",
            qids["ประเภทผู้มาติดต่อ"]: ["ประชุม/สัมมนา", "ผู้รับเหมา, ช่างไฟ"],
            qids[SURVEY_HEADER[6]]: "รู้/ทราบ", qids[SURVEY_HEADER[7]]: "ไม่รู้", qids[SURVEY_HEADER[8]]: "ทราบ"}},
        {"lastSubmittedTime": "2024-04-01T05:00:00Z", "answers": {
            qids[SURVEY_HEADER[4]]: "ศปท.", qids["ประเภทผู้มาติดต่อ"]: ["อื่นๆ"],
            qids[SURVEY_HEADER[6]]: "ไม่รู้/ไม่ทราบ"}},
    ])
    survey = dict(gs.raw["survey"], form=f"https://docs.google.com/forms/d/{form}/edit")
    settings = gs.settings(survey=survey, reports=[])
    gs.emu.clear_log()
    result = gs.run(settings)
    assert result.stats[0].read == 2 and result.stats[0].accepted == 2
    form2 = trim(gs.master_tabs()["แบบรายงานที่ 2"])
    kkl6 = next(r for r in form2 if r[:5] == [2567, "6 เดือน", "OPS-KKL", "กองกลาง", "แบบสำรวจออนไลน์"])
    # one response; types: ประชุม/สัมมนา and, for the free text (one list item with a comma), อื่นๆ
    assert kkl6[5:11] == [1, 0, 0, 1, 0, 1]
    # reads: forms.get + one responses page + master metadata
    assert gs.emu.count(method="GET") == 3
    assert gs.emu.count(method="POST") == 1


def test_formula_like_text_lands_as_text(gs):
    rows = [list(r) for r in SURVEY_ROWS]
    rows[0][4] = "=IMPORTRANGE(\"x\",\"A1\")"
    rows[1][4] = "+1"
    rows[2][4] = "@x"
    gs.emu.set_values(gs.survey, "การตอบแบบฟอร์ม 1", [SURVEY_HEADER, *rows])
    gs.run()
    issues = trim(gs.master_tabs()["ปัญหาข้อมูล"])
    values = [r[4] for r in issues if len(r) > 5 and r[5] == "unknown_unit"]
    assert "=IMPORTRANGE(\"x\",\"A1\")" in values and "+1" in values and "@x" in values
    # stored as strings, not formulas
    cell = next(c for c in _cells(gs.emu, gs.master, "ปัญหาข้อมูล") if c.get("userEnteredValue", {}).get("stringValue", "").startswith("=IMPORT"))
    assert "formulaValue" not in cell["userEnteredValue"]


def change_survey(gs) -> None:
    """A real source change: the first response now names another unit."""
    rows = [list(r) for r in SURVEY_ROWS]
    rows[0][4] = "ศปท."
    gs.emu.set_values(gs.survey, "การตอบแบบฟอร์ม 1", [SURVEY_HEADER, *rows])


def _cells(emu, sid, tab):
    data = emu.spreadsheet_json(sid, ranges=[f"'{tab}'"], include_grid_data=True)
    for sheet in data["sheets"]:
        for block in sheet.get("data", []):
            for rd in block.get("rowData", []):
                yield from rd.get("values", [])


def test_master_formatting(gs):
    gs.run()
    props = {p["title"]: p for p in gs.emu.sheet_properties(gs.master)}
    assert props["แบบรายงานที่ 2"]["gridProperties"]["frozenRowCount"] == 1
    assert not props["แบบรายงานที่ 2"].get("hidden")
    widths = gs.emu.dimension_sizes(gs.master, "แบบรายงานที่ 2")
    assert widths and min(widths.values()) >= 50


@pytest.mark.parametrize("fault", ["rate_limit", "server_errors", "dropped_connection", "timeout"])
def test_transient_faults_are_retried(gs, fault, monkeypatch):
    monkeypatch.setattr(gt, "TIMEOUT", (2.0, 1.0))
    f = gs.emu.faults
    if fault == "rate_limit":
        f.rate_limit(times=4, retry_after=0)
    elif fault == "server_errors":
        f.fail(times=2, status=503)
        f.fail(times=1, status=500, after=3)
    elif fault == "dropped_connection":
        f.drop_connection(times=1, path=r"values:batchGet", apply=False)
    else:
        f.slow(2.5, times=1, path=r"values:batchGet")
    result = gs.run()
    assert result.wrote
    assert data_part("แบบรายงานที่ 2", gs.master_tabs()["แบบรายงานที่ 2"])[1][0] == 2566


def test_quota_exhausted_fails_cleanly_and_keeps_master(gs):
    gs.run()
    before = gs.master_tabs()
    change_survey(gs)
    gs.emu.faults.rate_limit(times=100, retry_after=0, path=r":batchUpdate")
    with pytest.raises(SourceError, match="quota"):
        gs.run()
    assert gs.master_tabs() == before


def test_failed_write_leaves_previous_master(gs):
    gs.run()
    before = gs.master_tabs()
    change_survey(gs)
    gs.emu.faults.fail(times=100, status=500, path=r":batchUpdate")
    with pytest.raises(SourceError):
        gs.run()
    assert gs.master_tabs() == before


def test_chunked_write_past_payload_limit(gs, monkeypatch):
    gs.run()
    sink_limit = 3000
    settings = gs.settings()
    google = g.Google(settings, policy=RetryPolicy(**FAST), pacer=Pacer(per_minute=10**6))
    sink = g.GoogleSink(settings, google)
    sink.max_batch_bytes = sink_limit
    change_survey(gs)
    gs.emu.clear_log()
    result = run_once(settings, registry(), g.GoogleSource(settings, google), sink)
    assert result.wrote
    assert gs.emu.count(method="POST") > 2  # staging fills, then one swap
    tabs = gs.master_tabs()
    assert list(tabs)[:7] == list(MASTER_TABS)
    assert not [t for t in tabs if t.startswith(g.STAGING_PREFIX)]


def test_chunked_write_failing_midway_keeps_master_and_recovers(gs):
    gs.run()
    before = gs.master_tabs()
    settings = gs.settings()
    google = g.Google(settings, policy=RetryPolicy(**FAST), pacer=Pacer(per_minute=10**6))
    sink = g.GoogleSink(settings, google)
    sink.max_batch_bytes = 3000
    change_survey(gs)
    gs.emu.faults.fail(times=100, status=400, path=r":batchUpdate", after=2)
    with pytest.raises(SourceError):
        run_once(settings, registry(), g.GoogleSource(settings, google), sink)
    visible = {t: v for t, v in gs.master_tabs().items() if not t.startswith(g.STAGING_PREFIX)}
    assert visible == before  # officers still see the complete previous report
    hidden = [p for p in gs.emu.sheet_properties(gs.master) if p["title"].startswith(g.STAGING_PREFIX)]
    assert all(p.get("hidden") for p in hidden)
    gs.emu.faults.clear()
    assert gs.run().wrote  # the next run cleans the leftovers up
    assert not [t for t in gs.emu.tabs(gs.master) if t.startswith(g.STAGING_PREFIX)]


def test_report_403_is_bad_sheet_and_404_fails(gs):
    gs.emu.deny(gs.report)
    result = gs.run()
    issues = trim(gs.master_tabs()["ปัญหาข้อมูล"])
    bad = [r for r in issues if len(r) > 5 and r[5] == "bad_sheet"]
    assert bad and bad[0][0] == gs.report
    gs.emu.grant(gs.report)
    gs.emu.delete_spreadsheet(gs.report)
    with pytest.raises(SourceError, match="404"):
        gs.run()
    assert result.wrote


def test_master_403_names_the_account(gs):
    gs.emu.deny(gs.master)
    with pytest.raises(SourceError) as info:
        gs.run()
    assert "iam.gserviceaccount.com" in str(info.value) and "share" in str(info.value)


def test_missing_key_file_is_config_error(gs, tmp_path):
    backend = dict(gs.raw["backend"], credentials=str(tmp_path / "nope.json"))
    with pytest.raises(ConfigError, match="backend.credentials"):
        g.Google(gs.settings(backend=backend))


def test_forms_scopes_only_when_form_configured(gs):
    plain = g.Google(gs.settings())
    assert plain.credentials.scopes == [g.SHEETS_SCOPE]
    survey = dict(gs.raw["survey"], form="1" + "f" * 40)
    with_form = g.Google(gs.settings(survey=survey))
    assert set(with_form.credentials.scopes) == {g.SHEETS_SCOPE, *g.FORMS_SCOPES}


def test_check_reports_every_source_and_the_master(gs):
    from sync.check import run_checks

    lines = list(run_checks(gs.settings(), registry()))
    assert all(level == "ok" for level, _ in lines), lines
    text = "\n".join(m for _, m in lines)
    assert gs.survey in text and gs.report in text and "writable" in text
    assert "unit -> column 5" in text  # question titles located
    gs.emu.deny(gs.report)
    warned = [m for level, m in run_checks(gs.settings(), registry()) if level == "warn"]
    assert warned and gs.report in warned[0]
    gs.emu.deny(gs.master)
    errors = [m for level, m in run_checks(gs.settings(), registry()) if level == "error"]
    assert errors and "share" in errors[0]


def test_number_formats_on_numeric_columns(gs):
    gs.run()
    fmt = gs.emu.formats(gs.master, "แบบรายงานที่ 2")
    patterns = {k: v.get("numberFormat", {}).get("pattern") for k, v in fmt.items() if "numberFormat" in v}
    assert patterns.get("A2") == "0" and patterns.get("F2") == "0"  # year and a count
    assert "B2" not in patterns  # รอบ is text


def test_number_format_patterns():
    assert g.number_formats([[2567, "6 เดือน", 1, 71.9, None], [2568, "12 เดือน", 2, 80, 3]]) == {0: "0", 2: "0", 3: "0.0", 4: "0"}
