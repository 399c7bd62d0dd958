"""One sync run: the only place that knows the order of the steps.

pull -> normalise -> aggregate -> (diff | fingerprint check -> write). Sources, sink and
sync state are passed in, so tests and backends plug in the same way.

Incremental runs (``state`` given, mode ``run``): the cached results of unchanged sources are used
instead of reading and normalising them again; how, and when they are exact, is ``sync.cache``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from typing import Any, cast
from zoneinfo import ZoneInfo

import pandas as pd

from aggregate.ita import normalise_ita
from aggregate.normalise import (
    ReportBook,
    ReportsResult,
    SurveySpec,
    locate_survey_columns,
    normalise_reports,
)
from aggregate.pr import normalise_pr
from aggregate.reports import build_tables, document, with_optional_sources
from aggregate.tabs import SourceResult
from aggregate.training import normalise_training
from config.settings import Settings
from core.columns import I, MasterTable, OutCell, S, TabStat
from core.document import DocTable, MasterDocument, fingerprint_of
from core.errors import ItaSyncError
from core.run import Outcome, RunMode, Trigger
from core.sources import TabBook
from core.units import Registry
from core.vocab import (
    CLI_READ_FULL,
    CLI_READ_INCREMENTAL,
    DEFAULT_AGENCY_NAME,
    DIFF_GONE_ROW,
    DIFF_KEYED_ROW,
    DIFF_NEW_ROW,
    DIFF_ROW,
    FACT_DURATION,
    FACT_ISSUES,
    FACT_LAST_SCHEDULED,
    FACT_LAST_SCHEDULED_AT,
    FACT_LAST_SCHEDULED_NONE,
    FACT_MODE,
    FACT_READ,
    FACT_TIME,
    FACT_TRIGGER,
    FACT_TRIGGER_MANUAL,
    FACT_TRIGGER_SCHEDULED,
    FACT_VERSION,
    MASTER_TABS,
    OPTIONAL_TABS,
    RUN_OUTCOME_TEXT,
    TAB_ATTENDANCE,
    TAB_FORM1,
    TAB_FORM2,
    TAB_ISSUES,
    TAB_MONTHLY,
    TAB_ROSTER,
    TAB_STATUS,
    TAB_TRACKING,
    default_question_titles,
)
from sync.cache import RunCache, concat_nonempty, pack_or_none, registry_key, reports_result, survey_result
from sync.ports import Sink, Source
from sync.report.link import read_report_link, with_report_link
from sync.state import (
    SyncState,
    code_digest,
    digest,
    stats_from_json,
    stats_to_json,
    table_digest,
    unpack,
)

log = logging.getLogger("ita_sync")

try:
    VERSION = version("ita-sync")
except PackageNotFoundError:  # running from a source tree
    VERSION = "0+unknown"

#: columns that identify a row of each tab, for "changed" in --dry-run diffs
DIFF_KEYS: dict[str, tuple[int, ...]] = {
    TAB_FORM2: (0, 1, 2, 4),
    TAB_FORM1: (0, 1, 2, 4),
    TAB_TRACKING: (0, 1, 2),
    TAB_MONTHLY: (0, 1, 2),
    TAB_STATUS: (0, 1),
}


@dataclass(frozen=True)
class TabChange:
    """What a dry run would change in one tab (every cell compared). ``examples``: a few
    rows that change, as ``แถว N: <what>`` (the master's row number; key columns and the
    names of the changed columns, never a cell value of ปัญหาข้อมูล)."""

    tab: str
    added: int
    removed: int
    changed: int
    examples: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


#: the stages a run reports to ``on_stage``, in order
STAGES = ("survey", "reports", "optional", "build", "write")


class RunAbandoned(ItaSyncError):
    """A stop was requested before the master write began; nothing was written."""


@dataclass
class RunResult:
    mode: RunMode
    started: datetime
    duration: float
    stats: list[TabStat]
    issues_by_tab: dict[tuple[str, str], int]
    issues_by_code: dict[str, int]
    fingerprint: str
    wrote: bool
    dry_run: bool
    location: str
    changes: list[TabChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    trigger: Trigger = Trigger.MANUAL
    read_kind: str = "full"  # full | incremental
    #: per source: how its result was obtained (normalised, cached)
    sources: dict[str, str] = field(default_factory=dict)
    #: extra run facts for สถานะการซิงค์ (from the sync state)
    extra_facts: list[tuple[str, OutCell]] = field(default_factory=list)
    #: the data's as-of time: the latest accepted online response (UTC), None without one
    data_as_of: datetime | None = None

    @property
    def issue_total(self) -> int:
        return sum(self.issues_by_code.values())

    @property
    def outcome(self) -> Outcome:
        return Outcome.DRY_RUN if self.dry_run else Outcome.WRITTEN if self.wrote else Outcome.UNCHANGED

    def counts(self) -> dict[str, int]:
        return {"read": sum(s.read for s in self.stats), "accepted": sum(s.accepted for s in self.stats),
                "duplicates": sum(s.duplicates for s in self.stats), "rejected": sum(s.rejected for s in self.stats),
                "issues": self.issue_total}


def question_titles(settings: Settings, registry: Registry | None = None) -> dict[str, tuple[str, ...]]:
    """Field -> accepted titles: the defaults with the agency's name (section 3), then
    ``[survey.questions]``."""
    titles = default_question_titles(registry.agency.name if registry is not None else DEFAULT_AGENCY_NAME)
    for fld, t in settings.survey.questions.items():
        titles[fld] = (t,) if isinstance(t, str) else tuple(t)
    return titles


def survey_columns(settings: Settings, registry: Registry, header: Sequence[Any]) -> dict[str, int]:
    """The survey fields found in a header row: field -> 0-based column (the run's own step, reused
    by ``ita-sync check``). Raises :class:`DataError` naming what is missing (contract section 4)."""
    return locate_survey_columns(list(header), question_titles(settings, registry))


def check_report_book(book: ReportBook, registry: Registry) -> ReportsResult:
    """One unit-report spreadsheet read by the run's own rules (for ``ita-sync check``)."""
    return normalise_reports([book], registry)


@dataclass(frozen=True)
class OptionalSourceStep:
    """One configured section-8 source as the run reads it (``run_once`` and ``ita-sync check``
    both use it): its config section ``name`` (``pr``, ``ita``, ``training``), the ``spreadsheet``
    to open, the ``tabs`` to read, the run's own ``rules`` (a read TabBook -> SourceResult with
    ``issues`` and ``stats``; a missing tab or header is one ``bad_sheet`` issue, CONTRACT section
    8), what the rules depend on besides the tabs (``depends_on``: part of the cache key, JSON-able)
    and whether a result may be cached (``reusable``)."""

    name: str
    spreadsheet: str
    tabs: tuple[str, ...]
    rules: Callable[[TabBook], SourceResult]
    depends_on: tuple[Any, ...]
    reusable: Callable[[SourceResult], bool] = lambda _r: True

    def read(self, source: Source) -> TabBook:
        """The step's tabs of its spreadsheet (``Source.read_tabs``; messages name
        ``<name>.spreadsheet``). Raises SourceError when the spreadsheet does not exist."""
        return source.read_tabs(self.spreadsheet, list(self.tabs), f"{self.name}.spreadsheet")


def _no_future_session(result: SourceResult) -> bool:
    """A session day rejected only for being in the future may become valid later: not cached."""
    return not (result.issues[I.CODE] == "bad_timestamp").any()


def optional_source_steps(settings: Settings, registry: Registry, now: datetime) -> list[OptionalSourceStep]:
    """The configured [pr], [ita], [training] sources in the order of section 8, each with the
    rules a run applies (``now``: the time a session day may not be after). Nothing configured:
    an empty list."""
    steps: list[OptionalSourceStep] = []
    if settings.pr is not None:
        pr = settings.pr
        steps.append(OptionalSourceStep("pr", pr.spreadsheet, (pr.worksheet,),
                                        lambda book: normalise_pr(book, pr.worksheet), (pr.worksheet,)))
    if settings.ita is not None:
        ita = settings.ita
        fw = ita.framework()
        steps.append(OptionalSourceStep("ita", ita.spreadsheet, (ita.worksheet,),
                                        lambda book: normalise_ita(book, ita.worksheet, fw),
                                        (ita.worksheet, repr(fw))))
    if settings.training is not None:
        tr = settings.training
        steps.append(OptionalSourceStep(
            "training", tr.spreadsheet, (TAB_ROSTER, TAB_ATTENDANCE),
            lambda book: normalise_training(book, registry, tz=settings.timezone, now=now,
                                            date_order=settings.survey.date_order),
            (registry_key(registry), settings.timezone, settings.survey.date_order),
            reusable=_no_future_session))
    return steps


def fingerprint(tables: Sequence[MasterTable]) -> str:
    """A stable hash of the master's data (run facts excluded): ``core.document.fingerprint_of``."""
    return fingerprint_of(tables)


def run_once(
    settings: Settings,
    registry: Registry,
    source: Source,
    sink: Sink,
    *,
    mode: RunMode = RunMode.RUN,
    dry_run: bool = False,
    now: datetime | None = None,
    before_write: Callable[[], None] | None = None,
    state: SyncState | None = None,
    trigger: Trigger = Trigger.MANUAL,
    on_stage: Callable[[str], None] | None = None,
) -> RunResult:
    """Run one sync. Raises an ItaSyncError subclass when the run fails; the master is then
    untouched (it is only ever replaced as a whole).

    ``state``: read incrementally where the sources allow it and keep the caches (a dry run
    reads the caches but saves nothing). ``on_stage`` is called with each of ``STAGES`` as
    it begins and ``before_write`` right before the master write; either may raise
    (``RunAbandoned``) to stop the run, which then writes nothing.
    """
    t0 = time.monotonic()
    started = now or datetime.now(UTC)
    stage = on_stage or _no_stage
    spec = SurveySpec(titles=question_titles(settings, registry), registry=registry, tz=settings.timezone,
                      date_order=settings.survey.date_order, now=started)
    notes: list[str] = []
    full = True
    if state is not None:
        if state.recovered:
            notes.append(state.recovered)
        if mode == "resync" and not dry_run:
            state.discard()
        full = (mode == "resync" or state.recovered is not None
                or state.full_read_due(started, settings.state.full_read_days))
    cache = RunCache(state, save=not dry_run, full=full, started=started)

    stage("survey")
    survey, survey_how = survey_result(source, spec, cache)
    log.info("survey: %d rows read, %d accepted (%s)", survey.stat.read, survey.stat.accepted, survey_how)
    stage("reports")
    reports, reports_how = reports_result(source, registry, cache)
    log.info("unit reports: %d tabs read (%s)", len(reports.stats), reports_how)

    stage("optional")
    optional, optional_how = _optional_sources(settings, registry, source, cache, started)

    stage("build")
    issues = concat_nonempty([survey.issues, reports.issues, *(r.issues for r in optional.values())],
                              like=survey.issues)
    stats = [survey.stat, *reports.stats, *(st for r in optional.values() for st in r.stats)]
    tables = build_tables(survey=survey.frame, form1=reports.form1, form2=reports.form2,
                          issues=issues, stats=stats, registry=registry, tz=settings.timezone)
    if optional:
        tables = _with_optional(tables, settings, registry, optional, started)
    # rows appended to the summary by dataclasses.replace: the tabs stay DocTables
    tables = cast(list[DocTable], with_report_link(tables, read_report_link(settings.state_dir)))
    fp = fingerprint(tables)
    by_tab = Counter(zip(issues[I.SOURCE], issues[I.SHEET]))
    by_code = Counter(issues[I.CODE])
    result = RunResult(
        mode=RunMode(mode), started=started.astimezone(ZoneInfo(settings.timezone)), duration=0.0, stats=stats,
        issues_by_tab=dict(by_tab), issues_by_code=dict(by_code), fingerprint=fp,
        wrote=False, dry_run=dry_run, location=sink.location, warnings=[*notes, *source.warnings],
        trigger=Trigger(trigger), read_kind="full" if full else "incremental",
        sources={"survey": survey_how, "reports": reports_how, **optional_how},
        data_as_of=_latest_response(survey.frame),
    )
    if state is not None:
        result.extra_facts = _state_facts(state, settings.timezone)
    if dry_run:
        result.changes = diff_tables(sink.read_tables(), tables)
        result.duration = time.monotonic() - t0
        return result
    if sink.read_fingerprint() == fp:
        log.info("master unchanged (fingerprint %s): not written", fp)
    else:
        stage("write")
        if before_write is not None:
            before_write()
        result.duration = time.monotonic() - t0
        note = sink.write(document(tables, run_facts(result), fingerprint=fp))
        if note:
            result.warnings.append(note)
        result.wrote = True
        log.info("master written: %s", sink.location)
    if state is not None:
        cache.remember(full=full, fingerprint=fp)
    result.duration = time.monotonic() - t0
    return result


def _no_stage(stage: str) -> None:
    return None


def _latest_response(frame: pd.DataFrame) -> datetime | None:
    if not len(frame):
        return None
    latest = frame[S.TS].max()
    return None if pd.isna(latest) else pd.Timestamp(latest).to_pydatetime()


# --- the master tables without a master (the round report, CONTRACT section 9) ----------
class _MemorySink:
    """A sink that keeps the master document it is given: nothing leaves the process."""

    location = "(in memory)"

    def __init__(self) -> None:
        self.tables: list[MasterTable] = []

    def check(self) -> str:
        return self.location

    def read_fingerprint(self) -> str | None:
        return None

    def read_tables(self) -> dict[str, list[list[OutCell]]]:
        return {}

    def write(self, document: MasterDocument) -> str | None:
        self.tables = list(document.tables)
        return None


@dataclass(frozen=True)
class MasterBuild:
    """The master tables exactly as ``run`` builds them, and the run's result (counts, as-of)."""

    tables: list[MasterTable]
    result: RunResult

    def table(self, title: str) -> MasterTable | None:
        return next((t for t in self.tables if t.title == title), None)


def build_master(settings: Settings, registry: Registry, source: Source, *, now: datetime | None = None,
                 on_stage: Callable[[str], None] | None = None) -> MasterBuild:
    """Read and aggregate like ``run`` (the same ``run_once``, in full, without sync state), keep
    the master tables in memory: no master is written and no state is read or changed.

    Raises what ``run_once`` raises (``SourceError``/``DataError``: exit 1)."""
    sink = _MemorySink()
    result = run_once(settings, registry, source, sink, mode=RunMode.REPORT, now=now, on_stage=on_stage)
    return MasterBuild(tables=sink.tables, result=result)


# --- section 8: the optional sources ---------------------------------------------------------
def _optional_sources(settings: Settings, registry: Registry, source: Source, cache: RunCache, started: datetime
                      ) -> tuple[dict[str, SourceResult], dict[str, str]]:
    """The configured section-8 sources (``optional_source_steps``, in the order of section 8):
    each spreadsheet read and hashed every run, normalised again only when it (or what its rules
    depend on) changed."""
    results: dict[str, SourceResult] = {}
    how: dict[str, str] = {}
    for step in optional_source_steps(settings, registry, started):
        book = step.read(source)
        results[step.name], how[step.name] = _cached_source(
            step.name, book, list(step.depends_on), cache, partial(step.rules, book), step.reusable)
    for name, r in results.items():
        log.info("%s: %d tabs read, %d issues (%s)", name, len(r.stats), len(r.issues), how[name])
    return results, how


def _cached_source(name: str, book: TabBook, config: list[Any], cache: RunCache, compute: Callable[[], SourceResult],
                   reusable: Callable[[SourceResult], bool] = lambda _r: True) -> tuple[SourceResult, str]:
    parts = [book.source, book.error or "", sorted((k, table_digest(t)) for k, t in book.tabs.items())]
    key = digest(name, code_digest(), config, parts)
    row = cache.load(name)
    if row is not None and row.kind == name and row.cache_key == key:
        try:
            frames, meta = unpack(row.payload)
            issues = frames.pop("__issues__")
            return SourceResult(frames, issues, stats_from_json(meta["stats"])), "cached"
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cached %s result unusable (%s): normalising again", name, exc)
    result = compute()
    if reusable(result):
        payload = pack_or_none({**result.frames, "__issues__": result.issues},
                                {"stats": stats_to_json(result.stats)})
        cache.store(name, name, key, payload, content_hash=digest(parts))
    return result, "normalised"


def _with_optional(tables: list[DocTable], settings: Settings, registry: Registry,
                   optional: dict[str, SourceResult], started: datetime) -> list[DocTable]:
    today = started.astimezone(ZoneInfo(settings.timezone)).date()
    pr = optional.get("pr")
    ita = optional.get("ita")
    tr = optional.get("training")
    return with_optional_sources(
        tables, registry=registry, today=today,
        pr=pr.frames["pr"] if pr is not None else None,
        ita=(ita.frames["ita"], settings.ita.framework()) if ita is not None and settings.ita is not None else None,
        training=((tr.frames["roster"], tr.frames["attendance"], settings.training.threshold_percent)
                  if tr is not None and settings.training is not None else None),
    )


# --- run facts ---------------------------------------------------------------------------


def _local_text(iso: str | None, tz: str) -> str:
    """An ISO time of the history as officers read it: in the configured zone, with its offset."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return iso


def _state_facts(state: SyncState, tz: str) -> list[tuple[str, OutCell]]:
    try:
        last = state.last_scheduled()
    except sqlite3.Error:
        return []
    if last is None:
        text = FACT_LAST_SCHEDULED_NONE
    else:
        text = FACT_LAST_SCHEDULED_AT.format(outcome=RUN_OUTCOME_TEXT.get(last.outcome, last.outcome),
                                             when=_local_text(last.started, tz))
        if last.outcome == "failed" and last.error:
            text += f": {last.error.splitlines()[0][:300]}"
    return [(FACT_LAST_SCHEDULED, text)]


def run_facts(result: RunResult) -> list[tuple[str, OutCell]]:
    """The label/value rows under สถานะการซิงค์'s table (never part of the fingerprint)."""
    local = result.started  # in the configured time zone (run_once)
    return [
        (FACT_TIME, local.strftime("%Y-%m-%d %H:%M:%S %z")),
        (FACT_MODE, result.mode),
        (FACT_TRIGGER, FACT_TRIGGER_SCHEDULED if result.trigger == "scheduled" else FACT_TRIGGER_MANUAL),
        (FACT_READ, CLI_READ_FULL if result.read_kind == "full" else CLI_READ_INCREMENTAL),
        (FACT_DURATION, round(result.duration, 1)),
        (FACT_ISSUES, result.issue_total),
        *result.extra_facts,
        (FACT_VERSION, VERSION),
    ]


#: rows named in a dry run's summary, per tab
DIFF_EXAMPLES = 3


def diff_tables(old: dict[str, list[list[OutCell]]], new: Sequence[MasterTable]) -> list[TabChange]:
    """Rows added / removed / changed per tab, every cell compared (values only), with a
    few examples per tab. Keyed tabs (``DIFF_KEYS``) match rows by key; the others by
    position (the summary) or as a multiset (ปัญหาข้อมูล, whose order may move)."""
    out = []
    for table in new:
        before = _data_rows(old.get(table.title, []), table, other=table.rows)
        after = _data_rows(table.rows, table, other=old.get(table.title, []))
        first = 2 if table.header else 1  # sheet row number of the first data row
        headers = [str(h) for h in table.rows[0]] if table.header and table.rows else []
        keys = DIFF_KEYS.get(table.title)
        examples: list[str] = []
        if table.title == TAB_ISSUES or (keys is None and table.header):
            counts_after, counts_before = Counter(map(tuple, after)), Counter(map(tuple, before))
            added, removed = counts_after - counts_before, counts_before - counts_after
            seen = set()
            for i, row in enumerate(after):
                if added.get(tuple(row)) and tuple(row) not in seen and len(examples) < DIFF_EXAMPLES:
                    seen.add(tuple(row))
                    examples.append(DIFF_ROW.format(row=i + first, what=DIFF_NEW_ROW))
            out.append(TabChange(table.title, sum(added.values()), sum(removed.values()), 0, tuple(examples)))
            continue
        if keys is None:  # the summary: row by row
            n = max(len(before), len(after))
            changed = 0
            for i in range(n):
                old_row = before[i] if i < len(before) else None
                new_row = after[i] if i < len(after) else None
                if new_row != old_row:
                    changed += 1
                    if len(examples) < DIFF_EXAMPLES:
                        label = next((str(v) for v in (new_row or old_row or []) if v is not None), "")
                        examples.append(DIFF_ROW.format(row=i + first, what=label[:40]))
            out.append(TabChange(table.title, max(len(after) - len(before), 0), max(len(before) - len(after), 0),
                                 changed - abs(len(after) - len(before)), tuple(examples)))
            continue
        bk = {tuple(r[i] for i in keys): r for r in before}
        ak: dict[tuple[Any, ...], list[Any]] = {}
        where: dict[tuple[Any, ...], int] = {}
        for i, r in enumerate(after):
            k = tuple(r[j] for j in keys)
            ak[k] = r
            where.setdefault(k, i + first)
        new_keys = [k for k in ak if k not in bk]
        gone_keys = [k for k in bk if k not in ak]
        changed_keys = [k for k in ak if k in bk and ak[k] != bk[k]]
        for k in changed_keys[:DIFF_EXAMPLES]:
            cols = [headers[j] if j < len(headers) else str(j + 1) for j, (x, y) in enumerate(zip(ak[k], bk[k])) if x != y]
            examples.append(DIFF_KEYED_ROW.format(row=where[k], key=', '.join(map(str, k)), what=', '.join(cols[:4])))
        for k in new_keys[:max(DIFF_EXAMPLES - len(examples), 0)]:
            examples.append(DIFF_KEYED_ROW.format(row=where[k], key=', '.join(map(str, k)), what=DIFF_NEW_ROW))
        for k in gone_keys[:max(DIFF_EXAMPLES - len(examples), 0)]:
            examples.append(DIFF_GONE_ROW.format(key=', '.join(map(str, k))))
        out.append(TabChange(table.title, len(new_keys), len(gone_keys), len(changed_keys), tuple(examples)))
    order = {t: i for i, t in enumerate((*MASTER_TABS[:5], *OPTIONAL_TABS, *MASTER_TABS[5:]))}
    return sorted(out, key=lambda c: order.get(c.tab, 99))


def _cell(v: Any) -> Any:
    if v == "" or v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _data_rows(rows: Sequence[Sequence[OutCell]], table: MasterTable,
               other: Sequence[Sequence[OutCell]] = ()) -> list[list[Any]]:
    """Data rows, every cell: as wide as the widest row of either side, trailing blanks
    padded; blank rows dropped except in a tab without header (the summary: by position)."""
    body = list(rows[1:] if table.header else rows)
    if table.title == TAB_STATUS:  # the run facts below the blank row are not data
        cut = next((i for i, r in enumerate(body) if not any(_cell(v) is not None for v in r)), len(body))
        body = body[:cut]
    width = max((len(r) for r in (*rows, *other)), default=0)
    out = [[_cell(v) for v in r] + [None] * (width - len(r)) for r in body]
    if table.header:
        return [r for r in out if any(v is not None for v in r)]
    while out and not any(v is not None for v in out[-1]):
        out.pop()
    return out
