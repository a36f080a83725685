"""A real browser (Debian's headless chromium, driven by Selenium through Debian's chromedriver): every kind of
page at 1366×768 and at a phone's 390×844 — no horizontal overflow, no serious or critical axe-core violation,
a full-page screenshot of each under test-output/browser/ — and every story of the portal walked through the
DigiD pages to its expected result, following only the story hint on the DigiD pages.

axe-core comes from npm (`.ci/run` installs it into .ci/cache/node_modules; SIMULATOR_AXE_JS names another
copy). Without it the pages are still checked for overflow and photographed, and the test then skips saying
why (CI requires it: a skipped browser test fails there)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import pytest
import requests

from simulator.portal.stories import Story, load_stories
from simulator.testing import RunningSimulator, running_simulator

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOTS = ROOT / "test-output" / "browser"
AXE_JS = Path(os.environ.get("SIMULATOR_AXE_JS") or ROOT / ".ci" / "cache" / "node_modules" / "axe-core" / "axe.min.js")
SIZES = ((1366, 768), (390, 844))
PORTAL = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"

# Selenium must never download a driver: it uses Debian's chromedriver only.
os.environ["SE_OFFLINE"] = "true"
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator(clock=dt.date(2026, 6, 15)) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1366,768", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def by_testid(name: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f"[data-testid='{name}']"


def viewport(browser: webdriver.Chrome, width: int, height: int) -> None:
    # A phone is emulated as a phone: the meta viewport applies, as it does on a real one.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def axe_violations(browser: webdriver.Chrome) -> list[str]:
    """Serious and critical axe-core violations of the page, as 'rule: target' lines."""
    if not browser.execute_script("return typeof window.axe !== 'undefined'"):
        browser.execute_script(AXE_JS.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', nodes: [{target: [String(e)]}]}])));"
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in json.loads(result) if v.get("impact") in ("serious", "critical")
    ]


def check(browser: webdriver.Chrome, name: str) -> None:
    """The page now open, at each size: no horizontal overflow, no serious axe violation, a full-page shot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    browser.set_script_timeout(60)
    for width, height in SIZES:
        viewport(browser, width, height)
        scroll_width, inner_width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            problems.append(f"{name} at {width}px: scrollWidth {scroll_width} > innerWidth {inner_width}")
        if AXE_JS.is_file():
            problems += [f"{name} at {width}px: {v}" for v in axe_violations(browser)]
        full = browser.execute_script("return document.documentElement.scrollHeight")
        viewport(browser, width, min(max(full, height), 6000))
        browser.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))
    viewport(browser, *SIZES[0])
    assert problems == []


def open_story(browser: webdriver.Chrome, sim: RunningSimulator, story: str) -> WebDriverWait:
    wait = WebDriverWait(browser, 20)
    browser.get(f"{sim.base_url}/portal/")
    browser.find_element(*by_testid(f"start-{story}")).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("login")))
    return wait


def to_result(browser: webdriver.Chrome, wait: WebDriverWait) -> None:
    wait.until(expected_conditions.url_contains("/portal/resultaat/"))
    wait.until(expected_conditions.presence_of_element_located(by_testid("portal-outcome")))


def post_garbage_authn_request(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    # What a broken SP's auto-submitting form does: the browser posts a SAMLRequest DDCC refuses.
    browser.get(f"{sim.base_url}/portal/")
    browser.execute_script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
        "const i = document.createElement('input'); i.type = 'hidden'; i.name = 'SAMLRequest'; i.value = 'bm9wZQ==';"
        "f.appendChild(i); document.body.appendChild(f); f.submit();",
        f"{sim.base_url}/saml/v4/entrance/request_authentication",
    )
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located(by_testid("rejected-title")))


def visit(path: str) -> Callable[[webdriver.Chrome, RunningSimulator], None]:
    return lambda browser, sim: browser.get(f"{sim.base_url}{path}")


def digid_login(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    open_story(browser, sim, "ouder-paspoort")
    browser.find_element(*by_testid("outcome-toggle")).click()  # the tester's outcome list, open


def login_until(story: str, testid: str) -> Callable[[webdriver.Chrome, RunningSimulator], None]:
    """Start `story`, click "Inloggen" on the DigiD page (the hint has selected the persona), wait for `testid`."""

    def walk(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
        wait = open_story(browser, sim, story)
        browser.find_element(*by_testid("login")).click()
        wait.until(expected_conditions.presence_of_element_located(by_testid(testid)))

    return walk


def result_success(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    wait = open_story(browser, sim, "bewindvoerder")
    browser.find_element(*by_testid("login")).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("choose"))).click()
    to_result(browser, wait)
    # Open every message of the wire panel: the longest page there is.
    for summary in browser.find_elements(By.CSS_SELECTOR, "[data-testid^='wire-event-']"):
        if not summary.find_element(By.XPATH, "..").get_attribute("open"):
            summary.click()


def result_failure(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    wait = open_story(browser, sim, "niveau-te-laag")
    browser.find_element(*by_testid("login")).click()
    to_result(browser, wait)


def result_rejected(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    requests.post(f"{sim.base_url}/control/directives", json={"sp": PORTAL, "bsn": "999990202", "represent": "999990214", "outcome": "wrong_audience"}, timeout=10).raise_for_status()
    wait = WebDriverWait(browser, 20)
    browser.get(f"{sim.base_url}/portal/")
    browser.find_element(*by_testid("portal-login")).click()
    to_result(browser, wait)


def login_gone(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    # Back, then "Inloggen" again: the login is over.
    wait = open_story(browser, sim, "zelf-inloggen")
    browser.find_element(*by_testid("login")).click()
    to_result(browser, wait)
    browser.back()
    wait.until(expected_conditions.presence_of_element_located(by_testid("login"))).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("gone-title")))


def eherkenning_login(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    # The story's hint: the "Verhaal" line, Pieter Smit for Zeker Bewind pre-selected.
    browser.get(f"{sim.base_url}/portal/")
    browser.find_element(*by_testid("start-bewindvoerder-eherkenning")).click()
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located(by_testid("story-hint")))
    assert browser.find_element(*by_testid("means")).get_attribute("value") == "90001234:999990159"


def eherkenning_machtiging(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    eherkenning_login(browser, sim)
    browser.find_element(*by_testid("login")).click()
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located(by_testid("choose")))
    assert browser.find_element(By.CSS_SELECTOR, "input[name='choice']:checked").get_attribute("data-testid") == "choice-org-90001234"


def eherkenning_gone(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    # Back, then "Verder" again: the eHerkenning login is over.
    wait = WebDriverWait(browser, 20)
    eherkenning_machtiging(browser, sim)
    browser.find_element(*by_testid("choose")).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("check-client")))
    browser.back()
    wait.until(expected_conditions.presence_of_element_located(by_testid("choose"))).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("gone-title")))


def eherkenning_result(browser: webdriver.Chrome, sim: RunningSimulator) -> None:
    # Pilot 2 to Toezicht's answer: log in for the office, take the machtiging, check the story's client.
    wait = WebDriverWait(browser, 20)
    eherkenning_login(browser, sim)
    Select(browser.find_element(*by_testid("means"))).select_by_value("90001234:999990159")  # Pieter Smit for Zeker Bewind
    browser.find_element(*by_testid("login")).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("choice-org-90001234"))).click()
    browser.find_element(*by_testid("choose")).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("check-client"))).click()
    wait.until(expected_conditions.presence_of_element_located(by_testid("decision")))


PAGES: dict[str, Callable[[webdriver.Chrome, RunningSimulator], None]] = {
    "landing": visit("/"),
    "portal-home": visit("/portal/"),
    "digid-login": digid_login,
    "digid-machtigen": login_until("bewindvoerder", "choose"),
    "digid-nobody-to-choose": login_until("overleden-machtiginggever", "no-representation"),
    "digid-cannot-log-in": login_until("geen-digid", "error"),
    "portal-result-success": result_success,
    "portal-result-failure": result_failure,
    "portal-result-rejected": result_rejected,
    "digid-login-gone": login_gone,
    "eherkenning-login": eherkenning_login,
    "eherkenning-machtiging": eherkenning_machtiging,
    "eherkenning-login-gone": eherkenning_gone,
    "portal-eherkenning-result": eherkenning_result,
    "authn-request-rejected": post_garbage_authn_request,
    "explorer-home": visit("/explorer/"),
    "explorer-persons": visit("/explorer/personen"),
    "explorer-person": visit("/explorer/personen/999990159"),
    "explorer-person-en": visit("/explorer/personen/999990019?lang=en"),
    "explorer-household": visit("/explorer/huishouden/999990032"),
    "explorer-world": visit("/explorer/wereld"),
    "explorer-organisation": visit("/explorer/organisaties/90001234"),
    "explorer-services": visit("/explorer/diensten"),
    "explorer-service": visit("/explorer/diensten/bijzondere-bijstand"),
    "explorer-activity": visit("/explorer/activiteit"),
    "diagnostics": visit("/control/diagnostics"),
    "not-found": visit("/explorer/personen/000000000"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_kind_fits_phones_and_passes_axe(sim: RunningSimulator, browser: webdriver.Chrome, name: str) -> None:
    sim.store.directives.clear()
    PAGES[name](browser, sim)
    check(browser, name)
    if not AXE_JS.is_file():
        pytest.skip(f"axe-core not installed at {AXE_JS} (npm install --prefix .ci/cache axe-core); overflow and screenshots were checked")


# What the portal says for each expected outcome of a story.
EXPECTED_TEXT = {
    "geannuleerd": "U heeft het inloggen bij DigiD geannuleerd. U bent niet ingelogd.",
    "niveau_te_laag": "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst.",
    "geen_vertegenwoordiging": "U kunt voor deze dienst niemand vertegenwoordigen",
    "ingelogd": "U bent ingelogd als",
    "namens": "U bent ingelogd als",
}


@pytest.mark.parametrize("story", [s for s in load_stories() if s.inlogmiddel == "digid"], ids=lambda s: s.id)
def test_every_story_walks_to_its_expected_result_following_the_hint(sim: RunningSimulator, browser: webdriver.Chrome, story: Story) -> None:
    sim.store.directives.clear()
    wait = open_story(browser, sim, story.id)
    # The hint says whom to log in as and the persona is selected already: the trainer only clicks.
    assert browser.find_element(*by_testid("persona")).get_attribute("value") == story.inloggen
    assert "Verhaal:" in browser.find_element(*by_testid("story-hint")).text
    browser.find_element(*by_testid("login")).click()
    page = wait.until(lambda b: b.find_elements(*by_testid("choose")) or b.find_elements(*by_testid("no-representation"))
                      or b.find_elements(*by_testid("error")) or b.find_elements(*by_testid("portal-outcome")))
    testid = page[0].get_attribute("data-testid")
    if testid == "choose":
        checked = browser.find_element(By.CSS_SELECTOR, "input[name='represent']:checked").get_attribute("data-testid")
        assert checked.startswith(f"represent-{story.kiezen}-")
        page[0].click()
    elif testid == "no-representation":
        browser.find_element(*by_testid("back")).click()
    elif testid == "error":  # someone without DigiD: the page says why; they cancel
        assert "geen DigiD" in page[0].text
        browser.find_element(*by_testid("cancel")).click()
    to_result(browser, wait)
    outcome = " ".join(browser.find_element(*by_testid("portal-outcome")).text.split())
    assert outcome.startswith(EXPECTED_TEXT[story.uitkomst]), outcome
    if story.kiezen:
        assert f"(BSN {story.kiezen})" in outcome and outcome.endswith(f" op grond van {story.grond}."), outcome
    assert browser.find_element(*by_testid("story-verdict")).text == "✓ De uitkomst is zoals het verhaal verwacht."
