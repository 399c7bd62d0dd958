"""Differential test: the fast survey core and the plain per-row baseline agree on every count.

Both run on data sets from the demo generator (several seeds and sizes, the benchmark's extra
columns, dmy and mdy), also after rows have been turned into copies that equal an earlier row
only after rule T (white space, invisible characters, case, Thai digits, a datetime written as
text or with a fraction of a second). The fast core's counts are read from the master tables it
builds; the baseline (``benchmarks/baseline.py``) counts row by row with its own parsers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from aggregate.normalise import SurveySpec, normalise_reports, normalise_survey
from aggregate.reports import build_tables
from benchmarks.baseline import baseline_survey, counts_from_master
from benchmarks.pipeline import survey_frame
from config.registry import load_registry
from config.settings import BUNDLED_UNITS
from core.columns import RawTable
from core.text import cell_to_text
from core.vocab import DEFAULT_QUESTION_TITLES
from sync.demo import DEMO_NOW, TIMEZONE

REGISTRY = load_registry(BUNDLED_UNITS)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def core_counts(headers, frame, *, date_order="dmy", serial_tz=None, now=DEMO_NOW):
    raw = pd.DataFrame([list(headers), *frame.to_numpy(dtype=object).tolist()], dtype=object)
    raw.index = pd.RangeIndex(1, len(raw) + 1)
    spec = SurveySpec(titles={k: tuple(v) for k, v in DEFAULT_QUESTION_TITLES.items()}, registry=REGISTRY,
                      tz=TIMEZONE, date_order=date_order, now=now)
    survey = normalise_survey(RawTable("survey.xlsx", "s", raw, serial_tz=serial_tz), spec)
    reports = normalise_reports([], REGISTRY)
    tables = build_tables(survey=survey.frame, form1=reports.form1, form2=reports.form2, issues=survey.issues,
                          stats=[survey.stat], registry=REGISTRY)
    return counts_from_master(tables), survey.stat


def base_counts(headers, frame, *, date_order="dmy", serial_tz=None, now=DEMO_NOW):
    rows = [list(headers), *frame.to_numpy(dtype=object).tolist()]
    return baseline_survey(rows, units=[(u.code, u.name, u.aliases) for u in REGISTRY.units], tz=TIMEZONE,
                           now=now, date_order=date_order, serial_tz=serial_tz)


def assert_agree(headers, frame, **kw):
    (periods, months, issues), stat = core_counts(headers, frame, **kw)
    base = base_counts(headers, frame, **kw)
    assert periods == base.periods  # per (fiscal year, round, unit)
    assert months == base.months  # per (fiscal year, month, unit)
    assert issues == base.issues  # per issue code
    assert (stat.read, stat.accepted, stat.duplicates, stat.rejected) == (
        base.read, base.accepted, base.duplicates, base.rejected)
    return base


@pytest.mark.parametrize(("n", "seed", "columns"), [(3_000, 1, 12), (5_000, 7, 15), (12_000, 2567, 15),
                                                    (20_000, 42, 12)])
def test_fast_core_and_baseline_agree(n, seed, columns):
    headers, frame = survey_frame(n, columns, seed=seed)
    base = assert_agree(headers, frame)
    # the data sets are not trivial: every kind of issue and many periods and units occur
    assert set(base.issues) == {"duplicate_row", "bad_timestamp", "unknown_unit", "bad_answer"}
    assert len(base.periods) > 40 and base.accepted > 0.98 * n


def test_agree_with_month_first_dates_and_a_serial_zone():
    headers, frame = survey_frame(4_000, 15, seed=5)
    assert_agree(headers, frame, date_order="mdy", serial_tz="UTC")


def test_agree_when_now_cuts_through_the_data():
    headers, frame = survey_frame(4_000, 12, seed=9)
    assert_agree(headers, frame, now=datetime(2024, 11, 30, 12, 0))


def t_variant(cell, rng: np.random.Generator):
    """A different cell that is equal to ``cell`` after cell to text and rule T."""
    if cell is None:
        return rng.choice(["", "  ", "\u00a0"])
    if isinstance(cell, datetime):
        return cell_to_text(cell) if rng.random() < 0.5 else cell + timedelta(microseconds=400_000)
    if isinstance(cell, float):
        return cell_to_text(cell)
    if isinstance(cell, str):
        k = int(rng.integers(0, 5))
        if k == 0:
            return f" {cell}\u200b "
        if k == 1:
            return cell.replace(" ", "\u00a0 ") if " " in cell else cell + "\n"
        if k == 2 and cell.isascii():
            return cell.upper()
        if k == 3 and any(ch.isdigit() for ch in cell):
            return cell.translate(THAI_DIGITS)
        return "\ufeff" + cell
    return cell


@pytest.mark.parametrize("seed", [3, 11])
def test_agree_on_copies_equal_only_after_rule_t(seed):
    headers, frame = survey_frame(6_000, 15, seed=seed)
    rng = np.random.default_rng(seed)
    values = frame.to_numpy(dtype=object).copy()
    # later copies of earlier rows, each with a few cells written differently but equal after T
    sources = rng.choice(len(values) // 2, size=300, replace=False)
    targets = rng.choice(np.arange(len(values) // 2, len(values)), size=300, replace=False)
    for s, t in zip(sources.tolist(), targets.tolist()):
        row = values[s].copy()
        for c in rng.choice(len(row), size=int(rng.integers(1, 4)), replace=False).tolist():
            row[c] = t_variant(row[c], rng)
        values[t] = row
    # and near-copies that differ after T in one cell: never duplicates
    for s in rng.choice(len(values), size=50, replace=False).tolist():
        row = values[s].copy()
        row[1] = f"{row[1]}x"
        values[(s + 1) % len(values)] = row
    mixed = pd.DataFrame(values, columns=headers, dtype=object)
    base = assert_agree(headers, mixed)
    assert base.duplicates >= 300
