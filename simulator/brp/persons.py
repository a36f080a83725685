"""A scenario person in the form of BRP API Personen (`Persoon` / `PersoonBeperkt`).

Only the top-level fields that a query asks for are computed (relatives and gezag cost lookups). Values that
are null, false or empty are left out, as the real API does; groups and lists are always present so that the
field selection can answer `{}` and `[]` for requested groups that have nothing in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterable

from ..scenario import World
from ..scenario.clock import age_on
from ..scenario.gezag import is_alive
from ..scenario.model import Adres, Naam, Partnerschap, Persoon
from . import persoonslijst
from .dates import datum
from .gezag import GezagVersion, personen_gezag
from .adressering import Aangeschrevene, NaamDelen, Partner, naam_delen
from .names import compact, geslacht, naam_gerelateerde, volledige_naam

LANDEN = {"Nederland": "6030"}  # BRP table 34; other countries are given by description only
RNI = {"code": "1999", "omschrijving": "Registratie Niet Ingezetenen (RNI)"}
SOORT_VERBINTENIS = {"huwelijk": {"code": "H", "omschrijving": "huwelijk"}, "partnerschap": {"code": "P", "omschrijving": "geregistreerd partnerschap"}}


def _land(name: str | None) -> dict[str, str] | None:
    if not name:
        return None
    code = LANDEN.get(name)
    return {"code": code, "omschrijving": name} if code else {"omschrijving": name}


def geboorte(p: Persoon) -> dict[str, Any]:
    return compact({
        "datum": datum(p.geboortedatum),
        "plaats": {"omschrijving": p.geboorteplaats} if p.geboorteplaats else None,
        "land": _land(p.geboorteland),
    })


def adresregel1(a: Adres) -> str:
    """NEN 5825: street, number, then huisletter+toevoeging after '-' when that starts with a digit, else a space."""
    suffix = f"{a.huisletter or ''}{a.huisnummertoevoeging or ''}"
    number = f"{a.huisnummer or ''}{('-' if suffix[:1].isdigit() else ' ') + suffix if suffix else ''}"
    return " ".join(f"{a.straat[:24]} {number}".split())[:40]


def _naam_delen(naam: Naam) -> NaamDelen:
    return NaamDelen(naam.voornamen, naam.adellijke_titel, naam.voorvoegsel, naam.geslachtsnaam if naam.geslachtsnaam != "." else None)


def persoon_adressering(p: Persoon, partner: tuple[Persoon, bool] | None) -> dict[str, Any]:
    """Adressering of a person of the scenario model, who uses the own name (aanduidingNaamgebruik E); `partner`:
    the partner the BRP delivers and whether that partnership has ended."""
    partner_ = Partner(_naam_delen(partner[0].naam), partner[1]) if partner else None
    result: dict[str, Any] = naam_delen(Aangeschrevene(_naam_delen(p.naam), p.geslacht, "E", partner_))
    if p.adres is not None:
        a = p.adres
        result["adresregel1"] = adresregel1(a)
        postcode = f"{a.postcode[:4]} {a.postcode[4:]}  " if a.postcode else ""
        result["adresregel2"] = f"{postcode}{a.woonplaats.upper()}"[:50]
    elif p.buitenland is not None:
        result["adresregel1"] = (p.buitenland.adres or "")[:40]
        result["land"] = _land(p.buitenland.land)
    return compact(result)


def _verblijfplaats(p: Persoon) -> dict[str, Any]:
    if p.adres is not None:
        a = p.adres
        return compact({
            "type": "Adres",
            "verblijfadres": compact({
                "officieleStraatnaam": a.straat[:80],
                "korteStraatnaam": a.straat[:24],
                "huisnummer": a.huisnummer,
                "huisletter": a.huisletter,
                "huisnummertoevoeging": a.huisnummertoevoeging,
                "postcode": a.postcode,
                "woonplaats": a.woonplaats,
            }),
            "functieAdres": {"code": "W", "omschrijving": "woonadres"},
            "adresseerbaarObjectIdentificatie": a.adresseerbaar_object_id,
            "nummeraanduidingIdentificatie": a.nummeraanduiding_id,
            "datumVan": datum(a.sinds) if a.sinds else None,
        })
    if p.buitenland is not None:
        b = p.buitenland
        return compact({
            "type": "VerblijfplaatsBuitenland",
            "verblijfadres": compact({"regel1": (b.adres or "")[:40], "land": _land(b.land)}),
            "datumVan": datum(b.sinds) if b.sinds else None,
        })
    return {"type": "VerblijfplaatsOnbekend"}


def _gemeente(p: Persoon) -> dict[str, str] | None:
    if p.adres is not None:
        return {"code": p.adres.gemeente, "omschrijving": p.adres.gemeentenaam or p.adres.woonplaats}
    if p.buitenland is not None:
        return dict(RNI)
    return None


def current_or_last_partnership(partnerships: Iterable[Partnerschap], day: dt.date) -> Partnerschap | None:
    """The current marriage or partnership, else the most recently dissolved one (as BRP delivers partners)."""
    started = [p for p in partnerships if p.sinds <= day]
    current = [p for p in started if p.tot is None or p.tot > day]
    if current:
        return max(current, key=lambda p: p.sinds)
    return max(started, key=lambda p: p.tot or dt.date.min, default=None)


# The top-level fields whose built value may hold more than the response schema gives (a `PersoonBeperkt` has
# a smaller naam, geboorte and adressering) or empty groups inside it (a partner's `ontbindingHuwelijkPartnerschap`
# when the partnership lasts): only these are cut down to the schema by `select` when asked for whole; every
# other value is built in exactly its schema's shape (tests/brp/test_views.py checks this on the test worlds).
# Persons with a GBA persoonslijst are cut whole (`PersonView.cut_to_schema`).
CUT_TO_SCHEMA = {
    "Persoon": frozenset({"partners"}),
    "PersoonBeperkt": frozenset({"naam", "geboorte", "adressering", "adresseringBinnenland"}),
    "GezagPersoonBeperkt": frozenset({"naam", "geboorte", "adressering", "adresseringBinnenland"}),
}


def beperkt(person: dict[str, Any], schema: str) -> dict[str, Any]:
    """A found person as the search answers it: a `PersoonBeperkt` or `GezagPersoonBeperkt` leaves out an
    adressering with nothing in it, where a `Persoon` answers `{}` (persoon-beperkt/adressering/adres-regels/
    onbekendwaardes.feature, in-onderzoek.feature)."""
    if schema != "Persoon" and person.get("adressering") == {}:
        del person["adressering"]
    return person


@dataclass(frozen=True)
class PersonView:
    """Builds the API fields of persons of one world on one day."""

    world: World
    day: dt.date
    gezag_version: GezagVersion

    def _related(self, bsn: str) -> Persoon:
        return self.world.persons[bsn]

    def _ouders(self, p: Persoon) -> list[dict[str, Any]]:
        result = []
        for i, bsn in enumerate(p.ouders):
            ouder = self._related(bsn)
            result.append(compact({
                "burgerservicenummer": ouder.bsn,
                "geslacht": geslacht(ouder),
                "ouderAanduiding": str(i + 1),
                "naam": naam_gerelateerde(ouder),
                "geboorte": geboorte(ouder),
                "datumIngangFamilierechtelijkeBetrekking": datum(p.geboortedatum),
            }))
        return result

    def _kinderen(self, p: Persoon) -> list[dict[str, Any]]:
        kinderen = sorted((self._related(b) for b in self.world.children_of(p.bsn)), key=lambda k: (k.geboortedatum, k.bsn))
        return [{"burgerservicenummer": k.bsn, "naam": naam_gerelateerde(k), "geboorte": geboorte(k)} for k in kinderen]

    def _partners(self, p: Persoon) -> list[dict[str, Any]]:
        chosen = current_or_last_partnership(self.world.partnerships_of(p.bsn), self.day)
        if chosen is None:
            return []
        partner = self._related(chosen.partner)
        ended = chosen.tot is not None and chosen.tot <= self.day
        return [compact({
            "burgerservicenummer": partner.bsn,
            "geslacht": geslacht(partner),
            "soortVerbintenis": SOORT_VERBINTENIS[chosen.soort],
            "naam": naam_gerelateerde(partner),
            "geboorte": geboorte(partner),
            "aangaanHuwelijkPartnerschap": {"datum": datum(chosen.sinds)},
            "ontbindingHuwelijkPartnerschap": {"datum": datum(chosen.tot)} if ended else {},  # type: ignore[arg-type]
        })]

    def _adressering(self, p: Persoon) -> dict[str, Any]:
        chosen = current_or_last_partnership(self.world.partnerships_of(p.bsn), self.day)
        partner = (self._related(chosen.partner), chosen.tot is not None and chosen.tot <= self.day) if chosen else None
        return persoon_adressering(p, partner)

    def _naam(self, p: Persoon) -> dict[str, Any]:
        return compact({
            **naam_gerelateerde(p),
            "volledigeNaam": volledige_naam(p),
            "aanduidingNaamgebruik": {"code": "E", "omschrijving": "eigen geslachtsnaam"},
        })

    def _nationaliteiten(self, p: Persoon) -> list[dict[str, Any]]:
        if p.buitenland is None and p.geboorteland in (None, "Nederland"):
            return [{"type": "Nationaliteit", "nationaliteit": {"code": "0001", "omschrijving": "Nederlandse"}, "datumIngangGeldigheid": datum(p.geboortedatum)}]
        return []

    @cached_property
    def _builders(self) -> dict[str, Callable[[Persoon], Any]]:
        # Made once per view (one request), not once per person of it.
        alive = lambda p: is_alive(p, self.day)  # noqa: E731 - used in several builders below
        return {
            "burgerservicenummer": lambda p: p.bsn,
            "geslacht": geslacht,
            "leeftijd": lambda p: age_on(p.geboortedatum, self.day) if alive(p) else None,
            "naam": self._naam,
            "geboorte": geboorte,
            "overlijden": lambda p: {"datum": datum(p.overlijdensdatum)} if p.overlijdensdatum and not alive(p) else {},
            "verblijfplaats": _verblijfplaats,
            "verblijfplaatsBinnenland": lambda p: _verblijfplaats(p) if p.buitenland is None else None,
            "adresseringBinnenland": lambda p: self._adressering(p) if p.buitenland is None else None,
            "gemeenteVanInschrijving": _gemeente,
            "datumInschrijvingInGemeente": lambda p: datum(p.adres.sinds) if p.adres and p.adres.sinds else None,
            "adressering": self._adressering,
            "nationaliteiten": self._nationaliteiten,
            "indicatieCurateleRegister": lambda p: self.world.under_curatele(p.bsn, self.day),
            "gezag": lambda p: personen_gezag(self.world, p, self.day, self.gezag_version),
            "kinderen": self._kinderen,
            "ouders": self._ouders,
            "partners": self._partners,
        }

    def fields(self, p: Persoon, wanted: Iterable[str]) -> dict[str, Any]:
        """The top-level fields `wanted` of `p` that have a value (groups and lists always)."""
        builders = self._builders
        pl = self.world.persoonslijsten.get(p.bsn)
        own = persoonslijst.builders(pl, self.day, is_alive(p, self.day)) if pl is not None else {}
        result = compact({key: own[key]() if key in own else builders[key](p) for key in wanted if key in builders or key in own})
        onderzoek = persoonslijst.persoon_onderzoek(pl) if pl is not None else {}
        return {**result, "inOnderzoek": onderzoek} if onderzoek else result

    def cut_to_schema(self, p: Persoon, schema: str) -> frozenset[str] | None:
        """The fields of `p`'s view that `select` must cut down to `schema`; None: all of them (a person with a
        GBA persoonslijst is built from it, in whatever shape it has)."""
        return None if p.bsn in self.world.persoonslijsten else CUT_TO_SCHEMA[schema]

    def automatic(self, p: Persoon, asked: Iterable[str] = ()) -> dict[str, Any]:
        """The fields the API adds whatever was asked (`asked`: the field paths requested): geheimhouding,
        opschorting for a deceased person, and for a PL its RNI deelnemers."""
        result: dict[str, Any] = {}
        if p.geheimhouding > 0:
            result["geheimhoudingPersoonsgegevens"] = True
        pl = self.world.persoonslijsten.get(p.bsn)
        if pl is not None:
            # A PL says itself whether its upkeep is suspended (category 07), also for a deceased person.
            return {**result, **persoonslijst.automatic(pl, asked)}
        if not is_alive(p, self.day):
            result["opschortingBijhouding"] = {"reden": {"code": "O", "omschrijving": "overlijden"}, "datum": datum(p.overlijdensdatum)}  # type: ignore[arg-type]
        return result
