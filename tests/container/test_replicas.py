"""Two simulator containers on one Redis (Debian's redis-server on the host; Valkey speaks the same protocol):
an artifact issued by one replica resolves at the other, and a login started at one continues at the other."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import docker
import pytest

from ddcc.sp_client import TestServiceProvider
from state.redis_server import RedisServer
from state.replicas import route

from .image import IMAGE_TAG, build_image, engine, free_port, running_container, wait_until_healthy, wait_until_ready

pytestmark = pytest.mark.container
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"


@pytest.fixture(scope="module")
def docker_client() -> docker.DockerClient:
    client, why = engine()
    if client is None:
        pytest.skip(why)
    return client


@pytest.fixture()
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = RedisServer(tmp_path)
    yield server.url
    server.stop()


def test_an_artifact_resolves_across_replica_containers(docker_client: docker.DockerClient, redis_url: str) -> None:
    build_image(docker_client)
    public = f"http://127.0.0.1:{free_port()}"  # the load balancer's URL, which both replicas emit and check
    with contextlib.ExitStack() as stack:
        replicas = []
        for _ in range(2):
            port = free_port()
            env = {"SIMULATOR_PORT": str(port), "SIMULATOR_BASE_URL": public, "SIMULATOR_STATE": redis_url, "SIMULATOR_CLOCK": "2026-06-15"}
            container, started = stack.enter_context(running_container(docker_client, IMAGE_TAG, env))
            wait_until_ready(f"http://127.0.0.1:{port}/ready", started)
            wait_until_healthy(container)
            replicas.append(f"http://127.0.0.1:{port}")
        to_a = route(TestServiceProvider(replicas[0]), public, replicas[0])
        to_b = route(TestServiceProvider(replicas[0]), public, replicas[1])
        request_id, redirect = to_a.login(WOZ, bsn="999990019")
        assert to_b.resolve(request_id, redirect).acting_bsn == "999990019"
        request_id, xml = to_a.authn_request(WOZ)
        page = to_b.http.get(to_a.follow(to_a.post_request(xml)).url, timeout=10)
        redirect = to_b.submit(page, action="login", bsn="999990019", level="", outcome="success")
        assert to_a.resolve(request_id, redirect).acting_bsn == "999990019"
