"""django-digid-eherkenning's eHerkenning login against the simulator's eHerkenning door, through the library's
own views: the DV's AuthnRequest (AttributeConsumingServiceIndex into its dienstencatalogus), the look-alike
pages filled in as an employee does, the artifact resolved over the SOAP back channel, and the library's backend
reading the urn:etoegang:core attributes — decrypting the EncryptedIDs with the DV's own key."""

from __future__ import annotations

import json

from simulator.testing import RunningSimulator

from .conftest import Browser, Municipality, Page

OFFICE = "90001234"  # Zeker Bewind B.V.
EMPLOYEE = "999990159"  # EH3, machtigingen for the office, via a ketenmachtiging, and for its bewind clients
BRANCH_EMPLOYEE = "999990160"  # EH3, a machtiging for one vestiging
CLIENT = "999990172"  # under beschermingsbewind of Zeker Bewind B.V.


def log_in(browser: Browser, municipality: Municipality, simulator: RunningSimulator, employee: str, choice: str | None, **fields: str) -> Page:
    page = browser.get(f"{municipality.base_url}/eherkenning/login/")
    assert page.status == 200, page.text
    page = browser.submit(page)  # the library's auto-submitting form: the AuthnRequest, HTTP-POST binding
    assert page.url.startswith(f"{simulator.base_url}/saml/eherkenning/login/"), f"{page.url}: {page.text[:500]}"
    page = browser.submit(page, means=f"{OFFICE}:{employee}", action="login", **fields)
    if choice is None:
        return page
    radios = {r.get("data-testid"): r.get("value") for r in page.html.xpath("//input[@name='choice']")}
    assert f"choice-{choice}" in radios, f"{choice} not offered: {sorted(radios)}"
    return browser.submit(page, choice=radios[f"choice-{choice}"], action="choose")


def session_of(page: Page) -> dict:  # type: ignore[type-arg]
    me = json.loads(page.text)
    assert me["authenticated"], page.text
    return me["eherkenning"]  # type: ignore[no-any-return]


def test_for_the_own_organisation_the_backend_reads_kvk_rsin_and_acting_subject(
    browser: Browser, municipality: Municipality, simulator: RunningSimulator
) -> None:
    seen = session_of(log_in(browser, municipality, simulator, EMPLOYEE, f"org-{OFFICE}"))
    assert (seen["kvk"], seen["rsin"], seen["vestiging"], seen["intermediair"], seen["client_bsn"]) == (OFFICE, "999990329", None, None, None)
    assert seen["service_uuid"] == "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e04"
    assert len(seen["acting_subject"]) == 40 and EMPLOYEE not in seen["acting_subject"]  # a pseudonym, not the BSN
    again = session_of(log_in(Browser(), municipality, simulator, EMPLOYEE, f"org-{OFFICE}"))
    assert again["acting_subject"] == seen["acting_subject"]  # stable for the same employee, organisation and DV


def test_a_machtiging_per_branch_gives_the_vestigingsnummer(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    seen = session_of(log_in(browser, municipality, simulator, BRANCH_EMPLOYEE, f"org-{OFFICE}-000012345678"))
    assert (seen["kvk"], seen["vestiging"]) == (OFFICE, "000012345678")


def test_a_ketenmachtiging_names_the_represented_organisation_and_the_intermediary(
    browser: Browser, municipality: Municipality, simulator: RunningSimulator
) -> None:
    seen = session_of(log_in(browser, municipality, simulator, EMPLOYEE, "keten-90005678"))
    assert (seen["kvk"], seen["intermediair"]) == ("90005678", OFFICE)


def test_bewindvoering_gives_the_clients_bsn_and_is_audited(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    page = log_in(browser, municipality, simulator, EMPLOYEE, f"client-{CLIENT}")
    me = json.loads(page.text)
    assert me["bsn"] == CLIENT and me["eherkenning"]["client_bsn"] == CLIENT and me["eherkenning"]["intermediair"] == OFFICE
    audit = [e.data for e in simulator.store.audit_log.entries() if e.kind == "representation" and e.data.get("door") == "eherkenning"]
    assert audit[-1]["acting_bsn"] == EMPLOYEE and audit[-1]["legal_bsn"] == CLIENT and audit[-1]["grond"] == "beschermingsbewind"


def test_a_lower_level_than_the_service_needs_is_refused(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    page = log_in(browser, municipality, simulator, EMPLOYEE, None, level="EH2+")
    assert page.url == f"{municipality.base_url}/login-failed/"
    assert json.loads(page.text)["messages"] == ["Login to eHerkenning did not succeed. Please try again."]


def test_cancel_at_the_machtiging_step(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    page = log_in(browser, municipality, simulator, EMPLOYEE, None)
    page = browser.submit(page, action="cancel")
    assert page.url == f"{municipality.base_url}/login-failed/" and json.loads(page.text)["authenticated"] is False
