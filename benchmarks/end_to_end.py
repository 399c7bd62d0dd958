"""End to end on the local backend: ``ita-sync run`` vs pandas' default ``read_excel``.

    python -m benchmarks.end_to_end [--responses 100000] [--runs 1] [--dir DIR]

Writes the demo setup (``sync.demo.write_demo``: config, units registry, the survey workbook with
``--responses`` messy rows, the unit report workbooks), then times, on the same survey workbook:

* ``ita-sync run --config ...`` as a subprocess with fresh state (the state folder and the master
  removed before each run): process start, imports, reading every workbook, normalising,
  aggregating, writing the master, saving the state;
* ``pandas.read_excel(path, engine="openpyxl")`` (pandas' default engine for .xlsx, named
  explicitly), just reading the survey workbook into a DataFrame, in a fresh process as well.

Goal (DESIGN.md, "Performance"): the whole run in under half the time read_excel needs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]


def ita_sync_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m scheduler``."""
    script = Path(sys.executable).with_name("ita-sync")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "scheduler"]


def setup(folder: Path, responses: int) -> Path:
    from sync.demo import write_demo

    marker = folder / f".responses-{responses}"
    config = folder / "ita-sync.toml"
    if not (marker.is_file() and config.is_file()):
        config = write_demo(folder, responses=responses)
        marker.write_text("")
    return config


def time_run(config: Path) -> float:
    folder = config.parent
    shutil.rmtree(folder / "state", ignore_errors=True)
    (folder / "data" / "master.xlsx").unlink(missing_ok=True)
    t = time.perf_counter()
    proc = subprocess.run([*ita_sync_command(), "run", "--config", str(config)], capture_output=True, text=True,
                          cwd=folder)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"ita-sync run failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed


_READ_EXCEL = """
import sys, time, warnings
import pandas as pd
warnings.simplefilter("ignore")
t = time.perf_counter()
frame = pd.read_excel(sys.argv[1], engine="openpyxl")
print(time.perf_counter() - t, frame.shape[0])
"""


def time_read_excel(path: Path) -> tuple[float, float, int]:
    """(seconds inside read_excel, seconds of the whole process, rows read)."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _READ_EXCEL, str(path)], capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"read_excel failed:\n{proc.stderr}")
    inside, rows = proc.stdout.split()
    return float(inside), elapsed, int(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--responses", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=1, help="timed runs of each (median)")
    ap.add_argument("--dir", type=Path, help="keep the demo setup here (default: a temporary folder)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ita-e2e-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        config = setup(folder, args.responses)
        survey = folder / "data" / "survey.xlsx"
        print(f"survey workbook: {survey} ({survey.stat().st_size / 2**20:.1f} MB, {args.responses:,} responses)")
        runs = [time_run(config) for _ in range(args.runs)]
        reads = [time_read_excel(survey) for _ in range(args.runs)]
        run_s = statistics.median(runs)
        read_inside = statistics.median(r[0] for r in reads)
        read_process = statistics.median(r[1] for r in reads)
        print(f"ita-sync run (fresh state, whole process):        {run_s:7.2f} s   runs: "
              + ", ".join(f"{r:.2f}" for r in runs))
        print(f"pandas.read_excel(engine='openpyxl'), call only:  {read_inside:7.2f} s   ({reads[0][2]:,} rows; "
              f"whole process {read_process:.2f} s)")
        ratio = run_s / read_inside
        print(f"ratio run / read_excel: {ratio:.2f} (goal: under 0.5) -> {'met' if ratio < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
