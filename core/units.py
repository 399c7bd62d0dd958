"""The units registry as a value, and matching of written unit names (CONTRACT section 3)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from core.text import norm, norm_series
from core.vocab import (
    DEFAULT_AGENCY_NAME,
    DEFAULT_AGENCY_SHORT_NAME,
    MEASURE_INDICATORS,
    MEASURES,
    UNKNOWN_UNIT_CODE,
    UNKNOWN_UNIT_NAME,
)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """One of the agency's measures (CONTRACT section 3): numbered from 1, in order."""

    number: int
    text: str
    #: ITA indicator numbers (section 8.2) this measure addresses; optional, for the summary
    indicators: tuple[int, ...] = ()


@dataclass(frozen=True)
class Agency:
    """The agency profile (CONTRACT section 3): its names and its measures 1..N.

    The default is MDES OPS (seed 003): its name and the seven measures of report form 1.
    ``config.registry`` validates a profile read from a units file (numbers 1..N, no gaps)."""

    name: str = DEFAULT_AGENCY_NAME
    short_name: str = DEFAULT_AGENCY_SHORT_NAME
    measures: tuple[Measure, ...] = tuple(
        Measure(i, t, ind) for i, (t, ind) in enumerate(zip(MEASURES, MEASURE_INDICATORS, strict=True), start=1))

    @property
    def measure_count(self) -> int:
        """N: report form 1's ``มาตรการที่`` is a whole number 1..N."""
        return len(self.measures)

    def measure_text(self, number: int) -> str:
        return self.measures[number - 1].text

    @property
    def is_default(self) -> bool:
        return self == Agency()


DEFAULT_AGENCY: Agency = Agency()


@dataclass(frozen=True)
class Registry:
    """Registered units in registry order, and the agency profile they belong to. Build it
    through ``config.registry``, which validates codes, names and measures; this class only
    indexes them."""

    units: tuple[Unit, ...]
    agency: Agency = DEFAULT_AGENCY
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for u in self.units:
            for written in (u.name, *u.aliases):
                index.setdefault(norm(written), u.code)
        object.__setattr__(self, "_index", index)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)

    def name_of(self, code: str) -> str:
        if code == UNKNOWN_UNIT_CODE:
            return UNKNOWN_UNIT_NAME
        for u in self.units:
            if u.code == code:
                return u.name
        raise KeyError(code)

    def order_of(self) -> dict[str, int]:
        """Sort key: registry order, the unknown unit last."""
        order = {u.code: i for i, u in enumerate(self.units)}
        order[UNKNOWN_UNIT_CODE] = len(self.units)
        return order

    def match(self, cells: pd.Series) -> pd.Series:
        """Unit code for each cell (after rule T), None when blank or unknown."""
        codes = norm_series(cells).map(self._index).astype(object)
        return codes.where(codes.notna(), None)

    def suggest(self, written: str) -> str | None:
        """The closest registry name to an unmatched unit (by string similarity)."""
        key = norm(written)
        if not key:
            return None
        best, best_score = None, 0.5  # below half similar, a suggestion misleads more than it helps
        for u in self.units:
            for candidate in (u.name, *u.aliases):
                score = difflib.SequenceMatcher(None, key, norm(candidate)).ratio()
                if score > best_score:
                    best, best_score = u.name, score
        return best
