"""Reading an Amt's own data files (CSV, Excel, YAML, JSON) for plugins.

An Amt keeps its lists where it keeps them: as a spreadsheet or a CSV export. Each row
becomes a pydantic model; column headers are matched loosely (``Zuständigkeit``,
``zustaendigkeit`` and ``ZUSTÄNDIGKEIT`` are one column), and every problem is reported
with the file, the row and the column, like a problem in the Vorlage itself.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zipfile import BadZipFile

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ValidationError

from vorlagen.errors import InputError, Problem
from vorlagen.inputs import MAX_ROWS, check_package, resolve_input
from vorlagen.load import read_file
from vorlagen.messages import german_message
from vorlagen.model import parse_date

Row = TypeVar("Row", bound=BaseModel)

TABLE_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml", ".json")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


DataFile = Annotated[Path, AfterValidator(resolve_input)]
"""A path in a plugin block: resolved against the Vorlage's folder, must exist and stay
inside that folder (see ``vorlagen.inputs``)."""


def _betrag(value: Any) -> Any:
    """An amount as Germans write it (``12.500,00 €``), or a number from a spreadsheet."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace("EUR", "").replace("\u00a0", "").strip()
    if not text:
        return None
    try:
        return parse_decimal(text, locale="de_DE")
    except (NumberFormatError, InvalidOperation):
        raise ValueError(f"{value!r} ist kein Betrag (z. B. 12.500,00)") from None


def _datum(value: Any) -> Any:
    """One rule for dates in Vorlagen and data, plus the dates of a spreadsheet."""
    if isinstance(value, datetime):
        return value.date()
    return parse_date(value)


_JA = {"ja", "j", "x", "true", "wahr", "1", "yes"}
_NEIN = {"nein", "n", "false", "falsch", "0", "no", "-"}


def _ja_nein(value: Any) -> Any:
    """A yes/no cell as an Amt fills it: ``ja``, ``x``, ``nein``, empty, or a bool."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _JA:
        return True
    if text in _NEIN or not text:
        return False
    raise ValueError(f"{value!r} ist weder ja noch nein (ja, x, nein oder leer)")


JaNein = Annotated[bool, BeforeValidator(_ja_nein)]
"""A yes/no column, e.g. ``nichtöffentlich``: ``ja``/``x``/``nein``/empty."""
Betrag = Annotated[Decimal, BeforeValidator(_betrag)]
"""An amount of money: ``12.500,00``, ``12.500,00 €`` or a spreadsheet number."""
Datum = Annotated[date, BeforeValidator(_datum)]
"""A date: ``16.04.2018``, ``2018-04-16`` or a spreadsheet date."""


def column_key(header: str) -> str:
    """A column header as a field name: ``Zuständigkeit`` gives ``zustaendigkeit``,
    ``beantragt am`` gives ``beantragt_am``, ``Nr.`` gives ``nr``."""
    text = header.strip().lower().translate(_UMLAUTS)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass(frozen=True, slots=True)
class _Record:
    line: int | None
    values: dict[str, Any]
    headers: dict[str, str]
    """The header as written in the file, by field name, for messages."""


def load_rows(path: Path, model: type[Row]) -> list[Row]:
    """Every row of a data file as ``model``; all problems at once as an InputError.

    Columns whose header the model does not know are ignored (a spreadsheet often has a
    column for notes); empty rows are skipped; empty cells are missing values. A column
    the model needs that the file lacks (or spells otherwise) is one message naming it
    and the columns found, not one per row.
    """
    headers, records = _records(path)
    if missing := _missing_columns(model, headers):
        raise InputError(str(path), missing)
    problems: list[Problem] = []
    rows: list[Row] = []
    for record in records:
        try:
            rows.append(model.model_validate(record.values))
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                first, *rest = detail["loc"] or ("",)
                column = ".".join([record.headers.get(str(first), str(first)),
                                   *(str(part) for part in rest)])
                problems.append(Problem(column, german_message(detail, model), record.line))
    if problems:
        raise InputError(str(path), problems)
    return rows


def _accepted_keys(name: str, alias: object) -> list[str]:
    """The column keys a model field reads: its name, or its aliases when it has them."""
    if isinstance(alias, str):
        return [alias]
    if isinstance(alias, AliasChoices):
        return [choice for choice in alias.choices if isinstance(choice, str)]
    return [name]


def _missing_columns(model: type[BaseModel], headers: list[str]) -> list[Problem]:
    """A problem for each column ``model`` requires that no header of the file gives."""
    if not headers:
        return []
    found = {column_key(header) for header in headers}
    problems = []
    for name, info in model.model_fields.items():
        keys = _accepted_keys(name, info.validation_alias or info.alias)
        if not info.is_required() or found.intersection(keys):
            continue
        close = difflib.get_close_matches(keys[0], sorted(found), n=1, cutoff=0.6)
        shown = next((h for h in headers if close and column_key(h) == close[0]), None)
        hint = f"; gemeint ist vielleicht {shown!r}" if shown else ""
        wanted = " oder ".join(repr(key) for key in keys)
        listed = ", ".join(repr(header) for header in headers)
        problems.append(Problem(keys[0], f"Spalte {wanted} fehlt{hint} (Spalten der Datei: "
                                         f"{listed})"))
    return problems


def _records(path: Path) -> tuple[list[str], list[_Record]]:
    """The file's column headers and its rows."""
    suffix = path.suffix.lower()
    headers: list[str] = []
    try:
        if suffix == ".csv":
            return headers, list(_csv_records(path, headers))
        if suffix == ".xlsx":
            return headers, list(_xlsx_records(path, headers))
    except OSError as error:
        raise InputError(str(path), [Problem("", f"nicht lesbar: {error.strerror}")]) from None
    if suffix in (".yaml", ".yml", ".json"):
        records = _structured_records(path)
        for record in records:
            headers += [h for h in record.headers.values() if h not in headers]
        return headers, records
    raise InputError(str(path), [Problem("", f"unbekannte Dateiendung {suffix!r}, erwartet: "
                                             + ", ".join(TABLE_SUFFIXES))])


def _record(line: int | None, values: dict[Any, Any]) -> _Record:
    """Header → value with loose headers and empty cells left out."""
    cells: dict[str, Any] = {}
    headers: dict[str, str] = {}
    for header, value in values.items():
        if header is None or not str(header).strip():
            continue
        key = column_key(str(header))
        headers[key] = str(header).strip()
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        cells[key] = value
    return _Record(line, cells, headers)


def _csv_records(path: Path, headers: list[str]) -> Iterator[_Record]:
    """The rows of a CSV file; its header row goes into ``headers``. A quoted cell may
    hold line breaks; a row's line is the line it starts on."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" export in Germany is Windows-1252.
        text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        headers += [str(name).strip() for name in reader.fieldnames or () if name]
        start = reader.line_num + 1
        for values in reader:
            if reader.line_num > MAX_ROWS:
                raise _too_many_rows(path)
            record = _record(start, dict(values))
            start = reader.line_num + 1
            if record.values:
                yield record
    except csv.Error as error:  # e.g. a cell of more than 128 KB
        raise InputError(str(path), [Problem(
            "", f"nicht als CSV lesbar: {error}", start)]) from None


def _too_many_rows(path: Path) -> InputError:
    return InputError(str(path), [Problem(
        "", f"mehr als {format_decimal(MAX_ROWS, locale='de_DE')} Zeilen")])


def _xlsx_records(path: Path, headers: list[str]) -> Iterator[_Record]:
    from openpyxl import load_workbook  # only needed for Excel files
    from openpyxl.utils.exceptions import InvalidFileException

    check_package(path, "keine Excel-Datei (.xlsx)")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError) as error:
        raise InputError(str(path), [Problem("", f"keine Excel-Datei (.xlsx): {error}")]) from None
    try:
        sheet = workbook.worksheets[0]
        header: list[Any] | None = None
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > MAX_ROWS:
                raise _too_many_rows(path)
            if header is None:
                if any(cell is not None for cell in row):
                    header = list(row)
                    headers += [str(cell).strip() for cell in row
                                if cell is not None and str(cell).strip()]
                continue
            record = _record(number, dict(zip(header, row, strict=False)))
            if record.values:
                yield record
    finally:
        workbook.close()


def _structured_records(path: Path) -> list[_Record]:
    source = read_file(path)
    data = source.data
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(str(path), [Problem("", "erwartet eine Liste von Einträgen "
                                                 "der Form 'Schlüssel: Wert'")])
    return [_record(source.line_of((index,)), item) for index, item in enumerate(data)]
