"""The sync state: packing cached results, content fingerprints, a damaged file, privacy."""

from __future__ import annotations

import sqlite3
import zlib
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aggregate.normalise import SurveySpec, empty_survey, normalise_reports, normalise_survey
from config.registry import load_registry
from config.settings import load_settings
from core.columns import RawTable, empty_issues
from sync.backends import build_backend
from sync.job import question_titles
from sync.state import (
    STATE_FILE,
    PackError,
    SyncState,
    frame_digest,
    pack,
    table_digest,
    unpack,
)
from tests.fixtures import PERSONAL, make_setup

NOW = datetime(2025, 10, 15, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    from sync.demo import write_demo

    root = tmp_path_factory.mktemp("state-demo")
    config = write_demo(root, responses=600)
    settings = load_settings(config)
    return settings, load_registry(settings.units_file)


def normalised(settings, registry):
    source, _ = build_backend(settings)
    raw = source.read_survey()
    spec = SurveySpec(titles=question_titles(settings), registry=registry, tz=settings.timezone,
                      date_order=settings.survey.date_order, now=NOW)
    return raw, normalise_survey(raw, spec), normalise_reports(list(source.report_books()), registry)


def test_pack_round_trips_real_results_exactly(demo):
    raw, survey, reports = normalised(*demo)
    frames = {"frame": survey.frame, "issues": survey.issues, "form1": reports.form1, "form2": reports.form2,
              "rissues": reports.issues}
    back, meta = unpack(pack(frames, {"stat": [1, "x"], "lo": None}))
    assert meta == {"stat": [1, "x"], "lo": None}
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(back[name], frame, check_dtype=True, check_column_type=True)
        assert list(back[name].dtypes) == list(frame.dtypes), name


def test_pack_round_trips_empty_frames():
    frames = {"survey": empty_survey(), "issues": empty_issues()}
    back, _ = unpack(pack(frames, {}))
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(back[name], frame)


def test_pack_keeps_mixed_row_labels_and_nan():
    frame = pd.DataFrame({"row": pd.Series([2, "ACYDBN_x", 5], dtype=object),
                          "v": pd.Series(["a", None, float("nan")], dtype=object),
                          "n": np.array([1.5, float("nan"), 3.0])})
    back, _ = unpack(pack({"f": frame}, {}))
    pd.testing.assert_frame_equal(back["f"], frame)
    assert back["f"]["v"][1] is None and back["f"]["v"][2] != back["f"]["v"][2]


@pytest.mark.parametrize("case", ["text_and_both_blanks", "all_none", "all_nan", "no_rows", "int16_codes",
                                  "int32_codes", "mixed_types_fall_back", "str_dtype", "bool_and_int", "row_numbers",
                                  "huge_int_falls_back", "ints_and_text"])
def test_pack_object_columns_round_trip_exactly(case):
    """Text columns are packed as codes (issue 13); every blank keeps its kind, other values their type."""
    values = {
        "text_and_both_blanks": ["ก", None, float("nan"), "ก", "", "x"],
        "all_none": [None, None],
        "all_nan": [float("nan")] * 3,
        "no_rows": [],
        "int16_codes": [f"t{i}" for i in range(300)] * 2 + [None],
        "int32_codes": [f"t{i}" for i in range(40_000)] + [float("nan")],
        "mixed_types_fall_back": ["1", 1, 1.0, True, None, float("nan")],
        "str_dtype": ["a", "b", None],
        "bool_and_int": [True, 1, False, 0],
        "row_numbers": list(range(2, 2002)),
        "huge_int_falls_back": [2**70, 1],
        "ints_and_text": [2, "ACYDBN_x", 5],
    }[case]
    series = pd.Series(values, dtype="str" if case == "str_dtype" else object)
    frame = pd.DataFrame({"v": series})
    back, _ = unpack(pack({"f": frame}, {}))
    pd.testing.assert_frame_equal(back["f"], frame)
    got = back["f"]["v"].tolist()
    assert [type(v) for v in got] == [type(v) for v in series.tolist()]
    assert [v is None for v in got] == [v is None for v in series.tolist()]


def test_pack_stores_text_columns_as_codes_and_mixed_ones_as_json():
    import json
    import struct

    frame = pd.DataFrame({"text": pd.Series(["a", None, "a"], dtype=object),
                          "rows": pd.Series([2, 3, 4], dtype=object),
                          "mixed": pd.Series(["1", 1, None], dtype=object)})
    raw = zlib.decompress(pack({"f": frame}, {}))
    (n,) = struct.unpack("<Q", raw[5:13])
    kinds = {c["name"]: c["kind"] for c in json.loads(raw[13:13 + n])["frames"]["f"]["columns"]}
    assert kinds == {"text": "codes", "rows": "ints", "mixed": "json"}


def test_pack_codes_out_of_range_is_damage():
    blob = pack({"f": pd.DataFrame({"v": pd.Series(["a", "b"], dtype=object)})}, {})
    raw = bytearray(zlib.decompress(blob))
    raw[-1] = 9  # the last cell's code points past the two texts
    with pytest.raises(ValueError, match="out of range"):
        unpack(zlib.compress(bytes(raw)))


def test_pack_refuses_what_it_cannot_store():
    with pytest.raises(PackError):
        pack({"f": pd.DataFrame({"when": pd.Series([datetime(2024, 1, 1)], dtype=object)})}, {})
    with pytest.raises(PackError):
        pack({"f": pd.DataFrame({"a": [1]}, index=[5])}, {})


@pytest.mark.parametrize("damage", [b"", b"not zlib at all", zlib.compress(b"ITAS9whatever")])
def test_unpack_damaged_blob_is_an_error_not_a_crash(damage):
    with pytest.raises(ValueError):
        unpack(damage)


def test_frame_digest_same_content_same_digest(demo):
    settings, _ = demo
    a, _ = build_backend(settings)
    b, _ = build_backend(settings)
    assert table_digest(a.read_survey()) == table_digest(b.read_survey())


@pytest.mark.parametrize("change", ["number_to_text", "text_edit", "blank_to_empty_text", "row_label", "new_row"])
def test_frame_digest_sees_every_change(change):
    frame = pd.DataFrame([["ประทับเวลา", "หน่วยงาน"], [45000.5, "กองกลาง"], [None, "กก."]], dtype=object)
    frame.index = pd.RangeIndex(1, 4)
    other = frame.copy()
    if change == "number_to_text":
        other.iat[1, 0] = "45000.5"
    elif change == "text_edit":
        other.iat[2, 1] = "กก"
    elif change == "blank_to_empty_text":
        other.iat[2, 0] = ""
    elif change == "row_label":
        other.index = pd.Index([1, 2, 4])
    else:
        other = pd.concat([other, pd.DataFrame([[None, None]], index=[4], dtype=object)])
    assert frame_digest(frame) != frame_digest(other)


def test_table_digest_includes_tab_and_serial_zone():
    frame = pd.DataFrame([["a"]], dtype=object)
    base = RawTable("s.xlsx", "tab", frame)
    assert table_digest(base) != table_digest(RawTable("s.xlsx", "tab2", frame))
    assert table_digest(base) != table_digest(RawTable("s.xlsx", "tab", frame, serial_tz="UTC"))


# --- the database ---------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"garbage that is not sqlite" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_damaged_state_file_is_moved_aside_and_rebuilt(tmp_path, content):
    (tmp_path / STATE_FILE).write_bytes(content)
    state = SyncState.open(tmp_path)
    assert state.recovered and "moved aside" in state.recovered
    assert list(tmp_path.glob(f"{STATE_FILE}.corrupt-*"))
    run = state.start_run(started=NOW, mode="run", trigger="manual", dry_run=False)
    state.finish_run(run, outcome="written")
    state.close()
    again = SyncState.open(tmp_path)
    assert again.recovered is None and [r.outcome for r in again.runs()] == ["written"]
    again.close()


def test_truncated_state_file_is_not_a_crash(tmp_path):
    state = SyncState.open(tmp_path)
    for i in range(50):
        state.set(f"k{i}", "x" * 2000)
    state.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    state.close()
    path = tmp_path / STATE_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    state = SyncState.open(tmp_path)  # either readable or moved aside; never an exception
    state.set("after", "ok")
    assert state.get("after") == "ok"
    state.close()


def test_other_schema_version_is_treated_as_missing(tmp_path):
    state = SyncState.open(tmp_path)
    state.set("schema_version", "999")
    state.close()
    state = SyncState.open(tmp_path)
    assert state.recovered and "schema version 999" in state.recovered
    state.close()


#: the sources table exactly as ita-sync created it up to issue 8 (with the never-read stale_after
#: column, since dropped from the code): state files on officers' machines still have it
OLD_SOURCES_TABLE = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,          -- 'survey' | 'reports'
    kind TEXT NOT NULL,             -- 'sheet' | 'forms' | 'reports'
    cache_key TEXT NOT NULL,        -- what the cached result depends on (config, code, content)
    content_hash TEXT,              -- sheets: SHA-256 of the raw table; forms: of the question row
    watermark TEXT,                 -- forms: latest lastSubmittedTime seen (RFC 3339, UTC)
    stale_after INTEGER,            -- ns since the epoch: the cached result expires then (24-hour rule)
    full_read_at TEXT,              -- when this source was last read in full
    updated_at TEXT NOT NULL,
    parts TEXT,                     -- JSON: per-spreadsheet fingerprints (reports), for people
    payload BLOB NOT NULL           -- packed frames: canonical rows, issues, counts
);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');
"""


def test_state_with_the_old_stale_after_column_opens_and_runs(tmp_path):
    """A state file made before stale_after was dropped is used as it is: not moved aside, its
    caches read and written (the extra column left NULL or as the old code filled it)."""
    from sync.service import execute

    config = make_setup(tmp_path)
    settings = load_settings(config)
    registry = load_registry(settings.units_file)
    settings.state_dir.mkdir(parents=True)
    conn = sqlite3.connect(settings.state_dir / STATE_FILE)
    conn.executescript(OLD_SOURCES_TABLE)
    conn.close()

    first = execute(settings, registry)
    assert first.wrote and first.warnings == []
    conn = sqlite3.connect(settings.state_dir / STATE_FILE)
    with conn:
        assert "stale_after" in {r[1] for r in conn.execute("PRAGMA table_info(sources)")}
        conn.execute("UPDATE sources SET stale_after = 1")  # what the old code stored
    conn.close()

    again = execute(settings, registry)
    assert again.outcome == "unchanged" and again.warnings == []
    assert again.sources == {"survey": "cached", "reports": "cached"}
    assert not list(settings.state_dir.glob(f"{STATE_FILE}.corrupt-*"))
    with SyncState.open(settings.state_dir) as st:
        assert st.recovered is None
        assert {s.name for s in st.sources()} == {"survey", "reports"}
        assert [r.outcome for r in st.runs()] == ["unchanged", "written"]


def test_readers_never_change_a_damaged_file(tmp_path):
    (tmp_path / STATE_FILE).write_bytes(b"x" * 4096)
    assert SyncState.open_existing(tmp_path) is None
    assert (tmp_path / STATE_FILE).read_bytes() == b"x" * 4096
    assert SyncState.open_existing(tmp_path / "missing") is None


def test_discard_forgets_sources_but_keeps_history(tmp_path):
    from sync.state import SourceState

    state = SyncState.open(tmp_path)
    run = state.start_run(started=NOW, mode="run", trigger="scheduled", dry_run=False)
    state.finish_run(run, outcome="written")
    state.put_source(SourceState("survey", "sheet", "k", "c", None, None, "now", None, b"blob"))
    state.set("last_full_read", NOW.isoformat())
    state.set("service.pid", "123")
    state.discard()
    assert state.source("survey") is None and state.get("last_full_read") is None
    assert state.get("service.pid") == "123"
    assert [r.outcome for r in state.runs()] == ["written"]
    state.close()


def test_a_run_left_running_is_marked_interrupted(tmp_path):
    state = SyncState.open(tmp_path)
    state.start_run(started=NOW, mode="run", trigger="manual", dry_run=False)  # then "killed"
    state.close()
    state = SyncState.open(tmp_path)
    state.start_run(started=NOW, mode="run", trigger="manual", dry_run=False)
    assert [r.outcome for r in state.runs()] == ["running", "interrupted"]
    state.close()


def test_full_read_due_after_the_period(tmp_path):
    state = SyncState.open(tmp_path)
    assert state.full_read_due(NOW, 7)
    state.set("last_full_read", NOW.isoformat())
    assert not state.full_read_due(NOW.replace(day=21), 7)
    assert state.full_read_due(NOW.replace(day=22), 7)
    state.close()


# --- privacy ------------------------------------------------------------------------------
def _state_text(state_dir: Path) -> str:
    """Everything in the state folder as text, with every cached payload unpacked."""
    blob = ""
    for f in state_dir.rglob("*"):
        if f.is_file():
            blob += f.read_bytes().decode("utf-8", "replace")
    conn = sqlite3.connect(str(state_dir / STATE_FILE))
    for (payload,) in conn.execute("SELECT payload FROM sources"):
        frames, meta = unpack(payload)
        blob += repr(meta)
        for frame in frames.values():
            blob += frame.to_csv()
    for row in conn.execute("SELECT * FROM runs"):
        blob += repr(row)
    for row in conn.execute("SELECT * FROM meta"):
        blob += repr(row)
    conn.close()
    return blob


def test_no_personal_data_in_the_state_hand_fixture(tmp_path):
    from sync.service import execute

    settings = load_settings(make_setup(tmp_path))
    execute(settings, load_registry(settings.units_file))
    text = _state_text(settings.state_dir)
    assert "survey.xlsx" in text  # the payloads were really unpacked
    assert [p for p in PERSONAL if p in text] == []


def test_no_personal_data_in_the_state_demo(tmp_path):
    from sync.demo import write_demo
    from sync.service import execute
    from tests.demo_privacy import demo_personal_values

    settings = load_settings(write_demo(tmp_path, responses=600))
    execute(settings, load_registry(settings.units_file))
    text = _state_text(settings.state_dir)
    personal = {p for p in demo_personal_values(responses=600) if len(p) >= 4}
    assert personal, "the demo has personal values to look for"
    assert sorted(p for p in personal if p in text) == []
