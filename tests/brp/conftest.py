"""BRP test fixtures: apps over the default world (plus the BRP edge cases), and clients that validate every
response against the published OpenAPI documents before a test sees it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.app import create_app
from simulator.config import DEFAULT_SCENARIO, Config
from simulator.store import Store

from .openapi_validation import check_gezag, check_personen

TODAY = dt.date(2026, 6, 15)
EDGE_CASES = Path(__file__).resolve().parent / "scenarios" / "brp-edge-cases.yaml"
PERSONEN = "/haalcentraal/api/brp/personen"
GEZAG = "/api/v1/opvragenBevoegdheidTotGezag"


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any


@dataclass
class BrpClient:
    """Posts to the BRP endpoints of a Flask app; every answer is checked against the OpenAPI document."""

    client: FlaskClient
    store: Store

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None, raw: bytes | None = None) -> Answer:
        headers = {"Content-Type": "application/json", **(headers or {})}
        data = raw if raw is not None else json.dumps(body)
        response = self.client.post(path, data=data, headers=headers)
        answer = Answer(response.status_code, response.get_json(force=True, silent=True), response.headers)
        assert answer.status < 500, answer.body
        check = check_personen if path == PERSONEN else check_gezag
        check(answer.status, response.headers["Content-Type"], answer.body)
        return answer

    def personen(self, body: Any, headers: dict[str, str] | None = None) -> Answer:
        return self.post(PERSONEN, body, headers)

    def raadpleeg(self, bsns: list[str], fields: list[str], headers: dict[str, str] | None = None, **extra: Any) -> list[dict[str, Any]]:
        answer = self.personen({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": bsns, "fields": fields, **extra}, headers)
        assert answer.status == 200, answer.body
        return answer.body["personen"]  # type: ignore[no-any-return]

    def one(self, bsn: str, fields: list[str], headers: dict[str, str] | None = None) -> dict[str, Any]:
        personen = self.raadpleeg([bsn], fields, headers)
        assert len(personen) == 1, personen
        return personen[0]

    def token(self, client_id: str, secret: str) -> str:
        response = self.client.post("/oauth2/token", data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["access_token"]  # type: ignore[no-any-return]


def make_app(env: dict[str, str] | None = None, edge_cases: bool = True) -> Flask:
    paths = (DEFAULT_SCENARIO, EDGE_CASES) if edge_cases else (DEFAULT_SCENARIO,)
    return create_app(Config.from_env(env or {}, clock=TODAY, base_url="http://localhost", scenario_paths=paths))


def brp_client(app: Flask) -> BrpClient:
    return BrpClient(app.test_client(), app.extensions["simulator"])


@pytest.fixture(scope="module")
def brp() -> BrpClient:
    """Open mode, default world plus the BRP edge cases."""
    return brp_client(make_app())


@pytest.fixture(scope="module")
def brp_oauth() -> BrpClient:
    return brp_client(make_app({"SIMULATOR_BRP_AUTH": "oauth2"}))


@pytest.fixture()
def fresh_brp() -> Iterator[BrpClient]:
    yield brp_client(make_app())
