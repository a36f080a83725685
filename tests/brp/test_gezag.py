"""Gezag in BRP API Personen and the gezag module: every gezag type, both shapes, every persona of the default
scenario, and agreement with the representation index the DDCC machtigen step uses."""

from __future__ import annotations

import pytest

from simulator.brp.names import volledige_naam
from simulator.config import DEFAULT_SCENARIO
from simulator.scenario import load_world
from simulator.scenario.clock import age_on
from simulator.scenario.model import Grond
from simulator.store import sources_from_paths

from .conftest import GEZAG, TODAY, BrpClient, brp_client, make_app

FATIMA, YOUSSEF, NOOR = "999990019", "999990020", "999990032"
MARCO, SANDRA, LOTTE, TIM = "999990056", "999990068", "999990081", "999990093"
DAAN, INGRID = "999990111", "999990147"
MILA, GERRIT, BERTUS = "999990305", "999990214", "999990275"
BO = "999996046"  # voogdij by an institution (edge-case scenario)
MARIEKE, RUBEN, SEM, LINA, MEES, YARA, FINN = "999995005", "999995017", "999995029", "999995030", "999995054", "999995066", "999995078"
ALL_FIELDS = [
    "burgerservicenummer", "geslacht", "leeftijd", "naam", "geboorte", "overlijden", "verblijfplaats",
    "gemeenteVanInschrijving", "datumInschrijvingInGemeente", "adressering", "nationaliteiten",
    "indicatieCurateleRegister", "gezag", "kinderen", "ouders", "partners",
]
DEFAULT_PERSONAS = sorted(load_world(sources_from_paths([DEFAULT_SCENARIO]), TODAY).persons)


def _gezag(brp: BrpClient, bsn: str, headers: dict[str, str] | None = None) -> list[dict]:
    return brp.one(bsn, ["gezag"], headers).get("gezag", [])  # type: ignore[no-any-return]


def _named(bsn: str, brp: BrpClient) -> dict:
    return {"burgerservicenummer": bsn, "naam": {"volledigeNaam": volledige_naam(brp.store.world.persons[bsn])}}


def test_gezamenlijk_ouderlijk_gezag(brp: BrpClient) -> None:
    [relation] = _gezag(brp, NOOR)
    noor = brp.store.world.persons[NOOR]
    assert relation == {
        "type": "GezamenlijkOuderlijkGezag",
        "minderjarige": {"burgerservicenummer": NOOR, "naam": {"volledigeNaam": "Noor El Amrani"}, "leeftijd": age_on(noor.geboortedatum, TODAY)},
        "ouders": [_named(FATIMA, brp), _named(YOUSSEF, brp)],
    }


def test_eenhoofdig_ouderlijk_gezag_and_the_divorced_father(brp: BrpClient) -> None:
    [relation] = _gezag(brp, TIM)
    assert relation["type"] == "EenhoofdigOuderlijkGezag" and relation["ouder"] == _named(SANDRA, brp)
    held = _gezag(brp, MARCO)
    assert [(g["type"], g["minderjarige"]["burgerservicenummer"]) for g in held] == [("GezamenlijkOuderlijkGezag", LOTTE)]
    assert {g["minderjarige"]["burgerservicenummer"] for g in _gezag(brp, SANDRA)} == {LOTTE, TIM}


def test_gezamenlijk_gezag_with_known_and_unknown_derde(brp: BrpClient) -> None:
    [sem] = _gezag(brp, SEM)
    assert sem["type"] == "GezamenlijkGezag" and sem["ouder"] == _named(MARIEKE, brp)
    assert sem["derde"] == {"type": "BekendeDerde", **_named(RUBEN, brp)}
    [lina] = _gezag(brp, LINA)
    assert lina["derde"] == {"type": "OnbekendeDerde"}
    assert [g["minderjarige"]["burgerservicenummer"] for g in _gezag(brp, RUBEN)] == [SEM]


def test_voogdij(brp: BrpClient) -> None:
    [relation] = _gezag(brp, DAAN)
    assert relation["type"] == "Voogdij" and relation["derden"] == [{"type": "BekendeDerde", **_named(INGRID, brp)}]
    assert [g["minderjarige"]["burgerservicenummer"] for g in _gezag(brp, INGRID)] == [DAAN]


def test_voogdij_by_an_institution_has_no_derden(brp: BrpClient) -> None:
    [relation] = _gezag(brp, BO)
    assert relation["type"] == "Voogdij" and relation["derden"] == []
    module = brp.post(GEZAG, {"burgerservicenummer": [BO]}, {"Accept-Gezag-Version": "2"})
    assert [(g["type"], g["derden"]) for g in module.body["personen"][0]["gezag"]] == [("Voogdij", [])]


def test_tijdelijk_geen_gezag_and_gezag_niet_te_bepalen(brp: BrpClient) -> None:
    [mees] = _gezag(brp, MEES)
    assert (mees["type"], mees["toelichting"]) == ("TijdelijkGeenGezag", "Tijdelijk geen gezag omdat de ouder minderjarig is.")
    # No legal parent known: tijdelijk geen gezag by the official answer model (route 37), the court must decide.
    [yara] = _gezag(brp, YARA)
    assert (yara["type"], yara["toelichting"]) == ("TijdelijkGeenGezag", "Tijdelijk geen gezag omdat beide ouders onbekend zijn.")
    [mila] = _gezag(brp, MILA)
    assert (mila["type"], mila["toelichting"]) == ("GezagNietTeBepalen", "Gezag kan niet worden bepaald omdat minderjarige niet in Nederland woont.")


def test_deceased_minor_and_adult_without_gezag_have_an_empty_list(brp: BrpClient) -> None:
    assert brp.one(FINN, ["gezag"]) == {"gezag": [], "opschortingBijhouding": brp.one(FINN, ["burgerservicenummer"])["opschortingBijhouding"]}
    assert brp.one(BERTUS, ["gezag"]) == {"gezag": []}


def test_gezag_on_the_address_object_search(brp: BrpClient) -> None:
    answer = brp.personen({"type": "ZoekMetAdresseerbaarObjectIdentificatie", "adresseerbaarObjectIdentificatie": "0518010000001001", "fields": ["burgerservicenummer", "gezag"]})
    by_bsn = {p["burgerservicenummer"]: p["gezag"] for p in answer.body["personen"]}
    assert by_bsn[NOOR] == _gezag(brp, NOOR) and by_bsn[FATIMA] == _gezag(brp, FATIMA)


def test_v26_shape_by_header_and_by_setting(brp: BrpClient) -> None:
    assert _gezag(brp, NOOR, {"accept-gezag-version": "1"})[0]["type"] == "TweehoofdigOuderlijkGezag"
    assert _gezag(brp, NOOR, {"accept-gezag-version": "2"})[0]["type"] == "GezamenlijkOuderlijkGezag"
    old = brp_client(make_app({"SIMULATOR_BRP_GEZAG_VERSION": "2.6"}))
    assert _gezag(old, NOOR)[0]["type"] == "TweehoofdigOuderlijkGezag"
    assert _gezag(old, NOOR, {"accept-gezag-version": "2"})[0]["type"] == "GezamenlijkOuderlijkGezag"
    assert _gezag(old, TIM)[0]["type"] == "EenhoofdigOuderlijkGezag"


def test_indicatie_curatele_register(brp: BrpClient) -> None:
    assert brp.one(GERRIT, ["indicatieCurateleRegister"]) == {"indicatieCurateleRegister": True}
    assert brp.one(FATIMA, ["indicatieCurateleRegister"]) == {}


@pytest.mark.parametrize("bsn", DEFAULT_PERSONAS)
def test_every_default_persona(brp: BrpClient, bsn: str) -> None:
    """All fields of each persona conform to the schema and tell the same story as the scenario model."""
    world = brp.store.world
    person = world.persons[bsn]
    answer = brp.one(bsn, ALL_FIELDS)
    assert answer["burgerservicenummer"] == bsn
    assert {k["burgerservicenummer"] for k in answer["kinderen"]} == set(world.children_of(bsn))
    assert [o["burgerservicenummer"] for o in answer["ouders"]] == person.ouders
    assert answer.get("indicatieCurateleRegister", False) == world.under_curatele(bsn, TODAY)
    expected = world.gezag_over(bsn, TODAY) if age_on(person.geboortedatum, TODAY) < 18 else None
    if expected is not None:
        assert [g["type"] for g in answer["gezag"]] == [expected.type]
    else:
        held = {g.minderjarige for g in world.gezag_held_by(bsn, TODAY)}
        assert {g["minderjarige"]["burgerservicenummer"] for g in answer["gezag"]} == held


def _brp_holders(relation: dict) -> dict[str, Grond]:
    """Holder BSN -> the ground the machtigen step should offer (a parent: ouderlijk gezag; a third: voogdij)."""
    result = {o["burgerservicenummer"]: Grond.ouderlijk_gezag for o in relation.get("ouders", [])}
    if "ouder" in relation:
        result[relation["ouder"]["burgerservicenummer"]] = Grond.ouderlijk_gezag
    for derde in [relation.get("derde", {}), *relation.get("derden", [])]:
        if derde.get("type") == "BekendeDerde":
            result[derde["burgerservicenummer"]] = Grond.voogdij
    return result


def test_brp_gezag_and_the_machtigen_step_agree(brp: BrpClient) -> None:
    """A parent with gezag over a child in BRP is offered that child by the index, and vice versa."""
    world = brp.store.world
    dienst = next(d for d in world.services.values() if {Grond.ouderlijk_gezag, Grond.voogdij} <= set(d.vertegenwoordiging) and d.max_leeftijd_kind is None)
    bsns = sorted(world.persons)
    answers = {}
    for start in range(0, len(bsns), 20):
        for p in brp.raadpleeg(bsns[start:start + 20], ["burgerservicenummer", "gezag"]):
            answers[p["burgerservicenummer"]] = p.get("gezag", [])
    checked = 0
    for actor in bsns:
        from_brp = {
            (g["minderjarige"]["burgerservicenummer"], _brp_holders(g)[actor])
            for g in answers[actor] if actor in _brp_holders(g)
        }
        offered = {(r.subject, r.grond) for r in world.index.may_represent(actor, dienst, TODAY) if r.bron == "gezag"}
        assert from_brp == offered, actor
        checked += len(offered)
    for minor in bsns:
        for g in answers[minor]:
            if g["minderjarige"]["burgerservicenummer"] != minor:
                continue
            representatives = {r.actor for r in world.index.representatives_of(minor, TODAY, dienst) if r.bron == "gezag" and r.usable}
            assert set(_brp_holders(g)) == representatives, minor
    assert checked >= 8  # the default personas and edge cases hold gezag over this many minors


# -- the gezag module ----------------------------------------------------------------------------------------------

def test_gezag_module_answers_from_the_same_model(brp: BrpClient) -> None:
    answer = brp.post(GEZAG, {"burgerservicenummer": [DAAN, SANDRA, "999999999"]}, {"Accept-Gezag-Version": "2"})
    assert answer.status == 200
    by_bsn = {p["burgerservicenummer"]: p["gezag"] for p in answer.body["personen"]}
    assert set(by_bsn) == {DAAN, SANDRA}
    [voogdij] = by_bsn[DAAN]
    daan = brp.store.world.persons[DAAN]
    assert voogdij["minderjarige"]["geboorte"] == {"datum": daan.geboortedatum.strftime("%Y%m%d")}
    assert voogdij["derden"][0]["naam"] == {"voornamen": "Ingrid", "geslachtsnaam": "Bakker"}
    assert {g["minderjarige"]["burgerservicenummer"] for g in by_bsn[SANDRA]} == {LOTTE, TIM}


def test_gezag_module_errors(brp: BrpClient) -> None:
    missing_header = brp.post(GEZAG, {"burgerservicenummer": [DAAN]})
    assert missing_header.status == 400 and missing_header.body["invalidParams"][0]["name"] == "Accept-Gezag-Version"
    bad = brp.post(GEZAG, {"burgerservicenummer": ["12"]}, {"Accept-Gezag-Version": "2"})
    assert bad.status == 400 and bad.body["invalidParams"] == [{"name": "burgerservicenummer[0]", "code": "pattern", "reason": "Waarde voldoet niet aan patroon ^[0-9]{9}$."}]
