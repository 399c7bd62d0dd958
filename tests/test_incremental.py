"""Incremental runs equal full ones (CONTRACT: "run and resync produce the same master").

After each change at a source, an incremental ``run`` (with the sync state) must give the
master a full read gives; the caches must really be used when nothing changed. Shown on the
local backend and on the Google sources (Forms API and a linked sheet) over the emulator.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from config.registry import load_registry
from config.settings import Settings, load_settings
from core.vocab import MASTER_TABS, TAB_STATUS
from sync.job import RunResult, run_once
from sync.local import LocalSink
from sync.service import execute
from sync.state import STATE_FILE, SyncState
from tests.fixtures import (
    FORM1_ROWS,
    FORM2_HEADER,
    FORM2_ROWS,
    SURVEY_HEADER,
    SURVEY_ROWS,
    UNITS_TOML,
    T,
    make_setup,
    write_xlsx,
)

pytest_plugins = ["tests.google_emulator.fixtures"]

SURVEY_TAB = "การตอบแบบฟอร์ม 1"


class NullSink:
    """A sink with no master: a dry run against it gives the full-read fingerprint."""

    location = "(none)"

    def read_fingerprint(self) -> None:
        return None

    def read_tables(self) -> dict[str, Any]:
        return {}

    def write(self, tables: Any) -> None:  # pragma: no cover - never called on a dry run
        raise AssertionError("NullSink.write")

    def check(self) -> str:
        return "null"


class CountingSink:
    """Wraps a sink and counts master writes."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.writes = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def write(self, tables: Any) -> None:
        self.writes += 1
        self.inner.write(tables)


def master_data(path: Path) -> dict[str, list[list[Any]]]:
    """The master's tabs as values; สถานะการซิงค์ without its run facts."""
    tables = LocalSink(path).read_tables()
    status = tables.get(TAB_STATUS, [])
    cut = next((i for i, r in enumerate(status) if not any(v not in (None, "") for v in r)), len(status))
    tables[TAB_STATUS] = status[:cut]
    return tables


def full_fingerprint(settings: Settings, registry: Any, backend: Any = None, now: datetime | None = None) -> str:
    """What a full read (no state) of the same sources gives."""
    if backend is None:
        from sync.backends import build_backend

        backend = build_backend
    source, _ = backend(settings)
    return run_once(settings, registry, source, NullSink(), dry_run=True, now=now).fingerprint  # type: ignore[arg-type]


def survey(root: Path, rows: list[list[Any]]) -> None:
    write_xlsx(root / "data" / "survey.xlsx", {SURVEY_TAB: [SURVEY_HEADER, *rows]})


def reports(root: Path, form2_rows: list[list[Any]]) -> None:
    from core.vocab import FORM1_COLUMNS

    write_xlsx(root / "data" / "reports" / "a.xlsx", {
        "แบบรายงานที่ 1": [["แบบรายงาน"], ["หน่วยงาน: กองกลาง"], list(FORM1_COLUMNS), *FORM1_ROWS],
        "แบบรายงานที่ ๒": [["รายงานผลการสำรวจ"], FORM2_HEADER, *form2_rows],
    })


def load(config: Path) -> tuple[Settings, Any]:
    settings = load_settings(config)
    return settings, load_registry(settings.units_file)


NEW_ROWS: list[list[Any]] = [
    ["20/11/2566 10:00", "ใหม่", "หนึ่ง", "n1@example.com", "ศปท.", "ประชุม/สัมมนา", "รู้", "รู้", "ไม่รู้"],
    ["20/11/2566 10:00", "ใหม่", "หนึ่ง", "n1@example.com", "ศปท.", "ประชุม/สัมมนา", "รู้", "รู้", "ไม่รู้"],
    ["5 ม.ค. 2567 8:15", "ใหม่", "สอง", "n2@example.com", "ไม่มีหน่วยนี้", "อื่นๆ, ช่างไฟ", "ไม่รู้", "?", "รู้"],
]


# --- local backend ---------------------------------------------------------------------------
def test_incremental_equals_full_local(tmp_path):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    rows = [list(r) for r in SURVEY_ROWS]
    master = tmp_path / "data" / "master.xlsx"

    def step(expect: dict[str, str]) -> RunResult:
        r = execute(settings, registry)
        assert r.fingerprint == full_fingerprint(settings, registry)
        assert r.sources == expect
        return r

    first = step({"survey": "normalised", "reports": "normalised"})
    assert first.read_kind == "full" and first.wrote

    rows += NEW_ROWS  # additions (one of them a duplicate)
    survey(tmp_path, rows)
    assert step({"survey": "normalised", "reports": "cached"}).read_kind == "incremental"

    rows[0][4] = "กองการเจ้าหน้าที่"  # an edit: another unit
    rows[5][0] = "16/10/2566 9:00"  # the bad timestamp fixed
    survey(tmp_path, rows)
    step({"survey": "normalised", "reports": "cached"})

    del rows[2:4]  # deletions (rows below move up: their sheet row numbers change)
    survey(tmp_path, rows)
    step({"survey": "normalised", "reports": "cached"})

    form2 = [list(r) for r in FORM2_ROWS]
    form2[0][3] = 7  # a unit corrects its report
    reports(tmp_path, form2)
    step({"survey": "cached", "reports": "normalised"})

    before = master.stat().st_mtime_ns
    last = step({"survey": "cached", "reports": "cached"})
    assert last.outcome == "unchanged" and master.stat().st_mtime_ns == before

    # the same master as a resync from nothing, in another folder
    other = tmp_path.parent / (tmp_path.name + "-resync")
    shutil.copytree(tmp_path, other, ignore=shutil.ignore_patterns("state", "master.xlsx"))
    o_settings, o_registry = load(other / "ita-sync.toml")
    fresh = execute(o_settings, o_registry, mode="resync")
    assert fresh.wrote and fresh.fingerprint == last.fingerprint
    assert master_data(other / "data" / "master.xlsx") == master_data(master)
    assert list(master_data(master)) == list(MASTER_TABS)

    # and resync in place finds nothing to write
    again = execute(settings, registry, mode="resync")
    assert again.outcome == "unchanged" and again.read_kind == "full"
    assert again.sources == {"survey": "normalised", "reports": "normalised"}


def test_unchanged_sources_are_not_normalised_again(tmp_path, monkeypatch):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    execute(settings, registry)
    import sync.cache as job  # the cache moved out of sync.job (issue 8 item 8)

    def boom(*a: Any, **k: Any) -> Any:
        raise AssertionError("normalised again")

    monkeypatch.setattr(job, "normalise_survey", boom)
    monkeypatch.setattr(job, "normalise_reports", boom)
    r = execute(settings, registry)
    assert r.sources == {"survey": "cached", "reports": "cached"} and r.outcome == "unchanged"


def test_future_timestamp_rule_keeps_cache_exact(tmp_path):
    """A response dated after "now + 24 h" is rejected; the cache must not keep it rejected
    once time has caught up with it, nor keep a response accepted for an earlier "now"."""
    config = make_setup(tmp_path)
    settings, registry = load(config)
    now = datetime(2025, 1, 10, 2, 0, tzinfo=UTC)
    future = ["2025-01-12 09:00", "ก", "ข", "f@example.com", "กองกลาง", "ประชุม/สัมมนา", "รู้", "รู้", "รู้"]
    recent = ["2025-01-10 08:00", "ค", "ง", "r@example.com", "กก.", "ประชุม/สัมมนา", "รู้", "ไม่รู้", "รู้"]
    survey(tmp_path, [*SURVEY_ROWS, future, recent])

    def at(when: datetime) -> RunResult:
        r = execute(settings, registry, now=when)
        assert r.fingerprint == full_fingerprint(settings, registry, now=when), when
        return r

    first = at(now)
    assert first.issues_by_code.get("bad_timestamp") == 2  # "hello" and the future one
    assert at(now + timedelta(hours=5)).sources["survey"] == "cached"  # still exact
    later = at(now + timedelta(days=2))  # 2025-01-12 02:00 UTC: 09:00 Bangkok is within 24 h
    assert later.sources["survey"] == "normalised" and later.issues_by_code.get("bad_timestamp") == 1
    assert at(now + timedelta(days=2, hours=1)).sources["survey"] == "cached"
    # a clock set back: the recent response would be in the future again
    back = at(now - timedelta(days=2))
    assert back.sources["survey"] == "normalised" and back.issues_by_code.get("bad_timestamp") == 3


def test_config_change_invalidates_cache(tmp_path):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    first = execute(settings, registry)
    (tmp_path / "units.toml").write_text(UNITS_TOML.replace('aliases = ["กก."]', 'aliases = ["กก.", "กองไม่มีจริง"]'),
                                         encoding="utf-8")
    settings, registry = load(config)
    r = execute(settings, registry)
    assert r.sources == {"survey": "normalised", "reports": "normalised"}
    assert r.fingerprint != first.fingerprint
    assert r.fingerprint == full_fingerprint(settings, registry)


def test_full_read_every_period(tmp_path):
    config = make_setup(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "\n[state]\nfull_read_days = 3\n", encoding="utf-8")
    settings, registry = load(config)
    now = datetime.now(UTC)
    assert execute(settings, registry, now=now).read_kind == "full"
    assert execute(settings, registry, now=now + timedelta(days=2)).read_kind == "incremental"
    r = execute(settings, registry, now=now + timedelta(days=3))
    assert r.read_kind == "full" and r.sources["survey"] == "normalised"
    assert execute(settings, registry, now=now + timedelta(days=4)).read_kind == "incremental"


def test_dry_run_changes_no_state(tmp_path):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    execute(settings, registry)
    with SyncState.open(settings.state_dir) as st:
        before = [(s.name, s.cache_key, s.updated_at) for s in st.sources()]
    survey(tmp_path, SURVEY_ROWS[:3])
    master = tmp_path / "data" / "master.xlsx"
    mtime = master.stat().st_mtime_ns
    r = execute(settings, registry, dry_run=True)
    assert r.outcome == "dry-run" and any(c.any for c in r.changes)
    assert master.stat().st_mtime_ns == mtime
    with SyncState.open(settings.state_dir) as st:
        assert [(s.name, s.cache_key, s.updated_at) for s in st.sources()] == before
        assert st.runs(1)[0].outcome == "dry-run"
    r = execute(settings, registry, mode="resync", dry_run=True)  # a dry resync forgets nothing
    with SyncState.open(settings.state_dir) as st:
        assert [(s.name, s.cache_key, s.updated_at) for s in st.sources()] == before


def test_corrupt_state_means_full_resync(tmp_path):
    import subprocess
    import sys

    config = make_setup(tmp_path)
    settings, registry = load(config)
    good = execute(settings, registry)
    (settings.state_dir / STATE_FILE).write_bytes(b"\x00garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        (settings.state_dir / (STATE_FILE + suffix)).unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-m", "scheduler", "run", "--config", str(config)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "moved aside" in proc.stdout + proc.stderr
    assert "ข้อมูลไม่เปลี่ยนแปลง" in proc.stdout
    with SyncState.open(settings.state_dir) as st:
        assert st.recovered is None
        assert st.runs(1)[0].read_kind == "full" and st.get("master_fingerprint") == good.fingerprint


def test_second_run_no_writes_and_faster(tmp_path, capsys):
    """The acceptance figures: a second run with no source change writes nothing."""
    from sync.demo import write_demo

    settings, registry = load(write_demo(tmp_path, responses=4000))
    sinks: list[CountingSink] = []

    def backend(s: Settings) -> tuple[Any, Any]:
        from sync.backends import build_backend

        source, sink = build_backend(s)
        sinks.append(CountingSink(sink))
        return source, sinks[-1]

    t0 = time.perf_counter()
    first = execute(settings, registry, backend=backend)
    t1 = time.perf_counter()
    second = execute(settings, registry, backend=backend)
    t2 = time.perf_counter()
    assert first.wrote and sinks[0].writes == 1
    assert second.outcome == "unchanged" and sinks[1].writes == 0
    assert second.sources == {"survey": "cached", "reports": "cached"}
    with capsys.disabled():
        print(f"\n[figures] demo 4000 responses, local backend: first run {t1 - t0:.2f} s (1 write), "
              f"second run {t2 - t1:.2f} s (0 writes)")


# --- Google sources (emulator) -----------------------------------------------------------------
GOOGLE_CONFIG = """
[backend]
kind = "google"
credentials = "sa.json"
api_endpoint = "{endpoint}"

[units]
file = "units.toml"

[survey]
spreadsheet = "{survey}"
{form}

[[reports]]
spreadsheet = "{report}"

[master]
spreadsheet = "{master}"
"""

FORM_ITEMS = [
    {"title": T["unit"][0], "kind": "text"},
    {"title": "ชื่อ", "kind": "text"},
    {"title": T["visitor_type"][0], "kind": "checkbox",
     "options": ["คู่สัญญา/การจัดซื้อจัดจ้าง", "ประชุม/สัมมนา", "อื่นๆ"]},
    {"title": T["aware_news"][0], "kind": "radio", "options": ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"]},
    {"title": T["aware_contact"][0], "kind": "radio", "options": ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"]},
    {"title": T["aware_complaint"][0], "kind": "radio", "options": ["รู้/ทราบ", "ไม่รู้/ไม่ทราบ"]},
]
BASE = datetime(2024, 1, 10, 3, 0, tzinfo=UTC)


def answer(i: int, unit: str = "กองกลาง", news: str = "รู้/ทราบ") -> dict[str, Any]:
    return {"createTime": BASE + timedelta(hours=i), "answers": {
        T["unit"][0]: unit, "ชื่อ": f"ผู้ตอบ{i}", T["visitor_type"][0]: ["ประชุม/สัมมนา", "ผู้รับเหมา"],
        T["aware_news"][0]: news, T["aware_contact"][0]: "ไม่รู้/ไม่ทราบ", T["aware_complaint"][0]: "รู้"}}


def google_setup(emulator: Any, root: Path, *, form: bool) -> tuple[Settings, Any, dict[str, str]]:
    from core.vocab import FORM1_COLUMNS

    emulator.write_service_account_key(root / "sa.json")
    (root / "units.toml").write_text(UNITS_TOML, encoding="utf-8")
    ids = {
        "survey": emulator.create_spreadsheet(title="responses", time_zone="Asia/Bangkok",
                                              tabs={SURVEY_TAB: [SURVEY_HEADER, *SURVEY_ROWS]}),
        "report": emulator.create_spreadsheet(title="กองกลาง", tabs={
            "แบบรายงานที่ 1": [["แบบรายงาน"], ["หน่วยงาน"], list(FORM1_COLUMNS), *FORM1_ROWS],
            "แบบรายงานที่ ๒": [["รายงาน"], FORM2_HEADER, *FORM2_ROWS]}),
        "master": emulator.create_spreadsheet(title="master"),
    }
    form_line = ""
    if form:
        ids["form"] = emulator.create_form(title="แบบสำรวจ", items=FORM_ITEMS)
        form_line = f'form = "{ids["form"]}"'
    (root / "ita-sync.toml").write_text(GOOGLE_CONFIG.format(
        endpoint=emulator.base_url, survey=ids["survey"], report=ids["report"], master=ids["master"],
        form=form_line), encoding="utf-8")
    settings, registry = load(root / "ita-sync.toml")
    return settings, registry, ids


def google_sources_local_master(root: Path) -> Any:
    """Google sources, local master: the source side of the Google backend, whatever the sink's state."""
    from sync.google import Google, GoogleSource

    def backend(settings: Settings) -> tuple[Any, Any]:
        return GoogleSource(settings, Google(settings)), LocalSink(root / "master.xlsx")

    return backend


def test_incremental_equals_full_google_forms(emulator, tmp_path):
    settings, registry, ids = google_setup(emulator, tmp_path, form=True)
    form = ids["form"]
    backend = google_sources_local_master(tmp_path)
    rids = emulator.add_responses(form, [answer(i) for i in range(6)])

    def step(now: datetime | None = None) -> RunResult:
        emulator.clear_log()
        r = execute(settings, registry, backend=backend, now=now)
        assert r.fingerprint == full_fingerprint(settings, registry, backend, now=now)
        return r

    first = step()
    # the form is read whole every run (issue 9 fault 5): hashed, normalised only when it changed
    assert first.read_kind == "full" and first.sources["survey"] == "normalised"
    assert first.stats[0].accepted == 6

    emulator.add_responses(form, [answer(20, unit="ศปท."), answer(21, unit="ไม่รู้จัก", news="อาจจะ")])
    r = step()
    assert r.sources["survey"] == "normalised" and r.stats[0].accepted == 8
    run_call = emulator.calls(method_id="forms.forms.responses.list")[0]  # (then the full read of the check)
    assert run_call.query.get("filter") is None  # every response, every run

    emulator.edit_response(form, rids[1], {T["unit"][0]: "กจ."}, last_submitted_time=BASE + timedelta(hours=30))
    emulator.edit_response(form, rids[2], {T["aware_news"][0]: "ไม่รู้/ไม่ทราบ"},
                           last_submitted_time=BASE + timedelta(hours=31))
    r = step()
    assert r.sources["survey"] == "normalised"  # 2 edits

    r = step()  # nothing new: the same responses hash the same
    assert r.outcome == "unchanged" and r.sources["survey"] == "cached"

    # a response deleted at the source no longer counts on the next run (CONTRACT section 6, v4)
    emulator.delete_response(form, rids[0])
    emulator.clear_log()
    fresh = execute(settings, registry, backend=backend)
    assert fresh.stats[0].accepted == 7 and fresh.wrote
    later = datetime.now(UTC) + timedelta(days=settings.state.full_read_days)
    full = step(now=later)
    assert full.read_kind == "full" and full.stats[0].accepted == 7 and not full.wrote

    # and the master equals a resync's
    resync = execute(settings, registry, mode="resync", backend=backend, now=later)
    assert resync.outcome == "unchanged" and resync.fingerprint == full.fingerprint


def test_forms_question_change_rereads_everything(emulator, tmp_path):
    settings, registry, ids = google_setup(emulator, tmp_path, form=True)
    backend = google_sources_local_master(tmp_path)
    emulator.add_responses(ids["form"], [answer(i) for i in range(3)])
    execute(settings, registry, backend=backend)
    emulator.forms[ids["form"]].items.append({"itemId": "x1", "title": "คำถามใหม่", "questionItem": {
        "question": {"questionId": "q-new", "textQuestion": {}}}})
    emulator.clear_log()
    r = execute(settings, registry, backend=backend)
    assert r.sources["survey"] == "normalised"
    filters = [c.query.get("filter") for c in emulator.calls(method_id="forms.forms.responses.list")]
    assert filters == [None]  # one full read (issue 9 fault 5: no incremental Forms reads)
    assert r.fingerprint == full_fingerprint(settings, registry, backend)
    assert execute(settings, registry, backend=backend).sources["survey"] == "cached"


def test_incremental_equals_full_google_linked_sheet(emulator, tmp_path):
    settings, registry, ids = google_setup(emulator, tmp_path, form=False)
    backend = google_sources_local_master(tmp_path)
    sid = ids["survey"]
    rows = [list(r) for r in SURVEY_ROWS]

    def put(new_rows: list[list[Any]], old_len: int) -> None:
        pad = [[None] * len(SURVEY_HEADER)] * max(0, old_len - len(new_rows))
        emulator.set_values(sid, SURVEY_TAB, [SURVEY_HEADER, *new_rows, *pad])

    def step(expect_survey: str) -> RunResult:
        r = execute(settings, registry, backend=backend)
        assert r.fingerprint == full_fingerprint(settings, registry, backend)
        assert r.sources["survey"] == expect_survey
        return r

    step("normalised")
    step("cached")
    n = len(rows)
    rows += NEW_ROWS
    put(rows, n)
    step("normalised")
    rows[1][4] = "ศปท."
    put(rows, len(rows))
    step("normalised")
    n = len(rows)
    del rows[0:3]  # deletions are seen: the whole sheet is hashed every run
    put(rows, n)
    last = step("normalised")
    assert step("cached").outcome == "unchanged"
    resync = execute(settings, registry, mode="resync", backend=backend)
    assert resync.outcome == "unchanged" and resync.fingerprint == last.fingerprint


def test_google_second_run_reads_little_and_writes_nothing(emulator, tmp_path):
    """The whole Google backend (Forms, a report spreadsheet, the master by the real Google sink)."""
    settings, registry, ids = google_setup(emulator, tmp_path, form=True)
    emulator.add_responses(ids["form"], [answer(i) for i in range(4)])
    emulator.clear_log()
    first = execute(settings, registry)
    assert first.wrote and emulator.count(method_id="sheets.spreadsheets.batchUpdate") == 1
    first_calls = emulator.count()
    emulator.clear_log()
    second = execute(settings, registry)
    assert second.outcome == "unchanged" and second.read_kind == "incremental"
    assert second.sources == {"survey": "cached", "reports": "cached"}  # read whole, hashed, unchanged
    assert emulator.count(method_id="sheets.spreadsheets.batchUpdate") == 0
    # reads: forms.get, one responses.list, the report spreadsheet, the master's metadata
    assert emulator.count() == 4 <= first_calls
    emulator.clear_log()
    emulator.add_responses(ids["form"], [answer(30)])
    third = execute(settings, registry)
    assert third.wrote and emulator.count(method_id="sheets.spreadsheets.batchUpdate") == 1
    resync = execute(settings, registry, mode="resync")
    assert resync.outcome == "unchanged" and resync.fingerprint == third.fingerprint
