"""Soak: mixed load against `simulator serve` for `--minutes` (default 10), the server's RSS sampled every 10 s.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--loaders 2]

Starts `simulator serve` (the default stack, the default world) as a separate process and runs `--loaders`
load-generator processes, each looping over a mix on keep-alive connections:
- a DDCC flow with a pre-programmed outcome (POST /control/directives, then AuthnRequest -> login -> artifact ->
  ArtifactResolve, as benchmarks/ddcc_flows.py);
- a BRP lookup (RaadpleegMetBurgerservicenummer);
- a Toezicht check (vertegenwoordigingsrelaties/_zoek);
- two rejected SAML messages of 200 kB each (kept in the request log, cut to 64 K, until the log's byte bound).
Every 10 s it prints the server's RSS (master + worker, from /proc/<pid>/status), the requests done and the
server's CPU seconds; at the end the plateau: RSS at 25 %, 50 %, 75 % and 100 % of the run, and the growth over
its second half.
"""

from __future__ import annotations

import argparse
import base64
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

from urllib.parse import parse_qs, urlparse

import requests
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from ddcc_flows import SAML, SAMLP, SOAP, WOZ, _message, _signed  # noqa: E402
from slow_clients import LOOKUP, cpu_seconds, free_port, start  # noqa: E402

TOEZICHT = "/toezicht/vertegenwoordiging/v1/vertegenwoordigingsrelaties/_zoek"
CHECK = {"vertegenwoordigde": {"bsn": "999990172"}, "vertegenwoordiger": {"kvkNummer": "90001234"}}
REJECTED = base64.b64encode(b"<samlp:AuthnRequest>" + b"A" * 200_000 + b"</samlp:AuthnRequest>").decode()


def rss_mb(pid: int) -> float:
    pids = [pid] + [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    total = 0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def directed_flow(http: requests.Session, base_url: str) -> None:
    """A DDCC login whose outcome a directive decides (no login page): AuthnRequest -> artifact -> assertion."""
    directive = http.post(f"{base_url}/control/directives", json={"outcome": "success", "bsn": "999990019", "count": 1}, timeout=30)
    assert directive.status_code == 201, directive.text
    request = _message("AuthnRequest", Destination=f"{base_url}/saml/v4/entrance/request_authentication")
    attribute = etree.SubElement(etree.SubElement(request, f"{{{SAMLP}}}Extensions"), f"{{{SAML}}}Attribute", Name="urn:nl-eid-gdi:1.0:ServiceUUID")
    etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").text = WOZ
    answer = http.post(f"{base_url}/saml/v4/entrance/request_authentication",
                       data={"SAMLRequest": base64.b64encode(_signed(request)).decode(), "RelayState": "soak"}, allow_redirects=False, timeout=30)
    artifact = parse_qs(urlparse(answer.headers["Location"]).query)["SAMLart"][0]
    resolve = _message("ArtifactResolve")
    etree.SubElement(resolve, f"{{{SAMLP}}}Artifact").text = artifact
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soapenv": SOAP})
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(etree.fromstring(_signed(resolve)))
    answer = http.post(f"{base_url}/saml/v4/entrance/resolve_artifact", data=etree.tostring(envelope), headers={"Content-Type": "text/xml"}, timeout=30)
    assert etree.fromstring(answer.content).find(f".//{{{SAML}}}Assertion") is not None, answer.text[:300]


def loader(base_url: str, until: float, counter: Any) -> None:
    http = requests.Session()
    http.trust_env = False
    while time.time() < until:
        directed_flow(http, base_url)
        answer = http.post(f"{base_url}/haalcentraal/api/brp/personen", data=LOOKUP, headers={"Content-Type": "application/json"}, timeout=30)
        assert answer.status_code == 200, answer.text
        answer = http.post(f"{base_url}{TOEZICHT}", json=CHECK, headers={"X-Simulator-Oin": "00000099000000009100"}, timeout=30)
        assert answer.status_code == 200, answer.text
        for _ in range(2):
            answer = http.post(f"{base_url}/saml/v4/entrance/request_authentication", data={"SAMLRequest": REJECTED}, timeout=30)
            assert answer.status_code == 400, answer.status_code
        with counter.get_lock():
            counter.value += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--loaders", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    process = start("gevent", port)
    base_url = f"http://127.0.0.1:{port}"
    seconds = args.minutes * 60
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {args.loaders} loaders for {args.minutes:g} min; "
          f"RSS at start {rss_mb(process.pid):.1f} MB")
    counter = multiprocessing.Value("q", 0)
    started = time.time()
    loaders = [multiprocessing.Process(target=loader, args=(base_url, started + seconds, counter)) for _ in range(args.loaders)]
    for p in loaders:
        p.start()
    samples: list[tuple[float, float]] = []
    samples_cpu: list[float] = []
    cpu_start = cpu_seconds(process.pid)
    try:
        while any(p.is_alive() for p in loaders):
            time.sleep(10)
            elapsed = time.time() - started
            rss = rss_mb(process.pid)
            samples.append((elapsed, rss))
            samples_cpu.append(cpu_seconds(process.pid) - cpu_start)
            print(f"{elapsed:5.0f} s  RSS {rss:7.1f} MB  loops {counter.value:6d}  server CPU {samples_cpu[-1]:6.1f} s", flush=True)
        failed = [p.exitcode for p in loaders if p.exitcode]
        assert not failed, f"a loader failed: exit codes {failed}"
    finally:
        for p in loaders:
            p.join(timeout=30)
        process.terminate()
        process.wait(timeout=30)
    loops, cpu = counter.value, samples_cpu[-1] if samples_cpu else 0.0
    at = {q: next(rss for t, rss in samples if t >= q * samples[-1][0]) for q in (0.25, 0.5, 0.75, 1.0)}
    print(f"{loops} loops (each: 1 DDCC flow with its directive, 1 BRP lookup, 1 Toezicht check, 2 rejected 200 kB messages); "
          f"server CPU {cpu:.0f} s, {cpu / max(loops, 1) * 1000:.1f} ms per loop")
    print("RSS plateau: " + ", ".join(f"{int(q * 100)} % {rss:.1f} MB" for q, rss in at.items())
          + f"; second half growth {at[1.0] - at[0.5]:+.1f} MB")


if __name__ == "__main__":
    main()
