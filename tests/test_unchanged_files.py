"""An unchanged local night parses nothing (issue 13): a file whose size and mtime are unchanged is
not opened; a touched file (new mtime, same bytes) is hashed, not parsed and not normalised, and
its new stamp is remembered; a changed or added file is read and normalised again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import sync.cache as cache
import sync.local.reader as reader
from sync.service import execute
from tests.fixtures import SURVEY_ROWS, make_setup
from tests.test_incremental import load, survey


class Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.calls = 0
        real = getattr(module, name)

        def spy(*a: Any, **k: Any) -> Any:
            self.calls += 1
            return real(*a, **k)

        monkeypatch.setattr(module, name, spy)


def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, Spy]:
    return {"open": Spy(monkeypatch, reader, "_open"), "csv": Spy(monkeypatch, reader, "read_csv_table"),
            "normalise_survey": Spy(monkeypatch, cache, "normalise_survey"),
            "normalise_reports": Spy(monkeypatch, cache, "normalise_reports"),
            "hash": Spy(monkeypatch, cache, "file_sha")}


def touch(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


@pytest.fixture
def first_night(tmp_path):
    config = make_setup(tmp_path)
    settings, registry = load(config)
    execute(settings, registry)
    return tmp_path, settings, registry


def test_unchanged_night_opens_no_file(first_night, monkeypatch):
    root, settings, registry = first_night
    spy = spies(monkeypatch)
    r = execute(settings, registry)
    assert r.sources == {"survey": "cached", "reports": "cached"} and r.outcome == "unchanged"
    assert {k: s.calls for k, s in spy.items()} == {"open": 0, "csv": 0, "normalise_survey": 0,
                                                    "normalise_reports": 0, "hash": 0}


def test_touched_but_unchanged_files_are_hashed_not_parsed(first_night, monkeypatch):
    root, settings, registry = first_night
    touch(root / "data" / "survey.xlsx")
    touch(root / "data" / "reports" / "a.xlsx")
    spy = spies(monkeypatch)
    r = execute(settings, registry)
    assert r.sources == {"survey": "cached", "reports": "cached"}
    assert spy["open"].calls == 0 and spy["normalise_survey"].calls == 0 and spy["normalise_reports"].calls == 0
    assert spy["hash"].calls == 2
    again = execute(settings, registry)  # the new stamps were remembered: not even hashed
    assert again.sources == {"survey": "cached", "reports": "cached"} and spy["hash"].calls == 2


@pytest.mark.parametrize("change", ["survey_rows_added", "report_added", "report_removed", "config_worksheet"])
def test_a_change_is_read_and_normalised(first_night, monkeypatch, change):
    root, settings, registry = first_night
    if change == "survey_rows_added":
        survey(root, [*SURVEY_ROWS, SURVEY_ROWS[0]])
    elif change == "report_added":
        (root / "data" / "reports" / "b.xlsx").write_bytes((root / "data" / "reports" / "a.xlsx").read_bytes())
    elif change == "report_removed":
        (root / "data" / "reports" / "a.xlsx").unlink()
    else:
        settings = settings.model_copy(update={"survey": settings.survey.model_copy(update={"worksheet": None})})
    spy = spies(monkeypatch)
    r = execute(settings, registry)
    which = "reports" if change.startswith("report") else "survey"
    assert r.sources[which] in ("normalised", "cached") and spy["open"].calls >= (1 if change != "report_removed"
                                                                               else 0)
    if change in ("survey_rows_added", "report_added", "report_removed"):
        assert r.sources[which] == "normalised"


def test_a_survey_file_is_keyed_by_its_bytes_not_hashed_cell_by_cell(tmp_path, monkeypatch):
    """The first night hashes the survey file once (SHA-256 of its bytes) and never digests its
    cells again (issue 13: that cost 0.16x the read at 650k rows); report tabs are still digested."""
    config = make_setup(tmp_path)
    settings, registry = load(config)
    digested: list[str] = []
    real = cache.table_digest

    def spy(table: Any) -> str:
        digested.append(table.source if table is not None else "-")
        return real(table)

    monkeypatch.setattr(cache, "table_digest", spy)
    hashes = Spy(monkeypatch, cache, "file_sha")
    r = execute(settings, registry)
    assert r.sources["survey"] == "normalised" and hashes.calls >= 1
    assert digested and not any(s.endswith("survey.xlsx") for s in digested), digested
