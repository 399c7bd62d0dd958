"""One exception root for the whole tool; the CLI maps each kind to an exit code.

Messages name the bad value, where it is, and the fix. They never carry tokens
or personal data.
"""

from __future__ import annotations


class ItaSyncError(Exception):
    """Root of every error ita-sync raises on purpose."""

    exit_code = 1


class ConfigError(ItaSyncError):
    """Bad configuration or command line: nothing was read or written (exit 2)."""

    exit_code = 2

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class SourceError(ItaSyncError):
    """A source or the master could not be read or written (exit 1).

    ``retriable`` says whether trying again later may succeed (quota, network);
    retries themselves happen only at the I/O boundary.
    """

    def __init__(self, message: str, *, retriable: bool = False) -> None:
        self.retriable = retriable
        super().__init__(message)


class DataError(ItaSyncError):
    """The data cannot be processed as a whole (e.g. a required question missing)."""


class LockError(ItaSyncError):
    """Another run holds the run lock past the wait."""


class StateError(ItaSyncError):
    """The sync state folder (``state.dir``) cannot be used: full, not writable, or a file in it
    owned by another user (exit 1). Never damage: a damaged state file is moved aside and rebuilt
    (CONTRACT section 2, ``[state]``); the message names ``state.dir``, the file and the fix."""
