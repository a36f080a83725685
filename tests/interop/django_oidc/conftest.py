"""Fixtures of the Django relying party tests: a throwaway PostgreSQL cluster (Open Formulieren's database, whose
array fields the OIDC configuration models use) and a simulator with the relying party's clients registered."""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest

from simulator.config import DEFAULT_SCENARIO
from simulator.testing import RunningSimulator, running_simulator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TODAY = dt.date(2026, 6, 15)


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL server binaries (apt-get install postgresql), wherever the version puts them."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres() -> Iterator[dict[str, str]]:
    """A PostgreSQL server on a Unix socket in a temporary folder, run as user `postgres` when we are root
    (the server refuses to run as root), stopped and removed afterwards."""
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    workdir = Path(tempfile.mkdtemp(prefix="interop-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = workdir / "data", str(free_port())
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"], check=True, capture_output=True)
    options = f"-k {workdir} -p {port} -c listen_addresses='' -c fsync=off"
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(workdir / "log"), "start"], check=True, capture_output=True)
    try:
        yield {"INTEROP_PG_HOST": str(workdir), "INTEROP_PG_PORT": port}
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    env = {"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{HERE / 'scenario.yaml'}"}
    with running_simulator(env, clock=TODAY) as running:
        yield running


@pytest.fixture()
def relying_party(postgres: dict[str, str], sim: RunningSimulator):  # type: ignore[no-untyped-def]
    """Run one login through the Django relying party (flow.py, its own process); returns what it printed."""

    def run(**spec: Any) -> dict[str, Any]:
        env = {**os.environ, **postgres, "DJANGO_SETTINGS_MODULE": "tests.interop.django_oidc.settings"}
        completed = subprocess.run(
            [sys.executable, "-m", "tests.interop.django_oidc.flow", json.dumps({"simulator": sim.base_url, **spec})],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert completed.returncode == 0, completed.stderr[-3000:]
        return json.loads(completed.stdout.strip().splitlines()[-1])

    return run
