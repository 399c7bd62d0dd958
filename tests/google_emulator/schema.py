"""Validation against the discovery documents shipped inside google-api-python-client."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

STANDARD_PARAMS = {"$.xgafv", "access_token", "alt", "callback", "fields", "key", "oauth_token", "prettyPrint",
                   "quotaUser", "upload_protocol", "uploadType"}


@cache
def discovery(name: str) -> dict:
    import googleapiclient

    root = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
    return json.loads((root / f"{name}.json").read_text())


def methods(doc: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def walk(res: dict) -> None:
        for m in res.get("methods", {}).values():
            out[m["id"]] = m
        for sub in res.get("resources", {}).values():
            walk(sub)

    walk(doc)
    return out


def doc_for(method_id: str) -> dict:
    """The discovery document of a method id (sheets.*, forms.*, drive.*)."""
    return discovery({"sheets": "sheets.v4", "forms": "forms.v1", "drive": "drive.v3"}[method_id.split(".")[0]])


def method(method_id: str) -> dict:
    return methods(doc_for(method_id))[method_id]


def validate(value: Any, schema: dict, doc: dict, path: str = "$", request: bool = False) -> list[str]:
    """Keys not in the schema, wrong JSON types, and values outside an enum."""
    if value is None:
        return []  # proto3 JSON: null is "not set"
    if "$ref" in schema:
        return validate(value, doc["schemas"][schema["$ref"]], doc, path, request)
    kind = schema.get("type")
    errors: list[str] = []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {type(value).__name__}"]
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, sub in value.items():
            if key in props:
                errors.extend(validate(sub, props[key], doc, f"{path}.{key}", request))
            elif extra is not None:
                errors.extend(validate(sub, extra, doc, f"{path}[{key!r}]", request))
            else:
                errors.append(f"{path}: key {key!r} is not in {schema.get('id', 'the schema')}")
        return errors
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: expected array, got {type(value).__name__}"]
        for i, item in enumerate(value):
            errors.extend(validate(item, schema.get("items", {}), doc, f"{path}[{i}]", request))
        return errors
    if kind == "any" or kind is None:
        return []
    if kind == "string":
        if schema.get("format") in ("int64", "uint64") and isinstance(value, int) and not isinstance(value, bool):
            return [] if request else [f"{path}: int64 must be a JSON string in responses"]
        if not isinstance(value, str):
            return [f"{path}: expected string, got {type(value).__name__} {value!r:.40}"]
        if "enum" in schema and value not in schema["enum"]:
            return [f"{path}: {value!r} is not one of {schema['enum']}"]
        return []
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected integer, got {type(value).__name__} {value!r:.40}"]
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected number, got {type(value).__name__} {value!r:.40}"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected boolean, got {type(value).__name__}"]
    return [f"{path}: unknown schema type {kind}"]


def check_call(method_id: str, query: dict[str, list[str]], body: Any, response: Any) -> list[str]:
    """Schema problems of one accepted call: query parameters, request body, response body."""
    m = method(method_id)
    doc = doc_for(method_id)
    errors: list[str] = []
    params = m.get("parameters", {})
    for name, vals in query.items():
        if name in STANDARD_PARAMS:
            continue
        if name not in params:
            errors.append(f"query: {name!r} is not a parameter of {method_id}")
            continue
        spec = params[name]
        for v in vals:
            if "enum" in spec and v not in spec["enum"]:
                errors.append(f"query: {name}={v!r} is not one of {spec['enum']}")
            if spec.get("type") == "boolean" and v.lower() not in ("true", "false"):
                errors.append(f"query: {name}={v!r} is not a boolean")
            if spec.get("type") == "integer" and not v.lstrip("-").isdigit():
                errors.append(f"query: {name}={v!r} is not an integer")
    if "request" in m and isinstance(body, dict):
        errors.extend(validate(body, m["request"], doc, "request", request=True))
    if "response" in m:
        errors.extend(validate(response, m["response"], doc, "response"))
    return errors
