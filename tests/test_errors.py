"""One exception root (issue 8, item 3): every error the tool raises on purpose is an ItaSyncError,
grouped as meltano groups them, and the exit code follows the group (contract section 1)."""

from __future__ import annotations

import pytest

from core import errors
from core.errors import (
    ConfigError,
    DataError,
    FatalError,
    ItaSyncError,
    LockError,
    RetriableError,
    RetriesExhausted,
    SourceError,
    StateCorrupt,
    StateError,
    TransientError,
)


@pytest.mark.parametrize(("error", "group", "exit_code", "retriable"), [
    (ConfigError(["a", "b"]), ConfigError, 2, None),
    (RetriableError("quota"), SourceError, 1, True),
    (FatalError("not found"), SourceError, 1, False),
    (SourceError("x", retriable=True), SourceError, 1, True),
    (SourceError("x"), SourceError, 1, False),
    (TransientError(503, 2.0, OSError("reset")), RetriableError, 1, True),
    (RetriesExhausted(5, TransientError(429, None, OSError("quota"))), RetriableError, 1, True),
    (DataError("missing"), DataError, 1, None),
    (LockError("held"), LockError, 1, None),
    (StateCorrupt("damaged"), StateError, 1, None),
], ids=["config", "retriable", "fatal", "source-retriable-flag", "source-default", "transient", "exhausted",
        "data", "lock", "state-corrupt"])
def test_every_error_is_under_one_root(error, group, exit_code, retriable):
    assert isinstance(error, ItaSyncError)
    assert isinstance(error, group)
    assert error.exit_code == exit_code
    if retriable is not None:
        assert error.retriable is retriable


def test_every_exception_class_of_core_errors_is_in_the_tree():
    classes = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, BaseException)]
    assert classes and all(issubclass(c, ItaSyncError) for c in classes)


def test_the_adapters_raise_the_same_classes():
    """sync.http and sync.state raise the tree's classes (names kept where they were)."""
    from sync import http, state

    assert http.TransientError is TransientError and http.RetriesExhausted is RetriesExhausted
    assert state.StateCorrupt is StateCorrupt


def test_config_error_lists_every_problem():
    exc = ConfigError(["first", "second"])
    assert exc.problems == ["first", "second"] and str(exc) == "first\nsecond"
