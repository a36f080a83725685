"""Parsing and validating a `POST /personen` body into a typed `Query`, with the real API's 400 answers.

Each parameter is checked against its schema in the published specification (type, pattern, date, range,
array size); every problem is reported once, in `invalidParams`, named as the real API names it
(`burgerservicenummer[0]`, `fields[1]`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from . import problems
from .fields import RequestTree, check_path, request_tree
from .problems import InvalidParam
from .spec import RESPONSE_SCHEMA, field_tree, query_types, resolve

# The real API names some patterns differently from the published document (fout-cases.feature of each search).
REPORTED_PATTERNS = {r"^(?!0{16})[0-9]{16}$": r"^[0-9]{16}$"}
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Query:
    type: str
    fields: tuple[str, ...]  # normalised paths (cut off at value tables and dates)
    tree: RequestTree
    params: dict[str, Any]  # the search parameters given (without type, fields, gemeenteVanInschrijving)
    gemeente: str | None
    inclusief_overleden: bool

    @property
    def response_schema(self) -> str:
        return RESPONSE_SCHEMA[self.type]


# The real API binds JSON strings to integer and boolean parameters ("huisnummer": "14",
# "inclusiefOverledenPersonen": "true"): the official features send them so, and production answers them.
def _integer(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # JSON Schema: 12.0 is an integer
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(value.lower()) if isinstance(value, str) else None


def value_problems(name: str, value: Any, schema: dict[str, Any]) -> list[InvalidParam]:
    kind = schema.get("type")
    if kind == "array":
        if not isinstance(value, list):
            return [InvalidParam(name, "array", problems.NOT_ARRAY)]
        if "minItems" in schema and len(value) < schema["minItems"]:
            return [InvalidParam(name, "minItems", problems.min_items_reason(schema["minItems"]))]
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return [InvalidParam(name, "maxItems", problems.max_items_reason(schema["maxItems"]))]
        items = resolve(schema.get("items", {}))
        return [p for i, item in enumerate(value) for p in value_problems(f"{name}[{i}]", item, items)]
    if kind == "boolean":
        return [] if _boolean(value) is not None else [InvalidParam(name, "boolean", "Waarde is geen boolean.")]
    if kind == "integer":
        value = _integer(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return [InvalidParam(name, "integer", "Waarde is geen geldig getal.")]
        if "minimum" in schema and value < schema["minimum"]:
            return [InvalidParam(name, "minimum", f"Waarde is lager dan minimum {schema['minimum']}.")]
        if "maximum" in schema and value > schema["maximum"]:
            return [InvalidParam(name, "maximum", f"Waarde is hoger dan maximum {schema['maximum']}.")]
        return []
    if kind == "string":
        if not isinstance(value, str):
            return [InvalidParam(name, "string", "Waarde is geen geldige string.")]
        if schema.get("format") == "date":
            try:
                if not _ISO_DATE.match(value):
                    raise ValueError(value)
                dt.date.fromisoformat(value)
            except ValueError:
                return [InvalidParam(name, "date", "Waarde is geen geldige datum.")]
        pattern = schema.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            return [InvalidParam(name, "pattern", problems.pattern_reason(REPORTED_PATTERNS.get(pattern, pattern)))]
    return []


# The real API names the wrong parameters in alphabetical order, except that a postcode search names postcode
# before huisnummer (features zoek-met-*/fout-cases.feature).
_FIRST = {"ZoekMetPostcodeEnHuisnummer": ("postcode",)}


def _detail_order(kind: str, name: str) -> tuple[int, str, int]:
    base, _, index = name.partition("[")
    first = _FIRST.get(kind, ())
    return (first.index(base) if base in first else len(first), base, int(index.rstrip("]")) if index.rstrip("]").isdigit() else -1)


def parse(body: Any) -> Query:
    """The query in `body`, or raises `Problem` (400) listing every invalid parameter."""
    if not isinstance(body, dict):
        raise problems.bad_request([InvalidParam("type", "required", problems.REQUIRED)])
    kind = body.get("type")
    if kind is None:
        raise problems.bad_request([InvalidParam("type", "required", problems.REQUIRED)])
    types = query_types()
    if not isinstance(kind, str) or kind not in types:
        raise problems.bad_request([InvalidParam("type", "value", problems.BAD_TYPE_VALUE)])
    spec = types[kind]
    found: list[InvalidParam] = []
    # An empty string counts as a missing parameter (the searches' fout-cases.feature).
    for name in spec.required:
        if body.get(name) in (None, ""):
            found.append(InvalidParam(name, "required", problems.REQUIRED))
    for name, schema in spec.parameters.items():
        if body.get(name) is not None and not (name in spec.required and body[name] == "") and name != "fields":
            found.extend(value_problems(name, body[name], schema))
    fields = body.get("fields")
    normalised: tuple[str, ...] = ()
    tree: RequestTree = {}
    if fields is not None:
        if isinstance(fields, list) and len(fields) <= _CACHED_PATHS and all(type(path) is str and len(path) <= _CACHED_PATH_LENGTH for path in fields):
            field_problems, normalised, tree = _checked_fields(kind, tuple(fields))
        else:
            field_problems, normalised, tree = _check_fields(kind, fields)
        found.extend(field_problems)
    for name in body:
        if name != "type" and name not in spec.parameters:
            found.append(InvalidParam(name, "unknownParam", problems.UNKNOWN_PARAM))
    if found:
        raise problems.bad_request(sorted(found, key=lambda p: _detail_order(kind, p.name)))
    params = {
        k: _integer(v) if spec.parameters[k].get("type") == "integer" else v  # 12.0 and "12" are the integer 12
        for k, v in body.items()
        if k not in ("type", "fields", "gemeenteVanInschrijving", "inclusiefOverledenPersonen") and v is not None
    }
    return Query(
        type=kind,
        fields=normalised,
        tree=tree,
        params=params,
        gemeente=body.get("gemeenteVanInschrijving"),
        inclusief_overleden=bool(_boolean(body.get("inclusiefOverledenPersonen"))),
    )


def _check_fields(kind: str, fields: Any) -> tuple[tuple[InvalidParam, ...], tuple[str, ...], RequestTree]:
    """The problems of a `fields` value, its normalised paths (in order, once each) and their request tree.

    The list itself, then each path in order: its pattern first, then whether it exists and is allowed."""
    fields_schema = query_types()[kind].parameters["fields"]
    tree_root = field_tree(RESPONSE_SCHEMA[kind])
    found = value_problems("fields", fields, {k: v for k, v in fields_schema.items() if k != "items"})
    item_schema = resolve(fields_schema["items"])
    normalised: list[str] = []
    for i, path in enumerate(fields if not found else []):
        item_problems = value_problems(f"fields[{i}]", path, item_schema)
        if item_problems:
            found.extend(item_problems)
            continue
        verdict, path_normalised = check_path(tree_root, path)
        if verdict == "unknown":
            found.append(InvalidParam(f"fields[{i}]", "fields", problems.FIELD_UNKNOWN))
        elif verdict == "forbidden":
            found.append(InvalidParam(f"fields[{i}]", "fields", problems.FIELD_FORBIDDEN))
        else:
            normalised.append(path_normalised)
    return tuple(found), tuple(dict.fromkeys(normalised)), request_tree(normalised)


# Clients send the same few `fields` lists again and again: each distinct list is checked once (a third of a
# Raadpleeg's cost was checking it anew). Bounded, so a client sending ever new lists cannot grow it; the
# request tree it returns is shared and only read.
@functools.lru_cache(maxsize=512)
def _checked_fields(kind: str, paths: tuple[str, ...]) -> tuple[tuple[InvalidParam, ...], tuple[str, ...], RequestTree]:
    return _check_fields(kind, list(paths))


# Only lists of a sensible size are kept (the specification allows 130 paths): at most a few MB in all.
_CACHED_PATHS, _CACHED_PATH_LENGTH = 130, 200
