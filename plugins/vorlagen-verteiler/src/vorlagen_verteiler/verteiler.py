"""Recipient groups and presentations, as rows of the Amt's lists."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from babel.dates import format_date
from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from vorlagen.plugin_api import Datum, JaNein

_MONTH_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})$"),  # 2018-04
    re.compile(r"^(\d{1,2})[./](\d{4})$"),  # 04/2018, 4.2018
]


def _monat(value: Any) -> Any:
    """A month as ``2018-04``, ``04/2018``, ``April 2018`` or a date; its first day."""
    if value is None:
        return None
    if isinstance(value, date):  # a spreadsheet date stands for its month
        return value.replace(day=1)
    text = str(value).strip()
    for number, form in enumerate(_MONTH_FORMS):
        if match := form.match(text):
            year, month = match.groups() if number == 0 else reversed(match.groups())
            return _first_of(int(year), int(month), value)
    for month in range(1, 13):
        name = format_date(date(2000, month, 1), "MMMM", locale="de_DE")
        if match := re.fullmatch(rf"{name}\s+(\d{{4}})", text, flags=re.IGNORECASE):
            return date(int(match.group(1)), month, 1)
    raise ValueError(f"{value!r} ist kein Monat (z. B. 2018-04 oder April 2018)")


def _first_of(year: int, month: int, value: Any) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} ist kein Monat (z. B. 2018-04 oder April 2018)")
    return date(year, month, 1)


class Empfaenger(BaseModel):
    """A group the paper or concept was sent to."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    gruppe: str = Field(validation_alias=AliasChoices("gruppe", "empfaenger", "name"))
    nichtoeffentlich: JaNein = False
    """Left out of the version for publication (a column ``nichtöffentlich``: ja/x)."""


class Vorstellung(BaseModel):
    """A presentation to a Gremium or a Netzwerk, on a day or in a month."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    name: str = Field(validation_alias=AliasChoices("name", "gremium", "netzwerk"))
    art: Literal["Gremium", "Netzwerk"] | None = None
    datum: Datum | None = None
    monat: Annotated[date | None, BeforeValidator(_monat)] = None
    notiz: str | None = None
    nichtoeffentlich: JaNein = False
    """Left out of the version for publication (a column ``nichtöffentlich``: ja/x)."""

    @model_validator(mode="after")
    def _when(self) -> Vorstellung:
        if self.datum is None and self.monat is None:
            raise ValueError("Datum oder Monat fehlt")
        return self

    @property
    def tag(self) -> date:
        """The day for ordering: the date, or the first of the month."""
        return self.datum or self.monat or date.min

    def geplant(self, stichtag: date) -> bool:
        """Still to come on ``stichtag`` (the Vorlage's Datum): a date after it, or a month
        not before the Vorlage's month (a month alone does not say the day has passed)."""
        if self.datum is not None:
            return self.datum > stichtag
        return self.tag >= stichtag.replace(day=1)

    def eintrag(self, stichtag: date) -> str:
        """The list item: name, note in brackets, and "(geplant für April)" if planned."""
        text = self.name
        if self.notiz:
            text += f" ({self.notiz})"
        if self.geplant(stichtag):
            pattern = "MMMM" if self.tag.year == stichtag.year else "MMMM yyyy"
            text += f" (geplant für {format_date(self.tag, pattern, locale='de_DE')})"
        return text
