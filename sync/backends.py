"""Build the source and sink a run uses, from validated settings."""

from __future__ import annotations

from config.settings import Settings
from sync.ports import Sink, Source


def build_backend(settings: Settings) -> tuple[Source, Sink]:
    if settings.backend.kind == "local":
        from sync.local import LocalSink, LocalSource

        return LocalSource(settings), LocalSink(settings.data_dir / settings.master.spreadsheet)
    from sync.google import build_google_backend  # imported lazily: heavier dependencies

    return build_google_backend(settings)
