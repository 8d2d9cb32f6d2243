"""A funding application as one row of the Amt's list, and sums over the list."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from babel.numbers import format_currency
from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

from vorlagen.plugin_api import Betrag, Datum

Status = Literal["beantragt", "bewilligt", "abgelehnt"]
STATUS: tuple[Status, ...] = ("beantragt", "bewilligt", "abgelehnt")


def _ids(value: Any) -> Any:
    """``M-001, M-004`` (one cell) or a YAML list; a spreadsheet number as text."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int | float):
        return [str(int(value)) if float(value).is_integer() else str(value)]
    return value


class Foerderantrag(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    programm: str
    foerdergeber: str
    beantragt_am: Datum | None = None
    summe: Betrag | None = Field(
        default=None, validation_alias=AliasChoices("beantragte_summe", "summe"))
    eigenanteil: Betrag | None = None
    status: Status
    massnahmen: Annotated[list[str], BeforeValidator(_ids)] = []


def euro(amount: Decimal) -> str:
    """An amount the German way: ``12.500,00 €``."""
    return format_currency(amount, "EUR", locale="de_DE")


def summen(antraege: list[Foerderantrag]) -> dict[Status, Decimal]:
    """The applied-for sums per status, for the statuses that have a known amount."""
    totals: dict[Status, Decimal] = {}
    for status in STATUS:
        amounts = [a.summe for a in antraege if a.status == status and a.summe is not None]
        if amounts:
            totals[status] = sum(amounts, Decimal(0))
    return totals
