"""Slow clients against `simulator serve`, and throughput under normal load, for both serving stacks.

    .venv/bin/python benchmarks/slow_clients.py [--stack old|new|both] [--slow 64] [--seconds 20] [--loaders 2]

For each stack (old: gunicorn's threaded worker, `SIMULATOR_WORKER=gthread`; new: its gevent worker, the default)
it starts `simulator serve` as a separate process and

1. opens `--slow` connections that trickle (half send their headers one byte every 0.5 s, half send headers and
   then a 10 kB body one byte every 0.5 s) and, while they hang on, asks `/health` and a BRP lookup
   (RaadpleegMetBurgerservicenummer, one BSN) 10 times each on fresh connections: the slowest answer, and how
   many took longer than 2 s (the probe's timeout);
2. with no slow clients, runs `--loaders` load-generator processes that each keep one keep-alive connection busy
   with BRP lookups and `/health` (alternately): requests per second, and the server's CPU time per request
   (utime + stime of the master and its worker from /proc/<pid>/stat), through `benchmarks/harness.py`.

Both servers run side by side and the throughput rounds alternate between them (`--rounds` of `--seconds`
each), so that a shared machine's changing load falls on both alike; the table gives each stack's figures over
all its rounds and the new stack's throughput and CPU per request relative to the old one's (the baseline).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Factory, Http, Load, Operation, Server, alternating, drive, header, table  # noqa: E402

BRP_PATH = "/haalcentraal/api/brp/personen"
BSN = "999990019"
LOOKUP = json.dumps({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [BSN], "fields": ["naam", "geboorte"]}).encode()
STACKS = {"old": "gthread", "new": "gevent"}
PROBE_TIMEOUT = 2.0


def request(port: int, method: str, path: str, body: bytes | None = None) -> float:
    """Seconds until the whole answer arrived on a fresh connection; PROBE_TIMEOUT + 1 when it did not in time."""
    started = time.perf_counter()
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=PROBE_TIMEOUT) as response:
            response.read()
            assert response.status == 200
    except OSError:
        return PROBE_TIMEOUT + 1
    return time.perf_counter() - started


def trickle(port: int, count: int, stop: threading.Event) -> list[socket.socket]:
    """`count` connections that send a byte every 0.5 s until `stop`: headers for half, a body for the others."""
    conns: list[tuple[socket.socket, bytes]] = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        if i % 2:
            s.sendall(f"POST {BRP_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n".encode())
            conns.append((s, b"{" + b" " * 9999))
        else:
            conns.append((s, f"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: {'a' * 4000}\r\n\r\n".encode()))

    def run() -> None:
        offset = 0
        while not stop.wait(0.5):
            for s, data in conns:
                try:
                    s.send(data[offset : offset + 1])
                except OSError:
                    pass
            offset += 1

    threading.Thread(target=run, daemon=True).start()
    return [s for s, _ in conns]


def slow_phase(port: int, slow: int) -> str:
    stop = threading.Event()
    sockets = trickle(port, slow, stop)
    time.sleep(1.5)  # every slow connection has started and been accepted
    try:
        health = [request(port, "GET", "/health") for _ in range(10)]
        lookup = [request(port, "POST", BRP_PATH, LOOKUP) for _ in range(10)]
    finally:
        stop.set()
        for s in sockets:
            s.close()

    def summary(name: str, times: list[float]) -> str:
        late = sum(t > PROBE_TIMEOUT for t in times)
        slowest = "timeout" if late else f"{max(times):.3f} s"
        return f"{name} slowest {slowest}, median {statistics.median(times):.3f} s, {late}/10 over {PROBE_TIMEOUT:.0f} s"

    return f"{summary('/health', health)}; {summary('BRP lookup', lookup)}"


def lookups_and_health() -> Factory:
    """BRP lookups and `/health` alternately on one keep-alive connection."""

    def factory(base_url: str) -> Operation:
        http, done = Http(base_url), [0]

        def op() -> None:
            done[0] += 1
            if done[0] % 2:
                status, body = http.request("POST", BRP_PATH, LOOKUP, {"Content-Type": "application/json"})
            else:
                status, body = http.get("/health")
            if status != 200:
                raise AssertionError(f"{status}: {body[:200]!r}")

        return op

    return factory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stack", choices=("old", "new", "both"), default="both")
    parser.add_argument("--slow", type=int, default=64, help="trickling connections")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one throughput round")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds per stack, alternating")
    parser.add_argument("--loaders", type=int, default=2, help="load-generator processes")
    args = parser.parse_args()
    header(f"Slow clients: {args.slow} slow connections; {args.loaders} keep-alive load-generator processes, "
           f"{args.rounds} alternating rounds of {args.seconds:g} s")
    names = ("old", "new") if args.stack == "both" else (args.stack,)
    with contextlib.ExitStack() as stack:
        servers = {name: stack.enter_context(Server.simulator(env={"SIMULATOR_WORKER": STACKS[name]})) for name in names}
        for name, server in servers.items():
            print(f"{name} ({STACKS[name]}): with {args.slow} slow clients: {slow_phase(server.port, args.slow)}")
            # The slow clients' connections must be gone (the old stack serves them out first).
            while request(server.port, "GET", "/health") > PROBE_TIMEOUT:
                pass
        print()
        loads = alternating([(name, lambda server=server: drive(server, lookups_and_health(), args.loaders, args.seconds)) for name, server in servers.items()], args.rounds)
    baseline: Load = loads[names[0]]
    table(
        ["stack, normal load", "requests/s", "median ms", "server CPU ms/request", f"throughput × {names[0]}", f"CPU × {names[0]}"],
        [(f"{name} ({STACKS[name]})", load.rate, load.median_ms, load.cpu_ms, f"{load.rate / baseline.rate:.2f}", f"{load.cpu_ms / baseline.cpu_ms:.2f}") for name, load in loads.items()],
    )


if __name__ == "__main__":
    main()
