"""``ita-sync report``: the round report for one period (CONTRACT section 9).

Reads and aggregates exactly as ``run`` (``sync.job.build_master``: the same ``run_once``,
no sync state, no master write), picks the period, builds the content model
(``document``), writes ``DIR/ITA-<year>-<6|12>.docx`` and, with ``--pdf``, the same as PDF
(each written to a temporary file and renamed, so a reader never sees half a file), then
records the .docx in ``state.dir/last_report.json`` for ``สรุปภาพรวม`` (``link``).

Errors: bad ``--year``/``--round`` -> ConfigError (exit 2); sources as for ``run`` and an
unknown period (UnknownPeriodError, listing the periods there are) -> exit 1.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from aggregate.parse import parse_rounds, parse_years
from config.settings import Settings
from core import vocab as V
from core.errors import ConfigError, ItaSyncError
from core.units import Registry
from sync.backends import build_backend
from sync.job import build_master
from sync.ports import Source
from sync.report.document import Document, Period, Profile, build_document, choose_period, periods_of
from sync.report.link import record_report


def parse_year_arg(text: str | None) -> int | None:
    """``--year``: the year rule of section 6 (BE or CE, Thai digits, ``พ.ศ.`` allowed) -> BE."""
    if text is None:
        return None
    year = parse_years(pd.Series([text], dtype=object)).iloc[0]
    if pd.isna(year):
        raise ConfigError(f"--year {text!r} is not a fiscal year: give 4 digits, Buddhist era or "
                          f"Christian era, e.g. --year 2567 or --year 2024")
    return int(year)


def parse_round_arg(text: str | None) -> str | None:
    """``--round``: ``6 เดือน`` / ``12 เดือน`` (section 6 round rule; a bare 6 or 12 also)."""
    if text is None:
        return None
    bare = text.strip().translate(str.maketrans(V.THAI_DIGITS, "0123456789"))
    if bare in ("6", "12"):
        return V.ROUND_6 if bare == "6" else V.ROUND_12
    round_ = parse_rounds(pd.Series([text], dtype=object)).iloc[0]
    if round_ is None:
        raise ConfigError(f'--round {text!r} is not a report round: give "{V.ROUND_6}" or "{V.ROUND_12}"')
    return str(round_)


@dataclass(frozen=True)
class ReportFiles:
    period: Period
    docx: Path
    pdf: Path | None
    link: Path | None
    document: Document


def report_name(period: Period, suffix: str) -> str:
    """``ITA-2567-6.docx``."""
    return f"ITA-{period.year}-{period.short}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _document(settings: Settings, registry: Registry, source: Source, year: int | None, round_: str | None,
              now: datetime | None) -> tuple[Period, Document]:
    build = build_master(settings, registry, source, now=now)
    period = choose_period(periods_of(build.tables), year, round_)
    doc = build_document(build.tables, Profile.from_registry(registry), period,
                         as_of=build.result.data_as_of, timezone=settings.timezone)
    return period, doc


def write_report(settings: Settings, registry: Registry, *, year: int | None = None, round_: str | None = None,
                 out_dir: Path = Path("."), pdf: bool = False, source: Source | None = None,
                 now: datetime | None = None, record: bool = True) -> ReportFiles:
    """Write the round report of one period; see the module docstring."""
    from sync.report.docx import render_docx

    if source is None:
        source = build_backend(settings)[0]
    period, doc = _document(settings, registry, source, year, round_, now)
    docx_path = out_dir / report_name(period, ".docx")
    try:
        _write_atomic(docx_path, render_docx(doc))
        pdf_path = None
        if pdf:
            from sync.report.pdf import render_pdf

            pdf_path = out_dir / report_name(period, ".pdf")
            _write_atomic(pdf_path, render_pdf(doc))
    except OSError as exc:
        raise ItaSyncError(f"could not write the report into {out_dir}: {exc.strerror or exc}; "
                           f"choose a writable folder with --out") from exc
    link = None
    if record:
        try:
            link = record_report(settings.state_dir, docx_path, period.label(),
                                 doc.as_of.astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M:%S %z"))
        except OSError:
            link = None  # the report is written; only the link in สรุปภาพรวม is missing
    return ReportFiles(period, docx_path, pdf_path, link, doc)
