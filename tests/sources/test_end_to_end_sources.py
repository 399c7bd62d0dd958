"""`ita-sync run` with [pr], [ita] and [training] on the hand-written fixture of
tests/sources/fixtures_optional.py, on the local backend (CLI) and on Google (emulator).

Every expected figure below is worked out by hand from the fixture rows (the comments say how);
none is computed by the code under test.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tomllib
import zlib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.vocab import MASTER_TABS
from tests.fixtures import PERSONAL
from tests.sources.fixtures_optional import (
    ITA_TABS,
    OPTIONAL_PERSONAL,
    PR_TABS,
    TOPIC_A,
    TOPIC_B,
    TRAINING_TABS,
    make_optional_setup,
)

PR, ITA, TRAINING = "สื่อสังคมออนไลน์", "ผลการประเมิน ITA", "การอบรม"
TABS = [*MASTER_TABS[:5], PR, ITA, TRAINING, *MASTER_TABS[5:]]
KKL = ("OPS-KKL", "กองกลาง")
KJ = ("OPS-KJ", "กองการเจ้าหน้าที่")

# --- สื่อสังคมออนไลน์ ---------------------------------------------------------------------
EXPECTED_PR = [
    # row 9 (FB) replaced row 3; "1,300 ครั้ง" = 1300
    [2567, "2566-10", "Facebook", 22, 16000, 1300],
    [2567, "2566-10", "X", 5, 2000, 150],              # row 4: Twitter
    [2567, "2566-11", "Facebook", 18, 14000, 1000],    # row 5: serial 45231 = 1 Nov 2023, เฟสบุ๊ค
    [2567, "2566-11", "TikTok", 3, 50000, 4000],       # row 6
    [2567, "2567-03", "LINE OA", 4, 0, 30],            # row 10: "ไม่ทราบ" is a bad number -> 0
]

# --- ผลการประเมิน ITA --------------------------------------------------------------------
# 2565: IIT (95.12+93.5+94+96.88+91)/5 = 470.5/5 = 94.1; EIT (88.6+80.29+85.4)/3 = 254.29/3 = 84.7633 -> 84.76;
#       OIT 100; total (470.5*6 + 254.29*10 + 200*20)/100 = 9365.9/100 = 93.659 -> 93.66, level A
# 2566: IIT 474/5 = 94.8 (+0.7); EIT (90+82.5+86)/3 = 86.1667 -> 86.17 (+1.4033 -> 1.4); OIT (100+98)/2 = 99 (-1);
#       total (474*6 + 258.5*10 + 198*20)/100 = 9389/100 = 93.89 (+0.231 -> 0.23), level A
I = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ", "การแก้ไขปัญหาการทุจริต",
     "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร", "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]
TOOL = ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2
W = [6] * 5 + [10] * 3 + [20] * 2
S65 = [95.12, 93.5, 94, 96.88, 91, 88.6, 80.29, 85.4, 100, 100]
S66 = [96, 94, 95, 97, 92, 90, 82.5, 86, 100, 98]
CH66 = [0.88, 0.5, 1, 0.12, 1, 1.4, 2.21, 0.6, 0, -2]
NOTE65 = [None] * 6 + ["ต่ำสุด", None, "สูงสุด", "สูงสุด"]
NOTE66 = [None] * 6 + ["ต่ำสุด", None, "สูงสุด", None]
EXPECTED_ITA = (
    [[2565, k + 1, I[k], TOOL[k], W[k], S65[k], None, None, NOTE65[k]] for k in range(10)]
    + [[2565, None, "IIT", "IIT", 30, 94.1, None, None, None],
       [2565, None, "EIT", "EIT", 30, 84.76, None, None, None],
       [2565, None, "OIT", "OIT", 40, 100, None, None, None],
       [2565, None, "คะแนนรวม", None, 100, 93.66, None, "A", None]]
    + [[2566, k + 1, I[k], TOOL[k], W[k], S66[k], CH66[k], None, NOTE66[k]] for k in range(10)]
    + [[2566, None, "IIT", "IIT", 30, 94.8, 0.7, None, None],
       [2566, None, "EIT", "EIT", 30, 86.17, 1.4, None, None],
       [2566, None, "OIT", "OIT", 40, 99, -1, None, None],
       [2566, None, "คะแนนรวม", None, 100, 93.89, 0.23, "A", None]]
)

# --- การอบรม -----------------------------------------------------------------------------
# roster: KKL = EMP-001, EMP-002, emp-003 (row 9 replaced row 5's ศปท.); KJ = EMP-005; ACOC has nobody.
# topic A sessions: 15/11/2566, 20/12/2566 (6 เดือน), + 10/5/2567 (12 เดือน); topic B: 1/10/2566.
# 6 เดือน A (2): 001 2/2 pass, 002 1/2, 003 1/2 -> KKL 1 of 3 (33.3); 005 2/2 -> KJ 1 of 1; รวม 2 of 4 (50)
# 6 เดือน B (1): 001 pass, 002 and 003 0 -> KKL 1 of 3; 005 pass; รวม 2 of 4
# 12 เดือน A (3): 001 3/3 pass, 002 2/3 = 66.7 < 70, 003 1/3 -> KKL 1 of 3; 005 2/3 -> KJ 0 of 1; รวม 1 of 4 (25)
EXPECTED_TRAINING = [
    [2567, "6 เดือน", *KKL, TOPIC_A, 2, 3, 1, 2, 33.3],
    [2567, "6 เดือน", *KJ, TOPIC_A, 2, 1, 1, 0, 100],
    [2567, "6 เดือน", None, "รวม", TOPIC_A, 2, 4, 2, 2, 50],
    [2567, "6 เดือน", *KKL, TOPIC_B, 1, 3, 1, 2, 33.3],
    [2567, "6 เดือน", *KJ, TOPIC_B, 1, 1, 1, 0, 100],
    [2567, "6 เดือน", None, "รวม", TOPIC_B, 1, 4, 2, 2, 50],
    [2567, "12 เดือน", *KKL, TOPIC_A, 3, 3, 1, 2, 33.3],
    [2567, "12 เดือน", *KJ, TOPIC_A, 3, 1, 0, 1, 0],
    [2567, "12 เดือน", None, "รวม", TOPIC_A, 3, 4, 1, 3, 25],
    [2567, "12 เดือน", *KKL, TOPIC_B, 1, 3, 1, 2, 33.3],
    [2567, "12 เดือน", *KJ, TOPIC_B, 1, 1, 1, 0, 100],
    [2567, "12 เดือน", None, "รวม", TOPIC_B, 1, 4, 2, 2, 50],
]

# --- ปัญหาข้อมูล (after the reports) and สถานะการซิงค์ --------------------------------------
EXPECTED_ISSUES = [  # (source, sheet, row, column, value, code)
    ("pr.xlsx", PR, 3, None, None, "duplicate_report"),
    ("pr.xlsx", PR, 7, "ช่องทาง", "Threads", "unknown_channel"),
    ("pr.xlsx", PR, 8, "เดือน", "13/2566", "bad_month"),
    ("pr.xlsx", PR, 10, "ยอดการเข้าถึง", "ไม่ทราบ", "bad_number"),
    ("ita.xlsx", ITA, 18, None, None, "duplicate_report"),
    ("ita.xlsx", ITA, 22, "ตัวชี้วัด", "11", "bad_indicator"),
    ("ita.xlsx", ITA, 23, "คะแนน", "ดีมาก", "bad_score"),
    ("training.xlsx", "ผู้ต้องเข้าอบรม", 5, None, None, "duplicate_report"),
    ("training.xlsx", "ผู้ต้องเข้าอบรม", 6, "หน่วยงาน", "กองคลัง", "unknown_unit"),
    ("training.xlsx", "ผู้ต้องเข้าอบรม", 7, "รหัสพนักงาน", None, "bad_employee"),
    ("training.xlsx", "การเข้าอบรม", 2, None, None, "duplicate_report"),
    ("training.xlsx", "การเข้าอบรม", 12, "รหัสพนักงาน", None, "bad_employee"),
    ("training.xlsx", "การเข้าอบรม", 13, "หัวข้อ", None, "bad_topic"),
    ("training.xlsx", "การเข้าอบรม", 14, "วันที่อบรม", "32/12/2566", "bad_timestamp"),
]
EXPECTED_STATUS = [  # read = accepted + duplicates + rejected
    ["pr.xlsx", PR, 8, 5, 1, 2],                 # rows 3-10 (11 template, 12 blank)
    ["ita.xlsx", ITA, 23, 20, 1, 2],             # rows 2-24 (25 template)
    ["training.xlsx", "ผู้ต้องเข้าอบรม", 7, 4, 1, 2],
    ["training.xlsx", "การเข้าอบรม", 14, 10, 1, 3],  # rows 2-15 (16 blank)
]
# the months of FY2567 without an accepted PR row (every month has ended by the run)
MISSING_2567 = "2566-12, 2567-01, 2567-02, 2567-04, 2567-05, 2567-06, 2567-07, 2567-08, 2567-09"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=300)


def values(path: Path) -> dict[str, list[list[Any]]]:
    wb = load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for r in rows:
        r = [None if v == "" else v for v in r]
        while r and r[-1] is None:
            r.pop()
        out.append(r)
    while out and not out[-1]:
        out.pop()
    return out


def check_master(tabs: dict[str, list[list[Any]]]) -> None:
    assert list(tabs)[:10] == TABS
    assert trim(tabs[PR]) == [["ปีงบประมาณ", "เดือน", "ช่องทาง", "จำนวนโพสต์", "ยอดการเข้าถึง", "ยอดการมีส่วนร่วม"],
                              *EXPECTED_PR]
    assert trim(tabs[ITA])[0] == ["ปีงบประมาณ", "ตัวชี้วัดที่", "รายการ", "เครื่องมือ", "น้ำหนัก", "คะแนน",
                                  "เปลี่ยนแปลงจากปีก่อน", "ระดับ", "หมายเหตุ"]
    ita = [r + [None] * (9 - len(r)) for r in trim(tabs[ITA])[1:]]
    assert ita == EXPECTED_ITA
    assert trim(tabs[TRAINING]) == [["ปีงบประมาณ", "รอบ", "รหัสหน่วยงาน", "หน่วยงาน", "หัวข้อ", "จำนวนครั้งที่จัด",
                                     "จำนวนพนักงาน", "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์", "ร้อยละที่ผ่านเกณฑ์"],
                                    *EXPECTED_TRAINING]
    issues = [tuple((r + [None] * 8)[:6]) for r in trim(tabs["ปัญหาข้อมูล"])[1:]]
    new = [i for i in issues if i[0] in ("pr.xlsx", "ita.xlsx", "training.xlsx")]
    assert new == EXPECTED_ISSUES
    assert issues[-len(new):] == new  # after the survey and the reports
    status = trim(tabs["สถานะการซิงค์"])
    cut = status.index([])
    assert status[cut - 4:cut] == EXPECTED_STATUS
    summary = trim(tabs["สรุปภาพรวม"])
    assert ["2567 รอบ 6 เดือน", "Facebook", 40, 30000, 2300] in summary     # 22+18, 16000+14000, 1300+1000
    assert ["2567 รอบ 12 เดือน", "TikTok", 3, 50000, 4000] in summary
    assert [2567, 9, MISSING_2567] in summary
    assert [2566, 93.89, "A", 94.8, 86.17, 99] in summary
    assert [2566, "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร", 82.5,
            "มาตรการที่ 1, มาตรการที่ 2, มาตรการที่ 3, มาตรการที่ 5"] in summary


def scan(blobs: dict[str, str]) -> None:
    personal = [*OPTIONAL_PERSONAL, *PERSONAL]
    leaks = {where: sorted(p for p in personal if p in blob) for where, blob in blobs.items()}
    assert all(not found for found in leaks.values()), json.dumps(leaks, ensure_ascii=False)[:2000]


def state_text(state: Path) -> dict[str, str]:
    """Every file of the state folder as text, and every blob of its databases decompressed."""
    out = {}
    for f in state.rglob("*"):
        if not f.is_file():
            continue
        out[f"state/{f.name}"] = f.read_bytes().decode("utf-8", "replace")
        if f.suffix in (".sqlite", ".db", ".sqlite3") or f.read_bytes()[:15] == b"SQLite format 3":
            con = sqlite3.connect(f)
            try:
                for (table,) in con.execute("select name from sqlite_master where type='table'").fetchall():
                    for row in con.execute(f'select * from "{table}"').fetchall():
                        for k, v in enumerate(row):
                            if isinstance(v, bytes):
                                try:
                                    v = zlib.decompress(v)
                                except zlib.error:
                                    pass
                                v = v.decode("utf-8", "replace")
                            out[f"state/{f.name}/{table}/{k}"] = out.get(f"state/{f.name}/{table}/{k}", "") + str(v)
            finally:
                con.close()
    return out


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[subprocess.CompletedProcess[str]]]:
    root = tmp_path_factory.mktemp("optional")
    config = make_optional_setup(root)
    runs = [cli("run", "--config", str(config)), cli("run", "--config", str(config), "--log-json"),
            cli("resync", "--config", str(config), "--log-json")]
    for proc in runs:
        assert proc.returncode == 0, proc.stderr + proc.stdout
    return root, runs


def test_local_master_worked_by_hand(local) -> None:
    root, _ = local
    check_master(values(root / "data" / "master.xlsx"))


def test_privacy_scan_master_logs_state(local) -> None:
    root, runs = local
    wb = load_workbook(root / "data" / "master.xlsx", read_only=True)
    cells = "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                      if v is not None)
    blobs = {"master": cells, "output": "".join(p.stdout + p.stderr for p in runs), **state_text(root / "state")}
    assert len(state_text(root / "state")) > 1
    scan(blobs)


def test_second_run_uses_the_caches(local) -> None:
    _, runs = local
    lines = [json.loads(line) for line in runs[1].stderr.splitlines() + runs[1].stdout.splitlines()
             if line.startswith("{")]
    text = json.dumps(lines, ensure_ascii=False)
    assert "pr: 1 tabs read" in text and "(cached)" in text


def test_section8_tab_removed_when_no_longer_configured(tmp_path: Path) -> None:
    config = make_optional_setup(tmp_path)
    assert cli("run", "--config", str(config)).returncode == 0
    wb = load_workbook(tmp_path / "data" / "master.xlsx")
    wb.create_sheet("บันทึกของเจ้าหน้าที่").append(["ของเจ้าหน้าที่"])
    wb.save(tmp_path / "data" / "master.xlsx")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('[ita]\nspreadsheet = "ita.xlsx"\n', ""), encoding="utf-8")
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    tabs = values(tmp_path / "data" / "master.xlsx")
    assert ITA not in tabs and PR in tabs and TRAINING in tabs
    assert tabs["บันทึกของเจ้าหน้าที่"] == [["ของเจ้าหน้าที่"]]
    assert not any(r[0] == "ita.xlsx" for r in trim(tabs["สถานะการซิงค์"]) if r)


@pytest.mark.parametrize(
    ("case", "edit", "message"),
    [
        ("missing_local_file_fails_the_run", lambda d: (d / "pr.xlsx").unlink(), "pr.spreadsheet"),
        ("missing_training_file_fails_the_run", lambda d: (d / "training.xlsx").unlink(), "training.spreadsheet"),
    ],
)
def test_missing_file_fails(tmp_path: Path, case: str, edit, message: str) -> None:
    config = make_optional_setup(tmp_path)
    edit(tmp_path / "data")
    proc = cli("run", "--config", str(config))
    assert proc.returncode == 1, case
    assert message in proc.stderr + proc.stdout
    assert not (tmp_path / "data" / "master.xlsx").exists()


def test_missing_tab_is_one_bad_sheet(tmp_path: Path) -> None:
    from tests.fixtures import write_xlsx

    config = make_optional_setup(tmp_path)
    write_xlsx(tmp_path / "data" / "training.xlsx", {"การเข้าอบรม": TRAINING_TABS["การเข้าอบรม"]})
    assert cli("run", "--config", str(config)).returncode == 0
    tabs = values(tmp_path / "data" / "master.xlsx")
    training = [r for r in trim(tabs["ปัญหาข้อมูล"]) if r and r[0] == "training.xlsx"]
    # no roster: the roster tab is one bad_sheet, and every attendance row names an unknown employee
    assert training[0][:6] == ["training.xlsx", "ผู้ต้องเข้าอบรม", None, None, None, "bad_sheet"]
    assert {r[5] for r in training[1:]} <= {"bad_employee", "bad_topic", "bad_timestamp", "duplicate_report"}
    assert trim(tabs[TRAINING]) == [trim(tabs[TRAINING])[0]]


# --- Google backend (emulator) -----------------------------------------------------------------
def test_google_backend_same_tables(emulator, tmp_path: Path, local) -> None:
    import sync.google as g
    from config.registry import registry_from_dict
    from config.settings import settings_from_dict
    from sync.http import RetryPolicy
    from sync.job import run_once
    from tests.fixtures import (
        FORM1_COLUMNS,
        FORM1_ROWS,
        FORM2_HEADER,
        FORM2_ROWS,
        SURVEY_HEADER,
        SURVEY_ROWS,
        UNITS_TOML,
    )

    survey = emulator.create_spreadsheet(title="การตอบแบบฟอร์ม", tabs={"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, *SURVEY_ROWS]},
                                         time_zone="Asia/Bangkok")
    report = emulator.create_spreadsheet(title="รายงาน", tabs={
        "แบบรายงานที่ 1": [["แบบรายงานผลการดำเนินงานตามมาตรการ"], ["หน่วยงาน: กองกลาง"], list(FORM1_COLUMNS), *FORM1_ROWS],
        "แบบรายงานที่ ๒": [["รายงานผลการสำรวจ"], FORM2_HEADER, *FORM2_ROWS]})
    pr = emulator.create_spreadsheet(title="pr", tabs=PR_TABS, time_zone="Asia/Bangkok")
    ita = emulator.create_spreadsheet(title="ita", tabs=ITA_TABS)
    training = emulator.create_spreadsheet(title="training", tabs=TRAINING_TABS, time_zone="Asia/Bangkok")
    master = emulator.create_spreadsheet(title="master", tabs={"Sheet1": []})
    key = emulator.write_service_account_key(tmp_path / "sa.json")
    raw = {"backend": {"kind": "google", "credentials": str(key), "api_endpoint": emulator.base_url},
           "survey": {"spreadsheet": survey, "worksheet": "การตอบแบบฟอร์ม 1"},
           "reports": [{"spreadsheet": report}], "master": {"spreadsheet": master},
           "pr": {"spreadsheet": pr}, "ita": {"spreadsheet": f"https://docs.google.com/spreadsheets/d/{ita}/edit"},
           "training": {"spreadsheet": training, "threshold_percent": 70}}
    settings = settings_from_dict(raw, base_dir=tmp_path)
    google = g.Google(settings, policy=RetryPolicy(base_delay=0.01, max_delay=0.05, max_total_seconds=20))
    registry = registry_from_dict(tomllib.loads(UNITS_TOML))
    result = run_once(settings, registry, g.GoogleSource(settings, google), g.GoogleSink(settings, google))
    assert result.wrote
    remote = {t: emulator.values(master, t) for t in emulator.tabs(master)}
    assert list(remote)[:10] == TABS
    root, _ = local
    here = values(root / "data" / "master.xlsx")
    ids = {pr: "pr.xlsx", ita: "ita.xlsx", training: "training.xlsx"}
    for tab in (PR, ITA, TRAINING):
        assert trim(remote[tab]) == trim(here[tab]), tab
    issues = [tuple((r + [None] * 8)[:6]) for r in trim(remote["ปัญหาข้อมูล"])[1:]]
    new = [(ids[i[0]], *i[1:]) for i in issues if i[0] in ids]
    assert new == EXPECTED_ISSUES
    # a spreadsheet that does not exist (404) fails the run; the master keeps what it had
    gone = settings_from_dict({**raw, "pr": {"spreadsheet": "x" * 44}}, base_dir=tmp_path)
    from core.errors import SourceError
    with pytest.raises(SourceError):
        run_once(gone, registry, g.GoogleSource(gone, google), g.GoogleSink(gone, google))
    assert trim(emulator.values(master, PR)) == trim(here[PR])
