"""Large worlds through `simulator serve`: time from start to `/ready`, memory of all its processes, the first
requests after the start, and memory again after many requests.

    .venv/bin/python benchmarks/scenario_load.py [--persons 1000 100000 1000000] [--requests 10000]

For each world size the script generates a world once (cached in benchmarks/output/), starts `simulator serve`
on it together with scenarios/default (its services and the test DV the login page is asked for) and reports:
seconds from starting the command to the first 200 of `/ready`, and the CPU seconds the server's processes used
by then (which a busy machine does not inflate); PSS and RSS summed over the gunicorn master and its worker
(from /proc/<pid>/smaps_rollup; PSS counts a page shared by both once); the latency of the first postcode search right after ready (the BRP address book is built at load, not by it), then
the server CPU per search and per login page (with the AuthnRequest before it), which should not grow with the
world; then memory after `--requests` and after twice that many BRP Raadpleeg requests for random persons with
all fields (2 load-generator processes), which shows whether memory stays where it started.
"""

from __future__ import annotations

import argparse
import base64
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from brp_lookups import PATH, all_fields, persons_of, postcode_search, raadpleeg  # noqa: E402
from ddcc_flows import WOZ, sp_client  # noqa: E402
from simulator.config import DEFAULT_SCENARIO  # noqa: E402
from harness import Http, Operation, Server, drive, generated_world, header, table  # noqa: E402
from simulator.portal.saml import authn_request  # noqa: E402


def first_search_ms(server: Server, world: Path) -> float:
    _, addresses = persons_of(world, limit=50)
    postcode, huisnummer = addresses[0]
    body = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": postcode, "huisnummer": int(huisnummer), "fields": ["naam"]}
    http = Http(server.base_url)
    started = time.perf_counter()
    status, answer = http.post_json(PATH, body)
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 200 and answer["personen"], answer
    return elapsed


def login_page(base_url: str) -> Operation:
    """A signed AuthnRequest and the login page it leads to (what a browser loads first)."""
    http, sp, idp = sp_client(base_url)

    def op() -> None:
        _, xml = authn_request(sp, idp, WOZ, None)
        answer = http.post(idp.sso_url, data={"SAMLRequest": base64.b64encode(xml).decode()}, allow_redirects=False, timeout=30)
        page = http.get(answer.headers["Location"], timeout=60)
        if page.status_code != 200:
            raise AssertionError(page.text[:300])

    return op


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=10_000, help="BRP requests between the memory readings")
    args = parser.parse_args()

    worlds = {n: generated_world(n, args.seed, include_services=False) for n in args.persons}
    fields = all_fields()
    header("Generated worlds through `simulator serve` (one gunicorn worker); memory summed over master and worker")
    rows = []
    for persons, world in worlds.items():
        bsns, addresses = persons_of(world)
        with Server.simulator([DEFAULT_SCENARIO, world]) as server:
            ready, ready_cpu = server.ready_seconds, server.cpu_seconds()
            at_ready = server.memory_mb()
            search = first_search_ms(server, world)
            searches = drive(server, postcode_search(addresses), 1, count=300)
            login = drive(server, login_page, 1, count=100)
            drive(server, raadpleeg(bsns, 1, fields), 2, count=args.requests // 2)
            after = server.memory_mb()
            drive(server, raadpleeg(bsns, 1, fields), 2, count=args.requests // 2)
            after_twice = server.memory_mb()
        rows.append((f"{persons:,}", f"{world.stat().st_size / 1e6:,.0f}", ready, ready_cpu, *at_ready, search, searches.cpu_ms, login.cpu_ms, *after, after_twice[0]))
    table(
        ["persons", "file MB", "serve → /ready s", "server CPU s to ready", "PSS MB at ready", "RSS MB at ready", "first search ms", "search CPU ms", "AuthnRequest + login page CPU ms",
         f"PSS MB after {args.requests:,} requests", f"RSS MB after {args.requests:,}", f"PSS MB after {2 * args.requests:,}"],
        rows,
    )


if __name__ == "__main__":
    main()
