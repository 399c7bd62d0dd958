"""State folder faults are not damage (issue 10 faults 4 and 5).

Kinds: a full disk (SQLite "database or disk is full", "disk I/O error" on a full file system,
ENOSPC), a folder or file this user may not write (read-only, owned by root), a run.lock owned by
another user. Each: exit 1 with a sentence naming state.dir, the file and the fix; the state file
is never moved aside; ``check`` reports it first. Real damage is still moved aside and rebuilt.
"""

from __future__ import annotations

import os
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sync.state as state_mod
from core.errors import ItaSyncError, StateError
from scheduler import app
from sync.state import STATE_FILE, StateCorrupt, SyncState
from tests.fixtures import make_setup

runner = CliRunner()
_real_connect = sqlite3.connect


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    text = " ".join(result.output.split())
    assert "Traceback" not in text and "internal error" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, text


def fresh(tmp_path: Path) -> Path:
    config = make_setup(tmp_path)
    assert invoke("run", "--config", str(config))[0] == 0
    return config


def aside(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "state").glob("*.corrupt-*"))


def failing_connect(message: str):
    def connect(*args, **kwargs):
        raise sqlite3.OperationalError(message)
    return connect


class FailingWrites:
    """A real connection whose writes fail as SQLite fails on a full disk or a read-only file."""

    def __init__(self, conn: sqlite3.Connection, message: str) -> None:
        self._conn, self._message = conn, message

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError(self._message)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def __enter__(self):
        return self._conn.__enter__()

    def __exit__(self, *exc):
        return self._conn.__exit__(*exc)


StatVfs = namedtuple("StatVfs", "f_bavail f_frsize")

FULL = {
    "database_or_disk_is_full": ("database or disk is full", False),
    "disk_io_error_on_a_full_disk": ("disk I/O error", True),
}


@pytest.mark.parametrize("kind", list(FULL))
def test_full_disk_on_open_is_not_corruption(tmp_path, monkeypatch, kind):
    config = fresh(tmp_path)
    message, statvfs_full = FULL[kind]
    monkeypatch.setattr(state_mod.sqlite3, "connect", failing_connect(message))
    if statvfs_full:
        monkeypatch.setattr(state_mod.os, "statvfs", lambda p: StatVfs(0, 4096))
    code, text = invoke("run", "--config", str(config))
    assert code == 1
    assert f"no space left on device in {tmp_path / 'state'}" in text
    assert (tmp_path / "state" / STATE_FILE).is_file() and aside(tmp_path) == []


@pytest.mark.parametrize("kind", list(FULL))
def test_full_disk_on_a_history_write_is_not_corruption(tmp_path, monkeypatch, kind):
    fresh(tmp_path)
    message, statvfs_full = FULL[kind]
    if statvfs_full:
        monkeypatch.setattr(state_mod.os, "statvfs", lambda p: StatVfs(0, 4096))
    state = SyncState.open(tmp_path / "state")
    state.conn = FailingWrites(state.conn, message)  # type: ignore[assignment]
    with pytest.raises(StateError, match="no space left on device in") as info:
        state.start_run(started=__import__("datetime").datetime.now(), mode="run", trigger="manual", dry_run=False)
    assert not isinstance(info.value, StateCorrupt)
    assert aside(tmp_path) == []


def test_disk_io_error_with_space_left_keeps_the_state(tmp_path, monkeypatch):
    config = fresh(tmp_path)
    monkeypatch.setattr(state_mod.sqlite3, "connect", failing_connect("disk I/O error"))
    code, text = invoke("run", "--config", str(config))
    assert code == 1 and "state.dir" in text and "kept as it is" in text
    assert aside(tmp_path) == []


NOT_WRITABLE = {
    "read_only_state_file": "attempt to write a readonly database",
    "state_file_owned_by_root": "unable to open database file",
}


@pytest.mark.parametrize("kind", list(NOT_WRITABLE))
def test_state_file_not_writable_names_state_dir_file_and_chown(tmp_path, monkeypatch, kind):
    config = fresh(tmp_path)
    monkeypatch.setattr(state_mod.sqlite3, "connect", failing_connect(NOT_WRITABLE[kind]))
    code, text = invoke("run", "--config", str(config))
    assert code == 1
    assert str(tmp_path / "state") in text and STATE_FILE in text and "chown" in text
    assert aside(tmp_path) == []


def test_run_lock_owned_by_root_names_the_lock_and_chown(tmp_path, monkeypatch):
    config = fresh(tmp_path)

    def acquire(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "state" / "run.lock"))

    monkeypatch.setattr("filelock.FileLock.acquire", acquire)
    code, text = invoke("run", "--config", str(config))
    assert code == 1 and "run.lock" in text and "chown" in text and "state.dir" in text


def test_unwritable_state_folder_on_create(tmp_path, monkeypatch):
    config = make_setup(tmp_path)
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "state":
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    code, text = invoke("run", "--config", str(config))
    assert code == 1 and "state.dir" in text and "chown" in text


@pytest.mark.parametrize("target", [STATE_FILE, "run.lock", "."])
def test_check_reports_an_unwritable_state_first(tmp_path, monkeypatch, target):
    config = fresh(tmp_path)
    bad = (tmp_path / "state" / target).resolve()
    real_access = os.access
    monkeypatch.setattr(state_mod.os, "access", lambda p, mode: False if Path(p).resolve() == bad
                        else real_access(p, mode))
    code, text = invoke("check", "--config", str(config))
    assert code == 1
    first_error = text.split("ERROR", 1)[1]
    assert first_error.lstrip().startswith("state.dir") and "chown" in first_error


def test_check_reports_a_full_state_disk(tmp_path, monkeypatch):
    config = fresh(tmp_path)
    monkeypatch.setattr(state_mod.os, "statvfs", lambda p: StatVfs(0, 4096))
    code, text = invoke("check", "--config", str(config))
    assert code == 1 and "no space left on device in" in text


def test_real_damage_is_still_moved_aside(tmp_path):
    config = fresh(tmp_path)
    (tmp_path / "state" / STATE_FILE).write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / "state" / (STATE_FILE + suffix)).unlink(missing_ok=True)
    code, text = invoke("run", "--config", str(config))
    assert code == 0, text
    assert len(aside(tmp_path)) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files; simulated above")
def test_real_read_only_state_folder(tmp_path):
    config = fresh(tmp_path)
    os.chmod(tmp_path / "state", 0o500)
    try:
        code, text = invoke("run", "--config", str(config))
    finally:
        os.chmod(tmp_path / "state", 0o700)
    assert code == 1 and "state.dir" in text and "chown" in text


def test_state_error_is_in_the_one_tree():
    assert issubclass(StateError, ItaSyncError) and issubclass(StateCorrupt, StateError)
