"""Agency profiles (CONTRACT section 3): [agency] and [[measures]] in the units file, the two
bundled profiles, and every place that knew "seven measures" or the MDES OPS name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from aggregate.normalise import normalise_reports
from aggregate.reports import build_tables
from config.registry import load_registry, registry_from_dict
from config.settings import BUNDLED_PROFILES, BUNDLED_UNITS, settings_from_dict
from core import vocab
from core.columns import I, RawTable, ReportBook, TabStat, empty_issues
from core.errors import ConfigError
from core.units import DEFAULT_AGENCY, Agency, Measure, Registry, Unit
from sync.template import write_template

UNITS = [{"code": "A", "name": "ฝ่ายเอ", "aliases": []}]
DEPA = load_registry(BUNDLED_PROFILES["depa"])


def _measures(*numbers: object) -> list[dict[str, object]]:
    return [{"number": n, "text": f"มาตรการ {n}"} for n in numbers]


@pytest.mark.parametrize(
    ("case", "raw", "message"),
    [
        ("measures_with_gap", {"measures": _measures(1, 3)}, "measures[1].number = 3: expected 2"),
        ("measures_not_from_one", {"measures": _measures(2)}, "measures[0].number = 2: expected 1"),
        ("measure_number_as_text", {"measures": _measures("1")}, "measures[0].number = '1': expected 1"),
        ("measure_without_text", {"measures": [{"number": 1, "text": " "}]}, "measures[0].text"),
        ("measure_unknown_key", {"measures": [{"number": 1, "text": "x", "owner": "y"}]}, "measures[0].owner: unknown key"),
        ("empty_measures", {"measures": []}, "measures: expected at least one"),
        ("agency_unknown_key", {"agency": {"nmae": "x"}}, "agency.nmae: unknown key"),
        ("agency_blank_name", {"agency": {"name": ""}}, "agency.name = ''"),
        ("measure_indicators_not_numbers", {"measures": [{"number": 1, "text": "x", "indicators": ["7"]}]},
         "measures[0].indicators"),
    ],
)
def test_bad_profile_is_a_config_error(case: str, raw: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        registry_from_dict({"units": UNITS, **raw}, origin="u.toml")
    assert message in str(err.value), case


@pytest.mark.parametrize(
    ("case", "raw", "name", "count"),
    [
        ("no_agency_table_is_mdes_ops", {}, vocab.DEFAULT_AGENCY_NAME, 7),
        ("agency_name_only_keeps_seven_measures", {"agency": {"name": "หน่วยงานบี"}}, "หน่วยงานบี", 7),
        ("three_measures", {"measures": _measures(1, 2, 3)}, vocab.DEFAULT_AGENCY_NAME, 3),
    ],
)
def test_profile_defaults(case: str, raw: dict, name: str, count: int) -> None:
    reg = registry_from_dict({"units": UNITS, **raw})
    assert (reg.agency.name, reg.agency.measure_count) == (name, count), case


def test_bundled_mdes_ops_is_the_default_profile() -> None:
    reg = load_registry(BUNDLED_UNITS)
    assert reg.agency == DEFAULT_AGENCY
    assert [m.text for m in reg.agency.measures] == list(vocab.MEASURES)
    s = settings_from_dict({"backend": {"kind": "local"}, "survey": {"spreadsheet": "s.xlsx"},
                            "master": {"spreadsheet": "m.xlsx"}, "units": {"file": "bundled:mdes-ops"}},
                           base_dir=Path("."))
    assert s.units_file == BUNDLED_UNITS


def test_bundled_depa_names_the_seed_units_and_three_measures() -> None:
    seed = (Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_467c7d1fb594dc85.txt")
    assert DEPA.agency.name == "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"
    assert [u.name for u in DEPA.units] == [
        "ฝ่ายบริหารทรัพยากรองค์กรและบุคคล", "ฝ่ายอำนวยการสำนักงาน", "ฝ่ายส่งเสริมอุตสาหกรรมดิจิทัล"]
    assert [m.number for m in DEPA.agency.measures] == [1, 2, 3]
    assert "ร้อยละ ๗๐" in DEPA.agency.measure_text(1)
    if seed.is_file():  # copied character for character from seed 000
        text = seed.read_text(encoding="utf-8")
        for m in DEPA.agency.measures:
            assert m.text in text


def test_unknown_bundled_profile_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict({"backend": {"kind": "local"}, "survey": {"spreadsheet": "s.xlsx"},
                            "master": {"spreadsheet": "m.xlsx"}, "units": {"file": "bundled:dpa"}},
                           base_dir=Path("."))
    assert "bundled:depa" in str(err.value)


def _form1_book(measures: list[object]) -> ReportBook:
    header = list(vocab.FORM1_COLUMNS)
    rows = [header] + [[2567, "6 เดือน", "ฝ่ายอำนวยการสำนักงาน", m, "ทำแล้ว", None, None, None, None, None]
                       for m in measures]
    frame = pd.DataFrame(rows, dtype=object)
    frame.index = pd.RangeIndex(1, len(rows) + 1)
    return ReportBook("r.xlsx", form1=RawTable("r.xlsx", vocab.FORM1_TAB, frame), form2=None)


@pytest.mark.parametrize(
    ("case", "cell", "accepted"),
    [
        ("depa_measure_3_accepted", 3, True),
        ("depa_measure_4_is_bad_measure", 4, False),
        ("depa_measure_text_with_label", "มาตรการที่ 2", True),
        ("depa_measure_thai_digit", "๓", True),
        ("depa_measure_7_is_bad_measure", "7", False),
        ("depa_measure_zero", 0, False),
    ],
)
def test_form1_reads_measures_one_to_n(case: str, cell: object, accepted: bool) -> None:
    result = normalise_reports([_form1_book([cell])], DEPA)
    assert (len(result.form1) == 1) is accepted, case
    bad = result.issues[result.issues[I.CODE] == "bad_measure"]
    assert len(bad) == (0 if accepted else 1)
    if not accepted:
        assert "1 ถึง 3" in bad[I.PROBLEM].iloc[0] and "1 ถึง 3" in bad[I.SUGGESTION].iloc[0]


def test_default_profile_bad_measure_text_unchanged() -> None:
    reg = Registry((Unit("X", "ฝ่ายอำนวยการสำนักงาน"),))
    result = normalise_reports([_form1_book([8])], reg)
    row = result.issues[result.issues[I.CODE] == "bad_measure"].iloc[0]
    assert (row[I.PROBLEM], row[I.SUGGESTION]) == vocab.ISSUE_TEXTS["bad_measure"]


def test_master_form1_and_tracking_follow_the_profile() -> None:
    result = normalise_reports([_form1_book([1, 3])], DEPA)
    survey = pd.DataFrame()
    from aggregate.normalise import empty_survey
    survey = empty_survey()
    tables = {t.title: t for t in build_tables(survey, result.form1, result.form2, empty_issues(),
                                                [TabStat("r.xlsx", vocab.FORM1_TAB, 2, 2, 0, 0)], DEPA)}
    f1 = tables[vocab.TAB_FORM1].rows[1:]
    assert len(f1) == 3 * 3  # 3 units x 3 measures
    adm = [r for r in f1 if r[2] == "DEPA-ADM"]
    assert [r[4] for r in adm] == [1, 2, 3]
    assert [r[5] for r in adm] == [m.text for m in DEPA.agency.measures]
    assert [r[8] for r in adm] == [vocab.REPORTED, vocab.NOT_REPORTED, vocab.REPORTED]
    tracking = [r for r in tables[vocab.TAB_TRACKING].rows[1:] if r[2] == "DEPA-ADM"]
    assert tracking == [[2567, "6 เดือน", "DEPA-ADM", "ฝ่ายอำนวยการสำนักงาน", vocab.SENT, 2, vocab.NOT_SENT, 0]]
    assert "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล" in tables[vocab.TAB_SUMMARY].rows[0][0]


def test_question_titles_carry_the_agency_name() -> None:
    titles = vocab.default_question_titles("สำนักงานส่งเสริมเศรษฐกิจดิจิทัล")
    assert titles["unit"] == ("ติดต่อกับสำนักงานส่งเสริมเศรษฐกิจดิจิทัล ณ หน่วยงาน",)
    assert vocab.default_question_titles() == vocab.DEFAULT_QUESTION_TITLES


def test_template_for_depa_offers_measures_one_to_three(tmp_path: Path) -> None:
    path = write_template(tmp_path, units_file=BUNDLED_PROFILES["depa"], fiscal_year=2567)
    wb = load_workbook(path)
    ws = wb[vocab.FORM1_TAB]
    measures = [ws.cell(row=r, column=4).value for r in range(5, 5 + 6)]
    assert measures == [1, 2, 3, 1, 2, 3]
    assert ws.cell(row=11, column=4).value is None
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"1,2,3"' in formulas
    instructions = "\n".join(str(c.value) for row in wb["คำชี้แจง"].iter_rows() for c in row if c.value)
    assert "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล" in instructions
    assert DEPA.agency.measure_text(2) in instructions
    assert vocab.MEASURES[0] not in instructions


def test_agency_type_is_hashable_and_default() -> None:
    assert Agency() == DEFAULT_AGENCY and DEFAULT_AGENCY.is_default
    assert not Agency(measures=(Measure(1, "x"),)).is_default
