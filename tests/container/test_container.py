"""The image as CI pipelines use it: built and run with the docker SDK, ready within seconds, the interfaces'
end-to-end checks over HTTP and HTTPS against it, and a clean exit on SIGTERM with JSON logs.

Needs a Docker engine (`bash .ci/docker-setup.sh` starts one as root); skipped, saying why, without one.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import sys
from pathlib import Path
from typing import Callable, Iterator

import docker
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from docker.models.containers import Container
from lxml import etree

from simulator.pki import CERTIFICATES, generate

from .image import (
    IMAGE_TAG,
    ROOT,
    build_image,
    engine,
    free_port,
    running_container,
    stop_gracefully,
    wait_until_healthy,
    wait_until_ready,
)

pytestmark = pytest.mark.container

CERTS = ROOT / "certs"
CA = str(CERTS / "ca.crt")
CLIENT_CERT = (str(CERTS / "client-gemeente-demodorp.crt"), str(CERTS / "client-gemeente-demodorp.key"))
# The DDCC back channel checks that the certificate's OIN is the requesting SP's: its remote checks log in as
# the test DV, so they present the test DV's certificate.
CLIENT_CERTS = {"ddcc": (str(CERTS / "test-sp-client.crt"), str(CERTS / "test-sp-client.key"))}
INTERFACES_WITH_CHECKS = ("ddcc", "brp", "toezicht")
INLINE_SCENARIO = """\
scenario: {naam: Inline CI}
persons:
  - bsn: "999990019"
    naam: {voornamen: Fatima, geslachtsnaam: El Amrani}
    geslacht: V
    geboortedatum: -38y
"""


class Running:
    def __init__(self, container: Container, base_url: str, ready_seconds: float):
        self.container = container
        self.base_url = base_url
        self.ready_seconds = ready_seconds


@pytest.fixture(scope="module")
def docker_client() -> docker.DockerClient:
    client, why = engine()
    if client is None:
        pytest.skip(why)
    return client


@pytest.fixture(scope="module")
def image(docker_client: docker.DockerClient) -> str:
    build_image(docker_client)
    return IMAGE_TAG


@pytest.fixture(scope="module")
def start(docker_client: docker.DockerClient, image: str) -> Iterator[Callable[..., Running]]:
    """Start a container with extra SIMULATOR_* settings on a free port; waits until the health check says healthy."""
    with contextlib.ExitStack() as containers:

        def _start(tls: bool = False, **env: str) -> Running:
            port = free_port()
            base_url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
            settings = {"SIMULATOR_PORT": str(port), "SIMULATOR_BASE_URL": base_url, **env}
            container, started = containers.enter_context(running_container(docker_client, image, settings))
            ready_seconds = wait_until_ready(f"{base_url}/ready", started, verify=CA, cert=CLIENT_CERT)
            wait_until_healthy(container)
            return Running(container, base_url, ready_seconds)

        yield _start


@pytest.fixture(scope="module")
def plain(start: Callable[..., Running]) -> Running:
    return start()


@pytest.fixture(scope="module")
def https(start: Callable[..., Running]) -> Running:
    # TLS client auth "back-channel": the front channel (a browser at the DDCC login page) needs no certificate;
    # the back channel requires one, as production does: Toezicht identifies its caller by the certificate's OIN.
    return start(
        tls=True,
        SIMULATOR_TLS_CERT="server.crt",
        SIMULATOR_TLS_KEY="server.key",
        SIMULATOR_TLS_CLIENT_AUTH="back-channel",
        SIMULATOR_TOEZICHT_AUTH="mtls",
    )


def remote_checks(interface: str) -> Callable[..., None]:
    """`tests/<interface>/remote_checks.py`'s run(), imported as pytest imports that package."""
    tests_dir = str(ROOT / "tests")
    if tests_dir not in sys.path:
        sys.path.insert(0, tests_dir)
    return importlib.import_module(f"{interface}.remote_checks").run  # type: ignore[no-any-return]


def test_ready_and_healthy_with_startup_time_recorded(plain: Running, record_property: Callable[[str, object], None]) -> None:
    record_property("startup_to_ready_seconds", round(plain.ready_seconds, 3))
    ready = requests.get(f"{plain.base_url}/ready", timeout=5).json()
    assert ready["status"] == "ready" and ready["scenario"] == "Demodorp" and ready["persons"] > 20
    health = plain.container.attrs["State"]["Health"]
    assert health["Status"] == "healthy"
    assert "ready, scenario 'Demodorp'" in health["Log"][-1]["Output"]


def test_runs_as_non_root_with_defaults_baked_in(plain: Running) -> None:
    exit_code, output = plain.container.exec_run(["/opt/simulator/bin/python", "-c", "import os; print(os.getuid(), os.getgid())"])
    assert exit_code == 0 and output.decode().split() == ["10001", "10001"]
    env = dict(item.split("=", 1) for item in plain.container.attrs["Config"]["Env"])
    assert env["SIMULATOR_SCENARIO"] == "/scenarios/default" and env["SIMULATOR_CERTS_DIR"] == "/certs"
    assert "8080/tcp" in plain.container.image.attrs["Config"]["ExposedPorts"]


def test_metadata_carries_the_committed_keys(plain: Running) -> None:
    """Fixed keys: the IdP metadata names the committed idp-signing certificate, so it is the same after a restart."""
    response = requests.get(f"{plain.base_url}/saml/v4/idp/metadata", timeout=10)
    assert response.status_code == 200, response.text[:500]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(response.content, parser)
    published = {
        "".join(el.text.split())
        for el in root.iter("{http://www.w3.org/2000/09/xmldsig#}X509Certificate")
        if el.text
    }
    committed = x509.load_pem_x509_certificate((CERTS / "idp-signing.crt").read_bytes())
    assert base64.b64encode(committed.public_bytes(serialization.Encoding.DER)).decode() in published


@pytest.mark.parametrize("interface", INTERFACES_WITH_CHECKS)
def test_remote_checks_over_http(plain: Running, interface: str) -> None:
    remote_checks(interface)(plain.base_url, verify=True, cert=None)


@pytest.mark.parametrize("interface", INTERFACES_WITH_CHECKS)
def test_remote_checks_over_https_with_client_certificate(
    https: Running, interface: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE (set on many CI machines) override a Session's `verify`;
    # the check must trust exactly the test CA it is given.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    remote_checks(interface)(https.base_url, verify=CA, cert=CLIENT_CERTS.get(interface, CLIENT_CERT))


def test_back_channel_without_a_client_certificate_is_refused(https: Running) -> None:
    refused = requests.post(f"{https.base_url}/saml/v4/entrance/resolve_artifact", data=b"<x/>", verify=CA, timeout=10)
    assert refused.status_code == 401 and refused.json()["code"] == "certificateRequired"
    assert requests.get(f"{https.base_url}/saml/v4/idp/metadata", verify=CA, timeout=10).status_code == 200


def test_required_client_certificates_refuse_other_callers(start: Callable[..., Running], tmp_path: Path) -> None:
    """Mutual TLS as production: no handshake without a certificate issued by the test CA; the health probe
    presents the committed client certificate, so the container still turns healthy."""
    mtls = start(
        tls=True, SIMULATOR_TLS_CERT="/certs/server.crt", SIMULATOR_TLS_KEY="/certs/server.key", SIMULATOR_TLS_CLIENT_AUTH="required"
    )
    assert requests.get(f"{mtls.base_url}/ready", verify=CA, cert=CLIENT_CERT, timeout=5).status_code == 200
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(f"{mtls.base_url}/ready", verify=CA, timeout=5)
    client = next(spec for spec in CERTIFICATES if spec.stem == "client-gemeente-demodorp")
    generate(tmp_path, specs=(client,))  # the same subject, issued by another CA
    foreign = (str(tmp_path / "client-gemeente-demodorp.crt"), str(tmp_path / "client-gemeente-demodorp.key"))
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(f"{mtls.base_url}/ready", verify=CA, cert=foreign, timeout=5)
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{mtls.base_url}/ready", timeout=5)  # the test CA is not in the default trust store


def test_inline_scenario_replaces_the_default(start: Callable[..., Running]) -> None:
    inline = start(SIMULATOR_SCENARIO_INLINE=INLINE_SCENARIO)
    ready = requests.get(f"{inline.base_url}/ready", timeout=5).json()
    assert (ready["scenario"], ready["persons"]) == ("Inline CI", 1)


def test_sigterm_exits_cleanly_and_logs_are_json_lines(plain: Running) -> None:
    # Runs last on `plain`: it stops the container.
    requests.get(f"{plain.base_url}/ready", headers={"X-Request-Id": "container-test"}, timeout=5)
    assert stop_gracefully(plain.container) == 0
    lines = [line for line in plain.container.logs(stdout=True, stderr=True).decode().splitlines() if line.strip()]
    entries = []
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except ValueError:
            pytest.fail(f"log line {number} is not JSON: {line!r}")
        assert isinstance(entry, dict) and {"time", "level", "message"} <= entry.keys(), line
        entries.append(entry)
    messages = [e["message"] for e in entries]
    assert any(e.get("request_id") == "container-test" and e.get("path") == "/ready" for e in entries)
    assert "Handling signal: term" in messages and messages[-1] == "Shutting down: Master"
