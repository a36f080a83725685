"""Toezicht checks through `simulator serve`: checks per second and server CPU per check, over HTTP and over
HTTPS with a client certificate (SIMULATOR_TOEZICHT_AUTH=mtls, as production identifies callers), next to
`GET /health` of the same server; and an office's client list.

    .venv/bin/python benchmarks/toezicht_checks.py [--persons 20000] [--processes 2] [--seconds 8]

The world is scenarios/default plus a generated one (professional bewind offices with many clients). Each check
asks whether a representative of a measure of the world may act for its subject, drawn at random from all
measures. Each load generator is its own process with one keep-alive connection (http.client).
"""

from __future__ import annotations

import argparse
import random
import ssl
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import TODAY, Factory, Http, Operation, Server, drive, generated_world, get_ok, header, table  # noqa: E402
from simulator.config import DEFAULT_CERTS, DEFAULT_SCENARIO  # noqa: E402
from simulator.scenario import load_world  # noqa: E402
from simulator.store import sources_from_paths  # noqa: E402

BASE = "/toezicht/vertegenwoordiging/v1"
CHECK = f"{BASE}/vertegenwoordigingsrelaties/_zoek"
TLS_ENV = {"SIMULATOR_TLS_CERT": "server.crt", "SIMULATOR_TLS_KEY": "server.key", "SIMULATOR_TLS_CLIENT_AUTH": "optional", "SIMULATOR_TOEZICHT_AUTH": "mtls"}


def client_context() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(DEFAULT_CERTS / "ca.crt"))
    context.load_cert_chain(str(DEFAULT_CERTS / "client-gemeente-demodorp.crt"), str(DEFAULT_CERTS / "client-gemeente-demodorp.key"))
    return context


def post_ok(path: str, bodies: list[dict[str, Any]], context: ssl.SSLContext | None = None) -> Factory:
    def factory(base_url: str) -> Operation:
        http, rng = Http(base_url, context), random.Random()

        def op() -> None:
            status, answer = http.post_json(path, rng.choice(bodies))
            if status != 200:
                raise AssertionError(f"{status}: {answer}")

        return op

    return factory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--seconds", type=float, default=8, help="per row")
    args = parser.parse_args()

    generated = generated_world(args.persons, args.seed, include_services=False)
    world = load_world(sources_from_paths([DEFAULT_SCENARIO, generated]), TODAY)  # only to pick the questions
    pairs = [(m.vertegenwoordigde, v) for m in world.maatregelen.values() for v in m.vertegenwoordigers]
    checks = [
        {"vertegenwoordigde": {"bsn": subject}, "vertegenwoordiger": {"kvkNummer": v.organisatie} if v.organisatie else {"bsn": v.persoon},
         "dienst": {"serviceId": "bijzondere-bijstand"}}
        for subject, v in pairs
    ]
    office, relations = Counter(v.organisatie for _, v in pairs if v.organisatie).most_common(1)[0]
    clienten = [{"vertegenwoordiger": {"kvkNummer": office}}]
    header(f"Toezicht on scenarios/default + {args.persons:,} generated persons ({len(world.maatregelen):,} measures), "
           f"{args.processes} load-generator processes, {args.seconds:g} s per row")
    rows = []
    with Server.simulator([DEFAULT_SCENARIO, generated]) as server:
        health = drive(server, get_ok("/health"), args.processes, args.seconds)
        rows.append(("HTTP", "GET /health", health, health))
        rows.append(("HTTP", "check (vertegenwoordigingsrelaties/_zoek)", drive(server, post_ok(CHECK, checks), args.processes, args.seconds), health))
        rows.append(("HTTP", f"clienten of the largest office ({relations} relations)", drive(server, post_ok(f"{BASE}/clienten/_zoek", clienten), args.processes, args.seconds), health))
    context = client_context()
    with Server.simulator([DEFAULT_SCENARIO, generated], env=TLS_ENV, scheme="https", ssl_context=context) as server:
        tls_health = drive(server, get_ok("/health", context), args.processes, args.seconds)
        rows.append(("HTTPS + client certificate", "GET /health", tls_health, tls_health))
        rows.append(("HTTPS + client certificate", "check", drive(server, post_ok(CHECK, checks, context), args.processes, args.seconds), tls_health))
    table(
        ["transport", "request", "requests/s", "median ms", "server CPU ms/request", "× /health"],
        [(transport, name, load.rate, load.median_ms, load.cpu_ms, f"{load.cpu_ms / base.cpu_ms:.2f}") for transport, name, load, base in rows],
    )


if __name__ == "__main__":
    main()
