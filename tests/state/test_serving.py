"""Real `simulator serve` processes: a restart with sqlite keeps the state, two processes on Redis complete DDCC
flows across each other (pysaml2 as the SP), and a process that lost its state or its backend says so."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import redis
import requests

from ddcc.sp_client import TEST_LC, TestServiceProvider

from .redis_server import RedisServer, free_port
from .replicas import route

WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
SUCCESS = ["urn:oasis:names:tc:SAML:2.0:status:Success"]
EXTRA_PERSON = """
persons:
  - bsn: "999994001"
    naam: {voornamen: Test, geslachtsnaam: Persoon}
    geslacht: O
    geboortedatum: -30y
"""


class Served:
    """One `simulator serve` process on a free port, stopped with SIGTERM. `public_url`: the base URL clients use
    (replicas behind a load balancer share one), by default its own."""

    def __init__(self, state: str, port: int | None = None, public_url: str | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
        env.update(SIMULATOR_STATE=state, SIMULATOR_BASE_URL=public_url or self.url, SIMULATOR_CLOCK="2026-06-15", SIMULATOR_THREADS="4")
        command = [str(Path(sys.executable).with_name("simulator")), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        # The log (JSON lines on stdout, gunicorn's own included) goes to a file: a pipe nobody reads would fill.
        self.log = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env, text=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"simulator serve did not become ready: {self.output}")
            time.sleep(0.2)

    @property
    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)


@contextlib.contextmanager
def served(state: str, port: int | None = None, public_url: str | None = None) -> Iterator[Served]:
    process = Served(state, port, public_url)
    try:
        yield process
    finally:
        process.stop()


def control(base: str, method: str, path: str, **kwargs: object) -> requests.Response:
    response = requests.request(method, f"{base}/control/{path}", timeout=10, **kwargs)  # type: ignore[arg-type]
    assert response.status_code < 300, response.text
    return response


def test_a_restart_with_sqlite_keeps_the_state(tmp_path: Path) -> None:
    state = f"sqlite://{tmp_path}/state.db"
    with served(state) as first:
        base, port = first.url, first.port
        control(base, "POST", "scenario/extend", data=EXTRA_PERSON, headers={"Content-Type": "application/yaml"})
        control(base, "PUT", "clock", json={"today": "2026-07-01"})
        control(base, "POST", "directives", json={"sp": TEST_LC, "outcome": "cancel"})
        control(f"{base}/t/job-1", "PUT", "clock", json={"today": "2030-01-01"})
        sp = TestServiceProvider(base)
        # An SSO session (a finished login), a login waiting at the page, an artifact not yet resolved, and an
        # AuthnRequest ID in the replay cache.
        finished = sp.full_flow(WOZ, bsn="999990019")
        _, waiting_xml = sp.authn_request(WOZ)
        waiting = sp.follow(sp.post_request(waiting_xml))
        request_id, redirect = sp.login(WOZ, bsn="999990019")
    with served(state, port) as second:
        assert control(base, "GET", "scenario").json()["counts"]["persons"] > 1
        assert requests.get(f"{base}/explorer/personen/999994001", timeout=10).status_code == 200
        assert control(base, "GET", "clock").json() == {"today": "2026-07-01"}
        assert [d["sp"] for d in control(base, "GET", "directives").json()] == [TEST_LC]
        assert control(f"{base}/t/job-1", "GET", "clock").json() == {"today": "2030-01-01"}
        assert [n["name"] for n in control(base, "GET", "namespaces").json()["namespaces"]] == ["job-1"]
        assert requests.get(waiting.url, timeout=10).status_code == 200, "the pending login was lost"
        assert sp.resolve(request_id, redirect).acting_bsn == "999990019", "the artifact was lost"
        replay = sp.post_request(waiting_xml)
        assert replay.status_code == 400 and "already used" in replay.text
        assert sp.logout(finished).status_code == 200
        logout = control(base, "GET", "requests", params={"path": "/saml/v4/entrance/request_logout"}).json()
        assert logout[0]["sessions_ended"] == 1, "the SSO session was lost"
        assert any(e["kind"] == "scenario_extended" for e in control(base, "GET", "audit").json())
        assert second.stop() == 0


def test_two_processes_on_redis_complete_ddcc_flows_across_each_other(redis_server: RedisServer) -> None:
    public = f"http://127.0.0.1:{free_port()}"  # the load balancer's URL: both replicas are configured with it
    with served(redis_server.url, public_url=public) as a, served(redis_server.url, public_url=public) as b:
        to_a = route(TestServiceProvider(a.url), public, a.url)
        to_b = route(TestServiceProvider(a.url), public, b.url)
        # The AuthnRequest goes to A; the login page is answered by B, which issues the artifact; A resolves it.
        request_id, xml = to_a.authn_request(WOZ)
        at_a = to_a.follow(to_a.post_request(xml))
        assert at_a.status_code == 200
        redirect = to_b.submit(to_b.http.get(at_a.url, timeout=10), action="login", bsn="999990019", level="", outcome="success")
        outcome = to_a.resolve(request_id, redirect)
        assert outcome.status == SUCCESS and outcome.acting_bsn == "999990019"
        # Resolved once across both: at B the same artifact is unknown now.
        again = to_b.client.artifact2message(to_b.artifact_of(redirect)[0], "idpsso", sign=True)
        assert again.status_code == 200 and b"Assertion" not in again.content
        # An artifact issued by A resolves at B.
        other_id, other = to_a.login(WOZ, bsn="999990019")
        assert to_b.resolve(other_id, other).acting_bsn == "999990019"
        # The AuthnRequest ID A accepted is a replay at B.
        replay = to_b.post_request(xml)
        assert replay.status_code == 400 and "already used" in replay.text
        # Logout at B ends the SSO session created at B and resolved at A.
        assert to_b.logout(outcome).status_code == 200
        logout = control(b.url, "GET", "requests", params={"path": "/saml/v4/entrance/request_logout"}).json()
        assert logout[0]["sessions_ended"] == 1
        # Directives, scenario, clock, logs and namespaces are shared too.
        control(b.url, "POST", "directives", json={"outcome": "cancel"})
        assert len(control(a.url, "GET", "directives").json()) == 1
        control(a.url, "POST", "scenario/extend", data=EXTRA_PERSON, headers={"Content-Type": "application/yaml"})
        assert requests.get(f"{b.url}/explorer/personen/999994001", timeout=10).status_code == 200
        control(f"{a.url}/t/job-9", "PUT", "clock", json={"today": "2030-01-01"})
        assert control(f"{b.url}/t/job-9", "GET", "clock").json() == {"today": "2030-01-01"}
        assert "job-9" in [n["name"] for n in control(b.url, "GET", "namespaces").json()["namespaces"]]
        # B's request log holds what A answered.
        logged = control(b.url, "GET", "requests", params={"limit": 500}).json()
        assert [e for e in logged if e["path"] == "/saml/v4/entrance/request_authentication" and e["status"] == 303]


def test_an_unreachable_redis_gives_503_problems_and_readiness_false(redis_server: RedisServer) -> None:
    with served(redis_server.url) as sim:
        redis_server.stop()
        for path in ("/ready", "/control/clock", "/saml/v4/entrance/metadata", "/t/job-1/control/clock"):
            response = requests.get(sim.url + path, timeout=30)
            assert response.status_code == 503 and response.headers["Content-Type"] == "application/problem+json", path
            assert "Redis state at redis://127.0.0.1" in response.json()["detail"]
        brp = requests.post(f"{sim.url}/haalcentraal/api/brp/personen", json={"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam"]}, timeout=30)
        assert brp.status_code == 503
        assert requests.get(f"{sim.url}/health", timeout=10).status_code == 200  # the process lives


def test_a_process_whose_redis_was_emptied_says_its_state_is_lost(redis_server: RedisServer) -> None:
    with served(redis_server.url) as sim:
        control(sim.url, "PUT", "clock", json={"today": "2030-01-01"})
        redis.Redis.from_url(redis_server.url).flushall()  # as a restart without persistence would
        for path in ("/ready", "/control/clock"):
            response = requests.get(sim.url + path, timeout=10)
            assert response.status_code == 503 and response.json()["title"] == "State lost", path
            assert "restart the simulator" in response.json()["detail"]


def test_a_dead_worker_with_memory_state_stops_the_server() -> None:
    sim = Served("memory")
    try:
        control(sim.url, "PUT", "clock", json={"today": "2030-01-01"})
        os.kill(sim.worker_pid(), signal.SIGKILL)
        status = sim.process.wait(timeout=30)
    finally:
        sim.stop()
    assert status == 4 and "the worker died and the in-memory state with it" in sim.output


def test_a_dead_worker_with_sqlite_state_is_replaced_and_carries_on(tmp_path: Path) -> None:
    with served(f"sqlite://{tmp_path}/state.db") as sim:
        control(sim.url, "PUT", "clock", json={"today": "2030-01-01"})
        worker = sim.worker_pid()
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{sim.url}/ready", timeout=2).status_code == 200:
                    break
            assert time.monotonic() < deadline and sim.process.poll() is None
            time.sleep(0.2)
        assert sim.worker_pid() != worker
        assert control(sim.url, "GET", "clock").json() == {"today": "2030-01-01"}
