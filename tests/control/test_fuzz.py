"""Generated requests from the control API's own OpenAPI document (schemathesis), valid and invalid: never a 5xx,
every status, content type and body as documented. Bounded and derandomised so it adds seconds to CI, not
minutes. (The BRP Personen and Gezag documents are fuzzed in tests/brp/test_generated.py, Toezicht's in
tests/toezicht/test_fuzz.py.)"""

from __future__ import annotations

import datetime as dt

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from simulator.app import create_app
from simulator.config import Config

APP = create_app(Config.from_env({}, clock=dt.date(2026, 6, 15)))
schema = schemathesis.openapi.from_wsgi("/control/openapi.yaml", APP)
CHECKED = [
    CHECKS.get_one(name)
    for name in ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")
]


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
def test_generated_requests(case: schemathesis.Case) -> None:
    response = case.call_and_validate(checks=CHECKED)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.headers["content-type"] == ["application/problem+json"], (response.status_code, case.method, case.path, response.text[:200])
