"""The login and machtigen pages for a trainer and a tester: the story hint from the portal, grouped personas with
roles and reasons, distinct BSN messages, the persona-or-BSN rule, grouped outcomes, unique test ids, and Dutch
pages for a finished login (Back, then "Verder") and for a rejected AuthnRequest."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterator

import pytest
import requests

from simulator.testing import RunningSimulator, running_simulator

from portal.formdriver import FormDriver, Page, form_with  # tests/ is on sys.path (rootdir of the test packages)

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


def start(sim: RunningSimulator, story: str) -> tuple[FormDriver, Page]:
    driver = FormDriver()
    home = driver.get(f"{sim.base_url}/portal/")
    return driver, driver.submit(home, form_with(home, f"start-{story}"))


def test_the_story_hint_preselects_and_says_what_to_do(sim: RunningSimulator) -> None:
    driver, page = start(sim, "ouder-paspoort")
    assert page.testid_text("story-hint") == (
        "Verhaal: Moeder regelt een paspoort voor haar dochter: log in als Fatima El Amrani (BSN 999990019), "
        "kies daarna Noor El Amrani (BSN 999990032)."
    )
    assert page.html.xpath("//select[@data-testid='persona']/optgroup/option[@selected]/@value") == ["999990019"]
    # The pre-selected persona is enough: "Inloggen" leads to the machtigen step, with Noor chosen already.
    machtigen = driver.submit(page, form_with(page, "login"), button="login")
    assert machtigen.testid_text("story-hint") == "Verhaal: Moeder regelt een paspoort voor haar dochter: kies Noor El Amrani (BSN 999990032)."
    assert machtigen.html.xpath("//input[@name='represent'][@checked]/@data-testid") == ["represent-999990032-ouderlijk_gezag"]


def test_without_a_hint_nothing_is_preselected(sim: RunningSimulator) -> None:
    driver = FormDriver()
    home = driver.get(f"{sim.base_url}/portal/")
    page = driver.submit(home, form_with(home, "portal-login"), dienst="paspoort-kind", machtigen="1")
    assert page.testid("story-hint") is None
    assert page.html.xpath("//select[@data-testid='persona']//option[@selected]") == []


def test_personas_are_grouped_with_roles_and_reasons(sim: RunningSimulator) -> None:
    _, page = start(sim, "curator")
    groups = page.html.xpath("//select[@data-testid='persona']/optgroup/@label")
    assert groups == ["Kan voor een ander optreden", "Wordt vertegenwoordigd", "Overige personen", "Kan niet inloggen"]
    options = {o.get("value"): " ".join(o.text_content().split()) for o in page.html.xpath("//select[@data-testid='persona']//option")}
    assert options["999990202"] == "Ria Bos — curator · DigiD substantieel · BSN 999990202"
    assert options["999990159"].startswith("Pieter Smit — bewindvoerder (Zeker Bewind B.V.)")
    assert options["999990214"].startswith("Gerrit Bos — onder curatele")
    assert options["999990275"] == "Bertus Hoekstra — kan niet inloggen: geen DigiD · BSN 999990275"


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("12345", "Een BSN heeft 9 cijfers; u typte er 5."),
        ("123456789", "123456789 is geen geldig BSN: het voldoet niet aan de elfproef"),
        ("12345678x", "Een BSN bestaat alleen uit cijfers"),
        ("123456782", "Dit BSN komt niet voor in het scenario."),
    ],
)
def test_typed_bsn_mistakes_have_their_own_message(sim: RunningSimulator, bsn: str, message: str) -> None:
    driver, page = start(sim, "zelf-inloggen")
    answer = driver.submit(page, form_with(page, "login"), button="login", persona="", bsn=bsn)
    assert answer.status == 400 and answer.testid_text("error").startswith(message)


def test_persona_and_a_different_typed_bsn_is_refused_with_the_rule(sim: RunningSimulator) -> None:
    driver, page = start(sim, "zelf-inloggen")  # the hint pre-selects Fatima El Amrani
    assert "Kies een persona óf typ een BSN" in page.testid_text("persona-rule")
    answer = driver.submit(page, form_with(page, "login"), button="login", bsn="999990251")
    assert answer.status == 400
    assert answer.testid_text("error").startswith("U koos persona Fatima El Amrani (BSN 999990019) én typte BSN 999990251. Kies één van beide")
    # The same person twice is no contradiction.
    same = driver.submit(answer, form_with(answer, "login"), button="login", persona="999990019", bsn="999990019")
    assert same.url.startswith(f"{sim.base_url}/portal/resultaat/")


def test_who_cannot_log_in_is_told_why_and_can_cancel_back_to_the_portal(sim: RunningSimulator) -> None:
    driver, page = start(sim, "geen-digid")
    answer = driver.submit(page, form_with(page, "login"), button="login")  # Bertus is pre-selected
    assert answer.testid_text("error").startswith("Bertus Hoekstra: Deze persoon heeft geen DigiD en kan niet inloggen.")
    assert "klik op Annuleren om terug te gaan naar Gemeente Demodorp" in answer.testid_text("error")
    result = driver.submit(answer, form_with(answer, "cancel"), button="cancel")
    assert result.testid_text("story-verdict").startswith("✓")


def test_outcomes_are_grouped_in_dutch_and_test_ids_are_unique(sim: RunningSimulator) -> None:
    _, page = start(sim, "curator")
    groups = page.html.xpath("//select[@data-testid='outcome']/optgroup")
    assert [g.get("label").split(":")[0] for g in groups] == ["Gewone uitkomst", "DigiD-status", "Protocolfout"]
    assert [len(g.xpath("option")) for g in groups] == [1, 7, 9]
    assert " ".join(page.html.xpath("string(//option[@value='wrong_audience'])").split()) == "Audience van de Assertion is niet de dienstverlener (wrong_audience)"
    assert page.testid("outcome-toggle").tag == "summary"
    ids = Counter(page.html.xpath("//@data-testid"))
    assert [name for name, count in ids.items() if count > 1] == []


def test_digid_orange_meets_aa_contrast(sim: RunningSimulator) -> None:
    _, page = start(sim, "curator")
    assert "background: #e17000" not in page.text and "button.primary { background: #b35300; color: #fff; }" in page.text


def test_back_then_verder_is_explained_in_dutch(sim: RunningSimulator) -> None:
    driver, page = start(sim, "zelf-inloggen")
    action = page.html.forms[form_with(page, "login")].get("action")
    driver.submit(page, form_with(page, "login"), button="login")
    # The browser's Back button shows the old page; "Inloggen" again posts to a login that is finished.
    again = requests.post(action, data={"action": "login", "persona": "999990019"}, headers=BROWSER, timeout=10)
    assert again.status_code == 404 and again.headers["Content-Type"].startswith("text/html")
    assert "Deze inlog is al afgerond" in again.text and "knop Terug" in again.text
    machine = requests.post(action, data={"action": "login"}, timeout=10)
    assert machine.status_code == 404 and machine.text == "unknown or finished login session\n"


def test_a_rejected_authn_request_is_a_dutch_page_linking_the_diagnostics(sim: RunningSimulator) -> None:
    url = f"{sim.base_url}/saml/v4/entrance/request_authentication"
    page = requests.post(url, data={"SAMLRequest": "bm9wZQ=="}, headers=BROWSER, timeout=10)
    assert page.status_code == 400 and page.headers["Content-Type"].startswith("text/html")
    assert "De simulator heeft dit AuthnRequest geweigerd" in page.text and 'href="/control/diagnostics"' in page.text
    machine = requests.post(url, data={"SAMLRequest": "bm9wZQ=="}, timeout=10)
    assert machine.status_code == 400 and machine.text.startswith("AuthnRequest rejected: malformed XML")
