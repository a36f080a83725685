"""Requests generated from the published specification (schemathesis + hypothesis), valid and invalid:
never a 5xx, every answer conforms to the document, every 4xx is problem+json with its own status."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

import copy

import yaml

from simulator.brp.spec import AUTOMATIC_FIELDS, PERSONEN_SPEC, RESPONSE_SCHEMA, FieldNode, field_tree, query_types

from .conftest import make_app
from .openapi_validation import check_gezag, check_personen

APP = make_app()
SCHEMA = schemathesis.openapi.from_wsgi("/haalcentraal/api/brp/openapi.yaml", APP)
OPERATION = SCHEMA["/personen"]["POST"]
KNOWN_BSNS = sorted(APP.extensions["simulator"].world.persons)


def _paths(node: FieldNode, prefix: str = "") -> Iterator[str]:
    for name, child in node.children.items():
        if name in AUTOMATIC_FIELDS:
            continue
        path = f"{prefix}{name}"
        yield path
        if not child.atomic and not child.whole_only:
            yield from _paths(child, f"{path}.")


VALID_FIELDS = {kind: sorted(_paths(field_tree(schema))) for kind, schema in RESPONSE_SCHEMA.items()}


def _check(case: schemathesis.Case, seen: Counter[int] | None = None) -> None:
    response = case.call()
    if seen is not None:
        seen[response.status_code] += 1
    assert response.status_code < 500, (case.body, response.text)
    content_type = response.headers["content-type"][0]  # schemathesis gives lower-case names, lists of values
    check_personen(response.status_code, content_type, response.json())
    if response.status_code >= 400:
        assert content_type == "application/problem+json"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests(mode: GenerationMode) -> None:
    """Bodies from the request schema as published (`PersonenQuery`), valid and deliberately invalid."""

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=OPERATION.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        _check(case)

    run()


def _schema_for(kind: str) -> schemathesis.BaseSchema:
    """The published document with the request body narrowed to one query type, so that schemathesis
    generates that type's parameters (it does not follow the discriminator of `PersonenQuery` itself)."""
    document = copy.deepcopy(yaml.safe_load(PERSONEN_SPEC.read_text(encoding="utf-8")))
    content = document["paths"]["/personen"]["post"]["requestBody"]["content"]
    content["application/json; charset=utf-8"]["schema"] = {"$ref": f"#/components/schemas/{kind}"}
    schema = schemathesis.openapi.from_dict(document)
    schema.app = APP
    return schema


@pytest.mark.parametrize("kind", sorted(RESPONSE_SCHEMA))
def test_generated_requests_per_query_type(kind: str) -> None:
    operation = _schema_for(kind)["/personen"]["POST"]
    known = set(query_types()[kind].parameters)
    seen: Counter[int] = Counter()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE), data=st.data())
    def run(case: schemathesis.Case, data: st.DataObject) -> None:
        body = case.body
        if not isinstance(body, dict):  # the request body is optional in the document
            _check(case, seen)
            return
        body["type"] = kind
        if data.draw(st.integers(0, 3)):
            # Random strings rarely name a real field or person: mostly use real ones, to reach 200s.
            for extra in [k for k in body if k not in known and k != "type"]:
                del body[extra]
            body["fields"] = data.draw(st.lists(st.sampled_from(VALID_FIELDS[kind]), min_size=1, max_size=12))
            if kind == "RaadpleegMetBurgerservicenummer":
                body["burgerservicenummer"] = data.draw(st.lists(st.sampled_from(KNOWN_BSNS), min_size=1, max_size=20))
        _check(case, seen)

    run()
    assert seen[200] > 0 and seen[400] > 0, seen  # both answered queries and refused ones were generated


GEZAG_SCHEMA = schemathesis.openapi.from_wsgi("/haalcentraal/api/brp/gezag-openapi.yaml", APP)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_gezag_module_requests(mode: GenerationMode) -> None:
    operation = GEZAG_SCHEMA["/api/v1/opvragenBevoegdheidTotGezag"]["POST"]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        response = case.call()
        assert response.status_code < 500, (case.body, response.text)
        check_gezag(response.status_code, response.headers["content-type"][0], response.json())

    run()
