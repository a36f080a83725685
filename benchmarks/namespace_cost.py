"""What a new namespace costs the server, and that the cost does not grow with the world.

    .venv/bin/python benchmarks/namespace_cost.py [--persons 0|100000] [--namespaces 20] [--processes 2] [--state memory]

Starts `simulator serve` (the default scenario, or with --persons N the default scenario plus a generated world
of N persons) and drives it from `--processes` load-generator processes, each on its own keep-alive connection:
first each creates `--namespaces` namespaces, each by its first request (`GET /t/<name>/ready`), then sends ten
times as many requests to namespaces that exist, then as many `GET /health` (the baselines). Prints requests per
second, the server's CPU per request (all its processes, from /proc), its memory growth (PSS and RSS of all its
processes) per new namespace, and each row's CPU against an existing namespace's.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulator.config import DEFAULT_SCENARIO  # noqa: E402
from harness import FORK, Load, Server, drive, generated_world, get_ok, header, table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=0, help="0: the default scenario only")
    parser.add_argument("--namespaces", type=int, default=20, help="per load-generator process")
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--state", default="memory")
    args = parser.parse_args()

    scenario = [DEFAULT_SCENARIO] + ([generated_world(args.persons, include_services=False)] if args.persons else [])
    processes, n = args.processes, args.namespaces
    # Every namespace stays live (no eviction) and the process log says little (its lines are not the subject).
    env = {"SIMULATOR_STATE": args.state, "SIMULATOR_NAMESPACES_MAX": str(processes * (n + 2)), "SIMULATOR_LOG_LEVEL": "WARNING"}
    header(f"Namespaces on the default scenario{f' plus {args.persons:,} persons' if args.persons else ''}, state {args.state}, "
           f"{processes} load-generator processes × {n} new namespaces")
    with Server.simulator(scenario, env=env) as server:
        # One counter shared by the (forked) load generators: every new name is new to the server.
        made = FORK.Value("i", 0)

        def new_name() -> str:
            with made.get_lock():
                made.value += 1
                return f"job-{made.value}"

        before = server.memory_mb()
        created = drive(server, get_ok(lambda: f"/t/{new_name()}/ready"), processes, count=n)
        # The load generators' warm-up requests made namespaces too (one each), before the memory was read again.
        grown_pss, grown_rss = ((after - was) / made.value for after, was in zip(server.memory_mb(), before))
        rng = random.Random(7)
        existing = drive(server, get_ok(lambda: f"/t/job-{rng.randint(1, made.value)}/ready"), processes, count=10 * n)
        health = drive(server, get_ok("/health"), processes, count=10 * n)
    rows: list[tuple[str, Load, str]] = [
        ("new namespace (GET /t/<new>/ready)", created, f"{grown_pss:.2f} / {grown_rss:.2f}"),
        ("existing namespace (GET /t/<name>/ready)", existing, ""),
        ("GET /health", health, ""),
    ]
    table(
        ["request", "requests/s", "median ms", "server CPU ms/request", "× existing namespace", "MB PSS / RSS per namespace"],
        [(name, load.rate, load.median_ms, load.cpu_ms, f"{load.cpu_ms / existing.cpu_ms:.1f}", memory) for name, load, memory in rows],
    )


if __name__ == "__main__":
    main()
