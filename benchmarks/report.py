"""Time to write the round report (CONTRACT section 9) on the demo data and on a large survey.

    python -m benchmarks.report [--responses 4000 100000] [--runs 3] [--pdf/--no-pdf]

For each size: writes the demo set-up (``sync.demo.write_demo`` with that many messy survey
responses and the demo unit reports), then times, in this process, ``write_report`` for the
latest period split into its parts: reading and aggregating like ``run``
(``sync.job.build_master``), building the content model, rendering the .docx (charts
included) and the PDF. Prints the median of ``--runs`` and the size of the files.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _time(fn, runs: int):  # type: ignore[no-untyped-def]
    times, value = [], None
    for _ in range(runs):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


def measure(folder: Path, responses: int, runs: int, pdf: bool) -> None:
    from config.registry import load_registry
    from config.settings import load_settings
    from sync.backends import build_backend
    from sync.demo import write_demo
    from sync.job import build_master
    from sync.report.command import write_report
    from sync.report.document import Profile, build_document, choose_period, periods_of
    from sync.report.docx import render_docx
    from sync.report.pdf import render_pdf

    config = write_demo(folder, responses=responses)
    settings = load_settings(config)
    registry = load_registry(settings.units_file)
    source = build_backend(settings)[0]

    t_build, build = _time(lambda: build_master(settings, registry, source), runs)
    period = choose_period(periods_of(build.tables), None, None)

    def model():  # type: ignore[no-untyped-def]
        return build_document(build.tables, Profile.from_registry(registry), period,
                              as_of=build.result.data_as_of, timezone=settings.timezone)

    t_model, doc = _time(model, runs)
    t_docx, docx_bytes = _time(lambda: render_docx(doc), runs)
    t_pdf, pdf_bytes = _time(lambda: render_pdf(doc), runs) if pdf else (0.0, b"")
    out = folder / "out"
    t_all, files = _time(lambda: write_report(settings, registry, out_dir=out, pdf=pdf, record=False), runs)
    print(f"{responses:>9,} responses, period {period.label()}, {len(registry.units)} units:")
    print(f"  read + aggregate like run (build_master): {t_build:7.2f} s")
    print(f"  content model:                            {t_model:7.3f} s")
    print(f"  .docx (python-docx, charts):              {t_docx:7.2f} s   {len(docx_bytes) / 1024:,.0f} KiB")
    if pdf:
        print(f"  PDF (fpdf2 + HarfBuzz):                   {t_pdf:7.2f} s   {len(pdf_bytes) / 1024:,.0f} KiB")
    print(f"  write_report, end to end:                 {t_all:7.2f} s   -> {files.docx.name}"
          + (f", {files.pdf.name}" if files.pdf else ""))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--responses", type=int, nargs="+", default=[4000, 100_000],
                    help="survey sizes (default: the demo's 4,000, and 100,000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each step (median)")
    ap.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args(argv)
    for n in args.responses:
        with tempfile.TemporaryDirectory(prefix="ita-report-") as tmp:
            measure(Path(tmp), n, args.runs, args.pdf)


if __name__ == "__main__":
    main()
