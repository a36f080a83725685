"""The check, one branch (reason code, edge case of the law) per test, driven by the default scenario's personas."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CHECK, TODAY, ToezichtClient, toezicht_client

ZEKER_BEWIND = {"kvkNummer": "90001234"}
BUDGET_BEWIND_OOST = {"kvkNummer": "90005678"}
VAN_LEEUWEN = {"kvkNummer": "90007777"}  # eenmanszaak of Hans van Leeuwen (999997105)


def person(bsn: str) -> dict[str, str]:
    return {"bsn": bsn}


def dienst(service_id: str) -> dict[str, str]:
    return {"serviceId": service_id}


def only_relation(answer: dict[str, Any]) -> dict[str, Any]:
    assert len(answer["vertegenwoordigingsrelaties"]) == 1, answer
    return answer["vertegenwoordigingsrelaties"][0]  # type: ignore[no-any-return]


# (story, client BSN, representative, dienst or None, expected bevoegd, expected redenCode)
CASES = [
    ("bewind over all goods, office by KvK", "999990172", ZEKER_BEWIND, "woz-beschikking", True, None),
    ("office employee allowed in this case", "999990184", {**ZEKER_BEWIND, "bsn": "999990159"}, "woz-beschikking", True, None),
    ("office employee not allowed in this case", "999990184", {**ZEKER_BEWIND, "bsn": "999990160"}, "woz-beschikking", False, "GEEN_RELATIE"),
    ("bewind over named goods, service outside them", "999990184", ZEKER_BEWIND, "bijzondere-bijstand", False, "BUITEN_OMVANG"),
    ("bewind ended (opheffing)", "999990196", ZEKER_BEWIND, None, False, "MAATREGEL_BEEINDIGD"),
    ("no relation at all", "999990172", person("999990202"), None, False, "GEEN_RELATIE"),
    ("client unknown to the register", "999999990", ZEKER_BEWIND, None, False, "GEEN_RELATIE"),
    ("curatele, financial service", "999990214", person("999990202"), "bijzondere-bijstand", True, None),
    ("curatele, service accepting no legal representation", "999990214", person("999990202"), "afvalpas", False, "GROND_NIET_VOOR_DIENST"),
    ("mentorschap only, financial service", "999990238", person("999990226"), "bijzondere-bijstand", False, "BUITEN_OMVANG"),
    ("mentorschap only, personal service", "999990238", person("999990226"), "wmo-aanvraag", True, None),
    ("joint bewind, first bewindvoerder", "999997002", person("999997014"), "bijzondere-bijstand", True, None),
    ("joint bewind, second only together", "999997002", person("999997026"), "bijzondere-bijstand", False, "NIET_ZELFSTANDIG_BEVOEGD"),
    ("replaced bewindvoerder", "999997038", VAN_LEEUWEN, None, False, "ANDERE_VERTEGENWOORDIGER"),
    ("successor bewindvoerder", "999997038", BUDGET_BEWIND_OOST, "schuldhulpverlening", True, None),
    ("suspended bewindvoerder", "999997063", person("999997075"), None, False, "VERTEGENWOORDIGER_GESCHORST"),
    ("temporary representative", "999997063", BUDGET_BEWIND_OOST, "bijzondere-bijstand", True, None),
    ("curatele requested, not decided", "999997087", person("999997099"), None, False, "NOG_NIET_INGEGAAN"),
    ("provisional bewind meanwhile, eenmanszaak by KvK", "999997087", VAN_LEEUWEN, "bijzondere-bijstand", True, None),
    ("eenmanszaak bewindvoerder by own BSN", "999997087", person("999997105"), None, True, None),
    ("bewind decided for a minor, starts at 18", "999997117", person("999997129"), None, False, "NOG_NIET_INGEGAAN"),
    ("bewind and mentorschap by different people: bewindvoerder, money", "999997130", BUDGET_BEWIND_OOST, "bijzondere-bijstand", True, None),
    ("bewind and mentorschap by different people: bewindvoerder, care", "999997130", BUDGET_BEWIND_OOST, "wmo-aanvraag", False, "BUITEN_OMVANG"),
    ("bewind and mentorschap by different people: mentor, money", "999997130", person("999997142"), "bijzondere-bijstand", False, "BUITEN_OMVANG"),
    ("bewind and mentorschap by different people: mentor, care", "999997130", person("999997142"), "wmo-aanvraag", True, None),
    ("unpublished bewind, known to Toezicht", "999997154", VAN_LEEUWEN, None, True, None),
    ("overturned on appeal", "999997166", BUDGET_BEWIND_OOST, None, False, "MAATREGEL_BEEINDIGD"),
    ("client died", "999997178", person("999997105"), None, False, "MAATREGEL_BEEINDIGD"),
    ("family bewindvoerder, pilot open to all (default)", "999997002", person("999997014"), None, True, None),
]


@pytest.mark.parametrize(("client", "rep", "service", "bevoegd", "reden"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_branch(api: ToezichtClient, client: str, rep: dict[str, str], service: str | None, bevoegd: bool, reden: str | None) -> None:
    fields: dict[str, Any] = {"vertegenwoordiger": rep}
    if service:
        fields["dienst"] = dienst(service)
    answer = api.check(client, **fields)
    assert answer["bevoegd"] is bevoegd
    assert answer.get("redenCode") == reden
    assert answer["peildatum"] == TODAY.isoformat()
    if reden == "GEEN_RELATIE":
        assert answer["vertegenwoordigingsrelaties"] == []
    else:
        relation = only_relation(answer)
        assert relation["bevoegd"] is bevoegd and relation.get("redenCode") == reden


def test_relation_fields_as_registered(api: ToezichtClient) -> None:
    relation = only_relation(api.check("999990184", vertegenwoordiger=ZEKER_BEWIND))
    assert relation["zaaknummer"] == "C/16/467001 / BW RK 24-033"
    assert relation["soortMaatregel"] == "beschermingsbewind"
    assert relation["omvang"] == "bepaalde_goederen" and relation["goederen"] == ["woning"]
    assert "Spui 70" in relation["omvangOmschrijving"]
    assert relation["rechtbank"] == "Rechtbank Den Haag"
    assert relation["status"] == "actief" and relation["ingangsdatum"] == "2025-06-15"
    [rep] = relation["vertegenwoordigers"]
    assert rep["rol"] == "bewindvoerder" and rep["soortPersoon"] == "rechtspersoon"
    assert rep["organisatie"]["kvkNummer"] == "90001234" and rep["professioneel"] is True


def test_only_this_requester_is_listed_in_joint_bewind(api: ToezichtClient) -> None:
    relation = only_relation(api.check("999997002", vertegenwoordiger=person("999997014")))
    assert relation["aantalVertegenwoordigers"] == 2
    [rep] = relation["vertegenwoordigers"]
    assert rep["bsn"] == "999997014" and rep["zelfstandigBevoegd"] is True
    assert rep["taakverdeling"].startswith("Dagelijks beheer") and rep["professioneel"] is False
    assert "999997026" not in str(relation)


def test_statuses_of_ended_pending_and_future_relations(api: ToezichtClient) -> None:
    ended = only_relation(api.check("999990196", vertegenwoordiger=ZEKER_BEWIND))
    assert (ended["status"], ended["redenBeeindiging"]) == ("beeindigd", "opheffing")
    appeal = only_relation(api.check("999997166", vertegenwoordiger=BUDGET_BEWIND_OOST))
    assert (appeal["status"], appeal["redenBeeindiging"]) == ("beeindigd", "hoger_beroep")
    died = only_relation(api.check("999997178", vertegenwoordiger=person("999997105")))
    assert (died["status"], died["redenBeeindiging"]) == ("beeindigd", "overlijden")
    pending = only_relation(api.check("999997087", vertegenwoordiger=person("999997099")))
    assert pending["status"] == "aangevraagd" and pending["soortMaatregel"] == "curatele"
    future = only_relation(api.check("999997117", vertegenwoordiger=person("999997129")))
    assert future["status"] == "toekomstig" and future["ingangsdatum"] == "2026-12-15"  # Lars's 18th birthday


def test_replaced_and_suspended_representatives(api: ToezichtClient) -> None:
    replaced = only_relation(api.check("999997038", vertegenwoordiger=VAN_LEEUWEN))
    assert replaced["status"] == "actief"  # the bewind continues ...
    assert replaced["vertegenwoordigers"][0]["status"] == "beeindigd"  # ... without this bewindvoerder
    assert replaced["aantalVertegenwoordigers"] == 2
    suspended = only_relation(api.check("999997063", vertegenwoordiger=person("999997075")))
    assert suspended["vertegenwoordigers"][0]["status"] == "geschorst"
    temporary = only_relation(api.check("999997063", vertegenwoordiger=BUDGET_BEWIND_OOST))
    assert temporary["vertegenwoordigers"][0]["tijdelijk"] is True


def test_peildatum_answers_for_that_day(api: ToezichtClient) -> None:
    # Before the replacement the old bewindvoerder was bevoegd; before the start the future bewind was not.
    assert api.check("999997038", vertegenwoordiger=VAN_LEEUWEN, peildatum="2025-06-15")["bevoegd"] is True
    assert api.check("999997117", vertegenwoordiger=person("999997129"), peildatum="2027-01-01")["bevoegd"] is True
    assert api.check("999990172", vertegenwoordiger=ZEKER_BEWIND, peildatum="2020-01-01")["redenCode"] == "NOG_NIET_INGEGAAN"


def test_eenmanszaak_shows_person_and_business(api: ToezichtClient) -> None:
    relation = only_relation(api.check("999997087", vertegenwoordiger=VAN_LEEUWEN))
    assert relation["soortMaatregel"] == "provisioneel_bewind"
    [rep] = relation["vertegenwoordigers"]
    assert rep["rol"] == "provisioneel_bewindvoerder" and rep["soortPersoon"] == "natuurlijk_persoon"
    assert rep["bsn"] == "999997105" and rep["organisatie"]["rechtsvorm"] == "eenmanszaak"


def test_soort_filter_and_service_by_uuid(api: ToezichtClient) -> None:
    assert api.check("999997087", vertegenwoordiger=VAN_LEEUWEN, soortMaatregel=["curatele"])["redenCode"] == "GEEN_RELATIE"
    assert api.check("999997087", vertegenwoordiger=VAN_LEEUWEN, soortMaatregel=["provisioneel_bewind"])["bevoegd"] is True
    by_uuid = api.check("999990184", vertegenwoordiger=ZEKER_BEWIND, dienst={"serviceUuid": "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"})
    assert by_uuid["redenCode"] == "BUITEN_OMVANG"


def test_unpublished_bewind_is_flagged(api: ToezichtClient) -> None:
    assert only_relation(api.check("999997154", vertegenwoordiger=VAN_LEEUWEN))["gepubliceerdInCcbr"] is False
    assert only_relation(api.check("999990172", vertegenwoordiger=ZEKER_BEWIND))["gepubliceerdInCcbr"] is True


def test_pilot_for_professionals_only(spec) -> None:  # type: ignore[no-untyped-def]
    with toezicht_client(spec, {"SIMULATOR_TOEZICHT_ONLY_PROFESSIONAL": "true"}) as api:
        family = api.check("999997002", vertegenwoordiger=person("999997014"))
        assert (family["bevoegd"], family["redenCode"]) == (False, "NIET_ONDERSTEUND")
        assert api.check("999990214", vertegenwoordiger=person("999990202"))["redenCode"] == "NIET_ONDERSTEUND"  # a sister as curator
        assert api.check("999990172", vertegenwoordiger=ZEKER_BEWIND)["bevoegd"] is True  # a legal person is professional
        assert api.check("999997154", vertegenwoordiger=person("999997105"))["bevoegd"] is True  # registered professional


def test_every_call_is_audited(api: ToezichtClient) -> None:
    response = api.post(
        CHECK,
        {"vertegenwoordigde": {"bsn": "999990184"}, "vertegenwoordiger": {**ZEKER_BEWIND, "actingSubjectId": "medewerker-17"}, "dienst": dienst("bijzondere-bijstand")},
        headers={"Fsc-Transaction-Id": "0190b6c2-7c2e-7d5e-9a3b-1c2d3e4f5a6b", "X-Simulator-Oin": "00000099000000009100"},
    )
    assert response.status_code == 200
    entry = api.store.audit_log.entries()[-1]
    assert entry.kind == "toezicht"
    assert entry.data == {
        "operation": "controle",
        "transaction_id": "0190b6c2-7c2e-7d5e-9a3b-1c2d3e4f5a6b",
        "caller_oin": "00000099000000009100",
        "client_bsn": "999990184",
        "kvk": "90001234",
        "acting_subject": "medewerker-17",
        "representative_bsn": None,
        "dienst": "bijzondere-bijstand",
        "outcome": "niet_bevoegd",
        "reden": "BUITEN_OMVANG",
        "zaaknummer": "C/16/467001 / BW RK 24-033",
    }


DECEASED_BEWINDVOERDER = """
persons:
  - {bsn: "999997208", naam: {geslachtsnaam: Client}, geslacht: V, geboortedatum: -60y}
  - {bsn: "999997221", naam: {geslachtsnaam: Bewindvoerder}, geslacht: M, geboortedatum: -70y, overlijdensdatum: -1w}
wettelijke_vertegenwoordiging:
  - {zaaknummer: C/99/1 / BW RK 99-1, soort: beschermingsbewind, vertegenwoordigde: "999997208", ingangsdatum: -2y,
     vertegenwoordigers: [{persoon: "999997221"}]}
"""


def test_deceased_representative(spec) -> None:  # type: ignore[no-untyped-def]
    from simulator.scenario import Source

    with toezicht_client(spec) as api:
        api.store.extend([Source(name="deceased.yaml", text=DECEASED_BEWINDVOERDER)])
        answer = api.check("999997208", vertegenwoordiger=person("999997221"))
        assert (answer["bevoegd"], answer["redenCode"]) == (False, "OVERLEDEN")
        assert only_relation(answer)["vertegenwoordigers"][0]["status"] == "beeindigd"
        dienst_ = api.store.world.service("bijzondere-bijstand")
        assert api.store.world.index.may_represent("999997221", dienst_, TODAY) == []  # DDCC agrees
