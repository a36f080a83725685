"""Toezicht checks per second, and the cost of an office's client list, on the default scenario plus a generated
world (default 20,000 persons, with professional bewind offices of many clients).

    .venv/bin/python benchmarks/toezicht_checks.py [--persons 20000] [--rounds 5] [--requests 300]

Prints the median over the rounds of: checks/s through the Flask test client (the simulator's own cost), over
HTTP (threaded werkzeug, keep-alive), over HTTPS with a client certificate (SIMULATOR_TOEZICHT_AUTH=mtls), and
the time of one `clienten` lookup for the office with the most clients.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.app import create_app  # noqa: E402
from simulator.config import DEFAULT_CERTS, DEFAULT_SCENARIO, Config  # noqa: E402
from simulator.scenario.generator import generate_to_file  # noqa: E402
from simulator.testing import running_simulator  # noqa: E402
from simulator.tls import server_ssl_context  # noqa: E402

TODAY = dt.date(2026, 6, 15)
BASE = "/toezicht/vertegenwoordiging/v1"
CHECK = f"{BASE}/vertegenwoordigingsrelaties/_zoek"
TLS_ENV = {"SIMULATOR_TLS_CERT": "server.crt", "SIMULATOR_TLS_KEY": "server.key", "SIMULATOR_TLS_CLIENT_AUTH": "optional"}
CLIENT_CERT = (str(DEFAULT_CERTS / "client-gemeente-demodorp.crt"), str(DEFAULT_CERTS / "client-gemeente-demodorp.key"))


def median_rate(send: Callable[[dict], int], bodies: list[dict], rounds: int) -> float:
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for body in bodies:
            assert send(body) == 200
        rates.append(len(bodies) / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        generated = Path(folder) / "generated.yaml"
        started = time.perf_counter()
        generate_to_file(generated, args.persons, args.seed, TODAY, include_services=False)
        print(f"generated {args.persons} persons in {time.perf_counter() - started:.1f}s")
        scenario = f"{DEFAULT_SCENARIO}:{generated}"
        app = create_app(Config.from_env({"SIMULATOR_SCENARIO": scenario}, clock=TODAY))
        world = app.extensions["simulator"].world
        pairs = [(m.vertegenwoordigde, v) for m in world.maatregelen.values() for v in m.vertegenwoordigers]
        rng = random.Random(args.seed)
        bodies = []
        for subject, v in rng.choices(pairs, k=args.requests):
            rep = {"kvkNummer": v.organisatie} if v.organisatie else {"bsn": v.persoon}
            bodies.append({"vertegenwoordigde": {"bsn": subject}, "vertegenwoordiger": rep, "dienst": {"serviceId": "bijzondere-bijstand"}})
        print(f"world: {len(world.persons)} persons, {len(world.maatregelen)} measures; {len(bodies)} checks per round")

        client = app.test_client()
        print(f"test client:  {median_rate(lambda b: client.post(CHECK, json=b).status_code, bodies, args.rounds):8.0f} checks/s")

        env = {"SIMULATOR_SCENARIO": scenario}
        with running_simulator(env=env, clock=TODAY) as sim, requests.Session() as session:
            url = sim.base_url + CHECK
            print(f"HTTP:         {median_rate(lambda b: session.post(url, json=b).status_code, bodies, args.rounds):8.0f} checks/s")
            offices = Counter(v.organisatie for _, v in pairs if v.organisatie)
            biggest, clients = offices.most_common(1)[0]
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                assert session.post(f"{sim.base_url}{BASE}/clienten/_zoek", json={"vertegenwoordiger": {"kvkNummer": biggest}}).status_code == 200
                times.append(time.perf_counter() - started)
            print(f"clienten:     {statistics.median(times) * 1000:8.1f} ms for an office with {clients} client relations")

        context = server_ssl_context(Config.from_env(TLS_ENV))
        with running_simulator(env={**env, "SIMULATOR_TOEZICHT_AUTH": "mtls"}, ssl_context=context, clock=TODAY) as sim, requests.Session() as session:
            url = sim.base_url + CHECK
            ca = str(DEFAULT_CERTS / "ca.crt")
            send = lambda b: session.post(url, json=b, verify=ca, cert=CLIENT_CERT).status_code  # noqa: E731
            print(f"HTTPS + mTLS: {median_rate(send, bodies, args.rounds):8.0f} checks/s")


if __name__ == "__main__":
    main()
