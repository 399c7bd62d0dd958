"""The words of a run: its mode, what triggered it, and its outcome (issue 8, item 6).

They are ``StrEnum``: each member *is* its string, so the run history (SQLite), the JSON log
lines and ``status --json`` keep the values they always had ("run", "written" ...), while the code
passes typed values instead of bare strings. Officers read the Thai words of ``core.vocab``.
"""

from __future__ import annotations

from enum import StrEnum


class RunMode(StrEnum):
    """``ita-sync run`` (incremental where it can), ``ita-sync resync`` (state forgotten), or the
    in-memory build of ``ita-sync report``."""

    RUN = "run"
    RESYNC = "resync"
    REPORT = "report"  # `ita-sync report`: built in memory, nothing written, no state


class Trigger(StrEnum):
    """Who started the run: a person (``run``/``resync``/``demo``) or ``serve``'s schedule."""

    MANUAL = "manual"
    SCHEDULED = "scheduled"


class Outcome(StrEnum):
    """How a run ended, as recorded in the history (``running`` while it goes on)."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    DRY_RUN = "dry-run"
    FAILED = "failed"
    ABANDONED = "abandoned"
    INTERRUPTED = "interrupted"
    RUNNING = "running"


#: the outcomes that count as a successful sync (``status``: "last scheduled run succeeded")
SUCCESS = frozenset({Outcome.WRITTEN, Outcome.UNCHANGED})
