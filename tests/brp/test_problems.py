"""The BRP API's error answers: exact titles, codes, details and invalidParams (the real API's texts)."""

from __future__ import annotations

import http.client
import json

import pytest

from simulator.config import DEFAULT_SCENARIO
from simulator.testing import running_simulator

from .conftest import PERSONEN, TODAY, BrpClient, brp_client, make_app

RAADPLEEG = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam"]}
VALIDATION = "Een of meerdere parameters zijn niet correct."
TYPE_400 = "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1"


def _bad(brp: BrpClient, body: dict) -> dict:
    answer = brp.personen(body)
    assert answer.status == 400, answer.body
    assert answer.body["type"] == TYPE_400 and answer.body["instance"] == PERSONEN
    return answer.body  # type: ignore[no-any-return]


def test_missing_parameters_are_params_validation(brp: BrpClient) -> None:
    # The official features (raadpleeg-met-burgerservicenummer/fout-cases.feature) answer a missing parameter
    # with paramsValidation; paramsCombination is in none of them.
    body = _bad(brp, {"type": "RaadpleegMetBurgerservicenummer", "fields": ["naam"]})
    assert body["title"] == VALIDATION
    assert body["code"] == "paramsValidation"
    assert body["detail"] == "De foutieve parameter(s) zijn: burgerservicenummer."
    assert body["invalidParams"] == [{"name": "burgerservicenummer", "code": "required", "reason": "Parameter is verplicht."}]


@pytest.mark.parametrize(
    ("change", "detail", "invalid"),
    [
        ({"burgerservicenummer": []}, "burgerservicenummer", [("burgerservicenummer", "minItems", "Array bevat minder dan 1 items.")]),
        ({"burgerservicenummer": "999990019,999990020"}, "burgerservicenummer", [("burgerservicenummer", "array", "Parameter is geen array.")]),
        ({"burgerservicenummer": ["999990019"] * 21}, "burgerservicenummer", [("burgerservicenummer", "maxItems", "Array bevat meer dan 20 items.")]),
        (
            {"burgerservicenummer": ["1234567890", "999990019", "<script>"]},
            "burgerservicenummer[0], burgerservicenummer[2]",
            [("burgerservicenummer[0]", "pattern", "Waarde voldoet niet aan patroon ^[0-9]{9}$."), ("burgerservicenummer[2]", "pattern", "Waarde voldoet niet aan patroon ^[0-9]{9}$.")],
        ),
        ({"gemeenteVanInschrijving": "123"}, "gemeenteVanInschrijving", [("gemeenteVanInschrijving", "pattern", "Waarde voldoet niet aan patroon ^[0-9]{4}$.")]),
        ({"voornamen": "Pietje"}, "voornamen", [("voornamen", "unknownParam", "Parameter is niet verwacht.")]),
        ({"fields": []}, "fields", [("fields", "minItems", "Array bevat minder dan 1 items.")]),
        ({"fields": "naam,geslacht"}, "fields", [("fields", "array", "Parameter is geen array.")]),
        ({"fields": ["naam"] * 131}, "fields", [("fields", "maxItems", "Array bevat meer dan 130 items.")]),
        ({"fields": ["a*nummer"]}, "fields[0]", [("fields[0]", "pattern", "Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.")]),
        ({"fields": ["naam", "anummer"]}, "fields[1]", [("fields[1]", "fields", "Parameter bevat een niet bestaande veldnaam.")]),
        ({"fields": ["inOnderzoek", "naam.inOnderzoek", "geheimhoudingPersoonsgegevens", "gezag.type", "rni"]}, "fields[0], fields[1], fields[2], fields[3], fields[4]",
         [(f"fields[{i}]", "fields", "Parameter bevat een niet toegestane veldnaam.") for i in range(5)]),
        ({"fields": ["opschortingBijhouding", "verificatie", "verblijfplaats.indicatieVastgesteldVerblijftNietOpAdres", "opschortingBijhouding.reden.code"]},
         "fields[0], fields[1], fields[2], fields[3]", [(f"fields[{i}]", "fields", "Parameter bevat een niet toegestane veldnaam.") for i in range(4)]),
        ({"type": "ZoekMetBestaatNiet"}, "type", [("type", "value", "Waarde is geen geldig zoek type.")]),
    ],
)
def test_parameter_validation(brp: BrpClient, change: dict, detail: str, invalid: list) -> None:
    body = _bad(brp, {**RAADPLEEG, **change})
    assert body["title"] == VALIDATION and body["code"] == "paramsValidation"
    assert body["detail"] == f"De foutieve parameter(s) zijn: {detail}."
    assert body["invalidParams"] == [{"name": n, "code": c, "reason": r} for n, c, r in invalid]


def test_several_errors_are_reported_together(brp: BrpClient) -> None:
    body = _bad(brp, {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "0000AA", "huisnummer": 0, "fields": ["kinderen"], "x": 1})
    # In the real API's order (zoek-met-postcode-en-huisnummer/fout-cases.feature): postcode, then alphabetical.
    assert [(p["name"], p["code"]) for p in body["invalidParams"]] == [("postcode", "pattern"), ("fields[0]", "fields"), ("huisnummer", "minimum"), ("x", "unknownParam")]
    assert body["detail"] == "De foutieve parameter(s) zijn: postcode, fields[0], huisnummer, x."


def test_gezag_only_for_raadpleeg_and_address_object_search(brp: BrpClient) -> None:
    body = _bad(brp, {"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Jansen", "geboortedatum": "1980-01-01", "fields": ["gezag"]})
    assert body["invalidParams"][0]["reason"] == "Parameter bevat een niet bestaande veldnaam."


def test_not_json_and_missing_type(brp: BrpClient) -> None:
    answer = brp.post(PERSONEN, None, raw=b"{not json")
    assert answer.status == 400 and answer.body["code"] == "paramsValidation"
    body = _bad(brp, {"fields": ["naam"]})
    assert body["invalidParams"] == [{"name": "type", "code": "required", "reason": "Parameter is verplicht."}]


@pytest.mark.parametrize("accept", ["application/xml", "text/csv", "application/json; charset=cp1252", "application/json, text/plain"])
def test_unsupported_accept_is_406(brp: BrpClient, accept: str) -> None:
    answer = brp.personen(RAADPLEEG, headers={"Accept": accept})
    assert answer.status == 406
    assert answer.body == {
        "type": "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6",
        "title": "Gevraagde content type wordt niet ondersteund.",
        "status": 406,
        "detail": "Ondersteunde content type: application/json; charset=utf-8.",
        "instance": PERSONEN,
        "code": "notAcceptable",
    }


@pytest.mark.parametrize("accept", ["*/*", "application/json", "application/json; charset=utf-8", "*/*; charset=utf-8"])
def test_supported_accept(brp: BrpClient, accept: str) -> None:
    assert brp.personen(RAADPLEEG, headers={"Accept": accept}).status == 200


@pytest.mark.parametrize("content_type", ["application/xml", "text/plain", "application/x-www-form-urlencoded"])
def test_unsupported_content_type_is_415(brp: BrpClient, content_type: str) -> None:
    answer = brp.personen(RAADPLEEG, headers={"Content-Type": content_type})
    assert answer.status == 415
    assert answer.body["title"] == "Media Type wordt niet ondersteund." and answer.body["code"] == "unsupportedMediaType"
    assert answer.body["detail"] == "Ondersteunde content type: application/json; charset=utf-8."


@pytest.mark.parametrize("content_type", ["", " "])
def test_empty_content_type_is_json(brp: BrpClient, content_type: str) -> None:
    # The official features (zoek-fout-cases.feature, "Lege Content-Type wordt ondersteund") send an empty header.
    answer = brp.personen(RAADPLEEG, headers={"Content-Type": content_type})
    assert answer.status == 200 and answer.body["personen"][0]["naam"]


def test_empty_content_type_header_over_http() -> None:
    """The header as a client on the wire sends it (`Content-Type: ` with no value), through the real server."""
    body = json.dumps(RAADPLEEG).encode()
    with running_simulator(clock=TODAY, scenario_paths=(DEFAULT_SCENARIO,)) as sim:
        connection = http.client.HTTPConnection(sim.base_url.removeprefix("http://"), timeout=10)
        connection.putrequest("POST", PERSONEN, skip_accept_encoding=True)
        connection.putheader("Content-Type", "")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        assert response.status == 200, response.read()
        assert json.loads(response.read())["personen"][0]["naam"]
        connection.close()


def test_json_with_charset_is_accepted(brp: BrpClient) -> None:
    assert brp.personen(RAADPLEEG, headers={"Content-Type": "application/json; charset=utf-8"}).status == 200


def test_other_methods_are_problem_json(brp: BrpClient) -> None:
    response = brp.client.get(PERSONEN)
    assert response.status_code == 405 and response.content_type == "application/problem+json"
    assert response.get_json()["status"] == 405


def test_published_openapi_is_served_with_the_simulator_as_server(brp: BrpClient) -> None:
    response = brp.client.get("/haalcentraal/api/brp/openapi.yaml")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "title: BRP API Personen" in text and "version: 2.7.0" in text
    assert "url: http://localhost/haalcentraal/api/brp" in text


def test_body_over_the_size_limit_is_problem_json() -> None:
    app = make_app(edge_cases=False)
    app.config["MAX_CONTENT_LENGTH"] = 100
    answer = brp_client(app).personen({**RAADPLEEG, "fields": ["naam"] * 20})
    assert answer.status == 413 and answer.body["code"] == "payloadTooLarge"


def test_integer_parameters(brp: BrpClient) -> None:
    base = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2517AB", "fields": ["burgerservicenummer"]}
    assert len(brp.personen({**base, "huisnummer": 12.0}).body["personen"]) == 4  # JSON Schema: 12.0 is an integer
    # The official features send every search value as a JSON string, and the real API answers them.
    assert len(brp.personen({**base, "huisnummer": "12"}).body["personen"]) == 4
    body = _bad(brp, {**base, "huisnummer": "12a"})
    assert body["invalidParams"] == [{"name": "huisnummer", "code": "integer", "reason": "Waarde is geen geldig getal."}]


def test_boolean_parameters_as_strings(brp: BrpClient) -> None:
    base = {"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Jansen", "geboortedatum": "1980-01-01", "fields": ["burgerservicenummer"]}
    assert brp.personen({**base, "inclusiefOverledenPersonen": "false"}).status == 200
    body = _bad(brp, {**base, "inclusiefOverledenPersonen": "ja"})
    assert body["invalidParams"] == [{"name": "inclusiefOverledenPersonen", "code": "boolean", "reason": "Waarde is geen boolean."}]
