"""The three section-8 sources for the hand-written fixture of tests/fixtures.py (units
กองกลาง, ศูนย์ปฏิบัติการต่อต้านการทุจริต, กองการเจ้าหน้าที่). Every expected figure of
tests/sources/test_end_to_end_sources.py is worked out by hand from these rows."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures import make_setup, write_xlsx

PR_HEADER = ["เดือน", "ช่องทาง", "จำนวนโพสต์", "ยอดการเข้าถึง", "ยอดการมีส่วนร่วม", "ผู้รายงาน", "หมายเลขโทรศัพท์"]
REPORTER, PHONE = "นายประชา สัมพันธ์ดี", "089-000-1111"
# sheet row 1 = title, row 2 = header, data from row 3
PR_ROWS: list[list[object]] = [
    ["ต.ค. 66", "Facebook", 20, "15,000", 1200, REPORTER, PHONE],        # 3: replaced by row 9
    ["ต.ค. 66", "Twitter", 5, 2000, 150, REPORTER, PHONE],               # 4: X
    [45231, "เฟสบุ๊ค", 18, 14000, 1000, REPORTER, PHONE],                 # 5: serial of 1 Nov 2023
    ["2566-11", "TikTok", 3, 50000, 4000, REPORTER, PHONE],              # 6
    ["ธ.ค. 2566", "Threads", 1, 10, 1, REPORTER, PHONE],                 # 7: unknown_channel
    ["13/2566", "YouTube", 1, 1, 1, REPORTER, PHONE],                    # 8: bad_month
    ["ต.ค. 66", "FB", 22, 16000, "1,300 ครั้ง", REPORTER, PHONE],         # 9: replaces row 3
    ["มี.ค. 67", "LINE OA", 4, "ไม่ทราบ", 30, REPORTER, PHONE],            # 10: bad_number -> 0
    ["เม.ย. 67", "YouTube", None, None, None, REPORTER, PHONE],          # 11: template row, not read
    [None, None, None, None, None, "(ลงชื่อ) " + REPORTER, None],          # 12: blank, not read
]

ITA_HEADER = ["ปีงบประมาณ", "ตัวชี้วัด", "คะแนน", "หมายเหตุ"]
ITA_ROWS: list[list[object]] = [
    [2565, 1, 95.12, None], [2565, 2, 93.5, None], [2565, 3, 94, None], [2565, 4, 96.88, None],  # 2-5
    [2565, 5, 91, None], [2565, 6, 88.6, None], ["2565", "ตัวชี้วัดที่ 7", "80.29%", "ต่ำสุด"],      # 6-8
    [2565, 8, 85.4, None], [2565, 9, 100, None], [2565, "การป้องกันการทุจริต", "100", None],        # 9-11
    ["พ.ศ. 2566", 1, 96, None], [2566, 2, 94, None], [2566, 3, 95, None], [2566, 4, 97, None],     # 12-15
    [2566, 5, 92, None], [2566, 6, 90, None], [2566, 7, 81, "ก่อนแก้"], [2566, 8, 86, None],         # 16-19
    [2566, 9, 100, None], [2566, 10, 98, None],                                                   # 20-21
    [2566, 11, 50, None],                          # 22: bad_indicator
    [2566, 7, "ดีมาก", None],                       # 23: bad_score
    [2566, "ประสิทธิภาพการสื่อสาร", "82.5", None],   # 24: replaces row 18
    [2567, 1, None, "ยังไม่ประกาศผล"],               # 25: template row, not read
]

ROSTER_HEADER = ["รหัสพนักงาน", "ชื่อ", "นามสกุล", "ตำแหน่ง", "หน่วยงาน"]
# sheet row 1 = title, row 2 = header, data from row 3
ROSTER_ROWS: list[list[object]] = [
    ["EMP-001", "สมศรี", "มีสุข", "นักวิเคราะห์นโยบาย", "กองกลาง"],     # 3
    ["EMP-002", "สมปอง", "ตั้งมั่นเพียร", "นิติกร", "กก."],                    # 4
    ["EMP-003", "สมหมาย", "ใฝ่รู้", "เจ้าพนักงานธุรการชำนาญงาน", "ศปท."],               # 5: replaced by row 9
    ["EMP-004", "สมคิด", "คิดดี", "เจ้าพนักงานธุรการชำนาญงาน", "กองคลัง"],              # 6: unknown_unit
    [None, "สมใจ", "นึกได้", "พนักงานขับรถ", "กองกลาง"],                  # 7: bad_employee
    ["EMP-005", "สมทรง", "ทรงธรรม", "นักทรัพยากรบุคคล", "กองการเจ้าหน้าที่"],  # 8
    ["emp-003", "สมหมาย", "ใฝ่รู้", "เจ้าพนักงานธุรการชำนาญงาน", "กองกลาง"],             # 9: same code after T, moved unit
]
ATT_HEADER = ["ประทับเวลา", "รหัสพนักงาน", "ชื่อ", "นามสกุล", "หัวข้อ", "วันที่อบรม"]
TOPIC_A = "การดำเนินการตามกฎหมายว่าด้วยการเงินการคลังของรัฐ"
TOPIC_B = "การเสริมสร้างวัฒนธรรมองค์กร"
# sheet row 1 = header, data from row 2
ATT_ROWS: list[list[object]] = [
    ["15/11/2566 16:00", "EMP-001", "สมศรี", "มีสุข", TOPIC_A, "15/11/2566"],     # 2: replaced by row 15
    ["20/12/2566 16:00", "EMP-001", "สมศรี", "มีสุข", TOPIC_A, "20/12/2566"],     # 3
    ["10/5/2567 16:00", "EMP-001", "สมศรี", "มีสุข", TOPIC_A, "10/5/2567"],       # 4
    ["15/11/2566 16:00", "EMP-002", "สมปอง", "ตั้งมั่นเพียร", TOPIC_A, "15/11/2566"],     # 5
    ["10/5/2567 16:00", "EMP-002", "สมปอง", "ตั้งมั่นเพียร", TOPIC_A, "10/5/2567"],       # 6
    ["20/12/2566 16:00", "EMP-003", "สมหมาย", "ใฝ่รู้", TOPIC_A, "20/12/2566"],     # 7
    ["15/11/2566 16:00", "EMP-005", "สมทรง", "ทรงธรรม", TOPIC_A, "15/11/2566"],    # 8
    ["20/12/2566 16:00", "EMP-005", "สมทรง", "ทรงธรรม", TOPIC_A, "20/12/2566"],    # 9
    ["1/10/2566 16:00", "EMP-001", "สมศรี", "มีสุข", TOPIC_B, "1/10/2566"],         # 10
    ["1/10/2566 16:00", "EMP-005", "สมทรง", "ทรงธรรม", TOPIC_B, "1 ต.ค. 2566"],    # 11
    ["15/11/2566 16:00", "EMP-004", "สมคิด", "คิดดี", TOPIC_A, "15/11/2566"],      # 12: bad_employee
    ["15/11/2566 16:00", "EMP-002", "สมปอง", "ตั้งมั่นเพียร", None, "15/11/2566"],         # 13: bad_topic
    ["15/11/2566 16:00", "EMP-002", "สมปอง", "ตั้งมั่นเพียร", TOPIC_A, "32/12/2566"],     # 14: bad_timestamp
    ["15/11/2566 17:00", "EMP-001", "สมศรี", "มีสุข", TOPIC_A, "15/11/2566 13:00"],  # 15: same session as row 2
    [None, None, None, None, None, None],                                       # 16: blank, not read
]

#: every personal value of the three new inputs (names, codes, phones, reporters)
OPTIONAL_PERSONAL = [
    REPORTER, PHONE, "EMP-001", "EMP-002", "EMP-003", "EMP-004", "EMP-005", "emp-003",
    *{v for r in ROSTER_ROWS for v in r[1:4] if v}, *{v for r in ATT_ROWS for v in r[2:4] if v},
]

OPTIONAL_CONFIG = """
[pr]
spreadsheet = "pr.xlsx"

[ita]
spreadsheet = "ita.xlsx"

[training]
spreadsheet = "training.xlsx"
threshold_percent = 70
"""

PR_TABS = {"สื่อสังคมออนไลน์": [["รายงานผลการเข้าถึงข้อมูลข่าวสารบนสื่อสังคมออนไลน์"], PR_HEADER, *PR_ROWS]}
ITA_TABS = {"ผลการประเมิน ITA": [ITA_HEADER, *ITA_ROWS]}
TRAINING_TABS = {"ผู้ต้องเข้าอบรม": [["รายชื่อพนักงานที่ต้องเข้าอบรม"], ROSTER_HEADER, *ROSTER_ROWS],
                 "การเข้าอบรม": [ATT_HEADER, *ATT_ROWS]}


def make_optional_setup(root: Path, *, configured: bool = True) -> Path:
    """tests/fixtures.py's set-up plus the three section-8 workbooks; with ``configured`` the
    config has [pr], [ita] and [training]. Returns the config path."""
    config = make_setup(root)
    write_xlsx(root / "data" / "pr.xlsx", PR_TABS)
    write_xlsx(root / "data" / "ita.xlsx", ITA_TABS)
    write_xlsx(root / "data" / "training.xlsx", TRAINING_TABS)
    if configured:
        config.write_text(config.read_text(encoding="utf-8") + OPTIONAL_CONFIG, encoding="utf-8")
    return config
