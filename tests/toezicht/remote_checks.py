"""End-to-end check of a running simulator's Toezicht API over plain HTTP(S), with real clients only.

Runs against any simulator with the default scenario: the container test calls it against the container, the
test suite against `running_simulator()`. With `cert` (mtls mode) it acts as that certificate's OIN, which the
default scenario allows the check only; without, it is the anonymous plain-mode caller and tries every operation.
Every response is validated against the OpenAPI document the simulator serves. Raises AssertionError on failure.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

BASE = "/toezicht/vertegenwoordiging/v1"


def run(base_url: str, verify: str | bool = True, cert: tuple[str, str] | None = None) -> None:
    session = requests.Session()
    base = base_url.rstrip("/") + BASE

    document = session.get(f"{base}/openapi.yaml", verify=verify, cert=cert, timeout=10)
    assert document.status_code == 200, f"GET openapi.yaml: {document.status_code}"
    spec_dict = yaml.safe_load(document.text)
    assert spec_dict["openapi"].startswith("3."), "the served document is not OpenAPI 3"
    spec = OpenAPI.from_dict(
        spec_dict, config=Config(extra_media_type_deserializers={"application/problem+json": json.loads, "application/yaml": yaml.safe_load})
    )

    def post(path: str, body: Any, **headers: str) -> requests.Response:
        response = session.post(f"{base}{path}", json=body, headers=headers, verify=verify, cert=cert, timeout=10)
        # The served document's server URL is relative; validate against the path below it.
        request = RequestsOpenAPIRequest(response.request)
        spec.validate_response(request, RequestsOpenAPIResponse(response))
        assert response.headers.get("API-Version"), f"POST {path}: no API-Version header"
        return response

    transaction = str(uuid.uuid4())
    traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    kees = {"vertegenwoordigde": {"bsn": "999990172"}, "vertegenwoordiger": {"kvkNummer": "90001234"}, "dienst": {"serviceId": "woz-beschikking"}}
    answer = post("/vertegenwoordigingsrelaties/_zoek", kees, **{"Fsc-Transaction-Id": transaction, "traceparent": traceparent})
    assert answer.status_code == 200, f"check: {answer.status_code} {answer.text[:300]}"
    assert answer.json()["bevoegd"] is True, f"Zeker Bewind B.V. should represent Kees Visser: {answer.text[:300]}"
    assert answer.headers.get("Fsc-Transaction-Id") == transaction, "Fsc-Transaction-Id not echoed"
    assert answer.headers.get("traceparent") == traceparent, "traceparent not echoed"

    anouk = {"vertegenwoordigde": {"bsn": "999990184"}, "vertegenwoordiger": {"kvkNummer": "90001234"}, "dienst": {"serviceId": "bijzondere-bijstand"}}
    outside = post("/vertegenwoordigingsrelaties/_zoek", anouk).json()
    assert (outside["bevoegd"], outside.get("redenCode")) == (False, "BUITEN_OMVANG"), f"bewind over her house only: {outside}"

    bad = post("/vertegenwoordigingsrelaties/_zoek", {"vertegenwoordigde": {"bsn": "123456789"}})
    assert bad.status_code == 400 and bad.headers["Content-Type"].startswith("application/problem+json"), f"bad input: {bad.status_code}"
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["/vertegenwoordigde/bsn", "/vertegenwoordiger"], bad.text[:300]

    if cert is not None:
        register = post("/register/_zoek", {"geslachtsnaam": "Visser", "geboortedatum": "1968-06-15"})
        assert register.status_code == 403, f"a caller allowed 'controle' only may not use 'register': {register.status_code}"
        return

    clients = post("/clienten/_zoek", {"vertegenwoordiger": {"kvkNummer": "90001234"}})
    assert clients.status_code == 200, f"clienten: {clients.status_code} {clients.text[:300]}"
    by_bsn = {c["bsn"]: c for c in clients.json()["clienten"]}
    assert {"999990172", "999990184", "999990196"} <= set(by_bsn), f"Zeker Bewind's clients: {sorted(by_bsn)}"
    found = post("/register/_zoek", {"geslachtsnaam": "Visser", "geboortedatum": by_bsn["999990172"]["geboortedatum"]})
    assert found.status_code == 200 and [r["soortMaatregel"] for r in found.json()["registraties"]] == ["beschermingsbewind"], found.text[:300]
    assert "999990172" not in found.text, "the public register must not show a BSN"
