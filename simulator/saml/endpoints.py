"""The HTTP edges every SAML door shares: refusing a message (with the failed rule, logged for diagnostics),
the auto-submitting HTTP-POST form, and signed metadata built once an hour."""

from __future__ import annotations

import base64
import logging
import threading
import time
from typing import Any, Callable, Mapping

from flask import Blueprint, Response, redirect, request
from jinja2 import Environment, PackageLoader, select_autoescape
from lxml import etree

from ..requestlog import add_log_fields
from ..landing import prefers_html
from ..login import read_hint
from ..tls import client_certificate, oins_of
from .messages import logout_request_of, posted_message, read_artifact_resolve, received_message, redirected_message
from .metadata import POST, REDIRECT, idp_metadata
from .redirect import redirect_url
from .xmlsecurity import SigningKey, XmlRejected

METADATA_CACHE_SECONDS = 3600
TEMPLATES = Environment(loader=PackageLoader("simulator.saml", "templates"), autoescape=select_autoescape())


def body_limit(max_message_bytes: int) -> int:
    """The largest request body a door accepts for SAML messages of `max_message_bytes` (decoded): base64 and
    form-encoding make a message at most about twice as long, and a form carries a little more (RelayState)."""
    return 2 * max_message_bytes + 16 * 1024


def reject(
    exc: XmlRejected, message_type: str, raw: str | bytes | None, max_bytes: int, logger: logging.Logger, status: int = 400
) -> Response:
    """HTTP `status` with the failed rule as plain text, logged and kept in the request log with the message as
    received (the control API's diagnostics view shows both). A browser (an HTTP-POST binding form from an SP's
    page) gets the same status with a Dutch page that links the diagnostics; SP code and test clients keep the
    plain text."""
    message, issuer = received_message(raw, max_bytes)
    add_log_fields(rejection=f"{message_type}: {exc}", saml_message=message, saml_message_type=message_type)
    if issuer:
        add_log_fields(sp=issuer)
    logger.warning("rejected %s: %s", message_type, exc)
    if prefers_html():
        html = TEMPLATES.get_template("saml/rejected.html").render(message_type=message_type, reason=str(exc), status=status, root=request.script_root)
        return Response(html, status, mimetype="text/html")
    return Response(f"{message_type} rejected: {exc}\n", status, mimetype="text/plain")


def note_deviations(deviations: tuple[str, ...], message_type: str, raw: str | bytes | None, max_bytes: int, logger: logging.Logger) -> None:
    """Accepted, but a strict IdP would refuse it: a named warning in the log, the request log and diagnostics."""
    if not deviations:
        return
    message, _ = received_message(raw, max_bytes)
    add_log_fields(warnings=[f"{message_type}: {d}" for d in deviations], saml_message=message, saml_message_type=message_type)
    for deviation in deviations:
        logger.warning("accepted %s: %s", message_type, deviation)


def client_certificate_problem(environ: Mapping[str, Any], issuer: str, issuer_oin: str | None, message_type: str) -> str | None:
    """Why the TLS client certificate may not speak for `issuer` (None: no certificate was presented, or it may).

    Production's back channel is mutual TLS with PKIoverheid certificates whose subject serialNumber is the OIN:
    a presented certificate must carry exactly one OIN, and it must be the OIN of the message's Issuer."""
    peer = client_certificate(environ)
    if peer is None:
        return None
    oins = oins_of(peer)
    if len(oins) != 1:
        return f"TLS client certificate carries {len(oins)} OINs (subject serialNumber); exactly one is required"
    if oins[0] != issuer_oin:
        return f"TLS client certificate carries OIN {oins[0]}, but the {message_type} Issuer {issuer} has {f'OIN {issuer_oin}' if issuer_oin else 'no OIN'}"
    return None


def post_form(sp_name: str, destination: str, field: str, message: bytes, relay_state: str | None, brand: str = "DigiD") -> Response:
    """The HTTP-POST binding: a page that posts `message` (base64) to `destination` at once."""
    html = TEMPLATES.get_template("saml/post.html").render(
        sp_name=sp_name, destination=destination, field=field, value=base64.b64encode(message).decode(),
        relay_state=relay_state, brand=brand,
    )
    return Response(html, 200, mimetype="text/html")


class MetadataCache:
    """Signed metadata per entity, rebuilt when older than an hour (signing it on every fetch is wasted work)."""

    def __init__(self, build: Callable[[str], bytes]):
        self._build = build
        self._cache: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def response(self, part: str) -> Response:
        with self._lock:
            cached = self._cache.get(part)
            if cached is None or time.monotonic() - cached[0] > METADATA_CACHE_SECONDS:
                cached = (time.monotonic(), self._build(part))
                self._cache[part] = cached
        return Response(cached[1], 200, mimetype="application/samlmetadata+xml")


def register_door(
    blueprint: Blueprint,
    path: str,
    flow: Any,
    store: Any,
    settings: Any,
    signer: SigningKey,
    encryption_certificate: Any,
    logger: logging.Logger,
    read_authn: Callable[[etree._Element, Any, str | None], Any],
    slo_bindings: tuple[str, ...],
    brand: str,
) -> None:
    """The SAML endpoints of a door that takes AuthnRequests and LogoutRequests in the HTTP-POST and HTTP-Redirect
    bindings and answers with an artifact: `<path>/metadata`, `request_authentication`, `resolve_artifact` and
    `request_logout`. `flow` has `registry`, `state`, `start`, `resolve` and `logout` (saml.door.DoorFlow);
    `read_authn` applies the door's own AuthnRequest rules to a verified request (raising XmlRejected)."""
    url = settings.url
    bindings = f"{brand} accepts the HTTP-POST and HTTP-Redirect bindings"

    def refuse(exc: XmlRejected, message_type: str, raw: str | bytes | None) -> Response:
        # A service the catalogue does not know is answered with 404, as DigiD does.
        status = 404 if getattr(exc, "status", None) == 404 else 400
        return reject(exc, message_type, raw, settings.max_message_bytes, logger, status)

    metadata_cache = MetadataCache(
        lambda _: idp_metadata(
            settings.entity_id, signer, encryption_certificate,
            artifact_resolution=url("resolve_artifact"),
            slo=[(binding, url("request_logout")) for binding in slo_bindings],
            sso=[(POST, url("request_authentication")), (REDIRECT, url("request_authentication"))],
        )
    )

    @blueprint.get(f"{path}/metadata")
    def metadata() -> Response:
        return metadata_cache.response(path)

    def signed_request(tag: str) -> tuple[etree._Element, Any, str | None]:
        """The request in either binding, its signature verified: (element, connection, RelayState)."""
        if request.method == "GET":
            return redirected_message(request.query_string, tag, settings, flow.registry, store.world)
        return posted_message(request.form, tag, settings, flow.registry, store.world, bindings)

    @blueprint.route(f"{path}/request_authentication", methods=["GET", "POST"])
    def request_authentication() -> Response:
        raw = request.values.get("SAMLRequest")
        try:
            authn_request = read_authn(*signed_request("AuthnRequest"))
        except XmlRejected as exc:
            return refuse(exc, "AuthnRequest", raw)
        if not flow.state.seen_requests.first_use(f"AuthnRequest {authn_request.connection.entity_id} {authn_request.id}"):
            return refuse(XmlRejected(f"AuthnRequest ID {authn_request.id!r} was already used (replayed request)"), "AuthnRequest", raw)
        note_deviations(authn_request.deviations, "AuthnRequest", raw, settings.max_message_bytes, logger)
        location, to_login_page = flow.start(authn_request, read_hint(request.form))
        return redirect(location, 303 if to_login_page else 302)  # type: ignore[return-value]

    @blueprint.post(f"{path}/resolve_artifact")
    def resolve_artifact() -> Response:
        # Real clients send various SOAPAction values (or none), text/xml or application/soap+xml: accept any.
        body = request.get_data(cache=False)
        try:
            resolve = read_artifact_resolve(body, settings, flow.registry, store.world, url("resolve_artifact"))
        except XmlRejected as exc:
            return refuse(exc, "ArtifactResolve", body)
        note_deviations(resolve.deviations, "ArtifactResolve", body, settings.max_message_bytes, logger)
        return Response(flow.resolve(resolve), 200, mimetype="text/xml")

    @blueprint.route(f"{path}/request_logout", methods=["GET", "POST"])
    def request_logout() -> Response:
        raw = request.values.get("SAMLRequest")
        try:
            message, connection, relay_state = signed_request("LogoutRequest")
            logout = logout_request_of(message, connection, relay_state, settings, url("request_logout"))
            if not flow.state.seen_requests.first_use(f"LogoutRequest {connection.entity_id} {logout.id}"):
                raise XmlRejected(f"LogoutRequest ID {logout.id!r} was already used (replayed request)")
            destination, answer = flow.logout(logout, REDIRECT if request.method == "GET" else POST)
        except XmlRejected as exc:
            return refuse(exc, "LogoutRequest", raw)
        except LookupError as exc:
            return refuse(XmlRejected(str(exc)), "LogoutRequest", raw)
        if request.method == "GET":  # answered in the binding it was asked in
            return redirect(redirect_url(destination, "SAMLResponse", answer, logout.relay_state, signer), 302)  # type: ignore[return-value]
        return post_form(connection.name, destination, "SAMLResponse", answer, logout.relay_state, brand)
