"""What each SIMULATOR_STATE backend costs per request, against memory as the baseline measured in the same run.

    .venv/bin/python benchmarks/state_backends.py [--requests 2000] [--generators 2]

For each backend (memory; sqlite in a temporary folder; redis on a redis-server this script starts, skipped
when none is installed) it starts `simulator serve`, then --generators load-generator processes each send
--requests `GET /control/clock` over one keep-alive session (a request that reads state, checks the backend and
appends to the request log: the per-request work every interface shares). Prints requests/s, the server
worker's CPU per request (utime+stime from /proc/<pid>/stat) and both as a ratio to memory.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def generate(url: str, count: int) -> None:
    with requests.Session() as session:
        for _ in range(count):
            session.get(url).raise_for_status()


def measure(state: str, args: argparse.Namespace) -> tuple[float, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    env.update(SIMULATOR_BASE_URL=base, SIMULATOR_STATE=state, SIMULATOR_CLOCK="2026-06-15", SIMULATOR_LOG_LEVEL="WARNING")
    command = [str(Path(sys.executable).with_name("simulator")), "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"simulator serve with {state} did not start")
            time.sleep(0.2)
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        generate(f"{base}/control/clock", 50)  # warm up
        cpu, started = cpu_seconds(worker), time.perf_counter()
        processes = [multiprocessing.Process(target=generate, args=(f"{base}/control/clock", args.requests)) for _ in range(args.generators)]
        for p in processes:
            p.start()
        for p in processes:
            p.join()
        total = args.requests * args.generators
        return total / (time.perf_counter() - started), (cpu_seconds(worker) - cpu) / total
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="per load generator")
    parser.add_argument("--generators", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    backends = {"memory": "memory", "sqlite": f"sqlite://{folder}/state.db"}
    redis_server = None
    binary = shutil.which("redis-server") or shutil.which("valkey-server")
    if binary:
        port = free_port()
        redis_server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)], stdout=subprocess.DEVNULL)
        time.sleep(0.5)
        backends["redis"] = f"redis://127.0.0.1:{port}/0"
    else:
        print("redis: skipped (no redis-server or valkey-server installed)")
    try:
        results = {name: measure(url, args) for name, url in backends.items()}
    finally:
        if redis_server:
            redis_server.terminate()
            redis_server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    base_rate, base_cpu = results["memory"]
    print(f"GET /control/clock, {args.generators} load generators x {args.requests} requests, keep-alive")
    for name, (rate, cpu) in results.items():
        print(f"{name:7} {rate:8.0f} requests/s ({rate / base_rate:4.2f}x memory)  {cpu * 1000:6.2f} ms server CPU/request ({cpu / base_cpu:4.2f}x memory)")


if __name__ == "__main__":
    main()
