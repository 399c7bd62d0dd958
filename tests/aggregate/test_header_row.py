"""Issue 9 fault 1 as a kind: no survey cell value and no personal value reaches a message
(CONTRACT sections 4 and 6, "No value in messages"). A survey whose row 1 matches none of the
required titles is "not a header row"; the error names no cell value. Every output channel is
scanned: stdout and stderr of ``run --log-json``, ``check`` and ``status --json``, the state
folder's bytes, and the master."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from aggregate.normalise import locate_survey_columns, normalise_survey
from core.errors import DataError
from core.vocab import DEFAULT_QUESTION_TITLES
from tests.aggregate.test_normalise import HEADER, resp, spec, table
from tests.fixtures import SURVEY_HEADER, make_setup, write_xlsx

# a response that ended up in row 1 (the sheet was sorted, or its header row deleted)
PERSONAL = ["สมศรี", "ทดสอบลับ", "somsri.secret@example.com", "ความเห็นส่วนตัวยาวมาก"]
# columns of tests.fixtures.SURVEY_HEADER; the visitor type is free text (อื่นๆ, never copied)
ROW1 = ["1/11/2566 10:00", PERSONAL[0], PERSONAL[1], PERSONAL[2], "กองกลาง", PERSONAL[3], "รู้", "รู้", "ไม่รู้"]


@pytest.mark.parametrize(
    "row1",
    [
        pytest.param(ROW1, id="a_response_in_row_1"),
        pytest.param([None] * 9, id="blank_row_1"),
        pytest.param(PERSONAL, id="only_personal_values"),
        pytest.param(["ชื่อ", "E-mail", PERSONAL[2]], id="personal_titles_only_no_required_title"),
    ],
)
def test_row_1_without_any_required_title_is_not_a_header_row(row1):
    with pytest.raises(DataError) as err:
        locate_survey_columns(row1, DEFAULT_QUESTION_TITLES)
    message = str(err.value)
    assert "not a header row" in message
    for value in [*PERSONAL, "1/11/2566 10:00"]:
        assert value not in message


def test_not_a_header_row_through_normalise_names_the_tab_not_the_values():
    with pytest.raises(DataError) as err:
        normalise_survey(table([ROW1, ROW1], sheet="คำตอบ 1"), spec())
    assert "not a header row" in str(err.value) and "คำตอบ 1" in str(err.value)
    assert not any(v in str(err.value) for v in PERSONAL)


def test_a_header_with_a_missing_question_lists_titles_found():
    header = [h for h in HEADER if h != DEFAULT_QUESTION_TITLES["aware_news"][0]]
    with pytest.raises(DataError) as err:
        normalise_survey(table([header, resp()[:-1]]), spec())
    message = str(err.value)
    assert "not a header row" not in message and "aware_news" in message
    assert "ประทับเวลา" in message  # titles found may be listed


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[2])


def test_every_output_channel_free_of_row_1_values(tmp_path):
    config = make_setup(tmp_path)
    first = _cli("run", "--config", str(config))  # a good run first: a master and history exist
    assert first.returncode == 0, first.stderr
    survey = tmp_path / "data" / "survey.xlsx"
    write_xlsx(survey, {"การตอบแบบฟอร์ม 1": [ROW1, ROW1[:1] + ["x"] * 8, SURVEY_HEADER]})
    outputs = [_cli("run", "--config", str(config), "--log-json"), _cli("check", "--config", str(config)),
               _cli("status", "--config", str(config), "--json")]
    assert outputs[0].returncode == 1 and "not a header row" in outputs[0].stdout + outputs[0].stderr
    # the sheet fixed again: nothing of the bad run stays behind
    write_xlsx(survey, {"การตอบแบบฟอร์ม 1": [SURVEY_HEADER, ROW1]})
    outputs.append(_cli("run", "--config", str(config), "--log-json"))
    outputs.append(_cli("status", "--config", str(config), "--json"))
    blobs = {f"{' '.join(o.args[3:5])} #{k}": o.stdout + o.stderr for k, o in enumerate(outputs)}
    for f in tmp_path.rglob("*"):
        if f.is_file() and f != survey and f.suffix != ".toml":
            data = f.read_bytes()
            blobs[str(f.relative_to(tmp_path))] = data.decode("utf-8", "replace")
            if f.suffix == ".xlsx":  # the master: values live inside the zip
                import zipfile
                with zipfile.ZipFile(f) as z:
                    blobs[f"{f.name} (xml)"] = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    leaks = {where: [v for v in PERSONAL if v in blob] for where, blob in blobs.items()}
    assert not any(leaks.values()), leaks
