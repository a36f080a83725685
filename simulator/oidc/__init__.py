"""OpenID Connect: DigiD and DigiD Machtigen as the brokers (Keycloak, Signicat) hand them to municipal software.

An OpenID Provider at issuer `{base_url}/oidc`, built on Authlib (see server.py); the login and machtigen pages
and the representation index are the SAML doors'. Endpoints:
  GET  /oidc/.well-known/openid-configuration   discovery
  GET  /oidc/jwks                               the signing key (RS256, stable kid)
  GET/POST /oidc/authorize                      authorization code flow (PKCE S256, state, nonce, prompt)
  POST /oidc/token                              client_secret_basic, client_secret_post, private_key_jwt
  GET/POST /oidc/userinfo                       the claims of the access token's login
  GET/POST /oidc/logout                         RP-initiated logout (end_session_endpoint)
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from flask import Blueprint, Response, jsonify, request

from ..requestlog import add_log_fields
from ..login import register_pages
from ..login.eherkenning import register_eherkenning_pages
from ..scenario.model import EH_LOA_URI, LOA_URI
from ..store import Store
from .flow import OidcFlow, Refused
from .keys import load_key
from .server import AUTH_METHODS, SCOPES, OpenIdProvider, Settings
from .state import OidcState

logger = logging.getLogger("simulator.oidc")
MAX_PARAMETER_CHARS = 4096
MAX_PARAMETERS = 40
MAX_TOKEN_REQUEST_BYTES = 65536


def settings_of(store: Store) -> Settings:
    config = store.config
    return Settings(
        issuer=f"{config.base_url}/oidc",
        base_url=config.base_url,
        token_lifetime=config.int_setting("OIDC_TOKEN_LIFETIME", 300, 1, 86400),
        id_token_lifetime=config.int_setting("OIDC_ID_TOKEN_LIFETIME", 300, 1, 86400),
    )


def discovery(settings: Settings) -> dict[str, Any]:
    issuer = settings.issuer
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "jwks_uri": f"{issuer}/jwks",
        "end_session_endpoint": f"{issuer}/logout",
        "scopes_supported": SCOPES,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512", "PS256", "ES256"],
        "code_challenge_methods_supported": ["S256"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "acr_values_supported": ["idp:digid-combiconnect", "idp:digid", "idp:eherkenning", *LOA_URI.values(), *EH_LOA_URI.values()],
        "sub_id_types_supported": ["urn:nl-eid-gdi:1.0:id:BSN"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash", "sid", "sub_id_type", "represents"],
        "frontchannel_logout_supported": False,
    }


def authorization_parameters() -> dict[str, str] | str:
    """The request's parameters (query or form), or why they are refused: every input has a bound."""
    values = request.values
    if len(values) > MAX_PARAMETERS:
        return f"more than {MAX_PARAMETERS} parameters"
    too_long = [k for k, v in values.items(multi=True) if len(k) + len(v) > MAX_PARAMETER_CHARS]
    if too_long:
        return f"parameter {too_long[0]!r} is longer than {MAX_PARAMETER_CHARS} characters"
    return values.to_dict()


SECRET_PARAMETERS = ("client_secret", "client_assertion", "code_verifier")


def received(values: Any) -> str:
    """The request's parameters as the diagnostics view shows them (secrets blanked), bounded."""
    shown = {k: ("(hidden)" if k in SECRET_PARAMETERS else v) for k, v in values.items()}
    return json.dumps(shown, indent=1, ensure_ascii=False)[:MAX_PARAMETER_CHARS]


def create_blueprint(store: Store) -> Blueprint:
    settings = settings_of(store)
    if settings.base_url.startswith("http://"):
        # The simulator serves plain HTTP on test networks (http://simulator:8080 in CI), as Keycloak's dev mode
        # does; Authlib refuses http on other hosts than loopback unless told this is intended.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    state = OidcState(store)
    store.on_reset(state.clear)
    server = OpenIdProvider(store, state, load_key(store.config.certs_dir), settings)
    flow = OidcFlow(store, server)
    blueprint = Blueprint("oidc", __name__)
    blueprint.flow = flow  # type: ignore[attr-defined]  # tests reach the state through app.blueprints["oidc"]
    register_pages(blueprint, flow, "/oidc")
    register_eherkenning_pages(blueprint, flow.eherkenning, "/oidc/eherkenning")
    configuration = discovery(settings)

    def refuse(reason: str, status: int = 400) -> Response:
        """A request that cannot be answered at a redirect URI: the reason in words, in the request log too."""
        add_log_fields(rejection=f"authorization request: {reason}", oidc_request=received(request.values))
        if request.values.get("client_id"):
            add_log_fields(sp=request.values["client_id"][:255])
        logger.warning("refused authorization request: %s", reason)
        return Response(f"OpenID Connect authorization request refused: {reason}\n", status, mimetype="text/plain")

    @blueprint.get("/oidc/.well-known/openid-configuration")
    def openid_configuration() -> Response:
        return jsonify(configuration)

    @blueprint.get("/oidc/jwks")
    def jwks() -> Response:
        return jsonify(server.key.jwks())

    @blueprint.route("/oidc/authorize", methods=["GET", "POST"])
    def authorize() -> Response:
        params = authorization_parameters()
        if isinstance(params, str):
            return refuse(params)
        try:
            return flow.authorize(params)
        except Refused as exc:
            return refuse(describe_refusal(str(exc), params))

    @blueprint.get("/oidc/ended")
    def ended() -> Response:
        return Response("This login cannot be answered: the scenario changed and its client or redirect URI is gone.\n", 409, mimetype="text/plain")

    @blueprint.post("/oidc/token")
    def token() -> Response:
        if (request.content_length or 0) > MAX_TOKEN_REQUEST_BYTES:
            add_log_fields(rejection=f"token request: more than {MAX_TOKEN_REQUEST_BYTES} bytes")
            return Response(json.dumps({"error": "invalid_request", "error_description": f"request body over {MAX_TOKEN_REQUEST_BYTES} bytes"}), 400, mimetype="application/json")
        response = server.create_token_response()
        if response.status_code >= 400:
            body = json.loads(response.get_data(as_text=True) or "{}")
            client_id = request.authorization.username if request.authorization else request.form.get("client_id")
            add_log_fields(
                rejection=f"token request: {body.get('error')}: {body.get('error_description', '')}".rstrip(": "),
                oidc_error=body.get("error"),
                oidc_request=received(request.form),
                sp=(client_id or "")[:255] or None,
            )
        return response

    @blueprint.route("/oidc/userinfo", methods=["GET", "POST"])
    def userinfo() -> Response:
        return server.create_endpoint_response("userinfo")

    @blueprint.route("/oidc/logout", methods=["GET", "POST"])
    def logout() -> Response:
        response = server.create_endpoint_response("end_session")
        if response is None:
            return Response("U bent uitgelogd.\n", 200, mimetype="text/plain")
        return response

    return blueprint


def describe_refusal(reason: str, params: dict[str, str]) -> str:
    """Authlib's error in the words a developer needs to fix the request."""
    if "Redirect URI" in reason:
        return f"{reason} Register it in the scenario's oidc_clients[].redirect_uris (exact match) for {params.get('client_id')!r}."
    if "client does not exist" in reason:
        return f"{reason} No oidc_clients entry with client_id {params.get('client_id')!r} in the scenario."
    return reason
