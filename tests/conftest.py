"""Fixtures shared by every test package: the default world, an app with a test client, a live server."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from hypothesis import settings
from flask.testing import FlaskClient

from simulator.app import create_app
from simulator.config import DEFAULT_SCENARIO, Config
from simulator.scenario import World, load_world
from simulator.store import Store, sources_from_paths
from simulator.testing import RunningSimulator, running_simulator

# Property tests check behaviour, not speed: a 2-core CI machine shared with other work can take longer than
# hypothesis' default 200 ms per example, which would fail a correct test.
settings.register_profile("simulator", deadline=None)
settings.load_profile("simulator")

# Tests run on a fixed day so that ages and validity periods never depend on when they run.
TODAY = dt.date(2026, 6, 15)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="session")
def default_world() -> World:
    return load_world(sources_from_paths([DEFAULT_SCENARIO]), TODAY)


@pytest.fixture()
def config() -> Config:
    return Config.from_env({}, clock=TODAY, base_url="http://localhost")


@pytest.fixture()
def app(config: Config) -> Flask:
    return create_app(config)


@pytest.fixture()
def store(app: Flask) -> Store:
    return app.extensions["simulator"]  # type: ignore[no-any-return]


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def live() -> Iterator[RunningSimulator]:
    with running_simulator(clock=TODAY) as sim:
        yield sim


# Container and browser tests skip, saying why, where no Docker engine or chromium is at hand. CI sets
# SIMULATOR_TESTS_REQUIRE=container,browser so that a missing engine fails the run instead of passing it quietly.
REQUIRED_MARKERS = frozenset(filter(None, os.environ.get("SIMULATOR_TESTS_REQUIRE", "").split(",")))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    required = REQUIRED_MARKERS.intersection(marker.name for marker in item.iter_markers())
    if report.skipped and required:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped ({reason}), but SIMULATOR_TESTS_REQUIRE requires {', '.join(sorted(required))} tests to run"
