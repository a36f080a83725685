"""The remote checks against a real running simulator (HTTP, threaded server), in both auth modes."""

from __future__ import annotations

import pytest

from simulator.testing import running_simulator

from . import remote_checks
from .conftest import TODAY


@pytest.mark.parametrize("auth", ["open", "oauth2"])
def test_remote_checks_over_http(auth: str) -> None:
    with running_simulator(env={"SIMULATOR_BRP_AUTH": auth}, clock=TODAY) as sim:
        remote_checks.run(sim.base_url)
