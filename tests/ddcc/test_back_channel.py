"""The SOAP back channel (ArtifactResolve) and logout, with hand-built messages signed by signxml."""

from __future__ import annotations

import base64
import datetime as dt
import uuid

import pytest
import requests
from lxml import etree
from signxml import XMLSigner, methods

from .sp_client import CERTS, SAML, SAMLP, SOAP, TEST_LC, TestServiceProvider

WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"


def _signed(root: etree._Element, stem: str) -> etree._Element:
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    return signer.sign(root, key=(CERTS / f"{stem}.key").read_bytes(), cert=(CERTS / f"{stem}.crt").read_bytes(), reference_uri=root.get("ID"))


def artifact_resolve(artifact: str, issuer: str, stem: str | None) -> bytes:
    resolve = etree.Element(f"{{{SAMLP}}}ArtifactResolve", nsmap={"samlp": SAMLP, "saml": SAML},
                            ID=f"_{uuid.uuid4().hex}", Version="2.0",
                            IssueInstant=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    etree.SubElement(resolve, f"{{{SAML}}}Issuer").text = issuer
    etree.SubElement(resolve, "{http://www.w3.org/2000/09/xmldsig#}Signature", Id="placeholder", nsmap={"ds": "http://www.w3.org/2000/09/xmldsig#"})
    etree.SubElement(resolve, f"{{{SAMLP}}}Artifact").text = artifact
    if stem:
        resolve = _signed(resolve, stem)
    else:
        resolve.remove(resolve[1])
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soapenv": SOAP})
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(resolve)
    return etree.tostring(envelope)


def post_soap(sim, body: bytes, action: str | None) -> requests.Response:  # type: ignore[no-untyped-def]
    headers = {"Content-Type": "text/xml"}
    if action is not None:
        headers["SOAPAction"] = action
    return requests.post(f"{sim.base_url}/saml/v4/entrance/resolve_artifact", data=body, headers=headers, timeout=10)


@pytest.mark.parametrize("action", ["resolve_artifact", "http://www.oasis-open.org/committees/security", None])
def test_any_soap_action_is_accepted(sim, sp: TestServiceProvider, action: str | None) -> None:  # type: ignore[no-untyped-def]
    _, redirect = sp.login(WOZ, bsn="999990019")
    artifact = sp.artifact_of(redirect)[0]
    answer = post_soap(sim, artifact_resolve(artifact, sp.client.config.entityid, "test-sp-signing"), action)
    assert answer.status_code == 200
    assert etree.fromstring(answer.content).find(f".//{{{SAMLP}}}Response/{{{SAML}}}Assertion") is not None


def test_artifact_resolve_must_be_signed_by_the_requester(sim, sp: TestServiceProvider) -> None:  # type: ignore[no-untyped-def]
    request_id, redirect = sp.login(WOZ, bsn="999990019")
    artifact = sp.artifact_of(redirect)[0]
    unsigned = post_soap(sim, artifact_resolve(artifact, sp.client.config.entityid, None), "resolve_artifact")
    assert unsigned.status_code == 400 and b"not signed" in unsigned.content
    wrong_key = post_soap(sim, artifact_resolve(artifact, sp.client.config.entityid, "test-lc-signing"), None)
    assert wrong_key.status_code == 400 and b"does not verify" in wrong_key.content
    # Another registered SP gets an ArtifactResponse without a message, and the artifact stays for its owner.
    other = post_soap(sim, artifact_resolve(artifact, TEST_LC, "test-lc-signing"), None)
    assert other.status_code == 200
    assert etree.fromstring(other.content).find(f".//{{{SAMLP}}}Response") is None
    assert sp.resolve(request_id, redirect).acting_bsn == "999990019"


def test_hostile_soap_is_refused(sim) -> None:  # type: ignore[no-untyped-def]
    dtd = b'<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">&x;</soapenv:Envelope>'
    assert post_soap(sim, dtd, None).status_code == 400
    assert post_soap(sim, b"<not-soap/>", None).status_code == 400


def test_logout_request_is_checked(sim, sp: TestServiceProvider) -> None:  # type: ignore[no-untyped-def]
    outcome = sp.full_flow(WOZ, bsn="999990019")
    request_id, request = sp.client.create_logout_request(
        "https://elsewhere.example/logout", sp.idp_entity_id, name_id=outcome.pysaml2_response.assertion.subject.name_id,
        sign=True,
    )
    data = {"SAMLRequest": base64.b64encode(str(request).encode()).decode()}
    answer = requests.post(f"{sim.base_url}/saml/v4/entrance/request_logout", data=data, timeout=10)
    assert answer.status_code == 400 and "Destination" in answer.text


def test_control_reset_forgets_artifacts_waiting_to_be_resolved(sim, sp: TestServiceProvider) -> None:  # type: ignore[no-untyped-def]
    _, redirect = sp.login(WOZ, bsn="999990019")
    artifact = sp.artifact_of(redirect)[0]
    assert requests.post(f"{sim.base_url}/control/reset", timeout=10).status_code == 200
    answer = post_soap(sim, artifact_resolve(artifact, sp.client.config.entityid, "test-sp-signing"), "resolve_artifact")
    assert answer.status_code == 200
    assert etree.fromstring(answer.content).find(f".//{{{SAMLP}}}Response") is None  # unknown now: no message
