"""Every AuthnRequest rule of the reference, and hostile XML: each is refused with HTTP 400 (404 for an unknown
service) and a plain-text reason, is logged, and leaves the simulator as it was. Requests are built with lxml and
signed with signxml (an implementation independent of the simulator's own signer)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Callable, Iterator

import pytest
from flask.testing import FlaskClient
from lxml import etree
from signxml import XMLSigner, methods

from simulator.app import create_app
from simulator.config import Config

from .conftest import TODAY
from .sp_client import BVD, CERTS, SAML, SAMLP, TEST_DV, TEST_LC, TEST_LC_DV

BASE = "http://localhost"
DESTINATION = f"{BASE}/saml/v4/entrance/request_authentication"
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
BIJSTAND = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
DS = "http://www.w3.org/2000/09/xmldsig#"
LC_ACS = "https://test-lc.example/saml/acs"


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    return create_app(Config.from_env({}, clock=TODAY, base_url=BASE))


@pytest.fixture()
def client(app) -> Iterator[FlaskClient]:  # type: ignore[no-untyped-def]
    yield app.test_client()


def now(delta: dt.timedelta = dt.timedelta()) -> str:
    return (dt.datetime.now(dt.timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_xml(issuer: str = TEST_DV, service: str | None = WOZ, audience: str | None = None, **attributes: str) -> etree._Element:
    attrs = {"ID": f"_{uuid.uuid4().hex}", "Version": "2.0", "IssueInstant": now(), "Destination": DESTINATION,
             "AssertionConsumerServiceURL": "https://test-dv.example/saml/acs",
             "ProtocolBinding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"}
    attrs.update(attributes)
    root = etree.Element(f"{{{SAMLP}}}AuthnRequest", {k: v for k, v in attrs.items() if v is not None}, nsmap={"samlp": SAMLP, "saml": SAML})
    etree.SubElement(root, f"{{{SAML}}}Issuer").text = issuer
    etree.SubElement(root, f"{{{DS}}}Signature", Id="placeholder", nsmap={"ds": DS})
    if service is not None:
        extensions = etree.SubElement(root, f"{{{SAMLP}}}Extensions")
        for name, value in (("ServiceUUID", service), ("IntendedAudience", audience)):
            if value:
                attribute = etree.SubElement(extensions, f"{{{SAML}}}Attribute", Name=f"urn:nl-eid-gdi:1.0:{name}")
                etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").text = value
    return root


def signed(root: etree._Element, stem: str = "test-sp-signing") -> etree._Element:
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    return signer.sign(root, key=(CERTS / f"{stem}.key").read_bytes(), cert=(CERTS / f"{stem}.crt").read_bytes(), reference_uri=root.get("ID"))


def post(client: FlaskClient, message: bytes | etree._Element, relay_state: str | None = "rs") -> object:
    data = message if isinstance(message, bytes) else etree.tostring(message)
    form = {"SAMLRequest": base64.b64encode(data).decode()}
    if relay_state is not None:
        form["RelayState"] = relay_state
    return client.post("/saml/v4/entrance/request_authentication", data=form)


def test_a_valid_request_opens_the_login_page(client: FlaskClient) -> None:
    answer = post(client, signed(request_xml()))
    assert answer.status_code == 303 and "/saml/v4/entrance/login/" in answer.headers["Location"]
    page = client.get(answer.headers["Location"])
    assert page.status_code == 200
    for testid in ("simulator-banner", "persona", "bsn", "level", "outcome", "login", "cancel"):
        assert f'data-testid="{testid}"'.encode() in page.data


def _remove(tag: str) -> Callable[[etree._Element], None]:
    return lambda root: root.remove(root.find(tag))


def _add(tag: str) -> Callable[[etree._Element], None]:
    return lambda root: root.append(etree.Element(tag))


RULES: list[tuple[str, Callable[[], etree._Element], int, str]] = [
    ("wrong Destination", lambda: signed(request_xml(Destination="https://digid.nl/saml/v4/entrance/request_authentication")), 400, "Destination"),
    ("no Destination", lambda: signed(request_xml(Destination=None)), 400, "Destination"),
    ("IssueInstant in the future", lambda: signed(request_xml(IssueInstant=now(dt.timedelta(minutes=5)))), 400, "future"),
    ("IssueInstant not a date", lambda: signed(request_xml(IssueInstant="yesterday")), 400, "xs:dateTime"),
    ("Version 1.1", lambda: signed(request_xml(Version="1.1")), 400, "Version"),
    ("no ID", lambda: signed(request_xml(ID="1-not-an-ncname")), 400, "ID"),
    ("unknown issuer", lambda: signed(request_xml(issuer="urn:nl-eid-gdi:1.0:DV:00000099000000009999:entities:9999")), 400, "unknown issuer"),
    ("signed with another key", lambda: signed(request_xml(), stem="demo-sp-signing"), 400, "does not verify"),
    ("IsPassive", lambda: signed(request_xml(IsPassive="true")), 400, "IsPassive"),
    ("Subject", lambda: signed(_with(request_xml(), _add(f"{{{SAML}}}Subject"))), 400, "Subject"),
    ("Conditions", lambda: signed(_with(request_xml(), _add(f"{{{SAML}}}Conditions"))), 400, "Conditions"),
    ("ProtocolBinding with ACS index", lambda: signed(request_xml(AssertionConsumerServiceURL=None, AssertionConsumerServiceIndex="0")), 400, "must not both"),
    ("POST binding for the response", lambda: signed(request_xml(ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")), 400, "HTTP-Artifact"),
    ("unknown ACS index", lambda: signed(request_xml(AssertionConsumerServiceURL=None, ProtocolBinding=None, AssertionConsumerServiceIndex="7")), 400, "names no ACS"),
    ("no service", lambda: signed(request_xml(service=None)), 400, "no service"),
    ("unknown ServiceUUID", lambda: signed(request_xml(service="11111111-2222-3333-4444-555555555555")), 404, "not in the service catalogue"),
    ("AttributeConsumingServiceIndex unknown", lambda: signed(request_xml(service=None, AttributeConsumingServiceIndex="3")), 400, "AttributeConsumingServiceIndex"),
    ("IntendedAudience not a DV of the LC", lambda: signed(request_xml(issuer=TEST_LC, audience=TEST_DV, AssertionConsumerServiceURL=LC_ACS), "test-lc-signing"), 400, "is not a DV"),
    ("service not registered for the DV", lambda: signed(request_xml(issuer=TEST_LC, audience=TEST_LC_DV, service=BIJSTAND, AssertionConsumerServiceURL=LC_ACS), "test-lc-signing"), 400, "not registered"),
    ("Issuer with NameQualifier", lambda: signed(_with(request_xml(), lambda r: r.find(f"{{{SAML}}}Issuer").set("NameQualifier", "x"))), 400, "NameQualifier"),
    ("Issuer with SPNameQualifier", lambda: signed(_with(request_xml(), lambda r: r.find(f"{{{SAML}}}Issuer").set("SPNameQualifier", "x"))), 400, "SPNameQualifier"),
    ("Issuer with SPProvidedID", lambda: signed(_with(request_xml(), lambda r: r.find(f"{{{SAML}}}Issuer").set("SPProvidedID", "x"))), 400, "SPProvidedID"),
    ("no Issuer", lambda: signed(_with(request_xml(), _remove(f"{{{SAML}}}Issuer"))), 400, "saml:Issuer is required"),
    ("IsPassive as 1", lambda: signed(request_xml(IsPassive="1")), 400, "IsPassive"),
    ("unsigned", lambda: _with(request_xml(), _remove(f"{{{DS}}}Signature")), 400, "not signed"),
    ("changed after signing", lambda: _with(signed(request_xml()), lambda r: r.set("ForceAuthn", "true")), 400, "does not verify"),
    ("not an AuthnRequest", lambda: etree.Element(f"{{{SAMLP}}}LogoutRequest"), 400, "expected samlp:AuthnRequest"),
]


def _with(root: etree._Element, change: Callable[[etree._Element], object]) -> etree._Element:
    change(root)
    return root


@pytest.mark.parametrize(("rule", "build", "status", "reason"), RULES, ids=[r[0] for r in RULES])
def test_each_authn_request_rule(app, client: FlaskClient, rule: str, build, status: int, reason: str) -> None:  # type: ignore[no-untyped-def]
    answer = post(client, build())
    assert answer.status_code == status, answer.data
    assert answer.mimetype == "text/plain"
    assert reason in answer.get_data(as_text=True)
    logged = app.extensions["simulator"].requests.entries()[-1].data
    assert logged["saml_message_type"] == "AuthnRequest" and reason in logged["rejection"]
    # The diagnostics view shows the message as received beside the reason.
    assert logged["saml_message"].startswith("<")


def test_relay_state_up_to_80_characters(client: FlaskClient) -> None:
    assert post(client, signed(request_xml()), relay_state="r" * 80).status_code == 303
    answer = post(client, signed(request_xml()), relay_state="r" * 81)
    assert answer.status_code == 400 and b"RelayState" in answer.data


def test_a_replayed_request_id_is_refused(client: FlaskClient) -> None:
    message = etree.tostring(signed(request_xml()))
    assert post(client, message).status_code == 303
    again = post(client, message)
    assert again.status_code == 400 and b"replayed" in again.data


def test_only_the_post_binding(client: FlaskClient) -> None:
    assert client.get("/saml/v4/entrance/request_authentication?SAMLRequest=x").status_code == 400
    assert b"SAMLRequest" in client.post("/saml/v4/entrance/request_authentication", data={}).data
    assert b"base64" in client.post("/saml/v4/entrance/request_authentication", data={"SAMLRequest": "!!!"}).data


def test_scoping_with_the_bvd_asks_for_machtigen_and_another_gives_no_supported_idp(client: FlaskClient) -> None:
    for requester, machtigen in ((BVD, True), ("urn:nl-eid-gdi:1.0:BVD:00000099000000009999:entities:9999", False)):
        root = request_xml()
        scoping = etree.SubElement(root, f"{{{SAMLP}}}Scoping")
        etree.SubElement(scoping, f"{{{SAMLP}}}RequesterID").text = requester
        answer = post(client, signed(root))
        if machtigen:
            assert answer.status_code == 303
            assert "Daarna kiest u voor wie u dit regelt" in client.get(answer.headers["Location"]).get_data(as_text=True)
        else:
            assert answer.status_code == 302 and "SAMLart=" in answer.headers["Location"]
    # An IDPList naming the BVD also asks for machtigen (the RD's way); one naming nobody known is refused.
    root = request_xml()
    entry = etree.SubElement(etree.SubElement(etree.SubElement(root, f"{{{SAMLP}}}Scoping"), f"{{{SAMLP}}}IDPList"), f"{{{SAMLP}}}IDPEntry")
    entry.set("ProviderID", BVD)
    assert post(client, signed(root)).status_code == 303


HOSTILE = [
    ("DTD with entity", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&e;</samlp:AuthnRequest>', "DTD"),
    ("billion laughs", b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>', "DTD"),
    ("external entity", b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', "DTD"),
    ("undeclared entity", b"<samlp:AuthnRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'>&x;</samlp:AuthnRequest>", "malformed XML"),
    ("not XML", b"this is not XML", "malformed XML"),
    ("UTF-16", "<r/>".encode("utf-16"), "UTF-8"),
    ("huge document", b"<r>" + b"<a>x</a>" * 40000 + b"</r>", "bytes"),
]


@pytest.mark.parametrize(("case", "data", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_xml_is_refused(app, client: FlaskClient, case: str, data: bytes, reason: str) -> None:  # type: ignore[no-untyped-def]
    answer = post(client, data)
    assert answer.status_code == 400 and answer.mimetype == "text/plain"
    assert reason in answer.get_data(as_text=True)
    logged = app.extensions["simulator"].requests.entries()[-1].data
    assert reason in logged["rejection"]


def test_signature_wrapping_is_refused(client: FlaskClient) -> None:
    genuine = signed(request_xml())
    # 1. An evil request with the same ID carries the genuine signed one inside its Extensions.
    evil = request_xml(ID=genuine.get("ID"), service=BIJSTAND)
    evil.find(f"{{{SAMLP}}}Extensions").append(genuine)
    evil.remove(evil.find(f"{{{DS}}}Signature"))
    evil.insert(1, etree.fromstring(etree.tostring(genuine.find(f"{{{DS}}}Signature"))))
    answer = post(client, evil)
    assert answer.status_code == 400 and b"wrapping" in answer.data
    # 2. The genuine signature moved to an evil root whose own ID is not what the signature references.
    evil = request_xml(service=BIJSTAND)
    evil.remove(evil.find(f"{{{DS}}}Signature"))
    evil.insert(1, etree.fromstring(etree.tostring(genuine.find(f"{{{DS}}}Signature"))))
    evil.find(f"{{{SAMLP}}}Extensions").append(etree.fromstring(etree.tostring(genuine)))
    answer = post(client, evil)
    assert answer.status_code == 400 and b"does not cover the message itself" in answer.data


def test_refused_requests_leave_the_simulator_as_it_was(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    store = app.extensions["simulator"]
    world = store.world
    for _, data, _ in HOSTILE:
        post(client, data)
    assert store.world is world and store.directives.pending() == []
    assert post(client, signed(request_xml())).status_code == 303


def test_the_acs_url_must_be_registered_unless_switched_off() -> None:
    # DigiD checks a requested AssertionConsumerServiceURL against the SP metadata (issue 11).
    checked = create_app(Config.from_env({}, clock=TODAY, base_url=BASE)).test_client()
    answer = post(checked, signed(request_xml(AssertionConsumerServiceURL="https://elsewhere.example/acs")))
    assert answer.status_code == 400 and b"is not an ACS in the metadata" in answer.data
    assert post(checked, signed(request_xml(AssertionConsumerServiceURL="https://test-dv.example/saml/acs2"))).status_code == 303
    # Switched off, an unregistered URL is accepted with a named warning; strict mode refuses it all the same.
    lenient = create_app(Config.from_env({"SIMULATOR_DDCC_STRICT_ACS": "false"}, clock=TODAY, base_url=BASE))
    assert post(lenient.test_client(), signed(request_xml(AssertionConsumerServiceURL="https://elsewhere.example/acs"))).status_code == 303
    warnings = lenient.extensions["simulator"].requests.entries()[-1].data["warnings"]
    assert warnings and warnings[0].startswith("AuthnRequest: acs_not_registered: would be refused by a strict IdP")
    strict = create_app(Config.from_env({"SIMULATOR_DDCC_STRICT_ACS": "false", "SIMULATOR_DDCC_STRICT": "true"}, clock=TODAY, base_url=BASE))
    answer = post(strict.test_client(), signed(request_xml(AssertionConsumerServiceURL="https://elsewhere.example/acs")))
    assert answer.status_code == 400 and b"strict mode refuses acs_not_registered" in answer.data


def test_a_comment_in_the_issuer_cannot_change_who_signed(client: FlaskClient) -> None:
    # Signed as "<Issuer>test DV<!---->X</Issuer>": lxml's .text stops at the comment, the signed text does not.
    root = request_xml()
    issuer = root.find(f"{{{SAML}}}Issuer")
    issuer.append(etree.Comment(""))
    issuer[0].tail = "X"
    answer = post(client, signed(root))
    assert answer.status_code == 400 and b"comment injection" in answer.data
