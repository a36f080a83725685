"""End-to-end check of a running simulator's BRP interface over HTTP(S), with a real HTTP client.

    run("https://localhost:8443", verify="certs/ca.crt")

Works in both auth modes: when the server answers 401 it gets a token from `/oauth2/token` with the default
scenario's `brp-volledig` client and goes on with it. Every answer is validated against the published OpenAPI
documents. Raises AssertionError on the first failure."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import requests

try:
    from .openapi_validation import check_gezag, check_personen
except ImportError:  # loaded as a plain file (importlib) rather than as part of the tests package
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from openapi_validation import check_gezag, check_personen  # type: ignore[no-redef]

NOOR, FATIMA, DAAN = "999990032", "999990019", "999990111"
TOKEN_CLIENT = ("brp-volledig", "brp-volledig-geheim")


def run(base_url: str, verify: str | bool = True, cert: tuple[str, str] | None = None) -> None:
    base = base_url.rstrip("/")
    session = requests.Session()
    session.verify = verify
    session.cert = cert

    def post(path: str, body: Any, headers: dict[str, str] | None = None) -> requests.Response:
        response = session.post(base + path, json=body, headers=headers or {}, timeout=30)
        if response.status_code == 401 and "Authorization" not in session.headers:
            token = session.post(base + "/oauth2/token", data={"grant_type": "client_credentials", "client_id": TOKEN_CLIENT[0], "client_secret": TOKEN_CLIENT[1]}, timeout=30)
            assert token.status_code == 200, f"token endpoint: {token.status_code} {token.text}"
            session.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
            response = session.post(base + path, json=body, headers=headers or {}, timeout=30)
        assert response.status_code < 500, f"{path}: {response.status_code} {response.text}"
        check = check_gezag if path.startswith("/api/v1/") else check_personen
        check(response.status_code, response.headers["Content-Type"], response.json())
        return response

    spec = session.get(f"{base}/haalcentraal/api/brp/openapi.yaml", timeout=30)
    assert spec.status_code == 200 and "BRP API Personen" in spec.text, f"openapi.yaml: {spec.status_code}"

    personen = "/haalcentraal/api/brp/personen"
    answer = post(personen, {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [NOOR, "000000000"], "fields": ["naam", "leeftijd", "ouders", "gezag"]})
    assert answer.status_code == 200, answer.text
    [noor] = answer.json()["personen"]
    assert noor["naam"]["voornamen"] == "Noor", noor
    assert noor["gezag"][0]["type"] in ("GezamenlijkOuderlijkGezag", "TweehoofdigOuderlijkGezag"), noor
    assert {o["burgerservicenummer"] for o in noor["gezag"][0]["ouders"]} == {o["burgerservicenummer"] for o in noor["ouders"]}

    v27 = post(personen, {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [FATIMA], "fields": ["gezag"]}, {"accept-gezag-version": "2"})
    assert {g["minderjarige"]["burgerservicenummer"] for g in v27.json()["personen"][0]["gezag"]} >= {NOOR}
    assert all(g["type"] == "GezamenlijkOuderlijkGezag" for g in v27.json()["personen"][0]["gezag"])

    search = post(personen, {"type": "ZoekMetAdresseerbaarObjectIdentificatie", "adresseerbaarObjectIdentificatie": "0518010000001001", "fields": ["burgerservicenummer", "gezag"]})
    assert NOOR in {p["burgerservicenummer"] for p in search.json()["personen"]}, search.text

    bad = post(personen, {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["12"], "fields": ["gezag.type"]})
    assert bad.status_code == 400 and bad.json()["code"] == "paramsValidation", bad.text
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["burgerservicenummer[0]", "fields[0]"]

    not_acceptable = post(personen, {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [NOOR], "fields": ["naam"]}, {"Accept": "application/xml"})
    assert not_acceptable.status_code == 406 and not_acceptable.json()["code"] == "notAcceptable"

    gezag = post("/api/v1/opvragenBevoegdheidTotGezag", {"burgerservicenummer": [DAAN]}, {"Accept-Gezag-Version": "2"})
    assert gezag.status_code == 200 and gezag.json()["personen"][0]["gezag"][0]["type"] == "Voogdij", gezag.text
