"""End to end on the local backend: ``ita-sync run`` vs pandas' default ``read_excel``.

    python -m benchmarks.end_to_end [--responses 100000] [--runs 1] [--dir DIR]

Writes the demo setup (``sync.demo.write_demo``: config, units registry, the survey workbook with
``--responses`` messy rows, the unit report workbooks), then times, on the same survey workbook:

* ``ita-sync run --config ...`` as a subprocess with fresh state (the state folder and the master
  removed before each run): process start, imports, reading every workbook, normalising,
  aggregating, writing the master, saving the state;
* ``pandas.read_excel(path, engine="openpyxl")`` (pandas' default engine for .xlsx, named
  explicitly), just reading the survey workbook into a DataFrame, in a fresh process as well.

Then the goals of issue 13 as a table (figures beside goals): full run <= 1.2x the bare read of the
same workbook by the project's reader, in one process (the master write reported apart: it is the
sinks' part); unchanged local night <= 0.05x the bare read; peak RSS of the whole `run` <= 1.5 GB.

Goal (DESIGN.md, "Performance"): the whole run in under half the time read_excel needs
(``--read-excel``).
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


_GOALS = """
import json, sys, time, shutil, os
from pathlib import Path
from config.registry import load_registry
from config.settings import load_settings
from sync.local import LocalSource
from sync.service import execute
config = Path(sys.argv[1]); folder = config.parent
settings = load_settings(config); registry = load_registry(settings.units_file)
shutil.rmtree(folder / "state", ignore_errors=True); (folder / "data" / "master.xlsx").unlink(missing_ok=True)
t = time.perf_counter(); LocalSource(settings).read_survey(); read = time.perf_counter() - t
marks = {}
def stage(name): marks[name] = time.perf_counter()
t = time.perf_counter(); execute(settings, registry, on_stage=stage); full = time.perf_counter() - t
write = (t + full - marks["write"]) if "write" in marks else 0.0
t = time.perf_counter(); r = execute(settings, registry); night = time.perf_counter() - t
os.utime(folder / "data" / "survey.xlsx")
t = time.perf_counter(); r2 = execute(settings, registry); touched = time.perf_counter() - t
print(json.dumps({"read": read, "full": full, "write": write, "night": night, "touched": touched,
                  "night_sources": r.sources, "touched_sources": r2.sources}))
"""


def goals(config: Path) -> dict[str, float]:
    """Issue 13's local goals, in one process: the bare read by the project's reader, a full run
    (fresh state) and its master-write share, an unchanged night, a touched-but-unchanged night."""
    import json

    proc = subprocess.run([sys.executable, "-c", _GOALS, str(config)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"goals failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def peak_rss_run(config: Path) -> float:
    """Peak RSS (MB) of a whole `ita-sync run` process with fresh state (getrusage of the child)."""
    import resource

    folder = config.parent
    shutil.rmtree(folder / "state", ignore_errors=True)
    (folder / "data" / "master.xlsx").unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([*ita_sync_command(), "run", "--config", str(config)], capture_output=True, cwd=folder, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024


def print_goals(config: Path) -> None:
    g = goals(config)
    rss = peak_rss_run(config)
    rows = [
        ("full run / bare read", g["full"] / g["read"], "<= 1.2x", g["full"] / g["read"] <= 1.2),
        ("  of which master write / bare read", g["write"] / g["read"], "(sinks' part)", True),
        ("full run without the write / bare read", (g["full"] - g["write"]) / g["read"], "", True),
        ("unchanged night / bare read", g["night"] / g["read"], "<= 0.05x", g["night"] / g["read"] <= 0.05),
        ("touched-but-unchanged night / bare read", g["touched"] / g["read"], "", True),
        ("peak RSS of `run` (MB)", rss, "<= 1536", rss <= 1536),
    ]
    print(f"bare read (LocalSource.read_survey): {g['read']:.2f} s; full run {g['full']:.2f} s "
          f"(write {g['write']:.2f} s); unchanged night {g['night']:.2f} s {g['night_sources']}; "
          f"touched {g['touched']:.2f} s {g['touched_sources']}")
    print(f"{'measure':44} {'figure':>10}  {'goal':14} met")
    for name, value, goal, met in rows:
        print(f"{name:44} {value:10.3f}  {goal:14} {'yes' if met else 'NO' if goal.startswith(('<', '>')) else ''}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--responses", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=1, help="timed runs of each (median)")
    ap.add_argument("--dir", type=Path, help="keep the demo setup here (default: a temporary folder)")
    ap.add_argument("--read-excel", action="store_true", help="also time pandas.read_excel (slow)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ita-e2e-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        config = setup(folder, args.responses)
        survey = folder / "data" / "survey.xlsx"
        print(f"survey workbook: {survey} ({survey.stat().st_size / 2**20:.1f} MB, {args.responses:,} responses)")
        print_goals(config)
        if not args.read_excel:
            return
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
