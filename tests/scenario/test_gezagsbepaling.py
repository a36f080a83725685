"""Gezag over persons written as GBA persoonslijsten, by the official BRP API Gezag questions (gezagsbepaling.py),
one rule family per test, and the representation index reading the same derived gezag (today is 2026-06-15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.scenario import World

from .helpers import SERVICES, TODAY, load, write

MOEDER, VADER, KIND, PARTNER = "000000012", "000000024", "000000036", "000000048"
KIND_GEBOREN = "20160301"


def persoon(bsn: str, naam: str, geboren: str, geslacht: str, **categories: Any) -> dict[str, Any]:
    row = {"01.20": bsn, "02.40": naam, "03.10": geboren, "04.10": geslacht, "03.30": "6030", "81.20": "1AA0100"}
    return {"persoon": [row], "verblijfplaats": [{"09.10": "0518"}], **categories}


def ouder(bsn: str, naam: str, geslacht: str, *, akte: str = "1AA0100", sinds: str = KIND_GEBOREN) -> list[dict[str, str]]:
    return [{"01.20": bsn, "02.40": naam, "04.10": geslacht, "62.10": sinds, "81.20": akte}]


def huwelijk(partner: str, naam: str, sinds: str, tot: str | None = None) -> list[dict[str, str]]:
    start = {"01.20": partner, "02.40": naam, "06.10": sinds, "15.10": "H"}
    return [{"01.20": partner, "02.40": naam, "07.10": tot, "07.40": "S", "15.10": "H"}, start] if tot else [start]


def gezin(tmp_path: Path, *, kind: dict[str, Any] | None = None, moeder: dict[str, Any] | None = None,
          vader: dict[str, Any] | None = None, gehuwd: tuple[str, str | None] | None = ("20100101", None),
          extra: list[dict[str, Any]] | None = None) -> World:
    """Moeder and vader (married since 2010 unless `gehuwd` says otherwise) and their child born 2016-03-01."""
    m = persoon(MOEDER, "Moeder", "19850101", "V", **(moeder or {}))
    v = persoon(VADER, "Vader", "19830101", "M", **(vader or {}))
    if gehuwd is not None:
        m.setdefault("huwelijk", []).append(huwelijk(VADER, "Vader", *gehuwd))
        v.setdefault("huwelijk", []).append(huwelijk(MOEDER, "Moeder", *gehuwd))
    k = persoon(KIND, "Kind", KIND_GEBOREN, "M", ouder_1=ouder(MOEDER, "Moeder", "V"), ouder_2=ouder(VADER, "Vader", "M"))
    k.update(kind or {})
    pls = [{c: rows for c, rows in pl.items() if rows is not None} for pl in (m, v, k, *(extra or []))]
    return load(write(tmp_path, SERVICES + "scenario: {allow_invalid_bsn: true}\npersoonslijsten: " + json.dumps(pls) + "\n"))


def gezag(world: World) -> tuple[str, ...]:
    g = world.gezag_over(KIND, TODAY)
    assert g is not None
    return (g.type, *g.holders(), g.toelichting or "")


def test_married_parents_have_joint_parental_authority_and_both_may_act(tmp_path: Path) -> None:
    world = gezin(tmp_path)
    assert gezag(world) == ("GezamenlijkOuderlijkGezag", MOEDER, VADER, "")
    assert world.gezag_over(KIND, TODAY).regel == "49"  # type: ignore[union-attr]
    # The representation index reads the same derived gezag: each parent may act for the child.
    dienst = world.services["paspoort-kind"]
    for parent in (MOEDER, VADER):
        reps = world.index.may_represent(parent, dienst, TODAY)
        assert [(r.subject, r.grond) for r in reps] == [(KIND, "ouderlijk_gezag")]
    assert {r.actor for r in world.index.representatives_of(KIND, TODAY, dienst) if r.usable} == {MOEDER, VADER}
    assert [g.minderjarige for g in world.gezag_held_by(MOEDER, TODAY)] == [KIND]


def test_a_divorce_after_the_birth_keeps_joint_authority(tmp_path: Path) -> None:
    assert gezag(gezin(tmp_path, gehuwd=("20100101", "20200101")))[0] == "GezamenlijkOuderlijkGezag"


def test_divorced_before_the_birth_and_recognised_before_2023_the_mother_alone(tmp_path: Path) -> None:
    erkend = {"ouder_2": ouder(VADER, "Vader", "M", akte="1AC0100", sinds="20160401")}
    assert gezag(gezin(tmp_path, gehuwd=("20100101", "20120101"), kind=erkend)) == ("EenhoofdigOuderlijkGezag", MOEDER, "")


def test_never_married_and_the_birth_mother_unknown(tmp_path: Path) -> None:
    both_men = {"ouder_1": ouder(MOEDER, "Moeder", "M"), "ouder_2": ouder(VADER, "Vader", "M")}
    found = gezag(gezin(tmp_path, gehuwd=None, kind=both_men))
    assert found == ("GezagNietTeBepalen", "Gezag kan niet worden bepaald omdat niet kan worden vastgesteld welke ouder de geboortemoeder is.")


def test_recognised_on_or_after_1_january_2023_gives_joint_authority(tmp_path: Path) -> None:
    erkend = {"ouder_2": ouder(VADER, "Vader", "M", akte="1AC0100", sinds="20230301")}
    assert gezag(gezin(tmp_path, gehuwd=None, kind=erkend))[0] == "GezamenlijkOuderlijkGezag"


def test_one_parent_married_at_the_birth_shares_gezag_with_the_spouse(tmp_path: Path) -> None:
    partner = persoon(PARTNER, "Partner", "19800101", "V", huwelijk=[huwelijk(MOEDER, "Moeder", "20100101")])
    world = gezin(tmp_path, gehuwd=None, moeder={"huwelijk": [huwelijk(PARTNER, "Partner", "20100101")]},
                  kind={"ouder_2": None}, extra=[partner])
    assert gezag(world) == ("GezamenlijkGezag", MOEDER, PARTNER, "")
    # The spouse holds it too: the index finds the child through the partnership.
    assert [g.minderjarige for g in world.gezag_held_by(PARTNER, TODAY)] == [KIND]


def test_a_parent_under_curatele_or_deceased_cannot_hold_gezag(tmp_path: Path) -> None:
    onder_curatele = gezin(tmp_path, vader={"gezagsverhouding": [{"33.10": "1"}]})
    assert gezag(onder_curatele) == ("EenhoofdigOuderlijkGezag", MOEDER, "")
    beide = gezin(tmp_path, vader={"gezagsverhouding": [{"33.10": "1"}]}, moeder={"inschrijving": [{"67.10": "20250101", "67.20": "O"}]})
    assert gezag(beide) == ("TijdelijkGeenGezag", "Tijdelijk geen gezag omdat een ouder overleden is en de andere ouder onder curatele staat.")


@pytest.mark.parametrize(("indicatie", "expected"), [
    ("D", ("Voogdij",)),
    ("1D", ("GezamenlijkGezag", MOEDER)),  # with an unknown derde
    ("2", ("EenhoofdigOuderlijkGezag", VADER)),
    ("12", ("GezamenlijkOuderlijkGezag", MOEDER, VADER)),
])
def test_a_court_decision_decides(tmp_path: Path, indicatie: str, expected: tuple[str, ...]) -> None:
    world = gezin(tmp_path, kind={"gezagsverhouding": [{"32.10": indicatie, "85.10": "20200101"}]})
    assert gezag(world)[: len(expected)] == expected


def test_a_court_decision_without_its_date_cannot_be_used(tmp_path: Path) -> None:
    world = gezin(tmp_path, kind={"gezagsverhouding": [{"32.10": "1"}]})
    assert gezag(world)[-1].endswith("ingangsdatum geldigheid van gezagsverhouding")


@pytest.mark.parametrize(("kind", "toelichting"), [
    ({"verblijfplaats": [{"09.10": "1999"}]}, "Gezag kan niet worden bepaald omdat minderjarige niet in Nederland woont."),
    ({"verblijfplaats": None}, "Gezag kan niet worden bepaald omdat relevante gegevens ontbreken. Het gaat om de volgende gegevens: verblijfplaats van bevraagde persoon"),
])
def test_gezag_cannot_be_determined_for_a_minor_not_living_here_or_without_facts(tmp_path: Path, kind: dict[str, Any], toelichting: str) -> None:
    assert gezag(gezin(tmp_path, kind=kind)) == ("GezagNietTeBepalen", toelichting)


def test_a_minor_who_lived_abroad_or_was_born_abroad(tmp_path: Path) -> None:
    # Only when the parents are not married to each other now (1.3 and 1.3a are then asked).
    geweest = {"verblijfplaats": [{"09.10": "0518", "14.20": "20200101"}]}
    assert gezag(gezin(tmp_path, gehuwd=None, kind=geweest))[-1] == "Gezag kan niet worden bepaald omdat minderjarige buiten Nederland heeft verbleven."
    assert gezag(gezin(tmp_path, gehuwd=("20100101", None), kind=geweest))[0] == "GezamenlijkOuderlijkGezag"
    buitenland = {"persoon": [{"01.20": KIND, "02.40": "Kind", "03.10": KIND_GEBOREN, "03.30": "6029"}]}
    assert gezag(gezin(tmp_path, gehuwd=None, kind=buitenland))[-1] == "Gezag kan niet worden bepaald omdat minderjarige in het buitenland is geboren."


def test_an_adult_has_no_gezag_and_facts_in_onderzoek_are_flagged(tmp_path: Path) -> None:
    world = gezin(tmp_path, kind={"persoon": [{"01.20": KIND, "02.40": "Kind", "03.10": "20000101", "03.30": "6030"}]})
    assert world.gezag_over(KIND, TODAY) is None
    onderzoek = gezin(tmp_path, kind={"gezagsverhouding": [{"32.10": "D", "85.10": "20200101", "83.10": "113210"}]})
    assert onderzoek.gezag_over(KIND, TODAY).in_onderzoek  # type: ignore[union-attr]
    beeindigd = gezin(tmp_path, kind={"gezagsverhouding": [{"32.10": "D", "85.10": "20200101", "83.10": "113210", "83.30": "20210101"}]})
    assert not beeindigd.gezag_over(KIND, TODAY).in_onderzoek  # type: ignore[union-attr]
