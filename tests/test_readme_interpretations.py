"""The README documents the configuration additions and every interpretation of the contract
taken (CONTRACT section 2 is silent on some keys; sections 4, 6 and 7 leave choices open)."""

from __future__ import annotations

from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


@pytest.mark.parametrize("key", ["`backend.drive_change_detection`", "`[[reports]] folder`"])
def test_configuration_table_documents_the_additions(key: str) -> None:
    config = _section("Configuration")
    assert "CONTRACT section 2 is silent" in config
    assert any(line.startswith(f"| {key} |") for line in config.splitlines()), key


@pytest.mark.parametrize(("case", "needle"), [
    ("template_measure_text_placement", "**Measure text in the template**"),
    ("no_print_settings_on_google", "**Print settings on Google**"),
    ("warning_only_protection_unpassworded_locally", "**without a password**"),
    ("forms_read_in_full_every_run", "**The Forms API is read in full every run**"),
    ("config_additions", "`backend.drive_change_detection`, `[[reports]]"),
])
def test_interpretations_section_names_the_choice(case: str, needle: str) -> None:
    assert needle in _section("Interpretations of the contract"), case
