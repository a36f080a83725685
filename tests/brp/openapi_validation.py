"""Validating responses against the published OpenAPI documents themselves (the copies in
simulator/brp/openapi/), with jsonschema (draft 2020-12, as OpenAPI 3.1 is) plus OpenAPI's `discriminator`, so
that a `Datum` must have `datum`, a `Voogdij` its `derden`, and an unknown subtype is an error.

Known conflicts between the published schema and the real service, and therefore not reported:
- the real error texts break the schema's own patterns for `Foutbericht.detail` ("De foutieve parameter(s)
  zijn: burgerservicenummer[0]." has ':' and '[') and for `InvalidParam.name`/`reason` ("fields[0]",
  "Waarde voldoet niet aan patroon ^[0-9]{9}$."). The simulator gives the real texts (features of
  BRP-API/Haal-Centraal-BRP-bevragen); only these pattern checks are waived, on exactly these properties.
  The same holds for the 403 title "U bent niet geautoriseerd voor de gebruikte parameter(s)." (parentheses),
  for an RNI `omschrijvingVerdrag` ("Artikel 45 EU-Werkingsverdrag (VWEU)", rni/overzicht.feature): the
  treaty's description is GBA element 88.20 as registered, parentheses included; and for
  `naam.aanduidingNaamgebruik.omschrijving`: table 41 (aanduiding naamgebruik) has '/' in its
  descriptions ("geslachtsnaam echtgenoot/geregistreerd partner ...", naam/in-onderzoek.feature), which the
  Waardetabel pattern does not allow.
- the v2.6 gezag shape names joint parental authority `TweehoofdigOuderlijkGezag`, which the 2.7 document does
  not know; it is validated as the `GezamenlijkOuderlijkGezag` it was renamed to.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Iterator

import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from simulator.brp.spec import GEZAG_SPEC, PERSONEN_SPEC

_active = threading.local()


def _discriminator(validator: Any, discriminator: dict[str, Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    prop = discriminator["propertyName"]
    if prop not in instance:
        return  # `required` reports it
    mapping = discriminator.get("mapping", {})
    target = mapping.get(instance[prop])
    if target is None:
        yield ValidationError(f"{prop} {instance[prop]!r} is not one of {sorted(mapping)}")
        return
    # The subtype's allOf refers back to this base (with the same discriminator): do not loop.
    active: set[tuple[int, str]] = getattr(_active, "keys", None) or set()
    _active.keys = active
    key = (id(instance), target)
    if key in active:
        return
    active.add(key)
    try:
        yield from validator.descend(instance, {"$ref": target})
    finally:
        active.discard(key)


OpenApi31Validator = validators.extend(Draft202012Validator, {"discriminator": _discriminator})
WAIVED_PATTERNS = {
    ("title",), ("detail",), ("invalidParams", "*", "name"), ("invalidParams", "*", "reason"),
    ("personen", "*", "rni", "*", "omschrijvingVerdrag"),
    ("personen", "*", "naam", "aanduidingNaamgebruik", "omschrijving"),
}


def _waived(error: ValidationError) -> bool:
    if error.validator != "pattern":
        return False
    path = tuple("*" if isinstance(p, int) else p for p in error.absolute_path)
    return path in WAIVED_PATTERNS


def _media(value: str) -> str:
    return "".join(value.split()).lower()


class SpecValidator:
    def __init__(self, path: Path):
        self.uri = f"urn:spec:{path.name}"
        self.document = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.registry: Registry = Registry().with_resource(self.uri, DRAFT202012.create_resource(self.document))

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def errors(self, api_path: str, status: int, content_type: str, body: Any) -> list[str]:
        """What is wrong with this response according to the document (empty: it conforms)."""
        operation = self.document["paths"][api_path]["post"]
        responses = operation["responses"]
        declared = self._resolve(responses.get(str(status)) or responses["default"])
        content = declared.get("content", {})
        media = {_media(m): m for m in content}
        if _media(content_type) not in media:
            return [f"status {status}: content type {content_type!r} is not one of {sorted(content)}"]
        schema_ref = content[media[_media(content_type)]]["schema"]
        schema = {"$ref": f"{self.uri}{schema_ref['$ref']}"} if "$ref" in schema_ref else schema_ref
        validator = OpenApi31Validator(schema, registry=self.registry, format_checker=FormatChecker(formats=["date"]))
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(body)
            if not _waived(e)
        ]


PERSONEN = SpecValidator(PERSONEN_SPEC)
GEZAG = SpecValidator(GEZAG_SPEC)


def as_v27(body: Any) -> Any:
    """A v2.6-shaped answer renamed to the v2.7 names it corresponds to."""
    return json.loads(json.dumps(body).replace('"TweehoofdigOuderlijkGezag"', '"GezamenlijkOuderlijkGezag"'))


def check_personen(status: int, content_type: str, body: Any) -> None:
    problems = PERSONEN.errors("/personen", status, content_type, as_v27(body))
    assert not problems, f"response does not conform to personen-openapi-2.7.yaml: {problems} in {body}"
    if status >= 400:
        assert body["status"] == status, body


def check_gezag(status: int, content_type: str, body: Any) -> None:
    problems = GEZAG.errors("/api/v1/opvragenBevoegdheidTotGezag", status, content_type, body)
    assert not problems, f"response does not conform to gezag-openapi-v2.yaml: {problems} in {body}"
    if status >= 400:
        assert body["status"] == status, body
