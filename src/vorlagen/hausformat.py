"""The Hausformat: how one body lays out its papers, as data an administrator writes.

A Hausformat file (YAML) names the kinds of paper the body uses, the roles of its
Beratungsfolge, the fields a Vorlage must have, the page's header and footer, and the
paper's building blocks (Bausteine) in order, each with its labels. The shipped
``standard`` Hausformat has the structure of the Landkreis Konstanz's papers and names no
body; ``landkreis-konstanz`` builds on it (``basis``, resolved when the file is read,
``vorlagen.hausformate``). ``docs/hausformat.md`` shows how to write one's own.

Every Baustein in ``aufbau`` is written either as its kind's name (``- betreff``) or as
a mapping of one key, the kind, to its options (``- beratungsfolge: {kopfzeile: false}``);
a text, an ``abschnitt`` and a ``plugin`` may give their main option alone
(``- text: "Beratung in öffentlicher Sitzung"``). A name that is no kind of the core is
a section a plugin registers (``vorlagen_sections``), e.g. ``beratungsergebnis``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from vorlagen.janein import JaOderNein

Nummerierung = Literal["1.", "1)", "(1)", "I.", "a)", "keine"]
"""How numbered points and subsections are labelled; "1." gives a real numbered list
where the points stand alone."""

Ausrichtung = Literal["links", "mitte", "rechts"]
"""Where a line stands; without it, where the template's style puts it."""

Stil = Literal["titel", "betreff", "text", "label", "fett"]
"""The look of a text: the kind of paper, the title, running text, a small caption,
bold running text."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Model):
    """A line the Hausformat prints as it stands, its ``{{ variables }}`` filled in from the
    Vorlage (``{{ drucksachen_nr }}``, ``{{ datum }}``, ``{{ angaben.telefon }}``).
    Left out where it comes out empty, or where the field ``wenn`` names is empty."""

    typ: Literal["text"] = "text"
    text: str
    stil: Stil = "text"
    wenn: str | None = None
    mit_naechstem: JaOderNein = False
    """Kept on one page with what follows."""
    ausrichtung: Ausrichtung | None = None


class Art(_Model):
    """The kind of paper (``art`` in the Vorlage) printed as the paper's title."""

    typ: Literal["art"] = "art"
    text: str = "{{ art }}"
    stil: Stil = "titel"


class Feld(_Model):
    """One header field: its label and its value, a text with ``{{ variables }}``."""

    label: str = ""
    wert: str


STANDARD_FELDER = (
    Feld(label="Organisationseinheit", wert="{{ organisationseinheit }}"),
    Feld(label="Datum", wert="{{ datum }}"),
    Feld(label="Drucksachen-Nr.", wert="{{ drucksachen_nr }}"),
    Feld(label="Federführung", wert="{{ federfuehrung }}"),
    Feld(label="Beteiligung", wert="{{ beteiligungen | join(', ') }}"),
    Feld(label="Verantwortlich", wert="{{ verantwortlich }}"),
    Feld(label="Bearbeiter/-in", wert="{{ bearbeiter }}"),
    Feld(label="Aktenzeichen", wert="{{ aktenzeichen }}"),
    Feld(label="Haushalt/Produkt", wert="{{ haushalt_produkte | join(', ') }}"),
)


class Felder(_Model):
    """Header fields; a field whose value is empty is left out.

    ``tabelle``: a grid without borders, the label small above the value, ``spalten``
    fields to a row; ``zeilen``: "Label Wert" on one line each; ``untereinander``: the
    label on one line, the value on the next."""

    typ: Literal["felder"] = "felder"
    felder: tuple[Feld, ...] = STANDARD_FELDER
    form: Literal["tabelle", "zeilen", "untereinander"] = "tabelle"
    spalten: int = Field(default=3, ge=1, le=6)
    breiten: tuple[float, ...] = ()
    """Relative column widths of a ``tabelle``; none: from the content."""


Spaltenfeld = Literal["gremium", "sitzungstermin", "sitzungsart", "oe", "rolle", "top",
                      "sitzung", "ergebnis", "leer"]


class Spalte(_Model):
    """A column of the Beratungsfolge: what it shows and its title.

    ``oe`` shows Ö or N, ``ergebnis`` the Beratung's result once the meeting decided,
    ``leer`` nothing (to be filled in by hand)."""

    feld: Spaltenfeld = "leer"
    titel: str = ""
    wert: str | None = None
    """Instead of ``feld``: a text with the Beratung's ``{{ gremium }}``,
    ``{{ termin }}``, ``{{ sitzungstermine }}``, ``{{ rolle }}``, ``{{ sitzungsart }}``,
    ``{{ oe }}``, ``{{ top }}``, ``{{ sitzung }}`` and ``{{ ergebnis }}``, e.g.
    "{{ gremium }} ({{ rolle }})"."""
    nur_wenn_angegeben: JaOderNein = False
    """Only printed if some Beratung has a value for it."""


STANDARD_SPALTEN = (
    Spalte(feld="gremium", titel="Beratungsfolge"),
    Spalte(feld="sitzungsart", titel="Sitzungsart"),
    Spalte(feld="sitzungstermin", titel="Sitzungstermin/e"),
    Spalte(feld="rolle", titel="Zuständigkeit", nur_wenn_angegeben=True),
)


class Beratungsfolge(_Model):
    """The bodies that deal with the paper, as a table."""

    typ: Literal["beratungsfolge"] = "beratungsfolge"
    ueberschrift: str | None = None
    """A caption before the table, e.g. "Beratungsfolge:"."""
    spalten: tuple[Spalte, ...] = Field(default=STANDARD_SPALTEN, min_length=1)
    kopfzeile: JaOderNein = True
    """Whether the columns' titles head the table (repeated on every page)."""
    breiten: tuple[float, ...] = ()


class Tabelle(_Model):
    """A form or table the Hausformat gives cell by cell, each cell a text with
    ``{{ variables }}``; ``{{ kreuz(angaben.x == 'ja') }}`` is a check box (☒/☐),
    ``{{ angaben.kosten | betrag }}`` an amount (1.200,00 €). Left out where ``wenn``
    names an empty field."""

    typ: Literal["tabelle"] = "tabelle"
    ueberschrift: str | None = None
    zeilen: tuple[tuple[str, ...], ...] = Field(min_length=1)
    kopfzeile: JaOderNein = False
    """Whether the first row heads the table (and repeats on every page)."""
    rahmen: JaOderNein = True
    """A grid with borders; false: a form without lines, like header fields."""
    breiten: tuple[float, ...] = ()
    wenn: str | None = None

    @model_validator(mode="after")
    def _rows_alike(self) -> Tabelle:
        widths = {len(zeile) for zeile in self.zeilen}
        if len(widths) > 1 or 0 in widths:
            raise ValueError("zeilen: jede Zeile braucht gleich viele Zellen (mindestens eine)")
        return self


class Betreff(_Model):
    """The paper's title, bold; ``label`` (e.g. "Betreff:") before it."""

    typ: Literal["betreff"] = "betreff"
    label: str | None = None


class Beschluss(_Model):
    """The decision text (``beschlussvorschlag``) of a kind of paper that carries one,
    under the heading its ``arten`` entry gives; or the Kenntnisnahme text of one that
    has it."""

    typ: Literal["beschluss"] = "beschluss"
    nummerierung: Nummerierung = "1."


class Sachverhalt(_Model):
    """The Sachverhalt: the Vorlage's subsections, then those of plugins."""

    typ: Literal["sachverhalt"] = "sachverhalt"
    ueberschrift: str | None = "Sachverhalt"
    """None: no heading (the text follows the title)."""
    nummerierung: Nummerierung = "1."
    """The labels of headed subsections."""


class Kurzfassung(_Model):
    """The Vorlage's ``kurzfassung``, where it has one."""

    typ: Literal["kurzfassung"] = "kurzfassung"
    ueberschrift: str | None = "Kurzfassung"


class Abschnitt(_Model):
    """A section of the Vorlage's ``abschnitte`` by its name, e.g. ``nachhaltigkeit``."""

    typ: Literal["abschnitt"] = "abschnitt"
    name: str
    ueberschrift: str | None = None
    leer: str | None = None
    """Printed where the Vorlage has no such section; None leaves the section out."""


class Finanzen(_Model):
    """The Vorlage's ``finanzielle_auswirkungen``, then what plugins add there."""

    typ: Literal["finanzen"] = "finanzen"
    ueberschrift: str | None = "Finanzielle Auswirkungen"
    leer: str | None = None


class Anlagen(_Model):
    """The list of Anlagen; ``eintrag`` says how one reads (``{{ nummer }}``,
    ``{{ titel }}``), ``keine`` what stands where there is none (None: nothing)."""

    typ: Literal["anlagen"] = "anlagen"
    ueberschrift: str | None = "Anlagen"
    eintrag: str = "Anlage {{ nummer }}: {{ titel }}"
    keine: str | None = None


class Seitenumbruch(_Model):
    """What follows starts on a new page."""

    typ: Literal["seitenumbruch"] = "seitenumbruch"


class Plugin(_Model):
    """A section a plugin registers by name (``vorlagen_sections``)."""

    typ: Literal["plugin"] = "plugin"
    name: str


Baustein = Annotated[
    Text | Art | Felder | Beratungsfolge | Tabelle | Betreff | Beschluss | Sachverhalt
    | Kurzfassung | Abschnitt | Finanzen | Anlagen | Seitenumbruch | Plugin,
    Field(discriminator="typ"),
]

KINDS: dict[str, type[BaseModel]] = {
    kind.model_fields["typ"].default: kind
    for kind in (Text, Art, Felder, Beratungsfolge, Tabelle, Betreff, Beschluss, Sachverhalt,
                 Kurzfassung, Abschnitt, Finanzen, Anlagen, Seitenumbruch, Plugin)
}
_MAIN_OPTION = {"text": "text", "abschnitt": "name", "plugin": "name"}


def baustein_options(value: Any) -> Any:
    """``- name`` and ``- name: options`` as the tagged mapping the models read."""
    if isinstance(value, str):
        return {"typ": value} if value in KINDS else {"typ": "plugin", "name": value}
    if isinstance(value, dict) and "typ" not in value:
        if len(value) != 1:
            raise ValueError("ein Baustein ist ein Name oder eine Zuordnung mit genau einem "
                             f"Schlüssel (der Art des Bausteins), nicht {sorted(value)}")
        ((kind, options),) = value.items()
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1)
            hint = f"; gemeint ist vielleicht {close[0]!r}" if close else ""
            raise ValueError(f"unbekannter Baustein {kind!r}{hint}; Bausteine: "
                             f"{', '.join(KINDS)} (ein Plugin-Abschnitt steht ohne "
                             "Optionen da: '- name')")
        if options is None:
            options = {}
        elif not isinstance(options, dict) and kind in _MAIN_OPTION:
            options = {_MAIN_OPTION[kind]: options}
        if isinstance(options, dict):
            return {**options, "typ": kind}
    return value


Aufbau = tuple[Annotated[Baustein, BeforeValidator(baustein_options)], ...]


def templates(baustein: Any) -> list[str]:
    """The texts with ``{{ variables }}`` a Baustein holds, for checking them (their
    syntax, which fields they print)."""
    return [text for _, text in located_templates(baustein)]


def located_templates(baustein: Any) -> list[tuple[tuple[int | str, ...], str]]:
    """The texts with ``{{ variables }}`` a Baustein holds, each with where it stands
    among the Baustein's options (``("felder", 2, "wert")``)."""
    if isinstance(baustein, Text | Art):
        return [(("text",), baustein.text)]
    if isinstance(baustein, Felder):
        return [(("felder", index, "wert"), feld.wert)
                for index, feld in enumerate(baustein.felder)]
    if isinstance(baustein, Anlagen):
        return [(("eintrag",), baustein.eintrag)]
    if isinstance(baustein, Tabelle):
        return [(("zeilen", row, column), zelle) for row, zeile in enumerate(baustein.zeilen)
                for column, zelle in enumerate(zeile)]
    if isinstance(baustein, Beratungsfolge):
        return [(("spalten", index, "wert"), spalte.wert)
                for index, spalte in enumerate(baustein.spalten) if spalte.wert]
    return []


class Vorlagenart(_Model):
    """A kind of paper the body uses."""

    name: str = Field(min_length=1)
    """As the Vorlage's ``art`` names it and the paper prints it."""
    auch: tuple[str, ...] = ()
    """Other spellings the Vorlage may use for it (e.g. "Beschlußvorlage")."""
    beschluss: JaOderNein = False
    """Whether it carries a decision text (``beschlussvorschlag``)."""
    beschluss_ueberschrift: str | None = "Beschlussvorschlag"
    """The heading of the decision text (or of the Kenntnisnahme); None: none."""
    kenntnisnahme: str | None = None
    """For a kind without a decision: the request printed in the decision text's place,
    e.g. "Um Kenntnisnahme wird gebeten." (the Vorlage's ``kenntnisnahme`` replaces it);
    None: no such block."""
    aufbau: Aufbau | None = None
    """Its own Bausteine, instead of the Hausformat's."""


def _werte_alone(value: Any) -> Any:
    """``finanzen: [ja, nein]`` as ``finanzen: {werte: [ja, nein]}``."""
    return {"werte": value} if isinstance(value, list | tuple) else value


class Angabe(_Model):
    """A value of the Vorlage's ``angaben`` that the Hausformat prints, described: what
    it means and, where only some values make sense (a check box), which ones."""

    beschreibung: str = ""
    """Shown by ``vorlagen new``, in the schema and in the form."""
    werte: tuple[Annotated[str, Field(min_length=1)], ...] = ()
    """The values it may take (e.g. ``[ja, nein]``); none: any text."""


class Seite(_Model):
    """The page's header and footer; ``{seite}`` and ``{seiten}`` stand for the page
    number and the number of pages, ``{{ variables }}`` for the Vorlage's fields."""

    kopf_folgeseiten: str | None = None
    """The header of every page but the first, e.g. "- {seite} -" or
    "{{ art }} {{ drucksachen_nr }} {{ status }}, Seite {seite}/{seiten}"."""
    kopf_ausrichtung: Ausrichtung | None = None
    fuss: str | None = "Seite {seite} von {seiten}"
    fuss_ausrichtung: Ausrichtung | None = None


class Hausformat(_Model):
    """A body's Hausformat: how it lays out its papers."""

    beschreibung: str = ""
    behoerde: str | None = None
    """The body's name as its letterhead shows it (``{{ behoerde }}`` in a template),
    e.g. "Landkreis Konstanz"."""
    design: str | None = None
    """The template folder of the body's corporate design: a name (``vorlagen
    templates``) or a folder, relative to this file; none: ``standard``."""
    arten: tuple[Vorlagenart, ...] = Field(min_length=1)
    rollen: tuple[str, ...] = ()
    """What a body may do with the paper (``beratungsfolge[].rolle``); none: any text."""
    pflichtfelder: tuple[str, ...] = ()
    """Fields of the Vorlage this Hausformat needs, e.g. ``organisationseinheit``."""
    angaben: dict[str, Annotated[Angabe, BeforeValidator(_werte_alone)]] = {}
    """The ``angaben`` its texts print, described (``{{ angaben.finanzen }}``)."""
    aufbau: Aufbau = Field(min_length=1)
    seite: Seite = Seite()

    _zeilen: Callable[[tuple[int | str, ...]], int | None] | None = PrivateAttr(default=None)
    _dateien: dict[str, str] = PrivateAttr(default_factory=dict)

    def located(self, zeilen: Callable[[tuple[int | str, ...]], int | None],
                dateien: dict[str, str]) -> Hausformat:
        """This Hausformat, knowing where it was written: the line of each value and the
        file each key comes from (a basis's keys from the basis's file), for messages."""
        self._zeilen = zeilen
        self._dateien = dateien
        return self

    def zeile(self, loc: tuple[int | str, ...]) -> int | None:
        """The line of the Hausformat file where the value at ``loc`` stands, if known."""
        return self._zeilen(loc) if self._zeilen is not None else None

    def datei(self, loc: tuple[int | str, ...]) -> str | None:
        """The Hausformat file the value at ``loc`` comes from, if known: that of the
        Hausformat itself or of one it builds on (``basis``)."""
        return self._dateien.get(str(loc[0])) if loc else None

    def aufbau_loc(self, art: Vorlagenart) -> tuple[int | str, ...]:
        """Where in the file the Bausteine of ``art`` stand."""
        if art.aufbau is not None and art in self.arten:
            return ("arten", self.arten.index(art), "aufbau")
        return ("aufbau",)

    @model_validator(mode="after")
    def _pflichtfelder_known(self) -> Hausformat:
        from vorlagen.model import Vorlage

        unknown = [name for name in self.pflichtfelder if name not in Vorlage.model_fields]
        if unknown:
            raise ValueError(f"pflichtfelder: {', '.join(map(repr, unknown))} ist kein Feld "
                             f"einer Vorlage (Felder: {', '.join(Vorlage.model_fields)})")
        return self

    @model_validator(mode="after")
    def _arten_unique(self) -> Hausformat:
        seen: set[str] = set()
        for art in self.arten:
            for name in (art.name, *art.auch):
                if name in seen:
                    raise ValueError(f"arten: {name!r} ist mehrfach genannt")
                seen.add(name)
        return self

    def art(self, name: str) -> Vorlagenart | None:
        """The kind of paper a Vorlage's ``art`` names, by its name or another spelling."""
        return next((art for art in self.arten if name == art.name or name in art.auch),
                    None)

    def aufbau_for(self, art: Vorlagenart) -> Aufbau:
        return art.aufbau if art.aufbau is not None else self.aufbau
