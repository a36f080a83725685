"""Generated worlds: thousands of consistent Dutch persons for load tests and realistic demos.

Built on Faker's nl_NL locale (names, street names, company names) and a seeded `random.Random`, so the same
seed gives the same file, byte for byte. A generated world validates on its own: it carries the default service
catalogue (scenarios/default/services.yaml), unless asked not to.

What it holds, in shares chosen to look like a Dutch municipality (not to be statistics):
- households sharing an address (unique nummeraanduiding and adresseerbaar object ids): singles, widow(er)s,
  couples married / in a registered partnership / unmarried, families with children of every age, divorced
  parents living apart, single parents (one legal parent), one or both parents deceased, adult children who
  moved out, and some emigrated members (`buitenland`, also minors: gezag cannot be determined);
- gezag: derived from the family facts (no entry) for most minors; explicit entries only where a register or
  court decision would exist: joint gezag registered by unmarried parents, sole gezag after a divorce, a voogd
  for orphans, gezamenlijk gezag of a parent and a new partner;
- professional bewind offices (organisations with several medewerkers and many clients), family bewindvoerders,
  curatele and mentorschap, with a share of ended, requested and not yet started measures;
- voluntary machtigingen (mostly an adult child for an elderly parent; some to an administratiekantoor), with a
  share withdrawn, requested, expired, and some given by persons who have since died.

Dates are written relative to the clock (``-38y-2m-5d``) unless `today` is given: then they are absolute ISO
dates and the file fixes ``scenario.vandaag``. Relative worlds stay the same age whatever day they are loaded;
every date that a validation rule compares (minority, 18th birthdays) keeps a margin of weeks so that loading
on any day gives a valid world.

BSNs and RSINs start with 1-8 (9-digit range, elfproef), so they never collide with the hand-written personas of
the default scenario (99999xxxx); KvK numbers likewise stay below 90000000.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .clock import add_months, parse_date
from .identifiers import complete_elfproef

# Relative worlds are generated against a fixed anchor: the output then does not depend on the day it is made.
RELATIVE_ANCHOR = dt.date(2026, 1, 1)
CATALOGUE = Path(__file__).resolve().parents[2] / "scenarios" / "default" / "services.yaml"
YEAR = 365.2425

# (CBS gemeente code, gemeentenaam, woonplaats, first and last 4-digit postcode of the city)
GEMEENTEN: tuple[tuple[str, str, str, int, int], ...] = (
    ("0363", "Amsterdam", "Amsterdam", 1011, 1109),
    ("0599", "Rotterdam", "Rotterdam", 3011, 3089),
    ("0518", "'s-Gravenhage", "'s-Gravenhage", 2491, 2599),
    ("0344", "Utrecht", "Utrecht", 3511, 3585),
    ("0772", "Eindhoven", "Eindhoven", 5611, 5658),
    ("0014", "Groningen", "Groningen", 9711, 9747),
    ("0855", "Tilburg", "Tilburg", 5011, 5049),
    ("0034", "Almere", "Almere", 1311, 1364),
    ("0758", "Breda", "Breda", 4811, 4839),
    ("0268", "Nijmegen", "Nijmegen", 6511, 6546),
    ("0202", "Arnhem", "Arnhem", 6811, 6846),
    ("0392", "Haarlem", "Haarlem", 2011, 2037),
    ("0153", "Enschede", "Enschede", 7511, 7548),
    ("0307", "Amersfoort", "Amersfoort", 3811, 3829),
    ("0479", "Zaanstad", "Zaandam", 1501, 1546),
    ("0796", "'s-Hertogenbosch", "'s-Hertogenbosch", 5211, 5249),
    ("0200", "Apeldoorn", "Apeldoorn", 7311, 7339),
    ("0193", "Zwolle", "Zwolle", 8011, 8046),
    ("0546", "Leiden", "Leiden", 2311, 2334),
    ("0935", "Maastricht", "Maastricht", 6211, 6229),
    ("0505", "Dordrecht", "Dordrecht", 3311, 3329),
    ("0637", "Zoetermeer", "Zoetermeer", 2711, 2729),
    ("0503", "Delft", "Delft", 2611, 2629),
    ("0080", "Leeuwarden", "Leeuwarden", 8911, 8941),
    ("0150", "Deventer", "Deventer", 7411, 7429),
    ("0228", "Ede", "Ede", 6711, 6721),
    ("0114", "Emmen", "Emmen", 7811, 7824),
    ("0402", "Hilversum", "Hilversum", 1211, 1223),
)
LANDEN = ("België", "Duitsland", "Spanje", "Polen", "Turkije", "Marokko", "Verenigd Koninkrijk", "Curaçao", "Frankrijk")
# (code in zaaknummers, name) of the eleven district courts.
RECHTBANKEN = (
    ("13", "Rechtbank Amsterdam"), ("10", "Rechtbank Rotterdam"), ("09", "Rechtbank Den Haag"),
    ("16", "Rechtbank Midden-Nederland"), ("05", "Rechtbank Gelderland"), ("08", "Rechtbank Overijssel"),
    ("18", "Rechtbank Noord-Nederland"), ("01", "Rechtbank Oost-Brabant"), ("02", "Rechtbank Zeeland-West-Brabant"),
    ("03", "Rechtbank Limburg"), ("15", "Rechtbank Noord-Holland"),
)
VOORVOEGSELS = ("van der", "van den", "van de", "van 't", "in 't", "uit de", "op de", "van", "de", "den", "der", "ter", "ten", "te", "'t")
DIGID_ADULT = (("geen", 6), ("basis", 14), ("midden", 52), ("substantieel", 25), ("hoog", 3))


@lru_cache(maxsize=1)
def _name_lists() -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str | None, str], ...]]:
    """First names and (voorvoegsel, geslachtsnaam) pairs from Faker's nl_NL lists, with the historic oddities
    (``Aelftrud van Wessex``, ``Bourgondië, van``) left out."""
    from faker.providers.person.nl_NL import Provider

    surnames: list[tuple[str | None, str]] = []
    for name in dict.fromkeys(Provider.last_names):
        prefix = next((p for p in VOORVOEGSELS if name.startswith(p + " ")), None)
        rest = name[len(prefix) + 1 :] if prefix else name
        if "," in rest or " " in rest or not rest[:1].isupper():
            continue
        surnames.append((prefix, rest))
    return tuple(dict.fromkeys(Provider.first_names_male)), tuple(dict.fromkeys(Provider.first_names_female)), tuple(surnames)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, Any], ...]:
    from .loader import _StringLoader

    data = yaml.load(CATALOGUE.read_text(encoding="utf-8"), Loader=_StringLoader)  # noqa: S506 - a SafeLoader
    return tuple(data["services"])


def relative_date(day: dt.date, anchor: dt.date) -> str:
    """`day` written relative to `anchor` (``-38y-2m-5d``) such that `parse_date` gives `day` back."""
    if day == anchor:
        return "today"
    sign = -1 if day < anchor else 1
    months = abs((day.year - anchor.year) * 12 + (day.month - anchor.month))
    # The largest whole number of months that does not overshoot `day`.
    while months and (add_months(anchor, sign * months) - day).days * sign > 0:
        months -= 1
    years, months = divmod(months, 12)
    text = "".join(f"{'-' if sign < 0 else '+'}{n}{unit}" for n, unit in ((years, "y"), (months, "m")) if n)
    base = parse_date(text, anchor) if text else anchor
    days = (day - base).days
    if days:
        text += f"{'+' if days > 0 else '-'}{abs(days)}d"
    return text


class _Generator:
    def __init__(self, persons: int, seed: int, today: dt.date | None):
        from faker import Faker

        self.target = persons
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = today
        self.anchor = today or RELATIVE_ANCHOR
        self.males, self.females, self.surnames = _name_lists()
        self.persons: list[dict[str, Any]] = []
        self.by_bsn: dict[str, dict[str, Any]] = {}
        self.born: dict[str, dt.date] = {}
        self.died: dict[str, dt.date] = {}
        self.children: dict[str, list[str]] = {}
        self.partner_of: dict[str, str] = {}
        self.organisations: list[dict[str, Any]] = []
        self.gezag: list[dict[str, Any]] = []
        self.measures: list[dict[str, Any]] = []
        self.machtigingen: list[dict[str, Any]] = []
        self.used_numbers: set[str] = set()
        self.address_seq = 0
        self.case_seq = 0

    # -- primitives ----------------------------------------------------------------------------------------

    def day(self, d: dt.date) -> str:
        return d.isoformat() if self.today else relative_date(d, self.anchor)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, options: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def born_aged(self, low: float, high: float) -> dt.date:
        """A birth date for someone between `low` and `high` years old, a few weeks away from either bound."""
        days = self.rng.randint(int(low * YEAR) + 30, int((high + 1) * YEAR) - 30)
        return self.anchor - dt.timedelta(days=days)

    def between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def years_after(self, d: dt.date, years: int) -> dt.date:
        return add_months(d, 12 * years)

    def age(self, bsn: str) -> float:
        return (self.anchor - self.born[bsn]).days / YEAR

    def alive(self, bsn: str) -> bool:
        return bsn not in self.died

    def number(self, low: int, high: int, digits: int, elfproef: bool) -> str:
        while True:
            value = self.rng.randint(low, high)
            text = complete_elfproef(f"{value:08d}") if elfproef else f"{value:0{digits}d}"
            if text and text not in self.used_numbers:
                self.used_numbers.add(text)
                return text

    def bsn(self) -> str:
        return self.number(10_000_000, 89_999_999, 9, elfproef=True)

    def address(self, gemeente: tuple[str, str, str, int, int] | None = None) -> dict[str, Any]:
        code, naam, woonplaats, low, high = gemeente or self.rng.choice(GEMEENTEN)
        self.address_seq += 1
        adres: dict[str, Any] = {"straat": self.fake.street_name(), "huisnummer": self.rng.randint(1, 250)}
        if self.chance(0.08):
            adres["huisletter"] = self.rng.choice("ABCD")
        elif self.chance(0.06):
            adres["huisnummertoevoeging"] = str(self.rng.randint(1, 4))
        letters = "".join(self.rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
        adres.update(
            postcode=f"{self.rng.randint(low, high)}{letters}",
            woonplaats=woonplaats,
            gemeente=code,
            gemeentenaam=naam,
            # BAG ids: gemeente code, object type (20 nummeraanduiding, 01 verblijfsobject), a 10-digit number.
            nummeraanduiding_id=f"{code}20{1_000_000 + self.address_seq:010d}",
            adresseerbaar_object_id=f"{code}01{1_000_000 + self.address_seq:010d}",
        )
        return adres

    def abroad(self) -> dict[str, Any]:
        return {"land": self.rng.choice(LANDEN), "sinds": self.anchor - dt.timedelta(days=self.rng.randint(200, 3000))}

    def person(
        self,
        geslacht: str,
        born: dt.date,
        *,
        surname: tuple[str | None, str] | None = None,
        ouders: list[str] | None = None,
        adres: dict[str, Any] | None = None,
        buitenland: dict[str, Any] | None = None,
        died: dt.date | None = None,
    ) -> str:
        bsn = self.bsn()
        voorvoegsel, geslachtsnaam = surname or self.rng.choice(self.surnames)
        first = self.males if geslacht == "M" else self.females
        voornamen = " ".join(self.rng.sample(first, self.rng.choice((1, 1, 2, 2, 3))))
        naam: dict[str, Any] = {"voornamen": voornamen}
        if voorvoegsel:
            naam["voorvoegsel"] = voorvoegsel
        naam["geslachtsnaam"] = geslachtsnaam
        if self.chance(0.002):
            naam["adellijke_titel"] = self.rng.choice(("JH", "JV") if self.chance(0.7) else ("B", "BS"))
        record: dict[str, Any] = {"bsn": bsn, "naam": naam, "geslacht": geslacht, "geboortedatum": born}
        age = (self.anchor - born).days / YEAR
        record["geboorteplaats"] = adres["woonplaats"] if adres and age < 18 else self.rng.choice(GEMEENTEN)[2]
        if died is not None:
            record["overlijdensdatum"] = died
            self.died[bsn] = died
        if adres is not None and died is None:
            record["adres"] = dict(adres, sinds=self.between(max(born, self.anchor - dt.timedelta(days=7000)), self.anchor - dt.timedelta(days=30)))
        if buitenland is not None and died is None:
            record["buitenland"] = buitenland
        if ouders:
            record["ouders"] = ouders
            for parent in ouders:
                self.children.setdefault(parent, []).append(bsn)
        if age < 12:
            record["digid"] = "geen"
        elif age < 18:
            record["digid"] = self.weighted((("geen", 30), ("basis", 40), ("midden", 30)))
        elif age > 80:
            record["digid"] = self.weighted((("geen", 30), ("basis", 30), ("midden", 40)))
        else:
            record["digid"] = self.weighted(DIGID_ADULT)
        if self.chance(0.004):
            record["geheimhouding"] = self.rng.randint(1, 7)
        self.persons.append(record)
        self.by_bsn[bsn] = record
        self.born[bsn] = born
        return bsn

    def partnership(self, a: str, b: str, sinds: dt.date, soort: str = "huwelijk", tot: dt.date | None = None, reden: str | None = None) -> None:
        entry: dict[str, Any] = {"partner": b, "soort": soort, "sinds": sinds}
        if tot is not None:
            entry.update(tot=tot, reden_ontbinding=reden)
        else:
            self.partner_of[a], self.partner_of[b] = b, a
        self.by_bsn[a].setdefault("partners", []).append(entry)

    # -- households ----------------------------------------------------------------------------------------

    def household(self, room: int) -> None:
        if room < 16:
            self.single()
            return
        kind = self.weighted((("single", 30), ("couple", 20), ("family", 38), ("single_parent", 8), ("abroad_family", 2), ("orphans", 2)))
        getattr(self, kind)()

    def single(self) -> None:
        adres = self.address()
        gender = self.rng.choice("MV")
        bsn = self.person(gender, self.born_aged(18, 95), adres=adres)
        if self.age(bsn) > 65 and self.chance(0.4) and len(self.persons) < self.target:
            # A widow(er): the partner died; the marriage ended by death.
            born = self.born_aged(self.age(bsn) - 3, self.age(bsn) + 3)
            married = self.years_after(max(born, self.born[bsn]), 23)
            died = self.between(married + dt.timedelta(days=400), self.anchor - dt.timedelta(days=60))
            partner = self.person("V" if gender == "M" else "M", born, died=died)
            self.partnership(partner, bsn, married, tot=died, reden="overlijden")

    def couple(self) -> None:
        adres = self.address()
        woman = self.person("V", self.born_aged(20, 88), adres=adres)
        man = self.person("M", self.born_aged(max(18, self.age(woman) - 4), self.age(woman) + 5), adres=adres)
        start = self.years_after(max(self.born[woman], self.born[man]), 20)
        kind = self.weighted((("huwelijk", 60), ("partnerschap", 12), ("samenwonend", 28)))
        if kind != "samenwonend":
            self.partnership(man, woman, self.between(start, self.anchor - dt.timedelta(days=60)), kind)

    def family(self) -> None:
        """Two legal parents and their children, in one of the shapes family law distinguishes."""
        gemeente = self.rng.choice(GEMEENTEN)
        adres = self.address(gemeente)
        mother_age = self.rng.uniform(23, 85)
        mother = self.person("V", self.born_aged(mother_age, mother_age), adres=adres)
        father = self.person("M", self.born_aged(max(20, mother_age - 3), mother_age + 6), adres=adres)
        surname = (self.by_bsn[father]["naam"].get("voorvoegsel"), self.by_bsn[father]["naam"]["geslachtsnaam"])
        kids = self.children_born(mother, father, surname, adres)
        first_birth = min(self.born[k] for k in kids)
        last_birth = max(self.born[k] for k in kids)
        bond = self.weighted((("huwelijk", 58), ("partnerschap", 10), ("ongehuwd", 32)))
        minors = [k for k in kids if self.age(k) < 17.5 and self.alive(k) and "buitenland" not in self.by_bsn[k]]
        if bond != "ongehuwd":
            # Some married only after the first child was born: joint gezag still follows (art. 1:251 BW).
            sinds = self.between(first_birth - dt.timedelta(days=2500), first_birth + dt.timedelta(days=700))
            sinds = max(sinds, self.years_after(max(self.born[mother], self.born[father]), 19))
            sinds = min(sinds, self.anchor - dt.timedelta(days=30))
            shape = self.weighted((("together", 78), ("divorced", 16), ("widowed", 5), ("both_died", 1)))
            if shape == "divorced":
                tot = self.between(max(sinds, last_birth) + dt.timedelta(days=200), self.anchor - dt.timedelta(days=60))
                self.partnership(father, mother, sinds, bond, tot=tot, reden="echtscheiding" if bond == "huwelijk" else "ontbinding")
                self.by_bsn[father]["adres"] = dict(self.address(gemeente), sinds=tot)
                if minors and self.chance(0.2):
                    # A court gave one parent sole authority (art. 1:253n BW).
                    holder = mother if self.chance(0.8) else father
                    for kid in minors:
                        self.gezag.append({"minderjarige": kid, "type": "EenhoofdigOuderlijkGezag", "ouder": holder})
            elif shape in ("widowed", "both_died"):
                died = self.between(max(sinds, last_birth) + dt.timedelta(days=30), self.anchor - dt.timedelta(days=60))
                dead = [father] if shape == "widowed" or not minors else [mother, father]
                for parent in dead:
                    self.kill(parent, died)
                self.partnership(father, mother, sinds, bond, tot=died, reden="overlijden")
                if len(dead) == 2:
                    self.appoint_voogd(minors, gemeente)
            else:
                self.partnership(father, mother, sinds, bond)
        elif minors and self.chance(0.35):
            # Unmarried parents who registered joint gezag in the gezagsregister (art. 1:252 BW).
            for kid in minors:
                self.gezag.append({"minderjarige": kid, "type": "GezamenlijkOuderlijkGezag", "ouders": [mother, father]})

    def children_born(self, mother: str, father: str | None, surname: tuple[str | None, str], adres: dict[str, Any]) -> list[str]:
        mother_age = self.age(mother)
        kids = []
        for _ in range(self.rng.choices((1, 2, 3, 4), weights=(30, 42, 20, 8))[0]):
            # Born when the mother was 20 to 42.
            age = self.rng.uniform(max(0.0, mother_age - 42), max(0.1, mother_age - 20))
            ouders = [mother, father] if father else [mother]
            kid_adres, kid_abroad = adres, None
            if age > 19 and self.chance(0.75):
                kid_adres = self.address() if self.chance(0.95) else None
                kid_abroad = None if kid_adres else self.abroad()
            kid = self.person(self.rng.choice("MV"), self.born_aged(age, age), surname=surname, ouders=ouders, adres=kid_adres, buitenland=kid_abroad)
            kids.append(kid)
            if age > 24 and kid_adres is not adres and kid_adres is not None and self.chance(0.5):
                partner = self.person("V" if self.by_bsn[kid]["geslacht"] == "M" else "M", self.born_aged(max(19, age - 4), age + 4), adres=kid_adres)
                start = self.years_after(max(self.born[kid], self.born[partner]), 20)
                self.partnership(kid, partner, self.between(start, self.anchor - dt.timedelta(days=60)), "huwelijk")
        return kids

    def single_parent(self) -> None:
        """A mother as the only legal parent; sometimes with a new partner who shares gezag (art. 1:253t BW)."""
        gemeente = self.rng.choice(GEMEENTEN)
        adres = self.address(gemeente)
        mother_age = self.rng.uniform(22, 50)
        mother = self.person("V", self.born_aged(mother_age, mother_age), adres=adres)
        surname = (self.by_bsn[mother]["naam"].get("voorvoegsel"), self.by_bsn[mother]["naam"]["geslachtsnaam"])
        kids = self.children_born(mother, None, surname, adres)
        minors = [k for k in kids if self.age(k) < 17.5 and "buitenland" not in self.by_bsn[k]]
        if minors and self.chance(0.3):
            partner = self.person("M", self.born_aged(max(22, mother_age - 5), mother_age + 5), adres=adres)
            for kid in minors:
                self.gezag.append({"minderjarige": kid, "type": "GezamenlijkGezag", "ouder": mother, "derde": partner})

    def abroad_family(self) -> None:
        """A parent and minor children who emigrated: BRP cannot determine gezag (derived, rule 2)."""
        buitenland = self.abroad()
        mother_age = self.rng.uniform(25, 45)
        mother = self.person("V", self.born_aged(mother_age, mother_age), buitenland=buitenland)
        surname = (self.by_bsn[mother]["naam"].get("voorvoegsel"), self.by_bsn[mother]["naam"]["geslachtsnaam"])
        for _ in range(self.rng.randint(1, 2)):
            age = self.rng.uniform(0, min(15, mother_age - 20))
            self.person(self.rng.choice("MV"), self.born_aged(age, age), surname=surname, ouders=[mother], buitenland=buitenland)

    def orphans(self) -> None:
        """Both parents died; the court appointed a voogd (Voogdij, art. 1:280 BW)."""
        gemeente = self.rng.choice(GEMEENTEN)
        mother_age = self.rng.uniform(30, 50)
        mother = self.person("V", self.born_aged(mother_age, mother_age))
        father = self.person("M", self.born_aged(mother_age, mother_age + 4))
        surname = (self.by_bsn[father]["naam"].get("voorvoegsel"), self.by_bsn[father]["naam"]["geslachtsnaam"])
        adres = self.address(gemeente)
        kids = []
        for _ in range(self.rng.randint(1, 3)):
            age = self.rng.uniform(0.5, min(16.5, mother_age - 21))
            kids.append(self.person(self.rng.choice("MV"), self.born_aged(age, age), surname=surname, ouders=[mother, father], adres=adres))
        last_birth = max(self.born[k] for k in kids)
        died = self.between(last_birth + dt.timedelta(days=30), self.anchor - dt.timedelta(days=60))
        # Married at 22, or before the first child if that came earlier (mothers are at least 21 then), so the
        # marriage never ends, by their death, before it began.
        married = min(self.years_after(max(self.born[mother], self.born[father]), 22), min(self.born[k] for k in kids))
        self.kill(mother, died)
        self.kill(father, died)
        self.partnership(father, mother, married, "huwelijk", tot=died, reden="overlijden")
        self.appoint_voogd(kids, gemeente, adres)

    def kill(self, bsn: str, died: dt.date) -> None:
        record = self.by_bsn[bsn]
        record["overlijdensdatum"] = died
        record.pop("adres", None)
        self.died[bsn] = died
        partner = self.partner_of.pop(bsn, None)
        if partner:
            self.partner_of.pop(partner, None)

    def appoint_voogd(self, minors: list[str], gemeente: tuple[str, str, str, int, int], adres: dict[str, Any] | None = None) -> None:
        if not minors:
            return
        adres = adres or self.address(gemeente)
        voogd = self.person(self.rng.choice("MV"), self.born_aged(30, 60), adres=adres)
        for kid in minors:
            self.by_bsn[kid]["adres"] = dict(adres, sinds=max(self.born[kid], self.anchor - dt.timedelta(days=30)))
            self.gezag.append({"minderjarige": kid, "type": "Voogdij", "derden": [voogd]})

    # -- organisations and relations -----------------------------------------------------------------------

    def adults(self, low: float = 18.5, high: float = 120) -> list[str]:
        return [p["bsn"] for p in self.persons if self.alive(p["bsn"]) and low <= self.age(p["bsn"]) <= high]

    def organisation(self, naam: str, staff: list[str], plaats: str) -> dict[str, Any]:
        rsin = self.bsn()
        org = {
            "kvk": self.number(10_000_000, 89_999_999, 8, elfproef=False),
            "naam": naam,
            "rsin": rsin,
            # OIN of an organisation in the Handelsregister: prefix 00000003, RSIN, 000.
            "oin": f"00000003{rsin}000",
            "plaats": plaats,
            "medewerkers": staff,
        }
        self.organisations.append(org)
        return org

    def relations(self) -> None:
        workers = self.adults(25, 64)
        self.rng.shuffle(workers)
        # Professional offices serve some hundred clients each, as the larger Dutch bewind offices do.
        n_offices = max(1, len(self.persons) // 8000) if len(workers) >= 12 else 0
        offices = []
        for i in range(n_offices):
            staff, workers = workers[: self.rng.randint(2, 6)], workers[6:]
            surname = self.rng.choice(self.surnames)
            naam = f"Bewindvoering {' '.join(p for p in surname if p)} B.V." if i % 2 == 0 else f"{self.fake.last_name()} Beschermingsbewind en Mentorschap"
            offices.append(self.organisation(naam, sorted(staff), self.rng.choice(GEMEENTEN)[2]))
        kantoren = []
        if len(workers) >= 4:
            for _ in range(max(1, len(self.persons) // 5000)):
                staff, workers = workers[:2], workers[2:]
                kantoren.append(self.organisation(f"Administratiekantoor {self.fake.last_name()}", sorted(staff), self.rng.choice(GEMEENTEN)[2]))
        staff_members = {b for o in self.organisations for b in o["medewerkers"]}
        candidates = [b for b in self.adults(20) if b not in staff_members]
        self.rng.shuffle(candidates)
        n = len(candidates)
        counts = {"beschermingsbewind": round(n * 0.02), "curatele": round(n * 0.004), "mentorschap": round(n * 0.006)}
        # Curatele ends gezag (art. 1:246 BW): no one holding registered gezag is put under curatele.
        holders = {h for entry in self.gezag for h in (entry.get("ouder"), entry.get("derde"), *entry.get("ouders", ()), *entry.get("derden", ())) if h}
        subjects = iter(candidates)
        used = 0
        for soort, count in counts.items():
            for _ in range(count):
                subject = next(subjects, None)
                used += 1
                while subject is not None and soort == "curatele" and subject in holders:
                    subject, used = next(subjects, None), used + 1
                if subject is None:
                    break
                self.measure(soort, subject, offices)
        givers = candidates[used:]
        for subject in givers[: round(len(givers) * 0.04)]:
            self.machtiging(subject, kantoren)
        # A few machtigingen from persons who have since died (the index reports OVERLEDEN).
        deceased = [p["bsn"] for p in self.persons if not self.alive(p["bsn"]) and self.family_member(p["bsn"], 18.5)]
        for subject in deceased[: max(1, len(deceased) // 20)]:
            self.machtiging(subject, kantoren)

    def family_member(self, subject: str, min_age: float) -> str | None:
        """An adult relative (partner, child, parent) old enough to act, or None."""
        record = self.by_bsn[subject]
        options = [self.partner_of.get(subject), *self.children.get(subject, ()), *record.get("ouders", ())]
        for bsn in options:
            if bsn and self.alive(bsn) and self.age(bsn) >= min_age and bsn != subject:
                return bsn
        return None

    def measure(self, soort: str, subject: str, offices: list[dict[str, Any]]) -> None:
        self.case_seq += 1
        code, rechtbank = self.rng.choice(RECHTBANKEN)
        # The measure starts after the 18th birthday; a margin of weeks keeps that true on any clock.
        earliest = max(self.years_after(self.born[subject], 18) + dt.timedelta(days=60), self.anchor - dt.timedelta(days=3650))
        start = self.between(earliest, self.anchor - dt.timedelta(days=30))
        status = self.weighted((("actief", 80), ("beeindigd", 10), ("aangevraagd", 5), ("toekomstig", 5)))
        if status == "toekomstig":
            start = self.anchor + dt.timedelta(days=self.rng.randint(20, 90))
        m: dict[str, Any] = {
            "zaaknummer": f"C/{code}/{400_000 + self.case_seq:06d} / BW RK {start.year % 100:02d}-{self.case_seq % 1000:03d}",
            "soort": soort,
            "vertegenwoordigde": subject,
            "rechtbank": rechtbank,
        }
        if soort == "beschermingsbewind":
            m["grond"] = self.weighted((("verkwisting_of_problematische_schulden", 55), ("lichamelijke_of_geestelijke_toestand", 40), ("drank_of_drugsmisbruik", 5)))
            if self.chance(0.12):
                m["omvang"] = "bepaalde_goederen"
                m["goederen"] = [self.rng.choice(("woning", "inkomen", "schulden"))]
        elif soort == "curatele":
            m["grond"] = "lichamelijke_of_geestelijke_toestand"
        if status == "aangevraagd":
            m["status"] = "aangevraagd"
        else:
            m["datum_beschikking"] = start - dt.timedelta(days=self.rng.randint(7, 40))
            m["ingangsdatum"] = start
            if status == "beeindigd":
                m["status"] = "beeindigd"
                m["einddatum"] = self.between(start + dt.timedelta(days=30), self.anchor - dt.timedelta(days=1))
                m["reden_beeindiging"] = self.rng.choice(("opheffing", "termijn"))
        professional = offices and self.chance({"beschermingsbewind": 0.7, "curatele": 0.4, "mentorschap": 0.5}[soort])
        # A representative is an adult when the measure starts, which may be years before the anchor date.
        adult_at_start = 18 + (self.anchor - start).days / YEAR + 1
        relative = None if professional else self.family_member(subject, adult_at_start)
        reps: list[dict[str, Any]] = []
        if relative is not None:
            reps.append({"persoon": relative})
            if soort == "curatele" and self.chance(0.2):
                second = self.family_member(relative, max(25, adult_at_start))
                if second and second not in (subject, relative):
                    reps.append({"persoon": second, "taakverdeling": "samen met de eerste curator"})
        elif offices:
            office = self.rng.choice(offices)
            rep: dict[str, Any] = {"organisatie": office["kvk"]}
            if self.chance(0.5):
                rep["medewerkers"] = sorted(self.rng.sample(office["medewerkers"], self.rng.randint(1, len(office["medewerkers"]))))
            reps.append(rep)
        else:
            rep_bsn = next((b for b in self.adults(40, 70) if b != subject and self.age(b) - (self.anchor - start).days / YEAR > 20), None)
            if rep_bsn is None:
                self.case_seq -= 1
                return
            reps.append({"persoon": rep_bsn})
        m["vertegenwoordigers"] = reps
        self.measures.append(m)

    def machtiging(self, giver: str, kantoren: list[dict[str, Any]]) -> None:
        services = [s["id"] for s in _catalogue() if "vrijwillig" in s.get("vertegenwoordiging", ())]
        gemachtigde: dict[str, str] | None = None
        if kantoren and self.chance(0.08):
            gemachtigde = {"kvk": self.rng.choice(kantoren)["kvk"]}
        else:
            relative = self.family_member(giver, 18.5)
            if relative is not None:
                gemachtigde = {"bsn": relative}
        if gemachtigde is None:
            return
        latest = self.died.get(giver, self.anchor) - dt.timedelta(days=1)
        start = self.between(max(self.years_after(self.born[giver], 18), latest - dt.timedelta(days=2500)), latest)
        m: dict[str, Any] = {
            "id": f"M-{len(self.machtigingen) + 1:07d}",
            "machtiginggever": giver,
            "gemachtigde": gemachtigde,
            "diensten": sorted(self.rng.sample(services, self.rng.randint(1, 3))),
            "ingangsdatum": start,
        }
        state = self.weighted((("actief", 78), ("ingetrokken", 8), ("aangevraagd", 7), ("verlopen", 7)))
        if state == "verlopen":
            m["einddatum"] = self.between(start + dt.timedelta(days=30), self.anchor - dt.timedelta(days=1))
        elif state == "actief" and self.chance(0.4):
            m["einddatum"] = self.anchor + dt.timedelta(days=self.rng.randint(30, 1800))
        elif state != "actief":
            m["status"] = state
        self.machtigingen.append(m)

    # -- the document --------------------------------------------------------------------------------------

    def build(self, include_services: bool) -> dict[str, Any]:
        while len(self.persons) < self.target:
            self.household(self.target - len(self.persons))
        self.relations()
        scenario: dict[str, Any] = {
            "naam": f"Gegenereerd ({self.target} personen, seed {self.seed})",
            "beschrijving": "Gegenereerd met simulator scenario generate (Faker nl_NL); zie scenarios/README.md.",
        }
        if self.today:
            scenario["vandaag"] = self.today.isoformat()
        document: dict[str, Any] = {"scenario": scenario}
        if include_services:
            document["services"] = [dict(s) for s in _catalogue()]
        document.update(
            persons=self.persons,
            organisations=self.organisations,
            gezag=self.gezag,
            wettelijke_vertegenwoordiging=self.measures,
            machtigingen=self.machtigingen,
        )
        return _dates_to_text(document, self.day)


def _dates_to_text(value: Any, day) -> Any:  # type: ignore[no-untyped-def]
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, dict):
        return {k: _dates_to_text(v, day) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_dates_to_text(v, day) for v in value]
    return value


def generate_document(persons: int, seed: int, today: dt.date | None = None, include_services: bool = True) -> dict[str, Any]:
    """A consistent world of `persons` persons as a scenario document (plain data, dates as text)."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    return _Generator(persons, seed, today).build(include_services)


def dump(document: dict[str, Any]) -> str:
    """The document as YAML text with one JSON object per item line.

    JSON is YAML, so any YAML tool reads it; the simulator's loader recognises the layout and reads it with the
    json module (see loader.py), which is what makes a 100k-person world load in seconds. One line per item also
    lets a problem's line number point at the item at once."""
    lines = ["# Generated by `simulator scenario generate`; see scenarios/README.md (generated worlds)."]
    for key, value in document.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
        elif value:
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(item, ensure_ascii=False)}" for item in value)
        else:
            lines.append(f"{key}: []")
    return "\n".join(lines) + "\n"


def generate_to_file(path: str | Path, persons: int, seed: int, today: dt.date | None = None, include_services: bool = True) -> None:
    text = dump(generate_document(persons, seed, today, include_services))
    Path(path).write_text(text, encoding="utf-8")
