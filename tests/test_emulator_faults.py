"""Each fault mode of the Google emulator, observed on the wire with plain requests and sockets."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from tests.google_emulator import Emulator


@pytest.fixture
def api(emulator: Emulator):
    """(session, url of a spreadsheet) with a valid bearer token; the token call is not an API call."""
    sid = emulator.create_spreadsheet(tabs={"S": [["a", 1]]})
    token = requests.post(emulator.token_uri, data={
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "assertion": _assertion(emulator)}, timeout=5).json()["access_token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session, f"{emulator.base_url}v4/spreadsheets/{sid}", sid


def _assertion(emulator: Emulator) -> str:
    from google.auth import crypt, jwt

    info = emulator.service_account_info()
    now = int(time.time())
    return jwt.encode(crypt.RSASigner.from_service_account_info(info), {
        "iss": info["client_email"], "aud": "https://oauth2.googleapis.com/token", "iat": now, "exp": now + 3600,
        "scope": "https://www.googleapis.com/auth/spreadsheets"}).decode()


def test_rate_limit_429_with_retry_after_for_the_next_k_calls(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.rate_limit(times=2, retry_after=7)
    for _ in range(2):
        r = session.get(url, timeout=5)
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "7"
        assert r.json()["error"]["code"] == 429
        assert r.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert session.get(url, timeout=5).status_code == 200
    assert [c.fault for c in emulator.calls()] == ["status 429", "status 429", None]


def test_fault_limited_to_a_path_pattern(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.rate_limit(times=1, retry_after=1, path=r":batchUpdate$")
    assert session.get(url, timeout=5).status_code == 200
    assert session.get(url + "/values/S", timeout=5).status_code == 200
    body = {"requests": [{"addSheet": {"properties": {"title": "x"}}}]}
    assert session.post(url + ":batchUpdate", json=body, timeout=5).status_code == 429
    assert session.post(url + ":batchUpdate", json=body, timeout=5).status_code == 200


def test_server_error_bursts(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.fail(times=3, status=503)
    emulator.faults.fail(times=1, status=500)
    got = [session.get(url, timeout=5) for _ in range(5)]
    assert [r.status_code for r in got] == [503, 503, 503, 500, 200]
    assert got[0].json()["error"]["status"] == "UNAVAILABLE"
    assert got[3].json()["error"]["status"] == "INTERNAL"


def test_fail_the_nth_call_from_now_leaves_state_untouched(emulator: Emulator, api) -> None:
    session, url, sid = api
    emulator.faults.fail_nth(3, status=500, path=r":batchUpdate$")
    statuses = []
    for i in range(4):
        body = {"requests": [{"addSheet": {"properties": {"title": f"t{i}"}}}]}
        statuses.append(session.post(url + ":batchUpdate", json=body, timeout=5).status_code)
    assert statuses == [200, 200, 500, 200]
    assert emulator.tabs(sid) == ["S", "t0", "t1", "t3"]


def test_any_status_can_be_injected(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.fail(times=1, status=403, message="Rate Limit Exceeded")
    r = session.get(url, timeout=5)
    assert r.status_code == 403
    assert r.json() == {"error": {"code": 403, "message": "Rate Limit Exceeded", "status": "PERMISSION_DENIED"}}


def test_slow_response_beyond_the_client_timeout(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.slow(0.6, times=1)
    t0 = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.get(url, timeout=(2, 0.2))
    assert time.monotonic() - t0 < 0.5
    r = session.get(url, timeout=(2, 2))
    assert r.status_code == 200


def test_connection_dropped_mid_response(emulator: Emulator, api) -> None:
    session, url, sid = api
    token = session.headers["Authorization"]
    emulator.faults.drop_connection(times=1, path=r":batchUpdate$", apply=True)
    body = b'{"requests": [{"addSheet": {"properties": {"title": "dropped"}}}]}'
    host, port = emulator.host, emulator.port
    path = url.split(f":{port}", 1)[1] + ":batchUpdate"
    with socket.create_connection((host, port), timeout=5) as raw:
        raw.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        data = b""
        while chunk := raw.recv(65536):
            data += chunk
    head, _, partial = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    declared = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")][0].split(b":")[1])
    assert 0 < len(partial) < declared  # headers and part of the body, then the socket closed
    assert "dropped" in emulator.tabs(sid)  # the work was done; only the answer was lost
    emulator.faults.drop_connection(times=1, apply=False)
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        session.post(url + ":batchUpdate", json={"requests": [{"addSheet": {"properties": {"title": "lost"}}}]},
                     timeout=5)
    assert "lost" not in emulator.tabs(sid)
    assert session.get(url, timeout=5).status_code == 200


def test_per_call_latency(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.set_latency(0.05)
    t0 = time.monotonic()
    for _ in range(4):
        assert session.get(url, timeout=5).status_code == 200
    assert time.monotonic() - t0 >= 0.2
    emulator.faults.set_latency(0)
    t0 = time.monotonic()
    for _ in range(4):
        session.get(url, timeout=5)
    assert time.monotonic() - t0 < 0.2


def test_token_endpoint_only_faulted_when_targeted(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.fail(times=None, status=503)  # every API call, until cleared
    grant = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": _assertion(emulator)}
    assert requests.post(emulator.token_uri, data=grant, timeout=5).status_code == 200
    assert session.get(url, timeout=5).status_code == 503
    emulator.faults.clear()
    emulator.faults.fail(times=1, status=500, path=r"^/token$")
    assert requests.post(emulator.token_uri, data=grant, timeout=5).status_code == 500
    assert requests.post(emulator.token_uri, data=grant, timeout=5).status_code == 200
    assert session.get(url, timeout=5).status_code == 200


def test_faults_are_counted_exactly_under_concurrency(emulator: Emulator, api) -> None:
    session, url, _ = api
    emulator.faults.fail(times=5, status=503)
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        with requests.Session() as s:
            s.headers.update(session.headers)
            for _ in range(5):
                code = s.get(url, timeout=5).status_code
                with lock:
                    statuses.append(code)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses).count(503) == 5 and statuses.count(200) == 15
    assert not emulator.faults.pending()


def test_google_client_libraries_see_the_faults(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    import gspread
    from googleapiclient.errors import HttpError

    from tests.google_emulator import discovery_service, gspread_client

    sid = emulator.create_spreadsheet(tabs={"S": [["x"]]})
    creds = emulator.credentials()
    emulator.faults.rate_limit(times=1, retry_after=3)
    with pytest.raises(gspread.exceptions.APIError) as err:
        gspread_client(creds, emulator.base_url).open_by_key(sid)
    assert err.value.response.status_code == 429 and err.value.response.headers["Retry-After"] == "3"
    emulator.faults.fail(times=2, status=503)
    svc = discovery_service("sheets", "v4", creds, emulator.base_url)
    with pytest.raises(HttpError) as herr:
        svc.spreadsheets().values().get(spreadsheetId=sid, range="S").execute()
    assert herr.value.resp.status == 503
    # googleapiclient's own retry (num_retries) rides over the second 503 (its random back-off zeroed)
    monkeypatch.setattr("googleapiclient.http.random.random", lambda: 0.0)
    assert svc.spreadsheets().values().get(spreadsheetId=sid, range="S").execute(num_retries=2)["values"] == [["x"]]
