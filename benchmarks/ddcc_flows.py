"""DDCC full flows per second (AuthnRequest -> login page -> artifact -> resolved assertion) with N concurrent
clients, and where a flow's time goes (signing, verifying, encryption, the rest: HTTP, pages, parsing).

    .venv/bin/python benchmarks/ddcc_flows.py                      # starts a simulator in this process
    .venv/bin/python benchmarks/ddcc_flows.py --base-url http://localhost:8080 --clients 1 4 8

Clients are light (lxml + signxml + requests) so that the figures are the simulator's, not a SAML library's.
With a simulator in this process, its signing/encryption time is measured by wrapping the functions that do it;
against a remote simulator only throughput and latency are printed. Prints medians."""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree, html
from signxml import XMLSigner, methods

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CERTS = ROOT / "certs"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
DS = "http://www.w3.org/2000/09/xmldsig#"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
SP = "urn:nl-eid-gdi:1.0:DV:00000099000000009200:entities:9200"
BVD = "urn:nl-eid-gdi:1.0:BVD:00000099000000009000:entities:9002"
WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
# Loaded once: cryptography validates an RSA key on every load (tens of milliseconds), which would swamp the figures.
KEY = serialization.load_pem_private_key((CERTS / "test-sp-signing.key").read_bytes(), password=None)
CERT = x509.load_pem_x509_certificate((CERTS / "test-sp-signing.crt").read_bytes())


def _signed(root: etree._Element) -> bytes:
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    return etree.tostring(signer.sign(root, key=KEY, cert=[CERT], reference_uri=root.get("ID")))


def _message(tag: str, **attrs: str) -> etree._Element:
    root = etree.Element(f"{{{SAMLP}}}{tag}", nsmap={"samlp": SAMLP, "saml": SAML}, ID=f"_{uuid.uuid4().hex}", Version="2.0",
                         IssueInstant=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), **attrs)
    etree.SubElement(root, f"{{{SAML}}}Issuer").text = SP
    etree.SubElement(root, f"{{{DS}}}Signature", Id="placeholder", nsmap={"ds": DS})
    return root


def one_flow(base_url: str, machtigen: bool) -> None:
    http = requests.Session()
    http.trust_env = False
    request = _message("AuthnRequest", Destination=f"{base_url}/saml/v4/entrance/request_authentication")
    attribute = etree.SubElement(etree.SubElement(request, f"{{{SAMLP}}}Extensions"), f"{{{SAML}}}Attribute", Name="urn:nl-eid-gdi:1.0:ServiceUUID")
    etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").text = WOZ
    if machtigen:
        etree.SubElement(etree.SubElement(request, f"{{{SAMLP}}}Scoping"), f"{{{SAMLP}}}RequesterID").text = BVD
    answer = http.post(f"{base_url}/saml/v4/entrance/request_authentication",
                       data={"SAMLRequest": base64.b64encode(_signed(request)).decode(), "RelayState": "bench"}, allow_redirects=False)
    login_url = answer.headers["Location"]
    answer = http.post(login_url, data={"action": "login", "bsn": "999990251" if machtigen else "999990019", "outcome": "success"}, allow_redirects=False)
    if machtigen:
        page = http.get(answer.headers["Location"])
        form = html.fromstring(page.content).forms[0]
        value = form.xpath("//input[@name='represent']")[0].get("value")
        answer = http.post(answer.headers["Location"], data={"action": "choose", "represent": value}, allow_redirects=False)
    artifact = parse_qs(urlparse(answer.headers["Location"]).query)["SAMLart"][0]
    resolve = _message("ArtifactResolve")
    etree.SubElement(resolve, f"{{{SAMLP}}}Artifact").text = artifact
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soapenv": SOAP})
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(etree.fromstring(_signed(resolve)))
    answer = http.post(f"{base_url}/saml/v4/entrance/resolve_artifact", data=etree.tostring(envelope), headers={"Content-Type": "text/xml"})
    assert etree.fromstring(answer.content).find(f".//{{{SAML}}}Assertion") is not None, answer.text[:300]


class Timers:
    """Accumulated seconds per category, from wrapped simulator functions (thread-safe)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {"signing": 0.0, "verifying": 0.0, "encryption": 0.0}
        self.lock = threading.Lock()

    def wrap(self, module: object, name: str, category: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                with self.lock:
                    self.seconds[category] += time.perf_counter() - start

        setattr(module, name, timed)


def run(base_url: str, clients: int, flows: int, machtigen: bool) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def timed_flow(_: int) -> None:
        start = time.perf_counter()
        one_flow(base_url, machtigen)
        with lock:
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(timed_flow, range(flows)))
    return flows / (time.perf_counter() - start), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a running simulator (default: start one in this process)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--flows", type=int, default=60, help="flows per measurement")
    parser.add_argument("--machtigen", action="store_true", help="with the machtigen step (BVD advice, LegalSubjectID)")
    args = parser.parse_args()

    timers = None
    context = None
    base_url = args.base_url
    if base_url is None:
        from simulator.ddcc import responses as ddcc_responses
        from simulator.saml import messages as saml_messages, responses as saml_responses
        from simulator.testing import running_simulator

        timers = Timers()
        # Where each is called from (the shared SAML package signs the ArtifactResponse and the Assertion).
        timers.wrap(ddcc_responses, "sign", "signing")
        timers.wrap(saml_responses, "sign", "signing")
        timers.wrap(ddcc_responses, "encrypt_id", "encryption")
        timers.wrap(saml_messages, "verify_enveloped", "verifying")
        context = running_simulator(env={"SIMULATOR_LOG_LEVEL": "WARNING"})
        base_url = context.__enter__().base_url
    try:
        one_flow(base_url, args.machtigen)  # warm-up
        kind = "machtigen" if args.machtigen else "self-login"
        print(f"DDCC {kind} flows against {base_url} ({args.flows} flows per row)")
        split = f" {'signing':>8} {'verifying':>9} {'encrypt':>8} {'rest(HTTP)':>10}" if timers else ""
        print(f"{'clients':>7} {'flows/s':>8} {'median ms':>10}{split}")
        for clients in args.clients:
            if timers:
                timers.seconds = dict.fromkeys(timers.seconds, 0.0)
            rate, latencies = run(base_url, clients, args.flows, args.machtigen)
            median = statistics.median(latencies) * 1000
            if timers:
                per_flow = {k: v * 1000 / args.flows for k, v in timers.seconds.items()}
                rest = statistics.mean(latencies) * 1000 - sum(per_flow.values())
                print(f"{clients:>7} {rate:>8.1f} {median:>10.1f} {per_flow['signing']:>8.1f} {per_flow['verifying']:>9.1f} {per_flow['encryption']:>8.1f} {rest:>10.1f}")
            else:
                print(f"{clients:>7} {rate:>8.1f} {median:>10.1f}")
        if timers:
            print("signing/verifying/encrypt/rest: server-side milliseconds per flow (means); rest = client-observed mean latency minus those"
                  " (HTTP, pages, parsing, the client's own signing).")
    finally:
        if context is not None:
            context.__exit__(None, None, None)


if __name__ == "__main__":
    main()
