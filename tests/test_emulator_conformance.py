"""The Google emulator against recorded Google traffic, the discovery schemas, and real clients."""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
from pathlib import Path

import pytest
import requests

from tests.google_emulator import (
    FORMS_BODY_RO,
    SPREADSHEETS_RO,
    Emulator,
    Formula,
    discovery_service,
    gspread_http_client_class,
)
from tests.google_emulator.auth import ServiceAccount, runtime_private_key
from tests.google_emulator.replay import Outcome, Replayer
from tests.google_emulator.schema import check_call, method
from tests.google_emulator.server import ROUTES

CASSETTES = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "gspread-cassettes"



def schema_problems(emu: Emulator) -> list[str]:
    problems = []
    for call in emu.calls():
        if call.method_id and 200 <= call.status < 300:
            problems += [f"{call.method} {call.path}: {p}" for p in
                         check_call(call.method_id, call.query, call.body, call.response)]
    return problems


# ---------------------------------------------------------------------------------------------- cassettes


@pytest.fixture(scope="module")
def replayed() -> dict:
    if not CASSETTES.is_dir():
        pytest.skip(f"no cassettes at {CASSETTES} (they live in ../shared beside the repo)")
    from google.auth.transport.requests import AuthorizedSession

    outcomes: list[Outcome] = []
    schema: list[str] = []
    checked = 0
    with Emulator() as emu:
        session = AuthorizedSession(emu.credentials())
        for cassette in sorted(CASSETTES.glob("*.json")):
            emu.reset()
            outcomes += Replayer(emu, session).run(cassette)
            checked += sum(1 for c in emu.calls() if c.method_id and 200 <= c.status < 300)
            schema += [f"{cassette.name}: {p}" for p in schema_problems(emu)]
    kinds = collections.Counter(o.kind for o in outcomes)
    reasons = collections.Counter(o.reason.split(":")[0] for o in outcomes if o.kind == "skipped")
    summary = (f"{len(list(CASSETTES.glob('*.json')))} cassettes, {len(outcomes)} interactions: "
               f"{kinds['compared']} replayed and compared "
               f"({sum(o.shape_only for o in outcomes if o.kind == 'compared')} shape-only after divergence), "
               f"{kinds['seeded']} used to seed state, {kinds['skipped']} skipped {dict(reasons)}")
    print("\n" + summary)
    return {"outcomes": outcomes, "schema": schema, "checked": checked, "summary": summary}


def test_cassette_responses_match_the_emulator(replayed: dict) -> None:
    bad = [f"{o.cassette}#{o.index} {o.method} {o.path}: {d}" for o in replayed["outcomes"] for d in o.diffs]
    assert not bad, replayed["summary"] + "\n" + "\n".join(bad[:40])


def test_cassette_replay_covers_the_sheets_traffic(replayed: dict) -> None:
    outcomes = replayed["outcomes"]
    compared = [o for o in outcomes if o.kind == "compared"]
    assert len(compared) >= 1400, replayed["summary"]
    assert sum(o.shape_only for o in compared) <= 20, replayed["summary"]
    skipped_sheets = [o for o in outcomes if o.kind == "skipped" and o.path.startswith("/v4/")]
    assert len(skipped_sheets) <= 10, [(o.cassette, o.index, o.reason) for o in skipped_sheets]
    verbs = {m.group(1) for o in compared if (m := re.search(r":(\w+)$", o.path))}
    assert {"batchUpdate", "batchGet", "batchClear", "append", "clear"} <= verbs


def test_replayed_traffic_is_valid_against_the_discovery_documents(replayed: dict) -> None:
    assert replayed["checked"] >= 1400
    assert not replayed["schema"], "\n".join(replayed["schema"][:40])


def test_route_scopes_are_the_discovery_scopes() -> None:
    for route in ROUTES:
        m = method(route.method_id)
        assert set(m["scopes"]) == route.scopes, route.method_id
        assert m["httpMethod"] == route.method, route.method_id


# ---------------------------------------------------------------------------------------------- gspread


def test_naive_gspread_client_round_trip(emulator: Emulator, emulator_gspread) -> None:
    sid = emulator.create_spreadsheet(title="รายงาน", tabs={
        "การตอบแบบฟอร์ม 1": [["ประทับเวลา", "หน่วยงาน", "จำนวน"], ["1/10/2023, 9:00:00", "สป.ดศ.", 3]],
        "Sheet2": [["a"]],
    })
    sh = emulator_gspread.open_by_key(sid)
    assert sh.title == "รายงาน"
    assert [ws.title for ws in sh.worksheets()] == ["การตอบแบบฟอร์ม 1", "Sheet2"]
    ws = sh.worksheet("การตอบแบบฟอร์ม 1")
    assert ws.get_all_values() == [["ประทับเวลา", "หน่วยงาน", "จำนวน"], ["1/10/2023, 9:00:00", "สป.ดศ.", "3"]]
    ws.clear()
    ws.update([["x", 1.5], [2, True]], "A1")
    assert emulator.values(sid, "การตอบแบบฟอร์ม 1") == [["x", 1.5], [2, True]]
    assert ws.get_all_values() == [["x", "1.5"], ["2", "TRUE"]]
    log = [(c.method, c.method_id) for c in emulator.calls()]
    assert ("POST", "sheets.spreadsheets.values.clear") in log
    assert ("PUT", "sheets.spreadsheets.values.update") in log
    assert emulator.count(api="token") == 1
    assert not schema_problems(emulator)


def test_gspread_routed_by_http_client_subclass(emulator: Emulator, emulator_credentials) -> None:
    import gspread

    sid = emulator.create_spreadsheet(tabs={"Data": [["a", "b"], [1, 2]]})
    gc = gspread.Client(emulator_credentials, http_client=gspread_http_client_class(emulator.base_url))
    assert gc.open_by_key(sid).worksheet("Data").get("A1:B2") == [["a", "b"], ["1", "2"]]


def test_gspread_sees_google_errors(emulator: Emulator, emulator_gspread) -> None:
    import gspread

    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        emulator_gspread.open_by_key("missing")
    sid = emulator.create_spreadsheet()
    emulator.deny(sid)
    with pytest.raises(PermissionError) as err:  # gspread turns 403 into PermissionError
        emulator_gspread.open_by_key(sid)
    api_error = err.value.__cause__
    assert api_error.response.status_code == 403
    assert api_error.response.json()["error"]["status"] == "PERMISSION_DENIED"


# ---------------------------------------------------------------------------------------------- googleapiclient


def test_read_pattern_batch_get_unformatted_serials(emulator: Emulator, emulator_sheets_service) -> None:
    bkk = dt.timezone(dt.timedelta(hours=7))
    sid = emulator.create_spreadsheet(time_zone="Asia/Bangkok", tabs={
        "การตอบแบบฟอร์ม 1": [
            ["ประทับเวลา", "n", "ok", "note"],
            [dt.datetime(2023, 10, 1, 12, 0, tzinfo=dt.UTC), 3, True, None],
            [dt.datetime(2023, 10, 2, 0, 0, tzinfo=bkk), 2.5, False, "x"],
            [dt.date(2024, 1, 1), Formula("=B2+B3"), None, None],
        ],
        "แบบรายงานที่ 2": [],
    })
    res = emulator_sheets_service.spreadsheets().values().batchGet(
        spreadsheetId=sid, ranges=["'การตอบแบบฟอร์ม 1'", "'แบบรายงานที่ 2'"],
        valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="SERIAL_NUMBER").execute()
    first, empty = res["valueRanges"]
    assert first["range"] == "'การตอบแบบฟอร์ม 1'!A1:Z1000"
    assert first["values"] == [
        ["ประทับเวลา", "n", "ok", "note"],
        [45200.791666666664, 3, True],  # 12:00 UTC is 19:00 in Bangkok
        [45201, 2.5, False, "x"],
        [45292, 5.5],
    ]
    assert type(first["values"][1][1]) is int
    assert empty == {"range": "'แบบรายงานที่ 2'!A1:Z1000", "majorDimension": "ROWS"}
    formatted = emulator_sheets_service.spreadsheets().values().get(
        spreadsheetId=sid, range="'การตอบแบบฟอร์ม 1'!A2:A4").execute()
    assert formatted["values"] == [["10/1/2023 19:00:00"], ["10/2/2023 0:00:00"], ["1/1/2024"]]
    cols = emulator_sheets_service.spreadsheets().values().get(
        spreadsheetId=sid, range="'การตอบแบบฟอร์ม 1'!B1:C3", majorDimension="COLUMNS",
        valueRenderOption="FORMULA").execute()
    assert cols["values"] == [["n", 3, 2.5], ["ok", True, False]]
    assert not schema_problems(emulator)


def test_batch_get_fails_whole_call_on_one_missing_tab(emulator: Emulator, emulator_sheets_service) -> None:
    from googleapiclient.errors import HttpError

    sid = emulator.create_spreadsheet(tabs={"A": [[1]]})
    with pytest.raises(HttpError) as err:
        emulator_sheets_service.spreadsheets().values().batchGet(
            spreadsheetId=sid, ranges=["A!A1:B2", "'Nope'!A1:B2"]).execute()
    body = json.loads(err.value.content)
    assert err.value.resp.status == 400
    assert body == {"error": {"code": 400, "message": "Unable to parse range: 'Nope'!A1:B2",
                              "status": "INVALID_ARGUMENT"}}


def test_metadata_read_with_a_tight_field_mask(emulator: Emulator, emulator_sheets_service) -> None:
    sid = emulator.create_spreadsheet(time_zone="Asia/Bangkok", tabs={"S": [["h1", "h2"], [1, None, "c"]]})
    emulator.add_tab(sid, "T", [], frozen_rows=1)
    res = emulator_sheets_service.spreadsheets().get(
        spreadsheetId=sid, includeGridData=True,
        fields="properties(title,timeZone),sheets(properties(sheetId,title,index,gridProperties),"
               "data.rowData.values.effectiveValue)").execute()
    assert res["properties"] == {"title": "Untitled spreadsheet", "timeZone": "Asia/Bangkok"}
    assert res["sheets"][0] == {
        "properties": {"sheetId": 0, "title": "S", "index": 0,
                       "gridProperties": {"rowCount": 1000, "columnCount": 26}},
        "data": [{"rowData": [
            {"values": [{"effectiveValue": {"stringValue": "h1"}}, {"effectiveValue": {"stringValue": "h2"}}]},
            {"values": [{"effectiveValue": {"numberValue": 1}}, {}, {"effectiveValue": {"stringValue": "c"}}]},
        ]}],
    }
    assert res["sheets"][1]["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert res["sheets"][1]["data"] == [{}]
    assert not schema_problems(emulator)


def test_master_write_in_one_atomic_batch_update(emulator: Emulator, emulator_sheets_service) -> None:
    sid = emulator.create_spreadsheet(tabs={"สรุปภาพรวม": [["old"]], "บันทึกของเจ้าหน้าที่": [["mine"]]})
    old_id = emulator.sheet_properties(sid)[0]["sheetId"]
    rows = [{"values": [{"userEnteredValue": {"stringValue": "ปีงบประมาณ"}},
                        {"userEnteredValue": {"stringValue": "จำนวนผู้ตอบ"}}]},
            {"values": [{"userEnteredValue": {"numberValue": 2567}},
                        {"userEnteredValue": {"numberValue": 12}}]},
            {"values": [{"userEnteredValue": {"stringValue": "=1+1"}},
                        {"userEnteredValue": {"boolValue": True}}]}]
    grid = {"sheetId": 9001, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2}
    requests_ = [
        {"addSheet": {"properties": {"sheetId": 9001, "title": "new สรุปภาพรวม", "index": 0,
                                     "gridProperties": {"rowCount": 3, "columnCount": 2, "frozenRowCount": 1}}}},
        {"updateCells": {"start": {"sheetId": 9001, "rowIndex": 0, "columnIndex": 0}, "rows": rows,
                         "fields": "userEnteredValue"}},
        {"repeatCell": {"range": grid, "cell": {"userEnteredFormat": {"textFormat": {"bold": True},
                                                                     "backgroundColor": {"red": 0.9}}},
                        "fields": "userEnteredFormat(textFormat.bold,backgroundColor)"}},
        {"updateDimensionProperties": {"range": {"sheetId": 9001, "dimension": "COLUMNS", "startIndex": 0,
                                                 "endIndex": 1}, "properties": {"pixelSize": 180},
                                       "fields": "pixelSize"}},
        {"setDataValidation": {"range": {**grid, "startRowIndex": 1, "endRowIndex": 3},
                               "rule": {"condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "0"}]}}}},
        {"addConditionalFormatRule": {"index": 0, "rule": {"ranges": [grid], "booleanRule": {
            "condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "10"}]},
            "format": {"textFormat": {"italic": True}}}}}},
        {"addChart": {"chart": {"spec": {"title": "ผู้ตอบ", "basicChart": {"chartType": "COLUMN"}},
                                "position": {"overlayPosition": {"anchorCell": {"sheetId": 9001}}}}}},
        {"autoResizeDimensions": {"dimensions": {"sheetId": 9001, "dimension": "COLUMNS", "startIndex": 1,
                                                 "endIndex": 2}}},
        {"appendDimension": {"sheetId": 9001, "dimension": "ROWS", "length": 2}},
        {"deleteSheet": {"sheetId": old_id}},
        {"updateSheetProperties": {"properties": {"sheetId": 9001, "title": "สรุปภาพรวม"}, "fields": "title"}},
    ]
    res = emulator_sheets_service.spreadsheets().batchUpdate(
        spreadsheetId=sid, body={"requests": requests_}).execute()
    assert res["replies"][0]["addSheet"]["properties"]["sheetId"] == 9001
    assert res["replies"][6]["addChart"]["chart"]["chartId"] > 0
    assert emulator.tabs(sid) == ["สรุปภาพรวม", "บันทึกของเจ้าหน้าที่"]
    assert emulator.values(sid, "สรุปภาพรวม") == [["ปีงบประมาณ", "จำนวนผู้ตอบ"], [2567, 12], ["=1+1", True]]
    props = emulator.sheet_properties(sid)[0]
    assert props["gridProperties"] == {"rowCount": 5, "columnCount": 2, "frozenRowCount": 1}
    fmt = emulator.formats(sid, "สรุปภาพรวม")
    assert fmt["A1"]["textFormat"] == {"bold": True}
    assert fmt["A1"]["backgroundColor"] == {"red": 0.89803922}
    assert "A2" not in fmt
    assert emulator.dimension_sizes(sid, "สรุปภาพรวม")[0] == 180
    assert set(emulator.data_validations(sid, "สรุปภาพรวม")) == {"A2", "B2", "A3", "B3"}
    objects = emulator.sheet_objects(sid, "สรุปภาพรวม")
    assert len(objects["conditionalFormats"]) == 1 and len(objects["charts"]) == 1
    assert emulator.cell(sid, "สรุปภาพรวม", "A3")["effectiveValue"] == {"stringValue": "=1+1"}
    assert emulator.count(method_id="sheets.spreadsheets.batchUpdate") == 1
    assert not schema_problems(emulator)


def test_batch_update_is_all_or_nothing(emulator: Emulator, emulator_sheets_service) -> None:
    from googleapiclient.errors import HttpError

    sid = emulator.create_spreadsheet(tabs={"A": [["keep"]]})
    before = emulator.spreadsheet_json(sid, include_grid_data=True)
    bad = [
        {"addSheet": {"properties": {"sheetId": 7, "title": "new"}}},
        {"updateCells": {"start": {"sheetId": 7}, "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}],
                         "fields": "userEnteredValue"}},
        {"deleteSheet": {"sheetId": 0}},
        {"updateSheetProperties": {"properties": {"sheetId": 12345, "title": "x"}, "fields": "title"}},
    ]
    with pytest.raises(HttpError) as err:
        emulator_sheets_service.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": bad}).execute()
    body = json.loads(err.value.content)["error"]
    assert (body["code"], body["status"]) == (400, "INVALID_ARGUMENT")
    assert body["message"] == "Invalid requests[3].updateSheetProperties: No grid with id: 12345"
    assert emulator.spreadsheet_json(sid, include_grid_data=True) == before
    with pytest.raises(HttpError) as err:
        emulator_sheets_service.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [
            {"addSheet": {"properties": {"title": "A"}}}]}).execute()
    assert "already exists" in json.loads(err.value.content)["error"]["message"]
    with pytest.raises(HttpError):
        emulator_sheets_service.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [
            {"updateCells": {"start": {"sheetId": 0, "rowIndex": 999},
                             "rows": [{"values": []}, {"values": []}], "fields": "userEnteredValue"}}]}).execute()
    assert emulator.spreadsheet_json(sid, include_grid_data=True) == before


def test_range_strings_and_quoting(emulator: Emulator, emulator_sheets_service) -> None:
    sid = emulator.create_spreadsheet(tabs={"Sheet1": [], "My sheet": [], "สรุปภาพรวม": [], "it's": [], "D3": [],
                                            "Form_1": []})
    ranges = ["Sheet1!A1:B2", "My sheet!A:A", "'สรุปภาพรวม'!2:3", "'it''s'", "'D3'!C5", "Form_1!B2:C"]
    res = emulator_sheets_service.spreadsheets().values().batchGet(spreadsheetId=sid, ranges=ranges).execute()
    assert [v["range"] for v in res["valueRanges"]] == [
        "Sheet1!A1:B2", "'My sheet'!A1:A1000", "'สรุปภาพรวม'!A2:Z3", "'it''s'!A1:Z1000", "'D3'!C5",
        "Form_1!B2:C1000"]
    assert all("values" not in v for v in res["valueRanges"])


def test_value_input_options(emulator: Emulator, emulator_sheets_service) -> None:
    sid = emulator.create_spreadsheet(tabs={"S": []})
    values = emulator_sheets_service.spreadsheets().values()
    row = [["=1+2", "2020-01-31", "1,234", "12%", "TRUE", "'007", "007", ""]]
    values.update(spreadsheetId=sid, range="S!A1", valueInputOption="RAW", body={"values": row}).execute()
    values.update(spreadsheetId=sid, range="S!A2", valueInputOption="USER_ENTERED", body={"values": row}).execute()
    got = values.get(spreadsheetId=sid, range="S", valueRenderOption="UNFORMATTED_VALUE").execute()["values"]
    assert got == [["=1+2", "2020-01-31", "1,234", "12%", "TRUE", "'007", "007"],
                   [3, 43861, 1234, 0.12, True, "007", 7]]
    shown = values.get(spreadsheetId=sid, range="S!A2:G2").execute()["values"]
    assert shown == [["3", "2020-01-31", "1,234", "12%", "TRUE", "007", "7"]]
    res = values.append(spreadsheetId=sid, range="S", valueInputOption="RAW",
                        body={"values": [["next"]]}, includeValuesInResponse=True).execute()
    assert res["tableRange"] == "S!A1:G2"
    assert res["updates"]["updatedRange"] == "S!A3"
    assert res["updates"]["updatedData"]["values"] == [["next"]]
    cleared = values.batchClear(spreadsheetId=sid, body={"ranges": ["S!A1:B1", "S!A3"]}).execute()
    assert cleared["clearedRanges"] == ["S!A1:B1", "S!A3"]
    bu = values.batchUpdate(spreadsheetId=sid, body={"valueInputOption": "RAW", "data": [
        {"range": "S!A5", "values": [[1, 2]]}, {"range": "S!C7:D7", "values": [[3, 4]]}]}).execute()
    assert (bu["totalUpdatedRows"], bu["totalUpdatedColumns"], bu["totalUpdatedCells"]) == (2, 4, 4)
    from googleapiclient.errors import HttpError

    with pytest.raises(HttpError) as err:
        values.update(spreadsheetId=sid, range="S!A1", body={"values": [[1]]}).execute()
    assert "valueInputOption" in json.loads(err.value.content)["error"]["message"]
    assert not schema_problems(emulator)


def test_create_spreadsheet(emulator: Emulator, emulator_sheets_service) -> None:
    res = emulator_sheets_service.spreadsheets().create(body={
        "properties": {"title": "ใหม่", "timeZone": "Asia/Bangkok"},
        "sheets": [{"properties": {"title": "แรก"}}, {"properties": {"title": "สอง", "sheetId": 5}}]}).execute()
    assert res["spreadsheetUrl"].endswith(f"/d/{res['spreadsheetId']}/edit")
    assert [(s["properties"]["sheetId"], s["properties"]["title"]) for s in res["sheets"]] == [(0, "แรก"), (5, "สอง")]
    assert emulator.spreadsheet_properties(res["spreadsheetId"])["timeZone"] == "Asia/Bangkok"
    assert not schema_problems(emulator)


# ---------------------------------------------------------------------------------------------- auth and access


def test_every_call_needs_a_token_from_the_emulator(emulator: Emulator) -> None:
    sid = emulator.create_spreadsheet()
    url = f"{emulator.base_url}v4/spreadsheets/{sid}"
    r = requests.get(url, timeout=5)
    assert r.status_code == 401 and r.json()["error"]["status"] == "UNAUTHENTICATED"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = requests.get(url, headers={"Authorization": "Bearer made-up"}, timeout=5)
    assert r.status_code == 401


def test_token_endpoint_verifies_the_jwt(emulator: Emulator) -> None:
    from google.auth import exceptions
    from google.auth.transport.requests import Request
    from google.oauth2 import service_account

    good = emulator.credentials()
    good.refresh(Request())
    assert good.token.startswith("ya29.")
    forged = emulator.service_account_info()
    forger = ServiceAccount(forged["client_email"], forged["private_key_id"], runtime_private_key("forger"))
    forged["private_key"] = forger.info(emulator.token_uri)["private_key"]
    creds = service_account.Credentials.from_service_account_info(forged, scopes=[SPREADSHEETS_RO])
    with pytest.raises(exceptions.RefreshError, match="Invalid JWT Signature"):
        creds.refresh(Request())
    unknown = emulator.service_account_info()
    unknown["client_email"] = "stranger@example.iam.gserviceaccount.com"
    with pytest.raises(exceptions.RefreshError):
        service_account.Credentials.from_service_account_info(unknown, scopes=[SPREADSHEETS_RO]).refresh(Request())
    no_scope = service_account.Credentials.from_service_account_info(emulator.service_account_info())
    with pytest.raises(exceptions.RefreshError):
        no_scope.refresh(Request())
    token_calls = emulator.calls(api="token")
    assert token_calls[0].body["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert [c.status for c in token_calls] == [200, 400, 400, 400]


def test_scopes_must_cover_the_call(emulator: Emulator) -> None:
    from googleapiclient.errors import HttpError

    sid = emulator.create_spreadsheet(tabs={"S": [[1]]})
    fid = emulator.create_form(items=[{"title": "q"}])
    ro = discovery_service("sheets", "v4", emulator.credentials([SPREADSHEETS_RO]), emulator.base_url)
    assert ro.spreadsheets().values().get(spreadsheetId=sid, range="S").execute()["values"] == [["1"]]
    with pytest.raises(HttpError) as err:
        ro.spreadsheets().values().clear(spreadsheetId=sid, range="S", body={}).execute()
    body = json.loads(err.value.content)["error"]
    assert (body["code"], body["status"]) == (403, "PERMISSION_DENIED")
    assert body["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
    forms_only = emulator.credentials([FORMS_BODY_RO])
    forms = discovery_service("forms", "v1", forms_only, emulator.base_url)
    assert forms.forms().get(formId=fid).execute()["formId"] == fid
    with pytest.raises(HttpError) as err:
        forms.forms().responses().list(formId=fid).execute()
    assert err.value.resp.status == 403
    sheets = discovery_service("sheets", "v4", forms_only, emulator.base_url)
    with pytest.raises(HttpError) as err:
        sheets.spreadsheets().get(spreadsheetId=sid).execute()
    assert err.value.resp.status == 403


def test_expired_tokens_are_refreshed_by_google_auth(emulator: Emulator, emulator_sheets_service) -> None:
    sid = emulator.create_spreadsheet()
    emulator_sheets_service.spreadsheets().get(spreadsheetId=sid).execute()
    emulator.expire_tokens()
    emulator_sheets_service.spreadsheets().get(spreadsheetId=sid).execute()
    assert emulator.count(api="token") == 2
    assert [c.status for c in emulator.calls()] == [200, 401, 200]


def test_access_denied_and_missing(emulator: Emulator, emulator_credentials) -> None:
    from google.auth.transport.requests import AuthorizedSession

    session = AuthorizedSession(emulator_credentials)
    sid = emulator.create_spreadsheet()
    fid = emulator.create_form()
    for path in (f"v4/spreadsheets/{sid}", f"v4/spreadsheets/{sid}/values/A1", f"v1/forms/{fid}/responses"):
        assert session.get(emulator.base_url + path).status_code == 200
    emulator.deny(sid)
    emulator.deny(fid)
    for path in (f"v4/spreadsheets/{sid}", f"v4/spreadsheets/{sid}/values/A1", f"v1/forms/{fid}/responses"):
        r = session.get(emulator.base_url + path)
        assert r.status_code == 403
        assert r.json() == {"error": {"code": 403, "message": "The caller does not have permission",
                                      "status": "PERMISSION_DENIED"}}
    emulator.grant(sid)
    assert session.get(emulator.base_url + f"v4/spreadsheets/{sid}").status_code == 200
    r = session.get(emulator.base_url + "v4/spreadsheets/nope")
    assert r.status_code == 404 and r.json()["error"] == {
        "code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    assert session.get(emulator.base_url + "v1/forms/nope").status_code == 404


def test_path_prefix_is_kept(emulator_key_file) -> None:
    with Emulator(path_prefix="/gateway/google") as emu:
        assert emu.base_url.endswith("/gateway/google/")
        sid = emu.create_spreadsheet(tabs={"S": [["x"]]})
        svc = discovery_service("sheets", "v4", emu.credentials(), emu.base_url)
        assert svc.spreadsheets().values().get(spreadsheetId=sid, range="S").execute()["values"] == [["x"]]


# ---------------------------------------------------------------------------------------------- forms


def _form(emulator: Emulator, n: int) -> str:
    t0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return emulator.create_form(
        title="แบบสำรวจ ITA",
        items=[{"title": "ติดต่อกับ สป.ดศ. ณ หน่วยงาน", "questionId": "0a1b2c3d", "kind": "radio",
                "options": ["กองกลาง", "ศปท."]},
               {"title": "ช่องทาง", "questionId": "11aa22bb", "kind": "checkbox", "options": ["เว็บไซต์", "Facebook"]},
               {"title": "ความคิดเห็น", "kind": "paragraph"}],
        responses=[{"responseId": f"r{i:05d}", "createTime": t0 + dt.timedelta(minutes=i),
                    "answers": {"0a1b2c3d": "ศปท.", "ช่องทาง": ["เว็บไซต์", "Facebook"]}} for i in range(n)],
    )


def test_forms_get_and_response_shape(emulator: Emulator, emulator_forms_service) -> None:
    fid = _form(emulator, 1)
    form = emulator_forms_service.forms().get(formId=fid).execute()
    assert form["info"]["title"] == "แบบสำรวจ ITA"
    q = [(i["title"], i["questionItem"]["question"]["questionId"]) for i in form["items"]]
    assert q[:2] == [("ติดต่อกับ สป.ดศ. ณ หน่วยงาน", "0a1b2c3d"), ("ช่องทาง", "11aa22bb")]
    assert form["items"][1]["questionItem"]["question"]["choiceQuestion"]["type"] == "CHECKBOX"
    resp = emulator_forms_service.forms().responses().list(formId=fid).execute()
    assert resp == {"responses": [{
        "formId": fid, "responseId": "r00000", "createTime": "2024-01-01T00:00:00Z",
        "lastSubmittedTime": "2024-01-01T00:00:00Z",
        "answers": {
            "0a1b2c3d": {"questionId": "0a1b2c3d", "textAnswers": {"answers": [{"value": "ศปท."}]}},
            "11aa22bb": {"questionId": "11aa22bb",
                         "textAnswers": {"answers": [{"value": "เว็บไซต์"}, {"value": "Facebook"}]}},
        }}]}
    one = emulator_forms_service.forms().responses().get(formId=fid, responseId="r00000").execute()
    assert one == resp["responses"][0]
    assert not schema_problems(emulator)


def test_forms_paging_and_timestamp_filter(emulator: Emulator, emulator_forms_service) -> None:
    from googleapiclient.errors import HttpError

    fid = _form(emulator, 12)
    api = emulator_forms_service.forms().responses()
    seen, token, pages = [], None, 0
    while True:
        page = api.list(formId=fid, pageSize=5, pageToken=token).execute()
        seen += [r["responseId"] for r in page["responses"]]
        pages += 1
        token = page.get("nextPageToken")
        if not token:
            break
    assert pages == 3 and seen == [f"r{i:05d}" for i in range(12)]
    assert len(api.list(formId=fid, pageSize=100000).execute()["responses"]) == 12
    emulator.edit_response(fid, "r00001", {"ความคิดเห็น": "แก้แล้ว"}, last_submitted_time="2024-02-01T08:00:00.5Z")
    ge = api.list(formId=fid, filter="timestamp >= 2024-01-01T00:10:00Z").execute()["responses"]
    assert [r["responseId"] for r in ge] == ["r00001", "r00010", "r00011"]
    gt = api.list(formId=fid, filter="timestamp > 2024-01-01T00:10:00Z").execute()["responses"]
    assert [r["responseId"] for r in gt] == ["r00001", "r00011"]
    assert ge[0]["lastSubmittedTime"] == "2024-02-01T08:00:00.500Z"
    assert api.list(formId=fid, filter="timestamp > 2030-01-01T00:00:00Z").execute() == {}
    for bad in ("timestamp < 2024-01-01T00:00:00Z", "responseId = 3", "timestamp >= yesterday"):
        with pytest.raises(HttpError) as err:
            api.list(formId=fid, filter=bad).execute()
        assert err.value.resp.status == 400
    assert emulator.count(method_id="forms.forms.responses.list") == 10
    assert not schema_problems(emulator)
