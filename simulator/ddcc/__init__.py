"""DigiD CombiConnect (DDCC): a SAML IdP speaking eID SAML 4.x as DigiD's entrance does, with machtigen.

Endpoints (paths as the real DigiD, under the configured base URL):
  GET  /saml/v4/{entrance,idp,bvd}/metadata       signed IdP metadata
  POST /saml/v4/entrance/request_authentication   AuthnRequest (HTTP-POST binding)
  GET/POST /saml/v4/entrance/login/<token>        login page;  /machtigen/<token>: the machtigen step
  POST /saml/v4/entrance/resolve_artifact         ArtifactResolve (SOAP 1.1)
  POST /saml/v4/entrance/request_logout           LogoutRequest (HTTP-POST) -> LogoutResponse to the SP's SLO
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, redirect, request

from ..config import Config
from ..landing import Link
from ..login import read_hint, register_pages
from ..saml.endpoints import MetadataCache, body_limit, client_certificate_problem, note_deviations, post_form, reject
from ..saml.keys import load_keys
from ..saml.messages import read_artifact_resolve, read_logout_request
from ..saml.metadata import POST, idp_metadata
from ..saml.xmlsecurity import XmlRejected
from ..scenario.identifiers import ENTITY_ID
from ..store import Store
from .flow import Flow
from .requests import POST_ONLY, CatalogueError, read_authn_request
from .settings import ENTRANCE_PATH, DdccSettings

logger = logging.getLogger("simulator.ddcc")
# The SOAP back channel: with SIMULATOR_TLS_CLIENT_AUTH=back-channel the app lets no call in without a client
# certificate (the browser-facing pages need none).
BACK_CHANNEL = ("/saml/v4/entrance/resolve_artifact",)
DOOR = "DigiD CombiConnect (DDCC, eID SAML 4.x)"
LANDING_LINKS = (
    Link(DOOR, "Metadata van de entrance", "/saml/v4/entrance/metadata", "Hiermee configureert u uw dienstverlener: SSO-, artefact- en logout-endpoints en DigiD's certificaten."),
    Link(DOOR, "Metadata van de authenticatiedienst (AD)", "/saml/v4/idp/metadata", "Het AD-certificaat waarmee DigiD het LogoutResponse ondertekent."),
    Link(DOOR, "Metadata van DigiD Machtigen (BVD)", "/saml/v4/bvd/metadata", "Het entityID dat u als Scoping/RequesterID meestuurt voor machtigen."),
)


def body_limits(config: Config) -> dict[str, int]:
    """Bodies that carry SAML messages as large as DDCC_MAX_MESSAGE_BYTES (simulator.bodies)."""
    return {"/saml/v4/": body_limit(DdccSettings.from_config(config).max_message_bytes)}


def create_blueprint(store: Store) -> Blueprint:
    settings = DdccSettings.from_config(store.config)
    keys = load_keys(store.config.certs_dir)
    flow = Flow(store, settings, keys)
    store.on_reset(flow.state.clear)
    blueprint = Blueprint("ddcc", __name__)
    blueprint.flow = flow  # type: ignore[attr-defined]  # tests reach the flow state through app.blueprints["ddcc"]
    register_pages(blueprint, flow, ENTRANCE_PATH)
    for problem in flow.registry.problems(store.world).values():
        logger.warning(problem)  # requests from that SP will be refused with the same reason

    def refuse(exc: XmlRejected, message_type: str, raw: str | bytes | None, status: int | None = None) -> Response:
        # Catalogue errors are answered with 404, as DigiD does.
        status = status or (404 if isinstance(exc, CatalogueError) else 400)
        return reject(exc, message_type, raw, settings.max_message_bytes, logger, status)

    def certificate_problem(issuer: str, message_type: str) -> str | None:
        match = ENTITY_ID.match(issuer)
        return client_certificate_problem(request.environ, issuer, match.group(2) if match else None, message_type)

    entities = {"entrance": settings.entrance_entity_id, "idp": settings.ad_entity_id, "bvd": settings.bvd_entity_id}
    entrance = settings.url(ENTRANCE_PATH)

    def build_metadata(part: str) -> bytes:
        # All three entities publish the entrance's endpoints, as DigiD's do.
        return idp_metadata(
            entities[part], keys.ad if part == "idp" else keys.entrance, keys.encryption_certificate,
            artifact_resolution=f"{entrance}/resolve_artifact",
            slo=[(POST, f"{entrance}/request_logout")],
            sso=[(POST, f"{entrance}/request_authentication")],
        )

    metadata_cache = MetadataCache(build_metadata)

    @blueprint.get("/saml/v4/<any(entrance, idp, bvd):part>/metadata")
    def metadata(part: str) -> Response:
        return metadata_cache.response(part)

    @blueprint.route("/saml/v4/entrance/request_authentication", methods=["GET", "POST"])
    def request_authentication() -> Response:
        # request.form, not request.values: merging it with the parsed query arguments was measured at 29 % of this
        # endpoint's CPU (py-spy, benchmarks/ddcc_flows.py).
        raw = (request.form if request.method == "POST" else request.args).get("SAMLRequest")
        if request.method != "POST":
            return refuse(XmlRejected(POST_ONLY), "AuthnRequest", raw)
        try:
            authn_request = read_authn_request(request.form, settings, flow.registry, store.world)
        except XmlRejected as exc:
            return refuse(exc, "AuthnRequest", raw)
        if not flow.state.seen_requests.first_use(f"AuthnRequest {authn_request.connection.entity_id} {authn_request.id}"):
            replayed = XmlRejected(f"AuthnRequest ID {authn_request.id!r} was already used (replayed request)")
            return refuse(replayed, "AuthnRequest", raw)
        note_deviations(authn_request.deviations, "AuthnRequest", raw, settings.max_message_bytes, logger)
        # The demo portal's story hint (simulator-only form fields beside SAMLRequest) pre-selects on the pages.
        location, to_login_page = flow.start(authn_request, read_hint(request.form))
        return redirect(location, 303 if to_login_page else 302)

    @blueprint.post("/saml/v4/entrance/resolve_artifact")
    def resolve_artifact() -> Response:
        # Real clients send various SOAPAction values (or none) and text/xml: accept any.
        body = request.get_data(cache=False)
        try:
            resolve = read_artifact_resolve(
                body, settings, flow.registry, store.world, f"{entrance}/resolve_artifact", f"{entrance}/request_authentication"
            )
        except XmlRejected as exc:
            return refuse(exc, "ArtifactResolve", body)
        problem = certificate_problem(resolve.issuer, "ArtifactResolve")
        if problem:
            return refuse(XmlRejected(problem), "ArtifactResolve", body, 403)
        note_deviations(resolve.deviations, "ArtifactResolve", body, settings.max_message_bytes, logger)
        return Response(flow.resolve(resolve), 200, mimetype="text/xml")

    @blueprint.post("/saml/v4/entrance/request_logout")
    def request_logout() -> Response:
        raw = request.form.get("SAMLRequest")
        try:
            logout = read_logout_request(request.form, settings, flow.registry, store.world, f"{entrance}/request_logout", POST_ONLY)
        except XmlRejected as exc:
            return refuse(exc, "LogoutRequest", raw)
        problem = certificate_problem(logout.connection.entity_id, "LogoutRequest")
        if problem:
            return refuse(XmlRejected(problem), "LogoutRequest", raw, 403)
        if not flow.state.seen_requests.first_use(f"LogoutRequest {logout.connection.entity_id} {logout.id}"):
            return refuse(XmlRejected(f"LogoutRequest ID {logout.id!r} was already used (replayed request)"), "LogoutRequest", raw)
        try:
            destination, message = flow.logout(logout)
        except LookupError as exc:
            return refuse(XmlRejected(str(exc)), "LogoutRequest", raw)
        return post_form(logout.connection.name, destination, "SAMLResponse", message, logout.relay_state)

    return blueprint
