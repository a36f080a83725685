"""BRP Personen over HTTP: requests/s and server CPU per request of `simulator serve` on a generated world,
against `GET /health` of the same server and of a bare Flask app (the floor of a request through gunicorn and
Flask), all measured in this run.

    .venv/bin/python benchmarks/brp_lookups.py [--persons 100000] [--processes 2] [--seconds 8] [--rounds 4]

Cases: Raadpleeg with 1 BSN asking gezag, kinderen and ouders (the goal: at most 1.43 × the CPU of /health),
with 1 and with 20 BSNs asking every field, and a postcode search. BSNs are drawn at random from the world, so
the figures include the lookups of a large world, not a hot cache of one person. Each load generator is its own
process with one keep-alive connection (http.client). Both servers run side by side and every row is measured in
`--rounds` rounds that alternate between the rows (`--seconds` in all per row), so that a shared machine's
changing load falls on the baseline and the lookups alike.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulator.config import DEFAULT_SCENARIO  # noqa: E402
from harness import Factory, Http, Operation, Server, alternating, drive, generated_world, get_ok, header, table  # noqa: E402

PATH = "/haalcentraal/api/brp/personen"


def all_fields() -> list[str]:
    from simulator.brp.spec import AUTOMATIC_FIELDS, field_tree

    return sorted(name for name in field_tree("Persoon").children if name not in AUTOMATIC_FIELDS)


def persons_of(world: Path, limit: int = 20_000) -> tuple[list[str], list[tuple[str, str]]]:
    """BSNs and (postcode, huisnummer) pairs of the generated world, read from its JSON lines."""
    import json

    bsns, addresses = [], []
    with world.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith('  - {"bsn"'):
                person = json.loads(line[4:])
                bsns.append(person["bsn"])
                if "adres" in person:
                    addresses.append((person["adres"]["postcode"], person["adres"]["huisnummer"]))
                if len(bsns) >= limit:
                    break
    return bsns, addresses


def raadpleeg(bsns: list[str], per_request: int, fields: list[str]) -> Factory:
    def factory(base_url: str) -> Operation:
        http, rng = Http(base_url), random.Random()

        def op() -> None:
            body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": rng.sample(bsns, per_request), "fields": fields}
            status, answer = http.post_json(PATH, body)
            if status != 200 or len(answer["personen"]) != per_request:
                raise AssertionError(f"{status}: {answer}")

        return op

    return factory


def postcode_search(addresses: list[tuple[str, str]]) -> Factory:
    def factory(base_url: str) -> Operation:
        http, rng = Http(base_url), random.Random()

        def op() -> None:
            postcode, huisnummer = rng.choice(addresses)
            body = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": postcode, "huisnummer": int(huisnummer), "fields": ["naam", "geboorte"]}
            status, answer = http.post_json(PATH, body)
            if status != 200 or not answer["personen"]:
                raise AssertionError(f"{status}: {answer}")

        return op

    return factory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--seconds", type=float, default=8, help="per row, over all rounds")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds")
    args = parser.parse_args()

    world = generated_world(args.persons, args.seed, include_services=False)
    bsns, addresses = persons_of(world)
    fields = all_fields()
    header(f"BRP Personen on {args.persons:,} persons, {args.processes} load-generator processes, {args.seconds:g} s per row in {args.rounds} alternating rounds")
    with Server.bare_flask() as bare, Server.simulator([DEFAULT_SCENARIO, world]) as server:
        seconds = args.seconds / args.rounds
        cases = [
            ("bare Flask app: GET /health", bare, get_ok("/health")),
            ("simulator: GET /health", server, get_ok("/health")),
            ("Raadpleeg 1 BSN: gezag, kinderen, ouders", server, raadpleeg(bsns, 1, ["gezag", "kinderen", "ouders"])),
            ("Raadpleeg 1 BSN: all fields", server, raadpleeg(bsns, 1, fields)),
            ("Raadpleeg 20 BSNs: all fields", server, raadpleeg(bsns, 20, fields)),
            ("ZoekMetPostcodeEnHuisnummer: naam, geboorte", server, postcode_search(addresses)),
        ]
        loads = alternating([(name, lambda srv=srv, f=f: drive(srv, f, args.processes, seconds)) for name, srv, f in cases], args.rounds)
    health = loads["simulator: GET /health"]
    rows = list(loads.items())
    table(
        ["request", "requests/s", "median ms", "server CPU ms/request", "× simulator /health"],
        [(name, load.rate, load.median_ms, load.cpu_ms, f"{load.cpu_ms / health.cpu_ms:.2f}") for name, load in rows],
    )


if __name__ == "__main__":
    main()
