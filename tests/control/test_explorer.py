"""The scenario explorer: browse and search, relations with ground, services, validity and status, the SVG graph,
the English switch, and the live "who acted for whom" page."""

from __future__ import annotations

import lxml.html
import pytest
from flask.testing import FlaskClient
from lxml import etree

from simulator.store import Store


def page(client: FlaskClient, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/html"
    return lxml.html.fromstring(response.get_data(as_text=True))


def rows(html: lxml.html.HtmlElement, testid: str) -> list[list[str]]:
    table = html.xpath(f"//table[@data-testid='{testid}']")
    if not table:
        return []
    return [[" ".join(" ".join(td.itertext()).split()) for td in tr.xpath("td")] for tr in table[0].xpath(".//tr[td]")]


def test_home_counts_the_world(client: FlaskClient) -> None:
    html = page(client, "/explorer/")
    assert "Demodorp" in html.text_content()
    assert html.xpath("//a[@data-testid='language-switch']/@href") == ["/explorer/?lang=en"]


@pytest.mark.parametrize(("query", "expected"), [("999990251", ["Sanne van Dijk"]), ("van dijk", ["Sanne van Dijk", "Jan van Dijk"]), ("9999902", None)])
def test_search_by_bsn_or_name(client: FlaskClient, query: str, expected: list[str] | None) -> None:
    found = [r[1] for r in rows(page(client, f"/explorer/personen?q={query}"), "person-list")]
    if expected is None:
        assert len(found) > 3 and all(n for n in found)  # every BSN starting with the digits
    else:
        assert found == expected


def test_search_without_hits(client: FlaskClient) -> None:
    html = page(client, "/explorer/personen?q=zzzz")
    assert rows(html, "person-list") == [] and "Niets gevonden" in html.text_content()


def test_person_page_whom_they_may_represent(client: FlaskClient) -> None:
    html = page(client, "/explorer/personen/999990251")
    assert html.xpath("string(//*[@data-testid='person-name'])").startswith("Sanne van Dijk")
    represents = rows(html, "represents")
    active = [r for r in represents if r[5] == "actief"]
    assert len(active) == 1
    person, grond, bron, diensten, geldig, _ = active[0]
    assert person.startswith("Jan van Dijk") and grond == "machtiging (vrijwillig)" and "M-2024-0001" in bron
    assert "Aanvragen bijzondere bijstand" in diensten and "Inzien WOZ-beschikking" in diensten
    assert geldig == "15 juni 2025 – 15 juni 2030"
    statuses = sorted(r[5] for r in represents if r[5] != "actief")
    assert statuses == ["machtiging ingetrokken", "machtiging niet geaccepteerd"]


def test_person_page_who_represents_them_through_an_organisation(client: FlaskClient) -> None:
    represented_by = rows(page(client, "/explorer/personen/999990172"), "represented-by")
    names = sorted(r[0].split(" BSN")[0] for r in represented_by)
    assert names == ["Linda de Jong", "Pieter Smit"]
    assert all("Zeker Bewind B.V." in r[0] and r[1] == "beschermingsbewind" and r[5] == "actief" for r in represented_by)


def test_service_filter_shows_why_not(client: FlaskClient) -> None:
    html = page(client, "/explorer/personen/999990159?dienst=bijzondere-bijstand")
    by_name = {r[0].split(" BSN")[0]: r[5] for r in rows(html, "represents")}
    assert by_name == {"Kees Visser": "actief", "Anouk Mulder": "buiten de omvang", "Henk Meijer": "maatregel beëindigd"}


def test_relation_graph_is_server_rendered_svg(client: FlaskClient) -> None:
    response = client.get("/explorer/personen/999990019")
    text = response.get_data(as_text=True)
    start, end = text.index("<svg"), text.index("</svg>") + len("</svg>")
    svg = etree.fromstring(text[start:end])  # well-formed SVG
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "Fatima El Amrani" in labels and "Noor El Amrani" in labels and "Adam El Amrani" in labels
    assert "ouderlijk gezag" in labels
    # A picture holds no links (role="img"); the page lists the people in it with links beside it.
    assert svg.get("role") == "img" and not svg.xpath("//svg:a", namespaces=SVG)
    assert all(float(t.get("font-size")) >= 12 for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    html = lxml.html.fromstring(text)
    assert "/explorer/personen/999990032" in html.xpath("//p[@class='people']/a/@href")
    assert html.xpath("//*[@data-testid='graph-legend']") and "<script" not in text[start:end]


SVG = {"svg": "http://www.w3.org/2000/svg"}


def svg_texts(html: lxml.html.HtmlElement) -> list[str]:
    return [t.text_content() for t in html.xpath("//*[local-name()='svg' and @data-testid='relation-graph']//*[local-name()='text']")]


def test_person_graph_shows_family_and_the_organisation_of_a_professional(client: FlaskClient) -> None:
    # Kees Visser: represented by two employees of Zeker Bewind B.V.; the office is a node between them and him.
    texts = svg_texts(page(client, "/explorer/personen/999990172"))
    assert "Zeker Bewind B.V." in texts and "KvK 90001234" in texts and "werkt voor" in texts
    assert "Pieter Smit" in texts and "Linda de Jong" in texts and "beschermingsbewind" in texts


def test_household_picture_has_parents_children_and_their_ties(client: FlaskClient) -> None:
    html = page(client, "/explorer/huishouden/999990032")
    assert html.xpath("string(//*[@data-testid='household-title'])") == "Huishouden van Noor El Amrani"
    texts = svg_texts(html)
    for name in ("Fatima El Amrani", "Noor El Amrani", "Adam El Amrani"):
        assert name in texts
    paths = html.xpath("//*[local-name()='svg']//*[local-name()='path'][@stroke]/@stroke")
    assert "#4a4f55" in paths and "#6a1b9a" in paths and "#1b6e20" in paths  # parent, partner, usable representation


def test_whole_world_is_one_picture_per_linked_group(client: FlaskClient, store: Store) -> None:
    html = page(client, "/explorer/wereld")
    groups = html.xpath("//section[@data-testid='world-group']")
    assert len(groups) > 3
    pictured = {a.rsplit("/", 1)[1] for a in html.xpath("//p[@class='people']/a/@href")}
    assert pictured == set(store.world.persons)  # everyone appears, in a picture or among those without ties
    ids = html.xpath("//*[@id]/@id")
    assert len(ids) == len(set(ids))  # several pictures on one page: ids stay unique
    assert html.xpath("//*[@data-testid='graph-legend']")


def test_english_switch_keeps_the_language_in_links(client: FlaskClient) -> None:
    html = page(client, "/explorer/personen/999990202?lang=en")
    assert html.get("lang") == "en"
    assert "May represent" in html.text_content()
    assert rows(html, "represents")[0][1] == "curatorship"
    assert "/explorer/personen/999990214?lang=en" in html.xpath("//table[@data-testid='represents']//a/@href")


def test_organisation_service_and_list_pages(client: FlaskClient) -> None:
    org = page(client, "/explorer/organisaties/90001234").text_content()
    assert "Zeker Bewind B.V." in org and "Kees Visser" in org and "Henk Meijer" in org
    assert "Zeker Bewind B.V." in page(client, "/explorer/organisaties").text_content()
    services = rows(page(client, "/explorer/diensten"), "service-list")
    assert len(services) == 10 and services[0][0].startswith("Aanvragen bijzondere bijstand")
    service = page(client, "/explorer/diensten/0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01").text_content()
    assert "Aanvragen bijzondere bijstand" in service and "Sanne van Dijk" in service


@pytest.mark.parametrize("url", ["/explorer/personen/999999999", "/explorer/organisaties/12345678", "/explorer/diensten/nope"])
def test_unknown_things_are_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_bad_query_values_do_not_break_pages(client: FlaskClient) -> None:
    assert client.get("/explorer/personen?pagina=abc").status_code == 200
    assert client.get("/explorer/personen/999990251?datum=gisteren&dienst=nope").status_code == 200


def test_activity_page_shows_who_acted_for_whom(client: FlaskClient, store: Store) -> None:
    store.audit("representation", sp="urn:sp", acting_bsn="999990251", legal_bsn="999990263", dienst="bijzondere-bijstand", grond="vrijwillig", ref="M-2024-0001", outcome="success")
    store.audit("toezicht", representative_bsn=None, kvk="90001234", client_bsn="999990172", outcome="bevoegd", zaaknummer="C/16/456789 / BW RK 22-101")
    html = page(client, "/explorer/activiteit")
    # The list polls itself with fetch (pause button); no meta refresh reloads the page under the reader.
    assert html.xpath("//meta[@http-equiv='refresh']") == [] and html.xpath("//*[@data-testid='activity-pause']")
    assert any("fetch(" in (script.text or "") for script in html.xpath("//script"))
    fragment = client.get("/explorer/activiteit?deel=lijst").get_data(as_text=True)
    assert "<html" not in fragment and 'data-testid="activity"' in fragment
    entries = rows(html, "activity")
    assert len(entries) == 2
    toezicht, login = entries  # newest first
    assert login[2].startswith("Sanne van Dijk") and login[3].startswith("Jan van Dijk")
    assert login[4] == "Aanvragen bijzondere bijstand" and login[5].startswith("machtiging (vrijwillig)")
    assert login[1].startswith("Inloggen met machtigen (DigiD)") and login[6] == "gelukt"
    assert "Zeker Bewind B.V., KvK 90001234" in toezicht[2] and toezicht[3].startswith("Kees Visser") and toezicht[6] == "bevoegd"
    assert toezicht[1] == "Controle bij Toezicht"


def test_activity_names_the_sp_and_does_not_say_chosen_for_a_fault(client: FlaskClient, store: Store) -> None:
    portal = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"
    store.audit("representation", sp=portal, acting_bsn="999990251", legal_bsn="999990263", outcome="gekozen", fault="wrong_audience")
    (entry,) = rows(page(client, "/explorer/activiteit"), "activity")
    assert "Gemeente Demodorp" in entry[1] and "urn:" not in entry[1]
    assert entry[6].startswith("gekozen, maar met protocolfout wrong_audience verstuurd")
    assert len(rows(page(client, "/explorer/activiteit?bsn=999990263"), "activity")) == 1
