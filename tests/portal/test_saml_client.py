"""The portal's DDCC client pieces against messages made independently (xmlsec1-signed, ST-SAML-shaped)."""

from __future__ import annotations

import base64

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from simulator.pki import key_name
from simulator.portal.saml import (
    IdpMetadata,
    SpIdentity,
    artifact_resolve,
    authn_request,
    logout_request,
    read_artifact_response,
    read_idp_metadata,
    read_logout_response,
)
from simulator.portal.saml_xml import NS, SamlError, decrypt_id, load_key, parse

from . import fake_idp
from .fake_idp import ACS, CERTS, IDP, SP


@pytest.fixture(scope="module")
def sp() -> SpIdentity:
    signing = x509.load_pem_x509_certificate((CERTS / "demo-sp-signing.crt").read_bytes())
    encryption = x509.load_pem_x509_certificate((CERTS / "demo-sp-encryption.crt").read_bytes())
    return SpIdentity(SP, ACS, load_key(str(CERTS / "demo-sp-signing.key")), key_name(signing), load_key(str(CERTS / "demo-sp-encryption.key")), key_name(encryption))


@pytest.fixture(scope="module")
def idp() -> IdpMetadata:
    certificate = x509.load_pem_x509_certificate((CERTS / "idp-signing.crt").read_bytes())
    return IdpMetadata(IDP, "http://idp.test/saml/v4/entrance/request_authentication", "http://idp.test/saml/v4/entrance/resolve_artifact", (certificate,))


def test_authn_request_is_signed_and_names_service_and_bvd(sp: SpIdentity, idp: IdpMetadata) -> None:
    bvd = "urn:nl-eid-gdi:1.0:BVD:00000099000000009000:entities:9002"
    request_id, xml = authn_request(sp, idp, "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01", bvd)
    assert fake_idp.xmlsec_verify(xml, f"{fake_idp.SAMLP}:AuthnRequest", CERTS / "demo-sp-signing.crt")
    root = parse(xml, "test")
    assert root.get("ID") == request_id and root.get("Destination") == idp.sso_url
    assert root.get("AssertionConsumerServiceURL") == ACS
    # Schema order: Issuer, Signature, Extensions, Scoping.
    assert [etree.QName(c).localname for c in root] == ["Issuer", "Signature", "Extensions", "Scoping"]
    assert root.findtext("saml:Issuer", namespaces=NS) == SP
    values = {a.get("Name"): a.findtext("saml:AttributeValue", namespaces=NS) for a in root.findall("samlp:Extensions/saml:Attribute", NS)}
    assert values == {"urn:nl-eid-gdi:1.0:ServiceUUID": "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01", "urn:nl-eid-gdi:1.0:IntendedAudience": SP}
    assert root.findtext("samlp:Scoping/samlp:RequesterID", namespaces=NS) == bvd
    # KeyName only, no certificate, as DigiD's messages.
    assert root.find("ds:Signature/ds:KeyInfo/ds:X509Data", NS) is None
    assert root.findtext("ds:Signature/ds:KeyInfo/ds:KeyName", namespaces=NS) == sp.signing_key_name


def test_authn_request_without_machtigen_has_no_scoping(sp: SpIdentity, idp: IdpMetadata) -> None:
    _, xml = authn_request(sp, idp, "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01", None)
    assert parse(xml, "test").find("samlp:Scoping", NS) is None


def test_artifact_resolve_is_a_signed_soap_message(sp: SpIdentity, idp: IdpMetadata) -> None:
    resolve_id, envelope = artifact_resolve(sp, idp, "AAQAAHZH")
    assert fake_idp.xmlsec_verify(envelope, f"{fake_idp.SAMLP}:ArtifactResolve", CERTS / "demo-sp-signing.crt")
    resolve = parse(envelope, "test").find("soap:Body/samlp:ArtifactResolve", NS)
    assert resolve.get("ID") == resolve_id and resolve.findtext("samlp:Artifact", namespaces=NS) == "AAQAAHZH"


def test_reads_a_representation(sp: SpIdentity, idp: IdpMetadata) -> None:
    soap = fake_idp.artifact_response("_resolve", "_request", acting="999990251", legal="999990263")
    result = read_artifact_response(soap, sp, idp, "_request", "_resolve")
    assert result.success
    assert (result.acting.bsn, result.legal.bsn) == ("999990251", "999990263")
    assert result.acting.qualifier == "urn:nl-eid-gdi:1.0:id:legacy-BSN"
    assert result.loa == "substantieel" and result.service_uuid == "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
    assert len(result.decrypted) == 2 and "999990263" in result.decrypted[1]


def test_reads_a_failure_status(sp: SpIdentity, idp: IdpMetadata) -> None:
    soap = fake_idp.artifact_response("_resolve", "_request", status=("Responder", "AuthnFailed"))
    result = read_artifact_response(soap, sp, idp, "_request", "_resolve")
    assert not result.success and result.status == "Responder/AuthnFailed" and result.acting is None


@pytest.mark.parametrize(
    ("fault", "rule"),
    [
        ("wrong_destination", "Destination"),
        ("wrong_audience", "Audience"),
        ("wrong_in_response_to", "InResponseTo"),
        ("wrong_recipient", "Recipient"),
        ("wrong_issuer", "Issuer"),
        ("expired_assertion", "expired"),
        ("bad_signature", "signature does not verify"),
        ("unsigned_assertion", "not signed"),
        ("missing_assertion", "0 assertions"),
        ("wrapped_assertion", "2 assertions"),
    ],
)
def test_rejects_every_protocol_fault(sp: SpIdentity, idp: IdpMetadata, fault: str, rule: str) -> None:
    soap = fake_idp.artifact_response("_resolve", "_request", fault=fault)
    with pytest.raises(SamlError, match=rule):
        read_artifact_response(soap, sp, idp, "_request", "_resolve")


def test_rejects_an_answer_to_another_artifact_resolve(sp: SpIdentity, idp: IdpMetadata) -> None:
    soap = fake_idp.artifact_response("_other", "_request")
    with pytest.raises(SamlError, match="not the ArtifactResolve ID"):
        read_artifact_response(soap, sp, idp, "_request", "_resolve")


def test_rejects_a_tampered_artifact_response(sp: SpIdentity, idp: IdpMetadata) -> None:
    soap = fake_idp.artifact_response("_resolve", "_request").replace(b'InResponseTo="_request"', b'InResponseTo="_requesT"', 1)
    with pytest.raises(SamlError, match="ArtifactResponse: signature does not verify"):
        read_artifact_response(soap, sp, idp, "_requesT", "_resolve")


def test_refuses_dtds(sp: SpIdentity, idp: IdpMetadata) -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">&e;</soap:Envelope>'
    with pytest.raises(SamlError, match="DTD"):
        read_artifact_response(evil, sp, idp, "_request", "_resolve")


def test_encrypted_key_for_another_recipient_is_not_used(sp: SpIdentity) -> None:
    element = fake_idp.encrypted_id("999990251", recipient="urn:nl-eid-gdi:1.0:DV:00000099000000009999:entities:9999")
    with pytest.raises(SamlError, match="no EncryptedKey for Recipient"):
        decrypt_id(element, sp.encryption_key, SP, sp.encryption_key_name)


def signed_idp_metadata(valid_until: str) -> bytes:
    idp_cert = x509.load_pem_x509_certificate((CERTS / "idp-signing.crt").read_bytes())
    der = base64.b64encode(idp_cert.public_bytes(Encoding.DER)).decode()
    md = "urn:oasis:names:tc:SAML:2.0:metadata"
    template = f"""<md:EntityDescriptor xmlns:md="{md}" xmlns:ds="{fake_idp.DS}" xmlns:saml="{fake_idp.SAML}" ID="_m1" entityID="{IDP}" validUntil="{valid_until}">
<saml:Issuer>{IDP}</saml:Issuer>
<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
<md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="http://idp.test/ars" index="0"/>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://idp.test/sso"/>
</md:IDPSSODescriptor></md:EntityDescriptor>"""
    root = etree.fromstring(template)
    fake_idp._insert_signature_template(root)  # the helper places it after the Issuer
    return fake_idp.xmlsec_sign(etree.tostring(root), f"{md}:EntityDescriptor")


def test_idp_metadata_must_be_signed_by_a_certificate_of_the_test_ca() -> None:
    ca = x509.load_pem_x509_certificate((CERTS / "ca.crt").read_bytes())
    signed = signed_idp_metadata("2099-01-01T00:00:00Z")
    metadata = read_idp_metadata(signed, ca)
    assert (metadata.entity_id, metadata.sso_url, metadata.artifact_resolution_url) == (IDP, "http://idp.test/sso", "http://idp.test/ars")
    with pytest.raises(SamlError, match="signature does not verify"):
        read_idp_metadata(signed.replace(b"http://idp.test/sso", b"http://evil.test/sso"), ca)
    # A certificate the CA did not issue is no trust anchor, however well it signs.
    with pytest.raises(SamlError, match="not issued by the test CA"):
        read_idp_metadata(signed, x509.load_pem_x509_certificate((CERTS / "demo-sp-signing.crt").read_bytes()))
    with pytest.raises(SamlError, match="expired"):
        read_idp_metadata(signed_idp_metadata("2020-01-01T00:00:00Z"), ca)


def test_garbage_in_an_encrypted_id_is_a_rejection_not_a_crash(sp: SpIdentity) -> None:
    element = fake_idp.encrypted_id("999990251")
    element.find(".//{http://www.w3.org/2001/04/xmlenc#}EncryptedData/{http://www.w3.org/2001/04/xmlenc#}CipherData/{http://www.w3.org/2001/04/xmlenc#}CipherValue").text = "bm90IGVub3VnaA=="
    with pytest.raises(SamlError, match="cannot be decrypted"):
        decrypt_id(element, sp.encryption_key, SP, sp.encryption_key_name)


def test_logout_request_and_response(sp: SpIdentity, idp: IdpMetadata) -> None:
    with_slo = IdpMetadata(idp.entity_id, idp.sso_url, idp.artifact_resolution_url, idp.signing_certificates, "http://idp.test/request_logout")
    request_id, xml = logout_request(sp, with_slo, "sess-1", "sess-1")
    assert fake_idp.xmlsec_verify(xml, f"{fake_idp.SAMLP}:LogoutRequest", CERTS / "demo-sp-signing.crt")
    root = parse(xml, "test")
    assert [etree.QName(c).localname for c in root] == ["Issuer", "Signature", "NameID", "SessionIndex"]
    response = etree.fromstring(
        f'<samlp:LogoutResponse xmlns:samlp="{fake_idp.SAMLP}" xmlns:saml="{fake_idp.SAML}" ID="_lr" Version="2.0" '
        f'IssueInstant="2026-06-15T10:00:00Z" Destination="{ACS}" InResponseTo="{request_id}"><saml:Issuer>{IDP}</saml:Issuer>'
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>'
    )
    fake_idp._insert_signature_template(response)
    signed = fake_idp.xmlsec_sign(etree.tostring(response), f"{fake_idp.SAMLP}:LogoutResponse")
    assert read_logout_response(signed, idp.signing_certificates, IDP, request_id, ACS) == "Success"
    with pytest.raises(SamlError, match="InResponseTo"):
        read_logout_response(signed, idp.signing_certificates, IDP, "_another", ACS)
    with pytest.raises(SamlError, match="not a samlp:LogoutResponse"):
        read_logout_response(xml, idp.signing_certificates, IDP, request_id, ACS)
