"""SAML metadata: the simulator's own (signed IdP metadata of each door) and SP metadata (read from a scenario's
signed md:EntitiesDescriptor, and written for test SPs and for suppliers who want an example)."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from ..pki import key_name
from .xmlsecurity import DS, MD, SAML, SigningKey, XmlRejected, new_id, parse_xml, serialise, sign, verify_enveloped

POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
ARTIFACT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
SOAP_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
SERVICE_UUID = "urn:nl-eid-gdi:1.0:ServiceUUID"
METADATA_VALIDITY = dt.timedelta(days=7)
MAX_METADATA_BYTES = 16 * 1024 * 1024


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@functools.lru_cache(maxsize=256)  # an answer writes the same few instants many times; strftime is slow
def instant(moment: dt.datetime) -> str:
    """xs:dateTime in UTC with milliseconds, as DigiD writes it."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def certificate_base64(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def _md(parent: etree._Element, name: str, **attrib: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{MD}}}{name}", attrib)


def _key_descriptor(parent: etree._Element, use: str, certificate: x509.Certificate, name: str) -> None:
    descriptor = _md(parent, "KeyDescriptor", use=use)
    info = etree.SubElement(descriptor, f"{{{DS}}}KeyInfo")
    etree.SubElement(info, f"{{{DS}}}KeyName").text = name
    etree.SubElement(etree.SubElement(info, f"{{{DS}}}X509Data"), f"{{{DS}}}X509Certificate").text = certificate_base64(certificate)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What the metadata is, for anyone who reads it (an SP's admin screen shows md:Organization): not DigiD.
ORGANIZATION = {
    "nl": ("Machtigingen-simulator (ALLEEN VOOR TESTEN, niet DigiD)", "Simulator van de machtigingsvoorziening - alleen voor testen"),
    "en": ("Machtigingen simulator (TEST ONLY, not DigiD)", "Simulator of the Dutch machtigingsvoorziening - test only"),
}


def _organization(root: etree._Element, endpoint: str) -> None:
    """md:Organization after the role descriptor, as the metadata schema orders it; SPs need nothing from it.
    Its URL is the simulator's (the host of its endpoints)."""
    parts = urlsplit(endpoint)
    url = f"{parts.scheme}://{parts.netloc}/"
    organization = _md(root, "Organization")
    for tag, index in (("OrganizationName", 0), ("OrganizationDisplayName", 1)):
        for lang, texts in ORGANIZATION.items():
            etree.SubElement(organization, f"{{{MD}}}{tag}", {XML_LANG: lang}).text = texts[index]
    for lang in ORGANIZATION:
        etree.SubElement(organization, f"{{{MD}}}OrganizationURL", {XML_LANG: lang}).text = url


def idp_metadata(
    entity_id: str,
    signer: SigningKey,
    encryption_certificate: x509.Certificate | None,
    artifact_resolution: str,
    slo: list[tuple[str, str]],
    sso: list[tuple[str, str]],
) -> bytes:
    """Signed IdP metadata: ArtifactResolutionService (SOAP, index 0), then the SLO and SSO endpoints, each given
    as (binding, location)."""
    now = utc_now()
    root = etree.Element(
        f"{{{MD}}}EntityDescriptor",
        {"ID": new_id(), "entityID": entity_id, "validUntil": instant(now + METADATA_VALIDITY)},
        nsmap={"md": MD, "ds": DS},
    )
    idp = _md(root, "IDPSSODescriptor", WantAuthnRequestsSigned="true", protocolSupportEnumeration=PROTOCOL)
    _key_descriptor(idp, "signing", signer.certificate, signer.key_name)
    if encryption_certificate is not None:
        _key_descriptor(idp, "encryption", encryption_certificate, key_name(encryption_certificate))
    _md(idp, "ArtifactResolutionService", Binding=SOAP_BINDING, Location=artifact_resolution, index="0", isDefault="true")
    for binding, location in slo:
        _md(idp, "SingleLogoutService", Binding=binding, Location=location)
    for binding, location in sso:
        _md(idp, "SingleSignOnService", Binding=binding, Location=location)
    _organization(root, artifact_resolution)
    sign(root, signer)
    return serialise(root)


# -- SP metadata --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    location: str
    binding: str
    index: int | None = None
    is_default: bool = False
    response_location: str | None = None  # where LogoutResponses go, when not to `location`


@dataclass(frozen=True)
class EntityKeys:
    """What one EntityDescriptor of SP metadata says."""

    entity_id: str
    signing: tuple[x509.Certificate, ...] = ()
    encryption: tuple[tuple[x509.Certificate, str], ...] = ()  # (certificate, KeyName)
    acs: tuple[Endpoint, ...] = ()
    slo: tuple[Endpoint, ...] = ()
    attribute_consuming: dict[int, str] = field(default_factory=dict)  # index -> ServiceUUID
    default_attribute_consuming: int | None = None


def _bool_attr(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")


def _certificates(descriptor: etree._Element, entity_id: str, require_key_name: bool) -> tuple[list[x509.Certificate], list[tuple[x509.Certificate, str]]]:
    signing: list[x509.Certificate] = []
    encryption: list[tuple[x509.Certificate, str]] = []
    for kd in descriptor.iterfind(f"{{{MD}}}KeyDescriptor"):
        text = kd.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate")
        if not text:
            raise XmlRejected(f"{entity_id}: KeyDescriptor without ds:X509Certificate")
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode("".join(text.split())))
        except ValueError as exc:
            raise XmlRejected(f"{entity_id}: KeyDescriptor certificate cannot be read: {exc}") from None
        use = kd.get("use")
        if use in (None, "signing"):
            signing.append(certificate)
        if use in (None, "encryption"):
            name = (kd.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}KeyName") or "").strip()
            if not name and not require_key_name:
                name = key_name(certificate)
            if not name:
                # DigiD copies this KeyName into each EncryptedKey; clients select their key by it.
                raise XmlRejected(f"{entity_id}: encryption KeyDescriptor must contain ds:KeyName")
            encryption.append((certificate, name))
    return signing, encryption


def _entity(ed: etree._Element, require_key_name: bool) -> EntityKeys:
    entity_id = ed.get("entityID") or ""
    if not entity_id:
        raise XmlRejected("EntityDescriptor without entityID")
    sp = ed.find(f"{{{MD}}}SPSSODescriptor")
    if sp is None:
        raise XmlRejected(f"{entity_id}: no SPSSODescriptor")
    signing, encryption = _certificates(sp, entity_id, require_key_name)
    acs = tuple(
        Endpoint(e.get("Location") or "", e.get("Binding") or "", int(e.get("index") or 0), _bool_attr(e.get("isDefault")))
        for e in sp.iterfind(f"{{{MD}}}AssertionConsumerService")
    )
    slo = tuple(
        Endpoint(e.get("Location") or "", e.get("Binding") or "", response_location=e.get("ResponseLocation"))
        for e in sp.iterfind(f"{{{MD}}}SingleLogoutService")
    )
    consuming: dict[int, str] = {}
    default = None
    for acs_el in sp.iterfind(f"{{{MD}}}AttributeConsumingService"):
        index = int(acs_el.get("index") or 0)
        for requested in acs_el.iterfind(f"{{{MD}}}RequestedAttribute"):
            if requested.get("Name") == SERVICE_UUID:
                value = requested.findtext(f"{{{SAML}}}AttributeValue") or ""
                consuming[index] = re.sub(r"\s+", "", value)
        if _bool_attr(acs_el.get("isDefault")):
            default = index
    return EntityKeys(entity_id, tuple(signing), tuple(encryption), acs, slo, consuming, default)


def read_sp_metadata(
    data: bytes, trusted: list[x509.Certificate] | None = None, require_key_name: bool = True, allow_sha1: bool = False
) -> list[EntityKeys]:
    """The entities of signed SP metadata, connection (LC or DV) first.

    The signature is checked against `trusted` when given, else against the connection's own signing
    certificate (the first EntityDescriptor), as the reference describes."""
    root = parse_xml(data, MAX_METADATA_BYTES)
    if root.tag == f"{{{MD}}}EntitiesDescriptor":
        descriptors = root.findall(f"{{{MD}}}EntityDescriptor")
    elif root.tag == f"{{{MD}}}EntityDescriptor":
        descriptors = [root]
    else:
        raise XmlRejected(f"SP metadata root is {root.tag}, expected md:EntitiesDescriptor or md:EntityDescriptor")
    if not descriptors:
        raise XmlRejected("SP metadata holds no EntityDescriptor")
    connection = _entity(descriptors[0], require_key_name)
    signed = verify_enveloped(root, list(trusted or connection.signing), "SP metadata", allow_sha1)
    valid_until = signed.get("validUntil")
    if valid_until:
        try:
            until = dt.datetime.fromisoformat(valid_until.replace("Z", "+00:00"))
        except ValueError:
            raise XmlRejected(f"SP metadata validUntil {valid_until!r} is not a date-time") from None
        if until.tzinfo is None:
            until = until.replace(tzinfo=dt.timezone.utc)
        if until < utc_now():
            raise XmlRejected(f"SP metadata expired at {valid_until}")
    if signed.tag == f"{{{MD}}}EntitiesDescriptor":
        return [_entity(ed, require_key_name) for ed in signed.findall(f"{{{MD}}}EntityDescriptor")]
    return [_entity(signed, require_key_name)]


def sp_metadata(
    connection_id: str,
    signer: SigningKey,
    acs: list[str],
    slo: list[str],
    dienstverleners: list[tuple[str, list[x509.Certificate]]],
    service_uuids: list[str] = (),  # type: ignore[assignment]
    validity: dt.timedelta = dt.timedelta(days=365),
) -> bytes:
    """A signed md:EntitiesDescriptor as an LC publishes it: the connection first, then each DV with its
    encryption certificates (KeyName = SHA-256 hex of the DER). `service_uuids` become AttributeConsumingServices
    of the connection (index 0, 1, ...)."""
    root = etree.Element(
        f"{{{MD}}}EntitiesDescriptor",
        {"ID": new_id(), "validUntil": instant(utc_now() + validity)},
        nsmap={"md": MD, "ds": DS, "saml": SAML},
    )

    def entity(entity_id: str) -> etree._Element:
        ed = _md(root, "EntityDescriptor", ID=new_id(), entityID=entity_id)
        return _md(ed, "SPSSODescriptor", AuthnRequestsSigned="true", WantAssertionsSigned="true", protocolSupportEnumeration=PROTOCOL)

    own = dict(dienstverleners)
    first = entity(connection_id)
    _key_descriptor(first, "signing", signer.certificate, signer.key_name)
    for certificate in own.get(connection_id, []):
        _key_descriptor(first, "encryption", certificate, key_name(certificate))
    for location in slo:
        _md(first, "SingleLogoutService", Binding=POST, Location=location)
    for i, location in enumerate(acs):
        _md(first, "AssertionConsumerService", Binding=ARTIFACT, Location=location, index=str(i), isDefault="true" if i == 0 else "false")
    for i, uuid in enumerate(service_uuids):
        service = _md(first, "AttributeConsumingService", index=str(i), isDefault="true" if i == 0 else "false")
        name = _md(service, "ServiceName")
        name.set("{http://www.w3.org/XML/1998/namespace}lang", "nl-NL")
        name.text = uuid
        requested = _md(service, "RequestedAttribute", Name=SERVICE_UUID)
        etree.SubElement(requested, f"{{{SAML}}}AttributeValue").text = uuid
    for dv_id, certificates in dienstverleners:
        if dv_id == connection_id:
            continue
        descriptor = entity(dv_id)
        for certificate in certificates:
            _key_descriptor(descriptor, "encryption", certificate, key_name(certificate))
        # ST-SAML: a DV's ACS copies the LC's and is ignored.
        _md(descriptor, "AssertionConsumerService", Binding=ARTIFACT, Location=acs[0], index="0", isDefault="true")
    sign(root, signer)
    return serialise(root)
