"""Fixtures for the state tests: each backend, and a redis-server of the test's own."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from simulator.state import Backend, open_backend

from .redis_server import RedisServer


@pytest.fixture()
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture(params=["memory", "sqlite", "redis"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        url = server.url
    elif request.param == "sqlite":
        url = f"sqlite://{tmp_path}/state.db"
    else:
        url = "memory"
    opened = open_backend(url, b"test secret")
    yield opened
    opened.close()
