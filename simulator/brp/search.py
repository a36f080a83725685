"""Finding the persons a query is about: Raadpleeg by BSN and the six searches, with the real API's rules.

- Raadpleeg returns living and deceased persons; unknown BSNs (also those failing the elfproef) give nothing.
- Searches return living persons only, unless `inclusiefOverledenPersonen` is true; text matches are
  case- and diacritic-insensitive, with a trailing `*` wildcard (straat: also a leading one); straat matches the
  naam openbare ruimte or the straatnaam.
- `gemeenteVanInschrijving` filters the result of every query type, and a municipality client sees only its
  own residents. More hits than the limit (10; 30 for the address searches) is a 400 `tooManyResults`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from typing import Callable

from ..scenario import World
from ..scenario.gezag import is_alive
from ..scenario.model import Persoon
from . import problems
from .persoonslijst import opschorting_reden
from .query import Query

LIMITS = {"ZoekMetPostcodeEnHuisnummer": 30, "ZoekMetAdresseerbaarObjectIdentificatie": 30}
DEFAULT_LIMIT = 10


def normalise(text: str) -> str:
    if text.isascii():  # most names: NFKD changes no ASCII character (a fifth of building a world's address book)
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def text_matches(pattern: str, value: str | None) -> bool:
    """Case- and diacritic-insensitive equality, or prefix/suffix match with a `*` wildcard."""
    if value is None:
        return False
    wanted, actual = normalise(pattern), normalise(value)
    if wanted.endswith("*"):
        return actual.startswith(wanted[:-1])
    if wanted.startswith("*"):
        return actual.endswith(wanted[1:])
    return actual == wanted


class AddressBook:
    """Persons of one world by their search keys, so a search costs the same in a world of 100k persons."""

    def __init__(self, world: World):
        self.by_postcode: dict[tuple[str, int | None], list[Persoon]] = defaultdict(list)
        self.by_gemeente_huisnummer: dict[tuple[str, int | None], list[Persoon]] = defaultdict(list)
        self.by_nummeraanduiding: dict[str, list[Persoon]] = defaultdict(list)
        self.by_object: dict[str, list[Persoon]] = defaultdict(list)
        self.by_surname: dict[str, list[Persoon]] = defaultdict(list)
        for p in world.persons.values():
            self.by_surname[normalise(p.naam.geslachtsnaam)].append(p)
            a = p.adres
            if a is None:
                continue
            if a.postcode is not None:
                self.by_postcode[(a.postcode, a.huisnummer)].append(p)
            self.by_gemeente_huisnummer[(a.gemeente, a.huisnummer)].append(p)
            if a.nummeraanduiding_id:
                self.by_nummeraanduiding[a.nummeraanduiding_id].append(p)
            if a.adresseerbaar_object_id:
                self.by_object[a.adresseerbaar_object_id].append(p)

    def surname(self, pattern: str) -> list[Persoon]:
        wanted = normalise(pattern)
        if not wanted.endswith("*"):
            return list(self.by_surname.get(wanted, ()))
        return [p for name, persons in self.by_surname.items() if name.startswith(wanted[:-1]) for p in persons]


def address_book(world: World) -> AddressBook:
    """The address book of `world`, built once per world (at load: see `create_blueprint`)."""
    return world.derived("brp.address_book", AddressBook)


def _optional(params: dict[str, object], name: str, test: Callable[[Persoon, object], bool]) -> Callable[[Persoon], bool]:
    if name not in params:
        return lambda p: True
    value = params[name]
    return lambda p: test(p, value)


def _address_part(p: Persoon, name: str, value: object) -> bool:
    actual = getattr(p.adres, name) if p.adres else None
    return actual is not None and str(actual).lower() == str(value).lower()


def _straatnamen(world: World, p: Persoon) -> tuple[str | None, ...]:
    """The names `straat` is matched against: the naam openbare ruimte (11.15, the model's `straat`) and, of a PL,
    also its straatnaam (11.10), the BAG's short form ("Ln Copes van Cattenburch" for "Laan Copes van
    Cattenburch"); zoeken/met-straatnaam-huisnummer-en-gemeente-van-inschrijving/overzicht.feature finds both."""
    pl = world.persoonslijsten.get(p.bsn)
    kort = pl.verblijfplaats[0].get("11.10") if pl is not None and pl.verblijfplaats else None
    return (p.adres.straat if p.adres else None, kort)


def _candidates(world: World, query: Query) -> list[Persoon]:
    q = query.params
    book = address_book(world)
    kind = query.type
    if kind == "RaadpleegMetBurgerservicenummer":
        return [world.persons[b] for b in dict.fromkeys(q["burgerservicenummer"]) if b in world.persons]  # type: ignore[call-overload]
    if kind in ("ZoekMetGeslachtsnaamEnGeboortedatum", "ZoekMetNaamEnGemeenteVanInschrijving"):
        found = book.surname(q["geslachtsnaam"])  # type: ignore[arg-type]
        if kind == "ZoekMetGeslachtsnaamEnGeboortedatum":
            birth = dt.date.fromisoformat(q["geboortedatum"])  # type: ignore[arg-type]
            found = [p for p in found if p.geboortedatum == birth]
    elif kind == "ZoekMetPostcodeEnHuisnummer":
        postcode = str(q["postcode"]).replace(" ", "").upper()
        found = list(book.by_postcode.get((postcode, q["huisnummer"]), ()))  # type: ignore[arg-type]
    elif kind == "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving":
        pool = book.by_gemeente_huisnummer.get((query.gemeente, q["huisnummer"]), ())  # type: ignore[arg-type]
        found = [p for p in pool if any(text_matches(q["straat"], name) for name in _straatnamen(world, p))]  # type: ignore[arg-type]
    elif kind == "ZoekMetNummeraanduidingIdentificatie":
        found = list(book.by_nummeraanduiding.get(q["nummeraanduidingIdentificatie"], ()))  # type: ignore[arg-type]
    else:
        found = list(book.by_object.get(q["adresseerbaarObjectIdentificatie"], ()))  # type: ignore[arg-type]
    filters = [
        _optional(q, "voornamen", lambda p, v: text_matches(v, p.naam.voornamen)),  # type: ignore[arg-type]
        _optional(q, "voorvoegsel", lambda p, v: text_matches(v, p.naam.voorvoegsel)),  # type: ignore[arg-type]
        _optional(q, "geslacht", lambda p, v: p.geslacht == str(v).upper()),
        _optional(q, "huisletter", lambda p, v: _address_part(p, "huisletter", v)),
        _optional(q, "huisnummertoevoeging", lambda p, v: _address_part(p, "huisnummertoevoeging", v)),
    ]
    if kind == "ZoekMetPostcodeEnHuisnummer":
        filters.append(_optional(q, "geslachtsnaam", lambda p, v: text_matches(v, p.naam.geslachtsnaam)))  # type: ignore[arg-type]
        filters.append(_optional(q, "geboortedatum", lambda p, v: p.geboortedatum.isoformat() == v))
    return [p for p in found if all(f(p) for f in filters)]


# A PL suspended because it was made in error (F) or logically deleted (W) is never found by a search
# (persoon-beperkt/opschorting-bijhouding/overzicht.feature); one suspended for overlijden (O) counts as deceased.
SEARCH_EXCLUDED = frozenset({"F", "W"})


def _reden(world: World, p: Persoon) -> str | None:
    pl = world.persoonslijsten.get(p.bsn)
    return opschorting_reden(pl) if pl is not None else None


def _gemeente(world: World, p: Persoon) -> str | None:
    """The gemeente van inschrijving: for a PL its 09.10, which it has also without an address (a person
    registered in a gemeente at an address not (yet) known, features */leeftijd/overzicht.feature)."""
    pl = world.persoonslijsten.get(p.bsn)
    if pl is not None and pl.verblijfplaats:
        return pl.verblijfplaats[0].get("09.10") or p.gemeente_van_inschrijving
    return p.gemeente_van_inschrijving


def find(world: World, query: Query, day: dt.date, client_gemeente: str | None) -> list[Persoon]:
    """The persons `query` is about, as the real API selects them; raises `Problem` for too many results."""
    found = _candidates(world, query)
    if query.type != "RaadpleegMetBurgerservicenummer":
        found = [p for p in found if _reden(world, p) not in SEARCH_EXCLUDED]
        if not query.inclusief_overleden:
            found = [p for p in found if is_alive(p, day) and _reden(world, p) != "O"]
    for gemeente in (query.gemeente, client_gemeente):
        if gemeente is not None:
            found = [p for p in found if _gemeente(world, p) == gemeente]
    if query.type != "RaadpleegMetBurgerservicenummer":
        limit = LIMITS.get(query.type, DEFAULT_LIMIT)
        if len(found) > limit:
            raise problems.too_many_results(limit)
        found.sort(key=lambda p: (p.naam.geslachtsnaam, p.naam.voornamen or "", p.bsn))
    return found
