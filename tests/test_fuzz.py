"""The break test kept in the suite (issue 10): seeded random workbooks through `run` and `check`.
For every case: no traceback, exit code 0 or 1, and in a written master: reconciliation in
สถานะการซิงค์ (read = accepted + duplicates + rejected), no control character, no formula.
A longer run: ``python -m benchmarks.fuzz --cases 200``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from scheduler import app
from tests.fuzz_cases import check_master, make_case

runner = CliRunner()
SEEDS = range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_workbooks_never_crash_and_always_reconcile(tmp_path, seed):
    config = make_case(tmp_path, seed)
    for command in ("check", "run"):
        result = runner.invoke(app, [command, "--config", str(config)])
        text = result.output
        assert result.exit_code in (0, 1), text
        assert "Traceback" not in text and "internal error" not in text, text
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    master = tmp_path / "data" / "master.xlsx"
    if result.exit_code == 0:
        assert check_master(master) == []
