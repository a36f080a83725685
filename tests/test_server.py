"""`simulator serve` as a real process: slow clients starve nobody, SIGTERM finishes what is in flight, and a
killed master takes its worker with it (a dead worker: tests/state/test_serving.py)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from simulator.config import Config
from simulator.server import gunicorn_options


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, env: dict[str, str]):
        self.port = _free_port()
        base = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
        command = [str(Path(sys.executable).with_name("simulator")), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, env={**base, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url("/ready"), timeout=2).read()
                break
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, self.output()
                time.sleep(0.2)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker(self) -> int:
        children = [int(c) for task in Path(f"/proc/{self.process.pid}/task").iterdir() for c in (task / "children").read_text().split()]
        assert len(children) == 1, children
        return children[0]

    def output(self) -> str:
        if self.process.poll() is None:
            self.process.kill()
        return self.process.communicate(timeout=30)[0]


@pytest.fixture()
def served() -> Iterator[Served]:
    running = Served({"SIMULATOR_CLOCK": "2026-06-15"})
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.communicate(timeout=30)


def _gone(pid: int) -> bool:
    """Every thread of the process has exited. The thread-group leader can be a zombie while its other threads
    still run (and hold the listening socket), so each task is looked at, not only the leader."""
    states = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return True
    for task in tasks:
        try:
            states.append((task / "stat").read_text().rsplit(")", 1)[1].split()[0])
        except FileNotFoundError:
            continue  # this thread has just been reaped
    return all(state in ("Z", "X") for state in states)  # a zombie serves nothing; its new parent reaps it


def test_gevent_is_the_default_worker_and_gthread_stays_selectable() -> None:
    assert gunicorn_options(Config.from_env({}))["worker_class"] == "gevent"
    assert gunicorn_options(Config.from_env({"SIMULATOR_WORKER": "gthread"}))["worker_class"] == "gthread"


def test_slow_clients_do_not_starve_health_or_a_brp_lookup(served: Served) -> None:
    # Twice as many trickling connections as request slots (SIMULATOR_THREADS=8): under the threaded worker each
    # one held a thread and /health timed out.
    slow = []
    for i in range(16):
        s = socket.create_connection(("127.0.0.1", served.port))
        if i % 2:
            s.sendall(b"POST /haalcentraal/api/brp/personen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        else:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a")
        slow.append(s)
    try:
        time.sleep(1.0)
        started = time.perf_counter()
        urllib.request.urlopen(served.url("/health"), timeout=5).read()
        body = json.dumps({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam"]}).encode()
        lookup = urllib.request.Request(served.url("/haalcentraal/api/brp/personen"), data=body, headers={"Content-Type": "application/json"})
        assert json.loads(urllib.request.urlopen(lookup, timeout=5).read())["personen"]
        assert time.perf_counter() - started < 1.0
    finally:
        for s in slow:
            s.close()


def test_a_killed_master_takes_its_worker_and_frees_the_port(served: Served) -> None:
    worker = served.worker()
    served.process.kill()  # SIGKILL: no chance to stop the worker itself
    served.process.wait(timeout=10)
    deadline = time.monotonic() + 2
    while not _gone(worker):
        assert time.monotonic() < deadline, "the worker outlived its master"
        time.sleep(0.05)
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", served.port))  # a restart can bind at once


def test_sigterm_finishes_the_request_in_flight_then_exits_0(served: Served) -> None:
    body = json.dumps({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam"]}).encode()
    conn = socket.create_connection(("127.0.0.1", served.port))
    conn.sendall(b"POST /haalcentraal/api/brp/personen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body[:10])
    time.sleep(0.5)
    served.process.send_signal(signal.SIGTERM)
    time.sleep(1.0)
    conn.sendall(body[10:])  # the rest arrives after the signal: the request is still answered
    conn.settimeout(10)
    answer = b""
    while chunk := conn.recv(65536):
        answer += chunk
    conn.close()
    assert answer.startswith(b"HTTP/1.1 200") and b'"personen"' in answer, answer[:300]
    served.process.wait(timeout=20)
    assert served.process.returncode == 0, served.output()


def test_simulator_threads_bounds_the_requests_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under gevent SIMULATOR_THREADS keeps its meaning: so many requests in the app at once, taken only after
    the body has arrived."""
    import threading

    from simulator import server
    from simulator.app import create_app

    config = Config.from_env({"SIMULATOR_THREADS": "2"})
    app = create_app(config)
    monkeypatch.setattr(server._Gunicorn, "run", lambda self: None)
    server.serve(app, config)
    from simulator import bodies

    slots = bodies.admission()
    try:
        assert isinstance(slots, type(threading.BoundedSemaphore(1)))
        assert slots.acquire(blocking=False) and slots.acquire(blocking=False) and not slots.acquire(blocking=False)
    finally:
        bodies.admit_with(contextlib.nullcontext())


def _installed_closure(name: str, extras: frozenset[str], seen: set[str]) -> None:
    """The distributions `name[extras]` needs, by the installed metadata (markers evaluated for those extras)."""
    import importlib.metadata as metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    key = f"{canonicalize_name(name)}[{','.join(sorted(extras))}]"
    if key in seen:
        return
    seen.add(key)
    for text in metadata.requires(name) or []:
        req = Requirement(text)
        if req.marker is None or any(req.marker.evaluate({"extra": extra}) for extra in extras or {""}):
            _installed_closure(req.name, frozenset(req.extras), seen)


def test_the_default_worker_needs_only_what_the_package_declares() -> None:
    """`pip install .` (README's first command, without the test extras) must bring every distribution the default
    gunicorn worker imports: a module that only the test extras bring makes `simulator serve` fail on a fresh install."""
    import ast
    import importlib.metadata as metadata
    import importlib.util

    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    _installed_closure("machtigingen-simulator", frozenset(), seen)
    declared = {key.split("[")[0] for key in seen}
    worker = gunicorn_options(Config.from_env({}))["worker_class"]
    spec = importlib.util.find_spec(f"gunicorn.workers.g{worker}")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text())
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    owners = metadata.packages_distributions()
    needed = {canonicalize_name(d) for m in modules - set(sys.stdlib_module_names) for d in owners.get(m, [m])}
    assert needed <= declared, f"the {worker} worker imports {sorted(needed - declared)}, which the package does not declare"
