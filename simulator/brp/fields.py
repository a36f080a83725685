"""The `fields` parameter: which paths exist, which are forbidden, and cutting a person down to what was asked.

Semantics of the real API (features `fields*.feature`, `lege-waarden.feature`):
- a path into a value table (`geslacht.code`) or a date (`geboorte.datum.langFormaat`) returns the whole object,
  also when it names a part the object does not have (`geslacht.nietBestaand`);
- automatically delivered fields (`inOnderzoek`, `geheimhoudingPersoonsgegevens`, ...) and paths into `gezag`
  are "niet toegestane" field names; paths not in the response schema are "niet bestaande";
- a requested group with nothing in it is `{}`, a requested empty list is `[]`; absent values are left out.
"""

from __future__ import annotations

from typing import Any, Literal, Union

from .spec import AUTOMATIC_FIELDS, BINNENLAND_ALIASES, FieldNode

ONDERZOEK_DATE = "datumIngangOnderzoek"
VASTGESTELD = "indicatieVastgesteldVerblijftNietOpAdres"
# The person's own inOnderzoek and adressering's have one date per GBA category: the dates that go with a field.
_PERSOON, _GEMEENTE, _GEZAG = ("datumIngangOnderzoekPersoon",), ("datumIngangOnderzoekGemeente",), ("datumIngangOnderzoekGezag",)
ONDERZOEK_DATES: dict[str, tuple[str, ...]] = {
    "burgerservicenummer": _PERSOON, "geslacht": _PERSOON, "leeftijd": _PERSOON, "aNummer": _PERSOON,
    "gemeenteVanInschrijving": _GEMEENTE, "datumInschrijvingInGemeente": _GEMEENTE,
    "indicatieCurateleRegister": _GEZAG, "indicatieGezagMinderjarige": _GEZAG,
    **{k: ("datumIngangOnderzoekVerblijfplaats", ONDERZOEK_DATE) for k in ("adresregel1", "adresregel2", "adresregel3", "land")},
    **{k: ("datumIngangOnderzoekPersoon", "datumIngangOnderzoekPartner") for k in ("aanhef", "aanschrijfwijze", "gebruikInLopendeTekst")},
}
Verdict = Literal["ok", "unknown", "forbidden"]
# A request tree: for each key, True (deliver whole) or the request tree of its sub-fields.
RequestTree = dict[str, Union[bool, "RequestTree"]]


def check_path(root: FieldNode, path: str) -> tuple[Verdict, str]:
    """Whether `path` may be asked for, and the path it stands for (cut off at a value table or date)."""
    node = root
    taken: list[str] = []
    segments = path.split(".")
    for i, segment in enumerate(segments):
        child = node.children.get(segment)
        if child is None:
            return "unknown", path
        if segment in AUTOMATIC_FIELDS:
            return "forbidden", path
        taken.append(segment)
        rest = segments[i + 1:]
        if child.whole_only and rest:
            return "forbidden", path
        if child.atomic:
            # Any part of a value table or date, also one it does not have, means the whole of it
            # (input-validatie/velden-vragen-met-fields/fields-datum.feature, fields-waardetabel.feature).
            return "ok", ".".join(taken)
        node = child
    return "ok", ".".join(taken)


def request_tree(paths: list[str]) -> RequestTree:
    """Merge normalised paths into a tree; asking for a group and a part of it means the whole group."""
    tree: RequestTree = {}
    for path in paths:
        node = tree
        segments = path.split(".")
        for segment in segments[:-1]:
            existing = node.get(segment)
            if existing is True:
                break
            if existing is None:
                existing = node[segment] = {}
            node = existing  # type: ignore[assignment]
        else:
            node[segments[-1]] = True
    return tree


def _whole(value: Any, node: FieldNode, keep_empty: bool = False) -> Any:
    """`value` restricted to the fields of the response schema, without empty groups inside it (`keep_empty`:
    with them; a person built from a GBA persoonslijst builds a group only when it exists, lege-waarden.feature)."""
    if isinstance(value, list):
        return [_whole(item, node, keep_empty) for item in value]
    if not isinstance(value, dict) or node.atomic or node.whole_only or not node.children:
        return value
    result = {}
    for key, item in value.items():
        child = node.children.get(key)
        if child is None:
            continue
        item = _whole(item, child, keep_empty)
        if (item == {} and not keep_empty) or (key == "inOnderzoek" and all(k.startswith(ONDERZOEK_DATE) for k in item)):
            continue  # an onderzoek only of fields the schema does not have (PersoonBeperkt's naam) is not told
        result[key] = item
    return result


def select(data: dict[str, Any], tree: RequestTree, node: FieldNode, cut: frozenset[str] | None = None, keep_empty: bool | None = None) -> dict[str, Any]:
    """The parts of `data` asked for by `tree`, shaped by the response schema `node`.

    `cut`: the keys of `data` whose values, asked for whole, must still be cut down to the schema; None: all.
    A person's view is built in its schema's shape except for a few fields (`persons.CUT_TO_SCHEMA`), and not
    walking the others again was a quarter of a Raadpleeg's cost. `keep_empty` (default: whether `cut` is None, as
    for a person built from a GBA persoonslijst): keep the empty groups inside what is delivered whole."""
    keep = cut is None if keep_empty is None else keep_empty
    # A polymorphic object (verblijfplaats, nationaliteit) always says which subtype it is.
    result: dict[str, Any] = {"type": data["type"]} if node.polymorphic and "type" in data else {}
    for key, sub in tree.items():
        if key not in data or key not in node.children:
            continue
        value, child = data[key], node.children[key]
        if sub is True:
            result[key] = _whole(value, child, keep) if cut is None or key in cut else value
        elif isinstance(value, list):
            result[key] = [select(item, sub, child, keep_empty=keep) for item in value]  # type: ignore[arg-type]
        elif isinstance(value, dict):
            result[key] = select(value, sub, child, keep_empty=keep)  # type: ignore[arg-type]
    if result and VASTGESTELD in data and VASTGESTELD in node.children:
        result[VASTGESTELD] = data[VASTGESTELD]  # delivered with any part of the address it is about
    onderzoek = data.get("inOnderzoek")
    if isinstance(onderzoek, dict) and "inOnderzoek" in node.children:
        # In onderzoek is told for the fields asked for, with the date of the onderzoek that covers them.
        # The subtype (`type`) is delivered with any part of a polymorphic object, and so is its onderzoek.
        flags = {k: v for k, v in onderzoek.items() if (k in tree or (k == "type" and node.polymorphic)) and not k.startswith(ONDERZOEK_DATE)}
        if flags:
            dates = {d for k in flags for d in ONDERZOEK_DATES.get(k, (ONDERZOEK_DATE,)) if d in onderzoek} or {ONDERZOEK_DATE}
            result["inOnderzoek"] = {**flags, **{d: onderzoek[d] for d in sorted(dates) if d in onderzoek}}
    return result


def _merge(a: Any, b: Any) -> Any:
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **{k: _merge(a[k], v) if k in a else v for k, v in b.items()}}
    return b


def resolve_aliases(person: dict[str, Any]) -> dict[str, Any]:
    """Deliver what was asked through an alias (`verblijfplaatsBinnenland`) under its real name."""
    for alias, target in BINNENLAND_ALIASES.items():
        if alias in person:
            value = person.pop(alias)
            person[target] = _merge(person[target], value) if target in person else value
    return person


def covered_by(path: str, allowed: list[str]) -> bool:
    """Whether an authorisation listing `allowed` paths (or "*") covers the normalised `path`.

    A binnenland alias is covered by its own name and by the full field it stands for."""
    head, _, rest = path.partition(".")
    paths = [path]
    if head in BINNENLAND_ALIASES:
        paths.append(f"{BINNENLAND_ALIASES[head]}.{rest}" if rest else BINNENLAND_ALIASES[head])
    return any(a == "*" or p == a or p.startswith(a + ".") for a in allowed for p in paths)
