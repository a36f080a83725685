"""Reading the AuthnRequest an eHerkenning DV sends (HTTP-POST or HTTP-Redirect): the shared checks of
`simulator.saml.messages`, then eHerkenning's: the service instance named by AttributeConsumingServiceIndex
(from the DV's dienstencatalogus, else the scenario entry's `diensten`), its level, the ACS."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..saml.messages import Deviations, acs_url, check_header
from ..saml.providers import Connection
from ..saml.xmlsecurity import SAML, SAMLP, XmlRejected
from ..scenario import World
from ..scenario.model import EH_FOR_DIGID, EH_LEVELS, Dienst
from .catalogue import ServiceInstance
from .settings import LEVEL_OF_URI, EherkenningSettings



class CatalogueError(XmlRejected):
    """The request names a service the catalogue does not know (answered with 404)."""

    status = 404


@dataclass(frozen=True)
class AuthnRequest:
    id: str
    connection: Connection
    acs_url: str
    relay_state: str | None
    dienst: Dienst
    service_id: str
    level: str  # the lowest EH level the service accepts
    deviations: tuple[str, ...] = ()


def _requested_level(request: etree._Element) -> str | None:
    refs = [(r.text or "").strip() for r in request.iterfind(f"{{{SAMLP}}}RequestedAuthnContext/{{{SAML}}}AuthnContextClassRef")]
    unknown = [r for r in refs if r not in LEVEL_OF_URI]
    if unknown:
        raise XmlRejected(f"AuthnContextClassRef {unknown[0]!r} is not an eHerkenning level ({', '.join(LEVEL_OF_URI)})")
    return min((LEVEL_OF_URI[r] for r in refs), key=EH_LEVELS.index, default=None)


def read_authn_request(
    request: etree._Element, connection: Connection, relay_state: str | None, settings: EherkenningSettings,
    world: World, catalogue: dict[int, ServiceInstance] | None,
) -> AuthnRequest:
    """The checks after the signature (in the message or over the query string) has verified."""
    message_id = check_header(request, "AuthnRequest", settings, settings.url("request_authentication"))
    if (request.get("IsPassive") or "").strip().lower() in ("true", "1"):
        raise XmlRejected("AuthnRequest: IsPassive=true is not supported (the user always chooses a machtiging)")
    deviations = Deviations(settings.strict)
    acs = acs_url(request, connection, True, deviations)
    index_text = request.get("AttributeConsumingServiceIndex")
    if index_text is None:
        # Without an index the service is the DV's default AttributeConsumingService (isDefault in its metadata),
        # or its only service instance.
        index = connection.default_attribute_consuming
        if index is None and catalogue is not None and len(catalogue) == 1:
            index = next(iter(catalogue))
        if index is None:
            raise XmlRejected("AuthnRequest: no AttributeConsumingServiceIndex, and the DV's metadata marks no default AttributeConsumingService")
    else:
        try:
            index = int(index_text)
        except ValueError:
            raise XmlRejected(f"AttributeConsumingServiceIndex {index_text!r} is not a number") from None
    level = None
    if catalogue is not None:
        instance = catalogue.get(index)
        if instance is None:
            raise CatalogueError(f"AttributeConsumingServiceIndex {index} names no ServiceInstance in the dienstencatalogus of {connection.entity_id}")
        dienst = world.service(instance.service_uuid)
        if dienst is None:
            raise CatalogueError(f"ServiceUUID {instance.service_uuid} (ServiceID {instance.service_id}) is not a service of the scenario")
        service_id, level = instance.service_id, LEVEL_OF_URI.get(instance.loa or "")
    else:
        ref = connection.attribute_consuming.get(index)
        dienst = world.service(ref) if ref else None
        if dienst is None:
            raise CatalogueError(f"AttributeConsumingServiceIndex {index} names no service of {connection.entity_id}")
        service_id = f"{connection.entity_id.replace(':entities:', ':services:').rsplit(':', 1)[0]}:{index}"
    level = max(level or EH_FOR_DIGID[dienst.loa], _requested_level(request) or "EH2", key=EH_LEVELS.index)
    return AuthnRequest(message_id, connection, acs, relay_state, dienst, service_id, level, tuple(deviations))
