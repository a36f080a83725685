"""Reading the SAML requests an SP sends: AuthnRequest (HTTP-POST), LogoutRequest (HTTP-POST) and ArtifactResolve
(SOAP). Each is parsed safely, its signature verified with the issuer's registered certificate, and only then
checked rule by rule; the result is a typed request, or `XmlRejected` naming the rule that failed."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

from lxml import etree

from ..scenario import World
from ..scenario.model import Dienst
from .metadata import ARTIFACT, ENTRANCE_PATH, utc_now
from .providers import Connection, Dienstverlener, ProviderProblem, ProviderRegistry
from .settings import DdccSettings
from .xmlsecurity import SAML, SAMLP, SOAP, XmlRejected, parse_xml, verify_enveloped

INTENDED_AUDIENCE = "urn:nl-eid-gdi:1.0:IntendedAudience"
SERVICE_UUID = "urn:nl-eid-gdi:1.0:ServiceUUID"
MAX_RELAY_STATE = 80
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_FRACTION = re.compile(r"(\.\d{6})\d+")


class CatalogueError(XmlRejected):
    """The request names a service the catalogue does not know (answered with 404, as DigiD does)."""


class Deviations(list[str]):
    """What a request did that the specification forbids but production is known to accept.

    Each is a named warning ("name: would be refused by a strict IdP: why") for the request log and diagnostics;
    in strict mode (SIMULATOR_DDCC_STRICT) the same deviation refuses the request instead."""

    def __init__(self, strict: bool):
        super().__init__()
        self.strict = strict

    def tolerate(self, name: str, what: str) -> None:
        if self.strict:
            raise XmlRejected(f"strict mode refuses {name}: {what}")
        self.append(f"{name}: would be refused by a strict IdP: {what}")


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
    deviations: tuple[str, ...] = ()


@dataclass(frozen=True)
class LogoutRequest:
    id: str
    connection: Connection
    name_id: str | None
    session_indexes: tuple[str, ...]
    relay_state: str | None


@dataclass(frozen=True)
class ArtifactResolve:
    id: str
    issuer: str
    artifact: str
    deviations: tuple[str, ...] = field(default=())


def _decode_form_message(form: Mapping[str, str], field: str, settings: DdccSettings) -> bytes:
    value = form.get(field)
    if not value:
        raise XmlRejected(f"no {field} form field: DDCC accepts the HTTP-POST binding only")
    compact = "".join(value.split())
    if len(compact) > settings.max_message_bytes * 4 // 3 + 4:
        raise XmlRejected(f"{field} is larger than the {settings.max_message_bytes} bytes accepted")
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise XmlRejected(f"{field} is not valid base64") from None


def received_message(raw: str | bytes | None, max_bytes: int) -> tuple[str | None, str | None]:
    """For the diagnostics view of a refused message: (the XML as received, its claimed Issuer), best effort.

    `raw` is the SAMLRequest form value (base64) or a SOAP body; nothing here is trusted or acted upon."""
    if not raw:
        return None, None
    data = raw.encode() if isinstance(raw, str) else raw
    if isinstance(raw, str):
        try:
            data = base64.b64decode("".join(raw.split()))
        except (binascii.Error, ValueError):
            return raw[:max_bytes], None
    text = data[:max_bytes].decode("utf-8", "replace")
    try:
        root = parse_xml(data, max_bytes)
    except XmlRejected:
        return text, None
    issuer = root.find(f".//{{{SAML}}}Issuer")
    return text, (issuer.text or "").strip() if issuer is not None else None


def _issuer(element: etree._Element, what: str) -> str:
    issuers = element.findall(f"{{{SAML}}}Issuer")
    if len(issuers) != 1 or not (issuers[0].text or "").strip():
        raise XmlRejected(f"{what}: exactly one non-empty saml:Issuer is required")
    for attribute in ("NameQualifier", "SPNameQualifier", "SPProvidedID"):
        if issuers[0].get(attribute) is not None:
            raise XmlRejected(f"{what}: Issuer must not carry {attribute}")
    return (issuers[0].text or "").strip()


def _instant(value: str | None, what: str) -> dt.datetime:
    if not value:
        raise XmlRejected(f"{what} is missing")
    try:
        moment = dt.datetime.fromisoformat(_FRACTION.sub(r"\1", value.strip()).replace("Z", "+00:00"))
    except ValueError:
        raise XmlRejected(f"{what} {value!r} is not an xs:dateTime") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _check_header(element: etree._Element, what: str, settings: DdccSettings, destination: str | None) -> str:
    """ID, Version, IssueInstant (within the accepted window) and Destination; returns the ID."""
    message_id = element.get("ID") or ""
    if not _NCNAME.match(message_id):
        raise XmlRejected(f"{what}: ID {message_id!r} is missing or not an xs:ID")
    if element.get("Version") != "2.0":
        raise XmlRejected(f"{what}: Version must be 2.0, got {element.get('Version')!r}")
    issued = _instant(element.get("IssueInstant"), f"{what}: IssueInstant")
    now = utc_now()
    if issued > now + dt.timedelta(seconds=settings.clock_skew):
        raise XmlRejected(f"{what}: IssueInstant {element.get('IssueInstant')} lies in the future (more than {settings.clock_skew} s)")
    if issued < now - dt.timedelta(seconds=settings.message_age + settings.clock_skew):
        raise XmlRejected(f"{what}: IssueInstant {element.get('IssueInstant')} is more than {settings.message_age} s old")
    given = element.get("Destination")
    if destination is not None and given != destination:
        raise XmlRejected(f"{what}: Destination {given!r} is not {destination!r}")
    return message_id


def _connection(registry: ProviderRegistry, world: World, issuer: str) -> Connection:
    try:
        return registry.get(world, issuer)
    except ProviderProblem as exc:
        raise XmlRejected(str(exc)) from None


def _signed_message(data: bytes, tag: str, what: str, settings: DdccSettings, registry: ProviderRegistry, world: World) -> tuple[etree._Element, Connection]:
    """Parse, find the issuer's connection and verify the signature; returns the element as signed."""
    root = parse_xml(data, settings.max_message_bytes)
    if root.tag != f"{{{SAMLP}}}{tag}":
        raise XmlRejected(f"expected samlp:{tag}, got {etree.QName(root).localname}")
    connection = _connection(registry, world, _issuer(root, what))
    return _verified(root, connection, what), connection


def _verified(root: etree._Element, connection: Connection, what: str) -> etree._Element:
    """The element as signed by `connection`; its Issuer, read again from what was signed, must be the same."""
    signed = verify_enveloped(root, list(connection.signing_certificates), what)
    if _issuer(signed, what) != connection.entity_id:
        raise XmlRejected(f"{what}: the signed Issuer differs from the one the message claims (comment injection?)")
    return signed


def _posted_message(
    form: Mapping[str, str], tag: str, settings: DdccSettings, registry: ProviderRegistry, world: World
) -> tuple[etree._Element, Connection, str | None]:
    """A signed request sent with the HTTP-POST binding: (the element as signed, its connection, RelayState)."""
    relay_state = form.get("RelayState")
    if relay_state is not None and len(relay_state) > MAX_RELAY_STATE:
        raise XmlRejected(f"RelayState is {len(relay_state)} characters, more than the {MAX_RELAY_STATE} allowed")
    data = _decode_form_message(form, "SAMLRequest", settings)
    request, connection = _signed_message(data, tag, tag, settings, registry, world)
    return request, connection, relay_state


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


def _acs(request: etree._Element, connection: Connection, settings: DdccSettings, deviations: Deviations) -> str:
    url = request.get("AssertionConsumerServiceURL")
    index = request.get("AssertionConsumerServiceIndex")
    binding = request.get("ProtocolBinding")
    if binding is not None and index is not None:
        raise XmlRejected("ProtocolBinding and AssertionConsumerServiceIndex must not both be present")
    if binding is not None and binding != ARTIFACT:
        raise XmlRejected(f"ProtocolBinding {binding!r}: DigiD answers with the HTTP-Artifact binding only")
    if url is not None:
        # The browser is sent there with the artifact: never a script URL, never a header-splitting one.
        if _CONTROL.search(url):
            raise XmlRejected(f"AssertionConsumerServiceURL {url!r} contains whitespace or control characters")
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise XmlRejected(f"AssertionConsumerServiceURL {url!r} is not an absolute http(s) URL")
        if url not in {e.location for e in connection.acs}:
            problem = f"AssertionConsumerServiceURL {url!r} is not an ACS in the metadata of {connection.entity_id}"
            if settings.strict_acs:  # as DigiD, which checks it against the SP metadata
                raise XmlRejected(problem)
            deviations.tolerate("acs_not_registered", problem)
        return url
    if index is not None:
        try:
            endpoint = connection.acs_by_index(int(index))
        except ValueError:
            endpoint = None
        if endpoint is None:
            raise XmlRejected(f"AssertionConsumerServiceIndex {index!r} names no ACS of {connection.entity_id}")
        return endpoint.location
    return connection.default_acs().location


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
    request, connection, relay_state = _posted_message(form, "AuthnRequest", settings, registry, world)
    message_id = _check_header(request, "AuthnRequest", settings, settings.url(f"{ENTRANCE_PATH}/request_authentication"))
    if (request.get("IsPassive") or "").strip().lower() in ("true", "1"):
        raise XmlRejected("AuthnRequest: IsPassive=true is not supported (DigiD always shows its login page)")
    for forbidden in ("Subject", "Conditions"):
        if request.find(f"{{{SAML}}}{forbidden}") is not None:
            raise XmlRejected(f"AuthnRequest must not contain saml:{forbidden}")
    deviations = Deviations(settings.strict)
    acs_url = _acs(request, connection, settings, deviations)
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
        message_id, connection, dv, dienst, acs_url, relay_state, machtigen, unsupported,
        (request.get("ForceAuthn") or "").strip().lower() in ("true", "1"), tuple(deviations),
    )


def read_logout_request(form: Mapping[str, str], settings: DdccSettings, registry: ProviderRegistry, world: World) -> LogoutRequest:
    request, connection, relay_state = _posted_message(form, "LogoutRequest", settings, registry, world)
    message_id = _check_header(request, "LogoutRequest", settings, settings.url(f"{ENTRANCE_PATH}/request_logout"))
    name_id = request.findtext(f"{{{SAML}}}NameID")
    indexes = tuple((s.text or "").strip() for s in request.iterfind(f"{{{SAMLP}}}SessionIndex"))
    # Some clients (and the ST-SAML example) put SessionIndex in the assertion namespace.
    indexes += tuple((s.text or "").strip() for s in request.iterfind(f"{{{SAML}}}SessionIndex"))
    if not name_id and not indexes:
        raise XmlRejected("LogoutRequest: give the transient NameID or a SessionIndex")
    return LogoutRequest(message_id, connection, name_id.strip() if name_id else None, indexes, relay_state)


def read_artifact_resolve(body: bytes, settings: DdccSettings, registry: ProviderRegistry, world: World) -> ArtifactResolve:
    deviations = Deviations(settings.strict)
    envelope = parse_xml(body, settings.max_message_bytes)
    soap = etree.QName(envelope).namespace
    if envelope.tag == f"{{{SOAP12}}}Envelope":
        # nl-rdo-max sends SOAP 1.2 against production, which answers it (SAML bindings 3.2 name SOAP 1.1 only).
        deviations.tolerate("soap12_envelope", "ArtifactResolve in a SOAP 1.2 envelope; the SAML SOAP binding is SOAP 1.1")
    elif envelope.tag != f"{{{SOAP}}}Envelope":
        raise XmlRejected("expected a SOAP 1.1 Envelope")
    found = envelope.findall(f"{{{soap}}}Body/{{{SAMLP}}}ArtifactResolve")
    if len(found) != 1:
        raise XmlRejected("SOAP Body must hold exactly one samlp:ArtifactResolve")
    # Verified as a document of its own: the signature must cover the ArtifactResolve, not the envelope.
    standalone = parse_xml(etree.tostring(found[0]), settings.max_message_bytes)
    connection = _connection(registry, world, _issuer(standalone, "ArtifactResolve"))
    resolve = _verified(standalone, connection, "ArtifactResolve")
    destination = resolve.get("Destination")
    expected = settings.url(f"{ENTRANCE_PATH}/resolve_artifact")
    if destination is not None and destination == settings.url(f"{ENTRANCE_PATH}/request_authentication"):
        # nl-rdo-max names the SSO URL here; production resolves it all the same.
        deviations.tolerate("artifact_resolve_destination_sso", f"ArtifactResolve Destination {destination!r} is the SSO URL, not {expected!r}")
        destination = None
    message_id = _check_header(resolve, "ArtifactResolve", settings, expected if destination is not None else None)
    artifact = (resolve.findtext(f"{{{SAMLP}}}Artifact") or "").strip()
    if not artifact:
        raise XmlRejected("ArtifactResolve: samlp:Artifact is missing")
    return ArtifactResolve(message_id, connection.entity_id, artifact, tuple(deviations))
