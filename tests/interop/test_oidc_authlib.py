"""Authlib's Flask client as its documentation sets it up (`OAuth.register` with `server_metadata_url`,
`authorize_redirect`, `authorize_access_token`, `create_logout_url`) logs in at the simulator's OpenID Provider:
discovery, PKCE S256, the ID token checked by Authlib (signature from the JWKS, iss, aud/azp, exp, nonce,
at_hash), userinfo, logout. The only settings are the ones a production RP has too: client ID, secret (or key),
scope, redirect URI."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import Flask, jsonify, session
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from simulator.testing import RunningSimulator, running_simulator

ROOT = Path(__file__).resolve().parents[2]
REDIRECT = "http://localhost/callback"


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


def relying_party(sim: RunningSimulator, private_key_jwt: bool = False) -> Flask:
    """A Flask app with Authlib's client registered for the simulator, as Authlib's OIDC guide does it."""
    app = Flask("rp")
    app.secret_key = secrets.token_hex(16)
    oauth = OAuth(app)
    metadata_url = f"{sim.base_url}/oidc/.well-known/openid-configuration"
    if private_key_jwt:
        key = RSAKey.import_key((ROOT / "certs" / "oidc-test-client.key").read_bytes())
        token_endpoint = requests.get(metadata_url, timeout=5).json()["token_endpoint"]
        oauth.register(
            "simulator", client_id="simulator-test-jwt-client", client_secret=key, server_metadata_url=metadata_url,
            client_kwargs={"scope": "openid", "code_challenge_method": "S256", "token_endpoint_auth_method": PrivateKeyJWT(token_endpoint)},
        )
    else:
        oauth.register(
            "simulator", client_id="simulator-test-client", client_secret="simulator-test-secret", server_metadata_url=metadata_url,
            client_kwargs={"scope": "openid", "code_challenge_method": "S256"},
        )

    @app.get("/login")
    def login() -> Any:
        return oauth.simulator.authorize_redirect(REDIRECT, kc_idp_hint="digid_machtigen")

    @app.get("/callback")
    def callback() -> Any:
        try:
            token = oauth.simulator.authorize_access_token()
        except (OAuthError, JoseError) as exc:
            return jsonify(refused=type(exc).__name__, detail=str(exc)), 403
        session["id_token"] = token["id_token"]
        userinfo = oauth.simulator.userinfo(token=token)
        return jsonify(id_token=dict(token["userinfo"]), userinfo=dict(userinfo))

    @app.get("/logout")
    def logout() -> Any:
        return jsonify(oauth.simulator.create_logout_url(post_logout_redirect_uri="http://localhost/logged-out", id_token_hint=session["id_token"], state="bye"))

    return app


def log_in(app: Flask, base: str, login: dict[str, str] | None = None) -> tuple[Any, Any]:
    """The browser: the RP's login, the simulator (its pages, or a directive), back at the RP's callback."""
    browser = app.test_client()
    location = browser.get("/login").headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    pages = requests.Session()
    for _ in range(5):
        if location.startswith(REDIRECT):
            break
        path = urlsplit(location).path
        if login and "/login/" in path:
            response = pages.post(location, data={"persona": login["bsn"], "action": "login"}, allow_redirects=False, timeout=5)
        elif login and "/machtigen/" in path:
            page = pages.get(location, timeout=5).text
            value = page.split(f'data-testid="represent-{login["represent"]}-')[0].rsplit('value="', 1)[1].split('"')[0]
            response = pages.post(location, data={"represent": value, "action": "choose"}, allow_redirects=False, timeout=5)
        else:
            response = pages.get(location, allow_redirects=False, timeout=5)
        location = response.headers["Location"]
    return browser, browser.get(location.removeprefix("http://localhost"))


def test_digid_machtigen_through_the_pages(sim: RunningSimulator) -> None:
    _, answer = log_in(relying_party(sim), sim.base_url, {"bsn": "999990251", "represent": "999990263"})
    assert answer.status_code == 200, answer.json
    claims = answer.json["id_token"]
    assert claims["iss"] == f"{sim.base_url}/oidc" and claims["aud"] == "simulator-test-client"
    assert claims["aanvrager"] == {"bsn": "999990263"} and claims["gemachtigde"] == {"bsn": "999990251"}
    assert answer.json["userinfo"]["aanvrager"] == claims["aanvrager"]


def test_private_key_jwt_and_the_nlgov_profile(sim: RunningSimulator) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": "simulator-test-jwt-client", "bsn": "999990251", "represent": "999990263"}, timeout=5)
    _, answer = log_in(relying_party(sim, private_key_jwt=True), sim.base_url)
    assert answer.status_code == 200, answer.json
    claims = answer.json["id_token"]
    assert claims["sub"] == "999990251" and claims["sub_id_type"] == "urn:nl-eid-gdi:1.0:id:BSN"
    assert claims["represents"] == {"sub": "999990263", "sub_id_type": "urn:nl-eid-gdi:1.0:id:BSN", "iss": f"{sim.base_url}/oidc"}


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("wrong_audience", "'azp'"),  # aud is another client: Authlib then demands an azp naming us
        ("wrong_issuer", "'iss'"),
        ("expired_assertion", "expired"),
        ("wrong_in_response_to", "'nonce'"),
        ("wrong_recipient", "'at_hash'"),
        ("bad_signature", "bad_signature"),
        ("unsigned_assertion", "'none' is not allowed"),
    ],
)
def test_authlib_refuses_every_id_token_fault(sim: RunningSimulator, fault: str, reason: str) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": "simulator-test-client", "bsn": "999990251", "represent": "999990263", "outcome": fault}, timeout=5)
    _, answer = log_in(relying_party(sim), sim.base_url)
    assert answer.status_code == 403 and reason in answer.json["detail"], answer.json


def test_logout_url_of_authlib_is_honoured(sim: RunningSimulator) -> None:
    browser, answer = log_in(relying_party(sim), sim.base_url, {"bsn": "999990251", "represent": "999990263"})
    assert answer.status_code == 200
    logout = browser.get("/logout").json
    response = requests.get(logout["url"], allow_redirects=False, timeout=5)
    assert response.status_code == 302 and response.headers["Location"] == "http://localhost/logged-out?state=bye"
