"""The check, one branch (reason code, edge case of the law) per test, driven by the default scenario's personas."""

from __future__ import annotations

import logging
from typing import Any, Iterator

import pytest

from simulator.scenario import Source
from simulator.store import hash_bsn

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
    assert relation["status"] == "actief" and relation["ingangsdatum"] == "2025-06-15" and relation["datumBeschikking"] == "2025-05-15"
    assert "einddatum" not in relation  # open-ended: absent, not null
    [rep] = relation["vertegenwoordigers"]
    assert rep["rol"] == "bewindvoerder" and rep["soortPersoon"] == "rechtspersoon" and rep["naam"] == "Zeker Bewind B.V."
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


def test_every_call_is_audited(api: ToezichtClient, caplog: pytest.LogCaptureFixture) -> None:
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with caplog.at_level(logging.INFO, logger="simulator.audit"):
        response = api.post(
            CHECK,
            {"vertegenwoordigde": {"bsn": "999990184"}, "vertegenwoordiger": {**ZEKER_BEWIND, "vestigingsnummer": "000012345678", "actingSubjectId": "medewerker-17"}, "dienst": dienst("bijzondere-bijstand")},
            headers={"Fsc-Transaction-Id": "0190b6c2-7c2e-7d5e-9a3b-1c2d3e4f5a6b", "traceparent": traceparent, "X-Simulator-Oin": "00000099000000009100"},
        )
    assert response.status_code == 200
    entry = api.store.audit_log.entries()[-1]
    assert entry.kind == "toezicht"
    assert entry.data == {
        "operation": "controle",
        "transaction_id": "0190b6c2-7c2e-7d5e-9a3b-1c2d3e4f5a6b",
        "traceparent": traceparent,
        "caller_oin": "00000099000000009100",
        "client_bsn": "999990184",
        "kvk": "90001234",
        "vestigingsnummer": "000012345678",
        "acting_subject": "medewerker-17",
        "representative_bsn": None,
        "dienst": "bijzondere-bijstand",
        "outcome": "niet_bevoegd",
        "reden": "BUITEN_OMVANG",
        "zaaknummer": "C/16/467001 / BW RK 24-033",
        "rol": "bewindvoerder",
    }
    # The process log correlates by a hash: the client's BSN itself stays in the in-memory audit log only.
    [logged] = [r.fields for r in caplog.records if r.name == "simulator.audit" and r.getMessage() == "toezicht"]  # type: ignore[attr-defined]
    assert logged["client_bsn"] == hash_bsn("999990184") and "999990184" not in str(logged)


def test_audited_role_is_the_deciding_relations(api: ToezichtClient) -> None:
    api.check("999990214", vertegenwoordiger=person("999990202"))
    assert api.store.audit_log.entries()[-1].data["rol"] == "curator"
    api.check("999997087", vertegenwoordiger=VAN_LEEUWEN)
    assert api.store.audit_log.entries()[-1].data["rol"] == "provisioneel_bewindvoerder"
    api.check("999990172", vertegenwoordiger=person("999990202"))
    assert api.store.audit_log.entries()[-1].data["rol"] is None  # no relation, no role


DECEASED_BEWINDVOERDER = """
persons:
  - {bsn: "999997208", naam: {geslachtsnaam: Client}, geslacht: V, geboortedatum: -60y}
  - {bsn: "999997221", naam: {geslachtsnaam: Bewindvoerder}, geslacht: M, geboortedatum: -70y, overlijdensdatum: -1w}
wettelijke_vertegenwoordiging:
  - {zaaknummer: C/99/1 / BW RK 99-1, soort: beschermingsbewind, vertegenwoordigde: "999997208", ingangsdatum: -2y,
     vertegenwoordigers: [{persoon: "999997221"}]}
"""


def test_deceased_representative(spec) -> None:  # type: ignore[no-untyped-def]
    with toezicht_client(spec) as api:
        api.store.extend([Source(name="deceased.yaml", text=DECEASED_BEWINDVOERDER)])
        answer = api.check("999997208", vertegenwoordiger=person("999997221"))
        assert (answer["bevoegd"], answer["redenCode"]) == (False, "OVERLEDEN")
        assert only_relation(answer)["vertegenwoordigers"][0]["status"] == "beeindigd"
        dienst_ = api.store.world.service("bijzondere-bijstand")
        assert api.store.world.index.may_represent("999997221", dienst_, TODAY) == []  # DDCC agrees


# Edge cases of the law that the default personas do not show, written as a scenario would write them
# (scenarios/README.md, "Rechtspraak Toezicht"): each must reach its own reason code.
EDGE_CASES = """
persons:
  - {bsn: "999997300", naam: {geslachtsnaam: Termijn}, geslacht: V, geboortedatum: -50y}
  - {bsn: "999997312", naam: {geslachtsnaam: Geschorst}, geslacht: M, geboortedatum: -50y}
  - {bsn: "999997324", naam: {geslachtsnaam: Curandus}, geslacht: M, geboortedatum: -70y}
  - {bsn: "999997348", naam: {geslachtsnaam: Curator-een}, geslacht: V, geboortedatum: -45y}
  - {bsn: "999997361", naam: {geslachtsnaam: Curator-twee}, geslacht: M, geboortedatum: -43y}
  - {bsn: "999997373", naam: {geslachtsnaam: Veelvoud}, geslacht: V, geboortedatum: -55y}
  - {bsn: "999997385", naam: {geslachtsnaam: Client-een}, geslacht: M, geboortedatum: -30y}
  - {bsn: "999997397", naam: {geslachtsnaam: Client-twee}, geslacht: V, geboortedatum: -31y}
  - {bsn: "999997336", naam: {geslachtsnaam: Client-drie}, geslacht: M, geboortedatum: -32y}
  - {bsn: "999997403", naam: {geslachtsnaam: Kantoorclient}, geslacht: V, geboortedatum: -40y}
wettelijke_vertegenwoordiging:
  - {zaaknummer: C/99/2 / BW RK 99-2, soort: beschermingsbewind, vertegenwoordigde: "999997300", ingangsdatum: -3y, einddatum: -1d,
     vertegenwoordigers: [{persoon: "999997373"}]}
  - {zaaknummer: C/99/3 / BW RK 99-3, soort: beschermingsbewind, vertegenwoordigde: "999997312", ingangsdatum: -2y, status: geschorst,
     vertegenwoordigers: [{organisatie: "90005678"}]}
  - {zaaknummer: C/99/4 / BW RK 99-4, soort: curatele, vertegenwoordigde: "999997324", ingangsdatum: -1y,
     vertegenwoordigers: [{persoon: "999997348"}, {persoon: "999997361"}]}
  - {zaaknummer: C/99/5 / BW RK 99-5, soort: beschermingsbewind, vertegenwoordigde: "999997385", ingangsdatum: -1y, vertegenwoordigers: [{persoon: "999997373"}]}
  - {zaaknummer: C/99/6 / BW RK 99-6, soort: beschermingsbewind, vertegenwoordigde: "999997397", ingangsdatum: -1y, vertegenwoordigers: [{persoon: "999997373"}]}
  - {zaaknummer: C/99/7 / BW RK 99-7, soort: beschermingsbewind, vertegenwoordigde: "999997336", ingangsdatum: -1y, vertegenwoordigers: [{persoon: "999997373"}]}
  - {zaaknummer: C/99/8 / BW RK 99-8, soort: beschermingsbewind, vertegenwoordigde: "999997403", ingangsdatum: -1y, vertegenwoordigers: [{organisatie: "90001234"}]}
"""


@pytest.fixture(scope="module")
def edge(spec) -> Iterator[ToezichtClient]:  # type: ignore[no-untyped-def]
    with toezicht_client(spec) as api:
        api.store.extend([Source(name="edge-cases.yaml", text=EDGE_CASES)])
        yield api


def test_measure_ended_by_its_term(edge: ToezichtClient) -> None:
    # No status and no reden_beeindiging written: a past einddatum alone ends the measure.
    answer = edge.check("999997300", vertegenwoordiger=person("999997373"))
    assert (answer["bevoegd"], answer["redenCode"]) == (False, "MAATREGEL_BEEINDIGD")
    relation = only_relation(answer)
    assert (relation["status"], relation["redenBeeindiging"], relation["einddatum"]) == ("beeindigd", "termijn", "2026-06-14")
    assert edge.check("999997300", vertegenwoordiger=person("999997373"), peildatum="2026-06-14")["bevoegd"] is True  # its last day


def test_measure_suspended_as_a_whole(edge: ToezichtClient) -> None:
    answer = edge.check("999997312", vertegenwoordiger=BUDGET_BEWIND_OOST, dienst=dienst("bijzondere-bijstand"))
    assert (answer["bevoegd"], answer["redenCode"]) == (False, "VERTEGENWOORDIGER_GESCHORST")
    assert only_relation(answer)["status"] == "geschorst"


def test_two_curators_each_act_alone(edge: ToezichtClient) -> None:
    for curator in ("999997348", "999997361"):
        relation = only_relation(edge.check("999997324", vertegenwoordiger=person(curator), dienst=dienst("bijzondere-bijstand")))
        assert relation["bevoegd"] is True and relation["aantalVertegenwoordigers"] == 2
        assert [r["bsn"] for r in relation["vertegenwoordigers"]] == [curator] and relation["vertegenwoordigers"][0]["rol"] == "curator"


def test_office_staff_when_the_case_names_none(edge: ToezichtClient) -> None:
    # No `medewerkers` on the case: every employee of the office may act; anyone else may not.
    for employee in ("999990159", "999990160"):
        assert edge.check("999997403", vertegenwoordiger={**ZEKER_BEWIND, "bsn": employee})["bevoegd"] is True
    outsider = edge.check("999997403", vertegenwoordiger={**ZEKER_BEWIND, "bsn": "999997373"})
    assert (outsider["bevoegd"], outsider["redenCode"]) == (False, "GEEN_RELATIE")


def test_three_clients_make_a_natural_person_professional(spec) -> None:  # type: ignore[no-untyped-def]
    # Art. 1:435 BW: nobody registered `professioneel`, so the number of clients decides.
    with toezicht_client(spec, {"SIMULATOR_TOEZICHT_ONLY_PROFESSIONAL": "true"}) as api:
        api.store.extend([Source(name="edge-cases.yaml", text=EDGE_CASES)])
        three = api.check("999997385", vertegenwoordiger=person("999997373"))  # her 3 current clients (and 1 ended)
        assert three["bevoegd"] is True and only_relation(three)["vertegenwoordigers"][0]["professioneel"] is True
        one = api.check("999997324", vertegenwoordiger=person("999997348"))  # one client only
        assert (one["bevoegd"], one["redenCode"]) == (False, "NIET_ONDERSTEUND")
        assert only_relation(one)["vertegenwoordigers"][0]["professioneel"] is False
