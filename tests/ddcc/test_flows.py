"""End-to-end DDCC flows over real HTTP with pysaml2's own SP client: signed AuthnRequest by POST, the login and
machtigen pages, the artifact, ArtifactResolve over SOAP, signature checks and EncryptedID decryption."""

from __future__ import annotations

import base64
import hashlib
import time

import pytest
from cryptography import x509
from lxml import etree
from saml2 import samlp
from signxml.exceptions import InvalidSignature

from simulator.pki import key_name
from simulator.testing import RunningSimulator, running_simulator

from .conftest import TODAY
from .sp_client import BVD, CERTS, DS, ENTRANCE, SAML, SAMLP, TEST_DV, TEST_DV_ACS, TEST_DV_SLO, XENC, TestServiceProvider
from .verification import decrypt_by_key_name, signxml_verify, xmlsec1_verify

WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"  # midden
BIJSTAND = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"  # substantieel
BERICHTENBOX = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e03"  # midden, personal matters
MEDISCH_KIND = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e08"  # substantieel, Zorg_Volledig_Gezag_Kind
AFVALPAS = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e10"  # basis
STATUS = "urn:oasis:names:tc:SAML:2.0:status:"
OTHER_BVD = "urn:nl-eid-gdi:1.0:BVD:00000099000000009999:entities:9999"


def test_self_login_is_verified_and_decrypted_by_pysaml2(sp: TestServiceProvider) -> None:
    outcome = sp.full_flow(WOZ, bsn="999990019", relay_state="keep-me")
    assert outcome.status == [STATUS + "Success"]
    assert outcome.relay_state == "keep-me"
    assert outcome.acting_bsn == "999990019" and outcome.legal_bsn is None
    assert outcome.loa == "http://eidas.europa.eu/LoA/substantial"  # her highest level: substantieel
    assert outcome.service_uuid == WOZ
    assert outcome.representation_types == []
    assertion = etree.fromstring(outcome.assertion_xml)
    assert assertion.findtext(f"{{{SAML}}}Issuer") == ENTRANCE
    assert [a.text for a in assertion.iter(f"{{{SAML}}}Audience")][:1] == [TEST_DV]
    name_id = assertion.find(f"{{{SAML}}}Subject/{{{SAML}}}NameID")
    assert name_id.get("Format") == "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
    confirmation = assertion.find(f".//{{{SAML}}}SubjectConfirmationData")
    assert confirmation.get("Recipient") == TEST_DV_ACS
    # Advice holds the AD's assertion; no BVD assertion without machtigen.
    advice = assertion.findall(f"{{{SAML}}}Advice/{{{SAML}}}Assertion")
    assert [a.findtext(f"{{{SAML}}}Issuer") for a in advice] == ["urn:nl-eid-gdi:1.0:AD:00000099000000009000:entities:9001"]
    # KeyName-only KeyInfo with the SHA-256 of the signing certificate's DER.
    key_info = assertion.find("{http://www.w3.org/2000/09/xmldsig#}Signature/{http://www.w3.org/2000/09/xmldsig#}KeyInfo")
    assert [child.tag.split("}")[1] for child in key_info] == ["KeyName"]
    assert key_info[0].text == key_name(x509.load_pem_x509_certificate((CERTS / "idp-signing.crt").read_bytes()))
    # The ArtifactResponse is signed, the Response inside it is not, the Assertion is.
    soap = etree.fromstring(outcome.soap_xml)
    assert soap.find(f".//{{{SAMLP}}}ArtifactResponse/{{{DS}}}Signature") is not None
    assert etree.fromstring(outcome.response_xml).find(f"{{{DS}}}Signature") is None
    # EncryptedID: AES-256-CBC data, RSA-OAEP-MGF1P key transport, KeyName-only KeyInfo on the EncryptedKey.
    encrypted = assertion.find(f"{{{SAML}}}AttributeStatement//{{{SAML}}}EncryptedID")
    methods = [m.get("Algorithm") for m in encrypted.iter(f"{{{XENC}}}EncryptionMethod")]
    assert methods == ["http://www.w3.org/2001/04/xmlenc#aes256-cbc", "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"]
    assert [k.tag for k in encrypted.find(f"{{{XENC}}}EncryptedKey/{{{DS}}}KeyInfo")] == [f"{{{DS}}}KeyName"]


def test_the_artifact_is_type_0004_with_the_entrance_source_id(sp: TestServiceProvider) -> None:
    _, redirect = sp.login(WOZ, bsn="999990019")
    raw = base64.b64decode(sp.artifact_of(redirect)[0])
    assert len(raw) == 44
    assert raw[:2] == b"\x00\x04" and raw[2:4] == b"\x00\x00"  # type code, endpoint index 0
    assert raw[4:24] == hashlib.sha1(ENTRANCE.encode()).digest()
    assert raw[24:] != base64.b64decode(sp.artifact_of(sp.login(WOZ, bsn="999990019")[1])[0])[24:]  # random handle


@pytest.mark.parametrize(
    ("level", "uri"),
    [("basis", "http://eID.logius.nl/LoA/basic"), ("midden", "http://eidas.europa.eu/LoA/low"),
     ("substantieel", "http://eidas.europa.eu/LoA/substantial"), ("hoog", "http://eidas.europa.eu/LoA/high")],
)
def test_each_chosen_level_gives_its_loa_uri(sp: TestServiceProvider, level: str, uri: str) -> None:
    # Afvalpas needs basis only; 999990159 holds hoog, so every level can be chosen.
    outcome = sp.full_flow(AFVALPAS, bsn="999990159", level=level)
    assert outcome.status == [STATUS + "Success"] and outcome.loa == uri


@pytest.mark.parametrize(
    ("bsn", "level", "error"),
    [
        ("999990275", "", "geen DigiD"),  # Bertus Hoekstra has no DigiD
        ("999990287", "", "overleden"),
        ("123456782", "", "komt niet voor"),
        ("999990263", "substantieel", "niet substantieel"),  # Jan van Dijk holds basis only
    ],
)
def test_the_login_page_refuses_who_cannot_log_in(sp: TestServiceProvider, bsn: str, level: str, error: str) -> None:
    _, xml = sp.authn_request(WOZ)
    page = sp.follow(sp.post_request(xml))
    answer = sp.submit(page, action="login", bsn=bsn, level=level)
    assert answer.status_code == 400 and error in answer.text and 'data-testid="error"' in answer.text
    # The persona list marks who cannot log in, and why (they stay selectable: the page then says why, in full).
    assert "Bertus Hoekstra — kan niet inloggen: geen DigiD" in page.text


def test_signatures_verify_a_second_time_with_xmlsec1_and_signxml(sp: TestServiceProvider) -> None:
    outcome = sp.full_flow(WOZ, bsn="999990251")
    artifact_response = etree.tostring(etree.fromstring(outcome.soap_xml).find(f".//{{{SAMLP}}}ArtifactResponse"))
    assert xmlsec1_verify(artifact_response, f"{SAMLP}:ArtifactResponse")
    assert xmlsec1_verify(outcome.assertion_xml, f"{SAML}:Assertion")
    assert signxml_verify(artifact_response).get("ID") == etree.fromstring(artifact_response).get("ID")
    assert signxml_verify(outcome.assertion_xml).get("ID") == etree.fromstring(outcome.assertion_xml).get("ID")
    encrypted = etree.fromstring(outcome.assertion_xml).find(f".//{{{SAML}}}EncryptedID")
    assert decrypt_by_key_name(encrypted, "test-sp-encryption", TEST_DV) == "999990251"


def test_tampered_assertion_fails_verification(sp: TestServiceProvider) -> None:
    outcome = sp.full_flow(WOZ, bsn="999990251")
    tampered = etree.fromstring(outcome.assertion_xml)
    tampered.find(f".//{{{SAML}}}AttributeValue").text = BIJSTAND
    data = etree.tostring(tampered)
    assert not xmlsec1_verify(data, f"{SAML}:Assertion")
    with pytest.raises(InvalidSignature):
        signxml_verify(data)
    # And pysaml2 refuses the whole ArtifactResponse once a byte under its signature changed.
    soap = outcome.soap_xml.replace(WOZ.encode(), BIJSTAND.encode())
    with pytest.raises(Exception):
        sp.consume("unused", soap, None)


GROUNDS = [
    # acting person, service, represented person, ground, RepresentationType
    ("999990251", WOZ, "999990263", "vrijwillig", []),
    ("999990019", MEDISCH_KIND, "999990032", "ouderlijk_gezag", ["urn:nl-eid-gdi:1.1:RT:Zorg_Volledig_Gezag_Kind"]),
    ("999990147", BERICHTENBOX, "999990111", "voogdij", ["urn:nl-eid-gdi:1.1:RT:SIMULATOR_Voogdij"]),
    ("999990202", WOZ, "999990214", "curatele", ["urn:nl-eid-gdi:1.1:RT:SIMULATOR_Curatele"]),
    ("999990159", BIJSTAND, "999990172", "beschermingsbewind", ["urn:nl-eid-gdi:1.1:RT:SIMULATOR_Beschermingsbewind"]),
    ("999990226", BERICHTENBOX, "999990238", "mentorschap", ["urn:nl-eid-gdi:1.1:RT:SIMULATOR_Mentorschap"]),
]


@pytest.mark.parametrize(("actor", "service", "subject", "grond", "types"), GROUNDS, ids=[g[3] for g in GROUNDS])
def test_each_ground_of_representation(sim, sp: TestServiceProvider, actor, service, subject, grond, types) -> None:  # type: ignore[no-untyped-def]
    request_id, redirect = sp.login(service, bsn=actor, machtigen=True, represent=subject)
    outcome = sp.resolve(request_id, redirect)
    assert outcome.status == [STATUS + "Success"]
    assert (outcome.acting_bsn, outcome.legal_bsn) == (actor, subject)
    assert outcome.representation_types == types
    assertion = etree.fromstring(outcome.assertion_xml)
    advice_issuers = [a.findtext(f"{{{SAML}}}Issuer") for a in assertion.findall(f"{{{SAML}}}Advice/{{{SAML}}}Assertion")]
    assert advice_issuers[-1] == BVD
    authorities = [a.text for a in assertion.iter(f"{{{SAML}}}AuthenticatingAuthority")]
    assert BVD in authorities
    for encrypted_key in assertion.iter(f"{{{XENC}}}EncryptedKey"):
        assert encrypted_key.get("Recipient") == TEST_DV
    audit = [e.data for e in sim.store.audit_log.entries() if e.kind == "representation"]
    assert audit[-1]["acting_bsn"] == actor and audit[-1]["legal_bsn"] == subject
    assert audit[-1]["grond"] == grond and audit[-1]["outcome"] == "gekozen"


def test_machtigen_page_offers_exactly_the_index(sim, sp: TestServiceProvider) -> None:  # type: ignore[no-untyped-def]
    _, xml = sp.authn_request(BIJSTAND, machtigen=True)
    page = sp.follow(sp.post_request(xml))
    page = sp.follow(sp.submit(page, action="login", bsn="999990159"))
    offered = {i.split(":")[0] for i in etree.HTML(page.content).xpath("//input[@name='represent']/@value")}
    expected = {r.subject for r in sim.store.world.index.may_represent("999990159", sim.store.world.service(BIJSTAND), TODAY)}
    assert offered == expected and "999990172" in offered
    assert "999990196" not in offered  # bewind ended half a year ago
    # Something not offered cannot be chosen.
    refused = sp.submit(page, action="choose", represent="999990196:beschermingsbewind:x:")
    assert refused.status_code == 400


def test_someone_who_may_represent_nobody_is_told_so(sp: TestServiceProvider) -> None:
    _, xml = sp.authn_request(WOZ, machtigen=True)
    page = sp.follow(sp.submit(sp.follow(sp.post_request(xml)), action="login", bsn="999990299"))
    document = etree.HTML(page.content)
    assert document.xpath("//input[@name='represent']") == []
    assert document.xpath("//*[@data-testid='no-representation']") and "niemand vertegenwoordigen" in page.text
    # Nothing can be forced through: choosing someone still ends the flow with the proper status.
    redirect = sp.submit(page, action="choose", represent="999990263:vrijwillig:x:")
    artifact, relay_state, _ = sp.artifact_of(redirect)
    soap = sp.client.artifact2message(artifact, "idpsso", sign=True).content
    codes = [c.get("Value") for c in etree.fromstring(soap).iter(f"{{{SAMLP}}}StatusCode")]
    assert codes[-2:] == [STATUS + "Responder", STATUS + "RequestDenied"]


ERRORS = [
    ("cancel at login", dict(cancel=True), ["Responder", "AuthnFailed"], "Authentication cancelled"),
    ("cancel at machtigen", dict(bsn="999990251", machtigen=True, cancel_machtigen=True), ["Responder", "AuthnFailed"], "Authentication cancelled"),
    ("authentication failed", dict(bsn="999990251", outcome="authn_failed"), ["Responder", "RequestDenied"], None),
    ("machtigen error", dict(bsn="999990251", machtigen=True, outcome="machtigen_error"), ["Responder", "RequestDenied"], None),
    ("level too low", dict(bsn="999990251", level="midden", service=BIJSTAND), ["Responder", "NoAuthnContext"], None),
    ("nobody to represent", dict(bsn="999990299", machtigen=True), ["Responder", "RequestDenied"], "No representation available for this service"),
    ("unknown BVD", dict(scoping=samlp.Scoping(requester_id=[samlp.RequesterID(text=OTHER_BVD)])), ["Requester", "NoSupportedIDP"],
     f"RequesterID {OTHER_BVD!r} names no machtigen service known here"),
]


@pytest.mark.parametrize(("case", "kwargs", "codes", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_each_error_status(sp: TestServiceProvider, case, kwargs, codes, message) -> None:  # type: ignore[no-untyped-def]
    kwargs = dict(kwargs)
    service = kwargs.pop("service", WOZ)
    request_id, redirect = sp.login(service, **kwargs)
    outcome = sp.resolve(request_id, redirect)
    assert outcome.status == [STATUS + c for c in codes]
    assert outcome.status_message == message
    assert outcome.assertion_xml is None
    response = etree.fromstring(outcome.response_xml)
    assert response.get("InResponseTo") == request_id and response.find(f"{{{SAML}}}Assertion") is None


def test_late_resolve_is_request_denied_and_an_artifact_resolves_once() -> None:
    with running_simulator(env={"SIMULATOR_DDCC_ARTIFACT_DEADLINE": "1"}, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url)
        request_id, redirect = sp.login(WOZ, bsn="999990019")
        time.sleep(1.2)
        outcome = sp.resolve(request_id, redirect)
        assert outcome.status == [STATUS + "Requester", STATUS + "RequestDenied"]
        # Used once: the same artifact now gives an ArtifactResponse without a Response.
        artifact = sp.artifact_of(redirect)[0]
        again = sp.client.artifact2message(artifact, "idpsso", sign=True)
        message = etree.fromstring(again.content).find(f".//{{{SAMLP}}}ArtifactResponse")
        assert message.find(f"{{{SAMLP}}}Response") is None
        assert message.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value") == STATUS + "Success"


FAULTS = {
    "wrong_destination": lambda r, a: r.get("Destination") != TEST_DV_ACS,
    "wrong_audience": lambda r, a: TEST_DV not in [x.text for x in a.iterfind(f"{{{SAML}}}Conditions/{{{SAML}}}AudienceRestriction/{{{SAML}}}Audience")],
    "wrong_in_response_to": lambda r, a: a.find(f".//{{{SAML}}}SubjectConfirmationData").get("InResponseTo") != r.get("_request"),
    "wrong_recipient": lambda r, a: a.find(f".//{{{SAML}}}SubjectConfirmationData").get("Recipient") != TEST_DV_ACS,
    "wrong_issuer": lambda r, a: a.findtext(f"{{{SAML}}}Issuer") != ENTRANCE,
    "expired_assertion": lambda r, a: a.find(f"{{{SAML}}}Conditions").get("NotOnOrAfter") < r.get("IssueInstant"),
    "bad_signature": lambda r, a: not xmlsec1_verify(etree.tostring(a), f"{SAML}:Assertion"),
    "unsigned_assertion": lambda r, a: a.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None,
}

# pysaml2 7.5 does not compare SubjectConfirmationData/@Recipient with the ACS it consumed the Response at.
PYSAML2_MISSES = {"wrong_recipient"}


@pytest.mark.parametrize("fault", [*FAULTS, "missing_assertion"])
def test_directive_faults_are_rejected_by_pysaml2(sim, sp: TestServiceProvider, fault: str) -> None:  # type: ignore[no-untyped-def]
    from simulator.outcomes import Directive

    sim.store.directives.push(Directive(outcome=fault, sp=TEST_DV, bsn="999990019"))
    request_id, redirect = sp.login(WOZ)
    assert redirect.status_code == 302  # the pages were skipped
    artifact, relay_state, _ = sp.artifact_of(redirect)
    soap = sp.client.artifact2message(artifact, "idpsso", sign=True).content
    response = etree.fromstring(soap).find(f".//{{{SAMLP}}}Response")
    assert response.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value") == STATUS + "Success"
    assertion = response.find(f"{{{SAML}}}Assertion")
    if fault == "missing_assertion":
        assert assertion is None
    else:
        response.set("_request", request_id)
        assert FAULTS[fault](response, assertion), f"{fault} did not change what it should"
    if fault in PYSAML2_MISSES:
        sp.consume(request_id, soap, relay_state)  # accepted: an SP on pysaml2 must check this itself
    else:
        with pytest.raises(Exception):
            sp.consume(request_id, soap, relay_state)


def test_directive_with_representation_skips_pages(sim, sp: TestServiceProvider) -> None:  # type: ignore[no-untyped-def]
    from simulator.outcomes import Directive

    sim.store.directives.push(Directive(outcome="success", sp=TEST_DV, bsn="999990202", represent="999990214"))
    request_id, redirect = sp.login(WOZ, machtigen=True)
    outcome = sp.resolve(request_id, redirect)
    assert (outcome.acting_bsn, outcome.legal_bsn) == ("999990202", "999990214")
    assert sim.store.directives.pending() == []


def test_logout_posts_a_signed_logout_response_to_the_first_slo(sp: TestServiceProvider) -> None:
    outcome = sp.full_flow(WOZ, bsn="999990019")
    page = sp.logout(outcome, relay_state="bye")
    assert page.status_code == 200
    form = etree.HTML(page.content).find(".//form")
    assert form.get("action") == TEST_DV_SLO
    fields = {i.get("name"): i.get("value") for i in form.iter("input")}
    assert fields["RelayState"] == "bye"
    message = base64.b64decode(fields["SAMLResponse"])
    assert signxml_verify(message).tag == f"{{{SAMLP}}}LogoutResponse"
    assert xmlsec1_verify(message, f"{SAMLP}:LogoutResponse")
    root = etree.fromstring(message)
    assert root.find(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusCode").get("Value") == STATUS + "Success"
    assert root.get("Destination") == TEST_DV_SLO


def test_logout_ends_the_session_once(sim: RunningSimulator, sp: TestServiceProvider) -> None:
    outcome = sp.full_flow(WOZ, bsn="999990019")
    assert sp.logout(outcome).status_code == 200
    assert sp.logout(outcome).status_code == 200  # an ended session: still a Success LogoutResponse, nothing ended
    logged = [e.data["sessions_ended"] for e in sim.store.requests.entries() if e.data["path"].endswith("/request_logout")]
    assert logged[-2:] == [1, 0]
