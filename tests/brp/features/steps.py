"""Step definitions for Haal Centraal BRP feature files, in the phrases of the official acceptance features.

Each scenario's data setup ("Gegeven de persoon met burgerservicenummer '…' heeft de volgende gegevens" with
`geslachtsnaam (02.40)` columns) becomes GBA persoonslijsten in the simulator's own scenario format
(`persoonslijsten`, see scenarios/README.md); the request is sent as the official step definitions send it
(default `Accept`/`Content-Type` application/json, `header:` rows as headers, list parameters split on commas);
the answer is compared as they compare it: every value as a string, the whole response deep-equal to the
expected object, lists in any order (unless the scenario is tagged `@valideer-volgorde`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

Table = list[list[str]]


class NotApplicable(Exception):
    """The scenario tests something the simulator does not offer (its reason says what and why)."""


class Unsupported(Exception):
    """A step phrase this runner does not know: the scenario fails, and the report names the phrase."""


# Relative dates of the official step definitions (brpDatum.js): "vandaag", "gisteren - 17 jaar", "vorige maand",
# "dit jaar - 3 jaar", "45 jaar geleden".
_DAY = re.compile(r"^(?P<dag>gisteren|vandaag|morgen)( - (?P<jaren>\d+) jaar)?$")
_MONTH = re.compile(r"^(?P<maand>vorige maand|deze maand|volgende maand)( - (?P<jaren>\d+) jaar)?$")
_YEAR = re.compile(r"^(?P<jaar>vorig jaar|dit jaar|volgend jaar)( - (?P<jaren>\d+) jaar)?$")


def _shift_years(day: dt.date, years: int) -> dt.date:
    # JavaScript's setFullYear on 29 February of a non-leap year gives 1 March.
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def relative_date(value: str, today: dt.date, iso: bool) -> str:
    """A relative date phrase as an ISO date (`iso`) or a GBA date; any other text unchanged."""
    geleden = re.match(r"^(\d+) jaar geleden$", value)
    if geleden:
        value = f"vandaag - {geleden.group(1)} jaar"
    if m := _DAY.match(value):
        day = _shift_years(today, -int(m["jaren"] or 0)) + dt.timedelta(days={"gisteren": -1, "vandaag": 0, "morgen": 1}[m["dag"]])
        return day.isoformat() if iso else day.strftime("%Y%m%d")
    if m := _MONTH.match(value):
        year, month = today.year - int(m["jaren"] or 0), today.month + {"vorige maand": -1, "deze maand": 0, "volgende maand": 1}[m["maand"]]
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return str(month) if iso else f"{year:04d}{month:02d}00"
    if m := _YEAR.match(value):
        year = today.year + {"vorig jaar": -1, "dit jaar": 0, "volgend jaar": 1}[m["jaar"]] - int(m["jaren"] or 0)
        return str(year) if iso else f"{year:04d}0000"
    return value


def rows(table: Table) -> list[dict[str, str]]:
    head, *body = table
    return [dict(zip(head, r)) for r in body]


def pairs(table: Table) -> list[tuple[str, str]]:
    """A `naam | waarde` table as its pairs, or a one-row table with names as columns."""
    if table and table[0][:2] == ["naam", "waarde"]:
        return [(r[0], r[1]) for r in table[1:]]
    return [(k, v) for r in rows(table) for k, v in r.items()]


def _set_path(obj: dict[str, Any], name: str, value: Any) -> None:
    *parents, last = name.split(".")
    for part in parents:
        obj = obj.setdefault(part, {})
    obj[last] = value


def expected_object(table: Table | None, today: dt.date) -> dict[str, Any]:
    """The official `createObjectFrom`: empty values left out, dotted names nested, relative dates as ISO."""
    result: dict[str, Any] = {}
    for name, value in pairs(table or []):
        if value != "":
            _set_path(result, name, relative_date(value, today, iso=True))
    return result


def expected_objects(table: Table | None, today: dt.date) -> list[dict[str, Any]]:
    result = []
    for row in rows(table or [["x"]]):
        obj: dict[str, Any] = {}
        for name, value in row.items():
            if value != "":
                _set_path(obj, name, relative_date(value, today, iso=True))
        result.append(obj)
    return result


COLLECTIONS = {
    "bewoner": "bewoners", "derde": "derden", "gezagsrelatie": "gezagsrelaties", "kind": "kinderen",
    "nationaliteit": "nationaliteiten", "ouder": "ouders", "partner": "partners", "persoon": "personen",
    "reisdocument": "reisdocumenten", "verblijfplaats": "verblijfplaatsen",
}


def plural(name: str) -> str:
    return COLLECTIONS.get(name, name)


# The column of a data-setup table names its GBA element: "geslachtsnaam (02.40)". Columns without one are the
# test database's own (pl_id) or the diacritics variants of the test set, which GBA-V does not deliver.
_ELEMENT = re.compile(r"\((\d{2}\.\d{2})\)\s*$")
# Data-setup group names of the official steps, as GBA categories.
CATEGORY = {
    "persoon": "persoon", "geboorte": "persoon", "inschrijving": "inschrijving", "kiesrecht": "kiesrecht",
    "verblijfplaats": "verblijfplaats", "immigratie": "verblijfplaats", "overlijden": "overlijden",
    "gezagsverhouding": "gezagsverhouding", "verblijfstitel": "verblijfstitel", "nationaliteit": "nationaliteit",
    "partner": "huwelijk", "ex-partner": "huwelijk", "kind": "kind", "reisdocument": "reisdocument",
    "ouder-1": "ouder_1", "ouder-2": "ouder_2",
}
REPEATING = frozenset({"nationaliteit", "huwelijk", "kind", "reisdocument"})


# The test database keeps a name's diacritics in a column of its own ("geslachtsnaam (diakrieten)"); the API
# delivers that spelling (bevragen/gezag/volledige-naam.feature), so it is the element's value.
DIAKRIETEN = {
    "voornamen (diakrieten)": "02.10", "geslachtsnaam (diakrieten)": "02.40", "straatnaam (diakrieten)": "11.10",
    "naam openbare ruimte (diakrieten)": "11.15", "woonplaats (diakrieten)": "11.70", "locatiebeschrijving (diakrieten)": "12.10",
}


# Columns named as the test database names them, for the element they hold.
DATABASE_COLUMNS = {"gemeente_code": "92.10"}


def element(name: str) -> str:
    """The GBA element a data-setup column names: "geslachtsnaam (02.40)" -> "02.40"."""
    if name in DIAKRIETEN:
        return DIAKRIETEN[name]
    if name in DATABASE_COLUMNS:
        return DATABASE_COLUMNS[name]
    m = _ELEMENT.search(name)
    if m is None:
        raise Unsupported(f"data-setup column without a GBA element number: {name!r}")
    return m.group(1)


def gba_row(table: Table, today: dt.date) -> dict[str, str]:
    row: dict[str, str] = {}
    for name, value in sorted(pairs(table), key=lambda p: p[0] in DIAKRIETEN):  # the diacritics spelling wins
        if name == "pl_id" or value == "":
            continue
        row[element(name)] = relative_date(value, today, iso=False)
    return row


@dataclass
class Context:
    today: dt.date
    tags: frozenset[str]
    persoonslijsten: list[dict[str, Any]] = field(default_factory=list)
    adressen: dict[str, dict[str, str]] = field(default_factory=dict)
    request: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expected: dict[str, Any] | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)
    clock: dt.date | None = None  # the day the request is made on, when the scenario names one
    named: dict[str, dict[str, Any]] = field(default_factory=dict)  # persons by aanduiding (steps_persona.py)
    named_expected: dict[str, dict[str, Any]] = field(default_factory=dict)  # expected persons by aanduiding

    # -- data setup -------------------------------------------------------------------------------------------

    def new_pl(self, bsn: str) -> dict[str, Any]:
        pl: dict[str, Any] = {"persoon": [{"01.20": bsn}]}
        self.persoonslijsten.append(pl)
        return pl

    @property
    def pl(self) -> dict[str, Any]:
        if not self.persoonslijsten:
            raise Unsupported("a 'de persoon heeft' step before any person")
        return self.persoonslijsten[-1]

    def add(self, group: str, table: Table, pl: dict[str, Any] | None = None) -> None:
        """A row of a group: a new stapel for a repeating category, else the category's (merged) current row."""
        category = CATEGORY.get(group)
        if category is None:
            raise Unsupported(f"data-setup group {group!r}")
        pl = pl if pl is not None else self.pl
        row = gba_row(table, self.today)
        if category in ("inschrijving", "kiesrecht"):
            # The test database keeps both in one table, so the features mix their elements: GBA category 13
            # (kiesrecht) has groups 31 and 38.
            kiesrecht = {k: v for k, v in row.items() if k[:2] in ("31", "38")}
            row = {k: v for k, v in row.items() if k not in kiesrecht}
            if kiesrecht:
                pl.setdefault("kiesrecht", [{}])[0].update(kiesrecht)
            category = "inschrijving"
            if not row:
                return
        if category in REPEATING:
            pl.setdefault(category, []).append([row])
        elif category in pl:
            pl[category][0].update(row)
        else:
            pl[category] = [row]

    def change(self, group: str, table: Table, correction: bool) -> None:
        """A new current row ("is gewijzigd naar"); a correction marks the old row onjuist (84.10 O)."""
        category = CATEGORY.get(group)
        if category is None or category not in self.pl:
            raise Unsupported(f"a change of {group!r} before it was given")
        stapel = self.pl[category][-1] if category in REPEATING else self.pl[category]
        old = dict(stapel[0])
        if correction:
            stapel[0] = {**old, "84.10": "O"}
        stapel.insert(0, gba_row(table, self.today) if not (category == "persoon") else {"01.20": old.get("01.20", ""), **gba_row(table, self.today)})

    def scenario_document(self) -> dict[str, Any]:
        # A person without a burgerservicenummer exists only as a relative on other PLs (the API cannot find it).
        pls = [pl for pl in self.persoonslijsten if "01.20" in pl["persoon"][0]]
        return {"scenario": {"naam": "feature", "allow_invalid_bsn": True}, "persoonslijsten": pls}

    # -- expectations -----------------------------------------------------------------------------------------

    def exp(self) -> dict[str, Any]:
        if self.expected is None:
            self.expected = {}
        return self.expected

    def persons(self) -> list[dict[str, Any]]:
        return self.exp().setdefault("personen", [])

    def last_person(self) -> dict[str, Any]:
        if not self.persons():
            raise Unsupported("an expectation about 'de persoon' before any expected person")
        return self.persons()[-1]


Step = Callable[..., None]
STEPS: list[tuple[re.Pattern[str], Step]] = []


def step(pattern: str) -> Callable[[Step], Step]:
    def register(fn: Step) -> Step:
        STEPS.append((re.compile(f"^{pattern}$"), fn))
        return fn

    return register


# -- Gegeven ----------------------------------------------------------------------------------------------------

@step(r"de persoon met burgerservicenummer '(\d*)' heeft de volgende gegevens")
def _persoon(c: Context, t: Table | None, bsn: str) -> None:
    pl = c.new_pl(bsn)
    pl["persoon"][0].update(gba_row(t or [], c.today))


@step(r"de persoon met burgerservicenummer '(\d*)' heeft de volgende '([\w-]+)' gegevens")
def _persoon_groep(c: Context, t: Table | None, bsn: str, group: str) -> None:
    c.add(group, t or [], c.new_pl(bsn))


@step(r"de persoon met burgerservicenummer '(\d*)' heeft een '([\w-]+)' (?:verkregen )?met de volgende gegevens")
def _persoon_stapel(c: Context, t: Table | None, bsn: str, group: str) -> None:
    c.add(group, t or [], c.new_pl(bsn))


@step(r"de persoon met burgerservicenummer '(\d*)' heeft een ouder '([12])' met de volgende gegevens")
def _persoon_ouder(c: Context, t: Table | None, bsn: str, ouder: str) -> None:
    c.add(f"ouder-{ouder}", t or [], c.new_pl(bsn))


@step(r"de persoon heeft de volgende gegevens")
def _meer(c: Context, t: Table | None) -> None:
    c.pl["persoon"][0].update(gba_row(t or [], c.today))


@step(r"de persoon heeft de volgende '([\w-]+)' gegevens")
def _groep(c: Context, t: Table | None, group: str) -> None:
    c.add(group, t or [])


@step(r"de persoon heeft (?:nog )?een '((?:ex-)?[\w]+)' (?:verkregen )?met (?:alleen )?de volgende gegevens")
def _stapel(c: Context, t: Table | None, group: str) -> None:
    c.add(group, t or [])


@step(r"de persoon heeft een ouder '([12])' met de volgende gegevens")
def _ouder(c: Context, t: Table | None, ouder: str) -> None:
    c.add(f"ouder-{ouder}", t or [])


@step(r"(?:de|het) '([\w-]+)' is (gewijzigd|gecorrigeerd) naar de volgende gegevens")
def _gewijzigd(c: Context, t: Table | None, group: str, how: str) -> None:
    c.change(group, t or [], how == "gecorrigeerd")


@step(r"de ouder '([12])' is (gewijzigd|gecorrigeerd) naar de volgende gegevens")
def _ouder_gewijzigd(c: Context, t: Table | None, ouder: str, how: str) -> None:
    c.change(f"ouder-{ouder}", t or [], how == "gecorrigeerd")


@step(r"de persoon is (gewijzigd|gecorrigeerd) naar de volgende gegevens")
def _persoon_gewijzigd(c: Context, t: Table | None, how: str) -> None:
    c.change("persoon", t or [], how == "gecorrigeerd")


@step(r"de persoon heeft (?:GEEN|geen) '.*' gegevens|de persoon heeft geen (?:actuele partner|\(ex\)partner)|de persoon heeft nooit een actueel of ontbonden huwelijk of partnerschap gehad")
def _niets(c: Context, t: Table | None) -> None:
    """As the official steps: nothing to set up."""


@step(r"adres '([\w-]*)' heeft de volgende gegevens")
def _adres(c: Context, t: Table | None, name: str) -> None:
    c.adressen[name] = gba_row(t or [], c.today)


@step(r"de 'verblijfplaats' heeft de volgende 'adres' gegevens")
def _verblijf_adres(c: Context, t: Table | None) -> None:
    if "verblijfplaats" not in c.pl:
        raise Unsupported("an address before the verblijfplaats")
    c.pl["verblijfplaats"][0].update(_as_verblijfplaats(gba_row(t or [], c.today)))


def _as_verblijfplaats(adres: dict[str, str]) -> dict[str, str]:
    """An address row (table 'adres') as elements of the verblijfplaats. The address's gemeentecode (92.10) is
    not the gemeente van inschrijving (09.10), which the official steps set on their own (gba.js:
    `inschrijving_gemeente_code` beside the address's `gemeente_code`): with only 92.10 a person has none
    (rni/overzicht.feature, gemeenteVanInschrijving)."""
    return {k: v for k, v in adres.items() if k not in ("92.10", "92.11")}


@step(r"een adres heeft de volgende gegevens")
def _een_adres(c: Context, t: Table | None) -> None:
    c.adressen[""] = gba_row(t or [], c.today)


@step(r"de persoon met burgerservicenummer '(\d*)' is ingeschreven op het adres met de volgende gegevens")
def _op_het_adres(c: Context, t: Table | None, bsn: str) -> None:
    _inschrijven(c, c.new_pl(bsn), "", t)


@step(r"de persoon met burgerservicenummer '(\d*)' is ingeschreven op adres '([\w-]*)' met de volgende gegevens")
def _ingeschreven(c: Context, t: Table | None, bsn: str, name: str) -> None:
    pl = c.new_pl(bsn)
    _inschrijven(c, pl, name, t)


@step(r"de persoon is (?:vervolgens )?ingeschreven op adres '([\w-]*)' met de volgende gegevens")
def _ook_ingeschreven(c: Context, t: Table | None, name: str) -> None:
    _inschrijven(c, c.pl, name, t)


@step(r"de persoon is (?:vervolgens )?ingeschreven op het adres met de volgende gegevens")
def _ook_op_het_adres(c: Context, t: Table | None) -> None:
    _inschrijven(c, c.pl, "", t)


def _inschrijven(c: Context, pl: dict[str, Any], name: str, t: Table | None) -> None:
    if name not in c.adressen:
        raise Unsupported(f"adres {name!r} is not given")
    own = gba_row(t or [], c.today)
    row = {**_as_verblijfplaats(c.adressen[name]), **own}
    old = pl.get("verblijfplaats")
    pl["verblijfplaats"] = [row, *(old or [])]


# -- Als --------------------------------------------------------------------------------------------------------

ARRAY_PARAMETERS = {"fields"}


@step(r"personen wordt gezocht met de volgende parameters")
def _zoek(c: Context, t: Table | None) -> None:
    body: dict[str, Any] = {}
    query_type = next((v for k, v in pairs(t or []) if k == "type"), None)
    for name, value in pairs(t or []):
        if name.startswith("header: "):
            c.headers[name[len("header: "):]] = value
        elif name == "" and value == "":
            continue
        elif name == "fields" or (query_type == "RaadpleegMetBurgerservicenummer" and name == "burgerservicenummer"):
            body[name] = [] if value == "" else value.split(",")
        elif name in ("burgerservicenummer (als string)", "fields (als string)"):
            body[name.split(" ")[0]] = value
        elif value == "(131 maal aNummer)":
            body[name] = ["aNummer"] * 132
        else:
            body[name] = relative_date(value, c.today, iso=True)
    c.request = body


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


@step(r"personen op '(\d{1,2}) (\w+) (\d{4})' wordt gezocht met de volgende parameters")
def _zoek_op(c: Context, t: Table | None, day: str, month: str, year: str) -> None:
    """A request made on another day than today (leeftijd/overzicht.feature: 29 February): the runner sets the
    simulator's clock to it (PUT /control/clock) for this request."""
    if month not in MAANDEN:
        raise Unsupported(f"month {month!r}")
    c.clock = dt.date(int(year), MAANDEN.index(month) + 1, int(day))
    _zoek(c, t)


# The expressive request steps without a named person ("Als 'gezag' wordt gevraagd van personen gezocht met
# postcode en huisnummer", input-validatie/*): a request of that type with valid example values.
SEARCHES = {
    "burgerservicenummer": {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["000000012"]},
    "adresseerbaar object identificatie": {"type": "ZoekMetAdresseerbaarObjectIdentificatie", "adresseerbaarObjectIdentificatie": "0518010000000001"},
    "geslachtsnaam en geboortedatum": {"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Jansen", "geboortedatum": "1980-01-01"},
    "geslachtsnaam, voornamen en gemeente van inschrijving": {"type": "ZoekMetNaamEnGemeenteVanInschrijving", "geslachtsnaam": "Jansen", "voornamen": "Jan", "gemeenteVanInschrijving": "0518"},
    "nummeraanduiding identificatie": {"type": "ZoekMetNummeraanduidingIdentificatie", "nummeraanduidingIdentificatie": "0518200000000001"},
    "postcode en huisnummer": {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "2511BT", "huisnummer": 1},
    "straatnaam, huisnummer en gemeente van inschrijving": {"type": "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving", "straat": "Spui", "huisnummer": 1, "gemeenteVanInschrijving": "0518"},
}


@step(r"'([^']+)' wordt gevraagd van personen gezocht met ([a-z ,]+)")
def _gevraagd(c: Context, t: Table | None, fields: str, search: str) -> None:
    if search not in SEARCHES:
        raise Unsupported(f"search {search!r}")
    c.request = {**SEARCHES[search], "fields": fields.split(",")}


@step(r'landelijke tabel "[^"]+" heeft de volgende waarden')
def _landelijke_tabel(c: Context, t: Table | None) -> None:
    """The simulator carries the landelijke tabellen itself (the entries the features use)."""


@step(r"heeft de response geen foutmelding")
def _geen_fout(c: Context, t: Table | None) -> None:
    """Success is checked after the last step, as the official After hook does."""


@step(r"parameter foutmeldingen")
def _parameter_fouten(c: Context, t: Table | None) -> None:
    c.exp()["invalidParams"] = expected_objects(t, c.today)


@step(r"voor de persoon met burgerservicenummer '\d*' gelden de volgende gezagsrelaties|de persoon met burgerservicenummer '\d*' heeft geen gezagsrelaties")
def _gezag_stub(c: Context, t: Table | None) -> None:
    """The downstream gezag API's answer of the official proxy: the simulator derives gezag itself. Only a
    fout-case may use it (its answer is refused before gezag is asked); see GEZAG_STUB."""
    if "@fout-case" not in c.tags:
        raise NotApplicable(GEZAG_STUB)


# -- Dan --------------------------------------------------------------------------------------------------------

@step(r"heeft de response (?:nog )?een persoon met (?:alleen )?de volgende gegevens")
def _r_persoon(c: Context, t: Table | None) -> None:
    c.persons().append(expected_object(t, c.today))


@step(r"heeft de response een persoon zonder gegevens")
def _r_leeg(c: Context, t: Table | None) -> None:
    c.persons().append({})


@step(r"heeft de response een persoon met (?:alleen )?de volgende '(\w+)' gegevens")
def _r_groep(c: Context, t: Table | None, name: str) -> None:
    c.persons().append({name: expected_object(t, c.today)})


def _nothing(name: str) -> dict[str, Any]:
    """"zonder/geen '<name>' gegevens": the official steps write `{name: {}}`, also for a list ('kind'), a key no
    response has, so that such a scenario cannot pass anywhere; for a list we read its evident meaning, the
    empty list (lege-waarden.feature: "een array veld wordt geleverd als lege array")."""
    return {plural(name): []} if name in COLLECTIONS else {name: {}}


@step(r"heeft de response een persoon zonder '(\w+)' gegevens")
def _r_zonder(c: Context, t: Table | None, name: str) -> None:
    c.persons().append(_nothing(name))


@step(r"heeft de persoon (?:alleen )?de volgende '(\w+)' gegevens")
def _p_groep(c: Context, t: Table | None, name: str) -> None:
    c.last_person()[name] = expected_object(t, c.today)


@step(r"heeft de response een persoon met een leeg '(\w+)' object")
def _r_leeg_object(c: Context, t: Table | None, name: str) -> None:
    c.persons().append({name: {}})


@step(r"heeft de persoon (?:geen '(\w+)' gegevens|een leeg '(\w+)' object)")
def _p_geen(c: Context, t: Table | None, a: str | None, b: str | None) -> None:
    c.last_person().update(_nothing(a) if a else {b or "": {}})


@step(r"heeft de response een persoon met een '(\w+)' met (?:alleen )?de volgende gegevens")
def _r_sub(c: Context, t: Table | None, name: str) -> None:
    c.persons().append({plural(name): [expected_object(t, c.today)]})


@step(r"heeft de response een persoon met een '(\w+)' met (?:alleen )?de volgende '(\w+)' gegevens")
def _r_sub_groep(c: Context, t: Table | None, name: str, group: str) -> None:
    c.persons().append({plural(name): [{group: expected_object(t, c.today)}]})


@step(r"heeft de response een persoon met een '(\w+)' met een leeg '(\w+)' object")
def _r_sub_leeg_object(c: Context, t: Table | None, name: str, group: str) -> None:
    c.persons().append({plural(name): [{group: {}}]})


@step(r"heeft de response een persoon met een '(\w+)' zonder '(\w+)' gegevens")
def _r_sub_zonder(c: Context, t: Table | None, name: str, group: str) -> None:
    c.persons().append({plural(name): [{group: {}}]})


@step(r"heeft de response een persoon met een '(\w+)' zonder gegevens")
def _r_sub_leeg(c: Context, t: Table | None, name: str) -> None:
    c.persons().append({plural(name): [{}]})


@step(r"heeft de response een persoon zonder (\w+)")
def _r_zonder_lijst(c: Context, t: Table | None, name: str) -> None:
    c.persons().append({name: []})


@step(r"heeft de persoon (?:nog )?een '(\w+)' met (?:alleen )?de volgende gegevens")
def _p_sub(c: Context, t: Table | None, name: str) -> None:
    c.last_person().setdefault(plural(name), []).append(expected_object(t, c.today))


@step(r"heeft de persoon een '(\w+)' met (?:alleen )?de volgende '(\w+)' gegevens")
def _p_sub_groep(c: Context, t: Table | None, name: str, group: str) -> None:
    c.last_person().setdefault(plural(name), []).append({group: expected_object(t, c.today)})


@step(r"heeft de persoon een '(\w+)' zonder gegevens")
def _p_sub_leeg(c: Context, t: Table | None, name: str) -> None:
    c.last_person().setdefault(plural(name), []).append({})


@step(r"heeft de persoon een '(\w+)' zonder '(\w+)' gegevens")
def _p_sub_zonder(c: Context, t: Table | None, name: str, group: str) -> None:
    c.last_person().setdefault(plural(name), []).append({group: {}})


@step(r"heeft de persoon geen (\w+)")
def _p_geen_lijst(c: Context, t: Table | None, name: str) -> None:
    c.last_person()[name] = []


@step(r"heeft de '(\w+)' (?:alleen )?de volgende '(\w+)' gegevens")
def _sub_groep(c: Context, t: Table | None, name: str, group: str) -> None:
    _last_sub(c, name)[group] = expected_object(t, c.today)


@step(r"heeft (?:de|het) '(\w+)' geen '(\w+)' gegevens")
def _sub_geen(c: Context, t: Table | None, name: str, group: str) -> None:
    _last_sub(c, name)[group] = {}


def _last_sub(c: Context, name: str) -> dict[str, Any]:
    person = c.last_person()
    value = person.get(plural(name)) if plural(name) in person else person.setdefault(name, {})
    return value[-1] if isinstance(value, list) else value  # type: ignore[no-any-return]


@step(r"heeft de response (\d+) (\w+)")
def _aantal(c: Context, t: Table | None, count: str, name: str) -> None:
    if int(count) == 0:
        c.exp()[plural(name)] = []
    else:
        c.counts.append((plural(name), int(count)))


@step(r"heeft de response geen personen|worden er geen personen gevonden")
def _geen(c: Context, t: Table | None) -> None:
    c.exp()["personen"] = []


@step(r"heeft de response (?:een object met )?de volgende gegevens|heeft de response een foutmelding")
def _object(c: Context, t: Table | None) -> None:
    c.exp().update(expected_object(t, c.today))


@step(r"heeft het object de volgende '(\w+)' gegevens|heeft de response (invalidParams) met de volgende gegevens")
def _object_lijst(c: Context, t: Table | None, a: str | None, b: str | None = None) -> None:
    c.exp()[a or b or ""] = expected_objects(t, c.today)


GEZAG_STUB = "stubs the downstream gezag API of the official proxy (the simulator derives gezag itself)"
PROTOCOLLERING = (
    "protocollering is done by the official proxies (their x-geleverde-pls header carries the test database's pl_id "
    "to the protocol table); the simulator keeps no protocol"
)
# Phrases of endpoints and set-ups the simulator does not offer; each scenario using one is not applicable.
NOT_APPLICABLE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^gba personen wordt gezocht"), "a copy of a scenario for the official implementation's internal GBA data service (`gba personen`: the backend its public proxy calls), not the public BRP API Personen the simulator implements"),
    (re.compile(r"sql statements|SQL statements|statement heeft als resultaat"), "checks the official test harness' own SQL generation, not the API"),
    (re.compile(r"protocollering|heeft persoon '.*' de volgende rij(en)? in tabel"), PROTOCOLLERING),
    (re.compile(r"de afnemer met indicatie '.*' is geautoriseerd|de afnemer met indicatie|is geautoriseerd voor|gemeente met code '.*' is geautoriseerd|de geauthenticeerde consumer"), "authorisation by the RvIG afnemerindicatie table (Autorisatietabel, Tabel 35) of the official proxy; the simulator authorises by its own api_clients"),
    (re.compile(r"^de response body is gelijk aan"), "documents a Dan step against a response body the scenario gives itself (`de response body is gelijk aan`): no request reaches an API"),
    (re.compile(r"gezag response body|request naar de gezag API|downstream"), GEZAG_STUB),
    (re.compile(r"^<stap definitie"), "documents the step definitions themselves"),
]


# Official scenarios that a newer official feature contradicts; the simulator follows the newer one.
CONTRADICTED = {
    ("bevragen/persoon/gezag/fields.feature", "De fields parameter bevat het pad naar een niet bestaand veld in gezag#1"): (
        "expects 'niet bestaande veldnaam' for gezag.bestaatNiet (2024); input-validatie/velden-vragen-met-fields/"
        "fields-gezag.feature (2025) answers every gezag sub-path, gezag.nietBestaand included, with 'niet toegestane veldnaam'"
    ),
    ("bevragen/gezag-persoon-beperkt/gezag/fields.feature", "De fields parameter bevat het pad naar een niet bestaand veld in gezag#1"): (
        "expects 'niet bestaande veldnaam' for gezag.bestaatNiet (2024); input-validatie/velden-vragen-met-fields/"
        "fields-gezag.feature (2025) answers every gezag sub-path, gezag.nietBestaand included, with 'niet toegestane veldnaam'"
    ),
}


# Official scenarios whose fixed date, "in de toekomst" when they were written, has since passed: from the day
# after it they would fail against the official API as well. The same rule keeps being checked by the scenarios
# with relative dates ("morgen") and with dates far ahead (2030).
# Keyed by feature and the start of the scenario's name (an outline's examples differ after it).
OUTDATED = {
    ("bevragen/persoon/verblijfstitel/fields.feature", "'datum einde verblijfstitel (39.20)' met waarde in de toekomst wordt gevraagd"): dt.date(2025, 12, 31),
}


def outdated(feature: str, name: str, today: dt.date) -> str | None:
    """The reason a scenario whose 'future' date has passed is not applicable on `today`, or None."""
    day = next((d for (f, start), d in OUTDATED.items() if f == feature and name.startswith(start)), None)
    if day is None or today <= day:
        return None
    return f"its fixed date {day.isoformat()}, 'in de toekomst' when it was written, has passed; the rule is checked by the scenarios with relative and later dates"


def applicable(text: str) -> str | None:
    """The reason a step makes its scenario not applicable, or None."""
    for pattern, reason in NOT_APPLICABLE:
        if pattern.search(text):
            return reason
    return None


def run_step(c: Context, text: str, table: Table | None) -> None:
    for pattern, fn in STEPS:
        m = pattern.match(text)
        if m:
            fn(c, table, *m.groups())
            return
    raise Unsupported(f"step not implemented: {text!r}")


def stringify(value: Any) -> Any:
    """The official `stringifyValues`: every scalar a string (numbers, booleans), structure kept."""
    if isinstance(value, dict):
        return {k: stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stringify(v) for v in value]
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def equal_in_any_order(a: Any, b: Any) -> bool:
    """Deep equality with lists compared as multisets (chai's deep-equal-in-any-order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal_in_any_order(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        remaining = list(b)
        for item in a:
            for j, other in enumerate(remaining):
                if equal_in_any_order(item, other):
                    del remaining[j]
                    break
            else:
                return False
        return True
    return bool(a == b)
