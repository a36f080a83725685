"""What each SIMULATOR_STATE backend costs per request, against memory as the baseline measured in the same run.

    .venv/bin/python benchmarks/state_backends.py [--seconds 6] [--rounds 3] [--processes 2]

Starts `simulator serve` once per backend (memory; sqlite in a temporary folder; redis on a redis-server this
script starts, skipped when none is installed), side by side, and drives each from `--processes`
load-generator processes (`benchmarks/harness.py`) with `GET /control/clock` on keep-alive connections: a
request that reads state, checks the backend and appends to the request log, the per-request work every
interface shares. The backends take turns in `--rounds` rounds (`--seconds` per backend in all), so a shared
machine's changing load falls on each alike. Prints requests/s, the server's CPU per request (all its processes,
from /proc) and both as a ratio to memory.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Server, alternating, drive, free_port, get_ok, header, table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6, help="per backend, over all rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    args = parser.parse_args()
    header(f"GET /control/clock per state backend, {args.processes} load-generator processes, {args.seconds:g} s per backend in {args.rounds} alternating rounds")
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        backends = {"memory": "memory", "sqlite": f"sqlite://{folder}/state.db"}
        binary = shutil.which("redis-server") or shutil.which("valkey-server")
        if binary:
            port = free_port()
            redis = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder], stdout=subprocess.DEVNULL)
            stack.callback(lambda: (redis.terminate(), redis.wait(10)))
            time.sleep(0.5)
            backends["redis"] = f"redis://127.0.0.1:{port}/0"
        else:
            print("redis: skipped (no redis-server or valkey-server installed)\n")
        servers = {name: stack.enter_context(Server.simulator(env={"SIMULATOR_STATE": url, "SIMULATOR_LOG_LEVEL": "WARNING"})) for name, url in backends.items()}
        seconds = args.seconds / args.rounds
        loads = alternating([(name, lambda server=server: drive(server, get_ok("/control/clock"), args.processes, seconds)) for name, server in servers.items()], args.rounds)
    memory = loads["memory"]
    table(
        ["state", "requests/s", "median ms", "server CPU ms/request", "requests/s × memory", "CPU × memory"],
        [(name, load.rate, load.median_ms, load.cpu_ms, f"{load.rate / memory.rate:.2f}", f"{load.cpu_ms / memory.cpu_ms:.2f}") for name, load in loads.items()],
    )


if __name__ == "__main__":
    main()
