"""The remote checks the container test runs, here against a simulator in a thread (plain HTTP and TLS)."""

from __future__ import annotations

import ssl

from simulator.testing import running_simulator

from .conftest import TODAY
from .remote_checks import run
from .sp_client import CERTS


def test_remote_checks_over_http(sim) -> None:  # type: ignore[no-untyped-def]
    run(sim.base_url)


def test_remote_checks_over_tls() -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTS / "server.crt", CERTS / "server.key")
    with running_simulator(ssl_context=context, clock=TODAY) as sim:
        run(sim.base_url, verify=str(CERTS / "ca.crt"))
