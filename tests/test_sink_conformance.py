"""Both sinks render the same master document: same tables, same charts (type, ranges,
titles), same layout, and each keeps the fingerprint as metadata (issue 8; CONTRACT section 7).

The local master is read back from the xlsx parts; the Google master from the emulator's
stored state after the one batchUpdate (whose requests are checked against sheets.v4.json).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

import sync.google as g
from aggregate.reports import build_tables, document
from core import vocab as V
from core.document import MasterDocument
from sync.http import Pacer, RetryPolicy
from sync.local import LocalSink
from tests.aggregate.test_reports import REG, _mixed_inputs
from tests.test_emulator_conformance import schema_problems
from tests.test_google_backend import FAST, GoogleSetup, trim

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_REF = re.compile(r"^'?(?P<sheet>.+?)'?!\$(?P<c0>[A-Z]+)\$(?P<r0>\d+)(?::\$(?P<c1>[A-Z]+)\$(?P<r1>\d+))?$")


def the_document() -> MasterDocument:
    survey, form1, form2, issues, stats = _mixed_inputs()
    tables = build_tables(survey, form1, form2, issues, stats, REG, tz="Asia/Bangkok")
    return document(tables, [("เวลาซิงค์", "2026-11-30 10:00:00 +0700")])


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def a1(ref: str) -> tuple[str, int, int, int]:
    """``'tab'!$B$7:$B$10`` -> (tab, col, first_row, last_row), 0-based."""
    m = _REF.match(ref)
    assert m, ref
    r1 = m["r1"] or m["r0"]
    return m["sheet"].replace("''", "'"), col_index(m["c0"]), int(m["r0"]) - 1, int(r1) - 1


def local_charts(path: Path) -> list[dict[str, Any]]:
    out = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            root = ElementTree.fromstring(z.read(name))
            bar = root.find(f".//{C}barChart")
            assert bar is not None, name
            title = "".join(t.text or "" for t in root.find(f".//{C}title").iter(f"{A}t"))
            series = []
            cats = None
            for ser in bar.findall(f"{C}ser"):
                tab, col, name_row, _ = a1(ser.find(f"{C}tx//{C}f").text)
                _, _, first, last = a1(ser.find(f"{C}val//{C}f").text)
                ctab, ccol, cfirst, clast = a1(ser.find(f"{C}cat//{C}f").text)
                series.append((col, name_row, first, last))
                cats = (ccol, cfirst, clast)
            out.append({"tab": tab, "title": title, "horizontal": bar.find(f"{C}barDir").get("val") == "bar",
                        "stacked": bar.find(f"{C}grouping").get("val") == "stacked", "categories": cats,
                        "series": series})
    return sorted(out, key=lambda c: c["title"])


def google_charts(emu: Any, sid: str, tabs: list[str]) -> list[dict[str, Any]]:
    out = []
    for tab in tabs:
        for chart in emu.sheet_objects(sid, tab)["charts"]:
            basic = chart["spec"]["basicChart"]
            assert basic.get("headerCount") == 1
            dom = basic["domains"][0]["domain"]["sourceRange"]["sources"][0]
            series = []
            for s in basic["series"]:
                rng = s["series"]["sourceRange"]["sources"][0]
                assert rng["endColumnIndex"] == rng["startColumnIndex"] + 1
                series.append((rng["startColumnIndex"], rng["startRowIndex"], rng["startRowIndex"] + 1,
                               rng["endRowIndex"] - 1))
            out.append({"tab": tab, "title": chart["spec"]["title"], "horizontal": basic["chartType"] == "BAR",
                        "stacked": basic.get("stackedType") == "STACKED",
                        "categories": (dom["startColumnIndex"], dom["startRowIndex"] + 1, dom["endRowIndex"] - 1),
                        "series": series})
    return sorted(out, key=lambda c: c["title"])


@pytest.fixture
def both(emulator, tmp_path):
    doc = the_document()
    local = LocalSink(tmp_path / "master.xlsx")
    local.write(doc)
    gs = GoogleSetup(emulator, tmp_path)
    settings = gs.settings()
    google = g.Google(settings, policy=RetryPolicy(**FAST), pacer=Pacer(per_minute=10**6))
    sink = g.GoogleSink(settings, google)
    emulator.clear_log()
    sink.write(doc)
    return doc, local, sink, gs


def test_same_tables_on_both_sinks(both):
    doc, local, sink, gs = both
    lt, gt = local.read_tables(), sink.read_tables()
    assert list(lt) == list(gt) == list(V.MASTER_TABS)
    for title in V.MASTER_TABS:
        assert trim(lt[title]) == trim(gt[title]), title
        assert trim(lt[title]) == trim(doc.table(title).rows), title


def test_same_charts_type_ranges_titles(both, tmp_path):
    doc, local, sink, gs = both
    lc = local_charts(tmp_path / "master.xlsx")
    gc = google_charts(gs.emu, gs.master, list(V.MASTER_TABS))
    assert lc == gc
    want = sorted(
        ({"tab": t.title, "title": c.title, "horizontal": c.horizontal, "stacked": c.stacked,
          "categories": tuple((c.labels or c.categories)[i] for i in (2, 0, 1)),
          "series": [(s.col, s.name_row, s.first_row, s.last_row) for s in c.series]}
         for t in doc.tables for c in t.charts), key=lambda c: c["title"])
    assert lc == want and len(want) == 3
    assert {c["title"] for c in gc} == {V.CHART_AWARENESS, V.CHART_RESPONSES, V.CHART_ISSUES}


def test_google_master_in_one_atomic_batch_update_valid_against_discovery(both):
    doc, local, sink, gs = both
    assert gs.emu.count(method_id="sheets.spreadsheets.batchUpdate") == 1
    assert not schema_problems(gs.emu)


def test_fingerprint_is_metadata_not_a_data_row(both):
    doc, local, sink, gs = both
    assert local.read_fingerprint() == doc.fingerprint
    assert sink.read_fingerprint(refresh=True) == doc.fingerprint
    for rows in local.read_tables().values():
        assert doc.fingerprint not in {v for r in rows for v in r}


def test_layout_on_both_sinks(both, tmp_path):
    """Frozen header, filter, highlights of what needs action, links, protection (warning)."""
    from openpyxl import load_workbook

    doc, local, sink, gs = both
    wb = load_workbook(tmp_path / "master.xlsx")
    props = {p["title"]: p for p in gs.emu.sheet_properties(gs.master)}
    for table in doc.tables:
        ws = wb[table.title]
        lay = table.layout
        objects = gs.emu.sheet_objects(gs.master, table.title)
        grid = props[table.title].get("gridProperties", {})
        assert grid.get("frozenRowCount", 0) == lay.freeze_rows, table.title
        assert grid.get("frozenColumnCount", 0) == lay.freeze_cols, table.title
        if lay.freeze_rows or lay.freeze_cols:
            assert ws.freeze_panes == f"{chr(65 + lay.freeze_cols)}{lay.freeze_rows + 1}", table.title
        assert bool(ws.auto_filter.ref) == bool(objects["basicFilter"]) == (lay.auto_filter and table.header)
        assert len(objects["conditionalFormats"]) == len(lay.highlights)
        assert len(ws.conditional_formatting) == len(lay.highlights)
        assert ws.protection.sheet is True
        assert [p.get("warningOnly") for p in objects["protectedRanges"]] == [True]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1) == 1
        assert ws.page_setup.fitToHeight == 0  # one page wide, as many pages long as needed
    tracking = gs.emu.sheet_objects(gs.master, V.TAB_TRACKING)["conditionalFormats"]
    assert {r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in tracking} == {V.NOT_SENT}
    assert wb[V.TAB_FORM2].print_title_rows == "$1:$1"


# --- issue 11: training units/topics below threshold_percent highlighted on both sinks ----------
THRESHOLD = 70.0


def training_document() -> MasterDocument:
    """The mixed document with the training tab of tests/sources/test_training's sessions
    (6 เดือน, topic A: HR 1 of 3 pass = 33.3 %, ADM 0 of 1 = 0 %; topic B: ADM 1 of 1 = 100 %)."""
    from datetime import date

    from aggregate.reports import with_optional_sources
    from tests.sources.test_training import REG as TRAINING_REG
    from tests.sources.test_training import _run, _session_set

    survey, form1, form2, issues, stats = _mixed_inputs()
    tables = build_tables(survey, form1, form2, issues, stats, REG, tz="Asia/Bangkok")
    result = _run(*_session_set())
    tables = with_optional_sources(tables, registry=TRAINING_REG, today=date(2024, 12, 1),
                                   training=(result.frames["roster"], result.frames["attendance"], THRESHOLD))
    return document(tables, [("เวลาซิงค์", "2026-11-30 10:00:00 +0700")])


def test_training_below_threshold_highlighted_on_both_sinks(emulator, tmp_path):
    from openpyxl import load_workbook

    doc = training_document()
    table = doc.table(V.TAB_TRAINING)
    col = V.MASTER_TRAINING_HEADERS.index(V.TRAINING_PASS_PERCENT)
    percents = [r[col] for r in table.rows[1:]]
    assert any(p < THRESHOLD for p in percents) and any(p >= THRESHOLD for p in percents)  # both kinds present
    LocalSink(tmp_path / "master.xlsx").write(doc)
    gs = GoogleSetup(emulator, tmp_path)
    settings = gs.settings()
    sink = g.GoogleSink(settings, g.Google(settings, policy=RetryPolicy(**FAST), pacer=Pacer(per_minute=10**6)))
    emulator.clear_log()
    sink.write(doc)
    assert not schema_problems(gs.emu)
    letter = chr(65 + col)
    rows = len(table.rows)
    # local: a cellIs lessThan rule on the percent column's data rows
    ws = load_workbook(tmp_path / "master.xlsx")[V.TAB_TRAINING]
    local = [(str(cf.sqref), rule.type, rule.operator, rule.formula)
             for cf in ws.conditional_formatting for rule in cf.rules]
    assert local == [(f"{letter}2:{letter}{rows}", "cellIs", "lessThan", ["70"])]
    # the writer that keeps an officer's tab (openpyxl) draws the same rule
    wb = load_workbook(tmp_path / "master.xlsx")
    wb.create_sheet("บันทึกของเจ้าหน้าที่")["A1"] = "โน้ต"
    wb.save(tmp_path / "master.xlsx")
    LocalSink(tmp_path / "master.xlsx").write(doc)
    wb = load_workbook(tmp_path / "master.xlsx")
    assert "บันทึกของเจ้าหน้าที่" in wb.sheetnames
    kept = [(str(cf.sqref), rule.type, rule.operator, rule.formula)
            for cf in wb[V.TAB_TRAINING].conditional_formatting for rule in cf.rules]
    assert kept == local
    # Google: NUMBER_LESS on the same range, stored by the emulator
    rules = gs.emu.sheet_objects(gs.master, V.TAB_TRAINING)["conditionalFormats"]
    assert [(r["ranges"][0]["startRowIndex"], r["ranges"][0]["endRowIndex"], r["ranges"][0]["startColumnIndex"],
             r["ranges"][0]["endColumnIndex"], r["booleanRule"]["condition"]) for r in rules] == [
        (1, rows, col, col + 1, {"type": "NUMBER_LESS", "values": [{"userEnteredValue": "70"}]})]


def test_emulator_refuses_a_number_condition_without_a_number(emulator, tmp_path):
    """NUMBER_LESS with a text value is a 400 in Sheets; the emulator says so too."""
    from core.errors import ItaSyncError

    gs = GoogleSetup(emulator, tmp_path)
    settings = gs.settings()
    google = g.Google(settings, policy=RetryPolicy(**FAST), pacer=Pacer(per_minute=10**6))
    g.GoogleSink(settings, google).write(the_document())
    sid = gs.emu.sheet_properties(gs.master)[0]["sheetId"]
    rule = {"ranges": [{"sheetId": sid, "startRowIndex": 1, "endRowIndex": 3}],
            "booleanRule": {"condition": {"type": "NUMBER_LESS", "values": [{"userEnteredValue": "ร้อยละ"}]},
                            "format": {}}}
    with pytest.raises(ItaSyncError) as info:
        google.batch_update(gs.master, {"requests": [{"addConditionalFormatRule": {"index": 0, "rule": rule}}]},
                            "a test rule")
    assert "NUMBER_LESS" in str(info.value)
