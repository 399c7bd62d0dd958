"""Settings (CONTRACT section 2): declared once, validated once, all errors at once.

``load_settings`` is the only way in: it parses the TOML, checks every key, and
either returns a frozen ``Settings`` or raises one ``ConfigError`` that lists
every problem, each naming the key, the bad value and what is expected.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.errors import ConfigError
from core.sources import ItaFramework, framework
from core.text import norm
from core.vocab import SURVEY_FIELDS, TAB_ITA, TAB_PR

CONFIG_ENV = "ITA_SYNC_CONFIG"
DEFAULT_CONFIG = "ita-sync.toml"
BUNDLED_UNITS = Path(__file__).with_name("units.toml")
#: ``[units] file = "bundled:<name>"``: the agency profiles shipped with the project (section 3)
BUNDLED_PROFILES: dict[str, Path] = {
    "mdes-ops": BUNDLED_UNITS,
    "depa": Path(__file__).with_name("units_depa.toml"),
}
BUNDLED_PREFIX = "bundled:"

_SHEET_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]{20,})(?:[/?#].*)?$")
_FORM_URL = re.compile(r"^https?://docs\.google\.com/forms/d/(?:e/)?([A-Za-z0-9_-]{20,})(?:[/?#].*)?$")
_GOOGLE_ID = re.compile(r"^[A-Za-z0-9_-]{20,}$")
_FOLDER_URL = re.compile(r"^https?://drive\.google\.com/drive/(?:u/\d+/)?folders/([A-Za-z0-9_-]{10,})(?:[/?#].*)?$")
_FOLDER_OPEN = re.compile(r"^https?://drive\.google\.com/open\?(?:.*&)?id=([A-Za-z0-9_-]{10,})(?:&.*)?$")
_FOLDER_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")


# --- secrets never reach a message (contract section 2, issue 10 fault 3) -------------------------
#: key names that hold secrets (a key anywhere in the config, known or not)
_SECRET_KEY = re.compile(r"(private[_-]?key|secret|token|passw(or)?d|pass[_-]?phrase|api[_-]?key|auth|bearer|"
                         r"client[_-]?secret|credential[_-]?json)", re.IGNORECASE)
#: values that look like secrets whatever their key: PEM blocks, key-file JSON, OAuth tokens, JWTs, API keys
_SECRET_VALUE = re.compile(
    r"-----BEGIN [A-Z ]*KEY-----|\"private_key(_id)?\"|\"client_secret\"|\"type\"\s*:\s*\"service_account\"|"
    r"\bya29\.[\w-]{10,}|\beyJ[\w-]{10,}\.[\w-]{10,}|\bAIza[\w-]{30,}|\bGOCSPX-[\w-]{10,}|"
    r"\b(ghp|gho|github_pat|xox[abp]|sk)[-_][\w-]{16,}|MII[A-Za-z0-9+/]{40,}")
MASKED = "'***' (masked: it looks like a secret)"


def looks_secret(key: str, value: object) -> bool:
    """Whether a config value must never be shown: its key is named like a secret, or the value (or
    any text inside it) looks like one (a private key, a key file's JSON, a token)."""
    if _SECRET_KEY.search(key):
        return value is not None and value != ""
    if key == "credentials" and isinstance(value, str) and (value.lstrip().startswith("{") or "\n" in value
                                                           or len(value) > 1024):
        return True  # a key's content pasted in place of its path
    if isinstance(value, str):
        return _SECRET_VALUE.search(value) is not None
    if isinstance(value, dict):
        return any(looks_secret(str(k), v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(looks_secret("", v) for v in value)
    return False


def shown(key: str, value: object) -> str:
    """``repr(value)`` for a config message, or :data:`MASKED` when it looks like a secret."""
    return MASKED if looks_secret(key, value) else repr(value)


def parse_spreadsheet_id(text: str) -> str:
    """A Google Sheet URL or bare ID -> the ID; ValueError says what to paste instead."""
    text = text.strip()
    if m := _SHEET_URL.match(text):
        return m.group(1)
    if _GOOGLE_ID.match(text):
        return text
    raise ValueError(
        "expected a Google Sheets URL (https://docs.google.com/spreadsheets/d/<ID>/edit) or its ID"
    )


def parse_form_id(text: str) -> str:
    """A Google Form edit URL or bare ID -> the ID; short links cannot be resolved offline."""
    text = text.strip()
    if "forms.gle/" in text:
        raise ValueError(
            "a forms.gle short link cannot be used: open the form in the editor and paste its edit URL "
            "(https://docs.google.com/forms/d/<FORM_ID>/edit) or the FORM_ID"
        )
    if "/forms/d/e/" in text:
        raise ValueError(
            "this is the form's public answer link (/forms/d/e/...): paste the editor URL "
            "(https://docs.google.com/forms/d/<FORM_ID>/edit) or the FORM_ID"
        )
    if m := _FORM_URL.match(text):
        return m.group(1)
    if _GOOGLE_ID.match(text):
        return text
    raise ValueError("expected a Google Form edit URL (https://docs.google.com/forms/d/<FORM_ID>/edit) or its ID")


def parse_folder_id(text: str) -> str:
    """A Google Drive folder URL or bare ID -> the ID; ValueError says what to paste instead."""
    text = text.strip()
    if m := _FOLDER_URL.match(text) or _FOLDER_OPEN.match(text):
        return m.group(1)
    if _FOLDER_ID.match(text):
        return text
    raise ValueError("expected a Google Drive folder URL (https://drive.google.com/drive/folders/<ID>) or its ID")


class SpreadsheetId(str):
    """A Google spreadsheet ID (CONTRACT section 2), made once by the settings model from a URL or ID."""

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> SpreadsheetId:
        """URL or bare ID -> SpreadsheetId; ValueError says what to paste instead."""
        return cls(parse_spreadsheet_id(text))


class FormId(str):
    """A Google Form ID (``survey.form``), made once by the settings model from the edit URL or ID."""

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> FormId:
        return cls(parse_form_id(text))


class FolderId(str):
    """A Google Drive folder ID (``[[reports]] folder``): every spreadsheet in it is a report."""

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> FolderId:
        return cls(parse_folder_id(text))


@dataclass(frozen=True)
class GoogleIds:
    """Every Google identifier of the config, parsed once (``Settings.google_ids``).

    ``reports``: the ``[[reports]]`` entries in order, each a spreadsheet or a Drive folder."""

    survey: SpreadsheetId
    form: FormId | None
    master: SpreadsheetId
    reports: tuple[SpreadsheetId | FolderId, ...]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Backend(_Model):
    kind: Literal["local", "google"] = Field(description='"local" (xlsx files) or "google"')
    data_dir: str = Field("data", description="local: folder that holds the .xlsx spreadsheets")
    credentials: str | None = Field(None, description="google: service-account key file")
    api_endpoint: str | None = Field(None, description="google: replaces the Google API base URLs")
    drive_change_detection: bool = Field(
        False, description="google: ask Drive which spreadsheets changed (modifiedTime) and read only those; "
                           "needs the drive.metadata.readonly scope")

    @field_validator("credentials")
    @classmethod
    def _credentials(cls, v: str | None) -> str | None:
        if v is not None and (v.lstrip().startswith("{") or "\n" in v or looks_secret("", v) or len(v) > 1024):
            raise ValueError("this is the content of a key (JSON or a private key) pasted in place of its path: "
                             "save the key as a file readable only by the service user (chmod 600) and put its "
                             "path here, e.g. credentials = \"service-account.json\"")
        return v

    @field_validator("api_endpoint")
    @classmethod
    def _endpoint(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", v):
            raise ValueError("expected an http(s) URL such as http://127.0.0.1:8088/")
        return v


class State(_Model):
    dir: str = Field("state", description="sync state (SQLite) and the run lock")
    full_read_days: int = Field(7, ge=1, description="a full re-read of every source at least this often")
    lock_wait_seconds: int = Field(600, ge=0, description="how long a run waits for another run's lock")


class Units(_Model):
    file: str | None = Field(None, description="the unit registry TOML; default: the bundled MDES OPS registry")

    @field_validator("file")
    @classmethod
    def _bundled(cls, v: str | None) -> str | None:
        if v is not None and v.strip().startswith(BUNDLED_PREFIX):
            name = v.strip()[len(BUNDLED_PREFIX):]
            if name not in BUNDLED_PROFILES:
                raise ValueError("unknown bundled agency profile; expected one of: "
                                 + ", ".join(f'"{BUNDLED_PREFIX}{k}"' for k in BUNDLED_PROFILES))
        return v


class Survey(_Model):
    spreadsheet: str = Field(description="local: a file under data_dir; google: the form's linked sheet")
    worksheet: str | None = Field(None, description="the responses tab; default: the first tab")
    date_order: Literal["dmy", "mdy"] = Field("dmy", description='text dates: "dmy" or "mdy"')
    form: str | None = Field(None, description="google: read responses through the Forms API")
    questions: dict[str, str | list[str]] = Field(default_factory=dict)

    @field_validator("questions")
    @classmethod
    def _questions(cls, v: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        unknown = [k for k in v if k not in SURVEY_FIELDS]
        if unknown:
            raise ValueError(f"unknown field {', '.join(map(repr, unknown))}; expected one of {', '.join(SURVEY_FIELDS)}")
        for k, t in v.items():
            titles = [t] if isinstance(t, str) else t
            if not titles or any(not x.strip() for x in titles):
                raise ValueError(f"{k}: expected a non-empty question title")
        return v


class Report(_Model):
    spreadsheet: str | None = Field(None, description="a unit report spreadsheet (local: path or glob under data_dir)")
    folder: str | None = Field(None, description="google: a Drive folder (URL or ID); every spreadsheet in it")

    @model_validator(mode="after")
    def _one(self) -> Report:
        if (self.spreadsheet is None) == (self.folder is None):
            raise ValueError("expected exactly one of spreadsheet = \"...\" or folder = \"...\"")
        return self


class Master(_Model):
    spreadsheet: str = Field(description="local: a file under data_dir; google: URL or ID")


class Pr(_Model):
    """[pr]: the PR group's monthly social-media report (CONTRACT section 8.1)."""

    spreadsheet: str = Field(description="local: a file under data_dir; google: URL or ID")
    worksheet: str = Field(TAB_PR, description="the tab (matched after rule T)")


class ItaIndicator(_Model):
    number: int = Field(ge=1, description="the indicator's number")
    name: str = Field(description="the indicator's Thai name")
    tool: str = Field(description="IIT, EIT or OIT")
    weight: float = Field(gt=0, le=100, description="weight in the total, in points of 100")


class ItaLevel(_Model):
    level: str = Field(description="the level's label, e.g. AA")
    min: float = Field(ge=0, le=100, description="the lowest total of this level")


class Ita(_Model):
    """[ita]: the agency's ITA results per fiscal year (CONTRACT section 8.2)."""

    spreadsheet: str = Field(description="local: a file under data_dir; google: URL or ID")
    worksheet: str = Field(TAB_ITA, description="the tab (matched after rule T)")
    indicators: list[ItaIndicator] | None = Field(None, description="replaces the contract's 10 indicators")
    levels: list[ItaLevel] | None = Field(None, description="replaces the contract's levels AA..F")

    @model_validator(mode="after")
    def _framework(self) -> Ita:
        problems = []
        if self.indicators is not None:
            if not self.indicators:
                problems.append("ita.indicators: expected at least one {number, name, tool, weight}")
            total = sum(Fraction(str(i.weight)) for i in self.indicators)
            if self.indicators and total != 100:
                problems.append(f"ita.indicators: weights add up to {float(total):g}; they must add up to 100")
            numbers = [i.number for i in self.indicators]
            for n in sorted({n for n in numbers if numbers.count(n) > 1}):
                problems.append(f"ita.indicators: number {n} is used twice; numbers must be unique")
            names = [norm(i.name) for i in self.indicators]
            for i in self.indicators:
                if not norm(i.name) or names.count(norm(i.name)) > 1:
                    problems.append(f"ita.indicators: name {i.name!r} is blank or used twice; names must be unique")
                if not i.tool.strip():
                    problems.append(f"ita.indicators: indicator {i.number} has a blank tool; expected IIT, EIT or OIT")
        if self.levels is not None:
            if not self.levels:
                problems.append("ita.levels: expected at least one {level, min}")
            mins = [lv.min for lv in self.levels]
            if any(b >= a for a, b in zip(mins, mins[1:])):
                problems.append(f"ita.levels: minimums {mins} must be strictly descending (highest level first)")
            if any(not lv.level.strip() for lv in self.levels):
                problems.append("ita.levels: a level has a blank label")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def framework(self) -> ItaFramework:
        """The indicators and levels in force (the contract's defaults where not replaced)."""
        return framework(
            None if self.indicators is None else [(i.number, i.name.strip(), i.tool.strip(), i.weight)
                                                  for i in self.indicators],
            None if self.levels is None else [(lv.level.strip(), lv.min) for lv in self.levels],
        )


class Training(_Model):
    """[training]: in-house training attendance per topic (CONTRACT section 8.3)."""

    spreadsheet: str = Field(description="local: a file under data_dir; google: URL or ID")
    threshold_percent: float = Field(70, ge=0, le=100, description="an employee passes a topic at >= this share")


class Schedule(_Model):
    cron: str = Field("0 2 * * *", description="standard 5-field cron, in `timezone`")

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        if len(v.split()) != 5:
            raise ValueError('expected a standard 5-field cron such as "0 2 * * *"')
        try:
            CronTrigger.from_crontab(v)
        except ValueError as exc:
            raise ValueError(f'expected a standard 5-field cron such as "0 2 * * *" ({exc})') from None
        return v


class Settings(_Model):
    timezone: str = Field("Asia/Bangkok", description="the time zone periods are cut in")
    backend: Backend
    state: State = State()
    units: Units = Units()
    survey: Survey
    reports: list[Report] | None = None
    master: Master
    schedule: Schedule = Schedule()
    pr: Pr | None = None
    ita: Ita | None = None
    training: Training | None = None
    #: folder of the config file; relative paths resolve against it
    base_dir: Path = Field(Path("."), exclude=True)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError('expected an IANA time zone name such as "Asia/Bangkok"') from None
        return v

    @model_validator(mode="after")
    def _master_is_no_source(self) -> Settings:
        problems = master_source_conflicts(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # --- derived values, resolved once -------------------------------------------
    def path(self, relative: str) -> Path:
        p = Path(relative).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def data_dir(self) -> Path:
        return self.path(self.backend.data_dir)

    @property
    def state_dir(self) -> Path:
        return self.path(self.state.dir)

    @property
    def units_file(self) -> Path:
        f = self.units.file
        if f and f.strip().startswith(BUNDLED_PREFIX):
            return BUNDLED_PROFILES[f.strip()[len(BUNDLED_PREFIX):]]
        return self.path(f) if f else BUNDLED_UNITS

    @property
    def report_specs(self) -> list[str]:
        """The ``[[reports]]`` spreadsheet entries as written (folders are ``google_ids.reports``)."""
        if self.reports is not None:
            return [r.spreadsheet for r in self.reports if r.spreadsheet is not None]
        return ["reports/*.xlsx"] if self.backend.kind == "local" else []

    @cached_property
    def google_ids(self) -> GoogleIds:
        """The Google identifiers, parsed once (``settings_from_dict`` has already checked them
        all and reported every bad one in its ConfigError). Raises ValueError on a local config."""
        if self.backend.kind != "google":
            raise ValueError("google_ids: backend.kind is not \"google\"")
        reports: list[SpreadsheetId | FolderId] = []
        for r in self.reports or []:
            reports.append(SpreadsheetId.parse(r.spreadsheet) if r.spreadsheet is not None
                           else FolderId.parse(r.folder or ""))
        return GoogleIds(survey=SpreadsheetId.parse(self.survey.spreadsheet),
                         form=FormId.parse(self.survey.form) if self.survey.form else None,
                         master=SpreadsheetId.parse(self.master.spreadsheet), reports=tuple(reports))


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same after resolving links and case rules, or (both
    existing) the same inode, as a hard link is."""
    if os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve())):
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def master_source_conflicts(settings: Settings) -> list[str]:
    """The master may not be one of the sources (contract section 2): same file on the local
    backend, same spreadsheet ID on Google. One sentence per conflict, naming both keys.

    A local glob in ``[[reports]]`` skips the master by rule (section 2), so only the survey and
    literal report paths can clash; on Google every URL or ID is compared by its parsed ID."""
    master = settings.master.spreadsheet
    sources = [("survey.spreadsheet", settings.survey.spreadsheet)]
    sources += [(f"[[reports]] #{i + 1}: spreadsheet", spec) for i, spec in enumerate(settings.report_specs)]
    fix = "the run would overwrite that source with the master; give the master its own spreadsheet"
    out = []
    for key, spec in sources:
        if settings.backend.kind == "local":
            if any(ch in spec for ch in "*?["):
                continue
            clash = _same_file(settings.data_dir / spec, settings.data_dir / master)
        else:
            try:
                clash = parse_spreadsheet_id(spec) == parse_spreadsheet_id(master)
            except ValueError:  # reported by the identifier checks
                continue
        if clash:
            out.append(f"master.spreadsheet = {master!r}: the same spreadsheet as {key} = {spec!r}; {fix}")
    return out


def key_file_warnings(settings: Settings) -> list[str]:
    """A warning when the Google key file may be read by other users (group or others have read
    permission): ``check`` and ``run`` say it (issue 10, fault 3). Never the key's content."""
    if settings.backend.kind != "google":
        return []
    key = settings.backend.credentials
    path = settings.path(key) if key else (Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])
                                           if os.environ.get("GOOGLE_APPLICATION_CREDENTIALS") else None)
    if path is None:
        return []
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if mode & 0o044:
        return [f"backend.credentials: the key file {str(path)!r} can be read by other users "
                f"(mode {mode & 0o777:o}); make it readable only by the service user: chmod 600 {path}"]
    return []


def resolve_config_path(cli_value: str | os.PathLike[str] | None) -> Path:
    if cli_value:
        return Path(cli_value)
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    return Path(DEFAULT_CONFIG)


def load_settings(path: Path) -> Settings:
    """Read and validate the config file; every problem is reported in one ConfigError."""
    if not path.is_file():
        raise ConfigError(
            f"config file {str(path)!r} not found: pass --config FILE, set ${CONFIG_ENV}, "
            f"or run `ita-sync demo` to see a working example"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax at that line") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    return settings_from_dict(raw, base_dir=path.resolve().parent, origin=str(path))


def settings_from_dict(raw: dict[str, Any], *, base_dir: Path, origin: str = "config") -> Settings:
    if "base_dir" in raw:
        raise ConfigError(f"{origin}: base_dir: unknown key")
    problems: list[str] = []
    settings = None
    try:
        settings = Settings.model_validate({**raw, "base_dir": base_dir})
    except ValidationError as exc:
        problems.extend(_describe(exc))
    problems.extend(_google_checks(raw))
    secrets = dict(_secret_values(raw))
    for where in secrets:
        if where != "backend.credentials":  # its own check says what to do instead
            problems.append(f"{where} = {MASKED}: a secret (a private key, a key file's JSON or a token) has no "
                            "place in this key; remove it (the Google key belongs in a file named by "
                            "backend.credentials)")
    if problems:
        raise ConfigError([f"{origin}: {_redact(line, secrets)}" for line in problems])
    assert settings is not None
    return settings


def _secret_values(raw: object, where: str = "") -> list[tuple[str, str]]:
    """(position, text) of every secret-looking text anywhere in the raw config."""
    found: list[tuple[str, str]] = []
    if isinstance(raw, dict):
        for k, v in raw.items():
            at = f"{where}.{k}" if where else str(k)
            if isinstance(v, str) and looks_secret(str(k), v):
                found.append((at, v))
            else:
                found.extend(_secret_values(v, at))
    elif isinstance(raw, list):
        for i, v in enumerate(raw):
            at = f"{where} #{i + 1}"
            found.extend([(at, v)] if isinstance(v, str) and looks_secret("", v) else _secret_values(v, at))
    return found


_WINDOW = 16


def _redact(line: str, secrets: dict[str, str]) -> str:
    """The line, or its key part with the value masked when it holds any 16-character piece of a
    secret (a validator's message may quote the value it refused)."""
    if not secrets:
        return line
    pieces = {v[i:i + _WINDOW] for v in secrets.values() for i in range(max(1, len(v) - _WINDOW + 1))}
    if any(line[i:i + _WINDOW] in pieces for i in range(max(1, len(line) - _WINDOW + 1))):
        return f"{line.split(' = ', 1)[0]} = {MASKED}: this value looks like a secret and cannot be used here"
    return line


def _google_checks(raw: dict[str, Any]) -> list[str]:
    """Spreadsheet and form identifiers, parsed once here for the Google backend."""
    def get(table: str, key: str) -> Any:
        t = raw.get(table)
        return t.get(key) if isinstance(t, dict) else None

    reports = raw.get("reports")
    if get("backend", "kind") != "google":
        if get("backend", "drive_change_detection") is not None:
            return ["backend.drive_change_detection: only for backend.kind = \"google\"; remove it"]
        if isinstance(reports, list):
            return [f"reports[{i}].folder = {r['folder']!r}: Drive folders are for the google backend; locally use "
                    f"spreadsheet = \"<folder>/*.xlsx\"" for i, r in enumerate(reports)
                    if isinstance(r, dict) and isinstance(r.get("folder"), str)]
        return []
    problems = []
    named = [("survey.spreadsheet", get("survey", "spreadsheet")), ("master.spreadsheet", get("master", "spreadsheet"))]
    for table in ("pr", "ita", "training"):
        named.append((f"{table}.spreadsheet", get(table, "spreadsheet")))
    if isinstance(reports, list):
        named += [(f"[[reports]] #{i + 1}: spreadsheet", r.get("spreadsheet")) for i, r in enumerate(reports) if isinstance(r, dict)]
    for key, value in named:
        if isinstance(value, str):
            try:
                parse_spreadsheet_id(value)
            except ValueError as exc:
                problems.append(f"{key} = {shown(key, value)}: {exc}")
    if isinstance(reports, list):
        for i, r in enumerate(reports):
            folder = r.get("folder") if isinstance(r, dict) else None
            if isinstance(folder, str):
                try:
                    parse_folder_id(folder)
                except ValueError as exc:
                    # 0-based here as tests/test_google_sources.py pins it (the lead unifies with "[[reports]] #N")
                    problems.append(f"reports[{i}].folder = {shown('folder', folder)}: {exc}")
    form = get("survey", "form")
    if isinstance(form, str):
        try:
            parse_form_id(form)
        except ValueError as exc:
            problems.append(f"survey.form = {shown('form', form)}: {exc}")
    return problems


def _model_for(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Settings
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        ann = field.annotation
        nxt = None
        for cand in (ann, *getattr(ann, "__args__", ())):
            for c in (cand, *getattr(cand, "__args__", ())):
                if isinstance(c, type) and issubclass(c, BaseModel):
                    nxt = c
        model = nxt
    return model


def _key_text(loc: tuple[Any, ...]) -> str:
    """A config position as officers count: ``[[reports]] #1: spreadsheet`` (tables from 1)."""
    parts: list[str] = []
    for p in loc:
        if isinstance(p, int) and parts:
            parts[-1] = f"[[{parts[-1]}]] #{p + 1}:"
        else:
            parts.append(str(p))
    text = ".".join(parts)
    return text.replace(":.", ": ")


def _describe(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        key = _key_text(loc)
        kind = err["type"]
        value = err.get("input")
        shown_value = shown(str(loc[-1]) if loc else "", value)
        if kind == "missing" and (sub := _model_for(loc)) is not None:
            for name, f in sub.model_fields.items():
                if f.is_required():
                    out.append(f"{key}.{name} is required: {f.description}")
        elif kind == "missing":
            model = _model_for(loc[:-1])
            desc = ""
            fld = model.model_fields.get(str(loc[-1])) if model is not None and loc else None
            if fld is not None and fld.description:
                desc = f": {fld.description}"
            out.append(f"{key} is required{desc}")
        elif kind == "extra_forbidden":
            model = _model_for(loc[:-1])
            known = ", ".join(k for k in (model.model_fields if model else {}) if k != "base_dir")
            out.append(f"{key} = {shown_value}: unknown key (a typo?); expected one of: {known}")
        elif kind == "value_error":
            msg = str(err["msg"]).removeprefix("Value error, ")
            if "\n" in msg or not loc:  # model-level check that already names its keys
                out.extend(msg.splitlines())
            else:
                out.append(f"{key} = {shown_value}: {msg}")
        else:
            out.append(f"{key} = {shown_value}: {err['msg'].lower()}")
    return out
