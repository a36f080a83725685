"""Classic DigiD: a SAML IdP speaking DigiD's SAML koppelvlak (the door most municipal portals use for their own
citizens, and the one django-digid-eherkenning speaks). A profile on `simulator.saml`; the login page is
`simulator.login`'s.

Endpoints (under the configured base URL; real DigiD's paths are /saml/idp/...):
  GET      /saml/digid/metadata                 signed IdP metadata (the entity ID is this URL)
  GET/POST /saml/digid/request_authentication   AuthnRequest (HTTP-Redirect or HTTP-POST binding)
  GET/POST /saml/digid/login/<token>            the login page
  POST     /saml/digid/resolve_artifact         ArtifactResolve (SOAP 1.1)
  GET/POST /saml/digid/request_logout           LogoutRequest (HTTP-Redirect or HTTP-POST) -> LogoutResponse
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, redirect, request

from ..login import register_pages
from ..saml.endpoints import MetadataCache, note_deviations, post_form, reject
from ..saml.keys import load_keys
from ..saml.messages import logout_request_of, posted_message, read_artifact_resolve, redirected_message
from ..saml.metadata import POST, REDIRECT, idp_metadata
from ..saml.redirect import redirect_url
from ..saml.xmlsecurity import XmlRejected
from ..store import Store
from .flow import Flow
from .requests import BINDINGS, read_authn_request
from .settings import PATH, DigidSettings

logger = logging.getLogger("simulator.digid")
BACK_CHANNEL = (f"{PATH}/resolve_artifact",)


def create_blueprint(store: Store) -> Blueprint:
    settings = DigidSettings.from_config(store.config)
    keys = load_keys(store.config.certs_dir)
    flow = Flow(store, settings, keys)
    store.on_reset(flow.clear)
    blueprint = Blueprint("digid", __name__)
    blueprint.flow = flow  # type: ignore[attr-defined]  # tests reach the flow state through app.blueprints["digid"]
    register_pages(blueprint, flow, PATH)
    for problem in flow.registry.problems(store.world).values():
        logger.warning(problem)

    def refuse(exc: XmlRejected, message_type: str, raw: str | bytes | None) -> Response:
        return reject(exc, message_type, raw, settings.max_message_bytes, logger)

    def build_metadata(_: str) -> bytes:
        # As real DigiD's: SSO with both bindings at one URL, SLO with HTTP-Redirect.
        return idp_metadata(
            settings.entity_id, keys.entrance, keys.encryption_certificate,
            artifact_resolution=settings.url("resolve_artifact"),
            slo=[(REDIRECT, settings.url("request_logout"))],
            sso=[(POST, settings.url("request_authentication")), (REDIRECT, settings.url("request_authentication"))],
        )

    metadata_cache = MetadataCache(build_metadata)

    @blueprint.get(f"{PATH}/metadata")
    def metadata() -> Response:
        return metadata_cache.response("digid")

    def signed_request(tag: str):  # type: ignore[no-untyped-def]
        """The request of either binding, its signature verified: (element, connection, RelayState)."""
        if request.method == "GET":
            return redirected_message(request.query_string, tag, settings, flow.registry, store.world)
        return posted_message(request.form, tag, settings, flow.registry, store.world, BINDINGS)

    @blueprint.route(f"{PATH}/request_authentication", methods=["GET", "POST"])
    def request_authentication() -> Response:
        raw = request.values.get("SAMLRequest")
        try:
            message, connection, relay_state = signed_request("AuthnRequest")
            authn_request = read_authn_request(message, connection, relay_state, settings, store.world, request.remote_addr)
        except XmlRejected as exc:
            return refuse(exc, "AuthnRequest", raw)
        if not flow.state.seen_requests.first_use(f"AuthnRequest {connection.entity_id} {authn_request.id}"):
            replayed = XmlRejected(f"AuthnRequest ID {authn_request.id!r} was already used (replayed request)")
            return refuse(replayed, "AuthnRequest", raw)
        note_deviations(authn_request.deviations, "AuthnRequest", raw, settings.max_message_bytes, logger)
        location, to_login_page = flow.start(authn_request)
        return redirect(location, 303 if to_login_page else 302)  # type: ignore[return-value]

    @blueprint.post(f"{PATH}/resolve_artifact")
    def resolve_artifact() -> Response:
        # Real clients send various SOAPAction values (or none), text/xml or application/soap+xml: accept any.
        body = request.get_data(cache=False)
        try:
            resolve = read_artifact_resolve(body, settings, flow.registry, store.world, settings.url("resolve_artifact"))
        except XmlRejected as exc:
            return refuse(exc, "ArtifactResolve", body)
        note_deviations(resolve.deviations, "ArtifactResolve", body, settings.max_message_bytes, logger)
        return Response(flow.resolve(resolve), 200, mimetype="text/xml")

    @blueprint.route(f"{PATH}/request_logout", methods=["GET", "POST"])
    def request_logout() -> Response:
        raw = request.values.get("SAMLRequest")
        try:
            message, connection, relay_state = signed_request("LogoutRequest")
            logout = logout_request_of(message, connection, relay_state, settings, settings.url("request_logout"))
            if not flow.state.seen_requests.first_use(f"LogoutRequest {connection.entity_id} {logout.id}"):
                raise XmlRejected(f"LogoutRequest ID {logout.id!r} was already used (replayed request)")
            destination, answer = flow.logout(logout, REDIRECT if request.method == "GET" else POST)
        except XmlRejected as exc:
            return refuse(exc, "LogoutRequest", raw)
        except LookupError as exc:
            return refuse(XmlRejected(str(exc)), "LogoutRequest", raw)
        if request.method == "GET":  # answered in the binding it was asked in
            return redirect(redirect_url(destination, "SAMLResponse", answer, logout.relay_state, keys.entrance), 302)  # type: ignore[return-value]
        return post_form(connection.name, destination, "SAMLResponse", answer, logout.relay_state)

    return blueprint
