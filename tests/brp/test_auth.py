"""OAuth2 client credentials and per-client authorisation from the scenario (SIMULATOR_BRP_AUTH=oauth2)."""

from __future__ import annotations

import base64

import pytest

from simulator.brp.auth import client_of_token, issue_token
from simulator.brp.fields import covered_by
from simulator.config import ConfigError

from .conftest import GEZAG, BrpClient, make_app

FATIMA, MARCO = "999990019", "999990056"
RAADPLEEG = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [FATIMA], "fields": ["naam"]}


def _bearer(brp: BrpClient, client_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {brp.token(client_id, f'{client_id}-geheim')}"}


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nonsense", "Basic abc", "Bearer eyJjIjoiYnJwLXZvbGxlZGlnIiwiZSI6OTk5OTk5OTk5OX0.forged"])
def test_missing_or_invalid_token_is_401(brp_oauth: BrpClient, header: str | None) -> None:
    answer = brp_oauth.personen(RAADPLEEG, headers={"Authorization": header} if header else {})
    assert answer.status == 401
    assert answer.body["title"] == "Niet correct geauthenticeerd." and answer.body["code"] == "authentication"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_endpoint(brp_oauth: BrpClient) -> None:
    response = brp_oauth.client.post("/oauth2/token", data={"grant_type": "client_credentials"}, headers={"Authorization": "Basic " + base64.b64encode(b"brp-volledig:brp-volledig-geheim").decode()})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and response.headers["Cache-Control"] == "no-store"
    assert brp_oauth.personen(RAADPLEEG, headers={"Authorization": f"Bearer {body['access_token']}"}).status == 200
    wrong = brp_oauth.client.post("/oauth2/token", data={"grant_type": "client_credentials", "client_id": "brp-volledig", "client_secret": "fout"})
    assert wrong.status_code == 401 and wrong.get_json() == {"error": "invalid_client"}
    grant = brp_oauth.client.post("/oauth2/token", data={"grant_type": "password", "client_id": "brp-volledig", "client_secret": "brp-volledig-geheim"})
    assert grant.status_code == 400 and grant.get_json() == {"error": "unsupported_grant_type"}


def test_tokens_expire_and_are_bound_to_the_secret(brp_oauth: BrpClient) -> None:
    world = brp_oauth.store.world
    token = issue_token(world, "brp-volledig", "brp-volledig-geheim", lifetime=60, now=1000.0)
    assert client_of_token(world, token, now=1059.0).client_id == "brp-volledig"  # type: ignore[union-attr]
    assert client_of_token(world, token, now=1061.0) is None
    payload, _, signature = token.partition(".")
    assert client_of_token(world, f"{payload}.{signature[:-2]}xx", now=1000.0) is None


def test_client_without_brp_authorisation_is_403(brp_oauth: BrpClient) -> None:
    answer = brp_oauth.personen(RAADPLEEG, headers=_bearer(brp_oauth, "brp-zonder-autorisatie"))
    assert answer.status == 403
    assert answer.body["title"] == "U bent niet geautoriseerd voor het gebruik van deze API." and answer.body["code"] == "unauthorized"
    assert brp_oauth.post(GEZAG, {"burgerservicenummer": [FATIMA]}, {"Accept-Gezag-Version": "2", **_bearer(brp_oauth, "brp-zonder-autorisatie")}).status == 403


def test_fields_outside_the_authorisation_are_403(brp_oauth: BrpClient) -> None:
    headers = _bearer(brp_oauth, "brp-zorgaanbieder-gezag")
    ok = brp_oauth.personen({**RAADPLEEG, "fields": ["naam.volledigeNaam", "gezag", "geboorte.datum.langFormaat"]}, headers)
    assert ok.status == 200
    refused = brp_oauth.personen({**RAADPLEEG, "fields": ["naam", "geboorte.plaats"]}, headers)
    assert refused.status == 403
    assert refused.body["title"] == "U bent niet geautoriseerd voor één of meerdere opgegeven field waarden."
    assert refused.body["code"] == "unauthorizedField"
    # As the real service: the answer does not say which fields (no `detail`); the request log does.
    assert "detail" not in refused.body
    assert brp_oauth.store.requests.entries()[-1].data["brp_refused_fields"] == ["naam", "geboorte.plaats"]


def test_search_parameters_outside_the_authorisation_are_403(brp_oauth: BrpClient) -> None:
    headers = _bearer(brp_oauth, "brp-zorgaanbieder-gezag")
    body = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2517AB", "huisnummer": 12, "fields": ["burgerservicenummer"]}
    answer = brp_oauth.personen(body, headers)
    assert answer.status == 403 and answer.body["code"] == "unauthorizedParameter"
    assert answer.body["title"] == "U bent niet geautoriseerd voor de gebruikte parameter(s)."
    # In alphabetical order, as the real service lists them (not in the order of the body).
    assert answer.body["detail"] == "U bent niet geautoriseerd voor het gebruik van parameter(s): huisnummer, postcode."


def test_municipality_sees_only_its_residents_with_any_search_parameter(brp_oauth: BrpClient) -> None:
    headers = _bearer(brp_oauth, "brp-gemeente-0518")
    answer = brp_oauth.personen({**RAADPLEEG, "burgerservicenummer": [FATIMA, MARCO], "fields": ["burgerservicenummer"]}, headers)
    assert answer.body["personen"] == [{"burgerservicenummer": FATIMA}]
    search = brp_oauth.personen({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3511NK", "huisnummer": 201, "fields": ["burgerservicenummer"]}, headers)
    assert search.status == 200 and search.body["personen"] == []
    assert brp_oauth.personen({**RAADPLEEG, "fields": ["nationaliteiten"]}, headers).status == 403


def test_open_mode_needs_no_token(brp: BrpClient) -> None:
    assert brp.personen(RAADPLEEG).status == 200


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ConfigError):
        make_app({"SIMULATOR_BRP_AUTH": "basic"})
    with pytest.raises(ConfigError):
        make_app({"SIMULATOR_BRP_GEZAG_VERSION": "3"})
    for lifetime in ("soon", "0"):
        with pytest.raises(ConfigError, match=f"SIMULATOR_BRP_TOKEN_LIFETIME='{lifetime}'"):
            make_app({"SIMULATOR_BRP_TOKEN_LIFETIME": lifetime})


def test_binnenland_alias_is_covered_by_the_full_field() -> None:
    assert covered_by("verblijfplaatsBinnenland.verblijfadres", ["verblijfplaats"])
    assert covered_by("adresseringBinnenland", ["adresseringBinnenland"])
    assert not covered_by("verblijfplaats", ["verblijfplaatsBinnenland"])
