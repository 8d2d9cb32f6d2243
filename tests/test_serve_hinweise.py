"""The form says the check's Hinweise (``vorlagen.errors.Hinweis``, from the RIS check):
a Sitzungstermin that is no meeting of its Gremium, a Gremium the RIS does not have (the
Kreistag), one that has ended. Each is shown at its field and in the "Prüfung" summary
as a Hinweis, by word and sign, the Vorlage still valid; none goes to the server's
terminal. In the full page, the live check and after saving. Through Starlette's test
client, with the ``ris.yaml`` of tests/test_serve_ris.py (Gemeinde Hürtgenwald).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from tests.test_serve import FILE, URL, control, form_of, parse, send
from tests.test_serve_ris import client, ris  # noqa: F401  (the fixture)
from vorlagen.ris import save_ris

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SIGN = "\N{INFORMATION SOURCE} "
TERMIN = "beratungsfolge[0].sitzungstermine"
KREISTAG = "beratungsfolge[1].gremium"


def messages_at(page: str, name: str) -> str:
    element = control(page, name)
    box = parse(page).get_element_by_id("e-" + element.get("id")[2:])
    return " ".join(str(box.text_content()).split())


def summary(page: str) -> str:
    return " ".join(str(parse(page).get_element_by_id("zusammenfassung").text_content()
                        ).split())


def status(page: str) -> str:
    return " ".join(str(parse(page).get_element_by_id("pruefstatus").text_content()).split())


def test_the_ris_hinweise_are_shown_at_their_fields_and_in_the_summary(
        client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
        recwarn: pytest.WarningsRecorder) -> None:
    save_ris(tmp_path / "ris.yaml", ris())
    page = client.get(URL).text
    # the example's HFA meets on no 16.04.2018; its second Beratung is in the Kreistag
    at_day = messages_at(page, TERMIN)
    assert at_day.startswith(SIGN + "Hinweis: am 16.04.2018 hat „Haupt- und Finanzausschuss“ "
                             "laut RIS keine Sitzung"), at_day
    assert "Fehler" not in at_day
    at_kreistag = messages_at(page, KREISTAG)
    assert at_kreistag.startswith(SIGN + "Hinweis: „Kreistag“ ist kein Gremium im RIS"), (
        at_kreistag)
    assert "<dict>" not in page and "beratungsfolge[" not in summary(page)
    said = summary(page)
    assert said.count("Hinweis:") == 2
    assert "Beratungsfolge, Beratung 1, Sitzungstermine: am 16.04.2018" in said
    assert "Beratungsfolge, Beratung 2, Gremium: „Kreistag“" in said
    links = parse(page).get_element_by_id("zusammenfassung").xpath(".//a/@href")
    assert links == ["#" + control(page, TERMIN).get("id"), "#" + control(page, KREISTAG).get("id")]
    assert status(page) == "Die Vorlage ist gültig. 2 Hinweise – siehe Liste."
    assert parse(page).xpath("//tr[contains(@class, 'invalid')]") == []
    assert control(page, TERMIN).get("aria-invalid") == "false"  # stops nothing
    assert "e-" in control(page, TERMIN).get("aria-describedby")  # read out with the field

    # the live check: the same, each swapped in at its place
    live = client.post(f"/pruefen?datei={FILE}", data=dict(form_of(page))).text
    assert "</span>Hinweis: am 16.04.2018 hat „Haupt- und Finanzausschuss“" in live
    assert "Die Vorlage ist gültig. 2 Hinweise" in live

    # saved: valid, no "noch ... Fehler"
    saved = send(client, form_of(page), "speichern")
    assert "Gespeichert in vorlage.yaml." in saved.text
    assert "noch" not in parse(saved.text).get_element_by_id("meldung").text_content()
    assert summary(saved.text).count("Hinweis:") == 2

    # a real meeting day and a Gremium of the RIS: no Hinweis left
    fixed = send(client, form_of(page), "pruefen", {
        TERMIN: ris().sitzungen[3].tag.strftime("%d.%m.%Y"),  # type: ignore[union-attr]
        KREISTAG: "Gemeinderat", "beratungsfolge[1].sitzungstermine": ""}).text
    assert "Hinweis" not in summary(fixed) and messages_at(fixed, TERMIN) == ""
    assert status(fixed) == "Die Vorlage ist gültig."

    # nothing said on the server's terminal, no warning left over
    captured = capsys.readouterr()
    assert "Hinweis" not in captured.err + captured.out
    assert not [w for w in recwarn.list if "Hinweis" in type(w.message).__name__]


def test_an_error_and_a_hinweis_are_told_apart(client: TestClient,  # noqa: F811
                                                tmp_path: Path) -> None:
    save_ris(tmp_path / "ris.yaml", ris())
    page = client.get(URL).text
    wrong = send(client, form_of(page), "pruefen", {"datum": "31.02.2018"}).text
    assert status(wrong) == "1 Fehler gefunden – siehe Liste und die markierten Felder. " \
                            "Dazu 2 Hinweise."
    errors = parse(wrong).get_element_by_id("zusammenfassung").xpath(
        ".//ul[@class='error-list']/li")
    hints = parse(wrong).get_element_by_id("zusammenfassung").xpath(
        ".//ul[@class='hinweis-list']/li")
    assert len(errors) == 1 and len(hints) == 2
    saved = send(client, form_of(page), "speichern", {"datum": "31.02.2018"})
    assert "Die Vorlage hat noch 1 Fehler." in saved.text
