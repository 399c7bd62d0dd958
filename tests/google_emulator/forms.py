"""Forms v1 state: forms with question items, and their responses."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, bad_request

MAX_PAGE = 5000


def rfc3339(value: dt.datetime | str) -> str:
    """Google's timestamp text: UTC, 'Z', fractional seconds only when non-zero."""
    if isinstance(value, str):
        value = parse_rfc3339(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    value = value.astimezone(dt.UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}".rstrip("0").ljust(3, "0")
    return text + "Z"


_TS = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")


def parse_rfc3339(text: str) -> dt.datetime:
    m = _TS.match(text.strip())
    if not m:
        raise ValueError(text)
    frac = (m.group(3) or ".0")[1:7].ljust(6, "0")
    tz = m.group(4)
    base = dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}").replace(microsecond=int(frac))
    if tz == "Z":
        return base.replace(tzinfo=dt.UTC)
    sign = 1 if tz[0] == "+" else -1
    hours, minutes = int(tz[1:3]), int(tz[4:6])
    return base.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))


@dataclass
class Form:
    form_id: str
    title: str
    items: list[dict]
    document_title: str | None = None
    linked_sheet_id: str | None = None
    responses: dict[str, dict] = field(default_factory=dict)  # responseId -> FormResponse JSON
    revision_id: str = "00000001"

    def json(self) -> dict:
        out: dict[str, Any] = {
            "formId": self.form_id,
            "info": {"title": self.title, "documentTitle": self.document_title or self.title},
            "settings": {},
            "revisionId": self.revision_id,
            "responderUri": f"https://docs.google.com/forms/d/e/{self.form_id}/viewform",
            "items": copy.deepcopy(self.items),
        }
        if self.linked_sheet_id:
            out["linkedSheetId"] = self.linked_sheet_id
        return out

    def question_ids(self) -> dict[str, str]:
        """title -> questionId for every question item; a grid's rows as ``<grid title> [<row title>]``
        (the linked sheet's column titles)."""
        out = {}
        for item in self.items:
            q = (item.get("questionItem") or {}).get("question")
            if q:
                out[item.get("title", "")] = q["questionId"]
            for gq in (item.get("questionGroupItem") or {}).get("questions", []):
                out[f"{item.get('title', '')} [{(gq.get('rowQuestion') or {}).get('title', '')}]"] = gq["questionId"]
        return out


def make_item(spec: dict) -> dict:
    """A simple item spec -> a Forms API Item.

    Accepts a full API Item (with ``questionItem``) unchanged, or
    ``{"title", "questionId"?, "kind": "text"|"paragraph"|"radio"|"checkbox"|"dropdown", "options"?, "required"?}``,
    or a grid ``{"title", "kind": "grid"|"checkbox_grid", "rows": [...], "columns": [...]}``: a
    ``questionGroupItem`` with one question per row (``rowQuestion.title``), as forms.v1 defines it.
    """
    if "questionItem" in spec or "pageBreakItem" in spec or "textItem" in spec or "questionGroupItem" in spec:
        item = copy.deepcopy(spec)
        item.setdefault("itemId", secrets.token_hex(4))
        return item
    kind = spec.get("kind", "text")
    if kind in ("grid", "checkbox_grid"):
        group = {
            "questions": [{"questionId": secrets.token_hex(4), "rowQuestion": {"title": r},
                           **({"required": True} if spec.get("required") else {})} for r in spec.get("rows", [])],
            "grid": {"columns": {"type": "CHECKBOX" if kind == "checkbox_grid" else "RADIO",
                                 "options": [{"value": o} for o in spec.get("columns", [])]}},
        }
        return {"itemId": spec.get("itemId") or secrets.token_hex(4), "title": spec.get("title", ""),
                "questionGroupItem": group}
    qid = spec.get("questionId") or secrets.token_hex(4)
    question: dict[str, Any] = {"questionId": qid}
    if spec.get("required"):
        question["required"] = True
    if kind in ("text", "paragraph"):
        question["textQuestion"] = {"paragraph": True} if kind == "paragraph" else {}
    elif kind in ("radio", "checkbox", "dropdown"):
        question["choiceQuestion"] = {
            "type": {"radio": "RADIO", "checkbox": "CHECKBOX", "dropdown": "DROP_DOWN"}[kind],
            "options": [{"value": o} for o in spec.get("options", [])],
        }
    elif kind == "date":
        question["dateQuestion"] = {"includeYear": True}
    elif kind == "scale":
        question["scaleQuestion"] = {"low": spec.get("low", 1), "high": spec.get("high", 5)}
    else:
        raise ValueError(f"unknown question kind {kind!r}")
    item: dict[str, Any] = {"itemId": spec.get("itemId") or secrets.token_hex(4), "title": spec.get("title", "")}
    if spec.get("description"):
        item["description"] = spec["description"]
    item["questionItem"] = {"question": question}
    return item


def make_response(form: Form, spec: dict) -> dict:
    """A response spec -> FormResponse JSON.

    ``answers`` maps a questionId or a question title to a string, a list of strings (checkbox), or a
    full Answer dict. Times accept datetimes or RFC3339 text; ``lastSubmittedTime`` defaults to
    ``createTime``.
    """
    titles = form.question_ids()
    now = dt.datetime.now(dt.UTC)
    created = spec.get("createTime", now)
    submitted = spec.get("lastSubmittedTime", created)
    out: dict[str, Any] = {
        "formId": form.form_id,
        "responseId": spec.get("responseId") or "ACYDBN" + secrets.token_urlsafe(30).replace("-", "x"),
        "createTime": rfc3339(created),
        "lastSubmittedTime": rfc3339(submitted),
    }
    if spec.get("respondentEmail"):
        out["respondentEmail"] = spec["respondentEmail"]
    answers: dict[str, Any] = {}
    known = set(titles.values())
    for key, value in (spec.get("answers") or {}).items():
        qid = key if key in known else titles.get(key)
        if qid is None:
            raise KeyError(f"form {form.form_id} has no question {key!r}")
        if isinstance(value, dict):
            ans = {"questionId": qid, **copy.deepcopy(value)}
        else:
            vals = value if isinstance(value, (list, tuple)) else [value]
            ans = {"questionId": qid, "textAnswers": {"answers": [{"value": str(v)} for v in vals]}}
        answers[qid] = ans
    if answers:
        out["answers"] = answers
    if "totalScore" in spec:
        out["totalScore"] = spec["totalScore"]
    return out


_FILTER = re.compile(r"^\s*timestamp\s*(>=|>)\s*(\S+)\s*$")


def list_responses(form: Form, page_size: str | None, page_token: str | None, flt: str | None) -> dict:
    try:
        size = int(page_size) if page_size not in (None, "") else 0
    except ValueError:
        raise bad_request(f"Invalid value at 'page_size' (TYPE_INT32), \"{page_size}\"") from None
    if size < 0:
        raise bad_request("page_size must be non-negative")
    size = MAX_PAGE if size == 0 else min(size, MAX_PAGE)
    responses = list(form.responses.values())
    if flt:
        m = _FILTER.match(flt)
        if not m:
            raise bad_request(f"Invalid filter: {flt}")
        try:
            bound = parse_rfc3339(m.group(2))
        except ValueError:
            raise bad_request(f"Invalid filter: {flt}") from None
        op = m.group(1)
        responses = [
            r for r in responses
            if (parse_rfc3339(r["lastSubmittedTime"]) >= bound if op == ">=" else
                parse_rfc3339(r["lastSubmittedTime"]) > bound)
        ]
    offset = 0
    if page_token:
        try:
            tok = json.loads(base64.urlsafe_b64decode(page_token + "=" * (-len(page_token) % 4)))
            offset = int(tok["o"])
            if tok.get("f") != (flt or ""):
                raise ValueError("filter changed")
        except (ValueError, KeyError, TypeError, json.JSONDecodeError):
            raise ApiError(400, "Invalid page token.") from None
    page = responses[offset : offset + size]
    out: dict[str, Any] = {}
    if page:
        out["responses"] = copy.deepcopy(page)
    if offset + size < len(responses):
        raw = json.dumps({"o": offset + size, "f": flt or ""}).encode()
        out["nextPageToken"] = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return out
