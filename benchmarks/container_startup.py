"""Startup to ready of the simulator's container with the default scenario: median over several starts.

    .venv/bin/python benchmarks/container_startup.py [--runs 5]

Prints three figures per run and their medians: creating the container (storage-driver work before the
process starts; large on vfs, small on overlay2), start → /ready answering 200 (what a CI service waits for),
and start → HEALTHCHECK healthy (adds up to the health-check interval, 2 s). Needs a Docker engine
(`bash .ci/docker-setup.sh`)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.container.image import (  # noqa: E402
    IMAGE_TAG,
    build_image,
    engine,
    free_port,
    running_container,
    wait_until_healthy,
    wait_until_ready,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    client, why = engine()
    if client is None:
        print(why)
        return 1
    _, build_seconds = build_image(client)
    print(f"image {IMAGE_TAG} built (or taken from cache) in {build_seconds:.1f} s")
    created, ready, healthy = [], [], []
    for run in range(1, args.runs + 1):
        port = free_port()
        env = {"SIMULATOR_PORT": str(port), "SIMULATOR_BASE_URL": f"http://127.0.0.1:{port}"}
        before_create = time.perf_counter()
        with running_container(client, IMAGE_TAG, env) as (container, started):
            created.append(started - before_create)
            ready.append(wait_until_ready(f"http://127.0.0.1:{port}/ready", started))
            wait_until_healthy(container)
            healthy.append(time.perf_counter() - started)
        print(f"run {run}: create {created[-1]:.2f} s, start->ready {ready[-1]:.2f} s, start->healthy {healthy[-1]:.2f} s")
    print(
        f"median of {args.runs}: create {statistics.median(created):.2f} s, "
        f"start->ready {statistics.median(ready):.2f} s (target < 2 s), start->healthy {statistics.median(healthy):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
