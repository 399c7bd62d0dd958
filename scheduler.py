"""The `ita-sync` command line: thin wiring around ``sync.job``.

Exit status: 0 success; 1 the sync failed (the previous master intact); 2 bad
config or command line.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config.errors import ConfigError, ItaSyncError
from config.registry import load_registry
from config.settings import Settings, load_settings, resolve_config_path

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


def _setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _sync(config: Path | None, *, mode: str, dry_run: bool) -> None:
    try:
        settings, registry = _load(config)
        from sync.backends import build_backend
        from sync.job import run_once
        from sync.lock import run_lock

        source, sink = build_backend(settings)
        with run_lock(settings.state_dir, settings.state.lock_wait_seconds):
            result = run_once(settings, registry, source, sink, mode=mode, dry_run=dry_run)  # type: ignore[arg-type]
    except ItaSyncError as exc:
        _fail(exc)
        return
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
    if result.dry_run:
        for ch in result.changes:
            out.print(f"แท็บ {ch.tab}: เพิ่ม {ch.added} แถว, ลบ {ch.removed} แถว, เปลี่ยน {ch.changed} แถว", markup=False)
        out.print(f"ทดลองรัน (--dry-run): ไม่ได้เขียนรายงานรวม {result.location}", markup=False)
    elif result.wrote:
        out.print(f"เขียนรายงานรวมแล้ว: {result.location} ({result.duration:.1f} วินาที)", markup=False)
    else:
        out.print(f"ข้อมูลไม่เปลี่ยนแปลง จึงไม่ได้เขียนรายงานรวม: {result.location}", markup=False)


@app.command()
def run(config: ConfigOpt = None, dry_run: DryRunOpt = False) -> None:
    """One sync: pull, normalise, aggregate, write the master."""
    _sync(config, mode="run", dry_run=dry_run)


@app.command()
def resync(config: ConfigOpt = None, dry_run: DryRunOpt = False) -> None:
    """Forget saved sync state and re-read every source in full."""
    _sync(config, mode="resync", dry_run=dry_run)


@app.command()
def demo(
    dir: Annotated[Path, typer.Option("--dir", help="Where to write the demo set-up.")] = Path("ita-sync-demo"),
) -> None:
    """Write a complete local set-up with realistic messy data, then run one sync."""
    from sync.demo import write_demo

    config = write_demo(dir)
    out.print(f"สร้างชุดข้อมูลตัวอย่างแล้ว: {config.parent}", markup=False)
    _sync(config, mode="run", dry_run=False)
    out.print(f"ลองเปิดไฟล์รายงานรวม หรือรันซ้ำด้วย: ita-sync run --config {config}", markup=False)


@app.command()
def template(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the template workbook into.")] = Path("."),
    unit: Annotated[str | None, typer.Option("--unit", help="Unit name to pre-fill.")] = None,
) -> None:
    """Write the unit report template workbook for units to fill in."""
    from sync.template import write_template

    path = write_template(out_dir, unit)
    out.print(f"เขียนแม่แบบรายงานแล้ว: {path}", markup=False)


@app.command()
def check(config: ConfigOpt = None) -> None:
    """Validate config, registry, access to every source and the master, and question titles."""
    from sync.check import run_checks

    try:
        settings, registry = _load(config)
    except ItaSyncError as exc:
        _fail(exc)
        return
    ok = True
    for good, message in run_checks(settings, registry):  # type: ignore[arg-type]
        ok &= good
        out.print(("[green]ok[/]  " if good else "[red]ERR[/] ") + message.replace("[", "\\["))
    raise typer.Exit(0 if ok else 1)


def main() -> None:
    _setup_logging()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
