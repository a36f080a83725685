"""Toezicht tests talk to a running simulator over real HTTP, and check every exchange against the repo's own
OpenAPI document (openapi-core): the request (unless a test sends invalid input on purpose) and always the
response."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import ssl
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

import simulator.toezicht
from simulator.testing import RunningSimulator, running_simulator

TODAY = dt.date(2026, 6, 15)
SPEC_PATH = Path(simulator.toezicht.__file__).parent / "openapi.yaml"
BASE = "/toezicht/vertegenwoordiging/v1"
CHECK = f"{BASE}/vertegenwoordigingsrelaties/_zoek"
CLIENTS = f"{BASE}/clienten/_zoek"
REGISTER = f"{BASE}/register/_zoek"


@pytest.fixture(scope="session")
def spec() -> OpenAPI:
    # openapi-core reads application/json only; problem details are JSON too (RFC 9457).
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": json.loads,
            "application/yaml": yaml.safe_load,
        }
    )
    return OpenAPI.from_file_path(str(SPEC_PATH), config=config)


class ToezichtClient:
    """requests against one simulator; every response is validated against the OpenAPI document."""

    def __init__(self, sim: RunningSimulator, spec: OpenAPI, verify: str | bool = True):
        self.sim = sim
        self.spec = spec
        self.session = requests.Session()
        # Per request: REQUESTS_CA_BUNDLE in the environment would override a session's `verify`.
        self.verify = verify

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.sim.store

    def call(self, method: str, path: str, *, valid_request: bool = True, **kwargs: Any) -> requests.Response:
        response = self.session.request(method, self.sim.base_url + path, timeout=10, verify=self.verify, **kwargs)
        openapi_request = RequestsOpenAPIRequest(response.request)
        if valid_request:
            self.spec.validate_request(openapi_request)
        self.spec.validate_response(openapi_request, RequestsOpenAPIResponse(response))
        assert response.headers["API-Version"] == "1.0.0"
        return response

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, json=body, **kwargs)

    def check(self, client: str, *, expect: int = 200, **fields: Any) -> dict[str, Any]:
        """The check for client BSN `client`; `fields` are the other body fields (vertegenwoordiger=..., dienst=...)."""
        response = self.post(CHECK, {"vertegenwoordigde": {"bsn": client}, **fields})
        assert response.status_code == expect, response.text
        return response.json()  # type: ignore[no-any-return]


@contextlib.contextmanager
def toezicht_client(spec: OpenAPI, env: dict[str, str] | None = None, ssl_context: ssl.SSLContext | None = None, verify: str | bool = True) -> Iterator[ToezichtClient]:
    with running_simulator(env=env, clock=TODAY, ssl_context=ssl_context) as sim:
        yield ToezichtClient(sim, spec, verify)


@pytest.fixture(scope="module")
def api(spec: OpenAPI) -> Iterator[ToezichtClient]:
    with toezicht_client(spec) as client:
        yield client


def problem_names(response: requests.Response) -> list[str]:
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return [p["name"] for p in response.json().get("invalidParams", [])]
