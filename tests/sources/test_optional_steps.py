"""The section-8 sources are read by one list of steps (``sync.job.optional_source_steps``),
the run and ``ita-sync check`` alike; an unchanged source's cached result is used, a changed
one is normalised again, and the master is a full read's (CONTRACT sections 6 and 8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config.registry import load_registry
from config.settings import Settings, load_settings
from core.vocab import TAB_ATTENDANCE
from sync.job import optional_source_steps
from sync.service import execute
from tests.fixtures import write_xlsx
from tests.sources.fixtures_optional import ATT_HEADER, ATT_ROWS, PR_TABS, TRAINING_TABS, make_optional_setup

OPTIONAL = ("pr", "ita", "training")


def _load(config: Path) -> tuple[Settings, Any]:
    settings = load_settings(config)
    return settings, load_registry(settings.units_file)


def _how(sources: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in sources.items() if k in OPTIONAL}


def _full_fingerprint(settings: Settings, registry: Any) -> str:
    return execute(settings, registry, mode="resync", dry_run=True).fingerprint


def test_run_reads_the_steps_check_reads(tmp_path):
    settings, registry = _load(make_optional_setup(tmp_path))
    steps = optional_source_steps(settings, registry, datetime.now(UTC))
    r = execute(settings, registry)
    assert [s.name for s in steps] == list(OPTIONAL)
    assert list(r.sources) == ["survey", "reports", *(s.name for s in steps)]


def test_unchanged_optional_source_is_cached_changed_one_normalised(tmp_path):
    settings, registry = _load(make_optional_setup(tmp_path))
    first = execute(settings, registry)
    assert _how(first.sources) == {"pr": "normalised", "ita": "normalised", "training": "normalised"}
    # the training fixture has a bad_timestamp session day: such a result is never cached
    second = execute(settings, registry)
    assert _how(second.sources) == {"pr": "cached", "ita": "cached", "training": "normalised"}
    assert second.outcome == "unchanged"

    (tab, rows), = PR_TABS.items()
    changed = [list(r) for r in rows]
    changed[3][2] = 6  # sheet row 4 (Twitter, ต.ค. 66): the post count corrected
    write_xlsx(tmp_path / "data" / "pr.xlsx", {tab: changed})
    third = execute(settings, registry)
    assert _how(third.sources) == {"pr": "normalised", "ita": "cached", "training": "normalised"}
    assert third.wrote and third.fingerprint != first.fingerprint
    assert third.fingerprint == _full_fingerprint(settings, registry)


def test_training_without_a_bad_session_day_is_cached(tmp_path):
    config = make_optional_setup(tmp_path)
    rows = [r for r in ATT_ROWS if r[5] != "32/12/2566"]  # the one bad_timestamp row left out
    assert len(rows) == len(ATT_ROWS) - 1
    write_xlsx(tmp_path / "data" / "training.xlsx", {**TRAINING_TABS, TAB_ATTENDANCE: [ATT_HEADER, *rows]})
    settings, registry = _load(config)
    first = execute(settings, registry)
    assert first.sources["training"] == "normalised"
    assert first.issues_by_code["bad_timestamp"] == 1  # the survey's "hello" only
    again = execute(settings, registry)
    assert again.sources["training"] == "cached" and again.outcome == "unchanged"
    assert again.fingerprint == _full_fingerprint(settings, registry)
