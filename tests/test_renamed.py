"""One word per concept: the new names of options, commands, keys and keyword arguments
work, and each old name still works, saying so (a German hint on the command line, a
``DeprecationWarning`` for a program)."""

from __future__ import annotations

import io
import json
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner, Result
from lxml import html as lxml_html

from tests.conftest import EXAMPLE
from vorlagen import load_vorlage, render, render_files, render_to_file, render_to_folder
from vorlagen.cli import cli
from vorlagen.errors import InputError
from vorlagen.model import Vorlage
from vorlagen.paper import build
from vorlagen.plugins import plugin_manager
from vorlagen.renamed import Renamed
from vorlagen.render import render_document

ROOT = Path(__file__).resolve().parent.parent
BRIEFKOPF = ROOT / "templates" / "briefkopf"
HINT = "der alte Name geht noch, aber nicht mehr lange"


def _hint(old: str, new: str) -> str:
    return f"vorlagen: Hinweis: {old!r} heißt jetzt {new!r}; {HINT}"


def _write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _invoke(args: list[str]) -> Result:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the command line says it; nothing escapes
        return CliRunner().invoke(cli, args)


def _header_texts(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return " ".join(paragraph.text for section in document.sections
                    for part in (section.first_page_header, section.header)
                    for paragraph in part.paragraphs)


def _body_texts(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.fixture
def vorlage_file(tmp_path: Path, minimal: dict[str, object]) -> Path:
    return _write(tmp_path / "vorlage.yaml", minimal)


@pytest.mark.parametrize("command", [["validate", "{v}"], ["new", "Beschlussvorlage", "{d}/neu"],
                                     ["schema", "-o", "{d}/schema.json"]])
def test_the_layout_option_is_now_hausformat(command: list[str], vorlage_file: Path) -> None:
    args = [part.format(v=vorlage_file, d=vorlage_file.parent) for part in command]
    new = _invoke([*args, "--hausformat", "nordstemmen"])
    assert new.exit_code == 0, new.output
    assert "Hinweis" not in new.stderr
    if command[0] == "schema":  # the schema of the Hausformat named
        written = json.loads((vorlage_file.parent / "schema.json").read_text("utf-8"))
        assert written["properties"]["hausformat"]["examples"] == ["nordstemmen"]
        (vorlage_file.parent / "schema.json").unlink()
    if command[0] == "new":  # the new Vorlage names it with the new key
        text = (vorlage_file.parent / "neu" / "vorlage.yaml").read_text("utf-8")
        assert "\nhausformat: nordstemmen\n" in text and "layout:" not in text
        shutil.rmtree(vorlage_file.parent / "neu")
    old = _invoke([*args, "--layout", "nordstemmen"])
    assert old.exit_code == 0, old.output
    assert _hint("--layout", "--hausformat") in old.stderr
    assert old.stdout == new.stdout
    both = _invoke([*args, "--layout", "nordstemmen", "--hausformat", "standard"])
    assert both.exit_code == 2
    assert "--layout und --hausformat zugleich; nur --hausformat angeben" in both.stderr


def test_render_takes_design_and_hausformat_and_their_old_names(vorlage_file: Path,
                                                                 tmp_path: Path) -> None:
    new = _invoke(["render", str(vorlage_file), "-f", "docx", "-o", str(tmp_path / "neu"),
                   "--design", "briefkopf", "--hausformat", "nordstemmen"])
    assert new.exit_code == 0, new.output
    assert "Hinweis" not in new.stderr
    for old in (["--template", "briefkopf", "--layout", "nordstemmen"],
                ["--template-dir", str(BRIEFKOPF), "--layout", "nordstemmen"]):
        result = _invoke(["render", str(vorlage_file), "-f", "docx", "-o",
                          str(tmp_path / "alt"), *old])
        assert result.exit_code == 0, result.output
        assert _hint(old[0], "--design") in result.stderr
        assert _hint("--layout", "--hausformat") in result.stderr
        made = [(tmp_path / folder / "2024-001.docx").read_bytes() for folder in ("neu", "alt")]
        assert _header_texts(made[0]) == _header_texts(made[1])  # the same design
        assert _body_texts(made[0]) == _body_texts(made[1])  # the same Hausformat
        shutil.rmtree(tmp_path / "alt")


@pytest.mark.parametrize(("old", "new"), [
    (["layouts"], ["hausformate"]),
    (["layout", "check", str(ROOT / "src/vorlagen/layouts/landau.yaml")],
     ["hausformat", "check", str(ROOT / "src/vorlagen/layouts/landau.yaml")]),
    (["templates"], ["designs"]),
    (["template", "check", str(BRIEFKOPF)], ["design", "check", str(BRIEFKOPF)]),
])
def test_renamed_commands_work_under_both_names(old: list[str], new: list[str]) -> None:
    now = _invoke(new)
    assert now.exit_code == 0, now.output
    assert "Hinweis" not in now.stderr
    before = _invoke(old)
    assert before.exit_code == 0, before.output
    assert _hint(old[0], new[0]) in before.stderr
    assert before.stdout == now.stdout


def test_design_export_under_both_names(tmp_path: Path) -> None:
    new = _invoke(["design", "export", "briefkopf", str(tmp_path / "neu")])
    old = _invoke(["template", "export", "briefkopf", str(tmp_path / "alt")])
    assert new.exit_code == old.exit_code == 0, new.output + old.output
    assert _hint("template", "design") in old.stderr
    for name in ("design.docx", "design.odt"):
        assert (tmp_path / "neu" / name).read_bytes() == (tmp_path / "alt" / name).read_bytes() \
            == (BRIEFKOPF / name).read_bytes()


def test_help_names_only_the_new_words() -> None:
    top = _invoke(["--help"]).output
    for word in ("hausformate", "hausformat", "designs", "design"):
        assert f"\n  {word} " in top
    for word in ("layouts", "layout", "templates", "template"):
        assert f"\n  {word} " not in top
    for command in ("render", "validate", "new", "schema"):
        text = _invoke([command, "--help"]).output
        assert "--hausformat" in text and "--layout" not in text
        assert "--template" not in text and "Layout" not in text
    assert "--design" in _invoke(["render", "--help"]).output
    assert "--hausformat" in _invoke(["import", "oparl", "--help"]).output


def test_import_oparl_takes_hausformat_and_layout(tmp_path: Path) -> None:
    paper = tmp_path / "paper.json"
    paper.write_text(json.dumps({"type": "https://schema.oparl.org/1.1/Paper",
                                 "name": "Radweg", "reference": "2025/001",
                                 "date": "2025-01-02"}), encoding="utf-8")
    new = _invoke(["import", "oparl", str(paper), "-o", str(tmp_path / "neu.yaml"),
                   "--hausformat", "nordstemmen"])
    old = _invoke(["import", "oparl", str(paper), "-o", str(tmp_path / "alt.yaml"),
                   "--layout", "nordstemmen"])
    assert new.exit_code == old.exit_code == 0, new.output + old.output
    assert _hint("--layout", "--hausformat") in old.stderr
    for name in ("neu.yaml", "alt.yaml"):
        assert yaml.safe_load((tmp_path / name).read_text("utf-8"))["hausformat"] \
            == "nordstemmen"


def test_the_layout_key_still_works_with_a_hint(tmp_path: Path,
                                                minimal: dict[str, object]) -> None:
    new = _write(tmp_path / "neu.yaml", {"hausformat": "nordstemmen", **minimal})
    old = _write(tmp_path / "alt.yaml", {"layout": "nordstemmen", **minimal})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_vorlage(new).hausformat.hausformat.beschreibung
    with pytest.warns(DeprecationWarning) as caught:
        loaded = load_vorlage(old)
    assert loaded.hausformat.hausformat == load_vorlage(new).hausformat.hausformat
    assert [str(each.message) for each in caught] == [
        f"{old}, Zeile 1: 'layout:' heißt jetzt 'hausformat:'; {HINT}"]
    assert caught[0].category is Renamed
    assert caught[0].filename == __file__  # the warning points at the caller's line
    result = _invoke(["validate", str(old)])
    assert result.exit_code == 0, result.output
    assert (f"vorlagen: Hinweis: {old}, Zeile 1: 'layout:' heißt jetzt 'hausformat:'; "
            f"{HINT}") in result.stderr
    assert "Hinweis" not in _invoke(["validate", str(new)]).stderr
    assert _invoke(["hausformate", str(old)]).stdout.startswith(
        f"{old}: Hausformat nordstemmen (layout: in der Vorlage, Zeile 1)")
    assert _invoke(["hausformate", str(new)]).stdout.startswith(
        f"{new}: Hausformat nordstemmen (hausformat: in der Vorlage, Zeile 1)")


def test_both_keys_at_once_are_an_error_at_the_old_ones_line(
        tmp_path: Path, minimal: dict[str, object]) -> None:
    both = _write(tmp_path / "vorlage.yaml",
                  {"hausformat": "nordstemmen", "layout": "landau", **minimal})
    with pytest.raises(InputError) as raised:
        load_vorlage(both)
    assert str(raised.value) == (f"Fehler in {both}: Zeile 2, layout: der alte Name von "
                                 "hausformat:, das auch angegeben ist; layout: löschen")
    result = _invoke(["validate", str(both)])
    assert result.exit_code == 2
    assert "Zeile 2, layout: der alte Name von hausformat:" in result.stderr


def test_a_wrong_hausformat_is_said_at_the_key_the_file_uses(
        tmp_path: Path, minimal: dict[str, object]) -> None:
    for key in ("hausformat", "layout"):
        path = _write(tmp_path / f"{key}.yaml", {key: "nordstemen", **minimal})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Renamed)
            with pytest.raises(InputError, match=r"Zeile 1, hausformat: kein Hausformat "
                                                 "'nordstemen'.*gemeint ist vielleicht "
                                                 "'nordstemmen'"):
                load_vorlage(path)


def test_a_program_validating_a_vorlage_with_the_old_key_is_warned(
        minimal: dict[str, object]) -> None:
    with pytest.warns(Renamed, match="'layout:' heißt jetzt 'hausformat:'"):
        old = Vorlage.model_validate({**minimal, "layout": "landau"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = Vorlage.model_validate({**minimal, "hausformat": "landau"})
    assert old.layout == new.layout == "landau"


def test_the_old_keywords_of_the_library_work_and_warn(vorlage_file: Path,
                                                        tmp_path: Path) -> None:
    with pytest.warns(DeprecationWarning,
                      match=r"load_vorlage\(\): 'layout=' heißt jetzt 'hausformat='"):
        old = load_vorlage(vorlage_file, layout="nordstemmen")  # type: ignore[call-arg]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = load_vorlage(vorlage_file, hausformat="nordstemmen")
    assert old.hausformat.hausformat == new.hausformat.hausformat
    assert old.hausformat.quelle.endswith("nordstemmen.yaml")
    with pytest.raises(TypeError, match="nur hausformat= angeben"):
        load_vorlage(vorlage_file, layout="landau",  # type: ignore[call-arg]
                     hausformat="nordstemmen")

    calls: dict[str, Callable[..., Any]] = {
        "render": lambda **kw: render(new, "docx", **kw),
        "render_files": lambda **kw: dict(render_files(new, ["docx"], **kw))["2024-001.docx"],
        "render_to_file": lambda **kw: render_to_file(
            new, tmp_path / f"{'-'.join(kw) or 'ohne'}.docx", **kw).read_bytes(),
        "render_to_folder": lambda **kw: render_to_folder(
            new, tmp_path / ("-".join(kw) or "ohne"), ["docx"], **kw)[0].read_bytes(),
        "render_document": lambda **kw: render_document(
            build(new, plugin_manager()).document, "docx", **kw),
    }
    for name, call in calls.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with_design = call(design=BRIEFKOPF)
        with pytest.warns(DeprecationWarning,
                          match=rf"{name}\(\): 'template_dir=' heißt jetzt 'design='"):
            with_old = call(template_dir=BRIEFKOPF)
        assert _header_texts(with_old) == _header_texts(with_design), name
        assert _header_texts(with_design) != _header_texts(call()) or name == "render_document"
        with pytest.raises(TypeError, match="nur design= angeben"):
            call(template_dir=BRIEFKOPF, design=BRIEFKOPF)


def test_the_examples_and_guides_use_the_new_key() -> None:
    for path in [*ROOT.glob("examples/*/vorlage.yaml"), *ROOT.glob("docs/*.md"),
                 ROOT / "README.md"]:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            assert not line.lstrip().startswith("layout:"), f"{path}:{number}: {line}"
    assert EXAMPLE.read_text("utf-8").count("\nhausformat: ") == 1


def test_the_form_reads_the_hausformat_under_both_keys(tmp_path: Path) -> None:
    """The form shows the Hausformat a Vorlage names as the field ``hausformat``, which
    offers the installed ones; a file with the old key gets the same form, and saving it
    writes the new key."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from tests.test_serve import BASE, PORT, form_of, log_in, send
    from vorlagen.serve import create_app
    from vorlagen.serve.security import Access

    shutil.copytree(EXAMPLE.parent, tmp_path / "ik")
    text = EXAMPLE.read_text("utf-8")
    old = text.replace("\nhausformat: landkreis-konstanz\n", "\nlayout: landkreis-konstanz\n")
    assert old != text
    (tmp_path / "ik" / "alt.yaml").write_text(old, encoding="utf-8")
    access = Access.new(PORT)
    with TestClient(create_app(tmp_path, access=access), base_url=BASE) as client:
        log_in(client, access)
        pages = {name: client.get(f"/bearbeiten?datei=ik/{name}").text
                 for name in ("vorlage.yaml", "alt.yaml")}
        assert _controls(pages["alt.yaml"]) == _controls(pages["vorlage.yaml"])
        saved = send(client, form_of(pages["alt.yaml"]), "speichern",
                     url="/bearbeiten?datei=ik/alt.yaml")
        assert saved.status_code == 200
    page = _parse(pages["vorlage.yaml"])
    [control] = page.xpath('//*[@name="hausformat"]')
    assert control.get("value") == "landkreis-konstanz"
    assert control.get("list") == "hausformate"
    offered = {str(value) for value in
               page.xpath('//datalist[@id="hausformate"]/option/@value')}
    assert {"landkreis-konstanz", "nordstemmen", "standard"} <= offered
    written = (tmp_path / "ik" / "alt.yaml").read_text("utf-8")
    assert "\nhausformat: landkreis-konstanz\n" in written and "layout:" not in written
    assert written.startswith("# yaml-language-server")  # its comments kept


def _controls(page: str) -> list[tuple[str, str]]:
    """The name and value of each control of the form but its version stamps."""
    return [(str(element.get("name")), str(element.get("value")))
            for element in _parse(page).xpath('//form[@id="formular"]//*[@name]')
            if element.get("name") not in ("_csrf", "_stand")]


def _parse(page: str) -> Any:
    return lxml_html.fromstring(page)


def test_every_old_name_is_listed_in_the_words_page() -> None:
    """docs/woerter.md lists each old option and command with its new name."""
    from vorlagen.renamed import COMMANDS, OPTIONS

    rows = [line for line in (ROOT / "docs" / "woerter.md").read_text("utf-8").splitlines()
            if line.startswith("| `")]
    for old, new in OPTIONS.items():
        assert any(f"`{old}`" in row and f"`{new}`" in row for row in rows), old
    for old, new in COMMANDS.items():
        assert any(f"`vorlagen {old}" in row and f"`vorlagen {new}" in row for row in rows), old


def test_a_misspelled_key_is_told_the_keys_a_file_writes(
        minimal: dict[str, object]) -> None:
    """The list of known keys names ``hausformat``, the key a file writes, not the
    field's old name."""
    with pytest.raises(InputError) as raised:
        load_vorlage({**minimal, "hausformt": "standard"})
    message = str(raised.value)
    assert "gemeint ist vielleicht 'hausformat'" in message
    known = message.split("(bekannt: ")[1]
    assert "hausformat" in known and "layout" not in known


def _old_design(tmp_path: Path) -> Path:
    """The briefkopf Design as a folder from before: its files named vorlage.docx/.odt."""
    folder = tmp_path / "altes-design"
    folder.mkdir()
    for name in ("docx", "odt"):
        shutil.copy(BRIEFKOPF / f"design.{name}", folder / f"vorlage.{name}")
    return folder


def test_the_design_files_are_design_docx_and_design_odt() -> None:
    """The shipped Designs hold Design files, not "Vorlagen" (docs/woerter.md)."""
    for folder in (ROOT / "templates").iterdir():
        if folder.is_dir():
            assert {path.name for path in folder.glob("*.od*")} | {
                path.name for path in folder.glob("*.docx")} == {"design.docx", "design.odt"}


def test_a_design_folder_with_the_old_file_names_still_renders(vorlage_file: Path,
                                                              tmp_path: Path) -> None:
    old = _old_design(tmp_path)
    new = _invoke(["render", str(vorlage_file), "-f", "docx", "-f", "odt",
                   "-o", str(tmp_path / "neu"), "--design", str(BRIEFKOPF),
                   "--hausformat", "nordstemmen"])
    assert new.exit_code == 0, new.output
    assert "Hinweis" not in new.stderr
    before = _invoke(["render", str(vorlage_file), "-f", "docx", "-f", "odt",
                      "-o", str(tmp_path / "alt"), "--design", str(old),
                      "--hausformat", "nordstemmen"])
    assert before.exit_code == 0, before.output
    for name in ("docx", "odt"):
        hint = (f"vorlagen: Hinweis: Design-Ordner {old}: 'vorlage.{name}' heißt jetzt "
                f"'design.{name}'; {HINT}")
        assert before.stderr.count(hint) == 1, before.stderr  # once, not per document
        assert (tmp_path / "alt" / f"2024-001.{name}").read_bytes() == \
            (tmp_path / "neu" / f"2024-001.{name}").read_bytes()


def test_a_program_rendering_with_old_design_files_is_warned(vorlage_file: Path,
                                                             tmp_path: Path) -> None:
    old = _old_design(tmp_path)
    with pytest.warns(Renamed, match="'vorlage.docx' heißt jetzt 'design.docx'"):
        made = render(load_vorlage(vorlage_file, hausformat="nordstemmen"), "docx",
                      design=old)
    assert made == render(load_vorlage(vorlage_file, hausformat="nordstemmen"), "docx",
                          design=BRIEFKOPF)


def test_design_check_and_export_with_old_file_names(tmp_path: Path) -> None:
    old = _old_design(tmp_path)
    checked = _invoke(["design", "check", str(old)])
    assert checked.exit_code == 0, checked.output
    assert f"{old / 'vorlage.docx'}: in Ordnung" in checked.stdout
    assert f"{old / 'vorlage.odt'}: in Ordnung" in checked.stdout
    assert "'vorlage.odt' heißt jetzt 'design.odt'" in checked.stderr
    exported = _invoke(["design", "export", str(old), str(tmp_path / "neu")])
    assert exported.exit_code == 0, exported.output
    assert sorted(path.name for path in (tmp_path / "neu").iterdir()) == [
        "design.docx", "design.odt"]
    assert (tmp_path / "neu" / "design.odt").read_bytes() == (old / "vorlage.odt").read_bytes()


def test_the_design_functions_under_their_old_names() -> None:
    import vorlagen.templates as designs

    for old, new in (("available_templates", "available_designs"),
                     ("find_template", "find_design"),
                     ("standard_template_dir", "standard_design"),
                     ("shipped_templates", "shipped_designs")):
        with pytest.warns(Renamed, match=rf"'vorlagen.templates.{old}' heißt jetzt "
                                         rf"'vorlagen.templates.{new}'"):
            assert getattr(designs, old) is getattr(designs, new)
    with pytest.raises(AttributeError):
        designs.gibt_es_nicht  # noqa: B018


def test_an_unknown_field_lists_the_hausformat_key_by_its_new_name(
        tmp_path: Path, minimal: dict[str, object]) -> None:
    """The fields a message offers are the keys a file writes: hausformat, not layout."""
    path = _write(tmp_path / "vorlage.yaml", {**minimal, "titl": "x"})
    with pytest.raises(InputError) as raised:
        load_vorlage(path)
    message = str(raised.value)
    assert "titl: unbekanntes Feld; gemeint ist vielleicht 'titel'" in message
    assert "hausformat" in message and "layout" not in message
