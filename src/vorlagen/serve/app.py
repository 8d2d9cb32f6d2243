"""The web application of ``vorlagen serve``: pages, actions, preview and downloads.

The page is drawn on the server (Jinja2) and works without JavaScript: every list button
sends the whole form and gets the page back. htmx only adds the live check, which sends
the form as the user types and swaps in the messages, never the controls, so keyboard
focus stays where it is.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import pluggy
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from vorlagen.builder import Builder, Options, output_stem
from vorlagen.errors import VorlagenError, os_reason
from vorlagen.hausformate import (
    STANDARD,
    available,
    chosen,
    find,
    load_hausformat,
    nearest,
)
from vorlagen.inputs import MAX_TEXT_FILE_BYTES
from vorlagen.model import HAUSFORMAT_KEYS
from vorlagen.plugins import sections
from vorlagen.readfile import SUFFIXES
from vorlagen.renamed import keywords
from vorlagen.schema import vorlage_schema
from vorlagen.serve import disconnect, drafts, removal, ris_choices, rows, vorlage_file
from vorlagen.serve import fields as fe
from vorlagen.serve import uploads as upload_files
from vorlagen.serve.checks import Outcome, assign, check
from vorlagen.serve.listing import COLUMNS, DIRECTIONS, Listing, arranged
from vorlagen.serve.preview import Converter, Part, page_texts, pages, places
from vorlagen.serve.security import CSRF_FIELD, CSRF_HEADER, Access, Guard, TooLarge
from vorlagen.serve.wording import heading

HERE = Path(__file__).parent
MAX_FIELDS = 20_000
MAX_FIELD_BYTES = 4 * 1024 * 1024
MAX_PREVIEWS = 20
"""Previews kept for their pictures; older ones are deleted."""
FORMATS = ("docx", "odt", "pdf")
ALL_FILES = "zip"
"""The download of every file of a Fassung: the paper in each format and its Anlagen."""
FASSUNGEN = {"voll": "Vollständige Fassung", "oeffentlich": "Fassung zur Veröffentlichung"}


@dataclass
class Page:
    """What one drawing of the form page shows besides the controls."""

    message: str = ""
    focus: str | None = None
    preview_images: list[str] = field(default_factory=list)
    preview_fassung: str = ""
    preview_error: str = ""
    preview_places: dict[str, int] = field(default_factory=dict)
    """The page (1, 2, …) each control and group is printed on, by its id."""
    version: str = ""
    """The file's version the form is based on (``vorlage_file.File.version``): saving over a
    file changed since is refused."""
    conflict: bool = False
    """Saving was refused because the file changed since: offer to save anyway."""
    draft: drafts.Draft | None = None
    """Unsaved values kept beside the file, offered to take over or discard."""
    draft_changed: str = ""
    """The labels of the fields the offered draft changes, listed."""
    base: dict[str, Any] | None = None
    """The file's values at ``version`` (what the form was opened with): a refused save
    carries the user's own edits onto the file as it is now."""
    unsaved: bool = False
    """The form holds what its file does not (leaving the page asks first)."""
    removed: rows.Removed | None = None
    """The row a button just removed: offered back."""
    carried: dict[str, Any] = field(default_factory=dict)
    """The form's state after the user's edits were carried over onto the file now."""

    @property
    def base_text(self) -> str:
        """``base`` as the page carries it (``_basis``): JSON, "" where unknown."""
        return "" if self.base is None else json.dumps(self.base, ensure_ascii=False)


class Server:
    """One launch of ``vorlagen serve``: its folder, plugins, secrets and temporary files."""

    def __init__(self, folder: Path, manager: pluggy.PluginManager, access: Access) -> None:
        self.folder = folder.resolve()
        self.manager = manager
        self.access = access
        self.work = Path(tempfile.mkdtemp(prefix="vorlagen-serve-"))
        self.converter = Converter(self.work / "libreoffice")
        self.starting = threading.Thread(target=self.converter.start, daemon=True)
        """Starts LibreOffice for the previews while the first page is read."""
        self.previews: OrderedDict[str, list[Path]] = OrderedDict()
        self.uploaded: set[Path] = set()
        """The files this launch's form uploaded (one launch has one session: its
        address works once); only these may it delete again."""
        self.listing = Listing(self.folder, manager)
        """The folder's papers, each read and checked once per version (the list, the
        next free Drucksachen-Nr.)."""
        self._lock = threading.Lock()
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)

    def close(self) -> None:
        """Stop LibreOffice and remove every temporary file, once a start still under
        way has seen the close (it ends within moments then) and made nothing more."""
        self.converter.close()
        if self.starting.is_alive():
            self.starting.join(timeout=60)
        shutil.rmtree(self.work, ignore_errors=True)

    def vorlage_files(self) -> list[str]:
        """The Vorlage files in the folder and below, relative to it: YAML, JSON and TOML
        files with a top-level ``art`` (Hausformat files and data files have none)."""
        found: list[str] = []
        for top, folders, files in os.walk(self.folder):
            folders[:] = sorted(name for name in folders
                                if not name.startswith(".") and name not in SKIPPED)
            for name in sorted(files):
                path = Path(top, name)
                if _is_vorlage(path):
                    found.append(str(path.relative_to(self.folder)))
                    if len(found) >= MAX_LISTED:
                        return found
        return found

    def file(self, request: Request) -> Path:
        """The Vorlage file a request names, only if it is a Vorlage inside the folder
        (no ``..``, no link leading out)."""
        name = request.query_params.get("datei", "")
        if not name or len(name) > 4096 or any(ord(c) < 32 or ord(c) == 127 for c in name):
            raise HTTPException(404, f"Keine Vorlage {name[:200]!r} in {self.folder}")
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder) or not _is_vorlage(path):
            raise HTTPException(404, f"Keine Vorlage {name!r} in {self.folder}")
        return path

    def form(self, state: dict[str, Any], file: Path) -> fe.Form:
        name = state.get(HAUSFORMAT_KEYS[0])
        return _form_for(self.manager, name if isinstance(name, str) and name else None,
                         file.parent)

    def checked(self, file: Path, state: dict[str, Any], outcome: Outcome | None = None
                ) -> tuple[list[fe.Field], Outcome]:
        """The form's controls for ``state``, with the check's messages at them."""
        form = self.form(state, file)
        fields = form.fields(state)
        outcome = outcome or check(form.data(state), file, self.manager)
        assign(outcome, fields)
        return fields, outcome

    def form_page(self, file: Path, state: dict[str, Any], page: Page,
                  outcome: Outcome | None = None) -> HTMLResponse:
        fields, outcome = self.checked(file, state, outcome)
        fields = rows.arranged(fields, self.form(state, file), page.removed, page.focus)
        removal.offer(fields, page.removed)
        ris = ris_choices.offer(fields, file.parent)  # the body's Gremien, their next meetings
        name = str(file.relative_to(self.folder))
        # the live check sends no file: an upload is sent once, by a button
        uploads = [f"hochladen:{field.name}" for top in fields for field in top.walk()
                   if field.kind == "file"]
        html = self.templates.get_template("form.html").render(
            uploads="not " + ",".join(uploads) if uploads else "*",
            fields=fields, outcome=outcome, page=page, file=name, heading=heading(state),
            csrf=self.access.csrf, csrf_field=CSRF_FIELD, formats=FORMATS, all_files=ALL_FILES,
            fassungen=FASSUNGEN, hausformate=sorted(available(self.manager)), ris=ris)
        return HTMLResponse(html)


SKIPPED = {"out", "node_modules", "__pycache__", "venv"}
"""Folders not searched for Vorlagen (besides hidden ones such as .venv, .git)."""
MAX_LISTED = 500


def _is_vorlage(path: Path) -> bool:
    """Whether ``path`` is a Vorlage file: YAML with a line ``art: …`` at the top level,
    TOML with ``art = …``, JSON with an object that has ``"art"`` (one that is broken:
    with ``"art":`` in it, so that the list shows it as broken). Asked on every
    request (the live check too), so a file is read again only once it changed."""
    try:
        info = path.stat()
    except OSError:
        return False
    if (path.suffix.lower() not in SUFFIXES or not stat.S_ISREG(info.st_mode)
            or info.st_size > MAX_TEXT_FILE_BYTES):
        return False
    return _has_art(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=1024)
def _has_art(path: Path, mtime_ns: int, size: int) -> bool:
    """Whether the file (at this version) has a top-level ``art``."""
    suffix = path.suffix.lower()
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(256 * 1024 if suffix != ".json" else size)
    except OSError:
        return False
    if suffix == ".json":
        try:
            data = json.loads(head)
        except ValueError:  # broken: listed as such where it names a kind
            return re.search(r'"art"\s*:', head) is not None
        return isinstance(data, dict) and isinstance(data.get("art"), str)
    pattern = r"(?m)^art\s*=" if suffix == ".toml" else r"(?m)^art\s*:"
    return re.search(pattern, head) is not None


@lru_cache(maxsize=32)
def _form_for(manager: pluggy.PluginManager, hausformat_name: str | None, base: Path) -> fe.Form:
    """The form for a Hausformat (the standard one where it cannot be found: the check
    says why)."""
    try:
        source = chosen(hausformat_name, manager, base)  # without a name: the hausformat.yaml above
        hausformat = load_hausformat(source, manager)
        name = source.name
    except (ValueError, VorlagenError):
        source = find(None, manager, base)
        hausformat, name = load_hausformat(source), source.name
    return fe.Form(vorlage_schema(manager, hausformat, name), hausformat, sections(manager))


@keywords(zugang="access")
def create_app(folder: Path, *, access: Access, manager: pluggy.PluginManager | None = None,
               ) -> Starlette:
    """The application for the Vorlagen in ``folder``; ``access`` holds the one-time
    code, the session secret and the addresses it answers on. ``app.state.server`` is
    the ``Server``."""
    from vorlagen.plugins import plugin_manager

    server = Server(folder, manager or plugin_manager(), access)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        server.starting.start()
        try:
            yield
        finally:
            server.listing.close()  # its checking threads ended before the interpreter's exit
            server.close()


    def list_page(message: str = "", values: dict[str, str] | None = None,
                  status: int = 200, focus: str = "", asked: Mapping[str, str] | None = None,
                  ) -> HTMLResponse:
        values = dict(values or {})
        hausformate = _hausformat_choices(server)
        if values.get("hausformat") not in dict(hausformate):
            values["hausformat"] = ""  # an unknown one: the folder's own or standard, preselected
        arten = _arten(server, values["hausformat"])
        if values.get("art") not in arten:
            values["art"] = arten[0] if arten else ""
        asked = asked or {}
        sort = asked.get("sortierung", "datum")
        sort = sort if sort in COLUMNS else "datum"
        direction = asked.get("richtung", "ab" if sort == "datum" else "auf")
        direction = direction if direction in DIRECTIONS else "auf"
        query = " ".join(str(asked.get("suche", "")).split())[:200]
        files = server.vorlage_files()
        papers = server.listing.papers(files)
        shown = {paper.file for paper in arranged(papers, sort, direction, query)}
        ordered = arranged(papers, sort, direction, "")
        own = nearest(server.folder)
        html = server.templates.get_template("list.html").render(
            papers=[(paper, paper.file in shown) for paper in ordered],
            shown=len(shown), total=len(papers), more=len(files) >= MAX_LISTED,
            columns=COLUMNS, sort=sort, direction=direction, query=query,
            own_hausformat=os.path.relpath(own, server.folder) if own else "",
            folder=str(server.folder),
            message=message, values=values, hausformate=hausformate, arten=arten, focus=focus,
            csrf=server.access.csrf, csrf_field=CSRF_FIELD)
        return HTMLResponse(html, status)

    async def index(request: Request) -> Response:
        return await asyncio.to_thread(list_page, asked=request.query_params)

    async def new_arten(request: Request) -> Response:
        """The kind select for the Hausformat chosen in the dialog (htmx swaps it in)."""
        hausformat_name = request.query_params.get("hausformat", "")
        arten = _arten(server, hausformat_name)
        html = server.templates.get_template("new_arten.html").render(
            arten=arten, values={"hausformat": hausformat_name, "art": arten[0] if arten else ""},
            focus="", message="")
        return HTMLResponse(html)

    async def new(request: Request) -> Response:
        form = await _sent_form(request, server)
        values = {key: str(form.get(key) or "").strip()
                 for key in ("art", "ordner", "hausformat")}
        if form.get("_aktion") == "arten":  # without JavaScript: the chosen Hausformat's kinds
            return list_page("", {**values, "art": ""}, focus="art")
        try:
            file = await disconnect.worked(request, _new_vorlage, server, values["art"],
                                           values["ordner"], values["hausformat"])
        except NotCreated as error:
            return list_page(f"Nicht angelegt: {error}.", values, 422, error.field)
        name = quote(str(file.relative_to(server.folder)))
        return RedirectResponse(f"/bearbeiten?datei={name}", 303)

    async def edit(request: Request) -> Response:
        return await asyncio.to_thread(_opened, server, server.file(request))

    async def submit(request: Request) -> Response:
        file = server.file(request)
        form = await _sent_form(request, server)
        uploads = await _uploads(form)
        return await disconnect.worked(request, _submitted, server, file, _state(form),
                                       str(form.get("_aktion") or "pruefen"), uploads,
                                       str(form.get("_stand") or ""),
                                       drafts.base_of(str(form.get("_basis") or "")))

    async def check_live(request: Request) -> Response:
        file = server.file(request)
        state = _state(await _sent_form(request, server))
        return await disconnect.worked(request, _live, server, file, state)

    async def draft_keep(request: Request) -> Response:
        file = server.file(request)
        length = request.headers.get("content-length", "")
        if not length.isdigit() or int(length) > drafts.MAX_DRAFT_BYTES:
            raise HTTPException(413, "Zu groß für einen Entwurf.")
        form = await _sent_form(request, server)
        values = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        return await disconnect.worked(request, _draft_kept, server, file, values)

    async def draft_take(request: Request) -> Response:
        file = server.file(request)
        await _sent_form(request, server)
        return await disconnect.worked(request, _draft_taken, server, file)

    async def draft_discard(request: Request) -> Response:
        file = server.file(request)
        await _sent_form(request, server)
        await disconnect.worked(request, drafts.remove, file)
        name = quote(str(file.relative_to(server.folder)))
        return RedirectResponse(f"/bearbeiten?datei={name}", 303)

    async def preview_image(request: Request) -> Response:
        key, page = request.path_params["key"], request.path_params["page"]
        with server._lock:
            images = server.previews.get(key)
        if images is None or not 1 <= page <= len(images):
            raise HTTPException(404, "Diese Vorschau gibt es nicht mehr.")
        return FileResponse(images[page - 1], media_type="image/jpeg")

    newest: dict[Path, int] = {}
    """The number of the latest live preview asked for, by file: an older one still
    waiting for LibreOffice is not made (its answer would be dropped anyway)."""

    async def preview_live(request: Request) -> Response:
        """The live preview's pages for what the form holds (preview.js asks after a
        pause in typing)."""
        file = server.file(request)
        form = await _sent_form(request, server)
        fassung = str(form.get("_fassung") or "voll")
        number = newest[file] = newest.get(file, 0) + 1
        return await disconnect.worked(request, _live_preview, server, file, _state(form),
                                       fassung, lambda: newest.get(file) != number)

    app = Starlette(routes=[
        Route("/", index),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/neu", new, methods=["POST"]),
        Route("/neu/arten", new_arten, methods=["GET"]),
        Route("/bearbeiten", edit, methods=["GET"]),
        Route("/bearbeiten", submit, methods=["POST"]),
        Route("/pruefen", check_live, methods=["POST"]),
        # nothing lost: the draft beside the file
        Route("/entwurf", draft_keep, methods=["POST"]),
        Route("/entwurf/uebernehmen", draft_take, methods=["POST"]),
        Route("/entwurf/verwerfen", draft_discard, methods=["POST"]),
        Route("/vorschau/{key:str}/{page:int}.jpg", preview_image),
        # the paper beside the form: its live preview
        Route("/vorschau", preview_live, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ], lifespan=lifespan, exception_handlers={TooLarge: _too_large})
    app.state.server = server
    app.add_middleware(Guard, access=access)
    return app


class NotCreated(ValueError):
    """Why the dialog made no new Vorlage, in German, and the field (``ordner``,
    ``hausformat`` or ``art``) to correct."""

    def __init__(self, text: str, field: str) -> None:
        super().__init__(text)
        self.field = field


FOLDER_NAME = re.compile(r"[^\W_][\w .-]{0,79}")


def _hausformat_choices(server: Server) -> list[tuple[str, str]]:
    """The dialog's Hausformate as (value, label), the preselected first: "" stands for
    the folder's own ``hausformat.yaml`` where there is one, else for ``standard``."""
    names = sorted(available(server.manager))
    own = nearest(server.folder)
    if own is None:
        return [("", STANDARD)] + [(name, name) for name in names if name != STANDARD]
    return [("", f"das eigene ({os.path.relpath(own, server.folder)})")] + [
        (name, name) for name in names]


def _arten(server: Server, hausformat_name: str) -> list[str]:
    """The kinds of paper a new Vorlage in the Hausformat ``hausformat_name`` ("": the
    folder's own, else the standard one) may have, its own first; none for one that is
    unknown or cannot be read."""
    from vorlagen.plugins import document_types

    if hausformat_name and hausformat_name not in available(server.manager):
        return []
    try:
        hausformat = load_hausformat(chosen(hausformat_name or None, server.manager, server.folder),
                                     server.manager)
    except (ValueError, VorlagenError):
        return []
    names = [art.name for art in hausformat.arten]
    return names + [name for name in document_types(server.manager) if name not in names]


def _new_vorlage(server: Server, art: str, folder_name: str, hausformat_name: str) -> Path:
    """A new Vorlage (as ``vorlagen new`` makes it) in a new folder ``folder_name`` of the
    server's; ``NotCreated`` says in the administrator's words what is wrong."""
    from vorlagen.new import new_vorlage, write_new

    if not folder_name:
        raise NotCreated("Bitte einen Namen für den neuen Ordner eingeben, z. B. "
                         "2025-014-radweg", "ordner")
    if not FOLDER_NAME.fullmatch(folder_name) or folder_name.strip(" .") != folder_name:
        raise NotCreated("Der Ordnername darf Buchstaben, Ziffern, Leerzeichen, Punkt, "
                         "Binde- und Unterstrich enthalten (kein / oder ..), höchstens "
                         "80 Zeichen", "ordner")
    if folder_name in SKIPPED:  # the list does not look there
        raise NotCreated(f"Einen Ordner „{folder_name}“ durchsucht die Liste nicht; die "
                         "Vorlage wäre dort nicht zu finden. Bitte einen anderen Namen "
                         "wählen", "ordner")
    folder = server.folder / folder_name
    if folder.exists():
        raise NotCreated(f"Den Ordner „{folder_name}“ gibt es schon. Bitte einen anderen "
                         "Namen wählen", "ordner")
    name = hausformat_name or dict(_hausformat_choices(server))[""]
    if hausformat_name and hausformat_name not in available(server.manager):
        raise NotCreated(f"Das Hausformat „{name}“ gibt es hier nicht. Bitte eines aus "
                         "der Liste wählen", "hausformat")
    try:
        hausformat = load_hausformat(chosen(hausformat_name or None, server.manager, server.folder),
                                     server.manager)
    except (ValueError, VorlagenError):
        raise NotCreated(f"Das Hausformat „{name}“ ist fehlerhaft und lässt sich nicht "
                         "lesen. Bitte ein anderes wählen oder die Betreuung der "
                         "Hausformate fragen", "hausformat") from None
    if art not in _arten(server, hausformat_name):
        raise NotCreated(f"Das Hausformat „{name}“ kennt die Art „{art}“ nicht. Bitte "
                         "eine der angebotenen Arten wählen", "art")
    text = new_vorlage(art, hausformat, hausformat_name or None, server.manager,
                       taken=_numbers(server))
    disconnect.check()  # the client gone: no folder made
    try:
        write_new(folder, text, server.manager, hausformat, hausformat_name or None)
    except (OSError, VorlagenError):
        raise NotCreated(f"Der Ordner „{folder_name}“ lässt sich in {server.folder} nicht "
                         "anlegen (fehlen dort Schreibrechte?)", "ordner") from None
    return folder / "vorlage.yaml"


def _numbers(server: Server) -> list[str]:
    """The Drucksachen-Nrn. of the Vorlagen in the folder (a new one takes the next), as
    the list read them."""
    return server.listing.numbers(server.vorlage_files())


async def _too_large(request: Request, error: Exception) -> Response:
    return Response("Zu groß: so viel nimmt vorlagen serve auf einmal nicht an.", 413)


async def _sent_form(request: Request, server: Server) -> FormData:
    """The sent form, within the limits, with its CSRF token checked."""
    try:
        form = await request.form(max_files=upload_files.MAX_UPLOADS, max_fields=MAX_FIELDS,
                                  max_part_size=MAX_FIELD_BYTES)
    except HTTPException as error:
        raise HTTPException(400, f"Das Formular ist zu groß: {error.detail}") from None
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not server.access.csrf_ok(token):
        raise HTTPException(403, "Abgelehnt: das Formular trägt nicht den Schlüssel dieser "
                                 "Sitzung (Seite neu laden).")
    names = [name.removeprefix("hochladen:") for name in form]
    names += [str(value).partition(":")[2] for name, value in form.multi_items()
              if name == "_aktion"]
    try:  # the bounds checked before any of the form's values is built
        fe.check_names(names)
    except fe.FormTooComplex as error:
        raise HTTPException(400, f"Das Formular ist zu groß: {error}. So sendet es das "
                                 "Formular nicht; bitte die Seite neu laden.") from None
    if await request.is_disconnected():  # the browser gave up: no work for nobody
        raise HTTPException(400, "Die Anfrage wurde abgebrochen.")
    return form


def _state(form: FormData) -> dict[str, Any]:
    return fe.state_from_form([(k, v) for k, v in form.multi_items() if isinstance(v, str)])


Upload = tuple[str, str, bytes]
"""A file the form sends: the field it is for, the browser's name for it, its bytes."""


async def _uploads(form: FormData) -> list[Upload]:
    """The files the form sends (at most ``MAX_UPLOAD_BYTES`` + 1 bytes read of each)."""
    return [(name.removeprefix("hochladen:"), value.filename,
             await value.read(upload_files.MAX_UPLOAD_BYTES + 1))
            for name, value in form.multi_items()
            if name.startswith("hochladen:") and isinstance(value, UploadFile)
            and value.filename]


def _opened(server: Server, file: Path) -> Response:
    """The form of a Vorlage file as it is saved."""
    try:
        opened = vorlage_file.read(file)
    except VorlagenError as error:
        return HTMLResponse(server.templates.get_template("error.html").render(
            text=str(error)), 422)
    state = drafts.state_of(opened)  # the old Hausformat key shown under its new name
    draft = drafts.offer(file, opened, lambda draft: server.form(draft, file).data(draft))
    page = Page(version=opened.version, draft=draft, base=state)
    if draft is not None:  # its fields by their labels: what taking it over changes
        def data_of(values: dict[str, Any]) -> dict[str, Any]:
            return server.form(values, file).data(values)
        changed = drafts.differing(data_of(state if draft.base is None else draft.base),
                                   data_of(draft.state))
        page.draft_changed = drafts.listed(drafts.labels(
            server.form(draft.state, file).fields(draft.state), changed))
    return server.form_page(file, state, page)


def _draft_kept(server: Server, file: Path, values: drafts.Values) -> Response:
    """Keep what the form sends as the draft of ``file``, or remove the draft where it
    is what the file holds; whether the form holds what is not saved."""
    state = fe.state_from_form(values)
    unsaved = drafts.unsaved(file, server.form(state, file).data(state))
    disconnect.check()  # the client gone: no draft written
    try:
        if unsaved:
            version = next((v for k, v in values if k == "_stand"), "")
            base = drafts.base_of(next((v for k, v in values if k == "_basis"), ""))
            drafts.write(file, values, version, base=base)
        else:
            drafts.remove(file)
    except (OSError, VorlagenError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        return Response(f"Entwurf nicht gesichert: {reason}", 503)
    return Response(json.dumps({"unsaved": unsaved}), media_type="application/json")


def _draft_taken(server: Server, file: Path) -> Response:
    """The form drawn from the draft of ``file``. Where the file changed since the draft
    was typed and the draft knows its base, only the user's own edits are carried over
    onto the file as it is now (saving then works); else the form is based on the
    version the draft was typed against (saving over a change made since is refused)."""
    draft = drafts.read(file)
    if draft is None:  # discarded or saved meanwhile: the file as it is
        return _opened(server, file)
    state = draft.state
    page = Page(version=draft.version, unsaved=True, base=draft.base,
                focus="knopf-speichern",  # taken over: saving is what comes next
                message=f"Die Eingaben vom {draft.when} sind übernommen; gespeichert sind "
                        "sie erst mit „Speichern“.")
    try:
        current = vorlage_file.read(file)
        changed = current.version != draft.version
        if not changed:
            page.base = drafts.state_of(current)
    except VorlagenError:
        changed = True
    if changed and draft.base is not None:
        said = _carry_over(server, file, draft.base, state, page)
        if page.version != draft.version:  # carried over
            page.message = (f"Die Eingaben vom {draft.when} sind übernommen. {said} "
                            "Gespeichert sind sie erst mit „Speichern“.")
            return server.form_page(file, page.carried, page)
    if changed:
        page.message += (f" Achtung: {file.name} wurde geändert, nachdem diese Eingaben "
                         "gemacht wurden. Beim Speichern fragt das Formular, ob diese "
                         "Änderungen ersetzt werden sollen.")
    return server.form_page(file, state, page)


def _submitted(server: Server, file: Path, state: dict[str, Any], action: str,
               uploads: list[Upload], version: str,
               base: dict[str, Any] | None = None) -> Response:
    """The sent form with its uploads stored and its button's action done."""
    disconnect.check()  # the client gone: no upload stored
    said = [_store(server, file, state, upload) for upload in uploads]
    page = Page(version=version, base=base)
    verb = action.split(":", 1)[0]
    if verb == drafts.CARRY and base is not None:  # a refused save's way out
        said.append(_carry_over(server, file, base, state, page))
        state = page.carried
    form = server.form(state, file)
    outcome: Outcome | None = None
    if verb in ("hinzufuegen", "entfernen", "hoch", "runter", rows.UNDO):
        page.removed = rows.take(state, action, form) if verb == "entfernen" else None
        focus = (rows.restore(state, action, form) if verb == rows.UNDO
                 else fe.apply(state, action, form))
        page.focus, moved = _after_action(verb, focus, form, state, page.removed)
        said.append(moved)
    elif verb == ris_choices.TAKE:  # a meeting day from the RIS into its Beratung's dates
        page.focus, took = ris_choices.take(state, action)
        said.append(took)
    elif verb == removal.ACTION:  # a value the paper does not print, removed whole
        page.removed = removal.drop(state, action, form)
        if page.removed is not None:
            page.focus = rows.UNDO
            said.append(f"{page.removed.label} entfernt.")
    else:
        data = form.data(state)
        outcome = check(data, file, server.manager)
        disconnect.check()  # the client gone: nothing saved, made or rendered
        if verb == "speichern":
            said.append(_save(file, data, outcome, page, action == "speichern:trotzdem"))
        elif verb == "vorschau":
            _preview(server, outcome, page, action.partition(":")[2] or "voll",
                     form.fields(state))
        elif verb == "formular":  # the form redrawn for the kind and Hausformat chosen
            page.focus = "f-hausformat" if action == "formular:hausformat" else "f-art"
        elif verb == "herunterladen":
            download = _download(server, outcome, action, page)
            if download is not None:
                return download
        if verb in ("pruefen", "speichern", "herunterladen"):  # the focus back on the button
            page.focus = "knopf-" + action.replace(":", "-").replace("-trotzdem", "")
        elif verb == drafts.CARRY:  # carried over: saving is what comes next
            page.focus = "knopf-speichern"
        elif uploads:  # the focus back on the first file's upload button
            uploaded = fe.find(form.fields(state), fe.split(uploads[0][0]))
            page.focus = f"hochladen-{uploaded.id}" if uploaded is not None else None
    page.message = " ".join(part for part in [*said, page.message] if part)
    page.unsaved = drafts.unsaved(file, form.data(state))
    return server.form_page(file, state, page, outcome)


def _save(file: Path, data: dict[str, Any], outcome: Outcome, page: Page,
          anyway: bool) -> str:
    """Save the form into its file unless the file changed since the form was opened
    (in an editor, by git): then say so and offer to save anyway."""
    try:
        current = vorlage_file.read(file)
        if page.version and current.version != page.version and not anyway:
            page.conflict = True
            if page.base is not None:
                return (f"Nicht gespeichert: {file.name} wurde geändert, seit das Formular "
                        "sie geöffnet hat. „Meine Änderungen auf die neue Fassung "
                        "übertragen“ übernimmt nur, was hier geändert wurde, in die Datei, "
                        "wie sie jetzt ist (danach „Speichern“); „Trotzdem speichern“ "
                        "ersetzt die Änderungen in der Datei durch das ganze Formular.")
            return (f"Nicht gespeichert: {file.name} wurde geändert, seit das Formular sie "
                    "geöffnet hat. „Trotzdem speichern“ ersetzt diese Änderungen durch das "
                    "Formular; " + (drafts.conflict_note(file) or "die Datei neu öffnen "
                                    "verwirft stattdessen die Eingaben hier."))
        saved = vorlage_file.save(current, data)
        page.version, page.base = saved.version, drafts.state_of(saved)
        drafts.remove(file)
    except VorlagenError as error:
        return f"Nicht gespeichert: {error}"
    except OSError as error:
        return (f"Nicht gespeichert: {file.name} lässt sich nicht schreiben "
                f"({os_reason(error)}).")
    return f"Gespeichert in {file.name}." + (
        "" if outcome.valid else f" Die Vorlage hat noch {len(outcome.errors)} Fehler.")


def _carry_over(server: Server, file: Path, base: dict[str, Any], mine: dict[str, Any],
                page: Page) -> str:
    """The user's own edits (``base`` → ``mine``) carried over onto ``file`` as it is now,
    into ``page.carried``, the page then based on the file's version now; what was done,
    for the page. Where the file cannot be read, the form stays as it was."""
    def data_of(values: dict[str, Any]) -> dict[str, Any]:
        return server.form(values, file).data(values)

    page.carried = mine
    try:
        carried = drafts.carry_over(file, base, mine, data_of)
    except (VorlagenError, OSError) as error:
        return f"Nicht übertragen: {error}"
    page.carried, page.version, page.base = carried.state, carried.version, carried.base
    said = (f"Die Änderungen hier sind auf die neue Fassung von {file.name} übertragen; "
            "was dort inzwischen geändert wurde, bleibt.")
    note = drafts.both_note(server.form(carried.state, file).fields(carried.state),
                            carried.both)
    return f"{said} {note}" if note else said


def _store(server: Server, file: Path, state: dict[str, Any], upload: Upload) -> str:
    """Store one upload beside the Vorlage and put its name into ``state``; what was
    done, for the page. An earlier upload of this form to this field that nothing else
    names goes, rather than piling up (and an upload of the same name takes its place);
    a user's file, or one another Vorlage of the folder names, stays."""
    target, client_name, data = upload
    path = fe.split(target)
    before = fe.at(state, path)
    before = before.strip() if isinstance(before, str) else ""
    old = file.parent / before if before else None
    with server._lock:
        uploaded = frozenset(server.uploaded)
    going = False
    if old is not None and old.resolve() in uploaded:  # the folder read only then
        fe.put(state, path, "")  # (whether the form names it elsewhere)
        going = upload_files.replaceable(
            old, uploaded, [file, *(server.folder / name for name in server.vorlage_files())],
            (file.parent, state))
        fe.put(state, path, before)
    try:
        stored = upload_files.store(file.parent, target, client_name, data,
                                    old if going else None)
    except upload_files.UploadError as error:
        return f"Nicht hochgeladen ({target}): {error}."
    wanted = upload_files.safe_name(client_name, target)
    stored_as = stored if stored == wanted else f"{stored} ({wanted} gibt es dort schon)"
    with server._lock:
        server.uploaded.add((file.parent / stored).resolve())
    fe.put(state, path, stored)
    if old is None or not going:
        return f"Hochgeladen als {stored_as}."
    if old.resolve() == (file.parent / stored).resolve():
        return f"Hochgeladen als {stored} (ersetzt die vorige Datei)."
    if upload_files.discard(old, uploaded, [], (file.parent, state)):
        with server._lock:
            server.uploaded.discard(old.resolve())
        return f"Hochgeladen als {stored_as}, statt {before}."
    return f"Hochgeladen als {stored_as}."


def _live(server: Server, file: Path, state: dict[str, Any]) -> Response:
    """The live check's answer: the messages only, each swapped in at its place."""
    fields, outcome = server.checked(file, state)
    html = server.templates.get_template("check.html").render(
        fields=[f for top in fields for f in top.walk()], outcome=outcome)
    return HTMLResponse(html)


def _after_action(verb: str, focus: fe.Path_ | None, form: fe.Form,
                 state: dict[str, Any], removed: rows.Removed | None = None
                 ) -> tuple[str | None, str]:
    """Where the keyboard focus goes after a list button, and what is announced."""
    if focus is None:
        return None, ("Nicht wiederhergestellt: diese Zeile passt nicht mehr ins Formular."
                      if verb == rows.UNDO else "")
    fields = form.fields(state)
    target = fe.find(fields, focus)
    if target is None:
        return None, ""
    if verb in ("hinzufuegen", rows.UNDO):
        leaf = next((f for f in target.walk() if f.kind not in ("group", "list", "pairs")),
                    target)
        done = "hinzugefügt" if verb == "hinzufuegen" else "wiederhergestellt"
        return leaf.id, f"{target.label} {done}."
    if verb == "entfernen":
        if removed is not None:
            return rows.UNDO, f"{removed.label} entfernt."
        return f"add-{target.id}", "Eintrag entfernt."
    return f"{verb}-{target.id}", f"Verschoben: jetzt {target.label}."


def _preview(server: Server, outcome: Outcome, page: Page, fassung: str,
             fields: list[fe.Field], stale: Callable[[], bool] = lambda: False) -> None:
    page.preview_fassung = FASSUNGEN.get(fassung, FASSUNGEN["voll"])
    if outcome.vorlage is None:
        page.preview_error = "Die Vorschau zeigt erst eine Vorlage ohne Fehler."
        return
    try:
        data = Builder(Options(formats=("odt",), oeffentlich=fassung == "oeffentlich"),
                       server.manager).document(outcome.vorlage, "odt")
        if stale():
            return
        disconnect.check()  # each step only while the client waits for it
        pdf = server.converter.pdf("vorlage.odt", data)
        disconnect.check()
        key = f"{time.monotonic_ns():x}"
        images = pages(pdf, server.work / "previews" / key)
        if disconnect.current().gone():
            shutil.rmtree(server.work / "previews" / key, ignore_errors=True)
            raise disconnect.Gone
    except VorlagenError as error:
        page.preview_error = str(error)
        return
    with server._lock:
        server.previews[key] = images
        while len(server.previews) > MAX_PREVIEWS:
            _, old = server.previews.popitem(last=False)
            if old:
                shutil.rmtree(old[0].parent, ignore_errors=True)
    page.preview_images = [f"/vorschau/{key}/{number}.jpg" for number in range(1, len(images) + 1)]
    page.preview_places = places(_parts(fields), page_texts(pdf))


def _parts(fields: list[fe.Field], parent: str = "") -> list[Part]:
    """The form's controls and groups, each group before its members, to find on the
    paper's pages."""
    found: list[Part] = []
    for control in fields:
        found.append(Part(control.id, control.label, control.value, parent))
        found += _parts(control.children, control.id)
    return found


def _live_preview(server: Server, file: Path, state: dict[str, Any], fassung: str,
                  stale: Callable[[], bool]) -> Response:
    """The live preview's fragment: the pages, or why there are none (preview.js then
    keeps the last good ones); nothing (204) once a newer one is asked for."""
    form = server.form(state, file)
    outcome = check(form.data(state), file, server.manager)
    disconnect.check()
    page = Page()
    _preview(server, outcome, page, fassung if fassung in FASSUNGEN else "voll",
             form.fields(state), stale)
    if stale():
        return Response(status_code=204)
    html = server.templates.get_template("preview.html").render(page=page, live=True)
    return HTMLResponse(html)


MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml."
               "document", "odt": "application/vnd.oasis.opendocument.text",
               "pdf": "application/pdf", "zip": "application/zip"}


def _download(server: Server, outcome: Outcome, action: str, page: Page
                   ) -> Response | None:
    """One file of a Fassung: the paper itself in one format, or (``zip``) every file
    of the Fassung in one ZIP: the paper in each format and its Anlagen."""
    _, format, fassung = [*action.split(":"), "", ""][:3]
    if format not in (*FORMATS, ALL_FILES) or fassung not in FASSUNGEN:
        raise HTTPException(400, "Unbekanntes Format")
    if outcome.vorlage is None:
        page.message = "Herunterladen geht erst, wenn die Vorlage keine Fehler hat."
        return None
    oeffentlich = fassung == "oeffentlich"
    builder = Builder(Options(formats=FORMATS if format == ALL_FILES else (format,),
                              oeffentlich=oeffentlich), server.manager)
    try:
        plan = builder.plan(outcome.vorlage)  # written, the PDF left to LibreOffice
        disconnect.check()
        if format != ALL_FILES:  # the paper alone: its first file (the Anlagen follow it)
            plan = replace(plan, files=plan.files[:1])
        result = builder.finish([plan])[0]
        if isinstance(result, VorlagenError):
            raise result
        disconnect.check()
        if format == ALL_FILES:
            stem = output_stem(outcome.vorlage) + ("_oeffentlich" if oeffentlich else "")
            name, data = f"{stem}_alle_Dateien.zip", _zip(result)
        else:
            name, data = result[0]
    except VorlagenError as error:
        page.message = f"Nicht erstellt: {error}"
        return None
    return Response(data, media_type=MEDIA_TYPES[format], headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
