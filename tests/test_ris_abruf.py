"""``vorlagen ris abrufen`` and ``referenced_ris`` against a local OParl endpoint serving
the recorded pages of Gemeinde Hürtgenwald's RIS (tests/oparl_server.py); no test reaches
the network."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import yaml
from click.testing import CliRunner

from tests.oparl_server import DATA, PREFIX, Endpoint, send, serving
from vorlagen import oparl_client
from vorlagen.cli import cli
from vorlagen.oparl_client import OparlClient, OparlError
from vorlagen.ris import RIS_DATEI, Gremium, Ris, load_ris, save_ris
from vorlagen.ris_abruf import SINCE_MARGIN, abrufen, referenced_ris

MEETING = PREFIX + "body/1/meeting/2507"
"""Ausschuss für Gemeindeentwicklung und Nachhaltigkeit (4. Sitzung), 24.06.2021."""
DELETED = PREFIX + "body/1/meeting/2419"
"""A meeting the recorded list names as deleted (a tombstone on page 14)."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A connection anywhere but this machine fails the test."""
    connect = socket.create_connection

    def local_only(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0] in ("127.0.0.1", "localhost"), f"Netzzugriff: {address}"
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    yield from serving()


def _fetch(endpoint: Endpoint, folder: Path, url: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["ris", "abrufen", url or endpoint.url("system"),
                                    "-o", str(folder)])


def test_a_first_run_writes_the_bodys_gremien_and_meetings(endpoint: Endpoint,
                                                           tmp_path: Path) -> None:
    result = _fetch(endpoint, tmp_path)
    assert result.exit_code == 0, result.output
    assert str(tmp_path / RIS_DATEI) in result.output
    assert "Gemeinde Hürtgenwald: 13 Gremien, 4 Verwaltungseinheiten, 86 Sitzungen" \
        in result.output
    ris = load_ris(tmp_path / RIS_DATEI)
    assert ris.quelle == endpoint.url("body/1")
    assert ris.koerperschaft == "Gemeinde Hürtgenwald"
    hfa = ris.gremium("Haupt- und Finanzausschuss")
    assert hfa == Gremium(id=endpoint.url("body/1/organization/1-2"),
                          name="Haupt- und Finanzausschuss", kurzname="HFA", art="Gremien")
    assert ris.gremium("Bau- und Umweltausschuss").bis == date(2020, 10, 31)  # type: ignore[union-attr]
    assert ris.aehnlich("Haupt und Finanzausschuss") == "Haupt- und Finanzausschuss"
    names = {each.name for each in ris.gremien} | {e.name for e in ris.verwaltungseinheiten}
    assert "Christlich Demokratische Union" not in names  # a Fraktion is neither
    assert {each.name for each in ris.verwaltungseinheiten} == {
        "Abteilung 1", "Abteilung 2", "Abteilung 3", "Abteilung 4"}
    # every page of the chain was read, following links.next
    assert endpoint.asked("body/1/meeting") == ["", "page=2", "page=14", "page=15"]
    by_id = {sitzung.id: sitzung for sitzung in ris.sitzungen}
    assert endpoint.local(DELETED) not in by_id
    sitzung = by_id[endpoint.local(MEETING)]
    assert sitzung.name == "Ausschuss für Gemeindeentwicklung und Nachhaltigkeit (4. Sitzung)"
    assert sitzung.tag == date(2021, 6, 24)
    assert sitzung.gremien == (endpoint.url("body/1/organization/1-17"),)
    assert [punkt.nummer for punkt in sitzung.tagesordnung][:3] == ["A", "1.", "2."]
    assert hfa is not None and ris.sitzungen_von(hfa)
    assert ris.abgerufen is not None


def test_the_body_url_works_as_the_systems(endpoint: Endpoint, tmp_path: Path) -> None:
    ris = abrufen(endpoint.url("body/1"), tmp_path)
    assert len(ris.gremien) == 13
    assert load_ris(tmp_path / RIS_DATEI) == ris
    assert endpoint.asked("system") == []


def test_a_second_run_asks_only_for_what_changed(endpoint: Endpoint, tmp_path: Path) -> None:
    first = abrufen(endpoint.url("system"), tmp_path)
    assert first.abgerufen is not None
    endpoint.change(MEETING, name="Ausschuss für Gemeindeentwicklung (4. Sitzung, verlegt)",
                    start="2021-06-29T18:00:00+02:00")
    endpoint.requests.clear()
    result = _fetch(endpoint, tmp_path)
    assert result.exit_code == 0, result.output
    for listed in ("body/1/meeting", "body/1/organization"):
        (asked,) = endpoint.asked(listed)  # one filtered page, not the recorded four
        assert list(parse_qs(asked)) == ["modified_since"]
        since = datetime.fromisoformat(parse_qs(asked)["modified_since"][0])
        assert since == first.abgerufen - SINCE_MARGIN
    second = load_ris(tmp_path / RIS_DATEI)
    assert second.abgerufen is not None and second.abgerufen > first.abgerufen
    changed = {sitzung.id: sitzung for sitzung in second.sitzungen}[endpoint.local(MEETING)]
    assert changed.tag == date(2021, 6, 29)
    assert changed.name == "Ausschuss für Gemeindeentwicklung (4. Sitzung, verlegt)"
    # the rest as it was, in its place
    assert [s.id for s in second.sitzungen] == [s.id for s in first.sitzungen]
    assert [s for s in second.sitzungen if s.id != changed.id] == \
        [s for s in first.sitzungen if s.id != changed.id]
    assert second.gremien == first.gremien


def test_a_second_run_says_what_it_changed(endpoint: Endpoint, tmp_path: Path) -> None:
    """The first run says it read the body anew; a later one what changed."""
    first = _fetch(endpoint, tmp_path)
    assert first.exit_code == 0, first.output
    assert first.output.endswith("86 Sitzungen\nneu abgerufen\n")
    same = _fetch(endpoint, tmp_path)
    assert same.output.endswith("86 Sitzungen\naktualisiert: nichts geändert\n")
    endpoint.change(MEETING, name="Ausschuss für Gemeindeentwicklung (4. Sitzung, verlegt)")
    other = next(sitzung.id for sitzung in load_ris(tmp_path / RIS_DATEI).sitzungen
                 if sitzung.id != endpoint.local(MEETING))
    endpoint.delete(other.replace(endpoint.base, PREFIX))
    changed = _fetch(endpoint, tmp_path)
    assert changed.exit_code == 0, changed.output
    assert changed.output.endswith(
        "85 Sitzungen\naktualisiert: 1 Sitzung geändert, 1 entfernt\n")


def test_a_deleted_meeting_leaves_the_file(endpoint: Endpoint, tmp_path: Path) -> None:
    first = abrufen(endpoint.url("system"), tmp_path)
    assert endpoint.local(MEETING) in {sitzung.id for sitzung in first.sitzungen}
    endpoint.delete(MEETING)
    second = abrufen(endpoint.url("system"), tmp_path)
    assert endpoint.local(MEETING) not in {s.id for s in second.sitzungen}
    assert len(second.sitzungen) == len(first.sitzungen) - 1
    assert endpoint.local(MEETING) not in (tmp_path / RIS_DATEI).read_text(encoding="utf-8")


def test_a_second_run_after_nothing_changed_keeps_everything(endpoint: Endpoint,
                                                              tmp_path: Path) -> None:
    first = abrufen(endpoint.url("system"), tmp_path)
    second = abrufen(endpoint.url("system"), tmp_path)
    assert second.model_copy(update={"abgerufen": first.abgerufen}) == first


def test_a_file_not_as_written_is_read_anew(endpoint: Endpoint, tmp_path: Path) -> None:
    (tmp_path / RIS_DATEI).write_text("quelle: [kaputt\n", encoding="utf-8")
    result = _fetch(endpoint, tmp_path)
    assert result.exit_code == 0, result.output
    assert len(load_ris(tmp_path / RIS_DATEI).gremien) == 13
    assert "modified_since" not in " ".join(endpoint.requests)


def _base(handler: BaseHTTPRequestHandler) -> str:
    address: Any = handler.server.server_address
    return f"http://127.0.0.1:{address[1]}/oparl/"


def _several_bodies(handler: BaseHTTPRequestHandler) -> None:
    recorded = json.loads((DATA / "body.json").read_bytes())
    other = dict(recorded["data"][0], id=PREFIX + "body/2", name="Gemeinde Kreuzau")
    recorded["data"].append(other)
    base = _base(handler)
    send(handler, 200, json.dumps(recorded).replace(PREFIX, base).encode())


def test_a_system_with_several_bodies_asks_for_one(endpoint: Endpoint, tmp_path: Path) -> None:
    endpoint.routes["/oparl/body"] = _several_bodies
    result = _fetch(endpoint, tmp_path)
    assert result.exit_code == 2
    assert "2 Körperschaften" in result.output
    assert f"Gemeinde Hürtgenwald: {endpoint.url('body/1')}" in result.output
    assert f"Gemeinde Kreuzau: {endpoint.url('body/2')}" in result.output
    assert "die Adresse der gewünschten Körperschaft statt der des Systems angeben" \
        in result.output
    assert not (tmp_path / RIS_DATEI).exists()


def test_the_list_of_bodies_works_as_the_systems(endpoint: Endpoint, tmp_path: Path) -> None:
    """The System's ``body`` list (a paged list, ``data`` without a ``type``) with one Body
    is read as that Body; with several, the same message as for such a System."""
    result = _fetch(endpoint, tmp_path, endpoint.url("body"))
    assert result.exit_code == 0, result.output
    assert "Gemeinde Hürtgenwald: 13 Gremien" in result.output
    assert load_ris(tmp_path / RIS_DATEI).quelle == endpoint.url("body/1")
    endpoint.routes["/oparl/body"] = _several_bodies
    several = _fetch(endpoint, tmp_path / "zwei", endpoint.url("body"))
    assert several.exit_code == 2
    assert "die Liste hat 2 Körperschaften" in several.output
    assert f"Gemeinde Kreuzau: {endpoint.url('body/2')}" in several.output
    assert "die Adresse der gewünschten Körperschaft statt der Adresse der Liste angeben" \
        in several.output
    assert "ohne OParl-Typ" not in several.output
    assert not (tmp_path / "zwei").exists()


KARLSRUHE = DATA.parent / "oparl-karlsruhe"


def _karlsruhe(handler: BaseHTTPRequestHandler) -> None:
    """A 1.1 endpoint of Karlsruhe's recorded objects: System, Body, one-page lists."""
    base = _base(handler) + "ka/"
    path = handler.path.partition("?")[0].removeprefix("/oparl/ka/")
    kind = "https://schema.oparl.org/1.1/"
    if path == "system":
        found: Any = {"id": base + "system", "type": kind + "System",
                      "oparlVersion": "https://schema.oparl.org/1.1/", "body": base + "bodies"}
    elif path == "bodies":
        found = {"data": [{"id": base + "bodies/0001", "type": kind + "Body",
                           "name": "Stadt Karlsruhe",
                           "organization": base + "organizations",
                           "meeting": base + "meetings"}], "links": {}}
    elif path == "organizations":
        found = {"data": json.loads((KARLSRUHE / "organizations.json").read_bytes()),
                 "links": {}}
    else:
        found = {"data": [json.loads((KARLSRUHE / "meeting-10043.json").read_bytes())],
                 "links": {}}
    send(handler, 200, json.dumps(found).encode())


def test_an_oparl_1_1_endpoint_is_read(endpoint: Endpoint, tmp_path: Path) -> None:
    for path in ("system", "bodies", "organizations", "meetings"):
        endpoint.routes[f"/oparl/ka/{path}"] = _karlsruhe
    ris = abrufen(endpoint.url("ka/system"), tmp_path)
    assert ris.koerperschaft == "Stadt Karlsruhe"
    stadt = "https://web1.karlsruhe.de/oparl/bodies/0001/"
    hfa = ris.gremium("Haupt- und Finanzausschuss")
    assert hfa is not None and hfa.id == stadt + "organizations/gr/28964"
    gremien = {gremium.name for gremium in ris.gremien}
    assert {"Bauausschuss", "Ortschaftsrat Wettersbach", "Gemeinderat"} <= gremien
    einheiten = {einheit.name for einheit in ris.verwaltungseinheiten}
    assert "Behindertenbeauftragte" in einheiten
    assert not gremien & einheiten
    (sitzung,) = ris.sitzungen_von(hfa)
    assert sitzung.tag == date(2025, 12, 9)
    erster = sitzung.tagesordnung[0]
    assert (erster.nummer, erster.oeffentlich, erster.ergebnis) == ("1", True, "erledigt")
    assert erster.beratung == stadt + "consultations/35010"


# --- an endpoint that cannot be read: exit 2, a German message, ris.yaml as it was ---

def _html(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, b"<!DOCTYPE html><html><body>Ratsinfo</body></html>",
         "text/html; charset=utf-8")


def _json_without_type(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, b'{"name": "Gemeinde", "body": []}')


def _error(status: int) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        send(handler, status, b"<html>Fehler</html>", "text/html")
    return answer


def _slow(handler: BaseHTTPRequestHandler) -> None:
    handler.server.endpoint.released.wait(60)  # type: ignore[attr-defined]


def _endless(handler: BaseHTTPRequestHandler) -> None:
    page = int(handler.path.rpartition("page=")[2] or 0) if "page=" in handler.path else 1
    base = _base(handler)
    found = {"data": [], "links": {"next": f"{base}body/1/meeting?page={page + 1}"}}
    send(handler, 200, json.dumps(found).encode())


def _loop(handler: BaseHTTPRequestHandler) -> None:
    base = _base(handler)
    found = {"data": [], "links": {"next": f"{base}body/1/meeting"}}
    send(handler, 200, json.dumps(found).encode())


def _big(length: bool) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, (DATA / "body-1-meeting.json").read_bytes(), length=length)
    return answer


CASES: dict[str, tuple[str, Any, dict[str, float], str]] = {
    # name: (path routed, handler, limits lowered, what the message says)
    "html": ("/oparl/system", _html, {}, "keine OParl-Schnittstelle: die Antwort ist eine "
                                         "HTML-Seite"),
    "json_without_type": ("/oparl/system", _json_without_type, {},
                          "keine OParl-Schnittstelle: die Antwort ist JSON ohne OParl-Typ"),
    "server_error": ("/oparl/system", _error(500), {},
                     "der Server antwortet mit Fehler 500 (interner Fehler des Servers)"),
    "not_found": ("/oparl/body/1/organization", _error(404), {},
                  "der Server antwortet mit Fehler 404 (nicht gefunden)"),
    "slow": ("/oparl/body/1/meeting", _slow, {"READ_SECONDS": 0.2},
             "der Server antwortet nicht rechtzeitig (Zeitüberschreitung)"),
    "endless_pages": ("/oparl/body/1/meeting", _endless, {"MAX_PAGES": 5},
                      "die Liste hat mehr als 5 Seiten (sie endet vielleicht nie)"),
    "endless_in_time": ("/oparl/body/1/meeting", _endless,
                        {"MAX_PAGES": 10**9, "LIST_SECONDS": 0.3},
                        "die Liste ist nach 0,3 Sekunden noch nicht zu Ende"),
    "loop": ("/oparl/body/1/meeting", _loop, {},
             "die Liste endet nie: Seite 1 verweist auf eine schon gelesene Seite"),
    "too_big": ("/oparl/body/1/meeting", _big(True), {"MAX_BYTES": 100_000},
                "die Antwort ist größer als 100.000 Bytes"),
    "too_big_counted": ("/oparl/body/1/meeting", _big(False), {"MAX_BYTES": 100_000},
                        "die Antwort ist größer als 100.000 Bytes"),
    "list_too_big": ("/oparl/nothing", _html, {"MAX_LIST_BYTES": 400_000},
                     "die Liste ist größer als 400.000 Bytes"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_endpoint_that_cannot_be_read_changes_nothing(
        endpoint: Endpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        case: str) -> None:
    path, handler, limits, message = CASES[case]
    for name, value in limits.items():
        monkeypatch.setattr(oparl_client, name, value)
    save_ris(tmp_path / RIS_DATEI, Ris(quelle=endpoint.url("body/1"),
                                       koerperschaft="Gemeinde Hürtgenwald"))
    before = (tmp_path / RIS_DATEI).read_bytes()
    endpoint.routes[path] = handler
    result = _fetch(endpoint, tmp_path)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"vorlagen: Fehler in {endpoint.url()}")
    assert message in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / RIS_DATEI).read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [RIS_DATEI]


def test_an_endpoint_that_is_down_is_said(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = CliRunner().invoke(cli, ["ris", "abrufen",
                                      f"http://127.0.0.1:{port}/oparl/system",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "der Server ist nicht erreichbar (keine Verbindung)" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["ris.example.de/oparl", "ftp://ris.example.de/oparl",
                                 "https://"])
def test_what_is_no_address_is_said(tmp_path: Path, url: str) -> None:
    result = CliRunner().invoke(cli, ["ris", "abrufen", url, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "keine Adresse einer OParl-Schnittstelle" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_there_is_made(endpoint: Endpoint, tmp_path: Path) -> None:
    """``-o ORDNER`` not there yet is made, as ``render -o`` does; only once all is read."""
    folder = tmp_path / "neu" / "ris"
    result = _fetch(endpoint, folder)
    assert result.exit_code == 0, result.output
    assert len(load_ris(folder / RIS_DATEI).gremien) == 13
    endpoint.routes["/oparl/system"] = _error(500)
    failed = _fetch(endpoint, tmp_path / "anderer")
    assert failed.exit_code == 2
    assert not (tmp_path / "anderer").exists()  # nothing half-made


def test_a_file_given_as_folder_is_said(tmp_path: Path) -> None:
    (tmp_path / "datei").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ris", "abrufen", "http://127.0.0.1:9/oparl",
                                      "-o", str(tmp_path / "datei")])
    assert result.exit_code == 2
    assert "ist eine Datei, kein Ordner" in result.output


# --- referenced_ris: what one Paper only references, for import oparl --ris ---

def _paper(endpoint: Endpoint, number: int) -> dict[str, Any]:
    text = (DATA / "body-1-paper.json").read_text(encoding="utf-8")
    found = json.loads(text.replace(PREFIX, endpoint.base))
    paper: dict[str, Any] = next(each for each in found["data"]
                                 if each["id"] == endpoint.url(f"body/1/paper/{number}"))
    return paper


def test_referenced_ris_fetches_what_a_paper_names(endpoint: Endpoint) -> None:
    paper = _paper(endpoint, 807)  # Teilnahme an der LEADER-Bewerbung „Eifel", 23/2007
    with OparlClient() as client:
        ris = referenced_ris(paper, client, endpoint=endpoint.url())
    assert ris.quelle == endpoint.url("body/1")
    assert ris.koerperschaft == "Gemeinde Hürtgenwald"
    assert [gremium.name for gremium in ris.gremien] == ["Gemeinderat"]
    assert [einheit.name for einheit in ris.verwaltungseinheiten] == ["Abteilung 4"]
    (sitzung,) = ris.sitzungen
    assert sitzung.tag == date(2007, 3, 1)
    assert sitzung.gremien == (endpoint.url("body/1/organization/1-8"),)
    consultation = paper["consultation"][0]
    punkt = ris.by_id()[consultation["agendaItem"]]
    assert punkt.nummer == "4.4"  # type: ignore[union-attr]
    assert sorted(endpoint.requests) == sorted([
        "/oparl/body/1", "/oparl/body/1/organization/1-8", "/oparl/body/1/organization/3-186",
        consultation["meeting"].removeprefix(endpoint.url()[:-len("/oparl/")])])


def test_referenced_ris_fetches_linked_consultations_and_leaves_out_the_missing(
        endpoint: Endpoint) -> None:
    paper = _paper(endpoint, 794)
    consultation = paper["consultation"][0]
    endpoint.objects[consultation["id"].replace(endpoint.base, PREFIX)] = json.loads(
        json.dumps(consultation).replace(endpoint.base, PREFIX))
    paper["consultation"] = [consultation["id"],
                             endpoint.url("body/1/consultation/999999")]
    paper["underDirectionOf"] = [endpoint.url("body/1/organization/3-999"),
                                 "https://elsewhere.example/organization/1"]
    with OparlClient() as client:
        ris = referenced_ris(paper, client, endpoint=endpoint.url())
    assert [gremium.name for gremium in ris.gremien] == [
        "Ausschuss für Wirtschaft, Tourismus und Landwirtschaft"]
    assert ris.sitzungen[0].tag == date(2007, 1, 30)
    assert ris.verwaltungseinheiten == ()  # not there (404), or not the endpoint's
    assert not any("elsewhere" in request for request in endpoint.requests)


def test_referenced_ris_says_an_endpoint_that_is_down(endpoint: Endpoint) -> None:
    paper = _paper(endpoint, 807)
    endpoint.routes["/oparl/body/1/organization/1-8"] = _error(500)
    with OparlClient() as client, pytest.raises(OparlError) as raised:
        referenced_ris(paper, client, endpoint=endpoint.url())
    assert "der Server antwortet mit Fehler 500" in str(raised.value)


def test_referenced_ris_fetches_a_bounded_number_of_objects(
        endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oparl_client, "MAX_OBJECTS", 3)
    paper = _paper(endpoint, 807)
    paper["consultation"] = [endpoint.url(f"body/1/consultation/{number}")
                             for number in range(100)]
    with OparlClient() as client, pytest.raises(OparlError) as raised:
        referenced_ris(paper, client, endpoint=endpoint.url())
    assert "mehr als 3 einzelne Objekte abzurufen" in str(raised.value)
    assert len(endpoint.requests) == 3


def test_referenced_ris_reads_a_bounded_number_of_bytes(
        endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oparl_client, "MAX_LIST_BYTES", 1_000)
    paper = _paper(endpoint, 807)
    with OparlClient() as client, pytest.raises(OparlError) as raised:
        referenced_ris(paper, client, endpoint=endpoint.url())
    assert "die abgerufenen Objekte sind zusammen größer als 1.000 Bytes" in str(raised.value)


def test_import_oparl_with_ris_fetches_what_the_paper_only_references(
        endpoint: Endpoint, tmp_path: Path) -> None:
    """``import oparl --ris URL``: the Gremium, the Amt, the meeting's day and the TOP of a
    Paper that only links them come from the endpoint, not ids in names' places."""
    from vorlagen.cli import cli

    paper = _paper(endpoint, 807)
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(paper), encoding="utf-8")
    target = tmp_path / "neu" / "vorlage.yaml"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target),
                                      "--ris", endpoint.url()])
    assert result.exit_code == 0, result.output
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    (beratung,) = written["beratungsfolge"]
    assert beratung["gremium"] == "Gemeinderat"
    assert beratung["sitzungstermine"] == ["01.03.2007"]
    assert str(beratung["top"]) == "4.4"
    assert "Abteilung 4" in (written.get("organisationseinheit"), written.get("federfuehrung"))
    wrong = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o",
                                     str(tmp_path / "x.yaml"), "--ris", "http://[::1"])
    assert wrong.exit_code == 2 and "keine Adresse einer OParl-Schnittstelle" in wrong.output
    assert not (tmp_path / "x.yaml").exists()


def test_import_oparl_with_ris_of_another_server_refuses_and_writes_nothing(
        endpoint: Endpoint, tmp_path: Path) -> None:
    """A Paper whose addresses are all on another server than ``--ris``: nothing could be
    fetched, so it says so (naming both) rather than claim RIS data were used."""
    paper = json.loads(json.dumps(_paper(endpoint, 807)).replace(
        endpoint.url()[:-len("/oparl/")], "https://ris.anderswo.example"))
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(paper), encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target),
                                      "--ris", endpoint.url()])
    assert result.exit_code == 2, result.output
    assert "liegen nicht unter der angegebenen RIS-Adresse " + endpoint.url() in result.output
    assert "sondern auf https://ris.anderswo.example" in result.output
    assert "aus den RIS-Daten" not in result.output
    assert not target.exists()
    assert endpoint.requests == []


def test_import_oparl_with_ris_of_a_paper_mixing_servers_names_what_was_not_fetched(
        endpoint: Endpoint, tmp_path: Path) -> None:
    """Some addresses on the RIS, one elsewhere: what is on the RIS is resolved, the other
    is named as not fetched."""
    paper = _paper(endpoint, 807)
    paper["underDirectionOf"] = ["https://ris.anderswo.example/organization/1"]
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(paper), encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target),
                                      "--ris", endpoint.url()])
    assert result.exit_code == 0, result.output
    assert (f"nicht unter der RIS-Adresse {endpoint.url()} und daher nicht abgerufen "
            "(bleibt leer, mit der Adresse als Kommentar): "
            "https://ris.anderswo.example/organization/1") in result.output
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["beratungsfolge"][0]["gremium"] == "Gemeinderat"


def test_what_a_run_changed_is_counted_in_german() -> None:
    from vorlagen.ris import Sitzung
    from vorlagen.ris_abruf import aenderungen

    quelle = "https://ris.example.de/oparl/body/1"
    rat = Gremium(id=quelle + "/organization/1", name="Gemeinderat")
    sitzungen = tuple(Sitzung(id=f"{quelle}/meeting/{n}", name=f"Sitzung {n}")
                      for n in range(4))
    before = Ris(quelle=quelle, koerperschaft="Gemeinde", sitzungen=sitzungen[:3])
    after = Ris(quelle=quelle, koerperschaft="Gemeinde", gremien=(rat,),
                sitzungen=(sitzungen[0].model_copy(update={"name": "verlegt"}),
                           *sitzungen[2:]))
    assert aenderungen(before, after) == (
        "aktualisiert: 1 Sitzung neu, 1 geändert, 1 entfernt; 1 Gremium neu")
    assert aenderungen(None, after) == "neu abgerufen"
    assert aenderungen(after.model_copy(update={"quelle": "https://anders"}), after) \
        == "neu abgerufen"


def test_import_oparl_with_ris_that_knows_nothing_of_the_paper_does_not_claim_it(
        endpoint: Endpoint, tmp_path: Path) -> None:
    paper = _paper(endpoint, 807)
    paper["consultation"] = [endpoint.url("body/1/consultation/999999")]
    paper["underDirectionOf"] = []
    paper["body"] = endpoint.url("body/999")
    source = tmp_path / "paper.json"
    source.write_text(json.dumps(paper), encoding="utf-8")
    target = tmp_path / "vorlage.yaml"
    result = CliRunner().invoke(cli, ["import", "oparl", str(source), "-o", str(target),
                                      "--ris", endpoint.url()])
    assert result.exit_code == 0, result.output
    assert "aus den RIS-Daten" not in result.output
    assert (f"die RIS-Adresse {endpoint.url()} kennt nichts, was das Paper nur verlinkt"
            in result.output)
