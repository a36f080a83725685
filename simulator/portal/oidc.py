"""The portal's "Inloggen via OIDC": the same stories through the simulator's OpenID Provider, as a municipality
behind a Keycloak-style broker logs in (the portal is client `gemeente-demodorp-portal`, profile `keycloak`).

Everything goes over HTTP, with Authlib's client: discovery, the authorization request through the browser
(state = the flow, nonce, PKCE S256, `kc_idp_hint`, the service as scope `urn:uuid:<ServiceUUID>`), the code
exchanged at the token endpoint, the ID token verified against the JWKS with Authlib's code-flow rules (iss,
aud, exp, nonce, at_hash), userinfo, and RP-initiated logout. The claims become the same LoginResult the SAML
login gives, so the outcome page, BRP and Toezicht work as for DDCC."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from werkzeug.wrappers.response import Response as WerkzeugResponse

from ..store import Store
from .backend import Backend, BackendError
from .flows import Flow, FlowBook, WireEvent
from .saml import LoginResult, Subject
from .settings import PortalSettings
from .stories import Story

MAX_CODE_CHARS = 512
# The keycloak profile's LoA claim carries DigiD's numbers.
LEVELS = {"10": "basis", "20": "midden", "25": "substantieel", "30": "hoog"}


@dataclass
class OidcLogin:
    """What the portal keeps of its authorization request, to check the answer against."""

    discovery: dict[str, Any]
    nonce: str
    code_verifier: str
    id_token: str | None = None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def register_oidc(
    bp: Blueprint, store: Store, settings: PortalSettings, backend: Backend, flows: FlowBook, stories: list[Story], consult_registers: Callable[[Flow], None]
) -> None:
    redirect_uri = f"{settings.public_url}/portal/oidc/callback"

    def session() -> OAuth2Session:
        client = OAuth2Session(settings.oidc_client_id, settings.oidc_client_secret, redirect_uri=redirect_uri, code_challenge_method="S256")
        if settings.backend_url.startswith("https:"):
            client.verify = str(settings.ca_cert)
        return client

    def back_channel(url: str) -> str:
        """The OP names its public endpoints; the portal calls the same paths on its backend URL."""
        return settings.backend_url + urlsplit(url).path

    def discovery(flow: Flow) -> dict[str, Any]:
        url = f"{settings.backend_url}/oidc/.well-known/openid-configuration"
        try:
            answer = requests.get(url, timeout=settings.timeout, verify=str(settings.ca_cert) if url.startswith("https:") else True)
            answer.raise_for_status()
            document: dict[str, Any] = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise BackendError(f"de OpenID Provider is niet bereikbaar op {url}: {type(exc).__name__}") from None
        flow.record(WireEvent("OpenID Provider-configuratie opgehaald", "backchannel", _json(document), "json", answer.status_code, note=f"GET {url}"))
        return document

    @bp.post("/oidc/login")
    def oidc_login() -> WerkzeugResponse | Response:
        dienst = store.world.service(request.form.get("dienst", ""))
        if dienst is None:
            return Response(render_template("portal/error.html", message="Kies een dienst uit de catalogus."), 400)
        machtigen = request.form.get("machtigen") == "1"
        story = next((s for s in stories if s.id == request.form.get("story")), None)
        flow = flows.start(service_id=dienst.id, service_name=dienst.naam, service_uuid=dienst.uuid, machtigen=machtigen, story=story.id if story else None, protocol="oidc")
        try:
            document = discovery(flow)
        except BackendError as exc:
            flow.error, flow.completed = str(exc), True
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        login = OidcLogin(document, secrets.token_urlsafe(24), secrets.token_urlsafe(48))
        flow.oidc = login
        url, _ = session().create_authorization_url(
            document["authorization_endpoint"], state=flow.id, code_verifier=login.code_verifier, nonce=login.nonce,
            scope=f"openid urn:uuid:{dienst.uuid}", kc_idp_hint="digid_machtigen" if machtigen else "digid",
            **(story.hints() if story else {}),  # simulator-only parameters; a real OpenID Provider ignores them
        )
        flow.record(WireEvent("Authenticatieverzoek (redirect via de browser, portaal → OpenID Provider)", "browser", url.replace("&", "\n&"), "text", note=f"GET {document['authorization_endpoint']}"))
        return redirect(url, 302)

    @bp.get("/oidc/callback")
    def oidc_callback() -> WerkzeugResponse | Response:
        flow = flows.get(request.args.get("state", ""))
        if flow is None or flow.oidc is None:
            # A wrong or unknown state is what a careful client refuses first (CSRF).
            return Response(render_template("portal/error.html", message="Onbekende of verlopen login (state)."), 400)
        if flow.completed:
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        flow.completed = True
        flow.record(WireEvent("Antwoord op de redirect-URI (via de browser, OpenID Provider → portaal)", "browser", _json(request.args.to_dict()), "json", note="GET /portal/oidc/callback"))
        if request.args.get("error"):
            flow.result = LoginResult(status=request.args["error"], status_message=request.args.get("error_description"))
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        code = request.args.get("code", "")
        if not code or len(code) > MAX_CODE_CHARS:
            flow.rejection = "Geen (geldige) code ontvangen op de redirect-URI."
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        try:
            flow.result = exchange(flow, flow.oidc, code)
        except BackendError as exc:
            flow.error = str(exc)
        except (JoseError, KeyError, ValueError) as exc:
            flow.rejection = f"Het portaal weigert het ID-token: {exc}"
        if flow.result is not None and flow.result.success:
            consult_registers(flow)
        return redirect(url_for("portal.portal.result", flow_id=flow.id))

    def exchange(flow: Flow, login: OidcLogin, code: str) -> LoginResult:
        document = login.discovery
        client = session()
        token_url = back_channel(document["token_endpoint"])
        try:
            token = client.fetch_token(token_url, code=code, code_verifier=login.code_verifier)
        except (OAuthError, requests.RequestException) as exc:
            flow.record(WireEvent("Tokenverzoek geweigerd (portaal → OpenID Provider)", "backchannel", str(exc), "text", note=f"POST {document['token_endpoint']}"))
            raise BackendError(f"het tokenverzoek is mislukt: {exc}") from None
        shown = {k: (v if k != "access_token" else v[:8] + "…") for k, v in token.items()}
        flow.record(WireEvent("Tokenantwoord (portaal ← OpenID Provider)", "backchannel", _json(shown), "json", 200, note=f"POST {document['token_endpoint']} (client_secret_basic, code_verifier)"))
        if "id_token" not in token:
            raise ValueError("het tokenantwoord bevat geen id_token")
        jwks = KeySet.import_key_set(requests.get(back_channel(document["jwks_uri"]), timeout=settings.timeout, verify=client.verify).json())
        decoded = jwt.decode(token["id_token"], jwks, algorithms=document.get("id_token_signing_alg_values_supported", ["RS256"]))
        flow.record(WireEvent("ID-token (handtekening gecontroleerd met de JWKS)", "backchannel", _json({"header": decoded.header, "claims": decoded.claims}), "json"))
        options = {"iss": {"essential": True, "value": document["issuer"]}, "aud": {"essential": True, "value": settings.oidc_client_id}}
        params = {"nonce": login.nonce, "client_id": settings.oidc_client_id, "access_token": token["access_token"]}
        claims = CodeIDToken(decoded.claims, decoded.header, options, params)
        claims.validate(now=int(time.time()), leeway=30)
        login.id_token = token["id_token"]
        info = client.get(back_channel(document["userinfo_endpoint"]), timeout=settings.timeout)
        flow.record(WireEvent("Userinfo (portaal ← OpenID Provider)", "backchannel", _json(info.json()) if info.ok else info.text, "json", info.status_code, note=f"GET {document['userinfo_endpoint']}"))
        return login_result(dict(claims))

    @bp.post("/oidc/uitloggen/<flow_id>")
    def oidc_logout(flow_id: str) -> WerkzeugResponse:
        """RP-initiated logout: to the end_session_endpoint with the ID token, back to the portal's home."""
        flow = flows.get(flow_id)
        if flow is None or flow.oidc is None or flow.oidc.id_token is None:
            abort(404)
        query = urlencode({"id_token_hint": flow.oidc.id_token, "post_logout_redirect_uri": f"{settings.public_url}/portal/", "state": flow.id})
        url = f"{flow.oidc.discovery['end_session_endpoint']}?{query}"
        flow.logout = "U bent uitgelogd bij de OpenID Provider."
        flow.record(WireEvent("Uitlogverzoek (redirect via de browser, portaal → OpenID Provider)", "browser", url.replace("&", "\n&"), "text"))
        return redirect(url, 302)


def login_result(claims: dict[str, Any]) -> LoginResult:
    """The keycloak profile's claims as the portal's LoginResult (DigiD: `bsn`; machtigen: `gemachtigde.bsn`
    acts for `aanvrager.bsn`)."""
    acting = (claims.get("gemachtigde") or {}).get("bsn") or claims.get("bsn")
    legal = (claims.get("aanvrager") or {}).get("bsn")
    if not acting:
        raise ValueError("het ID-token noemt geen BSN (bsn of gemachtigde.bsn)")
    return LoginResult(
        status="Success",
        acting=Subject(acting, None, None),
        legal=Subject(legal, None, None) if legal else None,
        service_uuid=claims.get("urn:nl-eid-gdi:1.0:ServiceUUID"),
        loa=LEVELS.get(str(claims.get("authsp_level"))),
        loa_uri=claims.get("acr"),
    )
