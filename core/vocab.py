"""The contract's fixed vocabulary (CONTRACT sections 4, 5 and 7), as data.

Every Thai label an officer reads or a source must match lives here once; the
rest of the code imports these names instead of repeating literals.
"""

from __future__ import annotations

from typing import Final

# --- section 5 -------------------------------------------------------------
VISITOR_TYPES: Final[tuple[str, ...]] = (
    "คู่สัญญา/การจัดซื้อจัดจ้าง",
    "ขอรับบริการข้อมูล/ข่าวสาร",
    "ประชุม/สัมมนา",
    "เสนอความเห็น/ข้อเสนอแนะ",
    "อื่นๆ",
)
OTHER_VISITOR_TYPE: Final = VISITOR_TYPES[-1]

CHANNELS: Final[tuple[str, ...]] = (
    "ข้อมูลข่าวสารและผลงาน",
    "ช่องทางติดต่อสอบถาม",
    "ช่องทางร้องเรียนการทุจริต",
)
KNOW: Final = "รู้/ทราบ"
DONT_KNOW: Final = "ไม่รู้/ไม่ทราบ"
TOTAL: Final = "รวม"
ANSWERS: Final[tuple[str, str]] = (KNOW, DONT_KNOW)

ROUND_6: Final = "6 เดือน"
ROUND_12: Final = "12 เดือน"
ROUNDS: Final[tuple[str, str]] = (ROUND_6, ROUND_12)

MEASURES: Final[tuple[str, ...]] = (
    "สร้างการรับรู้ – รับทราบข้อมูลข่าวสาร/ผลงานของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ให้กับประชาชนผ่านช่องทางที่หลากหลาย",
    "มีช่องทางในการติดต่อ-สอบถาม การให้ข้อเสนอแนะ หรือความคิดเห็นเกี่ยวกับการดำเนินงาน/การให้บริการที่หลากหลาย",
    "เพิ่มจุดบริการชี้แจงและตอบคำถาม เมื่อประชาชน ผู้รับบริการ และผู้มีส่วนได้ส่วนเสียภายนอกมีข้อสงสัยเกี่ยวกับการดำเนินงานของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมได้อย่างชัดเจน",
    "นำเทคโนโลยีมาใช้ในการปฏิบัติงาน/การดำเนินงาน/การให้บริการ ให้เกิดความสะดวกรวดเร็วเพื่อเพิ่มประสิทธิภาพในการให้บริการประชาชน และหน่วยงานที่เกี่ยวข้องกับภารกิจของหน่วยงาน",
    "สร้างการรับรู้ เผยแพร่ให้ประชาชนและผู้รับบริการรับทราบช่องทางร้องเรียนการทุจริตของเจ้าหน้าที่ของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
    "การปรับปรุงวิธีการและขั้นตอนดำเนินงาน/การปฏิบัติงาน/การให้บริการ ให้มีคุณภาพ โปร่งใส",
    "การเปิดโอกาสให้ผู้รับบริการ ผู้มาติดต่อ หรือผู้มีส่วนได้ส่วนเสีย เข้าไปมีส่วนร่วมในการปรับปรุงพัฒนาการดำเนินงาน/การให้บริการ",
)

SOURCE_ONLINE: Final = "แบบสำรวจออนไลน์"
SOURCE_REPORT: Final = "รายงานหน่วยงาน"
SOURCE_TOTAL: Final = "รวม"

UNKNOWN_UNIT_CODE: Final = "-"
UNKNOWN_UNIT_NAME: Final = "ไม่ทราบหน่วยงาน"


def channel_columns(channel: str) -> tuple[str, str, str]:
    """The three column headings of one channel: know, don't know, total."""
    return (f"{channel}: {KNOW}", f"{channel}: {DONT_KNOW}", f"{channel}: {TOTAL}")


CHANNEL_COLUMNS: Final[tuple[str, ...]] = tuple(
    col for ch in CHANNELS for col in channel_columns(ch)
)

# --- section 4: survey question titles -------------------------------------
# field -> default titles (matched after rule T)
SURVEY_FIELDS: Final[tuple[str, ...]] = (
    "timestamp",
    "unit",
    "visitor_type",
    "aware_news",
    "aware_contact",
    "aware_complaint",
)
AWARE_FIELDS: Final[tuple[str, str, str]] = ("aware_news", "aware_contact", "aware_complaint")
DEFAULT_QUESTION_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "timestamp": ("ประทับเวลา", "Timestamp"),
    "unit": ("ติดต่อกับสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ณ หน่วยงาน",),
    "visitor_type": ("ประเภทผู้มาติดต่อ",),
    "aware_news": (
        "การเผยแพร่ข้อมูลข่าวสาร และผลงานของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
    ),
    "aware_contact": (
        "ช่องทางในการติดต่อ - สอบถาม การให้ข้อเสนอแนะ หรือความคิดเห็นเกี่ยวกับการดำเนินงานและการให้บริการประชาชน",
    ),
    "aware_complaint": (
        "ช่องทางร้องเรียนการทุจริตของเจ้าหน้าที่ของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
    ),
}
PERSONAL_TITLES: Final[tuple[str, ...]] = (
    "ชื่อ",
    "นามสกุล",
    "ตำแหน่ง",
    "หน่วยงาน",
    "หมายเลขโทรศัพท์",
    "E-mail",
)

# --- section 4: unit report tabs --------------------------------------------
FORM1_TAB: Final = "แบบรายงานที่ 1"
FORM2_TAB: Final = "แบบรายงานที่ 2"
COL_YEAR: Final = "ปีงบประมาณ"
COL_ROUND: Final = "รอบ"
COL_UNIT: Final = "หน่วยงาน"
COL_MEASURE: Final = "มาตรการที่"
COL_RESULT: Final = "ผลการดำเนินงาน"
COL_EVIDENCE: Final = "เอกสาร/หลักฐาน"
FORM1_PERSONAL: Final[tuple[str, ...]] = ("ผู้รายงาน", "ตำแหน่ง", "หมายเลขโทรศัพท์")
COL_REPORT_DATE: Final = "วันที่รายงาน"
FORM1_COLUMNS: Final[tuple[str, ...]] = (
    COL_YEAR,
    COL_ROUND,
    COL_UNIT,
    COL_MEASURE,
    COL_RESULT,
    COL_EVIDENCE,
    *FORM1_PERSONAL,
    COL_REPORT_DATE,
)
FORM1_REQUIRED: Final[tuple[str, ...]] = FORM1_COLUMNS[:6]
FORM2_COLUMNS: Final[tuple[str, ...]] = (
    COL_YEAR,
    COL_ROUND,
    COL_UNIT,
    *VISITOR_TYPES,
    *CHANNEL_COLUMNS,
)
FORM2_COUNT_COLUMNS: Final[tuple[str, ...]] = (*VISITOR_TYPES, *CHANNEL_COLUMNS)

# --- section 7: the master ----------------------------------------------------
TAB_SUMMARY: Final = "สรุปภาพรวม"
TAB_FORM2: Final = "แบบรายงานที่ 2"
TAB_FORM1: Final = "แบบรายงานที่ 1"
TAB_TRACKING: Final = "ติดตามการส่งรายงาน"
TAB_MONTHLY: Final = "รายเดือน"
TAB_ISSUES: Final = "ปัญหาข้อมูล"
TAB_STATUS: Final = "สถานะการซิงค์"
MASTER_TABS: Final[tuple[str, ...]] = (
    TAB_SUMMARY,
    TAB_FORM2,
    TAB_FORM1,
    TAB_TRACKING,
    TAB_MONTHLY,
    TAB_ISSUES,
    TAB_STATUS,
)

H_YEAR: Final = "ปีงบประมาณ"
H_ROUND: Final = "รอบ"
H_UNIT_CODE: Final = "รหัสหน่วยงาน"
H_UNIT: Final = "หน่วยงาน"
H_SOURCE: Final = "แหล่งข้อมูล"
H_RESPONSES: Final = "จำนวนผู้ตอบ"
H_MONTH: Final = "เดือน"

MASTER_FORM2_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, H_ROUND, H_UNIT_CODE, H_UNIT, H_SOURCE, H_RESPONSES, *VISITOR_TYPES, *CHANNEL_COLUMNS,
)
MASTER_FORM1_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, H_ROUND, H_UNIT_CODE, H_UNIT, "มาตรการที่", "มาตรการ", "ผลการดำเนินงาน",
    "เอกสาร/หลักฐาน", "สถานะ",
)
REPORTED: Final = "รายงานแล้ว"
NOT_REPORTED: Final = "ยังไม่รายงาน"
MASTER_TRACKING_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, H_ROUND, H_UNIT_CODE, H_UNIT, "แบบรายงานที่ 1", "จำนวนมาตรการที่รายงาน",
    "แบบรายงานที่ 2", "ผู้ตอบแบบสำรวจออนไลน์",
)
SENT: Final = "ส่งแล้ว"
NOT_SENT: Final = "ยังไม่ส่ง"
MASTER_MONTHLY_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, H_MONTH, H_UNIT_CODE, H_UNIT, H_RESPONSES, *VISITOR_TYPES, *CHANNEL_COLUMNS,
)
MASTER_ISSUES_HEADERS: Final[tuple[str, ...]] = (
    "แหล่งข้อมูล", "ชีต", "แถว", "คอลัมน์", "ค่าที่พบ", "รหัสปัญหา", "ปัญหา", "ข้อเสนอแนะ",
)
MASTER_STATUS_HEADERS: Final[tuple[str, ...]] = (
    "แหล่งข้อมูล", "ชีต", "แถวที่อ่าน", "รับ", "ซ้ำ", "ปฏิเสธ",
)

# --- issue codes ---------------------------------------------------------------
ISSUE_CODES: Final[tuple[str, ...]] = (
    "unknown_unit",
    "bad_timestamp",
    "bad_answer",
    "duplicate_row",
    "bad_number",
    "total_mismatch",
    "bad_year",
    "bad_round",
    "bad_measure",
    "duplicate_report",
    "bad_url",
    "bad_sheet",
)
# code -> (problem, default suggestion). Messages may be specialised where the
# issue is raised; these are the texts used when nothing more specific is known.
ISSUE_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "unknown_unit": (
        "ไม่พบชื่อหน่วยงานนี้ในทะเบียนหน่วยงาน",
        "แก้ชื่อหน่วยงานในแหล่งข้อมูลให้ตรงกับทะเบียน หรือเพิ่มชื่อนี้เป็นชื่อย่อ (aliases) ในทะเบียนหน่วยงาน",
    ),
    "bad_timestamp": (
        "อ่านวันเวลาไม่ได้ หรืออยู่นอกช่วงที่รับได้ จึงไม่นับคำตอบนี้",
        "แก้วันเวลาให้อยู่ในรูป วัน/เดือน/ปี ชั่วโมง:นาที เช่น 15/10/2566 09:30 แล้วซิงค์ใหม่",
    ),
    "bad_answer": (
        "คำตอบไม่ใช่ รู้/ทราบ หรือ ไม่รู้/ไม่ทราบ จึงนับเป็นไม่ได้ตอบ",
        "แก้คำตอบเป็น รู้/ทราบ หรือ ไม่รู้/ไม่ทราบ",
    ),
    "duplicate_row": (
        "แถวนี้ซ้ำกับแถวก่อนหน้าทุกช่อง จึงนับเพียงครั้งเดียว",
        "ไม่ต้องแก้ไข หากเป็นการส่งซ้ำโดยไม่ตั้งใจ ลบแถวที่ซ้ำได้",
    ),
    "bad_number": (
        "จำนวนไม่ใช่จำนวนเต็มที่ไม่ติดลบ จึงนับเป็น 0",
        "ใส่จำนวนคนเป็นตัวเลขจำนวนเต็ม เช่น 12 หรือ 1,234 (ใส่ - หรือเว้นว่างถ้าไม่มี)",
    ),
    "total_mismatch": (
        "ยอดรวมที่กรอกไม่เท่ากับ รู้/ทราบ + ไม่รู้/ไม่ทราบ รายงานใช้ยอดที่คำนวณใหม่",
        "ตรวจจำนวน รู้/ทราบ ไม่รู้/ไม่ทราบ และยอดรวมให้ตรงกัน",
    ),
    "bad_year": (
        "ปีงบประมาณไม่ถูกต้อง จึงไม่นับแถวนี้",
        "ใส่ปีงบประมาณเป็นเลข 4 หลัก เช่น 2567",
    ),
    "bad_round": (
        "รอบการรายงานไม่ถูกต้อง จึงไม่นับแถวนี้",
        "ใส่รอบเป็น 6 เดือน หรือ 12 เดือน",
    ),
    "bad_measure": (
        "มาตรการที่ไม่ใช่เลข 1 ถึง 7 จึงไม่นับแถวนี้",
        "ใส่เลขมาตรการ 1 ถึง 7 ตามแบบรายงานที่ 1",
    ),
    "duplicate_report": (
        "มีรายงานซ้ำสำหรับหน่วยงาน ปีงบประมาณ และรอบเดียวกัน แถวนี้ถูกแทนที่ด้วยแถวที่อ่านภายหลัง",
        "ลบแถวที่ไม่ใช้แล้ว ให้เหลือรายงานเดียวต่อหน่วยงาน รอบ และมาตรการ",
    ),
    "bad_url": (
        "ลิงก์หลักฐานไม่ใช่ URL แบบ http(s) ที่ถูกต้อง",
        "แก้ลิงก์ให้ขึ้นต้นด้วย https:// และมีชื่อโดเมนที่ถูกต้อง เช่น https://www.mdes.go.th/",
    ),
    "bad_sheet": (
        "อ่านชีตนี้ไม่ได้ จึงข้ามทั้งชีต",
        "ตรวจว่ามีแท็บและหัวตารางตามแม่แบบ (ita-sync template) และแชร์ไฟล์ให้บัญชีระบบแล้ว",
    ),
}


# --- the master as people read it (sinks, summary layout) ---------------------
#: Thai month abbreviations, January first (for "data as of" in the summary)
MONTH_ABBR: Final[tuple[str, ...]] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
#: "data as of": the latest accepted survey response, in the configured time zone
AS_OF: Final = "ข้อมูลแบบสำรวจล่าสุด ณ {day} {month} {year} เวลา {time} น."
AS_OF_NONE: Final = "ยังไม่มีคำตอบแบบสำรวจออนไลน์"
SEC_UNITS: Final = "สถานะรายหน่วยงาน รอบล่าสุด ({period})"
H_ISSUE_COUNT: Final = "จำนวน"
H_ISSUE_CODE: Final = "รหัสปัญหา"
H_ISSUE_TEXT: Final = "ปัญหา"
CHART_AWARENESS: Final = "ร้อยละการรับรู้ช่องทาง ตามรอบรายงาน"
CHART_RESPONSES: Final = "จำนวนผู้ตอบ ตามแหล่งข้อมูล"
CHART_ISSUES: Final = "จำนวนปัญหาข้อมูล ตามประเภท"
AXIS_PERCENT: Final = "ร้อยละ"
AXIS_PEOPLE: Final = "คน"
AXIS_ITEMS: Final = "รายการ"
#: shown when an officer edits one of the job's protected tabs (warning only)
PROTECT_WARNING: Final = "แท็บนี้ ita-sync เขียนทับทุกครั้งที่ซิงค์ การแก้ไขในแท็บนี้จะหายไป ให้เพิ่มแท็บของท่านเองแทน"
