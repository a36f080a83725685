"""Building and running the simulator's image with the docker SDK, for the container tests and benchmarks.

The engine and the base image come from `.ci/docker-setup.sh` where no registry can be reached: the build then
uses ``local/python-base`` (a debootstrap Debian with python3) instead of ``python:3.12-slim``.
"""

from __future__ import annotations

import ast
import contextlib
import filecmp
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import docker
import docker.errors
from docker.models.containers import Container
from docker.models.images import Image

ROOT = Path(__file__).resolve().parents[2]
IMAGE_TAG = "machtigingen-simulator:test"
LOCAL_BASE = "local/python-base"
DEFAULT_BASE = "python:3.12-slim"
# Where the Dockerfile's builder stage looks for a CA bundle for pip (a TLS-intercepting proxy's CA).
PIP_CA_IN_CONTEXT = ROOT / ".ci" / "cache" / "pip-ca.pem"


def engine() -> tuple[docker.DockerClient | None, str]:
    """(client, "") when an engine answers, else (None, why not)."""
    try:
        client = docker.from_env(version="auto", timeout=600)
        client.ping()
    except Exception as exc:  # the SDK raises several unrelated types for "no engine here"
        return None, f"no Docker engine reachable ({type(exc).__name__}: {exc}); `bash .ci/docker-setup.sh` starts one as root"
    return client, ""


def base_image(client: docker.DockerClient) -> str:
    """SIMULATOR_TEST_BASE_IMAGE, else the locally built base when present, else the Dockerfile's default."""
    chosen = os.environ.get("SIMULATOR_TEST_BASE_IMAGE")
    if chosen:
        return chosen
    try:
        client.images.get(LOCAL_BASE)
        return LOCAL_BASE
    except docker.errors.ImageNotFound:
        return DEFAULT_BASE


def _pip_config() -> dict[str, str]:
    """pip's effective settings on this host (files and PIP_* variables), as `pip config list` shows them."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=False, timeout=60
    )
    settings: dict[str, str] = {}
    for line in result.stdout.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        try:
            settings[key.rsplit(".", 1)[-1]] = str(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            continue
    return settings


def pip_build_args() -> dict[str, str]:
    """The host's package index settings that also work inside the build (no file:// indexes: those paths exist
    only on this host). Credentials in a URL are not passed: build arguments are stored in the image history."""
    settings = _pip_config()
    args: dict[str, str] = {}
    for name, build_arg in (("index-url", "PIP_INDEX_URL"), ("extra-index-url", "PIP_EXTRA_INDEX_URL"), ("trusted-host", "PIP_TRUSTED_HOST")):
        values = [v for v in settings.get(name, "").split() if not v.startswith("file:") and "@" not in v]
        if values:
            args[build_arg] = " ".join(values)
    return args


def stage_pip_ca() -> None:
    """Copy the host's CA bundle for pip (`cert`) into the build context, where the builder stage finds it."""
    cert = _pip_config().get("cert")
    if not cert or not Path(cert).is_file():
        return
    PIP_CA_IN_CONTEXT.parent.mkdir(parents=True, exist_ok=True)
    if not PIP_CA_IN_CONTEXT.exists() or not filecmp.cmp(cert, PIP_CA_IN_CONTEXT, shallow=False):
        shutil.copyfile(cert, PIP_CA_IN_CONTEXT)


def build_image(client: docker.DockerClient, tag: str = IMAGE_TAG) -> tuple[Image, float]:
    """Build the image from the project's Dockerfile; (image, seconds the build took)."""
    stage_pip_ca()
    started = time.perf_counter()
    try:
        image, _ = client.images.build(
            path=str(ROOT),
            tag=tag,
            buildargs={"BASE_IMAGE": base_image(client), **pip_build_args()},
            network_mode="host",
            rm=True,
            forcerm=True,
        )
    except docker.errors.BuildError as exc:
        log = "".join(str(chunk.get("stream") or chunk.get("error") or "") for chunk in exc.build_log)
        raise AssertionError(f"docker build failed: {exc.msg}\n{log[-6000:]}") from None
    return image, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_container(client: docker.DockerClient, image: str, env: dict[str, str]) -> Iterator[tuple[Container, float]]:
    """Run the image on the host network (the engine here has no bridge) and remove it afterwards.

    Yields the container and the perf_counter() moment it was started: creating it (which on copying storage
    drivers takes longer than the start) is not part of "startup"."""
    container = client.containers.create(image, detach=True, network_mode="host", environment=env)
    try:
        started = time.perf_counter()
        container.start()
        yield container, started
    finally:
        with contextlib.suppress(docker.errors.APIError):
            container.remove(force=True)


def wait_until_ready(url: str, started: float, timeout: float = 60.0, **request_kwargs: Any) -> float:
    """Poll `url` (the /ready endpoint) until it answers 200; the seconds since `started` (a perf_counter())."""
    import requests

    while True:
        try:
            if requests.get(url, timeout=2, **request_kwargs).status_code == 200:
                return time.perf_counter() - started
        except requests.RequestException:
            pass
        if time.perf_counter() - started > timeout:
            raise AssertionError(f"{url} not ready within {timeout} s")
        time.sleep(0.02)


def wait_until_healthy(container: Container, timeout: float = 90.0) -> str:
    """Wait for the image's HEALTHCHECK to report healthy; the probe's last output."""
    deadline = time.monotonic() + timeout
    while True:
        container.reload()
        state = container.attrs["State"]
        health = state.get("Health") or {}
        if health.get("Status") == "healthy":
            return str((health.get("Log") or [{}])[-1].get("Output", "")).strip()
        if state.get("Status") == "exited":
            raise AssertionError(f"container exited with {state.get('ExitCode')}:\n{container.logs().decode(errors='replace')[-4000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"not healthy within {timeout} s: {health}\n{container.logs().decode(errors='replace')[-4000:]}")
        time.sleep(0.2)


def stop_gracefully(container: Container, timeout: float = 30.0) -> int:
    """Send SIGTERM, as `docker stop` does, and return the exit code."""
    container.kill(signal="SIGTERM")
    return int(container.wait(timeout=timeout)["StatusCode"])
