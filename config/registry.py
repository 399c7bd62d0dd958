"""Load and validate the units registry (CONTRACT section 3); all problems at once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from config.settings import shown
from core.errors import ConfigError
from core.text import norm
from core.units import DEFAULT_AGENCY, Agency, Measure, Registry, Unit
from core.vocab import EXAMPLE_ALIAS, UNKNOWN_UNIT_CODE, UNKNOWN_UNIT_NAME

_UNIT_KEYS = ("code", "name", "aliases")
_AGENCY_KEYS = ("name", "short_name")
_MEASURE_KEYS = ("number", "text", "indicators")
_TOP_KEYS = ("units", "agency", "measures")


def load_registry(path: Path) -> Registry:
    if not path.is_file():
        raise ConfigError(f"units.file = {str(path)!r}: file not found; point it at a units TOML or remove the key to use the bundled registry")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid UTF-8 TOML file ({exc})") from None
    return registry_from_dict(raw, origin=str(path))


def registry_from_dict(raw: dict[str, Any], *, origin: str = "units") -> Registry:
    problems: list[str] = []
    extra = [k for k in raw if k not in _TOP_KEYS]
    if extra:
        problems.append(f"{origin}: {', '.join(extra)}: unknown key; expected [[units]] tables, "
                        "and optionally [agency] and [[measures]]")
    agency = agency_from_dict(raw, origin=origin, problems=problems)
    entries = raw.get("units")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{origin}: units: expected at least one [[units]] table with code, name, aliases")
        entries = []
    units: list[Unit] = []
    codes: dict[str, int] = {}
    names: dict[str, tuple[int, str]] = {}
    for i, entry in enumerate(entries):
        code_here = entry.get("code") if isinstance(entry, dict) else None
        # officers count tables from 1 and know their units by code (issue 9, fault 17)
        where = f"{origin}: [[units]] #{i + 1}" + (f" {shown('code', code_here)}" if isinstance(code_here, str) and code_here else "")
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table with code, name, aliases")
            continue
        for k in entry:
            if k not in _UNIT_KEYS:
                problems.append(f"{where}: {k}: unknown key; expected one of: {', '.join(_UNIT_KEYS)}")
        code, name, aliases = entry.get("code"), entry.get("name"), entry.get("aliases", [])
        if not isinstance(code, str) or not code.strip():
            problems.append(f"{where}: code = {shown('code', code)}: expected a non-empty text code such as \"OPS-KKL\"")
            code = None
        elif code.strip() == UNKNOWN_UNIT_CODE:
            problems.append(f"{where}: code = {shown('code', code)}: reserved for responses of unknown units; choose another code")
        elif code in codes:
            problems.append(f"{where}: code = {shown('code', code)}: already used by [[units]] #{codes[code] + 1}; codes must be unique")
        else:
            codes[code] = i
        if not isinstance(name, str) or not norm(name):
            problems.append(f"{where}: name = {shown('name', name)}: expected the unit's official Thai name")
            name = None
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: aliases = {shown('aliases', aliases)}: expected a list of texts, e.g. [\"{EXAMPLE_ALIAS}\"]")
            aliases = []
        for label, written in ([("name", name)] if name else []) + [(f"aliases #{j + 1}", a) for j, a in enumerate(aliases)]:
            key = norm(written)
            if not key:
                problems.append(f"{where}: {label} = {shown(label, written)}: blank after normalisation; remove it")
            elif key == norm(UNKNOWN_UNIT_NAME):
                problems.append(f"{where}: {label} = {shown(label, written)}: reserved for responses of unknown units")
            elif key in names:
                other, other_label = names[key]
                problems.append(
                    f"{where}: {label} = {shown(label, written)}: same as [[units]] #{other + 1} {other_label} after normalisation; "
                    "names and aliases must be unique"
                )
            else:
                names[key] = (i, label)
        if code and name:
            units.append(Unit(code=code, name=name, aliases=tuple(aliases)))
    if problems:
        raise ConfigError(problems)
    return Registry(tuple(units), agency=agency)


def agency_from_dict(raw: dict[str, Any], *, origin: str, problems: list[str]) -> Agency:
    """The ``[agency]`` table and ``[[measures]]`` of a units file (CONTRACT section 3);
    each missing one takes the default (MDES OPS). Problems are appended to ``problems``."""
    default = DEFAULT_AGENCY
    table = raw.get("agency", {})
    name, short = default.name, default.short_name
    if not isinstance(table, dict):
        problems.append(f"{origin}: agency: expected a table [agency] with name and short_name")
        table = {}
    for k in table:
        if k not in _AGENCY_KEYS:
            problems.append(f"{origin}: agency.{k}: unknown key; expected one of: {', '.join(_AGENCY_KEYS)}")
    for key in _AGENCY_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, str) or not norm(value):
                problems.append(f"{origin}: agency.{key} = {value!r}: expected the agency's Thai "
                                f"{'name' if key == 'name' else 'abbreviation'} as text")
            elif key == "name":
                name = value.strip()
            else:
                short = value.strip()
    if "measures" not in raw:
        return Agency(name=name, short_name=short, measures=default.measures)
    entries = raw["measures"]
    if not isinstance(entries, list) or not entries:
        problems.append(f"{origin}: measures: expected at least one [[measures]] table with number and text")
        return Agency(name=name, short_name=short)
    measures: list[Measure] = []
    for i, entry in enumerate(entries):
        where = f"{origin}: measures[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table with number and text")
            continue
        for k in entry:
            if k not in _MEASURE_KEYS:
                problems.append(f"{where}.{k}: unknown key; expected one of: {', '.join(_MEASURE_KEYS)}")
        number, text, indicators = entry.get("number"), entry.get("text"), entry.get("indicators", [])
        ok = True
        if isinstance(number, bool) or not isinstance(number, int) or number != i + 1:
            problems.append(f"{where}.number = {number!r}: expected {i + 1}; measures are numbered 1, 2, 3 ... "
                            "in order, without gaps")
            ok = False
        if not isinstance(text, str) or not norm(text):
            problems.append(f"{where}.text = {text!r}: expected the measure's text as the agency wrote it")
            ok = False
        if not isinstance(indicators, list) or not all(
                isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in indicators):
            problems.append(f"{where}.indicators = {indicators!r}: expected a list of ITA indicator numbers, e.g. [7]")
            indicators = []
        if ok and isinstance(number, int) and isinstance(text, str):
            measures.append(Measure(number=number, text=text.strip(), indicators=tuple(indicators)))
    return Agency(name=name, short_name=short, measures=tuple(measures))
