"""The OIDC door end to end over HTTP: discovery, JWKS, the code flow with PKCE, the three client authentication
methods, userinfo, logout, the claim profiles, directives, outcomes and faults, audit and diagnostics."""

from __future__ import annotations

import time
from pathlib import Path
import pytest
import requests
from joserfc import jwt
from joserfc.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError, JoseError
from joserfc.jwk import RSAKey

from .rp import JWT_CLIENT, REDIRECT, TEST_CLIENT, RelyingParty, decoded, directive

ROOT = Path(__file__).resolve().parents[2]
BIJSTAND_UUID = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
WOZ_UUID = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"


def test_discovery_names_every_endpoint_and_the_jwks_key_is_stable(base: str) -> None:
    metadata = requests.get(f"{base}/oidc/.well-known/openid-configuration", timeout=5).json()
    issuer = f"{base}/oidc"
    assert metadata["issuer"] == issuer
    for name, path in [("authorization_endpoint", "authorize"), ("token_endpoint", "token"), ("userinfo_endpoint", "userinfo"), ("jwks_uri", "jwks"), ("end_session_endpoint", "logout")]:
        assert metadata[name] == f"{issuer}/{path}"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post", "private_key_jwt"}
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    (key,) = requests.get(metadata["jwks_uri"], timeout=5).json()["keys"]
    committed = RSAKey.import_key((ROOT / "certs" / "oidc-signing.key").read_bytes())
    assert key["kid"] == committed.thumbprint()  # RFC 7638: the same after every restart
    assert key["alg"] == "RS256" and key["use"] == "sig" and "d" not in key


def test_digid_login_keycloak_profile(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019")
    answer = rp.login()
    assert answer.params["state"] == rp.state
    rp.exchange(answer)
    assert answer.token_status == 200, answer.token
    assert answer.token["token_type"] == "Bearer"
    claims = rp.id_token_claims(answer)  # signature, iss, aud, exp, nonce, at_hash
    assert claims["bsn"] == "999990019"
    assert "aanvrager" not in claims and "gemachtigde" not in claims
    assert claims["authsp_level"] == "25"  # DigiD substantieel, in DigiD's own numbers
    assert claims["acr"] == "http://eidas.europa.eu/LoA/substantial"
    assert claims["urn:nl-eid-gdi:1.0:ServiceUUID"] == BIJSTAND_UUID  # the client's first service
    info = rp.userinfo(answer.token["access_token"])
    assert info.status_code == 200
    assert info.json()["bsn"] == "999990019" and info.json()["sub"] == claims["sub"]


def test_digid_machtigen_keycloak_profile_audit_and_request_log(base: str) -> None:
    rp = RelyingParty(base, auth_method="client_secret_post")
    directive(base, sp=TEST_CLIENT[0], bsn="999990251", represent="999990263")
    claims = rp.id_token_claims(rp.exchange(rp.login(kc_idp_hint="digid_machtigen")))
    # As Open Formulieren documents for a Keycloak realm: nested aanvrager.bsn / gemachtigde.bsn.
    assert claims["aanvrager"] == {"bsn": "999990263"}
    assert claims["gemachtigde"] == {"bsn": "999990251"}
    assert "bsn" not in claims
    (entry,) = requests.get(f"{base}/control/audit", params={"sp": TEST_CLIENT[0]}, timeout=5).json()
    assert entry["acting_bsn"] == "999990251" and entry["legal_bsn"] == "999990263"
    assert entry["grond"] == "vrijwillig" and entry["dienst"] == "bijzondere-bijstand" and entry["outcome"] == "gekozen"
    activity = requests.get(f"{base}/explorer/activiteit", timeout=5).text  # "wie namens wie", live
    assert "Sanne van Dijk" in activity and "Jan van Dijk" in activity
    log = requests.get(f"{base}/control/requests", params={"path": "/oidc/authorize"}, timeout=5).json()
    assert log[0]["sp"] == TEST_CLIENT[0] and log[0]["product"] == "digid_machtigen" and log[0]["grond"] == "vrijwillig"


def test_private_key_jwt_and_nlgov_represents(base: str) -> None:
    rp = RelyingParty(base, JWT_CLIENT, None, auth_method="private_key_jwt")
    directive(base, sp=JWT_CLIENT, bsn="999990251", represent="999990263")
    answer = rp.exchange(rp.login(scope=f"openid urn:uuid:{WOZ_UUID}"))
    assert answer.token_status == 200, answer.token
    claims = rp.id_token_claims(answer)
    assert claims["sub"] == "999990251" and claims["sub_id_type"] == "urn:nl-eid-gdi:1.0:id:BSN"
    assert claims["represents"] == {"sub": "999990263", "sub_id_type": "urn:nl-eid-gdi:1.0:id:BSN", "iss": f"{base}/oidc"}
    assert claims["jti"] and claims["nbf"] <= time.time()
    entry = requests.get(f"{base}/control/audit", params={"sp": JWT_CLIENT}, timeout=5).json()[0]
    assert entry["dienst"] == "woz-beschikking"  # chosen by the scope urn:uuid:<ServiceUUID>


def test_a_client_assertion_is_used_once(base: str) -> None:
    rp = RelyingParty(base, JWT_CLIENT, None, auth_method="private_key_jwt")
    directive(base, sp=JWT_CLIENT, bsn="999990251", represent="999990263", count=2)
    first, second = rp.login(), rp.login()
    auth = rp.session.client_auth(rp.session.token_endpoint_auth_method)
    assertion = dict(p.split("=", 1) for p in requests.Request("POST", rp.metadata["token_endpoint"], data={"x": "y"}, auth=auth).prepare().body.split("&"))
    replay = {k: requests.utils.unquote(v) for k, v in assertion.items() if k.startswith("client_assertion")}
    for answer, status in ((first, 200), (second, 400)):
        data = {"grant_type": "authorization_code", "code": answer.params["code"], "redirect_uri": REDIRECT, "code_verifier": rp.verifier, **replay}
        response = requests.post(rp.metadata["token_endpoint"], data=data, timeout=5)
        assert response.status_code == status, response.text
    assert response.json()["error"] == "invalid_client" and "JWT ID" in response.json()["error_description"]


def test_nlgov_client_must_use_pkce(base: str) -> None:
    rp = RelyingParty(base, JWT_CLIENT, None, auth_method="private_key_jwt")
    directive(base, sp=JWT_CLIENT, bsn="999990251", represent="999990263")
    answer = rp.login(pkce=False)
    assert answer.error == "invalid_request" and "PKCE" in answer.params["error_description"]
    assert answer.params["state"] == rp.state


def test_pkce_mismatch_wrong_secret_reused_code_and_redirect_mismatch(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", count=3)
    mismatch = rp.exchange(rp.login(), verifier="x" * 50)
    assert mismatch.token_status == 400 and mismatch.token["error"] == "invalid_grant"
    wrong = RelyingParty(base, TEST_CLIENT[0], "not-the-secret")
    denied = wrong.exchange(wrong.login())
    assert denied.token_status == 401 and denied.token["error"] == "invalid_client"
    answer = rp.exchange(rp.login())
    assert answer.token_status == 200
    again = rp.exchange(answer)
    assert again.token_status == 400 and again.token["error"] == "invalid_grant"
    diagnostics = requests.get(f"{base}/control/diagnostics", timeout=5).json()
    reasons = [d["rejection"] for d in diagnostics]
    assert any("token request: invalid_grant" in r and "challenge" in r.lower() for r in reasons), reasons
    assert any("invalid_client" in r for r in reasons), reasons
    assert all("x" * 50 not in (d["oidc_request"] or "") for d in diagnostics)  # the verifier is not shown


def test_unknown_client_and_unregistered_redirect_uri_are_refused_in_words(base: str) -> None:
    rp = RelyingParty(base)
    url = rp.authorization_url().replace("client_id=simulator-test-client", "client_id=nobody")
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 400 and "nobody" in response.text
    url = rp.authorization_url().replace("localhost%2Fcallback", "evil.example%2Fcallback")
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 400 and "Location" not in response.headers  # never redirected to it
    assert "http://evil.example/callback" in response.text and "redirect_uris" in response.text
    diagnostics = requests.get(f"{base}/control/diagnostics", timeout=5).json()
    assert "evil.example" in diagnostics[0]["rejection"] and diagnostics[0]["sp"] == TEST_CLIENT[0]
    assert '"redirect_uri": "http://evil.example/callback"' in diagnostics[0]["oidc_request"]
    assert "No oidc_clients entry with client_id 'nobody'" in diagnostics[1]["rejection"]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"outcome": "cancel"}, "access_denied"),
        ({"outcome": "authn_failed"}, "access_denied"),
        ({"outcome": "loa_too_low"}, "unmet_authentication_requirements"),
        ({"bsn": "999990263", "level": "basis"}, "unmet_authentication_requirements"),  # Jan: basis, bijstand needs substantieel
        ({"bsn": "999990275"}, "access_denied"),  # Bertus has no DigiD
    ],
)
def test_status_outcomes_become_oidc_errors_with_the_state(base: str, fields: dict[str, str], error: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], **fields)
    answer = rp.login()
    assert answer.error == error and answer.params["state"] == rp.state and "code" not in answer.params


def test_an_loa_asked_for_in_acr_values_is_a_minimum(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", count=2)  # Fatima holds substantieel
    high = rp.login(acr_values="http://eidas.europa.eu/LoA/high")
    assert high.error == "unmet_authentication_requirements"
    claims = rp.id_token_claims(rp.exchange(rp.login(acr_values="http://eidas.europa.eu/LoA/substantial")))
    assert claims["acr"] == "http://eidas.europa.eu/LoA/substantial"


def test_nobody_to_represent_is_access_denied_and_audited(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019")  # Fatima represents nobody for bijzondere bijstand
    answer = rp.login(kc_idp_hint="digid_machtigen")
    assert answer.error == "access_denied" and "No representation" in answer.params["error_description"]
    (entry,) = requests.get(f"{base}/control/audit", params={"sp": TEST_CLIENT[0]}, timeout=5).json()
    assert entry["outcome"] == "geen_vertegenwoordiging" and entry["acting_bsn"] == "999990019"


def test_artifact_expired_outcome_makes_the_code_unusable(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", outcome="artifact_expired")
    answer = rp.exchange(rp.login())
    assert answer.token_status == 400 and answer.token["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("fault", "refused_by"),
    [
        ("wrong_audience", InvalidClaimError),
        ("wrong_issuer", InvalidClaimError),
        ("expired_assertion", ExpiredTokenError),
        ("wrong_in_response_to", InvalidClaimError),  # nonce
        ("wrong_recipient", InvalidClaimError),  # at_hash
        ("bad_signature", BadSignatureError),
    ],
)
def test_each_fault_is_refused_by_the_code_flow_checks(base: str, fault: str, refused_by: type[Exception]) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", outcome=fault)
    answer = rp.exchange(rp.login())
    assert answer.token_status == 200
    with pytest.raises(refused_by):
        rp.id_token_claims(answer)


def test_faults_outside_the_id_token(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", outcome="wrong_destination")
    assert rp.login().params["state"] != rp.state
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", outcome="missing_assertion")
    assert "id_token" not in rp.exchange(rp.login()).token
    directive(base, sp=TEST_CLIENT[0], bsn="999990019", outcome="unsigned_assertion")
    token = rp.exchange(rp.login()).token["id_token"]
    assert token.endswith(".") and decoded(token)["bsn"] == "999990019"
    with pytest.raises(JoseError):  # alg none: no key verifies it
        jwt.decode(token, rp.jwks, algorithms=["RS256"])


def test_prompt_none_without_a_session_is_login_required(base: str) -> None:
    rp = RelyingParty(base)
    answer = rp.login(prompt="none")
    assert answer.error == "login_required" and answer.params["state"] == rp.state
    directive(base, sp=TEST_CLIENT[0], bsn="999990019")
    assert "code" in rp.login(prompt="none").params  # a directive decides silently


def test_product_selection_is_checked_against_the_client(base: str) -> None:
    digid_only = "oidc_clients:\n  - {client_id: digid-only, client_secret: s, redirect_uris: ['http://localhost/callback'], diensten: [afvalpas]}\n"
    added = requests.post(f"{base}/control/scenario/extend", data=digid_only, headers={"Content-Type": "application/yaml"}, timeout=5)
    assert added.status_code == 200, added.text
    assert RelyingParty(base, "digid-only", "s").login(kc_idp_hint="eherkenning").error == "invalid_request"
    rp = RelyingParty(base)
    assert rp.login(kc_idp_hint="no-such-product").error == "invalid_request"
    assert rp.login(scope="openid urn:uuid:00000000-0000-0000-0000-000000000000").error == "invalid_scope"
    # Signicat's way: acr_values=idp:digid-combiconnect and the acting-nin scope ask for DigiD Machtigen.
    directive(base, sp=TEST_CLIENT[0], bsn="999990251", represent="999990263")
    claims = rp.id_token_claims(rp.exchange(rp.login(acr_values="idp:digid-combiconnect", scope="openid nin acting-nin")))
    assert claims["aanvrager"] == {"bsn": "999990263"}


def test_logout_ends_the_session_and_redirects_with_the_state(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019")
    answer = rp.exchange(rp.login())
    assert rp.userinfo(answer.token["access_token"]).status_code == 200
    response = requests.get(
        rp.metadata["end_session_endpoint"],
        params={"id_token_hint": answer.token["id_token"], "post_logout_redirect_uri": "http://localhost/logged-out", "state": "bye"},
        allow_redirects=False,
        timeout=5,
    )
    assert response.status_code == 302 and response.headers["Location"] == "http://localhost/logged-out?state=bye"
    assert rp.userinfo(answer.token["access_token"]).status_code == 401  # the session's tokens are gone
    unregistered = requests.get(rp.metadata["end_session_endpoint"], params={"id_token_hint": answer.token["id_token"], "post_logout_redirect_uri": "http://evil.example/"}, allow_redirects=False, timeout=5)
    assert unregistered.status_code == 200  # logged out, but never sent to an unregistered URI


def test_userinfo_needs_a_valid_token(base: str) -> None:
    response = requests.get(f"{base}/oidc/userinfo", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_reset_forgets_codes(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990019")
    answer = rp.login()
    requests.post(f"{base}/control/reset", timeout=5)
    assert rp.exchange(answer).token["error"] == "invalid_grant"


def test_oversized_requests_are_refused_without_a_5xx(base: str) -> None:
    rp = RelyingParty(base)
    huge = requests.get(rp.authorization_url(nonce="n" * 5000), allow_redirects=False, timeout=5)
    assert huge.status_code == 400 and "longer than" in huge.text
    token = requests.post(f"{base}/oidc/token", data={"grant_type": "authorization_code", "code": "x" * 70000}, timeout=5)
    assert token.status_code == 400 and token.json()["error"] == "invalid_request"


def test_a_login_whose_client_left_the_scenario_ends_without_a_5xx(base: str) -> None:
    rp = RelyingParty(base)
    page = rp.authorize().headers["Location"]
    without_clients = (
        "persons:\n  - {bsn: '999990019', naam: {geslachtsnaam: Test}, geslacht: V, geboortedatum: -40y, digid: hoog}\n"
        "services:\n  - {id: bijzondere-bijstand, uuid: " + BIJSTAND_UUID + ", naam: Bijstand, loa: midden}\n"
    )
    replaced = requests.put(f"{base}/control/scenario", data=without_clients, headers={"Content-Type": "application/yaml"}, timeout=5)
    assert replaced.status_code == 200, replaced.text
    answer = requests.post(page, data={"persona": "999990019", "action": "login"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302 and answer.headers["Location"] == f"{base}/oidc/ended"
    assert requests.get(answer.headers["Location"], timeout=5).status_code == 409
    requests.post(f"{base}/control/reset", timeout=5)
