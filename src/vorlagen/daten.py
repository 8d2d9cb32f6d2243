"""Reading an Amt's own data files (CSV, Excel, YAML, JSON) for plugins.

An Amt keeps its lists where it keeps them: as a spreadsheet or a CSV export. Each row
becomes a pydantic model; column headers are matched loosely (``Zuständigkeit``,
``zustaendigkeit`` and ``ZUSTÄNDIGKEIT`` are one column), and every problem is reported
with the file, the row and the column, like a problem in the Vorlage itself.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import itertools
import re
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zipfile import BadZipFile

from babel.numbers import format_decimal
from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ValidationError

from vorlagen.errors import InputError, Problem, os_reason
from vorlagen.inputs import (
    MAX_CELLS,
    MAX_DATA_FILE_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    check_package,
    resolve_input,
)
from vorlagen.messages import german_message
from vorlagen.model import parse_date
from vorlagen.readfile import read_file
from vorlagen.syntax_errors import csv_problem

Row = TypeVar("Row", bound=BaseModel)

TABLE_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml", ".json")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


DataFile = Annotated[Path, AfterValidator(resolve_input)]
"""A path in a plugin block: resolved against the Vorlage's folder, must exist and stay
inside that folder (see ``vorlagen.inputs``)."""


_GERMAN_AMOUNT = re.compile(r"[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?")
LARGEST_AMOUNT = Decimal(10) ** 15
"""The largest amount read (a billiard euros): beyond it a cell is a mistake, and its
digits would fill pages."""


def _betrag(value: Any) -> Any:
    """An amount as Germans write it (``12.500,00 €``, ``12500,5``), or a number from a
    spreadsheet. Nothing else is guessed at: ``1.234.5``, ``1,234`` (a thousands comma
    or three decimals?) and ``1E+1000000`` are errors."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = str(value).replace("€", "").replace("EUR", "").replace("\u00a0", "").strip()
        if not text:
            return None
        if not _GERMAN_AMOUNT.fullmatch(text.replace(" ", "")):
            raise ValueError(f"{value!r} ist kein Betrag in deutscher Schreibweise "
                             "(z. B. 12.500,00 oder 12500,5)")
        amount = Decimal(text.replace(" ", "").replace(".", "").replace(",", "."))
    if not amount.is_finite() or abs(amount) >= LARGEST_AMOUNT:
        raise ValueError(f"{value!r} ist kein Betrag (zu groß oder keine Zahl)")
    return amount


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


@functools.lru_cache(maxsize=4096)  # asked once per cell: a list has few headers
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


def load_rows(path: Path, model: type[Row], *, blatt: str | None = None) -> list[Row]:
    """Every row of a data file as ``model``; all problems at once as an InputError.

    Columns whose header the model does not know are ignored (a spreadsheet often has a
    column for notes); empty rows are skipped; empty cells are missing values. A column
    the model needs that the file lacks (or spells otherwise) is one message naming it
    and the columns found, not one per row. A header written almost like a column the
    model knows ("nicht öffentlich", "vertraulich" for ``nichtoeffentlich``) is read as
    that column, or refused if it is only close to it: never silently ignored.

    From an Excel file the sheet ``blatt`` is read, or else the first sheet whose header
    row has the columns the model needs (a cover sheet before the data is skipped).

    The rows of a file read before, unchanged since (same size, time and inode) and read
    as a frozen model, come from a cache: a batch of papers on the same measure list
    reads it once per process, not once per paper.
    """
    key = _cache_key(path, model, blatt)
    if key is not None and key in _READ:
        _READ.move_to_end(key)
        return list(_READ[key])  # type: ignore[arg-type]
    rows = _load_rows(path, model, blatt)
    if key is not None and len(rows) <= _CACHED_ROWS:
        _READ[key] = tuple(rows)
        while len(_READ) > _CACHED_FILES:
            _READ.popitem(last=False)
    return rows


_READ: OrderedDict[tuple[Any, ...], tuple[BaseModel, ...]] = OrderedDict()
"""The rows of the files read last, by file, its state and the model."""
BROKEN_XLSX = ("keine Excel-Datei (.xlsx) oder beschädigt; in Excel oder LibreOffice öffnen "
               "und als Excel-Arbeitsmappe (.xlsx) speichern")

_CACHED_FILES = 16
_CACHED_ROWS = 100_000


def _cache_key(path: Path, model: type[BaseModel], blatt: str | None
               ) -> tuple[Any, ...] | None:
    """What identifies a read: the file as it is now and how it is read; None for a file
    that cannot be looked at, or a model whose rows could be changed after reading."""
    if not model.model_config.get("frozen"):
        return None
    try:
        state = path.stat()
        return (str(path.resolve()), state.st_ino, state.st_size, state.st_mtime_ns, model,
                blatt)
    except (OSError, ValueError):
        return None


def _load_rows(path: Path, model: type[Row], blatt: str | None) -> list[Row]:
    headers, records = _records(path, model, blatt)
    renamed, problems = _column_names(model, headers)
    if problems:
        raise InputError(str(path), problems)
    if renamed:
        records = (_renamed(record, renamed) for record in records)
        headers = [renamed.get(column_key(header), header) for header in headers]
    if missing := _missing_columns(model, headers):
        raise InputError(str(path), missing)
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


_SYNONYMS = {"vertraulich": "nichtoeffentlich", "geheim": "nichtoeffentlich",
             "nichtoffentlich": "nichtoeffentlich", "nichtoeffentl": "nichtoeffentlich"}
"""Headers an Amt writes for a column under another word."""


def _column_names(model: type[BaseModel], headers: list[str]
                  ) -> tuple[dict[str, str], list[Problem]]:
    """The headers to read as another column of the model (written with a space, a
    hyphen or another word), and a problem for each header only close to one."""
    accepted = [key for name, info in model.model_fields.items()
                for key in _accepted_keys(name, info.validation_alias or info.alias)]
    squeezed = {key.replace("_", ""): key for key in accepted}
    present = {column_key(header) for header in headers}
    renamed: dict[str, str] = {}
    problems: list[Problem] = []
    for header in headers:
        key = column_key(header)
        if key in accepted:
            continue
        plain = key.replace("_", "")
        plain = _SYNONYMS.get(plain, plain)
        if plain in squeezed and squeezed[plain] not in present:
            renamed[key] = squeezed[plain]
            continue
        close = difflib.get_close_matches(plain, list(squeezed), n=1, cutoff=0.85)
        if close and squeezed[close[0]] not in present:
            problems.append(Problem(header, (
                f"Spalte {header!r} ist unbekannt; gemeint ist vielleicht "
                f"{squeezed[close[0]]!r} (eine Spalte für Anmerkungen darf beliebig heißen, "
                "nur nicht fast wie eine bekannte)")))
    return renamed, problems


def _renamed(record: _Record, renamed: dict[str, str]) -> _Record:
    values = {renamed.get(key, key): value for key, value in record.values.items()}
    headers = {renamed.get(key, key): header for key, header in record.headers.items()}
    return _Record(record.line, values, headers)


def _missing_columns(model: type[BaseModel], headers: list[str]) -> list[Problem]:
    """A problem for each column ``model`` requires that no header of the file gives."""
    if not headers:
        return []
    found = {column_key(header) for header in headers}
    read = {key for name, info in model.model_fields.items()
            for key in _accepted_keys(name, info.validation_alias or info.alias)}
    unread = sorted(found - read)
    problems = []
    for name, info in model.model_fields.items():
        keys = _accepted_keys(name, info.validation_alias or info.alias)
        if not info.is_required() or found.intersection(keys):
            continue
        # a column spelled almost so; else the closest of those the model does not read
        close = (difflib.get_close_matches(keys[0], sorted(found), n=1, cutoff=0.6)
                 or difflib.get_close_matches(keys[0], unread, n=1, cutoff=0))
        shown = next((h for h in headers if close and column_key(h) == close[0]), None)
        hint = f"; gemeint ist vielleicht {shown!r}" if shown else ""
        wanted = " oder ".join(repr(key) for key in keys)
        listed = ", ".join(repr(header) for header in headers)
        problems.append(Problem(keys[0], f"Spalte {wanted} fehlt{hint} (Spalten der Datei: "
                                         f"{listed})"))
    return problems


def _records(path: Path, model: type[BaseModel], blatt: str | None
             ) -> tuple[list[str], Iterable[_Record]]:
    """The file's column headers and its rows. The rows of a CSV or Excel file come as
    they are read, each made into a model before the next is read, so that what is kept
    is the models, not the file's cells as well."""
    suffix = path.suffix.lower()
    headers: list[str] = []
    if suffix in (".csv", ".xlsx"):
        _data_file_size_bounded(path)
        rows = _readable(path, _csv_records(path, headers) if suffix == ".csv"
                         else _xlsx_records(path, headers, model, blatt))
        first = next(rows, None)  # the header row is read before the first row comes
        return headers, itertools.chain(() if first is None else (first,), rows)
    if suffix in (".yaml", ".yml", ".json"):
        records = _structured_records(path)
        for record in records:
            headers += [h for h in record.headers.values() if h not in headers]
        return headers, records
    raise InputError(str(path), [Problem("", f"unbekannte Dateiendung {suffix!r}, erwartet: "
                                             + ", ".join(TABLE_SUFFIXES))])


def _data_file_size_bounded(path: Path) -> None:
    """Refuse a CSV or Excel data file larger than ``MAX_DATA_FILE_BYTES`` unread."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reading says why it cannot
    if size > MAX_DATA_FILE_BYTES:
        raise InputError(str(path), [Problem("", (
            f"{format_decimal(size / 2**20, '#,##0.0', locale='de_DE')} MB groß, erlaubt "
            f"sind {MAX_DATA_FILE_BYTES // 2**20} MB je Datendatei; die Liste aufteilen "
            "oder nur die nötigen Zeilen und Spalten ausgeben"))])


def _readable(path: Path, records: Iterator[_Record]) -> Iterator[_Record]:
    """``records`` as they are read; a file that cannot be read is an input error."""
    try:
        yield from records
    except OSError as error:
        raise InputError(str(path), [Problem("", f"nicht lesbar: {os_reason(error)}")]) from None
    except (BadZipFile, zlib.error, EOFError):  # a package damaged inside (a bad CRC)
        raise InputError(str(path), [Problem("", BROKEN_XLSX)]) from None


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


def _csv_encoding(path: Path) -> str:
    """A CSV file's encoding: UTF-8 (with or without BOM), UTF-16 with its BOM, or Excel's
    Windows-1252; a byte none of them reads is an error naming the line. The file is
    decoded piece by piece and the text not kept: only the answer is."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in head:
        raise InputError(str(path), [Problem("", (
            "enthält Null-Bytes: vermutlich UTF-16 ohne BOM; als UTF-8 speichern "
            "(Excel: CSV UTF-8)"))])
    else:
        encoding = "utf-8-sig"
    error = _undecodable(path, encoding)
    if error is None:
        return encoding
    if encoding == "utf-16":
        raise InputError(str(path), [Problem("", (
            f"nicht als UTF-16 lesbar (Byte {error[0]})"))])
    error = _undecodable(path, "cp1252")  # Excel's "CSV" export in Germany
    if error is None:
        return "cp1252"
    _, line, byte = error
    raise InputError(str(path), [Problem("", (
        f"Byte 0x{byte:02X} ist weder UTF-8 noch Windows-1252; als "
        "UTF-8 speichern"), line)])


def _undecodable(path: Path, encoding: str) -> tuple[int, int, int] | None:
    """Where the file first cannot be read in ``encoding``: the byte's position, its line
    and the byte; None if it all can."""
    decoder = codecs.getincrementaldecoder(encoding)()
    position = lines = 0
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                pending = error.object[:error.start]
                start = max(error.start - (len(error.object) - len(chunk)), 0)
                return (position + start, lines + pending.count(b"\n") + 1,
                        error.object[error.start])
            if not chunk:
                return None
            position += len(chunk)
            lines += chunk.count(b"\n")


def _csv_lines(path: Path, encoding: str) -> tuple[Iterator[str], Any, str, int]:
    """The lines of a CSV file from its header on, as it is read (the file is not held in
    memory), the open file, the delimiter and the number of lines before the header:
    Excel's ``sep=;`` first line names the delimiter; otherwise it is the one the header
    row uses most."""
    stream = path.open(encoding=encoding, newline="")
    first = stream.readline()
    if match := re.fullmatch(r"sep=(.)", first.strip()):
        return iter(stream), stream, match.group(1), 1
    delimiter = max(";,\t", key=first.split("\n", 1)[0].strip().count)
    return itertools.chain([first], stream), stream, delimiter, 0


def _csv_counted(path: Path, encoding: str) -> None:
    """Count a CSV file's rows and cells before anything is made of them: past
    ``MAX_ROWS`` or ``MAX_CELLS`` the reading stops with an error naming the line."""
    global csv_rows_counted
    lines, stream, delimiter, offset = _csv_lines(path, encoding)
    reader = csv.reader(lines, delimiter=delimiter)
    cells = rows = 0
    line = 1 + offset
    try:
        with stream:
            for rows, row in enumerate(reader, 0):  # the header row is not counted
                csv_rows_counted = rows
                cells += len(row)
                if rows > MAX_ROWS:
                    raise _too_many_rows(path, line)
                if cells > MAX_CELLS:
                    raise _too_many_cells(path, line)
                line = reader.line_num + 1 + offset
    except csv.Error as error:  # e.g. a cell of more than 128 KB
        raise InputError(str(path), [csv_problem(error, line)]) from None


csv_rows_counted = 0
"""The rows the last CSV file's count read (header not counted): past the limit it stops
one row after it."""


def _csv_records(path: Path, headers: list[str]) -> Iterator[_Record]:
    """The rows of a CSV file; its header row goes into ``headers``. A quoted cell may
    hold line breaks; a row's line is the line it starts on. The rows and cells are
    counted first (cheaply, nothing kept), so that a file beyond the limits is refused
    before its rows are made into anything."""
    encoding = _csv_encoding(path)
    _csv_counted(path, encoding)
    lines, stream, delimiter, offset = _csv_lines(path, encoding)
    with stream:
        reader = csv.DictReader(lines, delimiter=delimiter, restkey=_EXTRA)
        start = 1 + offset
        try:
            headers += [str(name).strip() for name in reader.fieldnames or () if name]
            start = reader.line_num + 1 + offset
            for number, values in enumerate(reader, 1):
                if number > MAX_ROWS:  # the file changed since it was counted
                    raise _too_many_rows(path, start)
                extra = [cell for cell in values.pop(_EXTRA, None) or () if cell.strip()]
                if extra:
                    raise InputError(str(path), [Problem("", (
                        f"mehr Zellen als die Kopfzeile Spalten hat ({len(headers)}); steht "
                        f"das Trennzeichen {delimiter!r} in einem Text? Dann den Text in "
                        "Anführungszeichen setzen"), start)])
                record = _record(start, dict(values))
                start = reader.line_num + 1 + offset
                if record.values:
                    yield record
        except csv.Error as error:  # e.g. a cell of more than 128 KB
            raise InputError(str(path), [csv_problem(error, start)]) from None


_EXTRA = "\x00mehr"
"""The key csv.DictReader puts a row's cells beyond the header under."""


def _too_many_rows(path: Path, line: int | None = None) -> InputError:
    return InputError(str(path), [Problem(
        "", f"mehr als {format_decimal(MAX_ROWS, locale='de_DE')} Zeilen; die Liste "
            "aufteilen oder nur die nötigen Zeilen ausgeben", line)])


def _too_many_cells(path: Path, line: int | None = None) -> InputError:
    return InputError(str(path), [Problem(
        "", f"mehr als {format_decimal(MAX_CELLS, locale='de_DE')} Zellen; die Liste "
            "aufteilen oder nur die nötigen Spalten ausgeben", line)])


def _xlsx_records(path: Path, headers: list[str], model: type[BaseModel],
                  blatt: str | None) -> Iterator[_Record]:
    from openpyxl import load_workbook  # only needed for Excel files
    from openpyxl.utils.exceptions import InvalidFileException

    check_package(path, "keine Excel-Datei (.xlsx)")
    _shared_strings_bounded(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError):
        raise InputError(str(path), [Problem("", BROKEN_XLSX)]) from None
    try:
        for sheet in workbook.worksheets:  # read the rows there are, not those declared
            sheet.reset_dimensions()
        sheet = _sheet(path, workbook, model, blatt)
        uncalculated = _uncalculated(path, _sheet_part(path, sheet.title))
        header: list[Any] | None = None
        cells = 0
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells += len(row)
            if number > MAX_ROWS or cells > MAX_CELLS:
                raise (_too_many_rows(path, number) if number > MAX_ROWS
                       else _too_many_cells(path, number))
            if header is None:
                if any(cell is not None for cell in row):
                    header = list(row)
                    headers += [str(cell).strip() for cell in row
                                if cell is not None and str(cell).strip()]
                continue
            if number in uncalculated:
                raise InputError(str(path), [Problem(uncalculated[number], (
                    "eine Formel ohne berechneten Wert (die Datei wurde nicht von Excel "
                    "oder LibreOffice gespeichert); dort öffnen und speichern"), number)])
            record = _record(number, dict(zip(header, row, strict=False)))
            if record.values:
                yield record
    except ValueError:  # what openpyxl cannot read in a sheet (a cell address, a number)
        raise InputError(str(path), [Problem("", BROKEN_XLSX)]) from None
    finally:
        workbook.close()


_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
"""A cell's address as Excel writes it (``XFD1048576`` at most): what is longer is no
address, however many digits it has."""
_RANGE = re.compile(rf"{_REFERENCE.pattern}(?::{_REFERENCE.pattern})?")


def _declared_size_bounded(path: Path, declared: str | None) -> None:
    """Refuse a sheet whose declared size (its dimension, e.g. ``A1:XFD1050000``) is
    beyond ``MAX_ROWS`` or ``MAX_CELLS`` before a row is read. A size within the limits
    is not believed: the rows there are are read and counted, however many it says; a
    dimension that is no range (thousands of digits) is left aside in the same way."""
    from openpyxl.utils import column_index_from_string

    match = _RANGE.fullmatch(declared or "")
    if match is None:
        return
    first_column, first_row, last_column, last_row = match.groups()
    rows = int(last_row or first_row) - int(first_row) + 1
    columns = (column_index_from_string(last_column or first_column)
               - column_index_from_string(first_column) + 1)
    if rows > MAX_ROWS:
        raise _too_many_rows(path)
    if rows * columns > MAX_CELLS:
        raise _too_many_cells(path)


def _shared_strings_bounded(path: Path) -> None:
    """Refuse a workbook whose shared strings (all of which openpyxl keeps in memory)
    unpack to more than ``MAX_SHARED_STRINGS_BYTES``."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        size = sum(entry.file_size for entry in package.infolist()
                   if entry.filename.lower().endswith("sharedstrings.xml"))
    if size > MAX_SHARED_STRINGS_BYTES:
        raise InputError(str(path), [Problem("", (
            f"die Texte der Tabelle entpacken zu {size // 2**20} MB (mehr als "
            f"{MAX_SHARED_STRINGS_BYTES // 2**20} MB)"))])


def _header_row(sheet: Any) -> list[str]:
    for row in sheet.iter_rows(values_only=True, max_row=50):
        if any(cell is not None for cell in row):
            return [str(cell).strip() for cell in row if cell is not None and str(cell).strip()]
    return []


def _sheet(path: Path, workbook: Any, model: type[BaseModel], blatt: str | None) -> Any:
    """The sheet named ``blatt``, or the first whose header row has the columns the model
    needs; an error naming the sheets and their headers if there is none."""
    if blatt is not None:
        if blatt not in workbook.sheetnames:
            raise InputError(str(path), [Problem("", (
                f"kein Tabellenblatt {blatt!r} (Blätter: "
                f"{', '.join(map(repr, workbook.sheetnames))})"))])
        return workbook[blatt]
    seen = []
    filled = []
    for sheet in workbook.worksheets:
        headers = _header_row(sheet)
        if headers and not _missing_columns(model, headers) and not _column_names(
                model, headers)[1]:
            return sheet
        seen.append(f"{sheet.title!r} ({', '.join(map(repr, headers)) or 'leer'})")
        if headers:
            filled.append(sheet)
    if len(filled) == 1:  # the only sheet with data: its own message says what is missing
        return filled[0]
    needed = [name for name, info in model.model_fields.items() if info.is_required()]
    raise InputError(str(path), [Problem("", (
        f"kein Tabellenblatt hat die nötigen Spalten {', '.join(map(repr, needed))}; "
        f"Blätter: {'; '.join(seen)}"))])


_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "officeDocument")
_SHEET_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_part(path: Path, title: str) -> str:
    """The zip name of the sheet called ``title``, as the package says it (ECMA-376):
    ``_rels/.rels`` names the workbook, the workbook its sheets with a relationship
    each, the workbook's relationships where each one is; "" if it cannot be told."""
    import posixpath
    import xml.etree.ElementTree as ElementTree
    import zipfile

    def targets(package: zipfile.ZipFile, rels: str) -> dict[str, tuple[str, str]]:
        if rels not in package.namelist():
            return {}
        return {item.get("Id", ""): (item.get("Type", ""), item.get("Target", ""))
                for item in ElementTree.fromstring(package.read(rels))
                if item.tag == f"{_PACKAGE_RELS}Relationship"}

    def joined(folder: str, target: str) -> str:
        return posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                  else posixpath.join(folder, target))

    with zipfile.ZipFile(path) as package:
        workbook = next((joined("", target) for kind, target in
                         targets(package, "_rels/.rels").values()
                         if kind == _OFFICE_DOCUMENT), "")
        if workbook not in package.namelist():
            return ""
        folder, name = posixpath.split(workbook)
        sheets = targets(package, posixpath.join(folder, "_rels", f"{name}.rels"))
        main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        with package.open(workbook) as stream:  # closed on an early return too
            for _, element in ElementTree.iterparse(stream):
                if element.tag == f"{main}sheet" and element.get("name") == title:
                    _, target = sheets.get(element.get(_SHEET_ID, ""), ("", ""))
                    part = joined(folder, target) if target else ""
                    return part if part in package.namelist() else ""
    return ""


def _uncalculated(path: Path, sheet_path: str) -> dict[int, str]:
    """The cells of a sheet with a formula but no computed value, by row: reading them
    would give empty values without a word. The rows and cells are counted on the way:
    past ``MAX_ROWS`` or ``MAX_CELLS`` the reading stops with an error."""
    import xml.etree.ElementTree as ElementTree
    import zipfile

    found: dict[int, str] = {}
    if not sheet_path:
        return found
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    cells = 0
    row = 0
    with zipfile.ZipFile(path) as package, package.open(sheet_path.lstrip("/")) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag == f"{main}dimension":  # before the rows: a size too large
                _declared_size_bounded(path, element.get("ref"))  # stops the reading here
                continue
            if element.tag == f"{main}row":
                number = element.get("r", "")
                row = int(number) if number.isdigit() and len(number) < 10 else row + 1
                if row > MAX_ROWS:  # counted as it is read, whatever the sheet declares
                    raise _too_many_rows(path, row)
                element.clear()
                continue
            if element.tag != f"{main}c":
                continue
            cells += 1
            if cells > MAX_CELLS:
                raise _too_many_cells(path, row + 1)
            reference = element.get("r")  # the cell's row ends after it: row + 1 so far
            address = _REFERENCE.fullmatch(reference) if reference is not None else None
            if reference is not None and address is None:
                raise InputError(str(path), [Problem(_shortened(reference), (
                    "keine gültige Zelladresse; die Datei in Excel oder LibreOffice öffnen "
                    "und als Excel-Arbeitsmappe (.xlsx) neu speichern"), row + 1)])
            formula = element.find(f"{main}f")
            value = element.find(f"{main}v")
            if formula is not None and (value is None or value.text is None):
                found.setdefault(int(address.group(2)) if address else row + 1,
                                 reference or "")
            element.clear()
    return found


def _shortened(text: str) -> str:
    """``text`` as a message quotes it: its first 20 characters."""
    return text if len(text) <= 20 else f"{text[:20]}…"


def _structured_records(path: Path) -> list[_Record]:
    source = read_file(path)
    data = source.data
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(str(path), [Problem("", "erwartet eine Liste von Einträgen "
                                                 "der Form 'Schlüssel: Wert'")])
    return [_record(source.line_of((index,)), item) for index, item in enumerate(data)]
