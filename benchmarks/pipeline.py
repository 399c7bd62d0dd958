"""The survey core at national scale: reading, normalise + aggregate, memory, and a per-row baseline.

    python -m benchmarks.pipeline [--sizes 10000 100000 650000] [--runs 3] [--columns 15]
                                  [--baseline-up-to 650000] [--openpyxl-up-to 100000] [--dir DIR]

For each size N the demo generator (``sync.demo.generate_survey``) makes N messy responses (Thai
and CE/BE dates in a dozen formats, Excel dates and serial numbers, Thai digits, invisible
characters, unknown units, bad answers, ~0.7 % duplicate rows, ~0.3 % bad timestamps). With
``--columns 15`` (the default) three more columns are added as a form that collects e-mail
addresses and asks two optional questions would have them: a 10-million-cell sheet holds about
650,000 such responses. The responses are written once to an xlsx with
``sync.demo.write_survey_xlsx`` (kept in ``--dir`` for later runs).

Then, in a fresh Python process per N (so that one size's memory does not hide in another's):

* **read**: the workbook through the local backend's reader (the steps of ``sync.local.read_tab``):
  calamine's parse of the sheet XML and the conversion to the raw frame, timed apart; the peak
  RSS of reading;
* **normalise + aggregate**: ``normalise_survey`` + ``build_tables`` on the frame as read, ``--runs``
  times: the median, and the peak RSS during those runs (VmHWM is reset after reading through
  ``/proc/self/clear_refs``, so this peak is the process's real peak while the core runs, the
  frame as read included);
* **baseline**: ``benchmarks.baseline.baseline_survey``, a plain per-row implementation of the same
  rules, once on the same rows (for N up to ``--baseline-up-to``), its counts checked equal to the
  master's, and the ratio baseline / median measured in the same process;
* optionally **openpyxl**: ``openpyxl.load_workbook(read_only=True)`` iterating the values of the
  same workbook (N up to ``--openpyxl-up-to``), the reader the local backend does not use.

Goals (DESIGN.md, "Performance"): 650,000 responses normalised + aggregated in under 5 s median
and 1.5 GB peak RSS on a 2-core machine, at least 20x faster than the per-row baseline, cost
growing linearly with N.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from config.registry import load_registry  # noqa: E402
from config.settings import BUNDLED_UNITS  # noqa: E402
from core.vocab import DEFAULT_QUESTION_TITLES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = 1
#: titles of the columns added for ``--columns`` > 12 (not survey fields: the rules only compare
#: them for duplicates)
EXTRA_TITLES = ("ที่อยู่อีเมล", "ความคิดเห็นเพิ่มเติม", "คะแนนความพึงพอใจ")
_COMMENTS = np.array([
    "ขอบคุณครับ", "บริการดีมาก", "เจ้าหน้าที่ยิ้มแย้มแจ่มใส", "อยากให้มีที่จอดรถมากกว่านี้",
    "รอนานไปหน่อย", "เว็บไซต์ใช้งานยาก", "ประทับใจค่ะ", "ควรเพิ่มช่องทางออนไลน์", "-", "ไม่มี",
], dtype=object)


# --- the data ------------------------------------------------------------------------------


def survey_frame(n: int, columns: int, seed: int = SEED) -> tuple[list[str], pd.DataFrame]:
    """``n`` generated responses with ``columns`` (12..15) columns.

    The extra columns are a function of the row's own cells, so the generator's copied rows stay
    copies: a collected e-mail address (distinct), an optional comment (mostly blank), a 1-5
    score (a number cell).
    """
    from sync.demo import DEMO_END, DEMO_START, generate_survey

    registry = load_registry(BUNDLED_UNITS)
    headers, frame = generate_survey(n, seed=seed, start=DEMO_START, end=DEMO_END, registry=registry)
    extra = max(0, min(columns, 12 + len(EXTRA_TITLES)) - len(headers))
    if extra and n:
        h = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
        made = {
            EXTRA_TITLES[0]: ("r" + pd.Series(h % 1_000_000_007).astype(str) + "@example.org").to_numpy(dtype=object),
            EXTRA_TITLES[1]: np.where((h >> np.uint64(20)) % np.uint64(100) < 85, None,
                                      _COMMENTS[((h >> np.uint64(27)) % np.uint64(len(_COMMENTS))).astype(np.int64)]),
            EXTRA_TITLES[2]: (1.0 + ((h >> np.uint64(40)) % np.uint64(5)).astype(np.float64)).astype(object),
        }
        for title in EXTRA_TITLES[:extra]:
            frame[title] = pd.Series(made[title], dtype=object)
            headers.append(title)
    elif extra:
        for title in EXTRA_TITLES[:extra]:
            frame[title] = pd.Series([], dtype=object)
            headers.append(title)
    return headers, frame


def workbook(n: int, columns: int, folder: Path) -> Path:
    """The xlsx of ``n`` responses, written once per (n, columns) into ``folder``."""
    from sync.demo import write_survey_xlsx

    path = folder / f"survey-{n}-{columns}cols-seed{SEED}.xlsx"
    if not path.is_file():
        headers, frame = survey_frame(n, columns)
        tmp = path.with_suffix(".tmp")
        write_survey_xlsx(tmp, headers, frame)
        os.replace(tmp, path)
    return path


# --- measuring (child process) -----------------------------------------------------------------


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (VmHWM; ru_maxrss where /proc is missing)."""
    peak = _status_mb("VmHWM")
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def reset_peak_rss() -> bool:
    """Start the peak over from the current RSS (Linux >= 4.0); False where that is impossible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def measure(path: Path, runs: int, baseline: bool, openpyxl_too: bool) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    from aggregate.normalise import SurveySpec, normalise_reports, normalise_survey
    from aggregate.reports import build_tables
    from benchmarks.baseline import baseline_survey, counts_from_master
    from core.columns import RawTable
    from sync.demo import DEMO_NOW, TIMEZONE
    from sync.local import release_memory, sheet_frame

    registry = load_registry(BUNDLED_UNITS)
    out: dict[str, Any] = {"path": str(path)}

    # read, as sync.local.read_tab does it: calamine parses the sheet XML, then the cells become
    # the raw frame (the two steps timed apart)
    t0 = time.perf_counter()
    wb = CalamineWorkbook.from_path(str(path))
    name = wb.sheet_names[0]
    sheet = wb.get_sheet_by_name(name)
    t1 = time.perf_counter()
    frame = sheet_frame(sheet)
    del sheet
    release_memory()
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    raw = RawTable(source=path.name, sheet=name, frame=frame, serial_tz=None)
    t2 = time.perf_counter()
    del wb, frame
    out.update(read_parse_s=t1 - t0, read_convert_s=t2 - t1, read_s=t2 - t0)
    out["rows"] = len(raw.frame) - 1
    out["columns"] = raw.frame.shape[1]
    out["read_peak_mb"] = peak_rss_mb()
    gc.collect()
    release_memory()
    out["after_read_rss_mb"] = _status_mb("VmRSS")
    out["peak_reset"] = reset_peak_rss()

    spec = SurveySpec(titles={k: tuple(v) for k, v in DEFAULT_QUESTION_TITLES.items()}, registry=registry,
                      tz=TIMEZONE, date_order="dmy", now=DEMO_NOW)
    times = []
    tables = None
    for _ in range(runs):
        tables = None
        gc.collect()
        t = time.perf_counter()
        survey = normalise_survey(raw, spec)
        reports = normalise_reports([], registry)
        tables = build_tables(survey=survey.frame, form1=reports.form1, form2=reports.form2, issues=survey.issues,
                              stats=[survey.stat, *reports.stats], registry=registry)
        times.append(time.perf_counter() - t)
        del survey, reports
    out["core_runs_s"] = times
    out["core_median_s"] = statistics.median(times)
    out["core_peak_mb"] = peak_rss_mb()

    if baseline:
        rows = raw.frame.to_numpy(dtype=object).tolist()  # what a per-row script gets from a reader
        t = time.perf_counter()
        base = baseline_survey(rows, units=[(u.code, u.name, u.aliases) for u in registry.units],
                               tz=TIMEZONE, now=DEMO_NOW)
        out["baseline_s"] = time.perf_counter() - t
        del rows
        periods, months, issues = counts_from_master(tables or [])
        out["agree"] = periods == base.periods and months == base.months and issues == base.issues
        out["responses_counted"] = base.accepted
    if openpyxl_too:
        from openpyxl import load_workbook

        t = time.perf_counter()
        book = load_workbook(path, read_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        out["openpyxl_s"] = time.perf_counter() - t
        out["openpyxl_rows"] = count
    return out


# --- the driver ----------------------------------------------------------------------------------


def run_size(n: int, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    t = time.perf_counter()
    path = workbook(n, args.columns, folder)
    made = time.perf_counter() - t
    cmd = [sys.executable, "-m", "benchmarks.pipeline", "--child", str(path), "--runs", str(args.runs)]
    if n <= args.baseline_up_to:
        cmd.append("--with-baseline")
    if n <= args.openpyxl_up_to:
        cmd.append("--with-openpyxl")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"N={n}: child failed\n{proc.stdout}\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["n"] = n
    result["workbook_s"] = made
    result["workbook_mb"] = path.stat().st_size / 2**20
    return result


def report(results: list[dict[str, Any]]) -> None:
    def f(v: Any, fmt: str = "{:.2f}") -> str:
        return "-" if v is None else fmt.format(v)

    print()
    print("N          cols  read s (parse+convert)  read peak MB  core median s (runs)        core peak MB"
          "  baseline s  ratio  agree")
    for r in results:
        runs = "/".join(f"{t:.2f}" for t in r["core_runs_s"])
        base = r.get("baseline_s")
        ratio = base / r["core_median_s"] if base else None
        print(f"{r['n']:<10,d} {r['columns']:>4d}  {r['read_s']:6.2f} ({r['read_parse_s']:.2f}+{r['read_convert_s']:.2f})"
              f"   {r['read_peak_mb']:10.0f}  {r['core_median_s']:6.3f} ({runs:<18s})  {r['core_peak_mb']:11.0f}"
              f"  {f(base):>10s}  {f(ratio, '{:.1f}x'):>5s}  {r.get('agree', '-')}")
    print()
    for r in results:
        n = r["n"]
        line = (f"N={n:,}: core {1e6 * r['core_median_s'] / n:.2f} us/response; read {1e6 * r['read_s'] / n:.1f} us/row "
                f"({r['workbook_mb']:.0f} MB xlsx); RSS after reading {f(r.get('after_read_rss_mb'), '{:.0f}')} MB")
        if r.get("baseline_s"):
            line += f"; baseline {1e6 * r['baseline_s'] / n:.1f} us/response"
        if r.get("openpyxl_s"):
            line += f"; openpyxl read-only {r['openpyxl_s']:.2f} s ({r['openpyxl_s'] / r['read_s']:.1f}x the reader)"
        print(line)
    if len(results) > 1:
        a, b = results[-2], results[-1]
        print(f"growth {a['n']:,} -> {b['n']:,}: N x{b['n'] / a['n']:.1f}, core time x{b['core_median_s'] / a['core_median_s']:.1f}, "
              f"read time x{b['read_s'] / a['read_s']:.1f}")
    if not all(r.get("peak_reset") for r in results):
        print("note: peak RSS could not be reset after reading; core peak MB includes the reading peak")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 650_000])
    ap.add_argument("--runs", type=int, default=3, help="normalise + aggregate runs per size (median)")
    ap.add_argument("--columns", type=int, default=15, choices=range(12, 16), metavar="12..15")
    ap.add_argument("--baseline-up-to", type=int, default=650_000, help="run the per-row baseline for N up to this")
    ap.add_argument("--openpyxl-up-to", type=int, default=100_000, help="also time openpyxl for N up to this")
    ap.add_argument("--dir", type=Path, help="keep the generated workbooks here (default: a temporary folder)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--with-baseline", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--with-openpyxl", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.runs, args.with_baseline, args.with_openpyxl)))
        return
    with tempfile.TemporaryDirectory(prefix="ita-pipeline-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for n in args.sizes:
            print(f"N={n:,}: writing/reading/normalising ...", flush=True)
            results.append(run_size(n, args, folder))
        report(results)


if __name__ == "__main__":
    main()
