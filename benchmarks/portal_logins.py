"""Demo portal logins end to end: the portal's signed AuthnRequest, DDCC (directive: no pages), the artifact,
the signed ArtifactResolve over SOAP, signature checks and decryption, then BRP and Toezicht — all over HTTP.

    .venv/bin/python benchmarks/portal_logins.py                 # starts a simulator in this process
    .venv/bin/python benchmarks/portal_logins.py --logins 40 --clients 1 4

Prints the median and 90th percentile seconds per login and logins per second for each number of clients."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.testing import running_simulator  # noqa: E402

PORTAL = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"


def one_login(base_url: str) -> float:
    """A login as Sanne van Dijk for Jan van Dijk, the DigiD pages skipped by a directive; seconds."""
    session = requests.Session()
    session.post(f"{base_url}/control/directives", json={"sp": PORTAL, "bsn": "999990251", "represent": "999990263"}, timeout=30).raise_for_status()
    started = time.perf_counter()
    page = session.post(f"{base_url}/portal/login", data={"dienst": "bijzondere-bijstand", "machtigen": "1"}, timeout=30)
    form = lxml.html.fromstring(page.text).forms[0]
    result = session.post(form.action, data=dict(form.form_values()), timeout=30)
    elapsed = time.perf_counter() - started
    assert "handelt namens J. van Dijk" in result.text, result.text[:500]
    return elapsed


def measure(base_url: str, logins: int, clients: int) -> None:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = sorted(pool.map(lambda _: one_login(base_url), range(logins)))
    wall = time.perf_counter() - started
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"clients={clients:2d} logins={logins} median={statistics.median(times):.3f}s p90={p90:.3f}s throughput={logins / wall:.1f} logins/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url")
    parser.add_argument("--logins", type=int, default=30)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    if args.base_url:
        for clients in args.clients:
            measure(args.base_url.rstrip("/"), args.logins, clients)
        return
    with running_simulator(clock=dt.date(2026, 6, 15)) as sim:
        one_login(sim.base_url)  # warm up: keys, metadata, templates
        for clients in args.clients:
            measure(sim.base_url, args.logins, clients)


if __name__ == "__main__":
    main()
