"""The local master write against the bare read of the survey (issue 13).

    python -m benchmarks.master_write [--responses 650000] [--runs 1] [--dir DIR]

Writes the demo setup (``sync.demo.write_demo``) with ``--responses`` survey rows, then in one
process: the bare read of the survey workbook by the project's reader (python-calamine,
``sync.local.reader.read_tab``); one run of the job with a sink that only keeps the master
document; and the write of that same document by each local writer: xlsxwriter with shared
strings (used when the master holds no officer tab), xlsxwriter in ``constant_memory`` mode (the
alternative measured, not used) and openpyxl (used when officers added tabs, which it keeps). Prints seconds (median of ``--runs``), the rows of the
largest tabs, and each write as a fraction of the bare read (goal: a small fraction).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--responses", type=int, default=650_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--dir", type=Path)
    args = ap.parse_args(argv)

    from benchmarks.end_to_end import setup
    from config.registry import load_registry
    from config.settings import load_settings
    from sync.backends import build_backend
    from sync.job import run_once
    from sync.local.reader import _open, read_tab
    from sync.local.sink import _write_openpyxl, _write_xlsxwriter

    with tempfile.TemporaryDirectory(prefix="ita-master-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        config = setup(folder, args.responses)
        print(f"demo setup with {args.responses:,} responses: {time.perf_counter() - t:.1f} s")
        settings = load_settings(config)
        registry = load_registry(settings.units_file)
        survey = settings.data_dir / str(settings.survey.spreadsheet)

        def bare_read() -> float:
            t0 = time.perf_counter()
            wb = _open(survey)
            read_tab(wb, wb.sheet_names[0], "survey")
            return time.perf_counter() - t0

        captured: list[Any] = []

        class Capture:
            location = "capture"

            def read_fingerprint(self) -> None:
                return None

            def read_tables(self) -> dict:
                return {}

            def write(self, document: Any) -> None:
                captured.append(document)

        source, _ = build_backend(settings)
        run_once(settings, registry, source, Capture())  # type: ignore[arg-type]
        doc = captured[0]
        reads = [bare_read() for _ in range(args.runs)]

        def timed(fn: Any) -> float:
            out = folder / "bench-master.xlsx"
            t0 = time.perf_counter()
            fn(str(out))
            return time.perf_counter() - t0

        xw = [timed(lambda p: _write_xlsxwriter(p, doc)) for _ in range(args.runs)]
        import xlsxwriter

        plain = xlsxwriter.Workbook
        xlsxwriter.Workbook = lambda path, options: plain(path, {**options, "constant_memory": True})  # type: ignore[misc]
        try:
            cm = [timed(lambda p: _write_xlsxwriter(p, doc)) for _ in range(args.runs)]
        finally:
            xlsxwriter.Workbook = plain  # type: ignore[misc]
        op = [timed(lambda p: _write_openpyxl(None, p, doc)) for _ in range(args.runs)]
        read_s, xw_s, op_s = statistics.median(reads), statistics.median(xw), statistics.median(op)
        cm_s = statistics.median(cm)
        sizes = ", ".join(f"{t.title} {len(t.rows):,}" for t in doc.tables)
        print(f"master tabs (rows): {sizes}")
        print(f"bare read of the survey (python-calamine):      {read_s:7.2f} s")
        print(f"master write, xlsxwriter shared strings (used): {xw_s:7.2f} s   {xw_s / read_s:5.2f}x the read")
        print(f"master write, xlsxwriter constant_memory:       {cm_s:7.2f} s   {cm_s / read_s:5.2f}x the read")
        print(f"master write, openpyxl (officer tabs present):  {op_s:7.2f} s   {op_s / read_s:5.2f}x the read")


if __name__ == "__main__":
    main()
