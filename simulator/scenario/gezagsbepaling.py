"""Gezag over a minor written as a GBA persoonslijst, by the official rules of BRP API Gezag.

The questions and their order are those of the published "hoofdstroomschema" and answer model of BRP API Gezag
(BRP-API/brp-api-gezag, `AntwoordenModel_v2_2_4.csv`, `hoofdstroomschema_v2_2_1.csv`, EUPL-1.2; read, not copied),
answered from the GBA elements of the minor's PL, the PLs of the parents and of a parent's spouse or partner:

    1.1  Staat de minderjarige als ingezetene in de BRP?         08.09.10 gemeente van inschrijving is not 1999 (RNI)
    1.2  Minderjarig en niet overleden?                           01.03.10 geboortedatum; 07.67.10/67.20 opschorting 'O'
    1.3  Naar het buitenland geëmigreerd geweest?                 born in NL (6030) with 08.14.20 datum vestiging in NL
    1.3a In het buitenland geboren?  1.3b Geadopteerd met NL-akte?  01.03.30 geboorteland; 01.81.20 akte with 'Q'
    1.4  Uitspraak gezag aanwezig?                                11.32.10 indicatie gezag minderjarige
    3.1  Recente gebeurtenis na de uitspraak (11.85.10)?          adoption or the parents' marriage after it
    3.2  Wat is de indicatie gezag?                               1, 2, 12, 1D, 2D, D
    2.1  Hoeveel juridische ouders?                               02/03 with a geslachtsnaam ("." is a puntouder)
    2a.1 Zijn de ouders nu met elkaar gehuwd/partners?            05 of the parents' PLs
    2a.2 Geadopteerd?  2a.3 Erkenning voor of na 1-1-2023?        akte kinds (tabel 39) and 62.10 familierechtelijke betrekking
    2b.1 Staande huwelijk of partnerschap geboren?                05 of the one parent's PL on the birth date
    4a.2 / 4a.3 / 4b.1 Ouder(s) (of partner) overleden of onbevoegd?  overleden, 11.33.10 curatele, minderjarig

A question that lacks the facts it needs ends in GezagNietTeBepalen naming the missing facts, as the official
module does. The `regel` of each outcome is the route of the answer model (e.g. "49": two married parents, both
bevoegd)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from .gba import LANDEN, Persoonslijst
from .gezag import GezagRelatie
from .model import Persoon

if TYPE_CHECKING:  # pragma: no cover
    from .world import World

Row = dict[str, str]
MEERDERJARIG = 180000  # 18 years as a difference of yyyymmdd numbers, as the official module computes it
ERKENNINGSWET = 20230101  # Wet erkenning en gezag: an erkenning on or after 1 January 2023 gives joint gezag
RNI_GEMEENTE = "1999"
INDICATIES = frozenset({"1", "2", "12", "1D", "2D", "D"})
# Tabel 39 (akteaanduiding), the third character of an aktenummer (81.20).
AKTE_GEBOORTE = "A"
AKTE_ERKENNING = frozenset("BCJV")  # bij/na geboorteaangifte, notariële akte, gerechtelijke vaststelling
AKTE_ONTKENNING = "E"
AKTE_ADOPTIE = "Q"

NIET_TE_BEPALEN = "GezagNietTeBepalen"
TIJDELIJK_GEEN = "TijdelijkGeenGezag"
ONTBREKEN = "Gezag kan niet worden bepaald omdat relevante gegevens ontbreken. Het gaat om de volgende gegevens: {}"
NIET_IN_NEDERLAND = "Gezag kan niet worden bepaald omdat minderjarige niet in Nederland woont."
BUITEN_NEDERLAND = "Gezag kan niet worden bepaald omdat minderjarige buiten Nederland heeft verbleven."
BUITENLAND_GEBOREN = "Gezag kan niet worden bepaald omdat minderjarige in het buitenland is geboren."
GEBOORTEMOEDER = "Gezag kan niet worden bepaald omdat niet kan worden vastgesteld welke ouder de geboortemoeder is."
PUNTOUDER = "Gezag kan niet worden bepaald omdat één of meer ouders van minderjarige onbekend zijn."
OUDERS_ONBEKEND = "Tijdelijk geen gezag omdat beide ouders onbekend zijn."
# Why neither of two parents can hold gezag, by the (sorted) reasons of each: o overleden, c curatele, m minderjarig.
BEIDE_OUDERS = {
    "oo": "beide ouders overleden zijn.",
    "co": "een ouder overleden is en de andere ouder onder curatele staat.",
    "mo": "een ouder overleden is en de andere ouder minderjarig is.",
    "cc": "beide ouders onder curatele staan.",
    "cm": "een ouder onder curatele staat en de andere ouder minderjarig is.",
    "mm": "beide ouders minderjarig zijn.",
}
EEN_OUDER = {"o": "de ouder overleden is.", "c": "de ouder onder curatele staat.", "m": "de ouder minderjarig is."}
# A parent and the niet-ouder (the parent's spouse or partner) who both cannot: (parent's reason, niet-ouder's).
OUDER_EN_NIET_OUDER = {
    "oo": "beide ouders overleden zijn.",
    "oc": "de ouder is overleden en de niet-ouder onder curatele staat.",
    "om": "de ouder is overleden en de niet-ouder minderjarig is.",
    "co": "de ouder onder curatele staat en de niet-ouder overleden is.",
    "cc": "beide ouders onder curatele staan.",
    "cm": "ouder onder curatele staat en niet-ouder minderjarig is.",
    "mo": "ouder minderjarig is en niet-ouder overleden is.",
    "mc": "ouder minderjarig is en niet-ouder onder curatele staat.",
    "mm": "beide ouders minderjarig zijn.",
}


def current(rows: list[Row] | None) -> Row:
    """The current row of a category (empty when the category is absent)."""
    return rows[0] if rows else {}


@dataclass(frozen=True)
class ModelFeiten:
    """A person of the scenario model as the GBA facts the questions read (see `persoonslijst_van`)."""

    persoon: list[Row]
    ouder_1: list[Row] | None
    ouder_2: list[Row] | None
    huwelijk: list[list[Row]]
    verblijfplaats: list[Row] | None
    inschrijving: list[Row] | None
    gezagsverhouding: list[Row] | None
    overlijden: list[Row] | None = None

    @property
    def bsn(self) -> str | None:
        return self.persoon[0].get("01.20")


# The GBA categories the questions read, current row first: a persoonslijst as written in a scenario, or the
# same facts of a person of the model.
Feiten = Union[Persoonslijst, ModelFeiten]


class Ontbreekt(Exception):
    """A question cannot be answered: the named facts are missing (the answer model's "e" routes)."""


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def geldig(rows: list[Row] | None) -> list[Row]:
    """The rows of a category that count: a row corrected away (84.10 onjuist "O") is as if never written."""
    return [r for r in rows or [] if r.get("84.10") != "O"]


def _akte(rows: list[Row] | None, kinds: frozenset[str] | str) -> bool:
    """Whether any row (current or historical) was registered with an akte of one of `kinds` (tabel 39)."""
    return any(len(a := r.get("81.20", "")) >= 3 and a[2] in kinds for r in geldig(rows))


def in_onderzoek(rows: list[Row] | None, elements: frozenset[str]) -> bool:
    """Whether one of `elements` of a category is in onderzoek: 83.10 names the category, a group ("050600") or
    one element ("050610"), and the onderzoek has not ended (83.30)."""
    for r in geldig(rows):
        aanduiding = r.get("83.10", "")
        if len(aanduiding) != 6 or r.get("83.30"):
            continue
        group, element = aanduiding[2:4], aanduiding[4:6]
        if group == "00" or any(e[:2] == group and element in ("00", e[3:]) for e in elements):
            return True
    return False


# The elements the questions read, per category (what the official module reports as "used fields").
GEBRUIKT_PERSOON = frozenset({"03.10", "03.30", "81.20"})
GEBRUIKT_OUDER = frozenset({"01.20", "02.40", "03.10", "04.10", "62.10", "81.20"})
GEBRUIKT_GEZAGSVERHOUDING = frozenset({"32.10", "33.10", "85.10"})
GEBRUIKT_HUWELIJK = frozenset({"01.20", "06.10", "07.10", "07.40", "15.10"})
GEBRUIKT_OUDER_PL = {"persoon": frozenset({"03.10"}), "gezagsverhouding": frozenset({"33.10"})}


@dataclass(frozen=True)
class Ouder:
    """One of the minor's parents as category 02/03 records it, with the parent's own PL when there is one."""

    slot: int  # 1 or 2
    rows: list[Row]
    pl: Feiten | None

    @property
    def row(self) -> Row:
        return self.rows[0]

    @property
    def bsn(self) -> str | None:
        return self.row.get("01.20") or None

    @property
    def bekend(self) -> bool:
        """A parent with a name; GBA writes an unknown parent (a foundling's) as geslachtsnaam "."."""
        naam = self.row.get("02.40", "")
        return bool(naam.strip()) and naam != "."


class Bepaling:
    """One gezag determination: the questions of the answer model over the PLs of one minor on one day."""

    def __init__(self, world: "World", pl: Feiten, day: dt.date):
        self.world = world
        self.pl = pl
        self.day = day
        self.today = int(_gba(day))
        self.persoon = pl.persoon[0]
        self.bsn = pl.bsn or ""
        self.geboortedatum = _int(self.persoon.get("03.10"))
        self.ouders = [o for o in (self._ouder(1, pl.ouder_1), self._ouder(2, pl.ouder_2)) if o is not None]

    def _ouder(self, slot: int, rows: list[Row] | None) -> Ouder | None:
        if not rows or not any(rows[0].get(e) for e in ("01.20", "02.10", "02.40", "03.10")):
            return None
        bsn = rows[0].get("01.20")
        return Ouder(slot, rows, self.pl_van(bsn) if bsn else None)

    def pl_van(self, bsn: str) -> Feiten | None:
        """The PL of a parent or spouse: as written, or the GBA form of a person of the model."""
        pl = self.world.persoonslijsten.get(bsn)
        if pl is None and bsn in self.world.persons:
            pl = persoonslijst_van(self.world, self.world.persons[bsn], self.day)
        return pl

    def ouder(self, slot: int) -> Ouder | None:
        return next((o for o in self.ouders if o.slot == slot), None)

    # -- facts of a PL --------------------------------------------------------------------------------------

    @staticmethod
    def overleden(pl: Feiten) -> bool:
        inschrijving = current(pl.inschrijving)
        return (bool(inschrijving.get("67.10")) and inschrijving.get("67.20") == "O") or bool(current(pl.overlijden).get("08.10"))

    def minderjarig(self, geboortedatum: str | None) -> bool:
        datum = _int(geboortedatum)
        return datum > 0 and datum > self.today - MEERDERJARIG

    def onbevoegd(self, ouder_of_partner: Feiten | None, row: Row | None = None) -> str | None:
        """Why someone cannot hold gezag: o (overleden), c (onder curatele), m (minderjarig), or None."""
        if ouder_of_partner is None:
            return "m" if row is not None and self.minderjarig(row.get("03.10")) else None
        if self.overleden(ouder_of_partner):
            return "o"
        if current(ouder_of_partner.gezagsverhouding).get("33.10", "").strip():
            return "c"
        return "m" if self.minderjarig(ouder_of_partner.persoon[0].get("03.10")) else None

    def in_rni(self, pl: Feiten | None) -> bool:
        return pl is not None and current(pl.inschrijving).get("67.20") == "R"

    def verbintenissen(self, pl: Feiten, partner: str | None) -> list[list[Row]]:
        """The marriage/partnership stapels of `pl` with `partner` (by BSN)."""
        return [s for s in pl.huwelijk if partner and geldig(s) and geldig(s)[0].get("01.20") == partner]

    @staticmethod
    def periode(stapel: list[Row]) -> tuple[int, int | None]:
        """Start (06.10, from the first row that has it) and end (07.10 of the current row) of a stapel."""
        rows = geldig(stapel)
        start = next((_int(r.get("06.10")) for r in rows if r.get("06.10")), 0)
        end = _int(rows[0].get("07.10")) if rows and rows[0].get("07.10") else None
        return start, end

    # -- the questions --------------------------------------------------------------------------------------

    def twee_ouders(self) -> bool:
        return len(self.ouders) == 2 and all(o.bekend for o in self.ouders)

    def geadopteerd(self) -> bool:
        return _akte(self.pl.persoon, AKTE_ADOPTIE)

    def ouders_nu_gehuwd(self) -> str:
        """2a.1: Ja, Nee (were married after the birth, or the marriage ended otherwise), Nee_nooit."""
        if not self.twee_ouders():
            raise Ontbreekt("Van de bevraagde persoon zijn geen twee ouders bekend")
        o1, o2 = self.ouder(1), self.ouder(2)
        assert o1 is not None and o2 is not None
        for o in (o1, o2):
            if self.in_rni(o.pl):
                raise Ontbreekt(f"ouder{o.slot} van bevraagde persoon is niet in BRP geregistreerd")
        if o1.pl is None or o2.pl is None:
            known, other = (o1, o2) if o2.pl is None else (o2, o1)
            if known.pl is None:
                return "Nee_nooit"
            married = any(
                s[0].get("02.40") == other.row.get("02.40") and any(r.get("03.10") == other.row.get("03.10") for r in s)
                for s in known.pl.huwelijk
            )
            return "Ja" if married else "Nee_nooit"
        s1, s2 = self.verbintenissen(o1.pl, o2.bsn), self.verbintenissen(o2.pl, o1.bsn)
        if not s1 or not s2:
            return "Nee_nooit"
        def actueel(stapels: list[list[Row]]) -> bool:
            return any((r := geldig(s)[0]).get("06.10") and not r.get("07.10") for s in stapels)

        if actueel(s1) and actueel(s2):
            return "Ja" if not self.overleden(o1.pl) and not self.overleden(o2.pl) else "Nee"
        ended = [geldig(s)[0] for s in s1 + s2]
        if all(r.get("07.40") == "S" and _int(r.get("07.10")) < self.geboortedatum for r in ended):
            return "Nee_nooit"
        return "Nee"

    def nu_gehuwd(self) -> bool:
        try:
            return self.ouders_nu_gehuwd() == "Ja"
        except Ontbreekt:
            return False

    def geemigreerd_geweest(self) -> bool:
        """1.3 (skipped, as Nee, when the parents are married to each other now)."""
        if self.nu_gehuwd():
            return False
        if not self.persoon.get("03.30"):
            raise Ontbreekt("Geboorteland van bevraagde persoon")
        return self.persoon["03.30"] == "6030" and bool(current(self.pl.verblijfplaats).get("14.20"))

    def buitenland_geboren(self) -> bool:
        """1.3a (skipped, as Nee, when the parents are married to each other now)."""
        if self.nu_gehuwd():
            return False
        if not self.persoon.get("03.30"):
            raise Ontbreekt("Geboorteland van bevraagde persoon")
        return self.persoon["03.30"] != "6030"

    def recente_gebeurtenis(self) -> bool:
        """3.1: after the court's decision, an adoption or the parents' marriage gave gezag by law again."""
        gv = current(self.pl.gezagsverhouding)
        indicatie = gv.get("32.10")
        if indicatie == "12" and not self.twee_ouders():
            return True
        if not gv.get("85.10"):
            raise Ontbreekt("ingangsdatum geldigheid van gezagsverhouding")
        ingang = _int(gv["85.10"])
        o1, o2 = self.ouder(1), self.ouder(2)
        if self.geadopteerd() and o1 and o2 and o1.row.get("62.10") and o2.row.get("62.10"):
            if _int(o1.row["62.10"]) >= ingang or _int(o2.row["62.10"]) >= ingang:
                return True
        if indicatie in ("1", "2") and self.twee_ouders() and o1 and o2 and o1.bsn and o2.bsn and o1.pl and o2.pl:
            return self._gehuwd_na(o1.pl, o2.bsn, ingang) and self._gehuwd_na(o2.pl, o1.bsn, ingang)
        return False

    def _gehuwd_na(self, pl: Feiten, partner: str, ingang: int) -> bool:
        rows = [r for s in self.verbintenissen(pl, partner) for r in geldig(s) if r.get("06.10") or r.get("07.10")]
        if len(rows) < 2:
            return False
        latest = max((_int(r.get("06.10")) for r in rows), default=0)
        return latest >= ingang

    def hoeveel_ouders(self) -> str:
        if any(not o.bekend for o in self.ouders if o.row.get("02.40") == "."):
            return "1_of_2_puntouders"
        return {0: "Geen_ouders", 1: "Een_ouder"}.get(len(self.ouders), "Twee_ouders")

    def erkenning_na_2023(self) -> str:
        """2a.3: Na (joint gezag), Voor_ouder1 / Voor_ouder2 (that parent has gezag by law), Voor (unknown who)."""
        o1, o2 = self.ouder(1), self.ouder(2)
        assert o1 is not None and o2 is not None
        erkend = _akte(self.pl.persoon, AKTE_ERKENNING | {AKTE_GEBOORTE})
        if erkend:
            for o in (o1, o2):
                if not o.row.get("62.10"):
                    raise Ontbreekt(f"datum ingang familiebetrekking van ouder {o.slot}")
            if max(_int(o1.row["62.10"]), _int(o2.row["62.10"])) >= ERKENNINGSWET:
                return "Na"
        door1, door2 = _akte(o1.rows, AKTE_ERKENNING), _akte(o2.rows, AKTE_ERKENNING)
        if door1 != door2:
            return "Voor_ouder2" if door1 else "Voor_ouder1"
        if self.geboortedatum >= ERKENNINGSWET:
            return "Na"
        vrouw1, vrouw2 = o1.row.get("04.10") == "V", o2.row.get("04.10") == "V"
        if vrouw1 != vrouw2:
            return "Voor_ouder1" if vrouw1 else "Voor_ouder2"
        return "Voor"

    def staande_huwelijk(self) -> tuple[Ouder, Feiten | None, str | None] | None:
        """2b.1: the parent who was married (or a partner) at the birth, that spouse's PL and BSN; None: no one."""
        found = None
        for o in self.ouders:
            if not o.bekend:
                continue
            if o.pl is not None and self.in_rni(o.pl):
                raise Ontbreekt(f"ouder{o.slot} van bevraagde persoon is niet in BRP geregistreerd")
            other = self.ouder(3 - o.slot)
            if o.pl is None or (other is not None and _akte(other.rows, AKTE_ONTKENNING)):
                continue
            # An adopted child: the parent's marriage on the day the family relation began (62.10) counts.
            peildatum = _int(o.row.get("62.10")) if self.geadopteerd() and o.row.get("62.10") else self.geboortedatum
            for stapel in o.pl.huwelijk:
                start, end = self.periode(stapel)
                if start and start <= peildatum and (end is None or end > peildatum):
                    partner = stapel[0].get("01.20") or None
                    found = (o, self.pl_van(partner) if partner else None, partner)
        return found

    # -- the outcome ----------------------------------------------------------------------------------------

    def relatie(self, type_: str, regel: str, *, ouders: tuple[str, ...] = (), ouder: str | None = None,
                derde: str | None = None, derden: tuple[str, ...] = (), toelichting: str | None = None) -> GezagRelatie:
        return GezagRelatie(type_, self.bsn, ouders=ouders, ouder=ouder, derde=derde, derden=derden,  # type: ignore[arg-type]
                            toelichting=toelichting, regel=regel)

    def niet_te_bepalen(self, toelichting: str, regel: str) -> GezagRelatie:
        return self.relatie(NIET_TE_BEPALEN, regel, toelichting=toelichting)

    def tijdelijk_geen(self, reden: str, regel: str) -> GezagRelatie:
        return self.relatie(TIJDELIJK_GEEN, regel, toelichting=f"Tijdelijk geen gezag omdat {reden}")

    def eenhoofdig(self, o: Ouder, regel: str) -> GezagRelatie:
        if not o.bsn:
            return self.niet_te_bepalen(ONTBREKEN.format(f"burgerservicenummer van ouder{o.slot}"), regel)
        return self.relatie("EenhoofdigOuderlijkGezag", regel, ouder=o.bsn)

    def gezamenlijk(self, regel: str) -> GezagRelatie:
        missing = [f"burgerservicenummer van ouder{o.slot}" for o in self.ouders if not o.bsn]
        if missing:
            return self.niet_te_bepalen(ONTBREKEN.format(", ".join(missing)), regel)
        return self.relatie("GezamenlijkOuderlijkGezag", regel, ouders=tuple(o.bsn for o in self.ouders if o.bsn))

    def bepaal(self) -> GezagRelatie | None:
        """The gezag over the minor; None when it does not apply (an adult, a minor who died)."""
        try:
            relatie = self._bepaal()
        except Ontbreekt as exc:
            relatie = self.niet_te_bepalen(ONTBREKEN.format(exc), "e")
        if relatie is not None and relatie.type != NIET_TE_BEPALEN and self.onderzoek():
            relatie = dataclasses.replace(relatie, in_onderzoek=True)
        return relatie

    def onderzoek(self) -> bool:
        """Whether facts the determination reads are in onderzoek: the minor's persoon, ouders and
        gezagsverhouding, and the parents' marriages with each other."""
        pl = self.pl
        if in_onderzoek(pl.persoon, GEBRUIKT_PERSOON) or in_onderzoek(pl.gezagsverhouding, GEBRUIKT_GEZAGSVERHOUDING):
            return True
        for o in self.ouders:
            if in_onderzoek(o.rows, GEBRUIKT_OUDER):
                return True
            if o.pl is None:
                continue
            if any(in_onderzoek(getattr(o.pl, category), elements) for category, elements in GEBRUIKT_OUDER_PL.items()):
                return True
            other = self.ouder(3 - o.slot)
            if other is not None and any(in_onderzoek(s, GEBRUIKT_HUWELIJK) for s in self.verbintenissen(o.pl, other.bsn)):
                return True
        return False

    def _bepaal(self) -> GezagRelatie | None:
        # 1.2 before 1.1: the BRP asks gezag over minors only; an adult or a deceased minor has no gezag relation
        # whatever their verblijfplaats (routes 2m, 2o).
        if self.overleden(self.pl):
            opschorting = _int(current(self.pl.inschrijving).get("67.10"))
            if opschorting and opschorting < self.geboortedatum + MEERDERJARIG:
                return None
        if not self.minderjarig(self.persoon.get("03.10")):
            return None
        verblijf = current(self.pl.verblijfplaats)
        if not verblijf:
            raise Ontbreekt("verblijfplaats van bevraagde persoon")
        if not verblijf.get("09.10"):
            raise Ontbreekt("gemeente van inschrijving van bevraagde persoon")
        if verblijf["09.10"] == RNI_GEMEENTE:
            return self.niet_te_bepalen(NIET_IN_NEDERLAND, "1")
        if self.geemigreerd_geweest():
            return self.niet_te_bepalen(BUITEN_NEDERLAND, "3")
        if self.buitenland_geboren() and not self.geadopteerd():
            return self.niet_te_bepalen(BUITENLAND_GEBOREN, "3a")
        gv = current(self.pl.gezagsverhouding)
        if gv.get("32.10") in INDICATIES and not self.recente_gebeurtenis():
            return self._uitspraak(gv["32.10"])
        return self._van_rechtswege()

    def _uitspraak(self, indicatie: str) -> GezagRelatie:
        """3.2: gezag as the court decided it (routes 4-14)."""
        if indicatie == "D":
            return self.relatie("Voogdij", "6")
        if indicatie == "12":
            return self._beide_ouders("7")
        slot = int(indicatie[0])
        o = self.ouder(slot)
        if o is None:
            raise Ontbreekt(f"ouder{slot} van bevraagde persoon")
        if indicatie.endswith("D"):
            reden = self.onbevoegd(o.pl, o.row)
            if reden is None:
                if not o.bsn:
                    return self.niet_te_bepalen(ONTBREKEN.format(f"burgerservicenummer van ouder{slot}"), "4")
                return self.relatie("GezamenlijkGezag", "4n" if slot == 1 else "5n", ouder=o.bsn, derde="onbekend")
            return self.relatie("Voogdij", f"{3 + slot}o{slot}")
        return self._een_ouder_bevoegd(o, "11" if slot == 1 else "13")

    def _een_ouder_bevoegd(self, o: Ouder, regel: str) -> GezagRelatie:
        """4a.3 for the one relevant parent (the other is irrelevant: a decision, erkenning, or absent)."""
        reden = self.onbevoegd(o.pl, o.row)
        if reden is not None:
            return self.tijdelijk_geen(EEN_OUDER[reden], regel + reden)
        return self.eenhoofdig(o, regel)

    def _beide_ouders(self, regel: str, geen_moeder: bool = False) -> GezagRelatie:
        """4a.2 with two relevant parents: joint gezag, or the one who can, or tijdelijk geen gezag."""
        o1, o2 = self.ouder(1), self.ouder(2)
        if o1 is None or o2 is None:
            raise Ontbreekt("Van de bevraagde persoon zijn geen twee ouders bekend")
        r1, r2 = self.onbevoegd(o1.pl, o1.row), self.onbevoegd(o2.pl, o2.row)
        if r1 and r2:
            return self.tijdelijk_geen(BEIDE_OUDERS["".join(sorted(r1 + r2))], regel + "".join(sorted(r1 + r2)))
        if r1:
            return self.eenhoofdig(o2, regel)
        if r2:
            return self.eenhoofdig(o1, regel)
        if geen_moeder:
            return self.niet_te_bepalen(GEBOORTEMOEDER, "54")
        return self.gezamenlijk(regel)

    def _van_rechtswege(self) -> GezagRelatie:
        """2.1 onwards: gezag by law, from the parents' relation (routes 37-58)."""
        aantal = self.hoeveel_ouders()
        if aantal == "Geen_ouders":
            return self.relatie(TIJDELIJK_GEEN, "37", toelichting=OUDERS_ONBEKEND)
        if aantal == "1_of_2_puntouders":
            return self.niet_te_bepalen(PUNTOUDER, "38")
        if aantal == "Een_ouder":
            return self._een_ouder()
        gehuwd = self.ouders_nu_gehuwd()
        if gehuwd == "Ja":
            return self._beide_ouders("49")
        if gehuwd == "Nee":
            return self._beide_ouders("45")
        if self.geadopteerd():
            return self._beide_ouders("55")
        erkenning = self.erkenning_na_2023()
        if erkenning == "Na":
            return self._beide_ouders("53n")
        if erkenning == "Voor":
            return self._beide_ouders("53", geen_moeder=True)
        o = self.ouder(1 if erkenning == "Voor_ouder1" else 2)
        assert o is not None
        return self._een_ouder_bevoegd(o, "54v" + str(o.slot))

    def _een_ouder(self) -> GezagRelatie:
        """One legal parent: alone, or with the spouse or partner at the birth (2b.1, 4b.1; routes 39-44)."""
        staande = self.staande_huwelijk()
        o = self.ouders[0]
        if staande is None:
            reden = self.onbevoegd(o.pl, o.row)
            if reden is not None:
                return self.tijdelijk_geen(EEN_OUDER[reden], "39" + reden)
            return self.eenhoofdig(o, "40o" + str(o.slot))
        o, partner_pl, partner = staande
        if partner_pl is None:
            raise Ontbreekt("niet-ouder van bevraagde persoon is niet in BRP geregistreerd")
        ouder_reden, partner_reden = self.onbevoegd(o.pl, o.row), self.onbevoegd(partner_pl)
        if ouder_reden and partner_reden:
            return self.tijdelijk_geen(OUDER_EN_NIET_OUDER[ouder_reden + partner_reden], "44" + ouder_reden + partner_reden)
        if partner_reden:
            return self.eenhoofdig(o, "42no" + str(o.slot))
        if ouder_reden:
            return self.relatie("Voogdij", "43o" + str(o.slot), derden=(partner,) if partner else ())
        if not o.bsn:
            return self.niet_te_bepalen(ONTBREKEN.format(f"burgerservicenummer van ouder{o.slot}"), "41")
        return self.relatie("GezamenlijkGezag", "41", ouder=o.bsn, derde=partner)



def bepaal(world: "World", pl: Feiten, day: dt.date) -> GezagRelatie | None:
    """The gezag over the person of `pl` on `day` by the official rules; None when gezag does not apply."""
    return Bepaling(world, pl, day).bepaal()


LANDCODES = {naam: code for code, naam in LANDEN.items()}
REDEN_ONTBINDING = {"echtscheiding": "S", "overlijden": "O", "nietigverklaring": "N", "ontbinding": "E"}


def _gba(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"  # strftime costs a quarter of persoonslijst_van


def persoonslijst_van(world: "World", p: Persoon, day: dt.date) -> ModelFeiten:
    """A person of the scenario model (`persons`) as the GBA facts the questions read, so that one set of rules
    decides for both ways of writing a person: born in the Netherlands with a geboorteakte, the parents as
    categories 02/03 since the birth, the marriages and partnerships of `partners` as category 05, curatele on
    `day` as 11.33.10, a death as opschorting "O", living abroad as gemeente 1999 (RNI)."""
    persoon = {"01.20": p.bsn, "02.40": p.naam.geslachtsnaam, "03.10": _gba(p.geboortedatum), "04.10": p.geslacht,
               "03.30": LANDCODES.get(p.geboorteland or "Nederland", "0000"), "81.20": "1AA0100"}
    ouders: list[list[Row] | None] = []
    for bsn in p.ouders[:2]:
        ouder = world.persons.get(bsn)
        row = {"01.20": bsn, "62.10": persoon["03.10"], "81.20": "1AA0100"}
        if ouder is not None:
            row.update({"02.40": ouder.naam.geslachtsnaam, "03.10": _gba(ouder.geboortedatum), "04.10": ouder.geslacht})
        ouders.append([row])
    ouders += [None] * (2 - len(ouders))
    huwelijk = []
    for partnerschap in world.partnerships_of(p.bsn):
        soort = "P" if partnerschap.soort == "partnerschap" else "H"
        start = {"01.20": partnerschap.partner, "06.10": _gba(partnerschap.sinds), "15.10": soort}
        if partnerschap.tot is None:
            huwelijk.append([start])
        else:
            reden = REDEN_ONTBINDING.get(partnerschap.reden_ontbinding or "echtscheiding", "S")
            huwelijk.append([{"01.20": partnerschap.partner, "07.10": _gba(partnerschap.tot), "07.40": reden, "15.10": soort}, start])
    # A person of the model without an address is one whose address the scenario leaves out, not one who is
    # not registered: ingezetene of an unnamed gemeente ("0000"); living abroad is RNI (1999).
    gemeente = p.gemeente_van_inschrijving or "0000"
    overleden = p.overlijdensdatum is not None and p.overlijdensdatum <= day
    return ModelFeiten(
        persoon=[persoon],
        ouder_1=ouders[0],
        ouder_2=ouders[1],
        huwelijk=huwelijk,
        verblijfplaats=[{"09.10": gemeente}],
        inschrijving=[{"67.10": _gba(p.overlijdensdatum), "67.20": "O"}] if overleden and p.overlijdensdatum else None,
        gezagsverhouding=[{"33.10": "1"}] if world.under_curatele(p.bsn, day) else None,
    )
