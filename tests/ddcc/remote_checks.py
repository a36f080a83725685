"""End-to-end checks of a running simulator's DDCC interface over HTTP(S) only, with pysaml2's SP client:
a self-login and a machtigen flow of the default scenario, each resolved, verified and decrypted.

    run("http://localhost:8080")   # raises AssertionError on failure

Uses the test DV registered in scenarios/default/service-providers.yaml and its keys in certs/."""

from __future__ import annotations

try:
    from .sp_client import TestServiceProvider
except ImportError:  # loaded as a file, not as part of the tests package
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from sp_client import TestServiceProvider  # type: ignore[no-redef]

WOZ = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"


def run(base_url: str, verify: str | bool = True, cert: tuple[str, str] | None = None) -> None:
    sp = TestServiceProvider(base_url, verify=verify, cert=cert)
    # Self-login: Fatima El Amrani (DigiD substantieel) for the WOZ-beschikking.
    own = sp.full_flow(WOZ, bsn="999990019", relay_state="remote-check")
    assert own.status == [SUCCESS], own.status
    assert own.acting_bsn == "999990019" and own.legal_bsn is None, (own.acting_bsn, own.legal_bsn)
    assert own.relay_state == "remote-check"
    # Machtigen: Sanne van Dijk acts for her father Jan on his voluntary machtiging.
    machtigen = sp.full_flow(WOZ, bsn="999990251", machtigen=True, represent="999990263")
    assert machtigen.status == [SUCCESS], machtigen.status
    assert (machtigen.acting_bsn, machtigen.legal_bsn) == ("999990251", "999990263"), (machtigen.acting_bsn, machtigen.legal_bsn)


if __name__ == "__main__":  # pragma: no cover
    import sys

    run(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080")
    print("DDCC remote checks passed")
