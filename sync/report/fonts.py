"""The Thai font that installs with the package: Sarabun (Cadson Demak, Google Fonts), SIL Open
Font License 1.1, from the PyPI package ``fontpkg-sarabun`` (its LICENSE file travels with it).

The .docx names ``TH SarabunPSK`` (what Thai government machines have); the PDF and the charts
embed this Sarabun, the OFL successor of the same design."""

from __future__ import annotations

from pathlib import Path

from core.errors import ItaSyncError

DOCX_FONT = "TH SarabunPSK"


def sarabun(bold: bool = False) -> Path:
    """Path of Sarabun-Regular.ttf or Sarabun-Bold.ttf. Raises ItaSyncError when the font package
    is missing (a broken install: ``pip install fontpkg-sarabun``)."""
    try:
        import fontpkg_sarabun
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ItaSyncError("the Thai font package is missing: run `pip install fontpkg-sarabun` "
                           "(a dependency of ita-sync)") from exc
    path = Path(fontpkg_sarabun.ROOT) / "files" / ("Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf")
    if not path.is_file():  # pragma: no cover
        raise ItaSyncError(f"the Thai font file {path} is missing: reinstall fontpkg-sarabun")
    return path
