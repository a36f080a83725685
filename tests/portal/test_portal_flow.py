"""The demo portal end to end over real HTTP: a real DDCC login (signed AuthnRequest, DigiD pages, artifact, SOAP
resolution, decryption), then BRP and Toezicht — all against a running simulator."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
import requests

from simulator.outcomes import CATALOGUE, Outcome
from simulator.portal.outcome import MACHTIGEN_DENIED, STATUS_TEXT, status_text
from simulator.portal.saml import LoginResult
from simulator.portal.stories import Story, load_stories
from simulator.testing import RunningSimulator, running_simulator

from .formdriver import FormDriver, form_with, run_story
from .remote_checks import run as remote_run

PORTAL = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


@pytest.fixture(autouse=True)
def _clean(sim: RunningSimulator) -> None:
    sim.store.directives.clear()


def wire_titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(s.text_content().split()) for s in page.html.xpath("//section[@data-testid='wire-panel']//summary")]


@pytest.mark.parametrize(
    ("story", "login", "choose", "expected"),
    [
        ("vrijwillige-machtiging", "999990251", "999990263",
         "U bent ingelogd als S. van Dijk (BSN 999990251) en handelt namens J. van Dijk (BSN 999990263) voor de dienst "
         "'Aanvragen bijzondere bijstand' op grond van een machtiging (DigiD Machtigen)."),
        ("curator", "999990202", "999990214",
         "U bent ingelogd als R. Bos (BSN 999990202) en handelt namens G. Bos (BSN 999990214) voor de dienst "
         "'Aanvragen bijzondere bijstand' op grond van curatele."),
        ("voogd", "999990147", "999990111",
         "U bent ingelogd als I. Bakker (BSN 999990147) en handelt namens D. Bakker (BSN 999990111) voor de dienst "
         "'Afspraak paspoort of ID-kaart voor uw kind' op grond van voogdij."),
        ("zelf-inloggen", "999990019", None,
         "U bent ingelogd als F. El Amrani (BSN 999990019) voor de dienst 'Berichtenbox gemeente'."),
        ("niveau-te-laag", "999990263", None, "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst."),
    ],
)
def test_stories_through_the_digid_pages(sim: RunningSimulator, story: str, login: str, choose: str | None, expected: str) -> None:
    driver = FormDriver()
    page = run_story(driver, sim.base_url, story, login, choose)
    assert page.url.startswith(f"{sim.base_url}/portal/resultaat/")
    assert page.testid_text("portal-outcome") == expected
    assert driver.auto_submitted[0].html.findtext(".//title") == "Doorsturen naar DigiD"
    titles = wire_titles(page)
    assert any(t.startswith("2. AuthnRequest") for t in titles) and any("ArtifactResponse" in t and "HTTP 200" in t for t in titles)
    wire = page.testid_text("wire-panel")
    assert "samlp:AuthnRequest" in wire and "urn:nl-eid-gdi:1.0:ServiceUUID" in wire
    if choose:
        # Machtigen was asked with Scoping/RequesterID = the BVD; the decrypted LegalSubjectID is shown.
        assert ":BVD:" in wire and "LegalSubjectID" in wire and f'legacy-BSN">{choose}</' in wire


def test_parent_sees_gezag_and_children_from_brp(sim: RunningSimulator) -> None:
    page = run_story(FormDriver(), sim.base_url, "ouder-paspoort", "999990019", "999990032")
    assert "handelt namens N. El Amrani (BSN 999990032)" in page.testid_text("portal-outcome")
    brp = page.testid_text("brp-panel")
    assert "Adam El Amrani (BSN 999990044)" in brp and "Gezamenlijk ouderlijk gezag over Noor El Amrani" in brp
    # Ouderlijk gezag is no measure the judiciary registers: the portal does not ask Toezicht.
    assert page.testid("toezicht-panel") is None and "Toezicht" not in " ".join(wire_titles(page))
    assert "BRP: POST /haalcentraal/api/brp/personen HTTP 200" in " ".join(wire_titles(page))


def test_curator_is_confirmed_by_toezicht(sim: RunningSimulator) -> None:
    page = run_story(FormDriver(), sim.base_url, "curator", "999990202", "999990214")
    assert page.testid_text("toezicht-bevoegd") == "ja"
    assert "Curatele staat geregistreerd bij Toezicht" in page.testid_text("toezicht-panel")


def test_professional_bewindvoerder_is_checked_by_the_office_toezicht_knows(sim: RunningSimulator) -> None:
    page = run_story(FormDriver(), sim.base_url, "bewindvoerder", "999990159", "999990172")
    assert page.testid_text("toezicht-bevoegd") == "ja"
    assert "Zeker Bewind B.V. (KvK 90001234)" in page.testid_text("toezicht-panel")
    assert '"kvkNummer": "90001234"' in page.testid_text("wire-panel")
    assert page.testid_text("story-verdict").startswith("✓")


def test_cancel_at_digid(sim: RunningSimulator) -> None:
    driver = FormDriver()
    home = driver.get(f"{sim.base_url}/portal/")
    login = driver.submit(home, form_with(home, "start-curator"))
    page = driver.submit(login, form_with(login, "cancel"), button="cancel")
    assert page.testid_text("portal-outcome") == "U heeft het inloggen bij DigiD geannuleerd. U bent niet ingelogd."
    assert page.testid_text("saml-status") == "Responder/AuthnFailed"
    # The curator story expects a representation: the page says this outcome is not the story's.
    assert page.testid_text("story-verdict") == "✗ De uitkomst is anders dan het verhaal verwacht."


def start_without_pages(sim: RunningSimulator, service: str, machtigen: bool):  # type: ignore[no-untyped-def]
    """With a directive, DDCC skips its pages: the portal's form post leads straight back to the ACS."""
    driver = FormDriver()
    home = driver.get(f"{sim.base_url}/portal/")
    return driver.submit(home, form_with(home, "portal-login"), dienst=service, machtigen="1" if machtigen else "0")


def test_directive_runs_the_flow_without_a_browser(sim: RunningSimulator) -> None:
    directive = {"sp": PORTAL, "bsn": "999990159", "represent": "999990184", "outcome": "success"}
    assert requests.post(f"{sim.base_url}/control/directives", json=directive, timeout=10).status_code == 201
    page = start_without_pages(sim, "woz-beschikking", machtigen=True)
    assert "handelt namens A. Mulder (BSN 999990184) voor de dienst 'Inzien WOZ-beschikking' op grond van beschermingsbewind" in page.testid_text("portal-outcome")
    assert requests.get(f"{sim.base_url}/control/directives", timeout=10).json() == []
    audit = requests.get(f"{sim.base_url}/control/audit", params={"bsn": "999990184"}, timeout=10).json()
    assert audit, "the representation decision is in the audit log"


# The rule the portal names when it refuses each deliberate fault of the catalogue.
FAULT_RULES = {
    "wrong_destination": "Response: Destination",
    "wrong_audience": "Assertion: Audience",
    "wrong_in_response_to": "InResponseTo",
    "wrong_recipient": "Recipient",
    "wrong_issuer": "Assertion: Issuer",
    "expired_assertion": "expired",
    "bad_signature": "signature does not verify",
    "unsigned_assertion": "Assertion: not signed",
    "missing_assertion": "0 assertions",
}
FAULTS = [o.name for o in CATALOGUE.values() if o.kind == "fault"]
FAILED_STATUSES = [o for o in CATALOGUE.values() if o.kind == "status" and o.name != "success"]


def test_every_fault_of_the_catalogue_has_a_rule() -> None:
    assert sorted(FAULT_RULES) == sorted(FAULTS)


@pytest.mark.parametrize("fault", FAULTS)
def test_portal_rejects_every_protocol_fault(sim: RunningSimulator, fault: str) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": PORTAL, "bsn": "999990019", "outcome": fault}, timeout=10).raise_for_status()
    page = start_without_pages(sim, "berichtenbox-gemeente", machtigen=False)
    assert FAULT_RULES[fault] in page.testid_text("rejection")
    assert page.testid("brp-panel") is None


@pytest.mark.parametrize("outcome", FAILED_STATUSES, ids=lambda o: o.name)
def test_every_status_outcome_by_directive(sim: RunningSimulator, outcome: Outcome) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": PORTAL, "bsn": "999990019", "outcome": outcome.name}, timeout=10).raise_for_status()
    page = start_without_pages(sim, "berichtenbox-gemeente", machtigen=True)
    assert page.testid_text("saml-status") == outcome.status
    # With machtigen asked, a RequestDenied without reason may be either failure: the text says so.
    assert page.testid_text("portal-outcome") == status_text(LoginResult(outcome.status), machtigen=True)
    assert page.testid_text("portal-outcome") == (MACHTIGEN_DENIED if outcome.status == "Responder/RequestDenied" and outcome.name != "artifact_expired" else STATUS_TEXT[outcome.status])


@pytest.mark.parametrize(("fault", "story", "login", "choose"), [("wrong_recipient", "curator", "999990202", "999990214"), ("expired_assertion", "zelf-inloggen", "999990019", None)])
def test_fault_chosen_on_the_login_page(sim: RunningSimulator, fault: str, story: str, login: str, choose: str | None) -> None:
    """The per-login control (data-testid="outcome" on DigiD's login page), through the machtigen step when asked."""
    page = run_story(FormDriver(), sim.base_url, story, login, choose, outcome=fault)
    assert FAULT_RULES[fault] in page.testid_text("rejection")
    assert requests.get(f"{sim.base_url}/control/directives", timeout=10).json() == []


@pytest.mark.parametrize(("level", "service", "expected"), [("midden", "berichtenbox-gemeente", "midden"), ("hoog", "berichtenbox-gemeente", "hoog"), ("midden", "bijzondere-bijstand", None)])
def test_level_chosen_by_directive(sim: RunningSimulator, level: str, service: str, expected: str | None) -> None:
    """The LoA choice of a directive: the assertion carries it, and below the service's level DigiD refuses."""
    requests.post(f"{sim.base_url}/control/directives", json={"sp": PORTAL, "bsn": "999990159", "level": level}, timeout=10).raise_for_status()
    page = start_without_pages(sim, service, machtigen=False)
    if expected is None:
        assert page.testid_text("saml-status") == "Responder/NoAuthnContext"
    else:
        assert page.testid_text("portal-outcome").startswith("U bent ingelogd als P. Smit (BSN 999990159)")
        assert page.testid_text("loa") == expected


def test_activity_view_shows_who_acted_for_whom_live(sim: RunningSimulator) -> None:
    """A real login with machtigen and the portal's Toezicht check appear on the explorer's live view."""
    directive = {"sp": PORTAL, "bsn": "999990202", "represent": "999990214"}
    requests.post(f"{sim.base_url}/control/directives", json=directive, timeout=10).raise_for_status()
    start_without_pages(sim, "bijzondere-bijstand", machtigen=True)
    page = FormDriver().get(f"{sim.base_url}/explorer/activiteit?bsn=999990214")
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("td")] for tr in page.html.xpath("//table[@data-testid='activity']//tr[td]")]
    toezicht, login = rows[0], rows[1]  # newest first: the portal asks Toezicht after the login
    assert login[1].startswith("Inloggen met machtigen (DigiD)") and "Gemeente Demodorp" in login[1] and "urn:" not in login[1]
    assert login[2].startswith("Ria Bos") and login[3].startswith("Gerrit Bos")
    assert login[4] == "Aanvragen bijzondere bijstand" and login[5].startswith("curatele") and login[6] == "gekozen"
    assert toezicht[1].startswith("Controle bij Toezicht") and "Gemeente Demodorp" in toezicht[1] and toezicht[2].startswith("Ria Bos") and toezicht[3].startswith("Gerrit Bos")


def test_portal_home_lists_every_story_with_a_start_button(sim: RunningSimulator) -> None:
    home = FormDriver().get(f"{sim.base_url}/portal/")
    starts = home.html.xpath("//button[starts-with(@data-testid, 'start-')]")
    assert len(starts) == len(home.html.xpath("//div[starts-with(@data-testid, 'story-')]")) >= 10


def test_unknown_relay_state_is_refused(sim: RunningSimulator) -> None:
    response = requests.get(f"{sim.base_url}/portal/acs", params={"SAMLart": "x", "RelayState": "nope"}, timeout=10)
    assert response.status_code == 400 and "Onbekende of verlopen login" in response.text


def test_missing_interfaces_are_reported_not_crashed() -> None:
    # The portal's backend points at a closed port: every interface is "absent".
    with running_simulator(env={"SIMULATOR_PORTAL_BACKEND_URL": "http://127.0.0.1:9"}, clock=dt.date(2026, 6, 15)) as sim:
        page = start_without_pages(sim, "afvalpas", machtigen=False)
        assert page.status == 200 and "niet bereikbaar" in page.testid_text("portal-outcome")


def test_remote_checks(sim: RunningSimulator) -> None:
    remote_run(sim.base_url)


@pytest.mark.parametrize(
    ("credentials", "brp_works"),
    [({}, False), ({"SIMULATOR_PORTAL_BRP_CLIENT_ID": "brp-volledig", "SIMULATOR_PORTAL_BRP_CLIENT_SECRET": "brp-volledig-geheim"}, True)],
)
def test_brp_in_oauth2_mode(credentials: dict[str, str], brp_works: bool) -> None:
    env = {"SIMULATOR_BRP_AUTH": "oauth2", **credentials}
    with running_simulator(env=env, clock=dt.date(2026, 6, 15)) as sim:
        requests.post(f"{sim.base_url}/control/directives", json={"sp": PORTAL, "bsn": "999990019"}, timeout=10).raise_for_status()
        page = start_without_pages(sim, "berichtenbox-gemeente", machtigen=False)
        outcome = page.testid_text("portal-outcome")
        if brp_works:
            assert outcome.startswith("U bent ingelogd als F. El Amrani (BSN 999990019)")
            assert "Noor El Amrani" in page.testid_text("brp-panel")
        else:
            # Without a token the login still succeeds; the page says BRP could not be consulted, and why.
            assert outcome.startswith("U bent ingelogd als BSN 999990019")
            assert "HTTP 401" in page.testid_text("brp-error")


# What the portal says for each expected outcome of a story (the start of its sentence).
EXPECTED_TEXT = {
    "geannuleerd": "U heeft het inloggen bij DigiD geannuleerd.",
    "niveau_te_laag": "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst.",
    "geen_vertegenwoordiging": "U kunt voor deze dienst niemand vertegenwoordigen",
    "ingelogd": "U bent ingelogd als",
    "namens": "U bent ingelogd als",
}


@pytest.mark.parametrize("story", [s for s in load_stories() if s.inlogmiddel == "digid"], ids=lambda s: s.id)
def test_every_story_runs_to_its_expected_result(sim: RunningSimulator, story: Story) -> None:
    driver = FormDriver()
    page = run_story(driver, sim.base_url, story.id, story.inloggen, story.kiezen)
    if page.testid("error") is not None and page.testid("cancel") is not None:
        # Someone without DigiD: the login page says why, and cancelling leads back to the portal.
        assert "geen DigiD" in page.testid_text("error")
        page = driver.submit(page, form_with(page, "cancel"), button="cancel")
    outcome = page.testid_text("portal-outcome")
    assert outcome.startswith(EXPECTED_TEXT[story.uitkomst]), outcome
    if story.kiezen:
        assert f"handelt namens" in outcome and f"(BSN {story.kiezen})" in outcome and f" op grond van {story.grond}." in outcome, outcome
    assert page.testid_text("story-verdict") == "✓ De uitkomst is zoals het verhaal verwacht."


def test_logout_ends_the_digid_session(sim: RunningSimulator) -> None:
    driver = FormDriver()
    page = run_story(driver, sim.base_url, "zelf-inloggen", "999990019", None)
    page = driver.submit(page, form_with(page, "logout"), button="logout")
    assert page.testid_text("logout-outcome") == "U bent uitgelogd."
    titles = " ".join(wire_titles(page))
    assert "LogoutRequest (HTTP-POST" in titles and "LogoutResponse (HTTP-POST" in titles
    assert page.testid("logout") is None
    # The session is gone: DDCC's request log shows it ended.
    logouts = requests.get(f"{sim.base_url}/control/requests", params={"path": "/saml/v4/entrance/request_logout"}, timeout=10).json()
    assert logouts[0]["status"] == 200 and logouts[0].get("sessions_ended", 0) >= 1
