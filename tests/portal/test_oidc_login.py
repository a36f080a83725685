"""The demo portal's "Inloggen via OIDC": the stories through the OpenID Provider over real HTTP (discovery, the
DigiD pages, the code exchange, the ID token checked by Authlib's rules), then BRP and Toezicht as for DDCC."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
import requests

from simulator.testing import RunningSimulator, running_simulator

from .formdriver import FormDriver, Page, form_with

CLIENT = "gemeente-demodorp-portal"


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


@pytest.fixture(autouse=True)
def _clean(sim: RunningSimulator) -> None:
    sim.store.directives.clear()


def start_oidc(driver: FormDriver, base_url: str, story: str) -> Page:
    """The story's "Inloggen via OIDC" button: its form's fields, sent to the button's formaction."""
    home = driver.get(f"{base_url}/portal/")
    button = home.testid(f"oidc-start-{story}")
    assert button is not None
    fields = dict(home.html.forms[form_with(home, f"oidc-start-{story}")].form_values())
    return driver._page(driver.session.post(requests.compat.urljoin(home.url, button.get("formaction")), data=fields, timeout=30))


def log_in(driver: FormDriver, page: Page, bsn: str, choose: str | None) -> Page:
    assert page.testid("login") is not None, f"expected the DigiD login page, got {page.url}: {page.text[:500]}"
    assert "/oidc/login/" in page.url
    page = driver.submit(page, form_with(page, "login"), button="login", persona="", bsn=bsn)
    if choose is not None:
        radios = page.html.xpath("//input[@name='represent']")
        wanted = [r for r in radios if (r.get("data-testid") or "").startswith(f"represent-{choose}-")]
        page = driver.submit(page, form_with(page, "choose"), button="choose", represent=wanted[0].get("value"))
    return page


def test_a_story_through_the_openid_provider(sim: RunningSimulator) -> None:
    driver = FormDriver()
    page = log_in(driver, start_oidc(driver, sim.base_url, "vrijwillige-machtiging"), "999990251", "999990263")
    assert page.url.startswith(f"{sim.base_url}/portal/resultaat/")
    assert page.testid_text("portal-outcome") == (
        "U bent ingelogd als S. van Dijk (BSN 999990251) en handelt namens J. van Dijk (BSN 999990263) voor de dienst "
        "'Aanvragen bijzondere bijstand' op grond van een machtiging (DigiD Machtigen)."
    )
    wire = " ".join(page.html.xpath("string(//section[@data-testid='wire-panel'])").split())
    assert "OpenID Provider-configuratie" in wire and "Tokenantwoord" in wire and "ID-token" in wire and "Userinfo" in wire
    audit = requests.get(f"{sim.base_url}/control/audit", params={"sp": CLIENT}, timeout=5).json()
    assert audit[0]["interface"] == "oidc" and audit[0]["legal_bsn"] == "999990263"
    # Uitloggen: RP-initiated logout at the end_session_endpoint, back on the portal's home page.
    after = driver.submit(page, form_with(page, "logout"), button="logout")
    assert after.url.startswith(f"{sim.base_url}/portal/")


def test_a_parent_for_a_child_by_directive(sim: RunningSimulator) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": CLIENT, "bsn": "999990147", "represent": "999990111"}, timeout=5)
    page = start_oidc(FormDriver(), sim.base_url, "voogd")
    assert page.testid_text("portal-outcome").endswith("voor de dienst 'Afspraak paspoort of ID-kaart voor uw kind' op grond van voogdij.")


def test_a_refused_login_and_a_fault_the_portal_refuses(sim: RunningSimulator) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": CLIENT, "outcome": "cancel"}, timeout=5)
    page = start_oidc(FormDriver(), sim.base_url, "zelf-inloggen")
    assert page.testid_text("portal-outcome") == "Het inloggen is niet gelukt of geannuleerd (access_denied)."
    requests.post(f"{sim.base_url}/control/directives", json={"sp": CLIENT, "bsn": "999990019", "outcome": "wrong_in_response_to"}, timeout=5)
    page = start_oidc(FormDriver(), sim.base_url, "zelf-inloggen")
    assert "nonce" in page.text and "weigert het ID-token" in page.text


def test_an_oidc_story_carries_the_hint_and_shows_the_verdict(sim: RunningSimulator) -> None:
    # The portal sends the story's hint as simulator-only authorize parameters; the OIDC door hands it to the pages.
    driver = FormDriver()
    page = start_oidc(driver, sim.base_url, "vrijwillige-machtiging")
    assert "/oidc/login/" in page.url and page.testid_text("story-hint").startswith("Verhaal: ")
    assert "log in als S" in page.testid_text("story-hint") and "(BSN 999990251)" in page.testid_text("story-hint")
    assert page.html.xpath("//select[@data-testid='persona']/optgroup/option[@selected]/@value") == ["999990251"]
    choose = driver.submit(page, form_with(page, "login"), button="login")  # the pre-selected persona
    assert choose.html.xpath("//input[@name='represent'][@checked]/@data-testid")[0].startswith("represent-999990263-")
    result = driver.submit(choose, form_with(choose, "choose"), button="choose")
    assert result.testid_text("story-verdict") == "✓ De uitkomst is zoals het verhaal verwacht."
