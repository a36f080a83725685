"""Authentication and authorisation of BRP API callers.

Modes (setting `SIMULATOR_BRP_AUTH`):
- `open` (default): no token needed; every caller may ask everything (quick starts, demos).
- `oauth2`: as production, a bearer token from the OAuth2 client-credentials token endpoint
  (`POST /oauth2/token`) with a `client_id`/`client_secret` of the scenario's `api_clients`. The client's
  `brp` authorisation decides which fields and search parameters it may use; a municipality (`brp.gemeente`)
  may use every search parameter but sees only its own residents.

Tokens are stateless (HMAC over client id and expiry, keyed by the client's secret), so they stay valid across
gunicorn workers and become invalid when the scenario changes the secret or removes the client.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from flask import Request

from ..requestlog import add_log_fields
from ..config import ConfigError
from ..scenario import World
from ..scenario.model import ApiClient
from . import problems
from .fields import covered_by
from .query import Query

MODES = ("open", "oauth2")
# The field each search parameter filters on: using a parameter needs the authorisation for that field.
PARAMETER_FIELDS = {
    "burgerservicenummer": "burgerservicenummer",
    "geslachtsnaam": "naam.geslachtsnaam",
    "voornamen": "naam.voornamen",
    "voorvoegsel": "naam.voorvoegsel",
    "geslacht": "geslacht",
    "geboortedatum": "geboorte.datum",
    "gemeenteVanInschrijving": "gemeenteVanInschrijving",
    "postcode": "verblijfplaats.verblijfadres.postcode",
    "huisnummer": "verblijfplaats.verblijfadres.huisnummer",
    "huisletter": "verblijfplaats.verblijfadres.huisletter",
    "huisnummertoevoeging": "verblijfplaats.verblijfadres.huisnummertoevoeging",
    "straat": "verblijfplaats.verblijfadres.officieleStraatnaam",
    "nummeraanduidingIdentificatie": "verblijfplaats.nummeraanduidingIdentificatie",
    "adresseerbaarObjectIdentificatie": "verblijfplaats.adresseerbaarObjectIdentificatie",
}


class TokenError(Exception):
    """An OAuth2 error of the token endpoint (RFC 6749 section 5.2)."""

    def __init__(self, error: str, status: int = 400):
        super().__init__(error)
        self.error = error
        self.status = status


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(client: ApiClient, payload: str) -> str:
    key = hashlib.sha256(f"brp-token:{client.client_id}:{client.client_secret}".encode()).digest()
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())


def issue_token(world: World, client_id: str | None, client_secret: str | None, lifetime: int, now: float | None = None) -> str:
    """A bearer token for a registered client with the right secret; raises TokenError otherwise."""
    if not client_id or not client_secret:
        raise TokenError("invalid_client", 401)
    client = world.api_clients.get(client_id)
    if client is None or client.client_secret is None or not hmac.compare_digest(client.client_secret, client_secret):
        raise TokenError("invalid_client", 401)
    payload = _b64(json.dumps({"c": client.client_id, "e": int((now or time.time()) + lifetime)}).encode())
    return f"{payload}.{_signature(client, payload)}"


def client_of_token(world: World, token: str, now: float | None = None) -> ApiClient | None:
    """The client a valid, unexpired token was issued to, or None."""
    payload, _, signature = token.partition(".")
    try:
        claims = json.loads(_unb64(payload))
        client = world.api_clients.get(claims["c"])
        expires = int(claims["e"])
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if client is None or client.client_secret is None or expires < (now or time.time()):
        return None
    return client if hmac.compare_digest(_signature(client, payload), signature) else None


@dataclass(frozen=True)
class Caller:
    """Who is asking: None in open mode (anonymous, allowed everything)."""

    client: ApiClient | None

    @property
    def gemeente(self) -> str | None:
        return self.client.brp.gemeente if self.client and self.client.brp else None

    @property
    def name(self) -> str | None:
        return self.client.client_id if self.client else None


def auth_mode(setting: str | None) -> str:
    mode = (setting or "open").lower()
    if mode not in MODES:
        raise ConfigError(f"SIMULATOR_BRP_AUTH={setting!r}: expected one of {', '.join(MODES)}")
    return mode


def authenticate(mode: str, world: World, request: Request) -> Caller:
    """The caller of `request`; in oauth2 mode a missing, invalid or expired bearer token is a 401."""
    if mode == "open":
        return Caller(None)
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise problems.unauthenticated()
    client = client_of_token(world, token.strip())
    if client is None:
        raise problems.unauthenticated()
    return Caller(client)


def authorise(caller: Caller, query: Query) -> None:
    """Raises a 403 Problem when the caller may not ask this query."""
    client = caller.client
    if client is None:
        return
    if client.brp is None:
        raise problems.not_authorised_for_api()
    allowed = client.brp.velden
    if client.brp.gemeente is None:
        used = [*query.params, *(["gemeenteVanInschrijving"] if query.gemeente else [])]
        refused = [name for name in used if name in PARAMETER_FIELDS and not covered_by(PARAMETER_FIELDS[name], allowed)]
        if refused:
            raise problems.not_authorised_for_parameters(refused)
    refused_fields = [path for path in query.fields if not covered_by(path, allowed)]
    if refused_fields:
        # The answer does not name them (as the real service); the request log does, for whoever set up the client.
        add_log_fields(brp_refused_fields=refused_fields)
        raise problems.not_authorised_for_fields()


def authorise_gezag(caller: Caller) -> None:
    """The gezag module answers clients authorised for the `gezag` field."""
    client = caller.client
    if client is not None and (client.brp is None or not covered_by("gezag", client.brp.velden)):
        raise problems.not_authorised_for_api()
