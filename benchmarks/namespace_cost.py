"""What a new namespace costs the server, and that the cost does not grow with the world.

    .venv/bin/python benchmarks/namespace_cost.py [--persons 0|100000] [--namespaces 20] [--state memory]

Starts `simulator serve` (default scenario, or with --persons N a generated world of N persons), then from this
process (the load generator, one keep-alive session) creates --namespaces namespaces, each by its first request
(`GET /t/<name>/ready`), and afterwards sends the same number of requests to namespaces that exist (the
baseline). Prints the server worker's CPU time per operation (utime+stime from /proc/<pid>/stat), its resident
memory growth per namespace (VmRSS from /proc/<pid>/status) and the ratio of creation to baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.scenario.generator import generate_to_file  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
TODAY = dt.date(2026, 6, 15)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=0, help="0: the default scenario")
    parser.add_argument("--namespaces", type=int, default=20)
    parser.add_argument("--state", default="memory")
    parser.add_argument("--world-dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env.update(SIMULATOR_BASE_URL=base, SIMULATOR_CLOCK=TODAY.isoformat(), SIMULATOR_STATE=args.state, SIMULATOR_LOG_LEVEL="WARNING")
    if args.persons:
        world = args.world_dir / f"namespace-benchmark-{args.persons}.yaml"
        if not world.exists():
            generate_to_file(world, args.persons, 7, TODAY)
        env["SIMULATOR_SCENARIO"] = str(world)
    command = [str(Path(sys.executable).with_name("simulator")), "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with requests.Session() as session:
            deadline = time.monotonic() + 300
            while True:
                try:
                    ready = session.get(f"{base}/ready", timeout=5)
                    if ready.status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("simulator serve did not start")
                time.sleep(0.5)
            worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
            persons = ready.json()["persons"]
            session.get(f"{base}/t/warm-up/ready").raise_for_status()

            def run(names: list[str]) -> tuple[float, float, float]:
                cpu, rss, started = cpu_seconds(worker), rss_mib(worker), time.perf_counter()
                for name in names:
                    session.get(f"{base}/t/{name}/ready").raise_for_status()
                return (cpu_seconds(worker) - cpu) / len(names), (rss_mib(worker) - rss) / len(names), (time.perf_counter() - started) / len(names)

            n = args.namespaces
            create_cpu, create_rss, create_wall = run([f"job-{i}" for i in range(n)])
            # Ten times as many requests: one request is below the 10 ms resolution of the CPU counters.
            base_cpu, _, base_wall = run([f"job-{i % n}" for i in range(10 * n)])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"world: {persons} persons, state: {args.state}, {n} namespaces")
    print(f"new namespace:      {create_cpu * 1000:7.1f} ms server CPU, {create_wall * 1000:7.1f} ms wall, {create_rss:5.2f} MiB resident each")
    print(f"existing namespace: {base_cpu * 1000:7.1f} ms server CPU, {base_wall * 1000:7.1f} ms wall (GET /t/<name>/ready)")
    print(f"ratio new/existing: {create_cpu / base_cpu if base_cpu else float('inf'):.0f}x CPU")


if __name__ == "__main__":
    main()
