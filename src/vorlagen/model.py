"""The Vorlage: every field a council paper carries, validated.

Field names are the YAML keys an administrator writes. Unknown keys are errors, so a
typo never disappears silently. Dates may be written the German way (16.04.2018) or as
ISO dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from vorlagen import renamed
from vorlagen.inputs import resolve_input
from vorlagen.janein import JaOderNein

ConfigModel = TypeVar("ConfigModel", bound=BaseModel)
Sitzungsart = Literal["öffentlich", "nichtöffentlich"]

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: Any) -> Any:
    """Accept 16.04.2018 and 2018-04-16, nothing else written as text.

    pydantic alone would also read ``20180404`` as seconds since 1970; a council paper
    never means that.
    """
    if not isinstance(value, str) or not value.strip():
        return value  # a date from TOML passes; None and other types pydantic reports
    text = value.strip()
    if match := _GERMAN_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"{value!r} ist kein Datum der Form TT.MM.JJJJ (z. B. 16.04.2018)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} ist kein gültiges Datum; {_date_hint(day, month, year)}"
                         ) from None


_MONATE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember")


def _date_hint(day: int, month: int, year: int) -> str:
    """What is wrong with a date that does not exist, and what to check."""
    if not 1 <= month <= 12:
        return (f"einen Monat {month} gibt es nicht, Tag und Monat prüfen (TT.MM.JJJJ, "
                "z. B. 28.02.2025)")
    days = calendar.monthrange(year, month)[1]
    if day == 0 or day > days:
        return f"der {_MONATE[month - 1]} {year} hat {days} Tage, den Tag prüfen"
    return "Tag, Monat und Jahr prüfen (TT.MM.JJJJ, z. B. 28.02.2025)"  # year 0


def _as_list(value: Any) -> Any:
    """A single value where a list is expected is a list of one."""
    if value is None or isinstance(value, list | tuple):
        return value
    return [value]


def _number_as_text(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


DATUM_PATTERN = r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{1,2}-\d{1,2})$"
Datum = Annotated[date, BeforeValidator(parse_date), WithJsonSchema(
    {"type": "string", "pattern": DATUM_PATTERN,
     "description": "ein Datum, TT.MM.JJJJ (16.04.2018) oder JJJJ-MM-TT"})]
Kennung = Annotated[str, BeforeValidator(_number_as_text, json_schema_input_type=str | int)]
"""A number that is text (a Drucksachen-Nr., a TOP): written as text or as a number."""


MARKDOWN = Field(json_schema_extra={"contentMediaType": "text/markdown"})
"""Marks a text field as Markdown in the JSON Schema (a standard keyword), so that
editors and ``vorlagen serve`` offer a text area for it."""


def _one_or_more(item: Any) -> BeforeValidator:
    """A list field that takes a single value too (``beteiligungen: Sozialamt``), and
    says so in the JSON Schema."""
    return BeforeValidator(_as_list, json_schema_input_type=Union[list[item], item])  # noqa: UP007


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, str_min_length=1
    )


class Beratung(_Model):
    """One row of the Beratungsfolge: a body that deals with the paper."""

    gremium: str
    sitzungsart: Sitzungsart = "öffentlich"
    sitzungstermine: Annotated[list[Datum], _one_or_more(Datum)] = []
    """None yet where the meeting is not fixed."""
    rolle: str | None = None
    """What the body does with the paper; one of the Hausformat's ``rollen``."""
    top: Kennung | None = None
    """The paper's item on this meeting's agenda (Tagesordnungspunkt)."""
    sitzung: str | None = None
    """The meeting's name, e.g. "Sitzung des Hauptausschusses"."""
    ergebnis: str | None = None
    """The result of the Beratung as the meeting decided it, e.g. "ungeändert
    beschlossen" (taken from the RIS by ``vorlagen ris ergebnisse``)."""


class Abschnitt(_Model):
    """A numbered subsection of the Sachverhalt: a heading and Markdown text."""

    ueberschrift: str | None = None
    text: Annotated[str, MARKDOWN]
    nichtoeffentlich: JaOderNein = False
    """Left out of the version for publication (``vorlagen render --oeffentlich``)."""


def _text_as_abschnitt(value: Any) -> Any:
    """A Sachverhalt written as one text is one subsection without a heading."""
    return [{"text": value}] if isinstance(value, str) else value


class Teil(_Model):
    """A further section the Hausformat places by its name (``abschnitte``), e.g.
    Nachhaltigkeit: an optional heading that replaces the Hausformat's, and Markdown."""

    ueberschrift: str | None = None
    text: Annotated[str, MARKDOWN]


def _text_as_teil(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Anlage(_Model):
    """An attachment listed at the end of the paper, optionally with its file."""

    nummer: int | None = Field(default=None, ge=1)
    titel: str
    datei: Path | None = None
    nichtoeffentlich: JaOderNein = False
    """Neither listed nor copied in the version for publication; its number stays."""
    geprueft: JaOderNein = Field(default=False, title="Von einer Person geprüft", description=(
        "Eine Person hat die Datei gelesen und nichts Nichtöffentliches darin gefunden. "
        "Nur dann kommt eine Datei, die vorlagen nicht durchsuchen kann (ein Bild, ein "
        "Archiv, eine unlesbare Datei), in die Fassung zur Veröffentlichung."))
    """A person checked the file for nichtöffentliche texts: one vorlagen cannot search
    (an image, an archive, another type, one it cannot read) is published (``render
    --oeffentlich``) only then. A file it can search is searched all the same."""

    @field_validator("datei")
    @classmethod
    def _datei_inside(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        return None if value is None else resolve_input(value, info)


HAUSFORMAT_KEYS = ("hausformat", "layout")
"""The key of a Vorlage's Hausformat, then its old name (``vorlagen.renamed.KEYS``)."""


def written_key(field: str) -> str:
    """The key a Vorlage file writes for the field ``field`` of ``Vorlage``: its name,
    but ``hausformat`` for the field ``layout``."""
    return HAUSFORMAT_KEYS[0] if field == "layout" else field


class Vorlage(_Model):
    """A Sitzungsvorlage as the administrator describes it.

    ``art`` names a document type registered by a plugin (built in: Mitteilungsvorlage,
    Beschlussvorlage, Informationsvorlage); it and the ``plugins`` blocks are checked
    against the installed plugins when the Vorlage is loaded.
    """

    art: str
    layout: str | None = Field(default=None, validation_alias=AliasChoices(*HAUSFORMAT_KEYS))
    """The Hausformat: a shipped or installed Hausformat's name, or a Hausformat file's
    path (relative to the Vorlage). None: the one the caller chooses, else ``standard``.
    Written ``hausformat:``; the old key ``layout:`` still works, with a warning."""
    organisationseinheit: str | None = None
    datum: Datum
    drucksachen_nr: Kennung
    ergaenzung_zu: Kennung | None = None
    """Drucksachen-Nr. of the paper this one supplements (Ergänzungsvorlage)."""
    federfuehrung: str | None = None
    beteiligungen: Annotated[list[str], _one_or_more(str)] = []
    verantwortlich: str | None = None
    bearbeiter: str | None = None
    aktenzeichen: Kennung | None = None
    haushalt_produkte: Annotated[list[Kennung], _one_or_more(Kennung)] = []
    beratungsfolge: list[Beratung] = []
    tagesordnungspunkt: Kennung | None = None
    status: str | None = None
    """E.g. "öffentlich", as the Hausformat prints it; by default that of the first
    Beratung."""
    einreicher: str | None = None
    """Who submits the paper (a Dezernat, a Fraktion, the Bürgermeister)."""
    unterzeichnung: str | None = None
    """The signature line's name, e.g. "i.V. Marcus Tischbier"."""
    angaben: dict[str, Kennung] = {}
    """Further header values a Hausformat prints by name, e.g. ``telefon``."""
    titel: str
    kurzfassung: Annotated[str | None, MARKDOWN] = None
    """A summary in Markdown, where the Hausformat has a Kurzfassung."""
    beschlussvorschlag: Annotated[list[str], _one_or_more(str)] | None = Field(
        default=None, json_schema_extra={"contentMediaType": "text/markdown"})
    kenntnisnahme: Annotated[str | None, MARKDOWN] = None
    """The request of a paper without a decision, e.g. "Um Kenntnisnahme wird gebeten."
    (where the Hausformat prints one; it has a default text)."""
    sachverhalt_ueberschrift: str | None = None
    """Replaces the Hausformat's Sachverhalt heading, e.g. "Begründung"."""
    sachverhalt: Annotated[
        list[Abschnitt],
        BeforeValidator(_text_as_abschnitt, json_schema_input_type=Union[str, list[Abschnitt]]),  # noqa: UP007
        Field(min_length=1)
    ]
    finanzielle_auswirkungen: Annotated[str | None, MARKDOWN] = None
    abschnitte: dict[str, Annotated[Teil, BeforeValidator(
        _text_as_teil, json_schema_input_type=Union[str, Teil])]] = {}  # noqa: UP007
    """Further sections by name (``nachhaltigkeit: ...``), placed by the Hausformat."""
    anlagen: list[Anlage] = []
    plugins: dict[str, Any] = {}
    """A block per plugin, by the plugin's name; validated by that plugin's model."""

    def plugin_config(self, name: str, model: type[ConfigModel]) -> ConfigModel | None:
        """The validated block ``plugins.<name>``, or None if the Vorlage has none.

        Blocks are validated by ``load_vorlage`` (or ``vorlagen.configure.configure``) with
        the Vorlage's folder for relative paths; hooks always receive them so. Where the
        Vorlage came from, its Hausformat and its folder are not the input's: they are
        in the ``vorlagen.loaded.LoadedVorlage`` loading makes.
        """
        config = self.plugins.get(name)
        if config is None or isinstance(config, model):
            return config
        raise TypeError(f"plugins.{name} ist nicht mit {model.__name__} geprüft "
                        f"(sondern {type(config).__name__}); erst configure() aufrufen")

    @model_validator(mode="before")
    @classmethod
    def _renamed_keys(cls, data: Any, info: ValidationInfo) -> Any:
        """The old key ``layout:`` warned of where a program validates a Vorlage itself
        (``load_vorlage`` says it with the file and line, and passes a context)."""
        if isinstance(data, dict) and HAUSFORMAT_KEYS[1] in data and not info.context:
            renamed.warn(f"{HAUSFORMAT_KEYS[1]}:", f"{HAUSFORMAT_KEYS[0]}:", stacklevel=4)
        return data

    @model_validator(mode="after")
    def _anlagen_numbered_once(self) -> Vorlage:
        numbers = [anlage.nummer or index for index, anlage in enumerate(self.anlagen, 1)]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            listed = ", ".join(str(n) for n in duplicates)
            raise ValueError(f"anlagen: Nummer mehrfach vergeben: {listed}")
        return self

    def nummerierte_anlagen(self) -> list[tuple[int, Anlage]]:
        """The Anlagen with their numbers; an Anlage without one counts by position."""
        return [(anlage.nummer or index, anlage) for index, anlage in enumerate(self.anlagen, 1)]
