"""Uploaded Anlagen and data files, stored beside the Vorlage under their own names.

An administrator finds an upload again by the name it had on her computer:
``netzplan.pdf`` stays ``netzplan.pdf``, and a second ``netzplan.pdf`` in the same folder
becomes ``netzplan-2.pdf``; no upload ever replaces a file that stays. Only an upload
into the same place whose earlier upload goes with it (nothing else names that) takes
the earlier one's name. The browser's name is made
safe first (``safe_name``): only its last part counts (no ``../``, no folders), without
control characters, without the characters Windows forbids in names, not a device name
(``CON``, ``NUL``, ...), at most ``MAX_NAME_CHARS`` characters. Umlauts and ß stay as they
are: the papers name their Anlagen in German, and every system the form runs on stores
them. Its suffix must be one of a list and the content what the suffix says, and a
package (.xlsx, .docx, .odt) passes the same zip-bomb check as on the command line
before it is stored. Row limits and the reading itself are checked when the form checks
the Vorlage, exactly as ``vorlagen validate`` does.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from vorlagen.daten import TABLE_SUFFIXES
from vorlagen.errors import InputError, VorlagenError, os_reason
from vorlagen.files import write_atomic
from vorlagen.inputs import check_package
from vorlagen.readfile import read_file, texts_in

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""The largest file one upload may be."""
MAX_UPLOADS = 10
"""The most files one sending of the form may upload."""
ANLAGE_SUFFIXES = (".pdf", ".docx", ".odt", ".xlsx", ".ods", ".csv", ".png", ".jpg",
                   ".jpeg", ".txt")
"""What an Anlage may be."""
PACKAGES = (".docx", ".odt", ".xlsx", ".ods")
_MAGIC = {".pdf": (b"%PDF-",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",),
          ".jpeg": (b"\xff\xd8\xff",), **{suffix: (b"PK\x03\x04",) for suffix in PACKAGES}}


class UploadError(ValueError):
    """An upload refused, with the reason in German."""


def allowed(field: str) -> tuple[str, ...]:
    """The suffixes a file for the form field ``field`` may have: an Anlage's or a data
    file's (a plugin's block)."""
    return TABLE_SUFFIXES if field.startswith("plugins.") else ANLAGE_SUFFIXES


def store(folder: Path, field: str, client_name: str, data: bytes,
          replacing: Path | None = None) -> str:
    """Store an upload for ``field`` in ``folder``; the name it got, relative to it.
    ``replacing``: the file the upload replaces and that goes with it (``replaceable``):
    its name is free for the upload, which then takes its place."""
    suffix = Path(client_name).suffix.lower()
    permitted = allowed(field)
    if suffix not in permitted:
        raise UploadError(f"Dateityp {suffix or '(ohne Endung)'} ist hier nicht erlaubt; "
                          f"erlaubt: {', '.join(permitted)}")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"größer als {MAX_UPLOAD_BYTES // 2**20} MB")
    if not data:
        raise UploadError("die Datei ist leer")
    magic = _MAGIC.get(suffix)
    if magic and not data.startswith(magic):
        raise UploadError(f"der Inhalt ist keine {suffix[1:].upper()}-Datei")
    if magic is None and b"\x00" in data[:8192]:
        raise UploadError(f"der Inhalt ist keine Textdatei ({suffix})")
    name = safe_name(client_name, field)
    if suffix in PACKAGES:
        try:
            check_package(folder / name, f"keine gültige {suffix[1:].upper()}-Datei", data)
        except InputError as error:
            raise UploadError("; ".join(problem.message for problem in error.problems)
                              ) from None
    if replacing is not None and replacing.resolve() == (folder / name).resolve():
        target = replacing  # written over at once (atomic): the old one goes anyway
    else:
        target = _reserve(folder, name)
    try:
        write_atomic(target, data)
    except VorlagenError as error:
        if target is not replacing:
            with contextlib.suppress(OSError):
                target.unlink()
        raise UploadError(f"{target.name} lässt sich nicht schreiben ({error})") from None
    return target.name


MAX_NAME_CHARS = 100
"""The longest name an upload is stored under, suffix included."""
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]+')
"""Characters no file name may hold on Windows (or that separate folders)."""
_DEVICES = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])")
"""Windows' device names: a file ``NUL.pdf`` cannot be opened there."""


def safe_name(client_name: str, field: str = "") -> str:
    """The browser's name for a file as it may be stored: its last part only, without
    control and forbidden characters, spaces at the ends or a leading dot, not a device
    name, at most ``MAX_NAME_CHARS`` characters, the suffix in small letters; a name that
    leaves nothing is that of the field (``anlage-1.pdf``)."""
    base = re.split(r"[/\\]", client_name)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(" " if unicodedata.category(char).startswith("Z") else char
                   for char in base if not unicodedata.category(char).startswith("C")).strip()
    suffix = Path(base).suffix.lower()
    stem = base[:-len(suffix)] if suffix else base
    stem = _FORBIDDEN.sub("-", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-")
    if _DEVICES.fullmatch(stem.split(".", 1)[0].strip()):
        stem = f"{stem}-datei"
    stem = stem[:MAX_NAME_CHARS - len(suffix)].rstrip(" .-")
    return (stem or _stem(field)) + suffix


def _reserve(folder: Path, name: str) -> Path:
    """A new, empty file in ``folder`` under ``name``, or ``stem-2``, ``stem-3``, … where
    that is taken: created only if none stands there, so nothing is ever replaced."""
    stem, suffix = name[:-len(Path(name).suffix) or None], Path(name).suffix
    for number in range(1, 10_000):
        tail = "" if number == 1 else f"-{number}"
        candidate = folder / f"{stem[:MAX_NAME_CHARS - len(suffix) - len(tail)]}{tail}{suffix}"
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        except OSError as error:
            raise UploadError(f"{candidate.name} lässt sich nicht anlegen "
                              f"({os_reason(error)})") from None
        return candidate
    raise UploadError(f"zu viele Dateien namens {name} im Ordner")


def discard(path: Path, uploaded: AbstractSet[Path], vorlagen: Iterable[Path],
            unsaved: tuple[Path, Any] | None = None) -> bool:
    """Remove the file ``path`` that a new upload replaced, only if this form uploaded it
    (it is in ``uploaded``: a user's own file never goes) and none of ``vorlagen`` names
    it, nor the form's ``unsaved`` values (the Vorlage's folder and its data); whether it
    was removed."""
    path = path.resolve()
    if not replaceable(path, uploaded, vorlagen, unsaved):
        return False
    try:
        path.unlink()
    except OSError:
        return False
    return True


def replaceable(path: Path, uploaded: AbstractSet[Path], vorlagen: Iterable[Path],
                unsaved: tuple[Path, Any] | None = None) -> bool:
    """Whether ``discard`` would remove ``path``: this form uploaded it and nothing
    names it (see there)."""
    path = path.resolve()
    if path not in uploaded or not path.is_file():
        return False
    if unsaved is not None and _names(unsaved[0], unsaved[1], path):
        return False
    return not any(named(path, vorlage) for vorlage in vorlagen)


def named(path: Path, vorlage: Path) -> bool:
    """Whether the Vorlage file ``vorlage``, read as the command line reads it, names
    the file ``path`` anywhere (relative to its folder or absolute). One that cannot be
    read counts as naming it if its text holds the file's name: never delete on a guess."""
    try:
        data = read_file(vorlage).data
    except VorlagenError:
        try:
            return path.name in vorlage.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return True
    return _names(vorlage.parent, data, path)


def _names(base: Path, data: Any, path: Path) -> bool:
    """Whether a string anywhere in ``data`` is the path of ``path`` from ``base``."""
    for value in texts_in(data):
        if Path(value.strip()).name == path.name:
            try:
                if (base / value.strip()).resolve() == path:
                    return True
            except (OSError, ValueError):
                return True
    return False


def _stem(field: str) -> str:
    """``anlagen[0].datei`` → ``anlage-1``; ``plugins.massnahmen.datei`` →
    ``massnahmen-datei``."""
    if match := re.fullmatch(r"anlagen\[(\d+)\]\.datei", field):
        return f"anlage-{int(match.group(1)) + 1}"
    parts = re.findall(r"[a-z0-9]+", field.lower().removeprefix("plugins."))
    return "-".join(parts)[:40] or "datei"
