"""Step definitions of the official gezag features: the expressive persona steps and the gezag answers.

"Gegeven de persoon 'Gerda' met burgerservicenummer '000000012'", "* is meerderjarig", "'Gerda' en 'Aart' zijn
8 jaar geleden gehuwd", "'Bert' is erkend door 'Aart' …", "Als 'gezag' wordt gevraagd van 'Bert'", "Dan is het
gezag over 'Bert' gezamenlijk ouderlijk gezag met ouder 'Gerda' en ouder 'Aart'": each phrase writes the GBA
elements the official step definitions write (features/step_definitions/expressief, persona), on the named
persons of steps_persona.py, and the expected answer the way their gezagsrelatie.js builds it for BRP API Personen
(minderjarige with burgerservicenummer, volledigeNaam and leeftijd; ouders with burgerservicenummer and
volledigeNaam)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from simulator.scenario.clock import age_on
from simulator.scenario.gba import ELEMENTS

from .steps import GEZAG_STUB, Context, NotApplicable, Table, Unsupported, expected_object, gba_row, relative_date, step
from .steps_persona import bring_forward, create, new_person, persona

Pl = dict[str, Any]
Row = dict[str, str]
LANDEN = {"Nederland": "6030", "Duitsland": "6029", "België": "5010", "Verenigde Staten van Amerika": "6014"}
AKTE = {"erkenning bij geboorteaangifte": "B", "erkenning na geboorteaangifte": "C", "erkenning bij notariële akte": "J",
        "gerechtelijke vaststelling ouderschap": "V"}


def persoon(pl: Pl) -> Row:
    return pl["persoon"][0]  # type: ignore[no-any-return]


def properties(pl: Pl, category: str) -> Row:
    """The person's own current elements that a row of `category` about them (ouder, huwelijk) repeats."""
    allowed = ELEMENTS[category]
    return {k: v for k, v in persoon(pl).items() if k in allowed and not k.startswith(("8", "6"))}


def date(c: Context, text: str) -> str:
    """A date phrase of the features as a GBA date: '7 jaar geleden', 'gisteren - 17 jaar', '1-3-2022'."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text):
        return f"{m[3]}{int(m[2]):02d}{int(m[1]):02d}"
    if m := re.fullmatch(r"vandaag (\d+) jaar geleden", text):
        text = f"vandaag - {m[1]} jaar"
    value = relative_date(text, c.today, iso=False)
    if not re.fullmatch(r"\d{8}", value):
        raise Unsupported(f"date phrase {text!r}")
    return value


def setup(c: Context, t: Table | None) -> Row:
    return gba_row(t or [], c.today)


def stapel_met(pl: Pl, bsn: str | None, name: str) -> list[Row] | None:
    for stapel in reversed(pl.get("huwelijk", [])):
        row = stapel[0]
        if (bsn and row.get("01.20") == bsn) or (not bsn and row.get("02.40") == name):
            return stapel  # type: ignore[no-any-return]
    return None


def ouders_van(kind: Pl) -> list[Row]:
    return [kind[k][0] for k in ("ouder_1", "ouder_2") if kind.get(k)]


# -- personen -----------------------------------------------------------------------------------------------------

@step(r"zijn van ouder ([12]) de volgende gegevens (gewijzigd|gecorrigeerd)")
def _ouder_gewijzigd(c: Context, t: Table | None, slot: str, how: str) -> None:
    rows = c.pl.get(f"ouder_{slot}")
    if not rows:
        raise Unsupported(f"a change of ouder {slot} before it was given")
    old = dict(rows[0])
    if how == "gecorrigeerd":
        rows[0] = {**old, "84.10": "O"}
    rows.insert(0, {**{k: v for k, v in old.items() if not k.startswith("8")}, **setup(c, t)})


@step(r"(?:'([^']*)' )?is (gisteren|vandaag|\d+ jaar geleden) geboren")
def _geboren(c: Context, t: Table | None, name: str | None, when: str) -> None:
    persoon(persona(c, name))["03.10"] = date(c, when)


@step(r"is (\d+) jaar geleden als vondeling geboren")
def _vondeling(c: Context, t: Table | None, jaren: str) -> None:
    kind = c.pl
    persoon(kind)["03.10"] = date(c, f"{jaren} jaar geleden")
    kind["ouder_1"] = [{"02.40": ".", "62.10": persoon(kind)["03.10"]}]


@step(r"is (?:in Nederland geboren|geboren in Nederland)")
def _in_nederland(c: Context, t: Table | None) -> None:
    persoon(c.pl).update({"03.30": "6030", "81.20": "1AA0100"})


@step(r"is geboren in (.+)")
def _geboren_in(c: Context, t: Table | None, land: str) -> None:
    if land not in LANDEN:
        raise Unsupported(f"land {land!r}")
    persoon(c.pl)["03.30"] = LANDEN[land]


def _opschorten(pl: Pl, datum: str, reden: str) -> None:
    pl.setdefault("inschrijving", [{}])[0].update({"67.10": datum, "67.20": reden})


# -- personas as a starting point (persona/gegeven-stepdefs-persona.js) ------------------------------------------

OUDER1, OUDER2, KIND, PARTNER = "000000101", "000000102", "000000103", "000000106"
MINDERJARIG, MEERDERJARIG = "gisteren - 16 jaar", "morgen - 37 jaar"


def _gegeven(c: Context, name: str, bsn: str, geboren: str, land: str, geslacht: str) -> Pl:
    """The official gegevenDePersoon: a persona with these facts, unless it was given already."""
    return new_person(c, name, bsn, date(c, geboren), land, geslacht)


def _bijpersoon(c: Context, name: str, row: Row) -> None:
    """A person the step names in passing (a parent or spouse without BSN): the steps stay about the same person."""
    if name in c.named:
        return
    about = c.pl
    create(c, name, {"02.40": name, **row})
    bring_forward_pl(c, about)


def bring_forward_pl(c: Context, pl: Pl) -> None:
    c.persoonslijsten.remove(pl)
    c.persoonslijsten.append(pl)


@step(r"de meerderjarige persoon '([^']*)'")
def _meerderjarige(c: Context, t: Table | None, name: str) -> None:
    pl = _gegeven(c, name, PARTNER, MEERDERJARIG, "6030", "M")
    _verblijf(pl, {"09.10": "0518"}, new=False)
    bring_forward(c, name)


GEBOREN = r"de (minderjarige|meerderjarige|(?:op )?\d{1,2}-\d{1,2}-\d{4}|(?:gisteren |vandaag |morgen )?\d{1,2} jaar geleden) (?:geboren )?persoon"


def _geboortedatum(c: Context, wanneer: str) -> str:
    if wanneer == "minderjarige":
        return MINDERJARIG
    if wanneer == "meerderjarige":
        return MEERDERJARIG
    return date(c, wanneer.removeprefix("op "))


def _kind_met(c: Context, geboren: str, kind: str, ouders: list[str], gehuwd: bool, partner: str | None = None) -> None:
    _gegeven(c, ouders[0], OUDER1, MEERDERJARIG, "6030", "V")
    if len(ouders) > 1:
        _gegeven(c, ouders[1], OUDER2, MEERDERJARIG, "6030", "M")
    if partner:
        _gegeven(c, partner, OUDER2, MEERDERJARIG, "6030", "V")
    if gehuwd:
        _huw(c, ouders[0], partner or ouders[1], {"06.10": date(c, "gisteren - 20 jaar"), "06.20": "0518", "06.30": "6030",
                                                 "15.10": "H", "81.20": "3XA1224"})
    pl = _gegeven(c, kind, KIND, geboren, "6030", "M")
    _verblijf(pl, {"09.10": "0518"}, new=False)
    _als_ouders(c, pl, ouders)
    bring_forward(c, kind)


@step(GEBOREN + r" '([^']*)' met twee (gehuwde|ongehuwde) ouders '([^']*)' en '([^']*)'")
def _kind_twee_ouders(c: Context, t: Table | None, wanneer: str, kind: str, soort: str, a: str, b: str) -> None:
    _kind_met(c, _geboortedatum(c, wanneer), kind, [a, b], soort == "gehuwde")


@step(GEBOREN + r" '([^']*)' met twee ouders '([^']*)' en '([^']*)' die ten tijde van de geboorte van de minderjarige niet met elkaar gehuwd waren")
def _kind_ongehuwde_ouders(c: Context, t: Table | None, wanneer: str, kind: str, a: str, b: str) -> None:
    _kind_met(c, _geboortedatum(c, wanneer), kind, [a, b], False)


@step(GEBOREN + r" '([^']*)' met één ouder '([^']*)'")
def _kind_een_ouder(c: Context, t: Table | None, wanneer: str, kind: str, ouder: str) -> None:
    _kind_met(c, _geboortedatum(c, wanneer), kind, [ouder], False)


@step(r"de minderjarige persoon '([^']*)' met één ouder '([^']*)' die gehuwd is met '([^']*)'")
def _kind_ouder_gehuwd(c: Context, t: Table | None, kind: str, ouder: str, partner: str) -> None:
    _kind_met(c, MINDERJARIG, kind, [ouder], True, partner=partner)


# -- verblijfplaats -----------------------------------------------------------------------------------------------

def _verblijf(pl: Pl, row: Row, new: bool) -> None:
    rows = pl.setdefault("verblijfplaats", [])
    if new or not rows:
        rows.insert(0, row)
    else:
        rows[0].update(row)


@step(r"is (?:niet geëmigreerd geweest|ingeschreven met een tijdelijke verblijfplaats in Nederland)")
def _niets(c: Context, t: Table | None) -> None:
    """As the official steps: nothing to set up."""


@step(r"is geëmigreerd geweest")
def _geemigreerd_geweest(c: Context, t: Table | None) -> None:
    _verblijf(c.pl, {"09.10": "0518", "14.20": date(c, "vandaag - 1 jaar")}, new=True)


@step(r"(?:(?:de persoon )?'([^']*)' )?is (?:op )?(.+) geïmmigreerd(?: naar Nederland)?")
def _geimmigreerd(c: Context, t: Table | None, name: str | None, when: str) -> None:
    pl = persona(c, name)
    row = {"09.10": "0518", "14.20": date(c, when)}
    vorig = (pl.get("verblijfplaats") or [{}])[0]
    if vorig.get("13.10"):
        row["14.10"] = vorig["13.10"]
    _verblijf(pl, row, new=True)


@step(r"(?:(?:de persoon )?'([^']*)' )?is (.+) geëmigreerd (?:naar (.+)|met onbekende bestemming)")
def _geemigreerd(c: Context, t: Table | None, name: str | None, when: str, land: str | None) -> None:
    pl = persona(c, name)
    datum = date(c, when)
    _verblijf(pl, {"09.10": "1999", "13.10": LANDEN.get(land or "", "0000"), "13.20": datum}, new=True)
    _opschorten(pl, datum, "E")


# -- ouders, erkenning, adoptie, ontkenning -----------------------------------------------------------------------

def _ouder_row(kind: Pl, ouder: Pl | None, extra: Row) -> Row:
    row = properties(ouder, "ouder") if ouder is not None else {}
    return {**row, **extra}


def _kind_van(c: Context, ouder: Pl, kind: Pl, akte: str | None) -> None:
    p = persoon(kind)
    row = {k: v for k, v in p.items() if k in ("01.20", "02.10", "02.30", "02.40", "03.10")}
    if akte:
        row["81.20"] = akte
    ouder.setdefault("kind", []).append([row])


def _zet_ouder(kind: Pl, slot: str, row: Row) -> None:
    rows = kind.get(f"ouder_{slot}")
    if rows:
        rows.insert(0, row)
    else:
        kind[f"ouder_{slot}"] = [row]


def _als_ouders(c: Context, kind: Pl, names: list[str]) -> None:
    for slot, name in enumerate(names, start=1):
        ouder = persona(c, name)
        p = persoon(kind)
        extra = {k: v for k, v in (("81.20", p.get("81.20")), ("82.30", p.get("82.30"))) if v}
        if p.get("03.10"):
            extra["62.10"] = p["03.10"]
        _zet_ouder(kind, str(slot), _ouder_row(kind, ouder, extra))
        if persoon(ouder).get("01.20"):
            _kind_van(c, ouder, kind, p.get("81.20"))


@step(r"heeft '([^']*)' als ouder ([12])(?: met de volgende gegevens)?")
def _als_ouder_n(c: Context, t: Table | None, name: str, slot: str) -> None:
    kind, ouder = c.pl, persona(c, name)
    extra = setup(c, t) if t else {"62.10": date(c, "gisteren - 17 jaar")}
    _zet_ouder(kind, slot, {**{k: v for k, v in persoon(ouder).items() if k in ("01.20", "02.40")}, **extra})
    if persoon(ouder).get("01.20"):
        _kind_van(c, ouder, kind, "1AA0100")


@step(r"heeft '([^']*)' als ouder die niet met burgerservicenummer is ingeschreven in de BRP")
def _ouder_zonder_bsn(c: Context, t: Table | None, name: str) -> None:
    kind = c.pl
    _bijpersoon(c, name, {"03.10": date(c, "gisteren - 45 jaar")})
    slot = "2" if kind.get("ouder_1") else "1"
    _zet_ouder(kind, slot, _ouder_row(kind, persona(c, name), {"62.10": persoon(kind).get("03.10", "")}))


def _erken(c: Context, kind: Pl, ouder_name: str, soort: str, datum: str | None, slot: str | None) -> None:
    ouder = persona(c, ouder_name)
    akte = f"1A{soort}0100"
    slot = slot or ("1" if not kind.get("ouder_1") and not kind.get("ouder_2") else "2")
    datum = datum or persoon(kind).get("03.10", "")
    _zet_ouder(kind, slot, _ouder_row(kind, ouder, {"81.20": akte, "62.10": datum}))
    p = persoon(kind)
    kind["persoon"].insert(0, {**{k: v for k, v in p.items() if not k.startswith("8")}, "81.20": akte})
    if persoon(ouder).get("01.20"):
        _kind_van(c, ouder, kind, akte)


ERKENNING = {"bij geboorteaangifte": "B", "na geboorteaangifte": "C", "bij notariële akte": "J",
             "met gerechtelijke vaststelling ouderschap": "V", "als ongeboren vrucht": "A"}


@step(r"'([^']*)' is erkend door '([^']*)' ?(bij geboorteaangifte|na geboorteaangifte|bij notariële akte|"
      r"met gerechtelijke vaststelling ouderschap|als ongeboren vrucht)? ?(?:op (\S+))?")
def _erkend(c: Context, t: Table | None, kind: str, ouder: str, how: str | None, when: str | None) -> None:
    soort = ERKENNING.get(how or "", "C")
    _erken(c, persona(c, kind), ouder, soort, date(c, when) if when and soort != "B" else None, None)


@step(r"'([^']*)' is (.+) erkend door '([^']*)'")
def _erkend_geleden(c: Context, t: Table | None, kind: str, when: str, ouder: str) -> None:
    _erken(c, persona(c, kind), ouder, "C", date(c, when), None)


@step(r"is erkend door '([^']*)' als ouder ([12]) met (erkenning bij geboorteaangifte|erkenning na geboorteaangifte|"
      r"erkenning bij notariële akte|gerechtelijke vaststelling ouderschap)(?: op (\S+))?")
def _erkend_als(c: Context, t: Table | None, ouder: str, slot: str, how: str, when: str | None) -> None:
    _erken(c, c.pl, ouder, AKTE[how], date(c, when) if when else None, slot)


def _adopteer(c: Context, kind: Pl, names: list[str], datum: str, slots: list[str] | None = None, document: str | None = None) -> None:
    akte = {"82.30": document} if document else {"81.20": "1AQ0100"}
    current = [r for r in ouders_van(kind)]
    if slots is None:
        if not current or current[0].get("02.40") == "." or len(names) == 2:
            slots = ["1", "2"][: len(names)]
        else:
            slots = ["2"]
    for slot, name in zip(slots, names):
        ouder = persona(c, name)
        _zet_ouder(kind, slot, _ouder_row(kind, ouder, {**akte, "62.10": datum}))
        if persoon(ouder).get("01.20"):
            _kind_van(c, ouder, kind, akte.get("81.20"))
    p = persoon(kind)
    kind["persoon"].insert(0, {**{k: v for k, v in p.items() if not k.startswith("8")}, **akte})


@step(r"'([^']*)' is (?:(.+) )?geadopteerd door '([^']*)'(?: en '([^']*)')?")
def _geadopteerd(c: Context, t: Table | None, kind: str, when: str | None, a: str, b: str | None) -> None:
    _adopteer(c, persona(c, kind), [a, b] if b else [a], date(c, when or "10 jaar geleden"))


@step(r"'([^']*)' is op (\S+) geadopteerd door '([^']*)' en '([^']*)'")
def _geadopteerd_op(c: Context, t: Table | None, kind: str, when: str, a: str, b: str) -> None:
    _adopteer(c, persona(c, kind), [a, b], date(c, when))


@step(r"'([^']*)' is in het buitenland geadopteerd door '([^']*)' en '([^']*)' op (\S+) met document '([^']*)'")
def _buitenlands_geadopteerd(c: Context, t: Table | None, kind: str, a: str, b: str, when: str, document: str) -> None:
    _adopteer(c, persona(c, kind), [a, b], date(c, when), document=document)


@step(r"(?:'([^']*)' )?is geadopteerd door '([^']*)' als ouder ([12])(?: met de volgende gegevens)?")
def _geadopteerd_als(c: Context, t: Table | None, kind: str | None, ouder: str, slot: str) -> None:
    pl = persona(c, kind)
    extra = setup(c, t) if t else {}
    _adopteer(c, pl, [ouder], extra.pop("62.10", date(c, "10 jaar geleden")), slots=[slot])
    pl[f"ouder_{slot}"][0].update(extra)


@step(r"de adoptie van '([^']*)' is herroepen voor '([^']*)' als ouder ([12])")
def _herroepen(c: Context, t: Table | None, kind: str, ouder: str, slot: str) -> None:
    pl = persona(c, kind)
    p = persoon(pl)
    pl["persoon"][0] = {**p, "84.10": "O"}
    pl["persoon"].insert(0, {**{k: v for k, v in p.items() if not k.startswith("8")}, "81.20": "1AR0200"})
    rows = pl.get(f"ouder_{slot}") or [{}]
    rows[0] = {**rows[0], "84.10": "O"}
    o = persoon(persona(c, ouder))
    rows.insert(0, {**{k: v for k, v in o.items() if k in ("01.20", "02.40")}, "62.10": date(c, "morgen - 2 jaar")})


def _ontken(c: Context, kind: Pl, ouder: Pl, datum: str) -> None:
    bsn = persoon(ouder).get("01.20")
    slot = "2" if kind.get("ouder_2") and kind["ouder_2"][0].get("01.20") == bsn else "1"
    rows = kind[f"ouder_{slot}"]
    rows[0] = {**rows[0], "84.10": "O"}
    rows.insert(0, {"81.20": "1AE0100", "85.10": datum})


@step(r"(.+) heeft '([^']*)' het ouderschap ontkend")
def _ontkend(c: Context, t: Table | None, when: str, ouder: str) -> None:
    _ontken(c, c.pl, persona(c, ouder), date(c, when))


@step(r"'([^']*)' heeft ontkend vader te zijn van '([^']*)'")
def _ontkend_vader(c: Context, t: Table | None, ouder: str, kind: str) -> None:
    pl = persona(c, kind)
    _ontken(c, pl, persona(c, ouder), persoon(pl).get("03.10", ""))


# -- huwelijk en partnerschap -------------------------------------------------------------------------------------

def _partner_id(pl: Pl) -> Row:
    return {k: v for k, v in persoon(pl).items() if k in ("01.20", "02.40")}


def _huw(c: Context, a: str, b: str, extra: Row) -> None:
    pa, pb = persona(c, a), persona(c, b)
    pa.setdefault("huwelijk", []).append([{**properties(pb, "huwelijk"), **extra}])
    pb.setdefault("huwelijk", []).append([{**properties(pa, "huwelijk"), **extra}])


def _verbintenis(c: Context, datum: str, soort: str) -> Row:
    return {"06.10": datum, "06.20": "0518", "06.30": "6030", "15.10": "P" if "partnerschap" in soort else "H"}


def _ontbind(c: Context, a: str, b: str, extra: Row) -> None:
    pa, pb = persona(c, a), persona(c, b)
    for own, other in ((pa, pb), (pb, pa)):
        stapel = stapel_met(own, persoon(other).get("01.20"), persoon(other)["02.40"])
        if stapel is None:
            raise Unsupported(f"{a} and {b} are not married to each other")
        stapel.insert(0, {**_partner_id(other), **extra})


SOORT = r"(gehuwd|een geregistreerd partnerschap aangegaan)"


@step(rf"'([^']*)' en '([^']*)' zijn (?:opnieuw )?{SOORT} op (\S+)")
def _gehuwd_datum(c: Context, t: Table | None, a: str, b: str, soort: str, when: str) -> None:
    _huw(c, a, b, _verbintenis(c, date(c, when), soort))


@step(r"'([^']*)' en '([^']*)' zijn (.+) gehuwd en (.+) gescheiden")
def _gehuwd_en_gescheiden(c: Context, t: Table | None, a: str, b: str, sinds: str, tot: str) -> None:
    _huw(c, a, b, _verbintenis(c, date(c, sinds), "gehuwd"))
    _scheiding(c, a, b, date(c, tot))


@step(r"'([^']*)' is (.+) gehuwd met '([^']*)' die niet met burgerservicenummer is ingeschreven in de BRP")
def _gehuwd_zonder_bsn(c: Context, t: Table | None, a: str, when: str, b: str) -> None:
    _bijpersoon(c, b, {"03.10": date(c, "gisteren - 45 jaar")})
    _huw(c, a, b, _verbintenis(c, date(c, when), "gehuwd"))


def _scheiding(c: Context, a: str, b: str, datum: str, soort: str = "H", reden: str | None = "S") -> None:
    extra = {"07.10": datum, "07.20": "0518", "07.30": "6030", "15.10": soort}
    if reden:
        extra["07.40"] = reden
    _ontbind(c, a, b, extra)


@step(r"'([^']*)' en '([^']*)' zijn gescheiden")
def _gescheiden(c: Context, t: Table | None, a: str, b: str) -> None:
    _scheiding(c, a, b, date(c, "gisteren - 1 jaar"))


@step(r"'([^']*)' en '([^']*)' zijn (?:op )?(.+) gescheiden")
def _gescheiden_op(c: Context, t: Table | None, a: str, b: str, when: str) -> None:
    _scheiding(c, a, b, date(c, when))


@step(r"'([^']*)' en '([^']*)' zijn gescheiden met de volgende gegevens")
def _gescheiden_gegevens(c: Context, t: Table | None, a: str, b: str) -> None:
    _ontbind(c, a, b, setup(c, t))


@step(r"het geregistreerd partnerschap van '([^']*)' en '([^']*)' is (.+) ontbonden")
def _ontbonden(c: Context, t: Table | None, a: str, b: str, when: str) -> None:
    _scheiding(c, a, b, date(c, when), soort="P", reden=None)


@step(r"het huwelijk van '([^']*)' en '([^']*)' is (.+) nietig verklaard")
def _nietig(c: Context, t: Table | None, a: str, b: str, when: str) -> None:
    pa, pb = persona(c, a), persona(c, b)
    stapel = stapel_met(pa, persoon(pb).get("01.20"), persoon(pb)["02.40"])
    start = next((r for r in stapel or [] if r.get("06.10")), {})
    _ontbind(c, a, b, {"07.10": start.get("06.10", ""), "07.20": start.get("06.20", "0518"), "07.30": start.get("06.30", "6030"),
                       "07.40": "N", "15.10": "H", "85.10": date(c, when)})


@step(r"is het huwelijk van '([^']*)' en '([^']*)' gecorrigeerd met de volgende gegevens")
def _huwelijk_gecorrigeerd(c: Context, t: Table | None, a: str, b: str) -> None:
    pa, pb = persona(c, a), persona(c, b)
    for own, other in ((pa, pb), (pb, pa)):
        stapel = stapel_met(own, persoon(other).get("01.20"), persoon(other)["02.40"])
        if stapel is None:
            raise Unsupported(f"{a} and {b} are not married to each other")
        old = dict(stapel[0])
        stapel[0] = {**old, "84.10": "O"}
        stapel.insert(0, {**{k: v for k, v in old.items() if not k.startswith("8")}, **setup(c, t)})


# -- gezagsverhouding ---------------------------------------------------------------------------------------------

def _gezagsverhouding(pl: Pl, row: Row) -> None:
    pl.setdefault("gezagsverhouding", [{}])[0].update(row)


@step(r"voor '([^']*)' is een gerechtelijke uitspraak over het gezag gedaan met de volgende gegevens")
def _uitspraak_gegevens(c: Context, t: Table | None, name: str) -> None:
    persona(c, name)["gezagsverhouding"] = [setup(c, t)]


@step(r"(?:'([^']*)' )?staat onder curatele")
def _curatele(c: Context, t: Table | None, name: str | None) -> None:
    _gezagsverhouding(persona(c, name), {"33.10": "1"})


def _indicatie(c: Context, name: str, derde: bool) -> str:
    kind = c.pl
    for slot in ("1", "2"):
        rows = kind.get(f"ouder_{slot}")
        if rows and rows[0].get("02.40") == name:
            return slot + ("D" if derde else "")
    raise Unsupported(f"{name!r} is not a parent of the person")


def _uitspraak(c: Context, when: str | None, indicatie: str) -> None:
    c.pl["gezagsverhouding"] = [{"32.10": indicatie, "85.10": date(c, when or "gisteren - 1 jaar")}]


@step(r"(?:(.+) )?is in een gerechtelijke uitspraak het gezag toegewezen aan (?:ouder )?'([^']*)'( en een derde)?")
def _toegewezen(c: Context, t: Table | None, when: str | None, name: str, derde: str | None) -> None:
    _uitspraak(c, when, _indicatie(c, name, bool(derde)))


@step(r"in een gerechtelijke uitspraak is het gezag toegewezen aan (?:ouder )?'([^']*)'( en een derde)?")
def _toegewezen_zonder_datum(c: Context, t: Table | None, name: str, derde: str | None) -> None:
    _uitspraak(c, None, _indicatie(c, name, bool(derde)))


@step(r"(?:(.+) )?is in een (?:nieuwe )?gerechtelijke uitspraak het gezag toegewezen aan beide ouders")
def _beide_toegewezen(c: Context, t: Table | None, when: str | None) -> None:
    _uitspraak(c, when, "12")


@step(r"in een gerechtelijke uitspraak is het gezag toegewezen aan beide ouders")
def _beide_toegewezen_zonder_datum(c: Context, t: Table | None) -> None:
    _uitspraak(c, None, "12")


@step(r"(?:(.+) )?is in een gerechtelijke uitspraak het gezag toegewezen aan een (\w+)")
def _voogd(c: Context, t: Table | None, when: str | None, _wie: str) -> None:
    _uitspraak(c, when, "D")


@step(r"in een gerechtelijke uitspraak is een (\w+) tot voogd benoemd")
def _voogd_benoemd(c: Context, t: Table | None, _wie: str) -> None:
    _uitspraak(c, None, "D")


@step(r"(.+) is in een gerechtelijke uitspraak de (?:toewijzing van gezag|voogdij) beëindigd")
def _beeindigd(c: Context, t: Table | None, when: str) -> None:
    rows = c.pl.get("gezagsverhouding") or [{}]
    rows.insert(0, {"85.10": date(c, when)})


# -- Als ----------------------------------------------------------------------------------------------------------

@step(r"gezag wordt gevraagd van '([^']*)'|het gezag (?:over de persoon met burgerservicenummer '\d*' )?is niet te bepalen met de toelichting '.*'|"
      r"er is tijdelijk geen gezag(?: over de persoon met burgerservicenummer '\d*')? met de toelichting '.*'|"
      r"het gezag over de persoon met burgerservicenummer '\d*' is niet te bepalen met de toelichting '.*'")
def _gezag_api(c: Context, t: Table | None, *_: str | None) -> None:
    """The official proxy's gezag API answer (a stub of it), or the request to the gezag API itself."""
    raise NotApplicable(GEZAG_STUB)


# -- Dan ----------------------------------------------------------------------------------------------------------

def _gezagspersoon(c: Context, name: str, minderjarig: bool = False) -> dict[str, Any]:
    p = persoon(persona(c, name))
    result: dict[str, Any] = {}
    if p.get("01.20"):
        result["burgerservicenummer"] = p["01.20"]
    result["naam"] = {"volledigeNaam": p["02.40"]}
    if minderjarig and p.get("03.10"):
        born = p["03.10"]
        result["leeftijd"] = str(age_on(dt.date(int(born[:4]), int(born[4:6]) or 1, int(born[6:]) or 1), c.today))
    return result


def _gezag(c: Context, relatie: dict[str, Any]) -> None:
    personen = c.exp().setdefault("personen", [])
    if personen and "gezag" in personen[-1]:
        personen[-1]["gezag"].append(relatie)
    else:
        personen.append({"gezag": [relatie]})


def _relatie(c: Context, type_: str, kind: str, **rest: Any) -> None:
    if type_ == "GezamenlijkOuderlijkGezag" and "@deprecated" in c.tags:
        type_ = "TweehoofdigOuderlijkGezag"
    _gezag(c, {"type": type_, "minderjarige": _gezagspersoon(c, kind, minderjarig=True), **rest})


OVER = r"(?:is )?het gezag over '([^']*)' (?:is )?"


@step(OVER + r"gezamenlijk ouderlijk gezag met ouder '([^']*)' en ouder '([^']*)'(?: met de toelichting '(.*)')?")
def _r_gezamenlijk_ouderlijk(c: Context, t: Table | None, kind: str, a: str, b: str, toelichting: str | None) -> None:
    extra = {"toelichting": toelichting} if toelichting else {}
    _relatie(c, "GezamenlijkOuderlijkGezag", kind, ouders=[_gezagspersoon(c, a), _gezagspersoon(c, b)], **extra)


@step(OVER + r"eenhoofdig ouderlijk gezag met ouder '([^']*)'")
def _r_eenhoofdig(c: Context, t: Table | None, kind: str, ouder: str) -> None:
    _relatie(c, "EenhoofdigOuderlijkGezag", kind, ouder=_gezagspersoon(c, ouder))


@step(OVER + r"gezamenlijk gezag met ouder '([^']*)' en een onbekende derde")
def _r_gezamenlijk_onbekend(c: Context, t: Table | None, kind: str, ouder: str) -> None:
    _relatie(c, "GezamenlijkGezag", kind, ouder=_gezagspersoon(c, ouder), derde={"type": "OnbekendeDerde"})


@step(OVER + r"gezamenlijk gezag met ouder '([^']*)' en (?:derde|ouder) '([^']*)'(?: met de toelichting '(.*)')?")
def _r_gezamenlijk(c: Context, t: Table | None, kind: str, ouder: str, derde: str, toelichting: str | None) -> None:
    extra = {"toelichting": toelichting} if toelichting else {}
    _relatie(c, "GezamenlijkGezag", kind, ouder=_gezagspersoon(c, ouder), derde={"type": "BekendeDerde", **_gezagspersoon(c, derde)}, **extra)


@step(OVER + r"voogdij(?: met derde '([^']*)')?")
def _r_voogdij(c: Context, t: Table | None, kind: str, derde: str | None) -> None:
    _relatie(c, "Voogdij", kind, derden=[{"type": "BekendeDerde", **_gezagspersoon(c, derde)}] if derde else [])


@step(r"is het gezag over '([^']*)' (tijdelijk geen gezag|niet te bepalen) met de toelichting '(.*)'")
def _r_toelichting(c: Context, t: Table | None, kind: str, soort: str, toelichting: str) -> None:
    _relatie(c, "TijdelijkGeenGezag" if soort == "tijdelijk geen gezag" else "GezagNietTeBepalen", kind, toelichting=toelichting)


@step(r"heeft '([^']*)' geen gezag(?:houder)?")
def _r_geen(c: Context, t: Table | None, name: str) -> None:
    c.expected = {"personen": [{"gezag": []}]}


@step(r"heeft '([^']*)' de volgende gezagsrelaties")
def _r_relaties(c: Context, t: Table | None, name: str) -> None:
    c.exp().setdefault("personen", []).append({"gezag": []})


@step(r"is het gezag in onderzoek")
def _r_in_onderzoek(c: Context, t: Table | None) -> None:
    c.exp()["personen"][-1]["gezag"][-1]["inOnderzoek"] = "true"


@step(r"heeft de (minderjarige|ouder|derde) de volgende gegevens")
def _r_persoon_gegevens(c: Context, t: Table | None, wie: str) -> None:
    c.exp()["personen"][-1]["gezag"][-1][wie].update(expected_object(t, c.today))


@step(r"heeft de (minderjarige|ouder|derde) geen (\w+)")
def _r_persoon_zonder(c: Context, t: Table | None, wie: str, veld: str) -> None:
    c.exp()["personen"][-1]["gezag"][-1][wie].pop(veld, None)

