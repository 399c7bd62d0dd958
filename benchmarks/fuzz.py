"""The break test at length (issue 10): many seeded random workbooks through `check` and `run`.

    python -m benchmarks.fuzz [--cases 200] [--start 1000]

Each case (tests/fuzz_cases.py): random cell types per column, control characters, formula-like
text, stray cells far away, merged and hidden cells, broken zips. Prints a count per outcome and
every failing seed (a traceback, an exit code other than 0/1, or a master that does not reconcile
or holds a control character or a formula)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    from typer.testing import CliRunner

    from scheduler import app
    from tests.fuzz_cases import check_master, make_case

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--start", type=int, default=1000)
    args = ap.parse_args(argv)
    runner = CliRunner()
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    t0 = time.perf_counter()
    for seed in range(args.start, args.start + args.cases):
        with tempfile.TemporaryDirectory() as tmp:
            config = make_case(Path(tmp), seed)
            for command in ("check", "run"):
                r = runner.invoke(app, [command, "--config", str(config)])
                bad = (r.exit_code not in (0, 1) or "Traceback" in r.output or "internal error" in r.output
                       or (r.exception is not None and not isinstance(r.exception, SystemExit)))
                outcomes[f"{command} exit {r.exit_code}"] += 1
                if bad:
                    failures.append(f"seed {seed} {command}: exit {r.exit_code} {r.exception!r}")
            master = Path(tmp) / "data" / "master.xlsx"
            if r.exit_code == 0 and master.is_file():
                failures += [f"seed {seed}: {p}" for p in check_master(master)]
    print(f"{args.cases} cases in {time.perf_counter() - t0:.1f} s: " + ", ".join(f"{k}: {v}" for k, v in
                                                                              sorted(outcomes.items())))
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
