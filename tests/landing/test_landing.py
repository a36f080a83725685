"""The landing page at `/`: built from the interfaces' LANDING_LINKS, every link answers; Dutch error pages for
people, Werkzeug's answers for machines; Dutch dates and times with zone."""

from __future__ import annotations

import datetime as dt
import importlib

import lxml.html
from flask import Flask
from flask.testing import FlaskClient

from simulator import dutch, landing
from simulator.app import INTERFACES
from simulator.config import Config
from simulator.dutch import date_text, moment_text, time_text
from simulator.landing import Link
from simulator.store import Store

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"}


def test_landing_page_links_every_declared_page_and_document(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = lxml.html.fromstring(response.get_data(as_text=True))
    hrefs = html.xpath("//main//a/@href")
    declared = [link for name in INTERFACES for link in getattr(importlib.import_module(f"simulator.{name}"), "LANDING_LINKS", ())]
    assert declared and all(isinstance(link, Link) for link in declared)
    assert sorted(hrefs) == sorted(link.path for link in declared)
    for href in hrefs:
        assert client.get(href).status_code == 200, href
    # The pages for people come first, the portal before the explorer.
    cards = html.xpath("//*[@data-testid='start-link']/a/@href")
    assert cards[:2] == ["/portal/", "/explorer/"] and "/explorer/activiteit" in cards
    for expected in ("/saml/v4/entrance/metadata", "/haalcentraal/api/brp/openapi.yaml", "/toezicht/vertegenwoordiging/v1/openapi.yaml", "/control/openapi.yaml"):
        assert expected in hrefs
    text = " ".join(html.text_content().split())
    assert "15 juni 2026" in text and "Welkom bij de machtigingen-simulator" in text


def test_a_new_door_adds_a_line_not_a_template_edit(config: Config) -> None:
    app = Flask(__name__)
    dutch.register(app.jinja_env)
    app.register_blueprint(landing.create_blueprint(Store.from_config(config), [Link("Nieuwe deur", "Metadata van de nieuwe deur", "/nieuw/metadata", "Voor uw SP.")]))
    html = lxml.html.fromstring(app.test_client().get("/").get_data(as_text=True))
    assert html.xpath("//section[@data-testid='landing-group']/h2/text()") == ["Nieuwe deur"]
    assert html.xpath("//section//a/@href") == ["/nieuw/metadata"]


def test_unknown_address_is_a_dutch_page_for_people_and_unchanged_for_machines(client: FlaskClient) -> None:
    page = client.get("/bestaat-niet", headers=BROWSER)
    assert page.status_code == 404 and page.mimetype == "text/html"
    html = lxml.html.fromstring(page.get_data(as_text=True))
    assert html.get("lang") == "nl" and html.xpath("string(//*[@data-testid='error-title'])") == "Pagina niet gevonden"
    assert "/" in html.xpath("//main//a/@href")
    english = lxml.html.fromstring(client.get("/explorer/personen/000000000?lang=en", headers=BROWSER).get_data(as_text=True))
    assert english.xpath("string(//*[@data-testid='error-title'])") == "Page not found"
    machine = client.get("/bestaat-niet", headers={"Accept": "*/*"})
    assert machine.status_code == 404 and b"Pagina" not in machine.data
    assert client.delete("/portal/", headers=BROWSER).status_code == 405


def test_dates_and_times_are_dutch_with_zone() -> None:
    assert date_text(dt.date(2026, 6, 15)) == "15 juni 2026" and date_text(dt.date(2026, 3, 1), "en") == "1 March 2026"
    assert date_text(None) == "…"
    summer = dt.datetime(2026, 6, 15, 8, 30, 5, tzinfo=dt.timezone.utc)
    assert time_text(summer) == "10:30:05 CEST"
    assert time_text(dt.datetime(2026, 1, 15, 8, 30, 5)) == "09:30:05 CET"  # naive = UTC, as the logs keep it
    assert moment_text(summer) == "15 juni 2026, 10:30:05 CEST"


def test_in_a_namespace_every_link_stays_inside_it(client: FlaskClient) -> None:
    html = lxml.html.fromstring(client.get("/t/job-7/").get_data(as_text=True))
    hrefs = html.xpath("//main//a/@href")
    assert hrefs and all(h.startswith("/t/job-7/") for h in hrefs)
    assert client.get("/t/job-7/saml/v4/entrance/metadata").status_code == 200
    error = lxml.html.fromstring(client.get("/t/job-7/nergens", headers=BROWSER).get_data(as_text=True))
    assert error.xpath("//main//a/@href")[0] == "/t/job-7/"
