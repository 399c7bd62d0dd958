"""Shared fixtures: the Google emulator's fixtures are available to every test."""

import pytest

pytest.register_assert_rewrite("tests.google_emulator.fixtures")

from tests.google_emulator.fixtures import (  # noqa: E402, F401
    emulator,
    emulator_credentials,
    emulator_forms_service,
    emulator_gspread,
    emulator_key_file,
    emulator_sheets_service,
)
