"""Generated requests from the repo's own OpenAPI document (schemathesis): never a 5xx, every response as
documented, every 4xx a problem+json. Bounded and derandomised so the run is quick and repeatable."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS

from simulator.config import DEFAULT_SCENARIO
from simulator.scenario import load_world
from simulator.store import sources_from_paths
from simulator.testing import RunningSimulator, running_simulator
from simulator.toezicht.bodies import SOORTEN

from .conftest import BASE, CHECK, SPEC_PATH, TODAY, ToezichtClient

schema = schemathesis.openapi.from_path(str(SPEC_PATH))
CHECKED = [
    CHECKS.get_one(name)
    for name in ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance", "response_schema_conformance")
]


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=TODAY) as running:
        yield running


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_generated_requests(case: schemathesis.Case, sim: RunningSimulator) -> None:
    response = case.call_and_validate(base_url=sim.base_url + "/toezicht/vertegenwoordiging/v1", checks=CHECKED)
    assert response.status_code < 500
    assert response.headers["api-version"] == ["1.0.0"]  # schemathesis: lowercase names, lists of values
    if response.status_code >= 400:
        assert response.headers["content-type"] == ["application/problem+json"]
        problem = response.json()
        assert problem["status"] == response.status_code and problem["instance"].startswith(BASE)
        if response.status_code == 400:
            assert problem["invalidParams"]


# Schemathesis mostly draws identifiers that fail the elfproef; this run draws the scenario's own persons,
# offices and services, so the decision logic itself meets every combination and date.
WORLD = load_world(sources_from_paths([DEFAULT_SCENARIO]), TODAY)
BSNS = sorted(WORLD.persons)
KVKS = sorted(WORLD.organisations)
representatives = st.one_of(
    st.builds(lambda bsn: {"bsn": bsn}, st.sampled_from(BSNS)),
    st.builds(lambda kvk: {"kvkNummer": kvk}, st.sampled_from(KVKS)),
    st.builds(lambda kvk, bsn: {"kvkNummer": kvk, "bsn": bsn}, st.sampled_from(KVKS), st.sampled_from(BSNS)),
)
check_bodies = st.fixed_dictionaries(
    {"vertegenwoordigde": st.builds(lambda bsn: {"bsn": bsn}, st.sampled_from(BSNS)), "vertegenwoordiger": representatives},
    optional={
        "peildatum": st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat),
        "soortMaatregel": st.lists(st.sampled_from(SOORTEN), unique=True),
        "dienst": st.builds(lambda s: {"serviceId": s}, st.sampled_from(sorted(WORLD.services))),
    },
)


@given(body=check_bodies)
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_checks_over_the_default_world(api: ToezichtClient, body: dict[str, object]) -> None:
    response = api.post(CHECK, body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["bevoegd"] is any(r["bevoegd"] for r in answer["vertegenwoordigingsrelaties"])
    assert ("redenCode" in answer) is not answer["bevoegd"]
