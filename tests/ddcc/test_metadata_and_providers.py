"""The IdP metadata at the three DigiD paths, SP registration in both forms (short form and signed SP metadata),
and the switches (profile, audience, RepresentationType URNs)."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from pathlib import Path

import pytest
import requests
from cryptography import x509
from lxml import etree

from simulator.config import DEFAULT_SCENARIO, Config, ConfigError
from simulator.saml.metadata import read_sp_metadata, sp_metadata
from simulator.ddcc.settings import DdccSettings
from simulator.saml.xmlsecurity import SigningKey, XmlRejected, sign
from simulator.pki import CERTIFICATES, CertSpec, generate, key_name, load_pair
from simulator.testing import running_simulator

from .conftest import TODAY
from .sp_client import CERTS, ENTRANCE, SAML, TEST_LC, TEST_LC_ACS, TEST_LC_DV, TEST_LC_SLO, XENC, TestServiceProvider
from .verification import decrypt_by_key_name, signxml_verify, xmlsec1_verify

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
AFVALPAS = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e10"
METADATA_DV = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9201"
METADATA_LC = "urn:nl-eid-gdi:1.0:LC:00000099000000009300:entities:9301"


def cert(stem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((CERTS / f"{stem}.crt").read_bytes())


@pytest.mark.parametrize("part", ["entrance", "idp", "bvd"])
def test_idp_metadata_is_signed_and_complete(sim, part: str) -> None:  # type: ignore[no-untyped-def]
    answer = requests.get(f"{sim.base_url}/saml/v4/{part}/metadata", timeout=10)
    assert answer.status_code == 200
    assert xmlsec1_verify(answer.content, f"{MD}:EntityDescriptor")
    root = signxml_verify(answer.content)
    assert root.get("entityID").startswith("urn:nl-eid-gdi:1.0:")
    assert dt.datetime.fromisoformat(root.get("validUntil").replace("Z", "+00:00")) > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    idp = root.find(f"{{{MD}}}IDPSSODescriptor")
    assert idp.get("WantAuthnRequestsSigned") == "true"
    signing = idp.find(f"{{{MD}}}KeyDescriptor[@use='signing']/{{{DS}}}KeyInfo")
    assert signing.findtext(f"{{{DS}}}KeyName") == key_name(cert("idp-signing"))
    endpoints = {e.tag.split("}")[1]: (e.get("Binding").rsplit(":", 1)[1], e.get("Location")) for e in idp if e.get("Location")}
    entrance = f"{sim.base_url}/saml/v4/entrance"
    assert endpoints == {
        "ArtifactResolutionService": ("SOAP", f"{entrance}/resolve_artifact"),
        "SingleLogoutService": ("HTTP-POST", f"{entrance}/request_logout"),
        "SingleSignOnService": ("HTTP-POST", f"{entrance}/request_authentication"),
    }
    assert idp.find(f"{{{MD}}}ArtifactResolutionService").get("index") == "0"


def test_an_lc_requests_on_behalf_of_its_dv_with_intended_audience(sim) -> None:  # type: ignore[no-untyped-def]
    lc = TestServiceProvider(sim.base_url, entity_id=TEST_LC, acs=TEST_LC_ACS, slo=TEST_LC_SLO, signing="test-lc-signing")
    outcome = lc.full_flow(AFVALPAS, bsn="999990263", intended_audience=TEST_LC_DV)
    assert outcome.acting_bsn == "999990263"
    assertion = etree.fromstring(outcome.assertion_xml)
    assert [a.text for a in assertion.iterfind(f"{{{SAML}}}Conditions/{{{SAML}}}AudienceRestriction/{{{SAML}}}Audience")] == [TEST_LC]
    assert {k.get("Recipient") for k in assertion.iter(f"{{{XENC}}}EncryptedKey")} == {TEST_LC_DV}


def test_rd_profile_switches_issuer_and_audience() -> None:
    with running_simulator(env={"SIMULATOR_DDCC_PROFILE": "rd"}, clock=TODAY) as sim:
        lc = TestServiceProvider(sim.base_url, entity_id=TEST_LC, acs=TEST_LC_ACS, slo=TEST_LC_SLO, signing="test-lc-signing")
        assert lc.idp_entity_id == "urn:nl-eid-gdi:1.0:RD:00000099000000009000:entities:9000"
        outcome = lc.full_flow(WOZ, bsn="999990251", intended_audience=TEST_LC_DV)
        assertion = etree.fromstring(outcome.assertion_xml)
        assert assertion.findtext(f"{{{SAML}}}Issuer") == lc.idp_entity_id
        audiences = [a.text for a in assertion.iterfind(f"{{{SAML}}}Conditions/{{{SAML}}}AudienceRestriction/{{{SAML}}}Audience")]
        assert audiences == [TEST_LC, TEST_LC_DV]


def test_audience_switch_without_the_rd_profile() -> None:
    with running_simulator(env={"SIMULATOR_DDCC_AUDIENCE_INCLUDES_DV": "true"}, clock=TODAY) as sim:
        lc = TestServiceProvider(sim.base_url, entity_id=TEST_LC, acs=TEST_LC_ACS, slo=TEST_LC_SLO, signing="test-lc-signing")
        assertion = etree.fromstring(lc.full_flow(WOZ, bsn="999990251", intended_audience=TEST_LC_DV).assertion_xml)
        assert assertion.findtext(f"{{{SAML}}}Issuer") == ENTRANCE  # still the DDCC entrance
        audiences = [a.text for a in assertion.iterfind(f"{{{SAML}}}Conditions/{{{SAML}}}AudienceRestriction/{{{SAML}}}Audience")]
        assert audiences == [TEST_LC, TEST_LC_DV]


def test_switches_override_the_profile_and_bad_values_name_the_variable() -> None:
    rd = DdccSettings.from_config(Config.from_env({"SIMULATOR_DDCC_PROFILE": "rd", "SIMULATOR_DDCC_AUDIENCE_INCLUDES_DV": "false",
                                                   "SIMULATOR_DDCC_LOGOUT_SIGNING_KEY": "ad"}))
    assert (rd.profile, rd.audience_includes_dv, rd.logout_signing_key) == ("rd", False, "ad")
    assert ":RD:" in rd.entrance_entity_id
    for name, value in (("DDCC_LOGOUT_SIGNING_KEY", "dv"), ("DDCC_STRICT_ACS", "maybe"), ("DDCC_ARTIFACT_DEADLINE", "0"), ("DDCC_PROFILE", "eh"),
                        ("DDCC_CLOCK_SKEW", "soon"), ("DDCC_MAX_MESSAGE_BYTES", str(64 * 1024 * 1024))):
        with pytest.raises(ConfigError, match=f"SIMULATOR_{name}="):
            DdccSettings.from_config(Config.from_env({f"SIMULATOR_{name}": value}))


def test_representation_type_urns_can_be_switched_off() -> None:
    env = {"SIMULATOR_DDCC_REPRESENTATION_TYPE_URNS": "false"}
    with running_simulator(env=env, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url)
        curatele = sp.full_flow(WOZ, bsn="999990202", machtigen=True, represent="999990214")
        assert curatele.legal_bsn == "999990214" and curatele.representation_types == []
        # The published URN stays: the service asks for it.
        zorg = sp.full_flow("0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e08", bsn="999990019", machtigen=True, represent="999990032")
        assert zorg.representation_types == ["urn:nl-eid-gdi:1.1:RT:Zorg_Volledig_Gezag_Kind"]


def _metadata_scenario(tmp_path: Path, data: bytes, entity_id: str, extra: str = "") -> Path:
    (tmp_path / "sp-metadata.xml").write_bytes(data)
    scenario = tmp_path / "zz-metadata-sp.yaml"
    scenario.write_text(f"service_providers:\n  - entity_id: {entity_id}\n    naam: Metadata SP\n    metadata: sp-metadata.xml\n{extra}")
    return scenario


def test_metadata_form_with_rollover_keys_and_attribute_consuming_service(tmp_path: Path) -> None:
    key, certificate = load_pair(CERTS, "test-sp-signing")
    data = sp_metadata(
        METADATA_DV, SigningKey(key, certificate, key_name(certificate)),
        acs=["https://metadata-dv.example/acs"], slo=["https://metadata-dv.example/slo"],
        dienstverleners=[(METADATA_DV, [cert("test-sp-encryption"), cert("test-sp-encryption-2")])],
        service_uuids=[AFVALPAS, WOZ],
    )
    scenario = _metadata_scenario(tmp_path, data, METADATA_DV)
    with running_simulator(env={"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{scenario}"}, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url, entity_id=METADATA_DV, acs="https://metadata-dv.example/acs", slo="https://metadata-dv.example/slo")
        # AttributeConsumingServiceIndex 1 names the second service of the metadata; no Extensions.
        request_id, redirect = sp.login(None, bsn="999990019", attribute_consuming_service_index=1)  # type: ignore[arg-type]
        outcome = sp.resolve(request_id, redirect)
        assert outcome.service_uuid == WOZ and outcome.acting_bsn == "999990019"
        encrypted = etree.fromstring(outcome.assertion_xml).find(f".//{{{SAML}}}EncryptedID")
        key_names = [k.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}KeyName") for k in encrypted.iterfind(f"{{{XENC}}}EncryptedKey")]
        assert key_names == [key_name(cert("test-sp-encryption")), key_name(cert("test-sp-encryption-2"))]
        # A client holding only the rollover key picks its EncryptedKey by KeyName and Recipient.
        assert decrypt_by_key_name(encrypted, "test-sp-encryption-2", METADATA_DV) == "999990019"


def test_the_key_name_of_the_sp_metadata_is_echoed(tmp_path: Path) -> None:
    # DigiD copies the KeyName of the metadata, whatever it is; clients select their EncryptedKey by it.
    key, certificate = load_pair(CERTS, "test-sp-signing")
    signer = SigningKey(key, certificate, key_name(certificate))
    data = sp_metadata(METADATA_DV, signer, ["https://metadata-dv.example/acs"], ["https://metadata-dv.example/slo"],
                       [(METADATA_DV, [cert("test-sp-encryption")])])
    root = etree.fromstring(data)
    root.remove(root.find(f"{{{DS}}}Signature"))
    root.find(f".//{{{MD}}}KeyDescriptor[@use='encryption']/{{{DS}}}KeyInfo/{{{DS}}}KeyName").text = "dv-encryption-2026"
    sign(root, signer)
    scenario = _metadata_scenario(tmp_path, etree.tostring(root), METADATA_DV)
    with running_simulator(env={"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{scenario}"}, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url, entity_id=METADATA_DV, acs="https://metadata-dv.example/acs", slo="https://metadata-dv.example/slo")
        outcome = sp.full_flow(WOZ, bsn="999990019")
        assert outcome.acting_bsn == "999990019"
        assertion = etree.fromstring(outcome.assertion_xml)
        assert {k.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}KeyName") for k in assertion.iter(f"{{{XENC}}}EncryptedKey")} == {"dv-encryption-2026"}


def test_short_form_attribute_consuming_index_services_and_key_name(tmp_path: Path) -> None:
    short_dv = "urn:nl-eid-gdi:1.0:DV:00000099000000009400:entities:9400"
    scenario = tmp_path / "zz-short-form.yaml"
    scenario.write_text(
        "service_providers:\n"
        f"  - entity_id: {short_dv}\n"
        "    naam: Short form SP\n"
        f"    signing_certificate: {CERTS / 'test-sp-signing.crt'}\n"
        f"    encryption_certificate: {CERTS / 'test-sp-encryption.crt'}\n"
        "    encryption_key_name: short-form-key\n"
        '    acs: ["https://short.example/acs"]\n'
        '    slo: ["https://short.example/slo"]\n'
        "    diensten: [afvalpas, woz-beschikking]\n"
    )
    with running_simulator(env={"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{scenario}"}, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url, entity_id=short_dv, acs="https://short.example/acs", slo="https://short.example/slo")
        # The short form has no AttributeConsumingService: index 1 is the second entry of `diensten`.
        request_id, redirect = sp.login(None, bsn="999990019", attribute_consuming_service_index=1)  # type: ignore[arg-type]
        outcome = sp.resolve(request_id, redirect)
        assert outcome.service_uuid == WOZ and outcome.acting_bsn == "999990019"
        assertion = etree.fromstring(outcome.assertion_xml)
        assert {k.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}KeyName") for k in assertion.iter(f"{{{XENC}}}EncryptedKey")} == {"short-form-key"}
        # A service outside `diensten` is refused.
        _, xml = sp.authn_request("0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01")
        answer = sp.post_request(xml)
        assert answer.status_code == 400 and "not registered for service bijzondere-bijstand" in answer.text


def test_lc_metadata_lists_the_connection_first_then_its_dvs() -> None:
    key, certificate = load_pair(CERTS, "test-lc-signing")
    data = sp_metadata(METADATA_LC, SigningKey(key, certificate, key_name(certificate)), ["https://lc.example/acs"], [],
                       [(TEST_LC_DV, [cert("test-sp-encryption")])])
    entities = read_sp_metadata(data)
    assert [e.entity_id for e in entities] == [METADATA_LC, TEST_LC_DV]
    assert entities[1].encryption[0][1] == key_name(cert("test-sp-encryption"))
    # Verified against the LC's signing certificate: another trust anchor, or a changed byte, is refused.
    with pytest.raises(XmlRejected, match="does not verify"):
        read_sp_metadata(data, trusted=[cert("demo-sp-signing")])
    with pytest.raises(XmlRejected):
        read_sp_metadata(data.replace(b"https://lc.example/acs", b"https://evil.example/acs"))


def test_a_broken_registration_is_reported_per_provider(tmp_path: Path) -> None:
    scenario = _metadata_scenario(tmp_path, b"<md:EntitiesDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>", METADATA_DV)
    with running_simulator(env={"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{scenario}"}, clock=TODAY) as sim:
        sp = TestServiceProvider(sim.base_url, entity_id=METADATA_DV)
        _, xml = sp.authn_request(WOZ)
        answer = sp.post_request(xml)
        assert answer.status_code == 400 and "registration of" in answer.text and "no EntityDescriptor" in answer.text
        # The other providers are unaffected.
        assert TestServiceProvider(sim.base_url).full_flow(WOZ, bsn="999990019").acting_bsn == "999990019"


@pytest.fixture(scope="module")
def certs_with_ad_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulator's certs plus a separate AD signing key, as production DigiD has."""
    directory = tmp_path_factory.mktemp("certs")
    for path in CERTS.iterdir():
        shutil.copy(path, directory / path.name)
    generate(directory, specs=(CertSpec("idp-ad-signing", "DigiD simulator AD signing (TEST)", "00000099000000009000", "signing"),))
    return directory


@pytest.mark.parametrize(("switch", "signer"), [(None, "idp-ad-signing"), ("entrance", "idp-signing")])
def test_logout_response_signing_key_switch(certs_with_ad_key: Path, switch: str | None, signer: str) -> None:
    env = {"SIMULATOR_DDCC_LOGOUT_SIGNING_KEY": switch} if switch else {}
    with running_simulator(env=env, clock=TODAY, certs_dir=certs_with_ad_key) as sim:
        ad_metadata = requests.get(f"{sim.base_url}/saml/v4/idp/metadata", timeout=10).content
        ad_cert = certs_with_ad_key / "idp-ad-signing.crt"
        assert xmlsec1_verify(ad_metadata, f"{MD}:EntityDescriptor", ad_cert)
        sp = TestServiceProvider(sim.base_url)
        outcome = sp.full_flow(WOZ, bsn="999990019")
        # The AD's Advice assertion is signed with the AD key, the summary assertion with the entrance key.
        advice = etree.fromstring(outcome.assertion_xml).find(f"{{{SAML}}}Advice/{{{SAML}}}Assertion")
        assert xmlsec1_verify(etree.tostring(advice), f"{SAML}:Assertion", ad_cert)
        page = sp.logout(outcome)
        fields = {i.get("name"): i.get("value") for i in etree.HTML(page.content).iter("input")}
        message = base64.b64decode(fields["SAMLResponse"])
        expected = certs_with_ad_key / f"{signer}.crt"
        assert xmlsec1_verify(message, "urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse", expected)
        assert etree.fromstring(message).findtext(f".//{{{DS}}}KeyName") == key_name(x509.load_pem_x509_certificate(expected.read_bytes()))


def test_larger_keys_mounted_from_elsewhere_are_used(tmp_path: Path) -> None:
    # `simulator certs generate --key-size 3072` output in a directory of its own, as a mounted volume would be.
    for path in CERTS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    specs = tuple(s for s in CERTIFICATES if s.stem in ("idp-signing", "idp-encryption"))
    generate(tmp_path, key_size=3072, force=True, specs=specs)
    signing = x509.load_pem_x509_certificate((tmp_path / "idp-signing.crt").read_bytes())
    assert signing.public_key().key_size == 3072  # type: ignore[union-attr]
    with running_simulator(clock=TODAY, certs_dir=tmp_path) as sim:
        sp = TestServiceProvider(sim.base_url)
        outcome = sp.full_flow(WOZ, bsn="999990019")
        assert outcome.acting_bsn == "999990019"
        assert xmlsec1_verify(outcome.assertion_xml, f"{SAML}:Assertion", tmp_path / "idp-signing.crt")
        assert not xmlsec1_verify(outcome.assertion_xml, f"{SAML}:Assertion")  # not the committed key
        assert etree.fromstring(outcome.assertion_xml).findtext(f"{{{DS}}}Signature/{{{DS}}}KeyInfo/{{{DS}}}KeyName") == key_name(signing)
