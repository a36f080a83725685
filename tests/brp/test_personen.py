"""BRP API Personen: field selection, dates, relatives and the seven query types, from the scenario world."""

from __future__ import annotations

import pytest

from simulator.brp.dates import datum, datum_onbekend, from_gba, jaar_datum, jaar_maand_datum
from simulator.brp.names import volledige_naam
from simulator.brp.persons import adresregel1, current_or_last_partnership
from simulator.scenario.clock import age_on
from simulator.scenario.model import Adres, Naam, Persoon

from .conftest import TODAY, BrpClient

FATIMA, YOUSSEF, NOOR, ADAM = "999990019", "999990020", "999990032", "999990044"
MARCO, SANDRA = "999990056", "999990068"
CORNELIS = "999990287"  # deceased
MILA = "999990305"  # lives abroad
JONKHEER = "999995091"


# -- fields ---------------------------------------------------------------------------------------------------

def test_only_requested_fields_are_returned(brp: BrpClient) -> None:
    person = brp.one(FATIMA, ["burgerservicenummer", "naam.voornamen"])
    assert person == {"burgerservicenummer": FATIMA, "naam": {"voornamen": "Fatima"}}


def test_part_of_a_value_table_or_date_returns_the_whole_object(brp: BrpClient) -> None:
    person = brp.one(FATIMA, ["geslacht.code", "geboorte.datum.langFormaat"])
    assert person["geslacht"] == {"code": "V", "omschrijving": "vrouw"}
    birth = brp.store.world.persons[FATIMA].geboortedatum
    assert person["geboorte"] == {"datum": {"type": "Datum", "datum": birth.isoformat(), "langFormaat": person["geboorte"]["datum"]["langFormaat"]}}
    assert person["geboorte"]["datum"]["langFormaat"].endswith(str(birth.year))


def test_requested_group_without_values_is_empty_object_and_list_is_empty_list(brp: BrpClient) -> None:
    person = brp.one(FATIMA, ["overlijden", "naam.voorvoegsel", "kinderen.naam.voorvoegsel", "partners"])
    assert person["overlijden"] == {}
    assert person["naam"] == {}
    assert person["kinderen"] == [{"naam": {}}, {"naam": {}}]
    assert len(person["partners"]) == 1
    childless = brp.one("999990275", ["kinderen", "partners", "ouders"])
    assert childless == {"kinderen": [], "partners": [], "ouders": []}


def test_null_false_and_empty_values_are_left_out(brp: BrpClient) -> None:
    person = brp.one(FATIMA, ["indicatieCurateleRegister", "naam", "aNummer"])
    assert "indicatieCurateleRegister" not in person and "aNummer" not in person
    assert "voorvoegsel" not in person["naam"]


def test_whole_group_has_no_empty_subgroups(brp: BrpClient) -> None:
    partner = brp.one(FATIMA, ["partners"])["partners"][0]
    assert "ontbindingHuwelijkPartnerschap" not in partner
    assert partner["soortVerbintenis"] == {"code": "H", "omschrijving": "huwelijk"}


def test_automatic_fields_are_added_without_asking(brp: BrpClient) -> None:
    person = brp.one(JONKHEER, ["burgerservicenummer"])
    assert person == {"burgerservicenummer": JONKHEER, "geheimhoudingPersoonsgegevens": True}
    deceased = brp.one(CORNELIS, ["burgerservicenummer"])
    assert deceased["opschortingBijhouding"]["reden"] == {"code": "O", "omschrijving": "overlijden"}


def test_names_titles_and_address_lines(brp: BrpClient) -> None:
    person = brp.one(JONKHEER, ["naam", "adressering", "verblijfplaats"])
    assert person["naam"]["adellijkeTitelPredicaat"] == {"code": "JH", "omschrijving": "jonkheer", "soort": "predicaat"}
    assert person["naam"]["voorletters"] == "W.F."
    assert person["adressering"]["adresregel1"] == "Herengracht 500 A2"
    assert person["adressering"]["adresregel2"] == "1017 CB  AMSTERDAM"
    # A jonkheer is addressed by his predicaat (features adressering/aanhef/adellijke_titel_predicaat.feature).
    assert person["adressering"]["aanhef"] == "Hoogwelgeboren heer"
    assert person["adressering"]["aanschrijfwijze"] == {"naam": "Jonkheer W.F. van Haersma", "aanspreekvorm": "De hoogwelgeboren heer"}
    assert person["adressering"]["gebruikInLopendeTekst"] == "jonkheer van Haersma"
    assert person["verblijfplaats"]["type"] == "Adres"
    assert person["verblijfplaats"]["verblijfadres"]["huisletter"] == "A"
    abroad = brp.one(MILA, ["verblijfplaats", "gemeenteVanInschrijving"])
    assert abroad["verblijfplaats"]["type"] == "VerblijfplaatsBuitenland"
    assert abroad["gemeenteVanInschrijving"]["code"] == "1999"


# -- dates and age -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("gba", "expected"),
    [
        ("20180501", {"type": "Datum", "datum": "2018-05-01", "langFormaat": "1 mei 2018"}),
        ("20180900", jaar_maand_datum(2018, 9)),
        ("20180000", jaar_datum(2018)),
        ("00000000", datum_onbekend()),
    ],
)
def test_polymorphic_dates_in_dutch(gba: str, expected: dict) -> None:
    assert from_gba(gba) == expected
    assert jaar_maand_datum(2018, 9)["langFormaat"] == "september 2018"


def test_leeftijd_is_computed_on_the_business_date_and_absent_for_the_deceased(brp: BrpClient) -> None:
    for bsn in (NOOR, ADAM, FATIMA):
        born = brp.store.world.persons[bsn].geboortedatum
        assert brp.one(bsn, ["leeftijd"]) == {"leeftijd": age_on(born, TODAY)}
    assert "leeftijd" not in brp.one(CORNELIS, ["leeftijd"])


# -- relatives -------------------------------------------------------------------------------------------------

def test_ouders_and_kinderen_follow_the_scenario(brp: BrpClient) -> None:
    ouders = brp.one(NOOR, ["ouders.burgerservicenummer", "ouders.ouderAanduiding"])["ouders"]
    assert ouders == [{"burgerservicenummer": FATIMA, "ouderAanduiding": "1"}, {"burgerservicenummer": YOUSSEF, "ouderAanduiding": "2"}]
    kinderen = brp.one(FATIMA, ["kinderen.burgerservicenummer"])["kinderen"]
    assert {k["burgerservicenummer"] for k in kinderen} == {NOOR, ADAM}


def test_partner_is_current_else_most_recently_dissolved(brp: BrpClient) -> None:
    partners = brp.one(MARCO, ["partners"])["partners"]
    assert [p["burgerservicenummer"] for p in partners] == [SANDRA]
    assert "datum" in partners[0]["ontbindingHuwelijkPartnerschap"]
    world = brp.store.world
    for bsn in world.persons:
        chosen = current_or_last_partnership(world.partnerships_of(bsn), TODAY)
        if chosen is not None:
            assert chosen.partner != bsn


def test_only_the_current_or_else_the_most_recently_dissolved_partner(brp: BrpClient) -> None:
    """Hendrik divorced Greet, then Ans; Greet is now Kees's registered partner (edge-case scenario)."""
    hendrik, greet, ans, kees = "999996009", "999996010", "999996022", "999996034"
    fields = ["burgerservicenummer", "partners.burgerservicenummer", "partners.soortVerbintenis.code", "partners.ontbindingHuwelijkPartnerschap"]
    by_bsn = {p["burgerservicenummer"]: p["partners"] for p in brp.raadpleeg([hendrik, greet, ans], fields)}
    ended = brp.store.world.persons[hendrik].partners[1].tot
    assert by_bsn[hendrik] == [{"burgerservicenummer": ans, "soortVerbintenis": {"code": "H", "omschrijving": "huwelijk"}, "ontbindingHuwelijkPartnerschap": {"datum": datum(ended)}}]
    assert by_bsn[greet] == [{"burgerservicenummer": kees, "soortVerbintenis": {"code": "P", "omschrijving": "geregistreerd partnerschap"}, "ontbindingHuwelijkPartnerschap": {}}]
    assert [p["burgerservicenummer"] for p in by_bsn[ans]] == [hendrik]


# -- Raadpleeg ---------------------------------------------------------------------------------------------------

def test_unknown_and_elfproef_failing_bsns_give_an_empty_list(brp: BrpClient) -> None:
    assert brp.raadpleeg(["123456789", "000000000"], ["burgerservicenummer"]) == []


def test_elfproef_failing_bsn_held_by_the_scenario_is_returned(brp: BrpClient) -> None:
    assert brp.raadpleeg(["000000012"], ["burgerservicenummer"]) == [{"burgerservicenummer": "000000012"}]


def test_raadpleeg_many_and_deceased(brp: BrpClient) -> None:
    bsns = [FATIMA, CORNELIS, "999999999", NOOR]
    assert [p["burgerservicenummer"] for p in brp.raadpleeg(bsns, ["burgerservicenummer"])] == [FATIMA, CORNELIS, NOOR]


def test_gemeente_van_inschrijving_filters_raadpleeg(brp: BrpClient) -> None:
    assert brp.raadpleeg([FATIMA, MARCO], ["burgerservicenummer"], gemeenteVanInschrijving="0518") == [{"burgerservicenummer": FATIMA}]


# -- searches ------------------------------------------------------------------------------------------------------

def _search(brp: BrpClient, body: dict) -> list[str]:
    answer = brp.personen({"fields": ["burgerservicenummer"], **body})
    assert answer.status == 200, answer.body
    assert answer.body["type"] == body["type"]
    return [p["burgerservicenummer"] for p in answer.body["personen"]]


def test_every_search_type_and_its_gemeente_filter(brp: BrpClient) -> None:
    fatima = brp.store.world.persons[FATIMA]
    searches = [
        ({"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "el amrani", "geboortedatum": fatima.geboortedatum.isoformat()}, {FATIMA}),
        ({"type": "ZoekMetNaamEnGemeenteVanInschrijving", "geslachtsnaam": "El Amr*", "voornamen": "fat*", "gemeenteVanInschrijving": "0518"}, {FATIMA}),
        ({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2517 ab", "huisnummer": 12}, {FATIMA, YOUSSEF, NOOR, ADAM}),
        ({"type": "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving", "straat": "laan van meerdervoort", "huisnummer": 12, "gemeenteVanInschrijving": "0518"}, {FATIMA, YOUSSEF, NOOR, ADAM}),
        ({"type": "ZoekMetNummeraanduidingIdentificatie", "nummeraanduidingIdentificatie": "0518200000001001"}, {FATIMA, YOUSSEF, NOOR, ADAM}),
        ({"type": "ZoekMetAdresseerbaarObjectIdentificatie", "adresseerbaarObjectIdentificatie": "0518010000001001"}, {FATIMA, YOUSSEF, NOOR, ADAM}),
    ]
    for body, expected in searches:
        assert set(_search(brp, body)) == expected, body
        other = {**body, "gemeenteVanInschrijving": "0344"}  # the same persons, asked in another gemeente
        assert _search(brp, other) == [], other


def test_search_optional_filters_and_wildcards(brp: BrpClient) -> None:
    base = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2517AB", "huisnummer": 12}
    noor = brp.store.world.persons[NOOR]
    assert _search(brp, {**base, "geboortedatum": noor.geboortedatum.isoformat()}) == [NOOR]
    assert _search(brp, {**base, "huisletter": "b"}) == []
    straat = {"type": "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving", "huisnummer": 12, "gemeenteVanInschrijving": "0518"}
    assert len(_search(brp, {**straat, "straat": "*Meerdervoort"})) == 4
    assert len(_search(brp, {**straat, "straat": "Laan van*"})) == 4


def test_searches_return_the_living_unless_asked(brp: BrpClient) -> None:
    cornelis = brp.store.world.persons[CORNELIS]
    body = {"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Vermeulen", "geboortedatum": cornelis.geboortedatum.isoformat()}
    assert _search(brp, body) == []
    assert _search(brp, {**body, "inclusiefOverledenPersonen": True}) == [CORNELIS]


def test_search_results_are_persoon_beperkt(brp: BrpClient) -> None:
    answer = brp.personen({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2517AB", "huisnummer": 12, "fields": ["naam", "kinderen"]})
    assert answer.status == 400 and answer.body["invalidParams"] == [{"name": "fields[1]", "code": "fields", "reason": "Parameter bevat een niet bestaande veldnaam."}]
    answer = brp.personen({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2517AB", "huisnummer": 12, "fields": ["naam"]})
    assert all("aanduidingNaamgebruik" not in p["naam"] for p in answer.body["personen"])


def test_too_many_results(brp: BrpClient) -> None:
    many = {"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Veelvoud", "geboortedatum": "1980-01-01", "fields": ["burgerservicenummer"]}
    answer = brp.personen(many)
    assert answer.status == 400
    assert answer.body["code"] == "tooManyResults" and answer.body["title"] == "Teveel zoekresultaten."
    assert answer.body["detail"] == "Meer dan maximum van 10 zoekresultaten gevonden. Verfijn de zoekopdracht."
    address = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "1234AB", "huisnummer": 1, "fields": ["burgerservicenummer"]}
    assert len(brp.personen(address).body["personen"]) == 30  # 31 live there, one deceased: exactly the limit
    answer = brp.personen({**address, "inclusiefOverledenPersonen": True})
    assert answer.status == 400 and answer.body["detail"] == "Meer dan maximum van 30 zoekresultaten gevonden. Verfijn de zoekopdracht."


def test_part_of_a_polymorphic_object_keeps_its_type(brp: BrpClient) -> None:
    person = brp.one(FATIMA, ["verblijfplaats.verblijfadres.postcode", "nationaliteiten.nationaliteit.code"])
    assert person["verblijfplaats"] == {"type": "Adres", "verblijfadres": {"postcode": "2517AB"}}
    assert person["nationaliteiten"] == [{"type": "Nationaliteit", "nationaliteit": {"code": "0001", "omschrijving": "Nederlandse"}}]


@pytest.mark.parametrize(
    ("geslacht", "titel", "expected"),
    [
        ("M", "JH", "jonkheer Jo Anne van Hoogh"),
        ("V", "JH", "jonkvrouw Jo Anne van Hoogh"),
        ("O", "JV", "jonkvrouw Jo Anne van Hoogh"),
        ("V", "BS", "Jo Anne barones van Hoogh"),
        ("M", "GI", "Jo Anne graaf van Hoogh"),
        ("O", "GI", "Jo Anne gravin van Hoogh"),
        ("V", "R", "Jo Anne ridder van Hoogh"),
        ("M", None, "Jo Anne van Hoogh"),
    ],
)
def test_volledige_naam_with_predicates_and_titles(geslacht: str, titel: str | None, expected: str) -> None:
    person = Persoon(bsn="999990019", naam=Naam(voornamen="Jo Anne", voorvoegsel="van", geslachtsnaam="Hoogh", adellijke_titel=titel), geslacht=geslacht, geboortedatum="1980-01-01")
    assert volledige_naam(person) == expected


def test_jonkheer_in_the_api(brp: BrpClient) -> None:
    assert brp.one(JONKHEER, ["naam.volledigeNaam"])["naam"] == {"volledigeNaam": "jonkheer Willem Frederik van Haersma"}


@pytest.mark.parametrize(
    ("huisletter", "toevoeging", "expected"),
    [(None, None, "Atatürkstraat 9"), ("c", None, "Atatürkstraat 9 c"), (None, "III", "Atatürkstraat 9 III"),
     (None, "2", "Atatürkstraat 9-2"), ("L", "Toe", "Atatürkstraat 9 LToe"), ("B", "73c", "Atatürkstraat 9 B73c")],
)
def test_adresregel1_as_nen_5825(huisletter: str | None, toevoeging: str | None, expected: str) -> None:
    adres = Adres(straat="Atatürkstraat", huisnummer=9, huisletter=huisletter, huisnummertoevoeging=toevoeging, postcode="2497BV", woonplaats="Den Haag", gemeente="0518")
    assert adresregel1(adres) == expected


def test_aanhef_and_lopende_tekst(brp: BrpClient) -> None:
    linda = brp.one("999990160", ["adressering"])["adressering"]
    assert (linda["aanhef"], linda["gebruikInLopendeTekst"], linda["aanschrijfwijze"]) == ("Geachte mevrouw De Jong", "mevrouw De Jong", {"naam": "L. de Jong"})
    marco = brp.one(MARCO, ["adressering.gebruikInLopendeTekst"])["adressering"]
    assert marco == {"gebruikInLopendeTekst": "de heer Jansen"}


def test_binnenland_aliases(brp: BrpClient) -> None:
    fatima = brp.one(FATIMA, ["verblijfplaatsBinnenland.verblijfadres.postcode", "adresseringBinnenland.adresregel1"])
    assert fatima == {"verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "2517AB"}}, "adressering": {"adresregel1": "Laan van Meerdervoort 12"}}
    assert brp.one(MILA, ["burgerservicenummer", "verblijfplaatsBinnenland", "adresseringBinnenland"]) == {"burgerservicenummer": MILA}
    both = brp.one(MILA, ["adresseringBinnenland", "verblijfplaats.verblijfadres"])
    assert both["verblijfplaats"]["type"] == "VerblijfplaatsBuitenland" and "adressering" not in both
    answer = brp.personen({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [MILA], "fields": ["verblijfplaatsBinnenland.verblijfadres.regel1"]})
    assert answer.status == 400 and answer.body["invalidParams"][0]["reason"] == "Parameter bevat een niet bestaande veldnaam."
