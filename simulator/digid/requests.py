"""Reading the AuthnRequest a classic DigiD SP sends, with the HTTP-POST or the HTTP-Redirect binding (DigiD's
SAML koppelvlak accepts both): the shared checks of `simulator.saml.messages`, then DigiD's own — the requested
level as an AuthnContextClassRef (the minimum the SP accepts) and the ACS for the artifact."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..saml.messages import Deviations, acs_url, check_header
from ..saml.providers import Connection
from ..saml.xmlsecurity import SAML, SAMLP, XmlRejected
from ..scenario import World
from ..scenario.model import DigidLevel
from .settings import DigidSettings

AC = "urn:oasis:names:tc:SAML:2.0:ac:classes:"
# DigiD's levels as SAML authentication context classes (Koppelvlakspecificatie DigiD SAML).
CLASS_OF_LEVEL = {
    DigidLevel.basis: AC + "PasswordProtectedTransport",
    DigidLevel.midden: AC + "MobileTwoFactorContract",
    DigidLevel.substantieel: AC + "Smartcard",
    DigidLevel.hoog: AC + "SmartcardPKI",
}
LEVEL_OF_CLASS = {uri: level for level, uri in CLASS_OF_LEVEL.items()}


@dataclass(frozen=True)
class AuthnRequest:
    id: str
    connection: Connection
    acs_url: str
    relay_state: str | None
    # The lowest level the SP accepts: its RequestedAuthnContext, raised to its service's level, if it has one.
    level: DigidLevel
    service_name: str
    force_authn: bool
    address: str | None  # the browser's IP address (SubjectLocality)
    deviations: tuple[str, ...] = ()


def _requested_level(request: etree._Element) -> DigidLevel | None:
    context = request.find(f"{{{SAMLP}}}RequestedAuthnContext")
    if context is None:
        return None
    comparison = context.get("Comparison", "exact")
    if comparison not in ("exact", "minimum"):
        raise XmlRejected(f"RequestedAuthnContext Comparison {comparison!r}: DigiD supports minimum (and exact, read as minimum)")
    refs = [(r.text or "").strip() for r in context.iterfind(f"{{{SAML}}}AuthnContextClassRef")]
    if not refs:
        raise XmlRejected("RequestedAuthnContext holds no AuthnContextClassRef")
    unknown = [r for r in refs if r not in LEVEL_OF_CLASS]
    if unknown:
        raise XmlRejected(f"AuthnContextClassRef {unknown[0]!r} is not a DigiD level ({', '.join(LEVEL_OF_CLASS)})")
    return min(LEVEL_OF_CLASS[r] for r in refs)


def read_authn_request(
    request: etree._Element, connection: Connection, relay_state: str | None, settings: DigidSettings, world: World, address: str | None
) -> AuthnRequest:
    """The checks after the signature (in the message or over the query string) has verified."""
    message_id = check_header(request, "AuthnRequest", settings, settings.url("request_authentication"))
    if (request.get("IsPassive") or "").strip().lower() in ("true", "1"):
        raise XmlRejected("AuthnRequest: IsPassive=true is not supported (DigiD always shows its login page)")
    for forbidden in ("Subject", "Conditions"):
        if request.find(f"{{{SAML}}}{forbidden}") is not None:
            raise XmlRejected(f"AuthnRequest must not contain saml:{forbidden}")
    deviations = Deviations(settings.strict)
    # DigiD checks a requested ACS URL against the SP's registration.
    acs = acs_url(request, connection, True, deviations)
    # Without a RequestedAuthnContext any level will do (DigiD then uses the level of the SP's registration).
    requested = _requested_level(request) or DigidLevel.basis
    service_name = connection.name
    if connection.diensten:
        dienst = world.services[connection.diensten[0]]
        requested = max(requested, DigidLevel[dienst.loa])
        service_name = dienst.naam
    return AuthnRequest(
        message_id, connection, acs, relay_state, requested, service_name,
        (request.get("ForceAuthn") or "").strip().lower() in ("true", "1"), address, tuple(deviations),
    )
