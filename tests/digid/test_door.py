"""The classic DigiD door's own rules, checked with messages built here: signed metadata in DigiD's shape, both
request bindings, the level vocabulary, refusals naming the rule, and the Response a resolved artifact gives."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from lxml import etree

from simulator.pki import key_name, load_pair
from simulator.saml.metadata import ARTIFACT, instant, sp_metadata, utc_now
from simulator.saml.redirect import redirect_url
from simulator.saml.xmlsecurity import MD, SAML, SAMLP, SOAP, SigningKey, new_id, sign
from simulator.testing import RunningSimulator, running_simulator

CERTS = Path(__file__).parents[2] / "certs"
SP = "https://gemeente.example/digid"
ACS = "https://gemeente.example/digid/acs/"
AC = "urn:oasis:names:tc:SAML:2.0:ac:classes:"
BSN = "999990019"  # DigiD substantieel


def signer(stem: str) -> SigningKey:
    key, certificate = load_pair(CERTS, stem)
    return SigningKey(key, certificate, key_name(certificate))


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    folder = tmp_path_factory.mktemp("digid-sp")
    metadata = sp_metadata(SP, signer("test-sp-signing"), [ACS], ["https://gemeente.example/digid/slo/"], [])
    (folder / "sp.xml").write_bytes(metadata)
    with running_simulator() as running:
        entry = {"door": "digid", "entity_id": SP, "naam": "Gemeente Voorbeeld", "metadata": str(folder / "sp.xml")}
        answer = requests.post(
            f"{running.base_url}/control/scenario/extend", data=json.dumps({"service_providers": [entry]}),
            headers={"Content-Type": "application/json"}, timeout=10,
        )
        assert answer.status_code == 200, answer.text
        yield running


def authn_request(sim: RunningSimulator, level: str | None = "MobileTwoFactorContract", **attributes: str) -> etree._Element:
    request = etree.Element(
        f"{{{SAMLP}}}AuthnRequest",
        {"ID": new_id(), "Version": "2.0", "IssueInstant": instant(utc_now()), "Destination": f"{sim.base_url}/saml/digid/request_authentication",
         "AssertionConsumerServiceURL": ACS, "ProtocolBinding": ARTIFACT, **attributes},
        nsmap={"samlp": SAMLP, "saml": SAML},
    )
    etree.SubElement(request, f"{{{SAML}}}Issuer").text = SP
    if level:
        context = etree.SubElement(request, f"{{{SAMLP}}}RequestedAuthnContext", Comparison="minimum")
        etree.SubElement(context, f"{{{SAML}}}AuthnContextClassRef").text = AC + level
    return request


def post(sim: RunningSimulator, request: etree._Element) -> requests.Response:
    sign(request, signer("test-sp-signing"))
    body = {"SAMLRequest": base64.b64encode(etree.tostring(request)).decode(), "RelayState": "state-1"}
    return requests.post(f"{sim.base_url}/saml/digid/request_authentication", data=body, allow_redirects=False, timeout=10)


def log_in(sim: RunningSimulator, login_url: str, bsn: str, **fields: str) -> str:
    """Fill in the login page; returns the artifact sent to the ACS."""
    answer = requests.post(login_url, data={"persona": bsn, "action": "login", **fields}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location = urlparse(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == ACS
    return parse_qs(location.query)["SAMLart"][0]


def resolve(sim: RunningSimulator, artifact: str) -> etree._Element | None:
    message = etree.Element(
        f"{{{SAMLP}}}ArtifactResolve", {"ID": new_id(), "Version": "2.0", "IssueInstant": instant(utc_now())}, nsmap={"samlp": SAMLP, "saml": SAML}
    )
    etree.SubElement(message, f"{{{SAML}}}Issuer").text = SP
    etree.SubElement(message, f"{{{SAMLP}}}Artifact").text = artifact
    sign(message, signer("test-sp-signing"))
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap": SOAP})
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(message)
    answer = requests.post(f"{sim.base_url}/saml/digid/resolve_artifact", data=etree.tostring(envelope), headers={"Content-Type": "text/xml"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return etree.fromstring(answer.content).find(f".//{{{SAMLP}}}Response")


def test_metadata_is_signed_and_shaped_like_digids(sim: RunningSimulator) -> None:
    root = etree.fromstring(requests.get(f"{sim.base_url}/saml/digid/metadata", timeout=10).content)
    assert root.get("entityID") == f"{sim.base_url}/saml/digid/metadata"
    idp = root.find(f"{{{MD}}}IDPSSODescriptor")
    sso = {e.get("Binding").rsplit(":", 1)[1] for e in idp.iterfind(f"{{{MD}}}SingleSignOnService")}  # type: ignore[union-attr]
    assert sso == {"HTTP-POST", "HTTP-Redirect"}
    assert idp.find(f"{{{MD}}}SingleLogoutService").get("Binding").endswith("HTTP-Redirect")  # type: ignore[union-attr]
    assert idp.find(f"{{{MD}}}ArtifactResolutionService").get("Location") == f"{sim.base_url}/saml/digid/resolve_artifact"  # type: ignore[union-attr]


def test_login_gives_the_bsn_as_sectoral_name_id_and_the_level_as_class(sim: RunningSimulator) -> None:
    answer = post(sim, authn_request(sim))
    assert answer.status_code == 303, answer.text
    artifact = log_in(sim, answer.headers["Location"], BSN, level="substantieel")
    response = resolve(sim, artifact)
    assert response.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value").endswith(":Success")  # type: ignore[union-attr]
    assertion = response.find(f"{{{SAML}}}Assertion")
    assert assertion.findtext(f"{{{SAML}}}Subject/{{{SAML}}}NameID") == f"s00000000:{BSN}"  # type: ignore[union-attr]
    assert assertion.findtext(f".//{{{SAML}}}AuthnContextClassRef") == AC + "Smartcard"  # type: ignore[union-attr]
    assert assertion.find(f".//{{{SAML}}}SubjectLocality").get("Address") == "127.0.0.1"  # type: ignore[union-attr]
    assert assertion.find(f"{{{SAML}}}AttributeStatement") is None  # type: ignore[union-attr]
    assert resolve(sim, artifact) is None  # one use only: the second resolve gets no Response


def test_the_redirect_binding_is_accepted_when_its_query_signature_verifies(sim: RunningSimulator) -> None:
    xml = etree.tostring(authn_request(sim))
    url = redirect_url(f"{sim.base_url}/saml/digid/request_authentication", "SAMLRequest", xml, "r", signer("test-sp-signing"))
    assert requests.get(url, allow_redirects=False, timeout=10).status_code == 303
    forged = redirect_url(f"{sim.base_url}/saml/digid/request_authentication", "SAMLRequest", xml, "r", signer("test-lc-signing"))
    refused = requests.get(forged, allow_redirects=False, timeout=10)
    assert refused.status_code == 400 and "HTTP-Redirect signature does not verify" in refused.text
    unsigned = requests.get(url.split("&SigAlg=")[0], allow_redirects=False, timeout=10)
    assert unsigned.status_code == 400 and "carries no Signature parameter" in unsigned.text


def test_a_level_below_the_requested_one_gives_no_authn_context(sim: RunningSimulator) -> None:
    answer = post(sim, authn_request(sim, "Smartcard"))
    page = requests.get(answer.headers["Location"], timeout=10)
    assert 'data-testid="required-level">substantieel<' in page.text
    response = resolve(sim, log_in(sim, answer.headers["Location"], BSN, level="midden"))
    codes = [c.get("Value") for c in response.iter(f"{{{SAMLP}}}StatusCode")]
    assert codes == ["urn:oasis:names:tc:SAML:2.0:status:Responder", "urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext"]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"level": "PasswordProtectedTransportX"}, "is not a DigiD level"),
        ({"IsPassive": "true"}, "IsPassive=true is not supported"),
        ({"Destination": "https://elsewhere.example/sso"}, "Destination"),
        ({"ProtocolBinding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"}, "HTTP-Artifact binding only"),
    ],
)
def test_requests_production_refuses_are_refused_with_the_rule(sim: RunningSimulator, change: dict[str, str], rule: str) -> None:
    level = change.pop("level", "MobileTwoFactorContract")
    answer = post(sim, authn_request(sim, level, **change))
    assert answer.status_code == 400 and rule in answer.text, answer.text


def test_an_sp_of_another_door_is_not_known_here(sim: RunningSimulator) -> None:
    request = authn_request(sim)
    request.find(f"{{{SAML}}}Issuer").text = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9200"  # type: ignore[union-attr]
    answer = post(sim, request)
    assert answer.status_code == 400 and "registered for the ddcc door" in answer.text
