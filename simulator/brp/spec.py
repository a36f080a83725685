"""The published OpenAPI documents this interface implements, and what the simulator reads from them.

The request parameters of each query type and the field tree of each response type (`Persoon`,
`PersoonBeperkt`, `GezagPersoonBeperkt`) are taken from `openapi/personen-openapi-2.7.yaml` itself, so that the
`fields` paths the simulator accepts are exactly those of the published specification."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

OPENAPI_DIR = Path(__file__).resolve().parent / "openapi"
PERSONEN_SPEC = OPENAPI_DIR / "personen-openapi-2.7.yaml"
GEZAG_SPEC = OPENAPI_DIR / "gezag-openapi-v2.yaml"

# Value tables and dates: asking for any part of one returns the whole object.
ATOMIC_SCHEMAS = frozenset({"Waardetabel", "AdellijkeTitelPredicaatType", "AbstractDatum"})
# Gezag is delivered whole; a path into it is a forbidden field name.
WHOLE_ONLY_SCHEMAS = frozenset({"Gezag"})
# Delivered automatically where they apply; asking for them is a forbidden field name.
AUTOMATIC_FIELDS = frozenset({
    "inOnderzoek", "geheimhoudingPersoonsgegevens", "opschortingBijhouding", "rni", "verificatie",
    "indicatieVastgesteldVerblijftNietOpAdres",
})

RESPONSE_SCHEMA = {
    "RaadpleegMetBurgerservicenummer": "Persoon",
    "ZoekMetGeslachtsnaamEnGeboortedatum": "PersoonBeperkt",
    "ZoekMetNaamEnGemeenteVanInschrijving": "PersoonBeperkt",
    "ZoekMetPostcodeEnHuisnummer": "PersoonBeperkt",
    "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving": "PersoonBeperkt",
    "ZoekMetNummeraanduidingIdentificatie": "PersoonBeperkt",
    "ZoekMetAdresseerbaarObjectIdentificatie": "GezagPersoonBeperkt",
}


@functools.lru_cache(maxsize=None)
def document_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def document(path: Path) -> dict[str, Any]:
    return yaml.safe_load(document_text(path))  # type: ignore[no-any-return]


def _components() -> dict[str, Any]:
    return document(PERSONEN_SPEC)["components"]["schemas"]  # type: ignore[no-any-return]


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _properties(schema: dict[str, Any], stack: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    """All properties of `schema`: its own, those of its allOf parts and (for a polymorphic base) of every
    subtype. A name may come more than once (`verblijfadres` of an `Adres` and of a `VerblijfplaatsBuitenland`)."""
    name = _ref_name(schema)
    if name is not None:
        if name in stack:
            return []
        stack = (*stack, name)
        schema = _components()[name]
    result: list[tuple[str, dict[str, Any]]] = []
    for part in schema.get("allOf", []):
        result.extend(_properties(part, stack))
    result.extend(schema.get("properties", {}).items())
    for target in (schema.get("discriminator") or {}).get("mapping", {}).values():
        result.extend(_properties({"$ref": target}, stack))
    return result


@dataclass
class FieldNode:
    """One field of a response: its sub-fields, and how `fields` treats it."""

    children: dict[str, "FieldNode"] = field(default_factory=dict)
    atomic: bool = False  # value table or date: returned whole
    whole_only: bool = False  # gezag: returned whole, paths into it are forbidden
    polymorphic: bool = False  # has a `type` discriminator, which is delivered with any part of it


def _node(schema: dict[str, Any], stack: tuple[str, ...]) -> FieldNode:
    name = _ref_name(schema)
    resolved = _components()[name] if name else schema
    if resolved.get("type") == "array" and "items" in resolved and name not in WHOLE_ONLY_SCHEMAS:
        return _node(resolved["items"], stack)
    if name in WHOLE_ONLY_SCHEMAS:
        return FieldNode(whole_only=True)
    atomic = name in ATOMIC_SCHEMAS
    inner = (*stack, name) if name else stack
    children: dict[str, FieldNode] = {}
    for key, value in _properties(schema, stack):
        if _ref_name(value) not in inner:
            child = _node(value, inner)
            children[key] = _merge(children[key], child) if key in children else child
    return FieldNode(children, atomic=atomic, polymorphic="discriminator" in resolved)


def _merge(a: FieldNode, b: FieldNode) -> FieldNode:
    """The union of two subtypes' fields of the same name."""
    children = dict(a.children)
    for key, node in b.children.items():
        children[key] = _merge(children[key], node) if key in children else node
    return FieldNode(children, a.atomic or b.atomic, a.whole_only or b.whole_only, a.polymorphic or b.polymorphic)


# Field aliases of the real API (not in the document): the same fields, delivered only for a residence in the
# Netherlands, for clients not authorised for residence abroad (features `fields-alias.feature`).
BINNENLAND_ALIASES = {"verblijfplaatsBinnenland": "verblijfplaats", "adresseringBinnenland": "adressering"}
_ALIAS_SCHEMAS = {"verblijfplaatsBinnenland": {"Persoon"}, "adresseringBinnenland": {"Persoon", "PersoonBeperkt", "GezagPersoonBeperkt"}}
_ABROAD_ONLY = {"regel1", "regel2", "regel3", "land"}
# Adressering lines only an address abroad fills (fields-alias-fout-cases.feature: a "niet bestaande veldnaam").
_ABROAD_ONLY_ADRESSERING = {"adresregel3", "land"}


def _binnenland(node: FieldNode) -> FieldNode:
    """`node` without the fields that only a residence abroad has."""
    children = {k: v for k, v in node.children.items() if k != "verblijfadres"}
    if "verblijfadres" in node.children:
        adres = node.children["verblijfadres"]
        children["verblijfadres"] = FieldNode({k: v for k, v in adres.children.items() if k not in _ABROAD_ONLY})
    return FieldNode(children, node.atomic, node.whole_only, node.polymorphic)


@functools.lru_cache(maxsize=None)
def field_tree(schema_name: str) -> FieldNode:
    """The field tree of a response schema (`Persoon`, `PersoonBeperkt`, `GezagPersoonBeperkt`), with the
    fields aliases the real API accepts for it."""
    root = _node({"$ref": f"#/components/schemas/{schema_name}"}, ())
    for alias, target in BINNENLAND_ALIASES.items():
        if schema_name in _ALIAS_SCHEMAS[alias] and target in root.children:
            full = root.children[target]
            root.children[alias] = _binnenland(full) if alias == "verblijfplaatsBinnenland" else FieldNode(
                {k: v for k, v in full.children.items() if k not in _ABROAD_ONLY_ADRESSERING}, full.atomic, full.whole_only, full.polymorphic
            )
    return root


@dataclass(frozen=True)
class QueryType:
    """The parameters of one query type as the specification defines them."""

    name: str
    parameters: dict[str, dict[str, Any]]  # name -> resolved schema, in specification order
    required: tuple[str, ...]


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its top-level reference followed."""
    name = _ref_name(schema)
    return resolve(_components()[name]) if name else schema


@functools.lru_cache(maxsize=None)
def query_types() -> dict[str, QueryType]:
    components = _components()
    base = components["PersonenQuery"]
    result = {}
    for name in base["discriminator"]["mapping"]:
        schema = components[name]
        params: dict[str, dict[str, Any]] = {}
        for part in schema.get("allOf", []):
            if "$ref" in part:
                continue
            for key, value in part.get("properties", {}).items():
                params[key] = resolve(value)
        for key, value in base["properties"].items():
            if key != "type":
                params.setdefault(key, resolve(value))
        required = tuple(dict.fromkeys([*schema.get("required", []), *base["required"]]))
        result[name] = QueryType(name, params, tuple(r for r in required if r != "type"))
    return result
