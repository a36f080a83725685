"""pytest fixture: the simulator in a throwaway container for each test session (pip install testcontainers)."""

import socket
import time

import pytest
import requests
from testcontainers.core.container import DockerContainer

IMAGE = "machtigingen-simulator:latest"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def simulator_url():
    # A fixed host port chosen up front: SIMULATOR_BASE_URL must be the URL the tests use (SAML Destination).
    port = free_port()
    base_url = f"http://localhost:{port}"
    container = (
        DockerContainer(IMAGE)
        .with_bind_ports(8080, port)
        .with_env("SIMULATOR_BASE_URL", base_url)
        .with_env("SIMULATOR_CLOCK", "2026-06-15")
    )
    with container:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base_url}/ready", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, container.get_logs()
            time.sleep(0.1)
        yield base_url


def test_idp_metadata(simulator_url):
    assert requests.get(f"{simulator_url}/saml/v4/idp/metadata", timeout=5).status_code == 200
