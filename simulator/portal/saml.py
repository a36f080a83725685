"""The portal's DDCC client, built from the wire protocol (eID SAML 4.x as DDCC speaks it; see ST-SAML):
IdP metadata, the signed AuthnRequest (HTTP-POST), the signed ArtifactResolve (SOAP) and the checks a good SP
makes on the ArtifactResponse before it trusts the assertion."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from .saml_xml import MD, NS, SAML, SAMLP, SOAP, SamlError, decrypt_id, parse, sign, verify

POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
ARTIFACT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
SOAP_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
STATUS = "urn:oasis:names:tc:SAML:2.0:status:"
SERVICE_UUID = "urn:nl-eid-gdi:1.0:ServiceUUID"
INTENDED_AUDIENCE = "urn:nl-eid-gdi:1.0:IntendedAudience"
ACTING_SUBJECT = "urn:nl-eid-gdi:1.0:ActingSubjectID"
LEGAL_SUBJECT = "urn:nl-eid-gdi:1.0:LegalSubjectID"
REPRESENTATION_TYPE = "urn:nl-eid-gdi:1.1:RepresentationType"
# eHerkenning's names for the same things (afsprakenstelsel, interface DV - HM).
EH_SERVICE_UUID = "urn:etoegang:core:ServiceUUID"
EH_ACTING_SUBJECT = "urn:etoegang:core:ActingSubjectID"
EH_LEGAL_SUBJECT = "urn:etoegang:core:LegalSubjectID"
BSN_QUALIFIER = "urn:nl-eid-gdi:1.0:id:legacy-BSN"
# Seconds of clock difference tolerated on NotBefore / NotOnOrAfter.
CLOCK_SKEW = dt.timedelta(seconds=30)

LOA_NAMES = {
    "http://eID.logius.nl/LoA/basic": "basis",
    "http://eid.logius.nl/LoA/basic": "basis",
    "http://eidas.europa.eu/LoA/low": "midden",
    "http://eidas.europa.eu/LoA/substantial": "substantieel",
    "http://eidas.europa.eu/LoA/high": "hoog",
    "urn:etoegang:core:assurance-class:loa2": "EH2",
    "urn:etoegang:core:assurance-class:loa2plus": "EH2+",
    "urn:etoegang:core:assurance-class:loa3": "EH3",
    "urn:etoegang:core:assurance-class:loa4": "EH4",
}


def new_id() -> str:
    # An xs:ID must not start with a digit.
    return "_" + secrets.token_hex(20)


def instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str | None, what: str) -> dt.datetime:
    if not text:
        raise SamlError(f"{what} is missing")
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SamlError(f"{what}: {text!r} is not an xs:dateTime") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class IdpMetadata:
    entity_id: str
    sso_url: str
    artifact_resolution_url: str
    signing_certificates: tuple[x509.Certificate, ...]
    slo_url: str | None = None


def read_idp_metadata(xml: bytes, trust_anchor: x509.Certificate) -> IdpMetadata:
    """The IdP's entity and endpoints, from metadata whose signature verifies with a certificate in it that the
    simulator's test CA issued (the CA is the portal's trust anchor, as PKIoverheid is in production)."""
    root = parse(xml, "IdP metadata")
    if root.tag != f"{{{MD}}}EntityDescriptor":
        raise SamlError("IdP metadata: root is not md:EntityDescriptor")
    idp = root.find("md:IDPSSODescriptor", NS)
    if idp is None:
        raise SamlError("IdP metadata: no md:IDPSSODescriptor")
    certificates = []
    for text in idp.xpath("md:KeyDescriptor[not(@use) or @use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate/text()", namespaces=NS):
        certificate = x509.load_der_x509_certificate(base64.b64decode("".join(str(text).split())))
        try:
            certificate.verify_directly_issued_by(trust_anchor)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise SamlError(f"IdP metadata: signing certificate {certificate.subject.rfc4514_string()} is not issued by the test CA ({type(exc).__name__})") from None
        certificates.append(certificate)
    if not certificates:
        raise SamlError("IdP metadata: no signing certificate")
    verified = verify(root, certificates, "IdP metadata")
    valid_until = verified.get("validUntil")
    if valid_until and parse_instant(valid_until, "IdP metadata validUntil") < dt.datetime.now(dt.timezone.utc):
        raise SamlError(f"IdP metadata: expired (validUntil {valid_until})")
    idp = verified.find("md:IDPSSODescriptor", NS)
    sso = idp.find(f"md:SingleSignOnService[@Binding='{POST_BINDING}']", NS)
    ars = idp.find(f"md:ArtifactResolutionService[@Binding='{SOAP_BINDING}']", NS)
    if sso is None or ars is None:
        raise SamlError("IdP metadata: needs an HTTP-POST SingleSignOnService and a SOAP ArtifactResolutionService")
    slo = idp.find(f"md:SingleLogoutService[@Binding='{POST_BINDING}']", NS)
    return IdpMetadata(
        verified.get("entityID") or "", sso.get("Location") or "", ars.get("Location") or "", tuple(certificates),
        slo.get("Location") if slo is not None else None,
    )


def entity_id_of(xml: bytes) -> str:
    """The entityID of a metadata document (the BVD's; the portal only needs its name for Scoping)."""
    root = parse(xml, "metadata")
    entity_id = root.get("entityID")
    if root.tag != f"{{{MD}}}EntityDescriptor" or not entity_id:
        raise SamlError("metadata: no md:EntityDescriptor with an entityID")
    return entity_id


@dataclass(frozen=True)
class SpIdentity:
    entity_id: str
    acs_url: str
    signing_key: rsa.RSAPrivateKey
    signing_key_name: str
    encryption_key: rsa.RSAPrivateKey
    encryption_key_name: str


def _element(parent: etree._Element, ns: str, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{name}", attrib)
    if text is not None:
        child.text = text
    return child


def _attribute(parent: etree._Element, name: str, value: str) -> None:
    attribute = _element(parent, SAML, "Attribute", Name=name)
    _element(attribute, SAML, "AttributeValue", value)


def authn_request(
    sp: SpIdentity, idp: IdpMetadata, service_uuid: str | None, requester_id: str | None, consuming_index: int | None = None
) -> tuple[str, bytes]:
    """(ID, signed AuthnRequest XML): for DDCC the service in Extensions and machtigen asked by
    Scoping/RequesterID = BVD; for eHerkenning the service instance as AttributeConsumingServiceIndex."""
    request_id = new_id()
    root = etree.Element(
        f"{{{SAMLP}}}AuthnRequest",
        {
            "ID": request_id,
            "Version": "2.0",
            "IssueInstant": instant(dt.datetime.now(dt.timezone.utc)),
            "Destination": idp.sso_url,
            "AssertionConsumerServiceURL": sp.acs_url,
            "ProtocolBinding": ARTIFACT_BINDING,
        },
        nsmap={"samlp": SAMLP, "saml": SAML},
    )
    if consuming_index is not None:
        root.set("AttributeConsumingServiceIndex", str(consuming_index))
    _element(root, SAML, "Issuer", sp.entity_id)
    if service_uuid:
        extensions = _element(root, SAMLP, "Extensions")
        _attribute(extensions, SERVICE_UUID, service_uuid)
        _attribute(extensions, INTENDED_AUDIENCE, sp.entity_id)
    if requester_id:
        scoping = _element(root, SAMLP, "Scoping")
        _element(scoping, SAMLP, "RequesterID", requester_id)
    signed = sign(root, sp.signing_key, sp.signing_key_name)
    return request_id, etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def artifact_resolve(sp: SpIdentity, idp: IdpMetadata, artifact: str) -> tuple[str, bytes]:
    """(ID, SOAP envelope with a signed ArtifactResolve)."""
    resolve_id = new_id()
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soapenv": SOAP})
    body = _element(envelope, SOAP, "Body")
    root = etree.Element(
        f"{{{SAMLP}}}ArtifactResolve",
        {"ID": resolve_id, "Version": "2.0", "IssueInstant": instant(dt.datetime.now(dt.timezone.utc)), "Destination": idp.artifact_resolution_url},
        nsmap={"samlp": SAMLP, "saml": SAML},
    )
    _element(root, SAML, "Issuer", sp.entity_id)
    _element(root, SAMLP, "Artifact", artifact)
    body.append(sign(root, sp.signing_key, sp.signing_key_name))
    return resolve_id, etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def logout_request(sp: SpIdentity, idp: IdpMetadata, name_id: str | None, session_index: str | None) -> tuple[str, bytes]:
    """(ID, signed LogoutRequest) for the HTTP-POST binding: the transient NameID and the SessionIndex."""
    if not idp.slo_url:
        raise SamlError("IdP metadata names no HTTP-POST SingleLogoutService")
    request_id = new_id()
    root = etree.Element(
        f"{{{SAMLP}}}LogoutRequest",
        {"ID": request_id, "Version": "2.0", "IssueInstant": instant(dt.datetime.now(dt.timezone.utc)), "Destination": idp.slo_url},
        nsmap={"samlp": SAMLP, "saml": SAML},
    )
    _element(root, SAML, "Issuer", sp.entity_id)
    if name_id:
        _element(root, SAML, "NameID", name_id, Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
    if session_index:
        _element(root, SAMLP, "SessionIndex", session_index)
    signed = sign(root, sp.signing_key, sp.signing_key_name)
    return request_id, etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def read_logout_response(xml: bytes, certificates: tuple[x509.Certificate, ...], issuer: str, request_id: str, destination: str) -> str:
    """The status ("Top/Second") of a signed LogoutResponse to our LogoutRequest."""
    unverified = parse(xml, "LogoutResponse")
    if unverified.tag != f"{{{SAMLP}}}LogoutResponse":
        raise SamlError("LogoutResponse: the message is not a samlp:LogoutResponse")
    response = verify(unverified, certificates, "LogoutResponse")
    _issuer(response, issuer, "LogoutResponse")
    if response.get("InResponseTo") != request_id:
        raise SamlError(f"LogoutResponse: InResponseTo {response.get('InResponseTo')!r} is not our LogoutRequest ID {request_id!r}")
    if response.get("Destination") != destination:
        raise SamlError(f"LogoutResponse: Destination {response.get('Destination')!r} is not our SLO {destination!r}")
    return _status(response)[0]


@dataclass
class Subject:
    bsn: str
    format: str | None
    qualifier: str | None


@dataclass
class LoginResult:
    """What the ArtifactResponse said, after every check passed (`status` Success) or the IdP's failure status."""

    status: str  # "Success" or "Top/Second"
    status_message: str | None = None
    acting: Subject | None = None
    legal: Subject | None = None
    service_uuid: str | None = None
    loa: str | None = None
    loa_uri: str | None = None
    representation_type: str | None = None
    session_index: str | None = None
    name_id: str | None = None
    decrypted: list[str] = field(default_factory=list)  # the NameIDs as decrypted, for the wire panel
    # What the wire panel's summary shows: who issued the assertion, for whom, valid when.
    issuer: str | None = None
    audiences: tuple[str, ...] = ()
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    legal_ids: list[Subject] = field(default_factory=list)  # every LegalSubjectID value (eHerkenning: KvK and RSIN)
    attributes: dict[str, str] = field(default_factory=dict)  # the other attributes with a plain value

    @property
    def success(self) -> bool:
        return self.status == "Success"


def _status(response: etree._Element) -> tuple[str, str | None]:
    top = response.find("samlp:Status/samlp:StatusCode", NS)
    if top is None or not top.get("Value"):
        raise SamlError("Response: no samlp:Status/samlp:StatusCode")
    value = (top.get("Value") or "").removeprefix(STATUS)
    second = top.find("samlp:StatusCode", NS)
    if second is not None and second.get("Value"):
        value += "/" + (second.get("Value") or "").removeprefix(STATUS)
    message = response.findtext("samlp:Status/samlp:StatusMessage", namespaces=NS)
    return value, message.strip() if message else None


def _issuer(element: etree._Element, expected: str, what: str) -> None:
    issuer = (element.findtext("saml:Issuer", namespaces=NS) or "").strip()
    if issuer != expected:
        raise SamlError(f"{what}: Issuer {issuer!r} is not the IdP {expected!r}")


def read_artifact_response(
    soap: bytes, sp: SpIdentity, idp: IdpMetadata, authn_request_id: str, resolve_id: str, now: dt.datetime | None = None
) -> LoginResult:
    """Check the ArtifactResponse as a careful SP does, then read the (decrypted) subjects.

    Raises SamlError naming the rule that failed; the portal shows it and does not log anyone in."""
    now = now or dt.datetime.now(dt.timezone.utc)
    envelope = parse(soap, "ArtifactResponse")
    if envelope.tag != f"{{{SOAP}}}Envelope":
        raise SamlError("ArtifactResponse: not a SOAP 1.1 Envelope")
    fault = envelope.find("soap:Body/soap:Fault", NS)
    if fault is not None:
        raise SamlError(f"ArtifactResolve refused with a SOAP Fault: {(fault.findtext('faultstring') or '').strip()}")
    unverified = envelope.find("soap:Body/samlp:ArtifactResponse", NS)
    if unverified is None:
        raise SamlError("ArtifactResponse: no samlp:ArtifactResponse in the SOAP Body")
    outer = verify(unverified, idp.signing_certificates, "ArtifactResponse")
    _issuer(outer, idp.entity_id, "ArtifactResponse")
    if outer.get("InResponseTo") != resolve_id:
        raise SamlError(f"ArtifactResponse: InResponseTo {outer.get('InResponseTo')!r} is not the ArtifactResolve ID {resolve_id!r}")
    outer_status, outer_message = _status(outer)
    if outer_status != "Success":
        raise SamlError(f"ArtifactResponse: status {outer_status} ({outer_message or 'no message'})")
    response = outer.find("samlp:Response", NS)
    if response is None:
        raise SamlError("ArtifactResponse: no samlp:Response (the artifact was unknown or already used)")
    _issuer(response, idp.entity_id, "Response")
    if response.get("InResponseTo") != authn_request_id:
        raise SamlError(f"Response: InResponseTo {response.get('InResponseTo')!r} is not our AuthnRequest ID {authn_request_id!r}")
    if response.get("Destination") != sp.acs_url:
        raise SamlError(f"Response: Destination {response.get('Destination')!r} is not our ACS {sp.acs_url!r}")
    status, message = _status(response)
    if status != "Success":
        return LoginResult(status, message)
    assertions = response.findall("saml:Assertion", NS)
    if len(assertions) != 1:
        raise SamlError(f"Response: status Success but {len(assertions)} assertions (expected exactly one)")
    assertion = verify(assertions[0], idp.signing_certificates, "Assertion")
    return _read_assertion(assertion, sp, idp, authn_request_id, now)


def _read_assertion(assertion: etree._Element, sp: SpIdentity, idp: IdpMetadata, request_id: str, now: dt.datetime) -> LoginResult:
    _issuer(assertion, idp.entity_id, "Assertion")
    conditions = assertion.find("saml:Conditions", NS)
    if conditions is None:
        raise SamlError("Assertion: no saml:Conditions")
    if conditions.get("NotBefore") and parse_instant(conditions.get("NotBefore"), "Conditions NotBefore") > now + CLOCK_SKEW:
        raise SamlError(f"Assertion: not valid before {conditions.get('NotBefore')}")
    if parse_instant(conditions.get("NotOnOrAfter"), "Conditions NotOnOrAfter") <= now - CLOCK_SKEW:
        raise SamlError(f"Assertion: expired (Conditions NotOnOrAfter {conditions.get('NotOnOrAfter')})")
    audiences = [a.strip() for a in conditions.xpath("saml:AudienceRestriction/saml:Audience/text()", namespaces=NS)]
    if sp.entity_id not in audiences:
        raise SamlError(f"Assertion: Audience {audiences} does not name us ({sp.entity_id})")
    confirmation = assertion.find("saml:Subject/saml:SubjectConfirmation[@Method='urn:oasis:names:tc:SAML:2.0:cm:bearer']/saml:SubjectConfirmationData", NS)
    if confirmation is None:
        raise SamlError("Assertion: no bearer SubjectConfirmationData")
    if confirmation.get("Recipient") != sp.acs_url:
        raise SamlError(f"Assertion: SubjectConfirmationData Recipient {confirmation.get('Recipient')!r} is not our ACS {sp.acs_url!r}")
    if confirmation.get("InResponseTo") != request_id:
        raise SamlError(f"Assertion: SubjectConfirmationData InResponseTo {confirmation.get('InResponseTo')!r} is not our AuthnRequest ID")
    if parse_instant(confirmation.get("NotOnOrAfter"), "SubjectConfirmationData NotOnOrAfter") <= now - CLOCK_SKEW:
        raise SamlError(f"Assertion: expired (SubjectConfirmationData NotOnOrAfter {confirmation.get('NotOnOrAfter')})")

    result = LoginResult("Success", issuer=idp.entity_id, audiences=tuple(audiences))
    if conditions.get("NotBefore"):
        result.valid_from = parse_instant(conditions.get("NotBefore"), "Conditions NotBefore")
    result.valid_until = parse_instant(conditions.get("NotOnOrAfter"), "Conditions NotOnOrAfter")
    result.name_id = (assertion.findtext("saml:Subject/saml:NameID", namespaces=NS) or "").strip() or None
    statement = assertion.find("saml:AuthnStatement", NS)
    if statement is not None:
        result.session_index = statement.get("SessionIndex")
        result.loa_uri = (statement.findtext("saml:AuthnContext/saml:AuthnContextClassRef", namespaces=NS) or "").strip() or None
        result.loa = LOA_NAMES.get(result.loa_uri or "")
    # Only the assertion's own statement: the Advice holds the underlying assertions with their own attributes.
    for attribute in assertion.findall("saml:AttributeStatement/saml:Attribute", NS):
        name = attribute.get("Name")
        value = attribute.find("saml:AttributeValue", NS)
        if value is None:
            continue
        if name in (SERVICE_UUID, EH_SERVICE_UUID):
            result.service_uuid = (value.text or "").strip()
        elif name == REPRESENTATION_TYPE:
            result.representation_type = (value.text or "").strip()
        elif name in (ACTING_SUBJECT, EH_ACTING_SUBJECT):
            result.acting = _subject(value, sp, name, result)
        elif name in (LEGAL_SUBJECT, EH_LEGAL_SUBJECT):
            result.legal_ids = [_subject(v, sp, name, result) for v in attribute.findall("saml:AttributeValue", NS)]
            result.legal = result.legal_ids[0]
        elif name and (value.text or "").strip():
            result.attributes[name] = (value.text or "").strip()
    if result.acting is None:
        raise SamlError("Assertion: no ActingSubjectID")
    return result


def _subject(value: etree._Element, sp: SpIdentity, name: str, result: LoginResult) -> Subject:
    encrypted = value.find("saml:EncryptedID", NS)
    if encrypted is not None:
        name_id = decrypt_id(encrypted, sp.encryption_key, sp.entity_id, sp.encryption_key_name)
        result.decrypted.append(f"<!-- {name.rsplit(':', 1)[-1]} -->\n" + etree.tostring(name_id, encoding="unicode"))
    else:
        # ST-SAML requires encryption for the DV; an unencrypted NameID is read but reported as it is.
        name_id = value.find("saml:NameID", NS)
        if name_id is None:
            raise SamlError(f"{name}: neither saml:EncryptedID nor saml:NameID")
    return Subject((name_id.text or "").strip(), name_id.get("Format"), name_id.get("NameQualifier"))
