"""A config without [pr], [ita], [training] gives exactly the master of main's code: the same
tables (values, charts, layouts) on the same data, compared value for value.

main's code is checked out from the repository's ``main`` branch into a temporary folder and
run in a subprocess on the same set-ups (the hand-written fixture and the MDES OPS demo); the
test is skipped where there is no git or no ``main`` branch (a source archive)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.fixtures import make_setup

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import json, sys, tomllib
from datetime import datetime, UTC
from pathlib import Path
from config.registry import load_registry
from config.settings import load_settings
from sync.backends import build_backend
from sync.job import run_once

class Capture:
    location = "capture"
    def __init__(self): self.doc = None
    def check(self): return "ok"
    def read_fingerprint(self): return None
    def read_tables(self): return {}
    def write(self, document): self.doc = document

settings = load_settings(Path(sys.argv[1]))
source, _ = build_backend(settings)
sink = Capture()
run_once(settings, load_registry(settings.units_file), source, sink, now=datetime(2025, 1, 15, tzinfo=UTC))
out = []
for t in sink.doc.tables:
    rows = t.rows
    if t.title == "สถานะการซิงค์":
        rows = rows[:next((i for i, r in enumerate(rows) if not r), len(rows))]
    out.append([t.title, rows, repr(getattr(t, "charts", None)), repr(getattr(t, "layout", None)), t.header,
                list(t.widths or ())])
print(json.dumps({"tables": out, "fingerprint": sink.doc.fingerprint}, ensure_ascii=False, default=str))
'''


def _main_tree(tmp: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("no git")
    probe = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "-q", "main"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no main branch in this repository")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "main"], capture_output=True,
                             check=True).stdout
    tree = tmp / "main-tree"
    tree.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _tables(tree: Path, config: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(config)], capture_output=True, text=True, timeout=600,
                          cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def main_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _main_tree(tmp_path_factory.mktemp("main"))


def _demo(tree: Path, target: Path) -> Path:
    code = "import sys; from pathlib import Path; from sync.demo import write_demo; print(write_demo(Path(sys.argv[1])))"
    proc = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=600,
                          cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Path(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("setup", ["hand_written_fixture", "mdes_ops_demo"])
def test_master_without_optional_sources_is_mains(main_tree: Path, tmp_path: Path, setup: str) -> None:
    config = make_setup(tmp_path / "s") if setup == "hand_written_fixture" else _demo(main_tree, tmp_path / "s")
    ours = _tables(ROOT, config)
    theirs = _tables(main_tree, config)
    assert [t[0] for t in ours["tables"]] == [t[0] for t in theirs["tables"]]
    for mine, main in zip(ours["tables"], theirs["tables"], strict=True):
        assert mine == main, mine[0]
    assert ours["fingerprint"] == theirs["fingerprint"]
