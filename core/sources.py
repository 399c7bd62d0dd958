"""Types of the optional sources of CONTRACT section 8: a spreadsheet read as named tabs, the
ITA framework (indicators, tools, weights, levels) as data, and the names of their canonical
frames. The leaf layer: imports nothing of the project but ``core``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

from core.columns import RawTable
from core.text import norm
from core.vocab import ITA_INDICATORS, ITA_LEVELS, ITA_TOOLS


@dataclass(frozen=True)
class TabBook:
    """One spreadsheet of a section-8 source, read as the tabs asked for.

    ``tabs`` maps each wanted tab name to the tab found (matched after rule T, the leftmost
    wins) or None when the spreadsheet has no such tab. ``error`` says why the spreadsheet
    could not be opened at all (then ``tabs`` is empty); a missing spreadsheet is not a
    TabBook but a ``SourceError`` (it fails the run)."""

    source: str  # path relative to data_dir, or the spreadsheet ID
    tabs: dict[str, RawTable | None] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    tool: str
    weight: Fraction


@dataclass(frozen=True)
class Level:
    level: str
    min: Fraction


@dataclass(frozen=True)
class ItaFramework:
    """Indicators and levels of the ITA assessment (section 8.2). The defaults are the
    contract's; ``[ita] indicators``/``levels`` replace them (validated in config: weights add
    up to 100, levels strictly descending)."""

    indicators: tuple[Indicator, ...] = tuple(
        Indicator(n, name, tool, Fraction(w)) for n, name, tool, w in ITA_INDICATORS)
    levels: tuple[Level, ...] = tuple(Level(lv, Fraction(m)) for lv, m in ITA_LEVELS)

    @property
    def tools(self) -> tuple[str, ...]:
        """IIT, EIT, OIT first (those used), then any other tool in indicator order."""
        used = list(dict.fromkeys(i.tool for i in self.indicators))
        return tuple([t for t in ITA_TOOLS if t in used] + [t for t in used if t not in ITA_TOOLS])

    def by_name(self) -> dict[str, int]:
        """Indicator name after rule T -> number."""
        return {norm(i.name): i.number for i in self.indicators}

    def level_of(self, total: Fraction) -> str | None:
        for lv in self.levels:
            if total >= lv.min:
                return lv.level
        return None


def framework(indicators: Sequence[tuple[int, str, str, float | int]] | None = None,
              levels: Sequence[tuple[str, float | int]] | None = None) -> ItaFramework:
    """An ItaFramework from plain values (config); None keeps the contract's default."""
    base = ItaFramework()
    inds = base.indicators if indicators is None else tuple(
        Indicator(int(n), name, tool, Fraction(str(w))) for n, name, tool, w in indicators)
    lvls = base.levels if levels is None else tuple(Level(lv, Fraction(str(m))) for lv, m in levels)
    return ItaFramework(indicators=inds, levels=lvls)


# --- canonical frames of the section-8 sources ---------------------------------------------
class P:
    """Monthly social-media reach: one row per accepted (month, channel)."""

    MONTH_INDEX: Final = "month_index"  # int: CE year * 12 + month - 1
    MONTH: Final = "month"  # "YYYY-MM", calendar year in BE (as in รายเดือน)
    FISCAL_YEAR: Final = "fiscal_year"  # int BE
    FIRST_HALF: Final = "first_half"  # bool: October - March
    CHANNEL: Final = "channel"  # canonical channel name (vocab.PR_CHANNELS)
    POSTS: Final = "posts"
    REACH: Final = "reach"
    ENGAGEMENT: Final = "engagement"
    COUNTS: Final[tuple[str, str, str]] = ("posts", "reach", "engagement")


class T:
    """ITA results: one row per accepted (fiscal year, indicator)."""

    FISCAL_YEAR: Final = "fiscal_year"
    INDICATOR: Final = "indicator"  # int number
    SCORE: Final = "score"  # the score as an exact decimal text ("80.29"); Fraction(score) to compute


class E:
    """Training: roster (one row per accepted employee) and attendance (accepted rows).

    Employees are numbered (``EMPLOYEE``: 0, 1, ... in roster order) so that no employee code
    or name is kept in a canonical frame, the master, or the sync state."""

    EMPLOYEE: Final = "employee"  # int ordinal, never the code
    UNIT: Final = "unit_code"
    TOPIC_KEY: Final = "topic_key"  # topic after rule T
    TOPIC: Final = "topic"  # topic as written in its first accepted row (copied text)
    DAY: Final = "day"  # "YYYY-MM-DD" in the configured time zone
    FISCAL_YEAR: Final = "fiscal_year"
    FIRST_HALF: Final = "first_half"
