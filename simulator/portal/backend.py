"""The portal's HTTP calls to the simulator's interfaces — DDCC metadata and artifact resolution, BRP, Toezicht —
exactly as a municipality's software would make them. Every call is recorded on the flow's wire panel."""

from __future__ import annotations

import json
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

import requests
from cryptography import x509

from .flows import Flow, WireEvent
from .saml import IdpMetadata, entity_id_of, read_idp_metadata
from .saml_xml import SamlError, pretty
from .settings import PortalSettings

BRP_PATH = "/haalcentraal/api/brp/personen"
BRP_TOKEN_PATH = "/oauth2/token"
TOEZICHT_PATH = "/toezicht/vertegenwoordiging/v1/vertegenwoordigingsrelaties/_zoek"
BRP_FIELDS = ["burgerservicenummer", "naam", "leeftijd", "kinderen", "gezag"]
SOAP_ACTION = "http://www.oasis-open.org/committees/security"
T = TypeVar("T")


class BackendError(Exception):
    """An interface could not be reached or answered something the portal cannot use."""


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


class Backend:
    def __init__(self, settings: PortalSettings):
        self.settings = settings
        self._ca: x509.Certificate | None = None

    def trust_anchor(self) -> x509.Certificate:
        # Read on first use, like the portal's keys: a simulator without them still starts.
        if self._ca is None:
            try:
                self._ca = x509.load_pem_x509_certificate(self.settings.ca_cert.read_bytes())
            except (OSError, ValueError) as exc:
                raise BackendError(f"the portal's trust anchor {self.settings.ca_cert} cannot be read: {exc}") from None
        return self._ca

    def _session(self) -> requests.Session:
        session = requests.Session()
        if self.settings.backend_url.startswith("https:"):
            session.verify = str(self.settings.ca_cert)
            if self.settings.client_cert.is_file() and self.settings.client_key.is_file():
                session.cert = (str(self.settings.client_cert), str(self.settings.client_key))
        return session

    def _call(self, method: str, path: str, what: str, **kwargs: Any) -> requests.Response:
        url = f"{self.settings.backend_url}{path}"
        try:
            with self._session() as session:
                return session.request(method, url, timeout=self.settings.timeout, **kwargs)
        except requests.RequestException as exc:
            raise BackendError(f"{what} is niet bereikbaar op {url}: {type(exc).__name__}") from None

    # -- DDCC ------------------------------------------------------------------------------------------------

    def _metadata(self, path: str, what: str, read: Callable[[bytes], T]) -> T:
        """One of DigiD's metadata documents, read by `read`; any failure is a BackendError naming `what`."""
        response = self._call("GET", path, what)
        if response.status_code != 200:
            raise BackendError(f"{what} metadata: HTTP {response.status_code}")
        try:
            return read(response.content)
        except SamlError as exc:
            raise BackendError(str(exc)) from None

    def idp_metadata(self) -> IdpMetadata:
        return self._metadata("/saml/v4/entrance/metadata", "DigiD (DDCC)", lambda xml: read_idp_metadata(xml, self.trust_anchor()))

    def ad_signing_certificates(self) -> tuple[x509.Certificate, ...]:
        """DigiD's authentication service (AD) key: production DigiD signs the LogoutResponse with it (a quirk)."""
        return self._metadata(
            "/saml/v4/idp/metadata", "DigiD (AD)", lambda xml: read_idp_metadata(xml, self.trust_anchor()).signing_certificates
        )

    def eherkenning_metadata(self) -> IdpMetadata:
        return self._metadata("/saml/eherkenning/metadata", "eHerkenning", lambda xml: read_idp_metadata(xml, self.trust_anchor()))

    def bvd_entity_id(self) -> str:
        return self._metadata("/saml/v4/bvd/metadata", "DigiD Machtigen (BVD)", entity_id_of)

    def resolve_artifact(self, flow: Flow, idp: IdpMetadata, envelope: bytes) -> bytes:
        # The metadata names the public URL; the portal calls the same path on its backend URL (in a container
        # the public host name need not resolve from inside).
        path = urlsplit(idp.artifact_resolution_url).path
        flow.record(WireEvent("ArtifactResolve (SOAP, portaal → DigiD)", "backchannel", pretty(envelope), note=f"POST {idp.artifact_resolution_url}"))
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": SOAP_ACTION}
        response = self._call("POST", path, "DigiD (DDCC) artifact resolution", data=envelope, headers=headers)
        flow.record(WireEvent("ArtifactResponse (SOAP, DigiD → portaal)", "backchannel", pretty(response.content), status=response.status_code))
        if response.status_code != 200:
            raise BackendError(f"ArtifactResolve: HTTP {response.status_code}: {response.text[:300]}")
        return response.content

    # -- BRP and Toezicht ------------------------------------------------------------------------------------

    def _brp_token(self, flow: Flow) -> str | None:
        if not (self.settings.brp_client_id and self.settings.brp_client_secret):
            return None
        form = {"grant_type": "client_credentials", "client_id": self.settings.brp_client_id, "client_secret": self.settings.brp_client_secret}
        response = self._call("POST", BRP_TOKEN_PATH, "BRP token endpoint", data=form)
        flow.record(WireEvent(f"BRP: POST {BRP_TOKEN_PATH}", "backchannel", f"client_id={self.settings.brp_client_id}", "text", response.status_code))
        try:
            token = response.json().get("access_token") if response.status_code == 200 else None
        except ValueError:
            token = None
        if not isinstance(token, str) or not token:
            raise BackendError(f"BRP token: HTTP {response.status_code}, no access_token")
        return token

    def _json_call(self, flow: Flow, title: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        response = self._call("POST", path, title, json=body, headers=headers)
        try:
            answer: Any = response.json()
        except ValueError:
            answer = response.text[:2000]
        flow.record(
            WireEvent(
                f"{title}: POST {path}",
                "backchannel",
                "→ " + _json_text(body) + f"\n\n← HTTP {response.status_code}\n" + (_json_text(answer) if not isinstance(answer, str) else answer),
                "json",
                response.status_code,
            )
        )
        if response.status_code != 200 or not isinstance(answer, dict):
            detail = answer.get("detail") or answer.get("title") if isinstance(answer, dict) else None
            raise BackendError(f"{title} antwoordde HTTP {response.status_code}" + (f": {detail}" if detail else ""))
        return answer

    def brp_persons(self, flow: Flow, bsns: list[str]) -> dict[str, Any]:
        token = self._brp_token(flow)
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": bsns, "fields": BRP_FIELDS}
        return self._json_call(flow, "BRP", BRP_PATH, body, headers)

    def toezicht_check(self, flow: Flow, subject: str, representative: str | dict[str, str], service_uuid: str | None) -> dict[str, Any]:
        """`representative`: the BSN of who logged in with DigiD, or the eHerkenning identification
        (kvkNummer, vestigingsnummer, actingSubjectId) of a bewindvoerder's office."""
        who = {"bsn": representative} if isinstance(representative, str) else representative
        body: dict[str, Any] = {"vertegenwoordigde": {"bsn": subject}, "vertegenwoordiger": who}
        if service_uuid:
            body["dienst"] = {"serviceUuid": service_uuid}
        headers = {"Accept": "application/json", "X-Simulator-Oin": self.settings.oin}
        return self._json_call(flow, "Toezicht", TOEZICHT_PATH, body, headers)
