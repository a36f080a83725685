"""The API's conventions: 400 problem+json listing every invalid field, headers, plain-mode callers, outage."""

from __future__ import annotations

import pytest
import yaml

from .conftest import BASE, CHECK, CLIENTS, REGISTER, SPEC_PATH, ToezichtClient, problem_names, toezicht_client

VALID = {"vertegenwoordigde": {"bsn": "999990172"}, "vertegenwoordiger": {"kvkNummer": "90001234"}}


def test_all_errors_at_once(api: ToezichtClient) -> None:
    body = {
        "vertegenwoordigde": {"bsn": "123456789"},  # fails the elfproef
        "vertegenwoordiger": {"kvkNummer": "1234", "rsin": "12", "extra": True},
        "peildatum": "15-06-2026",
        "soortMaatregel": ["bewind", "curatele", "curatele"],
        "dienst": {"serviceId": "geen-dienst"},
    }
    response = api.post(CHECK, body, valid_request=False)
    assert response.status_code == 400
    assert problem_names(response) == [
        "/vertegenwoordigde/bsn",
        "/vertegenwoordiger/extra",
        "/vertegenwoordiger/kvkNummer",
        "/vertegenwoordiger/rsin",
        "/peildatum",
        "/soortMaatregel/0",
        "/soortMaatregel/2",
        "/dienst/serviceId",
    ]
    problem = response.json()
    assert problem["status"] == 400 and problem["instance"] == CHECK
    codes = {p["name"]: p["code"] for p in problem["invalidParams"]}
    assert codes["/vertegenwoordigde/bsn"] == "elfproef" and codes["/dienst/serviceId"] == "unknown"


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({}, ["/vertegenwoordigde", "/vertegenwoordiger"]),
        ({"vertegenwoordigde": {}, "vertegenwoordiger": {}}, ["/vertegenwoordigde/bsn", "/vertegenwoordiger"]),
        ({"vertegenwoordigde": {"bsn": 999990172}, "vertegenwoordiger": []}, ["/vertegenwoordigde/bsn", "/vertegenwoordiger"]),
        ([], [""]),  # the body itself
        ({**VALID, "vertegenwoordiger": {"kvkNummer": "12345678"}}, ["/vertegenwoordiger/kvkNummer"]),  # unknown office
        ({**VALID, "vertegenwoordiger": {"bsn": "999999990"}}, ["/vertegenwoordiger/bsn"]),  # unknown person
        ({**VALID, "vertegenwoordiger": {"kvkNummer": "90007777", "vestigingsnummer": "000000000001"}}, ["/vertegenwoordiger/vestigingsnummer"]),
        ({**VALID, "dienst": {}}, ["/dienst"]),
        ({**VALID, "dienst": {"serviceId": "woz-beschikking", "serviceUuid": "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"}}, ["/dienst"]),
        ({**VALID, "a/b~c": 1}, ["/a~1b~0c"]),  # RFC 6901 escaping of an unknown field's name
    ],
    ids=["empty", "empty-parts", "wrong-types", "array", "unknown-kvk", "unknown-bsn", "other-vestiging", "empty-dienst", "two-services", "escaped-name"],
)
def test_bad_input_names_the_field(api: ToezichtClient, body: object, names: list[str]) -> None:
    response = api.post(CHECK, body, valid_request=False)
    assert response.status_code == 400
    assert problem_names(response) == names


@pytest.mark.parametrize(
    "data",
    [b"{", b"", b'{"a": NaN}', b"\xff\xfe", b"[" * 100000 + b"]" * 100000],
    ids=["truncated", "empty", "nan", "not-utf8", "deep"],
)
def test_malformed_json(api: ToezichtClient, data: bytes) -> None:
    response = api.call("POST", CHECK, data=data, headers={"Content-Type": "application/json"}, valid_request=False)
    assert response.status_code in (400, 413)
    assert response.headers["Content-Type"] == "application/problem+json"
    if response.status_code == 400:
        assert problem_names(response) == [""]  # the JSON pointer of the whole body


def test_other_operations_validate_too(api: ToezichtClient) -> None:
    response = api.post(CLIENTS, {"vertegenwoordiger": {"bsn": "999990159"}, "peildatum": "2026-02-30"}, valid_request=False)
    assert problem_names(response) == ["/vertegenwoordiger/bsn", "/vertegenwoordiger/kvkNummer", "/peildatum"]
    response = api.post(REGISTER, {"geslachtsnaam": "", "voorvoegsel": 3}, valid_request=False)
    assert problem_names(response) == ["/geslachtsnaam", "/voorvoegsel", "/geboortedatum"]


def test_not_json_and_too_large(api: ToezichtClient) -> None:
    response = api.call("POST", CHECK, data="bsn=999990172", headers={"Content-Type": "application/x-www-form-urlencoded"}, valid_request=False)
    assert response.status_code == 415
    response = api.call("POST", CHECK, data=b"{" + b" " * 70000 + b"}", headers={"Content-Type": "application/json"}, valid_request=False)
    assert response.status_code == 413


def test_headers_echoed(api: ToezichtClient) -> None:
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    tx = "0190b6c2-7c2e-7d5e-9a3b-1c2d3e4f5a6b"
    response = api.post(CHECK, VALID, headers={"Fsc-Transaction-Id": tx, "traceparent": traceparent})
    assert response.headers["Fsc-Transaction-Id"] == tx
    assert response.headers["traceparent"] == traceparent
    made = api.post(CHECK, VALID)
    assert len(made.headers["Fsc-Transaction-Id"]) == 36 and "traceparent" not in made.headers


def test_malformed_transaction_id_is_listed_with_the_body_errors(api: ToezichtClient) -> None:
    response = api.post(CHECK, {"vertegenwoordigde": {"bsn": "1"}, "vertegenwoordiger": {"kvkNummer": "90001234"}}, headers={"Fsc-Transaction-Id": "abc"}, valid_request=False)
    assert problem_names(response) == ["Fsc-Transaction-Id", "/vertegenwoordigde/bsn"]
    response = api.post(CHECK, VALID, headers={"Fsc-Transaction-Id": "abc"}, valid_request=False)
    assert problem_names(response) == ["Fsc-Transaction-Id"]


def test_unknown_paths_and_methods(api: ToezichtClient) -> None:
    missing = api.sim.base_url + f"{BASE}/personen"
    response = api.session.post(missing, json={})
    assert response.status_code == 404 and response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["API-Version"] == "1.0.0"
    wrong = api.session.get(api.sim.base_url + CHECK)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"


def test_openapi_document_is_served(api: ToezichtClient) -> None:
    response = api.call("GET", f"{BASE}/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.text) == yaml.safe_load(SPEC_PATH.read_text())


def test_plain_mode_callers(api: ToezichtClient) -> None:
    gemeente = {"X-Simulator-Oin": "00000099000000009100"}
    assert api.post(CHECK, VALID, headers=gemeente).status_code == 200
    forbidden = api.post(REGISTER, {"geslachtsnaam": "Bos", "geboortedatum": "1977-06-15"}, headers=gemeente)
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "operationNotAllowed"
    unregistered = api.post(CHECK, VALID, headers={"X-Simulator-Oin": "00000099000000009999"})
    assert unregistered.status_code == 403 and unregistered.json()["code"] == "oinNotRegistered"
    malformed = api.post(CHECK, VALID, headers={"X-Simulator-Oin": "9100"}, valid_request=False)
    assert problem_names(malformed) == ["X-Simulator-Oin"]
    entry = api.store.audit_log.entries()[-2]
    assert (entry.data["caller_oin"], entry.data["outcome"], entry.data["reden"]) == ("00000099000000009999", "fout_403", "oinNotRegistered")


def test_simulated_outage(spec) -> None:  # type: ignore[no-untyped-def]
    with toezicht_client(spec, {"SIMULATOR_TOEZICHT_OUTAGE": "30"}) as api:
        response = api.post(CHECK, VALID)
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        assert response.json()["status"] == 503
        assert api.call("GET", f"{BASE}/openapi.yaml").status_code == 200
        assert api.store.audit_log.entries()[-1].data["outcome"] == "fout_503"


def test_settings_are_checked() -> None:
    from simulator.config import Config, ConfigError
    from simulator.toezicht import ToezichtSettings

    for name, value in (("TOEZICHT_AUTH", "tls"), ("TOEZICHT_OUTAGE", "soon"), ("TOEZICHT_ONLY_PROFESSIONAL", "ja")):
        with pytest.raises(ConfigError, match=f"SIMULATOR_{name}"):
            ToezichtSettings.from_config(Config.from_env({f"SIMULATOR_{name}": value}))
    assert ToezichtSettings.from_config(Config.from_env({"SIMULATOR_TOEZICHT_OUTAGE": "true"})).outage_retry_after == 60


TRACE = "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.mark.parametrize(
    ("given", "passed_on"),
    [
        (f"00-{TRACE}", f"00-{TRACE}"),
        (f"00-{TRACE}-extra", None),  # version 00 is exactly 55 characters (was accepted when over-long)
        (f"ff-{TRACE}", None),  # version ff is invalid
        (f"01-{TRACE}-more-fields", f"01-{TRACE}"),  # a later version: its version-00 part
        (f"01-{TRACE}-" + "x" * 600, None),  # beyond any sane size
        (f"00-{TRACE}\n", None),
        (f"00-{TRACE.upper()}", None),
        (f"00-{'0' * 32}-b7ad6b7169203331-01", None),
    ],
)
def test_traceparent_as_w3c_trace_context_says(given: str, passed_on: str | None) -> None:
    from simulator.toezicht import traceparent

    assert traceparent(given) == passed_on
