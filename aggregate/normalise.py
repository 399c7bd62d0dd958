"""Raw tabs -> canonical frames + issues + per-tab counts (CONTRACT sections 4 and 6).

Pure functions: no I/O, no config reads, inputs never mutated. Cell-level rules live
in ``core.text``, ``aggregate.parse`` and ``aggregate.timestamps``; this module applies them to whole
tables, decides which rows are accepted, duplicates or rejected, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from aggregate.parse import (
    NAT_NS,
    bad_url_series,
    is_reported,
    parse_answers,
    parse_counts,
    parse_measures,
    parse_rounds,
    parse_visitor_types,
    parse_years,
    period_parts,
    timestamp_instants,
)
from core.columns import (
    BAD_ANSWER,
    UNANSWERED,
    FormKind,
    Issue,
    IssueCol,
    RawTable,
    ReportBook,
    ReportCol,
    SurveyCol,
    TabStat,
    empty_issues,
    issues_frame,
)
from core.errors import DataError
from core.text import (
    CELL_LIMIT,
    ELLIPSIS,
    cell_safe,
    cell_to_text,
    copied,
    copied_series,
    factorize_array,
    is_cut,
    norm,
    norm_codes,
    norm_series,
)
from core.units import Registry
from core.vocab import (
    AWARE_FIELDS,
    BOOK_UNREADABLE,
    CHANNEL_COLUMNS,
    COL_EVIDENCE,
    COL_MEASURE,
    COL_RESULT,
    COL_ROUND,
    COL_UNIT,
    COL_YEAR,
    FORM1_REQUIRED,
    FORM1_TAB,
    FORM2_COLUMNS,
    FORM2_TAB,
    ISSUE_TEXTS,
    MEASURE_RANGE,
    MEASURES,
    SUGGEST_DID_YOU_MEAN,
    SUGGEST_UNIT_BLANK,
    SURVEY_FIELDS,
    TAB_ANCHOR_JOIN,
    TAB_COLUMNS_MISSING,
    TAB_COLUMNS_MISSING_FIX,
    TAB_MISSING,
    TAB_MISSING_FIX,
    TAB_NO_HEADER,
    TAB_NO_HEADER_FIX,
    TOTAL_MISMATCH_RECOMPUTED,
    UNKNOWN_UNIT_CODE,
    VISITOR_TYPES,
)

HEADER_SEARCH_ROWS = 10


# --- issues ----------------------------------------------------------------------
def _issue(source: str, sheet: str, row: Any, column: str, value: str, code: str,
           problem: str | None = None, suggestion: str | None = None) -> Issue:
    p, s = ISSUE_TEXTS[code]
    # every text shown in ปัญหาข้อมูล is copied text (section 6): a file or tab name, a header,
    # a value, and a problem that quotes a reader's error
    # (the values and headers callers pass are copied text already; cell_safe keeps the ``…`` of a
    # cut text, which copying again would make three dots)
    return Issue(source=copied(source), sheet=copied(sheet), row=row, column=cell_safe(column),
                 value=cell_safe(value), code=code, problem=cell_safe(problem or p),
                 suggestion=cell_safe(suggestion or s))


class _Placed(NamedTuple):
    """A report issue and where it sorts: tab ordinal (reading order), row position (-1: the tab)."""

    tab: int
    pos: int
    issue: Issue


def _unit_suggestion(registry: Registry, written: str) -> str:
    base = ISSUE_TEXTS["unknown_unit"][1]
    if not norm(written):
        return SUGGEST_UNIT_BLANK
    best = registry.suggest(written)
    return SUGGEST_DID_YOU_MEAN.format(best=best, base=base) if best else base


def measure_issue_texts(n: int) -> tuple[str, str]:
    """``bad_measure``'s problem and suggestion for an agency of N measures (section 3)."""
    p, s = ISSUE_TEXTS["bad_measure"]
    default, ours = MEASURE_RANGE.format(n=len(MEASURES)), MEASURE_RANGE.format(n=n)
    return p.replace(default, ours), s.replace(default, ours)


def _label(value: Any) -> Any:
    """A row label as it goes into the issues tab: sheet row numbers as int."""
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


# --- survey ----------------------------------------------------------------------
@dataclass(frozen=True)
class SurveySpec:
    titles: Mapping[str, Sequence[str]]  # field -> accepted question titles
    registry: Registry
    tz: str
    date_order: Literal["dmy", "mdy"]
    now: datetime


@dataclass
class SurveyResult:
    frame: pd.DataFrame  # canonical, columns of S
    issues: pd.DataFrame
    stat: TabStat


def empty_survey() -> pd.DataFrame:
    cols: dict[str, pd.Series] = {
        SurveyCol.ROW: pd.Series(dtype=object),
        SurveyCol.TS: pd.Series(dtype="datetime64[ns, UTC]"),
        SurveyCol.FISCAL_YEAR: pd.Series(dtype="int64"),
        SurveyCol.FIRST_HALF: pd.Series(dtype=bool),
        SurveyCol.MONTH: pd.Series(dtype=object),
        SurveyCol.UNIT: pd.Series(dtype=object),
    }
    cols.update({c: pd.Series(dtype=bool) for c in SurveyCol.VT})
    cols.update({c: pd.Series(dtype="int8") for c in SurveyCol.AW})
    return pd.DataFrame(cols)


def locate_survey_columns(header: Sequence[Any], titles: Mapping[str, Sequence[str]], where: str = "") -> dict[str, int]:
    """Field -> column position (CONTRACT section 4).

    Raises DataError when a required field's titles match no column or more than one: the error
    lists the fields and the titles found in row 1. When row 1 matches *none* of the required
    titles it is not a header row (the sheet was sorted, or its header row deleted: row 1 may
    hold a response), and the error names no cell value (section 6, "No value in messages").
    ``where`` (e.g. the tab's name) is put in front of the message.
    """
    normed = [norm(cell_to_text(h)) for h in header]
    found: dict[str, int] = {}
    problems = []
    hits_by_field = {fld: _title_hits(normed, titles[fld]) for fld in SURVEY_FIELDS}
    prefix = f"{where}: " if where else ""
    if not any(hits_by_field.values()):
        raise DataError(
            f"{prefix}row 1 of the survey sheet is not a header row: it holds none of the required "
            f"question titles ({', '.join(SURVEY_FIELDS)}). The sheet may have been sorted, or its "
            "header row deleted. Put the form's question titles back in row 1 (Google Forms: unlink "
            "and relink the responses sheet, or undo the sort), or name the right tab in "
            "survey.worksheet, or map the titles in [survey.questions] of the config."
        )
    for fld in SURVEY_FIELDS:
        hits = hits_by_field[fld]
        if len(hits) == 1:
            found[fld] = hits[0]
        else:
            what = "no column" if not hits else f"{len(hits)} columns"
            problems.append(
                f"{what} titled {' / '.join(repr(t) for t in titles[fld])} (field {fld})"
            )
    if problems:
        present = ", ".join(repr(copied(cell_to_text(h))) for h in header if cell_to_text(h).strip()) or "(none)"
        raise DataError(
            f"{prefix}the survey sheet is missing required questions: " + "; ".join(problems)
            + f". Titles found in row 1: {present}. Fix the question titles in the form, "
            "or map them in [survey.questions] of the config."
        )
    return found


def grid_row_title(title: str) -> str | None:
    """The row title of a grid question's column title (T form in, T form out): the text inside
    the last ``[…]`` that ends the title (``<grid title> [<row title>]``); None when the title
    does not end with one (CONTRACT section 4, "Grid questions")."""
    if not title.endswith("]"):
        return None
    start = title.rfind("[")
    if start < 0:
        return None
    return title[start + 1:-1].strip(" ")


def _title_hits(normed: Sequence[str], titles: Sequence[str]) -> list[int]:
    """Columns (positions) whose title (``normed``: T forms) equals one of ``titles`` after T: the
    whole title, or else (no whole-title match) the row title of a grid column."""
    wanted = {norm(t) for t in titles}
    whole = [i for i, h in enumerate(normed) if h and h in wanted]
    if whole:
        return whole
    return [i for i, h in enumerate(normed) if h and grid_row_title(h) in wanted]


def _is_blank(values: np.ndarray) -> np.ndarray:
    """Per cell of an object array: blank (None, NaN, NaT ...) or text of white space only."""
    blank = pd.isna(values)
    for k in np.flatnonzero(~blank).tolist():
        v = values[k]
        blank[k] = type(v) is str and not v.strip()
    return blank


def _blank_rows(columns: Sequence[pd.Series], candidates: np.ndarray) -> np.ndarray:
    """Positions, among ``candidates``, of rows whose every cell is blank (None, NaN, or white
    space only). Checked column by column on the rows still in question."""
    rows = candidates
    for col in columns:
        if not len(rows):
            break
        rows = rows[_is_blank(col.iloc[rows].to_numpy(dtype=object))]
    return rows


def _combine(parts: Sequence[np.ndarray]) -> np.ndarray:
    """One int64 code per row, equal exactly when every part is equal."""
    key: np.ndarray | None = None
    size = 1
    for part in parts:
        codes, uniques = pd.factorize(part)
        k = max(len(uniques), 1)
        if key is None:
            key, size = np.asarray(codes, dtype=np.int64), k
            continue
        if size * k >= 1 << 62:
            key, found = pd.factorize(key)
            size = max(len(found), 1)
        key = key * k + codes
        size *= k
    return key if key is not None else np.zeros(0, dtype=np.int64)


def _exact_duplicates(columns: Sequence[pd.Series], rows: np.ndarray) -> np.ndarray:
    """Positions, among ``rows`` (ascending), of each later copy of a row equal to an earlier one
    of ``rows`` in every cell after T.

    Column by column, the most varied first (by distinct cells as written, an upper bound of the
    distinct T forms), T computed only for the cells of rows that still have a twin: a row whose
    cells so far differ after T from every other row's can be no copy and have none.
    """
    if not len(rows):
        return rows
    factorized = [factorize_array(col.iloc[rows]) for col in columns]
    order = sorted(range(len(columns)), key=lambda j: -len(factorized[j][1]))
    alive = np.arange(len(rows))
    key = np.zeros(len(rows), dtype=np.int64)
    for j in order:
        codes, uniques = factorized[j]
        sub = codes[alive]
        present = np.flatnonzero(np.bincount(sub[sub >= 0], minlength=len(uniques)))
        remap = np.full(len(uniques) + 1, -1, dtype=np.intp)
        remap[present] = np.arange(len(present))
        key = _combine([key, norm_codes(remap[sub], uniques[present])])  # remap[-1] is -1: blank
        twin = pd.Series(key).duplicated(keep=False).to_numpy()
        alive, key = alive[twin], key[twin]
        if not len(alive):
            return alive
    later = pd.Series(key).duplicated(keep="first").to_numpy()
    return rows[alive[later]]


def duplicate_mask(frame: pd.DataFrame) -> pd.Series:
    """True for each later copy of a row equal to an earlier one in every cell after T
    (T of every cell: the plain reference of the rule; ``normalise_survey`` narrows it down first)."""
    columns = [frame.iloc[:, j] for j in range(frame.shape[1])]
    dup = np.zeros(len(frame), dtype=bool)
    dup[_exact_duplicates(columns, np.arange(len(frame)))] = True
    return pd.Series(dup, index=frame.index)


def _duplicates(columns: Sequence[pd.Series], keys: Sequence[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Positions, among ``rows``, of later copies (rule "Survey duplicates"). ``keys``: per row
    arrays that are equal whenever the rows' cells are equal after T (some columns' T codes, the
    timestamp's wall time); only rows that share all keys with another row can be copies, and
    only those are compared cell by cell after T."""
    if not len(rows):
        return rows
    key = _combine([k[rows] for k in keys])
    candidates = rows[pd.Series(key).duplicated(keep=False).to_numpy()]
    return _exact_duplicates(columns, candidates)


def _labels_at(index: pd.Index, positions: np.ndarray) -> np.ndarray:
    """Row labels as they go into the frames: sheet row numbers as Python ints."""
    values = index[positions]
    if values.dtype.kind in "iu":
        return np.asarray(values, dtype=np.int64).astype(object)
    out = np.asarray(values, dtype=object)
    if len(out) and infer_dtype(out, skipna=False) != "string":  # responseIds are text
        out = np.fromiter((_label(v) for v in out.tolist()), dtype=object, count=len(out))
    return out


@dataclass
class _Field:
    """One survey column, each distinct cell once."""

    cells: pd.Series
    codes: np.ndarray  # per row, -1 for a blank cell
    uniques: np.ndarray

    @classmethod
    def of(cls, cells: pd.Series) -> _Field:
        codes, uniques = factorize_array(cells)
        return cls(cells, codes, uniques)

    def per_row(self, per_unique: Any, blank: Any, rows: np.ndarray) -> np.ndarray:
        """Values by distinct cell spread over ``rows`` (``blank`` for blank cells)."""
        values = np.asarray(per_unique)
        table = np.empty(len(values) + 1, dtype=values.dtype)
        table[:-1] = values
        table[-1] = blank
        return table[self.codes[rows]]

    def t_codes(self) -> np.ndarray:
        return norm_codes(self.codes, self.uniques)


class _IssueParts:
    """Survey issues collected column-wise, one frame at the end (rows in sheet order)."""

    def __init__(self, source: str, sheet: str, labels: pd.Index) -> None:
        self.source, self.sheet, self.labels = copied(source), copied(sheet), labels
        self.parts: list[tuple[np.ndarray, str, str, Any, Any]] = []

    def add(self, positions: np.ndarray, column: str, code: str, values: Any = "", suggestions: Any = None) -> None:
        if len(positions):
            self.parts.append((positions, column, code, values, suggestions))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return empty_issues()
        pos = np.concatenate([p[0] for p in self.parts])
        order = np.argsort(pos, kind="stable")

        def column(i: int) -> np.ndarray:
            chunks = []
            for part in self.parts:
                v = part[i]
                if v is None:  # no specific suggestion: the code's default text
                    v = ISSUE_TEXTS[part[2]][1]
                chunks.append(np.full(len(part[0]), v, dtype=object) if isinstance(v, str)
                              else np.asarray(v, dtype=object))
            return np.concatenate(chunks)[order]

        n = len(pos)
        problems = np.concatenate([np.full(len(p[0]), ISSUE_TEXTS[p[2]][0], dtype=object) for p in self.parts])
        data = {
            IssueCol.SOURCE: np.full(n, self.source, dtype=object),
            IssueCol.SHEET: np.full(n, self.sheet, dtype=object),
            IssueCol.ROW: _labels_at(self.labels, pos[order]),
            IssueCol.COLUMN: column(1),
            IssueCol.VALUE: column(3),
            IssueCol.CODE: column(2),
            IssueCol.PROBLEM: problems[order],
            IssueCol.SUGGESTION: column(4),
        }
        return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})


def normalise_survey(table: RawTable, spec: SurveySpec) -> SurveyResult:
    """The survey tab -> accepted responses (``S`` columns), issues and counts.

    Cost is linear in the rows and runs no Python per row: each column that matters is
    factorised once and its rules run once per distinct cell; timestamps are parsed with numpy
    (see ``aggregate.timestamps``); duplicates are looked for only among rows that share their
    timestamp's wall time and the T form of the unit, visitor type and answers, and confirmed
    cell by cell after T on those rows alone.
    """
    raw = table.frame
    where = f"survey {copied(table.source)!r} tab {copied(table.sheet)!r}"
    if raw.empty:
        locate_survey_columns([], spec.titles, where)  # raises: not a header row
    header = raw.iloc[0].tolist()
    cols = locate_survey_columns(header, spec.titles, where)
    body = raw.iloc[1:]
    labels = body.index
    columns = [body.iloc[:, j] for j in range(body.shape[1])]
    n = len(body)
    src, sheet = table.source, table.sheet
    col_title = {i: copied(cell_to_text(h)) for i, h in enumerate(header)}
    issues = _IssueParts(src, sheet, labels)

    ts_cells = columns[cols["timestamp"]]
    utc, ts_key = timestamp_instants(ts_cells, tz=spec.tz, serial_tz=table.serial_tz,
                                     date_order=spec.date_order, now=spec.now)
    fields = {f: _Field.of(columns[cols[f]]) for f in ("unit", "visitor_type", *AWARE_FIELDS)}

    # rows with every cell blank are not read; such a row has no readable timestamp
    blank = _blank_rows([ts_cells, *(c for j, c in enumerate(columns) if j != cols["timestamp"])],
                        np.flatnonzero(ts_key == NAT_NS))
    read = np.ones(n, dtype=bool)
    read[blank] = False
    read_rows = np.flatnonzero(read)

    # duplicates first: they count nowhere and report nothing else
    dup = _duplicates(columns, [ts_key, *(f.t_codes() for f in fields.values())], read_rows)
    issues.add(dup, "", "duplicate_row")
    kept = read.copy()
    kept[dup] = False

    bad_ts = np.flatnonzero(kept & (utc == NAT_NS))
    issues.add(bad_ts, col_title[cols["timestamp"]], "bad_timestamp",
               values=copied_series(ts_cells.iloc[bad_ts]).to_numpy())
    kept[bad_ts] = False
    ok = np.flatnonzero(kept)

    unit = fields["unit"]
    unit_codes = unit.per_row(spec.registry.match(pd.Series(unit.uniques, dtype=object)).to_numpy(dtype=object),
                              None, ok)
    unknown = pd.isna(unit_codes)
    if unknown.any():
        written = copied_series(unit.cells.iloc[ok[unknown]]).to_numpy()
        wcodes, distinct = pd.factorize(written)
        suggestions = np.array([_unit_suggestion(spec.registry, w) for w in distinct.tolist()], dtype=object)
        issues.add(ok[unknown], col_title[cols["unit"]], "unknown_unit", values=written,
                   suggestions=suggestions[wcodes])
        unit_codes[unknown] = UNKNOWN_UNIT_CODE

    fiscal, first_half, month = period_parts(utc[ok], spec.tz)
    out: dict[str, Any] = {
        SurveyCol.ROW: pd.Series(_labels_at(labels, ok), dtype=object),
        SurveyCol.TS: pd.Series(pd.DatetimeIndex(utc[ok].view("M8[ns]")).tz_localize("UTC")),
        SurveyCol.FISCAL_YEAR: fiscal,
        SurveyCol.FIRST_HALF: first_half,
        SurveyCol.MONTH: pd.Series(month, dtype=object),
        SurveyCol.UNIT: pd.Series(unit_codes, dtype=object),
    }
    vt = fields["visitor_type"]
    vt_bits = parse_visitor_types(pd.Series(vt.uniques, dtype=object))
    for c in SurveyCol.VT:
        out[c] = vt.per_row(vt_bits[c].to_numpy(dtype=bool), False, ok)
    for fld, c in zip(AWARE_FIELDS, SurveyCol.AW):
        f = fields[fld]
        answers = f.per_row(parse_answers(pd.Series(f.uniques, dtype=object)).to_numpy(), UNANSWERED, ok)
        bad = answers == BAD_ANSWER
        if bad.any():
            issues.add(ok[bad], col_title[cols[fld]], "bad_answer",
                       values=copied_series(f.cells.iloc[ok[bad]]).to_numpy())
            answers[bad] = UNANSWERED
        out[c] = answers.astype(np.int8)
    frame = pd.DataFrame(out)
    stat = TabStat(src, sheet, read=len(read_rows), accepted=len(ok), duplicates=len(dup), rejected=len(bad_ts))
    return SurveyResult(frame=frame, issues=issues.frame(), stat=stat)


# --- unit reports ------------------------------------------------------------------
@dataclass
class ReportsResult:
    form1: pd.DataFrame
    form2: pd.DataFrame
    issues: pd.DataFrame
    stats: list[TabStat] = field(default_factory=list)


def find_header(frame: pd.DataFrame) -> int | None:
    """Position of the header row: the first of the first 10 rows with ปีงบประมาณ and รอบ."""
    year, rnd = norm(COL_YEAR), norm(COL_ROUND)
    for pos in range(min(HEADER_SEARCH_ROWS, len(frame))):
        cells = {norm(cell_to_text(v)) for v in frame.iloc[pos].tolist()}
        if year in cells and rnd in cells:
            return pos
    return None


def map_columns(header: Sequence[Any], wanted: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Wanted title -> leftmost column equal after T; and the titles not found."""
    normed = [norm(cell_to_text(h)) for h in header]
    found, missing = {}, []
    for title in wanted:
        key = norm(title)
        pos = next((i for i, h in enumerate(normed) if h == key), None)
        if pos is None:
            missing.append(title)
        else:
            found[title] = pos
    return found, missing


@dataclass
class _Tab:
    """A report tab after its header is found: the rows that are read."""

    source: str
    sheet: str
    rows: pd.DataFrame  # columns renamed to their wanted titles, index = sheet row labels
    titles: dict[str, str]  # wanted title -> header cell as written (copied-text clean)


def _prepare(book: ReportBook, table: RawTable | None, expected: str, wanted: Sequence[str],
             value_cols: Sequence[str], issues: list[Issue]) -> _Tab | None:
    if table is None:
        issues.append(_issue(book.source, expected, "", "", "", "bad_sheet",
                             problem=TAB_MISSING.format(tab=expected),
                             suggestion=TAB_MISSING_FIX.format(tab=expected)))
        return None
    frame = table.frame
    hpos = find_header(frame)
    if hpos is None:
        issues.append(_issue(book.source, table.sheet, "", "", f"{COL_YEAR}, {COL_ROUND}", "bad_sheet",
                             problem=TAB_NO_HEADER.format(names=TAB_ANCHOR_JOIN.join((COL_YEAR, COL_ROUND)),
                                                          rows=HEADER_SEARCH_ROWS),
                             suggestion=TAB_NO_HEADER_FIX.format(rows=HEADER_SEARCH_ROWS)))
        return None
    header = frame.iloc[hpos].tolist()
    found, missing = map_columns(header, wanted)
    if missing:
        issues.append(_issue(book.source, table.sheet, _label(frame.index[hpos]), "", ", ".join(missing),
                             "bad_sheet", problem=TAB_COLUMNS_MISSING, suggestion=TAB_COLUMNS_MISSING_FIX))
        return None
    body = frame.iloc[hpos + 1:, [found[t] for t in wanted]]
    body.columns = list(wanted)
    keyn = {t: norm_series(body[t]).eq("") for t in (COL_YEAR, COL_ROUND, COL_UNIT)}
    outside = keyn[COL_YEAR] & keyn[COL_ROUND] & keyn[COL_UNIT]
    template = pd.Series(True, index=body.index)
    for t in value_cols:
        template &= norm_series(body[t]).eq("")
    rows = body[~(outside | template)]
    titles = {t: copied(cell_to_text(header[found[t]])) for t in wanted}
    return _Tab(copied(book.source), copied(table.sheet), rows, titles)


def _keys(tab: _Tab, registry: Registry, measure: bool, issues: list[tuple[int, Issue]]
          ) -> tuple[pd.DataFrame, pd.Series]:
    """Parse the key columns; returns the keys and the mask of rejected rows (issues appended)."""
    rows = tab.rows
    years = parse_years(rows[COL_YEAR])
    rounds = parse_rounds(rows[COL_ROUND])
    units = registry.match(rows[COL_UNIT])
    keys = pd.DataFrame({ReportCol.FISCAL_YEAR: years, ReportCol.ROUND: rounds, ReportCol.UNIT: units}, index=rows.index)
    checks = [(COL_YEAR, years.isna(), "bad_year"), (COL_ROUND, rounds.isna(), "bad_round")]
    if measure:
        measures = parse_measures(rows[COL_MEASURE], registry.agency.measure_count)
        keys[ReportCol.MEASURE] = measures
        checks.append((COL_MEASURE, measures.isna(), "bad_measure"))
    checks.append((COL_UNIT, units.isna(), "unknown_unit"))
    rejected = pd.Series(False, index=rows.index)
    for col, bad, code in checks:
        rejected |= bad
        for label in bad[bad].index:
            pos = rows.index.get_loc(label)
            written = copied(cell_to_text(rows.at[label, col]))
            sugg = _unit_suggestion(registry, written) if code == "unknown_unit" else None
            problem = None
            if code == "bad_measure":
                problem, sugg = measure_issue_texts(registry.agency.measure_count)
            issues.append((pos, _issue(tab.source, tab.sheet, _label(label), tab.titles[col], written, code,
                                       problem=problem, suggestion=sugg)))
    return keys, rejected


def _form1_rows(tab: _Tab, registry: Registry, issues: list[tuple[int, Issue]]) -> pd.DataFrame:
    keys, rejected = _keys(tab, registry, True, issues)
    ok = tab.rows[~rejected]
    out = keys[~rejected].copy()
    out[ReportCol.RESULT] = copied_series(ok[COL_RESULT])
    out[ReportCol.EVIDENCE] = copied_series(ok[COL_EVIDENCE])
    for col, title in ((ReportCol.RESULT, COL_RESULT), (ReportCol.EVIDENCE, COL_EVIDENCE)):
        texts = out[col]
        for label in texts.index[texts.str.len().to_numpy() == CELL_LIMIT]:
            if is_cut(ok.at[label, title], texts.at[label]):
                issues.append((tab.rows.index.get_loc(label), _issue(
                    tab.source, tab.sheet, _label(label), tab.titles[title], _preview(texts.at[label]),
                    "text_too_long")))
    out[ReportCol.REPORTED] = is_reported(ok[COL_RESULT])
    bad_urls = bad_url_series(out[ReportCol.EVIDENCE])
    for label, tokens in bad_urls.items():
        for token in tokens:
            issues.append((tab.rows.index.get_loc(label),
                           _issue(tab.source, tab.sheet, _label(label), tab.titles[COL_EVIDENCE], token, "bad_url")))
    return _finish(out, tab, tab.rows.index.get_indexer(ok.index))


def _form2_rows(tab: _Tab, registry: Registry, issues: list[tuple[int, Issue]]) -> pd.DataFrame:
    keys, rejected = _keys(tab, registry, False, issues)
    ok = tab.rows[~rejected]
    out = keys[~rejected].copy()
    counted: dict[str, pd.DataFrame] = {}
    for title in (*VISITOR_TYPES, *CHANNEL_COLUMNS):
        c = parse_counts(ok[title])
        counted[title] = c
        for label in c.index[c["bad"].to_numpy()]:
            issues.append((tab.rows.index.get_loc(label), _issue(
                tab.source, tab.sheet, _label(label), tab.titles[title],
                copied(cell_to_text(ok.at[label, title])), "bad_number")))
    for i, vt in enumerate(VISITOR_TYPES):
        out[ReportCol.VT[i]] = counted[vt]["value"].to_numpy(dtype="int64")
    for i in range(3):
        know_t, dont_t, total_t = CHANNEL_COLUMNS[3 * i: 3 * i + 3]
        know = counted[know_t]["value"].to_numpy(dtype="int64")
        dont = counted[dont_t]["value"].to_numpy(dtype="int64")
        out[ReportCol.KNOW[i]] = know
        out[ReportCol.DONT[i]] = dont
        total = counted[total_t]
        mismatch = total["given"].to_numpy() & (total["value"].to_numpy() != know + dont)
        for label in total.index[mismatch]:
            issues.append((tab.rows.index.get_loc(label), _issue(
                tab.source, tab.sheet, _label(label), tab.titles[total_t],
                copied(cell_to_text(ok.at[label, total_t])), "total_mismatch",
                problem=TOTAL_MISMATCH_RECOMPUTED.format(
                    total=int(know[ok.index.get_loc(label)] + dont[ok.index.get_loc(label)])))))
    # every respondent answers all three channels: the recomputed totals should be equal
    totals = np.column_stack([out[ReportCol.KNOW[i]].to_numpy(dtype="int64") + out[ReportCol.DONT[i]].to_numpy(dtype="int64")
                              for i in range(3)]) if len(out) else np.zeros((0, 3), dtype=np.int64)
    uneven = totals.max(axis=1) > totals.min(axis=1) if len(out) else np.zeros(0, dtype=bool)
    for k in np.flatnonzero(uneven).tolist():
        label = ok.index[k]
        issues.append((tab.rows.index.get_loc(label), _issue(
            tab.source, tab.sheet, _label(label), tab.titles[COL_UNIT],
            ", ".join(str(int(t)) for t in totals[k]), "uneven_totals")))
    return _finish(out, tab, tab.rows.index.get_indexer(ok.index))


_PREVIEW = 50


def _preview(text: str) -> str:
    """The start of a cut text, shown in ค่าที่พบ of its ``text_too_long`` issue."""
    return text[:_PREVIEW].rstrip() + ELLIPSIS


def _finish(out: pd.DataFrame, tab: _Tab, positions: np.ndarray) -> pd.DataFrame:
    out.insert(0, ReportCol.ROW, [_label(x) for x in out.index])
    out.insert(0, ReportCol.SHEET, tab.sheet)
    out.insert(0, ReportCol.SOURCE, tab.source)
    out["_pos"] = positions
    return out.reset_index(drop=True)


def normalise_reports(books: Sequence[ReportBook], registry: Registry) -> ReportsResult:
    """All report spreadsheets in reading order -> accepted form rows, issues, per-tab counts."""
    tab_issues: list[_Placed] = []
    tabs: list[tuple[int, FormKind, _Tab]] = []
    ordinal = 0
    for book in books:
        book_issues: list[Issue] = []
        if book.error is not None:
            book_issues.append(_issue(book.source, "", "", "", "", "bad_sheet",
                                      problem=BOOK_UNREADABLE.format(error=book.error)))
        else:
            for kind, table, expected, wanted, values in (
                (FormKind.FORM1, book.form1, FORM1_TAB, FORM1_REQUIRED, (COL_RESULT, COL_EVIDENCE)),
                (FormKind.FORM2, book.form2, FORM2_TAB, FORM2_COLUMNS, tuple(FORM2_COLUMNS[3:])),
            ):
                tab = _prepare(book, table, expected, wanted, values, book_issues)
                if tab is not None:
                    tabs.append((ordinal + 1, kind, tab))
                    ordinal += 1
        for iss in book_issues:
            tab_issues.append(_Placed(ordinal, -1, iss))  # sheet-level problems go before the tab's rows
        ordinal += 1

    frames: dict[FormKind, list[pd.DataFrame]] = {FormKind.FORM1: [], FormKind.FORM2: []}
    for tab_ord, kind, tab in tabs:
        row_issues: list[tuple[int, Issue]] = []
        rows = (_form1_rows if kind is FormKind.FORM1 else _form2_rows)(tab, registry, row_issues)
        rows["_tab"] = tab_ord
        frames[kind].append(rows)
        tab_issues.extend(_Placed(tab_ord, pos, iss) for pos, iss in row_issues)

    accepted: dict[FormKind, pd.DataFrame] = {}
    replaced_by_tab: dict[int, int] = {}
    for kind, parts in frames.items():
        cols = _form_columns(kind)
        allrows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*cols, "_tab", "_pos"])
        key = [ReportCol.FISCAL_YEAR, ReportCol.ROUND, ReportCol.UNIT] + ([ReportCol.MEASURE] if kind is FormKind.FORM1 else [])
        dup = allrows.duplicated(subset=key, keep="last") if len(allrows) else pd.Series(dtype=bool)
        for _, row in allrows[dup].iterrows():
            tab_issues.append(_Placed(int(row["_tab"]), int(row["_pos"]), _issue(
                row[ReportCol.SOURCE], row[ReportCol.SHEET], row[ReportCol.ROW], "", "", "duplicate_report")))
            replaced_by_tab[row["_tab"]] = replaced_by_tab.get(row["_tab"], 0) + 1
        # a replaced row reports only that it was replaced
        replaced = {(r[ReportCol.SOURCE], r[ReportCol.SHEET], r[ReportCol.ROW]) for _, r in allrows[dup].iterrows()}
        if replaced:
            tab_issues = [t for t in tab_issues
                          if t.issue.code == "duplicate_report"
                          or (t.issue.source, t.issue.sheet, t.issue.row) not in replaced]
        keep = allrows[~dup] if len(allrows) else allrows
        accepted[kind] = _typed(keep.drop(columns=["_tab", "_pos"]).reset_index(drop=True), kind)

    stats = []
    for tab_ord, _kind, tab in tabs:
        read = len(tab.rows)
        rejected = _rejected_count(tab_issues, tab_ord)
        dups = replaced_by_tab.get(tab_ord, 0)
        stats.append(TabStat(tab.source, tab.sheet, read=read, accepted=read - rejected - dups,
                             duplicates=dups, rejected=rejected))
    tab_issues.sort(key=lambda t: (t.tab, t.pos))
    return ReportsResult(form1=accepted[FormKind.FORM1], form2=accepted[FormKind.FORM2],
                         issues=issues_frame([t.issue for t in tab_issues]), stats=stats)


_REJECTING = {"bad_year", "bad_round", "bad_measure", "unknown_unit"}


def _rejected_count(tab_issues: list[_Placed], tab_ord: int) -> int:
    rows = {t.issue.row for t in tab_issues if t.tab == tab_ord and t.issue.code in _REJECTING}
    return len(rows)


def _form_columns(kind: FormKind) -> list[str]:
    base = [ReportCol.SOURCE, ReportCol.SHEET, ReportCol.ROW, ReportCol.FISCAL_YEAR, ReportCol.ROUND, ReportCol.UNIT]
    if kind is FormKind.FORM1:
        return base + [ReportCol.MEASURE, ReportCol.RESULT, ReportCol.EVIDENCE, ReportCol.REPORTED]
    return base + list(ReportCol.VT) + [c for i in range(3) for c in (ReportCol.KNOW[i], ReportCol.DONT[i])]


def _typed(frame: pd.DataFrame, kind: FormKind) -> pd.DataFrame:
    frame = frame.reindex(columns=_form_columns(kind))
    frame[ReportCol.FISCAL_YEAR] = frame[ReportCol.FISCAL_YEAR].astype("int64")
    if kind is FormKind.FORM1:
        frame[ReportCol.MEASURE] = frame[ReportCol.MEASURE].astype("int64")
        frame[ReportCol.REPORTED] = frame[ReportCol.REPORTED].astype(bool)
    else:
        for c in (*ReportCol.VT, *ReportCol.KNOW, *ReportCol.DONT):
            frame[c] = frame[c].astype("int64")
    for c in (ReportCol.SOURCE, ReportCol.SHEET, ReportCol.ROW, ReportCol.ROUND, ReportCol.UNIT):
        frame[c] = frame[c].astype(object)
    return frame
