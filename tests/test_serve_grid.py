"""Tables and lists in the form's Markdown fields without Markdown syntax (static/grid.js):
the toolbar under each Markdown field, the table grid, the lists; what the grid writes is
the Markdown the paper reads, in chromium (Debian's, through chromium-driver)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from tests.browser_support import browser, missing, running
from tests.conftest import EXAMPLE
from tests.reading import open_docx
from tests.test_serve import FILE, URL, log_in, parse
from tests.test_serve_browser import axe, until
from vorlagen.builder import Builder, Options
from vorlagen.markdown import _parser, to_blocks
from vorlagen.serve import create_app
from vorlagen.serve.security import Access
from vorlagen.tree import Table

with warnings.catch_warnings():  # starlette's notice about httpx's successor
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

REASON = missing()
Test = TypeVar("Test", bound=Callable[..., None])


def in_browser(test: Test) -> Test:
    """A test in chromium: marked browser, skipped where there is none."""
    marked = pytest.mark.skipif(REASON is not None, reason=f"kein Browser: {REASON}")(test)
    return pytest.mark.browser(marked)  # type: ignore[no-any-return]

Grid = tuple[list[list[str]], list[str]]
"""A table as rows of cell texts (the header row first) and each column's alignment."""


def tables_read(text: str) -> list[tuple[list[int], Grid]]:
    """Each pipe table the paper's Markdown reader finds: its lines and its cells."""
    found: list[tuple[list[int], Grid]] = []
    rows: list[list[str]] = []
    aligns: list[str] = []
    lines: list[int] = []
    for token in _parser().parse(text):
        if token.type == "table_open":
            rows, aligns, lines = [], [], list(token.map or [])
        elif token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrs.get("style", ""))
            if len(rows) == 1:
                aligns.append(style.removeprefix("text-align:"))
        elif token.type == "inline" and rows and lines:
            rows[-1].append(token.content)
        elif token.type == "table_close":
            found.append((lines, (rows, aligns)))
            lines = []
    return found


def table_blocks(text: str) -> list[list[list[str]]]:
    """The tables the paper holds for a text: rows of cell texts (vorlagen.markdown)."""
    return [[["".join(getattr(run, "text", "") for paragraph in cell.blocks
                      for run in getattr(paragraph, "inlines", ()))
              for cell in row] for row in block.rows]
            for block in to_blocks(text) if isinstance(block, Table)]


# ---- without JavaScript -------------------------------------------------------------


def test_without_javascript_the_markdown_field_stays_a_plain_textarea(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    access = Access.new(8765)
    with TestClient(create_app(tmp_path, access=access),
                    base_url="http://127.0.0.1:8765") as client:
        log_in(client, access)
        page = parse(client.get(URL).text)
    field = page.get_element_by_id("f-sachverhalt-0-text")
    assert field.tag == "textarea" and "data-markdown" in field.attrib
    assert field.getnext().get("class") == "hint"  # the Markdown hint stays
    assert page.get_element_by_id("f-titel").get("data-markdown") is None  # plain text
    assert not page.find_class("grid-toolbar")  # the toolbar comes with the script only
    script = page.xpath("//script[@src='/static/grid.js']")
    assert script and "defer" in script[0].attrib


# ---- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("grid")
    shutil.copytree(EXAMPLE.parent, folder / "ik")
    return folder


@pytest.fixture(scope="module")
def driver(folder: Path) -> Iterator[Any]:
    if REASON is not None:
        pytest.skip(f"kein Browser: {REASON}")
    with running(folder) as url:
        driver = browser()
        driver.get(url)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def page(driver: Any) -> Any:
    from selenium.webdriver.common.by import By

    driver.get(driver.current_url.split("/bearbeiten")[0].split("?")[0].rstrip("/") + "/")
    driver.find_element(By.CSS_SELECTOR, f"a[href='/bearbeiten?datei={FILE}']").click()
    until(lambda: driver.find_elements(By.CSS_SELECTOR, ".grid-toolbar"), 60)
    return driver


def keys(driver: Any, *sent: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*sent).perform()


def control_key(driver: Any, key: str) -> None:
    """Press Ctrl together with ``key``."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def active(driver: Any) -> Any:
    return driver.switch_to.active_element


def tab_to(driver: Any, wanted: Callable[[Any], bool], backwards: bool = False) -> Any:
    """Move the focus by Tab alone (Shift+Tab backwards) to the element ``wanted``
    accepts."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(60):
        if wanted(active(driver)):
            return active(driver)
        if backwards:
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(
                Keys.SHIFT).perform()
        else:
            keys(driver, Keys.TAB)
    raise AssertionError("mit Tab nicht zu erreichen")


def grid_of(element: Any) -> str:
    return str(element.get_attribute("data-grid") or "")


def is_cell(row: int, column: int) -> Callable[[Any], bool]:
    return lambda element: (element.get_attribute("data-row"),
                            element.get_attribute("data-column")) == (str(row), str(column))


def type_into(driver: Any, text: str) -> None:
    """Replace what the focused text field holds by ``text``, as typed."""
    from selenium.webdriver.common.keys import Keys

    control_key(driver, "a")
    keys(driver, Keys.BACKSPACE, text)


def append(driver: Any, field: str, text: str) -> Any:
    """Type ``text`` at the end of a text field; the field."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    area = driver.find_element(By.ID, field)
    area.click()
    control_key(driver, Keys.END)
    area.send_keys(text)
    return area


def toolbar_button(driver: Any, field: str, kind: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(
        By.CSS_SELECTOR, f".grid-toolbar[aria-controls='{field}'] button[data-grid='{kind}']")


def dialog(driver: Any) -> Any:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, "dialog.grid-dialog[open]")
    return found[0] if found else None


TABLE = ("| Maßnahme | Träger | Kosten |\n"
         "|:---|---|---:|\n"
         "| Sprachkurs | VHS | 1.000 € |\n")


PARITY = [
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Absatz davor\n| a | b |\n| :-- | --: |\n| 1 | 2 |\nohne Pipe\n\nDanach",
    "a | b\n--|:-:\nx | y \\| z\n",
    "```\n| a | b |\n|---|---|\n```\n\n| c |\n|---|\n| d |",
    "~~~~ text\n| a | b |\n|---|---|\n~~~\n~~~~\n| e | f |\n|---|---|\n",
    "    | a | b |\n    |---|---|\n\n| e | f |\n|---|---|\n- Liste\n",
    "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n# Überschrift\n> Zitat",
    "- Punkt\n| a | b |\n|---|---|\n",
    "> Zitat\n| a | b |\n|---|---|\n",
    "- Punkt\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n",
    "| a \\\\| b |\n|---|---|\n| `c \\| d` | e |",
    "| a | b |\n|:-:|---|\n| `c \\| d` | e \\\\| f |\n\nText\n\n|x|\n|-|\n|y|\n***\n",
    "| a | b |\n| --- | --- | --- |\n",
    "a | b\n- | -\n",
    "\t| a |\n|---|\n",
    "| a | b |\n|---|---|\n| x | y |\n---\n1. eins\n",
]


@in_browser
def test_tables_are_read_and_written_as_the_papers_markdown_reader_reads_them(
        page: Any) -> None:
    script = """
        var grid = window.vorlagenGrid, text = arguments[0];
        return grid.findTables(text).map(function (table) {
          var model = grid.readTable(text, table), written = grid.writeTable(model);
          var again = grid.findTables(written);
          return [[table.first, table.last + 1], model.rows, model.aligns, written,
                  grid.writeTable(grid.readTable(written, again[0])), again.length,
                  grid.replaceTable(text, table, model, model).text === text];
        });"""
    for text in PARITY:
        found = page.execute_script(script, text)
        expected = tables_read(text)
        assert [lines for lines, *_ in found] == [lines for lines, _ in expected], text
        for (_, rows, aligns, written, rewritten, again, same), (_, (want, want_aligns)) in zip(
                found, expected, strict=True):
            width = len(want_aligns)
            assert [row[:width] for row in rows] == want and aligns[:width] == want_aligns
            read = tables_read(written)  # what the grid writes is the same table
            assert [lines for lines, _ in read] == [[0, written.count("\n") + 1]]
            assert read[0][1] == (rows, aligns)
            assert rewritten == written and again == 1  # and written again, the same text
            assert same  # taken over unchanged: the text as it was


@in_browser
def test_template_expressions_keep_their_pipes(page: Any) -> None:
    row = page.execute_script(
        "return window.vorlagenGrid.splitRow(arguments[0])",
        "| {{ betrag | round }} | a \\| b | {# x | y #} |")
    assert row == ["{{ betrag | round }}", "a | b", "{# x | y #}"]
    written = page.execute_script(
        "return window.vorlagenGrid.writeTable(arguments[0])",
        {"rows": [["Betrag", "Text"], ["{{ betrag | round }}", "a | b"]],
         "aligns": ["right", ""], "indent": ""})
    assert written == ("| Betrag               | Text   |\n"
                       "| -------------------: | ------ |\n"
                       "| {{ betrag | round }} | a \\| b |")


TABLE = ("| Maßnahme | Träger | Kosten |\n"
         "|:---|---|---:|\n"
         "| Sprachkurs | VHS | 1.000 € |\n")
EDITED = ("| Maßnahme               | Kosten  | Jahr |\n"
          "| :--------------------- | ------: | ---- |\n"
          "| Sprachkurs \\| Stufe A1 | 1.000 € | 2018 |\n"
          "| Elterncafé             | 500 €   | 2019 |")


@in_browser
def test_a_table_is_edited_by_keyboard_saved_and_printed(page: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = "f-sachverhalt-0-text"
    area = append(page, field, "\n" + TABLE)
    before = area.get_attribute("value")
    assert before.endswith("\n\n" + TABLE)
    tab_to(page, lambda element: grid_of(element) == "tabelle")
    assert active(page).text == "Tabelle bearbeiten"
    keys(page, Keys.ENTER)
    until(lambda: dialog(page), 60)
    assert is_cell(0, 0)(active(page)) and active(page).get_attribute("value") == "Maßnahme"
    assert dialog(page).find_element(By.TAG_NAME, "h2").text == \
        "Tabelle bearbeiten: Abschnitt 1 – Text des Abschnitts"

    tab_to(page, is_cell(1, 0))  # edit a cell, with a pipe
    type_into(page, "Sprachkurs | Stufe A1")
    tab_to(page, lambda element: grid_of(element) == "zeile-neu")  # add a row
    keys(page, Keys.ENTER)
    assert is_cell(2, 0)(active(page))
    assert "Zeile 2 hinzugefügt." in dialog(page).text
    keys(page, "Elterncafé", Keys.TAB, "Caritas", Keys.TAB, "500 €")
    tab_to(page, lambda element: grid_of(element) == "spalte-neu")  # add a column
    keys(page, Keys.ENTER)
    assert is_cell(0, 3)(active(page))
    keys(page, "Jahr", Keys.ENTER, "2018", Keys.ENTER, "2019")
    assert active(page).get_attribute("aria-label") == "Zeile 2, Spalte 4 (Jahr)"
    tab_to(page, lambda element: element.get_attribute("aria-label") == "Spalte 2 entfernen")
    keys(page, Keys.ENTER)  # remove the column of the Träger
    assert is_cell(0, 1)(active(page)) and active(page).get_attribute("value") == "Kosten"
    tab_to(page, lambda element: grid_of(element) == "uebernehmen")
    keys(page, Keys.ENTER)
    until(lambda: not dialog(page), 60)

    value = area.get_attribute("value")
    assert value == before.removesuffix(TABLE) + EDITED + "\n"
    assert active(page) == area  # writing on where the table is
    assert table_blocks(value) == [[["Maßnahme", "Kosten", "Jahr"],
                                    ["Sprachkurs | Stufe A1", "1.000 €", "2018"],
                                    ["Elterncafé", "500 €", "2019"]]]
    assert tables_read(value)[0][1][1] == ["left", "right", ""]

    page.find_element(By.CSS_SELECTOR, "button[value='speichern']").click()
    until(lambda: "Gespeichert" in page.find_element(By.ID, "meldung").text, 60)
    saved = yaml.safe_load((folder / "ik" / "vorlage.yaml").read_text(encoding="utf-8"))
    assert saved["sachverhalt"][0]["text"] == value

    builder = Builder(Options(formats=("docx",)))
    vorlage = builder.load(folder / "ik" / "vorlage.yaml")
    builder.validate(vorlage)  # as vorlagen validate does
    document = open_docx(builder.document(vorlage, "docx"))
    printed = [[[cell.text for cell in row.cells] for row in table.rows]
               for table in document.tables]
    assert [["Maßnahme", "Kosten", "Jahr"], ["Sprachkurs | Stufe A1", "1.000 €", "2018"],
            ["Elterncafé", "500 €", "2019"]] in printed


@in_browser
def test_the_live_check_sees_what_the_grid_wrote(page: Any) -> None:
    from selenium.webdriver.common.by import By

    field = "f-sachverhalt-1-text"
    append(page, field, "\n| Plan | Stand |\n|---|---|\n| A | offen |\n")
    box = page.find_element(By.ID, "e-sachverhalt-1-text")
    button = toolbar_button(page, field, "tabelle")
    for text, seen in (("![Plan](plan.png)", lambda: "Bilder" in box.text),
                       ("A", lambda: box.text == "")):
        button.click()
        until(lambda: dialog(page), 60)
        cell = page.find_element(By.CSS_SELECTOR, "dialog input[data-row='1'][data-column='0']")
        cell.clear()
        cell.send_keys(text)
        dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='uebernehmen']").click()
        until(seen, 60)
    assert page.find_element(By.ID, field).get_attribute("aria-invalid") == "false"


@in_browser
def test_escape_and_abbrechen_change_nothing_and_alignment_and_pipes_survive(
        page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = "f-sachverhalt-2-text"
    area = append(page, field, "\nZahl|Wert\n-:|:-:\n1|a \\| b\n")
    before = area.get_attribute("value")
    button = toolbar_button(page, field, "tabelle")

    def open_grid() -> Any:
        button.click()
        until(lambda: dialog(page), 60)
        return page.find_element(By.CSS_SELECTOR, "dialog input[data-row='1'][data-column='1']")

    cell = open_grid()
    assert cell.get_attribute("value") == "a | b"  # the pipe as it is printed
    cell.send_keys(" und c")
    keys(page, Keys.ESCAPE)
    until(lambda: not dialog(page), 60)
    assert area.get_attribute("value") == before
    assert active(page) == button

    open_grid().send_keys(" und c")
    dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='abbrechen']").click()
    until(lambda: not dialog(page), 60)
    assert area.get_attribute("value") == before

    open_grid()  # taken over unchanged: the same text, its own spelling kept
    dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='uebernehmen']").click()
    until(lambda: not dialog(page), 60)
    assert area.get_attribute("value") == before

    open_grid()
    first = page.find_element(By.CSS_SELECTOR, "dialog input[data-row='1'][data-column='0']")
    first.clear()
    first.send_keys("3")
    dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='uebernehmen']").click()
    until(lambda: not dialog(page), 60)
    value = area.get_attribute("value")
    assert value == before.removesuffix("Zahl|Wert\n-:|:-:\n1|a \\| b\n") + (
        "| Zahl | Wert   |\n| ---: | :----: |\n| 3    | a \\| b |\n")
    assert tables_read(value)[0][1] == ([["Zahl", "Wert"], ["3", "a | b"]], ["right", "center"])


@in_browser
def test_of_several_tables_the_one_at_the_cursor_and_undo(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = "f-sachverhalt-1-text"
    area = append(page, field, "\n| A |\n|---|\n| 1 |\n\nZwischentext\n\n| B |\n|---|\n| 2 |\n")
    before = area.get_attribute("value")

    def tool_at(text: str) -> Any:
        """The table button, the cursor put before ``text`` in the field."""
        page.execute_script("arguments[0].focus();"
                            "arguments[0].setSelectionRange(arguments[1], arguments[1])",
                            area, before.index(text))
        return tab_to(page, lambda element: grid_of(element) == "tabelle")

    assert tool_at("Zwischentext").text == "Tabelle einfügen"
    assert tool_at("| 2 |").text == "Tabelle bearbeiten"
    assert tool_at("| 1 |").text == "Tabelle bearbeiten"
    keys(page, Keys.ENTER)
    until(lambda: dialog(page), 60)
    assert active(page).get_attribute("value") == "A"  # the first table, at the cursor
    keys(page, Keys.END, "lt")
    dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='uebernehmen']").click()
    until(lambda: not dialog(page), 60)
    assert area.get_attribute("value") == before.replace(
        "| A |\n|---|\n| 1 |", "| Alt |\n| --- |\n| 1   |")
    control_key(page, "z")  # the browser's undo takes the grid's change back
    assert area.get_attribute("value") == before


@in_browser
def test_lists_are_started_with_the_toolbar(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    field = "f-finanzielle_auswirkungen"
    area = append(page, field, "\nErster Punkt")
    before = area.get_attribute("value").removesuffix("Erster Punkt")

    def press(kind: str) -> None:
        tab_to(page, lambda element: grid_of(element) in ("tabelle", "liste", "nummern"))
        while grid_of(active(page)) != kind:
            keys(page, Keys.ARROW_RIGHT)
        keys(page, Keys.ENTER)
        assert active(page) == area  # typing goes on in the field

    press("liste")
    keys(page, Keys.ENTER, "Zweiter Punkt")
    press("liste")
    keys(page, Keys.ENTER, Keys.ENTER, "Erstens")
    press("nummern")
    keys(page, Keys.ENTER, "Zweitens")
    press("nummern")
    assert area.get_attribute("value") == before + (
        "- Erster Punkt\n- Zweiter Punkt\n\n1. Erstens\n2. Zweitens")
    keys(page, Keys.ENTER)
    press("liste")  # on an empty line: a new item to write in
    keys(page, "Dritter")
    assert area.get_attribute("value").endswith("2. Zweitens\n- Dritter")


@in_browser
def test_one_tab_stop_per_toolbar_a_new_table_and_axe_with_the_grid_open(page: Any) -> None:
    from selenium.webdriver.common.by import By

    areas = page.find_elements(By.CSS_SELECTOR, "textarea[data-markdown]")
    bars = page.find_elements(By.CSS_SELECTOR, ".grid-toolbar")
    assert len(bars) == len(areas) >= 4
    for bar in bars:
        stops = [b for b in bar.find_elements(By.TAG_NAME, "button")
                 if b.get_attribute("tabindex") == "0"]
        assert len(stops) == 1

    field = "f-finanzielle_auswirkungen"
    area = page.find_element(By.ID, field)
    before = area.get_attribute("value")
    button = toolbar_button(page, field, "tabelle")
    assert button.text == "Tabelle einfügen"
    button.click()
    until(lambda: dialog(page), 60)
    dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='uebernehmen']").click()
    until(lambda: not dialog(page), 60)
    assert area.get_attribute("value") == before  # a new table left empty adds nothing
    button.click()
    until(lambda: dialog(page), 60)
    assert dialog(page).find_element(By.TAG_NAME, "h2").text.startswith("Tabelle einfügen")
    violations, passes = axe(page)
    assert violations == [] and passes > 10
    for row, column, text in ((0, 0, "Jahr"), (0, 1, "Betrag"), (1, 0, "2018"),
                              (1, 1, "12.500 €")):
        page.find_element(By.CSS_SELECTOR, f"dialog input[data-row='{row}']"
                                           f"[data-column='{column}']").send_keys(text)
    dialog(page).find_element(By.CSS_SELECTOR, "button[data-grid='uebernehmen']").click()
    until(lambda: not dialog(page), 60)
    value = area.get_attribute("value")
    assert value == before + "\n| Jahr | Betrag   |\n| ---- | -------- |\n| 2018 | 12.500 € |\n"
    assert button.text == "Tabelle bearbeiten"
    assert axe(page)[0] == []


# ---- Enter in a list as in Word, Enter in the grid's last row ------------------------


def emptied(driver: Any, field: str) -> Any:
    """The text field ``field`` clicked into and emptied by keyboard; the field."""
    from selenium.webdriver.common.by import By

    area = driver.find_element(By.ID, field)
    area.click()
    type_into(driver, "")
    assert area.get_attribute("value") == ""
    return area


def shift_enter(driver: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()


def press_tool(driver: Any, area: Any, kind: str) -> None:
    """Tab from the field to its toolbar, the arrow keys to the button ``kind``, Enter."""
    from selenium.webdriver.common.keys import Keys

    tab_to(driver, lambda element: grid_of(element) in ("tabelle", "liste", "nummern"))
    while grid_of(active(driver)) != kind:
        keys(driver, Keys.ARROW_RIGHT)
    keys(driver, Keys.ENTER)
    assert active(driver) == area


def list_items(text: str) -> list[list[str]]:
    """The items of each list the paper holds for a text, as their texts."""
    from vorlagen.tree import ListBlock

    return [["".join(getattr(run, "text", "") for paragraph in item
                     for run in getattr(paragraph, "inlines", ())) for item in block.items]
            for block in to_blocks(text) if isinstance(block, ListBlock)]


@in_browser
def test_enter_in_a_list_starts_the_next_item_as_in_word(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    area = emptied(page, "f-sachverhalt-0-text")
    page.execute_script(  # what the live check hears: the input events and their text
        "window.heard = [];"
        "arguments[0].addEventListener('input', function (e) { heard.push(e.target.value); })",
        area)
    keys(page, "Die Verwaltung schlägt vor:", Keys.ENTER)
    press_tool(page, area, "liste")
    keys(page, "Ausschreibung im Februar", Keys.ENTER, "Baubeginn im Mai")
    value = area.get_attribute("value")
    assert value == ("Die Verwaltung schlägt vor:\n- Ausschreibung im Februar\n"
                     "- Baubeginn im Mai")
    assert list_items(value) == [["Ausschreibung im Februar", "Baubeginn im Mai"]]
    assert "Die Verwaltung schlägt vor:\n- Ausschreibung im Februar\n- " in \
        page.execute_script("return window.heard")

    keys(page, Keys.ENTER, Keys.ENTER, "Die Schritte:", Keys.ENTER)  # an empty item ends it
    press_tool(page, area, "nummern")
    keys(page, "Planung", Keys.ENTER, "Vergabe", Keys.ENTER, "Bau", Keys.ENTER, Keys.ENTER,
         "Danach", Keys.ENTER, "folgt")  # outside a list Enter stays a line break
    assert area.get_attribute("value") == value + (
        "\n\nDie Schritte:\n1. Planung\n2. Vergabe\n3. Bau\n\nDanach\nfolgt")

    area = emptied(page, "f-sachverhalt-0-text")  # indented items, and out of them
    keys(page, "- Bau", Keys.ENTER, "  * Rohbau", Keys.ENTER, "Dach", Keys.ENTER, Keys.ENTER,
         "Ausbau", Keys.ENTER, "    3) Fenster", Keys.ENTER, "Türen")
    assert area.get_attribute("value") == (
        "- Bau\n  * Rohbau\n  * Dach\n- Ausbau\n    3) Fenster\n    4) Türen")
    keys(page, Keys.ENTER, Keys.ENTER, Keys.ENTER)  # out of the inner list, then the outer
    assert area.get_attribute("value") == (
        "- Bau\n  * Rohbau\n  * Dach\n- Ausbau\n    3) Fenster\n    4) Türen\n\n")

    area = emptied(page, "f-sachverhalt-0-text")  # Shift+Enter: a line break, no marker
    keys(page, "1. Antrag")
    shift_enter(page)
    keys(page, "vom Mai", Keys.ENTER, "Bescheid")
    assert area.get_attribute("value") == "1. Antrag\nvom Mai\nBescheid"


@in_browser
def test_markdown_typed_as_it_is_comes_out_as_typed(page: Any) -> None:
    area = emptied(page, "f-sachverhalt-1-text")
    typed = "Liste:\n- a\n- b\n  - c\n  - d\n- e\n\n1. eins\n2. zwei\n- f\n* g\n"
    area.send_keys(typed)
    assert area.get_attribute("value") == typed + "* "  # the next item waits
    area.send_keys("\n\nText")  # it goes, and the text stands as typed
    assert area.get_attribute("value") == typed + "\n\nText"


@in_browser
def test_the_numbered_button_keeps_the_lines_text_and_undo_takes_a_marker_back(
        page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    area = emptied(page, "f-sachverhalt-2-text")
    keys(page, "Schritte: eins", Keys.HOME, *[Keys.ARROW_RIGHT] * 9)
    press_tool(page, area, "nummern")
    assert area.get_attribute("value") == "1. Schritte: eins"
    assert page.execute_script("return arguments[0].selectionStart", area) == 12  # in place
    keys(page, Keys.END, Keys.ENTER, "zwei")
    assert area.get_attribute("value") == "1. Schritte: eins\n2. zwei"

    area = emptied(page, "f-sachverhalt-2-text")
    keys(page, "- Punkt", Keys.ENTER)
    assert area.get_attribute("value") == "- Punkt\n- "
    control_key(page, "z")  # the marker goes, the line break stays
    assert area.get_attribute("value") == "- Punkt\n"
    control_key(page, "z")
    assert area.get_attribute("value") == "- Punkt"


@in_browser
def test_enter_in_the_grids_last_row_adds_a_row(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    area = emptied(page, "f-sachverhalt-2-text")
    tab_to(page, lambda element: grid_of(element) == "tabelle")
    keys(page, Keys.ENTER)
    until(lambda: dialog(page), 60)
    assert "in der letzten Zeile legt Enter eine neue an" in dialog(page).text
    keys(page, "Jahr", Keys.TAB, "Betrag", Keys.ENTER, "100 €", Keys.ENTER)
    assert is_cell(2, 1)(active(page))  # a new row, the cursor in the same column
    assert "Zeile 2 hinzugefügt." in dialog(page).text
    keys(page, "200 €")
    violations, _ = axe(page)
    assert violations == []
    tab_to(page, lambda element: grid_of(element) == "uebernehmen")
    keys(page, Keys.ENTER)
    until(lambda: not dialog(page), 60)
    assert table_blocks(area.get_attribute("value")) == [
        [["Jahr", "Betrag"], ["", "100 €"], ["", "200 €"]]]


@in_browser
def test_what_enter_does_where(page: Any) -> None:
    """enterInList by itself: a rule, the cursor in a marker or outside a list, a split."""
    cases = [("- - -", 5, None), ("- a", 1, None), ("Text", 4, None),
             ("- ab", 3, [3, 3, "\n- ", "- "]), ("9. a", 4, [4, 4, "\n10. ", "10. "]),
             ("a\n- ", 4, [2, 4, "\n", ""]), ("a\n\n- ", 5, [3, 5, "", ""]),
             ("1. a\n   - ", 10, [5, 10, "2. ", "2. "])]
    for text, position, expected in cases:
        change = page.execute_script(
            "var c = window.vorlagenGrid.enterInList(arguments[0], arguments[1]);"
            "return c && [c.from, c.to, c.text, c.marker];", text, position)
        assert change == expected, text
