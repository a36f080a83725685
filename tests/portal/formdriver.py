"""A minimal form-submitting HTTP client: what a browser does with the portal's and DigiD's pages (follow redirects,
submit forms, auto-submitting forms included), without a browser. Used by the portal tests and remote checks."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
import requests


@dataclass
class Page:
    url: str
    status: int
    html: lxml.html.HtmlElement
    text: str

    def testid(self, name: str) -> lxml.html.HtmlElement | None:
        found = self.html.xpath(f"//*[@data-testid=$name]", name=name)
        return found[0] if found else None

    def testid_text(self, name: str) -> str:
        element = self.testid(name)
        assert element is not None, f"no data-testid={name!r} on {self.url} (HTTP {self.status}): {self.text[:800]}"
        return " ".join(element.text_content().split())


class FormDriver:
    def __init__(self, verify: str | bool = True, cert: tuple[str, str] | None = None):
        self.session = requests.Session()
        self.session.verify = verify
        # The auto-submitting pages passed through, in order (what a browser shows for a moment).
        self.auto_submitted: list[Page] = []
        if cert:
            self.session.cert = cert

    def _page(self, response: requests.Response) -> Page:
        text = response.text
        html = lxml.html.fromstring(text or "<html/>")
        page = Page(response.url, response.status_code, html, text)
        # Auto-submitting pages (HTTP-POST binding) are submitted as a browser with JavaScript would.
        body = html.find(".//body")
        if body is not None and "submit()" in (body.get("onload") or ""):
            self.auto_submitted.append(page)
            return self.submit(page, form_index=0)
        return page

    def get(self, url: str) -> Page:
        return self._page(self.session.get(url, timeout=30))

    def submit(self, page: Page, form_index: int = 0, button: str | None = None, **fields: str) -> Page:
        """Submit a form with its own values, overridden by `fields`; `button` = data-testid of the submit button."""
        form = page.html.forms[form_index]
        values = {name: value for name, value in form.form_values()}
        if button is not None:
            element = page.testid(button)
            assert element is not None, f"no button {button!r} on {page.url}"
            if element.get("name"):
                values[element.get("name")] = element.get("value", "")
        values.update(fields)
        action = urljoin(page.url, form.get("action") or page.url)
        if (form.get("method") or "get").lower() == "post":
            response = self.session.post(action, data=values, timeout=30)
        else:
            response = self.session.get(action, params=values, timeout=30)
        return self._page(response)


def form_with(page: Page, testid: str) -> int:
    """Index of the form that holds the element with `testid`."""
    element = page.testid(testid)
    assert element is not None, f"no data-testid={testid!r} on {page.url}: {page.text[:600]}"
    form = next(a for a in element.iterancestors() if a.tag == "form")
    return page.html.forms.index(form)


def run_story(driver: FormDriver, base_url: str, story: str, login_bsn: str, choose_bsn: str | None, outcome: str = "success") -> Page:
    """Start a story in the portal, log in at DigiD as `login_bsn`, choose `choose_bsn`; the portal's result page."""
    home = driver.get(f"{base_url}/portal/")
    page = driver.submit(home, form_with(home, f"start-{story}"))
    assert page.testid("login") is not None, f"expected the DigiD login page, got {page.url}: {page.text[:800]}"
    page = driver.submit(page, form_with(page, "login"), button="login", persona="", bsn=login_bsn, outcome=outcome)
    if page.testid("choose") is not None or page.testid("no-representation") is not None:
        if choose_bsn is None or page.testid("choose") is None:
            page = driver.submit(page, form_with(page, "back"), button="back")
        else:
            radios = page.html.xpath("//input[@name='represent']")
            wanted = [r for r in radios if (r.get("data-testid") or "").startswith(f"represent-{choose_bsn}-")]
            assert wanted, f"{choose_bsn} is not offered at the machtigen step: {[r.get('data-testid') for r in radios]}"
            page = driver.submit(page, form_with(page, "choose"), button="choose", represent=wanted[0].get("value"))
    return page
