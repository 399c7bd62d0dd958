"""`ita-sync demo` with the section-8 sources: MDES OPS (PR and ITA) and DEPA (PR, ITA and
training attendance): every section-8 rule exercised, the seeds' ITA results reproduced, and
no personal value in the master, the output or the state."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

import pytest
from openpyxl import load_workbook

from core.vocab import MASTER_TABS
from tests.demo_privacy import demo_personal_values
from tests.sources.test_end_to_end_sources import state_text

SECTION8 = {"pr.xlsx": {"duplicate_report", "bad_month", "unknown_channel", "bad_number"},
            "ita.xlsx": {"duplicate_report", "bad_indicator", "bad_score"},
            "training.xlsx": {"duplicate_report", "bad_employee", "bad_topic", "bad_timestamp", "unknown_unit"}}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module", params=["mdes-ops", "depa"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    agency = request.param
    root = tmp_path_factory.mktemp(agency)
    t0 = time.perf_counter()
    first = cli("demo", "--dir", str(root), "--agency", agency)
    seconds = time.perf_counter() - t0
    assert first.returncode == 0, first.stderr + first.stdout
    second = cli("resync", "--config", str(root / "ita-sync.toml"), "--log-json")
    assert second.returncode == 0, second.stderr
    wb = load_workbook(root / "data" / "master.xlsx")
    tabs = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    print(f"\n[figures] ita-sync demo --agency {agency}: {seconds:.1f} s (write the set-up and run once)")
    return agency, root, tabs, [first, second]


def test_tabs_in_contract_order(demo) -> None:
    agency, _, tabs, _ = demo
    optional = ["สื่อสังคมออนไลน์", "ผลการประเมิน ITA"] + (["การอบรม"] if agency == "depa" else [])
    assert list(tabs) == [*MASTER_TABS[:5], *optional, *MASTER_TABS[5:]]


def test_every_section8_rule_is_exercised(demo) -> None:
    agency, _, tabs, _ = demo
    found: dict[str, set[str]] = {}
    for r in tabs["ปัญหาข้อมูล"][1:]:
        found.setdefault(r[0], set()).add(r[5])
    for source, codes in SECTION8.items():
        if source == "training.xlsx" and agency != "depa":
            continue
        assert codes <= found.get(source, set()), (source, found.get(source))
    status = [r for r in tabs["สถานะการซิงค์"][1:] if r[0] in SECTION8]
    for r in status:
        assert r[2] == r[3] + r[4] + r[5]  # read = accepted + duplicates + rejected


@pytest.mark.parametrize(("agency_", "year", "total"), [("mdes-ops", 2565, 92.48), ("depa", 2562, 87.8)])
def test_seed_ita_result_reproduced(demo, agency_: str, year: int, total: float) -> None:
    agency, _, tabs, _ = demo
    if agency != agency_:
        pytest.skip("other agency")
    rows = tabs["ผลการประเมิน ITA"]
    assert [year, None, "คะแนนรวม", None, 100, total, None, "A", None] in rows
    seventh = next(r for r in rows if r[0] == year and r[1] == 7)
    assert seventh[8] == "ต่ำสุด"  # indicator 7 the lowest, as both seeds say


def test_depa_training_tab(demo) -> None:
    agency, _, tabs, _ = demo
    if agency != "depa":
        assert "การอบรม" not in tabs
        return
    rows = tabs["การอบรม"][1:]
    units = Counter(r[3] for r in rows)
    assert set(units) == {"ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", "ฝ่ายอำนวยการสำนักงาน", "ฝ่ายส่งเสริมอุตสาหกรรมดิจิทัล", "รวม"}
    for r in rows:
        assert r[6] == r[7] + r[8] and 0 <= r[9] <= 100
    assert {r[1] for r in rows} == {"6 เดือน", "12 เดือน"}
    assert {r[0] for r in rows} == {2567, 2568}


def test_privacy_scan(demo) -> None:
    agency, root, tabs, runs = demo
    cells = "\n".join(str(v) for rows in tabs.values() for r in rows for v in r if v is not None)
    blobs = {"master": cells, "output": "".join(p.stdout + p.stderr for p in runs), **state_text(root / "state")}
    personal = demo_personal_values(agency=agency)
    assert len(personal) > 100
    leaks = {where: sorted(p for p in personal if p in blob) for where, blob in blobs.items()}
    assert all(not found for found in leaks.values()), json.dumps(leaks, ensure_ascii=False)[:2000]


def test_depa_demo_writes_the_depa_profile(demo) -> None:
    agency, root, tabs, _ = demo
    if agency != "depa":
        return
    assert "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล" in tabs["สรุปภาพรวม"][0][0]
    measures = {r[4] for r in tabs["แบบรายงานที่ 1"][1:]}
    assert measures == {1, 2, 3}
    assert (root / "data" / "training.xlsx").is_file()
