"""Demo portal logins end to end through `simulator serve`: logins per second and the server's CPU per login,
next to `GET /health` and one RSA-2048 signature measured in this run.

    .venv/bin/python benchmarks/portal_logins.py [--processes 1 2] [--seconds 10]

A login: a directive for the next login (control API: Sanne van Dijk for Jan van Dijk, so DigiD's pages are
skipped), the portal's start page posting its signed AuthnRequest, DDCC answering with the artifact, and the
portal resolving it with a signed ArtifactResolve over SOAP, checking signatures, decrypting, then asking BRP
and Toezicht about the person — all over HTTP. The portal is a client living in the same server, so the server
CPU per login is the portal's work and DDCC's, BRP's and Toezicht's together. Each load generator is its own
process with its own keep-alive `requests.Session` (the portal's session cookie).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import lxml.html  # noqa: E402
import requests  # noqa: E402

from harness import Factory, Operation, Server, drive, get_ok, header, rsa_sign_ms, table  # noqa: E402

PORTAL = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"


def portal_login(base_url: str) -> Operation:
    http = requests.Session()
    http.trust_env = False

    def op() -> None:
        directive = {"sp": PORTAL, "bsn": "999990251", "represent": "999990263"}
        http.post(f"{base_url}/control/directives", json=directive, timeout=30).raise_for_status()
        page = http.post(f"{base_url}/portal/login", data={"dienst": "bijzondere-bijstand", "machtigen": "1"}, timeout=30)
        form = lxml.html.fromstring(page.text).forms[0]
        result = http.post(form.action, data=dict(form.form_values()), timeout=30)
        if "handelt namens J. van Dijk" not in result.text:
            raise AssertionError(result.text[:500])

    return op


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="load-generator processes per row")
    parser.add_argument("--seconds", type=float, default=10, help="per row")
    args = parser.parse_args()

    sign_ms = rsa_sign_ms()
    header(f"Demo portal logins (machtigen, by directive) through `simulator serve`; one RSA-2048 signature: {sign_ms:.3f} ms CPU")
    factory: Factory = portal_login
    with Server.simulator() as server:
        health = drive(server, get_ok("/health"), 2, args.seconds / 2)
        rows = [("GET /health (baseline)", 2, health)] + [("portal login", n, drive(server, factory, n, args.seconds)) for n in args.processes]
    table(
        ["operation", "load processes", "per second", "median ms", "server CPU ms/operation", "× RSA sign", "× /health"],
        [(name, n, load.rate, load.median_ms, load.cpu_ms, f"{load.cpu_ms / sign_ms:.1f}", f"{load.cpu_ms / health.cpu_ms:.1f}") for name, n, load in rows],
    )


if __name__ == "__main__":
    main()
