"""The HTTP edges every SAML door shares: refusing a message (with the failed rule, logged for diagnostics),
the auto-submitting HTTP-POST form, and signed metadata built once an hour."""

from __future__ import annotations

import base64
import logging
import threading
import time
from typing import Any, Callable, Mapping

from flask import Response
from jinja2 import Environment, PackageLoader, select_autoescape

from ..app import add_log_fields
from ..tls import client_certificate, oins_of
from .messages import received_message
from .xmlsecurity import XmlRejected

METADATA_CACHE_SECONDS = 3600
TEMPLATES = Environment(loader=PackageLoader("simulator.saml", "templates"), autoescape=select_autoescape())


def reject(
    exc: XmlRejected, message_type: str, raw: str | bytes | None, max_bytes: int, logger: logging.Logger, status: int = 400
) -> Response:
    """HTTP `status` with the failed rule as plain text, logged and kept in the request log with the message as
    received (the control API's diagnostics view shows both)."""
    message, issuer = received_message(raw, max_bytes)
    add_log_fields(rejection=f"{message_type}: {exc}", saml_message=message, saml_message_type=message_type)
    if issuer:
        add_log_fields(sp=issuer)
    logger.warning("rejected %s: %s", message_type, exc)
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
