"""The outcome of a login in plain Dutch, as a municipality's portal would tell the citizen, and the ground of
representation as the portal can establish it (the assertion first, then the registers it asked)."""

from __future__ import annotations

from typing import Any

from .saml import LoginResult

# What a DDCC status means for the citizen (the inner samlp:Response status, "Top/Second").
STATUS_TEXT: dict[str, str] = {
    "Responder/AuthnFailed": "Het inloggen is geannuleerd.",
    "Responder/RequestDenied": "Het inloggen is niet gelukt (inloggen mislukt of de machtigingsdienst gaf een fout).",
    "Responder/NoAuthnContext": "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst.",
    "Requester/NoSupportedIDP": "DigiD kent de gevraagde machtigingsdienst niet.",
    "Requester/RequestDenied": "DigiD weigerde het ophalen van het resultaat (bijvoorbeeld: het artefact was verlopen).",
    # The same outcomes as OpenID Connect errors at the redirect URI ("Inloggen via OIDC").
    "access_denied": "Het inloggen is niet gelukt of geannuleerd (access_denied).",
    "unmet_authentication_requirements": "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst.",
    "login_required": "Er is geen inlogsessie; opnieuw inloggen is nodig (login_required).",
    "invalid_request": "De OpenID Provider weigerde het verzoek (invalid_request).",
}

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


def sentence(result: LoginResult, service_name: str, names: dict[str, str], grond: str | None) -> str:
    """"U bent ingelogd als J. de Vries (BSN …) en handelt namens P. de Vries (BSN …) voor de dienst '…' op grond van …"."""
    if not result.success:
        return STATUS_TEXT.get(result.status, f"Het inloggen is niet gelukt (status {result.status}).")
    assert result.acting is not None
    text = f"U bent ingelogd als {who(result.acting.bsn, names)}"
    if result.legal is not None:
        text += f" en handelt namens {who(result.legal.bsn, names)} voor de dienst '{service_name}'"
        if grond:
            text += f" op grond van {grond}"
    else:
        text += f" voor de dienst '{service_name}'"
    return text + "."
