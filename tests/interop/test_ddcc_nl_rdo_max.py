"""nl-rdo-max (minvws/nl-rdo-max, the most complete public eID 4.x client, which runs against production) logs in
at DDCC with its own code, in its strict mode: plain and machtigen.

nl-rdo-max cannot be vendored (workplace rule: nothing fetched is committed), so this test imports it from a
checkout named by NL_RDO_MAX_SRC and is skipped without one:

    git clone https://github.com/minvws/nl-rdo-max /tmp/nl-rdo-max
    .venv/bin/pip install pyop jwcrypto pycryptodomex      # what its SAML code imports, all on PyPI
    NL_RDO_MAX_SRC=/tmp/nl-rdo-max .venv/bin/pytest tests/interop/test_ddcc_nl_rdo_max.py

What runs is nl-rdo-max's own `SamlIdentityProvider` (app/models/saml/saml_identity_provider.py): its SP metadata
(SPMetadata, registered in the scenario as it would be uploaded to DigiD), its signed AuthnRequest (AuthNRequest),
its ArtifactResolve (ArtifactResolveRequest: SOAP 1.2, Destination = the SSO URL), and its ArtifactResponse parsing
and validation (ArtifactResponseFactory.from_string, ArtifactResponse.validate with strict=True,
saml_specification_version 4.5: issuers, audience, Destination and Recipient, time limits, ServiceUUID,
EncryptedID decryption, get_bsn). Stubbed is only its configuration: `app.dependency_injection.config` (a
ConfigParser read from max.conf) and the settings.json an identity provider folder holds.

Client-side settings, each as nl-rdo-max's own `saml/tvs/settings.json.example` has them, with the simulator's
entity IDs and URLs: the SP entityId/ACS/ServiceUUID, `security.authorizationByProxyRequestIds` = the BVD and
`authorizationByProxyScopes` = the AD and the BVD. One deviation from running it unchanged: its
`create_authn_request` throws the Scoping list away (`scoping_list = []  # todo: Remove this`), which leaves a
machtigen request without Scoping; the machtigen test builds its AuthNRequest with the Scoping its own
`determine_scoping_attributes` returns, as the class would without that line.
"""

from __future__ import annotations

import base64
import configparser
import datetime as dt
import importlib
import os
import sys
import types
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from lxml import html

from simulator.config import DEFAULT_SCENARIO
from simulator.testing import RunningSimulator, running_simulator

SRC = os.environ.get("NL_RDO_MAX_SRC")
pytestmark = pytest.mark.skipif(not SRC, reason="NL_RDO_MAX_SRC is not set: no nl-rdo-max checkout to test against (see the module docstring)")

TODAY = dt.date(2026, 6, 15)
CERTS = Path(__file__).resolve().parents[2] / "certs"
ENTITY_ID = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9220"
ACS = "https://max.example/acs"
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
AD = "urn:nl-eid-gdi:1.0:AD:00000099000000009000:entities:9001"
BVD = "urn:nl-eid-gdi:1.0:BVD:00000099000000009000:entities:9002"


def _settings(idp_metadata_path: Path) -> dict[str, Any]:
    """An identity provider's settings.json, shaped as nl-rdo-max's saml/tvs/settings.json.example."""
    return {
        "saml_specification_version": 4.5,
        "strict": True,
        "verify_ssl": True,
        "sp": {
            # nl-rdo-max signs and decrypts with one key pair (ArtifactResponse.decrypt_id selects by its KeyName).
            "cert_path": str(CERTS / "test-sp-signing.crt"),
            "key_path": str(CERTS / "test-sp-signing.key"),
            "entityId": ENTITY_ID,
            "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "assertionConsumerService": {"url": ACS, "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"},
            "attributeConsumingService": {
                "serviceName": "Max", "serviceDescription": "Max Inlogservice",
                "requestedAttributes": [{"name": "urn:nl-eid-gdi:1.0:ServiceUUID", "isRequired": True, "nameFormat": "",
                                         "friendlyName": "", "attributeValue": [WOZ]}],
            },
        },
        "idp": {
            "metadata_path": str(idp_metadata_path),
            "singleSignOnService": {"binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"},
        },
        "security": {
            "authnRequestsSigned": True,
            "wantAssertionsSigned": True,
            "requestedAuthnContext": ["urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"],
            "requestedAuthnContextComparison": "minimum",
            "allowScoping": True,
            "authorizationByProxyRequestIds": [BVD],
            "authorizationByProxyScopes": [AD, BVD],
            "defaultScopes": [AD],
        },
    }


class NlRdoMax:
    """nl-rdo-max's modules, imported from the checkout with only its configuration stubbed."""

    def __init__(self, src: str):
        config = configparser.ConfigParser()
        config["app"] = {"mocked_uzi_data_file_path": ""}  # read at import time by app/misc/utils.py
        stub = types.ModuleType("app.dependency_injection.config")
        stub.get_config = lambda path=None: config  # type: ignore[attr-defined]
        stub.get_config_value = lambda section, name, default=None: config.get(section, name, fallback=default)  # type: ignore[attr-defined]
        sys.path.insert(0, src)
        sys.modules["app.dependency_injection.config"] = stub
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.jinja_env = Environment(loader=FileSystemLoader(str(Path(src) / "saml" / "templates" / "xml")), autoescape=select_autoescape())
        self.metadata = importlib.import_module("app.models.saml.metadata")
        self.requests = importlib.import_module("app.models.saml.saml_request")
        self.provider = importlib.import_module("app.models.saml.saml_identity_provider")

    def sp_metadata(self, settings: dict[str, Any]) -> bytes:
        sp = settings["sp"]
        return self.metadata.SPMetadata(settings, (sp["cert_path"], sp["key_path"]), self.jinja_env).get_xml()


@pytest.fixture(scope="module")
def max_code() -> NlRdoMax:
    return NlRdoMax(SRC or "")


@pytest.fixture(scope="module")
def sim(max_code: NlRdoMax, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningSimulator, Any]]:
    directory = tmp_path_factory.mktemp("nl-rdo-max")
    idp_metadata = directory / "idp_metadata.xml"
    settings = _settings(idp_metadata)
    # Registered as nl-rdo-max's own signed SP metadata, the file it would hand DigiD.
    (directory / "sp-metadata.xml").write_bytes(max_code.sp_metadata(settings))
    (directory / "sp.yaml").write_text(f"service_providers:\n  - entity_id: {ENTITY_ID}\n    metadata: sp-metadata.xml\n")
    with running_simulator(env={"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{directory / 'sp.yaml'}"}, clock=TODAY) as running:
        idp_metadata.write_bytes(requests.get(f"{running.base_url}/saml/v4/entrance/metadata", timeout=10).content)
        provider = max_code.provider.SamlIdentityProvider("tvs", str(directory), settings, max_code.jinja_env, 10)
        yield running, provider


def _browser_login(sim: RunningSimulator, form: dict[str, str], sso_url: str, bsn: str, represent: str | None) -> str:
    """The citizen at the simulator's pages (nl-rdo-max posts the form from its authn_request.html); the artifact."""
    browser = requests.Session()
    answer = browser.post(sso_url, data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 303, answer.text

    def submit(page: requests.Response, **fields: str) -> requests.Response:
        page_form = html.fromstring(page.content).forms[0]
        return browser.post(urljoin(page.url, page_form.action), data={**dict(page_form.form_values()), **fields}, allow_redirects=False, timeout=10)

    page = browser.get(urljoin(sso_url, answer.headers["Location"]), timeout=10)
    answer = submit(page, action="login", bsn=bsn)
    if represent is not None:
        page = browser.get(urljoin(sso_url, answer.headers["Location"]), timeout=10)
        radios = html.fromstring(page.content).xpath("//input[@name='represent']")
        answer = submit(page, action="choose", represent=next(r.get("value") for r in radios if r.get("value").startswith(f"{represent}:")))
    assert answer.status_code == 302 and answer.headers["Location"].startswith(f"{ACS}?"), answer.text
    return parse_qs(urlparse(answer.headers["Location"]).query)["SAMLart"][0]


def _form(authn_request: Any) -> dict[str, str]:
    return {"SAMLRequest": authn_request.get_base64_string().decode(), "RelayState": "max-state"}


def test_plain_login_in_strict_mode(sim: tuple[RunningSimulator, Any]) -> None:
    running, provider = sim
    authn_request = provider.create_authn_request(authorization_by_proxy=False)
    artifact = _browser_login(running, _form(authn_request), authn_request.sso_url, "999990019", None)
    response = provider.resolve_artifact(artifact)  # SOAP 1.2, Destination = SSO URL; parsed and validated strictly
    assert response.raise_for_status() == "saml_success"
    assert response.get_bsn(authorization_by_proxy=False) == "999990019"
    assert response.loa_authn == "http://eidas.europa.eu/LoA/substantial"
    # The two deviations nl-rdo-max's ArtifactResolve makes were accepted with their named warnings.
    resolve_entry = next(e.data for e in reversed(running.store.requests.entries()) if e.data.get("path", "").endswith("resolve_artifact"))
    assert [w.split(":")[1].strip() for w in resolve_entry["warnings"]] == ["soap12_envelope", "artifact_resolve_destination_sso"]


def test_machtigen_login_in_strict_mode(max_code: NlRdoMax, sim: tuple[RunningSimulator, Any]) -> None:
    running, provider = sim
    scoping, request_ids = provider.determine_scoping_attributes(authorization_by_proxy=True)
    assert (scoping, request_ids) == ([AD, BVD], [BVD])
    sso_url = provider._idp_metadata.get_sso()["location"]  # as create_authn_request does
    authn_request = max_code.requests.AuthNRequest(sso_url, provider.sp_metadata, max_code.jinja_env, scoping_list=scoping, request_ids=request_ids)
    artifact = _browser_login(running, _form(authn_request), sso_url, "999990202", "999990214")
    response = provider.resolve_artifact(artifact)
    assert response.raise_for_status() == "saml_success"
    assert response.get_bsn(authorization_by_proxy=True) == "999990214"  # LegalSubjectID: whom they act for
    assert response.attributes["urn:nl-eid-gdi:1.0:ActingSubjectID"].text == "999990202"
    assert base64.b64decode(artifact)[:2] == b"\x00\x04"


@pytest.mark.parametrize("variation", ["nameid_without_format", "service_uuid_typed", "no_session_index", "attribute_order", "ad_advice_audience"])
def test_every_production_variation_in_strict_mode(sim: tuple[RunningSimulator, Any], variation: str) -> None:
    from simulator.outcomes import Directive

    running, provider = sim
    running.store.directives.push(Directive(outcome="success", sp=ENTITY_ID, bsn="999990019", variations=(variation,)))
    authn_request = provider.create_authn_request(authorization_by_proxy=False)
    answer = requests.post(authn_request.sso_url, data=_form(authn_request), allow_redirects=False, timeout=10)
    assert answer.status_code == 302  # the directive skips the pages
    response = provider.resolve_artifact(parse_qs(urlparse(answer.headers["Location"]).query)["SAMLart"][0])
    assert response.raise_for_status() == "saml_success" and response.get_bsn(authorization_by_proxy=False) == "999990019"
