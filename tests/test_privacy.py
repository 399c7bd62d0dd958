"""Personal data never reaches the master, the logs or the state folder (demo scale)."""

from __future__ import annotations

import json
import subprocess
import sys

from openpyxl import load_workbook

from tests.demo_privacy import demo_personal_values


def test_demo_personal_values_appear_nowhere(tmp_path):
    demo = tmp_path / "demo"
    first = subprocess.run([sys.executable, "-m", "scheduler", "demo", "--dir", str(demo)],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    # a second, JSON-logged run exercises the state cache and the log output too
    second = subprocess.run([sys.executable, "-m", "scheduler", "resync", "--config", str(demo / "ita-sync.toml"),
                             "--log-json"], capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    wb = load_workbook(demo / "data" / "master.xlsx", read_only=True)
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    blobs = {
        "master": "\n".join(cells),
        "output": first.stdout + first.stderr + second.stdout + second.stderr,
    }
    for f in (demo / "state").rglob("*"):
        if f.is_file():
            blobs[f"state/{f.name}"] = f.read_bytes().decode("utf-8", "replace")
    personal = demo_personal_values()
    assert len(personal) > 100
    leaks = {where: sorted(p for p in personal if p in blob) for where, blob in blobs.items()}
    assert all(not found for found in leaks.values()), json.dumps(leaks, ensure_ascii=False)[:2000]
