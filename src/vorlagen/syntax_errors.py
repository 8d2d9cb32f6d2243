"""The syntax errors of YAML, JSON, TOML and CSV files, said in German.

The parsers (PyYAML, ruamel.yaml, json, tomllib, tomlkit, csv) speak English and name a
symptom ("Expecting ',' delimiter"); an administrator needs the line, the column and
what to change. Each known message is mapped to its usual cause and the fix; a message
not known here (a newer parser's) gets a German sentence with the place, never the
parser's English.
"""

from __future__ import annotations

import re

from vorlagen.errors import Problem

_INDENT = ("die Einrückung passt nicht zu den Zeilen davor; Felder derselben Ebene mit "
           "gleich vielen Leerzeichen einrücken")
_QUOTE_NOT_CLOSED = ("ein Anführungszeichen wird nicht geschlossen; das schließende "
                     "Anführungszeichen am Ende des Werts ergänzen")
_UNKNOWN_TAG = ("ein Wert beginnt mit '!' (ein YAML-Tag, den vorlagen nicht kennt); den Wert "
                "in Anführungszeichen setzen")
_DOCUMENTS = ("mehr als ein Dokument (eine Zeile '---' mitten in der Datei); eine Datei "
              "enthält genau eine Vorlage, die zweite '---'-Zeile entfernen")
_DIRECTIVE = "eine Zeile mit '%' am Anfang (eine YAML-Direktive); die Zeile entfernen"
_MISSING_COLON = ("eine Zeile ohne 'Schlüssel: Wert' (fehlt der Doppelpunkt?) oder falsch "
                  "eingerückt; ein Text über mehrere Zeilen beginnt mit 'feld: |' und ist "
                  "eingerückt")

_YAML_CAUSES: list[tuple[str, str, bool]] = [
    # (fragment of PyYAML's context and problem, the German cause, whether the context's
    # line (where the unclosed thing starts) is the one to name rather than the problem's)
    ("found character '\\t'",
     "ein Tabulator; YAML rückt nur mit Leerzeichen ein: den Tabulator durch Leerzeichen "
     "ersetzen", False),
    ("mapping values are not allowed",
     "ein Doppelpunkt mitten in einem Wert; den Wert in Anführungszeichen setzen, z. B. "
     "titel: \"Haushalt 2025: Entwurf\", oder nach dem Doppelpunkt fehlt ein Leerzeichen, "
     "oder die Zeile ist weiter eingerückt als die Felder davor, oder der Zeile davor "
     "fehlt ihr Doppelpunkt", False),
    ("could not find expected ':'", _MISSING_COLON, True),
    ("while scanning a simple key", _MISSING_COLON, True),
    ("did not find expected key", _INDENT, False),
    ("did not find expected '-' indicator",
     "ein Listeneintrag ohne '- ' oder falsch eingerückt; alle Einträge einer Liste "
     "gleich weit einrücken", False),
    ("but found '<scalar>'",
     "nach einem Wert in Anführungszeichen steht weiterer Text, oder die Einrückung passt "
     "nicht zu den Zeilen davor; den ganzen Wert in Anführungszeichen setzen bzw. gleich "
     "weit einrücken", False),
    ("expected <block end>, but found '-'",
     "ein Listeneintrag ('- ') auf der Ebene der Felder; die Liste unter ihr Feld "
     "einrücken", False),
    ("expected <block end>", _INDENT, False),
    ("while scanning a quoted scalar", _QUOTE_NOT_CLOSED, True),
    ("while scanning a double-quoted scalar",
     "ein Backslash (\\) in doppelten Anführungszeichen; einfache Anführungszeichen nehmen "
     "oder \\\\ schreiben", False),
    ("found unexpected end of stream", _QUOTE_NOT_CLOSED, True),
    ("while parsing a flow sequence",
     "eine Liste in eckigen Klammern [ ] wird nicht geschlossen oder ihre Einträge sind "
     "nicht durch Kommas getrennt; ']' ergänzen, oder einen Text, der mit '[' beginnt, in "
     "Anführungszeichen setzen", True),
    ("while parsing a flow mapping",
     "geschweifte Klammern { } werden nicht geschlossen oder ihre Einträge sind nicht "
     "durch Kommas getrennt; '}' ergänzen, oder einen Text, der mit '{' beginnt, in "
     "Anführungszeichen setzen", True),
    ("found undefined alias",
     "ein Alias (*name) ohne Anker (&name); ist ein Wert mit '*' gemeint, ihn in "
     "Anführungszeichen setzen", False),
    ("expected alphabetic or numeric character",
     "ein Wert beginnt mit * oder &; den Wert in Anführungszeichen setzen", False),
    ("that cannot start any token",
     "ein Wert beginnt mit einem Zeichen wie @, ` oder %; den Wert in Anführungszeichen "
     "setzen", False),
    ("found duplicate anchor",
     "ein Anker (&name) zweimal; einen der beiden umbenennen", False),
    ("expected a single document", _DOCUMENTS, False),
    ("but found another document", _DOCUMENTS, False),
    ("expected '<document start>'",
     "nach dem Ende des Dokuments (einer Zeile '...') steht noch etwas; die Zeile '...' "
     "entfernen", False),
    ("while scanning a block scalar",
     "nach | oder > darf in derselben Zeile nur - oder + stehen; den Text in die nächsten "
     "Zeilen schreiben, eingerückt", False),
    ("mapping keys are not allowed",
     "ein Fragezeichen am Anfang eines Werts; den Wert in Anführungszeichen setzen", False),
    ("sequence entries are not allowed",
     "ein '- ' nach einem Wert in derselben Zeile oder falsch eingerückt; den "
     "Listeneintrag in eine eigene Zeile schreiben oder den Wert in Anführungszeichen "
     "setzen", False),
    ("could not determine a constructor", _UNKNOWN_TAG, False),
    ("while scanning a tag", _UNKNOWN_TAG, False),
    ("tag handle", _UNKNOWN_TAG, False),
    ("non-specific tag", _UNKNOWN_TAG, False),
    ("for merging",
     "nach '<<:' muss ein Alias auf Felder stehen (<<: *name); sonst '<<' in "
     "Anführungszeichen setzen", False),
    ("found unhashable key",
     "ein Schlüssel ist eine Liste oder Zuordnung; ein Schlüssel ist ein einfaches Wort "
     "vor dem Doppelpunkt", False),
    ("YAML directive", _DIRECTIVE, False),
    ("while scanning a directive", _DIRECTIVE, False),
    ("found duplicate key",
     "Feld doppelt angegeben; eines der beiden entfernen", False),
]
"""PyYAML's (and ruamel.yaml's) problem texts, each with what usually causes it."""


def _column(column: int | None) -> str:
    return f" (Spalte {column})" if column else ""


def yaml_problem(error: Exception, text: str) -> Problem:
    """A PyYAML or ruamel.yaml error of ``text`` as a Problem with its line, column and
    usual cause."""
    context = getattr(error, "context", None)
    problem = getattr(error, "problem", None)
    english = " ".join(str(part) for part in (context, problem) if part)
    found = next(((german, at_start) for fragment, german, at_start in _YAML_CAUSES
                  if fragment in english), None)
    marks = [getattr(error, "problem_mark", None), getattr(error, "context_mark", None)]
    if found and found[1]:
        marks.reverse()
    mark = next((mark for mark in marks if mark is not None), None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(position := getattr(error, "position", None), int):  # PyYAML's reader
        line, column = _place(text, position)
    else:
        line, column = None, None
    if isinstance(character := getattr(error, "character", None), int):
        cause = (f"ein Steuerzeichen (U+{character:04X}), das YAML nicht erlaubt (oft aus "
                 "einem anderen Programm mitkopiert); das Zeichen löschen")
    elif found:
        cause = found[0]
    else:
        cause = ("so nicht lesbar; Einrückung (nur Leerzeichen), Doppelpunkte und "
                 "Anführungszeichen in dieser Zeile und der davor prüfen")
    return Problem("", f"kein gültiges YAML{_column(column)}: {cause}", line)


def _place(text: str, position: int) -> tuple[int, int]:
    """The line and column (from 1) of the character at ``position`` of ``text``."""
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


_TRAILING_COMMA = ("nach dem letzten Eintrag steht ein Komma; das Komma vor der schließenden "
                   "Klammer entfernen")

_JSON_CAUSES = [
    ("Illegal trailing comma", _TRAILING_COMMA),
    ("Expecting property name",
     "hier muss ein Feldname in doppelten Anführungszeichen stehen (\"titel\": …); "
     "einfache Anführungszeichen und Namen ohne Anführungszeichen kennt JSON nicht"),
    ("Expecting ':'",
     "nach dem Feldnamen fehlt der Doppelpunkt (\"titel\": \"…\")"),
    ("Expecting ','",
     "zwischen zwei Einträgen fehlt ein Komma, oder ein Text steht nicht in doppelten "
     "Anführungszeichen"),
    ("Expecting value",
     "hier fehlt ein Wert: ein Text in doppelten Anführungszeichen, eine Zahl, true, "
     "false, null, eine Liste [ ] oder Felder { }"),
    ("Unterminated string",
     "ein Text wird mit \" begonnen, aber nicht geschlossen; das schließende "
     "Anführungszeichen ergänzen"),
    ("Invalid control character",
     "ein Text wird in seiner Zeile nicht geschlossen (fehlt das schließende "
     "Anführungszeichen?), oder ein Tabulator steht in einem Text; als \\t schreiben"),
    ("Invalid \\u",
     "nach \\u müssen vier Hexadezimalziffern stehen (z. B. \\u00e4); einen Backslash "
     "als \\\\ schreiben"),
    ("Invalid \\escape",
     "ein Backslash (\\) in einem Text; als \\\\ schreiben (z. B. \"C:\\\\Akten\")"),
    ("Extra data",
     "nach dem Ende der Daten steht noch etwas; ist eine Klammer zu früh geschlossen?"),
]
"""The messages of Python's json module (3.11 to 3.14), each with its usual cause."""


def json_problem(error: ValueError, text: str) -> Problem:
    """A ``json.loads`` error of ``text`` as a Problem with its line, column and cause;
    a ValueError without a place (a number of more than 4300 digits) too."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    position = getattr(error, "pos", None)
    message = str(getattr(error, "msg", ""))
    if line is None or not isinstance(position, int):
        return _long_number("JSON", text)
    cause = next((german for fragment, german in _JSON_CAUSES if fragment in message),
                 "so nicht lesbar; Klammern, Kommas und doppelte Anführungszeichen in dieser "
                 "Zeile und der davor prüfen")
    before = len(text[:position].rstrip())
    if text[position:position + 1] in ("}", "]") and text[:before].endswith(","):
        cause = _TRAILING_COMMA  # Python before 3.13 names the closing bracket only
        line, column = _place(text, before - 1)
    elif "Expecting ','" in message and text[position:position + 1] in ("}", "]"):
        cause = ("eine Klammer schließt nicht, was sie öffnet: [ schließt mit ], { mit }; "
                 "die Klammer berichtigen")
    elif "Expecting ','" in message and before:  # the comma is missing after the value
        line, column = _place(text, before)
    return Problem("", f"kein gültiges JSON{_column(column)}: {cause}", line)


def _long_number(language: str, text: str) -> Problem:
    """Python refuses to read an integer of more than 4300 digits (a ValueError)."""
    match = re.search(r"\d{4301,}", text)
    line = _place(text, match.start())[0] if match else None
    return Problem("", (f"kein gültiges {language}: eine Zahl mit mehr als 4300 Ziffern; "
                        "ist sie als Text gemeint, in Anführungszeichen setzen"), line)


_TOML_DUPLICATE = ("Feld oder Tabelle doppelt angegeben (auch ein Feld und eine Tabelle [name] "
                   "gleichen Namens); eines der beiden entfernen")

_TOML_CAUSES = [
    ("Invalid value",
     "kein gültiger Wert; Text gehört in Anführungszeichen (titel = \"…\"), ein Datum "
     "schreibt sich 2024-03-12, Listen [\"a\", \"b\"], Wahrheitswerte true oder false"),
    ("Expected '=' after a key",
     "nach dem Schlüssel fehlt '=' (titel = \"…\"); ein Schlüssel mit Leerzeichen steht "
     "in Anführungszeichen"),
    ("Invalid statement",
     "eine Zeile, die weder 'schlüssel = wert' noch eine Überschrift [tabelle] ist; ein "
     "Schlüssel mit Umlauten oder Leerzeichen steht in Anführungszeichen"),
    ("Invalid initial character for a key",
     "ein Schlüssel beginnt mit einem Zeichen, das TOML nicht erlaubt; Schlüssel aus "
     "Buchstaben a-z, Ziffern, _ und - schreiben oder in Anführungszeichen setzen"),
    ("Expected newline or end of document",
     "nach dem Wert steht noch etwas in derselben Zeile; Text in Anführungszeichen "
     "setzen, jedes Feld in eine eigene Zeile"),
    ("Unclosed array",
     "eine Liste [ ] wird nicht geschlossen oder ihre Einträge sind nicht durch Kommas "
     "getrennt; ']' ergänzen bzw. Kommas setzen"),
    ("Unclosed inline table",
     "geschweifte Klammern { } werden nicht geschlossen oder ihre Einträge sind nicht "
     "durch Kommas getrennt; '}' ergänzen (in { } steht alles in einer Zeile)"),
    ("Illegal character '\\n'",
     "ein Text wird in seiner Zeile nicht geschlossen; das schließende Anführungszeichen "
     "ergänzen (ein Text über mehrere Zeilen steht in \"\"\" … \"\"\")"),
    ("Unterminated string", _QUOTE_NOT_CLOSED),
    ("Expected \"'''\"", _QUOTE_NOT_CLOSED),
    ("Expected '\"\"\"'", _QUOTE_NOT_CLOSED),
    ("Illegal character",
     "ein Steuerzeichen in einem Text (oft aus einem anderen Programm mitkopiert); das "
     "Zeichen löschen"),
    ("Unescaped '\\'",
     "ein Backslash (\\) in doppelten Anführungszeichen; einfache Anführungszeichen "
     "nehmen oder \\\\ schreiben"),
    ("Invalid hex value",
     "nach \\u bzw. \\U müssen 4 bzw. 8 Hexadezimalziffern stehen; einen Backslash als "
     "\\\\ schreiben"),
    ("not a Unicode scalar value",
     "\\u bzw. \\U steht für kein Zeichen; die Ziffern prüfen"),
    ("Expected ']' at the end of a table",
     "die Überschrift [tabelle] wird nicht geschlossen; ']' ergänzen"),
    ("Expected ']]' at the end of an array",
     "die Überschrift [[liste]] wird nicht geschlossen; ']]' ergänzen"),
    ("Invalid date",
     "kein gültiges Datum oder keine gültige Uhrzeit (z. B. 2024-03-12)"),
    ("Invalid number", "keine gültige Zahl; ist ein Text gemeint, in Anführungszeichen "
                       "setzen"),
    ("Cannot declare", _TOML_DUPLICATE),
    ("Cannot overwrite", _TOML_DUPLICATE),
    ("Cannot redefine", _TOML_DUPLICATE),
    ("Cannot mutate", _TOML_DUPLICATE),
    ("Duplicate inline table key", _TOML_DUPLICATE),
    ("already exists", _TOML_DUPLICATE),
    ("no nest behind this key", _TOML_DUPLICATE),
    ("other than list found behind this key", _TOML_DUPLICATE),
]
"""The messages of tomllib (and tomlkit's), each with its usual cause."""

_TOML_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$"
                         r"|\s+at line (\d+) col (\d+)\s*$")
"""Where tomllib (``(at line 3, column 5)``) and tomlkit (``at line 3 col 5``) put the
place of an error into its text."""


def toml_problem(error: Exception, text: str) -> Problem:
    """A tomllib or tomlkit error of ``text`` as a Problem with its line, column and
    cause; a ValueError of Python's int() (more than 4300 digits) too."""
    message = str(error)
    if "4300" in message and "digits" in message:
        return _long_number("TOML", text)
    match = _TOML_PLACE.search(message)
    line: int | None = getattr(error, "lineno", None)  # tomllib from Python 3.14 on
    column: int | None = getattr(error, "colno", None)
    if match:
        message = message[:match.start()]
        if match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
        elif match.group(3):
            line, column = int(match.group(3)), int(match.group(4)) + 1  # tomlkit: from 0
        else:
            line, column = max(1, len(text.rstrip("\n").split("\n"))), None
    cause = next((german for fragment, german in _TOML_CAUSES if fragment in message),
                 "so nicht lesbar; 'schlüssel = wert', Anführungszeichen um Texte und die "
                 "Klammern in dieser Zeile und der davor prüfen")
    if match and not column and "Invalid value" in message:
        cause = ("die Datei endet mitten in einem Wert; wird eine Klammer [ oder { nicht "
                 "geschlossen, oder fehlt der Wert nach '='?")
    where = _column(column) if column or not match else " (am Ende der Datei)"
    return Problem("", f"kein gültiges TOML{where}: {cause}", line)


_CSV_CAUSES = [
    ("field larger than field limit",
     "eine Zelle ist größer als 128 KB; steht ein Anführungszeichen am Anfang einer Zelle, "
     "das nie geschlossen wird?"),
    ("new-line character seen in unquoted field",
     "ein Zeilenumbruch mitten in einer Zelle ohne Anführungszeichen; die Zelle in "
     "Anführungszeichen setzen"),
    ("line contains NUL",
     "ein Null-Byte in der Zeile; als CSV UTF-8 neu speichern"),
    ("expected after",
     "nach einem schließenden Anführungszeichen steht weiterer Text; Anführungszeichen in "
     "einer Zelle verdoppeln (\"\")"),
]
"""The messages of Python's csv module, each with its usual cause."""


def csv_problem(error: Exception, line: int | None) -> Problem:
    """A ``csv`` reader error as a Problem at the row ``line``."""
    message = str(error)
    cause = next((german for fragment, german in _CSV_CAUSES if fragment in message),
                 "die Zeile ist so nicht lesbar; Trennzeichen und Anführungszeichen prüfen, "
                 "oder die Datei in Excel oder LibreOffice öffnen und als CSV UTF-8 speichern")
    return Problem("", f"nicht als CSV lesbar: {cause}", line)

