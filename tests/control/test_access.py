"""SIMULATOR_CONTROL_TOKEN guards every page that shows personal data or the audit trail, not only the API.

Before: with the token set, /explorer/activiteit showed the audit trail (who acted for whom, BSNs) that
/control/audit refused."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from flask.testing import FlaskClient

from simulator.app import create_app
from simulator.config import Config
from simulator.control.access import COOKIE
from simulator.testing import running_simulator

PAGES = ["/explorer/", "/explorer/personen", "/explorer/personen/999990251", "/explorer/activiteit", "/explorer/organisaties",
         "/explorer/diensten", "/control/diagnostics"]


@pytest.fixture()
def protected() -> FlaskClient:
    app = create_app(Config.from_env({"SIMULATOR_CONTROL_TOKEN": "s3cret"}, clock=dt.date(2026, 6, 15)))
    app.extensions["simulator"].audit("representation", acting_bsn="999990251", legal_bsn="999990263", outcome="success")
    return app.test_client()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_the_token(protected: FlaskClient, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = protected.get(path, headers={"Accept": "text/html", **headers})
        assert response.status_code == 401, (path, headers)
        assert "999990251" not in response.get_data(as_text=True)
    assert protected.get(path + "?token=wrong", headers={"Accept": "text/html"}).status_code == 401
    protected.set_cookie(COOKIE, "forged")
    assert protected.get(path, headers={"Accept": "text/html"}).status_code == 401


@pytest.mark.parametrize("path", PAGES)
def test_bearer_token_or_a_cookie_from_one_token_link_opens_them(protected: FlaskClient, path: str) -> None:
    assert protected.get(path, headers={"Accept": "text/html", "Authorization": "Bearer s3cret"}).status_code == 200
    once = protected.get(path + "?token=s3cret", headers={"Accept": "text/html"})
    assert once.status_code == 303 and once.headers["Location"] == path  # the token leaves the address bar
    cookie = once.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "s3cret" not in cookie
    assert protected.get(path, headers={"Accept": "text/html"}).status_code == 200


def test_the_audit_trail_page_is_no_way_around_the_audit_api(protected: FlaskClient) -> None:
    assert protected.get("/control/audit").status_code == 401
    assert protected.get("/explorer/activiteit").status_code == 401
    protected.get("/explorer/activiteit?token=s3cret")
    assert "999990263" in protected.get("/explorer/activiteit?bsn=999990263").get_data(as_text=True)


def test_without_a_token_the_pages_stay_open() -> None:
    client = create_app(Config.from_env({}, clock=dt.date(2026, 6, 15))).test_client()
    assert all(client.get(path, headers={"Accept": "text/html"}).status_code == 200 for path in PAGES)


def test_a_browser_over_http_keeps_the_cookie() -> None:
    with running_simulator(env={"SIMULATOR_CONTROL_TOKEN": "t0k"}, clock=dt.date(2026, 6, 15)) as sim, requests.Session() as browser:
        assert browser.get(f"{sim.base_url}/explorer/personen", timeout=10).status_code == 401
        first = browser.get(f"{sim.base_url}/explorer/personen?token=t0k&lang=en", timeout=10)
        assert first.status_code == 200 and first.url == f"{sim.base_url}/explorer/personen?lang=en"
        assert browser.get(f"{sim.base_url}/explorer/activiteit", timeout=10).status_code == 200
