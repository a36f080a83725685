"""The portal's plain-Dutch outcome and how it establishes the ground: the assertion first, then Toezicht, then
the BRP's gezag, else a voluntary machtiging."""

from __future__ import annotations

import pytest

from simulator.portal.outcome import ground, names_from_brp, rejection_text, sentence, status_text
from simulator.portal.wire import highlight
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


@pytest.mark.parametrize(
    ("status", "message", "machtigen", "words"),
    [
        ("Responder/RequestDenied", "No representation available for this service", True, "U kunt voor deze dienst niemand vertegenwoordigen"),
        ("Responder/RequestDenied", None, False, "het inloggen zelf is mislukt (bijvoorbeeld een verkeerd wachtwoord"),
        ("Responder/RequestDenied", None, True, "DigiD zegt niet welke van de twee"),
        ("Responder/AuthnFailed", "Authentication cancelled", True, "U heeft het inloggen bij DigiD geannuleerd."),
        ("Responder/Vreemd", None, False, "status Responder/Vreemd"),
    ],
)
def test_failure_texts_are_keyed_on_status_and_reason(status: str, message: str | None, machtigen: bool, words: str) -> None:
    text = status_text(LoginResult(status, message), machtigen)
    assert words in text and "No representation" not in text


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("Assertion: Audience ['urn:x'] does not name us (urn:y)", "andere dienstverlener bedoeld (Audience)"),
        ("Assertion: SubjectConfirmationData Recipient 'x' is not our ACS 'y'", "(Recipient)"),
        ("Response: Destination 'x' is not our ACS 'y'", "(Destination)"),
        ("Assertion: signature does not verify with the IdP's signing certificate (x)", "na het ondertekenen veranderd"),
        ("Response: status Success but 0 assertions (expected exactly one)", "geen verklaring (Assertion)"),
        ("iets onbekends", "voldoet niet aan de regels"),
    ],
)
def test_rejections_are_explained_in_dutch(rule: str, words: str) -> None:
    assert rejection_text(rule).startswith("Het portaal heeft het antwoord van DigiD geweigerd") and words in rejection_text(rule)


def test_wire_view_highlights_key_lines_and_shortens_base64() -> None:
    xml = '<saml:Issuer>urn:x</saml:Issuer>\n<ds:SignatureValue>' + "QUJD" * 100 + '</ds:SignatureValue>\n<x a="1"/>'
    html = str(highlight(xml))
    lines = html.split("\n")
    assert lines[0].startswith("<mark>") and '<span class="xt">saml:Issuer</span>' in lines[0]
    assert "(400 tekens; volledig in de download)" in lines[1] and "QUJD" * 20 not in lines[1]
    assert '<span class="xa">a</span>=<span class="xv">"1"</span>' in lines[2]
    assert "<script>" not in str(highlight("<script>alert(1)</script>", "text"))
