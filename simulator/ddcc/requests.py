"""Reading the AuthnRequest a DDCC SP sends (HTTP-POST): the shared checks of `simulator.saml.messages`, then
DDCC's own rules (the service from the Extensions or AttributeConsumingServiceIndex, the DV, Scoping for
machtigen). The result is a typed request, or `XmlRejected` naming the rule that failed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from lxml import etree

from ..saml.messages import Deviations, acs_url, check_header, posted_message
from ..saml.providers import Connection, Dienstverlener, ProviderRegistry
from ..saml.xmlsecurity import SAML, SAMLP, XmlRejected
from ..scenario import World
from ..scenario.model import Dienst
from .settings import DdccSettings

POST_ONLY = "DDCC accepts the HTTP-POST binding only"
INTENDED_AUDIENCE = "urn:nl-eid-gdi:1.0:IntendedAudience"
SERVICE_UUID = "urn:nl-eid-gdi:1.0:ServiceUUID"


class CatalogueError(XmlRejected):
    """The request names a service the catalogue does not know (answered with 404, as DigiD does)."""


@dataclass(frozen=True)
class AuthnRequest:
    id: str
    connection: Connection
    dv: Dienstverlener
    dienst: Dienst
    acs_url: str
    relay_state: str | None
    machtigen: bool
    # Why Scoping cannot be honoured (answered with Requester/NoSupportedIDP), or None.
    unsupported_scoping: str | None
    force_authn: bool
    # What production tolerates but a strict IdP refuses (simulator.saml.messages.Deviations).
    deviations: tuple[str, ...] = ()


def _extension_values(request: etree._Element, name: str) -> list[str]:
    path = f"{{{SAMLP}}}Extensions/{{{SAML}}}Attribute[@Name='{name}']/{{{SAML}}}AttributeValue"
    return [re.sub(r"\s+", "", v.text or "") for v in request.iterfind(path)]


def _service(request: etree._Element, connection: Connection, world: World) -> tuple[Dienst, str]:
    """The requested service and the DV it is requested for (Extensions, or AttributeConsumingServiceIndex)."""
    uuids = _extension_values(request, SERVICE_UUID)
    audiences = _extension_values(request, INTENDED_AUDIENCE)
    index = request.get("AttributeConsumingServiceIndex")
    if uuids:
        if len(uuids) != 1:
            raise XmlRejected("Extensions: exactly one ServiceUUID AttributeValue is required")
        if len(audiences) > 1:
            raise XmlRejected("Extensions: at most one IntendedAudience AttributeValue is allowed")
        ref, dv_id = uuids[0], (audiences[0] if audiences else connection.entity_id)
    elif index is not None:
        try:
            ref = connection.attribute_consuming[int(index)]
        except (ValueError, KeyError):
            raise XmlRejected(f"AttributeConsumingServiceIndex {index!r} names no AttributeConsumingService of {connection.entity_id}") from None
        dv_id = connection.entity_id
    else:
        raise XmlRejected("no service: give samlp:Extensions with a ServiceUUID attribute, or AttributeConsumingServiceIndex")
    dienst = world.service(ref)
    if dienst is None:
        raise CatalogueError(f"ServiceUUID {ref!r} is not in the service catalogue")
    return dienst, dv_id


def _scoping(request: etree._Element, settings: DdccSettings) -> tuple[bool, str | None]:
    """(machtigen requested, reason Scoping cannot be honoured)."""
    scoping = request.find(f"{{{SAMLP}}}Scoping")
    if scoping is None:
        return False, None
    requesters = [(r.text or "").strip() for r in scoping.iterfind(f"{{{SAMLP}}}RequesterID")]
    providers = [e.get("ProviderID") or "" for e in scoping.iterfind(f"{{{SAMLP}}}IDPList/{{{SAMLP}}}IDPEntry")]
    known = {settings.bvd_entity_id, settings.ad_entity_id, settings.entrance_entity_id}
    for requester in requesters:
        if requester != settings.bvd_entity_id:
            return False, f"RequesterID {requester!r} names no machtigen service known here"
    if providers and not known.intersection(providers):
        return False, "IDPList names no authentication or machtigen service known here"
    return settings.bvd_entity_id in requesters or settings.bvd_entity_id in providers, None


def read_authn_request(
    form: Mapping[str, str], settings: DdccSettings, registry: ProviderRegistry, world: World
) -> AuthnRequest:
    """Every check of the reference, in the order DigiD makes them; raises XmlRejected/CatalogueError."""
    request, connection, relay_state = posted_message(form, "AuthnRequest", settings, registry, world, POST_ONLY)
    message_id = check_header(request, "AuthnRequest", settings, settings.url(f"{settings.entrance_path}/request_authentication"))
    if (request.get("IsPassive") or "").strip().lower() in ("true", "1"):
        raise XmlRejected("AuthnRequest: IsPassive=true is not supported (DigiD always shows its login page)")
    for forbidden in ("Subject", "Conditions"):
        if request.find(f"{{{SAML}}}{forbidden}") is not None:
            raise XmlRejected(f"AuthnRequest must not contain saml:{forbidden}")
    deviations = Deviations(settings.strict)
    acs = acs_url(request, connection, settings.strict_acs, deviations)
    dienst, dv_id = _service(request, connection, world)
    dv = connection.dienstverleners.get(dv_id)
    if dv is None and dv_id == connection.entity_id:
        raise XmlRejected(f"{dv_id} has no encryption certificate of its own: name the DV in the Extensions' IntendedAudience")
    if dv is None:
        raise XmlRejected(f"IntendedAudience {dv_id!r} is not a DV of {connection.entity_id} with an encryption certificate")
    if not connection.may_request(dv, dienst):
        raise XmlRejected(f"{dv_id} is not registered for service {dienst.id} ({dienst.uuid})")
    machtigen, unsupported = _scoping(request, settings)
    return AuthnRequest(
        message_id, connection, dv, dienst, acs, relay_state, machtigen, unsupported,
        (request.get("ForceAuthn") or "").strip().lower() in ("true", "1"), tuple(deviations),
    )
