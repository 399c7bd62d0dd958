"""The `ita-sync` command line: thin wiring around ``sync.service`` and ``sync.job``.

Exit status: 0 success; 1 the sync failed (the previous master intact); 2 bad
config or command line.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config.registry import load_registry
from config.settings import Settings, load_settings, resolve_config_path
from core.errors import ConfigError, ItaSyncError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Consolidate the MDES OPS ITA awareness survey and unit reports into one master spreadsheet.",
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
log = logging.getLogger("ita_sync")

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: $ITA_SYNC_CONFIG, then ./ita-sync.toml)."),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Read and aggregate, print what would change, write nothing.")]
LogJsonOpt = Annotated[
    bool,
    typer.Option("--log-json", envvar="ITA_SYNC_LOG_JSON",
                 help="Log JSON lines to stderr (for journald or a log shipper) instead of text."),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log each step, not only warnings.")]

#: the global options (set by the callback; a command's own --log-json adds to them)
_opts = {"log_json": False, "verbose": False}

STAGE_TEXT = {
    "survey": "อ่านแบบสำรวจ",
    "reports": "อ่านรายงานหน่วยงาน",
    "optional": "อ่านแหล่งข้อมูลเพิ่มเติม (สื่อสังคมออนไลน์ ผลการประเมิน ITA การอบรม)",
    "build": "สร้างตารางรายงานรวม",
    "write": "เขียนรายงานรวม",
}


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


def _fail(exc: ItaSyncError) -> None:
    kind = "config error" if isinstance(exc, ConfigError) else "sync failed"
    lines = str(exc).splitlines() or [type(exc).__name__]
    err.print(f"[bold red]{kind}:[/] {lines[0]}", markup=True, soft_wrap=True)
    for line in lines[1:]:
        err.print(f"  {line}", markup=False, soft_wrap=True)
    if not isinstance(exc, ConfigError):
        err.print("The previous master was left as it was.", soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _load(config: Path | None) -> tuple[Settings, object]:
    settings = load_settings(resolve_config_path(config))
    registry = load_registry(settings.units_file)
    return settings, registry


@contextmanager
def _progress(enabled: bool):
    """A stage progress bar on an interactive terminal; nothing when stderr is not a TTY."""
    if not enabled or _opts["log_json"] or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sync.job import STAGES

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("เริ่มต้น", total=len(STAGES))

        def on_stage(stage: str) -> None:
            done = STAGES.index(stage) if stage in STAGES else 0
            bar.update(task, description=STAGE_TEXT.get(stage, stage), completed=done)

        yield on_stage


def _sync(config: Path | None, *, mode: str, dry_run: bool, log_json: bool = False) -> None:
    try:
        settings, registry = _load(config)
        _configure_logging(log_json)
        from sync.service import execute

        with _progress(True) as on_stage:
            result = execute(settings, registry, mode=mode, dry_run=dry_run, on_stage=on_stage)  # type: ignore[arg-type]
    except ItaSyncError as exc:
        _fail(exc)
        return
    except Exception as exc:  # an unexpected error: recorded in the history; no data in the message
        if os.environ.get("ITA_SYNC_DEBUG"):
            raise
        from sync.service import safe_error

        err.print(f"[bold red]sync failed:[/] {safe_error(exc)}", markup=True, soft_wrap=True)
        err.print("The previous master was left as it was.", soft_wrap=True)
        raise typer.Exit(1) from None
    print_summary(result)


def print_summary(result: object) -> None:
    from sync.job import RunResult

    assert isinstance(result, RunResult)
    table = Table(title="สรุปการซิงค์", title_justify="left")
    for h in ("แหล่งข้อมูล", "ชีต", "แถวที่อ่าน", "รับ", "ซ้ำ", "ปฏิเสธ", "ปัญหา"):
        table.add_column(h, justify="right" if h not in ("แหล่งข้อมูล", "ชีต") else "left")
    for s in result.stats:
        table.add_row(s.source, s.sheet, str(s.read), str(s.accepted), str(s.duplicates), str(s.rejected),
                      str(result.issues_by_tab.get((s.source, s.sheet), 0)))
    out.print(table)
    for w in result.warnings:
        out.print(f"คำเตือน: {w}", markup=False)
    if result.issue_total:
        codes = ", ".join(f"{c} {n}" for c, n in sorted(result.issues_by_code.items()))
        out.print(f"ปัญหาข้อมูลทั้งหมด {result.issue_total} รายการ ({codes}) ดูแท็บ “ปัญหาข้อมูล”", markup=False)
    else:
        out.print("ไม่พบปัญหาข้อมูล")
    for note in _source_notes(result):
        out.print(note, markup=False)
    if result.dry_run:
        for ch in result.changes:
            out.print(f"แท็บ {ch.tab}: เพิ่ม {ch.added} แถว, ลบ {ch.removed} แถว, เปลี่ยน {ch.changed} แถว", markup=False)
            for example in ch.examples:
                out.print(f"    {example}", markup=False)
        out.print(f"ทดลองรัน (--dry-run): ไม่ได้เขียนรายงานรวม {result.location}", markup=False)
    elif result.wrote:
        out.print(f"เขียนรายงานรวมแล้ว: {result.location} ({result.duration:.1f} วินาที)", markup=False)
    else:
        out.print(f"ข้อมูลไม่เปลี่ยนแปลง จึงไม่ได้เขียนรายงานรวม: {result.location}", markup=False)


def _source_notes(result: object) -> list[str]:
    from sync.job import RunResult

    assert isinstance(result, RunResult)
    how = {"normalised": "ประมวลผลใหม่", "cached": "ไม่เปลี่ยนแปลง ใช้ผลเดิม", "full read": "อ่านทั้งหมด"}
    names = {"survey": "แบบสำรวจ", "reports": "รายงานหน่วยงาน"}
    kind = "อ่านและประมวลผลใหม่ทั้งหมด" if result.read_kind == "full" else "เฉพาะส่วนที่เปลี่ยน"
    parts = []
    for key, text in result.sources.items():
        if text.startswith("incremental: "):
            n = text.split(": ", 1)[1].split()[0]
            text = f"อ่านเฉพาะคำตอบใหม่/แก้ไข {n} รายการ"
        else:
            text = how.get(text, text)
        parts.append(f"{names.get(key, key)}: {text}")
    return [f"การอ่านข้อมูล: {kind} ({'; '.join(parts)})"] if parts else []


@app.command()
def run(config: ConfigOpt = None, dry_run: DryRunOpt = False, log_json: LogJsonOpt = False) -> None:
    """One sync: pull, normalise, aggregate, write the master (incremental where it can)."""
    _sync(config, mode="run", dry_run=dry_run, log_json=log_json)


@app.command()
def resync(config: ConfigOpt = None, dry_run: DryRunOpt = False, log_json: LogJsonOpt = False) -> None:
    """Forget saved sync state and re-read every source in full."""
    _sync(config, mode="resync", dry_run=dry_run, log_json=log_json)


@app.command()
def serve(
    config: ConfigOpt = None,
    log_json: LogJsonOpt = False,
    run_at_start: Annotated[bool, typer.Option("--run-at-start", help="Also run once right away, then on schedule.")] = False,
) -> None:
    """Run `run` on the schedule.cron of the config until SIGTERM/SIGINT (never in the middle of a master write)."""
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
) -> None:
    """The last runs from the history, and whether the service's last scheduled run succeeded."""
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


def _when(iso: str | None) -> str:
    from datetime import datetime

    if not iso:
        return "-"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso


def print_status(report: object) -> None:
    from sync.job import OUTCOME_TEXT
    from sync.service import StatusReport

    assert isinstance(report, StatusReport)
    if not report.exists:
        out.print(f"ยังไม่มีประวัติการซิงค์ (ไม่พบ {report.state_file})", markup=False)
        return
    last = report.last_scheduled
    if last is None:
        out.print("การซิงค์ตามกำหนดเวลาครั้งล่าสุด: ยังไม่มี", markup=False)
    else:
        ok = "สำเร็จ" if report.scheduled_ok else "ไม่สำเร็จ"
        line = f"การซิงค์ตามกำหนดเวลาครั้งล่าสุด: {ok} ({OUTCOME_TEXT.get(last.outcome, last.outcome)}) เมื่อ {_when(last.started)}"
        if last.error:
            line += f": {last.error}"
        out.print(line, markup=False, soft_wrap=True)
    svc = report.service
    if svc.get("status"):
        text = {"running": "ทำงานอยู่", "stopped": "หยุดแล้ว"}.get(svc["status"] or "", svc["status"])
        line = f"บริการ ita-sync serve: {text}"
        if svc.get("status") == "running":
            line += f" (pid {svc.get('pid')}, cron {svc.get('cron')!s}, รอบถัดไป {_when(svc.get('next_run'))})"
        out.print(line, markup=False)
    if report.last_full_read:
        out.print(f"อ่านข้อมูลทั้งหมดครั้งล่าสุด: {_when(report.last_full_read)}", markup=False)
    short = {"written": "เขียนแล้ว", "unchanged": "ไม่เปลี่ยน", "dry-run": "ทดลอง", "failed": "ล้มเหลว",
             "abandoned": "ยกเลิก", "interrupted": "ขัดจังหวะ", "running": "กำลังทำ"}
    table = Table(title="ประวัติการซิงค์ (ล่าสุดก่อน)", title_justify="left")
    for h in ("เริ่ม", "คำสั่ง", "โดย", "ผล", "วินาที", "อ่าน/รับ/ซ้ำ/ปฏิเสธ", "ปัญหา"):
        table.add_column(h, no_wrap=True)
    errors = []
    for r in report.runs:
        mode = r.mode + (" --dry-run" if r.dry_run else "") + (" (เต็ม)" if r.read_kind == "full" else "")
        counts = "" if r.rows_read is None else f"{r.rows_read}/{r.accepted}/{r.duplicates}/{r.rejected}"
        when = _when(r.started)[:16]
        table.add_row(when, mode, "ตามเวลา" if r.trigger == "scheduled" else "สั่งเอง", short.get(r.outcome, r.outcome),
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
) -> None:
    """Write a complete local set-up with realistic messy data, then run one sync."""
    from sync.demo import AGENCIES, write_demo

    if agency not in AGENCIES:
        out.print(f"--agency {agency!r}: expected one of {', '.join(AGENCIES)}", markup=False)
        raise typer.Exit(2)
    config = write_demo(dir, agency=agency, sources=True)
    out.print(f"สร้างชุดข้อมูลตัวอย่างแล้ว: {config.parent}", markup=False)
    _sync(config, mode="run", dry_run=False)
    out.print(f"เปิดรายงานรวมได้ที่ {config.parent / 'data' / 'master.xlsx'} "
              f"หรือรันซ้ำด้วย: ita-sync run --config {config}", markup=False)


@app.command()
def template(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the template workbook into.")] = Path("."),
    unit: Annotated[str | None, typer.Option("--unit", help="Unit name to pre-fill.")] = None,
    source: Annotated[str, typer.Option("--source", help="reports (unit reports), pr, ita or training.")] = "reports",
    agency: Annotated[str, typer.Option("--agency", help="Bundled agency profile: mdes-ops or depa.")] = "mdes-ops",
) -> None:
    """Write a template workbook: the unit report (default) or a section-8 source's."""
    from config.settings import BUNDLED_PROFILES
    from sync.template import write_template
    from sync.template_sources import SOURCE_FILES, write_source_template

    if agency not in BUNDLED_PROFILES:
        out.print(f"--agency {agency!r}: expected one of {', '.join(BUNDLED_PROFILES)}", markup=False)
        raise typer.Exit(2)
    units_file = BUNDLED_PROFILES[agency]
    if source == "reports":
        path = write_template(out_dir, unit, units_file=units_file)
    elif source in SOURCE_FILES:
        path = write_source_template(out_dir, source, units_file=units_file)
    else:
        out.print(f"--source {source!r}: expected one of reports, {', '.join(SOURCE_FILES)}", markup=False)
        raise typer.Exit(2)
    out.print(f"เขียนแม่แบบรายงานแล้ว: {path}", markup=False)


@app.command()
def report(
    config: ConfigOpt = None,
    year: Annotated[str | None, typer.Option("--year", help="Fiscal year, BE or CE (default: the latest period).")] = None,
    round_: Annotated[str | None, typer.Option("--round", help='"6 เดือน" or "12 เดือน" (default: the latest).')] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the report into.")] = Path("."),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write the report as PDF.")] = False,
) -> None:
    """Write the round report for the executives (.docx, and PDF with --pdf) from the same tables as the master."""
    try:
        from sync.report.command import parse_round_arg, parse_year_arg, write_report

        wanted_year, wanted_round = parse_year_arg(year), parse_round_arg(round_)
        settings, registry = _load(config)
        _configure_logging()
        files = write_report(settings, registry, year=wanted_year, round_=wanted_round,  # type: ignore[arg-type]
                             out_dir=out_dir, pdf=pdf)
    except ItaSyncError as exc:
        kind = "config error" if isinstance(exc, ConfigError) else "report failed"
        lines = str(exc).splitlines() or [type(exc).__name__]
        err.print(f"[bold red]{kind}:[/] {lines[0]}", markup=True, soft_wrap=True)
        for line in lines[1:]:
            err.print(f"  {line}", markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:  # no data in the message
        if os.environ.get("ITA_SYNC_DEBUG"):
            raise
        from sync.service import safe_error

        err.print(f"[bold red]report failed:[/] {safe_error(exc)}", markup=True, soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(f"เขียนรายงานผลการดำเนินงาน {files.period.label()} แล้ว: {files.docx}", markup=False)
    if files.pdf is not None:
        out.print(f"ไฟล์ PDF: {files.pdf}", markup=False)


@app.command()
def check(config: ConfigOpt = None) -> None:
    """Validate config, registry, access to every source and the master, and question titles."""
    from sync.check import run_checks

    try:
        settings, registry = _load(config)
    except ItaSyncError as exc:
        _fail(exc)
        return
    failed = False
    tags = {"ok": "[green]ok[/]   ", "warn": "[yellow]warn[/] ", "error": "[red]ERROR[/]"}
    for level, message in run_checks(settings, registry):  # type: ignore[arg-type]
        failed |= level == "error"
        out.print(tags[level] + " " + message.replace("[", "\\["))
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
