"""One sync run: the only place that knows the order of the steps.

pull -> normalise -> aggregate -> (diff | fingerprint check -> write). Sources, sink and
sync state are passed in, so tests and backends plug in the same way.

Incremental runs (``state`` given, mode ``run``):

- a sheet source (local xlsx, a Google linked sheet, the report spreadsheets) is read every
  run and hashed whole; when the hash and everything else the normalised result depends on
  (question titles, registry, time zone, date order, the normalising code) equal the cached
  ones, the cached canonical frames, issues and counts are used instead of normalising again;
- the Forms API survey is read from the watermark (the latest ``lastSubmittedTime`` seen)
  minus ``FORMS_OVERLAP`` and upserted by responseId into the cached rows; a deleted response
  is only noticed by a full read;
- every ``state.full_read_days`` (and on ``resync``, or when the state is missing or damaged)
  a full run re-reads and re-normalises everything, ignoring the caches.

Time: the only input of normalisation that changes by itself is "now", through the rule that
a timestamp more than 24 hours after the run started is ``bad_timestamp``. Each cached result
records the interval of "now" in which it stays exact (from the latest accepted timestamp
minus 24 hours, to the earliest timestamp rejected only for being in the future, minus 24
hours); outside it the cache is not used.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any, cast
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from aggregate.ita import normalise_ita
from aggregate.normalise import (
    ReportBook,
    ReportsResult,
    SurveyResult,
    SurveySpec,
    locate_survey_columns,
    normalise_reports,
    normalise_survey,
)
from aggregate.parse import parse_timestamps
from aggregate.pr import normalise_pr
from aggregate.reports import build_tables, document, with_optional_sources
from aggregate.tabs import SourceResult
from aggregate.training import normalise_training
from config.settings import Settings
from core.columns import I, MasterTable, OutCell, RawTable, S, TabStat
from core.document import DocTable, MasterDocument, fingerprint_of
from core.errors import ItaSyncError
from core.run import Outcome, RunMode, Trigger
from core.sources import TabBook
from core.units import Registry
from core.vocab import (
    DEFAULT_AGENCY_NAME,
    MASTER_TABS,
    OPTIONAL_TABS,
    TAB_ATTENDANCE,
    TAB_ISSUES,
    TAB_ROSTER,
    TAB_STATUS,
    default_question_titles,
)
from sync.books import read_report_books
from sync.ports import IncrementalSurveySource, Sink, Source
from sync.report.link import read_report_link, with_report_link
from sync.state import (
    PackError,
    SourceState,
    SyncState,
    code_digest,
    digest,
    pack,
    stats_from_json,
    stats_to_json,
    table_digest,
    unpack,
    utc_now_text,
)

log = logging.getLogger("ita_sync")

try:
    VERSION = version("ita-sync")
except PackageNotFoundError:  # running from a source tree
    VERSION = "0+unknown"

#: columns that identify a row of each tab, for "changed" in --dry-run diffs
DIFF_KEYS: dict[str, tuple[int, ...]] = {
    "แบบรายงานที่ 2": (0, 1, 2, 4),
    "แบบรายงานที่ 1": (0, 1, 2, 4),
    "ติดตามการส่งรายงาน": (0, 1, 2),
    "รายเดือน": (0, 1, 2),
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


#: how far back an incremental Forms read reaches before the watermark (late-committed responses)
FORMS_OVERLAP = timedelta(hours=1)
_DAY_NS = 86_400 * 10**9
_FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)

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
    #: per source: how its result was obtained (normalised, cached, incremental: N new or changed)
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
    """One configured section-8 source as the run reads it (for ``ita-sync check``): its config
    section ``name`` (``pr``, ``ita``, ``training``), the ``spreadsheet`` to open, the ``tabs``
    to read and the run's own ``rules`` (a read TabBook -> SourceResult with ``issues`` and
    ``stats``; a missing tab or header is one ``bad_sheet`` issue, CONTRACT section 8)."""

    name: str
    spreadsheet: str
    tabs: tuple[str, ...]
    rules: Callable[[TabBook], SourceResult]


def optional_source_steps(settings: Settings, registry: Registry, now: datetime) -> list[OptionalSourceStep]:
    """The configured [pr], [ita], [training] sources in the order of section 8, each with the
    rules a run applies (``now``: the time a session day may not be after). Nothing configured:
    an empty list."""
    steps: list[OptionalSourceStep] = []
    if settings.pr is not None:
        pr = settings.pr
        steps.append(OptionalSourceStep("pr", pr.spreadsheet, (pr.worksheet,),
                                        lambda book: normalise_pr(book, pr.worksheet)))
    if settings.ita is not None:
        ita = settings.ita
        fw = ita.framework()
        steps.append(OptionalSourceStep("ita", ita.spreadsheet, (ita.worksheet,),
                                        lambda book: normalise_ita(book, ita.worksheet, fw)))
    if settings.training is not None:
        tr = settings.training
        steps.append(OptionalSourceStep(
            "training", tr.spreadsheet, (TAB_ROSTER, TAB_ATTENDANCE),
            lambda book: normalise_training(book, registry, tz=settings.timezone, now=now,
                                            date_order=settings.survey.date_order)))
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
    cache = _Cache(state, save=not dry_run, full=full, started=started)

    stage("survey")
    forms = isinstance(source, IncrementalSurveySource) and source.incremental_survey  # the source says
    survey, survey_how = (_survey_forms if forms else _survey_sheet)(source, spec, cache)
    log.info("survey: %d rows read, %d accepted (%s)", survey.stat.read, survey.stat.accepted, survey_how)
    stage("reports")
    reports, reports_how = _reports(source, registry, cache)
    log.info("unit reports: %d tabs read (%s)", len(reports.stats), reports_how)

    stage("optional")
    optional, optional_how = _optional_sources(settings, registry, source, cache, started)

    stage("build")
    issues = _concat_nonempty([survey.issues, reports.issues, *(r.issues for r in optional.values())],
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
        note = sink.write(document(tables, run_facts(result)))
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


# --- caches ----------------------------------------------------------------------------
@dataclass
class _Cache:
    """The sync state as one run sees it: nothing to load on a full run, nothing to save on a dry run."""

    state: SyncState | None
    save: bool
    full: bool
    started: datetime

    @property
    def now_ns(self) -> int:
        return int(pd.Timestamp(self.started).value)

    def load(self, name: str) -> SourceState | None:
        if self.state is None or self.full:
            return None
        return self.state.source(name)

    def valid(self, lo: int | None, hi: int | None) -> bool:
        """Whether a result normalised with another "now" is exact for this run's (24-hour rule)."""
        return (lo is None or self.now_ns >= lo) and (hi is None or self.now_ns < hi)

    def store(self, name: str, kind: str, cache_key: str, payload: bytes | None, *, content_hash: str | None,
              watermark: str | None = None, stale_after: int | None = None, full_read_at: str | None = None,
              parts: str | None = None) -> None:
        if self.state is None or not self.save or payload is None:
            return
        try:
            self.state.put_source(SourceState(
                name=name, kind=kind, cache_key=cache_key, content_hash=content_hash, watermark=watermark,
                stale_after=stale_after, full_read_at=full_read_at or utc_now_text(self.started),
                updated_at=utc_now_text(), parts=parts, payload=payload))
        except sqlite3.Error as exc:  # a cache that cannot be saved costs time, never the run
            log.warning("could not save the sync state of %s (%s); the next run normalises it again", name, exc)

    def remember(self, *, full: bool, fingerprint: str) -> None:
        if self.state is None or not self.save:
            return
        try:
            if full:
                self.state.set("last_full_read", utc_now_text(self.started))
            self.state.set("master_fingerprint", fingerprint)
        except sqlite3.Error as exc:
            log.warning("could not save the sync state (%s)", exc)


def _registry_key(registry: Registry) -> list[Any]:
    units: list[Any] = [[u.code, u.name, list(u.aliases)] for u in registry.units]
    if registry.agency.is_default:  # the key of a default profile stays what it was
        return units
    return [*units, ["agency", registry.agency.name, [m.text for m in registry.agency.measures]]]


def survey_key(spec: SurveySpec) -> str:
    """Everything a normalised survey depends on besides its content and "now"."""
    titles = {k: list(v) for k, v in sorted(spec.titles.items())}
    return digest("survey", code_digest(), titles, _registry_key(spec.registry), spec.tz, spec.date_order)


def _future_rejected(raw: RawTable, result: SurveyResult, spec: SurveySpec) -> dict[Any, int]:
    """Row label -> timestamp (ns, UTC) of rows rejected only for being > 24 h after the run started."""
    bad = result.issues[result.issues[I.CODE] == "bad_timestamp"]
    if bad.empty:
        return {}
    col = locate_survey_columns(raw.frame.iloc[0].tolist(), spec.titles)["timestamp"]
    cells = raw.frame.iloc[:, col].loc[list(bad[I.ROW])]
    ts = parse_timestamps(cells, tz=spec.tz, serial_tz=raw.serial_tz, date_order=spec.date_order,  # type: ignore[arg-type]
                          now=_FAR_FUTURE)
    return {label: int(t.value) for label, t in ts.dropna().items()}


def _validity(raw: RawTable, result: SurveyResult, spec: SurveySpec) -> tuple[int | None, int | None]:
    """The interval of "now" (ns) in which ``result`` is what normalising ``raw`` gives."""
    lo = int(result.frame[S.TS].max().value) - _DAY_NS if len(result.frame) else None
    future = _future_rejected(raw, result, spec)
    hi = min(future.values()) - _DAY_NS if future else None
    return lo, hi


def _pack_or_none(frames: dict[str, pd.DataFrame], meta: dict[str, Any]) -> bytes | None:
    try:
        return pack(frames, meta)
    except PackError as exc:
        log.warning("result not cached (%s); the next run normalises it again", exc)
        return None


def _survey_sheet(source: Source, spec: SurveySpec, cache: _Cache) -> tuple[SurveyResult, str]:
    """A survey sheet: read and hashed every run; normalised only when something changed."""
    raw = source.read_survey()
    content = table_digest(raw)
    key = digest(survey_key(spec), content)
    row = cache.load("survey")
    if row is not None and row.kind == "sheet" and row.cache_key == key:
        try:
            frames, meta = unpack(row.payload)
            if cache.valid(meta["lo"], meta["hi"]):
                return SurveyResult(frames["frame"], frames["issues"], TabStat(**meta["stat"])), "cached"
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cached survey result unusable (%s): normalising again", exc)
    result = normalise_survey(raw, spec)
    lo, hi = _validity(raw, result, spec)
    payload = _pack_or_none({"frame": result.frame, "issues": result.issues},
                            {"stat": asdict(result.stat), "lo": lo, "hi": hi})
    cache.store("survey", "sheet", key, payload, content_hash=content, stale_after=hi)
    return result, "normalised"


def _header_digest(raw: RawTable) -> str:
    header = raw.frame.iloc[0].tolist() if len(raw.frame) else []
    return digest(raw.source, raw.sheet, raw.serial_tz or "", [repr(h) for h in header])


def _forms_index(raw: RawTable, batch: SurveyResult, spec: SurveySpec) -> pd.DataFrame:
    """One row per response read: responseId, its timestamp cell, what became of it, and the
    24-hour-rule bounds (accepted: valid from ``lo``; rejected as future: valid until ``hi``)."""
    labels = list(raw.frame.index[1:])
    submitted = ["" if v is None else str(v) for v in raw.frame.iloc[1:, 0].tolist()] if raw.frame.shape[1] else []
    accepted = dict(zip(batch.frame[S.ROW].tolist(), (int(t.value) for t in batch.frame[S.TS]), strict=True))
    codes: dict[Any, set[str]] = {}
    for row, code in zip(batch.issues[I.ROW].tolist(), batch.issues[I.CODE].tolist(), strict=True):
        codes.setdefault(row, set()).add(code)
    future = _future_rejected(raw, batch, spec)
    status: list[str] = []
    lo: list[int | None] = []
    hi: list[int | None] = []
    for rid in labels:
        c = codes.get(rid, set())
        if rid in accepted:
            status.append("accepted")
            lo.append(accepted[rid] - _DAY_NS)
            hi.append(None)
        elif "duplicate_row" in c:
            status.append("duplicate")
            lo.append(None)
            hi.append(None)
        elif "bad_timestamp" in c:
            status.append("rejected")
            lo.append(None)
            hi.append(future[rid] - _DAY_NS if rid in future else None)
        else:  # an all-blank row: not read
            status.append("blank")
            lo.append(None)
            hi.append(None)
    return pd.DataFrame({"rid": pd.Series(labels, dtype=object), "submitted": pd.Series(submitted, dtype=object),
                         "status": pd.Series(status, dtype=object), "lo": pd.Series(lo, dtype=object),
                         "hi": pd.Series(hi, dtype=object)})


def _survey_forms(source: Source, spec: SurveySpec, cache: _Cache) -> tuple[SurveyResult, str]:
    """The Forms API survey: responses since the watermark, upserted by responseId."""
    cfg = survey_key(spec)
    row = cache.load("survey")
    old: dict[str, pd.DataFrame] | None = None
    if row is not None and row.kind == "forms" and row.cache_key == cfg and row.watermark:
        try:
            frames, meta = unpack(row.payload)
            idx = frames["index"]
            los = [v for v in idx["lo"].tolist() if v is not None]
            his = [v for v in idx["hi"].tolist() if v is not None]
            if cache.valid(max(los, default=None), min(his, default=None)):
                old = frames
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cached survey responses unusable (%s): reading the form in full", exc)
    raw = None
    if old is not None and row is not None and row.watermark:
        since = datetime.fromisoformat(row.watermark) - FORMS_OVERLAP
        raw = source.read_survey(since=since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))  # type: ignore[call-arg]
        if _header_digest(raw) != row.content_hash:  # the questions changed: everything must be re-read
            log.info("the form's questions changed: reading every response")
            old, raw = None, None
    full = old is None
    if raw is None:
        raw = source.read_survey()
    batch = normalise_survey(raw, spec)
    index = _forms_index(raw, batch, spec)
    if old is None:
        frame, issues, merged = batch.frame, batch.issues, index
    else:
        frame, issues, merged = _merge_responses(old, batch, index)
    counts = Counter(merged["status"])
    stat = TabStat(raw.source, raw.sheet, read=len(merged) - counts["blank"], accepted=counts["accepted"],
                   duplicates=counts["duplicate"], rejected=counts["rejected"])
    result = SurveyResult(frame, issues, stat)
    times = pd.to_datetime(merged["submitted"], utc=True, format="ISO8601", errors="coerce")
    watermark = times.max().isoformat() if len(times) and not pd.isna(times.max()) else None
    his = [v for v in merged["hi"].tolist() if v is not None]
    payload = _pack_or_none({"frame": frame, "issues": issues, "index": merged}, {"stat": asdict(stat)})
    cache.store("survey", "forms", cfg, payload, content_hash=_header_digest(raw), watermark=watermark,
                stale_after=min(his, default=None),
                full_read_at=None if full else (row.full_read_at if row is not None else None))
    how = "full read" if full else f"incremental: {len(index)} new or changed"
    return result, how


def _merge_responses(old: dict[str, pd.DataFrame], batch: SurveyResult, index: pd.DataFrame
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Cached responses with the batch upserted by responseId, in the order a full read gives
    (timestamp cell, then responseId)."""
    fresh = set(index["rid"].tolist())
    old_index, old_frame, old_issues = old["index"], old["frame"], old["issues"]
    merged = _concat_nonempty([old_index[~old_index["rid"].isin(fresh)], index], like=index)
    merged = merged.sort_values(["submitted", "rid"], kind="stable").reset_index(drop=True)
    order = {rid: i for i, rid in enumerate(merged["rid"].tolist())}
    frame = _concat_nonempty([old_frame[~old_frame[S.ROW].isin(fresh)], batch.frame], like=batch.frame)
    frame = frame.iloc[np.argsort(frame[S.ROW].map(order).to_numpy(dtype=np.int64), kind="stable")]
    issues = _concat_nonempty([old_issues[~old_issues[I.ROW].isin(fresh)], batch.issues], like=batch.issues)
    issues = issues.iloc[np.argsort(issues[I.ROW].map(order).to_numpy(dtype=np.int64), kind="stable")]
    return frame.reset_index(drop=True), issues.reset_index(drop=True), merged


def _concat_nonempty(parts: Sequence[pd.DataFrame], like: pd.DataFrame) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return like.iloc[0:0].reset_index(drop=True)
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True)


def _reports(source: Source, registry: Registry, cache: _Cache) -> tuple[ReportsResult, str]:
    """Report spreadsheets, read and hashed every run; normalised again only when one changed.

    They are normalised as one set (a later unit's row may replace an earlier one's), so the
    cached result is keyed by the fingerprints of all of them in reading order."""
    books: list[ReportBook] = read_report_books(source, cache.state, reuse=not cache.full, save=cache.save)
    parts = [[b.source, b.error or "", table_digest(b.form1), table_digest(b.form2)] for b in books]
    key = digest("reports", code_digest(), _registry_key(registry), parts)
    row = cache.load("reports")
    if row is not None and row.kind == "reports" and row.cache_key == key:
        try:
            frames, meta = unpack(row.payload)
            return ReportsResult(frames["form1"], frames["form2"], frames["issues"],
                                 stats_from_json(meta["stats"])), "cached"
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cached report result unusable (%s): normalising again", exc)
    result = normalise_reports(books, registry)
    payload = _pack_or_none({"form1": result.form1, "form2": result.form2, "issues": result.issues},
                            {"stats": stats_to_json(result.stats)})
    cache.store("reports", "reports", key, payload, content_hash=digest(parts),
                parts=json.dumps([[p[0], p[2], p[3]] for p in parts], ensure_ascii=False))
    return result, "normalised"


# --- section 8: the optional sources ---------------------------------------------------------
def _optional_sources(settings: Settings, registry: Registry, source: Source, cache: _Cache, started: datetime
                      ) -> tuple[dict[str, SourceResult], dict[str, str]]:
    """The configured section-8 sources in the order of section 8: each spreadsheet read and
    hashed every run, normalised again only when it (or what its rules depend on) changed."""
    results: dict[str, SourceResult] = {}
    how: dict[str, str] = {}
    if settings.pr is not None:
        pr = settings.pr
        book = source.read_tabs(pr.spreadsheet, [pr.worksheet], "pr.spreadsheet")
        results["pr"], how["pr"] = _cached_source(
            "pr", book, [pr.worksheet], cache, lambda: normalise_pr(book, pr.worksheet))
    if settings.ita is not None:
        ita = settings.ita
        fw = ita.framework()
        book = source.read_tabs(ita.spreadsheet, [ita.worksheet], "ita.spreadsheet")
        results["ita"], how["ita"] = _cached_source(
            "ita", book, [ita.worksheet, repr(fw)], cache, lambda: normalise_ita(book, ita.worksheet, fw))
    if settings.training is not None:
        tr = settings.training
        book = source.read_tabs(tr.spreadsheet, [TAB_ROSTER, TAB_ATTENDANCE], "training.spreadsheet")
        results["training"], how["training"] = _cached_source(
            "training", book, [_registry_key(registry), settings.timezone, settings.survey.date_order], cache,
            lambda: normalise_training(book, registry, tz=settings.timezone, now=started,
                                       date_order=settings.survey.date_order),
            # a session day rejected only for being in the future may become valid later
            reusable=lambda r: not (r.issues[I.CODE] == "bad_timestamp").any())
    for name, r in results.items():
        log.info("%s: %d tabs read, %d issues (%s)", name, len(r.stats), len(r.issues), how[name])
    return results, how


def _cached_source(name: str, book: TabBook, config: list[Any], cache: _Cache, compute: Callable[[], SourceResult],
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
        payload = _pack_or_none({**result.frames, "__issues__": result.issues},
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
OUTCOME_TEXT = {
    "written": "สำเร็จ (เขียนรายงานรวม)",
    "unchanged": "สำเร็จ (ข้อมูลไม่เปลี่ยนแปลง)",
    "dry-run": "ทดลองรัน",
    "failed": "ล้มเหลว",
    "abandoned": "ยกเลิก (สั่งหยุดก่อนเขียน)",
    "interrupted": "ถูกขัดจังหวะ",
    "running": "กำลังทำงาน",
}


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
        text = "ยังไม่มี"
    else:
        text = f"{OUTCOME_TEXT.get(last.outcome, last.outcome)} เมื่อ {_local_text(last.started, tz)}"
        if last.outcome == "failed" and last.error:
            text += f": {last.error.splitlines()[0][:300]}"
    return [("การซิงค์ตามกำหนดเวลาครั้งล่าสุด", text)]


def run_facts(result: RunResult) -> list[tuple[str, OutCell]]:
    """The label/value rows under สถานะการซิงค์'s table (never part of the fingerprint)."""
    local = result.started  # in the configured time zone (run_once)
    return [
        ("เวลาซิงค์", local.strftime("%Y-%m-%d %H:%M:%S %z")),
        ("โหมด", result.mode),
        ("เรียกใช้โดย", "ตามกำหนดเวลา (ita-sync serve)" if result.trigger == "scheduled" else "ผู้ใช้สั่ง"),
        ("การอ่านข้อมูล", "อ่านและประมวลผลใหม่ทั้งหมด" if result.read_kind == "full" else "เฉพาะส่วนที่เปลี่ยน"),
        ("ระยะเวลา (วินาที)", round(result.duration, 1)),
        ("จำนวนปัญหาข้อมูล", result.issue_total),
        *result.extra_facts,
        ("รุ่นโปรแกรม", VERSION),
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
                    examples.append(f"แถว {i + first}: แถวใหม่")
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
                        examples.append(f"แถว {i + first}: {label[:40]}")
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
            examples.append(f"แถว {where[k]} ({', '.join(map(str, k))}): {', '.join(cols[:4])}")
        for k in new_keys[:max(DIFF_EXAMPLES - len(examples), 0)]:
            examples.append(f"แถว {where[k]} ({', '.join(map(str, k))}): แถวใหม่")
        for k in gone_keys[:max(DIFF_EXAMPLES - len(examples), 0)]:
            examples.append(f"({', '.join(map(str, k))}): ถูกลบ")
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
