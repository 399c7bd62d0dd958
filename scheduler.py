"""The `ita-sync` command line: thin wiring around ``sync.service`` and ``sync.job``.

Exit status: 0 success; 1 the sync failed (the previous master intact); 2 bad
config or command line.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _stopped_while_starting(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C before the CLI is up (importing pandas, pydantic... takes seconds): nothing ran yet.

    Prints the README's stop message and exits 130 without a traceback; Python's own handler
    is restored once the imports below are done (a run then records the interruption).
    """
    os.write(2, b"stopped by the user; the master was not changed\n")
    os._exit(130)


if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _stopped_while_starting)

import logging  # noqa: E402  (the imports below are slow: a Ctrl-C during them is handled above)
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Annotated  # noqa: E402

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from rich.text import Text  # noqa: E402

from config.registry import load_registry  # noqa: E402
from config.settings import Settings, load_settings, resolve_config_path  # noqa: E402
from core import vocab  # noqa: E402
from core.errors import ConfigError, ItaSyncError  # noqa: E402
from core.run import RunMode  # noqa: E402
from core.units import Registry  # noqa: E402

if signal.getsignal(signal.SIGINT) is _stopped_while_starting:  # imports done: Ctrl-C is KeyboardInterrupt again
    signal.signal(signal.SIGINT, signal.default_int_handler)

if TYPE_CHECKING:
    from sync.job import RunResult
    from sync.service import StatusReport

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Consolidate the MDES OPS ITA awareness survey and unit reports into one master spreadsheet.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: flags without a "<bool>" type, help text as written
)
# every message is printed as written: user text (titles, paths, `[survey.questions]`) is never markup
out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
log = logging.getLogger("ita_sync")

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: $ITA_SYNC_CONFIG, then ./ita-sync.toml)."),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run",
                                         help="Read and aggregate, print what would change, write nothing.")]
LogJsonOpt = Annotated[
    bool,
    typer.Option("--log-json", envvar="ITA_SYNC_LOG_JSON",
                 help="Log JSON lines to stderr (for journald or a log shipper) instead of text."),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log each step, not only warnings.")]

#: the global options (set by the callback; a command's own --log-json adds to them)
_opts = {"log_json": False, "verbose": False}

STAGE_TEXT = vocab.CLI_STAGE_TEXT


@app.callback()
def _global(log_json: LogJsonOpt = False, verbose: VerboseOpt = False) -> None:
    """Consolidate the MDES OPS ITA awareness survey and unit reports into one master spreadsheet."""
    _opts["log_json"] = log_json
    _opts["verbose"] = verbose


def _configure_logging(log_json: bool = False, *, service: bool = False) -> None:
    from sync.service import setup_logging

    as_json = log_json or _opts["log_json"]
    _opts["log_json"] = as_json
    level = logging.INFO if (service or as_json or _opts["verbose"]) else logging.WARNING
    setup_logging(json_lines=as_json, level=level)


def _globals(verbose: bool, log_json: bool) -> None:
    """Global options given after the command (`ita-sync run -v`) count as given before it."""
    _opts["verbose"] = _opts["verbose"] or verbose
    _opts["log_json"] = _opts["log_json"] or log_json


def _headline(kind: str, message: str) -> Text:
    """``kind: message`` with the kind in bold red; the message as written, never markup."""
    return Text.assemble((f"{kind}:", "bold red"), " ", message)


def _fail(exc: ItaSyncError) -> None:
    kind = "config error" if isinstance(exc, ConfigError) else "sync failed"
    lines = str(exc).splitlines() or [type(exc).__name__]
    err.print(_headline(kind, lines[0]), soft_wrap=True)
    for line in lines[1:]:
        err.print(Text(f"  {line}"), soft_wrap=True)
    if not isinstance(exc, ConfigError):
        err.print("The previous master was left as it was.", soft_wrap=True)
    raise typer.Exit(exc.exit_code)


STOPPED_BY_USER = "stopped by the user; the master was not changed"


def _load(config: Path | None) -> tuple[Settings, Registry]:
    settings = load_settings(resolve_config_path(config))
    registry = load_registry(settings.units_file)
    return settings, registry


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A stage progress bar on an interactive terminal; nothing when stderr is not a TTY."""
    if not enabled or _opts["log_json"] or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sync.job import STAGES

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task(STAGE_TEXT["start"], total=len(STAGES))

        def on_stage(stage: str) -> None:
            done = STAGES.index(stage) if stage in STAGES else 0
            bar.update(task, description=STAGE_TEXT.get(stage, stage), completed=done)

        yield on_stage


def _sync(config: Path | None, *, mode: RunMode, dry_run: bool, log_json: bool = False) -> None:
    try:
        settings, registry = _load(config)
        _configure_logging(log_json)
        from sync.service import execute

        with _progress(True) as on_stage:
            result = execute(settings, registry, mode=mode, dry_run=dry_run, on_stage=on_stage)
    except ItaSyncError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:  # Ctrl-C: recorded as interrupted; the master is replaced whole or not at all
        err.print(_headline("sync failed", STOPPED_BY_USER), soft_wrap=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # an unexpected error: recorded in the history; no data in the message
        if os.environ.get("ITA_SYNC_DEBUG"):
            raise
        from sync.service import safe_error

        err.print(_headline("sync failed", safe_error(exc)), soft_wrap=True)
        err.print("The previous master was left as it was.", soft_wrap=True)
        raise typer.Exit(1) from None
    print_summary(result)


def print_summary(result: RunResult) -> None:
    table = Table(title=vocab.CLI_SUMMARY_TITLE, title_justify="left")
    for h in vocab.CLI_SUMMARY_HEADERS:
        if h in (vocab.CLI_SUMMARY_SOURCE, vocab.CLI_SUMMARY_SHEET):  # names fold onto more lines: never cut to look like another one
            table.add_column(h, justify="left", overflow="fold")
        else:
            table.add_column(h, justify="right", no_wrap=True)
    for s in result.stats:
        table.add_row(Text(s.source), Text(s.sheet), str(s.read), str(s.accepted), str(s.duplicates),
                      str(s.rejected), str(result.issues_by_tab.get((s.source, s.sheet), 0)))
    out.print(table)
    for w in result.warnings:
        out.print(vocab.CLI_WARNING.format(text=w), markup=False)
    if result.issue_total:
        codes = ", ".join(f"{c} {n}" for c, n in sorted(result.issues_by_code.items()))
        out.print(vocab.CLI_ISSUES.format(n=result.issue_total, codes=codes), markup=False)
    else:
        out.print(vocab.CLI_NO_ISSUES, markup=False)
    for note in _source_notes(result):
        out.print(note, markup=False)
    if result.dry_run:
        for ch in result.changes:
            out.print(vocab.CLI_TAB_CHANGE.format(tab=ch.tab, added=ch.added, removed=ch.removed, changed=ch.changed),
                      markup=False)
            for example in ch.examples:
                out.print(f"    {example}", markup=False)
        out.print(vocab.CLI_DRY_RUN.format(location=result.location), markup=False)
    elif result.wrote:
        out.print(vocab.CLI_WRITTEN.format(location=result.location, seconds=result.duration), markup=False)
    else:
        out.print(vocab.CLI_UNCHANGED.format(location=result.location), markup=False)


def _source_notes(result: RunResult) -> list[str]:
    how, names = vocab.CLI_SOURCE_HOW, vocab.CLI_SOURCE_NAMES
    kind = vocab.CLI_READ_FULL if result.read_kind == "full" else vocab.CLI_READ_INCREMENTAL
    parts = []
    for key, text in result.sources.items():
        parts.append(f"{names.get(key, key)}: {how.get(text, text)}")
    return [vocab.CLI_READING.format(kind=kind, parts="; ".join(parts))] if parts else []


@app.command()
def run(config: ConfigOpt = None, dry_run: DryRunOpt = False, log_json: LogJsonOpt = False,
        verbose: VerboseOpt = False) -> None:
    """One sync: pull, normalise, aggregate, write the master (incremental where it can)."""
    _globals(verbose, log_json)
    _sync(config, mode=RunMode.RUN, dry_run=dry_run, log_json=log_json)


@app.command()
def resync(config: ConfigOpt = None, dry_run: DryRunOpt = False, log_json: LogJsonOpt = False,
           verbose: VerboseOpt = False) -> None:
    """Forget saved sync state and re-read every source in full."""
    _globals(verbose, log_json)
    _sync(config, mode=RunMode.RESYNC, dry_run=dry_run, log_json=log_json)


@app.command()
def serve(
    config: ConfigOpt = None,
    log_json: LogJsonOpt = False,
    run_at_start: Annotated[bool, typer.Option("--run-at-start",
                                               help="Also run once right away, then on schedule.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Run `run` on the schedule.cron of the config until SIGTERM/SIGINT (never in the middle of a master write)."""
    _globals(verbose, log_json)
    try:
        path = resolve_config_path(config)
        settings, _ = _load(config)
        _configure_logging(log_json, service=True)
        from sync.service import Service

        service = Service(settings, config_path=path, run_at_start=run_at_start)
    except ItaSyncError as exc:
        _fail(exc)
        return
    raise typer.Exit(service.serve())


@app.command()
def status(
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many recent runs to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as one JSON object.")] = False,
    verbose: VerboseOpt = False,
    log_json: LogJsonOpt = False,
) -> None:
    """The last runs from the history, and whether the service's last scheduled run succeeded."""
    _globals(verbose, log_json)
    try:
        settings = load_settings(resolve_config_path(config))
    except ItaSyncError as exc:
        _fail(exc)
        return
    from sync.service import status_report

    report = status_report(settings, limit)
    if as_json:
        import json

        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str))
        return
    print_status(report)


def _when(iso: str | None, tz: str) -> str:
    """A time of the history in the configured zone, with its offset (``2026-11-30 02:00 +0700``)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if not iso:
        return "-"
    try:
        return datetime.fromisoformat(iso).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return iso


def print_status(report: StatusReport) -> None:
    from core.vocab import RUN_OUTCOME_TEXT

    tz = report.timezone
    if not report.exists:
        out.print(vocab.CLI_NO_HISTORY.format(path=report.state_file), markup=False)
        return
    last = report.last_scheduled
    if last is None:
        out.print(vocab.CLI_LAST_SCHEDULED_NONE, markup=False)
    else:
        ok = vocab.CLI_OK if report.scheduled_ok else vocab.CLI_NOT_OK
        said = RUN_OUTCOME_TEXT.get(last.outcome, last.outcome)
        # the outcome's own words when they already say whether it succeeded: never "สำเร็จ (สำเร็จ (...))"
        how = said if said.startswith(ok) else f"{ok} ({said})"
        line = vocab.CLI_LAST_SCHEDULED.format(how=how, when=_when(last.started, tz))
        if last.error:
            line += f": {last.error}"
        out.print(line, markup=False, soft_wrap=True)
    svc = report.service
    if svc.get("status"):
        text = vocab.CLI_SERVICE_STATUS.get(svc["status"] or "", svc["status"])
        line = vocab.CLI_SERVICE.format(status=text)
        if svc.get("status") == "running":
            line += vocab.CLI_SERVICE_RUNNING.format(pid=svc.get("pid"), cron=svc.get("cron"),
                                                    next=_when(svc.get("next_run"), tz))
        out.print(line, markup=False)
    if report.last_full_read:
        out.print(vocab.CLI_LAST_FULL_READ.format(when=_when(report.last_full_read, tz)), markup=False)
    short = vocab.CLI_OUTCOME_SHORT
    table = Table(title=vocab.CLI_HISTORY_TITLE, title_justify="left")
    for h in vocab.CLI_HISTORY_HEADERS:
        table.add_column(h, no_wrap=h == vocab.CLI_HISTORY_STARTED, overflow="fold")
    errors = []
    for r in report.runs:
        mode = r.mode + (" --dry-run" if r.dry_run else "") + (vocab.CLI_HISTORY_FULL if r.read_kind == "full" else "")
        counts = "" if r.rows_read is None else f"{r.rows_read}/{r.accepted}/{r.duplicates}/{r.rejected}"
        when = _when(r.started, tz)
        when = f"{when[:16]} {when[20:]}" if len(when) > 20 else when  # minutes and the offset
        table.add_row(Text(when), Text(mode), vocab.CLI_TRIGGER_SCHEDULED if r.trigger == "scheduled" else vocab.CLI_TRIGGER_MANUAL, short.get(r.outcome, r.outcome),
                      f"{r.duration:.1f}" if r.duration is not None else "", counts,
                      "" if r.issues is None else str(r.issues))
        if r.error:
            errors.append(f"{when} {short.get(r.outcome, r.outcome)}: {r.error}")
    out.print(table)
    for line in errors:
        out.print(line, markup=False, soft_wrap=True)


@app.command()
def demo(
    dir: Annotated[Path, typer.Option("--dir", help="Where to write the demo set-up.")] = Path("ita-sync-demo"),
    agency: Annotated[str, typer.Option("--agency", help="Bundled agency profile: mdes-ops or depa.")] = "mdes-ops",
    verbose: VerboseOpt = False,
    log_json: LogJsonOpt = False,
) -> None:
    """Write a complete local set-up with realistic messy data, then run one sync."""
    from sync.demo import AGENCIES, write_demo

    if agency not in AGENCIES:
        out.print(f"--agency {agency!r}: expected one of {', '.join(AGENCIES)}", markup=False)
        raise typer.Exit(2)
    _globals(verbose, log_json)
    kept: list[Path] = []
    try:
        config = write_demo(dir, agency=agency, sources=True, kept=kept)
    except ItaSyncError as exc:  # an edited units.toml that is not valid
        _fail(exc)
        return
    for path in kept:
        out.print(vocab.DEMO_KEPT_FILE.format(path=path), markup=False)
    out.print(vocab.CLI_DEMO_WRITTEN.format(path=config.parent), markup=False)
    _sync(config, mode=RunMode.RUN, dry_run=False)
    out.print(vocab.CLI_DEMO_OPEN.format(master=config.parent / "data" / "master.xlsx", config=config), markup=False)


@app.command()
def template(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the template workbook into.")] = Path("."),
    unit: Annotated[str | None, typer.Option("--unit", help="A unit of the registry (name or alias) to pre-fill.")] = None,
    source: Annotated[str, typer.Option("--source", help="reports (unit reports), pr, ita or training.")] = "reports",
    agency: Annotated[str, typer.Option("--agency", help="Bundled agency profile: mdes-ops or depa.")] = "mdes-ops",
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="Use this config's units registry (default: $ITA_SYNC_CONFIG when set, "
                               "else the bundled registry of --agency).")] = None,
    verbose: VerboseOpt = False,
    log_json: LogJsonOpt = False,
) -> None:
    """Write a template workbook: the unit report (default) or a section-8 source's."""
    from config.settings import BUNDLED_PROFILES
    from sync.template import write_template
    from sync.template_sources import SOURCE_FILES, write_source_template

    _globals(verbose, log_json)
    if agency not in BUNDLED_PROFILES:
        out.print(f"--agency {agency!r}: expected one of {', '.join(BUNDLED_PROFILES)}", markup=False)
        raise typer.Exit(2)
    try:
        if config is not None or os.environ.get("ITA_SYNC_CONFIG"):
            units_file = load_settings(resolve_config_path(config)).units_file
        else:
            units_file = BUNDLED_PROFILES[agency]
        if source == "reports":
            path = write_template(out_dir, unit, units_file=units_file)
        elif source in SOURCE_FILES:
            path = write_source_template(out_dir, source, units_file=units_file)
        else:
            out.print(f"--source {source!r}: expected one of reports, {', '.join(SOURCE_FILES)}", markup=False)
            raise typer.Exit(2)
    except ItaSyncError as exc:
        _fail(exc)
        return
    out.print(vocab.CLI_TEMPLATE_WRITTEN.format(path=path), markup=False)


@app.command()
def report(
    config: ConfigOpt = None,
    year: Annotated[str | None, typer.Option("--year", help="Fiscal year, BE or CE (default: the latest period).")] = None,
    round_: Annotated[str | None, typer.Option("--round", help=f'"{vocab.ROUND_6}" or "{vocab.ROUND_12}" (default: the latest).')] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the report into.")] = Path("."),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write the report as PDF.")] = False,
    verbose: VerboseOpt = False,
    log_json: LogJsonOpt = False,
) -> None:
    """Write the round report for the executives (.docx, and PDF with --pdf) from the same tables as the master."""
    _globals(verbose, log_json)
    try:
        from sync.report.command import parse_round_arg, parse_year_arg, write_report

        wanted_year, wanted_round = parse_year_arg(year), parse_round_arg(round_)
        settings, registry = _load(config)
        _configure_logging()
        files = write_report(settings, registry, year=wanted_year, round_=wanted_round,
                             out_dir=out_dir, pdf=pdf)
    except ItaSyncError as exc:
        kind = "config error" if isinstance(exc, ConfigError) else "report failed"
        lines = str(exc).splitlines() or [type(exc).__name__]
        err.print(_headline(kind, lines[0]), soft_wrap=True)
        for line in lines[1:]:
            err.print(Text(f"  {line}"), soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:  # no data in the message
        if os.environ.get("ITA_SYNC_DEBUG"):
            raise
        from sync.service import safe_error

        err.print(_headline("report failed", safe_error(exc)), soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(vocab.CLI_REPORT_WRITTEN.format(period=files.period.label(), path=files.docx), markup=False)
    if files.pdf is not None:
        out.print(vocab.CLI_REPORT_PDF.format(path=files.pdf), markup=False)


@app.command()
def check(config: ConfigOpt = None, verbose: VerboseOpt = False, log_json: LogJsonOpt = False) -> None:
    """Validate config, registry, access to every source and the master, and question titles."""
    from sync.check import run_checks

    _globals(verbose, log_json)
    try:
        settings, registry = _load(config)
    except ItaSyncError as exc:
        _fail(exc)
        return
    failed = False
    tags = {"ok": ("ok   ", "green"), "warn": ("warn ", "yellow"), "error": ("ERROR", "red")}
    for level, message in run_checks(settings, registry):
        failed |= level == "error"
        out.print(Text.assemble(tags[level], " ", message), soft_wrap=True)
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        err.print(STOPPED_BY_USER)
        sys.exit(130)


if __name__ == "__main__":
    main()
