"""Ctrl-C while the CLI is still starting (importing pandas, pydantic ...) is a clean stop.

README "Ctrl-C": `stopped by the user; the master was not changed`, exit 130, never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A child that sends itself SIGINT the moment a given module starts importing, then runs the CLI
# exactly as the console script does (`scheduler:main`).
_CHILD = """
import builtins, os, signal, sys
target = sys.argv[1]
real_import = builtins.__import__
def hook(name, *a, **k):
    if name == target or name.startswith(target + "."):
        builtins.__import__ = real_import
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *a, **k)
builtins.__import__ = hook
sys.argv = ["ita-sync", "status"]
from scheduler import main
main()
"""


@pytest.mark.parametrize("module", ["pydantic", "pandas", "typer"])
def test_ctrl_c_while_starting_is_a_clean_stop(module: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, module],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "KeyboardInterrupt" not in proc.stderr
    assert "stopped by the user; the master was not changed" in proc.stderr
    assert proc.returncode == 130
