"""The form offers what the paper prints (issue 25, points 3 and 5): per Hausformat and
kind of paper only its fields, ``angaben``, named sections and plugin blocks, in the
paper's order and labelled with the paper's words; what the file holds beyond that is
kept; a change of kind or Hausformat redraws the form; no label or help shows a key, a
command or a Python name; an upload keeps its own name."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, missing, running
from tests.test_serve import BASE, control, form_of, log_in, parse, send
from vorlagen.serve import create_app
from vorlagen.serve import fields as fe
from vorlagen.serve.security import Access
from vorlagen.serve.uploads import MAX_NAME_CHARS, safe_name

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages"
       b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

VORLAGE = """\
hausformat: {hausformat}
art: {art}
organisationseinheit: Ordnungsamt
datum: 04.04.2025
drucksachen_nr: 2025/014
bearbeiter: Erika Muster
beratungsfolge:
  - gremium: Hauptausschuss
    sitzungstermine: 16.04.2025
titel: Neue Parkordnung
beschlussvorschlag: Der Hauptausschuss beschließt die Parkordnung.
sachverhalt: Die alte Parkordnung ist von 1998.
"""


def write(folder: Path, name: str = "vorlage.yaml", *, hausformat: str = "standard",
          art: str = "Beschlussvorlage", more: str = "") -> str:
    (folder / name).write_text(VORLAGE.format(hausformat=hausformat, art=art) + more,
                               encoding="utf-8")
    return f"/bearbeiten?datei={name}"


@pytest.fixture
def access() -> Access:
    return Access.new(8765)


@pytest.fixture
def client(tmp_path: Path, access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        yield client


def ids(page: str) -> list[str]:
    """The ids of the page's elements, but those the Hausformat does not print (kept in
    their own closed group)."""
    return [element.get("id") for element in parse(page).xpath(
        '//*[@id][not(ancestor::details[contains(@class, "unprinted")])]')]


def label_of(page: str, name: str) -> str:
    """The text of a control's label (or of its fieldset's legend), without its mark."""
    tree = parse(page)
    found = tree.xpath(f'//*[@name="{name}"]')
    element_id = found[0].get("id") if found else "f-" + fe._slug(name)
    label = tree.xpath(f'//label[@for="{element_id}"]') or tree.xpath(
        f'//fieldset[@id="{element_id}"]/legend')
    assert label, f"no label for {name}"
    return str(label[0].text_content()).replace("(Pflichtfeld)", "").strip()


def unprinted(page: str) -> Any:
    found = parse(page).xpath('//details[contains(@class, "unprinted")]')
    return found[0] if found else None


# Only what the Hausformat prints, in its order, with its words


def test_the_standard_hausformat_offers_only_what_its_paper_prints(
        client: TestClient, tmp_path: Path) -> None:
    page = client.get(write(tmp_path)).text
    present = ids(page)
    for name in ("status", "einreicher", "unterzeichnung", "kurzfassung", "kenntnisnahme",
                 "angaben", "abschnitte"):
        assert f"f-{name}" not in present, name
    assert unprinted(page) is None  # the file holds nothing the paper does not print
    # the paper's order: the header fields, the Beratungsfolge, the title, the decision,
    # the Sachverhalt, the finances, the Anlagen
    order = ["f-art", "f-hausformat", "f-ergaenzung_zu", "f-organisationseinheit", "f-datum",
             "f-drucksachen_nr", "f-federfuehrung", "f-beteiligungen", "f-verantwortlich",
             "f-bearbeiter", "f-aktenzeichen", "f-haushalt_produkte", "f-beratungsfolge",
             "f-tagesordnungspunkt", "f-titel", "f-beschlussvorschlag", "f-sachverhalt",
             "f-finanzielle_auswirkungen", "f-anlagen", "f-plugins"]
    assert [i for i in present if i in order] == order
    # labelled as the paper labels them
    assert label_of(page, "bearbeiter") == "Bearbeiter/-in"
    assert label_of(page, "beteiligungen") == "Beteiligung"
    assert label_of(page, "haushalt_produkte") == "Haushalt/Produkt"
    assert label_of(page, "titel") == "Betreff"
    assert label_of(page, "beschlussvorschlag") == "Beschlussvorschlag"
    assert label_of(page, "sachverhalt") == "Sachverhalt"
    assert label_of(page, "finanzielle_auswirkungen") == "Finanzielle Auswirkungen"
    assert label_of(page, "beratungsfolge[0].rolle") == "Beratung 1: Zuständigkeit"
    # the Hausformat's pflichtfelder are marked as such
    assert control(page, "organisationseinheit").get("aria-required") == "true"
    # plugin blocks by their titles; the form blocks the standard does not place: none
    summaries = [s.text_content() for s in parse(page).xpath("//details/summary")]
    assert any(s.startswith("Weitere Angaben zur Vorlage (") for s in summaries)  # folded
    blocks = [s for s in summaries if not s.startswith("Weitere Angaben")]
    # the blocks without values folded together, each named by its title
    assert blocks[0] == ("Erweiterungen (Förderanträge, Maßnahmenliste, Verteiler und "
                         "Vorstellungen)")
    assert blocks[1:] == ["Förderanträge", "Maßnahmenliste", "Verteiler und Vorstellungen"]


def test_a_mitteilungsvorlage_offers_no_beschlussvorschlag(
        client: TestClient, tmp_path: Path) -> None:
    page = client.get(write(tmp_path, art="Mitteilungsvorlage")).text
    assert "f-beschlussvorschlag" not in ids(page)
    kept = unprinted(page)  # the file's decision text is kept, not offered as printed
    assert kept is not None and kept.get("open") is None
    assert control(page, "beschlussvorschlag[0]").get("value") == (
        "Der Hauptausschuss beschließt die Parkordnung.")


def test_a_bodys_hausformat_offers_its_fields_with_its_words(
        client: TestClient, tmp_path: Path) -> None:
    nordstemmen = client.get(write(tmp_path, hausformat="nordstemmen")).text
    assert label_of(nordstemmen, "bearbeiter") == "Auskunft erteilt"
    assert label_of(nordstemmen, "angaben.telefon") == "Telefon"  # {{ angaben.telefon }}
    assert label_of(nordstemmen, "beschlussvorschlag") == "Beschlussvorschlag"
    assert label_of(nordstemmen, "beratungsfolge[0].rolle") == "Beratung 1: Stand"
    present = ids(nordstemmen)
    for name in ("f-status", "f-unterzeichnung", "f-angaben-telefon",
                 "f-plugins-beteiligungen", "f-plugins-beratungsergebnis"):
        assert name in present, name
    assert "f-plugins-klimarelevanz" not in present and "f-federfuehrung" not in present
    assert "<summary>Beteiligung Personalrat, Gleichstellung, Mitzeichnung</summary>" in (
        nordstemmen)
    # placed where the paper has it: the Telefon line stands before the Drucksachen-Nr.
    assert present.index("f-angaben-telefon") < present.index("f-drucksachen_nr")

    landau = client.get(write(tmp_path, "landau.yaml", hausformat="landau",
                              art="Sitzungsvorlage")).text
    assert label_of(landau, "organisationseinheit") == "Amt/Abteilung"
    assert label_of(landau, "sachverhalt") == "Begründung"
    assert label_of(landau, "sachverhalt_ueberschrift") == "Überschrift statt „Begründung“"
    assert label_of(landau, "anlagen") == "Anlage"
    for name in ("f-plugins-finanzformular", "f-plugins-klimarelevanz"):
        assert name in ids(landau), name
    assert label_of(landau, "plugins.klimarelevanz.begruendung") == "Begründung"

    hamburg = client.get(write(
        tmp_path, "hamburg.yaml", hausformat="hamburg-eimsbuettel",
        art="Beschlussvorlage der Verwaltung", more="einreicher: Bezirksamt\n")).text
    assert label_of(hamburg, "beschlussvorschlag") == "Petitum/Beschluss"
    assert label_of(hamburg, "status") == "Status"
    assert control(hamburg, "einreicher").get("aria-required") == "true"  # a pflichtfeld
    assert "f-datum" in ids(hamburg)  # not printed, but every Vorlage needs it
    assert "f-bearbeiter" not in ids(hamburg)  # the file's Bearbeiter is kept aside
    assert control(hamburg, "bearbeiter").get("value") == "Erika Muster"


def test_a_plugins_block_stands_where_the_paper_places_its_section(
        client: TestClient, tmp_path: Path) -> None:
    page = client.get(write(tmp_path, hausformat="landau", art="Sitzungsvorlage")).text
    present = ids(page)
    # Landau: Begründung, the finance form, Finanzielle Auswirkung, Klimarelevanz, Anlage
    assert (present.index("f-sachverhalt") < present.index("f-plugins-finanzformular")
            < present.index("f-finanzielle_auswirkungen")
            < present.index("f-plugins-klimarelevanz") < present.index("f-anlagen")
            < present.index("f-plugins") < present.index("f-plugins-massnahmen"))


def test_a_beratungs_columns_are_those_the_paper_prints(
        client: TestClient, tmp_path: Path) -> None:
    more = "tagesordnungspunkt: 4\n"
    standard = client.get(write(tmp_path, more=more)).text
    present = ids(standard)
    for name in ("gremium", "sitzungsart", "sitzungstermine", "rolle"):
        assert f"f-beratungsfolge-0-{name}" in present, name
    for name in ("top", "sitzung"):  # the standard's Beratungsfolge has no such column
        assert f"f-beratungsfolge-0-{name}" not in present, name
    hamburg = client.get(write(tmp_path, "hamburg.yaml", hausformat="hamburg-eimsbuettel",
                               art="Beschlussempfehlung")).text
    assert "f-beratungsfolge-0-sitzung" in ids(hamburg)
    # a TOP the file gives a Beratung is kept, where the paper does not print it
    (tmp_path / "vorlage.yaml").write_text((tmp_path / "vorlage.yaml").read_text(
        encoding="utf-8").replace("    sitzungstermine: 16.04.2025\n",
                                  "    sitzungstermine: 16.04.2025\n    top: 7\n"),
        encoding="utf-8")
    kept = unprinted(client.get("/bearbeiten?datei=vorlage.yaml").text)
    assert kept is not None
    assert kept.xpath('.//input[@name="beratungsfolge[0].top"]')[0].get("value") == "7"
    assert kept.xpath('.//label[@for="f-beratungsfolge-0-top"]')[0].text_content() == (
        "Beratung 1: TOP")


def test_a_pflichtfeld_is_offered_even_where_no_text_prints_it(
        client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "eigen.yaml").write_text(
        "basis: standard\npflichtfelder: [organisationseinheit, beratungsfolge, status]\n",
        encoding="utf-8")
    page = client.get(write(tmp_path, hausformat="eigen.yaml")).text
    assert control(page, "status").get("aria-required") == "true"
    assert unprinted(page) is None


def test_what_the_paper_does_not_print_is_kept_when_saving(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path, more=(
        "status: öffentlich\neinreicher: Dezernat II\nangaben:\n  telefon: 0711 123\n"
        "plugins:\n  klimarelevanz:\n    relevant: ja\n"))
    page = client.get(url).text
    kept = unprinted(page)
    assert kept is not None and kept.get("open") is None  # closed: it says so
    assert "Im Hausformat nicht gedruckt: 4 Angaben" in kept.text_content()
    assert "bleiben beim Speichern erhalten" in kept.text_content()
    assert kept.xpath(".//summary")[0].text_content() == "Im Hausformat nicht gedruckt: 4 Angaben"
    names = {element.get("name") for element in kept.xpath(".//*[@name]")}
    assert {"status", "einreicher", "angaben.telefon", "plugins.klimarelevanz.relevant"} <= names
    # the check names each: the Hausformat does not print it
    assert "druckt dieses Feld nicht" in kept.text_content()
    assert "die das Hausformat druckt" not in kept.text_content()  # none: it prints none
    saved = send(client, form_of(page), "speichern", url=url)
    assert "Gespeichert" in saved.text
    text = (tmp_path / "vorlage.yaml").read_text(encoding="utf-8")
    for line in ("status: öffentlich", "einreicher: Dezernat II", "telefon: 0711 123",
                 "relevant: ja", "beschlussvorschlag: Der Hauptausschuss"):
        assert line in text, line
    # emptied, a value goes; the others stay
    emptied = send(client, form_of(saved.text), "speichern", {"einreicher": ""}, url=url)
    assert "Gespeichert" in emptied.text
    text = (tmp_path / "vorlage.yaml").read_text(encoding="utf-8")
    assert "einreicher" not in text and "status: öffentlich" in text
    assert "Im Hausformat nicht gedruckt: 3 Angaben" in unprinted(emptied.text).text_content()


def test_a_change_of_kind_or_hausformat_redraws_the_form_keeping_the_values(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path)
    page = client.get(url).text
    assert 'value="formular"' in page  # the button for a browser without JavaScript
    changed = send(client, form_of(page), "formular", {"art": "Mitteilungsvorlage",
                                                       "titel": "Neu getippt"}, url=url)
    assert "f-beschlussvorschlag" not in ids(changed.text)
    assert control(changed.text, "beschlussvorschlag[0]").get("value").startswith(
        "Der Hauptausschuss")  # kept aside, not lost
    assert control(changed.text, "titel").get("value") == "Neu getippt"
    assert control(changed.text, "art").get("autofocus") is not None
    back = send(client, form_of(changed.text), "formular", {"art": "Beschlussvorlage"}, url=url)
    assert "f-beschlussvorschlag" in ids(back.text) and unprinted(back.text) is None
    # another Hausformat: its own fields and words, the focus on the Hausformat
    other = send(client, form_of(back.text), "formular:hausformat",
                 {"hausformat": "nordstemmen"}, url=url)
    assert label_of(other.text, "angaben.telefon") == "Telefon"
    assert control(other.text, "hausformat").get("autofocus") is not None
    assert "f-haushalt_produkte" not in ids(other.text)
    assert (tmp_path / "vorlage.yaml").read_text(encoding="utf-8").startswith(
        "hausformat: standard")  # redrawing saves nothing


# The administrator's words

_COMMAND = re.compile(r"\bvorlagen\s+[a-z]|`|--[a-z]")
_PYTHON = re.compile(r"\b\w*_\w*\b|\b[A-Za-z][a-z]+[A-Z]\w*|\b\w+\(\)|\bConfig\b|\bNone\b|\bTrue\b")
GERMAN_LOWERCASE = frozenset({
    "verantwortlich", "relevant", "investiv", "konsumtiv", "weitere", "positiv", "negativ",
    "erheblich", "geringfügig", "öffentlich", "nichtöffentlich", "davon", "ja", "nein"})
"""Keys of a Vorlage that are German words, too, written as such in a sentence."""


def _keys(schema: Any) -> set[str]:
    """Every key a Vorlage file may hold (of the schema's properties, at any depth)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= _keys(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= _keys(item)
    return found


def _transliterated(word: str) -> bool:
    """A word written without its umlauts, as a key is (Begruendung, Verfuegbar)."""
    return re.search(r"ae|oe|ue", word.lower()) is not None


def problems_in(text: str, keys: set[str], key_words: set[str], label: bool) -> list[str]:
    found = []
    if label and text.startswith("Plugin "):
        found.append("Plugin-Präfix")
    if _COMMAND.search(text):
        found.append("Befehl")
    if match := _PYTHON.search(text):
        found.append(f"Python-Name {match.group()!r}")
    for word in re.findall(r"[A-Za-zÄÖÜäöüß]+", text):
        if word in keys and word not in GERMAN_LOWERCASE:
            found.append(f"Schlüssel {word!r}")
        elif word.lower() in key_words and _transliterated(word):
            found.append(f"Wort ohne Umlaut {word!r}")
    return found


def filled(form: fe.Form, state: dict[str, Any]) -> dict[str, Any]:
    """``state`` with a row in every list and every mapping of free keys, at every depth,
    so that each row's fields are drawn too."""
    for _ in range(5):
        added = False
        for top in form.fields(state):
            for field in top.walk():
                if field.kind in ("list", "pairs") and not field.children:
                    fe.apply(state, f"hinzufuegen:{field.name}", form)
                    added = True
        if not added:
            break
    return state


def shipped() -> list[tuple[str, str]]:
    from vorlagen.hausformate import available, chosen, load_hausformat
    from vorlagen.plugins import plugin_manager

    manager = plugin_manager()
    found = []
    for name in sorted(available(manager)):
        hausformat = load_hausformat(chosen(name, manager, Path.cwd()), manager)
        found += [(name, art.name) for art in hausformat.arten]
    return found


@pytest.mark.parametrize(("hausformat", "art"), shipped())
def test_no_label_or_help_shows_a_key_a_command_or_a_python_name(
        hausformat: str, art: str, tmp_path: Path) -> None:
    from vorlagen.plugins import plugin_manager
    from vorlagen.serve.app import _form_for

    form = _form_for(plugin_manager(), hausformat, tmp_path)
    keys = _keys(form.schema)
    key_words = {part for key in keys for part in key.split("_")}
    state = filled(form, {"art": art, "hausformat": hausformat})
    fields = [field for top in form.fields(state) for field in top.walk()]
    assert len(fields) > 30
    found = [f"{field.name}: {text!r}: {problem}"
             for field in fields
             for text, is_label in ((field.label, True), (field.description, False))
             for problem in problems_in(text, keys, key_words, is_label)]
    assert found == []


def test_the_check_of_labels_finds_what_it_should() -> None:
    keys = {"ueberschrift", "text", "mittel_verfuegbar", "titel"}
    key_words = {"ueberschrift", "text", "mittel", "verfuegbar", "titel"}
    for bad in ("Plugin massnahmen", "Begruendung", "Mittel Verfuegbar",
                "Abschnitte mit ueberschrift und text", "Name (vorlagen hausformate)",
                "mittel_verfuegbar", "MassnahmenConfig", "Die titel der Anlagen"):
        words = key_words | {"begruendung"}
        assert problems_in(bad, keys, words, True), bad
    assert problems_in("Titel der Anlage", keys, key_words, True) == []
    assert problems_in("Überschrift statt „Begründung“", keys, key_words, True) == []


def test_an_anlage_is_titled_as_such(client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path, more="anlagen:\n  - titel: Lageplan\n")
    page = client.get(url).text
    assert label_of(page, "anlagen[0].titel") == "Titel der Anlage"
    assert label_of(page, "anlagen[0].datei") == "Datei der Anlage"
    assert "Plugin " not in page and "Begruendung" not in page


# Uploads keep their own names


@pytest.mark.parametrize(("sent", "stored"), [
    ("netzplan.pdf", "netzplan.pdf"),
    ("C:\\Users\\erika\\Desktop\\Netzplan Süd.PDF", "Netzplan Süd.pdf"),
    ("../../etc/passwd.csv", "passwd.csv"),
    ("Plan\x00\x1b[31m\u202egfp.pdf", "Plan[31mgfp.pdf"),
    ("CON.pdf", "CON-datei.pdf"),
    ("nul.txt", "nul-datei.txt"),
    ("..pdf", "anlage-1.pdf"),
    ("  .versteckt.pdf  ", "versteckt.pdf"),
    ('a<b>c:"d|e?f*.pdf', "a-b-c-d-e-f.pdf"),
    ("Mu\u0308ller.pdf", "Müller.pdf"),
])
def test_a_name_is_made_safe(sent: str, stored: str) -> None:
    assert safe_name(sent, "anlagen[0].datei") == stored


def test_a_long_name_is_shortened_with_its_suffix() -> None:
    name = safe_name("x" * 300 + ".xlsx", "plugins.massnahmen.datei")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".xlsx")


def test_an_upload_keeps_its_name_and_never_replaces_a_file(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path, more="anlagen:\n  - titel: Netzplan\n  - titel: Netzplan alt\n")
    (tmp_path / "Netzplan.pdf").write_bytes(b"%PDF-1.4 someone else's")  # other case: other file
    first = send(client, form_of(client.get(url).text), "hochladen", url=url,
                 files={"hochladen:anlagen[0].datei": ("netzplan.pdf", PDF, "application/pdf")})
    assert control(first.text, "anlagen[0].datei").get("value") == "netzplan.pdf"
    said = parse(first.text).get_element_by_id("meldung").text_content()
    assert said.startswith("Hochgeladen als netzplan.pdf.")
    second = send(client, form_of(first.text), "hochladen", url=url,
                  files={"hochladen:anlagen[1].datei": ("netzplan.pdf", PDF + b" ",
                                                        "application/pdf")})
    assert control(second.text, "anlagen[1].datei").get("value") == "netzplan-2.pdf"
    said = parse(second.text).get_element_by_id("meldung").text_content()
    assert "Hochgeladen als netzplan-2.pdf (netzplan.pdf gibt es dort schon)." in said
    assert (tmp_path / "netzplan.pdf").read_bytes() == PDF  # the first is not replaced
    assert (tmp_path / "netzplan-2.pdf").read_bytes() == PDF + b" "
    assert (tmp_path / "Netzplan.pdf").read_bytes() == b"%PDF-1.4 someone else's"


# In a browser: a change of kind redraws the form by itself


REASON = missing()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if REASON is not None:
        pytest.skip(f"kein Browser: {REASON}")
    folder = tmp_path_factory.mktemp("printed")
    write(folder)
    with running(folder) as url:
        driver = browser()
        driver.get(url)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.mark.browser
def test_changing_the_kind_redraws_the_form_in_the_browser(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from tests.test_serve_browser import axe, until

    page.find_element(By.CSS_SELECTOR, "a[href='/bearbeiten?datei=vorlage.yaml']").click()
    until(lambda: page.find_elements(By.ID, "f-beschlussvorschlag"))
    assert not page.find_element(By.CSS_SELECTOR, "button.redraw").is_displayed()
    titel = page.find_element(By.ID, "f-titel")
    titel.clear()
    titel.send_keys("Getippt vor dem Wechsel")
    Select(page.find_element(By.ID, "f-art")).select_by_value("Mitteilungsvorlage")
    # the decision text, which a Mitteilungsvorlage does not print, is kept aside
    until(lambda: page.find_elements(By.CSS_SELECTOR, "details.unprinted #f-beschlussvorschlag"),
          30)
    assert page.switch_to.active_element.get_attribute("id") == "f-art"
    assert page.find_element(By.ID, "f-titel").get_attribute("value") == (
        "Getippt vor dem Wechsel")
    violations, passes = axe(page)
    assert violations == [] and passes > 10
    # the check's summary leads to the kept text, opening its group
    kept = page.find_element(By.CSS_SELECTOR, "details.unprinted")
    assert kept.get_attribute("open") is None
    page.find_element(By.CSS_SELECTOR, "#zusammenfassung a[href='#f-beschlussvorschlag']"
                      ).click()
    until(lambda: kept.get_attribute("open") is not None, 60)
    violations, _ = axe(page)  # opened too
    assert violations == []
    Select(page.find_element(By.ID, "f-art")).select_by_value("Beschlussvorlage")
    until(lambda: not page.find_elements(By.CSS_SELECTOR, "details.unprinted"), 60)
    assert page.find_element(By.ID, "f-beschlussvorschlag").is_displayed()
    assert page.switch_to.active_element.get_attribute("id") == "f-art"


def test_a_plugins_own_kind_of_paper_offers_every_field() -> None:
    """A kind of paper of a plugin's (deprecated) document type has Bausteine the
    Hausformat does not know: nothing the schema has is hidden from it."""
    import warnings as _warnings

    from vorlagen.contributions import DocumentType
    from vorlagen.hausformate import chosen, load_hausformat
    from vorlagen.plugin_api import hookimpl
    from vorlagen.plugins import plugin_manager, sections
    from vorlagen.schema import vorlage_schema

    class Sonder:
        @hookimpl
        def vorlagen_document_types(self) -> list[DocumentType]:
            return [DocumentType("Sondervorlage", ("sachverhalt",))]

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # the hook is deprecated, and says so
        manager = plugin_manager(entry_points=False, plugins=[Sonder()])
        hausformat = load_hausformat(chosen("standard", manager, Path.cwd()), manager)
        form = fe.Form(vorlage_schema(manager, hausformat, "standard"), hausformat,
                       sections(manager))
    names = {field.name for field in form.fields({"art": "Sondervorlage"})}
    assert {"status", "tagesordnungspunkt", "beschlussvorschlag"} <= names
    names = {field.name for field in form.fields({"art": "Mitteilungsvorlage"})}
    assert "status" not in names and "beschlussvorschlag" not in names


# A value the paper does not print, refused by the check: removed in one click


def test_a_beschlussvorschlag_a_mitteilungsvorlage_has_not_goes_in_one_click(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path)
    (tmp_path / "vorlage.yaml").write_text(
        (tmp_path / "vorlage.yaml").read_text(encoding="utf-8").replace(
            "beschlussvorschlag: Der Hauptausschuss beschließt die Parkordnung.",
            "beschlussvorschlag:\n  - Der Hauptausschuss beschließt die Parkordnung.\n"
            "  - Die Verwaltung setzt sie um.\n"), encoding="utf-8")
    page = client.get(url).text
    changed = send(client, form_of(page), "formular", {"art": "Mitteilungsvorlage"}, url=url)
    kept = unprinted(changed.text)
    said = parse(changed.text).get_element_by_id("e-beschlussvorschlag").text_content()
    # the paper's words, no key, German quotes where any
    assert ("eine Mitteilungsvorlage hat keinen Beschlussvorschlag (nur eine "
            "Beschlussvorlage hat einen): das Feld „Beschlussvorschlag“ entfernen") in said
    assert "beschlussvorschlag" not in said
    assert kept.get("open") is None  # closed: the button stands right after it, seen
    buttons = kept.xpath('following-sibling::*[1][@class="unprinted-drops"]/button')
    assert [button.text_content() for button in buttons] == [
        "Beschlussvorschlag entfernen (eine Mitteilungsvorlage hat keinen)"]
    assert buttons[0].get("value") == "weglassen:beschlussvorschlag"
    assert buttons[0].get("id") == "weglassen-f-beschlussvorschlag-_weglassen"
    # the value stays in the group, with its message, until the button is pressed
    assert kept.xpath('.//*[@name="beschlussvorschlag[1]"]')
    removed = send(client, form_of(changed.text), "weglassen:beschlussvorschlag", url=url)
    assert unprinted(removed.text) is None  # nothing else was kept aside
    assert not parse(removed.text).xpath('//*[starts-with(@name, "beschlussvorschlag")]')
    message = parse(removed.text).get_element_by_id("meldung").text_content()
    assert "Beschlussvorschlag entfernt." in message
    undo = parse(removed.text).get_element_by_id("rueckgaengig")  # where the group stood
    assert undo.get("autofocus") is not None
    assert undo.get("aria-label") == "Rückgängig: Beschlussvorschlag wiederherstellen"
    assert "hat keinen Beschlussvorschlag" not in removed.text  # the check is content
    # saved, the file has no Beschlussvorschlag; undone first, it has both points back
    back = send(client, form_of(removed.text), undo.get("value"), url=url)
    assert [control(back.text, f"beschlussvorschlag[{index}]").get("value")
            for index in (0, 1)] == ["Der Hauptausschuss beschließt die Parkordnung.",
                                     "Die Verwaltung setzt sie um."]
    assert "wiederhergestellt" in parse(back.text).get_element_by_id("meldung").text_content()
    again = send(client, form_of(back.text), "weglassen:beschlussvorschlag", url=url)
    saved = send(client, form_of(again.text), "speichern", url=url)
    assert "Gespeichert in vorlage.yaml." in saved.text
    text = (tmp_path / "vorlage.yaml").read_text(encoding="utf-8")
    assert "beschlussvorschlag" not in text and "art: Mitteilungsvorlage" in text


def test_every_refused_unprinted_value_offers_its_removal(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path, more="status: öffentlich\neinreicher: Dezernat II\n"
                               "angaben:\n  telefon: 0711 123\n")
    page = client.get(url).text
    kept = unprinted(page)
    buttons = {button.get("value"): button.text_content() for button in kept.xpath(
        'following-sibling::*[1]//button[starts-with(@value, "weglassen:")]')}
    assert buttons == {  # the status, which the check lets be, has none
        "weglassen:einreicher": "Einreicher entfernen (das Hausformat druckt es nicht)",
        "weglassen:angaben": "Weitere Angaben entfernen (das Hausformat druckt es nicht)"}
    removed = send(client, form_of(page), "weglassen:angaben", url=url)
    assert not parse(removed.text).xpath('//*[starts-with(@name, "angaben")]')
    removed = send(client, form_of(removed.text), "weglassen:einreicher", url=url)
    assert not parse(removed.text).xpath('//*[@name="einreicher"]')
    undo = unprinted(removed.text).xpath('following-sibling::*[1]//*[@id="rueckgaengig"]')
    assert undo and undo[0].get("autofocus") is not None  # seen while the group is closed
    # a forged action for a printed field removes nothing
    same = send(client, form_of(removed.text), "weglassen:titel", url=url)
    assert control(same.text, "titel").get("value") == "Neue Parkordnung"
    # what comes back is checked: only where the form has no value, in its shape
    forged = send(client, form_of(same.text),
                  'rueckgaengig:{"feld":"titel","wert":"Anderer Titel"}', url=url)
    assert control(forged.text, "titel").get("value") == "Neue Parkordnung"


def test_an_upload_again_into_its_anlage_keeps_its_name(
        client: TestClient, tmp_path: Path) -> None:
    url = write(tmp_path, more="anlagen:\n  - titel: Netzplan\n")
    first = send(client, form_of(client.get(url).text), "hochladen", url=url,
                 files={"hochladen:anlagen[0].datei": ("netzplan.pdf", PDF, "application/pdf")})
    again = send(client, form_of(first.text), "hochladen", url=url,
                 files={"hochladen:anlagen[0].datei": ("netzplan.pdf", PDF + b"neu",
                                                       "application/pdf")})
    said = parse(again.text).get_element_by_id("meldung").text_content()
    assert said.startswith("Hochgeladen als netzplan.pdf (ersetzt die vorige Datei).")
    assert control(again.text, "anlagen[0].datei").get("value") == "netzplan.pdf"
    assert (tmp_path / "netzplan.pdf").read_bytes() == PDF + b"neu"
    assert sorted(path.name for path in tmp_path.glob("*.pdf")) == ["netzplan.pdf"]
    # saved, the file names it: a further upload never writes over it
    saved = send(client, form_of(again.text), "speichern", url=url)
    assert "Gespeichert" in saved.text
    third = send(client, form_of(saved.text), "hochladen", url=url,
                 files={"hochladen:anlagen[0].datei": ("netzplan.pdf", PDF, "application/pdf")})
    said = parse(third.text).get_element_by_id("meldung").text_content()
    assert said.startswith("Hochgeladen als netzplan-2.pdf (netzplan.pdf gibt es dort schon).")
    assert (tmp_path / "netzplan.pdf").read_bytes() == PDF + b"neu"


# The check's messages in the form's words


def test_the_forms_messages_quote_in_german_and_offer_the_list(
        client: TestClient, tmp_path: Path) -> None:
    from vorlagen.serve.wording import for_form

    def said(page: str, name: str) -> str:
        box = parse(page).get_element_by_id("e-" + control(page, name).get("id")[2:])
        return str(box.text_content())

    page = client.get(write(tmp_path, hausformat="standrad")).text
    hausformat = said(page, "hausformat")
    assert "kein Hausformat „standrad“; eines aus der Liste wählen (" in hausformat
    assert "gemeint ist vielleicht „standard“" in hausformat
    assert "Pfad" not in hausformat and "hausformat.yaml" not in hausformat
    page = client.get(write(tmp_path, art="Beschlusvorlage")).text
    assert said(page, "art").startswith(
        "⚠ Fehler: „Beschlusvorlage“ ist nicht erlaubt, erwartet: Mitteilungsvorlage")
    assert "gemeint ist vielleicht „Beschlussvorlage“" in said(page, "art")
    page = client.get(write(tmp_path, hausformat="nordstemmen", more="")).text
    rolle = send(client, form_of(page), "pruefen", {"beratungsfolge[0].rolle": "Anhörun"},
                 url="/bearbeiten?datei=vorlage.yaml").text
    assert "„Anhörun“ ist nicht erlaubt" in said(rolle, "beratungsfolge[0].rolle")
    assert "'" not in said(rolle, "beratungsfolge[0].rolle")
    # an apostrophe in a word stays one; the command line's message is unchanged
    assert for_form("\"Rat's Saal\" gibt's nicht, 'Rathaus' schon") == (
        "„Rat's Saal“ gibt's nicht, „Rathaus“ schon")
    assert for_form("x: das Feld beschlussvorschlag entfernen") == (
        "x: das Feld „Beschlussvorschlag“ entfernen")
    assert for_form("fehlt: eine Beschlussvorlage braucht einen beschlussvorschlag") == (
        "fehlt: eine Beschlussvorlage braucht einen Beschlussvorschlag")
