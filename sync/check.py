"""`ita-sync check`: validate everything a run needs, change nothing."""

from __future__ import annotations

from collections.abc import Iterator

from config.settings import Settings, key_file_warnings
from core.columns import I
from core.errors import ItaSyncError
from core.text import cell_to_text
from core.units import Registry
from sync.backends import build_backend
from sync.job import check_report_book, optional_source_steps, survey_columns
from sync.ports import Source
from sync.state import diagnose

OK, WARN, ERROR = "ok", "warn", "error"


def run_checks(settings: Settings, registry: Registry) -> Iterator[tuple[str, str]]:
    """(level, message) per finding; the config and registry are already valid here.

    ``error``: a run would fail (exit 1). ``warn``: a run goes on but reports the problem
    in ปัญหาข้อมูล (e.g. one unit's broken report file) or the summary.
    """
    yield OK, f"config valid: backend {settings.backend.kind}, time zone {settings.timezone}"
    problem = diagnose(settings.state_dir)  # first: every run needs the state folder
    if problem:
        yield ERROR, problem
    yield OK, f"units registry: {len(registry.units)} units from {settings.units_file}"
    for warning in key_file_warnings(settings):
        yield WARN, warning
    try:
        source, sink = build_backend(settings)
    except ItaSyncError as exc:
        yield ERROR, str(exc)
        return
    try:
        survey = source.read_survey()
        header = survey.frame.iloc[0].tolist() if len(survey.frame) else []
        cols = survey_columns(settings, registry, header)
        found = ", ".join(f"{f} -> column {i + 1} {cell_to_text(header[i])!r}" for f, i in cols.items())
        yield OK, f"survey {survey.source!r} tab {survey.sheet!r}: {len(survey.frame) - 1} rows; {found}"
    except ItaSyncError as exc:
        yield ERROR, str(exc)
    try:
        n = 0
        for book in source.report_books():
            n += 1
            result = check_report_book(book, registry)
            bad = result.issues[result.issues[I.CODE] == "bad_sheet"]
            if bad.empty:
                tabs = ", ".join(f"{s.sheet!r} ({s.read} rows)" for s in result.stats)
                yield OK, f"report {book.source!r}: {tabs}"
            for _, row in bad.iterrows():
                what = f" missing: {row[I.VALUE]}" if row[I.VALUE] else ""
                yield WARN, f"report {book.source!r} tab {row[I.SHEET]!r}: {row[I.PROBLEM]}{what}"
        for w in source.warnings:
            yield WARN, w
        if n == 0:
            yield OK, "no unit report spreadsheets configured or found"
    except ItaSyncError as exc:
        yield ERROR, str(exc)
    yield from _optional_checks(settings, registry, source)
    try:
        yield OK, sink.check()
    except ItaSyncError as exc:
        yield ERROR, str(exc)


def _optional_checks(settings: Settings, registry: Registry, source: Source) -> Iterator[tuple[str, str]]:
    """[pr], [ita], [training] (section 8): access, tabs and headers, by the run's own rules
    (``sync.job.optional_source_steps``). A missing spreadsheet is an error (the run would
    fail); a missing tab or header a warning (one bad_sheet)."""
    from datetime import UTC, datetime

    for step in optional_source_steps(settings, registry, datetime.now(UTC)):
        name = step.name
        try:
            book = step.read(source)
        except ItaSyncError as exc:
            yield ERROR, str(exc)
            continue
        result = step.rules(book)
        bad = result.issues[result.issues[I.CODE] == "bad_sheet"]
        for s in result.stats:
            yield OK, f"{name} {s.source!r} tab {s.sheet!r}: {s.read} rows ({s.accepted} accepted)"
        for _, row in bad.iterrows():
            what = f" missing: {row[I.VALUE]}" if row[I.VALUE] else ""
            yield WARN, f"{name} {book.source!r} tab {row[I.SHEET]!r}: {row[I.PROBLEM]}{what}"
