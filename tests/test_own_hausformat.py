"""A body's own Hausformat: ``standard`` names no body, a Hausformat builds on another
(``basis``) and changes only what differs, a ``hausformat.yaml`` in the Vorlage's folder
or above applies without being named, a letterhead design needs ``behoerde``, and a
Hausformat declares the values an ``angaben`` key may take."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.reading import docx_text, open_docx
from vorlagen import InputError, load_vorlage, render
from vorlagen.cli import cli
from vorlagen.hausformate import load_hausformat, shipped_hausformate

VORLAGE = """\
art: Beschlussvorlage
organisationseinheit: Bauamt
datum: 02.12.2025
drucksachen_nr: 2025/031
beratungsfolge:
  - gremium: Gemeinderat
    sitzungstermine: [16.12.2025]
titel: Neue Bänke am Dorfplatz
beschlussvorschlag: Der Gemeinderat stimmt zu.
sachverhalt: Die alten Bänke sind morsch.
"""


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A current folder that is not the Vorlage's, as a user's shell would be."""
    cwd = Path.cwd()
    folder = tmp_path / "anderswo"
    folder.mkdir()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(cwd)


def _header_texts(data: bytes) -> list[str]:
    section = open_docx(data).sections[0]
    return [p.text for p in (*section.first_page_header.paragraphs,
                             *section.header.paragraphs)]


def test_standard_names_no_body_and_konstanz_builds_on_it() -> None:
    standard = load_hausformat(shipped_hausformate()["standard"])
    konstanz = load_hausformat(shipped_hausformate()["landkreis-konstanz"])
    assert standard.behoerde is None
    lines = shipped_hausformate()["standard"].read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if "Konstanz" in line and not line.startswith("#")]
    assert konstanz.behoerde == "Landkreis Konstanz"
    assert konstanz.aufbau == standard.aufbau and konstanz.arten == standard.arten
    assert konstanz.datei(("aufbau",)) == str(shipped_hausformate()["standard"])
    assert konstanz.datei(("behoerde",)) == str(shipped_hausformate()["landkreis-konstanz"])


def test_the_briefkopf_design_without_behoerde_says_what_to_set(
        tmp_path: Path, elsewhere: Path) -> None:
    vorlage = tmp_path / "waldhagen" / "vorlage.yaml"
    vorlage.parent.mkdir()
    vorlage.write_text(VORLAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "--design", "briefkopf",
                                      "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Landkreis Konstanz" not in result.output
    assert "das Design briefkopf druckt den Namen der Behörde ({{ behoerde }})" in result.output
    assert "das Hausformat standard nennt keinen" in result.output
    assert "'basis: standard' und 'behoerde: Stadt Musterstadt'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not list(out.iterdir())
    # validate says so too, for a Hausformat that chooses the design itself
    (vorlage.parent / "hausformat.yaml").write_text("basis: standard\ndesign: briefkopf\n",
                                                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert result.exit_code == 2, result.output
    assert "das Design briefkopf druckt den Namen der Behörde" in result.output
    assert f"das Hausformat {vorlage.parent / 'hausformat.yaml'} nennt keinen" in result.output


def test_a_hausformat_yaml_above_the_vorlage_applies(tmp_path: Path, elsewhere: Path
                                                     ) -> None:
    amt = tmp_path / "waldhagen"
    (amt / "2025" / "031").mkdir(parents=True)
    (amt / "hausformat.yaml").write_text(
        "basis: standard\nbehoerde: Gemeinde Waldhagen\ndesign: briefkopf\n",
        encoding="utf-8")
    vorlage = amt / "2025" / "031" / "vorlage.yaml"
    vorlage.write_text(VORLAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(vorlage), "-o", str(out), "-f", "docx"])
    assert result.exit_code == 0, result.output
    header = _header_texts((out / "2025-031.docx").read_bytes())
    assert any("Gemeinde Waldhagen" in text for text in header), header
    assert not any("Konstanz" in text for text in header)
    # vorlagen layouts says which applies where, and why
    other = tmp_path / "andere.yaml"
    other.write_text(VORLAGE.replace("art:", "hausformat: landau\nart:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformate", str(vorlage), str(amt), str(other),
                                      str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (f"{vorlage}: Hausformat {amt / 'hausformat.yaml'} "
                        "(die nächste hausformat.yaml vom Ordner der Vorlage aufwärts)")
    assert lines[1] == "    baut auf: standard"
    assert lines[2].startswith(f"{amt}, neue Vorlagen: Hausformat {amt / 'hausformat.yaml'}")
    assert lines[4] == f"{other}: Hausformat landau (hausformat: in der Vorlage, Zeile 1)"
    assert lines[5] == (f"{tmp_path}, neue Vorlagen: Hausformat standard (weder hausformat: "
                        "in der Vorlage "
                        "noch eine hausformat.yaml im Ordner oder darüber)")
    # the Vorlage's layout: and the command line come first
    assert load_vorlage(vorlage, hausformat="landkreis-konstanz").hausformat.hausformat \
        .behoerde == "Landkreis Konstanz"
    vorlage.write_text("hausformat: landkreis-konstanz\n" + VORLAGE, encoding="utf-8")
    assert load_vorlage(vorlage).hausformat.name == "landkreis-konstanz"


def test_a_hausformat_builds_on_another_by_path(tmp_path: Path, elsewhere: Path) -> None:
    (tmp_path / "kreis").mkdir()
    (tmp_path / "kreis" / "basis.yaml").write_text(
        shipped_hausformate()["standard"].read_text(encoding="utf-8")
        + "\nbehoerde: Landkreis Beispiel\n", encoding="utf-8")
    gemeinde = tmp_path / "gemeinde"
    gemeinde.mkdir()
    (gemeinde / "hausformat.yaml").write_text(
        "# unsere Gemeinde\nbasis: ../kreis/basis.yaml\n"
        "seite: {fuss: '{{ behoerde }}, Seite {seite}'}\n", encoding="utf-8")
    vorlage = gemeinde / "vorlage.yaml"
    vorlage.write_text(VORLAGE, encoding="utf-8")
    loaded = load_vorlage(vorlage)
    hausformat = loaded.hausformat.hausformat
    assert hausformat.behoerde == "Landkreis Beispiel"  # from the basis
    assert hausformat.seite.kopf_folgeseiten is None  # seite replaced as a whole
    footer = open_docx(render(loaded, "docx")).sections[0].footer
    assert "Landkreis Beispiel, Seite" in footer.paragraphs[-1].text
    assert "Landkreis Beispiel" not in docx_text(render(loaded, "docx"))
    # a problem in the file's own key: its file and line; in the basis: the basis's
    (gemeinde / "hausformat.yaml").write_text(
        "basis: ../kreis/basis.yaml\nrollen: Vorberatung\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(vorlage)
    assert raised.value.source.endswith("gemeinde/hausformat.yaml")
    assert "Zeile 2, rollen" in str(raised.value)
    (tmp_path / "kreis" / "basis.yaml").write_text("basis: standard\nfarbe: blau\n",
                                                  encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vorlage(vorlage)
    assert raised.value.source.endswith("basis.yaml")
    assert "Zeile 2, farbe" in str(raised.value)


def test_a_basis_in_a_circle_or_unknown_is_refused(tmp_path: Path, elsewhere: Path) -> None:
    (tmp_path / "a.yaml").write_text("basis: b.yaml\nbehoerde: A\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# B\nbasis: ./a.yaml\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("basis: standart\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("basis: d.yaml\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(tmp_path / "a.yaml"),
                                      str(tmp_path / "c.yaml"), str(tmp_path / "d.yaml")])
    assert result.exit_code == 2
    assert (f"Fehler in {tmp_path / 'b.yaml'}: Zeile 2, basis: die Hausformate bauen im "
            "Kreis aufeinander auf") in result.output
    assert "kein Hausformat 'standart' (bekannt: " in result.output
    assert f"Fehler in {tmp_path / 'd.yaml'}: Zeile 1, basis: die Hausformate" in result.output
    assert "Traceback" not in result.output


def test_layout_check_reports_a_problem_of_the_basis_in_the_basis(tmp_path: Path,
                                                                  elsewhere: Path) -> None:
    (tmp_path / "kreis").mkdir()
    basis = tmp_path / "kreis" / "basis.yaml"
    basis.write_text("# der Kreis\narten: [{name: Mitteilungsvorlage}]\naufbau:\n"
                     "  - art\n  - text: '{{ titl }}'\n", encoding="utf-8")
    own = tmp_path / "hausformat.yaml"
    own.write_text("basis: kreis/basis.yaml\nbeschreibng: Gemeinde\n"
                   "seite: {fuss: '{{ drucksachen_nrr }}'}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(own)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        f"vorlagen: 2 Fehler in {own}:",
        "  - Zeile 2, beschreibng: unbekanntes Feld; gemeint ist vielleicht 'beschreibung' "
        "(bekannt: beschreibung, behoerde, design, arten, rollen, pflichtfelder, angaben, "
        "aufbau, seite)",
        "  - Zeile 3, seite.fuss: unbekannte Variable 'drucksachen_nrr'; gemeint ist "
        "vielleicht 'drucksachen_nr'",
        f"Fehler in {basis}: Zeile 5, aufbau[1].text.text: unbekannte Variable 'titl'; "
        "gemeint ist vielleicht 'titel'",
    ]


def test_behoerde_in_a_layout_text(tmp_path: Path) -> None:
    (tmp_path / "haus.yaml").write_text(
        "basis: standard\nbehoerde: Stadt Musterstadt\npflichtfelder: []\n"
        "aufbau:\n  - text: {text: '{{ behoerde }}', stil: fett}\n  - art\n  - betreff\n"
        "  - sachverhalt\n", encoding="utf-8")
    (tmp_path / "vorlage.yaml").write_text(
        VORLAGE.replace("organisationseinheit: Bauamt\n", "").replace(
            "Beschlussvorlage", "Mitteilungsvorlage").replace(
            "beschlussvorschlag: Der Gemeinderat stimmt zu.\n", ""), encoding="utf-8")
    text = docx_text(render(load_vorlage(tmp_path / "vorlage.yaml", hausformat=str(
        tmp_path / "haus.yaml")), "docx"))
    assert text.startswith("Stadt Musterstadt")


DECLARED = """\
basis: standard
angaben:
  finanzen: {beschreibung: Hat die Vorlage finanzielle Auswirkungen?, werte: [ja, nein]}
aufbau:
  - art
  - betreff
  - beschluss
  - sachverhalt
  - tabelle:
      zeilen:
        - - Finanzen
          - "{{ kreuz(angaben.finanzen == 'ja') }} Ja {{ kreuz(angaben.finanzen == 'nein') }} Nein"
pflichtfelder: []
"""


def test_declared_values_of_an_angabe(tmp_path: Path, elsewhere: Path) -> None:
    (tmp_path / "hausformat.yaml").write_text(DECLARED, encoding="utf-8")
    vorlage = tmp_path / "vorlage.yaml"
    body = VORLAGE.replace("organisationseinheit: Bauamt\n", "")
    vorlage.write_text(body + "angaben:\n  finanzen: Nein\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(vorlage)])
    assert result.exit_code == 2
    assert ("Zeile 11, angaben.finanzen: 'Nein' ist nicht erlaubt, erlaubt: ja, nein; "
            "gemeint ist vielleicht 'nein'") in result.output
    vorlage.write_text(body + "angaben:\n  finanzen: nein\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(vorlage)]).exit_code == 0
    assert "Finanzen ☐ Ja ☒ Nein" in docx_text(render(load_vorlage(vorlage), "docx")) \
        .replace("\t", " ").replace("\n", " ")
    # what vorlagen new and the schema offer: the key, its description and its values
    result = CliRunner().invoke(cli, ["new", "Beschlussvorlage", str(tmp_path / "neu")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "neu" / "vorlage.yaml").read_text(encoding="utf-8")
    assert ("#   finanzen: ja  # Hat die Vorlage finanzielle Auswirkungen?; erlaubt: ja, nein"
            in text)
    assert "hausformat: standard  # ohne dieses Feld gilt" in text
    assert "organisationseinheit:" not in text and "telefon:" not in text
    import json

    schema = json.loads((tmp_path / "neu" / "vorlage.schema.json").read_text("utf-8"))
    assert schema["properties"]["angaben"]["properties"] == {"finanzen": {
        "enum": ["ja", "nein"], "description": "Hat die Vorlage finanzielle Auswirkungen?"}}


def test_a_declaration_that_is_no_list_of_values(tmp_path: Path) -> None:
    (tmp_path / "haus.yaml").write_text(DECLARED.replace("werte: [ja, nein]", "werte: ja"),
                                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(tmp_path / "haus.yaml")])
    assert result.exit_code == 2
    assert "Zeile 3, angaben.finanzen.werte" in result.output


def test_the_form_offers_what_the_hausformat_yaml_prints(tmp_path: Path) -> None:
    import warnings

    from lxml import html

    from tests.test_serve import log_in
    from vorlagen.serve import create_app
    from vorlagen.serve.security import Access

    with warnings.catch_warnings():  # starlette's notice about httpx's successor
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    (tmp_path / "hausformat.yaml").write_text(DECLARED, encoding="utf-8")
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "vorlage.yaml").write_text(
        VORLAGE.replace("organisationseinheit: Bauamt\n", "") + "angaben:\n  finanzen: ja\n",
        encoding="utf-8")
    access = Access.new(8765)
    with TestClient(create_app(tmp_path, access=access),
                    base_url="http://127.0.0.1:8765") as client:
        log_in(client, access)
        page = html.fromstring(client.get("/bearbeiten?datei=bank/vorlage.yaml").text)
    options = page.xpath('//*[@name="angaben.finanzen"]/option/@value')
    assert isinstance(options, list)
    assert [str(value) for value in options if value] == ["ja", "nein"]
    assert not page.xpath('//*[@id="f-organisationseinheit"]')
    assert not page.xpath('//*[@id="f-unterzeichnung"]')


def test_a_layout_the_vorlage_names_builds_only_on_files_in_its_folder(
        tmp_path: Path, elsewhere: Path) -> None:
    (tmp_path / "draussen.yaml").write_text("basis: standard\nbehoerde: X\n", "utf-8")
    folder = tmp_path / "vorlage"
    folder.mkdir()
    (folder / "haus.yaml").write_text("basis: ../draussen.yaml\n", encoding="utf-8")
    (folder / "vorlage.yaml").write_text("hausformat: haus.yaml\n" + VORLAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder / "vorlage.yaml")])
    assert result.exit_code == 2
    assert "draussen.yaml führt aus dem Ordner der Vorlage hinaus" in result.output
    result = CliRunner().invoke(cli, ["validate", "--allow-outside-files",
                                      str(folder / "vorlage.yaml")])
    assert result.exit_code == 0, result.output
    # an installed Hausformat by name, and a caller's --layout, may lie anywhere
    (folder / "haus.yaml").write_text("basis: landkreis-konstanz\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(folder / "vorlage.yaml")]).exit_code == 0
    result = CliRunner().invoke(cli, ["validate", str(folder / "vorlage.yaml"), "--hausformat",
                                      str(tmp_path / "draussen.yaml")])
    assert result.exit_code == 0, result.output


def test_new_does_not_copy_a_layout_that_builds_on_a_file(tmp_path: Path) -> None:
    (tmp_path / "kreis.yaml").write_text("basis: standard\nbehoerde: Kreis\n", "utf-8")
    (tmp_path / "eigen.yaml").write_text("basis: kreis.yaml\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "Beschlussvorlage", str(tmp_path / "neu"),
                                      "--hausformat", str(tmp_path / "eigen.yaml")])
    assert result.exit_code == 2
    assert "baut mit basis: auf einer anderen Hausformat-Datei auf" in result.output
    assert not (tmp_path / "neu").exists()
    (tmp_path / "eigen.yaml").write_text("basis: landkreis-konstanz\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "Beschlussvorlage", str(tmp_path / "neu"),
                                      "--hausformat", str(tmp_path / "eigen.yaml")])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "neu" / "vorlage.yaml")])
    assert result.exit_code == 0, result.output


def test_the_schema_lists_only_what_is_printed(tmp_path: Path) -> None:
    from vorlagen.plugins import plugin_manager
    from vorlagen.schema import vorlage_schema

    (tmp_path / "haus.yaml").write_text(
        "basis: standard\npflichtfelder: []\n"
        "aufbau:\n  - betreff\n  - abschnitt: {name: ziel}\n  - sachverhalt\n"
        "  - text: '{{ angaben.telefon }} {{ unterzeichnung }}'\n", encoding="utf-8")
    schema = vorlage_schema(plugin_manager(), load_hausformat(tmp_path / "haus.yaml"))
    properties = schema["properties"]
    assert list(properties["abschnitte"]["properties"]) == ["ziel"]
    assert list(properties["angaben"]["properties"]) == ["telefon"]
    assert "unterzeichnung" in properties
    for unprinted in ("einreicher", "kurzfassung", "organisationseinheit", "anlagen",
                      "finanzielle_auswirkungen"):
        assert unprinted not in properties, unprinted
