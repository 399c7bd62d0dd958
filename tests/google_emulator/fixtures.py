"""pytest fixtures; import them into a conftest.py::

    from tests.google_emulator.fixtures import (  # noqa: F401
        emulator, emulator_credentials, emulator_forms_service, emulator_gspread,
        emulator_key_file, emulator_sheets_service,
    )
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .auth import DEFAULT_SCOPES
from .clients import discovery_service, gspread_client, without_boundary_lookup
from .server import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A fresh, running emulator for one test (its own port, state, log and faults)."""
    emu = Emulator().start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def emulator_key_file(emulator: Emulator, tmp_path: Path) -> Path:
    """A service-account key file (runtime RSA test key) whose token_uri is the emulator's /token."""
    return emulator.write_service_account_key(tmp_path / "service-account.json")


@pytest.fixture
def emulator_credentials(emulator_key_file: Path) -> Any:
    """Real google.oauth2.service_account.Credentials from the key file (spreadsheets + forms scopes)."""
    from google.oauth2 import service_account

    creds = service_account.Credentials.from_service_account_file(str(emulator_key_file), scopes=list(DEFAULT_SCOPES))
    return without_boundary_lookup(creds)


@pytest.fixture
def emulator_gspread(emulator: Emulator, emulator_credentials: Any) -> Any:
    """A gspread.Client routed to the emulator."""
    return gspread_client(emulator_credentials, emulator.base_url)


@pytest.fixture
def emulator_sheets_service(emulator: Emulator, emulator_credentials: Any) -> Any:
    return discovery_service("sheets", "v4", emulator_credentials, emulator.base_url)


@pytest.fixture
def emulator_forms_service(emulator: Emulator, emulator_credentials: Any) -> Any:
    return discovery_service("forms", "v1", emulator_credentials, emulator.base_url)
