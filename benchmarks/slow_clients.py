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
   (utime + stime of the master and its worker from /proc/<pid>/stat).

Both servers run side by side and the throughput rounds alternate between them (`--rounds` of `--seconds`
each), so that a shared machine's changing load falls on both alike; the medians are printed, and last the new
stack's throughput and CPU per request relative to the old one's.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIMULATOR = Path(sys.executable).with_name("simulator")
BRP_PATH = "/haalcentraal/api/brp/personen"
BSN = "999990019"
LOOKUP = json.dumps({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [BSN], "fields": ["naam", "geboorte"]}).encode()
STACKS = {"old": "gthread", "new": "gevent"}
PROBE_TIMEOUT = 2.0
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(worker: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    env.update(SIMULATOR_WORKER=worker, SIMULATOR_CLOCK="2026-06-15", SIMULATOR_BASE_URL=f"http://127.0.0.1:{port}")
    command = [str(SIMULATOR), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"simulator serve ({worker}) did not become ready")


def cpu_seconds(pid: int) -> float:
    """utime + stime of `pid` and its children that are still running (the gunicorn worker)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        pids.extend(int(c) for c in children)
    total = 0
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS


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


def load(port: int, seconds: float, counts: "multiprocessing.Queue[int]") -> None:
    """One load generator: one keep-alive connection, BRP lookups and /health alternately, for `seconds`."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done % 2:
            conn.request("GET", "/health")
        else:
            conn.request("POST", BRP_PATH, body=LOOKUP, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        done += 1
    counts.put(done)


def load_phase(process: subprocess.Popen[bytes], port: int, loaders: int, seconds: float) -> tuple[float, float]:
    """(requests/s, server CPU ms per request) under `loaders` keep-alive load generators."""
    counts: multiprocessing.Queue[int] = multiprocessing.Queue()
    warm = multiprocessing.Process(target=load, args=(port, 2.0, counts))
    warm.start()
    warm.join()
    counts.get()
    workers = [multiprocessing.Process(target=load, args=(port, seconds, counts)) for _ in range(loaders)]
    cpu_before, started = cpu_seconds(process.pid), time.perf_counter()
    for w in workers:
        w.start()
    total = sum(counts.get() for _ in workers)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(process.pid) - cpu_before
    for w in workers:
        w.join()
    return total / elapsed, cpu / total * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stack", choices=("old", "new", "both"), default="both")
    parser.add_argument("--slow", type=int, default=64, help="trickling connections")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one throughput round")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds per stack, alternating")
    parser.add_argument("--loaders", type=int, default=2, help="load-generator processes")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {args.slow} slow connections; "
          f"{args.loaders} keep-alive loaders, {args.rounds} alternating rounds of {args.seconds:g} s")

    names = ("old", "new") if args.stack == "both" else (args.stack,)
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    try:
        for name in names:
            port = free_port()
            servers[name] = (start(STACKS[name], port), port)
        for name in names:
            process, port = servers[name]
            print(f"{name} ({STACKS[name]}): with {args.slow} slow clients: {slow_phase(port, args.slow)}")
            # The slow clients' connections must be gone (the old stack serves them out first).
            while request(port, "GET", "/health") > PROBE_TIMEOUT:
                pass
        rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for _ in range(args.rounds):
            for name in names:
                process, port = servers[name]
                rounds[name].append(load_phase(process, port, args.loaders, args.seconds))
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=30)
    results = {name: (statistics.median(r for r, _ in found), statistics.median(c for _, c in found)) for name, found in rounds.items()}
    for name, (rate, cpu) in results.items():
        print(f"{name} ({STACKS[name]}): normal load: median {rate:.0f} requests/s, {cpu:.2f} ms server CPU per request")
    if len(results) == 2:
        (old_rate, old_cpu), (new_rate, new_cpu) = results["old"], results["new"]
        print(f"new/old: throughput {new_rate / old_rate:.2f}, CPU per request {new_cpu / old_cpu:.2f}")


if __name__ == "__main__":
    main()
