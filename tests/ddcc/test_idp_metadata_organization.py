"""The IdP metadata says what it is (md:Organization: the SIMULATOR, test only) without changing what SPs check:
pysaml2 and python3-saml still load it, its signature still verifies."""

from __future__ import annotations

import pytest
import requests
from lxml import etree
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from saml2 import md
from saml2.mdstore import MetadataStore
from saml2.config import Config as Saml2Config

from .verification import signxml_verify, xmlsec1_verify

MD = "urn:oasis:names:tc:SAML:2.0:metadata"


@pytest.mark.parametrize("part", ["entrance", "idp", "bvd"])
def test_metadata_names_the_simulator_and_still_verifies(sim, part: str) -> None:  # type: ignore[no-untyped-def]
    text = requests.get(f"{sim.base_url}/saml/v4/{part}/metadata", timeout=10).content
    assert xmlsec1_verify(text, f"{MD}:EntityDescriptor")
    verified = signxml_verify(text)  # what the signature covers
    # The schema's order: Signature, the role descriptor, then Organization.
    assert [child.tag.split("}")[1] for child in etree.fromstring(text)] == ["Signature", "IDPSSODescriptor", "Organization"]
    assert verified.find(f"{{{MD}}}Organization") is not None
    entity = md.entity_descriptor_from_string(text.decode())
    names = {n.lang: n.text for n in entity.organization.organization_name}
    assert "TEST ONLY, not DigiD" in names["en"] and "ALLEEN VOOR TESTEN" in names["nl"]
    assert {u.text for u in entity.organization.organization_url} == {f"{sim.base_url}/"}
    store = MetadataStore(None, Saml2Config())  # pysaml2 loads it as an SP would
    store.load("inline", text.decode())
    assert store.single_sign_on_service(entity.entity_id, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
    # python3-saml: its metadata parser finds the IdP, and its own signature check still passes.
    settings = OneLogin_Saml2_IdPMetadataParser.parse(text.decode(), required_sso_binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
    assert settings["idp"]["entityId"] == entity.entity_id
    assert OneLogin_Saml2_Utils.validate_metadata_sign(text.decode(), cert=OneLogin_Saml2_Utils.format_cert(settings["idp"].get("x509cert") or settings["idp"]["x509certMulti"]["signing"][0]), raise_exceptions=True)
