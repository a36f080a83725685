"""A DDCC service provider made of python3-saml (Maykin's fork `maykin-python3-saml`, the engine
django-digid-eherkenning pins), configured the way django-digid-eherkenning 0.24 configures its DigiD client.

`settings_dict` is `digid_eherkenning.saml2.base.BaseSaml2Client.create_config_dict` plus
`digid_eherkenning.saml2.digid.DigiDClient.create_config`, value for value, for a configuration with the
package's defaults. Only these client-side settings differ, each one a setting a production eID 4.x client needs
too (tests/interop/test_ddcc_python3_saml.py says why for each):

1. `OneLogin_Saml2_IdPMetadataParser.parse(..., required_sso_binding=HTTP-POST)`: django-digid-eherkenning parses
   with python3-saml's default, HTTP-Redirect, but DigiD's eID 4.x metadata offers the SSO by HTTP-POST only.
2. `attr_consuming_service_index`: DDCC needs the service (ServiceUUID); an SP without samlp:Extensions names it
   by AttributeConsumingServiceIndex. django-digid-eherkenning's DigiD client sends none (classic DigiD needs none).
3. `security.disableSignatureWrappingProtection = True`: python3-saml's signature-wrapping guard counts every
   saml:Assertion in the Response, including the AD's and BVD's signed assertions in saml:Advice. This is exactly
   what django-digid-eherkenning's own eHerkenning client sets, for the same reason (its comment in
   `digid_eherkenning/saml2/eherkenning.py`: the Advice holds assertions "which are not malicious"; the artifact
   binding's TLS back channel is what protects the client). With it, python3-saml still verifies the one signed
   Assertion outside the Advice.
4. Machtigen: python3-saml has no Scoping option, so `samlp:Scoping/samlp:RequesterID` (the BVD entity ID) is
   inserted into the AuthnRequest before python3-saml signs it, as a production client must.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from lxml import etree, html
from onelogin.saml2.authn_request import OneLogin_Saml2_Authn_Request
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils

CERTS = Path(__file__).resolve().parents[2] / "certs"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
BVD = "urn:nl-eid-gdi:1.0:BVD:00000099000000009000:entities:9002"
ENTRANCE = "urn:nl-eid-gdi:1.0:TD:00000099000000009000:entities:9000"
# The SP as the scenario registers it (see `scenario_file`); python3-saml has one key pair for signing and
# decryption, so the DV's encryption certificate is its signing certificate.
ENTITY_ID = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9210"
BASE_URL = "https://open-formulieren.example"
ACS_PATH = "/digid/acs"
SERVICES = ["woz-beschikking", "bijzondere-bijstand", "afvalpas"]  # AttributeConsumingServiceIndex 0, 1, 2
MIDDLE = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"  # DigiDAssuranceLevels.middle


def scenario_file(directory: Path) -> Path:
    """The SP's registration, for SIMULATOR_SCENARIO beside the default scenario."""
    path = directory / "python3-saml-sp.yaml"
    path.write_text(
        "service_providers:\n"
        f"  - entity_id: {ENTITY_ID}\n"
        "    naam: python3-saml as django-digid-eherkenning configures it\n"
        f"    signing_certificate: {CERTS / 'test-sp-signing.crt'}\n"
        f"    encryption_certificate: {CERTS / 'test-sp-signing.crt'}\n"
        f"    acs: [\"{BASE_URL}{ACS_PATH}\"]\n"
        f"    diensten: [{', '.join(SERVICES)}]\n"
    )
    return path


def settings_dict(idp_metadata: str, signature_wrapping_guard: bool = False) -> dict:
    """django-digid-eherkenning's DigiD settings dict (BaseSaml2Client.create_config_dict + DigiDClient.create_config)."""
    certificate = (CERTS / "test-sp-signing.crt").read_text()
    key = (CERTS / "test-sp-signing.key").read_text()
    setting = {
        "strict": True,
        "security": {
            "signMetadata": True,
            "authnRequestsSigned": True,
            "logoutRequestSigned": True,
            "logoutResponseSigned": True,
            "wantAssertionsEncrypted": False,
            "wantAssertionsSigned": False,
            "soapClientKey": str(CERTS / "test-sp-signing.key"),
            "soapClientCert": str(CERTS / "test-sp-signing.crt"),
            "signatureAlgorithm": OneLogin_Saml2_Constants.RSA_SHA1,
            "digestAlgorithm": None,
            # DigiDClient.create_config:
            "wantAttributeStatement": False,
            "metadataValidUntil": "",
            "metadataCacheDuration": "",
            "requestedAuthnContextComparison": "minimum",
            "requestedAuthnContext": [MIDDLE],
        },
        "debug": False,
        "sp": {
            "entityId": ENTITY_ID,
            "assertionConsumerService": {"url": f"{BASE_URL}{ACS_PATH}", "binding": OneLogin_Saml2_Constants.BINDING_HTTP_ARTIFACT},
            "attributeConsumingService": {
                "index": "1", "serviceName": "Open Formulieren", "serviceDescription": "",
                "requestedAttributes": [],
            },
            "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "x509cert": certificate,
            "privateKey": key,
        },
    }
    # Setting 1 (see the module docstring): DigiD eID 4.x offers its SSO by HTTP-POST only.
    parsed = OneLogin_Saml2_IdPMetadataParser.parse(
        idp_metadata, entity_id=ENTRANCE, required_sso_binding=OneLogin_Saml2_Constants.BINDING_HTTP_POST
    )
    setting["idp"] = parsed["idp"]
    setting["idp"]["resolveArtifactBindingContentType"] = "application/soap+xml"  # the package's default
    if not signature_wrapping_guard:
        # Setting 3: as django-digid-eherkenning's eHerkenning client (Advice assertions are not a wrapping attack).
        setting["security"]["disableSignatureWrappingProtection"] = True
    return setting


def request_data(get_data: dict | None = None) -> dict:
    """What django-digid-eherkenning's create_saml2_request passes python3-saml for a request to the ACS."""
    netloc = urlparse(BASE_URL).netloc
    return {"https": "on", "http_host": netloc, "script_name": ACS_PATH, "get_data": get_data or {}, "post_data": {}, "query_string": ""}


@dataclass
class Login:
    """What python3-saml made of one flow."""

    request_id: str
    error: str | None = None
    attributes: dict = field(default_factory=dict)
    authn_contexts: list[str] = field(default_factory=list)
    name_id: str | None = None
    session_index: str | None = None


class Python3SamlSP:
    """The SP: python3-saml does the SAML; `requests` plays the browser on the simulator's pages."""

    def __init__(self, base_url: str, signature_wrapping_guard: bool = False):
        self.base_url = base_url
        self.browser = requests.Session()
        self.browser.trust_env = False
        metadata = self.browser.get(f"{base_url}/saml/v4/entrance/metadata", timeout=30)
        metadata.raise_for_status()
        self.settings = OneLogin_Saml2_Settings(settings_dict(metadata.text, signature_wrapping_guard))

    def auth(self, get_data: dict | None = None) -> OneLogin_Saml2_Auth:
        return OneLogin_Saml2_Auth(request_data(get_data), old_settings=self.settings, custom_base_path=None)

    def authn_request(self, service_index: int, machtigen: bool) -> tuple[str, dict[str, str], str]:
        """(request ID, the HTTP-POST form, SSO URL), as OneLogin_Saml2_Auth.login_post builds and signs it
        with DigiDClient.create_authn_request's arguments, plus setting 2 and (machtigen) setting 4."""
        request = OneLogin_Saml2_Authn_Request(
            self.settings, force_authn=False, is_passive=False, set_nameid_policy=False, name_id_value_req=None,
            attr_consuming_service_index=str(service_index),
        )
        xml = request.get_request(deflate=False, base64_encode=False)
        if machtigen:
            root = etree.fromstring(xml.encode())
            scoping = etree.SubElement(root, f"{{{SAMLP}}}Scoping")  # last: after RequestedAuthnContext, as the schema orders
            etree.SubElement(scoping, f"{{{SAMLP}}}RequesterID").text = BVD
            xml = etree.tostring(root).decode()
        signed = OneLogin_Saml2_Utils.add_sign(
            xml.encode(), self.settings.get_sp_key(), self.settings.get_sp_cert(),
            sign_algorithm=OneLogin_Saml2_Constants.RSA_SHA256, digest_algorithm=OneLogin_Saml2_Constants.SHA256,
        )
        form = {"SAMLRequest": OneLogin_Saml2_Utils.b64encode(signed), "RelayState": "/formulier/aanvraag"}
        return request.get_id(), form, self.settings.get_idp_sso_url()

    def _submit(self, page: requests.Response, **fields: str) -> requests.Response:
        form = html.fromstring(page.content).forms[0]
        values = dict(form.form_values())
        values.update(fields)
        return self.browser.post(urljoin(page.url, form.action), data=values, allow_redirects=False, timeout=30)

    def _follow(self, answer: requests.Response) -> requests.Response:
        assert answer.status_code in (302, 303), f"{answer.status_code}: {answer.text[:300]}"
        return self.browser.get(urljoin(answer.url, answer.headers["Location"]), allow_redirects=False, timeout=30)

    def login(
        self, bsn: str, service_index: int = 0, machtigen: bool = False, represent: str | None = None,
        level: str = "", cancel: bool = False,
    ) -> Login:
        request_id, form, sso_url = self.authn_request(service_index, machtigen)
        answer = self.browser.post(sso_url, data=form, allow_redirects=False, timeout=30)
        if answer.status_code == 303:  # the login page
            page = self._follow(answer)
            answer = self._submit(page, action="cancel") if cancel else self._submit(page, action="login", bsn=bsn, level=level)
            if answer.status_code == 303:  # the machtigen step
                page = self._follow(answer)
                radios = html.fromstring(page.content).xpath("//input[@name='represent']")
                chosen = [r.get("value") for r in radios if represent is None or r.get("value").startswith(f"{represent}:")]
                answer = self._submit(page, action="choose", represent=chosen[0])
        assert answer.status_code == 302, f"{answer.status_code}: {answer.text[:300]}"
        location = answer.headers["Location"]
        assert location.startswith(f"{BASE_URL}{ACS_PATH}?"), location
        query = parse_qs(urlparse(location).query)
        return self.acs(request_id, query["SAMLart"][0])

    def acs(self, request_id: str, artifact: str) -> Login:
        """django-digid-eherkenning's ACS view: BaseSaml2Client.artifact_resolve, then the InResponseTo check."""
        auth = self.auth({"SAMLart": artifact})
        login = Login(request_id)
        try:
            response = auth.artifact_resolve(artifact)
        except Exception as exc:  # noqa: BLE001 - python3-saml's refusal is the test's evidence
            login.error = str(exc)
            return login
        assert response.get_in_response_to() == request_id  # verify_saml2_response's check
        login.attributes = response.get_attributes()
        login.authn_contexts = response.get_authn_contexts()
        login.name_id = response.get_nameid()
        login.session_index = response.get_session_index()
        return login


def bsn_of(login: Login, attribute: str) -> str | None:
    """The BSN python3-saml decrypted from an EncryptedID attribute ({'NameID': {...}} values)."""
    values = login.attributes.get(attribute) or []
    if not values:
        return None
    name_id = copy.deepcopy(values[0])["NameID"]
    assert name_id["NameQualifier"] == "urn:nl-eid-gdi:1.0:id:legacy-BSN"
    return name_id["value"]
