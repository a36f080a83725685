"""The name parts of adressering (simulator/brp/adressering.py) by the rules of the official features, for the
scenario model's persons and on the rules' own inputs; the GBA persoonslijst side is covered by
tests/brp/features/own/adressering.feature."""

from __future__ import annotations

import pytest

from simulator.brp.adressering import Aangeschrevene, NaamDelen, Partner, aanhef, aanschrijfwijze, gebruik_in_lopende_tekst, naam_delen, tidy
from simulator.brp.names import initialen
from simulator.brp.persons import persoon_adressering
from simulator.scenario.model import Naam, Persoon

EIGEN = NaamDelen("Sophie Marie", None, "van der", "Laan")
PARTNER = NaamDelen("Jan", None, "ten", "Bosch")


def _a(sex: str | None, gebruik: str | None, titel: str | None = None, partner_titel: str | None = None, ontbonden: bool = False, partner: bool = True) -> Aangeschrevene:
    eigen = NaamDelen(EIGEN.voornamen, titel, EIGEN.voorvoegsel, EIGEN.geslachtsnaam)
    other = Partner(NaamDelen(PARTNER.voornamen, partner_titel, PARTNER.voorvoegsel, PARTNER.geslachtsnaam), ontbonden) if partner else None
    return Aangeschrevene(eigen, sex, gebruik, other)


@pytest.mark.parametrize(
    ("aangeschrevene", "expected"),
    [
        (_a("V", "E"), {"aanhef": "Geachte mevrouw Van der Laan", "aanschrijfwijze": {"naam": "S.M. van der Laan"}, "gebruikInLopendeTekst": "mevrouw Van der Laan"}),
        (_a("M", "P"), {"aanhef": "Geachte heer Ten Bosch", "aanschrijfwijze": {"naam": "S.M. ten Bosch"}, "gebruikInLopendeTekst": "de heer Ten Bosch"}),
        (_a(None, "E"), {"aanschrijfwijze": {"naam": "S.M. van der Laan"}}),  # no sex registered: no aanhef
        (_a("V", "V", titel="BS"), {
            "aanhef": "Hoogwelgeboren vrouwe",
            "aanschrijfwijze": {"naam": "S.M. ten Bosch-barones van der Laan", "aanspreekvorm": "De hoogwelgeboren vrouwe"},
            "gebruikInLopendeTekst": "mevrouw Ten Bosch-barones van der Laan",
        }),
        (_a("M", "E", titel="GI"), {  # the title in the form of the sex, not of its code
            "aanhef": "Hooggeboren heer",
            "aanschrijfwijze": {"naam": "S.M. graaf van der Laan", "aanspreekvorm": "De hooggeboren heer"},
            "gebruikInLopendeTekst": "graaf van der Laan",
        }),
        (_a("V", "N", titel="JV", ontbonden=True), {  # predicaat, ex-partner's name used: no predicaat
            "aanhef": "Geachte mevrouw Van der Laan-ten Bosch", "aanschrijfwijze": {"naam": "S.M. van der Laan-ten Bosch"},
            "gebruikInLopendeTekst": "mevrouw Van der Laan-ten Bosch",
        }),
        (_a("V", "V", titel="JV", partner=False), {  # no partner: own name, with predicaat
            "aanhef": "Hoogwelgeboren vrouwe", "aanschrijfwijze": {"naam": "Jonkvrouw S.M. van der Laan", "aanspreekvorm": "De hoogwelgeboren vrouwe"},
            "gebruikInLopendeTekst": "jonkvrouw van der Laan",
        }),
        (_a("V", "P", partner_titel="P"), {
            "aanhef": "Hoogheid", "aanschrijfwijze": {"naam": "S.M. prinses ten Bosch", "aanspreekvorm": "De hoogheid"},
            "gebruikInLopendeTekst": "prinses ten Bosch",
        }),
        (_a("M", "P", partner_titel="B"), {  # a man gets no hoffelijkheidstitel
            "aanhef": "Geachte heer Ten Bosch", "aanschrijfwijze": {"naam": "S.M. ten Bosch"}, "gebruikInLopendeTekst": "de heer Ten Bosch",
        }),
    ],
)
def test_name_parts(aangeschrevene: Aangeschrevene, expected: dict) -> None:
    assert naam_delen(aangeschrevene) == expected


def test_unknown_surname_gives_no_plain_parts_but_a_title_aanhef() -> None:
    unknown = Aangeschrevene(NaamDelen("Piet", None, None, None), "M", "N", Partner(PARTNER, False))
    assert (aanhef(unknown), aanschrijfwijze(unknown), gebruik_in_lopende_tekst(unknown)) == (None, None, None)
    graaf = Aangeschrevene(NaamDelen("Piet", "G", None, None), "M", "E", None)
    assert aanhef(graaf) == "Hooggeboren heer"


@pytest.mark.parametrize(("voornamen", "expected"), [("Anna Maria", "A.M."), ("Jo Q", "J.Q"), ("Q Jo", "Q J."), ("A B", "A B"), ("", None), (None, None)])
def test_initialen(voornamen: str | None, expected: str | None) -> None:
    assert initialen(voornamen) == expected


def test_tidy() -> None:
    assert tidy("  A.  van -  de  Berg- ") == "A. van -de Berg-"
    assert tidy("   ") is None


def test_a_model_person_is_addressed_by_the_same_rules() -> None:
    """A scenario-model person (own name, E) with a predicaat and a current partner: a jonkvrouw is then not
    addressed by her predicaat; a jonkheer is."""
    partner = Persoon(bsn="999990020", naam=Naam(geslachtsnaam="Bos"), geslacht="M", geboortedatum="1980-01-01")
    jonkvrouw = Persoon(bsn="999990019", naam=Naam(voornamen="Eva", geslachtsnaam="Velde", adellijke_titel="JV"), geslacht="V", geboortedatum="1980-01-01")
    assert persoon_adressering(jonkvrouw, (partner, False)) == {"aanhef": "Geachte mevrouw Velde", "aanschrijfwijze": {"naam": "E. Velde"}, "gebruikInLopendeTekst": "mevrouw Velde"}
    assert persoon_adressering(jonkvrouw, None)["aanhef"] == "Hoogwelgeboren vrouwe"
    jonkheer = Persoon(bsn="999990032", naam=Naam(voornamen="Bram", geslachtsnaam="Velde", adellijke_titel="JH"), geslacht="M", geboortedatum="1980-01-01")
    assert persoon_adressering(jonkheer, (jonkvrouw, False))["gebruikInLopendeTekst"] == "jonkheer Velde"
