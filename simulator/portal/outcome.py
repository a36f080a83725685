"""The outcome of a login in plain Dutch, as a municipality's portal would tell the citizen, and the ground of
representation as the portal can establish it (the assertion first, then the registers it asked)."""

from __future__ import annotations

from typing import Any

from .saml import LoginResult

# DDCC's StatusMessage when the machtigen step had nobody to offer (the real reason behind a RequestDenied).
NO_REPRESENTATION_MESSAGE = "No representation available for this service"

# What a DDCC status means for the citizen (the inner samlp:Response status, "Top/Second"), in Dutch.
STATUS_TEXT: dict[str, str] = {
    "Responder/AuthnFailed": "U heeft het inloggen bij DigiD geannuleerd. U bent niet ingelogd.",
    "Responder/RequestDenied": "DigiD heeft het inloggen geweigerd: het inloggen zelf is mislukt (bijvoorbeeld een verkeerd wachtwoord of een geblokkeerd account). U bent niet ingelogd.",
    "Responder/NoAuthnContext": "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst.",
    "Requester/NoSupportedIDP": "DigiD kent de gevraagde machtigingsdienst niet; het portaal vroeg om een machtigingsdienst die DigiD niet aanbiedt. U bent niet ingelogd.",
    "Requester/RequestDenied": "DigiD gaf het resultaat niet af: het artefact was verlopen of al gebruikt. Probeer opnieuw in te loggen.",
    # The same outcomes as OpenID Connect errors at the redirect URI ("Inloggen via OIDC").
    "access_denied": "Het inloggen is niet gelukt of geannuleerd (access_denied).",
    "unmet_authentication_requirements": "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst.",
    "login_required": "Er is geen inlogsessie; opnieuw inloggen is nodig (login_required).",
    "invalid_request": "De OpenID Provider weigerde het verzoek (invalid_request).",
}
# The same status with a reason the portal can tell apart: (status, StatusMessage) -> text.
REASON_TEXT: dict[tuple[str, str], str] = {
    ("Responder/RequestDenied", NO_REPRESENTATION_MESSAGE): (
        "U kunt voor deze dienst niemand vertegenwoordigen: DigiD Machtigen vond geen geldige machtiging, gezag, "
        "curatele, bewind of mentorschap waarmee u deze dienst voor een ander mag regelen. U bent niet ingelogd."
    ),
}
# With machtigen, a RequestDenied without a reason may also be a failure of the machtigen service: DigiD does
# not say which of the two it was.
MACHTIGEN_DENIED = (
    "DigiD heeft het inloggen geweigerd: het inloggen zelf is mislukt, of DigiD Machtigen gaf een fout. DigiD zegt "
    "niet welke van de twee. U bent niet ingelogd."
)

# Why the portal refused an answer, in Dutch, by the rule that failed (the first fragment found in the
# technical message, which the page shows beside it).
REJECTION_TEXT: tuple[tuple[str, str], ...] = (
    ("SOAP Fault", "DigiD weigerde het ophalen van het resultaat (SOAP Fault)."),
    ("Recipient", "de verklaring is bestemd voor een ander adres dan de ACS van het portaal (Recipient)."),
    ("Destination", "het antwoord is bestemd voor een ander adres dan de ACS van het portaal (Destination)."),
    ("Audience", "de verklaring is voor een andere dienstverlener bedoeld (Audience)."),
    ("InResponseTo", "het antwoord hoort niet bij het inlogverzoek dat het portaal verstuurde (InResponseTo)."),
    ("Issuer", "het antwoord komt niet van DigiD (Issuer)."),
    ("expired", "de verklaring is verlopen (NotOnOrAfter ligt in het verleden)."),
    ("not valid before", "de verklaring is nog niet geldig (NotBefore ligt in de toekomst)."),
    ("signature does not verify", "de handtekening klopt niet: de inhoud is na het ondertekenen veranderd."),
    ("not signed", "de verklaring is niet ondertekend."),
    ("assertions (expected exactly one)", "DigiD meldt succes, maar stuurt geen verklaring (Assertion) mee."),
    ("Encrypted", "de versleutelde BSN's konden niet worden ontsleuteld met de sleutel van het portaal."),
    ("not well-formed", "het antwoord is geen geldige XML."),
)


def status_text(result: LoginResult, machtigen: bool) -> str:
    """The Dutch sentence for a failed login, keyed on the real status and, where it tells more, the message."""
    specific = REASON_TEXT.get((result.status, result.status_message or ""))
    if specific:
        return specific
    if result.status == "Responder/RequestDenied" and machtigen:
        return MACHTIGEN_DENIED
    return STATUS_TEXT.get(result.status, f"Het inloggen is niet gelukt: DigiD antwoordde met status {result.status}. U bent niet ingelogd.")


def rejection_text(rule: str) -> str:
    """Why the portal did not log anyone in, in Dutch, for the rule that failed."""
    reason = next((text for fragment, text in REJECTION_TEXT if fragment in rule), "het antwoord voldoet niet aan de regels van DDCC.")
    return f"Het portaal heeft het antwoord van DigiD geweigerd en u niet ingelogd: {reason}"


# Keywords in a RepresentationType URN (published or simulator-specific) and the ground they name.
REPRESENTATION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("gezag_kind", "ouderlijk gezag"),
    ("voogd", "voogdij"),
    ("gezag", "ouderlijk gezag"),
    ("bewind", "beschermingsbewind"),
    ("curatele", "curatele"),
    ("curator", "curatele"),
    ("mentor", "mentorschap"),
)

GEZAG_GROUND = {
    "GezamenlijkOuderlijkGezag": "ouderlijk gezag",
    "TweehoofdigOuderlijkGezag": "ouderlijk gezag",
    "EenhoofdigOuderlijkGezag": "ouderlijk gezag",
    "GezamenlijkGezag": "gezamenlijk gezag",
    "Voogdij": "voogdij",
}

MAATREGEL_GROUND = {
    "beschermingsbewind": "beschermingsbewind",
    "provisioneel_bewind": "beschermingsbewind (provisioneel)",
    "curatele": "curatele",
    "mentorschap": "mentorschap",
}


def short_name(person: dict[str, Any]) -> str | None:
    """"J. de Vries" from a BRP person's naam."""
    naam = person.get("naam") or {}
    parts = [naam.get("voorletters"), naam.get("voorvoegsel"), naam.get("geslachtsnaam")]
    text = " ".join(p for p in parts if p)
    return text or naam.get("volledigeNaam")


def names_from_brp(answer: dict[str, Any] | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for person in (answer or {}).get("personen", []):
        name = short_name(person)
        if person.get("burgerservicenummer") and name:
            names[person["burgerservicenummer"]] = name
    return names


def _person(answer: dict[str, Any] | None, bsn: str) -> dict[str, Any] | None:
    return next((p for p in (answer or {}).get("personen", []) if p.get("burgerservicenummer") == bsn), None)


def _holders(relation: dict[str, Any]) -> list[str]:
    people = list(relation.get("ouders") or []) + list(relation.get("derden") or [])
    for key in ("ouder", "derde"):
        if relation.get(key):
            people.append(relation[key])
    return [p.get("burgerservicenummer") for p in people if isinstance(p, dict) and p.get("burgerservicenummer")]


def ground(result: LoginResult, brp: dict[str, Any] | None, toezicht: dict[str, Any] | None) -> str:
    """Why the acting person may act for the legal subject, as far as the portal can tell."""
    if result.representation_type:
        lowered = result.representation_type.lower()
        for keyword, name in REPRESENTATION_KEYWORDS:
            if keyword in lowered:
                return name
    if toezicht and toezicht.get("bevoegd"):
        for relation in toezicht.get("vertegenwoordigingsrelaties") or []:
            soort = relation.get("soortMaatregel")
            if soort in MAATREGEL_GROUND:
                return MAATREGEL_GROUND[soort]
    acting = _person(brp, result.acting.bsn) if result.acting else None
    if acting and result.legal:
        for relation in acting.get("gezag") or []:
            if (relation.get("minderjarige") or {}).get("burgerservicenummer") == result.legal.bsn and result.acting.bsn in _holders(relation):  # type: ignore[union-attr]
                return GEZAG_GROUND.get(relation.get("type", ""), "gezag")
    return "een machtiging (DigiD Machtigen)"


def who(bsn: str, names: dict[str, str]) -> str:
    name = names.get(bsn)
    return f"{name} (BSN {bsn})" if name else f"BSN {bsn}"


def sentence(result: LoginResult, service_name: str, names: dict[str, str], grond: str | None, machtigen: bool = False) -> str:
    """"U bent ingelogd als J. de Vries (BSN …) en handelt namens P. de Vries (BSN …) voor de dienst '…' op grond van …"."""
    if not result.success:
        return status_text(result, machtigen)
    assert result.acting is not None
    text = f"U bent ingelogd als {who(result.acting.bsn, names)}"
    if result.legal is not None:
        text += f" en handelt namens {who(result.legal.bsn, names)} voor de dienst '{service_name}'"
        if grond:
            text += f" op grond van {grond}"
    else:
        text += f" voor de dienst '{service_name}'"
    return text + "."


# The grounds Toezicht registers (Boek 1 BW titels 16, 19, 20); gezag and machtigingen it does not know.
LEGAL_MEASURES = frozenset({"beschermingsbewind", "curatele", "mentorschap"})

# BRP's gezag types (v2.6 and v2.7 names) as the page says them.
GEZAG_TEXT = {
    "GezamenlijkOuderlijkGezag": "gezamenlijk ouderlijk gezag",
    "TweehoofdigOuderlijkGezag": "gezamenlijk ouderlijk gezag",
    "EenhoofdigOuderlijkGezag": "eenhoofdig ouderlijk gezag",
    "GezamenlijkGezag": "gezamenlijk gezag (ouder en derde)",
    "Voogdij": "voogdij",
    "TijdelijkGeenGezag": "tijdelijk geen gezag",
    "GezagNietTeBepalen": "gezag niet te bepalen",
}

# Toezicht's answer codes and values, in words.
REDEN_TEXT = {
    "GEEN_RELATIE": "Toezicht kent geen relatie tussen deze vertegenwoordiger en deze persoon",
    "MAATREGEL_BEEINDIGD": "de maatregel is beëindigd",
    "NOG_NIET_INGEGAAN": "de maatregel is nog niet ingegaan",
    "ANDERE_VERTEGENWOORDIGER": "een andere vertegenwoordiger is benoemd",
    "BUITEN_OMVANG": "deze dienst valt buiten de omvang van de maatregel",
    "VERTEGENWOORDIGER_GESCHORST": "de vertegenwoordiger is geschorst",
    "NIET_ONDERSTEUND": "deze vorm van vertegenwoordiging wordt (nog) niet ondersteund",
    "beschermingsbewind": "beschermingsbewind",
    "provisioneel_bewind": "provisioneel bewind",
    "curatele": "curatele",
    "mentorschap": "mentorschap",
    "aangevraagd": "aangevraagd",
    "toekomstig": "toekomstig",
    "actief": "actief",
    "geschorst": "geschorst",
    "beeindigd": "beëindigd",
}


def gezag_text(kind: str | None) -> str:
    return GEZAG_TEXT.get(kind or "", kind or "onbekend gezag")


def reden_text(code: str | None) -> str:
    return REDEN_TEXT.get(code or "", code or "")
