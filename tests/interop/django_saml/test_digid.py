"""django-digid-eherkenning's DigiD SAML login, logout and cancel against the simulator's classic DigiD door, driven
through the library's own views: its login view posts the signed AuthnRequest, the simulator's login page is
filled in as a citizen does, and the library's ACS resolves the artifact over the SOAP back channel and its
backend reads the BSN from the NameID (s00000000:<BSN>)."""

from __future__ import annotations

import json

from simulator.testing import RunningSimulator

from .conftest import Browser, Municipality, Page

BSN = "999990019"  # DigiD substantieel in the default scenario


def to_login_page(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> Page:
    page = browser.get(f"{municipality.base_url}/digid/login/")
    assert page.status == 200, page.text
    page = browser.submit(page)  # the library's auto-submitting form: the AuthnRequest, HTTP-POST binding
    assert page.url.startswith(f"{simulator.base_url}/saml/digid/login/"), f"{page.url}: {page.text[:500]}"
    return page


def test_login_gives_the_library_the_bsn(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    page = to_login_page(browser, municipality, simulator)
    page = browser.submit(page, persona=BSN, action="login")
    assert page.url == f"{municipality.base_url}/whoami/", page.text
    me = json.loads(page.text)
    assert me == {"authenticated": True, "bsn": BSN, "rsin": None, "backend": "digid_eherkenning.backends.DigiDBackend", "eherkenning": None}
    resolved = [e.data for e in simulator.store.requests.entries() if e.data.get("path") == "/saml/digid/resolve_artifact"]
    assert resolved and resolved[-1]["status"] == 200 and resolved[-1].get("outcome") == "success"


def test_cancel_is_reported_as_cancelled(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    page = to_login_page(browser, municipality, simulator)
    page = browser.submit(page, action="cancel")
    assert page.url == f"{municipality.base_url}/login-failed/"
    answer = json.loads(page.text)
    assert answer["authenticated"] is False
    assert answer["messages"] == ["You have cancelled logging in with DigiD."]


def test_single_logout_through_the_library(browser: Browser, municipality: Municipality, simulator: RunningSimulator) -> None:
    page = browser.submit(to_login_page(browser, municipality, simulator), persona=BSN, action="login")
    assert browser.session.get(page.url, timeout=30).json()["authenticated"] is True
    # The library's logout view sends a signed LogoutRequest (HTTP-Redirect); the simulator answers with a signed
    # LogoutResponse to the library's SLO view, which checks it and ends the local session.
    page = browser.get(f"{municipality.base_url}/digid/logout/")
    assert page.url == f"{municipality.base_url}/logged-out/", page.text
    assert browser.session.get(f"{municipality.base_url}/whoami/", timeout=30).json()["authenticated"] is False
    ended = [e.data for e in simulator.store.requests.entries() if e.data.get("path") == "/saml/digid/request_logout"]
    assert ended[-1]["status"] == 302 and ended[-1].get("sessions_ended") == 1
