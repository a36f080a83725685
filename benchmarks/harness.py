"""The benchmarks' shared harness: `simulator serve` as a separate process, its CPU and memory from /proc, and
load-generator processes that drive it over HTTP with keep-alive.

Every benchmark measures the product as it runs: the `simulator serve` command (gunicorn, one worker with
threads), started by `Server.simulator`, reached over TCP from other processes (`drive`). CPU per operation is
the server's own CPU time (utime + stime of the gunicorn master and every worker, from /proc/<pid>/stat) divided
by the operations done; unlike a rate it stays honest on a busy machine, where the load generators and other
work compete for the cores. Each script prints its figures next to a baseline measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import multiprocessing
import os
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
TODAY = dt.date(2026, 6, 15)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Forked load generators inherit the parent's imports (lxml, signxml keys) and need no pickling of closures.
FORK = multiprocessing.get_context("fork")

# An operation: built once per load-generator process by a factory `(base_url) -> op`; op() does one operation
# (raising on a wrong answer) and returns nothing.
Operation = Callable[[], None]
Factory = Callable[[str], Operation]


# -- the server process -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


class Server:
    """A server started as its own process tree; `cpu_seconds` and `memory_mb` cover every process in it."""

    def __init__(self, command: Sequence[str], port: int, env: dict[str, str] | None = None, ready: str = "/ready",
                 scheme: str = "http", ssl_context: ssl.SSLContext | None = None):
        self.command = list(command)
        self.port = port
        self.env = {**os.environ, **(env or {})}
        self.ready_path = ready
        self.base_url = f"{scheme}://127.0.0.1:{port}"
        self.ssl_context = ssl_context
        self.log = tempfile.TemporaryFile()
        self.process: subprocess.Popen[bytes] | None = None
        self.ready_seconds = 0.0

    @classmethod
    def simulator(cls, scenario: Sequence[Path | str] = (), env: dict[str, str] | None = None, scheme: str = "http",
                  ssl_context: ssl.SSLContext | None = None, clock: dt.date = TODAY) -> "Server":
        """`simulator serve` as its console script runs it, with its default settings but a free port and the
        benchmarks' clock."""
        port = free_port()
        command = [str(Path(sys.executable).with_name("simulator")), "serve", "--port", str(port), "--host", "127.0.0.1",
                   "--base-url", f"{scheme}://127.0.0.1:{port}", "--clock", clock.isoformat()]
        if scenario:
            command += ["--scenario", *map(str, scenario)]
        return cls(command, port, env, scheme=scheme, ssl_context=ssl_context)

    @classmethod
    def bare_flask(cls) -> "Server":
        """A Flask app with one trivial route under gunicorn with the simulator's worker settings (its default
        worker class and threads): the floor a request through Flask and gunicorn costs."""
        from simulator.config import Config

        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", Config().worker,
                   "--threads", str(Config().threads), "--log-level", "warning", "--chdir", str(ROOT / "benchmarks"), "harness:bare_flask_app()"]
        return cls(command, port, ready="/health")

    def __enter__(self) -> "Server":
        started = time.perf_counter()
        self.process = subprocess.Popen(self.command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 300
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.output()}")
            try:
                if Http(self.base_url, self.ssl_context, timeout=2).get(self.ready_path)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after 300 s:\n{self.output()}")
            time.sleep(0.02)
        self.ready_seconds = time.perf_counter() - started
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-4000:]

    def pids(self) -> list[int]:
        assert self.process is not None
        result, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            result.append(pid)
            todo.extend(_children(pid))
        return result

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat(5))
        return total / CLOCK_TICKS

    def memory_mb(self) -> tuple[float, float]:
        """(PSS, RSS) of all processes in MB: PSS counts pages shared between master and workers once."""
        pss = rss = 0
        for pid in self.pids():
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            for line in text.splitlines():
                name, _, rest = line.partition(":")
                if name in ("Pss", "Rss"):
                    kb = int(rest.split()[0])
                    pss, rss = (pss + kb, rss) if name == "Pss" else (pss, rss + kb)
        return pss / 1024, rss / 1024


def bare_flask_app() -> Any:
    from flask import Flask, jsonify

    app = Flask("bare")

    @app.get("/health")
    def health() -> Any:
        return jsonify(status="ok", version="0")

    return app


# -- HTTP clients -------------------------------------------------------------------------------------------


class Http:
    """One keep-alive connection (http.client: the lightest client, so the load generator stays cheap)."""

    def __init__(self, base_url: str, ssl_context: ssl.SSLContext | None = None, timeout: float = 30):
        scheme, _, host_port = base_url.partition("://")
        host, _, port = host_port.partition(":")
        if scheme == "https":
            self.connection: http.client.HTTPConnection = http.client.HTTPSConnection(host, int(port), context=ssl_context, timeout=timeout)
        else:
            self.connection = http.client.HTTPConnection(host, int(port), timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response.status, response.read()

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def post_json(self, path: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        status, data = self.request("POST", path, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})
        return status, json.loads(data) if data else None


def get_ok(path: str | Callable[[], str], ssl_context: ssl.SSLContext | None = None) -> Factory:
    """A factory of `GET path`, expecting 200 (the baseline operation); `path` may be a function giving each
    request's path."""

    def factory(base_url: str) -> Operation:
        http = Http(base_url, ssl_context)

        def op() -> None:
            where = path() if callable(path) else path
            status, body = http.get(where)
            if status != 200:
                raise AssertionError(f"GET {where}: {status} {body[:200]!r}")

        return op

    return factory


# -- load generation ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """What one `drive` did: operations, wall seconds, server CPU seconds, latencies."""

    ops: int
    seconds: float
    server_cpu: float
    latencies: tuple[float, ...]

    @property
    def rate(self) -> float:
        return self.ops / self.seconds

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per operation."""
        return self.server_cpu * 1000 / self.ops

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @staticmethod
    def merged(loads: Sequence["Load"]) -> "Load":
        """The loads of several rounds as one: operations, seconds and CPU added up."""
        return Load(sum(l.ops for l in loads), sum(l.seconds for l in loads), sum(l.server_cpu for l in loads), tuple(t for l in loads for t in l.latencies))


def _generate(factory: Factory, base_url: str, seconds: float | None, count: int | None, barrier: Any, results: Any) -> None:
    try:
        op = factory(base_url)
        op()  # warm-up, and a check that the operation works at all
        barrier.wait()
        latencies = []
        deadline = time.monotonic() + (seconds if seconds is not None else 1e9)
        while (start := time.monotonic()) < deadline and (count is None or len(latencies) < count):
            op()
            latencies.append(time.monotonic() - start)
        results.put(latencies)
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the run
        barrier.abort()
        results.put(traceback.format_exc())


def drive(server: Server, factory: Factory, processes: int, seconds: float | None = None, count: int | None = None) -> Load:
    """Run `processes` load generators against `server` for `seconds` (or `count` operations each), each one
    operation at a time on its own keep-alive connection(s); the server's CPU is read when all have set up
    and again when all have stopped."""
    barrier = FORK.Barrier(processes + 1)
    results = FORK.Queue()
    workers = [FORK.Process(target=_generate, args=(factory, server.base_url, seconds, count, barrier, results)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    try:
        barrier.wait(timeout=120)
    except Exception:  # noqa: BLE001 - a generator failed while setting up: its traceback is in the queue
        raise RuntimeError(results.get(timeout=10)) from None
    cpu, started = server.cpu_seconds(), time.perf_counter()
    latencies: list[float] = []
    for _ in workers:
        result = results.get(timeout=(seconds or 0) + 600)
        if isinstance(result, str):
            raise RuntimeError(f"load generator failed:\n{result}\nserver output:\n{server.output()}")
        latencies.extend(result)
    elapsed, used = time.perf_counter() - started, server.cpu_seconds() - cpu
    for worker in workers:
        worker.join()
    return Load(len(latencies), elapsed, used, tuple(latencies))


def alternating(cases: Sequence[tuple[str, Callable[[], Load]]], rounds: int) -> dict[str, Load]:
    """Each case (a `drive` to make) once per round, the rounds one after the other, merged per case: a shared
    machine's changing load falls on every case alike, so their ratios hold where single runs drift apart."""
    found: dict[str, list[Load]] = {name: [] for name, _ in cases}
    for _ in range(rounds):
        for name, run in cases:
            found[name].append(run())
    return {name: Load.merged(loads) for name, loads in found.items()}


# -- baselines, worlds and reporting ------------------------------------------------------------------------


def rsa_sign_ms(rounds: int = 300) -> float:
    """CPU milliseconds of one RSA-2048 PKCS#1 v1.5 SHA-256 signature with `cryptography` (the floor of every
    signed SAML message), the median of five runs."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    data = b"x" * 1024
    runs = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(rounds):
            key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        runs.append((time.process_time() - started) * 1000 / rounds)
    return statistics.median(runs)


def generated_world(persons: int, seed: int = 7, today: dt.date | None = TODAY, include_services: bool = True) -> Path:
    """A generated world, made once per (persons, seed, generator source) in benchmarks/output/."""
    from simulator.scenario.generator import CATALOGUE, generate_to_file

    source = ROOT / "simulator" / "scenario" / "generator.py"
    digest = hashlib.sha256(source.read_bytes() + CATALOGUE.read_bytes()).hexdigest()[:10]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    day = today.isoformat() if today else "relative"
    path = OUTPUT / f"scenario-{persons}-seed{seed}-{day}-{'services' if include_services else 'bare'}-{digest}.yaml"
    if not path.exists():
        started = time.perf_counter()
        generate_to_file(path, persons, seed, today, include_services=include_services)
        print(f"generated {persons} persons in {time.perf_counter() - started:.1f} s: {path.name}", file=sys.stderr)
    return path


def header(title: str) -> None:
    """What was run, where, and how busy the machine was: figures mean little without it."""
    load = Path("/proc/loadavg").read_text().split()[:3]
    command = " ".join([".venv/bin/python", *[a if " " not in a else repr(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]]])
    print(f"{title}\n`{command}` on {os.cpu_count()} CPUs, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, load average {' '.join(load)}\n")


def table(headers: Sequence[str], rows: Iterator[Sequence[object]] | Sequence[Sequence[object]]) -> None:
    """A Markdown table (README quotes it as printed)."""
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
        return str(value)

    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join(" --- " for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(cell(v) for v in row) + " |", flush=True)
    print()
