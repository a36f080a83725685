"""The expressive persona steps of the official features: named persons and addresses ("Gegeven de persoon 'P1'
met burgerservicenummer '000000012'", "adres 'A1' in gemeente 'Rotterdam'", "'Robin' is 3 jaar geleden
ingeschreven op adres 'A1'"), the searches by what they name ("Als 'burgerservicenummer' wordt gevraagd van
personen gezocht met postcode en huisnummer van 'A1'") and the expectations by name ("Dan wordt alleen 'Robin'
gevonden").

They do what the official step definitions (step_definitions/expressief, persona, als-stepdefs.js,
dan-stepdefs-persoon.js) do, written as the GBA persoonslijsten of `steps.py`: a person is a PL whose current row
comes first (the official steps keep it last); a person's aanduiding is its geslachtsnaam unless a table says
otherwise; a person without a burgerservicenummer exists only as a relative; "heeft de volgende gegevens" and the
other steps without a name apply to the person named last (or brought forward with "persoon 'P1'")."""

from __future__ import annotations

import re
from typing import Any

from simulator.brp.persoonslijst import GEMEENTEN
from simulator.scenario.gba import ELEMENTS, LANDEN

from .steps import Context, Table, Unsupported, element, expected_object, expected_objects, relative_date, rows, step

PL = dict[str, Any]

# -- parameter types (parameter-types.js) ------------------------------------------------------------------------

NAME = r"'([\w À-ž-]*)'"
NAMES = r"'([\w À-ž, -]*)'"
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
# Every way the features write a date before "geboren" / "ingeschreven": {dd-mm-yyyy datum}, {dd maand yyyy datum},
# {onbekende datum}, {vandaag, gisteren of morgen x jaar geleden}, {meer- of minderjarige}, {relatieve datum}.
DATE = (
    r"(?:op |in )?(?:een )?onbekende datum|(?:op )?'?\d{1,2}-\d{1,2}-\d{4}'?"
    rf"|(?:op |in )?'?(?:\d{{1,2}} )?(?:(?:{'|'.join(MAANDEN)}) )?\d{{4}}'?"
    r"|(?:(?:gisteren|vandaag|morgen) )?\d{1,2} jaar geleden|(?:gisteren|vandaag|morgen) - \d{1,2} jaar"
    r"|minderjarige|meerderjarige|gisteren|vandaag|morgen|deze maand|vorige maand|volgende maand"
)
GESLACHT = {"man": "M", "vrouw": "V"}
# Landelijke tabel 34 by name, for "is geboren in Duitsland".
LAND_CODES = {naam: code for code, naam in LANDEN.items()}


def names(text: str) -> list[str]:
    """The {aanduidingen} type: "Robin, Saskia en Gerda" (JavaScript's replace: the first " en " only)."""
    return [n.strip() for n in text.replace(" en ", ",", 1).split(",")]


def land_code(naam: str) -> str:
    if naam not in LAND_CODES:
        raise Unsupported(f"land {naam!r} is not in the runner's landen table")
    return LAND_CODES[naam]


def gba_date(text: str, c: Context) -> str:
    """A date phrase of the features as a GBA date (yyyymmdd, unknown parts 00)."""
    text = text.strip("'")
    text = re.sub(r"^(op|in) ", "", text)
    if re.fullmatch(r"(een )?onbekende datum", text):
        return "00000000"
    if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text):
        return f"{m[3]}{int(m[2]):02d}{int(m[1]):02d}"
    if m := re.fullmatch(rf"(?:(\d{{1,2}}) )?(?:({'|'.join(MAANDEN)}) )?(\d{{4}})", text):
        maand = MAANDEN.index(m[2]) + 1 if m[2] else 0
        return f"{m[3]}{maand:02d}{int(m[1] or 0):02d}"
    if m := re.fullmatch(r"(?:(gisteren|vandaag|morgen) )?(\d{1,2}) jaar geleden", text):
        text = f"{m[1] or 'vandaag'} - {m[2]} jaar"
    text = {"minderjarige": "gisteren - 17 jaar", "meerderjarige": "gisteren - 45 jaar"}.get(text, text)
    value = relative_date(text, c.today, iso=False)
    if not re.fullmatch(r"\d{8}", value):
        raise Unsupported(f"date phrase {text!r}")
    return value


# -- the persons and addresses of a scenario (contextHelpers.js) ----------------------------------------------

def persona(c: Context, name: str | None) -> PL:
    """The person named `name`, or without a name the person the steps are about (contextHelpers.getPersoon)."""
    if name is None:
        return c.pl
    if name not in c.named:
        raise Unsupported(f"person {name!r} is not given")
    return c.named[name]


def bring_forward(c: Context, name: str) -> None:
    """Make `name` the person the following steps without a name are about (wijzigPersoonContext)."""
    pl = persona(c, name)
    c.persoonslijsten.remove(pl)
    c.persoonslijsten.append(pl)


def bsn(pl: PL) -> str | None:
    return pl["persoon"][0].get("01.20")  # type: ignore[no-any-return]


def generated_bsn(c: Context) -> str:
    """generators.genereerBurgerservicenummer: 12 × the number of the person."""
    return f"{12 * (len(c.persoonslijsten) + 1):09d}"


def create(c: Context, name: str | None, row: dict[str, str]) -> PL:
    """A new PL (persoon-2.createPersoon); one without a burgerservicenummer stays out of the world."""
    pl: PL = {"persoon": [row]}
    c.persoonslijsten.append(pl)
    if name is not None:
        c.named[name] = pl
    return pl


def merge(row: dict[str, str], table: Table | None, c: Context) -> None:
    """mapDataTableToEntiteit: the table's values set, an empty value removes the element."""
    for name, value in _pairs(table):
        element = _element(name)
        if element is None:
            continue
        if value == "":
            row.pop(element, None)
        else:
            row[element] = relative_date(value, c.today, iso=False)


def _pairs(table: Table | None) -> list[tuple[str, str]]:
    if not table:
        return []
    if table[0][:2] == ["naam", "waarde"]:
        return [(r[0], r[1]) for r in table[1:]]
    return list(rows(table)[0].items())


def _element(name: str) -> str | None:
    return None if name == "pl_id" else element(name)


def new_person(c: Context, name: str, number: str | None, geboortedatum: str | None = None, land: str | None = None,
               geslacht: str | None = None, table: Table | None = None) -> PL:
    """expressief/gegeven-stepdefs-persoon.gegevenDePersoon: an existing person is left as it is."""
    if name in c.named:
        return c.named[name]
    row = {"02.40": name}
    if number:
        row["01.20"] = number
    if geboortedatum:
        row["03.10"] = geboortedatum
    if geslacht:
        row["04.10"] = geslacht
    if land:
        row["03.30"] = land
        if land == "6030":
            row["81.20"] = AKTENUMMER
        else:
            row["82.30"] = "buitenlandse geboorteakte"
    merge(row, table, c)
    return create(c, name, row)


# generators.genereerAktenummer draws a random letter and number; one fixed geboorteakte keeps runs comparable.
AKTENUMMER = "1AA0100"


def ingeschreven(pl: PL, row: dict[str, str]) -> None:
    """persoon-2.createVerblijfplaats: a new current verblijfplaats."""
    pl["verblijfplaats"] = [row, *pl.get("verblijfplaats", [])]


def inschrijving(c: Context, pl: PL, values: dict[str, str]) -> None:
    """persoon-2.aanvullenInschrijving: elements added to category 07."""
    pl.setdefault("inschrijving", [{}])[0].update({k: relative_date(v, c.today, iso=False) for k, v in values.items()})


def overleden(c: Context, pl: PL, datum: str) -> None:
    inschrijving(c, pl, {"67.10": datum, "67.20": "O"})
    pl["overlijden"] = [{"08.10": relative_date(datum, c.today, iso=False)}, *pl.get("overlijden", [])]


# -- Gegeven: addresses (expressief/gegeven-stepdefs-adres.js) ---------------------------------------------------

def gemeentecode(naam: str) -> str:
    naam = naam.replace("\\'", "'")
    for code, gemeente in GEMEENTEN.items():
        if gemeente == naam:
            return code
    raise Unsupported(f"gemeente {naam!r} is not in the simulator's gemeente table")


def adres(c: Context, name: str, gemeente: str, table: Table | None) -> None:
    """An address with the official defaults for what the table leaves out."""
    row = {
        "92.10": gemeente, "11.80": f"{gemeente:0>4}010051001502", "11.90": f"{gemeente:0>4}200000617227",
        "11.60": "1234AB", "11.20": "321", "11.10": "Hoofdstraat",
    }
    merge(row, table, c)
    c.adressen[name] = row


@step(rf"adres {NAME}")
def _adres(c: Context, t: Table | None, name: str) -> None:
    adres(c, name, "0518", t)


@step(rf"adres {NAME} in gemeente '(.*)'(?: heeft de volgende gegevens)?")
def _adres_in(c: Context, t: Table | None, name: str, gemeente: str) -> None:
    adres(c, name, gemeentecode(gemeente), t)


def _op_adres(c: Context, persons: str, datum: str, name: str, t: Table | None) -> None:
    """gegeven-stepdefs-verblijfplaats-expressief: a woonadres at the address since the date."""
    if name not in c.adressen:
        raise Unsupported(f"adres {name!r} is not given")
    address = dict(c.adressen[name])
    gemeente = address.pop("92.10")
    for person in names(persons):
        row = {**address, "09.10": gemeente, "10.10": "W", "10.30": gba_date(datum, c)}
        merge(row, t, c)
        ingeschreven(persona(c, person), row)


@step(rf"(?:persoon |personen )?{NAMES} (?:is|zijn) ({DATE}) ingeschreven op adres {NAME}(?: met de volgende gegevens)?")
def _ingeschreven_op_adres(c: Context, t: Table | None, persons: str, datum: str, name: str) -> None:
    _op_adres(c, persons, datum, name, t)


# -- Gegeven: persons (expressief/gegeven-stepdefs-persoon.js, gegeven-stepdefs-expressief.js) -----------------

@step(rf"(?:de )?persoon {NAME}(?: zonder burgerservicenummer)? heeft de volgende gegevens")
def _persoon_gegevens(c: Context, t: Table | None, name: str) -> None:
    if name in c.named:
        merge(c.named[name]["persoon"][0], t, c)
        return
    row: dict[str, str] = {}
    if "geslachtsnaam (02.40)" not in (t or [[]])[0]:
        row["02.40"] = name
    merge(row, t, c)
    create(c, name, row)


@step(r"(?:de persoon(?: '([\w À-ž-]*)')? )?met burgerservicenummer '(\d*)'")
def _met_bsn(c: Context, t: Table | None, name: str | None, number: str) -> None:
    if name is not None and name in c.named:
        return
    row = {"01.20": number} if number else {}
    if name is not None:
        row["02.40"] = name
        if number:
            row.update({"03.30": "6030", "81.20": AKTENUMMER})
    create(c, name, row)


@step(rf"(?:de persoon(?: {NAME})? )?zonder burgerservicenummer")
def _zonder_bsn(c: Context, t: Table | None, name: str | None) -> None:
    if name is None or name not in c.named:
        create(c, name, {"02.40": name} if name else {})


@step(rf"de persoon {NAME}")
def _de_persoon(c: Context, t: Table | None, name: str) -> None:
    new_person(c, name, generated_bsn(c))


@step(rf"persoon {NAME}")
def _context(c: Context, t: Table | None, name: str) -> None:
    bring_forward(c, name)


@step(rf"de ({DATE}) geboren (man|vrouw)? ?{NAME}")
def _geboren(c: Context, t: Table | None, datum: str, geslacht: str | None, name: str) -> None:
    new_person(c, name, generated_bsn(c), gba_date(datum, c), "6030", GESLACHT.get(geslacht or ""))


@step(rf"de (minderjarige|meerderjarige) (man|vrouw)? ?{NAME}")
def _jarige(c: Context, t: Table | None, datum: str, geslacht: str | None, name: str) -> None:
    new_person(c, name, generated_bsn(c), gba_date(datum, c), "6030", GESLACHT.get(geslacht or ""))


@step(rf"de ({DATE}) in (?:de |het )?'([^']*)' geboren (man|vrouw)? ?{NAME} met burgerservicenummer '(\d*)'")
def _geboren_in(c: Context, t: Table | None, datum: str, land: str, geslacht: str | None, name: str, number: str) -> None:
    new_person(c, name, number, gba_date(datum, c), land_code(land), GESLACHT.get(geslacht or ""))


@step(rf"de meerderjarige (man|vrouw)? ?{NAME} zonder burgerservicenummer")
def _meerderjarige_zonder_bsn(c: Context, t: Table | None, geslacht: str | None, name: str) -> None:
    new_person(c, name, None, gba_date("meerderjarige", c), None, GESLACHT.get(geslacht or ""))


@step(rf"de (minderjarige|meerderjarige|{DATE}) (?:geboren )?inwoner {NAME}")
def _inwoner(c: Context, t: Table | None, datum: str, name: str) -> None:
    ingeschreven(new_person(c, name, generated_bsn(c), gba_date(datum, c), "6030"), {"09.10": "0518"})


@step(r"heeft de volgende gegevens")
def _aanvullen(c: Context, t: Table | None) -> None:
    merge(c.pl["persoon"][0], t, c)


@step(r"zijn de volgende gegevens (gewijzigd|gecorrigeerd)")
def _persoon_gewijzigd(c: Context, t: Table | None, how: str) -> None:
    """wijzigPersoon: a new current row, the old one's values kept where the table gives none."""
    change(c, c.pl["persoon"], t, how == "gecorrigeerd")


@step(r"zijn van ouder ([12]) de volgende gegevens (gewijzigd|gecorrigeerd)")
def _ouder_gewijzigd(c: Context, t: Table | None, number: str, how: str) -> None:
    """wijzigOuder: a new current row of the parent, the old one's values kept where the table gives none."""
    stapel = c.pl.get(f"ouder_{number}")
    if not stapel:
        raise Unsupported(f"ouder {number} is not given")
    change(c, stapel, t, how == "gecorrigeerd")


def change(c: Context, stapel: list[dict[str, str]], t: Table | None, correction: bool) -> None:
    """A new current row: the old one's values where the table gives none; a correction marks the old one onjuist."""
    new = {k: v for k, v in stapel[0].items() if k[:2] not in ("84", "85", "86")}
    merge(new, t, c)
    if correction:
        stapel[0] = {**stapel[0], "84.10": "O"}
    stapel.insert(0, new)


@step(rf"(?:{NAME} )?is minderjarig")
def _minderjarig(c: Context, t: Table | None, name: str | None) -> None:
    persona(c, name)["persoon"][0]["03.10"] = gba_date("minderjarige", c)


@step(r"is meerderjarig(?:, niet overleden en staat niet onder curatele)?")
def _meerderjarig(c: Context, t: Table | None) -> None:
    c.pl["persoon"][0]["03.10"] = gba_date("meerderjarige", c)


@step(r"is een (man|vrouw)")
def _geslacht(c: Context, t: Table | None, geslacht: str) -> None:
    c.pl["persoon"][0]["04.10"] = GESLACHT[geslacht]


@step(rf"(?:{NAME} )?is geboren op (\d*)-(\d*)-(\d*)")
def _geboren_op(c: Context, t: Table | None, name: str | None, dag: str, maand: str, jaar: str) -> None:
    persona(c, name)["persoon"][0]["03.10"] = f"{jaar:0>4}{maand:0>2}{dag:0>2}"


@step(r"is geboren in het buitenland")
def _buitenland_geboren(c: Context, t: Table | None) -> None:
    c.pl["persoon"][0]["03.30"] = "6003"


@step(r"is bevoegd|beide ouders zijn meerderjarig, niet overleden en staan niet onder curatele")
def _niets(c: Context, t: Table | None) -> None:
    """As the official steps: nothing to set up."""


@step(rf"(?:{NAME} )?is overleden")
def _overleden(c: Context, t: Table | None, name: str | None) -> None:
    pl, datum = persona(c, name), gba_date("gisteren - 2 jaar", c)
    overleden(c, pl, datum)
    # createOntbindingPartnerschap: the marriage ends on the PL of the partner (found by the partner's name).
    stapel = next((st for st in reversed(pl.get("huwelijk", [])) if "06.10" in st[0]), None)
    partner = c.named.get(stapel[0].get("02.40", "")) if stapel else None
    if partner is not None:
        ontbinding = {"07.10": datum, "07.20": "0518", "07.30": "6030", "07.40": "O"}
        for own in partner.get("huwelijk", []):
            if own[0].get("01.20") == bsn(pl):
                own.insert(0, {"01.20": bsn(pl) or "", "02.40": pl["persoon"][0].get("02.40", ""), **ontbinding})


@step(rf"{NAMES} is ((?:op )?\d{{1,2}}-\d{{1,2}}-\d{{4}}) overleden")
def _overleden_op(c: Context, t: Table | None, persons: str, datum: str) -> None:
    # gegeven-stepdefs-overlijden.js passes the whole {aanduidingen} list to getPersoon: one person in practice.
    overleden(c, persona(c, names(persons)[0]), gba_date(datum, c))


@step(rf"{NAME} is overleden met de volgende gegevens")
def _overleden_met(c: Context, t: Table | None, name: str) -> None:
    pl = persona(c, name)
    inschrijving(c, pl, {"67.10": "gisteren - 2 jaar", "67.20": "O"})
    row: dict[str, str] = {}
    merge(row, t, c)
    pl["overlijden"] = [row, *pl.get("overlijden", [])]


@step(rf"de persoonslijst van {NAME} is opgeschort met reden '(.)'")
def _opgeschort(c: Context, t: Table | None, name: str, reden: str) -> None:
    inschrijving(c, persona(c, name), {"67.10": "gisteren - 2 jaar", "67.20": reden})


@step(rf"bijhouding van de persoonsgegevens van {NAME} is opgeschort met de volgende gegevens")
def _opgeschort_met(c: Context, t: Table | None, name: str) -> None:
    row: dict[str, str] = {}
    merge(row, t, c)
    inschrijving(c, persona(c, name), row)


# -- Gegeven: inschrijving (expressief/gegeven-stepdefs-verblijfplaats.js) ---------------------------------------

@step(r"is ingeschreven in (?:de BRP|een Nederlandse gemeente)")
def _in_brp(c: Context, t: Table | None) -> None:
    ingeschreven(c.pl, {"09.10": "0518"})


@step(r"is (?:niet ingeschreven in de BRP|ingeschreven in de RNI)")
def _in_rni(c: Context, t: Table | None) -> None:
    ingeschreven(c.pl, {"09.10": "1999"})


@step(r"is ingeschreven in de BRP/RNI met de volgende gegevens")
def _in_brp_met(c: Context, t: Table | None) -> None:
    row: dict[str, str] = {}
    merge(row, t, c)
    ingeschreven(c.pl, row)


@step(r"is ingeschreven in de RNI met een verblijfplaats in België")
def _rni_belgie(c: Context, t: Table | None) -> None:
    ingeschreven(c.pl, {"09.10": "1999", "13.10": "5010"})


@step(r"is ingeschreven als niet-ingezetene met een verblijfplaats in België")
def _niet_ingezetene_belgie(c: Context, t: Table | None) -> None:
    ingeschreven(c.pl, {"09.10": "1999", "13.10": "5010"})
    inschrijving(c, c.pl, {"67.10": "20230101", "67.20": "R"})


# -- Gegeven: relatives (expressief/gegeven-stepdefs-ouder.js, -partner.js) --------------------------------------

def _relative(pl: PL, category: str) -> dict[str, str]:
    """The person's identifying elements as a relative on another PL (persoonPropertiesToArrayofArrays)."""
    allowed = set(ELEMENTS[category])
    return {k: v for k, v in pl["persoon"][0].items() if k in allowed and k[:2] in ("01", "02", "03", "04")}


def _akte(kind: PL) -> dict[str, str]:
    return {k: v for k, v in kind["persoon"][0].items() if k in ("81.20", "82.30")}


def ouders(c: Context, kind: PL, ouder1: PL | None, ouder2: PL | None) -> None:
    """gegevenDePersoonHeeftAlsOuders: categories 02 and 03 on the child, a category 09 on each parent."""
    geboren = kind["persoon"][0].get("03.10")
    for number, ouder in (("1", ouder1), ("2", ouder2)):
        row = {**(_relative(ouder, "ouder") if ouder else {}), **_akte(kind)}
        if geboren:
            row["62.10" if ouder else "85.10"] = geboren
        kind[f"ouder_{number}"] = [row]
        if ouder:
            ouder.setdefault("kind", []).append([{**_relative(kind, "kind"), **_akte(kind)}])


@step(rf"heeft {NAME} als ouder")
@step(rf"heeft {NAME} als ouder vanaf de geboortedatum")
def _als_ouder(c: Context, t: Table | None, name: str) -> None:
    ouders(c, c.pl, persona(c, name), None)


@step(rf"heeft {NAME} en {NAME} als ouders(?: vanaf de geboortedatum)?")
def _als_ouders(c: Context, t: Table | None, name1: str, name2: str) -> None:
    ouders(c, c.pl, persona(c, name1), persona(c, name2))


def gehuwd(c: Context, name1: str, name2: str, verbintenis: dict[str, str]) -> None:
    """gegevenDePersonenZijnGehuwd: a category 05 on each of the two PLs."""
    p1, p2 = persona(c, name1), persona(c, name2)
    values = {k: relative_date(v, c.today, iso=False) for k, v in verbintenis.items()}
    p1.setdefault("huwelijk", []).append([{**_relative(p2, "huwelijk"), **values}])
    p2.setdefault("huwelijk", []).append([{**_relative(p1, "huwelijk"), **values}])


SOORT = r"(gehuwd|een geregistreerd partnerschap aangegaan)"


@step(rf"{NAME} en {NAME} zijn (?:met elkaar )?(?:({DATE}) )?(?:opnieuw )?{SOORT}(?: ((?:op )?\d{{1,2}}-\d{{1,2}}-\d{{4}}))?")
def _gehuwd(c: Context, t: Table | None, name1: str, name2: str, datum: str | None, soort: str, op: str | None) -> None:
    datum_gba = gba_date(datum or op or "gisteren - 20 jaar", c)
    gehuwd(c, name1, name2, {"06.10": datum_gba, "06.20": "0518", "06.30": "6030", "15.10": "H" if soort == "gehuwd" else "P"})


@step(rf"{NAME} en {NAME} zijn (?:met elkaar )?{SOORT} met de volgende gegevens")
def _gehuwd_met(c: Context, t: Table | None, name1: str, name2: str, soort: str) -> None:
    row: dict[str, str] = {}
    merge(row, t, c)
    gehuwd(c, name1, name2, row)


def gescheiden(c: Context, name1: str, name2: str, values: dict[str, str] | Table) -> None:
    """gegevenDePersonenZijnGescheiden: on each PL a new current row of the marriage, without its sluiting."""
    for own, other in ((name1, name2), (name2, name1)):
        number = bsn(persona(c, other))
        stapel = next((st for st in persona(c, own).get("huwelijk", []) if st[0].get("01.20") == number), None)
        if stapel is None:
            raise Unsupported(f"{own!r} and {other!r} are not married")
        row = {k: v for k, v in stapel[0].items() if k not in ("06.10", "06.20", "06.30") and k[:2] not in ("84", "85", "86")}
        if isinstance(values, dict):
            row.update({k: relative_date(v, c.today, iso=False) for k, v in values.items()})
        else:
            merge(row, values, c)
        stapel.insert(0, row)


@step(rf"{NAME} en {NAME} zijn gescheiden")
def _gescheiden(c: Context, t: Table | None, name1: str, name2: str) -> None:
    _scheiding(c, name1, name2, "gisteren - 1 jaar", "H")


@step(rf"{NAME} en {NAME} zijn ({DATE}) gescheiden")
def _gescheiden_op(c: Context, t: Table | None, name1: str, name2: str, datum: str) -> None:
    _scheiding(c, name1, name2, gba_date(datum, c), "H")


@step(rf"het geregistreerd partnerschap van {NAME} en {NAME} is ({DATE}) ontbonden")
def _ontbonden(c: Context, t: Table | None, name1: str, name2: str, datum: str) -> None:
    _scheiding(c, name1, name2, gba_date(datum, c), "P")


def _scheiding(c: Context, name1: str, name2: str, datum: str, soort: str) -> None:
    values = {"07.10": datum, "07.20": "0518", "07.30": "6030", "15.10": soort}
    if soort == "H":
        values["07.40"] = "S"
    gescheiden(c, name1, name2, values)


@step(rf"{NAME} en {NAME} zijn gescheiden met de volgende gegevens")
def _gescheiden_met(c: Context, t: Table | None, name1: str, name2: str) -> None:
    gescheiden(c, name1, name2, t or [])


@step(r"beide ouders zijn nooit met elkaar getrouwd geweest en hebben nooit een geregistreerd partnerschap gehad"
      r"|is niet geëmigreerd geweest|is ingeschreven met een tijdelijke verblijfplaats in Nederland")
def _nooit(c: Context, t: Table | None) -> None:
    """As the official steps: nothing to set up."""


@step(rf"heeft {NAME} als ouder ([12])(?: met de volgende gegevens)?")
def _als_ouder_n(c: Context, t: Table | None, name: str, number: str) -> None:
    """The deprecated gegevenHeeftPersoonAlsOuder: the parent's bsn and name on the child, the child on the parent."""
    kind, ouder = c.pl, persona(c, name)
    row = {k: v for k, v in ouder["persoon"][0].items() if k in ("01.20", "02.40")}
    if t:
        merge(row, t, c)
    else:
        row["62.10"] = gba_date("gisteren - 17 jaar", c)
    kind[f"ouder_{number}"] = [row]
    child = {k: v for k, v in kind["persoon"][0].items() if k in ("01.20", "02.40", "03.10")}
    ouder.setdefault("kind", []).append([{**child, "81.20": AKTENUMMER}])


@step(r"heeft de volgende persoon zonder burgerservicenummer als ouder ([12])")
def _ouder_zonder_bsn(c: Context, t: Table | None, number: str) -> None:
    row: dict[str, str] = {}
    merge(row, t, c)
    c.pl[f"ouder_{number}"] = [row]


@step(r"heeft een ouder ([12]) met de volgende gegevens")
def _een_ouder(c: Context, t: Table | None, number: str) -> None:
    _ouder_zonder_bsn(c, t, number)


# -- Gegeven: geboorte (gegeven-stepdefs-geboorte.js, expressief/gegeven-stepdefs-geboorteland.js) --------------

def _aanvullen(c: Context, name: str | None, values: dict[str, str]) -> None:
    persona(c, name)["persoon"][0].update(values)


@step(r"is in (Nederland|België|het buitenland) geboren")
def _geboorteland(c: Context, t: Table | None, land: str) -> None:
    _aanvullen(c, None, {"03.30": {"Nederland": "6030", "België": "5010", "het buitenland": "9999"}[land], "81.20": AKTENUMMER})


@step(r"is geboren in (?!het buitenland)(.+)")
def _geboren_in_land(c: Context, t: Table | None, land: str) -> None:
    _aanvullen(c, None, {"03.30": land_code(land)})


@step(rf"(?:{NAME} )?is ({DATE}) geboren")
def _is_geboren(c: Context, t: Table | None, name: str | None, datum: str) -> None:
    _aanvullen(c, name, {"03.10": gba_date(datum, c)})


@step(rf"is ({DATE}) als vondeling geboren")
def _vondeling(c: Context, t: Table | None, datum: str) -> None:
    """createVondelingOuders: an unknown mother and an empty second parent."""
    geboren = gba_date(datum, c)
    _aanvullen(c, None, {"03.10": geboren})
    c.pl["ouder_1"] = [{"04.10": "V", "02.40": ".", "62.10": geboren, "81.20": AKTENUMMER}]
    c.pl["ouder_2"] = [{"81.20": AKTENUMMER}]


# -- Gegeven: the family personas (persona/gegeven-stepdefs-persona.js) ------------------------------------------

OUDER_1, OUDER_2, KIND, PARTNER = "000000101", "000000102", "000000103", "000000106"
MEERDERJARIG = "morgen - 37 jaar"
MINDERJARIG = "gisteren - 16 jaar"
UIT_HET_BUITENLAND = {"09.10": "0518", "14.10": "6029", "14.20": "gisteren - 5 jaar"}
JARIGE = rf"(?:(minderjarige|meerderjarige)|(?:op )?({DATE}) geboren)"


def _persona_datum(c: Context, jarige: str | None, datum: str | None) -> str:
    return gba_date(jarige or datum or "", c)


def _in_nederland_gehuwd(c: Context, name1: str, name2: str) -> None:
    gehuwd(c, name1, name2, {"06.10": "gisteren - 20 jaar", "06.20": "0518", "06.30": "6030", "15.10": "H", "81.20": "3XA1224"})


def _ouder_persona(c: Context, name: str, number: str | None, geslacht: str, land: str = "6030", extra: dict[str, str] | None = None) -> PL:
    pl = new_person(c, name, number, gba_date(MEERDERJARIG, c), land, geslacht)
    pl["persoon"][0].update(extra or {})
    return pl


def _kind_persona(c: Context, name: str, geboren: str, ouder1: str, ouder2: str | None, land: str = "6030",
                  verblijf: dict[str, str] | None = None) -> None:
    """The child of a persona: born, ingeschreven, with its parents, and the person the next steps are about."""
    kind = new_person(c, name, KIND, geboren, land, "M")
    ingeschreven(kind, {k: relative_date(v, c.today, iso=False) for k, v in (verblijf or {"09.10": "0518"}).items()})
    ouders(c, kind, persona(c, ouder1), persona(c, ouder2) if ouder2 else None)
    bring_forward(c, name)


@step(rf"de {JARIGE} persoon {NAME} met twee (?:ongehuwde ouders {NAME} en {NAME}|ouders {NAME} en {NAME} die ten tijde van de geboorte van de minderjarige niet met elkaar gehuwd waren)")
def _ongehuwde_ouders(c: Context, t: Table | None, jarige: str | None, datum: str | None, name: str, o1: str | None, o2: str | None, p1: str | None, p2: str | None) -> None:
    ouder1, ouder2 = o1 or p1 or "", o2 or p2 or ""
    _ouder_persona(c, ouder1, OUDER_1, "V")
    _ouder_persona(c, ouder2, OUDER_2, "M")
    _kind_persona(c, name, _persona_datum(c, jarige, datum), ouder1, ouder2)


@step(rf"de {JARIGE} persoon {NAME} met twee gehuwde ouders {NAME} en {NAME}")
def _gehuwde_ouders(c: Context, t: Table | None, jarige: str | None, datum: str | None, name: str, ouder1: str, ouder2: str) -> None:
    _ouder_persona(c, ouder1, OUDER_1, "V")
    _ouder_persona(c, ouder2, OUDER_2, "M")
    _in_nederland_gehuwd(c, ouder1, ouder2)
    _kind_persona(c, name, _persona_datum(c, jarige, datum), ouder1, ouder2)


@step(rf"de {JARIGE} persoon {NAME} met één ouder {NAME}")
def _een_ouder_persona(c: Context, t: Table | None, jarige: str | None, datum: str | None, name: str, ouder: str) -> None:
    _ouder_persona(c, ouder, OUDER_1, "V")
    _kind_persona(c, name, _persona_datum(c, jarige, datum), ouder, None)


@step(rf"de minderjarige persoon {NAME} met één ouder {NAME} die gehuwd is met {NAME}")
def _een_gehuwde_ouder(c: Context, t: Table | None, name: str, ouder: str, partner: str) -> None:
    _ouder_persona(c, ouder, OUDER_1, "V")
    _ouder_persona(c, partner, OUDER_2, "V")
    _in_nederland_gehuwd(c, ouder, partner)
    _kind_persona(c, name, gba_date(MINDERJARIG, c), ouder, None)


@step(rf"de minderjarige persoon {NAME} geboren in het buitenland met twee gehuwde ouders {NAME} en {NAME}")
def _buitenland_gehuwde_ouders(c: Context, t: Table | None, name: str, ouder1: str, ouder2: str) -> None:
    _ouder_persona(c, ouder1, OUDER_1, "V", "6029", {"82.30": "paspoort"})
    _ouder_persona(c, ouder2, OUDER_2, "M", "6029", {"82.30": "beëdigde verklaring"})
    gehuwd(c, ouder1, ouder2, {"06.10": "gisteren - 20 jaar", "06.20": "Teststadt", "06.30": "6029", "15.10": "H", "82.30": "buitenlandse huwelijkseakte"})
    _kind_persona(c, name, gba_date(MINDERJARIG, c), ouder1, ouder2, "6029", UIT_HET_BUITENLAND)


@step(rf"de minderjarige persoon {NAME} geboren in het buitenland met één ouder {NAME}")
def _buitenland_een_ouder(c: Context, t: Table | None, name: str, ouder: str) -> None:
    _ouder_persona(c, ouder, OUDER_1, "V", "6029", {"82.30": "paspoort"})
    _kind_persona(c, name, gba_date(MINDERJARIG, c), ouder, None, "6029", UIT_HET_BUITENLAND)


@step(rf"de minderjarige persoon {NAME} geboren in het buitenland met niet-ingezeten ouders {NAME} en {NAME}")
def _niet_ingezeten_ouders(c: Context, t: Table | None, name: str, ouder1: str, ouder2: str) -> None:
    _ouder_persona(c, ouder1, None, "V", "6029", {"02.10": "Jane"})
    _ouder_persona(c, ouder2, None, "M", "6029", {"02.10": "John"})
    _kind_persona(c, name, gba_date(MINDERJARIG, c), ouder1, ouder2, "6029", UIT_HET_BUITENLAND)


@step(rf"de minderjarige persoon {NAME} die nooit ingezetene is geweest")
def _nooit_ingezetene(c: Context, t: Table | None, name: str) -> None:
    kind = new_person(c, name, KIND, gba_date(MINDERJARIG, c), "6029", "M")
    kind["persoon"][0]["88.10"] = "201"
    ingeschreven(kind, {"09.10": "1999", "88.10": "201"})
    inschrijving(c, kind, {"67.10": "gisteren - 1 jaar", "67.20": "R"})


@step(rf"de {JARIGE} persoon {NAME} die als vondeling geboren is")
def _vondeling_persona(c: Context, t: Table | None, jarige: str | None, datum: str | None, name: str) -> None:
    create(c, ".", {"02.40": "."})
    _kind_persona(c, name, _persona_datum(c, jarige, datum), ".", None)


@step(rf"de meerderjarige persoon {NAME}")
def _meerderjarige_persona(c: Context, t: Table | None, name: str) -> None:
    ingeschreven(new_person(c, name, PARTNER, gba_date(MEERDERJARIG, c), "6030", "M"), {"09.10": "0518"})


# -- Gegeven: verblijfplaats (expressief/gegeven-stepdefs-verblijfplaats.js) -------------------------------------

def verhuisd(c: Context, pl: PL, values: dict[str, str]) -> None:
    """persoon-2.wijzigVerblijfplaats: a new current verblijfplaats of these elements only."""
    ingeschreven(pl, {k: relative_date(v, c.today, iso=False) for k, v in values.items() if v})


@step(rf"(?:(?:de persoon )?{NAME} )?is (.*) geïmmigreerd naar Nederland")
def _geimmigreerd(c: Context, t: Table | None, name: str | None, datum: str) -> None:
    pl = persona(c, name)
    values = {"14.20": gba_date(datum, c), "09.10": "0518"}
    vertrokken = (pl.get("verblijfplaats") or [{}])[0].get("13.10")
    if vertrokken:
        values["14.10"] = vertrokken
    verhuisd(c, pl, values)


@step(rf"(?:de persoon(?: {NAME})? )?is op (\d*)-(\d*)-(\d*) geïmmigreerd")
def _geimmigreerd_op(c: Context, t: Table | None, name: str | None, dag: str, maand: str, jaar: str) -> None:
    verhuisd(c, persona(c, name), {"14.20": f"{jaar:0>4}{maand:0>2}{dag:0>2}", "09.10": "0518"})


@step(rf"(?:(?:de persoon )?{NAME} )?is ({DATE}) geëmigreerd naar (.*)")
def _geemigreerd(c: Context, t: Table | None, name: str | None, datum: str, land: str) -> None:
    pl, datum_gba = persona(c, name), gba_date(datum, c)
    verhuisd(c, pl, {"13.10": land_code(land), "13.20": datum_gba, "09.10": "1999"})
    inschrijving(c, pl, {"67.10": datum_gba, "67.20": "E"})


@step(r"(?:de persoon(?: '[^']*')? )?is geëmigreerd geweest")
def _geemigreerd_geweest(c: Context, t: Table | None) -> None:
    verhuisd(c, c.pl, {"14.20": "vandaag - 1 jaar", "09.10": "0518"})


@step(r"is geëmigreerd naar het buitenland")
def _naar_buitenland(c: Context, t: Table | None) -> None:
    verhuisd(c, c.pl, {"14.10": "6014", "13.20": "01012023", "09.10": "0518"})


@step(r"verblijft in Nederland")
def _verblijft(c: Context, t: Table | None) -> None:
    verhuisd(c, c.pl, {"14.20": "vandaag - 1 jaar", "09.10": "0518"})


@step(r"heeft een onbekende verblijfplaats")
def _onbekende_verblijfplaats(c: Context, t: Table | None) -> None:
    if c.pl.get("verblijfplaats"):
        verhuisd(c, c.pl, {})
    inschrijving(c, c.pl, {"67.10": "20250526", "67.20": "E"})


@step(r"heeft een onbekende gemeente van inschrijving")
def _onbekende_gemeente(c: Context, t: Table | None) -> None:
    verhuisd(c, c.pl, {})


@step(r"is ingeschreven als niet-ingezetene met een volledig onbekende verblijfplaats")
def _onbekend_buitenland(c: Context, t: Table | None) -> None:
    ingeschreven(c.pl, {"09.10": "1999", "13.10": "0000"})


@step(r"de gemeente heeft vastgesteld dat de minderjarige niet op het adres verblijft")
def _niet_op_adres(c: Context, t: Table | None) -> None:
    verhuisd(c, c.pl, {"09.10": "0518", "83.10": "089999"})


@step(rf"({DATE}) is geconstateerd dat {NAME} behoort tot de categorie NAVO-militair")
def _navo(c: Context, t: Table | None, datum: str, name: str) -> None:
    pl, datum_gba = persona(c, name), gba_date(datum, c)
    verhuisd(c, pl, {"09.10": "0518", "13.10": "0000", "13.20": datum_gba, "72.10": "B"})
    inschrijving(c, pl, {"67.10": datum_gba, "67.20": "M"})


# -- Als (als-stepdefs.js) ---------------------------------------------------------------------------------------

def request(c: Context, body: dict[str, Any], fields: str, t: Table | None) -> None:
    """createDataTableFor…: the body of the search, the table's parameters added, as the official request."""
    body = {**body, "fields": fields.split(",")}
    for name, value in _pairs(t):
        if name.startswith("header: "):
            c.headers[name[len("header: "):]] = value
        elif value == "":
            body.pop(name, None)
        elif name in ("burgerservicenummer", "fields"):
            body[name] = value.split(",")
        else:
            body[name] = relative_date(value, c.today, iso=True)
    c.request = body


def _bsns(c: Context, persons: str) -> list[str]:
    numbers = []
    for name in names(persons):
        number = name if re.fullmatch(r"\d{9}", name) else bsn(persona(c, name))
        if number is None:
            raise Unsupported(f"person {name!r} has no burgerservicenummer")
        numbers.append(number)
    return numbers


def _adres_value(c: Context, name: str, element: str) -> str:
    if name not in c.adressen:
        raise Unsupported(f"adres {name!r} is not given")
    return c.adressen[name].get(element, "")


def _raadpleeg(numbers: list[str]) -> dict[str, Any]:
    return {"type": "RaadpleegMetBurgerservicenummer", **({"burgerservicenummer": numbers} if numbers else {})}


FIELDS = r"'([\w.,]*)'"
PARAMETERS = r"( en parameters)?"


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met burgerservicenummers? '([0-9, ]*)'{PARAMETERS}")
def _zoek_bsn(c: Context, t: Table | None, fields: str, numbers: str, _: str | None) -> None:
    request(c, _raadpleeg(numbers.split(",") if numbers else []), fields, t)


@step(rf"{FIELDS} wordt gevraagd (?:van personen gezocht met burgerservicenummer )?van {NAMES}{PARAMETERS}")
def _zoek_bsn_van(c: Context, t: Table | None, fields: str, persons: str, _: str | None) -> None:
    request(c, _raadpleeg(_bsns(c, persons)), fields, t)


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met adresseerbaar object identificatie van {NAME}{PARAMETERS}")
def _zoek_object(c: Context, t: Table | None, fields: str, name: str, _: str | None) -> None:
    body = {"type": "ZoekMetAdresseerbaarObjectIdentificatie", "adresseerbaarObjectIdentificatie": _adres_value(c, name, "11.80")}
    request(c, body, fields, t)


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met nummeraanduiding identificatie van {NAME}{PARAMETERS}")
def _zoek_nummeraanduiding(c: Context, t: Table | None, fields: str, name: str, _: str | None) -> None:
    body = {"type": "ZoekMetNummeraanduidingIdentificatie", "nummeraanduidingIdentificatie": _adres_value(c, name, "11.90")}
    request(c, body, fields, t)


def _geslachtsnaam_geboortedatum(geslachtsnaam: str, geboortedatum: str) -> dict[str, Any]:
    return {"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": geslachtsnaam, "geboortedatum": geboortedatum}


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met geslachtsnaam '([^']*)' en geboortedatum '([^']*)'{PARAMETERS}")
def _zoek_naam_geboorte(c: Context, t: Table | None, fields: str, naam: str, datum: str, _: str | None) -> None:
    request(c, _geslachtsnaam_geboortedatum(naam, datum), fields, t)


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met geslachtsnaam en geboortedatum van {NAME}{PARAMETERS}")
def _zoek_naam_geboorte_van(c: Context, t: Table | None, fields: str, name: str, _: str | None) -> None:
    row = persona(c, name)["persoon"][0]
    geboren = row.get("03.10", "")
    request(c, _geslachtsnaam_geboortedatum(row.get("02.40", ""), f"{geboren[:4]}-{geboren[4:6]}-{geboren[6:]}"), fields, t)


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met geslachtsnaam '([^']*)', voornamen '([^']*)' en gemeente van inschrijving '([^']*)'{PARAMETERS}")
def _zoek_naam_gemeente(c: Context, t: Table | None, fields: str, naam: str, voornamen: str, gemeente: str, _: str | None) -> None:
    body = {"type": "ZoekMetNaamEnGemeenteVanInschrijving", "geslachtsnaam": naam, "voornamen": voornamen, "gemeenteVanInschrijving": gemeente}
    request(c, body, fields, t)


def _postcode(postcode: str, huisnummer: str) -> dict[str, Any]:
    return {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": postcode, "huisnummer": huisnummer}


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met postcode en huisnummer van {NAME}{PARAMETERS}")
def _zoek_postcode_van(c: Context, t: Table | None, fields: str, name: str, _: str | None) -> None:
    request(c, _postcode(_adres_value(c, name, "11.60"), _adres_value(c, name, "11.20")), fields, t)


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met postcode '([^']*)' en huisnummer '([^']*)'{PARAMETERS}")
def _zoek_postcode(c: Context, t: Table | None, fields: str, postcode: str, huisnummer: str, _: str | None) -> None:
    request(c, _postcode(postcode, huisnummer), fields, t)


def _straat(straat: str, huisnummer: str, gemeente: str) -> dict[str, Any]:
    return {"type": "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving", "straat": straat, "huisnummer": huisnummer, "gemeenteVanInschrijving": gemeente}


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met straatnaam, huisnummer en gemeentecode van {NAME}{PARAMETERS}")
def _zoek_straat_van(c: Context, t: Table | None, fields: str, name: str, _: str | None) -> None:
    body = _straat(_adres_value(c, name, "11.10"), _adres_value(c, name, "11.20"), f"{_adres_value(c, name, '92.10'):0>4}")
    request(c, body, fields, t)


@step(rf"{FIELDS} wordt gevraagd van personen gezocht met straatnaam '([^']*)', huisnummer '([^']*)' en gemeentecode '([^']*)'{PARAMETERS}")
def _zoek_straat(c: Context, t: Table | None, fields: str, straat: str, huisnummer: str, gemeente: str, _: str | None) -> None:
    request(c, _straat(straat, huisnummer, gemeente), fields, t)


# -- Dan (dan-stepdefs-persoon.js) -------------------------------------------------------------------------------

def expected_person(c: Context, name: str) -> dict[str, Any]:
    """createExpectedPersoon: the person's burgerservicenummer when the request asks for it."""
    if name in c.named_expected:
        return c.named_expected[name]
    expected: dict[str, Any] = {}
    asked = "burgerservicenummer" in (c.request or {}).get("fields", [])
    pl = c.named.get(name)
    if pl is not None and (asked or "@stap-documentatie" in c.tags) and bsn(pl):
        expected["burgerservicenummer"] = bsn(pl)
    c.persons().append(expected)
    c.named_expected[name] = expected
    return expected


@step(rf"(?:wordt|worden) (?:alleen )?{NAMES} gevonden")
def _gevonden(c: Context, t: Table | None, persons: str) -> None:
    for name in names(persons):
        expected_person(c, name)


@step(rf"heeft {NAME} de volgende '(\w+)' gegevens")
def _persoon_heeft(c: Context, t: Table | None, name: str, group: str) -> None:
    expected_person(c, name)[group] = expected_object(t, c.today)


@step(rf"heeft {NAME} '(\w+)' met de volgende gegevens")
def _persoon_heeft_lijst(c: Context, t: Table | None, name: str, collection: str) -> None:
    person = expected_person(c, name)
    if collection in ("kinderen", "ouders", "partners"):
        person[collection] = expected_objects(t, c.today)
