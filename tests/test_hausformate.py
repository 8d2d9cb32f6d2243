"""Each shipped Hausformat reproduces its reference paper, in order, in DOCX and ODT;
layout files are checked like Vorlagen; a Vorlage chooses its layout by name or path."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.reading import docx_paragraphs, docx_text, odt_text, open_docx, words
from vorlagen import InputError, load_vorlage, render
from vorlagen.cli import cli

DATA = Path(__file__).parent / "data" / "hausformate"

PAPERS = [
    # example folder, layout, reference text, share of its words in order at least
    ("nordstemmen-ds-99-2025", "nordstemmen", "gemeinde-nordstemmen-DS_99-2025.txt", 0.95),
    ("landau-400-245-2022", "landau", "stadt-landau-400_245_2022.txt", 0.99),
    ("nachbarschaftsverband-karlsruhe-10-2020", "nachbarschaftsverband-karlsruhe",
     "nachbarschaftsverband-karlsruhe-10_2020.txt", 0.99),
    ("hamburg-eimsbuettel-22-2368", "hamburg-eimsbuettel",
     "bezirksamt-hamburg-eimsbuettel-22-2368.txt", 0.965),
]
"""The shares stay below 1 only where the published text is not a paper's words: table
cells the PDF extraction split into pieces (Nordstemmen's "Einstim- / mig"), a check
box glyph the extraction lost (Landau), the web page's tab bar (Hamburg)."""

_PAGE_MARK = re.compile(r"^\s*(-\s*\d+\s*-|Seite\s+\d+\s*(/|von)\s*\d+)\s*$")
_HYPHENATED = re.compile(r"(?<=[a-zäöüß])-\n\s*(?=[a-zäöüß])")


def reference_words(name: str) -> list[str]:
    """The published paper's words: without its Source line and page marks, words the
    PDF hyphenated at a line's end joined again."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()[1:]
    text = "\n".join(line for line in lines if not _PAGE_MARK.match(line))
    return words(_HYPHENATED.sub("", text))


def share_in_order(expected: list[str], actual: list[str]) -> tuple[float, list[str]]:
    """The share of ``expected`` found in ``actual`` in order, and the missing spans."""
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    missing = [" ".join(expected[i1:i2]) for tag, i1, i2, _, _ in matcher.get_opcodes()
               if tag in ("delete", "replace")]
    return found / len(expected), missing


@pytest.fixture(scope="module", params=PAPERS, ids=[paper[1] for paper in PAPERS])
def paper(request: pytest.FixtureRequest) -> dict[str, Any]:
    folder, layout, reference, share = request.param
    vorlage = load_vorlage(ROOT / "examples" / folder / "vorlage.yaml")
    return {"vorlage": vorlage, "layout": layout, "reference": reference, "share": share,
            "docx": render(vorlage, "docx"), "odt": render(vorlage, "odt")}


def test_each_example_names_its_layout(paper: dict[str, Any]) -> None:
    assert paper["vorlage"].layout == paper["layout"]


@pytest.mark.parametrize("format", ["docx", "odt"])
def test_example_reproduces_its_reference_in_order(paper: dict[str, Any], format: str) -> None:
    text = docx_text(paper[format]) if format == "docx" else odt_text(paper[format])
    expected = reference_words(paper["reference"])
    share, missing = share_in_order(expected, words(text))
    assert share >= paper["share"], f"{share:.3f}; missing: {missing}"


def test_both_formats_carry_the_same_words(paper: dict[str, Any]) -> None:
    assert words(docx_text(paper["docx"])) == words(odt_text(paper["odt"]))


def test_the_measure_finds_a_missing_paragraph() -> None:
    expected = reference_words("stadt-landau-400_245_2022.txt")
    share, missing = share_in_order(expected, expected[:100] + expected[150:])
    assert share == pytest.approx((len(expected) - 50) / len(expected))
    assert missing == [" ".join(expected[100:150])]


# --------------------------------------------------------------------------- layouts


def _texts(data: bytes) -> list[str]:
    return [p.text for p in docx_paragraphs(open_docx(data))]


def _tables(data: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in open_docx(data).tables]


def test_nordstemmen_layout() -> None:
    vorlage = load_vorlage(ROOT / "examples" / "nordstemmen-ds-99-2025" / "vorlage.yaml")
    data = render(vorlage, "docx")
    texts = _texts(data)
    order = ["DS 99/2025", "Beschlussvorlage", "Beratung in öffentlicher Sitzung",
             "Radwegekonzept Ortsdurchfahrt Nordstemmen", "Beschlussvorschlag:",
             "Sachverhalt:", "gez. i.V. Marcus Tischbier", "Beratungsergebnis:"]
    assert [texts.index(text) for text in order] == sorted(texts.index(t) for t in order)
    folge, beteiligung, ergebnis = _tables(data)
    assert folge[0] == ["Beratungsfolge", "Termin", "Stand", "Abstimmung"]
    assert folge[3] == ["Rat", "25.11.2025", "Beratung und Beschlussfassung", ""]
    assert beteiligung == [["Beteiligung Personalrat", "Ja ☐ Nein ☒"],
                           ["Beteiligung Gleichstellung", "Ja ☐ Nein ☒"]]
    assert ergebnis[0] == ["Gremium", "Einstimmig", "Ja", "Nein", "Enthaltung",
                           "lt. Beschlussvorschlag", "abweichender Beschluss"]
    assert [row[0] for row in ergebnis[1:]] == [
        "Fachausschuss Klimaschutz, Bau und Umwelt", "Verwaltungsausschuss", "Rat"]
    assert all(cell == "" for row in ergebnis[1:] for cell in row[1:])


def test_landau_prints_the_decision_without_a_heading() -> None:
    vorlage = load_vorlage(ROOT / "examples" / "landau-400-245-2022" / "vorlage.yaml")
    texts = _texts(render(vorlage, "docx"))
    betreff = texts.index("Betreff:")
    assert texts[betreff + 2].startswith("Der Stadtrat beschließt")
    assert texts[betreff + 3] == "Begründung:"
    assert "Beschlussvorschlag" not in " ".join(texts)
    folge = _tables(render(vorlage, "docx"))[0]
    assert folge[0] == ["An:", "Datum der Beratung", "Zuständigkeit", "Abstimmungsergeb.", ""]
    assert [row[-1] for row in folge[1:]] == ["N", "Ö", "Ö"]
    schluss = texts.index("Beteiligtes Amt/Ämter:")
    assert texts[schluss + 1] == ("Dezernat II - BGM\nFinanzverwaltung/Wirtschaftsförderung"
                                  "\nSozialamt")
    assert texts[-1] == "Schlusszeichnung:"


def test_nachbarschaftsverband_decides_last_in_parts() -> None:
    vorlage = load_vorlage(
        ROOT / "examples" / "nachbarschaftsverband-karlsruhe-10-2020" / "vorlage.yaml")
    texts = _texts(render(vorlage, "docx"))
    assert texts[:5] == ["NACHBARSCHAFTSVERBAND KARLSRUHE", "VERBANDSVERSAMMLUNG",
                         "am 2. November 2020", "Vorlage 10/2020", "zu TOP 5"]
    beschluss = texts.index("Beschluss:")
    assert texts[beschluss + 1].startswith("I. Antrag an die Verbandsversammlung")
    assert texts.index("Ergänzender Hinweis:") < beschluss
    assert texts[-1] == "- Der Verbandsvorsitzende -"


def test_hamburg_asks_for_kenntnisnahme_and_says_there_is_no_anlage(
        tmp_path: Path) -> None:
    source = ROOT / "examples" / "hamburg-eimsbuettel-22-2368" / "vorlage.yaml"
    texts = _texts(render(load_vorlage(source), "docx"))
    petitum = texts.index("Petitum/Beschluss:")
    assert texts[petitum + 1:] == ["Um Kenntnisnahme wird gebeten.", "Anlage/n:", "keine"]
    changed = tmp_path / "vorlage.yaml"
    changed.write_text(source.read_text(encoding="utf-8")
                       + "kenntnisnahme: Um Kenntnisnahme und Beratung wird gebeten.\n"
                       + "anlagen:\n  - titel: Lageplan\n", encoding="utf-8")
    texts = _texts(render(load_vorlage(changed), "docx"))
    assert texts[texts.index("Petitum/Beschluss:") + 1:] == [
        "Um Kenntnisnahme und Beratung wird gebeten.", "Anlage/n:", "1. Lageplan"]


def test_standard_is_the_default_and_the_shipped_file(minimal: dict[str, object]) -> None:
    vorlage = load_vorlage(minimal)
    assert vorlage.hausformat.quelle.endswith("standard.yaml")
    assert _texts(render(vorlage, "docx"))[0] == "Mitteilungsvorlage"


def test_a_layout_file_beside_the_vorlage(tmp_path: Path, minimal: dict[str, object]
                                          ) -> None:
    (tmp_path / "haus.yaml").write_text(
        "arten:\n  - name: Mitteilungsvorlage\n"
        "aufbau:\n  - text: {text: 'Vorlage Nr. {{ drucksachen_nr }}', stil: titel}\n"
        "  - betreff: {label: 'Betreff:'}\n  - sachverhalt: {ueberschrift: Erläuterungen}\n"
        "seite: {kopf_folgeseiten: 'Vorlage {{ drucksachen_nr }}, Seite {seite}/{seiten}'}\n",
        encoding="utf-8")
    del minimal["organisationseinheit"]  # this layout does not print it
    vorlage = load_vorlage({**minimal, "hausformat": "haus.yaml"}, base_dir=tmp_path)
    data = render(vorlage, "docx")
    assert _texts(data) == ["Vorlage Nr. 2024/001", "Betreff:", "Testvorlage",
                            "Erläuterungen", "1. Anlass", "Ein Satz."]
    document = open_docx(data)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    # Word shows the fields' last computed values; "1" until it computes them again
    assert section.header.paragraphs[-1].text == "Vorlage 2024/001, Seite 1/1"
    assert "PAGE" in section.header._element.xml and "NUMPAGES" in section.header._element.xml
    assert [p.text for p in section.first_page_header.paragraphs] == [""]


def test_the_following_pages_header_in_odt(minimal: dict[str, object]) -> None:
    vorlage = load_vorlage({**minimal, "hausformat": "nordstemmen",
                            "beratungsfolge": [{"gremium": "Rat"}]})
    import io
    import zipfile

    styles = zipfile.ZipFile(io.BytesIO(render(vorlage, "odt"))).read("styles.xml").decode()
    master = re.search(r"<style:master-page style:name=\"Standard\".*?</style:master-page>",
                       styles)
    assert master is not None
    header = re.search(r"<style:header>(.*?)</style:header>", master.group(0))
    first = re.search(r"<style:header-first>(.*?)</style:header-first>", master.group(0))
    assert header and "<text:page-number" in header.group(1) and "- " in header.group(1)
    assert first and "page-number" not in first.group(1)
    # centred, as the layout says (kopf_ausrichtung: mitte), by an automatic style
    style = re.search(r'<text:p text:style-name="([^"]+)">- <text:page-number', header.group(1))
    assert style is not None
    assert re.search(rf'<style:style style:name="{style.group(1)}" style:family="paragraph" '
                     r'style:parent-style-name="Footer"><style:paragraph-properties '
                     r'fo:text-align="center"/>', styles)


def test_layout_option_replaces_the_vorlage_s_own(tmp_path: Path) -> None:
    folder = tmp_path / "hh"
    shutil.copytree(ROOT / "examples" / "hamburg-eimsbuettel-22-2368", folder)
    layout = tmp_path / "eigen.yaml"
    layout.write_text((ROOT / "src/vorlagen/layouts/hamburg-eimsbuettel.yaml").read_text(
        encoding="utf-8").replace('"Petitum/Beschluss:"', '"Beschlussempfehlung:"'),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(folder / "vorlage.yaml"), "-o",
                                      str(tmp_path / "out"), "-f", "docx",
                                      "--hausformat", str(layout)])
    assert result.exit_code == 0, result.output
    texts = _texts((tmp_path / "out" / "22-2368.docx").read_bytes())
    assert "Beschlussempfehlung:" in texts and "Petitum/Beschluss:" not in texts


def test_unknown_layout_names_the_known_ones(minimal: dict[str, object]) -> None:
    with pytest.raises(InputError, match=r"hausformat: kein Hausformat 'musterstadt' \(bekannt: "
                                         r"hamburg-eimsbuettel, landau, .*standard"):
        load_vorlage({**minimal, "hausformat": "musterstadt"})
    with pytest.raises(InputError,
                       match=r"hausformat: Hausformat-Datei .*fehlt\.yaml nicht gefunden"):
        load_vorlage({**minimal, "hausformat": "fehlt.yaml"})


def test_a_field_the_layout_does_not_print_is_an_error(minimal: dict[str, object]) -> None:
    with pytest.raises(InputError) as raised:
        load_vorlage({**minimal, "kurzfassung": "Kurz.", "unterzeichnung": "Meier",
                      "angaben": {"telefon": "123"}, "abschnitte": {"klima": "Gut."}})
    message = str(raised.value)
    for field in ("kurzfassung", "unterzeichnung", "angaben.telefon"):
        assert f"{field}: das Hausformat standard druckt dieses Feld nicht" in message
    assert ("angaben.telefon: das Hausformat standard druckt dieses Feld nicht (bei einer "
            "Mitteilungsvorlage); das Feld entfernen, oder im Hausformat einen Text ergänzen, "
            "der es druckt") in message
    assert "abschnitte.klima: das Hausformat standard hat keinen Abschnitt 'klima'" in message


def test_the_layout_s_required_fields(minimal: dict[str, object]) -> None:
    del minimal["organisationseinheit"]
    with pytest.raises(InputError, match=re.escape(
            "organisationseinheit: Pflichtfeld fehlt (Hausformat standard)")):
        load_vorlage(minimal)


def test_another_spelling_of_a_kind(minimal: dict[str, object]) -> None:
    vorlage = load_vorlage({**minimal, "hausformat": "nordstemmen", "art": "Beschlußvorlage",
                            "beschlussvorschlag": "Der Rat beschließt."})
    texts = _texts(render(vorlage, "docx"))
    assert "Beschlussvorschlag:" in texts


def test_a_plugin_provides_a_hausformat(tmp_path: Path, minimal: dict[str, object]) -> None:
    from vorlagen import hookimpl, plugin_manager
    from vorlagen.errors import PluginError

    good = tmp_path / "musterstadt.yaml"
    good.write_text("beschreibung: Musterstadt\narten: [{name: Mitteilungsvorlage}]\n"
                    "aufbau: [betreff, sachverhalt]\n", encoding="utf-8")
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("arten: []\naufbau: [betreff]\n", encoding="utf-8")

    class Musterstadt:
        @hookimpl
        def vorlagen_hausformate(self) -> dict[str, Path]:
            return {"musterstadt": good, "kaputt": broken}

    plugins = plugin_manager()
    plugins.register(Musterstadt(), name="musterstadt")
    del minimal["organisationseinheit"]  # this layout does not print it
    vorlage = load_vorlage({**minimal, "hausformat": "musterstadt"}, plugins=plugins)
    assert _texts(render(vorlage, "docx", plugins=plugins)) == [
        "Testvorlage", "Sachverhalt", "1. Anlass", "Ein Satz."]
    with pytest.raises(PluginError, match=r"musterstadt.*vorlagen_hausformate.*'kaputt'"):
        load_vorlage({**minimal, "hausformat": "kaputt"}, plugins=plugins)


# --------------------------------------------------------------------------- commands


def test_layouts_lists_name_origin_and_description() -> None:
    result = CliRunner().invoke(cli, ["hausformate"])
    assert result.exit_code == 0
    for name in ("standard", "nordstemmen", "landau", "nachbarschaftsverband-karlsruhe",
                 "hamburg-eimsbuettel"):
        assert re.search(rf"^{name}  \(mitgeliefert: .*{name}\.yaml\)$", result.output, re.M)
    assert "Landkreis Konstanz" in result.output


def test_layout_check_accepts_the_shipped_layouts() -> None:
    files = sorted(str(path) for path in (ROOT / "src/vorlagen/layouts").glob("*.yaml"))
    result = CliRunner().invoke(cli, ["hausformat", "check", *files])
    assert result.exit_code == 0, result.output
    assert result.output.count(": gültig") == len(files)


def test_layout_check_reports_file_line_and_field(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten:\n  - name: X\n    beschluss: vielleicht\naufbau:\n"
                      "  - betreff\n  - beratungsfolge:\n      spalten:\n"
                      "        - {feld: datum}\n  - bunt: {}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"3 Fehler in {layout}" in result.output
    assert "Zeile 3, arten[0].beschluss: 'vielleicht' muss ja/nein (true/false) sein" \
        in result.output
    assert ("Zeile 8, aufbau[1].beratungsfolge.spalten[0].feld: 'datum' ist nicht erlaubt"
            in result.output)
    assert "Zeile 9, aufbau[2]: unbekannter Baustein 'bunt'" in result.output

    layout.write_text("arten: [{name: X}]\naufbau:\n  - betreff\n  - beratungsergebnisse\n"
                      "  - text: '{{ drucksachen_nr'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2
    assert "Zeile 4, aufbau[1]: 'beratungsergebnisse' ist weder ein Baustein" in result.output
    assert ("Zeile 5, aufbau[2].text.text: Text '{{ drucksachen_nr' fehlerhaft: der Text "
            "endet, bevor '}}' kommt" in result.output)


def test_layout_check_names_a_baustein_s_fields_and_the_close_one(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten: [{name: X}]\naufbau:\n  - betreff: {lable: 'Betreff:'}\n"
                      "  - sachverhalt: {ueberschrfit: Sachverhalt}\n"
                      "  - seitenumbruh: {}\n  - seitenumbruh\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2, result.output
    problems = [line.removeprefix("  - ") for line in result.output.splitlines()[1:]]
    assert problems[:3] == [
        "Zeile 3, aufbau[0].betreff.lable: unbekanntes Feld; "
        "gemeint ist vielleicht 'label' (bekannt: label)",
        "Zeile 4, aufbau[1].sachverhalt.ueberschrfit: unbekanntes Feld; gemeint ist "
        "vielleicht 'ueberschrift' (bekannt: ueberschrift, nummerierung)",
        "Zeile 5, aufbau[2]: unbekannter Baustein 'seitenumbruh'; gemeint ist vielleicht "
        "'seitenumbruch'; Bausteine: " + problems[2].split("; Bausteine: ", 1)[1],
    ]
    assert problems[3].startswith("Zeile 6, aufbau[3]: 'seitenumbruh' ist weder ein "
                                  "Baustein")
    assert "gemeint ist vielleicht 'seitenumbruch'" in problems[3]
    assert len(problems) == 4


def test_layout_check_reports_in_line_order(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten: [{name: X}]\nbeschreibng: Test\naufbau:\n  - art\n"
                      "  - betreff: {lable: 'Betreff:'}\nseite:\n  fus: x\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2, result.output
    lines = [int(found) for found in re.findall(r"^  - Zeile (\d+),", result.output,
                                                 flags=re.MULTILINE)]
    assert lines == [2, 5, 7]


def test_a_duplicate_key_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("behoerde: A\nbehoerde: B\nbeschreibng: Test\narten: [{name: X}]\n"
                      "aufbau:\n  - text: '{{ titl }}'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"vorlagen: 3 Fehler in {layout}:")
    assert "Zeile 2, behoerde: Feld doppelt angegeben" in result.output
    assert "Zeile 3, beschreibng: unbekanntes Feld; gemeint ist vielleicht 'beschreibung'" \
        in result.output
    assert "Zeile 6, aufbau[0].text.text: unbekannte Variable 'titl'" in result.output
    # also when the file is otherwise valid, and where a Vorlage uses it
    layout.write_text("behoerde: A\nbehoerde: B\narten: [{name: X}]\naufbau: [art]\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2, result.output
    assert f"Fehler in {layout}: Zeile 2, behoerde: Feld doppelt angegeben" in result.output


def test_docs_describe_every_baustein() -> None:
    from vorlagen.hausformat import KINDS

    docs = (ROOT / "docs" / "hausformat.md").read_text(encoding="utf-8")
    for kind in KINDS:
        if kind != "plugin":
            assert f"| `{kind}` |" in docs, kind


@pytest.mark.libreoffice
def test_libreoffice_shows_the_following_pages_header_from_page_two(tmp_path: Path) -> None:
    from tests import soffice

    vorlage = load_vorlage(
        ROOT / "examples" / "nachbarschaftsverband-karlsruhe-10-2020" / "vorlage.yaml")
    sources = soffice.save({"docx": render(vorlage, "docx"), "odt": render(vorlage, "odt")},
                           tmp_path, "nvk")
    for pdf in soffice.convert(sources, "pdf", tmp_path):
        pages = soffice.pdf_pages(pdf)
        assert len(pages) >= 2, pdf.name
        marks = [re.findall(r"^\s*-\s*(\d+)\s*-\s*$", page, re.M) for page in pages]
        assert marks[0] == [], pdf.name  # the first page has no page mark
        assert [found[:1] for found in marks[1:]] == [[str(number)] for number in
                                                       range(2, len(pages) + 1)], pdf.name
        assert not any("Seite" in page for page in pages)  # this layout has no footer


def test_a_layout_text_naming_an_unknown_field(tmp_path: Path, minimal: dict[str, object]
                                               ) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten: [{name: Mitteilungsvorlage}]\naufbau:\n  - betreff\n"
                      "  - felder:\n      felder:\n"
                      "        - {label: Amt, wert: '{{ organisationseinheit }}'}\n"
                      "        - {label: Telefon, wert: '{{ telefon }}'}\n"
                      "  - sachverhalt\n", encoding="utf-8")
    vorlage = load_vorlage({**minimal, "hausformat": "haus.yaml"}, base_dir=tmp_path)
    with pytest.raises(InputError) as raised:
        render(vorlage, "docx")
    assert str(raised.value).startswith(
        f"Fehler in {layout}: Zeile 7, aufbau[1].felder.felder[1].wert: unbekannte Variable "
        "'telefon' (Variablen: aktenzeichen, angaben, art, ")


FORM_LAYOUT = """\
arten: [{name: Tischvorlage}]
aufbau:
  - text: {text: "{{ art }} {{ status }}", stil: titel}
  - beratungsfolge:
      spalten:
        - {feld: sitzungstermin, titel: Geplante Sitzungstermine}
        - {wert: "{{ gremium }} ({{ rolle }})"}
        - {feld: sitzungsart, titel: Öffentlichkeitsstatus}
  - betreff
  - tabelle:
      ueberschrift: Finanzielle Auswirkungen
      rahmen: false
      zeilen:
        - [Gesamtkosten, "{{ angaben.gesamtkosten | betrag }}"]
        - - Folgekosten
          - "{{ kreuz(angaben.folgekosten == 'ja') }} Ja
            {{- ' ' }}{{ kreuz(angaben.folgekosten == 'nein') }} nein"
        - [Mittel, "{{ angaben['mittel'] | betrag }}"]
  - tabelle:
      wenn: einreicher
      kopfzeile: true
      zeilen: [[Einreicher], ["{{ einreicher }}"]]
  - sachverhalt: {ueberschrift: Begründung}
"""


def test_a_form_as_data_with_boxes_and_amounts(tmp_path: Path, minimal: dict[str, object]
                                                ) -> None:
    (tmp_path / "haus.yaml").write_text(FORM_LAYOUT, encoding="utf-8")
    del minimal["organisationseinheit"]
    vorlage = load_vorlage({
        **minimal, "hausformat": "haus.yaml", "art": "Tischvorlage",
        "beratungsfolge": [{"gremium": "Stadtrat", "rolle": "Entscheidung",
                            "sitzungstermine": "27.11.2025"}],
        "angaben": {"gesamtkosten": "12500", "folgekosten": "nein", "mittel": "nach Bedarf"},
    }, base_dir=tmp_path)
    docx, odt = render(vorlage, "docx"), render(vorlage, "odt")
    folge, form = _tables(docx)
    assert folge == [["Geplante Sitzungstermine", "", "Öffentlichkeitsstatus"],
                     ["27.11.2025", "Stadtrat (Entscheidung)", "öffentlich"]]
    assert form == [["Gesamtkosten", "12.500,00\xa0€"], ["Folgekosten", "☐ Ja ☒ nein"],
                    ["Mittel", "nach Bedarf"]]
    assert _texts(docx)[0] == "Tischvorlage öffentlich"
    assert "Einreicher" not in _texts(docx)  # its table names an empty field: left out
    assert words(docx_text(docx)) == words(odt_text(odt))
    # the grid is a grid, the form has no lines
    tables = open_docx(docx).tables
    assert tables[1].style.name != tables[0].style.name


def test_a_form_row_of_another_length_is_an_error(tmp_path: Path) -> None:
    layout = tmp_path / "haus.yaml"
    layout.write_text("arten: [{name: X}]\naufbau:\n  - tabelle:\n      zeilen:\n"
                      "        - [a, b]\n        - [c]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformat", "check", str(layout)])
    assert result.exit_code == 2
    assert ("Zeile 3, aufbau[0].tabelle: zeilen: jede Zeile braucht gleich viele Zellen"
            in result.output)


def test_an_odt_with_a_first_page_of_its_own_declares_odf_1_3(minimal: dict[str, object]
                                                               ) -> None:
    """style:header-first is ODF 1.3; a paper without it stays ODF 1.2."""
    import io
    import zipfile

    def versions(data: bytes) -> set[str]:
        package = zipfile.ZipFile(io.BytesIO(data))
        return {match for name in ("content.xml", "styles.xml", "meta.xml")
                for match in re.findall(r'office:version="([\d.]+)"',
                                        package.read(name).decode())}

    nordstemmen = {**minimal, "hausformat": "nordstemmen", "beratungsfolge": [{"gremium": "Rat"}]}
    assert versions(render(load_vorlage(nordstemmen), "odt")) == {"1.3"}
    assert versions(render(load_vorlage(minimal), "odt")) == {"1.2"}


def test_a_text_of_the_layout_aligned(tmp_path: Path, minimal: dict[str, object]) -> None:
    (tmp_path / "haus.yaml").write_text(
        "arten: [{name: Mitteilungsvorlage}]\naufbau:\n"
        "  - text: {text: '{{ organisationseinheit }}', ausrichtung: rechts}\n"
        "  - betreff\n  - sachverhalt\nseite: {kopf_folgeseiten: '- {seite} -', "
        "kopf_ausrichtung: mitte}\n", encoding="utf-8")
    vorlage = load_vorlage({**minimal, "hausformat": "haus.yaml"}, base_dir=tmp_path)
    document = open_docx(render(vorlage, "docx"))
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert document.paragraphs[0].text == "Hauptamt"
    assert document.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert document.paragraphs[1].alignment is None  # the style's
    header = document.sections[0].header.paragraphs[-1]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    odt = render(vorlage, "odt")
    import io
    import zipfile

    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    style = re.search(r'<text:p text:style-name="([^"]+)">Hauptamt</text:p>', content)
    assert style is not None and style.group(1).startswith("vorlagen_right_")
    assert re.search(rf'style:name="{style.group(1)}"[^>]*><style:paragraph-properties '
                     r'fo:text-align="right"/>', content)


def test_a_layout_file_the_vorlage_names_lies_in_its_folder(tmp_path: Path,
                                                            minimal: dict[str, object]) -> None:
    """Like an Anlage: a layout outside the Vorlage's folder only if allowed; one the
    caller names (``--layout``) may lie anywhere."""
    (tmp_path / "haus.yaml").write_text("arten: [{name: Mitteilungsvorlage}]\n"
                                        "aufbau: [betreff, sachverhalt]\n", encoding="utf-8")
    folder = tmp_path / "vorlage"
    folder.mkdir()
    del minimal["organisationseinheit"]
    with pytest.raises(InputError, match=r"hausformat: \.\./haus\.yaml führt aus dem Ordner der "
                                         r"Vorlage hinaus"):
        load_vorlage({**minimal, "hausformat": "../haus.yaml"}, base_dir=folder)
    allowed = load_vorlage({**minimal, "hausformat": "../haus.yaml"}, base_dir=folder,
                           allow_outside=True)
    assert allowed.hausformat.quelle.endswith("haus.yaml")
    chosen = load_vorlage(minimal, base_dir=folder, hausformat=tmp_path / "haus.yaml")
    assert chosen.hausformat.quelle == str(tmp_path / "haus.yaml")


def test_layouts_lists_a_broken_layout_as_such(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin's broken layout is named as broken; the others are still listed."""
    from vorlagen.default_plugins import hausformate as plugin
    from vorlagen.hausformate import shipped_hausformate

    broken = tmp_path / "kaputt.yaml"
    broken.write_text("arten: []\naufbau: [betreff]\n", encoding="utf-8")
    shipped = shipped_hausformate()
    monkeypatch.setattr(plugin, "shipped_hausformate", lambda: {**shipped, "kaputt": broken})
    result = CliRunner().invoke(cli, ["hausformate"])
    assert result.exit_code == 0
    assert "kaputt  (mitgeliefert: " in result.output
    assert "fehlerhaft: Plugin 'vorlagen.default_plugins.hausformate'" in result.output
    assert "standard  (mitgeliefert: " in result.output


def test_layouts_of_a_folder_names_each_vorlage_in_it(tmp_path: Path,
                                                      minimal: dict[str, object],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """For a folder: what a new Vorlage there gets, then each Vorlage render would take
    from it with its own; a layout: that names none is an error, with the closest."""
    nord = tmp_path / "nord"
    (nord / "2025-031").mkdir(parents=True)
    (nord / "hausformat.yaml").write_text("basis: standard\n", encoding="utf-8")
    (nord / "vorlage.yaml").write_text("hausformat: nordstemmen\n" + yaml.safe_dump(minimal),
                                       encoding="utf-8")
    (nord / "2025-031" / "vorlage.yaml").write_text(yaml.safe_dump(minimal), encoding="utf-8")
    (nord / "notiz.yaml").write_text(yaml.safe_dump(minimal), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["hausformate", "nord"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "nord, neue Vorlagen: Hausformat nord/hausformat.yaml (die nächste hausformat.yaml "
        "vom Ordner der Vorlage aufwärts)",
        "    baut auf: standard",
        "nord/2025-031/vorlage.yaml: Hausformat nord/hausformat.yaml (die nächste "
        "hausformat.yaml vom Ordner der Vorlage aufwärts)",
        "    baut auf: standard",
        "nord/vorlage.yaml: Hausformat nordstemmen (hausformat: in der Vorlage, Zeile 1)",
    ]
    (nord / "vorlage.yaml").write_text("hausformat: nordstemen\n" + yaml.safe_dump(minimal),
                                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["hausformate", "nord"])
    assert result.exit_code == 2, result.output
    assert ("vorlagen: Fehler in nord/vorlage.yaml: Zeile 1, hausformat: kein Hausformat "
            "'nordstemen' (bekannt: ") in result.output
    assert "gemeint ist vielleicht 'nordstemmen'" in result.output


def test_a_plugin_with_the_old_hook_names_still_ships_hausformat_and_design(
        tmp_path: Path, minimal: dict[str, object]) -> None:
    """vorlagen_layouts and vorlagen_templates are now vorlagen_hausformate and
    vorlagen_designs; a plugin with the old names works, warned at registration."""
    from vorlagen import hookimpl, plugin_manager
    from vorlagen.renamed import Renamed
    from vorlagen.templates import available_designs, standard_design

    own = tmp_path / "musterstadt.yaml"
    own.write_text("beschreibung: Musterstadt\narten: [{name: Mitteilungsvorlage}]\n"
                   "aufbau: [betreff, sachverhalt]\n", encoding="utf-8")

    class Alt:
        @hookimpl
        def vorlagen_layouts(self) -> dict[str, Path]:
            return {"musterstadt": own}

        @hookimpl
        def vorlagen_templates(self) -> dict[str, Path]:
            return {"alt": standard_design()}

    plugins = plugin_manager()
    with pytest.warns(Renamed) as warned:
        plugins.register(Alt(), name="alt")
    said = sorted(str(warning.message) for warning in warned)
    assert said == [
        "der Hook 'vorlagen_layouts' heißt jetzt 'vorlagen_hausformate'; der alte Name "
        "geht noch, aber nicht mehr lange",
        "der Hook 'vorlagen_templates' heißt jetzt 'vorlagen_designs'; der alte Name "
        "geht noch, aber nicht mehr lange"]
    assert available_designs(plugins)["alt"] == standard_design()
    assert "standard" in available_designs(plugins)  # the shipped ones, new hook
    del minimal["organisationseinheit"]
    vorlage = load_vorlage({**minimal, "hausformat": "musterstadt"}, plugins=plugins)
    assert _texts(render(vorlage, "docx", plugins=plugins)) == [
        "Testvorlage", "Sachverhalt", "1. Anlass", "Ein Satz."]
