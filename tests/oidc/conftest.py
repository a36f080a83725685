"""Fixtures for the OIDC tests: one running simulator per module, reset before each test."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
import requests

from simulator.testing import RunningSimulator, running_simulator

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=TODAY) as running:
        yield running


@pytest.fixture()
def base(sim: RunningSimulator) -> str:
    requests.post(f"{sim.base_url}/control/reset", timeout=5)
    return sim.base_url
