"""The eHerkenning login and machtiging pages for a trainer: the portal's story hint (the same simulator-only
fields and `read_hint` as the DigiD pages) pre-selects employee, office and machtiging and says what to do; a
finished login (Back, then "Inloggen" again) is a Dutch page; the banner sits in the header landmark."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
import requests

from simulator.login import read_hint
from simulator.testing import RunningSimulator, running_simulator

from portal.formdriver import FormDriver, Page, form_with  # tests/ is on sys.path (rootdir of the test packages)

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
STORY = "Verhaal: Bewindvoerder logt in met eHerkenning"


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


def start(sim: RunningSimulator, story: str) -> tuple[FormDriver, Page]:
    driver = FormDriver()
    home = driver.get(f"{sim.base_url}/portal/")
    page = driver.submit(home, form_with(home, f"start-{story}"))
    assert "/saml/eherkenning/login/" in page.url, f"{page.url}: {page.text[:600]}"
    return driver, page


def test_the_story_hint_preselects_employee_office_and_machtiging(sim: RunningSimulator) -> None:
    driver, page = start(sim, "bewindvoerder-eherkenning")
    assert page.testid_text("story-hint") == (
        f"{STORY}: log in als Pieter Smit (BSN 999990159) voor Zeker Bewind B.V. (KvK 90001234), "
        "kies daarna de machtiging voor Zeker Bewind B.V., de cliënt is Kees Visser (BSN 999990172)."
    )
    assert page.html.xpath("//select[@data-testid='means']/option[@selected]/@value") == ["90001234:999990159"]
    # The pre-selected employee is enough: "Inloggen" leads to the machtiging step, the office's machtiging checked.
    choice = driver.submit(page, form_with(page, "login"), button="login")
    assert choice.testid_text("story-hint") == (
        f"{STORY}: kies de machtiging voor Zeker Bewind B.V., de cliënt is Kees Visser (BSN 999990172)."
    )
    assert choice.html.xpath("//input[@name='choice'][@checked]/@data-testid") == ["choice-org-90001234"]
    result = driver.submit(choice, form_with(choice, "choose"), button="choose")
    assert "/portal/eherkenning/resultaat/" in result.url and "Zeker Bewind B.V." in result.testid_text("office")


def test_without_a_hint_nothing_is_preselected(sim: RunningSimulator) -> None:
    driver = FormDriver()
    home = driver.get(f"{sim.base_url}/portal/")
    page = driver.submit(home, form_with(home, "start-bewindvoerder-eherkenning"), story="")  # the story's service, no story
    assert "/saml/eherkenning/login/" in page.url, f"{page.url}: {page.text[:600]}"
    assert page.testid("story-hint") is None
    assert page.html.xpath("//select[@data-testid='means']/option[@selected]") == []


def test_the_hint_keeps_only_a_bsn_and_a_kvk_number() -> None:
    assert read_hint({"SimulatorLoginAs": "x<script>", "SimulatorOrganisation": "123"}) is None
    assert read_hint({"SimulatorOrganisation": "90001234"}).organisation == "90001234"  # type: ignore[union-attr]


def test_back_then_inloggen_is_explained_in_dutch_and_the_banner_is_in_the_header(sim: RunningSimulator) -> None:
    driver, page = start(sim, "bewindvoerder-eherkenning")
    assert page.html.xpath("//header//*[@data-testid='simulator-banner']")
    action = page.html.forms[form_with(page, "login")].get("action")
    choice = driver.submit(page, form_with(page, "login"), button="login")
    driver.submit(choice, form_with(choice, "choose"), button="choose")
    # The browser's Back button shows the old page; "Inloggen" again posts to a login that is finished.
    again = requests.post(action, data={"action": "login", "means": "90001234:999990159"}, headers=BROWSER, timeout=10)
    assert again.status_code == 404 and again.headers["Content-Type"].startswith("text/html")
    assert "Deze inlog is al afgerond" in again.text and "eHerkenning verstuurt" in again.text and "knop Terug" in again.text
    assert "dit is niet het echte eHerkenning" in again.text
    machine = requests.post(action, data={"action": "login"}, timeout=10)
    assert machine.status_code == 404 and machine.text == "unknown or finished login session\n"
