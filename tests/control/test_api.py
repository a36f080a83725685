"""The control API: every endpoint, bad uploads that must leave the running scenario unchanged, token protection,
and responses that match the served OpenAPI document."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from cryptography import x509
from flask import Flask
from flask.testing import FlaskClient
from openapi_core import Config as OpenAPIConfig
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from simulator.app import create_app
from simulator.config import Config
from simulator.outcomes import CATALOGUE, VARIATIONS, Directive
from simulator.portal.saml import IdpMetadata, artifact_resolve, authn_request
from simulator.portal.settings import PortalSettings
from simulator.portal.views import sp_identity
from simulator.store import Store
from simulator.testing import running_simulator

from .remote_checks import run

PORTAL = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"

EXTRA_PERSON = """
persons:
  - bsn: "999994001"
    naam: {voornamen: Test, geslachtsnaam: Persoon}
    geslacht: O
    geboortedatum: -30y
"""

SMALL_WORLD = """
scenario: {naam: Klein}
persons:
  - bsn: "999994001"
    naam: {voornamen: Test, geslachtsnaam: Persoon}
    geslacht: O
    geboortedatum: -30y
services:
  - {id: afvalpas, uuid: 0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e10, naam: Aanvragen afvalpas, loa: basis, vertegenwoordiging: [vrijwillig]}
"""

# A contradiction the loader finds only across objects: gezag over an adult.
CONTRADICTION = """
persons:
  - bsn: "999994001"
    naam: {geslachtsnaam: Volwassen}
    geslacht: V
    geboortedatum: -30y
gezag:
  - minderjarige: "999994001"
    type: TijdelijkGeenGezag
    toelichting: proef
"""


@pytest.fixture(scope="module")
def spec() -> OpenAPI:
    app = create_app(Config.from_env({}))
    text = app.test_client().get("/control/openapi.yaml").get_data(as_text=True)
    document = yaml.safe_load(text)
    validate(document)
    # openapi-core reads application/json only; problem details are JSON too.
    return OpenAPI.from_dict(document, config=OpenAPIConfig(extra_media_type_deserializers={"application/problem+json": json.loads}))


@pytest.fixture()
def api(client: FlaskClient, spec: OpenAPI) -> Any:
    """The test client, with every response checked against the OpenAPI document."""

    class Checked:
        def __getattr__(self, method: str) -> Any:
            call = getattr(client, method)

            def checked(*args: Any, **kwargs: Any) -> Any:
                response = call(*args, **kwargs)
                if response.mimetype != "text/html":
                    # The request as routed (its body was consumed by the app; response validation needs no body).
                    sent = response.request
                    routed = Request(EnvironBuilder(method=sent.method, path=sent.path, query_string=sent.query_string.decode()).get_environ())
                    spec.validate_response(WerkzeugOpenAPIRequest(routed), WerkzeugOpenAPIResponse(response))
                return response

            return checked

    return Checked()


def test_openapi_document_is_served_and_valid(client: FlaskClient) -> None:
    response = client.get("/control/openapi.yaml")
    assert response.status_code == 200 and response.mimetype == "application/yaml"
    document = yaml.safe_load(response.get_data(as_text=True))
    validate(document)
    assert "TEST ONLY" in document["info"]["title"]


def test_scenario_summary(api: Any, store: Store) -> None:
    body = api.get("/control/scenario").json
    assert body["naam"] == store.world.settings.naam
    assert body["counts"]["persons"] == len(store.world.persons)
    assert body["today"] == "2026-06-15"


@pytest.mark.parametrize("content_type", ["application/yaml", "text/plain"])
def test_replace_scenario(api: Any, store: Store, content_type: str) -> None:
    response = api.put("/control/scenario?name=klein.yaml", data=SMALL_WORLD, content_type=content_type)
    assert response.status_code == 200, response.json
    assert response.json["naam"] == "Klein" and response.json["sources"] == ["klein.yaml"]
    assert list(store.world.persons) == ["999994001"]


def test_replace_with_json(api: Any, store: Store) -> None:
    document = yaml.safe_load(SMALL_WORLD)
    document["persons"][0]["geboortedatum"] = "1990-01-01"
    response = api.put("/control/scenario", data=json.dumps(document, indent="\t"), content_type="application/json")
    assert response.status_code == 200, response.json
    assert store.world.persons["999994001"].geboortedatum == dt.date(1990, 1, 1)


def _unchanged(store: Store, before: Any) -> None:
    assert store.world is before, "a rejected upload changed the running scenario"


@pytest.mark.parametrize(
    ("upload", "path", "message"),
    [
        ("persons: [\n  {bsn: 1", "", "invalid YAML"),
        ("persons:\n  - bsn: '123456780'\n    naam: {geslachtsnaam: X}\n    geslacht: M\n    geboortedatum: -3y\n", "persons[0].bsn", "elfproef"),
        (CONTRADICTION, "gezag[0].minderjarige", "gezag over an adult"),
        ("- just\n- a list\n", "", "a scenario file is a mapping"),
        ("persons:\n  - " + "[" * 2000 + "]" * 2000 + "\n", "", "nested deeper than 64 levels"),  # was a 500
    ],
)
def test_bad_replace_leaves_the_scenario_unchanged(api: Any, store: Store, upload: str, path: str, message: str) -> None:
    before = store.world
    response = api.put("/control/scenario?name=bad.yaml", data=upload, content_type="application/yaml")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problems = response.json["problems"]
    assert any(p["path"] == path and message in p["message"] and p["file"] == "bad.yaml" for p in problems), problems
    assert all(p["line"] for p in problems), "every problem names a line"
    _unchanged(store, before)


def test_extend_adds_to_the_running_scenario(api: Any, store: Store) -> None:
    count = len(store.world.persons)
    response = api.post("/control/scenario/extend?name=extra.yaml", data=EXTRA_PERSON, content_type="application/yaml")
    assert response.status_code == 200, response.json
    assert response.json["counts"]["persons"] == count + 1
    assert "999994001" in store.world.persons and "999990019" in store.world.persons
    assert response.json["sources"][-1] == "extra.yaml"


def test_bad_extend_leaves_the_scenario_unchanged(api: Any, store: Store) -> None:
    before = store.world
    duplicate = EXTRA_PERSON.replace("999994001", "999990019")  # a BSN the default world already has
    response = api.post("/control/scenario/extend?name=dup.yaml", data=duplicate, content_type="application/yaml")
    assert response.status_code == 422
    assert any("already used" in p["message"] and p["file"] == "dup.yaml" for p in response.json["problems"])
    _unchanged(store, before)


def test_upload_media_type_and_empty_body(api: Any, store: Store) -> None:
    before = store.world
    assert api.put("/control/scenario", data="x", content_type="application/xml").status_code == 415
    assert api.put("/control/scenario", data="  ", content_type="application/yaml").status_code == 400
    assert api.put("/control/scenario", data=b"\xff\xfe", content_type="application/yaml").status_code == 400
    deep = api.put("/control/scenario?name=deep.json", data='{"persons": ' + "[" * 2000 + "]" * 2000 + "}", content_type="application/json")
    assert deep.status_code == 422 and deep.json["problems"][0]["file"] == "deep.json" and deep.json["problems"][0]["line"] == 1
    _unchanged(store, before)


def test_reset_restores_start_scenario_clock_logs_and_directives(api: Any, store: Store) -> None:
    api.put("/control/scenario", data=SMALL_WORLD, content_type="application/yaml")
    api.put("/control/clock", json={"today": "2030-01-01"})
    store.directives.push(Directive("cancel"))
    response = api.post("/control/reset")
    assert response.status_code == 200
    assert response.json["naam"] == "Demodorp" and "999990019" in store.world.persons
    assert store.today() == dt.date(2026, 6, 15)
    assert store.directives.pending() == []
    assert [e.data["path"] for e in store.requests.entries()] == ["/control/reset"]  # the reset call itself


def test_clock(api: Any, store: Store) -> None:
    assert api.get("/control/clock").json == {"today": "2026-06-15"}
    assert api.put("/control/clock", json={"today": "2027-02-03"}).json == {"today": "2027-02-03"}
    assert store.today() == dt.date(2027, 2, 3)
    bad = api.put("/control/clock", json={"today": "3 februari"})
    assert bad.status_code == 400 and bad.json["invalidParams"][0]["name"] == "today"
    assert api.put("/control/clock", data="x", content_type="text/plain").status_code == 400
    assert store.today() == dt.date(2027, 2, 3)
    assert api.delete("/control/clock").json == {"today": "2026-06-15"}


def test_outcome_catalogue(api: Any) -> None:
    body = api.get("/control/outcomes").json
    assert [o["name"] for o in body] == list(CATALOGUE)
    assert {o["kind"] for o in body} == {"status", "fault"}
    assert next(o for o in body if o["name"] == "cancel")["status"] == "Responder/AuthnFailed"


def test_directives_are_queued_listed_used_and_cleared(api: Any, store: Store) -> None:
    response = api.post("/control/directives", json={"outcome": "success", "sp": PORTAL, "bsn": "999990251", "represent": "999990263", "level": "substantieel", "count": 2})
    assert response.status_code == 201
    assert response.json == {"outcome": "success", "sp": PORTAL, "bsn": "999990251", "level": "substantieel", "represent": "999990263", "remaining": 2, "variations": None}
    api.post("/control/directives", json={"outcome": "cancel"})
    assert [d["outcome"] for d in api.get("/control/directives").json] == ["success", "cancel"]
    # The DDCC interface takes them as logins arrive: the first matching one, counted down.
    assert store.directives.take(PORTAL, "999990251").represent == "999990263"
    assert api.get("/control/directives").json[0]["remaining"] == 1
    assert api.delete("/control/directives").status_code == 204
    assert api.get("/control/directives").json == []


def test_variations_are_listed_and_chosen_per_directive(api: Any, store: Store) -> None:
    body = api.get("/control/variations").json
    assert [v["name"] for v in body] == list(VARIATIONS) and all(v["description"] for v in body)
    response = api.post("/control/directives", json={"sp": PORTAL, "variations": ["no_session_index", "attribute_order", "no_session_index"]})
    assert response.status_code == 201 and response.json["variations"] == ["no_session_index", "attribute_order"]
    assert store.directives.take(PORTAL, None).variations == ("no_session_index", "attribute_order")
    assert api.post("/control/directives", json={"variations": []}).json["variations"] == []


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"outcome": "explode"}, ["outcome"]),
        ({"outcome": "cancel", "bsn": "123456789"}, ["bsn"]),
        ({"bsn": "999994001"}, ["bsn"]),  # valid number, not in the world
        ({"represent": "12345"}, ["represent"]),
        ({"level": "extra-hoog"}, ["level"]),
        ({"bsn": "999990263", "level": "substantieel"}, ["level"]),  # Jan van Dijk holds DigiD basis only
        ({"sp": "urn:nl-eid-gdi:1.0:DV:00000099000000009999:entities:9999"}, ["sp"]),
        ({"count": 0}, ["count"]),
        ({"count": True}, ["count"]),
        ({"outcome": 3, "colour": "blue"}, ["colour", "outcome"]),
        ({"variations": ["no_session_index", "shiny"]}, ["variations"]),
        ({"variations": "no_session_index"}, ["variations"]),
        ([], [""]),
    ],
)
def test_invalid_directives_queue_nothing(api: Any, store: Store, body: Any, names: list[str]) -> None:
    response = api.post("/control/directives", json=body)
    assert response.status_code == 400
    assert sorted(p["name"] for p in response.json["invalidParams"]) == names
    assert store.directives.pending() == []


def test_audit_log_filters(api: Any, store: Store) -> None:
    store.audit("representation_chosen", sp=PORTAL, acting_bsn="999990251", legal_bsn="999990263")
    store.audit("representation_chosen", sp="urn:other", acting_bsn="999990159", legal_bsn="999990172")
    assert [e["acting_bsn"] for e in api.get("/control/audit").json] == ["999990159", "999990251"]  # newest first
    assert [e["acting_bsn"] for e in api.get(f"/control/audit?sp={PORTAL}").json] == ["999990251"]
    assert [e["acting_bsn"] for e in api.get("/control/audit?bsn=999990172").json] == ["999990159"]
    assert len(api.get("/control/audit?limit=1").json) == 1
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)).isoformat()
    assert api.get("/control/audit", query_string={"since": future}).json == []
    assert len(api.get("/control/audit", query_string={"until": future}).json) == 2


def test_request_log_filters_and_bad_queries(api: Any, client: FlaskClient) -> None:
    client.get("/explorer/personen")
    client.get("/ready")
    paths = [e["path"] for e in api.get("/control/requests?path=/explorer").json]
    assert paths == ["/explorer/personen"]
    assert all(e["kind"] == "request" for e in api.get("/control/requests").json)
    bad = api.get("/control/requests?since=gisteren&limit=0&colour=blue")
    assert bad.status_code == 400
    assert sorted(p["name"] for p in bad.json["invalidParams"]) == ["colour", "limit", "since"]


def test_diagnostics_show_why_beside_the_message(api: Any, client: FlaskClient, store: Store) -> None:
    # The agreed fields an interface records for a rejected message (rejection, saml_message, sp).
    store.requests.append("request", {"method": "POST", "path": "/saml/v4/entrance/request_authentication", "status": 400, "sp": PORTAL,
                                      "rejection": "Destination is not DigiD's URL", "saml_message": "<samlp:AuthnRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' ID='_1'><x/></samlp:AuthnRequest>"})
    store.requests.append("request", {"method": "GET", "path": "/portal/", "status": 200})
    found = api.get("/control/diagnostics").json
    assert len(found) == 1
    assert found[0]["rejection"] == "Destination is not DigiD's URL" and found[0]["sp"] == PORTAL
    assert found[0]["saml_message"].startswith("<samlp:AuthnRequest") and "\n  <x/>" in found[0]["saml_message"]
    page = client.get("/control/diagnostics", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "Destination is not DigiD&#39;s URL" in text and "&lt;samlp:AuthnRequest" in text


def test_diagnostics_of_a_real_rejection_over_http() -> None:
    """A signed AuthnRequest of the demo portal with the wrong Destination: DDCC refuses it, and the diagnostics
    view says why beside the message as received."""
    with running_simulator(clock=dt.date(2026, 6, 15)) as sim:
        wrong = IdpMetadata("urn:x", "https://elsewhere.test/sso", "https://elsewhere.test/ars", (x509.load_pem_x509_certificate((sim.store.config.certs_dir / "idp-signing.crt").read_bytes()),))
        request_id, xml = authn_request(sp_identity(PortalSettings.from_config(sim.store.config)), wrong, "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01", None)
        bad = requests.post(f"{sim.base_url}/saml/v4/entrance/request_authentication", data={"SAMLRequest": base64.b64encode(xml).decode()}, timeout=10)
        assert bad.status_code == 400
        found = requests.get(f"{sim.base_url}/control/diagnostics", params={"sp": PORTAL}, timeout=10).json()
        assert len(found) == 1 and found[0]["path"] == "/saml/v4/entrance/request_authentication"
        assert "Destination" in found[0]["rejection"]
        assert request_id in found[0]["saml_message"] and "\n  <saml:Issuer>" in found[0]["saml_message"]  # pretty-printed


def test_directive_level_up_to_what_the_person_holds(api: Any, store: Store) -> None:
    assert api.post("/control/directives", json={"bsn": "999990263", "level": "basis"}).status_code == 201
    refused = api.post("/control/directives", json={"bsn": "999990263", "level": "midden"})
    assert refused.status_code == 400 and "holds DigiD basis" in refused.json["invalidParams"][0]["reason"]
    assert [d.level for d in store.directives.pending()] == ["basis"]


def test_logs_are_bounded_by_the_log_capacity() -> None:
    client = create_app(Config.from_env({"SIMULATOR_LOG_CAPACITY": "3"}, clock=dt.date(2026, 6, 15))).test_client()
    for n in range(5):
        client.get(f"/explorer/personen?q={n}")
    # Five explorer requests, then this one: only the newest three are kept (the log records a request when it ends).
    kept = client.get("/control/requests").json
    assert [e["seq"] for e in kept] == [5, 4, 3]
    assert [e["path"] for e in kept] == ["/explorer/personen"] * 3
    # The document sets no maximum for limit: above the capacity is allowed and gets what the log holds (was 400).
    many = client.get("/control/requests?limit=1000")
    assert many.status_code == 200 and [e["seq"] for e in many.json] == [6, 5, 4]


@pytest.mark.parametrize("query", ["until=", "since=", "limit=", "limit=0"])
def test_empty_or_impossible_filters_are_refused(api: Any, query: str) -> None:
    """An empty until= is no date-time (was read as no filter)."""
    response = api.get(f"/control/requests?{query}")
    assert response.status_code == 400 and response.json["invalidParams"][0]["name"] == query.split("=")[0]


@pytest.mark.parametrize("field", ["represent", "bsn", "sp", "level", "outcome"])
def test_a_null_directive_field_is_refused(api: Any, field: str) -> None:
    """The DirectiveRequest fields are strings, not nullable (represent: null was accepted)."""
    response = api.post("/control/directives", json={"outcome": "success", field: None})
    assert response.status_code == 400 and response.json["invalidParams"] == [{"name": field, "reason": "expected a string"}]


def test_diagnostics_page_in_english(client: FlaskClient, store: Store) -> None:
    """The explorer's header links to the diagnostics page with its language; the page is not a filter error."""
    store.requests.append("request", {"method": "POST", "path": "/saml/v4/entrance/resolve_artifact", "status": 400, "rejection": "ArtifactResolve: bad"})
    explorer = client.get("/explorer/?lang=en").get_data(as_text=True)
    assert 'href="/control/diagnostics?lang=en"' in explorer
    page = client.get("/control/diagnostics?lang=en", headers={"Accept": "text/html"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Rejected SAML messages" in text and "ArtifactResolve: bad" in text


def test_diagnostics_of_a_rejected_artifact_resolve_over_http() -> None:
    """The portal's signed ArtifactResolve sent to the wrong Destination: refused, and the diagnostics view
    says why beside the SOAP message as received."""
    with running_simulator(clock=dt.date(2026, 6, 15)) as sim:
        certificate = x509.load_pem_x509_certificate((sim.store.config.certs_dir / "idp-signing.crt").read_bytes())
        wrong = IdpMetadata("urn:x", f"{sim.base_url}/saml/v4/entrance/request_authentication", "https://elsewhere.test/ars", (certificate,))
        resolve_id, envelope = artifact_resolve(sp_identity(PortalSettings.from_config(sim.store.config)), wrong, "AAQAAA" + "A" * 38)
        bad = requests.post(f"{sim.base_url}/saml/v4/entrance/resolve_artifact", data=envelope, headers={"Content-Type": "text/xml"}, timeout=10)
        assert bad.status_code == 400
        found = requests.get(f"{sim.base_url}/control/diagnostics", params={"path": "/saml/v4/entrance/resolve_artifact"}, timeout=10).json()
        assert len(found) == 1 and found[0]["sp"] == PORTAL
        assert found[0]["rejection"].startswith("ArtifactResolve") and "Destination" in found[0]["rejection"]
        assert resolve_id in found[0]["saml_message"] and "\n    <samlp:ArtifactResolve" in found[0]["saml_message"]  # pretty-printed


def test_person_report(api: Any) -> None:
    body = api.get("/control/persons/999990251?service=bijzondere-bijstand").json
    assert body["naam"] == "Sanne van Dijk"
    assert [r["bsn"] for r in body["machtigen_stap_biedt"]] == ["999990263"]
    assert api.get("/control/persons/999994001").status_code == 404
    assert api.get("/control/persons/999990251?service=nope").status_code == 400
    assert api.get("/control/persons/999990251?date=morgen").status_code == 400


@pytest.fixture()
def protected() -> FlaskClient:
    app: Flask = create_app(Config.from_env({"SIMULATOR_CONTROL_TOKEN": "s3cret"}, clock=dt.date(2026, 6, 15)))
    return app.test_client()


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/control/scenario"), ("put", "/control/scenario"), ("post", "/control/scenario/extend"), ("post", "/control/reset"),
     ("get", "/control/clock"), ("put", "/control/clock"), ("delete", "/control/clock"), ("get", "/control/outcomes"),
     ("get", "/control/directives"), ("post", "/control/directives"), ("delete", "/control/directives"), ("get", "/control/audit"),
     ("get", "/control/requests"), ("get", "/control/diagnostics"), ("get", "/control/persons/999990251")],
)
def test_token_protects_every_operation(protected: FlaskClient, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
        response = getattr(protected, method)(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.mimetype == "application/problem+json" and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_lets_the_right_caller_in(protected: FlaskClient) -> None:
    assert protected.get("/control/openapi.yaml").status_code == 200
    assert protected.get("/control/scenario", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    # A browser reads the diagnostics page with ?token= (then a cookie); other operations take neither.
    page = protected.get("/control/diagnostics?token=s3cret&lang=en", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["Location"] == "/control/diagnostics?lang=en"
    assert protected.get("/control/diagnostics?lang=en", headers={"Accept": "text/html"}).status_code == 200
    assert protected.get("/control/scenario?token=s3cret").status_code == 401
    assert protected.get("/control/scenario").status_code == 401  # the cookie opens pages only


def test_over_http_with_a_token() -> None:
    with running_simulator(env={"SIMULATOR_CONTROL_TOKEN": "t0k"}, clock=dt.date(2026, 6, 15)) as sim:
        url = f"{sim.base_url}/control/scenario/extend"
        assert requests.post(url, data=EXTRA_PERSON, headers={"Content-Type": "application/yaml"}, timeout=10).status_code == 401
        ok = requests.post(url, data=EXTRA_PERSON, headers={"Content-Type": "application/yaml", "Authorization": "Bearer t0k"}, timeout=10)
        assert ok.status_code == 200 and "999994001" in sim.store.world.persons


def test_remote_checks() -> None:
    with running_simulator(clock=dt.date(2026, 6, 15)) as sim:
        run(sim.base_url)


def test_readme_documents_every_outcome() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- BEGIN control -->") : readme.index("<!-- END control -->")]
    for outcome in CATALOGUE.values():
        assert f"| `{outcome.name}` | {outcome.kind} |" in section, f"README lacks outcome {outcome.name}"


def test_namespaces_are_listed_and_deleted_as_documented(api: Any, client: FlaskClient) -> None:
    client.put("/t/job-1/control/clock", json={"today": "2030-01-01"})
    listed = api.get("/control/namespaces")
    assert listed.status_code == 200 and [n["name"] for n in listed.json["namespaces"]] == ["job-1"]
    assert api.delete("/control/namespaces/job-1").status_code == 204
    missing = api.delete("/control/namespaces/job-1")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert api.get("/control/namespaces").json["namespaces"] == []
