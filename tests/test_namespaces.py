"""Namespaces: `/t/<name>/...` is a whole simulator. Two sessions in different namespaces cannot see each other's
scenario, clock, directives, logins or logs, on any interface; every URL the simulator emits carries the
namespace; the root behaves as before; live namespaces are bounded."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from simulator.app import create_app
from simulator.config import Config
from simulator.namespaces import Namespaces
from simulator.store import Store
from simulator.testing import RunningSimulator

from ddcc.sp_client import TestServiceProvider

TODAY = dt.date(2026, 6, 15)  # as tests/conftest.py

SMALL_WORLD = """
scenario: {naam: Klein}
persons:
  - bsn: "999994001"
    naam: {voornamen: Test, geslachtsnaam: Persoon}
    geslacht: O
    geboortedatum: -30y
"""
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
PORTAL = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
TOEZICHT = "/toezicht/vertegenwoordiging/v1/vertegenwoordigingsrelaties/_zoek"
BRP = "/haalcentraal/api/brp/personen"


def brp(client: FlaskClient, prefix: str, bsn: str) -> list[dict[str, Any]]:
    body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [bsn], "fields": ["burgerservicenummer"]}
    response = client.post(prefix + BRP, json=body, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.json
    return response.json["personen"]  # type: ignore[no-any-return]


def toezicht(client: FlaskClient, prefix: str) -> int:
    # Sophie Kramer (default scenario) is under bewind of her mother Ellen.
    body = {"vertegenwoordigde": {"bsn": "999997002"}, "vertegenwoordiger": {"bsn": "999997014"}}
    return client.post(prefix + TOEZICHT, json=body, headers={"X-Simulator-Oin": "00000099000000009100"}).status_code


def test_two_namespaces_cannot_see_each_others_state(client: FlaskClient) -> None:
    a, b = "/t/job-a", "/t/job-b"
    assert client.put(f"{a}/control/scenario", data=SMALL_WORLD, content_type="application/yaml").status_code == 200
    assert client.put(f"{a}/control/clock", json={"today": "2030-01-01"}).status_code == 200
    assert client.post(f"{a}/control/directives", json={"outcome": "cancel"}).status_code == 201

    # Control API: scenario, clock, directives.
    assert client.get(f"{a}/control/scenario").json["naam"] == "Klein"
    assert client.get(f"{b}/control/scenario").json["naam"] == client.get("/control/scenario").json["naam"] != "Klein"
    assert client.get(f"{a}/control/clock").json == {"today": "2030-01-01"}
    assert client.get(f"{b}/control/clock").json == {"today": TODAY.isoformat()} == client.get("/control/clock").json
    assert len(client.get(f"{a}/control/directives").json) == 1
    assert client.get(f"{b}/control/directives").json == [] == client.get("/control/directives").json
    # BRP and the explorer answer from their namespace's world.
    assert brp(client, a, "999990019") == [] and brp(client, a, "999994001") != []
    assert brp(client, b, "999990019") != [] and brp(client, b, "999994001") == []
    assert client.get(f"{a}/explorer/personen/999990019").status_code == 404
    assert client.get(f"{b}/explorer/personen/999990019").status_code == 200
    # Toezicht: the bewind exists in b's world only.
    assert toezicht(client, b) == 200
    assert toezicht(client, a) != 200
    # The portal shows its namespace's services (the small world has none).
    assert 'value="woz-beschikking"' in client.get(f"{b}/portal/").get_data(as_text=True)
    assert 'value="woz-beschikking"' not in client.get(f"{a}/portal/").get_data(as_text=True)
    # Logs: each namespace's request log holds its own requests only.
    def logged(prefix: str) -> set[str]:
        return {f"{e['method']} {e['path']}" for e in client.get(f"{prefix}/control/requests?limit=500").json}

    paths_a, paths_b, paths_root = logged(a), logged(b), logged("")
    assert {"PUT /control/scenario", "PUT /control/clock", "POST /control/directives"} <= paths_a
    assert not {"PUT /control/scenario", "PUT /control/clock", "POST /control/directives"} & (paths_b | paths_root)
    assert "GET /explorer/personen/999990019" in paths_a & paths_b
    assert "GET /explorer/personen/999990019" not in paths_root
    audit_a = client.get(f"{a}/control/audit").json
    assert [e["kind"] for e in audit_a if e["kind"] == "scenario_replaced"]
    assert not [e for e in client.get(f"{b}/control/audit").json if e["kind"] == "scenario_replaced"]
    # A reset of a goes back to the start scenario and leaves b alone.
    client.put(f"{b}/control/clock", json={"today": "2031-02-02"})
    assert client.post(f"{a}/control/reset").json["naam"] != "Klein"
    assert client.get(f"{a}/control/clock").json == {"today": TODAY.isoformat()}
    assert client.get(f"{b}/control/clock").json == {"today": "2031-02-02"}


def test_a_new_namespace_shares_the_parsed_start_world(app: Flask, client: FlaskClient) -> None:
    """O(1) in world size: a namespace's store reads the root's start World object itself (no re-parse, no copy);
    an upload replaces the namespace's world and never touches the shared one."""
    root: Store = app.extensions["simulator"]
    start = root.world
    client.get("/t/shared/ready")
    client.get("/t/other/ready")
    stores = {name: root.namespaces._apps[name].app.extensions["simulator"] for name in ("shared", "other")}  # type: ignore[union-attr, attr-defined]
    assert stores["shared"].world is start and stores["other"].world is start
    client.put("/t/shared/control/scenario", data=SMALL_WORLD, content_type="application/yaml")
    assert stores["shared"].world is not start and list(stores["shared"].world.persons) == ["999994001"]
    assert stores["other"].world is start and root.world is start and "999990019" in start.persons


@pytest.mark.parametrize("path", ["/t/Job-42/ready", "/t/-job/ready", "/t/job_42/ready", "/t//ready", "/t/" + "a" * 64 + "/ready"])
def test_a_bad_namespace_name_is_a_problem(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert "[a-z0-9][a-z0-9-]{0,62}" in response.json["detail"]


def test_the_longest_name_works_and_ready_speaks_for_the_namespace(client: FlaskClient) -> None:
    name = "a" + "-" * 61 + "z"
    assert client.get(f"/t/{name}/ready").json["status"] == "ready"


def test_explorer_and_portal_links_carry_the_namespace(client: FlaskClient) -> None:
    explorer = client.get("/t/job-7/explorer/personen").get_data(as_text=True)
    assert 'href="/t/job-7/explorer/personen/999990019' in explorer
    assert 'href="/explorer/' not in explorer
    assert 'href="/t/job-7/portal/"' in explorer and 'href="/t/job-7/control/diagnostics' in explorer
    portal = client.get("/t/job-7/portal/").get_data(as_text=True)
    assert 'action="/t/job-7/portal/login"' in portal and 'href="/t/job-7/explorer/"' in portal
    assert not re.search(r'(href|action)="/(portal|explorer|control)', portal + explorer)


def test_brp_openapi_server_url_carries_the_namespace(client: FlaskClient) -> None:
    text = client.get("/t/job-7/haalcentraal/api/brp/openapi.yaml").get_data(as_text=True)
    assert "http://localhost/t/job-7" in text


def test_a_pysaml2_sp_configured_from_namespace_metadata_stays_inside_it(live: RunningSimulator) -> None:
    ns = f"{live.base_url}/t/job-42"
    metadata = requests.get(f"{ns}/saml/v4/entrance/metadata", timeout=10).content
    locations = [e.get("Location") for e in etree.fromstring(metadata).iter() if e.get("Location")]
    assert locations and all(loc.startswith(f"{ns}/saml/v4/entrance/") for loc in locations)

    sp = TestServiceProvider(ns)
    # The login page of job-42 exists in job-42 only.
    _, xml = sp.authn_request(WOZ)
    page = sp.follow(sp.post_request(xml))
    assert urlsplit(page.url).path.startswith("/t/job-42/saml/v4/entrance/login/")
    token = urlsplit(page.url).path.rsplit("/", 1)[1]
    assert requests.get(f"{live.base_url}/t/job-43/saml/v4/entrance/login/{token}", timeout=10).status_code == 404
    assert requests.get(f"{live.base_url}/saml/v4/entrance/login/{token}", timeout=10).status_code == 404
    # A directive of job-43 does not steer job-42's logins.
    requests.post(f"{live.base_url}/t/job-43/control/directives", json={"outcome": "cancel"}, timeout=10).raise_for_status()
    outcome = sp.full_flow(WOZ, bsn="999990019")
    assert sp.acs.startswith("https://test-dv.example/")  # the SP's own ACS, not the simulator's
    assert outcome.status == ["urn:oasis:names:tc:SAML:2.0:status:Success"] and outcome.acting_bsn == "999990019"
    assert len(requests.get(f"{live.base_url}/t/job-43/control/directives", timeout=10).json()) == 1
    # The Response's Destination-bound artifact was resolved at job-42's own back channel.
    paths = {e["path"] for e in requests.get(f"{ns}/control/requests?limit=500", timeout=10).json()}
    assert "/saml/v4/entrance/resolve_artifact" in paths
    root_paths = {e["path"] for e in requests.get(f"{live.base_url}/control/requests?limit=500", timeout=10).json()}
    assert "/saml/v4/entrance/resolve_artifact" not in root_paths


def test_an_artifact_of_one_namespace_does_not_resolve_in_another(live: RunningSimulator) -> None:
    sp_a = TestServiceProvider(f"{live.base_url}/t/job-a")
    sp_b = TestServiceProvider(f"{live.base_url}/t/job-b")
    request_id, redirect = sp_a.login(WOZ, bsn="999990019")
    artifact = sp_a.artifact_of(redirect)[0]
    # At job-b's ArtifactResolutionService the artifact is unknown: Success without a message (bindings 3.6.6).
    soap = sp_b.client.artifact2message(artifact, "idpsso", sign=True)
    assert soap.status_code == 200 and b"Assertion" not in soap.content and b"ArtifactResponse" in soap.content
    assert sp_a.resolve(request_id, redirect).acting_bsn == "999990019"


def small_app(**settings: str) -> Flask:
    return create_app(Config.from_env(settings, clock=TODAY, base_url="http://localhost"))


def test_live_namespaces_are_capped_least_recently_used_first() -> None:
    app = small_app(SIMULATOR_NAMESPACES_MAX="2")
    client = app.test_client()
    client.put("/t/one/control/clock", json={"today": "2030-01-01"})
    client.get("/t/two/ready")
    client.get("/t/one/ready", headers={})  # one is used more recently than two (after the touch interval)
    namespaces: Namespaces = app.extensions["simulator"].namespaces
    namespaces._apps["one"].touched = 0  # the next use records itself
    client.get("/t/one/ready")
    client.get("/t/three/ready")
    assert [n["name"] for n in client.get("/control/namespaces").json["namespaces"]] == ["three", "one"]
    assert client.get("/t/one/control/clock").json == {"today": "2030-01-01"}
    # two was dropped: it comes back from the start scenario.
    client.get("/t/two/ready")
    assert [n["name"] for n in client.get("/control/namespaces").json["namespaces"]] == ["two", "three"]
    assert client.get("/t/one/control/clock").json == {"today": TODAY.isoformat()}


def test_idle_namespaces_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    app = small_app(SIMULATOR_NAMESPACE_IDLE="60")
    client = app.test_client()
    client.put("/t/old/control/clock", json={"today": "2030-01-01"})
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/control/namespaces").json["namespaces"] == []
    assert client.get("/t/old/control/clock").json == {"today": TODAY.isoformat()}


def test_deleting_a_namespace_drops_its_state(client: FlaskClient) -> None:
    client.put("/t/gone/control/clock", json={"today": "2030-01-01"})
    listed = client.get("/control/namespaces").json
    assert listed["max"] == 100 and listed["idle_seconds"] == 3600
    assert [n["name"] for n in listed["namespaces"]] == ["gone"]
    assert dt.datetime.fromisoformat(listed["namespaces"][0]["created"]).tzinfo is not None
    assert client.delete("/control/namespaces/gone").status_code == 204
    assert client.get("/control/namespaces").json["namespaces"] == []
    assert client.delete("/control/namespaces/gone").status_code == 404
    assert client.get("/t/gone/control/clock").json == {"today": TODAY.isoformat()}


def test_namespaces_are_managed_at_the_root_only(client: FlaskClient) -> None:
    response = client.get("/t/job-1/control/namespaces")
    assert response.status_code == 404 and "at the root" in response.json["detail"]


def test_namespaces_can_be_switched_off() -> None:
    response = small_app(SIMULATOR_NAMESPACES_MAX="0").test_client().get("/t/job-1/ready")
    assert response.status_code == 404 and "SIMULATOR_NAMESPACES_MAX=0" in response.json["detail"]


def test_control_token_protects_every_namespace() -> None:
    client = small_app(SIMULATOR_CONTROL_TOKEN="s3cret").test_client()
    assert client.get("/t/job-1/control/clock").status_code == 401
    assert client.get("/t/job-1/control/clock", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/control/namespaces").status_code == 401


@pytest.mark.parametrize("door", ["digid", "eherkenning"])
def test_the_other_doors_metadata_in_a_namespace_names_the_namespace(client: FlaskClient, door: str) -> None:
    root = etree.fromstring(client.get(f"/t/job-7/saml/{door}/metadata").data)
    if door == "digid":
        assert root.get("entityID") == "http://localhost/t/job-7/saml/digid/metadata"
    locations = [e.get("Location") for e in root.iter() if e.get("Location")]
    assert locations and all(loc.startswith(f"http://localhost/t/job-7/saml/{door}/") for loc in locations)
