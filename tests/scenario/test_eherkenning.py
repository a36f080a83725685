"""Organisations' eHerkenning in the scenario: validation with located errors, and the choices the representation
index offers an employee (the same relations DigiD Machtigen and Toezicht answer from)."""

from __future__ import annotations

from pathlib import Path

from .helpers import A, B, C, D, SERVICES, TODAY, load, only, person, position, problems, write

OFFICE, OTHER = "90001234", "90005678"
WORLD = (
    "persons:\n" + person(A, "1980-01-01") + person(B, "1950-01-01") + person(C, "1960-01-01") + person(D, "1985-01-01") + SERVICES + f"""
organisations:
  - kvk: "{OFFICE}"
    rsin: "999990329"
    naam: Bewindbureau
    medewerkers: ["{A}", "{D}"]
    eherkenning:
      - bsn: "{A}"
        niveau: EH3
        machtigingen:
          - {{diensten: [bijstand], natuurlijke_personen: true}}
          - {{diensten: [bijstand], vestigingsnummer: "000012345678", einddatum: 2026-12-31}}
          - {{diensten: [bijstand], namens: "{OTHER}", ingangsdatum: 2027-01-01}}
      - bsn: "{D}"
        niveau: EH2+
  - kvk: "{OTHER}"
    naam: Andere B.V.
wettelijke_vertegenwoordiging:
  - zaaknummer: C/16/1 / BW RK 22-1
    soort: beschermingsbewind
    vertegenwoordigde: "{B}"
    ingangsdatum: 2024-01-01
    vertegenwoordigers: [{{organisatie: "{OFFICE}", medewerkers: ["{A}"]}}]
  - zaaknummer: C/16/2 / BW RK 22-2
    soort: beschermingsbewind
    vertegenwoordigde: "{C}"
    status: beeindigd
    ingangsdatum: 2020-01-01
    einddatum: 2025-01-01
    vertegenwoordigers: [{{organisatie: "{OFFICE}"}}]
"""
)


def test_an_employee_is_offered_the_machtigingen_valid_today_and_the_offices_current_clients(tmp_path: Path) -> None:
    world = load(write(tmp_path, WORLD))
    bijstand = world.services["bijstand"]
    choices = world.index.eherkenning_choices(OFFICE, A, bijstand, TODAY)
    clients = [c.client.subject for c in choices if c.client]
    assert clients == [B]  # C's bewind has ended
    branch = [c for c in choices if c.client is None]
    assert [(c.legal_kvk, c.vestigingsnummer, c.intermediair) for c in branch] == [(OFFICE, "000012345678", None)]
    later = world.index.eherkenning_choices(OFFICE, A, bijstand, TODAY.replace(year=2027))
    assert [(c.legal_kvk, c.intermediair) for c in later if c.client is None] == [(OTHER, OFFICE)]  # the ketenmachtiging has begun
    assert world.index.eherkenning_choices(OFFICE, D, bijstand, TODAY) == []  # means, but no machtiging
    assert world.index.eherkenning_choices(OTHER, A, bijstand, TODAY) == []  # not an employee there


def test_wrong_references_are_reported_where_they_are(tmp_path: Path) -> None:
    text = WORLD.replace(f'namens: "{OTHER}"', 'namens: "90009999"').replace("diensten: [bijstand], natuurlijke", "diensten: [onbekend], natuurlijke")
    text = text.replace(f'      - bsn: "{D}"', '      - bsn: "999990019"')
    path = write(tmp_path, text)
    found = problems(path)
    assert "no organisation with kvk '90009999'" in only(found, "organisations[0].eherkenning[0].machtigingen[2].namens").message
    assert "unknown service 'onbekend'" in only(found, "organisations[0].eherkenning[0].machtigingen[0].diensten[0]").message
    problem = only(found, "organisations[0].eherkenning[1].bsn")
    assert (problem.line, problem.column) == position(path, '"999990019"')


def test_a_level_and_a_branch_number_must_be_of_eherkennings_form(tmp_path: Path) -> None:
    text = WORLD.replace("niveau: EH2+", "niveau: EH5").replace('"000012345678"', '"1234"')
    found = problems(write(tmp_path, text))
    assert "EH2" in only(found, "organisations[0].eherkenning[1].niveau").message
    assert only(found, "organisations[0].eherkenning[0].machtigingen[1].vestigingsnummer")


def test_a_service_providers_entity_id_has_the_form_of_its_door(tmp_path: Path) -> None:
    text = "persons:\n" + person(A, "1980-01-01") + SERVICES + """
service_providers:
  - {door: eherkenning, entity_id: "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100", signing_certificate: x.crt, acs: [https://a.example/acs]}
  - {door: digid, entity_id: "https://sp.example/digid metadata", signing_certificate: x.crt, acs: [https://a.example/acs]}
  - {door: ddcc, entity_id: "urn:etoegang:DV:00000099000000009100:entities:0001", signing_certificate: x.crt, acs: [https://a.example/acs]}
"""
    path = write(tmp_path, text)
    found = problems(path)
    assert "not an eHerkenning entity ID" in only(found, "service_providers[0].entity_id").message
    assert "no spaces" in only(found, "service_providers[1].entity_id").message
    assert "not an eID entity ID" in only(found, "service_providers[2].entity_id").message
