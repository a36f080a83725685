"""The portal's plain-Dutch outcome and how it establishes the ground: the assertion first, then Toezicht, then
the BRP's gezag, else a voluntary machtiging."""

from __future__ import annotations

import pytest

from simulator.portal.outcome import ground, names_from_brp, sentence
from simulator.portal.saml import LoginResult, Subject

BRP = {
    "personen": [
        {"burgerservicenummer": "999990019", "naam": {"voorletters": "F.", "geslachtsnaam": "El Amrani"},
         "gezag": [{"type": "GezamenlijkOuderlijkGezag", "minderjarige": {"burgerservicenummer": "999990032"},
                    "ouders": [{"burgerservicenummer": "999990019"}, {"burgerservicenummer": "999990020"}]}]},
        {"burgerservicenummer": "999990032", "naam": {"voorletters": "N.", "geslachtsnaam": "El Amrani"}},
        {"burgerservicenummer": "999990238", "naam": {"voorletters": "G.", "voorvoegsel": "de", "geslachtsnaam": "Boer"}},
    ]
}


def login(acting: str, legal: str | None, representation_type: str | None = None) -> LoginResult:
    return LoginResult("Success", acting=Subject(acting, None, None), legal=Subject(legal, None, None) if legal else None, representation_type=representation_type)


def test_the_sentence_of_the_issue() -> None:
    names = {"999990251": "J. de Vries", "999990263": "P. de Vries"}
    text = sentence(login("999990251", "999990263"), "Aanvragen bijzondere bijstand", names, "beschermingsbewind")
    assert text == ("U bent ingelogd als J. de Vries (BSN 999990251) en handelt namens P. de Vries (BSN 999990263) voor de dienst "
                    "'Aanvragen bijzondere bijstand' op grond van beschermingsbewind.")


def test_without_names_the_bsn_is_enough() -> None:
    assert sentence(login("999990019", None), "Afvalpas", {}, None) == "U bent ingelogd als BSN 999990019 voor de dienst 'Afvalpas'."


@pytest.mark.parametrize(
    ("status", "words"),
    [("Responder/AuthnFailed", "geannuleerd"), ("Responder/NoAuthnContext", "te laag"), ("Requester/NoSupportedIDP", "machtigingsdienst"), ("Responder/Other", "Responder/Other")],
)
def test_failure_statuses_in_words(status: str, words: str) -> None:
    assert words in sentence(LoginResult(status), "Afvalpas", {}, None)


def test_names_from_brp() -> None:
    assert names_from_brp(BRP) == {"999990019": "F. El Amrani", "999990032": "N. El Amrani", "999990238": "G. de Boer"}
    assert names_from_brp(None) == {}


@pytest.mark.parametrize(
    ("representation_type", "toezicht", "expected"),
    [
        ("urn:nl-eid-gdi:1.1:RT:Zorg_Volledig_Gezag_Kind", None, "ouderlijk gezag"),
        ("urn:nl-eid-gdi:1.1:RT:SIMULATOR_Curatele", None, "curatele"),
        (None, {"bevoegd": True, "vertegenwoordigingsrelaties": [{"soortMaatregel": "mentorschap"}]}, "mentorschap"),
        (None, {"bevoegd": False, "vertegenwoordigingsrelaties": []}, "ouderlijk gezag"),  # from BRP gezag
    ],
)
def test_ground_for_a_child(representation_type: str | None, toezicht: dict | None, expected: str) -> None:
    assert ground(login("999990019", "999990032", representation_type), BRP, toezicht) == expected


def test_ground_defaults_to_a_voluntary_machtiging() -> None:
    assert ground(login("999990251", "999990263"), {"personen": []}, {"bevoegd": False}) == "een machtiging (DigiD Machtigen)"
