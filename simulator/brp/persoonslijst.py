"""BRP API fields of a person written as a GBA persoonslijst, answered from the PL's own elements.

The model's person holds what every interface needs (name, birth, address, family links); the PL holds what
only the BRP shows: partly unknown dates with their type, relatives as the PL records them (also those without
a PL of their own), the A-nummer, inschrijving and opschorting, immigratie, verblijfstitel, kiesrecht.
Derived fields are derived on each request, never stored: leeftijd and adressering (by the rules of `adressering`)
from the PL's rows, gezag and indicatieCurateleRegister by the shared derivations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..scenario.gba import LANDEN, Persoonslijst
from ..scenario.model import Naam
from .adressering import Aangeschrevene, NaamDelen, Partner, naam_delen
from .dates import age_from_gba, ended_by, from_gba
from .names import ADELLIJK, GESLACHT, compact, volledige_naam, voorletters

Row = dict[str, str]

# Landelijke tabellen: the entries the official features and the common test data use.
GEMEENTEN = {
    "0518": "'s-Gravenhage", "0599": "Rotterdam", "0363": "Amsterdam", "0344": "Utrecht", "0014": "Groningen",
    "1999": "Registratie Niet Ingezetenen (RNI)",
}
NATIONALITEITEN = {
    "0001": "Nederlandse", "0002": "Behandeld als Nederlander", "0052": "Belgische", "0100": "Algerijnse", "0263": "Surinaamse",
    "0455": "Montenegrijnse", "0000": "Onbekend", "0499": "Staatloos", "0500": "Vastgesteld niet-Nederlander",
}
REDEN_OPNAME = {
    "000": "Onbekend", "001": "Wet op het Nederlanderschap 1892, art. 1, onder a", "017": "Rijkswet op het Nederlanderschap 1984, art. 3, lid 1",
    "301": "Vaststelling bezit vreemde nationaliteit", "310": "Vaststelling bijzonder Nederlanderschap",
    "311": "Vaststelling onbekende nationaliteit", "312": "Vaststelling staatloosheid",
}
NAAMGEBRUIK = {
    "E": "eigen geslachtsnaam", "N": "geslachtsnaam echtgenoot/geregistreerd partner na eigen geslachtsnaam",
    "P": "geslachtsnaam echtgenoot/geregistreerd partner", "V": "geslachtsnaam echtgenoot/geregistreerd partner voor eigen geslachtsnaam",
}
OPSCHORTING = {"O": "overlijden", "E": "emigratie", "M": "ministerieel besluit", "R": "pl is aangelegd in de rni", "F": "fout", ".": "onbekend"}
FUNCTIE_ADRES = {"W": "woonadres", "B": "briefadres"}
SOORT_VERBINTENIS = {"H": "huwelijk", "P": "geregistreerd partnerschap"}
VERBLIJFSTITEL = {
    "00": "Onbekend", "09": "Art. 9 van de Vreemdelingenwet",
    "37": "Vw 2000 art. 8, onder e, gemeenschapsonderdaan econ. niet-actief, arbeid spec.", "98": "Geen verblijfstitel (meer)",
}
GEZAGSVERHOUDING = {
    "1": "Ouder1 heeft het gezag", "2": "Ouder2 heeft het gezag", "12": "Ouder1 en ouder2 hebben het gezag",
    "1D": "Ouder1 en een derde hebben het gezag", "2D": "Ouder2 en een derde hebben het gezag",
    "D": "Een of meer derden hebben het gezag", "3D": "ouder1 + ouder2 + een of meer derden hebben het gezag",
}
EUROPEES_KIESRECHT = {"1": "persoon is uitgesloten", "2": "persoon ontvangt oproep"}
# Standard values ("onbekend") of the landelijke tabellen: not delivered, as an empty value is not
# (features */fields.feature "met standaardwaarde", lege-waarden.feature). The group they are in still exists.
STANDAARDWAARDEN = frozenset({"0000", "000", "."})


# In onderzoek (features */in-onderzoek.feature): the elements (category-less, "ggee") each field is made of.
# A field is in onderzoek when 83.10 of its row names the whole category (cc0000), its group (ccgg00) or one
# of its elements (ccggee), and the onderzoek has not ended (83.30).
NAAM_ELEMENTS = {
    "voornamen": ("0210",), "adellijkeTitelPredicaat": ("0220",), "voorvoegsel": ("0230",), "geslachtsnaam": ("0240",),
    "voorletters": ("0210",), "volledigeNaam": ("0210", "0220", "0230", "0240", "0410"), "aanduidingNaamgebruik": ("6110",),
}
GEBOORTE_ELEMENTS = {"datum": ("0310",), "plaats": ("0320",), "land": ("0330",)}


# 83.10 "089999": it has been established that the person no longer lives at the registered address. The API
# delivers it as `indicatieVastgesteldVerblijftNietOpAdres` and as the whole address (or location) and its
# adresregels in onderzoek; not gemeente, immigratie or an address abroad (the verblijfplaats and
# adressering features vastgesteld-verblijft-niet-op-adres, immigratie/in-onderzoek.feature).
VASTGESTELD_VERBLIJFT_NIET_OP_ADRES = "089999"


def vastgesteld_verblijft_niet_op_adres(row: Row) -> bool:
    return row.get("83.10") == VASTGESTELD_VERBLIJFT_NIET_OP_ADRES and not row.get("83.30")


def onderzoek(
    row: Row, category: str, elements: dict[str, tuple[str, ...]], date_key: str = "datumIngangOnderzoek", vastgesteld: bool = False,
) -> dict[str, Any] | None:
    """The `inOnderzoek` object of a group built from `row` (of GBA `category`), or None. `vastgesteld`: the
    group counts "089999" as the whole category in onderzoek."""
    aanduiding = row.get("83.10", "")
    if vastgesteld and aanduiding == VASTGESTELD_VERBLIJFT_NIET_OP_ADRES:
        aanduiding = "080000"
    if len(aanduiding) != 6 or aanduiding[:2] != category or row.get("83.30"):
        return None
    group, element = aanduiding[2:4], aanduiding[4:6]

    def covered(e: str) -> bool:
        return group == "00" or (e[:2] == group and element in ("00", e[2:]))

    flags = {name: True for name, parts in elements.items() if any(covered(e) for e in parts)}
    if not flags:
        return None
    return {**flags, date_key: _date(row.get("83.20"))}


def _with_onderzoek(group: dict[str, Any], found: dict[str, Any] | None) -> dict[str, Any]:
    return {**group, "inOnderzoek": found} if found else group


def _table(code: str | None, names: dict[str, str]) -> dict[str, str] | None:
    if not code:
        return None
    return {"code": code, "omschrijving": names[code]} if code in names else {"code": code}


def _known(code: str | None) -> str | None:
    """A table code, or None for its standard value."""
    return None if code in STANDAARDWAARDEN else code


def _date(value: str | None) -> dict[str, Any] | None:
    return from_gba(value) if value else None


def _plaats(value: str | None) -> dict[str, str] | None:
    """A place element: a gemeente code (table 33), or a place abroad written out."""
    if not _known(value):
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
    titel = row.get("02.20") if row.get("02.20") in ADELLIJK else None  # a relative's row is not checked against table 38
    return _Named(Naam(voornamen=row.get("02.10"), adellijke_titel=titel, voorvoegsel=row.get("02.30"), geslachtsnaam=row.get("02.40") or "."), row.get("04.10", ""))  # type: ignore[arg-type]


def naam(row: Row, full: bool, category: str = "01") -> dict[str, Any]:
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
    elements = NAAM_ELEMENTS if full else {k: v for k, v in NAAM_ELEMENTS.items() if k not in ("volledigeNaam", "aanduidingNaamgebruik")}
    return _with_onderzoek(compact(result), onderzoek(row, category, elements))


def geboorte(row: Row, category: str = "01") -> dict[str, Any]:
    result = compact({"datum": _date(row.get("03.10")), "plaats": _plaats(row.get("03.20")), "land": _table(_known(row.get("03.30")), LANDEN)})
    return _with_onderzoek(result, onderzoek(row, category, GEBOORTE_ELEMENTS))


def _present(row: Row, groups: tuple[str, ...], value: dict[str, Any]) -> dict[str, Any] | None:
    """A group's value, None when the row has no element of its `groups` ("03.") and no onderzoek: a group that
    exists but has nothing to deliver is {} (lege-waarden.feature), and with an onderzoek on the row (also one
    of another group) every group of it exists (kind/in-onderzoek.feature, immigratie/in-onderzoek.feature)."""
    return value if value or row.get("83.10") or any(_has(row, g) for g in groups) else None


def geslacht(row: Row) -> dict[str, str] | None:
    code = row.get("04.10")
    return {"code": code, "omschrijving": GESLACHT[code]} if code in GESLACHT else None


def _current(rows: list[Row] | None) -> Row:
    """The current row, or {} when the category is absent."""
    return rows[0] if rows else {}


# Groups 81-88 say where a row comes from (akte, onderzoek, onjuist, geldigheid, opneming, RNI), not who.
ADMINISTRATIVE_GROUPS = frozenset({"81", "82", "83", "84", "85", "86", "88"})


def _about_someone(row: Row) -> bool:
    """Whether a relative's row records someone: a row of only administrative groups is what remains after an
    ontkenning, herroeping or nietigverklaring (kind/kinderen.feature) or of an unknown parent."""
    return any(k[:2] not in ADMINISTRATIVE_GROUPS for k in row)


def _ouder(rows: list[Row] | None, aanduiding: str) -> dict[str, Any] | None:
    """A parent as category 02/03 records it; none when the row holds only administrative groups (a
    vondeling's unknown second parent, ouder/ouders.feature)."""
    row = _current(rows)
    if not _about_someone(row):
        return None
    category = "02" if aanduiding == "1" else "03"
    result = compact({
        "burgerservicenummer": row.get("01.20"),
        "geslacht": geslacht(row),
        "ouderAanduiding": aanduiding,
        "naam": _present(row, ("02.",), naam(row, False, category)),
        "geboorte": _present(row, ("03.",), geboorte(row, category)),
        "datumIngangFamilierechtelijkeBetrekking": _date(row.get("62.10")),
    })
    own = {"burgerservicenummer": ("0120",), "geslacht": ("0410",), "datumIngangFamilierechtelijkeBetrekking": ("6210",)}
    return _with_onderzoek(result, onderzoek(row, category, own))


def _partner(stapel: list[Row]) -> dict[str, Any]:
    row = stapel[0]
    # The sluiting is on the row that has it: after an ontbinding GBA writes a new row repeating the partner.
    sluiting = next((r for r in stapel if r.get("06.10")), row)
    aangaan = compact({"datum": _date(sluiting.get("06.10")), "plaats": _plaats(sluiting.get("06.20")), "land": _table(_known(sluiting.get("06.30")), LANDEN)})
    result = compact({
        "burgerservicenummer": row.get("01.20"),
        "geslacht": geslacht(row),
        "soortVerbintenis": _table(_known(row.get("15.10")), SOORT_VERBINTENIS),
        "naam": _present(row, ("02.",), naam(row, False, "05")),
        "geboorte": _present(row, ("03.",), geboorte(row, "05")),
        "aangaanHuwelijkPartnerschap": _present(sluiting, ("06.",), _with_onderzoek(aangaan, onderzoek(sluiting, "05", {"datum": ("0610",), "plaats": ("0620",), "land": ("0630",)}))),
        "ontbindingHuwelijkPartnerschap": _present(row, ("07.",), _with_onderzoek(compact({"datum": _date(row.get("07.10"))}), onderzoek(row, "05", {"datum": ("0710",)}))),
    })
    own = {"burgerservicenummer": ("0120",), "geslacht": ("0410",), "soortVerbintenis": ("1510",)}
    return _with_onderzoek(result, onderzoek(row, "05", own))


def _partner_stapels(pl: Persoonslijst) -> list[list[Row]]:
    """The current marriages and partnerships; without one, the most recently dissolved one (features partner/*)."""
    stapels = [s for s in pl.huwelijk if s and s[0].get("84.10") != "O"]
    current = [s for s in stapels if not s[0].get("07.10")]
    if current:
        return current
    dissolved = sorted(stapels, key=lambda s: s[0].get("07.10", ""))
    return dissolved[-1:]


def partners(pl: Persoonslijst) -> list[dict[str, Any]]:
    return [_partner(s) for s in _partner_stapels(pl)]


def kinderen(pl: Persoonslijst) -> list[dict[str, Any]]:
    return [
        _with_onderzoek(
            compact({
                "burgerservicenummer": s[0].get("01.20"),
                "naam": _present(s[0], ("02.",), naam(s[0], False, "09")),
                "geboorte": _present(s[0], ("03.",), geboorte(s[0], "09")),
            }),
            onderzoek(s[0], "09", {"burgerservicenummer": ("0120",)}),
        )
        for s in pl.kind if s and s[0].get("84.10") != "O" and _about_someone(s[0])
    ]


def _current_nationaliteiten(pl: Persoonslijst) -> list[Row]:
    """The current rows of the nationalities that still hold: not ended (reden beëindigen 64.10), not onjuist."""
    return [s[0] for s in pl.nationaliteit if s and s[0] and not s[0].get("64.10") and s[0].get("84.10") != "O"]


def nationaliteiten(pl: Persoonslijst) -> list[dict[str, Any]]:
    result = []
    for row in _current_nationaliteiten(pl):
        kind = _nationaliteit_type(row)
        if kind is None:
            continue
        elements = {"type": ("0510", "6510"), "redenOpname": ("6310",), "datumIngangGeldigheid": ("8510",)}
        common = {"type": kind, "datumIngangGeldigheid": _date(row.get("85.10")), "redenOpname": _table(_known(row.get("63.10")), REDEN_OPNAME)}
        if kind == "Nationaliteit":
            # Only this type has a `nationaliteit` of its own, and so only its onderzoek names it.
            common["nationaliteit"] = _table(row["05.10"], NATIONALITEITEN)
            elements["nationaliteit"] = ("0510",)
        result.append(_with_onderzoek(compact(common), onderzoek(row, "04", elements)))
    return result


def _nationaliteit_type(row: Row) -> str | None:
    """The API's type of a nationality row: bijzonder Nederlanderschap (65.10) or the codes of table 32 that are
    no nationality (0000 onbekend, 0002 behandeld als Nederlander, 0499 staatloos, 0500 vastgesteld niet-Nederlander)."""
    code = row.get("05.10")
    if row.get("65.10") == "B" or code == "0002":
        return "BehandeldAlsNederlander"
    if row.get("65.10") == "V" or code == "0500":
        return "VastgesteldNietNederlander"
    return {"0000": "NationaliteitOnbekend", "0499": "Staatloos"}.get(code or "", "Nationaliteit" if code else None)


def opschorting_reden(pl: Persoonslijst) -> str | None:
    """67.20 of the PL: O overlijden, E emigratie, M ministerieel besluit, R RNI, F fout, W wissen."""
    return _current(pl.inschrijving).get("67.20") or None


def _opschorting(pl: Persoonslijst) -> dict[str, Any] | None:
    row = _current(pl.inschrijving)
    if not row.get("67.20"):
        return None
    return compact({"reden": _table(row["67.20"], OPSCHORTING), "datum": _date(row.get("67.10"))})


def _has(row: Row, group: str) -> bool:
    """Whether `row` has an element of `group` ("14."): a group with none is not delivered at all, one with only
    a standard value or an element not asked for is delivered empty (lege-waarden.feature)."""
    return any(k.startswith(group) for k in row)


def _identificatie(value: str | None) -> str | None:
    """A BAG identificatie; sixteen zeros is its standard value (verblijfplaats/adres/onbekendwaardes.feature)."""
    return None if value == "0000000000000000" else value


AANDUIDING_BIJ_HUISNUMMER = {"by": "bij", "to": "tegenover"}


def verblijfplaats(pl: Persoonslijst) -> dict[str, Any] | None:
    """Category 08 as the API's polymorphic verblijfplaats: Adres, Locatie, VerblijfplaatsBuitenland or -Onbekend."""
    row = _current(pl.verblijfplaats)
    common: dict[str, Any] = {"datumIngangGeldigheid": _date(row.get("85.10"))}
    if row.get("13.10"):
        kind = "VerblijfplaatsOnbekend" if row["13.10"] == "0000" else "VerblijfplaatsBuitenland"
        adres = compact({"regel1": row.get("13.30"), "regel2": row.get("13.40"), "regel3": row.get("13.50"), "land": _table(row["13.10"], LANDEN)})
        adres_elements = {"regel1": ("1330",), "regel2": ("1340",), "regel3": ("1350",), "land": ("1310",)}
        own = {"type": ("1310",), "datumVan": ("1320",), "datumIngangGeldigheid": ("8510",)}
        common["datumVan"] = _date(row.get("13.20"))
        if kind == "VerblijfplaatsOnbekend":
            adres, adres_elements = {}, {}
    elif row.get("12.10"):
        kind = "Locatie"
        adres = compact({"locatiebeschrijving": row["12.10"]})
        adres_elements = {"locatiebeschrijving": ("1210",)}
        own = {"type": ("1210",), "datumVan": ("1030",), "functieAdres": ("1010",), "datumIngangGeldigheid": ("8510",)}
        common.update(datumVan=_date(row.get("10.30")), functieAdres=_table(row.get("10.10"), FUNCTIE_ADRES))
    elif _has(row, "11."):
        kind = "Adres"
        code = row.get("11.50")
        adres = compact({
            "officieleStraatnaam": row.get("11.15"), "korteStraatnaam": row.get("11.10") if row.get("11.10") != "." else None,
            "huisnummer": int(row["11.20"]) if row.get("11.20", "0") not in ("0", "") else None,
            "huisletter": row.get("11.30"), "huisnummertoevoeging": row.get("11.40"),
            "aanduidingBijHuisnummer": {"code": code, "omschrijving": AANDUIDING_BIJ_HUISNUMMER.get(code, code)} if code else None,
            "postcode": row.get("11.60"), "woonplaats": row.get("11.70") if row.get("11.70") != "." else None,
        })
        adres_elements = {
            "officieleStraatnaam": ("1115",), "korteStraatnaam": ("1110",), "huisnummer": ("1120",), "huisletter": ("1130",),
            "huisnummertoevoeging": ("1140",), "aanduidingBijHuisnummer": ("1150",), "postcode": ("1160",), "woonplaats": ("1170",),
        }
        own = {
            "type": ("1110",), "datumVan": ("1030",), "functieAdres": ("1010",), "datumIngangGeldigheid": ("8510",),
            "adresseerbaarObjectIdentificatie": ("1180",), "nummeraanduidingIdentificatie": ("1190",),
        }
        common.update(
            datumVan=_date(row.get("10.30")), functieAdres=_table(row.get("10.10"), FUNCTIE_ADRES),
            adresseerbaarObjectIdentificatie=_identificatie(row.get("11.80")), nummeraanduidingIdentificatie=_identificatie(row.get("11.90")),
        )
    else:
        return None  # no address, location or residence abroad: not delivered (verblijfplaats/overzicht.feature)
    binnenland = kind in ("Adres", "Locatie")
    if binnenland and vastgesteld_verblijft_niet_op_adres(row):
        common["indicatieVastgesteldVerblijftNietOpAdres"] = True
    result = compact({"type": kind, **common})
    if adres_elements:
        result["verblijfadres"] = _with_onderzoek(adres, onderzoek(row, "08", adres_elements, vastgesteld=binnenland))
    return _with_onderzoek(result, onderzoek(row, "08", own, vastgesteld=binnenland))


ADRESREGEL_ELEMENTS = {
    "adresregel1": ("1110", "1120", "1130", "1140", "1150", "1210", "1330"),
    "adresregel2": ("0910", "1160", "1170", "1340"),
    "adresregel3": ("1350",),
    "land": ("1310",),
}


def adresregels(pl: Persoonslijst) -> dict[str, Any]:
    """adresregel1-3 and land (features adressering/adres-regels/*): NEN 5825 for an address, the
    locatiebeschrijving for a location, the lines of an address abroad; none for standard values."""
    row = _current(pl.verblijfplaats)
    result: dict[str, Any] = {}
    if row.get("13.10"):
        if row["13.10"] != "0000" and any(row.get(e) for e in ("13.30", "13.40", "13.50")):
            result = compact({"adresregel1": row.get("13.30"), "adresregel2": row.get("13.40"), "adresregel3": row.get("13.50"), "land": _table(row["13.10"], LANDEN)})
    elif row.get("12.10"):
        result = compact({"adresregel1": row["12.10"], "adresregel2": (GEMEENTEN.get(row.get("09.10", "")) or "").upper() or None})
    elif row.get("11.10", ".") != "." and row.get("11.20", "0") != "0":
        letter, toevoeging = row.get("11.30", ""), row.get("11.40", "")
        suffix = f"{letter}{toevoeging}"
        number = row["11.20"] + (("-" if suffix[:1].isdigit() and not letter else " ") + suffix if suffix else "")
        bij = {"by": "bij", "to": "t/o"}.get(row.get("11.50", ""))
        postcode = row.get("11.60", "").replace(" ", "").upper()
        plaats = row.get("11.70") or GEMEENTEN.get(row.get("09.10", ""), "")
        postcode_part = f"{postcode[:4]} {postcode[4:]}" if postcode else ""
        result = compact({
            "adresregel1": _spaced(row["11.10"], bij, number),
            "adresregel2": (f"{postcode_part}  {plaats.upper()}" if postcode_part and plaats else postcode_part or plaats.upper()) or None,
        })
    if result and vastgesteld_verblijft_niet_op_adres(row):
        result["indicatieVastgesteldVerblijftNietOpAdres"] = True
    found = onderzoek(row, "08", ADRESREGEL_ELEMENTS, "datumIngangOnderzoekVerblijfplaats", vastgesteld=True)
    return _with_onderzoek(result, found)


def immigratie(verblijf: Row) -> dict[str, Any] | None:
    """Group 14 of category 08; vestiging vanuit het buitenland is told by its date (14.20). Not delivered when
    the group has no element and category 08 has no onderzoek: with an onderzoek (also 089999, "verblijft niet
    op adres", which names no field) the group is there, empty (immigratie/in-onderzoek.feature), without one it
    is not (rni/overzicht.feature)."""
    result = _with_onderzoek(compact({
        "landVanwaarIngeschreven": _table(_known(verblijf.get("14.10")), LANDEN),
        "datumVestigingInNederland": _date(verblijf.get("14.20")),
        "indicatieVestigingVanuitBuitenland": True if verblijf.get("14.20") else None,
        "vanuitVerblijfplaatsOnbekend": True if verblijf.get("14.10") == "0000" else None,
    }), onderzoek(verblijf, "08", {
        "landVanwaarIngeschreven": ("1410",), "datumVestigingInNederland": ("1420",),
        "indicatieVestigingVanuitBuitenland": ("1420",), "vanuitVerblijfplaatsOnbekend": ("1410",),
    }))
    return _present(verblijf, ("14.",), result)


def builders(pl: Persoonslijst, day: dt.date, alive: bool) -> dict[str, Callable[[], Any]]:
    """The fields a PL answers itself, each as a function (only the fields asked for are built)."""
    persoon = _current(pl.persoon)
    verblijf = _current(pl.verblijfplaats)
    inschrijving = _current(pl.inschrijving)
    overlijden = _current(pl.overlijden)
    titel = _current(pl.verblijfstitel)
    kiesrecht = _current(pl.kiesrecht)
    gezagsverhouding = _current(pl.gezagsverhouding)
    return {
        "aNummer": lambda: persoon.get("01.10"),
        "leeftijd": lambda: age_from_gba(persoon.get("03.10"), day) if alive else None,
        "geslacht": lambda: geslacht(persoon),
        # Group 02 (and 61.10): without any element of it, no naam (verificatie/fields.feature).
        "naam": lambda: naam(persoon, full=True) if _has(persoon, "02.") or _has(persoon, "61.") or persoon.get("83.10") else None,
        "geboorte": lambda: geboorte(persoon),
        "overlijden": lambda: _with_onderzoek(
            compact({"datum": _date(overlijden.get("08.10")), "plaats": _plaats(overlijden.get("08.20")), "land": _table(_known(overlijden.get("08.30")), LANDEN)}),
            onderzoek(overlijden, "06", {"datum": ("0810",), "plaats": ("0820",), "land": ("0830",)}),
        ) if overlijden else None,  # no category 06: not delivered (lege-waarden.feature)
        "datumEersteInschrijvingGBA": lambda: _date(inschrijving.get("68.10")),
        "gemeenteVanInschrijving": lambda: _table(_known(verblijf.get("09.10")), GEMEENTEN),
        "datumInschrijvingInGemeente": lambda: _date(verblijf.get("09.20")),
        "immigratie": lambda: immigratie(verblijf),
        # Only a verblijfstitel that still holds: not ended (39.20) and not "98" (geen verblijfstitel meer).
        "verblijfstitel": lambda: _with_onderzoek(compact({
            "aanduiding": _table(titel.get("39.10"), VERBLIJFSTITEL),
            "datumEinde": _date(titel.get("39.20")),
            "datumIngang": _date(titel.get("39.30")),
        }), onderzoek(titel, "10", {"aanduiding": ("3910",), "datumEinde": ("3920",), "datumIngang": ("3930",)}))
        if titel.get("39.10") not in (None, "98") and not ended_by(titel.get("39.20"), day) else None,
        # Kiesrecht is delivered while its uitsluiting holds: an aanduiding, and no einddatum that has passed.
        "europeesKiesrecht": lambda: compact({
            "aanduiding": _table(kiesrecht.get("31.10"), EUROPEES_KIESRECHT),
            "einddatumUitsluiting": _date(kiesrecht.get("31.30")),
        }) if kiesrecht.get("31.10") and not ended_by(kiesrecht.get("31.30"), day) else None,
        "uitsluitingKiesrecht": lambda: compact({
            "uitgeslotenVanKiesrecht": kiesrecht.get("38.10") == "A" or None,
            "einddatum": _date(kiesrecht.get("38.20")),
        }) if kiesrecht.get("38.10") and not ended_by(kiesrecht.get("38.20"), day) else None,
        # Category 11 as the PL records it; whether someone is under curatele is what 33.10 says.
        "indicatieGezagMinderjarige": lambda: _table(gezagsverhouding.get("32.10"), GEZAGSVERHOUDING),
        "indicatieCurateleRegister": lambda: gezagsverhouding.get("33.10") == "1" or None,
        "adressering": lambda: adressering(pl),
        "adresseringBinnenland": lambda: adressering(pl, binnenland=True) if not verblijf.get("13.10") else None,
        "verblijfplaats": lambda: verblijfplaats(pl),
        "verblijfplaatsBinnenland": lambda: verblijfplaats(pl) if not verblijf.get("13.10") else None,
        "ouders": lambda: [o for o in (_ouder(pl.ouder_1, "1"), _ouder(pl.ouder_2, "2")) if o],
        "partners": lambda: partners(pl),
        "kinderen": lambda: kinderen(pl),
        "nationaliteiten": lambda: nationaliteiten(pl),
    }


def _spaced(*parts: str | None) -> str:
    """Name components joined: no leading, trailing or double spaces, none around a hyphen."""
    text = " ".join(" ".join(p for p in parts if p).split())
    return re.sub(r"\s*-\s*", "-", text)


def _naam_delen(row: Row) -> NaamDelen:
    titel = row.get("02.20") if row.get("02.20") in ADELLIJK else None
    return NaamDelen(row.get("02.10"), titel, row.get("02.30"), row.get("02.40") if row.get("02.40") != "." else None)


def actuele_partner(pl: Persoonslijst) -> list[Row] | None:
    """The partner stapel whose name the adressering uses: of several current marriages or partnerships the one
    concluded first (an unknown date, 00000000, counts as the first); without one the most recently dissolved
    (adressering/aanhef/meerdere-partners.feature, in-onderzoek.feature)."""
    stapels = _partner_stapels(pl)
    return min(stapels, key=lambda s: next((r["06.10"] for r in s if r.get("06.10")), ""), default=None)


def aangeschrevene(pl: Persoonslijst) -> Aangeschrevene:
    row = _current(pl.persoon)
    stapel = actuele_partner(pl)
    partner = Partner(_naam_delen(stapel[0]), bool(stapel[0].get("07.10"))) if stapel else None
    return Aangeschrevene(_naam_delen(row), row.get("04.10") or None, row.get("61.10") or None, partner)


_NAAM_PARTS = ("aanhef", "aanschrijfwijze", "gebruikInLopendeTekst")


def adressering(pl: Persoonslijst, binnenland: bool = False) -> dict[str, Any]:
    """The whole adressering of a PL: its lines and its name parts, each with its onderzoek. `binnenland`: the
    schema `AdresseringBinnenland`, which has no adresregel3 and land."""
    lines, names = adresregels(pl), naam_delen(aangeschrevene(pl))
    onderzoek_ = {**lines.pop("inOnderzoek", {}), **adressering_onderzoek(pl)}
    if binnenland:
        lines = {k: v for k, v in lines.items() if k not in ("adresregel3", "land")}
        onderzoek_ = {k: v for k, v in onderzoek_.items() if k not in ("adresregel3", "land")}
    result = {**lines, **names}
    return {**result, "inOnderzoek": onderzoek_} if onderzoek_ else result


def adressering_onderzoek(pl: Persoonslijst) -> dict[str, Any]:
    """The name parts of adressering in onderzoek: the person's name, sex or naamgebruik (01), or, unless the
    person uses the own name (E), the name of the partner the adressering uses (05), each with its own date
    (adressering/in-onderzoek.feature)."""
    result: dict[str, Any] = {}
    own = onderzoek(_current(pl.persoon), "01", {k: ("0210", "0220", "0230", "0240", "0410", "6110") for k in _NAAM_PARTS}, "datumIngangOnderzoekPersoon")
    stapel = actuele_partner(pl)
    uses_partner = _current(pl.persoon).get("61.10") != "E"
    theirs = onderzoek(stapel[0], "05", {k: ("0220", "0230", "0240") for k in _NAAM_PARTS}, "datumIngangOnderzoekPartner") if stapel and uses_partner else None
    for found in (own, theirs):
        result.update(found or {})
    return result


# The person's own fields in onderzoek, and the date each category's onderzoek is delivered as.
PERSOON_ONDERZOEK = {"burgerservicenummer": ("0120",), "geslacht": ("0410",), "leeftijd": ("0310",), "aNummer": ("0110",)}
GEMEENTE_ONDERZOEK = {"gemeenteVanInschrijving": ("0910",), "datumInschrijvingInGemeente": ("0920",)}
GEZAG_ONDERZOEK = {"indicatieCurateleRegister": ("3310",), "indicatieGezagMinderjarige": ("3210",)}


def persoon_onderzoek(pl: Persoonslijst) -> dict[str, Any]:
    """The person's own `inOnderzoek` (flags of top-level fields and one date per category); {} when none."""
    result: dict[str, Any] = {}
    persoon = _current(pl.persoon)
    # A field of the person that has no value (a PL without A-nummer) is not told to be in onderzoek.
    with_value = {k: v for k, v in PERSOON_ONDERZOEK.items() if any(f"{e[:2]}.{e[2:]}" in persoon for e in v)}
    for rows, category, elements, date_key in (
        (pl.persoon, "01", with_value, "datumIngangOnderzoekPersoon"),
        (pl.verblijfplaats, "08", GEMEENTE_ONDERZOEK, "datumIngangOnderzoekGemeente"),
        (pl.gezagsverhouding, "11", GEZAG_ONDERZOEK, "datumIngangOnderzoekGezag"),
    ):
        found = onderzoek(_current(rows), category, elements, date_key)
        if found:
            result.update(found)
    return result


RNI_DEELNEMERS = {
    "0101": "Belastingdienst (inzake heffingen en toeslagen)", "0201": "Sociale Verzekeringsbank (inzake AOW, Anw en AKW)",
    "0401": "CAK (inzake zorgverzekeringen)", "0501": "Immigratie- en naturalisatiedienst (inzake nationaliteitsgegevens)",
}
# The fields made of each category that may carry RNI (88.10/88.20): asking one of them delivers its rni.
RNI_CATEGORIES = (
    ("persoon", "Persoon", frozenset({"aNummer", "burgerservicenummer", "geslacht", "leeftijd", "naam", "geboorte", "adressering.naam"})),
    ("nationaliteit", "Nationaliteit", frozenset({"nationaliteiten"})),
    ("overlijden", "Overlijden", frozenset({"overlijden"})),
    ("verblijfplaats", "Verblijfplaats", frozenset({
        "verblijfplaats", "verblijfplaatsBinnenland", "adressering.regels", "gemeenteVanInschrijving",
        "datumInschrijvingInGemeente", "immigratie",
    })),
)


def _made_of(paths: Iterable[str]) -> set[str]:
    """The top-level fields of the requested paths; adressering split into its name parts (category 01) and its
    lines (category 08)."""
    result = set()
    for path in paths:
        head, _, rest = path.partition(".")
        if head in ("adressering", "adresseringBinnenland"):
            part = rest.split(".")[0]
            result |= {"adressering.naam"} if part in _NAAM_PARTS else {"adressering.regels"} if part else {"adressering.naam", "adressering.regels"}
        else:
            result.add(head)
    return result


def rni(pl: Persoonslijst, paths: Iterable[str]) -> list[dict[str, Any]]:
    """RNI deelnemers of the categories 01, 04, 06 and 08 a requested field is made of (rni/overzicht.feature)."""
    asked = _made_of(paths)
    result = []
    for name, label, fields in RNI_CATEGORIES:
        if not fields & asked:
            continue
        rows = _current_nationaliteiten(pl) if name == "nationaliteit" else [_current(getattr(pl, name))]
        for row in rows:
            if row.get("88.10"):
                # Table 62's codes have four digits; test data writes 0201 also as 201.
                code = row["88.10"].zfill(4)
                result.append(compact({"deelnemer": _table(code, RNI_DEELNEMERS), "omschrijvingVerdrag": row.get("88.20"), "categorie": label}))
    return result


def automatic(pl: Persoonslijst, asked: Iterable[str]) -> dict[str, Any]:
    """What the API adds whatever was asked, from the PL: opschorting bijhouding (category 07, 67.10/67.20), the
    verificatie of the persoonsgegevens (71.10/71.20, verificatie/fields.feature), and the RNI deelnemers of the
    categories asked for."""
    result: dict[str, Any] = {}
    opschorting = _opschorting(pl)
    if opschorting:
        result["opschortingBijhouding"] = opschorting
    inschrijving = _current(pl.inschrijving)
    verificatie = compact({"datum": _date(inschrijving.get("71.10")), "omschrijving": inschrijving.get("71.20")})
    if verificatie:
        result["verificatie"] = verificatie
    deelnemers = rni(pl, asked)
    if deelnemers:
        result["rni"] = deelnemers
    return result
