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

#: ITA indicators (section 8.2) each default measure addresses, read from seed 003: the guideline
#: answers indicator 7 (ประสิทธิภาพการสื่อสาร, its lowest) with measures 1, 2, 3 and 5, and
#: indicator 8 (การปรับปรุงการทำงาน) with measures 4, 6 and 7
MEASURE_INDICATORS: Final[tuple[tuple[int, ...], ...]] = ((7,), (7,), (7,), (8,), (7,), (8,), (8,))

#: the default agency profile (CONTRACT section 3): MDES OPS, seed 003
DEFAULT_AGENCY_NAME: Final = "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
DEFAULT_AGENCY_SHORT_NAME: Final = "สป.ดศ."

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


def default_question_titles(agency_name: str = DEFAULT_AGENCY_NAME) -> dict[str, tuple[str, ...]]:
    """The default titles of section 4 with the agency's name in place of MDES OPS's
    (identical to ``DEFAULT_QUESTION_TITLES`` for the default profile)."""
    return {
        fld: tuple(t.replace(DEFAULT_AGENCY_NAME, agency_name) for t in titles)
        for fld, titles in DEFAULT_QUESTION_TITLES.items()
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
    "uneven_totals",
    "text_too_long",
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
    "uneven_totals": (
        "ยอดรวมของทั้งสามช่องทางไม่เท่ากัน ทั้งที่ผู้ตอบทุกคนตอบครบทุกช่องทาง (ค่าที่พบคือยอดรวมของแต่ละช่องทาง) "
        "รายงานยังนับตามที่กรอก",
        "ตรวจจำนวน รู้/ทราบ และ ไม่รู้/ไม่ทราบ ของแต่ละช่องทาง ยอดรวมของทุกช่องทางควรเท่ากับจำนวนผู้ตอบแบบสำรวจ",
    ),
    "text_too_long": (
        "ข้อความยาวเกินกว่าที่ช่องในตารางรับได้ (32,767 ตัวอักษร) จึงตัดเหลือ 32,766 ตัวอักษรแรกตามด้วย …",
        "ย่อข้อความให้สั้นลง หรือใส่รายละเอียดในเอกสารแล้วแนบลิงก์ในช่อง เอกสาร/หลักฐาน แทน",
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

# --- section 9: the round report (ita-sync report) ---------------------------------
#: seed 003: the default agency (used when the units file has no [agency] table)
REPORT_DEFAULT_AGENCY: Final = "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
REPORT_DEFAULT_AGENCY_SHORT: Final = "สป.ดศ."
REPORT_TITLE_LINES: Final[tuple[str, str, str]] = (
    "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม",
    "และความโปร่งใสในการดำเนินงานของ",
    "{agency}",
)
REPORT_PERIOD: Final = "ประจำปีงบประมาณ พ.ศ. {year} รอบ {round}"
REPORT_AS_OF: Final = "ข้อมูล ณ วันที่ {date} เวลา {time} น."
REPORT_NO_AS_OF: Final = "ข้อมูลจากรายงานหน่วยงาน (ยังไม่มีคำตอบแบบสำรวจออนไลน์)"
REPORT_PREPARED_BY: Final = "จัดทำจากข้อมูลรายงานรวม (ita-sync) ของ {short}"
THAI_MONTHS: Final[tuple[str, ...]] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
# section headings, in the order of CONTRACT section 9
RH_SURVEY: Final = "ผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร"
RH_RESPONDENTS: Final = "จำนวนผู้ตอบแบบสำรวจ"
RH_VISITORS: Final = "ประเภทของผู้มาติดต่อ"
RH_AWARENESS: Final = "การรับรู้ - รับทราบ"
RH_PER_UNIT: Final = "ผลการสำรวจรายหน่วยงาน"
RH_MEASURES: Final = "ผลการดำเนินงานตามมาตรการ"
RH_TRACKING: Final = "การติดตามการส่งรายงาน"
RH_EXTRA: Final = "ข้อมูลประกอบ"
RH_PR: Final = "การเข้าถึงข้อมูลข่าวสารบนสื่อสังคมออนไลน์"
RH_ITA: Final = "ผลการประเมินคุณธรรมและความโปร่งใส (ITA)"
RH_TRAINING: Final = "การอบรมของบุคลากร"
RH_QUALITY: Final = "คุณภาพข้อมูล"
RH_ANNEX: Final = "ภาคผนวก แบบรายงานรายหน่วยงาน"
# texts of the survey section
R_RESPONDENTS_TEXT: Final = (
    "ในรอบรายงานนี้มีผู้ตอบแบบสำรวจทั้งสิ้น {total} คน แบ่งเป็นผู้ตอบแบบสำรวจออนไลน์ {online} คน "
    "และผู้ตอบแบบสำรวจนอกระบบออนไลน์ตามรายงานของหน่วยงาน (แบบรายงานที่ 2) {report} คน"
)
R_AWARE_TEXT: Final = "ช่องทาง{channel} ผู้ตอบรู้/ทราบ {know} คน ไม่รู้/ไม่ทราบ {dont} คน คิดเป็นร้อยละการรับรู้ {pct}"
R_PCT_NOTE: Final = (
    "ร้อยละการรับรู้ = รู้/ทราบ ÷ (รู้/ทราบ + ไม่รู้/ไม่ทราบ) × 100 จากแบบสำรวจออนไลน์และรายงานหน่วยงานรวมกัน "
    "ไม่นับผู้ที่ไม่ได้ตอบข้อนั้น"
)
R_NO_ANSWER: Final = "-"
R_KEY_POINTS: Final = "สรุปสาระสำคัญ"
R_KEY_RESPONDENTS: Final = "• ผู้ตอบแบบสำรวจรวม {total} คน (ออนไลน์ {online} คน จากรายงานหน่วยงาน {report} คน)"
R_KEY_AWARENESS: Final = "• ร้อยละการรับรู้ - รับทราบ: {items}"
R_KEY_SENT: Final = "• ส่งแบบรายงานที่ 1 แล้ว {f1} จาก {of} หน่วยงาน ส่งแบบรายงานที่ 2 แล้ว {f2} จาก {of} หน่วยงาน"
R_KEY_ISSUES: Final = "• ปัญหาข้อมูลที่ควรแก้ไข {n} รายการ (หัวข้อคุณภาพข้อมูล)"
R_PER_UNIT_HEADS: Final[tuple[str, ...]] = (
    "ออนไลน์", "รายงานหน่วยงาน", "รวม", "ข้อมูลข่าวสาร\nและผลงาน", "ช่องทาง\nติดต่อสอบถาม", "ช่องทาง\nร้องเรียนการทุจริต",
)
R_COL_NO: Final = "ที่"
R_COL_COUNT: Final = "จำนวน (คน)"
R_COL_PERCENT: Final = "ร้อยละ"
R_COL_CHANNEL: Final = "ช่องทาง/ข้อมูล"
R_COL_AWARENESS: Final = "การรับรู้-รับทราบ (คน)"
R_COL_GRAND_TOTAL: Final = "รวมทั้งสิ้น จำนวน (คน)"
R_COL_PCT_OF: Final = "ร้อยละการรับรู้: {channel}"
R_CHART_AWARE: Final = "ร้อยละการรับรู้ - รับทราบ แยกตามช่องทาง"
R_CHART_PR: Final = "ยอดการเข้าถึง แยกตามช่องทาง"
R_CHART_Y_PERCENT: Final = "ร้อยละ"
R_CHART_Y_REACH: Final = "ครั้ง"
R_MEASURE_LINE: Final = "มาตรการที่ {number} {text}"
R_MEASURE_COUNT: Final = "หน่วยงานที่รายงานผล {n} จาก {of} หน่วยงาน"
R_SENT_NOTHING: Final = "หน่วยงานที่ยังไม่ส่งแบบรายงานที่ 1 ในรอบนี้ ({n} หน่วยงาน): {names}"
R_ALL_SENT: Final = "ทุกหน่วยงานส่งแบบรายงานที่ 1 แล้ว"
R_NOT_SENT_F1: Final = "ยังไม่ส่งแบบรายงานที่ 1 ({n} หน่วยงาน): {names}"
R_NOT_SENT_F2: Final = "ยังไม่ส่งแบบรายงานที่ 2 ({n} หน่วยงาน): {names}"
R_NO_ONLINE: Final = "ไม่มีผู้ตอบแบบสำรวจออนไลน์ ({n} หน่วยงาน): {names}"
R_NONE: Final = "ไม่มี"
R_PR_TOTAL_NOTE: Final = "ผลรวมรายเดือนของปีงบประมาณ พ.ศ. {year} รอบ {round} ({months} เดือนที่มีรายงาน)"
R_ITA_YEAR: Final = "ผลการประเมินประจำปีงบประมาณ พ.ศ. {year}"
R_ITA_LOWEST: Final = "ตัวชี้วัดที่ได้คะแนนต่ำสุด: {items}"
R_ITA_TOTAL: Final = "คะแนนรวม {score} ระดับ {level}"
R_TRAINING_TOPIC: Final = "หัวข้อ {topic} (จัด {sessions} ครั้ง)"
R_QUALITY_TEXT: Final = (
    "พบปัญหาข้อมูลทั้งสิ้น {n} รายการ (ทุกแหล่งข้อมูล ทุกรอบ) รายละเอียดรายแถวดูได้ที่แท็บ “ปัญหาข้อมูล” ของรายงานรวม"
)
R_QUALITY_NONE: Final = "ไม่พบปัญหาข้อมูล"
R_COL_CODE: Final = "รหัสปัญหา"
R_COL_PROBLEM: Final = "ปัญหา"
R_COL_FIX: Final = "วิธีแก้ไข"
R_COL_ISSUES: Final = "จำนวน (รายการ)"
R_COL_SOURCE: Final = "แหล่งข้อมูล"
R_COL_SHEET: Final = "ชีต"
R_ISSUES_BY_CODE: Final = "ปัญหาข้อมูลตามประเภท"
R_ISSUES_BY_SOURCE: Final = "ปัญหาข้อมูลตามแหล่งข้อมูล"
R_OTHER_PROBLEM: Final = "ดูรายละเอียดในแท็บ “ปัญหาข้อมูล”"
R_ANNEX_NOTE: Final = (
    "ตัวเลขในแบบรายงานที่ 2 ของแต่ละหน่วยงานเป็นยอดรวมของแบบสำรวจออนไลน์และรายงานหน่วยงาน "
    "ช่องผู้รายงานและลายมือชื่อเว้นว่างไว้ให้หน่วยงานกรอก"
)
# the seed's report forms 1 and 2 (seed 003), with the agency's name in {agency}
SEED_FORM1_TITLE: Final[tuple[str, str]] = (
    "แบบรายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
    "ในการดำเนินงานของ{agency}",
)
SEED_FORM1_PERSON: Final[tuple[str, str]] = (
    "ชื่อ....................................นามสกุล....................................ตำแหน่ง....................................",
    "หมายเลขโทรศัพท์....................................หน่วยงาน {unit}",
)
SEED_FORM1_HEADERS: Final[tuple[str, str, str, str]] = (
    "ที่",
    "มาตรการ/แนวทางแก้ไขและพัฒนา",
    "ผลการดำเนินงาน",
    "เอกสาร/หลักฐาน ประกอบผลการดำเนินงาน (รูปภาพ/รายงาน/Link ที่เชื่อมโยงข้อมูล) (ถ้ามี)",
)
SEED_FORM2_TITLE: Final[tuple[str, str, str]] = (
    "รายงานผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร",
    "ของ{agency}ผ่านช่องทางต่างๆ",
    "หน่วยงาน {unit}",
)
SEED_FORM2_PERSON: Final[tuple[str, str, str]] = (
    "ชื่อ....................................นามสกุล....................................",
    "ตำแหน่ง....................................หน่วยงาน {unit}",
    "หมายเลขโทรศัพท์....................................E-mail....................................",
)
SEED_FORM2_INTRO: Final = (
    "ขอรายงานผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร ของ{agency}ผ่านช่องทางต่างๆ ดังนี้"
)
SEED_FORM2_VISITORS: Final = "๑. ประเภทของผู้มาติดต่อ"
SEED_FORM2_AWARENESS: Final = "๒. การรับรู้ - รับทราบ"
SEED_FORM2_VISITOR_HEADERS: Final[tuple[str, str, str]] = ("ที่", "ประเภทผู้มาติดต่อ", "จำนวน (คน)")
SEED_FORM2_CHANNELS: Final[tuple[str, str, str]] = (
    "ข้อมูลข่าวสารและผลงานของ{agency}",
    "ช่องทางในการติดต่อ - สอบถาม การให้ข้อเสนอแนะ หรือความคิดเห็นเกี่ยวกับการดำเนินงานและการให้บริการประชาชน",
    "ช่องทางร้องเรียนการทุจริตของเจ้าหน้าที่ของ{agency}",
)
SEED_SIGNATURE: Final[tuple[str, str, str]] = (
    "(....................................................)",
    "ตำแหน่ง....................................................",
    "ณ วันที่..........เดือน..............................พ.ศ. ..........",
)
# สรุปภาพรวม: the latest round report written (local path; nothing is uploaded)
SUMMARY_REPORT_SECTION: Final = "รายงานผลการดำเนินงานรอบล่าสุด (ita-sync report)"
SUMMARY_REPORT_FILE: Final = "ไฟล์"
SUMMARY_REPORT_PERIOD: Final = "รอบรายงาน"
SUMMARY_REPORT_AS_OF: Final = "ข้อมูล ณ"

# --- section 8: the optional sources ------------------------------------------------
TAB_PR: Final = "สื่อสังคมออนไลน์"
TAB_ITA: Final = "ผลการประเมิน ITA"
TAB_TRAINING: Final = "การอบรม"
#: section-8 master tabs, in the order they go after รายเดือน
OPTIONAL_TABS: Final[tuple[str, ...]] = (TAB_PR, TAB_ITA, TAB_TRAINING)
#: the input tabs of [training]
TAB_ROSTER: Final = "ผู้ต้องเข้าอบรม"
TAB_ATTENDANCE: Final = "การเข้าอบรม"

# 8.1 monthly social-media reach
COL_PR_MONTH: Final = "เดือน"
COL_PR_CHANNEL: Final = "ช่องทาง"
COL_PR_POSTS: Final = "จำนวนโพสต์"
COL_PR_REACH: Final = "ยอดการเข้าถึง"
COL_PR_ENGAGEMENT: Final = "ยอดการมีส่วนร่วม"
PR_COUNT_COLUMNS: Final[tuple[str, ...]] = (COL_PR_POSTS, COL_PR_REACH, COL_PR_ENGAGEMENT)
PR_REQUIRED: Final[tuple[str, ...]] = (COL_PR_MONTH, COL_PR_CHANNEL, *PR_COUNT_COLUMNS)
PR_PERSONAL: Final[tuple[str, ...]] = ("ผู้รายงาน", "หมายเลขโทรศัพท์")
#: channel name -> accepted spellings (each matched after rule T), in master order
PR_CHANNELS: Final[dict[str, tuple[str, ...]]] = {
    "Facebook": ("facebook", "fb", "เฟซบุ๊ก", "เฟสบุ๊ค", "เฟสบุ๊ก"),
    "X": ("x", "twitter", "ทวิตเตอร์", "x (twitter)"),
    "YouTube": ("youtube", "ยูทูบ"),
    "LINE OA": ("line", "line oa", "line official account", "ไลน์", "ไลน์ oa"),
    "TikTok": ("tiktok", "ติ๊กต็อก", "ติ๊กต๊อก"),
    "Instagram": ("instagram", "ig", "อินสตาแกรม"),
    "เว็บไซต์": ("website", "web", "เว็บไซต์", "เว็บ"),
}
MASTER_PR_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, H_MONTH, COL_PR_CHANNEL, COL_PR_POSTS, COL_PR_REACH, COL_PR_ENGAGEMENT,
)

# 8.2 ITA results
COL_ITA_INDICATOR: Final = "ตัวชี้วัด"
COL_ITA_SCORE: Final = "คะแนน"
ITA_REQUIRED: Final[tuple[str, ...]] = (COL_YEAR, COL_ITA_INDICATOR, COL_ITA_SCORE)
ITA_INDICATOR_PREFIX: Final = "ตัวชี้วัดที่"
ITA_TOOLS: Final[tuple[str, ...]] = ("IIT", "EIT", "OIT")
ITA_TOTAL: Final = "คะแนนรวม"
ITA_LOWEST: Final = "ต่ำสุด"
ITA_HIGHEST: Final = "สูงสุด"
#: (number, name, tool, weight): the contract's defaults (section 8.2)
ITA_INDICATORS: Final[tuple[tuple[int, str, str, float], ...]] = (
    (1, "การปฏิบัติหน้าที่", "IIT", 6),
    (2, "การใช้งบประมาณ", "IIT", 6),
    (3, "การใช้อำนาจ", "IIT", 6),
    (4, "การใช้ทรัพย์สินของราชการ", "IIT", 6),
    (5, "การแก้ไขปัญหาการทุจริต", "IIT", 6),
    (6, "คุณภาพการดำเนินงาน", "EIT", 10),
    (7, "ประสิทธิภาพการสื่อสาร", "EIT", 10),
    (8, "การปรับปรุงการทำงาน", "EIT", 10),
    (9, "การเปิดเผยข้อมูล", "OIT", 20),
    (10, "การป้องกันการทุจริต", "OIT", 20),
)
#: (level, minimum total), descending
ITA_LEVELS: Final[tuple[tuple[str, float], ...]] = (
    ("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0),
)
MASTER_ITA_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, "ตัวชี้วัดที่", "รายการ", "เครื่องมือ", "น้ำหนัก", COL_ITA_SCORE, "เปลี่ยนแปลงจากปีก่อน", "ระดับ", "หมายเหตุ",
)

# 8.3 training attendance
COL_EMPLOYEE: Final = "รหัสพนักงาน"
COL_TOPIC: Final = "หัวข้อ"
COL_SESSION_DATE: Final = "วันที่อบรม"
ROSTER_REQUIRED: Final[tuple[str, ...]] = (COL_EMPLOYEE, COL_UNIT)
ROSTER_PERSONAL: Final[tuple[str, ...]] = ("ชื่อ", "นามสกุล", "ตำแหน่ง")
ATTENDANCE_REQUIRED: Final[tuple[str, ...]] = (COL_EMPLOYEE, COL_TOPIC, COL_SESSION_DATE)
ATTENDANCE_PERSONAL: Final[tuple[str, ...]] = ("ชื่อ", "นามสกุล")
TRAINING_PASS_PERCENT: Final = "ร้อยละที่ผ่านเกณฑ์"
MASTER_TRAINING_HEADERS: Final[tuple[str, ...]] = (
    H_YEAR, H_ROUND, H_UNIT_CODE, H_UNIT, COL_TOPIC, "จำนวนครั้งที่จัด", "จำนวนพนักงาน",
    "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์", TRAINING_PASS_PERCENT,
)

ISSUE_TEXTS.update({
    "bad_month": (
        "อ่านเดือนไม่ได้ หรืออยู่นอกช่วงที่รับได้ จึงไม่นับแถวนี้",
        "ใส่เดือนเป็น เดือน ปี เช่น ต.ค. 2566 หรือ 2566-10 หรือ 10/2566",
    ),
    "unknown_channel": (
        "ไม่รู้จักช่องทางสื่อสังคมออนไลน์นี้ จึงไม่นับแถวนี้",
        "ใช้ชื่อช่องทาง Facebook, X, YouTube, LINE OA, TikTok, Instagram หรือ เว็บไซต์",
    ),
    "bad_indicator": (
        "ตัวชี้วัดไม่ใช่เลขหรือชื่อตัวชี้วัดของการประเมิน ITA จึงไม่นับแถวนี้",
        "ใส่เลขตัวชี้วัด 1 ถึง 10 หรือชื่อตัวชี้วัด เช่น ประสิทธิภาพการสื่อสาร",
    ),
    "bad_score": (
        "คะแนนไม่ใช่ตัวเลข 0 ถึง 100 จึงไม่นับแถวนี้",
        "ใส่คะแนนเป็นตัวเลข 0 ถึง 100 เช่น 80.29",
    ),
    "bad_employee": (
        "รหัสพนักงานว่าง หรือไม่อยู่ในรายชื่อผู้ต้องเข้าอบรม จึงไม่นับแถวนี้",
        "ใส่รหัสพนักงานให้ตรงกับแท็บ ผู้ต้องเข้าอบรม หรือเพิ่มพนักงานในแท็บนั้น",
    ),
    "bad_topic": (
        "ไม่ได้ระบุหัวข้อการอบรม จึงไม่นับแถวนี้",
        "ใส่หัวข้อการอบรมให้ตรงกับที่ใช้ในแถวอื่น",
    ),
})

#: every tab name that is the job's in the master (section 7, and section 8 even when not
#: configured: a section-8 tab left from an earlier configuration is removed)
JOB_TABS: Final[tuple[str, ...]] = (*MASTER_TABS, *OPTIONAL_TABS)

# --- command-line messages (scheduler.py) ---------------------------------------------------------
#: `ita-sync demo` found an edited config or registry: it is used as it is (contract section 1)
DEMO_KEPT_FILE = "ใช้ไฟล์เดิม {path} ตามที่แก้ไขไว้ (ไม่เขียนทับ เพราะต่างจากไฟล์ตัวอย่าง)"
#: the stages of a run as the progress bar names them
CLI_STAGE_TEXT: Final[dict[str, str]] = {
    "start": "เริ่มต้น",
    "survey": "อ่านแบบสำรวจ",
    "reports": "อ่านรายงานหน่วยงาน",
    "optional": "อ่านแหล่งข้อมูลเพิ่มเติม (สื่อสังคมออนไลน์ ผลการประเมิน ITA การอบรม)",
    "build": "สร้างตารางรายงานรวม",
    "write": "เขียนรายงานรวม",
}
#: the run summary printed after `run`/`resync`/`demo`
CLI_SUMMARY_TITLE: Final = "สรุปการซิงค์"
CLI_SUMMARY_SOURCE: Final = "แหล่งข้อมูล"
CLI_SUMMARY_SHEET: Final = "ชีต"
CLI_SUMMARY_HEADERS: Final[tuple[str, ...]] = (CLI_SUMMARY_SOURCE, CLI_SUMMARY_SHEET, "แถวที่อ่าน", "รับ", "ซ้ำ",
                                                 "ปฏิเสธ", "ปัญหา")
CLI_WARNING: Final = "คำเตือน: {text}"
CLI_ISSUES: Final = "ปัญหาข้อมูลทั้งหมด {n} รายการ ({codes}) ดูแท็บ “ปัญหาข้อมูล”"
CLI_NO_ISSUES: Final = "ไม่พบปัญหาข้อมูล"
CLI_TAB_CHANGE: Final = "แท็บ {tab}: เพิ่ม {added} แถว, ลบ {removed} แถว, เปลี่ยน {changed} แถว"
CLI_DRY_RUN: Final = "ทดลองรัน (--dry-run): ไม่ได้เขียนรายงานรวม {location}"
CLI_WRITTEN: Final = "เขียนรายงานรวมแล้ว: {location} ({seconds:.1f} วินาที)"
CLI_UNCHANGED: Final = "ข้อมูลไม่เปลี่ยนแปลง จึงไม่ได้เขียนรายงานรวม: {location}"
CLI_SOURCE_HOW: Final[dict[str, str]] = {"normalised": "ประมวลผลใหม่", "cached": "ไม่เปลี่ยนแปลง ใช้ผลเดิม"}
CLI_SOURCE_NAMES: Final[dict[str, str]] = {"survey": "แบบสำรวจ", "reports": "รายงานหน่วยงาน"}
CLI_READ_FULL: Final = "อ่านและประมวลผลใหม่ทั้งหมด"
CLI_READ_INCREMENTAL: Final = "เฉพาะส่วนที่เปลี่ยน"
CLI_READING: Final = "การอ่านข้อมูล: {kind} ({parts})"
#: `ita-sync status`
CLI_NO_HISTORY: Final = "ยังไม่มีประวัติการซิงค์ (ไม่พบ {path})"
CLI_LAST_SCHEDULED_NONE: Final = "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: ยังไม่มี"
CLI_LAST_SCHEDULED: Final = "การซิงค์ตามกำหนดเวลาครั้งล่าสุด: {how} เมื่อ {when}"
CLI_OK: Final = "สำเร็จ"
CLI_NOT_OK: Final = "ไม่สำเร็จ"
CLI_SERVICE: Final = "บริการ ita-sync serve: {status}"
CLI_SERVICE_STATUS: Final[dict[str, str]] = {"running": "ทำงานอยู่", "stopped": "หยุดแล้ว"}
CLI_SERVICE_RUNNING: Final = " (pid {pid}, cron {cron}, รอบถัดไป {next})"
CLI_LAST_FULL_READ: Final = "อ่านข้อมูลทั้งหมดครั้งล่าสุด: {when}"
CLI_OUTCOME_SHORT: Final[dict[str, str]] = {"written": "เขียนแล้ว", "unchanged": "ไม่เปลี่ยน", "dry-run": "ทดลอง",
                                            "failed": "ล้มเหลว", "abandoned": "ยกเลิก", "interrupted": "ขัดจังหวะ",
                                            "running": "กำลังทำ"}
CLI_HISTORY_TITLE: Final = "ประวัติการซิงค์ (ล่าสุดก่อน)"
CLI_HISTORY_STARTED: Final = "เริ่ม"
CLI_HISTORY_HEADERS: Final[tuple[str, ...]] = (CLI_HISTORY_STARTED, "คำสั่ง", "โดย", "ผล", "วินาที",
                                               "อ่าน/รับ/ซ้ำ/ปฏิเสธ", "ปัญหา")
CLI_HISTORY_FULL: Final = " (เต็ม)"
CLI_TRIGGER_SCHEDULED: Final = "ตามเวลา"
CLI_TRIGGER_MANUAL: Final = "สั่งเอง"
#: `demo`, `template`, `report`
CLI_DEMO_WRITTEN: Final = "สร้างชุดข้อมูลตัวอย่างแล้ว: {path}"
CLI_DEMO_OPEN: Final = "เปิดรายงานรวมได้ที่ {master} หรือรันซ้ำด้วย: ita-sync run --config {config}"
CLI_TEMPLATE_WRITTEN: Final = "เขียนแม่แบบรายงานแล้ว: {path}"
CLI_REPORT_WRITTEN: Final = "เขียนรายงานผลการดำเนินงาน {period} แล้ว: {path}"
CLI_REPORT_PDF: Final = "ไฟล์ PDF: {path}"
#: an alias as officers write one, for config messages
EXAMPLE_ALIAS: Final = "กก."
#: rule T's Thai script repairs (core/text.py): Thai digits ๐-๙ as a regex class, the nikhahit
#: (U+0E4D), and its repair "ํ + optional tone mark + า" -> "tone mark + ำ" as a regex and its replacement
THAI_DIGIT_CLASS: Final = "[\u0e50-\u0e59]"
NIKHAHIT: Final = "\u0e4d"
NIKHAHIT_SARA_AA_RE: Final = "\u0e4d([\u0e48-\u0e4b]?)\u0e32"
SARA_AM_REPAIR: Final = "\\1\u0e33"
#: suggestions the section-8 source rules add to a data issue (aggregate/{ita,pr,training}.py)
SUGGEST_DID_YOU_MEAN: Final = "หมายถึง “{best}” หรือไม่? {base}"
SUGGEST_INDICATOR: Final = "ใส่เลขหรือชื่อตัวชี้วัด: {names}"
SUGGEST_PR_CHANNEL: Final = "ใช้ชื่อช่องทาง {names}"
SUGGEST_EMPLOYEE_UNIT: Final = "ระบุหน่วยงานของพนักงาน ให้ตรงกับทะเบียนหน่วยงาน"
SUGGEST_EMPLOYEE_CODE: Final = "ใส่รหัสพนักงานของทุกคนที่ต้องเข้าอบรม"
SUGGEST_SESSION_DATE: Final = "ใส่วันที่อบรมเป็น วัน/เดือน/ปี เช่น 15/10/2566"
#: the awareness answers' short forms officers type, besides KNOW / DONT_KNOW (aggregate/parse.py)
KNOW_SHORT: Final[tuple[str, ...]] = ("รู้", "ทราบ")
DONT_KNOW_SHORT: Final[tuple[str, ...]] = ("ไม่รู้", "ไม่ทราบ")
#: a source tab that cannot be read (aggregate/tabs.py; bad_sheet problem and suggestion)
TAB_MISSING: Final = "ไม่พบแท็บ “{tab}” ในไฟล์นี้"
TAB_MISSING_FIX: Final = "เพิ่มแท็บชื่อ “{tab}” ตามแม่แบบ (ita-sync template)"
TAB_ANCHOR_JOIN: Final = "” และ “"
TAB_NO_HEADER: Final = "ไม่พบแถวหัวตารางที่มี “{names}” ใน {rows} แถวแรก"
TAB_NO_HEADER_FIX: Final = "ใส่แถวหัวตารางตามแม่แบบ (ita-sync template) ไว้ภายใน {rows} แถวแรก"
TAB_COLUMNS_MISSING: Final = "หัวตารางขาดคอลัมน์ที่จำเป็น"
TAB_COLUMNS_MISSING_FIX: Final = "เพิ่มคอลัมน์ที่ขาดในแถวหัวตาราง ให้ตรงกับแม่แบบ (ita-sync template)"
BOOK_UNREADABLE: Final = "เปิดไฟล์นี้ไม่ได้: {error}"

# the summary's section of months without a social-media report (CONTRACT 8.1), written by
# aggregate.reports and read back by the round report
SEC_PR_MISSING: Final = "สื่อสังคมออนไลน์: เดือนที่ยังไม่มีรายงาน (ไม่นับเดือนที่ยังไม่สิ้นสุด)"
PR_ALL_MONTHS: Final = "ครบทุกเดือน"
R_PR_MISSING: Final = "เดือนที่ยังไม่มีรายงาน: {months}"
R_PR_NONE_MISSING: Final = "มีรายงานครบทุกเดือนที่สิ้นสุดแล้ว"
#: era prefixes allowed before a year in text timestamps (section 6), ignored when parsing
YEAR_ERAS: Final[tuple[str, ...]] = ("พ.ศ.", "ค.ศ.")
#: the optional suffix after a time of day in text timestamps (section 6): "10.30 น."
TIME_SUFFIX: Final = "น."

# --- the rules' issue texts and the master tables (aggregate/normalise.py, aggregate/reports.py) ---
#: unknown_unit's suggestion when the unit cell is blank (aggregate/normalise.py)
SUGGEST_UNIT_BLANK: Final = "ระบุชื่อหน่วยงานที่ติดต่อ ให้ตรงกับทะเบียนหน่วยงาน"
#: the measure numbers of bad_measure's texts: "1 ถึง 7" in ISSUE_TEXTS (len(MEASURES)), the
#: agency's own count in its place
MEASURE_RANGE: Final = "1 ถึง {n}"
#: total_mismatch's problem naming the recomputed total (know + don't know) of the row
TOTAL_MISMATCH_RECOMPUTED: Final = "ยอดรวมที่กรอกไม่เท่ากับ รู้/ทราบ + ไม่รู้/ไม่ทราบ ({total}) รายงานใช้ยอดที่คำนวณใหม่"
#: สรุปภาพรวม (aggregate/reports.py): the title, with the agency's name in {agency}
SUMMARY_TITLE: Final = "สรุปภาพรวม ผลสำรวจการรับรู้และการรายงานผลการดำเนินงาน (ITA) {agency}"
#: สรุปภาพรวม's section of report periods, its header (the period column is SUMMARY_REPORT_PERIOD,
#: the awareness columns R_COL_PCT_OF) and the row shown when there is no period yet
SEC_PERIODS: Final = "ภาพรวมตามรอบรายงาน"
H_ONLINE_RESPONDENTS: Final = MASTER_TRACKING_HEADERS[7]  # "ผู้ตอบแบบสำรวจออนไลน์", one copy
H_REPORT_RESPONDENTS: Final = "ผู้ตอบจากรายงานหน่วยงาน"
H_ALL_RESPONDENTS: Final = "ผู้ตอบรวม"
H_UNITS_NOT_SENT: Final = "หน่วยงานที่ยังไม่ส่ง{form}"
NO_PERIOD: Final = "ยังไม่มีข้อมูลในรอบรายงานใด"
#: สรุปภาพรวม's section of the units that have not sent a form, per period and form
SEC_NOT_SENT: Final = "หน่วยงานที่ยังไม่ส่งรายงาน"
H_FORM: Final = "แบบรายงาน"
H_UNIT_COUNT: Final = "จำนวนหน่วยงาน"
ALL_UNITS_SENT: Final = "ส่งครบทุกหน่วยงาน"
#: สรุปภาพรวม's section-8 lines and charts (social-media reach, ITA results)
SEC_PR_TOTALS: Final = "สื่อสังคมออนไลน์: ยอดรวมตามรอบรายงานและช่องทาง"
H_MONTH_COUNT: Final = "จำนวนเดือน"
SEC_PR_REACH: Final = "ยอดการเข้าถึงรายเดือน ตามช่องทาง"
SEC_ITA: Final = "ผลการประเมิน ITA รายปี"
H_ITA_LEVEL: Final = MASTER_ITA_HEADERS[7]  # "ระดับ", one copy
SEC_ITA_LOWEST: Final = "ตัวชี้วัดที่ได้คะแนนต่ำสุดของปีล่าสุด และมาตรการที่ตอบตัวชี้วัดนั้น"
H_ANSWERING_MEASURES: Final = "มาตรการที่ตอบตัวชี้วัดนี้"
NO_ANSWERING_MEASURE: Final = "ยังไม่ได้ระบุมาตรการที่ตอบตัวชี้วัดนี้ (ระบุ indicators ใน [[measures]] ของไฟล์ทะเบียนหน่วยงาน)"
# (end of the rules' and master tables' section)

# --- the run (sync/job.py) -------------------------------------------------------------------------
#: the outcome of a run as the run facts and `ita-sync status` name it (sync/job.py)
RUN_OUTCOME_TEXT: Final[dict[str, str]] = {
    "written": "สำเร็จ (เขียนรายงานรวม)",
    "unchanged": "สำเร็จ (ข้อมูลไม่เปลี่ยนแปลง)",
    "dry-run": "ทดลองรัน",
    "failed": CLI_OUTCOME_SHORT["failed"],
    "abandoned": "ยกเลิก (สั่งหยุดก่อนเขียน)",
    "interrupted": "ถูกขัดจังหวะ",
    "running": "กำลังทำงาน",
}
#: the run facts under สถานะการซิงค์'s table: labels, then the values the job writes beside them
#: (how the data was read: CLI_READ_FULL / CLI_READ_INCREMENTAL)
FACT_LAST_SCHEDULED: Final = "การซิงค์ตามกำหนดเวลาครั้งล่าสุด"
FACT_LAST_SCHEDULED_NONE: Final = "ยังไม่มี"
FACT_LAST_SCHEDULED_AT: Final = "{outcome} เมื่อ {when}"
FACT_TIME: Final = "เวลาซิงค์"
FACT_MODE: Final = "โหมด"
FACT_TRIGGER: Final = "เรียกใช้โดย"
FACT_TRIGGER_SCHEDULED: Final = "ตามกำหนดเวลา (ita-sync serve)"
FACT_TRIGGER_MANUAL: Final = "ผู้ใช้สั่ง"
FACT_READ: Final = "การอ่านข้อมูล"
FACT_DURATION: Final = "ระยะเวลา (วินาที)"
FACT_ISSUES: Final = "จำนวนปัญหาข้อมูล"
FACT_VERSION: Final = "รุ่นโปรแกรม"
#: a dry run's example rows per tab (``{row}``: the master's row number; ``{key}``: the key columns)
DIFF_ROW: Final = "แถว {row}: {what}"
DIFF_KEYED_ROW: Final = "แถว {row} ({key}): {what}"
DIFF_NEW_ROW: Final = "แถวใหม่"
DIFF_GONE_ROW: Final = "({key}): ถูกลบ"
# (end of the run's section)

# --- the round report's code (sync/report/) ------------------------------------------------------
#: Thai digits, zero first (the report writes generated numbers in them; the demo data types them)
THAI_DIGITS: Final = "๐๑๒๓๔๕๖๗๘๙"
#: what the page-number field of the report shows until Word updates it
R_PAGE_FIELD_PLACEHOLDER: Final = THAI_DIGITS[1]
#: master columns the report reads back, named from the master's own header tuples (one copy; the
#: online respondents and the ITA level are the rules section's H_ONLINE_RESPONDENTS and H_ITA_LEVEL)
MH_F1_STATUS: Final = MASTER_FORM1_HEADERS[8]
MH_TRACK_MEASURES: Final = MASTER_TRACKING_HEADERS[5]
MH_ITA_NUMBER: Final = MASTER_ITA_HEADERS[1]
MH_ITA_ITEM: Final = MASTER_ITA_HEADERS[2]
MH_ITA_TOOL: Final = MASTER_ITA_HEADERS[3]
MH_ITA_WEIGHT: Final = MASTER_ITA_HEADERS[4]
MH_ITA_CHANGE: Final = MASTER_ITA_HEADERS[6]
MH_ITA_NOTE: Final = MASTER_ITA_HEADERS[8]
MH_TRAINING_SESSIONS: Final = MASTER_TRAINING_HEADERS[5]
MH_TRAINING_EMPLOYEES: Final = MASTER_TRAINING_HEADERS[6]
MH_TRAINING_PASSED: Final = MASTER_TRAINING_HEADERS[7]
MH_TRAINING_FAILED: Final = MASTER_TRAINING_HEADERS[8]
MH_ISSUE_SOURCE: Final = MASTER_ISSUES_HEADERS[0]
MH_ISSUE_SHEET: Final = MASTER_ISSUES_HEADERS[1]
MH_ISSUE_CODE: Final = MASTER_ISSUES_HEADERS[5]
#: the report's table headings that differ from the master's columns (line breaks where they wrap)
R_COL_RESPONSES_PEOPLE: Final = H_RESPONSES + " (คน)"
R_COL_PERCENT_AWARE: Final = R_COL_PERCENT + "การรับรู้"
R_TRACKING_HEADS: Final[tuple[str, ...]] = (
    H_UNIT, FORM1_TAB, "จำนวนมาตรการ\nที่รายงาน", FORM2_TAB, "ผู้ตอบแบบสำรวจ\nออนไลน์",
)
R_ITA_HEADS: Final[tuple[str, ...]] = (
    MH_ITA_NUMBER, MH_ITA_ITEM, MH_ITA_TOOL, MH_ITA_WEIGHT, COL_ITA_SCORE, "เปลี่ยนแปลง\nจากปีก่อน", H_ITA_LEVEL,
    MH_ITA_NOTE,
)
R_TRAINING_HEADS: Final[tuple[str, ...]] = (
    H_UNIT, "จำนวน\nพนักงาน", MH_TRAINING_PASSED, MH_TRAINING_FAILED, "ร้อยละ\nที่ผ่านเกณฑ์",
)
# (end of the round report's section)

# --- the templates (sync/template.py, sync/template_sources.py) and the demo (sync/demo.py) ---------
#: the instructions tab of every template workbook (the job ignores it)
TPL_INSTRUCTIONS_TAB: Final = "คำชี้แจง"
#: the unit report template's file name, without and with a unit
TPL_FILE: Final = "แบบรายงาน-ITA.xlsx"
TPL_FILE_UNIT: Final = "แบบรายงาน-ITA-{unit}.xlsx"
#: the section-8 templates' file names (``ita-sync template --source``)
TPL_SOURCE_FILES: Final[dict[str, str]] = {
    "pr": "แม่แบบ-สื่อสังคมออนไลน์.xlsx",
    "ita": "แม่แบบ-ผลการประเมิน-ITA.xlsx",
    "training": "แม่แบบ-การอบรม.xlsx",
}
#: the unit report template's title rows (the seed forms' titles, MDES OPS's name replaced by the agency's)
TPL_FORM1_TITLE: Final = (
    "แบบรายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
    "ในการดำเนินงานของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
)
TPL_FORM2_TITLE: Final = (
    "รายงานผลการสำรวจการรับรู้-รับทราบการเผยแพร่ข้อมูลข่าวสาร "
    "ของสำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมผ่านช่องทางต่างๆ"
)
TPL_GUIDELINE: Final = (
    "แนวทางการปฏิบัติตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของ"
    "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
)
TPL_UNIT_LINE: Final = SEED_FORM2_TITLE[2]
TPL_UNIT_BLANK: Final = "หน่วยงาน .............................."
TPL_FORM1_NOTE: Final = "กรอก 1 แถวต่อ 1 มาตรการ ต่อ 1 รอบ (ดูแท็บ คำชี้แจง)"
TPL_FORM2_NOTE: Final = "จำนวน (คน) จากแบบสำรวจที่เก็บนอกแบบฟอร์มออนไลน์ เช่น แบบสำรวจกระดาษ (ดูแท็บ คำชี้แจง)"
#: an input message cut at Excel's 255 characters ends with this
TPL_PROMPT_MORE: Final = "… (ข้อความเต็มในแท็บ คำชี้แจง)"
#: a measure's cell note and its result cell's input message title
TPL_MEASURE_NOTE: Final = "มาตรการที่ {number}: {text}"
TPL_MEASURE_TITLE: Final = "มาตรการที่ {number}"
#: the drop-downs' and checks' input messages and errors (their titles are the column headers)
TPL_YEAR_PROMPT: Final = "ปีงบประมาณ พ.ศ. 4 หลัก เช่น 2568"
TPL_YEAR_ERROR: Final = "ปีงบประมาณควรเป็นเลข พ.ศ. 4 หลัก เช่น 2568"
TPL_ROUND_PROMPT: Final = "เลือก 6 เดือน (1 ต.ค. – 31 มี.ค.) หรือ 12 เดือน (ทั้งปีงบประมาณ)"
TPL_ROUND_ERROR: Final = "รอบต้องเป็น 6 เดือน หรือ 12 เดือน"
TPL_UNIT_PROMPT: Final = "เลือกชื่อหน่วยงานจากทะเบียนหน่วยงาน"
TPL_UNIT_ERROR_SHORT: Final = "ชื่อหน่วยงานไม่อยู่ในทะเบียนหน่วยงาน"
TPL_UNIT_ERROR: Final = "ชื่อหน่วยงานไม่อยู่ในทะเบียนหน่วยงาน (ดูแท็บ คำชี้แจง)"
TPL_MEASURE_PROMPT: Final = "เลข 1 ถึง {n} ตามรายการมาตรการในแท็บ คำชี้แจง"
TPL_MEASURE_ERROR: Final = "มาตรการที่ต้องเป็นเลข 1 ถึง {n}"
TPL_COUNT_PROMPT: Final = "จำนวนคนเป็นจำนวนเต็ม เช่น 12 (ไม่มีให้ใส่ - หรือเว้นว่าง)"
TPL_COUNT_ERROR: Final = "จำนวนควรเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป เช่น 12 หรือ 1,234"
#: the unit report template's instructions tab: title, purpose, then numbered blocks (heading first)
TPL_HELP_TITLE: Final = "คำชี้แจงการกรอกแบบรายงาน ITA ของ{agency}"
TPL_HELP_USE: Final = "ใช้รายงานผลตาม{guideline} ต่อศูนย์ปฏิบัติการต่อต้านการทุจริต (ศปท.) ทุกรอบ ๖ เดือน และ ๑๒ เดือน"
TPL_HELP_FORM1: Final[tuple[str, ...]] = (
    "แท็บ “แบบรายงานที่ 1” (แบบรายงานที่ ๑): ผลการดำเนินงานตามมาตรการ {n} ข้อ กรอก 1 แถวต่อ 1 มาตรการ ต่อ 1 รอบ",
    "ปีงบประมาณ: เลข พ.ศ. 4 หลัก เช่น 2568",
    "รอบ: 6 เดือน (1 ต.ค. – 31 มี.ค.) หรือ 12 เดือน (1 ต.ค. – 30 ก.ย. ทั้งปีงบประมาณ แบบสะสม)",
    "หน่วยงาน: ชื่อหน่วยงานตามทะเบียนหน่วยงาน (รายชื่อด้านล่าง) เลือกจากรายการได้",
    "มาตรการที่: เลข 1 ถึง {n} ตามรายการมาตรการด้านล่าง",
    "ผลการดำเนินงาน: สรุปสิ่งที่ดำเนินการในรอบนั้น หากยังไม่ได้ดำเนินการให้เว้นว่างหรือใส่ -",
    "เอกสาร/หลักฐาน: เอกสาร/หลักฐาน ประกอบผลการดำเนินงาน (รูปภาพ/รายงาน/Link ที่เชื่อมโยงข้อมูล) (ถ้ามี) "
    "ลิงก์ต้องขึ้นต้นด้วย https:// เช่น https://www.mdes.go.th/",
    "ผู้รายงาน ตำแหน่ง หมายเลขโทรศัพท์: ใช้ติดต่อกลับเท่านั้น ไม่นำไปแสดงในรายงานรวม",
    "วันที่รายงาน: วันที่ส่งรายงาน",
)
TPL_HELP_FORM2: Final[tuple[str, ...]] = (
    "แท็บ “แบบรายงานที่ 2” (แบบรายงานที่ ๒): รายงานผลการสำรวจการรับรู้-รับทราบ 1 แถวต่อ 1 รอบ",
    "จำนวน (คน) ในแท็บนี้คือจำนวนผู้ตอบแบบสำรวจการรับรู้-รับทราบที่หน่วยงานเก็บเองนอกแบบฟอร์มออนไลน์ "
    "เช่น แบบสำรวจกระดาษ เท่านั้น ผู้ที่ตอบแบบฟอร์มออนไลน์ (Google Form) ระบบนับให้อัตโนมัติ ไม่ต้องนำมากรอกซ้ำ",
    "ประเภทผู้มาติดต่อ: จำนวนคนของแต่ละประเภท (ผู้มาติดต่อ 1 คนเลือกได้มากกว่า 1 ประเภท)",
    "แต่ละช่องทาง: จำนวนคนที่ รู้/ทราบ และ ไม่รู้/ไม่ทราบ ส่วน รวม = รู้/ทราบ + ไม่รู้/ไม่ทราบ "
    "(ระบบคำนวณ รวม ใหม่เสมอ หากกรอกไว้ไม่ตรงจะแจ้งในแท็บปัญหาข้อมูล)",
    "กรอกเป็นตัวเลขจำนวนเต็ม เช่น 12 หรือ 1,234 (จะมีคำว่า คน ต่อท้ายก็ได้ เช่น 12 คน) "
    "หากไม่มีให้ใส่ - หรือเว้นว่าง",
)
TPL_HELP_NOTES: Final[tuple[str, ...]] = (
    "ข้อควรทราบ",
    "ห้ามเปลี่ยนชื่อแท็บ “แบบรายงานที่ 1” “แบบรายงานที่ 2” และห้ามแก้ข้อความหัวตาราง (แถวที่ 4) "
    "แถวชื่อเรื่องด้านบนและส่วนลงชื่อด้านล่างตารางระบบจะข้ามไป",
    "แถวที่เตรียมไว้ให้ (มีปีงบประมาณ รอบ หน่วยงานแล้ว แต่ช่องผลการดำเนินงาน/จำนวนยังว่าง) "
    "ระบบจะไม่นับจนกว่าจะกรอกข้อมูล เพิ่มแถวได้ตามต้องการ ไฟล์เดียวรายงานหลายหน่วยงานได้",
    "ต้องการแก้ไขข้อมูลที่ส่งแล้ว: เพิ่มแถวใหม่ที่มี ปีงบประมาณ รอบ หน่วยงาน (และมาตรการที่) เดียวกัน "
    "ไว้ด้านล่าง แถวที่อยู่ล่างกว่าจะใช้แทนแถวเดิม",
    "ข้อมูลส่วนบุคคลใช้ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ เพื่อการติดต่อกลับเท่านั้น",
)
#: the lists below the instructions (the number column is the seed forms' "ที่")
TPL_COL_NO: Final = SEED_FORM1_HEADERS[0]
TPL_CHANNELS_HEAD: Final = "ช่องทาง/ข้อมูล (หัวตารางในแท็บ แบบรายงานที่ 2)"
TPL_UNITS_HEAD: Final = "รายชื่อหน่วยงาน (ทะเบียนหน่วยงาน)"
#: the section-8 templates: a whole-number check
TPL_COUNT_TITLE: Final = H_ISSUE_COUNT
TPL_WHOLE_PROMPT: Final = "จำนวนเต็ม เช่น 1,250 (ไม่มีให้ใส่ 0)"
TPL_WHOLE_ERROR: Final = "ควรเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"
#: 8.1 the social-media template: instructions (purpose first), title rows, the channel drop-down
TPL_PR_HELP_TITLE: Final = "คำชี้แจงการกรอกรายงานการเข้าถึงข้อมูลข่าวสารบนสื่อสังคมออนไลน์ (รายเดือน)"
TPL_PR_HELP: Final[tuple[str, ...]] = (
    "กลุ่มงานประชาสัมพันธ์รายงานทุกเดือน 1 แถวต่อ 1 เดือน ต่อ 1 ช่องทาง แล้วสำเนาถึง ศปท.",
    "เดือน: เช่น ต.ค. 2567 หรือ 2567-10 หรือ 10/2567 (ปี พ.ศ. หรือ ค.ศ. ก็ได้; ต.ค. 67 คือ พ.ศ. 2567)",
    "ช่องทาง: เลือกจากรายการ (Facebook, X, YouTube, LINE OA, TikTok, Instagram, เว็บไซต์)",
    "จำนวนโพสต์ ยอดการเข้าถึง ยอดการมีส่วนร่วม: จำนวนเต็ม เช่น 12,500 (ไม่มีให้ใส่ 0)",
    "แถวที่กรอกเดือนไว้แต่ยังไม่มีตัวเลข ระบบยังไม่นับ; ต้องการแก้ไข ให้เพิ่มแถวเดือนและช่องทางเดียวกันไว้ด้านล่าง",
    "ผู้รายงาน หมายเลขโทรศัพท์: ใช้ติดต่อกลับเท่านั้น ไม่นำไปแสดงในรายงานรวม",
)
TPL_PR_TITLE: Final = "รายงานผลการเข้าถึงข้อมูลข่าวสารและผลงานบนสื่อสังคมออนไลน์ (รายเดือน)"
TPL_PR_NOTE: Final = "1 แถวต่อ 1 เดือน ต่อ 1 ช่องทาง (ดูแท็บ คำชี้แจง)"
TPL_PR_CHANNEL_PROMPT: Final = "เลือกช่องทางจากรายการ"
TPL_PR_CHANNEL_ERROR: Final = "ช่องทางไม่อยู่ในรายการ (ดูแท็บ คำชี้แจง)"
#: 8.2 the ITA results template
TPL_ITA_HELP_TITLE: Final = "คำชี้แจงการกรอกผลการประเมินคุณธรรมและความโปร่งใส (ITA) รายปี"
TPL_ITA_HELP: Final[tuple[str, ...]] = (
    "กรอก 1 แถวต่อ 1 ตัวชี้วัด ต่อ 1 ปีงบประมาณ ตามผลที่ประกาศ",
    "ปีงบประมาณ: เลข พ.ศ. 4 หลัก เช่น 2567",
    "ตัวชี้วัด: เลข 1 ถึง 10 (หรือ ตัวชี้วัดที่ 7) หรือชื่อตัวชี้วัดจากรายการ",
    "คะแนน: 0 ถึง 100 เช่น 80.29 (มี % ต่อท้ายได้) เว้นว่างไว้ถ้ายังไม่ประกาศ",
    "ระบบคำนวณคะแนนรายเครื่องมือ (IIT, EIT, OIT) คะแนนรวม ระดับ และการเปลี่ยนแปลงจากปีก่อนให้เอง",
)
TPL_ITA_INDICATOR_ITEM: Final = "{number} {name} ({tool}, น้ำหนัก {weight:g})"
TPL_ITA_NAMES_LIST: Final = "ชื่อตัวชี้วัด"
TPL_ITA_TITLE: Final = "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
TPL_ITA_NOTE: Final = "1 แถวต่อ 1 ตัวชี้วัด ต่อ 1 ปี (ดูแท็บ คำชี้แจง)"
TPL_ITA_INDICATOR_PROMPT: Final = "เลือกชื่อตัวชี้วัด หรือพิมพ์เลข 1 ถึง 10"
TPL_ITA_INDICATOR_ERROR: Final = "ตัวชี้วัดไม่อยู่ในรายการ (ดูแท็บ คำชี้แจง)"
TPL_ITA_SCORE_PROMPT: Final = "คะแนน 0 ถึง 100 เช่น 80.29"
TPL_ITA_SCORE_ERROR: Final = "คะแนนควรอยู่ระหว่าง 0 ถึง 100"
#: 8.3 the training template: instructions (a roster block and an attendance block, ``{tab}`` their tab)
TPL_TRAINING_HELP_TITLE: Final = "คำชี้แจงการกรอกข้อมูลการอบรมภายใน (In House Training) ของ{agency}"
TPL_TRAINING_HELP_ROSTER: Final[tuple[str, ...]] = (
    "แท็บ “{tab}”: พนักงานทุกคนที่ต้องเข้าอบรม 1 แถวต่อ 1 คน",
    "รหัสพนักงาน: รหัสที่ไม่ซ้ำกัน (ใช้จับคู่กับการเข้าอบรม ไม่แสดงในรายงานรวม)",
    "หน่วยงาน: ชื่อตามทะเบียนหน่วยงาน เลือกจากรายการ",
)
TPL_TRAINING_HELP_ATTENDANCE: Final[tuple[str, ...]] = (
    "แท็บ “{tab}”: 1 แถวต่อ 1 คน ต่อ 1 ครั้งที่เข้าอบรม (เช่น คำตอบแบบฟอร์มลงชื่อเข้าอบรม)",
    "หัวข้อ: ชื่อหัวข้อการอบรม ให้เขียนเหมือนกันทุกครั้ง",
    "วันที่อบรม: เช่น 15/11/2567 หรือ 15 พ.ย. 2567 (การอบรม 1 หัวข้อใน 1 วัน นับเป็น 1 ครั้ง)",
    "ผ่านเกณฑ์: เข้าอบรมไม่น้อยกว่าร้อยละที่กำหนด (threshold_percent) ของจำนวนครั้งที่จัดในหัวข้อนั้น"
    " ในรอบ 6 เดือน / 12 เดือน",
    "ชื่อ นามสกุล ตำแหน่ง: ใช้ตรวจสอบภายในเท่านั้น ไม่นำไปแสดงในรายงานรวม",
)
TPL_ROSTER_TITLE: Final = "รายชื่อพนักงานที่ต้องเข้าอบรม"
TPL_ROSTER_NOTE: Final = "1 แถวต่อ 1 คน (ดูแท็บ คำชี้แจง)"
TPL_ATTENDANCE_TITLE: Final = "บันทึกการเข้าอบรม"
TPL_ATTENDANCE_NOTE: Final = "1 แถวต่อ 1 คน ต่อ 1 ครั้งที่อบรม (ดูแท็บ คำชี้แจง)"
#: the demo: the survey workbook's tab (Google Forms' default response tab name in Thai)
DEMO_SURVEY_TAB: Final = "การตอบแบบฟอร์ม 1"
# (end of the templates' section)
