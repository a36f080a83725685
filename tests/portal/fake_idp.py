"""ArtifactResponses as DDCC sends them, made independently of the portal's code: signed by the xmlsec1 binary with
the IdP's test key, subject IDs encrypted for the demo SP (structure of ST-SAML's example
artifact_response_with_legal_representation.xml: EncryptedData with a RetrievalMethod, the EncryptedKey beside it).

Each `fault` produces one mistake a good SP must reject."""

from __future__ import annotations

import base64
import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree

from simulator.pki import key_name

ROOT = Path(__file__).resolve().parents[2]
CERTS = ROOT / "certs"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
IDP = "urn:nl-eid-gdi:1.0:TD:00000099000000009000:entities:9000"
SP = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"
ACS = "http://portal.test/portal/acs"

SIGNATURE_TEMPLATE = f"""<ds:Signature xmlns:ds="{DS}"><ds:SignedInfo>
<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
<ds:Reference URI="#{{id}}"><ds:Transforms>
<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>
<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>
</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:KeyName>{{key_name}}</ds:KeyName></ds:KeyInfo></ds:Signature>"""


def _idp_key_name() -> str:
    return key_name(x509.load_pem_x509_certificate((CERTS / "idp-signing.crt").read_bytes()))


def xmlsec_sign(xml: bytes, id_node: str) -> bytes:
    """Sign the first ds:Signature template of `xml` with the IdP key; `id_node` = ns:Name whose ID is referenced."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "in.xml")
        Path(source).write_bytes(xml)
        return subprocess.run(
            ["xmlsec1", "--sign", "--privkey-pem", str(CERTS / "idp-signing.key"), "--id-attr:ID", id_node, "--output", "-", source],
            check=True, capture_output=True,
        ).stdout


def _insert_signature_template(element: etree._Element) -> None:
    template = etree.fromstring(SIGNATURE_TEMPLATE.format(id=element.get("ID"), key_name=_idp_key_name()))
    element.find(f"{{{SAML}}}Issuer").addnext(template)


def encrypted_id(bsn: str, recipient: str = SP) -> etree._Element:
    """saml:EncryptedID holding a persistent legacy-BSN NameID, AES-256-CBC, key by RSA-OAEP-MGF1P (SHA-1)."""
    name_id = (
        f'<saml:NameID xmlns:saml="{SAML}" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" '
        f'NameQualifier="urn:nl-eid-gdi:1.0:id:legacy-BSN">{bsn}</saml:NameID>'
    ).encode()
    key, iv = os.urandom(32), os.urandom(16)
    pad = 16 - len(name_id) % 16
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    cipher = iv + encryptor.update(name_id + os.urandom(pad - 1) + bytes([pad])) + encryptor.finalize()
    certificate = x509.load_pem_x509_certificate((CERTS / "demo-sp-encryption.crt").read_bytes())
    wrapped = certificate.public_key().encrypt(key, padding.OAEP(padding.MGF1(hashes.SHA1()), hashes.SHA1(), None))  # type: ignore[union-attr]
    return etree.fromstring(
        f"""<saml:EncryptedID xmlns:saml="{SAML}" xmlns:xenc="{XENC}" xmlns:ds="{DS}">
<xenc:EncryptedData Id="_d{bsn}" Type="http://www.w3.org/2001/04/xmlenc#Element">
<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>
<ds:KeyInfo><ds:RetrievalMethod Type="http://www.w3.org/2001/04/xmlenc#EncryptedKey" URI="#_k{bsn}"/></ds:KeyInfo>
<xenc:CipherData><xenc:CipherValue>{base64.b64encode(cipher).decode()}</xenc:CipherValue></xenc:CipherData>
</xenc:EncryptedData>
<xenc:EncryptedKey Id="_k{bsn}" Recipient="{recipient}">
<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>
<ds:KeyInfo><ds:KeyName>{key_name(certificate)}</ds:KeyName></ds:KeyInfo>
<xenc:CipherData><xenc:CipherValue>{base64.b64encode(wrapped).decode()}</xenc:CipherValue></xenc:CipherData>
<xenc:ReferenceList><xenc:DataReference URI="#_d{bsn}"/></xenc:ReferenceList>
</xenc:EncryptedKey></saml:EncryptedID>"""
    )


def _instant(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def assertion(request_id: str, acting: str, legal: str | None, service_uuid: str, fault: str | None = None) -> bytes:
    now = dt.datetime.now(dt.timezone.utc)
    until = now - dt.timedelta(minutes=5) if fault == "expired_assertion" else now + dt.timedelta(minutes=2)
    recipient = "http://elsewhere.test/acs" if fault == "wrong_recipient" else ACS
    audience = "urn:nl-eid-gdi:1.0:DV:00000099000000009999:entities:9999" if fault == "wrong_audience" else SP
    in_response_to = "_someone_else" if fault == "wrong_in_response_to" else request_id
    issuer = "urn:nl-eid-gdi:1.0:TD:00000099000000009999:entities:9000" if fault == "wrong_issuer" else IDP
    a = etree.fromstring(
        f"""<saml:Assertion xmlns:saml="{SAML}" ID="_a{os.urandom(8).hex()}" IssueInstant="{_instant(now)}" Version="2.0">
<saml:Issuer>{issuer}</saml:Issuer>
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">sess-1</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData InResponseTo="{in_response_to}" NotOnOrAfter="{_instant(until)}" Recipient="{recipient}"/>
</saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="{_instant(now - dt.timedelta(minutes=2))}" NotOnOrAfter="{_instant(until)}">
<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AuthnStatement AuthnInstant="{_instant(now)}" SessionIndex="sess-1"><saml:AuthnContext>
<saml:AuthnContextClassRef>http://eidas.europa.eu/LoA/substantial</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
<saml:AttributeStatement>
<saml:Attribute Name="urn:nl-eid-gdi:1.0:ServiceUUID"><saml:AttributeValue>{service_uuid}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement></saml:Assertion>"""
    )
    statement = a.find(f"{{{SAML}}}AttributeStatement")
    for name, bsn in (("ActingSubjectID", acting), ("LegalSubjectID", legal)):
        if bsn:
            attribute = etree.SubElement(statement, f"{{{SAML}}}Attribute", Name=f"urn:nl-eid-gdi:1.0:{name}")
            etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").append(encrypted_id(bsn))
    if fault == "unsigned_assertion":
        return etree.tostring(a)
    _insert_signature_template(a)
    signed = xmlsec_sign(etree.tostring(a), f"{SAML}:Assertion")
    if fault == "bad_signature":
        signed = signed.replace(b"sess-1</saml:NameID>", b"sess-2</saml:NameID>", 1)  # changed after signing
    return signed


def artifact_response(
    resolve_id: str,
    request_id: str,
    acting: str = "999990251",
    legal: str | None = "999990263",
    service_uuid: str = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01",
    fault: str | None = None,
    status: tuple[str, str | None] = ("Success", None),
) -> bytes:
    """A SOAP envelope with the signed ArtifactResponse around an unsigned Response (with one signed Assertion)."""
    destination = "http://elsewhere.test/acs" if fault == "wrong_destination" else ACS
    top, second = status
    status_xml = f'<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:{top}">' + (
        f'<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:{second}"/>' if second else ""
    ) + "</samlp:StatusCode>"
    envelope = etree.fromstring(
        f"""<soap:Envelope xmlns:soap="{SOAP}"><soap:Body>
<samlp:ArtifactResponse xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="_r{os.urandom(8).hex()}" InResponseTo="{resolve_id}" IssueInstant="{_instant(dt.datetime.now(dt.timezone.utc))}" Version="2.0">
<saml:Issuer>{IDP}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
<samlp:Response ID="_p{os.urandom(8).hex()}" InResponseTo="{request_id}" Destination="{destination}" IssueInstant="{_instant(dt.datetime.now(dt.timezone.utc))}" Version="2.0">
<saml:Issuer>{IDP}</saml:Issuer><samlp:Status>{status_xml}</samlp:Status>
</samlp:Response></samlp:ArtifactResponse></soap:Body></soap:Envelope>"""
    )
    outer = envelope[0][0]
    response = outer.find(f"{{{SAMLP}}}Response")
    if top == "Success" and fault != "missing_assertion":
        response.append(etree.fromstring(assertion(request_id, acting, legal, service_uuid, fault)))
    if fault == "wrapped_assertion":
        # A second, unsigned assertion for someone else before the signed one: a wrapping attack.
        forged = etree.fromstring(assertion(request_id, "999990019", None, service_uuid, "unsigned_assertion"))
        response.insert(2, forged)
    _insert_signature_template(outer)
    return xmlsec_sign(etree.tostring(envelope), f"{SAMLP}:ArtifactResponse")


def xmlsec_verify(xml: bytes, id_node: str, certificate: Path) -> bool:
    """Whether xmlsec1 verifies the first signature of `xml` with `certificate` (an independent check)."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "in.xml")
        Path(source).write_bytes(xml)
        result = subprocess.run(
            ["xmlsec1", "--verify", "--pubkey-cert-pem", str(certificate), "--id-attr:ID", id_node, source], capture_output=True
        )
        return result.returncode == 0
