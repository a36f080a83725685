"""A real browser (Debian's headless chromium, driven by Selenium through Debian's chromedriver) clicks through
stories of the default scenario: portal start button, DigiD login page, machtigen page, portal outcome.
Screenshots go to test-output/browser/."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from simulator.testing import RunningSimulator, running_simulator

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"

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
                     "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000"):
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


def shot(browser: webdriver.Chrome, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The whole page: widen the window to the document height first.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 800), 4000))
    browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    browser.set_window_size(1280, 1000)


@pytest.mark.parametrize(
    ("story", "login", "choose", "expected"),
    [
        ("bewindvoerder", "999990159", "999990172",
         "U bent ingelogd als P. Smit (BSN 999990159) en handelt namens K. Visser (BSN 999990172) voor de dienst "
         "'Aanvragen bijzondere bijstand' op grond van beschermingsbewind."),
        ("ouder-medisch-kind", "999990019", "999990032",
         "U bent ingelogd als F. El Amrani (BSN 999990019) en handelt namens N. El Amrani (BSN 999990032) voor de dienst "
         "'Inzien medisch dossier van uw kind (jonger dan 12)' op grond van ouderlijk gezag."),
        ("mentor", "999990226", "999990238",
         "U bent ingelogd als W. de Boer (BSN 999990226) en handelt namens G. de Boer (BSN 999990238) voor de dienst "
         "'Aanvragen Wmo-voorziening' op grond van mentorschap."),
        ("niveau-te-laag", "999990263", None, "Het betrouwbaarheidsniveau van het inlogmiddel is te laag voor deze dienst."),
    ],
)
def test_story_in_a_real_browser(sim: RunningSimulator, browser: webdriver.Chrome, story: str, login: str, choose: str | None, expected: str) -> None:
    wait = WebDriverWait(browser, 20)
    browser.get(f"{sim.base_url}/portal/")
    if story == "bewindvoerder":
        shot(browser, "00-portal-home")
    browser.find_element(*by_testid(f"start-{story}")).click()
    # The auto-submitting form posts the AuthnRequest; DigiD's login page follows.
    wait.until(expected_conditions.presence_of_element_located(by_testid("login")))
    Select(browser.find_element(*by_testid("persona"))).select_by_value(login)
    shot(browser, f"{story}-1-digid-login")
    browser.find_element(*by_testid("login")).click()
    if choose:
        wait.until(expected_conditions.presence_of_element_located(by_testid("choose")))
        browser.find_element(By.CSS_SELECTOR, f"input[data-testid^='represent-{choose}-']").click()
        shot(browser, f"{story}-2-machtigen")
        browser.find_element(*by_testid("choose")).click()
    # DigiD's login page has a control named "outcome" too: wait for the portal's result page first.
    wait.until(expected_conditions.url_contains("/portal/resultaat/"))
    outcome = wait.until(expected_conditions.presence_of_element_located(by_testid("outcome")))
    assert " ".join(outcome.text.split()) == expected
    shot(browser, f"{story}-3-outcome")


def test_explorer_person_page_in_a_real_browser(sim: RunningSimulator, browser: webdriver.Chrome) -> None:
    browser.get(f"{sim.base_url}/explorer/personen/999990159")
    graph = browser.find_element(*by_testid("relation-graph"))
    assert graph.size["height"] > 100 and graph.size["width"] > 600
    shot(browser, "explorer-person")
