"""Reading the SAML requests an SP sends, the parts every door shares: the HTTP-POST (and HTTP-Redirect) binding,
the message header (ID, Version, IssueInstant, Destination), the Issuer and its signature, the ACS, and the
LogoutRequest and ArtifactResolve messages whole. Each message is parsed safely, its signature verified with the
issuer's registered certificate, and only then checked rule by rule; the result is a typed request, or
`XmlRejected` naming the rule that failed. A door reads its AuthnRequest with these pieces and its own rules."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping, Protocol
from urllib.parse import unquote_plus, urlsplit

from lxml import etree

from ..scenario import World
from .metadata import ARTIFACT, utc_now
from .providers import Connection, ProviderProblem, ProviderRegistry
from .redirect import inflate, query_parameters, verify_query_signature
from .xmlsecurity import SAML, SAMLP, SOAP, XmlRejected, parse_xml, verify_enveloped

MAX_RELAY_STATE = 80
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_FRACTION = re.compile(r"(\.\d{6})\d+")


class MessageRules(Protocol):
    """The settings of a door the message checks depend on."""

    @property
    def max_message_bytes(self) -> int: ...  # largest accepted message (decoded), in bytes

    @property
    def clock_skew(self) -> int: ...  # seconds an IssueInstant may lie in the future

    @property
    def message_age(self) -> int: ...  # seconds an IssueInstant may lie in the past

    @property
    def strict(self) -> bool: ...  # refuse what production is known to tolerate (see Deviations)


class Deviations(list[str]):
    """What a request did that the specification forbids but production is known to accept.

    Each is a named warning ("name: would be refused by a strict IdP: why") for the request log and diagnostics;
    in strict mode the same deviation refuses the request instead."""

    def __init__(self, strict: bool):
        super().__init__()
        self.strict = strict

    def tolerate(self, name: str, what: str) -> None:
        if self.strict:
            raise XmlRejected(f"strict mode refuses {name}: {what}")
        self.append(f"{name}: would be refused by a strict IdP: {what}")


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


def decode_form_message(form: Mapping[str, str], field: str, rules: MessageRules, binding_note: str) -> bytes:
    """The base64 message of an HTTP-POST form field; `binding_note` says which bindings the door accepts."""
    value = form.get(field)
    if not value:
        raise XmlRejected(f"no {field} form field: {binding_note}")
    compact = "".join(value.split())
    if len(compact) > rules.max_message_bytes * 4 // 3 + 4:
        raise XmlRejected(f"{field} is larger than the {rules.max_message_bytes} bytes accepted")
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


def issuer_of(element: etree._Element, what: str) -> str:
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


def check_header(element: etree._Element, what: str, rules: MessageRules, destination: str | None) -> str:
    """ID, Version, IssueInstant (within the accepted window) and Destination; returns the ID."""
    message_id = element.get("ID") or ""
    if not _NCNAME.match(message_id):
        raise XmlRejected(f"{what}: ID {message_id!r} is missing or not an xs:ID")
    if element.get("Version") != "2.0":
        raise XmlRejected(f"{what}: Version must be 2.0, got {element.get('Version')!r}")
    issued = _instant(element.get("IssueInstant"), f"{what}: IssueInstant")
    now = utc_now()
    if issued > now + dt.timedelta(seconds=rules.clock_skew):
        raise XmlRejected(f"{what}: IssueInstant {element.get('IssueInstant')} lies in the future (more than {rules.clock_skew} s)")
    if issued < now - dt.timedelta(seconds=rules.message_age + rules.clock_skew):
        raise XmlRejected(f"{what}: IssueInstant {element.get('IssueInstant')} is more than {rules.message_age} s old")
    given = element.get("Destination")
    if destination is not None and given != destination:
        raise XmlRejected(f"{what}: Destination {given!r} is not {destination!r}")
    return message_id


def connection_of(registry: ProviderRegistry, world: World, issuer: str) -> Connection:
    try:
        return registry.get(world, issuer)
    except ProviderProblem as exc:
        raise XmlRejected(str(exc)) from None


def verified(root: etree._Element, connection: Connection, what: str) -> etree._Element:
    """The element as signed by `connection`; its Issuer, read again from what was signed, must be the same."""
    signed = verify_enveloped(root, list(connection.signing_certificates), what)
    if issuer_of(signed, what) != connection.entity_id:
        raise XmlRejected(f"{what}: the signed Issuer differs from the one the message claims (comment injection?)")
    return signed


def signed_message(data: bytes, tag: str, rules: MessageRules, registry: ProviderRegistry, world: World) -> tuple[etree._Element, Connection]:
    """Parse, find the issuer's connection and verify the signature; returns the element as signed."""
    root = parse_xml(data, rules.max_message_bytes)
    if root.tag != f"{{{SAMLP}}}{tag}":
        raise XmlRejected(f"expected samlp:{tag}, got {etree.QName(root).localname}")
    connection = connection_of(registry, world, issuer_of(root, tag))
    return verified(root, connection, tag), connection


def relay_state_of(form: Mapping[str, str]) -> str | None:
    relay_state = form.get("RelayState")
    if relay_state is not None and len(relay_state) > MAX_RELAY_STATE:
        raise XmlRejected(f"RelayState is {len(relay_state)} characters, more than the {MAX_RELAY_STATE} allowed")
    return relay_state


def posted_message(
    form: Mapping[str, str], tag: str, rules: MessageRules, registry: ProviderRegistry, world: World, binding_note: str
) -> tuple[etree._Element, Connection, str | None]:
    """A signed request sent with the HTTP-POST binding: (the element as signed, its connection, RelayState)."""
    relay_state = relay_state_of(form)
    data = decode_form_message(form, "SAMLRequest", rules, binding_note)
    request, connection = signed_message(data, tag, rules, registry, world)
    return request, connection, relay_state


def redirected_message(
    query_string: bytes, tag: str, rules: MessageRules, registry: ProviderRegistry, world: World
) -> tuple[etree._Element, Connection, str | None]:
    """A request sent with the HTTP-Redirect binding, its query-string signature verified: (the element, its
    connection, RelayState). Nothing of the message is used before the signature over it has verified."""
    raw = query_parameters(query_string)
    if "SAMLRequest" not in raw:
        raise XmlRejected("no SAMLRequest query parameter (HTTP-Redirect binding)")
    relay_state = relay_state_of({"RelayState": unquote_plus(raw["RelayState"])} if "RelayState" in raw else {})
    root = parse_xml(inflate(raw["SAMLRequest"], rules.max_message_bytes, "SAMLRequest"), rules.max_message_bytes)
    if root.tag != f"{{{SAMLP}}}{tag}":
        raise XmlRejected(f"expected samlp:{tag}, got {etree.QName(root).localname}")
    connection = connection_of(registry, world, issuer_of(root, tag))
    verify_query_signature(raw, "SAMLRequest", list(connection.signing_certificates), tag)
    return root, connection, relay_state


def acs_url(request: etree._Element, connection: Connection, registered_only: bool, deviations: Deviations) -> str:
    """Where the artifact goes: the requested URL, the indexed ACS, or the SP's default ACS.

    A requested URL must be an absolute http(s) URL without control characters (the browser is sent there), and
    one of the SP's registered ACS endpoints (as DigiD checks it against the SP metadata) unless
    `registered_only` is off, when an unregistered one is a tolerated deviation."""
    url = request.get("AssertionConsumerServiceURL")
    index = request.get("AssertionConsumerServiceIndex")
    binding = request.get("ProtocolBinding")
    if binding is not None and index is not None:
        raise XmlRejected("ProtocolBinding and AssertionConsumerServiceIndex must not both be present")
    if binding is not None and binding != ARTIFACT:
        raise XmlRejected(f"ProtocolBinding {binding!r}: DigiD answers with the HTTP-Artifact binding only")
    if url is not None:
        if _CONTROL.search(url):
            raise XmlRejected(f"AssertionConsumerServiceURL {url!r} contains whitespace or control characters")
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise XmlRejected(f"AssertionConsumerServiceURL {url!r} is not an absolute http(s) URL")
        if url not in {e.location for e in connection.acs}:
            problem = f"AssertionConsumerServiceURL {url!r} is not an ACS in the metadata of {connection.entity_id}"
            if registered_only:
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


def read_logout_request(
    form: Mapping[str, str], rules: MessageRules, registry: ProviderRegistry, world: World, destination: str, binding_note: str
) -> LogoutRequest:
    """A LogoutRequest sent with the HTTP-POST binding."""
    request, connection, relay_state = posted_message(form, "LogoutRequest", rules, registry, world, binding_note)
    return logout_request_of(request, connection, relay_state, rules, destination)


def logout_request_of(
    request: etree._Element, connection: Connection, relay_state: str | None, rules: MessageRules, destination: str
) -> LogoutRequest:
    """The checks of a LogoutRequest whose signature has been verified (in either binding)."""
    message_id = check_header(request, "LogoutRequest", rules, destination)
    name_id = request.findtext(f"{{{SAML}}}NameID")
    indexes = tuple((s.text or "").strip() for s in request.iterfind(f"{{{SAMLP}}}SessionIndex"))
    # Some clients (and the ST-SAML example) put SessionIndex in the assertion namespace.
    indexes += tuple((s.text or "").strip() for s in request.iterfind(f"{{{SAML}}}SessionIndex"))
    if not name_id and not indexes:
        raise XmlRejected("LogoutRequest: give the transient NameID or a SessionIndex")
    return LogoutRequest(message_id, connection, name_id.strip() if name_id else None, indexes, relay_state)


def read_artifact_resolve(
    body: bytes, rules: MessageRules, registry: ProviderRegistry, world: World, destination: str, sso_url: str | None = None
) -> ArtifactResolve:
    """The signed ArtifactResolve of a SOAP 1.1 envelope; a Destination, when given, must be `destination`.

    Tolerated (production answers them; nl-rdo-max sends both): a SOAP 1.2 envelope, and Destination = `sso_url`."""
    deviations = Deviations(rules.strict)
    envelope = parse_xml(body, rules.max_message_bytes)
    if envelope.tag == f"{{{SOAP12}}}Envelope":
        deviations.tolerate("soap12_envelope", "ArtifactResolve in a SOAP 1.2 envelope; the SAML SOAP binding is SOAP 1.1")
    elif envelope.tag != f"{{{SOAP}}}Envelope":
        raise XmlRejected("expected a SOAP 1.1 Envelope")
    found = envelope.findall(f"{{{etree.QName(envelope).namespace}}}Body/{{{SAMLP}}}ArtifactResolve")
    if len(found) != 1:
        raise XmlRejected("SOAP Body must hold exactly one samlp:ArtifactResolve")
    # Verified as a document of its own: the signature must cover the ArtifactResolve, not the envelope.
    standalone = parse_xml(etree.tostring(found[0]), rules.max_message_bytes)
    connection = connection_of(registry, world, issuer_of(standalone, "ArtifactResolve"))
    resolve = verified(standalone, connection, "ArtifactResolve")
    given = resolve.get("Destination")
    if given is not None and given == sso_url:
        deviations.tolerate("artifact_resolve_destination_sso", f"ArtifactResolve Destination {given!r} is the SSO URL, not {destination!r}")
        given = None
    message_id = check_header(resolve, "ArtifactResolve", rules, destination if given is not None else None)
    artifact = (resolve.findtext(f"{{{SAMLP}}}Artifact") or "").strip()
    if not artifact:
        raise XmlRejected("ArtifactResolve: samlp:Artifact is missing")
    return ArtifactResolve(message_id, connection.entity_id, artifact, tuple(deviations))
