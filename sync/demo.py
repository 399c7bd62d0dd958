"""A complete local demo set-up (``ita-sync demo``): the product's I/O around the data generator.

:func:`write_demo` writes a config, a copy of the bundled units registry, a survey responses
workbook and unit report workbooks (made by :mod:`sync.demo_data`), never overwriting a config or
registry file an administrator edited (contract section 1). The privacy tests' helpers that list
the personal values of the demo live in ``tests/demo_privacy.py``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core import vocab
from sync.demo_data import (
    BUNDLED_UNITS,
    DEMO_END,
    DEMO_NOW,
    DEMO_START,
    SURVEY_HEADERS,
    SURVEY_TAB,
    TIMEZONE,
    _report_books,
    _Sheet,
    _write_xlsx,
    generate_survey,
    write_survey_xlsx,
)

if TYPE_CHECKING:
    from core.units import Registry

#: the generator's names, kept importable from here for callers of the single module it was
__all__ = [
    "AGENCIES",
    "BUNDLED_UNITS",
    "DEMO_END",
    "DEMO_NOW",
    "DEMO_START",
    "SURVEY_HEADERS",
    "SURVEY_TAB",
    "TIMEZONE",
    "generate_survey",
    "write_demo",
    "write_survey_xlsx",
]


# --- the demo folder ------------------------------------------------------------------------

_CONFIG = f"""\
# ita-sync configuration written by `ita-sync demo` (local backend: no network, no credentials).
# Paths are relative to this file; the spreadsheets are relative to data_dir.
timezone = "Asia/Bangkok"          # the time zone periods are cut in

[backend]
kind = "local"                     # "local" (xlsx files) or "google"
data_dir = "data"                  # folder that holds the .xlsx spreadsheets

[state]
dir = "state"                      # sync state (SQLite) and the run lock

[units]
file = "units.toml"                # the units registry: officers review and extend it

[survey]
spreadsheet = "survey.xlsx"        # the form's response sheet (a file under data_dir)
worksheet = "{vocab.DEMO_SURVEY_TAB}"     # the tab that holds the responses
date_order = "dmy"                 # text dates are day first (Thai usage)

[[reports]]                        # unit report workbooks; a glob skips ~$ lock files
spreadsheet = "reports/*.xlsx"

[master]
spreadsheet = "master.xlsx"        # the consolidated report written by each run

[schedule]
cron = "0 2 * * *"                 # `ita-sync serve`: every night at 02:00 in `timezone`
"""

# an Excel owner/lock file next to a workbook someone has open: the glob must skip it
_LOCK_FILE = b"\x0bdemo-officer" + b"\x00" * 41 + b"\x0b\x00d\x00e\x00m\x00o\x00" + b"\x20\x00" * 50


def _load_units(path: Path) -> Registry:
    from config.registry import load_registry

    return load_registry(path)


def _write_unless_edited(path: Path, content: bytes) -> bool:
    """Write ``content`` unless ``path`` holds something else (an administrator's edits): then
    keep the file as it is and return False (contract section 1)."""
    if path.exists() and path.read_bytes() != content:
        return False
    if not path.exists():
        path.write_bytes(content)
    return True


_OPTIONAL_CONFIG = """
[pr]                               # the PR group's monthly social-media report (section 8.1)
spreadsheet = "pr.xlsx"

[ita]                              # the agency's ITA results per fiscal year (section 8.2)
spreadsheet = "ita.xlsx"
"""
_TRAINING_CONFIG = """
[training]                         # in-house training attendance per topic (section 8.3)
spreadsheet = "training.xlsx"
threshold_percent = 70             # an employee passes a topic at >= 70 % of its sessions
"""
#: the bundled agency profiles the demo can write (``ita-sync demo --agency``)
AGENCIES = ("mdes-ops", "depa")


def write_demo(
    directory: Path, *, seed: int = 2567, responses: int = 4000, now: datetime | None = None,
    agency: str = "mdes-ops", sources: bool | None = None, kept: list[Path] | None = None,
) -> Path:
    """Write a complete local setup into ``directory`` and return the config path.

    Writes ``ita-sync.toml``, ``units.toml`` (a copy of the bundled registry of ``agency``:
    ``mdes-ops`` or ``depa``), ``data/survey.xlsx``, ``data/reports/*.xlsx``, and the section-8
    workbooks ``data/pr.xlsx`` and ``data/ita.xlsx`` (and for DEPA ``data/training.xlsx``),
    configured in ``[pr]``, ``[ita]`` (and ``[training]``) when ``sources`` (default: for DEPA
    only; ``ita-sync demo`` passes True: the MDES OPS demo then has PR and ITA data too).
    Running it again never overwrites a config or registry file that differs from what it would
    write (contract section 1): such a file is used as it is and appended to ``kept`` (the CLI
    says so). The data workbooks are rewritten; anything else in the folder (``state/``,
    ``data/master.xlsx``, an officer's own files) is left as it is. The same arguments always
    give byte-identical files.
    """
    from config.settings import BUNDLED_PROFILES

    if agency not in AGENCIES:
        raise ValueError(f"agency {agency!r}: expected one of {', '.join(AGENCIES)}")
    now = DEMO_NOW if now is None else now
    directory = Path(directory)
    data = directory / "data"
    (data / "reports").mkdir(parents=True, exist_ok=True)

    config_path = directory / "ita-sync.toml"
    sources = agency == "depa" if sources is None else sources
    config_text = (_CONFIG + (_OPTIONAL_CONFIG if sources else "")
                   + (_TRAINING_CONFIG if sources and agency == "depa" else ""))
    units_path = directory / "units.toml"
    for path, content in ((config_path, config_text.encode("utf-8")),
                          (units_path, BUNDLED_PROFILES[agency].read_bytes())):
        if not _write_unless_edited(path, content) and kept is not None:
            kept.append(path)
    registry = _load_units(units_path)

    headers, frame = generate_survey(responses, seed=seed, start=DEMO_START, end=DEMO_END, registry=registry)
    headers = [h.replace(vocab.DEFAULT_AGENCY_NAME, registry.agency.name) for h in headers]
    write_survey_xlsx(data / "survey.xlsx", headers, frame, created=now)

    books, _ = _report_books(seed, registry, now)
    for book in books:
        _write_xlsx(data / book.path, book.sheets, created=now)
    (data / "reports" / f"~${Path(books[0].path).name}").write_bytes(_LOCK_FILE)
    if sources:
        _write_optional(data, seed, agency, registry, now)
    return config_path


def _write_optional(data: Path | None, seed: int, agency: str, registry: Registry, now: datetime) -> set[str]:
    """The section-8 workbooks of the demo; returns their personal values."""
    from sync.demo_sources import DEPA_CHANNELS, MDES_CHANNELS, DemoSources, ita_rows, pr_rows, training_tabs

    out = DemoSources()
    channels = MDES_CHANNELS if agency == "mdes-ops" else DEPA_CHANNELS
    pr = pr_rows(seed, channels, first=(2023, 10), last=(2025, 9), gaps=((2024, 7), (2025, 2)), out=out)
    ita = ita_rows(seed, agency)
    if data is not None:
        _write_xlsx(data / "pr.xlsx", [_Sheet.from_rows(vocab.TAB_PR, pr, 2, (16, 18, 14, 16, 18, 34, 16))],
                    created=now)
        _write_xlsx(data / "ita.xlsx", [_Sheet.from_rows(vocab.TAB_ITA, ita, 0, (14, 34, 12, 24))], created=now)
    if agency == "depa":
        tabs = training_tabs(seed, registry, out)
        if data is not None:
            _write_xlsx(data / "training.xlsx", [
                _Sheet.from_rows(vocab.TAB_ROSTER, tabs[vocab.TAB_ROSTER], 1, (14, 16, 20, 30, 36)),
                _Sheet.from_rows(vocab.TAB_ATTENDANCE, tabs[vocab.TAB_ATTENDANCE], 0, (20, 14, 16, 20, 60, 18)),
            ], created=now)
    return out.personal
