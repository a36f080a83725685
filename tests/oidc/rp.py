"""A relying party for the OIDC tests: Authlib's own requests client (OAuth2Session) builds the authorization
request (state, nonce, PKCE S256) and exchanges the code; the ID token is verified with joserfc against the
simulator's JWKS and checked with Authlib's CodeIDToken rules (iss, aud, exp, nonce, at_hash)."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

ROOT = Path(__file__).resolve().parents[2]
TEST_CLIENT = ("simulator-test-client", "simulator-test-secret")
JWT_CLIENT = "simulator-test-jwt-client"
REDIRECT = "http://localhost/callback"


@dataclass
class Answer:
    """What came back at the redirect URI, and (after `exchange`) from the token endpoint."""

    status: int
    params: dict[str, str]
    token_status: int | None = None
    token: dict[str, Any] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        return self.params.get("error")


class RelyingParty:
    def __init__(self, base_url: str, client_id: str = TEST_CLIENT[0], secret: str | None = TEST_CLIENT[1], auth_method: str = "client_secret_basic"):
        self.base_url = base_url
        self.metadata = requests.get(f"{base_url}/oidc/.well-known/openid-configuration", timeout=5).json()
        self.jwks = KeySet.import_key_set(requests.get(self.metadata["jwks_uri"], timeout=5).json())
        if auth_method == "private_key_jwt":
            key = RSAKey.import_key((ROOT / "certs" / "oidc-test-client.key").read_bytes())
            self.session = OAuth2Session(client_id, key, token_endpoint_auth_method=PrivateKeyJWT(self.metadata["token_endpoint"]), redirect_uri=REDIRECT, scope="openid", code_challenge_method="S256")
        else:
            self.session = OAuth2Session(client_id, secret, token_endpoint_auth_method=auth_method, redirect_uri=REDIRECT, scope="openid", code_challenge_method="S256")
        self.client_id = client_id
        self.nonce = secrets.token_urlsafe(16)
        self.verifier = secrets.token_urlsafe(48)
        self.state: str | None = None

    def authorization_url(self, pkce: bool = True, **params: str) -> str:
        extra: dict[str, str] = {"nonce": self.nonce, **params}
        if pkce:
            url, self.state = self.session.create_authorization_url(self.metadata["authorization_endpoint"], code_verifier=self.verifier, **extra)
        else:
            url, self.state = self.session.create_authorization_url(self.metadata["authorization_endpoint"], **extra)
        return url

    def authorize(self, pkce: bool = True, **params: str) -> requests.Response:
        return requests.get(self.authorization_url(pkce, **params), allow_redirects=False, timeout=5)

    def login(self, pkce: bool = True, **params: str) -> Answer:
        """An authorization request answered at once (a directive is queued): the redirect to the client."""
        response = self.authorize(pkce, **params)
        assert response.status_code == 302, (response.status_code, response.text)
        location = response.headers["Location"]
        assert location.startswith(REDIRECT + "?"), location
        return Answer(response.status_code, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()})

    def exchange(self, answer: Answer, verifier: str | None = None, redirect_uri: str = REDIRECT) -> Answer:
        data = {"grant_type": "authorization_code", "code": answer.params["code"], "redirect_uri": redirect_uri, "code_verifier": verifier or self.verifier}
        auth = self.session.client_auth(self.session.token_endpoint_auth_method)
        response = self.session.request("POST", self.metadata["token_endpoint"], data=data, auth=auth, withhold_token=True)
        answer.token_status, answer.token = response.status_code, response.json()
        return answer

    def id_token_claims(self, answer: Answer, verify: bool = True) -> dict[str, Any]:
        """The ID token's claims after the code-flow checks of OpenID Connect Core 3.1.3.7."""
        token = jwt.decode(answer.token["id_token"], self.jwks, algorithms=["RS256"])
        options = {"iss": {"essential": True, "value": self.metadata["issuer"]}, "aud": {"essential": True, "value": self.client_id}}
        params = {"nonce": self.nonce, "client_id": self.client_id, "access_token": answer.token["access_token"]}
        claims = CodeIDToken(token.claims, token.header, options, params)
        if verify:
            claims.validate(now=int(time.time()), leeway=5)
        return dict(claims)

    def userinfo(self, access_token: str) -> requests.Response:
        return requests.get(self.metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"}, timeout=5)


def directive(base_url: str, **fields: Any) -> None:
    response = requests.post(f"{base_url}/control/directives", json=fields, timeout=5)
    assert response.status_code == 201, response.text


def decoded(token: str) -> dict[str, Any]:
    """A JWT's payload without verification (to look at a token a fault made unverifiable)."""
    import base64

    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
