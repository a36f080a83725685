"""Soak: mixed load against `simulator serve` for `--minutes` (default 10), the server's memory read every 10 s.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--loaders 2]

Starts `simulator serve` (the default stack, the default world) as a separate process and drives it in rounds of
10 s from `--loaders` load-generator processes (`benchmarks/harness.py`), each looping over a mix on keep-alive
connections:
- a whole DDCC login as an SP makes it (`benchmarks/ddcc_flows.py`: AuthnRequest, login page, artifact,
  ArtifactResolve, the decrypted assertion checked);
- a BRP lookup (RaadpleegMetBurgerservicenummer);
- a Toezicht check (vertegenwoordigingsrelaties/_zoek);
- two rejected SAML messages of 200 kB each (kept in the request log, cut to 64 K, until the log's byte bound).
After each round it prints the memory of all server processes (PSS and RSS, from /proc/<pid>/smaps_rollup), the
loops done and the server's CPU per loop; at the end the plateau (RSS at 25 %, 50 %, 75 % and 100 % of the run,
the growth over its second half) and the CPU per loop against `GET /health` of the same server, measured first.
"""

from __future__ import annotations

import argparse
import base64
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ddcc_flows import login_flow  # noqa: E402
from harness import Factory, Http, Load, Operation, Server, drive, get_ok, header, table  # noqa: E402

BRP = "/haalcentraal/api/brp/personen"
LOOKUP = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam", "geboorte"]}
TOEZICHT = "/toezicht/vertegenwoordiging/v1/vertegenwoordigingsrelaties/_zoek"
CHECK = {"vertegenwoordigde": {"bsn": "999990172"}, "vertegenwoordiger": {"kvkNummer": "90001234"}}
REJECTED = urlencode({"SAMLRequest": base64.b64encode(b"<samlp:AuthnRequest>" + b"A" * 200_000 + b"</samlp:AuthnRequest>")}).encode()
ROUND = 10.0


def mixed_loop() -> Factory:
    def factory(base_url: str) -> Operation:
        flow, http = login_flow(False)(base_url), Http(base_url)

        def op() -> None:
            flow()
            status, answer = http.post_json(BRP, LOOKUP)
            assert status == 200, answer
            status, answer = http.post_json(TOEZICHT, CHECK, {"X-Simulator-Oin": "00000099000000009100"})
            assert status == 200, answer
            for _ in range(2):
                status, body = http.request("POST", "/saml/v4/entrance/request_authentication", REJECTED, {"Content-Type": "application/x-www-form-urlencoded"})
                assert status == 400, (status, body[:200])

        return op

    return factory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--loaders", type=int, default=2, help="load-generator processes")
    args = parser.parse_args()
    header(f"Soak: {args.loaders} load-generator processes for {args.minutes:g} min in rounds of {ROUND:g} s")
    rounds: list[Load] = []
    samples: list[tuple[float, float]] = []  # (seconds into the run, RSS MB)
    with Server.simulator() as server:
        health = drive(server, get_ok("/health"), args.loaders, 5)
        pss, rss = server.memory_mb()
        print(f"memory at start: PSS {pss:.1f} MB, RSS {rss:.1f} MB\n")
        started = time.perf_counter()
        while time.perf_counter() - started < args.minutes * 60:
            rounds.append(drive(server, mixed_loop(), args.loaders, ROUND))
            elapsed, (pss, rss) = time.perf_counter() - started, server.memory_mb()
            samples.append((elapsed, rss))
            print(f"{elapsed:5.0f} s  PSS {pss:7.1f} MB  RSS {rss:7.1f} MB  loops {sum(r.ops for r in rounds):6d}  server CPU {rounds[-1].cpu_ms:6.1f} ms/loop", flush=True)
    print()
    mixed = Load.merged(rounds)
    table(
        ["operation", "per second", "median ms", "server CPU ms/operation", "× GET /health"],
        [
            ("GET /health (before the soak)", health.rate, health.median_ms, health.cpu_ms, "1.00"),
            ("loop: 1 DDCC login, 1 BRP lookup, 1 Toezicht check, 2 rejected 200 kB messages", mixed.rate, mixed.median_ms, mixed.cpu_ms, f"{mixed.cpu_ms / health.cpu_ms:.0f}"),
        ],
    )
    at = {q: next(rss for t, rss in samples if t >= q * samples[-1][0]) for q in (0.25, 0.5, 0.75, 1.0)}
    print("RSS plateau: " + ", ".join(f"{int(q * 100)} % {rss:.1f} MB" for q, rss in at.items()) + f"; second half growth {at[1.0] - at[0.5]:+.1f} MB")


if __name__ == "__main__":
    main()
