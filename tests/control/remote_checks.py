"""End-to-end check of the control API and explorer against any running simulator over plain HTTP(S).
Uses SIMULATOR_CONTROL_TOKEN from the environment when the simulator under test is protected by one.
Leaves the simulator as it found it (the directive it queues is cleared). Raises AssertionError on failure."""

from __future__ import annotations

import os

import requests


def run(base_url: str, verify: str | bool = True, cert: tuple[str, str] | None = None) -> None:
    base_url = base_url.rstrip("/")
    session = requests.Session()
    session.verify = verify
    session.cert = cert
    token = os.environ.get("SIMULATOR_CONTROL_TOKEN")
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    document = session.get(f"{base_url}/control/openapi.yaml", timeout=10)
    assert document.status_code == 200 and "openapi:" in document.text, "the OpenAPI document is served"
    scenario = session.get(f"{base_url}/control/scenario", timeout=10)
    assert scenario.status_code == 200, scenario.text
    assert scenario.json()["counts"]["persons"] > 0
    outcomes = [o["name"] for o in session.get(f"{base_url}/control/outcomes", timeout=10).json()]
    assert "cancel" in outcomes and "wrong_audience" in outcomes
    bad = session.put(f"{base_url}/control/scenario", data="persons: [", headers={"Content-Type": "application/yaml"}, timeout=10)
    assert bad.status_code == 422 and bad.json()["problems"][0]["line"], "a bad upload is refused with its line"
    assert session.get(f"{base_url}/control/scenario", timeout=10).json() == scenario.json(), "and changes nothing"
    rejected = session.post(f"{base_url}/control/directives", json={"outcome": "explode"}, timeout=10)
    assert rejected.status_code == 400
    requests_log = session.get(f"{base_url}/control/requests", params={"path": "/control/directives", "limit": 1}, timeout=10)
    assert requests_log.status_code == 200 and requests_log.json()[0]["status"] == 400
    explorer = session.get(f"{base_url}/explorer/personen", params={"q": "van Dijk"}, timeout=10)
    assert explorer.status_code == 200 and "Sanne van Dijk" in explorer.text
