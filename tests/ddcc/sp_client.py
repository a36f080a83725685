"""A DDCC service provider for tests, built on pysaml2's own SP client (Saml2Client).

Configured from the simulator's published metadata, it sends a signed AuthnRequest by HTTP-POST, walks the login
and machtigen pages with a requests session (posting their forms), resolves the artifact over SOAP with a signed
ArtifactResolve, verifies the ArtifactResponse and Assertion signatures and decrypts the EncryptedIDs.

Where pysaml2 cannot handle an eID 4.x detail, this module extends it minimally and says so:
- The Response inside the ArtifactResponse is handed to `parse_authn_request_response` as it was received
  (serialised from the received bytes by lxml), because pysaml2 re-serialises nested messages with other prefixes,
  which would break the Assertion's exclusive-c14n signature.
- pysaml2 has no notion of an EncryptedID inside an AttributeValue; each one is cut out of the verified assertion
  and decrypted with pysaml2's own `SecurityContext.decrypt` (xmlsec1), using the SP's encryption key.
"""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from xml.etree import ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from lxml import etree, html
from saml2 import BINDING_HTTP_ARTIFACT, BINDING_HTTP_POST, samlp
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2 import ExtensionElement
from saml2.saml import NAMEID_FORMAT_TRANSIENT
from saml2.samlp import Extensions
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

PROJECT = Path(__file__).resolve().parents[2]
CERTS = PROJECT / "certs"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
XENC = "http://www.w3.org/2001/04/xmlenc#"
DS = "http://www.w3.org/2000/09/xmldsig#"

TEST_DV = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9200"
TEST_DV_ACS = "https://test-dv.example/saml/acs"
TEST_DV_SLO = "https://test-dv.example/saml/slo"
TEST_LC = "urn:nl-eid-gdi:1.0:LC:00000099000000009300:entities:9300"
TEST_LC_DV = "urn:nl-eid-gdi:1.0:DV:00000099000000009301:entities:9301"
TEST_LC_ACS = "https://test-lc.example/saml/acs"
TEST_LC_SLO = "https://test-lc.example/saml/slo"
BVD = "urn:nl-eid-gdi:1.0:BVD:00000099000000009000:entities:9002"
ENTRANCE = "urn:nl-eid-gdi:1.0:TD:00000099000000009000:entities:9000"


# pysaml2 unwraps the SOAP body by re-serialising the ArtifactResponse with ElementTree, which renames namespace
# prefixes it does not know (saml2p -> ns0). Prefixes are part of exclusive c14n, so the signature would no longer
# verify; registering the prefixes DigiD uses (as in the ST-SAML examples) keeps the re-serialisation c14n-equal.
for _prefix, _uri in (("saml2p", SAMLP), ("saml2", SAML), ("ds", DS), ("xenc", XENC), ("soap11", SOAP)):
    ElementTree.register_namespace(_prefix, _uri)


def xmlsec_binary() -> str:
    return shutil.which("xmlsec1") or "/usr/bin/xmlsec1"


def _attribute(name: str, value: str) -> ExtensionElement:
    return ExtensionElement(
        "Attribute", namespace=SAML, attributes={"Name": name},
        children=[ExtensionElement("AttributeValue", namespace=SAML, text=value)],
    )


@dataclass
class Outcome:
    """What the SP learned from one flow."""

    status: list[str]  # top-level and second-level status URIs
    status_message: str | None
    relay_state: str | None
    response_xml: bytes | None = None  # the inner samlp:Response as received
    assertion_xml: bytes | None = None
    acting_bsn: str | None = None
    legal_bsn: str | None = None
    loa: str | None = None
    service_uuid: str | None = None
    representation_types: list[str] = field(default_factory=list)
    name_id: str | None = None
    session_index: str | None = None
    pysaml2_response: object | None = None
    soap_xml: bytes | None = None


class TestServiceProvider:
    __test__ = False  # a helper, not a test class
    def __init__(
        self,
        base_url: str,
        entity_id: str = TEST_DV,
        acs: str = TEST_DV_ACS,
        slo: str = TEST_DV_SLO,
        signing: str = "test-sp-signing",
        encryption: str = "test-sp-encryption",
        verify: str | bool = True,
        cert: tuple[str, str] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        # REQUESTS_CA_BUNDLE in the environment would silently override a session's `verify`.
        self.http.trust_env = False
        self.http.verify = verify
        if cert:
            self.http.cert = cert
        metadata = self.http.get(f"{self.base_url}/saml/v4/entrance/metadata", timeout=30)
        metadata.raise_for_status()
        self.idp_metadata = metadata.content
        self.idp_entity_id = etree.fromstring(self.idp_metadata).get("entityID")
        self.acs = acs
        self.encryption_key = str(CERTS / f"{encryption}.key")
        config = SPConfig()
        config.load(
            {
                "entityid": entity_id,
                "xmlsec_binary": xmlsec_binary(),
                "key_file": str(CERTS / f"{signing}.key"),
                "cert_file": str(CERTS / f"{signing}.crt"),
                "encryption_keypairs": [{"key_file": self.encryption_key, "cert_file": str(CERTS / f"{encryption}.crt")}],
                "metadata": {"inline": [self.idp_metadata.decode()]},
                "accepted_time_diff": 60,
                "service": {
                    "sp": {
                        "endpoints": {
                            # The artifact arrives at the ACS; the inner Response is then consumed as if posted there.
                            "assertion_consumer_service": [(acs, BINDING_HTTP_ARTIFACT), (acs, BINDING_HTTP_POST)],
                            "single_logout_service": [(slo, BINDING_HTTP_POST)],
                        },
                        "authn_requests_signed": True,
                        "logout_requests_signed": True,
                        "want_response_signed": False,
                        "want_assertions_signed": True,
                        "allow_unsolicited": False,
                        "name_id_format": NAMEID_FORMAT_TRANSIENT,
                        "signing_algorithm": SIG_RSA_SHA256,
                        "digest_algorithm": DIGEST_SHA256,
                    }
                },
            }
        )
        self.client = Saml2Client(config)
        # pysaml2's own HTTP client does the SOAP call: give it the same TLS settings.
        self.client.request_args["verify"] = verify
        self.client.request_args["timeout"] = 30
        if cert:
            self.client.request_args["cert"] = cert
        self.sso_url = f"{self.base_url}/saml/v4/entrance/request_authentication"

    # -- front channel --------------------------------------------------------------------------------

    def authn_request(
        self, service_uuid: str | None, machtigen: bool = False, intended_audience: str | None = None,
        attribute_consuming_service_index: int | None = None, scoping: samlp.Scoping | None = None, **kwargs: object,
    ) -> tuple[str, str]:
        """(request ID, signed AuthnRequest XML) made by pysaml2."""
        extensions = None
        if service_uuid is not None:
            elements = [_attribute("urn:nl-eid-gdi:1.0:ServiceUUID", service_uuid)]
            if intended_audience:
                elements.append(_attribute("urn:nl-eid-gdi:1.0:IntendedAudience", intended_audience))
            extensions = Extensions(extension_elements=elements)
        if machtigen:
            scoping = samlp.Scoping(requester_id=[samlp.RequesterID(text=BVD)])
        if attribute_consuming_service_index is not None:
            kwargs["attribute_consuming_service_index"] = str(attribute_consuming_service_index)
        request_id, request = self.client.create_authn_request(
            self.sso_url, binding=BINDING_HTTP_ARTIFACT, extensions=extensions, scoping=scoping,
            sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256, **kwargs,
        )
        return request_id, str(request)

    def post_request(self, xml: str | bytes, relay_state: str | None = "state-123") -> requests.Response:
        raw = xml.encode() if isinstance(xml, str) else xml
        data = {"SAMLRequest": base64.b64encode(raw).decode()}
        if relay_state is not None:
            data["RelayState"] = relay_state
        return self.http.post(self.sso_url, data=data, allow_redirects=False, timeout=30)

    def submit(self, page: requests.Response, **fields: str) -> requests.Response:
        """Post the page's form with `fields` (a button is given as action=value)."""
        document = html.fromstring(page.content)
        form = document.forms[0]
        values = {k: v for k, v in form.form_values()}
        values.update(fields)
        return self.http.post(urljoin(page.url, form.action), data=values, allow_redirects=False, timeout=30)

    def follow(self, response: requests.Response) -> requests.Response:
        assert response.status_code in (302, 303), f"expected a redirect, got {response.status_code}: {response.text[:300]}"
        return self.http.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False, timeout=30)

    def login(
        self, service_uuid: str, bsn: str | None = None, level: str = "", machtigen: bool = False,
        represent: str | None = None, outcome: str = "success", cancel: bool = False, cancel_machtigen: bool = False,
        relay_state: str = "state-123", **request_kwargs: object,
    ) -> tuple[str, requests.Response]:
        """Run the front channel; returns (AuthnRequest ID, the final redirect to the ACS)."""
        request_id, xml = self.authn_request(service_uuid, machtigen=machtigen, **request_kwargs)
        answer = self.post_request(xml, relay_state)
        if answer.status_code == 302:  # finished at once (directive, unsupported scoping)
            return request_id, answer
        page = self.follow(answer)
        assert page.status_code == 200, page.text
        if cancel:
            return request_id, self.submit(page, action="cancel")
        answer = self.submit(page, action="login", bsn=bsn or "", level=level, outcome=outcome)
        if answer.status_code == 303:  # machtigen step
            page = self.follow(answer)
            assert page.status_code == 200, page.text
            if cancel_machtigen:
                return request_id, self.submit(page, action="cancel")
            document = html.fromstring(page.content)
            radios = document.xpath("//input[@name='represent']")
            if not radios:
                return request_id, self.submit(page, action="none")
            wanted = [r for r in radios if represent is None or r.get("value").startswith(f"{represent}:")]
            assert wanted, f"{represent} is not offered: {[r.get('value') for r in radios]}"
            answer = self.submit(page, action="choose", represent=wanted[0].get("value"))
        return request_id, answer

    # -- back channel ---------------------------------------------------------------------------------

    @staticmethod
    def artifact_of(redirect: requests.Response) -> tuple[str, str | None, str]:
        assert redirect.status_code == 302, f"expected the ACS redirect, got {redirect.status_code}: {redirect.text[:300]}"
        location = redirect.headers["Location"]
        query = parse_qs(urlparse(location).query)
        return query["SAMLart"][0], query.get("RelayState", [None])[0], location.split("?")[0]

    def resolve(self, request_id: str, redirect: requests.Response) -> Outcome:
        artifact, relay_state, acs = self.artifact_of(redirect)
        assert acs == self.acs, f"redirected to {acs}, expected {self.acs}"
        soap = self.client.artifact2message(artifact, "idpsso", sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
        return self.consume(request_id, soap.content, relay_state)

    def consume(self, request_id: str, soap_xml: bytes, relay_state: str | None) -> Outcome:
        # pysaml2 verifies the ArtifactResponse signature (want_response_signed forces it) and unpacks it.
        self.client.parse_artifact_resolve_response(soap_xml.decode())
        response_el = etree.fromstring(soap_xml).find(f"{{{SOAP}}}Body/{{{SAMLP}}}ArtifactResponse/{{{SAMLP}}}Response")
        assert response_el is not None, "ArtifactResponse holds no Response"
        response_xml = etree.tostring(response_el)
        codes = [c.get("Value") for c in response_el.iter(f"{{{SAMLP}}}StatusCode")]
        outcome = Outcome(codes, response_el.findtext(f"{{{SAMLP}}}Status/{{{SAMLP}}}StatusMessage"), relay_state, response_xml, soap_xml=soap_xml)
        if codes[0] != "urn:oasis:names:tc:SAML:2.0:status:Success":
            return outcome
        parsed = self.client.parse_authn_request_response(
            base64.b64encode(response_xml).decode(), BINDING_HTTP_POST, outstanding={request_id: self.acs}
        )
        assert parsed is not None, "pysaml2 did not accept the Response"
        outcome.pysaml2_response = parsed
        assertion = parsed.assertion
        outcome.assertion_xml = etree.tostring(response_el.find(f"{{{SAML}}}Assertion"))
        outcome.name_id = assertion.subject.name_id.text.strip()
        statement = assertion.authn_statement[0]
        outcome.session_index = statement.session_index
        outcome.loa = statement.authn_context.authn_context_class_ref.text.strip()
        verified = etree.fromstring(outcome.assertion_xml)
        for attribute in verified.iterfind(f"{{{SAML}}}AttributeStatement/{{{SAML}}}Attribute"):
            name = attribute.get("Name")
            values = attribute.findall(f"{{{SAML}}}AttributeValue")
            if name == "urn:nl-eid-gdi:1.0:ServiceUUID":
                outcome.service_uuid = values[0].text
            elif name == "urn:nl-eid-gdi:1.1:RepresentationType":
                outcome.representation_types = [v.text for v in values]
            elif name == "urn:nl-eid-gdi:1.0:ActingSubjectID":
                outcome.acting_bsn = self.decrypt(values[0])
            elif name == "urn:nl-eid-gdi:1.0:LegalSubjectID":
                outcome.legal_bsn = self.decrypt(values[0])
        return outcome

    def decrypt(self, attribute_value: etree._Element) -> str:
        """Decrypt the EncryptedID in an AttributeValue with pysaml2's SecurityContext (xmlsec1) and the SP key."""
        encrypted = attribute_value.find(f"{{{SAML}}}EncryptedID")
        assert encrypted is not None, "AttributeValue holds no EncryptedID"
        plain = self.client.sec.decrypt(etree.tostring(encrypted).decode(), key_file=self.encryption_key)
        name_id = etree.fromstring(plain.encode()).find(f".//{{{SAML}}}NameID")
        assert name_id.get("Format") == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
        assert name_id.get("NameQualifier") == "urn:nl-eid-gdi:1.0:id:legacy-BSN"
        return name_id.text

    def full_flow(self, service_uuid: str, **kwargs: object) -> Outcome:
        request_id, redirect = self.login(service_uuid, **kwargs)  # type: ignore[arg-type]
        return self.resolve(request_id, redirect)

    # -- logout ---------------------------------------------------------------------------------------

    def logout(self, outcome: Outcome, relay_state: str = "bye") -> requests.Response:
        request_id, request = self.client.create_logout_request(
            f"{self.base_url}/saml/v4/entrance/request_logout", self.idp_entity_id,
            name_id=outcome.pysaml2_response.assertion.subject.name_id,  # type: ignore[union-attr]
            session_indexes=[outcome.session_index], sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
            expire=(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        data = {"SAMLRequest": base64.b64encode(str(request).encode()).decode(), "RelayState": relay_state}
        return self.http.post(f"{self.base_url}/saml/v4/entrance/request_logout", data=data, allow_redirects=False, timeout=30)
