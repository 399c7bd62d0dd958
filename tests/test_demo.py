"""The demo setup, the survey generator and the bundled units registry."""

from __future__ import annotations

import hashlib
import re
import time
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from config.registry import load_registry
from core import vocab
from sync import demo
from sync.demo import (
    DEMO_END,
    DEMO_START,
    SURVEY_HEADERS,
    SURVEY_TAB,
    generate_survey,
    write_demo,
    write_survey_xlsx,
)
from tests.demo_privacy import personal_values, report_personal_values

UNIT_TITLE = vocab.DEFAULT_QUESTION_TITLES["unit"][0]
VT_TITLE = vocab.DEFAULT_QUESTION_TITLES["visitor_type"][0]
AWARE_TITLES = [vocab.DEFAULT_QUESTION_TITLES[f][0] for f in vocab.AWARE_FIELDS]
THAI_DIGIT = re.compile("[๐-๙]")


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    write_demo(root)
    return root


@pytest.fixture(scope="module")
def survey_rows(demo_dir: Path) -> tuple[list[str], list[tuple]]:
    wb = load_workbook(demo_dir / "data" / "survey.xlsx", read_only=True)
    assert wb.sheetnames == [SURVEY_TAB]
    rows = list(wb[SURVEY_TAB].iter_rows(values_only=True))
    wb.close()
    return list(rows[0]), rows[1:]


def _column(survey_rows: tuple[list[str], list[tuple]], title: str) -> list:
    header, rows = survey_rows
    i = header.index(title)
    return [r[i] for r in rows]


# --- the demo folder -----------------------------------------------------------------------------


def test_write_demo_twice_is_byte_identical_and_keeps_other_files(tmp_path: Path) -> None:
    config_path = write_demo(tmp_path)
    assert config_path == tmp_path / "ita-sync.toml"
    first = _hashes(tmp_path)
    # what a run and an officer leave behind must survive a second demo
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "sync.sqlite").write_bytes(b"saved sync state")
    (tmp_path / "data" / "master.xlsx").write_bytes(b"the previous master")
    (tmp_path / "data" / "reports" / "my-notes.txt").write_text("officer's file", encoding="utf-8")

    write_demo(tmp_path)
    second = _hashes(tmp_path)
    assert {k: v for k, v in second.items() if k in first} == first
    assert (tmp_path / "state" / "sync.sqlite").read_bytes() == b"saved sync state"
    assert (tmp_path / "data" / "master.xlsx").read_bytes() == b"the previous master"
    assert (tmp_path / "data" / "reports" / "my-notes.txt").exists()

    other = tmp_path / "elsewhere"
    write_demo(other)
    assert _hashes(other) == first


def test_demo_files_and_config(demo_dir: Path) -> None:
    files = set(_hashes(demo_dir))
    assert {"ita-sync.toml", "units.toml", "data/survey.xlsx"} <= files
    reports = sorted(f for f in files if f.startswith("data/reports/") and f.endswith(".xlsx"))
    assert len([f for f in reports if not Path(f).name.startswith("~$")]) >= 5
    assert any(Path(f).name.startswith("~$") for f in reports)  # an Excel lock file the glob must skip
    cfg = tomllib.loads((demo_dir / "ita-sync.toml").read_text(encoding="utf-8"))
    assert cfg["timezone"] == "Asia/Bangkok"
    assert cfg["backend"] == {"kind": "local", "data_dir": "data"}
    assert cfg["state"] == {"dir": "state"}
    assert cfg["units"] == {"file": "units.toml"}
    assert cfg["survey"]["spreadsheet"] == "survey.xlsx"
    assert cfg["survey"]["worksheet"] == SURVEY_TAB
    assert cfg["reports"] == [{"spreadsheet": "reports/*.xlsx"}]
    assert cfg["master"] == {"spreadsheet": "master.xlsx"}
    assert len(cfg["schedule"]["cron"].split()) == 5
    assert (demo_dir / "units.toml").read_bytes() == demo.BUNDLED_UNITS.read_bytes()


def test_demo_config_validates(demo_dir: Path) -> None:
    settings = pytest.importorskip("config.settings")
    settings.load_settings(demo_dir / "ita-sync.toml")


# --- the survey workbook -----------------------------------------------------------------------


def test_survey_header_is_the_forms_question_order(survey_rows) -> None:
    header, _ = survey_rows
    assert header == list(SURVEY_HEADERS)
    assert header[0] == "ประทับเวลา"
    assert header[1:7] == list(vocab.PERSONAL_TITLES)
    for field in vocab.SURVEY_FIELDS:
        assert vocab.DEFAULT_QUESTION_TITLES[field][0] in header


def test_survey_size_and_two_fiscal_years(survey_rows) -> None:
    stamps = [v for v in _column(survey_rows, "ประทับเวลา") if isinstance(v, datetime)]
    assert len(survey_rows[1]) >= 3000
    fiscal = {d.year + 543 + (d.month >= 10) for d in stamps}
    assert {2567, 2568} <= fiscal


def test_survey_timestamps_are_messy(survey_rows) -> None:
    ts = _column(survey_rows, "ประทับเวลา")
    texts = [v for v in ts if isinstance(v, str)]
    assert any(isinstance(v, datetime) for v in ts), "datetime cells"
    assert any(isinstance(v, float) and 36000 < v < 60000 for v in ts), "serial numbers"
    assert any(re.fullmatch(r"\d{5}\.\d+", v) for v in texts), "a serial written as text"
    assert any(THAI_DIGIT.search(v) for v in texts), "Thai digits"
    assert any(int(y) >= 2400 for v in texts for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", v)), "BE years"
    assert any(re.search(r"(?<!\d)20[0-9]{2}(?!\d)", v) for v in texts), "CE years"
    assert any(m in v for v in texts for m in ("ตุลาคม", "มกราคม", "เมษายน", "กันยายน")), "full month names"
    assert any(m in v for v in texts for m in vocab_abbr()), "abbreviated month names with dots"
    assert any(re.search(r"\d (มค|กพ|มีค|เมย|พค|มิย|กค|สค|กย|ตค|พย|ธค) ", v) for v in texts), "no dots"
    assert any("พ.ศ." in v for v in texts), "พ.ศ. prefix"
    assert any("T" in v and v[:4].isdigit() for v in texts), "ISO 8601"
    assert any(v in ("15/10/66 09:30", "ไม่ระบุ", "1/1/2600 10:00") for v in texts), "bad timestamps"


def vocab_abbr() -> tuple[str, ...]:
    return ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def _as_local(v: object) -> datetime | None:
    """The simple forms the generator uses next to period boundaries."""
    if isinstance(v, datetime):
        return v
    if isinstance(v, float):
        return datetime(1899, 12, 30) + timedelta(days=v)
    if isinstance(v, str) and (m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d\d):(\d\d)", v)):
        d, mo, y, h, mi, s = map(int, m.groups())
        return datetime(y - 543 if y >= 2400 else y, mo, d, h, mi, s)
    return None


@pytest.mark.parametrize("boundary", [datetime(2023, 10, 1), datetime(2024, 4, 1), datetime(2024, 10, 1)])
def test_responses_either_side_of_period_boundaries(survey_rows, boundary: datetime) -> None:
    times = [t for t in map(_as_local, _column(survey_rows, "ประทับเวลา")) if t is not None]
    hour = timedelta(hours=1)
    assert any(boundary - hour <= t < boundary for t in times), "just before midnight"
    assert any(boundary <= t <= boundary + hour for t in times), "just after midnight"


def test_survey_units_are_messy(survey_rows, demo_dir: Path) -> None:
    units = _column(survey_rows, UNIT_TITLE)
    written = [u for u in units if isinstance(u, str)]
    assert any("\u0e4d\u0e32" in u for u in written), "decomposed sara am"
    assert any("\u200b" in u for u in written), "zero-width space"
    assert any("\u00a0" in u for u in written), "NBSP"
    assert any(u is None or u == "" for u in units), "blank units"
    registry = load_registry(demo_dir / "units.toml")
    aliases = {a for unit in registry.units for a in unit.aliases}
    assert any(u in aliases for u in written), "aliases"
    codes = registry.match(pd.Series(units, dtype=object))
    matched = codes.notna().sum()
    assert matched / len(units) > 0.9
    assert any(c is None for u, c in zip(units, codes, strict=True) if u), "unknown units"


def test_survey_visitor_types_and_answers(survey_rows) -> None:
    labels = set(vocab.VISITOR_TYPES)
    cells = [v for v in _column(survey_rows, VT_TITLE) if isinstance(v, str)]
    multi = [v for v in cells if ", " in v and all(i.strip() in labels for i in v.split(","))]
    assert multi, "multi-select joined with ', '"
    other_with_comma = [v for v in cells if sum(i.strip() not in labels for i in v.split(",")) >= 2]
    assert other_with_comma, "อื่นๆ free text that contains commas"
    assert any(v == "ประชุม/สัมมนา, ผู้รับเหมาก่อสร้าง, ช่างไฟฟ้าภายนอก" for v in cells)
    answers = [v for t in AWARE_TITLES for v in _column(survey_rows, t)]
    present = {v for v in answers if isinstance(v, str)}
    assert {"รู้", "ทราบ", "รู้ / ทราบ", "ไม่ทราบ", vocab.KNOW, vocab.DONT_KNOW} <= present
    assert None in answers or "" in answers, "unanswered"
    assert "ไม่แน่ใจ" in present, "bad answers"


def test_survey_has_exact_duplicate_rows(survey_rows) -> None:
    _, rows = survey_rows
    assert len(rows) - len(set(rows)) >= 1


# --- unit report workbooks -----------------------------------------------------------------------


def _report_sheets(demo_dir: Path) -> dict[tuple[str, str], list[tuple]]:
    out = {}
    for path in sorted((demo_dir / "data" / "reports").glob("*.xlsx")):
        if path.name.startswith("~$"):
            continue
        wb = load_workbook(path, read_only=True)
        for name in wb.sheetnames:
            out[(path.name, name)] = list(wb[name].iter_rows(values_only=True))
        wb.close()
    return out


def test_report_workbooks_exercise_the_rules(demo_dir: Path) -> None:
    sheets = _report_sheets(demo_dir)
    names = {sheet for _, sheet in sheets}
    assert {"แบบรายงานที่ 1", "แบบรายงานที่ 2", "แบบรายงานที่ ๑", "แบบรายงานที่ ๒"} <= names
    header_rows = {}
    for key, rows in sheets.items():
        for i, row in enumerate(rows[:10]):
            if "ปีงบประมาณ" in row and "รอบ" in row:
                header_rows[key] = i
                break
    assert any(i > 0 for i in header_rows.values()), "title rows above the header"
    assert any(i == 0 for i in header_rows.values())
    cells = [c for rows in sheets.values() for row in rows for c in row]
    texts = [c for c in cells if isinstance(c, str)]
    for needle in ("๑๒ คน", "1,234", "ประมาณ 10", "www.mdes.go.th/x", "(ลงชื่อ)"):
        assert any(needle in t for t in texts), needle
    assert "-" in texts
    assert any(t.startswith("https://") for t in texts)
    # form 1 rows with a bad measure, template rows (value cells blank), several units per file
    form1 = [(k, rows) for k, rows in sheets.items() if k in header_rows and vocab.COL_MEASURE in rows[header_rows[k]]]
    bad_measure = template = 0
    units_per_file = []
    for key, rows in form1:
        head = list(rows[header_rows[key]])
        m, res, ev, u = (head.index(c) for c in (vocab.COL_MEASURE, vocab.COL_RESULT, vocab.COL_EVIDENCE,
                                                  vocab.COL_UNIT))
        body = [r for r in rows[header_rows[key] + 1:] if any(v is not None for v in r[:3])]
        bad_measure += sum(r[m] in (8, "8") for r in body)
        template += sum(r[res] is None and r[ev] is None and r[m] is not None for r in body)
        units_per_file.append(len({r[u] for r in body}))
    assert bad_measure and template
    assert max(units_per_file) >= 5, "one workbook holding many units"
    # a form 2 tab without a required column (bad_sheet)
    assert any(vocab.OTHER_VISITOR_TYPE not in rows[i] and vocab.COL_ROUND in rows[i]
               and "แบบรายงานที่ 2" in k[1] for k, rows in sheets.items() for i in [header_rows.get(k, 0)])


def test_demo_personal_values_cover_reporters() -> None:
    values = report_personal_values()
    assert values and all(v.strip() for v in values)
    assert any(v.startswith("0 2141 ") for v in values)


# --- the bundled registry ------------------------------------------------------------------------


def test_bundled_registry_parses_with_unique_codes() -> None:
    raw = tomllib.loads(demo.BUNDLED_UNITS.read_text(encoding="utf-8"))
    assert set(raw) == {"units"}
    codes = [u["code"] for u in raw["units"]]
    assert len(codes) == len(set(codes)) >= 10
    assert all(re.fullmatch(r"[A-Z][A-Z0-9-]*", c) and c != vocab.UNKNOWN_UNIT_CODE for c in codes)
    for unit in raw["units"]:
        assert set(unit) == {"code", "name", "aliases"}
        assert unit["name"] != vocab.UNKNOWN_UNIT_NAME
    first = raw["units"][0]
    assert (first["code"], first["name"]) == ("OPS-KKL", "กองกลาง")
    assert "กก." in first["aliases"]
    names = {u["name"] for u in raw["units"]}
    assert {"ศูนย์ปฏิบัติการต่อต้านการทุจริต", "กลุ่มงานประชาสัมพันธ์"} <= names
    # names and aliases unique after rule T, reserved values unused: the project's own validator
    registry = load_registry(demo.BUNDLED_UNITS)
    assert [u.code for u in registry.units] == codes


# --- the generator -------------------------------------------------------------------------------


def test_generate_survey_shape_determinism_and_timing() -> None:
    registry = load_registry(demo.BUNDLED_UNITS)
    t0 = time.perf_counter()
    header, frame = generate_survey(20_000, seed=11, start=DEMO_START, end=DEMO_END, registry=registry)
    elapsed = time.perf_counter() - t0
    print(f"generate_survey(20_000): {elapsed:.2f} s")  # not asserted: timings live in benchmarks/
    assert header == list(SURVEY_HEADERS) == list(frame.columns)
    assert len(frame) == 20_000
    assert all(frame[c].dtype == object for c in frame.columns)
    _, again = generate_survey(20_000, seed=11, start=DEMO_START, end=DEMO_END, registry=registry)
    pd.testing.assert_frame_equal(frame, again)
    _, other = generate_survey(20_000, seed=12, start=DEMO_START, end=DEMO_END, registry=registry)
    assert not frame.equals(other)
    assert frame.duplicated().sum() >= 20_000 // 150


def test_generate_survey_small_and_empty() -> None:
    registry = load_registry(demo.BUNDLED_UNITS)
    for n in (0, 1, 59, 61, 200):
        _, frame = generate_survey(n, seed=1, start=DEMO_START, end=DEMO_END, registry=registry)
        assert len(frame) == n


def test_personal_values_lists_personal_fields_and_free_text() -> None:
    registry = load_registry(demo.BUNDLED_UNITS)
    _, frame = generate_survey(3000, seed=5, start=DEMO_START, end=DEMO_END, registry=registry)
    values = personal_values(frame)
    for title in vocab.PERSONAL_TITLES:
        sample = frame[title].dropna().iloc[0]
        assert sample.strip() in values
    assert {"ผู้รับเหมาก่อสร้าง", "ช่างไฟฟ้าภายนอก"} <= values
    assert not values & set(vocab.VISITOR_TYPES)
    assert all(v.endswith("@example.com") for v in frame["E-mail"].dropna())
    # nothing personal is a label the master itself writes
    master_words = [*vocab.MEASURES, *vocab.CHANNEL_COLUMNS, *[t for p in vocab.ISSUE_TEXTS.values() for t in p]]
    assert not [v for v in values if any(v in w for w in master_words)]


def test_write_survey_xlsx_round_trip(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "a": [datetime(2024, 2, 29, 10, 15, 0), 45200.5, "=SUM(A1:A2)", None, "_x0041_ & <b>", True],
            "b": ["\u0e4d\u0e32 \u200b\u00a0", 12, "x\x01y", "", "line 1\nline 2", np.float64(2.5)],
        },
        dtype=object,
    )
    path = write_survey_xlsx(tmp_path / "s.xlsx", ["a", "b"], frame, sheet="แท็บ & <ทดสอบ>")
    # the project's reader (calamine) gets every value back
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["แท็บ & <ทดสอบ>"]
    rows = book.get_sheet_by_name("แท็บ & <ทดสอบ>").to_python()
    assert rows[0] == ["a", "b"]
    assert rows[1] == [datetime(2024, 2, 29, 10, 15, 0), "\u0e4d\u0e32 \u200b\u00a0"]
    assert rows[2] == [45200.5, 12]
    assert rows[3] == ["=SUM(A1:A2)", "x\x01y"]  # a control character in Excel's _x0001_ form
    assert rows[4] == ["", ""]
    assert rows[5] == ["_x0041_ & <b>", "line 1\nline 2"]
    assert rows[6] == [True, 2.5]
    # and openpyxl (what Excel users' tools use) sees text as text, not formulas
    ws = load_workbook(path)["แท็บ & <ทดสอบ>"]
    assert ws["A2"].value == datetime(2024, 2, 29, 10, 15, 0)
    assert ws["A4"].value == "=SUM(A1:A2)" and ws["A4"].data_type == "s"
    assert ws["A5"].value is None and ws["B5"].value is None
    assert ws.freeze_panes == "A2"
