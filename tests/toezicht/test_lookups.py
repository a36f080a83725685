"""The two lookups beside the check: an office's own clients, and the public (CCBR-style) register view."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CLIENTS, REGISTER, ToezichtClient

ZEKER_BEWIND_OIN = {"X-Simulator-Oin": "00000099900012340000"}
CCBR_OIN = {"X-Simulator-Oin": "00000099000000009200"}


def clients_of(api: ToezichtClient, kvk: str, **fields: Any) -> dict[str, dict[str, Any]]:
    response = api.post(CLIENTS, {"vertegenwoordiger": {"kvkNummer": kvk}, **fields}, headers=ZEKER_BEWIND_OIN if kvk == "90001234" else {})
    assert response.status_code == 200, response.text
    return {c["bsn"]: c for c in response.json()["clienten"]}


def test_office_lists_its_own_clients(api: ToezichtClient) -> None:
    clients = clients_of(api, "90001234")
    assert {bsn: c["bevoegd"] for bsn, c in clients.items()} == {"999990172": True, "999990184": True, "999990196": False}
    ended = clients["999990196"]["vertegenwoordigingsrelaties"][0]
    assert (ended["status"], ended["redenCode"]) == ("beeindigd", "MAATREGEL_BEEINDIGD")
    assert clients["999990172"]["naam"] == "Kees Visser"


def test_clients_of_eenmanszaak_and_filter(api: ToezichtClient) -> None:
    clients = clients_of(api, "90007777")
    assert {bsn: c["bevoegd"] for bsn, c in clients.items()} == {
        "999997038": False,  # replaced
        "999997087": True,  # provisional bewind
        "999997154": True,  # unpublished bewind
        "999997178": False,  # client died
    }
    assert set(clients_of(api, "90007777", soortMaatregel=["provisioneel_bewind"])) == {"999997087"}


def test_office_may_not_list_another_offices_clients(api: ToezichtClient) -> None:
    response = api.post(CLIENTS, {"vertegenwoordiger": {"kvkNummer": "90005678"}}, headers=ZEKER_BEWIND_OIN)
    assert response.status_code == 403 and response.json()["code"] == "organisationNotAllowed"
    gemeente = api.post(CLIENTS, {"vertegenwoordiger": {"kvkNummer": "90001234"}}, headers={"X-Simulator-Oin": "00000099000000009100"})
    assert gemeente.status_code == 403 and gemeente.json()["code"] == "operationNotAllowed"
    # The office may not use the check either: each operation is authorised separately.
    check = api.post("/toezicht/vertegenwoordiging/v1/vertegenwoordigingsrelaties/_zoek", {"vertegenwoordigde": {"bsn": "999990172"}, "vertegenwoordiger": {"kvkNummer": "90001234"}}, headers=ZEKER_BEWIND_OIN)
    assert check.status_code == 403


def register(api: ToezichtClient, bsn: str, **extra: Any) -> dict[str, Any]:
    person = api.store.world.persons[bsn]
    body = {"geslachtsnaam": person.naam.geslachtsnaam.upper(), "geboortedatum": person.geboortedatum.isoformat(), **extra}
    response = api.post(REGISTER, body, headers=CCBR_OIN)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer["gevonden"] is bool(answer["registraties"])
    assert bsn not in response.text  # the public register has no BSN
    return answer


@pytest.mark.parametrize(
    ("bsn", "soorten"),
    [
        ("999990172", ["beschermingsbewind"]),
        ("999990214", ["curatele"]),
        ("999997087", ["provisioneel_bewind"]),  # the requested curatele is not in the register yet
        ("999997130", ["beschermingsbewind"]),  # her mentorschap is not in the CCBR
        ("999990238", []),  # mentorschap only
        ("999997154", []),  # unpublished bewind
        ("999990196", []),  # ended
        ("999997117", []),  # decided, not yet in force
        ("999997178", []),  # client died
        ("999990019", []),  # no measure at all
    ],
)
def test_public_register(api: ToezichtClient, bsn: str, soorten: list[str]) -> None:
    assert [r["soortMaatregel"] for r in register(api, bsn)["registraties"]] == soorten


def test_public_register_shows_names_and_towns_only(api: ToezichtClient) -> None:
    [entry] = register(api, "999990172")["registraties"]
    assert entry["naam"] == "Kees Visser" and entry["grond"] == "verkwisting_of_problematische_schulden"
    assert entry["vertegenwoordigers"] == [{"naam": "Zeker Bewind B.V.", "plaats": "Amersfoort"}]
    assert "zaaknummer" not in entry and "omvang" not in entry
    # Only the current bewindvoerder of a bewind that continued under another.
    [replaced] = register(api, "999997038")["registraties"]
    assert replaced["vertegenwoordigers"] == [{"naam": "Budget & Bewind Oost B.V.", "plaats": "Deventer"}]


def test_public_register_voorvoegsel(api: ToezichtClient) -> None:
    assert register(api, "999990238", voorvoegsel="de")["gevonden"] is False  # Truus: mentorschap only
    assert register(api, "999990172", voorvoegsel="van")["gevonden"] is False  # Kees Visser has no voorvoegsel


def test_register_is_authorised_separately(api: ToezichtClient) -> None:
    response = api.post(REGISTER, {"geslachtsnaam": "Visser", "geboortedatum": "1968-06-15"}, headers={"X-Simulator-Oin": "00000099000000009100"})
    assert response.status_code == 403


def test_who_the_public_register_shows(api: ToezichtClient) -> None:
    """The list scenarios/README.md gives: published curatele/bewind in force, nobody else."""
    # The personas of personas.yaml and toezicht.yaml (other files may add their own).
    personas = [bsn for bsn in api.store.world.persons if bsn <= "999990329" and bsn.startswith("99999") or bsn.startswith("999997")]
    found = {bsn for bsn in personas if register(api, bsn)["gevonden"]}
    assert found == {"999990172", "999990184", "999990214", "999997002", "999997038", "999997063", "999997087", "999997130"}
