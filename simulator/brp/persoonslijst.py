"""BRP API fields of a person written as a GBA persoonslijst, answered from the PL's own elements.

The model's person holds what every interface needs (name, birth, address, family links); the PL holds what
only the BRP shows: partly unknown dates with their type, relatives as the PL records them (also those without
a PL of their own), the A-nummer, inschrijving and opschorting, immigratie, verblijfstitel, kiesrecht.
Derived fields (leeftijd, adressering, gezag, indicatieCurateleRegister) stay with the derivations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..scenario.gba import Persoonslijst
from ..scenario.model import Naam
from .dates import from_gba
from .names import compact, volledige_naam, voorletters, ADELLIJK, GESLACHT

Row = dict[str, str]

# Landelijke tabellen: the entries the official features and the common test data use.
GEMEENTEN = {
    "0518": "'s-Gravenhage", "0599": "Rotterdam", "0363": "Amsterdam", "0344": "Utrecht", "0800": "Hengelo",
    "0014": "Groningen", "1999": "Registratie Niet Ingezetenen (RNI)", "0106": "Assen", "0772": "Eindhoven",
}
LANDEN = {
    "6030": "Nederland", "6014": "Verenigde Staten van Amerika", "5010": "België", "6029": "Verenigd Koninkrijk",
    "7095": "Duitsland", "0000": "Onbekend", "5022": "Marokko", "6043": "Turkije", "5001": "Canada", "9999": "internationaal gebied",
}
NATIONALITEITEN = {"0001": "Nederlandse", "0263": "Surinaamse", "0455": "Montenegrijnse", "0052": "Belgische", "0000": "Onbekend", "0499": "Staatloos"}
REDEN_OPNAME = {"001": "Wet op het Nederlanderschap 1892, art. 1, onder a", "301": "Vaststelling bezit vreemde nationaliteit", "311": "Vaststelling onbekende nationaliteit"}
NAAMGEBRUIK = {
    "E": "eigen geslachtsnaam", "N": "geslachtsnaam echtgenoot/geregistreerd partner na eigen geslachtsnaam",
    "P": "geslachtsnaam echtgenoot/geregistreerd partner", "V": "geslachtsnaam echtgenoot/geregistreerd partner voor eigen geslachtsnaam",
}
OPSCHORTING = {"O": "overlijden", "E": "emigratie", "M": "ministerieel besluit", "R": "pl is aangelegd in de rni", "F": "fout"}
FUNCTIE_ADRES = {"W": "woonadres", "B": "briefadres"}
SOORT_VERBINTENIS = {"H": "huwelijk", "P": "geregistreerd partnerschap"}
VERBLIJFSTITEL = {"09": "Art. 9 van de Vreemdelingenwet"}


def _table(code: str | None, names: dict[str, str]) -> dict[str, str] | None:
    if not code:
        return None
    return {"code": code, "omschrijving": names[code]} if code in names else {"code": code}


def _date(value: str | None) -> dict[str, Any] | None:
    return from_gba(value) if value else None


def _plaats(value: str | None) -> dict[str, str] | None:
    """A place element: a gemeente code (table 33), or a place abroad written out."""
    if not value:
        return None
    if value.isdigit() and len(value) == 4:
        return _table(value, GEMEENTEN)
    return {"omschrijving": value}


@dataclass(frozen=True)
class _Named:
    """The name and sex of a row, in the form the name rules of `names` read."""

    naam: Naam
    geslacht: str


def _named(row: Row) -> _Named:
    return _Named(Naam(voornamen=row.get("02.10"), adellijke_titel=row.get("02.20"), voorvoegsel=row.get("02.30"), geslachtsnaam=row.get("02.40") or "."), row.get("04.10", ""))  # type: ignore[arg-type]


def naam(row: Row, full: bool) -> dict[str, Any]:
    """`naam` of a row: the person's own (`full`: with volledigeNaam and aanduidingNaamgebruik) or a relative's."""
    named = _named(row)
    code = row.get("02.20")
    result = {
        "voornamen": row.get("02.10"),
        "adellijkeTitelPredicaat": {"code": code, "omschrijving": ADELLIJK[code][0], "soort": ADELLIJK[code][1]} if code in ADELLIJK else None,
        "voorvoegsel": row.get("02.30"),
        # "." is GBA's standard value for an unknown surname: not delivered.
        "geslachtsnaam": row.get("02.40") if row.get("02.40") != "." else None,
        "voorletters": voorletters(named) if row.get("02.10") else None,  # type: ignore[arg-type]
    }
    if full:
        result["volledigeNaam"] = volledige_naam(named) or None  # type: ignore[arg-type]
        result["aanduidingNaamgebruik"] = _table(row.get("61.10"), NAAMGEBRUIK)
    return compact(result)


def geboorte(row: Row) -> dict[str, Any]:
    return compact({"datum": _date(row.get("03.10")), "plaats": _plaats(row.get("03.20")), "land": _table(row.get("03.30"), LANDEN)})


def geslacht(row: Row) -> dict[str, str] | None:
    code = row.get("04.10")
    return {"code": code, "omschrijving": GESLACHT[code]} if code in GESLACHT else None


def _current(rows: list[Row] | None) -> Row:
    """The current row, or {} when the category is absent or its current row is onjuist."""
    return rows[0] if rows else {}


def _ouder(rows: list[Row] | None, aanduiding: str) -> dict[str, Any] | None:
    row = _current(rows)
    if not row:
        return None
    return compact({
        "burgerservicenummer": row.get("01.20"),
        "geslacht": geslacht(row),
        "ouderAanduiding": aanduiding,
        "naam": naam(row, full=False),
        "geboorte": geboorte(row),
        "datumIngangFamilierechtelijkeBetrekking": _date(row.get("62.10")),
    })


def _partner(stapel: list[Row]) -> dict[str, Any]:
    row = stapel[0]
    # The sluiting is on the row that has it: after an ontbinding GBA writes a new row repeating the partner.
    sluiting = next((r for r in stapel if r.get("06.10")), row)
    return compact({
        "burgerservicenummer": row.get("01.20"),
        "geslacht": geslacht(row),
        "soortVerbintenis": _table(row.get("15.10"), SOORT_VERBINTENIS),
        "naam": naam(row, full=False),
        "geboorte": geboorte(row),
        "aangaanHuwelijkPartnerschap": compact({"datum": _date(sluiting.get("06.10")), "plaats": _plaats(sluiting.get("06.20")), "land": _table(sluiting.get("06.30"), LANDEN)}),
        "ontbindingHuwelijkPartnerschap": compact({"datum": _date(row.get("07.10"))}),
    })


def partners(pl: Persoonslijst) -> list[dict[str, Any]]:
    """The current marriages and partnerships; without one, the most recently dissolved one (features partner/*)."""
    stapels = [s for s in pl.huwelijk if s and s[0].get("84.10") != "O"]
    current = [s for s in stapels if not s[0].get("07.10")]
    if current:
        return [_partner(s) for s in current]
    dissolved = sorted(stapels, key=lambda s: s[0].get("07.10", ""))
    return [_partner(dissolved[-1])] if dissolved else []


def kinderen(pl: Persoonslijst) -> list[dict[str, Any]]:
    return [
        compact({"burgerservicenummer": s[0].get("01.20"), "naam": naam(s[0], full=False), "geboorte": geboorte(s[0])})
        for s in pl.kind if s and s[0].get("84.10") != "O"
    ]


def nationaliteiten(pl: Persoonslijst) -> list[dict[str, Any]]:
    result = []
    for stapel in pl.nationaliteit:
        row = stapel[0]
        if not row or row.get("64.10") or row.get("84.10") == "O":
            continue  # ended (reden beëindigen) or onjuist: not a current nationality
        common = {"datumIngangGeldigheid": _date(row.get("85.10")), "redenOpname": _table(row.get("63.10"), REDEN_OPNAME)}
        if row.get("65.10") == "B":
            result.append(compact({"type": "BehandeldAlsNederlander", **common}))
        elif row.get("65.10") == "V":
            result.append(compact({"type": "VastgesteldNietNederlander", **common}))
        elif row.get("05.10") == "0000":
            result.append(compact({"type": "NationaliteitOnbekend", **common}))
        elif row.get("05.10") == "0499":
            result.append(compact({"type": "Staatloos", **common}))
        elif row.get("05.10"):
            result.append(compact({"type": "Nationaliteit", "nationaliteit": _table(row["05.10"], NATIONALITEITEN), **common}))
    return result


def _opschorting(pl: Persoonslijst) -> dict[str, Any] | None:
    row = _current(pl.inschrijving)
    if not row.get("67.20"):
        return None
    return compact({"reden": _table(row["67.20"], OPSCHORTING), "datum": _date(row.get("67.10"))})


def builders(pl: Persoonslijst) -> dict[str, Callable[[], Any]]:
    """The fields a PL answers itself, each as a function (only the fields asked for are built)."""
    persoon = _current(pl.persoon)
    verblijf = _current(pl.verblijfplaats)
    inschrijving = _current(pl.inschrijving)
    overlijden = _current(pl.overlijden)
    titel = _current(pl.verblijfstitel)
    kiesrecht = _current(pl.kiesrecht)
    return {
        "aNummer": lambda: persoon.get("01.10"),
        "geslacht": lambda: geslacht(persoon),
        "naam": lambda: naam(persoon, full=True),
        "geboorte": lambda: geboorte(persoon),
        "overlijden": lambda: compact({"datum": _date(overlijden.get("08.10")), "plaats": _plaats(overlijden.get("08.20")), "land": _table(overlijden.get("08.30"), LANDEN)}),
        "datumEersteInschrijvingGBA": lambda: _date(inschrijving.get("68.10")),
        "gemeenteVanInschrijving": lambda: _table(verblijf.get("09.10"), GEMEENTEN),
        "datumInschrijvingInGemeente": lambda: _date(verblijf.get("09.20")),
        "immigratie": lambda: compact({
            "landVanwaarIngeschreven": _table(verblijf.get("14.10"), LANDEN),
            "datumVestigingInNederland": _date(verblijf.get("14.20")),
            "indicatieVestigingVanuitBuitenland": True if verblijf.get("14.10") else None,
            "vanuitVerblijfplaatsOnbekend": True if verblijf.get("14.10") == "0000" else None,
        }),
        "verblijfstitel": lambda: compact({
            "aanduiding": _table(titel.get("39.10"), VERBLIJFSTITEL),
            "datumEinde": _date(titel.get("39.20")),
            "datumIngang": _date(titel.get("39.30")),
        }) if titel.get("39.10") != "98" else {},
        "europeesKiesrecht": lambda: compact({
            "aanduiding": _table(kiesrecht.get("31.10"), {"1": "persoon is uitgesloten", "2": "persoon ontvangt oproep"}),
            "einddatumUitsluiting": _date(kiesrecht.get("31.30")),
        }),
        "uitsluitingKiesrecht": lambda: compact({
            "uitgeslotenVanKiesrecht": kiesrecht.get("38.10") == "A" or None,
            "einddatum": _date(kiesrecht.get("38.20")),
        }),
        "ouders": lambda: [o for o in (_ouder(pl.ouder_1, "1"), _ouder(pl.ouder_2, "2")) if o],
        "partners": lambda: partners(pl),
        "kinderen": lambda: kinderen(pl),
        "nationaliteiten": lambda: nationaliteiten(pl),
    }


def automatic(pl: Persoonslijst) -> dict[str, Any]:
    """What the API adds whatever was asked, from the PL: opschorting bijhouding (category 07, 67.10/67.20)."""
    opschorting = _opschorting(pl)
    return {"opschortingBijhouding": opschorting} if opschorting else {}
