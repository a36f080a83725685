"""Who may read what the control token guards: the control API, and the pages that show personal data or the
audit trail (the explorer, the diagnostics view).

Test code sends ``Authorization: Bearer <SIMULATOR_CONTROL_TOKEN>``. A browser cannot: it opens a page once with
``?token=<token>``, gets an HttpOnly cookie (SameSite=Strict, so no other site's page can use it) and is sent to
the same address without the token, so the token stays out of its history and of Referer headers. The cookie
holds an HMAC of the token, not the token itself, and is honoured by the pages only, never by the API calls that
change state.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Callable
from urllib.parse import urlencode

from flask import Response, redirect, request

COOKIE = "simulator_control"


def _same(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.strip().encode(), expected.encode())


def cookie_value(token: str) -> str:
    return hmac.new(token.encode(), b"simulator control pages", hashlib.sha256).hexdigest()


def bearer_ok(token: str) -> bool:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and _same(value, token)


def page_access(token: str | None, refuse: Callable[[], Response] | None = None) -> Response | None:
    """None when this page request may go on; else the answer: `refuse()` (a 401), or the redirect that sets
    the cookie."""
    if token is None or bearer_ok(token) or _same(request.cookies.get(COOKIE, ""), cookie_value(token)):
        return None
    if _same(request.args.get("token", ""), token):
        rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
        response = redirect(request.path + ("?" + urlencode(rest) if rest else ""), 303)
        response.set_cookie(COOKIE, cookie_value(token), httponly=True, samesite="Strict", secure=request.is_secure, path="/")
        return response
    if refuse is not None:
        return refuse()
    response = Response(
        "This page shows personal data and is protected by SIMULATOR_CONTROL_TOKEN: open it once with ?token=<token>.\n",
        401,
        mimetype="text/plain",
    )
    response.headers["WWW-Authenticate"] = 'Bearer realm="simulator-control"'
    return response
