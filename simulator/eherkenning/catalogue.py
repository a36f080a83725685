"""A DV's dienstencatalogus (esc:ServiceCatalogue): what the herkenningsmakelaar knows of each service instance
the DV offers — the ServiceID its AuthnRequests name (through AttributeConsumingServiceIndex), the ServiceUUID of
the service it is an instance of, that service's level and whom it may be used for (EntityConcernedTypesAllowed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..saml.xmlsecurity import SAML, XmlRejected, parse_xml

ESC = "urn:etoegang:1.13:service-catalog"
MAX_CATALOGUE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ServiceInstance:
    service_id: str  # urn:etoegang:DV:<OIN>:services:<index>
    index: int
    service_uuid: str  # the ServiceDefinition's ServiceUUID (InstanceOfService)
    loa: str | None  # AuthnContextClassRef of the definition
    entity_types: tuple[str, ...]  # EntityConcernedTypesAllowed


def read_catalogue(path: str) -> dict[int, ServiceInstance]:
    """Service instances by index (the last part of the ServiceID)."""
    root = parse_xml(Path(path).read_bytes(), MAX_CATALOGUE_BYTES)
    if root.tag != f"{{{ESC}}}ServiceCatalogue":
        raise XmlRejected(f"{path}: expected an esc:ServiceCatalogue ({ESC}), got {root.tag}")
    definitions = {}
    for definition in root.iter(f"{{{ESC}}}ServiceDefinition"):
        uuid = (definition.findtext(f"{{{ESC}}}ServiceUUID") or "").strip().lower()
        loa = (definition.findtext(f"{{{SAML}}}AuthnContextClassRef") or "").strip() or None
        types = tuple((e.text or "").strip() for e in definition.iterfind(f"{{{ESC}}}EntityConcernedTypesAllowed"))
        definitions[uuid] = (loa, types)
    instances: dict[int, ServiceInstance] = {}
    for instance in root.iter(f"{{{ESC}}}ServiceInstance"):
        service_id = (instance.findtext(f"{{{ESC}}}ServiceID") or "").strip()
        of = (instance.findtext(f"{{{ESC}}}InstanceOfService") or "").strip().lower()
        try:
            index = int(service_id.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            raise XmlRejected(f"{path}: ServiceID {service_id!r} is not urn:etoegang:DV:<OIN>:services:<index>") from None
        loa, types = definitions.get(of, (None, ()))
        instances[index] = ServiceInstance(service_id, index, of, loa, types)
    return instances
