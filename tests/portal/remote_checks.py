"""End-to-end check of the demo portal against any running simulator (plain HTTP(S), real clients): a story with
machtigen through the DigiD pages, and the outcome, BRP and wire panels. Raises AssertionError on failure."""

from __future__ import annotations

from .formdriver import FormDriver, run_story


def run(base_url: str, verify: str | bool = True, cert: tuple[str, str] | None = None) -> None:
    base_url = base_url.rstrip("/")
    page = run_story(FormDriver(verify, cert), base_url, "vrijwillige-machtiging", "999990251", "999990263")
    assert page.status == 200, f"portal result page: HTTP {page.status}"
    outcome = page.testid_text("portal-outcome")
    assert "handelt namens J. van Dijk (BSN 999990263)" in outcome and "op grond van een machtiging" in outcome, outcome
    assert "Jan van Dijk" in page.testid_text("brp-panel")
    wire = page.testid_text("wire-panel")
    assert "ArtifactResolve" in wire and "LegalSubjectID" in wire, "the wire panel shows the SAML messages"
