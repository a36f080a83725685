"""BRP lookups per second: RaadpleegMetBurgerservicenummer with 1 and with 20 BSNs, asking all fields, on a
generated world (default 100,000 persons).

    .venv/bin/python benchmarks/brp_lookups.py [--persons 100000] [--rounds 5] [--requests 200] [--http]

Prints, per case, the median over the rounds of requests/s and persons/s. By default requests go through the
Flask test client (the simulator's own cost); `--http` sends them over real HTTP to a threaded werkzeug server
(`running_simulator`), which adds the HTTP stack. The generated world is kept in --world-dir (default: a
temporary folder) so repeated runs skip generation.
"""

from __future__ import annotations

import argparse
import logging
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.app import create_app  # noqa: E402
from simulator.brp.spec import AUTOMATIC_FIELDS, field_tree  # noqa: E402
from simulator.config import Config  # noqa: E402
from simulator.scenario.generator import generate_to_file  # noqa: E402
from simulator.testing import running_simulator  # noqa: E402

TODAY = dt.date(2026, 6, 15)
PATH = "/haalcentraal/api/brp/personen"
ALL_FIELDS = sorted(name for name in field_tree("Persoon").children if name not in AUTOMATIC_FIELDS)


def world_file(persons: int, seed: int, folder: Path) -> Path:
    path = folder / f"brp-benchmark-{persons}-{seed}.yaml"
    if not path.exists():
        started = time.perf_counter()
        generate_to_file(path, persons, seed, TODAY)
        print(f"generated {persons} persons in {time.perf_counter() - started:.1f}s: {path}")
    return path


def measure(post: Callable[[dict], int], bodies: list[dict], rounds: int) -> tuple[float, float]:
    """Median requests/s and persons/s over `rounds` passes over `bodies`."""
    rates, person_rates = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        found = sum(post(body) for body in bodies)
        elapsed = time.perf_counter() - started
        rates.append(len(bodies) / elapsed)
        person_rates.append(found / elapsed)
    return statistics.median(rates), statistics.median(person_rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200, help="requests per round")
    parser.add_argument("--http", action="store_true", help="over HTTP instead of the Flask test client")
    parser.add_argument("--world-dir", type=Path, default=None)
    args = parser.parse_args()

    folder = args.world_dir or Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    path = world_file(args.persons, args.seed, folder)
    config = dict(clock=TODAY, scenario_paths=(path,))
    started = time.perf_counter()
    app = create_app(Config.from_env({}, base_url="http://localhost", **config))  # type: ignore[arg-type]
    world = app.extensions["simulator"].world
    print(f"loaded {len(world.persons)} persons in {time.perf_counter() - started:.1f}s; fields: {', '.join(ALL_FIELDS)}")

    rng = random.Random(args.seed)
    bsns = sorted(world.persons)

    def bodies(per_request: int) -> list[dict]:
        return [
            {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": rng.sample(bsns, per_request), "fields": ALL_FIELDS}
            for _ in range(args.requests)
        ]

    def run(post: Callable[[dict], int]) -> None:
        post(bodies(1)[0])  # warm up (address book, imports)
        for per_request in (1, 20):
            rate, persons = measure(post, bodies(per_request), args.rounds)
            print(f"Raadpleeg {per_request:>2} BSN(s), all fields: median {rate:8.1f} requests/s, {persons:9.1f} persons/s")

    mode = "HTTP (werkzeug threaded server, requests.Session)" if args.http else "in-process (Flask test client)"
    print(f"{mode}, {args.rounds} rounds of {args.requests} requests")
    if args.http:
        import requests

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one log line per request would be measured too

        with running_simulator(**config) as sim, requests.Session() as session:  # type: ignore[arg-type]
            def post_http(body: dict) -> int:
                response = session.post(sim.base_url + PATH, json=body)
                assert response.status_code == 200, response.text
                return len(response.json()["personen"])

            run(post_http)
    else:
        client = app.test_client()

        def post_local(body: dict) -> int:
            response = client.post(PATH, data=json.dumps(body), content_type="application/json")
            assert response.status_code == 200, response.get_data(as_text=True)
            return len(response.get_json()["personen"])

        run(post_local)


if __name__ == "__main__":
    main()
