"""The HTTP edges every SAML door shares: refusing a message (with the failed rule, logged for diagnostics),
the auto-submitting HTTP-POST form, and signed metadata built once an hour."""

from __future__ import annotations

import base64
import logging
import threading
import time
from typing import Callable

from flask import Response
from jinja2 import Environment, PackageLoader, select_autoescape

from ..app import add_log_fields
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
