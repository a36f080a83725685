"""Pilot 2 on the demo portal over real HTTP: a bewindvoerder logs in with eHerkenning for the office (signed
AuthnRequest, the eHerkenning pages, artifact, SOAP resolution, decryption of the EncryptedIDs), names the
client, and the portal asks Toezicht with the municipality's identity and shows the decision and the BRP view;
the audit trail records who acted for whom on what ground."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest

from simulator.portal.stories import Story, load_stories
from simulator.testing import RunningSimulator, running_simulator

from .formdriver import FormDriver, Page, form_with

STORIES = {s.id: s for s in load_stories() if s.inlogmiddel == "eherkenning"}


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


def log_in(driver: FormDriver, base_url: str, story: Story) -> Page:
    """Start the story, log in at eHerkenning as its employee, choose the machtiging for the office."""
    home = driver.get(f"{base_url}/portal/")
    page = driver.submit(home, form_with(home, f"start-{story.id}"))
    assert "/saml/eherkenning/login/" in page.url, f"{page.url}: {page.text[:600]}"
    # The page that posts the AuthnRequest names the door it posts to, not DigiD.
    post_page = driver.auto_submitted[-1]
    assert post_page.html.findtext(".//title") == "Doorsturen naar eHerkenning"
    assert post_page.testid_text("continue-to-idp") == "Doorgaan naar eHerkenning"
    page = driver.submit(page, form_with(page, "login"), button="login", means=f"{story.organisatie}:{story.inloggen}")
    choice = page.testid(f"choice-org-{story.organisatie}")
    assert choice is not None, f"no machtiging for the office on {page.url}: {page.text[:800]}"
    return driver.submit(page, form_with(page, "choose"), button="choose", choice=choice.get("value"))


def test_the_bewindvoerder_logs_in_for_the_office_and_toezicht_grants_the_client(sim: RunningSimulator) -> None:
    story = STORIES["bewindvoerder-eherkenning"]
    driver = FormDriver()
    page = log_in(driver, sim.base_url, story)
    assert "/portal/eherkenning/resultaat/" in page.url
    assert "Zeker Bewind B.V." in page.testid_text("office") and page.testid_text("loa") == "EH3"
    acting = page.testid_text("acting-subject")
    assert len(acting) == 40 and story.inloggen not in acting
    page = driver.submit(page, form_with(page, "check-client"), button="check-client")  # the story's client, prefilled
    assert page.testid_text("toezicht-bevoegd") == "ja", page.text[:1500]
    assert page.testid_text("decision") == "Toegang verleend: het kantoor is bevoegd voor K. Visser (BSN 999990172)."
    assert "Kees Visser" in page.testid_text("brp-person")
    assert page.testid_text("story-verdict") == "✓ De uitkomst is zoals het verhaal verwacht."
    checks = [e.data for e in sim.store.audit_log.entries() if e.data.get("operation") == "controle" or e.kind.startswith("toezicht")]
    assert checks, [e.kind for e in sim.store.audit_log.entries()][-10:]
    last = checks[-1]
    assert (last.get("kvk"), last.get("client_bsn"), last.get("acting_subject")) == (story.organisatie, story.kiezen, acting)


@pytest.mark.parametrize(("story_id", "reason"), [("bewindvoerder-eherkenning-beeindigd", "MAATREGEL_BEEINDIGD"), ("bewindvoerder-eherkenning-buiten-omvang", "BUITEN_OMVANG")])
def test_toezicht_says_no(sim: RunningSimulator, story_id: str, reason: str) -> None:
    driver = FormDriver()
    page = log_in(driver, sim.base_url, STORIES[story_id])
    page = driver.submit(page, form_with(page, "check-client"), button="check-client")
    assert page.testid_text("toezicht-bevoegd") == "nee" and page.testid_text("toezicht-reden") == reason, page.text[:1500]
    assert "Geen toegang" in page.testid_text("decision")
    assert page.testid_text("story-verdict") == "✓ De uitkomst is zoals het verhaal verwacht."  # the story expects the no


def test_a_typed_client_bsn_is_checked_too(sim: RunningSimulator) -> None:
    driver = FormDriver()
    page = log_in(driver, sim.base_url, STORIES["bewindvoerder-eherkenning"])
    page = driver.submit(page, form_with(page, "check-client"), button="check-client", bsn="999990019")  # not a client
    assert page.testid_text("toezicht-bevoegd") == "nee" and page.testid_text("toezicht-reden") == "GEEN_RELATIE"
