"""DDCC logins as a real service provider makes them, against `simulator serve`: flows per second and the
server's CPU per flow, next to the cost of one RSA-2048 signature measured in this run ("flow CPU = N × RSA
sign": the floor is the few RSA operations a flow needs).

    .venv/bin/python benchmarks/ddcc_flows.py [--processes 1 2 4] [--seconds 10] [--workers gevent gthread]

Each worker class (SIMULATOR_WORKER) gets its own server, one after the other in the same run, so their figures
compare: gevent (the default: a greenlet per connection) against gthread (threads).

A flow: a signed AuthnRequest (HTTP-POST), the login page loaded and its form submitted, for machtigen the
machtigen page loaded and a representation chosen, then the artifact resolved with a signed ArtifactResolve
(SOAP) and the answer checked as a careful SP does: both signatures verified, the EncryptedIDs decrypted, every
condition checked. The client is the demo portal's SAML client (`simulator.portal.saml`, built from the wire
protocol, not from the IdP's code), one keep-alive `requests.Session` per load-generator process; all client
crypto runs in those processes, not in the server. Self-login: Fatima El Amrani for the WOZ-beschikking;
machtigen: Sanne van Dijk for her father Jan.
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import lxml.html  # noqa: E402
import requests  # noqa: E402
from cryptography import x509  # noqa: E402

from harness import ROOT, Factory, Operation, Server, drive, get_ok, header, rsa_sign_ms, table  # noqa: E402
from simulator.pki import key_name  # noqa: E402
from simulator.portal.saml import IdpMetadata, SpIdentity, artifact_resolve, authn_request, read_artifact_response, read_idp_metadata  # noqa: E402
from simulator.portal.saml_xml import load_key  # noqa: E402

CERTS = ROOT / "certs"
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
BVD = "urn:nl-eid-gdi:1.0:BVD:00000099000000009000:entities:9002"
TEST_DV = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9200"  # scenarios/default/service-providers.yaml
SELF, ACTOR, REPRESENTED = "999990019", "999990251", "999990263"


def _certificate(stem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((CERTS / f"{stem}.crt").read_bytes())


def test_dv() -> SpIdentity:
    return SpIdentity(
        TEST_DV, "https://test-dv.example/saml/acs",
        load_key(str(CERTS / "test-sp-signing.key")), key_name(_certificate("test-sp-signing")),
        load_key(str(CERTS / "test-sp-encryption.key")), key_name(_certificate("test-sp-encryption")),
    )


def _submit(http: requests.Session, page: requests.Response, **fields: str) -> requests.Response:
    form = lxml.html.fromstring(page.content).forms[0]
    values = {**dict(form.form_values()), **fields}
    return http.post(urljoin(page.url, form.action), data=values, allow_redirects=False, timeout=30)


def _follow(http: requests.Session, answer: requests.Response, status: int) -> requests.Response:
    if answer.status_code != status:
        raise AssertionError(f"expected {status}, got {answer.status_code}: {answer.text[:300]}")
    return http.get(urljoin(answer.url, answer.headers["Location"]), allow_redirects=False, timeout=30)


def sp_client(base_url: str) -> tuple[requests.Session, SpIdentity, IdpMetadata]:
    """A keep-alive session of the test DV, with DigiD's metadata read (and its signature checked) once."""
    http = requests.Session()
    http.trust_env = False
    idp = read_idp_metadata(http.get(f"{base_url}/saml/v4/entrance/metadata", timeout=30).content, _certificate("ca"))
    return http, test_dv(), idp


def login_flow(machtigen: bool) -> Factory:
    """A factory of whole flows (see the module text), each checked to the decrypted BSNs."""

    def factory(base_url: str) -> Operation:
        http, sp, idp = sp_client(base_url)

        def op() -> None:
            request_id, xml = authn_request(sp, idp, WOZ, BVD if machtigen else None)
            answer = http.post(idp.sso_url, data={"SAMLRequest": base64.b64encode(xml).decode(), "RelayState": "bench"}, allow_redirects=False, timeout=30)
            page = _follow(http, answer, 303)
            answer = _submit(http, page, action="login", bsn=ACTOR if machtigen else SELF, outcome="success")
            if machtigen:
                page = _follow(http, answer, 303)
                options = [v for v in lxml.html.fromstring(page.content).xpath("//input[@name='represent']/@value") if v.startswith(f"{REPRESENTED}:")]
                answer = _submit(http, page, action="choose", represent=options[0])
            if answer.status_code != 302:
                raise AssertionError(f"expected the redirect to the ACS, got {answer.status_code}: {answer.text[:300]}")
            artifact = parse_qs(urlparse(answer.headers["Location"]).query)["SAMLart"][0]
            resolve_id, soap = artifact_resolve(sp, idp, artifact)
            answer = http.post(idp.artifact_resolution_url, data=soap, headers={"Content-Type": "text/xml"}, timeout=30)
            result = read_artifact_response(answer.content, sp, idp, request_id, resolve_id)
            expected = (ACTOR, REPRESENTED) if machtigen else (SELF, None)
            got = (result.acting.bsn if result.acting else None, result.legal.bsn if result.legal else None)
            if not result.success or got != expected:
                raise AssertionError(f"{result.status} {result.status_message}: {got}")

        return op

    return factory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4], help="load-generator processes per row")
    parser.add_argument("--seconds", type=float, default=10, help="per row")
    parser.add_argument("--workers", nargs="+", default=["gevent", "gthread"], help="gunicorn worker classes (SIMULATOR_WORKER), each its own server")
    args = parser.parse_args()

    sign_ms = rsa_sign_ms()
    header(f"DDCC flows through `simulator serve`; one RSA-2048 signature (cryptography, this run): {sign_ms:.3f} ms CPU")
    rows = []
    for worker in args.workers:
        with Server.simulator(env={"SIMULATOR_WORKER": worker}) as server:
            health = drive(server, get_ok("/health"), 2, args.seconds / 2)
            rows.append((worker, "GET /health (baseline)", 2, health, health))
            for kind, machtigen in (("self-login", False), ("machtigen", True)):
                for processes in args.processes:
                    rows.append((worker, kind, processes, drive(server, login_flow(machtigen), processes, args.seconds), health))
    table(
        ["worker", "flow", "load processes", "flows/s", "median ms", "server CPU ms/flow", "× RSA sign", "× /health"],
        [(worker, kind, n, load.rate, load.median_ms, load.cpu_ms, f"{load.cpu_ms / sign_ms:.1f}", f"{load.cpu_ms / health.cpu_ms:.1f}")
         for worker, kind, n, load, health in rows],
    )


if __name__ == "__main__":
    main()
