"""The representation index on every persona of the default scenario (scenarios/default/personas.yaml), story by
story, as scenarios/README.md tells them. Today is 2026-06-15."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from simulator.config import DEFAULT_SCENARIO
from simulator.scenario import World
from simulator.scenario.report import person_report

PERSONAS = DEFAULT_SCENARIO / "personas.yaml"
BEWIND = "90001234"  # Zeker Bewind B.V.
ZAAK_KEES, ZAAK_ANOUK, ZAAK_HENK = "C/16/456789 / BW RK 22-101", "C/16/467001 / BW RK 24-033", "C/09/401122 / BW RK 19-087"
ZAAK_GERRIT, ZAAK_TRUUS = "C/18/210455 / BW RK 21-012", "C/01/380912 / BW RK 23-044"
JOINT, SOLE, VOOGDIJ = "GezamenlijkOuderlijkGezag", "EenhoofdigOuderlijkGezag", "Voogdij"

# bsn -> (acts for: {(subject, grond, ref, status, organisatie)}, represented by: {(actor, grond, ref, status, organisatie)})
Relation = tuple[str, str, str, str, "str | None"]
EXPECTED: dict[str, tuple[set[Relation], set[Relation]]] = {
    # Story 1: married parents, joint gezag over Noor (8) and Adam (14).
    "999990019": ({("999990032", "ouderlijk_gezag", JOINT, "actief", None), ("999990044", "ouderlijk_gezag", JOINT, "actief", None)}, set()),
    "999990020": ({("999990032", "ouderlijk_gezag", JOINT, "actief", None), ("999990044", "ouderlijk_gezag", JOINT, "actief", None)}, set()),
    "999990032": (set(), {("999990019", "ouderlijk_gezag", JOINT, "actief", None), ("999990020", "ouderlijk_gezag", JOINT, "actief", None)}),
    "999990044": (set(), {("999990019", "ouderlijk_gezag", JOINT, "actief", None), ("999990020", "ouderlijk_gezag", JOINT, "actief", None)}),
    # Story 2: divorced parents keep joint gezag over Lotte; the court gave Sandra sole gezag over Tim.
    "999990056": ({("999990081", "ouderlijk_gezag", JOINT, "actief", None)}, set()),
    "999990068": ({("999990081", "ouderlijk_gezag", JOINT, "actief", None), ("999990093", "ouderlijk_gezag", SOLE, "actief", None)}, set()),
    "999990081": (set(), {("999990068", "ouderlijk_gezag", JOINT, "actief", None), ("999990056", "ouderlijk_gezag", JOINT, "actief", None)}),
    "999990093": (set(), {("999990068", "ouderlijk_gezag", SOLE, "actief", None)}),
    # Story 3: Daan's parents died; his aunt Ingrid is his voogd.
    "999990111": (set(), {("999990147", "voogdij", VOOGDIJ, "actief", None)}),
    "999990123": (set(), set()),
    "999990135": (set(), set()),
    "999990147": ({("999990111", "voogdij", VOOGDIJ, "actief", None)}, set()),
    # Story 4: Zeker Bewind B.V. - Pieter and Linda act for Kees; only Pieter for Anouk; Henk's bewind ended.
    "999990159": (
        {
            ("999990172", "beschermingsbewind", ZAAK_KEES, "actief", BEWIND),
            ("999990184", "beschermingsbewind", ZAAK_ANOUK, "actief", BEWIND),
            ("999990196", "beschermingsbewind", ZAAK_HENK, "MAATREGEL_BEEINDIGD", BEWIND),
        },
        set(),
    ),
    "999990160": (
        {("999990172", "beschermingsbewind", ZAAK_KEES, "actief", BEWIND), ("999990196", "beschermingsbewind", ZAAK_HENK, "MAATREGEL_BEEINDIGD", BEWIND)},
        set(),
    ),
    "999990172": (set(), {("999990159", "beschermingsbewind", ZAAK_KEES, "actief", BEWIND), ("999990160", "beschermingsbewind", ZAAK_KEES, "actief", BEWIND)}),
    "999990184": (set(), {("999990159", "beschermingsbewind", ZAAK_ANOUK, "actief", BEWIND)}),
    "999990196": (
        set(),
        {("999990159", "beschermingsbewind", ZAAK_HENK, "MAATREGEL_BEEINDIGD", BEWIND), ("999990160", "beschermingsbewind", ZAAK_HENK, "MAATREGEL_BEEINDIGD", BEWIND)},
    ),
    # Story 5: Ria is curator of her brother Gerrit.
    "999990202": ({("999990214", "curatele", ZAAK_GERRIT, "actief", None)}, set()),
    "999990214": (set(), {("999990202", "curatele", ZAAK_GERRIT, "actief", None)}),
    # Story 6: Willem is mentor of his mother Truus.
    "999990226": ({("999990238", "mentorschap", ZAAK_TRUUS, "actief", None)}, set()),
    "999990238": (set(), {("999990226", "mentorschap", ZAAK_TRUUS, "actief", None)}),
    # Story 7: Sanne's machtigingen from her father Jan: one active (two services), one withdrawn, one requested.
    "999990251": (
        {
            ("999990263", "vrijwillig", "M-2024-0001", "actief", None),
            ("999990263", "vrijwillig", "M-2024-0002", "MACHTIGING_INGETROKKEN", None),
            ("999990263", "vrijwillig", "M-2025-0003", "MACHTIGING_NIET_GEACCEPTEERD", None),
        },
        set(),
    ),
    "999990263": (
        set(),
        {
            ("999990251", "vrijwillig", "M-2024-0001", "actief", None),
            ("999990251", "vrijwillig", "M-2024-0002", "MACHTIGING_INGETROKKEN", None),
            ("999990251", "vrijwillig", "M-2025-0003", "MACHTIGING_NIET_GEACCEPTEERD", None),
        },
    ),
    # Story 8: Bertus has no DigiD and nobody acts for him.
    "999990275": (set(), set()),
    # Story 9: Cornelis died; the machtiging he gave his son Mark can no longer be used.
    "999990287": (set(), {("999990299", "vrijwillig", "M-2022-0004", "OVERLEDEN", None)}),
    "999990299": ({("999990287", "vrijwillig", "M-2022-0004", "OVERLEDEN", None)}, set()),
    # Story 10: Mila lives abroad: gezag cannot be determined, so her mother cannot act for her.
    "999990305": (set(), set()),
    "999990317": (set(), set()),
}


def persona_bsns() -> list[str]:
    return [str(p["bsn"]) for p in yaml.safe_load(PERSONAS.read_text(encoding="utf-8"))["persons"]]


def test_every_persona_has_expectations() -> None:
    assert persona_bsns() == list(EXPECTED)


@pytest.mark.parametrize("bsn", list(EXPECTED))
def test_index_on_persona(default_world: World, today: dt.date, bsn: str) -> None:
    acts_for, represented_by = EXPECTED[bsn]
    index = default_world.index
    assert {(r.subject, r.grond.value, r.ref, r.status, r.organisatie) for r in index.represented_by(bsn, today)} == acts_for
    assert {(r.actor, r.grond.value, r.ref, r.status, r.organisatie) for r in index.representatives_of(bsn, today)} == represented_by
    # Without a service, what the machtigen step would offer is exactly the usable relations.
    usable = {r[0] for r in acts_for if r[3] == "actief"}
    for service in default_world.services.values():
        offered = {r.subject for r in index.may_represent(bsn, service, today)}
        assert offered <= usable


def offered(world: World, actor: str, service: str, day: dt.date) -> set[str]:
    dienst = world.service(service)
    assert dienst is not None
    return {r.subject for r in world.index.may_represent(actor, dienst, day)}


def status(world: World, actor: str, subject: str, service: str, day: dt.date) -> set[str]:
    return {r.status for r in world.index.represented_by(actor, day, world.service(service)) if r.subject == subject}


def test_story_1_parent_for_child_services(default_world: World, today: dt.date) -> None:
    assert offered(default_world, "999990019", "paspoort-kind", today) == {"999990032", "999990044"}
    # Medical file of a child under 12: Noor (8) yes, Adam (14) no.
    assert offered(default_world, "999990019", "medisch-dossier-kind", today) == {"999990032"}
    assert status(default_world, "999990019", "999990044", "medisch-dossier-kind", today) == {"KIND_TE_OUD_VOOR_DIENST"}
    # Ouderlijk gezag is not a ground for bijzondere bijstand.
    assert status(default_world, "999990019", "999990032", "bijzondere-bijstand", today) == {"GROND_NIET_VOOR_DIENST"}


def test_story_1_gezag_ends_at_majority(default_world: World, today: dt.date) -> None:
    adam = default_world.persons["999990044"]
    eighteen = adam.geboortedatum.replace(year=adam.geboortedatum.year + 18)
    assert "999990044" in offered(default_world, "999990019", "paspoort-kind", eighteen - dt.timedelta(days=1))
    assert "999990044" not in offered(default_world, "999990019", "paspoort-kind", eighteen)


def test_story_2_father_has_no_gezag_over_tim(default_world: World, today: dt.date) -> None:
    assert offered(default_world, "999990056", "paspoort-kind", today) == {"999990081"}
    assert offered(default_world, "999990068", "paspoort-kind", today) == {"999990081", "999990093"}
    g = default_world.gezag_over("999990093", today)
    assert g is not None and g.regel == "scenario"


def test_story_4_bewind_scope(default_world: World, today: dt.date) -> None:
    # Anouk's bewind covers her home only: the WOZ-beschikking yes, bijzondere bijstand is outside its scope.
    assert status(default_world, "999990159", "999990184", "woz-beschikking", today) == {"actief"}
    assert status(default_world, "999990159", "999990184", "bijzondere-bijstand", today) == {"BUITEN_OMVANG"}
    assert offered(default_world, "999990159", "bijzondere-bijstand", today) == {"999990172"}
    # Bewind is not a ground for a personal service.
    assert status(default_world, "999990159", "999990172", "medisch-dossier", today) == {"BUITEN_OMVANG"}
    # Henk's bewind was lifted half a year ago: usable a year ago, not today.
    assert "999990196" in offered(default_world, "999990160", "bijzondere-bijstand", today - dt.timedelta(days=365))
    assert default_world.client_count(None, BEWIND) == 2


def test_story_5_curatele_covers_person_and_goods(default_world: World, today: dt.date) -> None:
    for service in ("bijzondere-bijstand", "medisch-dossier", "wmo-aanvraag"):
        assert offered(default_world, "999990202", service, today) == {"999990214"}, service
    # A person under curatele cannot act for others.
    assert default_world.under_curatele("999990214", today)


def test_story_6_mentor_only_personal_matters(default_world: World, today: dt.date) -> None:
    assert offered(default_world, "999990226", "wmo-aanvraag", today) == {"999990238"}
    assert offered(default_world, "999990226", "medisch-dossier", today) == {"999990238"}
    assert status(default_world, "999990226", "999990238", "bijzondere-bijstand", today) == {"BUITEN_OMVANG"}


def test_story_7_machtiging_for_two_services(default_world: World, today: dt.date) -> None:
    assert offered(default_world, "999990251", "bijzondere-bijstand", today) == {"999990263"}
    assert offered(default_world, "999990251", "woz-beschikking", today) == {"999990263"}
    for service in ("medisch-dossier", "gemeentelijke-belastingen", "afvalpas"):
        assert offered(default_world, "999990251", service, today) == set(), service
    assert status(default_world, "999990251", "999990263", "afvalpas", today) == {
        "DIENST_NIET_GEMACHTIGD", "MACHTIGING_INGETROKKEN", "MACHTIGING_NIET_GEACCEPTEERD",
    }
    # The machtiging runs until four years from today, and started a year ago.
    assert offered(default_world, "999990251", "woz-beschikking", today - dt.timedelta(days=400)) == set()


def test_story_8_and_9_no_digid_and_deceased(default_world: World, today: dt.date) -> None:
    assert default_world.persons["999990275"].digid_level is None
    assert offered(default_world, "999990299", "woz-beschikking", today) == set()
    report = person_report(default_world, "999990287", today)
    assert report is not None and report["overleden"] is True


def test_story_10_gezag_niet_te_bepalen(default_world: World, today: dt.date) -> None:
    g = default_world.gezag_over("999990305", today)
    assert g is not None and g.type == "GezagNietTeBepalen" and g.toelichting
    assert default_world.persons["999990305"].gemeente_van_inschrijving == "1999"
