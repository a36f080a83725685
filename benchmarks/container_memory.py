"""Idle memory of the simulator's container with the default scenario, after it turned healthy.

    .venv/bin/python benchmarks/container_memory.py [--idle 10]

Memory is the container's cgroup usage without page cache (what `docker stats` shows), read after the
container has been idle for `--idle` seconds and again after 50 requests to /ready and the IdP metadata.
Needs a Docker engine (`bash .ci/docker-setup.sh`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.container.image import IMAGE_TAG, build_image, engine, free_port, running_container, wait_until_healthy  # noqa: E402

MIB = 1024 * 1024


def used_bytes(stats: dict[str, Any]) -> int:
    memory = stats["memory_stats"]
    details = memory.get("stats", {})
    cache = details.get("inactive_file", details.get("total_inactive_file", 0))  # cgroup v2, v1
    return int(memory["usage"]) - int(cache)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()
    client, why = engine()
    if client is None:
        print(why)
        return 1
    build_image(client)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running_container(client, IMAGE_TAG, {"SIMULATOR_PORT": str(port), "SIMULATOR_BASE_URL": base_url}) as (container, _):
        wait_until_healthy(container)
        time.sleep(args.idle)
        idle = used_bytes(container.stats(stream=False))
        for _ in range(25):
            requests.get(f"{base_url}/ready", timeout=5)
            requests.get(f"{base_url}/saml/v4/idp/metadata", timeout=5)
        warm = used_bytes(container.stats(stream=False))
    print(f"idle memory after {args.idle:.0f} s: {idle / MIB:.1f} MiB; after 50 requests: {warm / MIB:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
