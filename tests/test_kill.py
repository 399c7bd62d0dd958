"""SIGKILL at random points of `ita-sync run` / `resync`, many times over.

After every kill the master is absent (never written yet), the previous one, or a complete
new one (openpyxl opens it, all seven tabs are there, its fingerprint is one a full read
gives), the sync state opens cleanly, and a following normal run succeeds and leaves no
temporary files behind. Kill times are drawn from a seeded generator (printed on failure);
set ITA_SYNC_KILL_SEED to replay one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from config.registry import load_registry
from config.settings import load_settings
from core.vocab import MASTER_TABS
from sync.local import LocalSink
from sync.state import SyncState
from tests.test_incremental import full_fingerprint

ROUNDS = 20


def run_cmd(config: Path, mode: str) -> list[str]:
    return [sys.executable, "-m", "scheduler", mode, "--config", str(config)]


def start_and_kill(cmd: list[str], rng: random.Random, span: float, window: float) -> tuple[str, float]:
    """Start ``cmd``; SIGKILL it either at a random time from the start (interpreter start-up,
    lock, state, reading) or, two times in three, at a random time after the survey was read
    (normalising, building, the master write, saving the state and the history)."""
    anchor = "start" if rng.random() < 1 / 3 else "survey read"
    proc = subprocess.Popen([*cmd, "--log-json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    if anchor == "start":
        delay = rng.uniform(0.05, span)
        time.sleep(delay)
    else:
        delay = rng.uniform(0.0, window * 1.4)
        for line in proc.stderr:
            if '"survey: ' in line:
                time.sleep(delay)
                break
    proc.kill()
    proc.communicate(timeout=30)
    return anchor, delay


def test_sigkill_never_leaves_a_half_written_master_or_unusable_state(tmp_path):
    from sync.demo import write_demo

    seed = int(os.environ.get("ITA_SYNC_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    config = write_demo(tmp_path, responses=1000, seed=7)
    data = tmp_path / "data"
    shutil.copy(data / "survey.xlsx", tmp_path / "survey-b.xlsx")
    write_demo(tmp_path, responses=1000)
    shutil.copy(data / "survey.xlsx", tmp_path / "survey-a.xlsx")
    settings = load_settings(config)
    registry = load_registry(settings.units_file)
    master = data / "master.xlsx"
    expected = {}
    for variant in ("a", "b"):
        shutil.copy(tmp_path / f"survey-{variant}.xlsx", data / "survey.xlsx")
        expected[variant] = full_fingerprint(settings, registry)
    assert expected["a"] != expected["b"]

    t0 = time.monotonic()
    first = subprocess.run([*run_cmd(config, "run"), "--log-json"], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    span = time.monotonic() - t0  # how long a whole run takes here, imports included
    stamps = {json.loads(line)["message"].split(":")[0]: json.loads(line)["ts"] for line in first.stderr.splitlines()}
    window = (datetime.fromisoformat(stamps["sync written"]) - datetime.fromisoformat(stamps["survey"])).total_seconds()
    kills = []
    for i in range(ROUNDS):
        before = LocalSink(master).read_fingerprint()
        variant = "b" if before == expected["a"] else "a"  # always something to write
        os.replace(shutil.copy(tmp_path / f"survey-{variant}.xlsx", tmp_path / "next.xlsx"), data / "survey.xlsx")
        mode = "resync" if rng.random() < 0.25 else "run"
        anchor, delay = start_and_kill(run_cmd(config, mode), rng, span, window)
        where = f"seed {seed}, round {i}: {mode} killed {delay:.2f} s after {anchor}"

        # the master: the old one or a complete new one
        assert master.exists(), where
        fp = LocalSink(master).read_fingerprint()
        assert fp in (before, expected[variant]), where
        kills.append((anchor, fp != before, bool(list(data.glob(".master.xlsx.*.tmp")))))
        assert load_workbook(master, read_only=True).sheetnames[:7] == list(MASTER_TABS), where
        # the state: opens without being set aside
        state = SyncState.open(settings.state_dir)
        assert state.recovered is None, where
        state.close()
        if i % 6 == 5:  # and a normal run after a kill succeeds
            done = subprocess.run(run_cmd(config, "run"), capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, f"{where}\n{done.stderr}"
            assert LocalSink(master).read_fingerprint() == expected[variant], where

    done = subprocess.run(run_cmd(config, "run"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert LocalSink(master).read_fingerprint() == expected[variant]
    assert list(data.glob(".master.xlsx.*.tmp")) == []
    with SyncState.open(settings.state_dir) as state:
        outcomes = [r.outcome for r in state.runs(200)]
    assert "running" not in outcomes
    # the kills really hit the master write: its temporary file was left behind (and removed by
    # the next run) while the master stayed whole
    assert sum(tmp for _, _, tmp in kills) >= 1, kills
