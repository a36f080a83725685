"""The remote checks the container test runs, here against a simulator in a thread (plain HTTP and TLS)."""

from __future__ import annotations

import ssl

import pytest

from simulator.testing import running_simulator

from .conftest import TODAY
from .remote_checks import WOZ, run
from .sp_client import CERTS, TestServiceProvider


def test_remote_checks_over_http(sim) -> None:  # type: ignore[no-untyped-def]
    run(sim.base_url)


def test_remote_checks_over_tls() -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTS / "server.crt", CERTS / "server.key")
    with running_simulator(ssl_context=context, clock=TODAY) as sim:
        run(sim.base_url, verify=str(CERTS / "ca.crt"))


def test_back_channel_client_certificate_must_carry_the_issuers_oin() -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTS / "server.crt", CERTS / "server.key")
    context.verify_mode = ssl.CERT_OPTIONAL
    context.load_verify_locations(CERTS / "ca.crt")
    ca = str(CERTS / "ca.crt")
    with running_simulator(ssl_context=context, clock=TODAY) as sim:
        own = (str(CERTS / "test-sp-client.crt"), str(CERTS / "test-sp-client.key"))
        run(sim.base_url, verify=ca, cert=own)
        other = (str(CERTS / "client-unregistered.crt"), str(CERTS / "client-unregistered.key"))
        sp = TestServiceProvider(sim.base_url, verify=ca, cert=other)
        request_id, redirect = sp.login(WOZ, bsn="999990019")
        with pytest.raises(Exception, match="OIN 00000099000000009999"):
            sp.resolve(request_id, redirect)
