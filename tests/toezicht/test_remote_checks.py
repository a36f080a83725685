"""The end-to-end check the container test runs, here against simulators in this process (plain and mTLS)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import requests

from simulator.config import Config
from simulator.testing import running_simulator
from simulator.tls import server_ssl_context

from . import remote_checks
from .test_mtls import CA, GEMEENTE, TLS_ENV


def test_remote_checks_plain() -> None:
    with running_simulator() as sim:  # the real date, as a container runs
        remote_checks.run(sim.base_url)


def test_remote_checks_mtls() -> None:
    context = server_ssl_context(Config.from_env(TLS_ENV))
    with running_simulator(env={"SIMULATOR_TOEZICHT_AUTH": "mtls"}, ssl_context=context) as sim:
        remote_checks.run(sim.base_url, verify=CA, cert=GEMEENTE)


def test_remote_checks_mtls_under_gunicorn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`simulator serve` (gunicorn) reads the client certificate from its own socket: the production path."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, **TLS_ENV, "SIMULATOR_TOEZICHT_AUTH": "mtls", "SIMULATOR_HOST": "127.0.0.1", "SIMULATOR_PORT": str(port)}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "simulator.cli", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base_url = f"https://127.0.0.1:{port}"
        # A loaded CI machine may take long to start the worker: the TLS handshake can then time out too.
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base_url}/ready", verify=CA, timeout=2).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-2000:]
            time.sleep(0.2)
        remote_checks.run(base_url, verify=CA, cert=GEMEENTE)
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
