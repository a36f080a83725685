"""Production variance (issue 11): the ways real DigiD/RD answers legitimately differ, each selectable per directive
and applied at random with SIMULATOR_DDCC_VARIANCE=production, each named in the request log. Every varied answer is
verified independently (signxml, xmlsec1, EncryptedID by KeyName and Recipient) and, where pysaml2 can read that
shape, by pysaml2's SP client too."""

from __future__ import annotations

from typing import Callable

import pytest
from lxml import etree
from saml2.sigver import SignatureError
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from simulator.outcomes import VARIATIONS, Directive
from simulator.testing import RunningSimulator, running_simulator

from .conftest import TODAY
from .sp_client import ENTRANCE, SAML, SAMLP, TEST_DV, TestServiceProvider
from .verification import decrypt_by_key_name, signxml_verify, xmlsec1_verify

AFVALPAS = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e10"  # loa basis: the level whose URI has two spellings
AD = "urn:nl-eid-gdi:1.0:AD:00000099000000009000:entities:9001"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def _statement(assertion: etree._Element) -> etree._Element:
    return assertion.find(f"{{{SAML}}}AuthnStatement")


def _attributes(assertion: etree._Element) -> list[etree._Element]:
    return assertion.findall(f"{{{SAML}}}AttributeStatement/{{{SAML}}}Attribute")


def _ad_audiences(assertion: etree._Element) -> list[str]:
    ad = next(a for a in assertion.iterfind(f"{{{SAML}}}Advice/{{{SAML}}}Assertion") if a.findtext(f"{{{SAML}}}Issuer") == AD)
    return [a.text for a in ad.iterfind(f".//{{{SAML}}}Audience")]


# Each variation, and whether the (verified) assertion shows it.
SHOWS: dict[str, Callable[[etree._Element], bool]] = {
    "nameid_without_format": lambda a: a.find(f"{{{SAML}}}Subject/{{{SAML}}}NameID").get("Format") is None,
    "service_uuid_typed": lambda a: (
        (service := next(x for x in _attributes(a) if x.get("Name") == "urn:nl-eid-gdi:1.0:ServiceUUID")).get("NameFormat")
        == "urn:oasis:names:tc:SAML:2.0:attrname-format:uri" and service[0].get(XSI_TYPE) == "xs:string"
    ),
    "no_session_index": lambda a: _statement(a).get("SessionIndex") is None,
    "attribute_order": lambda a: _attributes(a)[0].get("Name") == "urn:nl-eid-gdi:1.0:ActingSubjectID",
    "ad_advice_audience": lambda a: _ad_audiences(a) == [ENTRANCE],
    "basic_loa_lowercase": lambda a: _statement(a).findtext(f".//{{{SAML}}}AuthnContextClassRef") == "http://eid.logius.nl/LoA/basic",
}


def _verified_login(sim: RunningSimulator, sp: TestServiceProvider, variations: tuple[str, ...] | None) -> tuple[etree._Element, list[str]]:
    """(the verified Assertion, the variations the request log names) of one login by directive."""
    sim.store.directives.push(Directive(outcome="success", sp=TEST_DV, bsn="999990159", level="basis", variations=variations))
    _, redirect = sp.login(AFVALPAS)  # the directive skips the pages
    artifact = sp.artifact_of(redirect)[0]
    soap = sp.client.artifact2message(artifact, "idpsso", sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256).content
    message = etree.tostring(etree.fromstring(soap).find(f".//{{{SAMLP}}}ArtifactResponse"))
    assert xmlsec1_verify(message, f"{SAMLP}:ArtifactResponse")
    assertion_xml = etree.tostring(signxml_verify(message).find(f"{{{SAMLP}}}Response/{{{SAML}}}Assertion"))
    assert xmlsec1_verify(assertion_xml, f"{SAML}:Assertion")
    assertion = signxml_verify(assertion_xml)
    acting = next(a for a in _attributes(assertion) if a.get("Name") == "urn:nl-eid-gdi:1.0:ActingSubjectID")
    assert decrypt_by_key_name(acting.find(f".//{{{SAML}}}EncryptedID"), "test-sp-encryption", TEST_DV) == "999990159"
    logged = [e.data for e in sim.store.requests.entries() if e.data.get("path", "").endswith("resolve_artifact")][-1]
    return assertion, list(logged.get("variations") or [])


def test_the_catalogue_matches_what_the_tests_check() -> None:
    assert set(SHOWS) == set(VARIATIONS)


@pytest.mark.parametrize("variation", list(VARIATIONS))
def test_each_variation_by_directive(sim: RunningSimulator, sp: TestServiceProvider, variation: str) -> None:
    assertion, logged = _verified_login(sim, sp, (variation,))
    assert [v for v, show in SHOWS.items() if show(assertion)] == [variation]  # this one, and only this one
    assert logged == [variation]


@pytest.mark.parametrize("variation", [v for v in VARIATIONS if v != "service_uuid_typed"])
def test_pysaml2_reads_each_variation(sim: RunningSimulator, sp: TestServiceProvider, variation: str) -> None:
    sim.store.directives.push(Directive(outcome="success", sp=TEST_DV, bsn="999990159", level="basis", variations=(variation,)))
    outcome = sp.full_flow(AFVALPAS)
    assert outcome.acting_bsn == "999990159" and outcome.service_uuid == AFVALPAS


def test_pysaml2_cannot_read_typed_attribute_values_in_an_artifact_response(sim: RunningSimulator, sp: TestServiceProvider) -> None:
    # What the variance mode is for: pysaml2 re-serialises the ArtifactResponse with ElementTree, which drops the
    # xmlns:xs declaration that only the value xsi:type="xs:string" uses, and its schema check then fails. The RD
    # sends exactly this shape (nl-rdo-max's cluster_response.xml); an SP on pysaml2's artifact binding breaks there.
    sim.store.directives.push(Directive(outcome="success", sp=TEST_DV, bsn="999990159", level="basis", variations=("service_uuid_typed",)))
    with pytest.raises(SignatureError, match="xs:string"):
        sp.full_flow(AFVALPAS)


def test_no_variation_by_default(sim: RunningSimulator, sp: TestServiceProvider) -> None:
    for _ in range(3):
        assertion, logged = _verified_login(sim, sp, None)
        assert not any(show(assertion) for show in SHOWS.values()) and logged == []


def test_production_variance_varies_every_answer_independently() -> None:
    with running_simulator(env={"SIMULATOR_DDCC_VARIANCE": "production"}, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url)
        seen: set[str] = set()
        for _ in range(16):
            assertion, logged = _verified_login(sim, sp, None)
            assert set(logged) == {v for v, show in SHOWS.items() if show(assertion)}  # the log names what was done
            seen |= set(logged)
        assert seen == set(VARIATIONS)  # each appears (a miss in 16 answers has probability 6 / 2**16)
        # A directive still picks exactly: none at all here.
        assertion, logged = _verified_login(sim, sp, ())
        assert not any(show(assertion) for show in SHOWS.values()) and logged == []
