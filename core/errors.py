"""One exception root for the whole tool; the CLI maps each kind to an exit code (contract section 1).

Grouped as meltano's SDK groups them::

    ItaSyncError                      exit 1 unless said otherwise
    ├── ConfigError                   bad config or command line: nothing read or written (exit 2)
    ├── SourceError                   a source or the master could not be read or written
    │   ├── RetriableError            trying again later may succeed (network, quota, 5xx)
    │   │   ├── TransientError        one failed HTTP attempt, inside the retry loop (sync.http)
    │   │   └── RetriesExhausted      the retry budget is spent (sync.http)
    │   └── FatalError                trying again will not help (not found, no access, bad file)
    ├── DataError                     the data cannot be processed as a whole
    ├── LockError                     another run holds the run lock past the wait
    └── StateError                    the sync state folder or file is unusable
        └── StateCorrupt              the state file is damaged (moved aside, history rebuilt)

Messages name the bad value, where it is, and the fix. They never carry tokens or personal data.
"""

from __future__ import annotations


class ItaSyncError(Exception):
    """Root of every error ita-sync raises on purpose."""

    exit_code = 1


class ConfigError(ItaSyncError):
    """Bad configuration or command line: nothing was read or written (exit 2).

    ``problems``: one sentence per problem; all of them are reported at once (contract section 2).
    """

    exit_code = 2

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class SourceError(ItaSyncError):
    """A source or the master could not be read or written (exit 1).

    ``retriable`` says whether trying again later may succeed (quota, network); retries themselves
    happen only at the I/O boundary. Raise :class:`RetriableError` or :class:`FatalError` in new
    code: ``SourceError(message, retriable=...)`` stays for callers that decide at run time.
    """

    retriable: bool = False

    def __init__(self, message: str, *, retriable: bool | None = None) -> None:
        if retriable is not None:
            self.retriable = retriable
        super().__init__(message)


class RetriableError(SourceError):
    """A source failure that may pass if the run is tried again later (network, quota, server)."""

    retriable = True


class FatalError(SourceError):
    """A source failure that trying again will not fix (not found, no access, not a spreadsheet)."""

    retriable = False


class TransientError(RetriableError):
    """One failed attempt worth retrying: the HTTP ``status`` (0 for a network failure), the
    server's ``Retry-After`` in seconds (None when absent) and the ``cause``."""

    def __init__(self, status: int, retry_after: float | None, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.status = status
        self.retry_after = retry_after
        self.cause = cause


class RetriesExhausted(RetriableError):
    """The retry policy gave up after ``attempts`` attempts; ``last`` is the last failure."""

    def __init__(self, attempts: int, last: TransientError) -> None:
        super().__init__(f"gave up after {attempts} attempts: {last}")
        self.attempts = attempts
        self.last = last


class DataError(ItaSyncError):
    """The data cannot be processed as a whole (e.g. a required question missing)."""


class LockError(ItaSyncError):
    """Another run holds the run lock past the wait."""


class StateError(ItaSyncError):
    """The sync state (``state.dir``, its SQLite file or the run lock) cannot be used: the message
    names the folder or file and the fix (e.g. ``chown``, free space)."""


class StateCorrupt(StateError):
    """The state file exists but is not usable (not SQLite, damaged, or another schema)."""
