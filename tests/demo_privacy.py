"""Privacy-test helpers: every personal value the demo writes (moved out of the product, issue 8).

The privacy tests scan every output for these values; none may appear in the master, the logs,
the run history or the state on disk (contract section 6).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from core import vocab
from core.units import Registry
from sync.demo import _load_units, _write_optional
from sync.demo_data import _COL_VT, _ZWSP, BUNDLED_UNITS, DEMO_END, DEMO_NOW, DEMO_START, _report_books, generate_survey


def _is_label(item: str) -> bool:
    key = " ".join(item.replace(_ZWSP, "").split())
    return key in vocab.VISITOR_TYPES


def personal_values(frame: pd.DataFrame) -> set[str]:
    """Every personal value in a survey frame, and every free-text item of ``อื่นๆ``.

    Personal values are the non-blank cells of the personal columns; free-text items are the
    comma-separated items of the visitor-type column that are not a visitor-type label. None of
    them may appear in the master, the logs or the state.
    """
    out: set[str] = set()
    for title in vocab.PERSONAL_TITLES:
        if title in frame.columns:
            out.update(str(v).strip() for v in pd.unique(frame[title].dropna()) if str(v).strip())
    if _COL_VT in frame.columns:
        for cell in pd.unique(frame[_COL_VT].dropna()):
            for item in str(cell).split(","):
                item = item.strip().strip(_ZWSP).strip()
                if item and not _is_label(item):
                    out.add(item)
    return out


def report_personal_values(*, seed: int = 2567, now: datetime | None = None,
                           registry: Registry | None = None) -> set[str]:
    """The reporters' names, positions and phones that :func:`write_demo` puts in report form 1."""
    registry = registry if registry is not None else _load_units(BUNDLED_UNITS)
    return _report_books(seed, registry, DEMO_NOW if now is None else now)[1]


def demo_personal_values(*, seed: int = 2567, responses: int = 4000, now: datetime | None = None,
                         agency: str = "mdes-ops") -> set[str]:
    """Every personal value the demo writes (survey, report form 1 and the section-8 workbooks:
    reporters, employee codes and names), for privacy tests."""
    from config.settings import BUNDLED_PROFILES

    registry = _load_units(BUNDLED_PROFILES[agency])
    _, frame = generate_survey(responses, seed=seed, start=DEMO_START, end=DEMO_END, registry=registry)
    optional = _write_optional(None, seed, agency, registry, DEMO_NOW if now is None else now)
    return personal_values(frame) | report_personal_values(seed=seed, now=now, registry=registry) | optional
