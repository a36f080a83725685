"""The eHerkenning door's own rules, with messages built here against the default scenario's portal DV (short
form: AttributeConsumingServiceIndex i = its i-th service): signed metadata, the service instance and its level,
refusals naming the rule, directives, and the attribute statement's names and EncryptedIDs."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from lxml import etree

from simulator.pki import key_name, load_pair
from simulator.saml.metadata import ARTIFACT, instant, utc_now
from simulator.saml.xmlsecurity import MD, SAML, SAMLP, SOAP, SigningKey, new_id, sign
from simulator.testing import RunningSimulator, running_simulator

CERTS = Path(__file__).parents[2] / "certs"
DV = "urn:etoegang:DV:00000099000000009100:entities:0001"  # the demo portal as eHerkenning DV
OFFICE, EMPLOYEE, CLIENT = "90001234", "999990159", "999990172"


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator() as running:
        yield running


def signer() -> SigningKey:
    key, certificate = load_pair(CERTS, "demo-sp-signing")
    return SigningKey(key, certificate, key_name(certificate))


def post(sim: RunningSimulator, index: str | None = "0", issuer: str = DV, **attributes: str) -> requests.Response:
    request = etree.Element(
        f"{{{SAMLP}}}AuthnRequest",
        {"ID": new_id(), "Version": "2.0", "IssueInstant": instant(utc_now()), "Destination": f"{sim.base_url}/saml/eherkenning/request_authentication",
         "ProtocolBinding": ARTIFACT, **({"AttributeConsumingServiceIndex": index} if index is not None else {}), **attributes},
        nsmap={"samlp": SAMLP, "saml": SAML},
    )
    etree.SubElement(request, f"{{{SAML}}}Issuer").text = issuer
    sign(request, signer())
    body = {"SAMLRequest": base64.b64encode(etree.tostring(request)).decode()}
    return requests.post(f"{sim.base_url}/saml/eherkenning/request_authentication", data=body, allow_redirects=False, timeout=10)


def resolve(sim: RunningSimulator, location: str) -> etree._Element:
    artifact = parse_qs(urlparse(location).query)["SAMLart"][0]
    message = etree.Element(f"{{{SAMLP}}}ArtifactResolve", {"ID": new_id(), "Version": "2.0", "IssueInstant": instant(utc_now())}, nsmap={"samlp": SAMLP, "saml": SAML})
    etree.SubElement(message, f"{{{SAML}}}Issuer").text = DV
    etree.SubElement(message, f"{{{SAMLP}}}Artifact").text = artifact
    sign(message, signer())
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap": SOAP})
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(message)
    answer = requests.post(f"{sim.base_url}/saml/eherkenning/resolve_artifact", data=etree.tostring(envelope), timeout=10)
    assert answer.status_code == 200, answer.text
    return etree.fromstring(answer.content).find(f".//{{{SAMLP}}}Response")  # type: ignore[return-value]


def test_metadata_is_signed_with_both_bindings(sim: RunningSimulator) -> None:
    root = etree.fromstring(requests.get(f"{sim.base_url}/saml/eherkenning/metadata", timeout=10).content)
    assert root.get("entityID") == "urn:etoegang:HM:00000099000000009000:entities:9010"
    assert root.find(f"{{http://www.w3.org/2000/09/xmldsig#}}Signature") is not None
    idp = root.find(f"{{{MD}}}IDPSSODescriptor")
    assert {e.get("Binding").rsplit(":", 1)[1] for e in idp.iterfind(f"{{{MD}}}SingleSignOnService")} == {"HTTP-POST", "HTTP-Redirect"}  # type: ignore[union-attr]


def test_the_index_names_the_service_and_its_level(sim: RunningSimulator) -> None:
    answer = post(sim, "1")  # bijzondere-bijstand: substantieel, so EH3
    assert answer.status_code == 303, answer.text
    page = requests.get(answer.headers["Location"], timeout=10).text
    assert "Aanvragen bijzondere bijstand" in page and 'data-testid="required-level">EH3<' in page and "SIMULATOR" in page
    assert 'data-testid="eidas-level">substantial<' in page  # EH3's eIDAS equivalent


@pytest.mark.parametrize(
    ("index", "issuer", "status", "rule"),
    [
        ("7", DV, 404, "names no service"),
        ("x", DV, 400, "is not a number"),
        ("0", "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100", 400, "registered for the ddcc door"),
    ],
)
def test_refusals_name_the_rule(sim: RunningSimulator, index: str, issuer: str, status: int, rule: str) -> None:
    answer = post(sim, index, issuer)
    assert answer.status_code == status and rule in answer.text, answer.text


def test_a_directive_logs_in_for_a_client_and_the_assertion_has_the_etoegang_attributes(sim: RunningSimulator) -> None:
    sim.store.directives.clear()
    directive = {"outcome": "success", "sp": DV, "bsn": EMPLOYEE, "represent": CLIENT}
    assert requests.post(f"{sim.base_url}/control/directives", json=directive, timeout=10).status_code in (200, 201)
    answer = post(sim, "0")  # gemeentelijke-belastingen
    assert answer.status_code == 302, answer.text
    assertion = resolve(sim, answer.headers["Location"]).find(f"{{{SAML}}}Assertion")
    names = [a.get("Name") for a in assertion.iterfind(f"{{{SAML}}}AttributeStatement/{{{SAML}}}Attribute")]  # type: ignore[union-attr]
    assert names == [
        "urn:etoegang:core:ServiceID", "urn:etoegang:core:ServiceUUID", "urn:etoegang:core:ActingSubjectID",
        "urn:etoegang:core:LegalSubjectID", "urn:etoegang:1.9:IntermediateEntityID:KvK",
    ]
    values = {a.get("Name"): a.find(f"{{{SAML}}}AttributeValue") for a in assertion.iterfind(f".//{{{SAML}}}Attribute")}  # type: ignore[union-attr]
    assert values["urn:etoegang:core:ServiceID"].text == "urn:etoegang:DV:00000099000000009100:services:0"  # type: ignore[union-attr]
    assert values["urn:etoegang:1.9:IntermediateEntityID:KvK"].text == OFFICE  # type: ignore[union-attr]
    for name in ("urn:etoegang:core:ActingSubjectID", "urn:etoegang:core:LegalSubjectID"):
        assert values[name].find(f"{{{SAML}}}EncryptedID") is not None  # type: ignore[union-attr]  # never in the clear
    assert assertion.findtext(f".//{{{SAML}}}AuthnContextClassRef") == "urn:etoegang:core:assurance-class:loa3"  # type: ignore[union-attr]
    audit = [e.data for e in sim.store.audit_log.entries() if e.data.get("door") == "eherkenning"]
    assert (audit[-1]["acting_bsn"], audit[-1]["legal_bsn"], audit[-1]["grond"]) == (EMPLOYEE, CLIENT, "beschermingsbewind")


def test_no_machtiging_is_a_named_status(sim: RunningSimulator) -> None:
    sim.store.directives.clear()
    directive = {"outcome": "success", "sp": DV, "bsn": EMPLOYEE, "represent": "999990196"}  # a lifted bewind
    assert requests.post(f"{sim.base_url}/control/directives", json=directive, timeout=10).status_code in (200, 201)
    response = resolve(sim, post(sim, "0").headers["Location"])
    codes = [c.get("Value").rsplit(":", 1)[1] for c in response.iter(f"{{{SAMLP}}}StatusCode")]  # type: ignore[union-attr]
    assert codes == ["Responder", "RequestDenied"]
    assert "Geen geldige machtiging" in (response.findtext(f".//{{{SAMLP}}}StatusMessage") or "")
