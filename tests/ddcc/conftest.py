"""Fixtures for the DDCC tests: one running simulator per module, and the pysaml2-based test SP."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest

from simulator.testing import RunningSimulator, running_simulator

from .sp_client import TestServiceProvider

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=TODAY) as running:
        yield running


@pytest.fixture()
def sp(sim: RunningSimulator) -> TestServiceProvider:
    sim.store.directives.clear()
    return TestServiceProvider(sim.base_url)
