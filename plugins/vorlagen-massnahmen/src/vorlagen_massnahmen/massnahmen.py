"""A measure of an Amt's concept (Integrationskonzept, Klimaschutzkonzept ...), as one row
of the Amt's list, and the figures a paper quotes from the whole list."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

from babel.numbers import format_decimal
from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from vorlagen.plugin_api import Betrag, InputError, Problem, load_rows

Status = Literal["offen", "geplant", "in Umsetzung", "umgesetzt", "zurückgestellt"]
Prioritaet = Literal["hoch", "mittel", "niedrig"]

_YEAR = r"(\d{4})"
_QUARTER_FORMS = [
    re.compile(rf"^q([1-4])\s*[/ -]?\s*{_YEAR}$"),
    re.compile(rf"^{_YEAR}\s*[/ -]?\s*q([1-4])$"),
    re.compile(rf"^([1-4])\.\s*quartal\s*{_YEAR}$"),
]
_RANGE = re.compile(rf"^{_YEAR}\s*(?:-|–|bis)\s*{_YEAR}$")
_SHORT_RANGE = re.compile(rf"^{_YEAR}\s*/\s*(\d{{2}})$")


def _text(value: Any) -> Any:
    """Spreadsheet numbers (an id 17, a year 2018) as the text they show."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Text = Annotated[str, BeforeValidator(_text)]


class Massnahme(BaseModel):
    """One measure. ``Zeitraum`` is a year (``2018``), a quarter (``Q2/2018``,
    ``2. Quartal 2018``), a span (``2018-2020``, ``2018/19``) or words (``laufend``);
    ``Jahr`` and ``Quartal`` columns may be used instead."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    nr: Text = Field(validation_alias=AliasChoices("nr", "id", "nummer"))
    handlungsfeld: str
    titel: str = Field(validation_alias=AliasChoices("titel", "massnahme"))
    zustaendigkeit: str | None = None
    zeitraum: Text | None = None
    jahr: int | None = Field(default=None, ge=1900, le=2200)
    quartal: int | None = Field(default=None, ge=1, le=4)
    prioritaet: Prioritaet | None = None
    status: Status
    kosten: Betrag | None = None
    foerderung: str | None = None

    _jahre: tuple[int, ...] = PrivateAttr(default=())
    _quartal: int | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _read_zeitraum(self) -> Massnahme:
        """Jahr and Quartal columns win; otherwise the Zeitraum is read, once."""
        jahre, quartal = _zeitraum(self.zeitraum or "")
        self._jahre = (self.jahr,) if self.jahr is not None else jahre
        self._quartal = self.quartal if self.quartal is not None else quartal
        return self

    @property
    def jahre(self) -> tuple[int, ...]:
        """The years the measure is planned in; () for ``laufend`` and the like."""
        return self._jahre

    @property
    def geplantes_quartal(self) -> int | None:
        return self._quartal


def _zeitraum(zeitraum: str) -> tuple[tuple[int, ...], int | None]:
    """The years and the quarter a Zeitraum names."""
    text = zeitraum.lower()
    if re.fullmatch(_YEAR, text):
        return (int(text),), None
    for form in _QUARTER_FORMS:
        if match := form.match(text):
            year = next(g for g in match.groups() if len(g) == 4)
            quarter = next(g for g in match.groups() if len(g) == 1)
            return (int(year),), int(quarter)
    if match := _RANGE.match(text):
        start, end = int(match.group(1)), int(match.group(2))
    elif match := _SHORT_RANGE.match(text):
        start = int(match.group(1))
        end = start // 100 * 100 + int(match.group(2))
    elif re.search(r"\d{4}", text):
        raise ValueError(f"Zeitraum {zeitraum!r} nicht lesbar (z. B. 2018, Q2/2018, 2018-2020)")
    else:
        return (), None
    if end < start:
        raise ValueError(f"Zeitraum {zeitraum!r} endet vor seinem Beginn")
    return tuple(range(start, end + 1)), None


def read_massnahmen(path: Path, *, blatt: str | None = None) -> list[Massnahme]:
    """The measures of a CSV, Excel (its sheet ``blatt``, or the first with the columns)
    or YAML file; every Nr. must be unique."""
    massnahmen = load_rows(path, Massnahme, blatt=blatt)
    twice = sorted(nr for nr, count in Counter(m.nr for m in massnahmen).items() if count > 1)
    if twice:
        raise InputError(str(path), [Problem("Nr.", f"mehrfach vergeben: {', '.join(twice)}")])
    return massnahmen


def ungefaehr(anzahl: int) -> str:
    """A count as a paper says it: 178 is "knapp 180", 183 "gut 180", 12 stays "12".

    Rounded to tens below 200, to fifties below 1000 and to hundreds above.
    """
    step = 1 if anzahl < 20 else 10 if anzahl < 200 else 50 if anzahl < 1000 else 100
    rounded = (anzahl + step // 2) // step * step
    number = format_decimal(rounded, locale="de_DE")
    if rounded == anzahl:
        return number
    return f"knapp {number}" if anzahl < rounded else f"gut {number}"


def counts(values: list[str]) -> dict[str, int]:
    """How often each value occurs, in the order values first appear."""
    return dict(Counter(values))


def jahre_text(jahre: list[int]) -> str:
    """Planning years as papers write them: ``2018/19``, ``2018``, ``2018–2020``."""
    if not jahre:
        return ""
    first, last = min(jahre), max(jahre)
    if first == last:
        return str(first)
    if last == first + 1:
        return f"{first}/{last % 100:02d}"
    return f"{first}–{last}"
