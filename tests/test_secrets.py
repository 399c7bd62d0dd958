"""Secrets never reach any output (contract section 2, issue 10 fault 3 and its acceptance).

A fresh service-account key is pasted everywhere a user could paste it; `check`, `run`,
`resync --dry-run` and `status` (text and JSON) are run with JSON logs, and no 20-character slice of
the key may appear in stdout, stderr, the state folder or the master. The master, when one
may not be a source, and the key file's permissions are config checks too.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from config.settings import MASKED, key_file_warnings, looks_secret, settings_from_dict
from core.errors import ConfigError
from tests.fixtures import make_setup

SLICE = 20


def fresh_key() -> dict[str, str]:
    """A service-account key file's JSON with a never-seen private key (random, PEM-armoured)."""
    body = base64.b64encode(b"\x30\x82\x04\xbd" + secrets.token_bytes(1200)).decode()
    pem = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(textwrap.wrap(body, 64)) + "\n-----END PRIVATE KEY-----\n"
    return {"type": "service_account", "project_id": "ita-sync-test", "private_key_id": secrets.token_hex(20),
            "private_key": pem, "client_email": "ita-sync@ita-sync-test.iam.gserviceaccount.com",
            "client_id": str(secrets.randbelow(10**20)), "token_uri": "https://oauth2.googleapis.com/token"}


def toml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _tables(text: str, table: str, line: str) -> str:
    """Add ``line`` at the start of ``[table]`` (or at the top for "")."""
    if not table:
        return f"{line}\n{text}"
    head = f"[{table}]\n"
    assert head in text, table
    return text.replace(head, f"{head}{line}\n", 1)


def secret_parts(key: dict[str, str]) -> list[str]:
    return [key["private_key"], key["private_key_id"], json.dumps(key)]


# where a user could paste it: (id, table, key, which text)
PLACES = [
    ("credentials-json", "backend", "credentials", "json"),
    ("credentials-pem", "backend", "credentials", "pem"),
    ("unknown-top-level-private-key", "", "private_key", "pem"),
    ("unknown-backend-token", "backend", "token", "id"),
    ("unknown-key-json", "survey", "key_file", "json"),
    ("survey-worksheet", "survey", "worksheet", "pem"),
    ("survey-form", "survey", "form", "json"),
    ("master-spreadsheet", "master", "spreadsheet", "pem"),
    ("report-spreadsheet", "[reports]", "spreadsheet", "json"),
    ("question-title", "survey.questions", "unit", "pem"),
    ("timezone", "", "timezone", "pem"),
    ("schedule-cron", "schedule", "cron", "json"),
    ("state-dir", "state", "dir", "pem"),
]


def paste(config: Path, place: tuple[str, str, str, str], key: dict[str, str]) -> None:
    _, table, name, which = place
    value = {"json": json.dumps(key, indent=2), "pem": key["private_key"], "id": key["private_key_id"]}[which]
    text = config.read_text(encoding="utf-8")
    if table == "[reports]":
        text = text.replace('[[reports]]\nspreadsheet = "reports/*.xlsx"',
                            f"[[reports]]\nspreadsheet = {toml_text(value)}")
    elif table == "survey.questions":
        text += f"\n[survey.questions]\n{name} = {toml_text(value)}\n"
    elif table == "schedule":
        text += f"\n[schedule]\n{name} = {toml_text(value)}\n"
    elif table == "state":
        text += f"\n[state]\n{name} = {toml_text(value)}\n"
    elif (table, name) in (("survey", "worksheet"), ("master", "spreadsheet"), ("", "timezone")):
        import re

        pattern = {"worksheet": r'worksheet = ".*"', "spreadsheet": r'(\[master\]\n)spreadsheet = ".*"',
                   "timezone": r'timezone = ".*"'}[name]
        repl = f"{name} = {toml_text(value)}"
        text = re.sub(pattern, lambda m: (m.group(1) if m.groups() else "") + repl, text, count=1)
    else:
        text = _tables(text, table, f"{name} = {toml_text(value)}")
    config.write_text(text, encoding="utf-8")


def leaked(blob: str, key: dict[str, str]) -> str | None:
    """The first 20-character slice of any part of the key found in ``blob``."""
    for part in secret_parts(key):
        for i in range(0, len(part) - SLICE + 1):
            piece = part[i:i + SLICE]
            if "\n" in piece or piece.strip() != piece:
                continue
            if piece in blob and not piece.startswith(("-----BEGIN PRIVATE", "-----END PRIVATE", "PRIVATE KEY-----")):
                return piece
    return None


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, "ITA_SYNC_LOG_JSON": "1"})


def every_output(root: Path) -> str:
    """The text of every file the tool may have written (state, master, logs) under ``root``."""
    parts = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".toml",):
            data = path.read_bytes()
            parts.append(data.decode("utf-8", "replace"))
            if path.suffix == ".xlsx":
                import zipfile

                with zipfile.ZipFile(path) as z:
                    parts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return "\n".join(parts)


@pytest.mark.parametrize("place", PLACES, ids=[p[0] for p in PLACES])
def test_a_pasted_key_reaches_no_output(tmp_path, place):
    config = make_setup(tmp_path)
    first = cli("run", "--config", str(config), cwd=tmp_path)  # a master and a history exist
    assert first.returncode == 0, first.stderr
    key = fresh_key()
    paste(config, place, key)
    seen = []
    for args in (("check",), ("run",), ("resync", "--dry-run"), ("status",), ("status", "--json")):
        done = cli(*args, "--config", str(config), cwd=tmp_path)
        assert done.returncode == 2, (args, done.stdout, done.stderr)  # a pasted secret is a config error
        assert "Traceback" not in done.stderr
        seen += [done.stdout, done.stderr]
        found = leaked(done.stdout + done.stderr, key)
        assert found is None, f"{args}: {found!r} of the key in the output"
    assert any("masked" in s or "pasted in place of its path" in s for s in seen)
    found = leaked(every_output(tmp_path), key)
    assert found is None, f"{found!r} of the key on disk"


def test_the_scan_can_fail():
    """The scanner finds a slice of the key (so the test above can fail)."""
    key = fresh_key()
    assert leaked(f"error: {key['private_key'][40:70]}", key) is not None
    assert leaked(f"x {key['private_key_id']} y", key) is not None
    assert leaked("nothing here", key) is None


BASE = {"backend": {"kind": "local"}, "survey": {"spreadsheet": "survey.xlsx"},
        "master": {"spreadsheet": "master.xlsx"}}


@pytest.mark.parametrize(("key", "value", "secret"), [
    ("private_key", "-----BEGIN PRIVATE KEY-----\nMIIE", True),
    ("anything", '{"type": "service_account", "private_key": "x"}', True),
    ("password", "hunter2", True),
    ("api_token", "abc", True),
    ("worksheet", "ya29.a0AfH6SMBx1234567890abcdef", True),
    ("spreadsheet", "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd", False),  # a sheet ID is no secret
    ("worksheet", "การตอบแบบฟอร์ม 1", False),
    ("credentials", "service-account.json", False),
], ids=["pem", "key-json", "password-key", "token-key", "oauth-token", "sheet-id", "thai-tab", "key-path"])
def test_what_looks_like_a_secret(key, value, secret):
    assert looks_secret(key, value) is secret


def test_credentials_json_is_an_error_that_says_so():
    key = fresh_key()
    raw = {**BASE, "backend": {"kind": "google", "credentials": json.dumps(key)},
           "survey": {"spreadsheet": "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"},
           "master": {"spreadsheet": "1ZyXdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"}}
    with pytest.raises(ConfigError) as info:
        settings_from_dict(raw, base_dir=Path("."))
    text = str(info.value)
    assert "backend.credentials" in text and "pasted in place of its path" in text and MASKED in text
    assert leaked(text, key) is None


# --- the master may not be a source (issue 10, fault 8) ---------------------------------------
SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"


@pytest.mark.parametrize(("raw", "clash"), [
    ({**BASE, "master": {"spreadsheet": "survey.xlsx"}}, "survey.spreadsheet"),
    ({**BASE, "master": {"spreadsheet": "./survey.xlsx"}}, "survey.spreadsheet"),
    ({**BASE, "master": {"spreadsheet": "sub/../survey.xlsx"}}, "survey.spreadsheet"),
    ({**BASE, "reports": [{"spreadsheet": "a.xlsx"}, {"spreadsheet": "master.xlsx"}]}, "[[reports]] #2"),
    ({"backend": {"kind": "google"}, "survey": {"spreadsheet": SHEET},
      "master": {"spreadsheet": f"https://docs.google.com/spreadsheets/d/{SHEET}/edit#gid=0"}}, "survey.spreadsheet"),
    ({"backend": {"kind": "google"}, "survey": {"spreadsheet": SHEET.replace("1AbC", "1QQQ")},
      "reports": [{"spreadsheet": f"https://docs.google.com/spreadsheets/d/{SHEET}/"}],
      "master": {"spreadsheet": SHEET}}, "[[reports]] #1"),
], ids=["local-same-name", "local-dot-slash", "local-dot-dot", "local-literal-report", "google-url-vs-id",
        "google-report-id"])
def test_the_master_may_not_be_a_source(tmp_path, raw, clash):
    with pytest.raises(ConfigError) as info:
        settings_from_dict(raw, base_dir=tmp_path)
    assert any("master.spreadsheet" in p and clash in p for p in info.value.problems), info.value.problems
    assert info.value.exit_code == 2


def test_the_master_hard_linked_to_the_survey_is_the_same_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "survey.xlsx").write_bytes(b"x")
    os.link(tmp_path / "data" / "survey.xlsx", tmp_path / "data" / "other.xlsx")
    raw = {**BASE, "backend": {"kind": "local", "data_dir": "data"}, "master": {"spreadsheet": "other.xlsx"}}
    with pytest.raises(ConfigError, match="survey.spreadsheet"):
        settings_from_dict(raw, base_dir=tmp_path)


def test_a_glob_that_matches_the_master_is_no_conflict(tmp_path):
    """Contract section 2: a glob skips the survey and the master, so it cannot overwrite a source."""
    raw = {**BASE, "reports": [{"spreadsheet": "*.xlsx"}]}
    settings_from_dict(raw, base_dir=tmp_path)


# --- the key file's permissions ----------------------------------------------------------------
@pytest.mark.parametrize(("mode", "warned"), [(0o600, False), (0o400, False), (0o640, True), (0o644, True),
                                              (0o604, True), (0o666, True)])
def test_a_key_file_readable_by_others_is_warned(tmp_path, mode, warned):
    keyfile = tmp_path / "sa.json"
    key = fresh_key()
    keyfile.write_text(json.dumps(key), encoding="utf-8")
    keyfile.chmod(mode)
    raw = {"backend": {"kind": "google", "credentials": "sa.json"}, "survey": {"spreadsheet": SHEET},
           "master": {"spreadsheet": SHEET.replace("1AbC", "1ZZZ")}}
    warnings = key_file_warnings(settings_from_dict(raw, base_dir=tmp_path))
    assert bool(warnings) is warned
    assert all("chmod 600" in w and leaked(w, key) is None for w in warnings)


def test_check_warns_about_a_key_file_readable_by_others(tmp_path):
    from config.settings import load_settings
    from core.units import Registry
    from sync.check import WARN, run_checks

    keyfile = tmp_path / "sa.json"
    keyfile.write_text(json.dumps(fresh_key()), encoding="utf-8")
    keyfile.chmod(0o644)
    cfg = tmp_path / "ita-sync.toml"
    cfg.write_text(f'[backend]\nkind = "google"\ncredentials = "sa.json"\napi_endpoint = "http://127.0.0.1:9/"\n'
                   f'[survey]\nspreadsheet = "{SHEET}"\n[master]\nspreadsheet = "{SHEET.replace("1AbC", "1ZZZ")}"\n',
                   encoding="utf-8")
    findings = list(run_checks(load_settings(cfg), Registry(())))
    assert any(level == WARN and "chmod 600" in msg for level, msg in findings[:4])
