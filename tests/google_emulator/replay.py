"""Replaying recorded Sheets API traffic (vcrpy/betamax-style cassettes) against the emulator.

Used by tests/test_emulator_conformance.py; kept here so a developer can run one cassette by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import requests

from .server import Emulator

SHEETS_HOST = "sheets.googleapis.com"
DRIVE_HOST = "www.googleapis.com"

# Response keys Google returns that the emulator deliberately does not model.
NOT_MODELLED: dict[str, str] = {}

# Leaves whose value depends on things the emulator cannot know; their key and type are still compared.
VOLATILE = {
    "editors.users[]": "the recording account's e-mail address",
    "columnMetadata[].pixelSize": "autoResizeDimensions widths come from Google's font metrics",
}

# batchUpdate reply kinds that carry ids Google chose: the replay passes the recorded id in the request.
CHOSEN_IDS = {
    "addSheet": ("properties", "sheetId"),
    "addNamedRange": ("namedRange", "namedRangeId"),
    "addProtectedRange": ("protectedRange", "protectedRangeId"),
    "addChart": ("chart", "chartId"),
}


@dataclass
class Outcome:
    cassette: str
    index: int
    method: str
    path: str
    kind: str  # "compared" | "seeded" | "skipped"
    reason: str = ""
    diffs: list[str] = field(default_factory=list)
    shape_only: bool = False


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text())["interactions"]


def _body(interaction: dict, side: str) -> Any:
    part = interaction[side]
    raw = part["body"]["string"] if side == "response" else part.get("body")
    if raw in (None, ""):
        return None
    try:
        return json.loads(raw)
    except (ValueError, TypeError):
        return raw


def _first_metadata(interactions: list[dict], spreadsheet_id: str) -> dict:
    for it in interactions:
        u = urlsplit(it["request"]["uri"])
        if u.netloc == SHEETS_HOST and u.path == f"/v4/spreadsheets/{spreadsheet_id}" and it["request"]["method"] == "GET":
            body = _body(it, "response")
            if isinstance(body, dict) and "properties" in body and "timeZone" in body["properties"]:
                return body
    return {}


def compare(recorded: Any, actual: Any, path: str = "", values: bool = True) -> list[str]:
    """Differences in keys (recursively), JSON value types, and (with ``values``) leaf values."""
    diffs: list[str] = []
    if isinstance(recorded, dict) and isinstance(actual, dict):
        for key in recorded.keys() | actual.keys():
            sub = f"{path}.{key}" if path else key
            if key not in actual:
                if not any(sub.endswith(k) for k in NOT_MODELLED):
                    diffs.append(f"missing key {sub}")
            elif key not in recorded:
                diffs.append(f"extra key {sub}")
            else:
                diffs.extend(compare(recorded[key], actual[key], sub, values))
        return diffs
    if isinstance(recorded, list) and isinstance(actual, list):
        if len(recorded) != len(actual) and values:
            diffs.append(f"length {path}: recorded {len(recorded)}, emulator {len(actual)}")
        for i, (a, b) in enumerate(zip(recorded, actual)):
            diffs.extend(compare(a, b, f"{path}[{i}]", values))
        return diffs
    if type(recorded) is not type(actual):
        diffs.append(f"type {path}: recorded {type(recorded).__name__} {recorded!r:.60}, "
                     f"emulator {type(actual).__name__} {actual!r:.60}")
    elif values and recorded != actual and not any(re.sub(r"\[\d+\]", "[]", path).endswith(v) for v in VOLATILE):
        diffs.append(f"value {path}: recorded {recorded!r:.80}, emulator {actual!r:.80}")
    return diffs


class Replayer:
    def __init__(self, emulator: Emulator, session: requests.Session):
        self.emu = emulator
        self.session = session

    def run(self, cassette: Path) -> list[Outcome]:
        interactions = load(cassette)
        outcomes: list[Outcome] = []
        diverged = ""
        for i, it in enumerate(interactions):
            req = it["request"]
            u = urlsplit(req["uri"])
            rec_status = it["response"]["status"]["code"]
            out = Outcome(cassette.name, i, req["method"], u.path, "skipped")
            outcomes.append(out)
            if u.netloc == DRIVE_HOST:
                self._drive(it, interactions, out)
                if out.kind == "skipped" and req["method"] != "GET":
                    diverged = diverged or out.reason
                continue
            if u.netloc != SHEETS_HOST:
                out.reason = f"host {u.netloc} out of scope"
                continue
            body_text = req.get("body")
            rec_body = _body(it, "response")
            sid = u.path.split("/")[3].split(":")[0] if u.path.count("/") >= 3 else ""
            if rec_status == 200 and sid and sid not in self.emu.spreadsheets and u.path == f"/v4/spreadsheets/{sid}":
                self.seed(_first_metadata(interactions, sid) or (rec_body if isinstance(rec_body, dict) else {}))
            if rec_status == 403 and sid and sid not in self.emu.spreadsheets:
                self.emu.create_spreadsheet(sid, "private")  # state implied: it exists, we may not read it
                self.emu.deny(sid)
            if u.path.endswith(":batchUpdate") and "/values" not in u.path and body_text and rec_status == 200:
                body_text = self._inject_ids(body_text, rec_body)
            headers = {"Content-Type": "application/json"} if body_text else {}
            url = self.emu.base_url.rstrip("/") + u.path + (f"?{u.query}" if u.query else "")
            resp = self.session.request(req["method"], url, data=body_text.encode() if body_text else None,
                                        headers=headers, timeout=10)
            try:
                act_body = resp.json() if resp.content else None
            except ValueError:
                act_body = resp.text
            if resp.status_code == 501:
                out.reason = f"not emulated: {act_body['error']['message']}"
                diverged = diverged or out.reason
                continue
            out.kind = "compared"
            out.shape_only = bool(diverged)
            if rec_status // 100 != resp.status_code // 100:
                if diverged:
                    out.kind, out.reason = "skipped", f"state diverged after: {diverged}"
                    continue
                out.diffs.append(f"status: recorded {rec_status}, emulator {resp.status_code} {str(act_body)[:300]}")
                continue
            if rec_status >= 400:
                rec_err, act_err = (rec_body or {}).get("error", {}), (act_body or {}).get("error", {})
                for key in ("code", "status"):
                    if rec_err.get(key) != act_err.get(key):
                        out.diffs.append(f"error.{key}: recorded {rec_err.get(key)}, emulator {act_err.get(key)}")
                continue
            out.diffs.extend(compare(rec_body, act_body, "", values=not diverged))
        return outcomes

    def _inject_ids(self, body_text: str, rec_body: Any) -> str:
        try:
            body = json.loads(body_text)
        except ValueError:
            return body_text
        replies = (rec_body or {}).get("replies") or []
        for req, reply in zip(body.get("requests") or [], replies):
            for kind, (holder, id_key) in CHOSEN_IDS.items():
                if kind in req and kind in (reply or {}):
                    chosen = reply[kind].get(holder, {}).get(id_key)
                    target = req[kind].setdefault(holder, {})
                    if chosen is not None and id_key not in target:
                        target[id_key] = chosen
        return json.dumps(body)

    def seed(self, meta: dict) -> None:
        """Create a spreadsheet that existed before the recording, from its recorded metadata."""
        if not meta.get("spreadsheetId") or "sheets" not in meta:
            return
        props = meta.get("properties", {})
        sid = self.emu.create_spreadsheet(meta["spreadsheetId"], props.get("title", ""),
                                          time_zone=props.get("timeZone"), locale=props.get("locale", "en_US"))
        with self.emu.lock:
            ss = self.emu.spreadsheets[sid]
            ss.sheets.clear()
            for sheet in meta["sheets"]:
                ss.add_sheet(sheet["properties"])

    def _drive(self, it: dict, interactions: list[dict], out: Outcome) -> None:
        req = it["request"]
        u = urlsplit(req["uri"])
        rec = _body(it, "response")
        if req["method"] == "POST" and u.path == "/drive/v3/files" and isinstance(rec, dict) and "id" in rec:
            if rec.get("mimeType") != "application/vnd.google-apps.spreadsheet":
                out.reason = "Drive create of a non-spreadsheet"
                return
            meta = _first_metadata(interactions, rec["id"]).get("properties", {})
            self.emu.create_spreadsheet(rec["id"], rec.get("name", "Untitled spreadsheet"),
                                        time_zone=meta.get("timeZone", "Etc/GMT"), locale=meta.get("locale", "en_US"))
            out.kind, out.reason = "seeded", "Drive files.create -> emulator spreadsheet"
            return
        if req["method"] == "POST" and u.path.endswith("/copy") and isinstance(rec, dict) and "id" in rec:
            src = unquote(u.path.split("/")[4])
            with self.emu.lock:
                if src in self.emu.spreadsheets:
                    copy = self.emu.spreadsheets[src].clone()
                    copy.id = rec["id"]
                    copy.props["title"] = rec.get("name", copy.props["title"])
                    self.emu.spreadsheets[rec["id"]] = copy
            out.kind, out.reason = "seeded", "Drive files.copy -> emulator spreadsheet copy"
            return
        if req["method"] == "DELETE" and u.path.startswith("/drive/v3/files/"):
            self.emu.delete_spreadsheet(unquote(u.path.rsplit("/", 1)[1]))
            out.kind, out.reason = "seeded", "Drive files.delete -> emulator delete"
            return
        if req["method"] == "GET" and u.path == "/drive/v3/files" and isinstance(rec, dict):
            for f in rec.get("files", []):
                if f.get("id") not in self.emu.spreadsheets:
                    self.seed(_first_metadata(interactions, f["id"]))
            out.kind, out.reason = "seeded", "Drive files.list -> existing spreadsheets seeded"
            return
        out.reason = "Drive API out of scope"
