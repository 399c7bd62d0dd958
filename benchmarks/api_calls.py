"""API calls and wall time of one nightly run on the Google backend, ita-sync vs a naive
gspread baseline, against the local emulator with injected latency per call.

    python -m benchmarks.api_calls [--units 10 90] [--latency 0.1] [--responses 2000]

The baseline does what a hand-written script typically does: open each spreadsheet,
``get_all_values`` per tab, then per master tab ``clear`` + ``update``. Both write the
same tables. Quota pacing is switched off for the timed runs (the emulator enforces no
quota); the minimum time the per-user quota (60 reads and 60 writes a minute) would
impose on each is printed beside it.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from config.registry import load_registry  # noqa: E402
from config.settings import BUNDLED_UNITS, settings_from_dict  # noqa: E402
from core.columns import MasterTable  # noqa: E402
from core.vocab import CHANNEL_COLUMNS, FORM1_COLUMNS, MASTER_TABS, VISITOR_TYPES  # noqa: E402
from sync.demo import generate_survey  # noqa: E402
from sync.google import Google, GoogleSink, GoogleSource  # noqa: E402
from sync.http import Pacer, RetryPolicy  # noqa: E402
from sync.job import run_once  # noqa: E402
from tests.google_emulator import Emulator, gspread_client  # noqa: E402


def cell(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v


def seed(emu: Emulator, units: int, responses: int) -> tuple[str, list[str], str]:
    registry = load_registry(BUNDLED_UNITS)
    header, frame = generate_survey(responses, seed=1, start=datetime(2023, 10, 1), end=datetime(2025, 9, 30),
                                    registry=registry)
    rows = [header] + [[cell(v) for v in r] for r in frame.itertuples(index=False)]
    survey = emu.create_spreadsheet(title="survey", tabs={"การตอบแบบฟอร์ม 1": rows}, time_zone="Asia/Bangkok")
    reports = []
    names = [u.name for u in registry.units]
    for i in range(units):
        unit = names[i % len(names)]
        form1 = [list(FORM1_COLUMNS)] + [[2567, "6 เดือน", unit, m, f"ดำเนินการแล้ว {m}", "https://www.mdes.go.th/",
                                          "ผู้รายงาน", "ตำแหน่ง", "02-000-0000", "1/4/2567"] for m in range(1, 8)]
        form2 = [["ปีงบประมาณ", "รอบ", "หน่วยงาน", *VISITOR_TYPES, *CHANNEL_COLUMNS],
                 [2567, "6 เดือน", unit, 1, 2, 3, 4, 5, 10, 5, 15, 8, 7, 15, 6, 9, 15]]
        reports.append(emu.create_spreadsheet(title=f"unit {i}", tabs={"แบบรายงานที่ 1": form1, "แบบรายงานที่ 2": form2}))
    master = emu.create_spreadsheet(title="master", tabs={"Sheet1": []})
    return survey, reports, master


def ita_sync_run(emu: Emulator, key: Path, survey: str, reports: list[str], master: str, *, drive: bool = False,
                 state_dir: Path | None = None) -> tuple[int, int, float, Any]:
    """One nightly ``run`` as the service runs it (sync state kept in ``state_dir``)."""
    from sync.service import execute

    backend: dict[str, Any] = {"kind": "google", "credentials": str(key), "api_endpoint": emu.base_url}
    if drive:
        backend["drive_change_detection"] = True
    raw: dict[str, Any] = {"backend": backend, "survey": {"spreadsheet": survey},
                           "reports": [{"spreadsheet": r} for r in reports], "master": {"spreadsheet": master}}
    if state_dir is not None:
        raw["state"] = {"dir": str(state_dir)}
    settings = settings_from_dict(raw, base_dir=key.parent)
    registry = load_registry(BUNDLED_UNITS)

    def backend_for(s: Any) -> tuple[GoogleSource, GoogleSink]:
        google = Google(s, policy=RetryPolicy(), pacer=Pacer(per_minute=10**9))
        return GoogleSource(s, google), GoogleSink(s, google)

    emu.clear_log()
    t0 = time.perf_counter()
    if state_dir is None:
        source, sink = backend_for(settings)
        result = run_once(settings, registry, source, sink)
    else:
        result = execute(settings, registry, backend=backend_for)
    wall = time.perf_counter() - t0
    reads = emu.count(method="GET")
    return reads, emu.count(method="POST") + emu.count(method="PUT"), wall, result


def baseline_run(emu: Emulator, survey: str, reports: list[str], master: str, tables: list[Any]) -> tuple[int, int, float]:
    client = gspread_client(emu.credentials(), emu.base_url)
    emu.clear_log()
    t0 = time.perf_counter()
    sh = client.open_by_key(survey)
    sh.sheet1.get_all_values()
    for rid in reports:
        book = client.open_by_key(rid)
        for ws in book.worksheets():
            ws.get_all_values()
    out = client.open_by_key(master)
    existing = {ws.title: ws for ws in out.worksheets()}
    for table in tables:
        ws = existing.get(table.title) or out.add_worksheet(table.title, rows=len(table.rows) + 1,
                                                            cols=max(len(r) for r in table.rows))
        ws.clear()
        ws.update([["" if v is None else v for v in r] for r in table.rows], "A1")
    wall = time.perf_counter() - t0
    return emu.count(method="GET"), emu.count(method="POST") + emu.count(method="PUT"), wall


def quota_floor(reads: int, writes: int) -> float:
    """Minimum seconds the per-user quota imposes: 60 reads and 60 writes per minute."""
    return max(math.ceil(reads / 60) - 1, math.ceil(writes / 60) - 1, 0) * 60.0


#: issue 13: an unchanged night at U = 90 against the naive baseline, at 100 ms latency
GOAL_CALLS = 10.0
GOAL_UNITS = 90
GOAL_LATENCY = 0.1
GOAL_WALL = 5.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, nargs="+", default=[10, 90])
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--responses", type=int, default=2000)
    ap.add_argument("--forms", type=int, nargs="*", default=[2000, 10000],
                    help="survey sizes for the Forms full-read cost table (none: skip it)")
    args = ap.parse_args()
    print(f"latency {args.latency * 1000:.0f} ms per call, survey {args.responses} responses")
    print(f"{'U':>4} {'who':<34} {'reads':>6} {'writes':>7} {'wall s':>8} {'quota floor s':>14}")
    for units in args.units:
        with Emulator() as emu, tempfile.TemporaryDirectory() as tmp:
            survey, reports, master = seed(emu, units, args.responses)
            key = emu.write_service_account_key(Path(tmp) / "sa.json")
            emu.faults.set_latency(args.latency)

            def row(who: str, r: int, w: int, wall: float, note: str = "", units: int = units) -> None:
                print(f"{units:>4} {who:<34} {r:>6} {w:>7} {wall:>8.2f} {quota_floor(r, w):>14.0f}{note}")

            r, w, wall, _ = ita_sync_run(emu, key, survey, reports, master, drive=True, state_dir=Path(tmp) / "st")
            row("ita-sync first night (Drive)", r, w, wall)
            r, w, wall, res = ita_sync_run(emu, key, survey, reports, master, drive=True, state_dir=Path(tmp) / "st")
            row("ita-sync unchanged night (Drive)", r, w, wall, f"   wrote={res.wrote}")
            night = (r + w, wall)
            r, w, wall, res = ita_sync_run(emu, key, survey, reports, master, state_dir=Path(tmp) / "st2")
            r, w, wall, res = ita_sync_run(emu, key, survey, reports, master, state_dir=Path(tmp) / "st2")
            row("ita-sync unchanged night (no Drive)", r, w, wall, f"   wrote={res.wrote}")
            tables = [MasterTable(t, emu.values(master, t, render="UNFORMATTED_VALUE")) for t in MASTER_TABS]
            br, bw, bwall = baseline_run(emu, survey, reports, master, tables)
            row("naive gspread baseline", br, bw, bwall)
            calls, wall_x = (br + bw) / night[0], bwall / night[1]
            if units == GOAL_UNITS and args.latency == GOAL_LATENCY:
                goals = (f" (goal >= {GOAL_CALLS:.0f}x: {'met' if calls >= GOAL_CALLS else 'NOT met'})",
                         f" (goal >= {GOAL_WALL:.0f}x: {'met' if wall_x >= GOAL_WALL else 'NOT met'})")
            else:
                goals = ("", "")  # the goals are set at U = 90 and 100 ms
            print(f"{'':>4} unchanged night (Drive) vs baseline: calls {calls:.1f}x{goals[0]}, "
                  f"wall {wall_x:.1f}x{goals[1]}")
    if args.forms:
        forms_read_cost(args.forms, args.latency)


def forms_read_cost(sizes: list[int], latency: float) -> None:
    """A full Forms read every run (what ita-sync does: a deleted response must not count) against an
    incremental read of the last hour, at ``latency`` seconds per call: calls, seconds, and the
    job's hash + normalise of the full read (the incremental read still had to upsert)."""
    from datetime import UTC, timedelta

    from aggregate.normalise import SurveySpec, normalise_survey
    from sync.job import question_titles
    from sync.state import table_digest

    registry = load_registry(BUNDLED_UNITS)
    titles = ["หน่วยงาน", "ประเภทผู้มาติดต่อ", "q1", "q2", "q3"]
    print(f"\nForms survey read per run, latency {latency * 1000:.0f} ms per call")
    print(f"{'responses':>9} {'full calls':>10} {'full s':>7} {'hash+norm s':>11} {'incr calls':>10} {'incr s':>7}")
    for n in sizes:
        with Emulator() as emu, tempfile.TemporaryDirectory() as tmp:
            items = [{"title": t, "kind": "checkbox" if i == 1 else "text"} for i, t in enumerate(titles)]
            form = emu.create_form(title="f", items=items)
            start = datetime(2024, 1, 1, tzinfo=UTC)
            names = [u.name for u in registry.units]
            emu.add_responses(form, [{"createTime": start + timedelta(minutes=i), "answers": {
                "หน่วยงาน": names[i % len(names)], "ประเภทผู้มาติดต่อ": ["ประชุม/สัมมนา"], "q1": "รู้/ทราบ",
                "q2": "ไม่รู้/ไม่ทราบ", "q3": "รู้"}} for i in range(n)])
            key = emu.write_service_account_key(Path(tmp) / "sa.json")
            raw = {"backend": {"kind": "google", "credentials": str(key), "api_endpoint": emu.base_url},
                   "survey": {"spreadsheet": "x" * 44, "form": form}, "master": {"spreadsheet": "y" * 44}}
            settings = settings_from_dict(raw, base_dir=Path(tmp))
            google = Google(settings, policy=RetryPolicy(), pacer=Pacer(per_minute=10**9))
            source = GoogleSource(settings, google)
            source.read_survey()  # token and discovery warm
            emu.faults.set_latency(latency)
            emu.clear_log()
            t0 = time.perf_counter()
            table = source.read_survey()
            full = time.perf_counter() - t0
            full_calls = emu.count(api="forms")
            spec = SurveySpec(titles={**question_titles(settings), "unit": ("หน่วยงาน",), "visitor_type":
                                      ("ประเภทผู้มาติดต่อ",), "aware_news": ("q1",), "aware_contact": ("q2",),
                                      "aware_complaint": ("q3",)}, registry=registry, tz="Asia/Bangkok",
                              date_order="dmy", now=datetime.now(UTC))
            t0 = time.perf_counter()
            table_digest(table)
            normalise_survey(table, spec)
            work = time.perf_counter() - t0
            forms = google.forms()
            since = (start + timedelta(minutes=n - 60)).strftime("%Y-%m-%dT%H:%M:%SZ")
            emu.clear_log()
            t0 = time.perf_counter()
            google.execute("form", forms.forms().get(formId=form))
            google.execute("form", forms.forms().responses().list(formId=form, pageSize=5000,
                                                                  filter=f"timestamp >= {since}"))
            incr = time.perf_counter() - t0
            print(f"{n:>9} {full_calls:>10} {full:>7.2f} {work:>11.2f} {emu.count(api='forms'):>10} {incr:>7.2f}")


if __name__ == "__main__":
    main()
