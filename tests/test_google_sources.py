"""Google sources through the emulator: faults of issue 9 (5 deleted responses, 6 merged cells,
14 grid questions) and issue 13 (Drive change detection, report folders, parallel reads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.settings import settings_from_dict
from core.vocab import FORM1_COLUMNS
from sync.google import Google, GoogleSource
from sync.google.source import fill_merges
from sync.http import RetryPolicy
from sync.service import execute
from tests.fixtures import FORM2_HEADER, FORM2_ROWS, SURVEY_HEADER, SURVEY_ROWS
from tests.test_incremental import (
    BASE,
    SURVEY_TAB,
    T,
    answer,
    full_fingerprint,
    google_setup,
    google_sources_local_master,
    master_data,
)


# --- fault 5: a response deleted in the form no longer counts on the next run ---------------------
@pytest.mark.parametrize("change", ["deleted", "edited_back_in_time", "deleted_then_added"])
def test_run_equals_resync_after_a_form_change(emulator, tmp_path, change):
    settings, registry, ids = google_setup(emulator, tmp_path, form=True)
    backend = google_sources_local_master(tmp_path)
    form = ids["form"]
    rids = emulator.add_responses(form, [answer(i) for i in range(6)])
    first = execute(settings, registry, backend=backend)
    assert first.stats[0].accepted == 6
    if change == "deleted":
        emulator.delete_response(form, rids[0])
        want = 5
    elif change == "edited_back_in_time":  # lastSubmittedTime does not move forward: a "since" read would miss it
        emulator.edit_response(form, rids[1], {T["unit"][0]: "ไม่รู้จัก"}, last_submitted_time=BASE)
        want = 6
    else:
        emulator.delete_response(form, rids[2])
        emulator.add_responses(form, [answer(40)])
        want = 6
    run = execute(settings, registry, backend=backend)
    assert run.stats[0].accepted == want and run.wrote
    assert run.fingerprint == full_fingerprint(settings, registry, backend)
    resync = execute(settings, registry, mode="resync", backend=backend)
    assert resync.outcome == "unchanged" and resync.fingerprint == run.fingerprint


# --- fault 6: merged cells read as their top-left value, on every input tab ------------------------
def _source(emulator: Any, tmp_path: Path, **raw_over: Any) -> GoogleSource:
    key = emulator.write_service_account_key(tmp_path / "sa.json")
    raw = {"backend": {"kind": "google", "credentials": str(key), "api_endpoint": emulator.base_url},
           "survey": raw_over.pop("survey", {"spreadsheet": "s" * 44}), "master": {"spreadsheet": "m" * 44},
           **raw_over}
    settings = settings_from_dict(raw, base_dir=tmp_path)
    return GoogleSource(settings, Google(settings, policy=RetryPolicy(base_delay=0.01, max_delay=0.02)))


MEASURES = [[2567, "6 เดือน", "กองกลาง", m, f"ผลมาตรการ {m}", f"https://www.mdes.go.th/{m}", None, None, None, None]
            for m in range(1, 8)]
FORM2_ROW = FORM2_ROWS[0]


@pytest.mark.parametrize(("case", "form1_merges", "form2_merges"), [
    # officers merge year, round and unit down the seven measure rows (header on row 3)
    ("year_round_unit_down_seven_rows", ["A4:A10", "B4:B10", "C4:C10"], []),
    ("unit_only_down_seven_rows", ["C4:C10"], []),
    ("title_row_merged_across", ["A1:J1"], ["A1:F1"]),
    ("evidence_merged_over_two_measures", ["F5:F6"], []),
    ("no_merges", [], []),
])
def test_merged_cells_read_as_top_left(emulator, tmp_path, case, form1_merges, form2_merges):
    form1 = [["แบบรายงานผล"] * 10, ["หน่วยงาน: กองกลาง"], list(FORM1_COLUMNS), *[list(r) for r in MEASURES]]
    if case == "evidence_merged_over_two_measures":
        form1[5][5] = form1[4][5]  # what the merged cell shows on both rows
    form2 = [["รายงานผลการสำรวจ"] * 6, FORM2_HEADER, list(FORM2_ROW)]
    tabs = {"แบบรายงานที่ 1": form1, "แบบรายงานที่ 2": form2}
    plain = emulator.create_spreadsheet(title="plain", tabs=tabs)
    merged = emulator.create_spreadsheet(title="merged", tabs=tabs)
    for a1 in form1_merges:
        emulator.merge_cells(merged, "แบบรายงานที่ 1", a1)
    for a1 in form2_merges:
        emulator.merge_cells(merged, "แบบรายงานที่ 2", a1)
    source = _source(emulator, tmp_path)
    want, got = source._book(plain), source._book(merged)
    for tab in ("form1", "form2"):
        w, g_ = getattr(want, tab).frame, getattr(got, tab).frame
        assert g_.shape == w.shape and g_.fillna("").values.tolist() == w.fillna("").values.tolist(), (case, tab)
    if form1_merges:  # the merge really blanked the covered cells in the emulator
        assert emulator.values(merged, "แบบรายงานที่ 1") != emulator.values(plain, "แบบรายงานที่ 1")


def test_merged_report_rows_all_count_in_the_master(emulator, tmp_path):
    settings, registry, ids = google_setup(emulator, tmp_path, form=False)
    backend = google_sources_local_master(tmp_path)
    emulator.set_values(ids["report"], "แบบรายงานที่ 1", [list(r) for r in MEASURES], start="A4")
    emulator.set_values(ids["report"], "แบบรายงานที่ 1", [[None] * 10] * 10, start="A11")
    plain = execute(settings, registry, backend=backend, mode="resync")
    for a1 in ("A4:A10", "B4:B10", "C4:C10"):
        emulator.merge_cells(ids["report"], "แบบรายงานที่ 1", a1)
    merged = execute(settings, registry, backend=backend, mode="resync")
    assert merged.fingerprint == plain.fingerprint
    form1 = master_data(tmp_path / "master.xlsx")["แบบรายงานที่ 1"]
    done = [r for r in form1[1:] if r[:3] == [2567, "6 เดือน", "OPS-KKL"] and r[8] == "รายงานแล้ว"]
    assert len(done) == 7


def test_merged_cells_in_the_survey_sheet(emulator, tmp_path):
    rows = [list(r) for r in SURVEY_ROWS[:3]]
    rows[1][4] = rows[0][4]  # the unit, merged down two responses
    plain = emulator.create_spreadsheet(title="p", tabs={SURVEY_TAB: [SURVEY_HEADER, *rows]})
    merged = emulator.create_spreadsheet(title="m", tabs={SURVEY_TAB: [SURVEY_HEADER, *rows]})
    emulator.merge_cells(merged, SURVEY_TAB, "E2:E3")
    want = _source(emulator, tmp_path, survey={"spreadsheet": plain}).read_survey().frame
    got = _source(emulator, tmp_path, survey={"spreadsheet": merged}).read_survey().frame
    assert got.fillna("").values.tolist() == want.fillna("").values.tolist()


def test_fill_merges_edges():
    rows = [["a", "b"], [None], []]
    assert fill_merges(rows, [{"startRowIndex": 0, "endRowIndex": 5, "startColumnIndex": 0, "endColumnIndex": 2}]) \
        == [["a", "a"], ["a", "a"], ["a", "a"]]
    assert fill_merges([[None, "x"]], [{"startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
                                        "endColumnIndex": 2}]) == [[None, "x"]]  # blank top-left: as read
    assert fill_merges([["x"]], [{"startRowIndex": 3, "endRowIndex": 4, "startColumnIndex": 0,
                                  "endColumnIndex": 2}]) == [["x"]]  # past the data


# --- fault 14: grid questions from the Forms API -------------------------------------------------
GRID = "ท่านรับรู้ช่องทางต่อไปนี้หรือไม่"
ROWS = [T["aware_news"][0], T["aware_contact"][0], T["aware_complaint"][0]]


@pytest.mark.parametrize(("case", "kind", "answers", "want"), [
    ("radio_grid", "grid", ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ", None], ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ", None]),
    ("checkbox_grid", "checkbox_grid", [["รู้/ทราบ"], ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"], None],
     [["รู้/ทราบ"], ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"], []]),
    ("all_rows_blank", "grid", [None, None, None], [None, None, None]),
])
def test_grid_question_rows_are_columns(emulator, tmp_path, case, kind, answers, want):
    from tests.google_emulator.schema import check_call

    items = [{"title": T["unit"][0], "kind": "text"},
             {"title": GRID, "kind": kind, "rows": ROWS, "columns": ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"]},
             {"title": "ชื่อ", "kind": "text"}]
    form = emulator.create_form(title="แบบสำรวจ", items=items)
    given = {f"{GRID} [{row}]": a for row, a in zip(ROWS, answers, strict=True) if a is not None}
    emulator.add_responses(form, [{"createTime": BASE, "answers": {T["unit"][0]: "กองกลาง", **given}}])
    emulator.clear_log()
    table = _source(emulator, tmp_path, survey={"spreadsheet": "s" * 44, "form": form}).read_survey()
    header = table.frame.iloc[0].tolist()
    assert header == ["Timestamp", T["unit"][0], *(f"{GRID} [{row}]" for row in ROWS), "ชื่อ"], case
    assert table.frame.iloc[1, 2:5].tolist() == want, case
    problems = [p for c in emulator.calls() if c.method_id and c.status == 200
                for p in check_call(c.method_id, c.query, c.body, c.response)]
    assert problems == []  # forms.get with a questionGroupItem is what forms.v1.json describes


def test_grid_survey_counts_in_the_master(emulator, tmp_path):
    settings, registry, ids = google_setup(emulator, tmp_path, form=False)
    items = [{"title": T["unit"][0], "kind": "text"}, {"title": T["visitor_type"][0], "kind": "checkbox"},
             {"title": GRID, "kind": "grid", "rows": ["ข่าวสาร", "ติดต่อ", "ร้องเรียน"],
              "columns": ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"]}]
    form = emulator.create_form(title="แบบสำรวจ", items=items)
    emulator.add_responses(form, [{"createTime": BASE, "answers": {
        T["unit"][0]: "กองกลาง", T["visitor_type"][0]: ["ประชุม/สัมมนา"], f"{GRID} [ข่าวสาร]": "รู้/ทราบ",
        f"{GRID} [ติดต่อ]": "ไม่รู้/ไม่ทราบ", f"{GRID} [ร้องเรียน]": "รู้/ทราบ"}}])
    raw = {"backend": {"kind": "google", "credentials": "sa.json", "api_endpoint": emulator.base_url},
           "units": {"file": "units.toml"},
           "survey": {"spreadsheet": ids["survey"], "form": form, "questions": {
               "aware_news": f"{GRID} [ข่าวสาร]", "aware_contact": f"{GRID} [ติดต่อ]",
               "aware_complaint": f"{GRID} [ร้องเรียน]"}},
           "reports": [], "master": {"spreadsheet": ids["master"]}}
    settings = settings_from_dict(raw, base_dir=tmp_path)
    result = execute(settings, registry, backend=google_sources_local_master(tmp_path))
    assert result.stats[0].accepted == 1 and not result.issues_by_code
    form2 = master_data(tmp_path / "master.xlsx")["แบบรายงานที่ 2"]
    online = next(r for r in form2[1:] if r[2] == "OPS-KKL" and r[4] == "แบบสำรวจออนไลน์")
    assert online[11:20] == [1, 0, 1, 0, 1, 1, 1, 0, 1]


# --- issue 13: Drive change detection, report folders, no Drive unless asked --------------------
def drive_setup(emulator: Any, tmp_path: Path, n: int = 3, *, detect: bool = True, folder: bool = False
                ) -> tuple[Any, Any, list[str], str | None]:
    from config.settings import load_settings

    settings, registry, ids = google_setup(emulator, tmp_path, form=False)
    holder = emulator.create_folder("รายงานหน่วยงาน") if folder else None
    reports = []
    for i, unit in enumerate(["กองกลาง", "ศปท.", "กจ."][:n]):
        rows = [[2567, "6 เดือน", unit, m, f"ผล {m}", None, None, None, None, None] for m in range(1, 8)]
        reports.append(emulator.create_spreadsheet(
            title=f"{3 - i:02d} {unit}", parents=[holder] if holder else None,
            tabs={"แบบรายงานที่ 1": [list(FORM1_COLUMNS), *rows], "แบบรายงานที่ 2": [FORM2_HEADER]}))
    text = (tmp_path / "ita-sync.toml").read_text(encoding="utf-8")
    entries = f'folder = "https://drive.google.com/drive/folders/{holder}"' if holder else \
        "\n[[reports]]\n".join(f'spreadsheet = "{r}"' for r in reports)
    text = text.replace(f'spreadsheet = "{ids["report"]}"', entries)
    if detect:
        text = text.replace('kind = "google"', 'kind = "google"\ndrive_change_detection = true')
    (tmp_path / "ita-sync.toml").write_text(text, encoding="utf-8")
    return load_settings(tmp_path / "ita-sync.toml"), registry, reports, holder


def spreadsheet_gets(emulator: Any) -> list[str]:
    return [c.path.rsplit("/", 1)[1] for c in emulator.calls(method_id="sheets.spreadsheets.get")]


def test_only_spreadsheets_whose_modified_time_changed_are_read(emulator, tmp_path):
    settings, registry, reports, _ = drive_setup(emulator, tmp_path)
    backend = google_sources_local_master(tmp_path)
    first = execute(settings, registry, backend=backend)
    assert first.wrote
    emulator.clear_log()
    quiet = execute(settings, registry, backend=backend)
    assert quiet.outcome == "unchanged" and quiet.sources["reports"] == "cached"
    assert set(spreadsheet_gets(emulator)) & set(reports) == set()  # none read again
    assert emulator.count(method_id="drive.files.list") == 1
    # one unit edits its report: Drive moves its modifiedTime, and only it is read
    before = emulator.modified_time(reports[1])
    emulator.set_values(reports[1], "แบบรายงานที่ 1", [["ผลใหม่"]], start="E2")
    assert emulator.modified_time(reports[1]) > before
    emulator.clear_log()
    changed = execute(settings, registry, backend=backend)
    assert changed.wrote and [s for s in spreadsheet_gets(emulator) if s in reports] == [reports[1]]
    assert changed.fingerprint == full_fingerprint(settings, registry, backend)
    resync = execute(settings, registry, mode="resync", backend=backend)
    assert resync.outcome == "unchanged" and resync.fingerprint == changed.fingerprint


def test_a_spreadsheet_drive_no_longer_lists_is_read_again(emulator, tmp_path):
    settings, registry, reports, _ = drive_setup(emulator, tmp_path)
    backend = google_sources_local_master(tmp_path)
    execute(settings, registry, backend=backend)
    emulator.deny(reports[2])  # unshared: Drive stops listing it; the read says why (bad_sheet)
    emulator.clear_log()
    r = execute(settings, registry, backend=backend)
    assert reports[2] in spreadsheet_gets(emulator) and r.issues_by_code.get("bad_sheet") == 1


def test_report_folder_reads_every_spreadsheet_in_name_order(emulator, tmp_path):
    settings, registry, reports, folder = drive_setup(emulator, tmp_path, detect=False, folder=True)
    emulator.create_spreadsheet(title="not in the folder")
    emulator.create_folder("sub", parents=[folder])  # a folder inside is not a report
    source = GoogleSource(settings, Google(settings))
    emulator.clear_log()
    books = list(source.report_books())
    assert [b.source for b in books] == list(reversed(reports))  # titled 03, 02, 01: by name
    lists = emulator.calls(method_id="drive.files.list")
    assert len(lists) == 1 and lists[0].query["orderBy"] == ["name"]
    assert "drive.metadata.readonly" in " ".join(source.g.credentials.scopes)
    result = execute(settings, registry, backend=google_sources_local_master(tmp_path))
    assert [s.source for s in result.stats[1:]] == [r for r in reversed(reports) for _ in (1, 2)]


def test_without_the_option_no_drive_call_and_no_drive_scope(emulator, tmp_path):
    settings, registry, reports, _ = drive_setup(emulator, tmp_path, detect=False)
    google = Google(settings)
    assert not any("drive" in s for s in google.credentials.scopes)
    emulator.clear_log()
    execute(settings, registry, backend=google_sources_local_master(tmp_path))
    execute(settings, registry, backend=google_sources_local_master(tmp_path))
    assert emulator.count(api="drive") == 0
    assert spreadsheet_gets(emulator).count(reports[0]) == 2  # every run reads every report, as before


def test_report_spreadsheets_are_read_in_parallel(emulator, tmp_path):
    settings, registry, reports, _ = drive_setup(emulator, tmp_path, detect=False)
    source = GoogleSource(settings, Google(settings))
    source.read_survey()  # the token first
    emulator.faults.set_latency(0.3)
    emulator.clear_log()
    books = list(source.report_books())
    assert [b.source for b in books] == reports  # reading order kept
    gets = emulator.calls(method_id="sheets.spreadsheets.get")
    assert len(gets) == 3
    # all three were in flight at once (each waits 0.3 s in the emulator)
    assert max(c.started for c in gets) < min(c.started for c in gets) + 0.3


def test_drive_files_list_matches_the_discovery_document(emulator, tmp_path):
    from tests.google_emulator.schema import check_call

    settings, registry, reports, folder = drive_setup(emulator, tmp_path, folder=True)
    emulator.clear_log()
    execute(settings, registry, backend=google_sources_local_master(tmp_path))
    calls = emulator.calls(api="drive")
    assert calls and all(c.status == 200 for c in calls)
    assert [p for c in calls for p in check_call(c.method_id, c.query, c.body, c.response)] == []


@pytest.mark.parametrize(("value", "problem"), [
    ("https://drive.google.com/drive/folders/", "expected a Google Drive folder URL"),
    ("reports/*.xlsx", "expected a Google Drive folder URL"),
])
def test_bad_folder_is_a_config_error(emulator, tmp_path, value, problem):
    from core.errors import ConfigError

    raw = {"backend": {"kind": "google", "credentials": "sa.json"}, "survey": {"spreadsheet": "s" * 44},
           "reports": [{"folder": value}], "master": {"spreadsheet": "m" * 44}}
    with pytest.raises(ConfigError) as info:
        settings_from_dict(raw, base_dir=tmp_path)
    assert problem in str(info.value) and "reports[0].folder" in str(info.value)


def test_merged_cells_in_section_8_tabs(emulator, tmp_path):
    rows = [["เดือน", "ช่องทาง", "จำนวน"], ["2567-01", "เว็บไซต์", 3], ["2567-01", "เฟซบุ๊ก", 4]]
    plain = emulator.create_spreadsheet(title="p", tabs={"ประชาสัมพันธ์": rows})
    merged = emulator.create_spreadsheet(title="m", tabs={"ประชาสัมพันธ์": rows})
    emulator.merge_cells(merged, "ประชาสัมพันธ์", "A2:A3")
    source = _source(emulator, tmp_path)
    want = source.read_tabs(plain, ["ประชาสัมพันธ์"], "pr.spreadsheet").tabs["ประชาสัมพันธ์"]
    got = source.read_tabs(merged, ["ประชาสัมพันธ์"], "pr.spreadsheet").tabs["ประชาสัมพันธ์"]
    assert want is not None and got is not None
    assert got.frame.fillna("").values.tolist() == want.frame.fillna("").values.tolist()


def test_kept_report_books_hold_no_personal_data(emulator, tmp_path):
    import sqlite3

    from config.settings import load_settings
    from sync.books import book_from_bytes
    from sync.state import STATE_FILE

    _, registry, ids = google_setup(emulator, tmp_path, form=False)
    text = (tmp_path / "ita-sync.toml").read_text(encoding="utf-8")
    (tmp_path / "ita-sync.toml").write_text(text.replace('kind = "google"', 'kind = "google"\n'
                                                         'drive_change_detection = true'), encoding="utf-8")
    settings = load_settings(tmp_path / "ita-sync.toml")
    backend = google_sources_local_master(tmp_path)
    first = execute(settings, registry, backend=backend)
    conn = sqlite3.connect(settings.state_dir / STATE_FILE)
    try:
        (payload,) = conn.execute("SELECT payload FROM sources WHERE name = ?", (f"book:{ids['report']}",)).fetchone()
    finally:
        conn.close()
    book = book_from_bytes(payload)
    cells = [str(v) for t in (book.form1, book.form2) if t is not None for v in t.frame.to_numpy().ravel()]
    for personal in ("นางสาวทดสอบ ตัวอย่าง", "081-234-5678", "นักจัดการงานทั่วไป"):
        assert not any(personal in c for c in cells), personal
    assert any("ทำแล้ว" in c for c in cells)  # the results themselves are kept
    again = execute(settings, registry, backend=backend)  # the kept book gives the same master
    assert again.sources["reports"] == "cached" and again.fingerprint == first.fingerprint
