"""``vorlagen serve`` through Starlette's test client: access, the form made from the
models, list buttons, the live check, saving, uploads, preview and downloads."""

from __future__ import annotations

import io
import re
import shutil
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html

from tests.conftest import EXAMPLE
from vorlagen.cli import cli

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from vorlagen.readfile import read_file
from vorlagen.serve import create_app
from vorlagen.serve.security import Access
from vorlagen.serve.wording import for_form

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
FILE = "ik/vorlage.yaml"
URL = f"/bearbeiten?datei={FILE}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    return tmp_path


@pytest.fixture
def access() -> Access:
    return Access.new(PORT)


@pytest.fixture
def client(folder: Path, access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def log_in(client: TestClient, access: Access) -> None:
    """Redeem the launch's one-time code, as the browser that ``vorlagen serve`` opens
    does: the client then holds the session cookie."""
    assert client.get(f"/?zugang={access.code}", follow_redirects=False).status_code == 303


def parse(page: str) -> Any:
    return lxml_html.fromstring(page)


def form_of(page: str) -> list[tuple[str, str]]:
    """What the browser would send of the page's form (without a button)."""
    form = parse(page).get_element_by_id("formular")
    return [(name, value) for name, value in form.form_values()]


def send(client: TestClient, values: list[tuple[str, str]], action: str,
         changes: dict[str, str] | None = None, url: str = URL,
         files: Any = None) -> Any:
    data = dict(values) | (changes or {}) | {"_aktion": action}
    return client.post(url, data=data, files=files)


def control(page: str, name: str) -> Any:
    found = parse(page).xpath(f'//*[@name="{name}"]')
    assert found, f"no control {name}"
    return found[0]


def errors_at(page: str, name: str) -> str:
    element = control(page, name)
    box = parse(page).get_element_by_id("e-" + element.get("id")[2:])
    return str(box.text_content()).strip()


# Access


def test_without_the_token_nothing_is_answered(folder: Path, access: Access) -> None:
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        assert client.get("/").status_code == 403
        assert client.get(URL).status_code == 403
        wrong = client.get("/?zugang=falsch", follow_redirects=False)
        assert wrong.status_code == 403 and not wrong.cookies
        odd = client.get("/?zugang=%C3%A4%00", follow_redirects=False,
                         headers={"cookie": f"{access.cookie}=\xe4".encode("latin-1")})
        assert odd.status_code == 403  # any character: refused, never an error
        given = client.get(f"/?zugang={access.code}", follow_redirects=False)
        assert given.status_code == 303
        assert given.headers["location"] == "/"  # the code leaves the address bar
        cookie = given.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert client.get("/").status_code == 200  # now by the cookie


def test_the_code_works_once_and_the_cookie_is_a_separate_secret(
        folder: Path, access: Access) -> None:
    with TestClient(create_app(folder, access=access), base_url=BASE) as client:
        redeemed = client.get(f"/?zugang={access.code}&x=1", follow_redirects=False)
        assert redeemed.headers["location"] == "/?x=1"
        secret = redeemed.cookies[access.cookie]
        assert secret != access.code and access.code not in secret
        assert len(secret) >= 32
        csrf = parse(client.get("/").text).xpath('//input[@name="_csrf"]')[0].get("value")
        assert csrf not in (secret, access.code)
        # the browser that redeemed it may follow the printed address again
        assert client.get(f"/?zugang={access.code}", follow_redirects=False
                          ).status_code == 303
        assert client.get("/").status_code == 200
        # someone else who read the address (ps, the terminal, the history) comes too late
        client.cookies.clear()
        again = client.get(f"/?zugang={access.code}", follow_redirects=False)
        assert again.status_code == 403 and not again.cookies
        page = parse(again.text)
        assert page.get("lang") == "de"
        said = page.text_content()
        assert "schon benutzt" in said and "neu starten" in said and "vorlagen serve" in said
        assert client.get("/").status_code == 403
        client.cookies.set(access.cookie, access.code)  # the code is no session secret
        assert client.get("/").status_code == 403
        client.cookies.set(access.cookie, secret)
        assert client.get("/").status_code == 200


def test_a_foreign_host_is_refused(client: TestClient, access: Access) -> None:
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_posts_need_the_csrf_token_and_an_own_origin(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    without = [(k, v) for k, v in values if k != "_csrf"]
    assert send(client, without, "pruefen").status_code == 403
    assert send(client, values, "pruefen").status_code == 200
    foreign = client.post(URL, data=dict(values), headers={"origin": "http://evil.example"})
    assert foreign.status_code == 403
    cross = client.post(URL, data=dict(values), headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403
    own = client.post(URL, data=dict(values), headers={"origin": BASE})
    assert own.status_code == 200


def test_answers_are_not_cached_and_forbid_foreign_scripts(client: TestClient) -> None:
    page = client.get(URL)
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert client.get("/static/htmx.min.js").status_code == 200


def test_only_the_folders_vorlagen_open(client: TestClient) -> None:
    assert client.get("/bearbeiten?datei=../../etc/passwd").status_code == 404
    assert client.get("/bearbeiten?datei=ik/massnahmen.csv").status_code == 404
    assert FILE in client.get("/").text


@pytest.mark.libreoffice
def test_temporary_files_are_removed_on_exit(folder: Path, access: Access) -> None:
    app = create_app(folder, access=access)
    server = app.state.server
    with TestClient(app, base_url=BASE):
        assert server.work.is_dir()
    assert not server.work.exists()
    server.starting.join(timeout=120)  # a LibreOffice start under way ends, and leaves nothing
    assert not server.starting.is_alive()
    assert not server.work.exists()


def test_the_old_keyword_zugang_still_works_and_says_its_new_name(
        folder: Path, access: Access) -> None:
    """``create_app(zugang=...)`` (its name before serve's identifiers were English) still
    works, with a German ``Renamed`` hint; both names at once are refused."""
    from vorlagen.renamed import Renamed

    with pytest.warns(Renamed, match="'zugang=' heißt jetzt 'access='"):
        app = create_app(folder, zugang=access)  # type: ignore[call-arg]
    with TestClient(app, base_url=BASE) as client:
        log_in(client, access)
        assert FILE in client.get("/").text
    with pytest.raises(TypeError, match="nur access= angeben"):
        create_app(folder, zugang=access, access=access)  # type: ignore[call-arg]


# The form


def test_the_form_has_every_field_of_the_model_and_the_plugins(client: TestClient) -> None:
    from vorlagen.model import Beratung, Vorlage, written_key

    page = client.get(URL).text
    tree = parse(page)
    names = {element.get("name") for element in tree.xpath("//*[@name]")}
    ids = {element.get("id") for element in tree.xpath("//*[@id]")}
    unprinted = {"einreicher", "unterzeichnung", "kurzfassung", "kenntnisnahme", "angaben",
                 "abschnitte", "status", "beschlussvorschlag"}
    # what the Konstanz Hausformat does not print (for a Mitteilungsvorlage): not offered
    for field in map(written_key, Vorlage.model_fields):  # a control, or a fieldset
        assert (f"f-{field}" in ids) == (field not in unprinted), field
    for field in Beratung.model_fields:  # the Konstanz paper prints no TOP, Sitzung, Ergebnis
        assert (f"f-beratungsfolge-0-{field}" in ids) == (
            field not in ("top", "sitzung", "ergebnis")), field
    assert "beratungsfolge[0].sitzungstermine" in names  # all dates in one field
    for block in ("Maßnahmenliste", "Förderanträge", "Verteiler und Vorstellungen"):
        assert f"<summary>{block}</summary>" in page  # a plugin's block, by its title
    assert "Klimarelevanz" not in page  # a section the Hausformat does not place
    assert control(page, "plugins.massnahmen.datei").get("value") == "massnahmen.xlsx"
    # the Hausformat's vocabularies: kinds of paper, roles
    arten = [o.get("value") for o in control(page, "art").iter("option")]
    assert "Beschlussvorlage" in arten
    roles = [o.get("value") for o in control(page, "beratungsfolge[0].rolle").iter("option")]
    assert "Entscheidung" in roles
    # Markdown is a text area, every control has a label
    assert control(page, "sachverhalt[0].text").tag == "textarea"
    for element in tree.xpath("//input[@type!='hidden']|//textarea|//select"):
        assert tree.xpath(f'//label[@for="{element.get("id")}"]'), element.get("name")


def test_rows_are_added_moved_and_removed_by_plain_buttons(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    added = send(client, values, "hinzufuegen:beratungsfolge")
    assert added.status_code == 200
    new = control(added.text, "beratungsfolge[2].gremium")
    assert new.get("autofocus") is not None  # focus goes to the new row
    assert "Pflichtfeld fehlt" in errors_at(added.text, "beratungsfolge[2].gremium")
    summary = parse(added.text).get_element_by_id("zusammenfassung").text_content()
    assert "Beratungsfolge, Beratung 3, Gremium: Pflichtfeld fehlt" in summary
    filled = send(client, form_of(added.text), "hoch:beratungsfolge[2]",
                  {"beratungsfolge[2].gremium": "Hauptausschuss"})
    assert control(filled.text, "beratungsfolge[1].gremium").get("value") == "Hauptausschuss"
    assert control(filled.text, "beratungsfolge[2].gremium").get("value") == "Kreistag"
    assert filled.text.count('name="_aktion" value="hoch:beratungsfolge[1]"') == 1
    removed = send(client, form_of(filled.text), "entfernen:beratungsfolge[0]")
    names = [name for name, _ in form_of(removed.text) if name.endswith(".gremium")]
    assert names == ["beratungsfolge[0].gremium", "beratungsfolge[1].gremium"]
    assert control(removed.text, "beratungsfolge[0].gremium").get("value") == "Hauptausschuss"
    assert control(removed.text, "beratungsfolge[0].sitzungstermine").tag == "input"


def test_the_live_check_gives_validates_messages_at_their_fields(
        client: TestClient, folder: Path) -> None:
    values = form_of(client.get(URL).text)
    answer = client.post(f"/pruefen?datei={FILE}", data=dict(values) | {"datum": "31.02.2018"})
    assert answer.status_code == 200
    fragment = parse(f"<div>{answer.text}</div>")
    box = fragment.get_element_by_id("e-datum")
    assert box.get("hx-swap-oob") == "innerHTML"  # the message only, not the control
    assert not fragment.xpath("//input|//textarea|//select")
    message = str(box.text_content())
    # the same words as vorlagen validate on a file with that date, quoted in German
    assert "„31.02.2018“ ist kein gültiges Datum" in message
    bad = folder / "ik" / "vorlage.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("datum: 04.04.2018",
                                                             "datum: 31.02.2018"),
                   encoding="utf-8")
    validated = CliRunner().invoke(cli, ["validate", str(bad)])
    assert validated.exit_code == 2
    said = re.search(r"datum: (.*)", validated.output)
    assert said is not None and for_form(said.group(1).strip()) in message
    status = str(fragment.get_element_by_id("pruefstatus").text_content())
    assert "1 Fehler" in status


def test_saving_keeps_comments_and_order_and_validate_accepts_it(
        client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    before = path.read_text(encoding="utf-8")
    values = form_of(client.get(URL).text)
    unchanged = send(client, values, "speichern")
    assert "Gespeichert" in unchanged.text
    assert path.read_text(encoding="utf-8") == before  # nothing changed, nothing moved
    added = send(client, values, "hinzufuegen:beteiligungen")
    saved = send(client, form_of(added.text), "speichern",
                 {"beteiligungen[0]": "Kämmerei", "titel": "Integrationskonzept;\r\nBericht",
                  "federfuehrung": "Dezernat II"})
    assert saved.status_code == 200
    after = path.read_text(encoding="utf-8")
    for comment in [line for line in before.splitlines() if line.startswith("#")]:
        assert comment in after
    assert after.index("federfuehrung: Dezernat II") > after.index("drucksachen_nr:")
    assert after.index("federfuehrung:") < after.index("beteiligungen:") < after.index(
        "beratungsfolge:")
    assert "\r" not in after and "Integrationskonzept;\n  Bericht" in after
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    rendered = CliRunner().invoke(cli, ["render", str(path), "-o", str(folder / "out"), "-q"])
    assert rendered.exit_code == 0, rendered.output


def test_an_upload_keeps_its_own_name_without_its_path(client: TestClient,
                                                      folder: Path) -> None:
    values = form_of(client.get(URL).text)
    data = (folder / "ik" / "massnahmen.csv").read_bytes()
    answer = send(client, values, "hochladen", files={
        "hochladen:plugins.massnahmen.datei": ("../../../etc/cron.d/liste.csv", data,
                                              "text/csv")})
    assert answer.status_code == 200
    stored = control(answer.text, "plugins.massnahmen.datei").get("value")
    assert stored == "liste.csv"  # its own name, but none of its folders
    assert (folder / "ik" / stored).read_bytes() == data
    assert "Hochgeladen als liste.csv." in answer.text
    assert not list(folder.parent.rglob("cron.d"))
    assert errors_at(answer.text, "plugins.massnahmen.datei") == ""  # read and accepted


def test_uploads_of_the_wrong_type_or_a_zip_bomb_are_refused(
        client: TestClient, folder: Path) -> None:
    values = form_of(client.get(URL).text)
    before = sorted(path.name for path in (folder / "ik").iterdir())
    program = send(client, values, "hochladen", files={
        "hochladen:plugins.massnahmen.datei": ("liste.exe", b"MZ\x90", "application/x")})
    assert "Nicht hochgeladen" in program.text and ".exe" in program.text
    fake = send(client, values, "hochladen", files={
        "hochladen:plugins.massnahmen.datei": ("liste.xlsx", b"not a zip", "application/x")})
    assert "keine XLSX-Datei" in fake.text
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 2**20))
    bombed = send(client, values, "hochladen", files={
        "hochladen:plugins.massnahmen.datei": ("liste.xlsx", bomb.getvalue(), "x")})
    assert "Nicht hochgeladen" in bombed.text
    assert sorted(path.name for path in (folder / "ik").iterdir()) == before
    too_many = send(client, values, "hochladen", files=[
        ("hochladen:anlagen[0].datei", (f"a{n}.pdf", b"%PDF-1.4", "application/pdf"))
        for n in range(11)])
    assert too_many.status_code == 400


def test_downloads_are_labelled_and_not_cached(client: TestClient) -> None:
    from docx import Document

    page = client.get(URL).text
    assert "Nicht veröffentlichen" in page and "Fassung zur Veröffentlichung" in page
    values = form_of(page)
    voll = send(client, values, "herunterladen:docx:voll")  # the paper itself, alone
    assert voll.status_code == 200 and voll.headers["cache-control"] == "no-store"
    assert voll.headers["content-disposition"].endswith("''2018-077.docx")
    paper = Document(io.BytesIO(voll.content))
    assert "Sachstandsbericht" in "\n".join(p.text for p in paper.paragraphs)
    public = send(client, values, "herunterladen:odt:oeffentlich")
    assert public.headers["content-disposition"].endswith("''2018-077_oeffentlich.odt")
    assert public.headers["content-type"] == "application/vnd.oasis.opendocument.text"
    assert zipfile.ZipFile(io.BytesIO(public.content)).read("mimetype") == (
        b"application/vnd.oasis.opendocument.text")


def test_a_vorlage_with_errors_is_not_downloaded(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, "herunterladen:docx:voll", {"titel": ""})
    assert answer.headers["content-type"].startswith("text/html")
    assert "erst, wenn die Vorlage keine Fehler hat" in answer.text


@pytest.mark.libreoffice
def test_the_preview_shows_the_pages(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, "vorschau:voll")
    images = parse(answer.text).xpath("//section[@class='preview']//img")
    assert len(images) == 2, answer.text[-2000:]
    assert "Seite 1 von 2" in images[0].get("alt")
    picture = client.get(images[0].get("src"))
    assert picture.headers["content-type"] == "image/jpeg"
    assert picture.content.startswith(b"\xff\xd8\xff")
    assert picture.headers["cache-control"] == "no-store"


def test_the_command_is_there() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--no-browser" in result.output and "--port" in result.output


@pytest.mark.parametrize("example", sorted(p.parent.name for p in
                                           EXAMPLE.parent.parent.glob("*/vorlage.yaml")))
def test_every_example_opens_valid_and_saves_unchanged(example: str, tmp_path: Path,
                                                       access: Access) -> None:
    shutil.copytree(EXAMPLE.parent.parent / example, tmp_path / example)
    path = tmp_path / example / "vorlage.yaml"
    before = path.read_text(encoding="utf-8")
    url = f"/bearbeiten?datei={example}/vorlage.yaml"
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = client.get(url).text
        assert "Die Vorlage ist gültig." in page
        saved = send(client, form_of(page), "speichern", url=url)
        assert "Gespeichert" in saved.text and "Die Vorlage ist gültig." in saved.text
    assert path.read_text(encoding="utf-8") == before


def test_the_form_offers_the_kinds_of_paper_of_the_vorlages_hausformat(
        tmp_path: Path, access: Access) -> None:
    example = "landau-400-245-2022"
    shutil.copytree(EXAMPLE.parent.parent / example, tmp_path / example)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = client.get(f"/bearbeiten?datei={example}/vorlage.yaml").text
    arten = [o.get("value") for o in control(page, "art").iter("option")]
    assert "Sitzungsvorlage" in arten and "Mitteilungsvorlage" not in arten


def test_a_path_out_of_the_folder_is_refused_at_its_field(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, "pruefen", {"plugins.massnahmen.datei": "../../etc/passwd"})
    assert "aus dem Ordner der Vorlage hinaus" in errors_at(answer.text, "plugins.massnahmen.datei")


def test_a_request_too_large_is_refused(client: TestClient) -> None:
    answer = client.post(URL, content=b"x", headers={"content-length": str(2**40)})
    assert answer.status_code == 413


def test_a_new_vorlage_is_made_in_a_new_folder(client: TestClient, folder: Path) -> None:
    page = client.get("/").text
    csrf = parse(page).xpath('//input[@name="_csrf"]')[0].get("value")
    made = client.post("/neu", data={"_csrf": csrf, "art": "Beschlussvorlage",
                                     "ordner": "2025-014 Radweg", "hausformat": ""})
    assert made.status_code == 200 and "Die Vorlage ist gültig." in made.text
    assert (folder / "2025-014 Radweg" / "vorlage.yaml").is_file()
    assert "2025-014 Radweg/vorlage.yaml" in client.get("/").text
    second = client.post("/neu", data={"_csrf": csrf, "art": "Beschlussvorlage",
                                       "ordner": "2025-015", "hausformat": ""})
    assert second.status_code == 200  # numbered after the first, not the same again
    first_number = read_file(folder / "2025-014 Radweg" / "vorlage.yaml").data["drucksachen_nr"]
    year, number = str(first_number).split("/")
    assert read_file(folder / "2025-015" / "vorlage.yaml").data["drucksachen_nr"] == \
        f"{year}/{int(number) + 1:03d}"
    again = client.post("/neu", data={"_csrf": csrf, "art": "Beschlussvorlage",
                                      "ordner": "2025-014 Radweg", "hausformat": ""})
    assert again.status_code == 422 and "gibt es schon" in again.text
    escape = client.post("/neu", data={"_csrf": csrf, "art": "Beschlussvorlage",
                                       "ordner": "../draussen", "hausformat": ""})
    assert escape.status_code == 422 and not (folder.parent / "draussen").exists()


def new_form(page: str) -> dict[str, str]:
    """What the browser sends of the "Neue Vorlage" dialog as the page shows it."""
    form = parse(page).xpath('//form[@action="/neu"]')[0]
    return dict(form.form_values())


def test_the_dialog_offers_the_kinds_of_the_chosen_hausformat_only(
        client: TestClient) -> None:
    from vorlagen.hausformate import available, load_hausformat
    from vorlagen.plugins import plugin_manager

    known = available(plugin_manager())
    page = parse(client.get("/").text)
    order = [e.get("id") for e in page.xpath('//form[@action="/neu"]//select')]
    assert order == ["neu-hausformat", "neu-art"]  # the Hausformat first
    for name, source in known.items():
        own = [art.name for art in load_hausformat(source).arten]
        value = "" if name == "standard" else name
        fragment = parse(client.get("/neu/arten", params={"hausformat": value}).text)
        offered = [o.get("value") for o in fragment.xpath('//select[@id="neu-art"]/option')]
        assert offered[:len(own)] == own, name
        others = {a.name for other in known.values() if other != source
                  for a in load_hausformat(other).arten} - set(own)
        assert not others & set(offered), name  # no other Hausformat's kinds
        assert fragment.xpath('//option[@selected]')[0].get("value") == own[0]
        # without JavaScript: the button re-draws the page with the chosen one's kinds
        csrf = new_form(client.get("/").text)["_csrf"]
        redrawn = client.post("/neu", data={"_csrf": csrf, "hausformat": value, "art": "",
                                            "ordner": "x", "_aktion": "arten"})
        assert redrawn.status_code == 200
        assert [o.get("value") for o in parse(redrawn.text).xpath(
            '//select[@id="neu-art"]/option')] == offered
        assert new_form(redrawn.text)["hausformat"] == value


def test_the_dialogs_own_choice_makes_a_valid_vorlage_in_every_hausformat(
        client: TestClient, folder: Path) -> None:
    from vorlagen.hausformate import available
    from vorlagen.plugins import plugin_manager

    first = new_form(client.get("/").text)  # the very first click, nothing changed
    assert first["hausformat"] == ""
    made = client.post("/neu", data={**first, "ordner": "erste"})
    assert made.status_code == 200 and "Die Vorlage ist gültig." in made.text
    for name in available(plugin_manager()):
        value = "" if name == "standard" else name
        fragment = parse(client.get("/neu/arten", params={"hausformat": value}).text)
        art = fragment.xpath('//option[@selected]')[0].get("value")
        made = client.post("/neu", data={**first, "hausformat": value, "art": art,
                                         "ordner": f"neu-{name}"})
        assert made.status_code == 200, (name, made.text)
        assert "Die Vorlage ist gültig." in made.text, name
        result = CliRunner().invoke(cli, ["validate", str(folder / f"neu-{name}" /
                                                          "vorlage.yaml")])
        assert result.exit_code == 0, (name, result.output)


def test_the_dialog_preselects_the_folder_s_own_hausformat(tmp_path: Path,
                                                          access: Access) -> None:
    """A body's ``hausformat.yaml`` above the served folder is what a new Vorlage gets
    at the first click: its kinds, and no ``hausformat:`` written into the Vorlage."""
    (tmp_path / "hausformat.yaml").write_text(
        "basis: standard\nbehoerde: Gemeinde Waldhagen\n"
        "arten:\n  - name: Sitzungsvorlage\n    beschluss: true\n", encoding="utf-8")
    amt = tmp_path / "bauamt"
    amt.mkdir()
    with TestClient(create_app(amt, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = parse(client.get("/").text)
        options = page.xpath('//select[@name="hausformat"]/option')
        assert options[0].get("value") == "" and options[0].get("selected") is not None
        assert "eigene" in options[0].text and "hausformat.yaml" in options[0].text
        assert "standard" in [option.get("value") for option in options]
        first = new_form(client.get("/").text)
        assert first["art"] == "Sitzungsvorlage"
        made = client.post("/neu", data={**first, "ordner": "erste"})
        assert made.status_code == 200, made.text
        written = (amt / "erste" / "vorlage.yaml").read_text(encoding="utf-8")
        assert "art: Sitzungsvorlage" in written
        assert not any(line.startswith("hausformat:") for line in written.splitlines())
        explicit = client.post("/neu", data={**first, "hausformat": "standard",
                                             "art": "Beschlussvorlage", "ordner": "zweite"})
        assert explicit.status_code == 200, explicit.text
    assert "hausformat: standard" in (amt / "zweite" / "vorlage.yaml").read_text(encoding="utf-8")
    from vorlagen import load_vorlage

    vorlage = load_vorlage(amt / "erste" / "vorlage.yaml")
    assert vorlage.hausformat.hausformat.behoerde == "Gemeinde Waldhagen"


def test_a_kind_the_hausformat_lacks_is_said_without_command_words(
        client: TestClient, folder: Path) -> None:
    from vorlagen.hausformate import available, load_hausformat
    from vorlagen.plugins import plugin_manager

    known = available(plugin_manager())
    own = {a.name for a in load_hausformat(known["standard"]).arten}
    foreign = next(a.name for source in known.values()
                   for a in load_hausformat(source).arten if a.name not in own)
    csrf = new_form(client.get("/").text)["_csrf"]
    answers = [
        client.post("/neu", data={"_csrf": csrf, "hausformat": "", "art": foreign,
                                  "ordner": "a"}),
        client.post("/neu", data={"_csrf": csrf, "hausformat": "gibtsnicht", "art": foreign,
                                  "ordner": "b"}),
        client.post("/neu", data={"_csrf": csrf, "hausformat": "", "art": "", "ordner": "../c"}),
        client.post("/neu", data={"_csrf": csrf, "hausformat": "", "art": "", "ordner": ""}),
    ]
    for answer in answers:
        assert answer.status_code == 422
        said = parse(answer.text).get_element_by_id("neu-fehler").text_content()
        assert said.startswith("⚠ Nicht angelegt: ")
        for word in ("vorlagen new", "ART", "--hausformat", "layout", "Traceback"):
            assert word not in said, (word, said)
    said = parse(answers[0].text).get_element_by_id("neu-fehler").text_content()
    assert f"„{foreign}“" in said and "Hausformat „standard“" in said
    assert new_form(answers[0].text)["art"] in own  # offered again: its own kinds
    assert not (folder / "a").exists() and not (folder / "b").exists()
    said = parse(answers[-1].text).get_element_by_id("neu-fehler").text_content()
    assert "Bitte einen Namen für den neuen Ordner eingeben" in said


@pytest.mark.libreoffice
def test_the_pdf_of_the_version_for_publication(client: TestClient) -> None:
    values = form_of(client.get(URL).text)
    answer = send(client, values, "herunterladen:pdf:oeffentlich")
    assert answer.headers["content-disposition"].endswith("''2018-077_oeffentlich.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")


@pytest.mark.subprocess
@pytest.mark.libreoffice
def test_the_command_serves_until_stopped_and_cleans_up(folder: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    env = {**os.environ, "TMPDIR": str(folder / "tmp")}
    (folder / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "vorlagen", "serve", str(folder), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        url = next(line.split(": ", 1)[1].strip() for line in lines
                   if line.startswith("Im Browser öffnen"))
        assert url.startswith("http://127.0.0.1:") and "zugang=" in url
        deadline = time.monotonic() + 120  # a bound against a hang, not a measure
        while True:
            try:
                answer = httpx.get(url, follow_redirects=True, timeout=120)
                break
            except httpx.ConnectError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        assert answer.status_code == 200 and FILE in answer.text
        assert httpx.get(url.split("?")[0], timeout=120).status_code == 403  # without the cookie
        assert httpx.get(url, timeout=120).status_code == 403  # the code was spent by the first
        assert list((folder / "tmp").glob("vorlagen-serve-*"))
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert not list((folder / "tmp").glob("vorlagen-serve-*"))  # temporary files removed


def test_serve_without_the_extra_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "vorlagen.serve", None)
    result = CliRunner().invoke(cli, ["serve", "--no-browser"])
    assert result.exit_code == 2
    assert "braucht das Extra serve" in result.output and "vorlagen[serve]" in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_is_a_usage_error(folder: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(folder), "--port", str(port),
                                          "--no-browser"])
    assert result.exit_code == 2
    assert f"Port {port} ist nicht frei: wird schon von einem anderen Programm benutzt" \
        in result.output


@pytest.mark.libreoffice  # "Alles als ZIP" holds the PDF too
def test_an_anlage_is_added_uploaded_and_goes_with_the_paper(
        client: TestClient, folder: Path) -> None:
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages"
           b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    added = send(client, form_of(client.get(URL).text), "hinzufuegen:anlagen")
    assert control(added.text, "anlagen[0].nummer").get("autofocus") is not None  # first field
    uploaded = send(client, form_of(added.text), "hochladen", {"anlagen[0].titel": "Lageplan"},
                    files={"hochladen:anlagen[0].datei": ("Plan (final).PDF", pdf, "x")})
    stored = control(uploaded.text, "anlagen[0].datei").get("value")
    assert stored == "Plan (final).pdf"
    assert (folder / "ik" / stored).read_bytes() == pdf
    saved = send(client, form_of(uploaded.text), "speichern")
    assert "Gespeichert" in saved.text
    text = (folder / "ik" / "vorlage.yaml").read_text(encoding="utf-8")
    assert f"datei: {stored}" in text
    files = send(client, form_of(saved.text), "herunterladen:zip:voll")
    with zipfile.ZipFile(io.BytesIO(files.content)) as archive:
        names = archive.namelist()
        assert archive.read("2018-077_Anlage_1.pdf") == pdf  # listed first, numbered first
        assert "2018-077_Anlage_2.docx" in names and "2018-077_Anlage_1.docx" not in names


def test_a_broken_file_opens_with_validates_message(client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - gremium: Kreistag", "\t- gremium: Kreistag"),
                    encoding="utf-8")
    page = client.get(URL)
    assert page.status_code == 422
    assert "Tabulator" in page.text and "Zeile" in page.text  # German, with its line


def test_a_date_that_is_none_opens_with_a_german_message(client: TestClient,
                                                          folder: Path) -> None:
    """ruamel.yaml reads ``2018-13-45`` as a date and fails on it without a place."""
    path = folder / "ik" / "vorlage.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("datum: 04.04.2018") + 1
    path.write_text(text.replace("datum: 04.04.2018", "datum: 2018-13-45"), encoding="utf-8")
    page = client.get(URL)
    assert page.status_code == 422
    assert f"Zeile {line}" in page.text and "wie ein Datum" in page.text, page.text
    assert "month" not in page.text


def test_a_mapping_with_free_keys_is_checked_as_the_file_has_it(folder: Path) -> None:
    from vorlagen.plugins import plugin_manager
    from vorlagen.serve import fields, vorlage_file
    from vorlagen.serve.app import _form_for

    path = folder / "ik" / "vorlage.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "angaben:\n  telefon: 07531 800\n",
                    encoding="utf-8")
    form = _form_for(plugin_manager(), None, path.parent)
    from_file = vorlage_file.as_text(vorlage_file.read(path).nodes)
    assert form.data(from_file)["angaben"] == {"telefon": "07531 800"}
    as_sent = fields.state_from_form([("angaben.#0.name", "telefon"),
                                      ("angaben.#0.wert", "07531 800")])
    assert form.data(as_sent)["angaben"] == {"telefon": "07531 800"}


def _top_order(page: str) -> list[str]:
    """The top-level fields of the form page, in page order."""
    return [str(element.get("id"))[2:] for element in parse(page).xpath(
        '//*[@id="formular"]//*[starts-with(@id, "f-")]')
        if "-" not in str(element.get("id"))[2:]]


@pytest.mark.parametrize(("example", "before"), [
    ("landau-400-245-2022", ["drucksachen_nr", "organisationseinheit", "beratungsfolge",
                             "titel", "beschlussvorschlag", "sachverhalt", "anlagen"]),
    ("nachbarschaftsverband-karlsruhe-10-2020", ["beratungsfolge", "drucksachen_nr",
                                                 "titel", "sachverhalt", "anlagen",
                                                 "beschlussvorschlag"]),
])
def test_the_form_follows_the_order_of_its_hausformats_paper(
        example: str, before: list[str], tmp_path: Path, access: Access) -> None:
    shutil.copytree(EXAMPLE.parent.parent / example, tmp_path / example)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        order = _top_order(client.get(f"/bearbeiten?datei={example}/vorlage.yaml").text)
    assert order[:2] == ["art", "hausformat"]  # what chooses the form comes first
    assert [name for name in order if name in before] == before
    # then the plugins' blocks, and what the file holds that the paper does not print
    # (Karlsruhe's paper prints no Beratung's role)
    assert order[-1] in ("plugins", "nicht_gedruckt") and "plugins" in order[-2:]


def test_named_sections_stand_where_the_paper_prints_them(
        tmp_path: Path, access: Access) -> None:
    (tmp_path / "hausformat.yaml").write_text(
        "arten: [{name: Beschlussvorlage, beschluss: true}]\n"
        "aufbau:\n  - betreff\n  - abschnitt: {name: ziel}\n  - beschluss\n"
        "  - abschnitt: {name: alternativen}\n  - sachverhalt\n", encoding="utf-8")
    (tmp_path / "vorlage.yaml").write_text(
        "art: Beschlussvorlage\nhausformat: hausformat.yaml\ntitel: Test\n"
        "beschlussvorschlag: Ja.\n", encoding="utf-8")
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        page = client.get("/bearbeiten?datei=vorlage.yaml").text
    order = _top_order(page)
    assert order.index("titel") < order.index("abschnitte") < order.index(
        "beschlussvorschlag") < order.index("sachverhalt")
    sections = [name.split(".")[1] for name, _ in form_of(page)
                if name.startswith("abschnitte.")]
    assert list(dict.fromkeys(sections)) == ["ziel", "alternativen"]


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_json_and_toml_vorlagen_open_and_save_in_their_own_format(
        suffix: str, tmp_path: Path, access: Access) -> None:
    import json
    import tomllib

    import tomlkit

    from vorlagen.readfile import read_file

    folder = tmp_path / "ik"
    shutil.copytree(EXAMPLE.parent, folder)
    data = read_file(folder / "vorlage.yaml").data
    (folder / "vorlage.yaml").unlink()
    path = folder / f"vorlage{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=4) + "\n", encoding="utf-8")
    else:
        path.write_text("# Sitzungsvorlage 2018/077\n" + tomlkit.dumps(data), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    url = f"/bearbeiten?datei=ik/vorlage{suffix}"
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        assert f"ik/vorlage{suffix}" in client.get("/").text
        page = client.get(url).text
        assert "Die Vorlage ist gültig." in page
        assert "Gespeichert" in send(client, form_of(page), "speichern", url=url).text
        assert path.read_text(encoding="utf-8") == before  # unchanged: not rewritten
        saved = send(client, form_of(page), "speichern", {
            "federfuehrung": "Dezernat II", "titel": "Integrationskonzept;\r\nBericht",
            "beratungsfolge[1].gremium": "Kreisrat"}, url=url)
        assert "Die Vorlage ist gültig." in saved.text
    after = path.read_text(encoding="utf-8")
    written = json.loads(after) if suffix == ".json" else tomllib.loads(after)
    assert written["federfuehrung"] == "Dezernat II"
    assert written["titel"].strip() == "Integrationskonzept;\nBericht"
    assert written["beratungsfolge"][1]["gremium"] == "Kreisrat"
    assert written["plugins"] == data["plugins"]
    if suffix == ".json":  # the file's key order and indentation
        assert list(written)[:4] == list(data)[:4]
        assert '\n    "art": "Mitteilungsvorlage"' in after
    else:
        assert after.startswith("# Sitzungsvorlage 2018/077\n")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_saving_does_not_overwrite_a_change_made_beside_the_form(
        client: TestClient, folder: Path) -> None:
    path = folder / "ik" / "vorlage.yaml"
    values = form_of(client.get(URL).text)
    first = send(client, values, "speichern", {"federfuehrung": "Dezernat II"})
    assert "Gespeichert" in first.text  # the form's own save moves its version on
    again = send(client, form_of(first.text), "speichern", {"aktenzeichen": "022.31"})
    assert "Gespeichert" in again.text
    edited = path.read_text(encoding="utf-8").replace("drucksachen_nr: 2018/077",
                                                      "drucksachen_nr: 2018/078")
    path.write_text(edited, encoding="utf-8")  # a colleague, an editor, git
    refused = send(client, form_of(again.text), "speichern", {"bearbeiter": "Erika Muster"})
    assert "Nicht gespeichert" in parse(refused.text).get_element_by_id("meldung").text_content()
    assert path.read_text(encoding="utf-8") == edited
    assert control(refused.text, "bearbeiter").get("value") == "Erika Muster"  # kept
    overwrite = send(client, form_of(refused.text), "speichern:trotzdem")
    assert "Gespeichert" in overwrite.text
    after = path.read_text(encoding="utf-8")
    assert "bearbeiter: Erika Muster" in after and "2018/077" in after


def test_an_upload_replaced_before_saving_is_removed(client: TestClient, folder: Path) -> None:
    data = (folder / "ik" / "massnahmen.csv").read_bytes()
    field = "hochladen:plugins.massnahmen.datei"
    first = send(client, form_of(client.get(URL).text), "hochladen",
                 files={field: ("liste.csv", data, "text/csv")})
    erste = control(first.text, "plugins.massnahmen.datei").get("value")
    second = send(client, form_of(first.text), "hochladen",
                  files={field: ("andere.csv", data, "text/csv")})
    zweite = control(second.text, "plugins.massnahmen.datei").get("value")
    assert zweite != erste and (folder / "ik" / zweite).is_file()
    assert not (folder / "ik" / erste).exists()  # never saved, so never needed
    said = parse(second.text).get_element_by_id("meldung").text_content()
    assert f"Hochgeladen als {zweite}, statt {erste}." in said
    # the same name again: the file that goes leaves its name to the new one
    changed = data + b"\n"
    again = send(client, form_of(second.text), "hochladen",
                 files={field: ("andere.csv", changed, "text/csv")})
    said = parse(again.text).get_element_by_id("meldung").text_content()
    assert "Hochgeladen als andere.csv (ersetzt die vorige Datei)." in said
    assert control(again.text, "plugins.massnahmen.datei").get("value") == zweite
    assert (folder / "ik" / zweite).read_bytes() == changed
    assert sorted(path.name for path in (folder / "ik").glob("andere*")) == [zweite]
    saved = send(client, form_of(again.text), "speichern")
    assert "Gespeichert" in saved.text
    third = send(client, form_of(saved.text), "hochladen",
                 files={field: ("andere.csv", data, "text/csv")})
    said = parse(third.text).get_element_by_id("meldung").text_content()
    assert "Hochgeladen als andere-2.csv (andere.csv gibt es dort schon)." in said
    assert (folder / "ik" / zweite).read_bytes() == changed  # the saved file names it
    assert (folder / "ik" / "massnahmen.xlsx").is_file()  # a user's own file never goes


def test_an_upload_another_vorlage_names_is_not_removed(
        client: TestClient, folder: Path) -> None:
    data = (folder / "ik" / "massnahmen.csv").read_bytes()
    field = "hochladen:plugins.massnahmen.datei"
    first = send(client, form_of(client.get(URL).text), "hochladen",
                 files={field: ("liste.csv", data, "text/csv")})
    erste = control(first.text, "plugins.massnahmen.datei").get("value")
    # a second Vorlage of the folder names the upload (copied, typed in, an editor)
    zweite_vorlage = folder / "ik" / "zweite.yaml"
    zweite_vorlage.write_text((folder / "ik" / "vorlage.yaml").read_text(encoding="utf-8")
                              .replace("datei: massnahmen.xlsx", f"datei: {erste}"),
                              encoding="utf-8")
    second = send(client, form_of(first.text), "hochladen",
                  files={field: ("liste.csv", data, "text/csv")})
    said = parse(second.text).get_element_by_id("meldung").text_content()
    assert "Hochgeladen als" in said and "statt" not in said
    assert (folder / "ik" / erste).read_bytes() == data  # zweite.yaml still has it
    result = CliRunner().invoke(cli, ["validate", str(zweite_vorlage)])
    assert result.exit_code == 0, result.output


def test_a_file_this_form_did_not_upload_is_never_removed(
        client: TestClient, folder: Path) -> None:
    data = (folder / "ik" / "massnahmen.csv").read_bytes()
    earlier = folder / "ik" / "massnahmen-datei-0123abcd.csv"  # of an earlier launch
    earlier.write_bytes(data)
    values = form_of(client.get(URL).text)
    replaced = send(client, values, "hochladen", {"plugins.massnahmen.datei": earlier.name},
                    files={"hochladen:plugins.massnahmen.datei": ("l.csv", data, "text/csv")})
    assert "Hochgeladen als" in replaced.text
    assert control(replaced.text, "plugins.massnahmen.datei").get("value") != earlier.name
    assert earlier.read_bytes() == data


# Names (docs/woerter.md: domain words German, technical words English)

_GERMAN = (
    "feld felder formular seite datei dateien meldung meldungen ergebnis fokus wert werte "
    "aktion zugang sitzung stand zeile paar paare kinder fehler hilfe pflicht liste neu neue "
    "bild bilder vorschau speichern herunterladen hochladen hochgeladen pruefen pruefung "
    "geoeffnet abgesendet bearbeiten absenden ordner wahl eigenes gelesen jetzt trotzdem "
    "optionen platzhalter offen gueltig ort konflikt formate angelegt nicht gruppe auswahl "
    "janein mehrzeilig datum layout zusammenfassung inhalt titel knoepfe ungueltig")
GERMAN_TECHNICAL_WORDS = frozenset(_GERMAN.split())
"""Words that name technical things in German (or the Hausformat as "layout"); the
domain's words (vorlage, hausformat, art, arten, fassung, anlage, ...) stay German."""
NOT_SERVES = frozenset({"DATUM_PATTERN", "janein", "Felder", "felder", "feld", "wert", "titel",
                        "seite"})
"""Names serve/ uses from the core (vorlagen.model, vorlagen.janein, the Hausformat's
Baustein ``Felder`` and the options of its Bausteine): the core's own names, not
serve's."""


def _words(name: str) -> set[str]:
    return {part.lower() for part in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name)}


def test_serve_names_technical_things_in_english() -> None:
    """Every identifier of serve/'s modules (not its strings: what the user reads is
    German), every name in its templates and every CSS class is free of German technical
    words. The one exception: ``zugang=``, the old keyword that still works."""
    import tokenize

    import jinja2

    from tests.conftest import ROOT

    serve = ROOT / "src" / "vorlagen" / "serve"
    found: list[str] = []
    for module in sorted(serve.glob("*.py")):
        with module.open(encoding="utf-8") as source:
            names = {token.string for token in tokenize.generate_tokens(source.readline)
                     if token.type == tokenize.NAME}
        names -= NOT_SERVES | {"zugang"}  # the old keyword of create_app, still taken
        found += [f"{module.name}: {name}" for name in sorted(names)
                  if _words(name) & GERMAN_TECHNICAL_WORDS]
    lexer = jinja2.Environment()
    for template in sorted((serve / "templates").glob("*.html")):
        text = template.read_text(encoding="utf-8")
        names = {value for _, kind, value in lexer.lex(text) if kind == "name"}
        classes = {word for value in re.findall(r'class="([^"]*)"', text)
                   for word in re.sub(r"\{[{%].*?[%}]\}", " ", value).split()}
        found += [f"{template.name}: {name}" for name in sorted(names | classes)
                  if _words(name) & GERMAN_TECHNICAL_WORDS]
        if _words(template.stem) & GERMAN_TECHNICAL_WORDS:
            found.append(f"templates/{template.name}")
    css = (serve / "static" / "vorlagen.css").read_text(encoding="utf-8")
    found += [f"vorlagen.css: .{name}" for name in sorted(set(re.findall(r"\.([a-z][\w-]*)", css)))
              if _words(name) & GERMAN_TECHNICAL_WORDS]
    assert found == [], found


# The edit page names the paper, not the file


def test_the_edit_page_is_titled_by_the_paper(client: TestClient, folder: Path) -> None:
    from vorlagen.serve.wording import heading

    page = parse(client.get(URL).text)
    data = yaml.safe_load((folder / FILE).read_text(encoding="utf-8"))
    named = f"{data['art']} {data['drucksachen_nr']}: {' '.join(data['titel'].split())}"
    assert page.xpath("//h1")[0].text_content() == named
    assert page.xpath("//title")[0].text_content() == f"{named} – vorlagen"
    path = page.xpath("//h1/following-sibling::*[1]")[0]
    assert path.get("class") == "file-path" and path.text_content() == f"Datei: {FILE}"
    # as much as the form holds; the words as typed, in one line
    changed = parse(send(client, form_of(client.get(URL).text), "pruefen",
                         {"drucksachen_nr": "", "titel": " Radweg\n Ortsdurchfahrt "}).text)
    assert changed.xpath("//h1")[0].text_content() == f"{data['art']}: Radweg Ortsdurchfahrt"
    assert heading({"art": "Beschlussvorlage", "drucksachen_nr": "2026/001",
                    "titel": "Radweg Ortsdurchfahrt"}) == (
        "Beschlussvorlage 2026/001: Radweg Ortsdurchfahrt")
    assert heading({"drucksachen_nr": "2026/001"}) == "Vorlage 2026/001"
    assert heading({"art": ["kein Text"]}) == "Vorlage bearbeiten"


def test_the_style_sheet_closes_every_block_it_opens() -> None:
    """A block left open (a media query merged without its brace) silently swallows the
    rules after it: the preview would no longer stand beside the form."""
    from vorlagen.serve.app import HERE

    text = re.sub(r"/\*.*?\*/", "", (HERE / "static" / "vorlagen.css").read_text(
        encoding="utf-8"), flags=re.S)
    depth = 0
    for sign in re.findall(r"[{}]", text):
        depth += 1 if sign == "{" else -1
        assert depth >= 0
    assert depth == 0
