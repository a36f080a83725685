"""The judiciary's answers, from the scenario's wettelijke vertegenwoordiging.

Whether a relation may be used comes from the shared representation index (`world.index.legal_status`, built on
`maatregel_status`), so this check and DDCC's machtigen step cannot disagree. This module adds only what is the
judiciary's own: which relations belong to *this* requester, how they are shown, and the pilot's restriction to
professional representatives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..scenario import World
from ..scenario.gezag import is_alive
from ..scenario.index import (
    ACTIEF,
    ANDERE_VERTEGENWOORDIGER,
    BUITEN_OMVANG,
    GEEN_RELATIE,
    GROND_NIET_VOOR_DIENST,
    MAATREGEL_BEEINDIGD,
    NIET_ZELFSTANDIG_BEVOEGD,
    NOG_NIET_INGEGAAN,
    OVERLEDEN,
    VERTEGENWOORDIGER_GESCHORST,
)
from ..scenario.model import Dienst, Maatregel, Organisatie, Vertegenwoordiger
from .bodies import CheckRequest, ClientsRequest, RegisterRequest, Representative

NIET_ONDERSTEUND = "NIET_ONDERSTEUND"

# When no relation is usable, the answer names the reason of the relation closest to being usable.
_REASON_ORDER = (
    NIET_ONDERSTEUND,
    BUITEN_OMVANG,
    GROND_NIET_VOOR_DIENST,
    NIET_ZELFSTANDIG_BEVOEGD,
    VERTEGENWOORDIGER_GESCHORST,
    NOG_NIET_INGEGAAN,
    ANDERE_VERTEGENWOORDIGER,
    OVERLEDEN,
    MAATREGEL_BEEINDIGD,
)
_ROL = {
    "beschermingsbewind": "bewindvoerder",
    "provisioneel_bewind": "provisioneel_bewindvoerder",
    "curatele": "curator",
    "mentorschap": "mentor",
}


@dataclass(frozen=True)
class Outcome:
    """One answer: its JSON body and what the audit log records."""

    body: dict[str, Any]
    outcome: str
    reden: str | None = None
    zaaknummer: str | None = None
    rol: str | None = None  # the requester's role in the deciding relation (bewindvoerder, curator, ...)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Absent, not null: the OpenAPI document has no nullable fields."""
    return {k: v for k, v in values.items() if v is not None}


def professional(world: World, v: Vertegenwoordiger) -> bool:
    """Registered as such; else a legal person always is, a natural person with 3 or more clients (art. 1:435 BW)."""
    if v.professioneel is not None:
        return v.professioneel
    return v.organisatie is not None or world.client_count(v.persoon, None) >= 3


def represents(world: World, v: Vertegenwoordiger, rep: Representative) -> bool:
    """Whether registered representative `v` is the requester.

    A KvK number names an organisation, or the natural person behind an eenmanszaak (the court appoints the
    person; the person logs in with the business's eHerkenning). A BSN names a natural person; given with a KvK
    number it is the person acting for that organisation, who must be among those allowed in this case."""
    if rep.kvk is not None:
        org = world.organisations[rep.kvk]
        if v.organisatie == rep.kvk:
            return rep.bsn is None or rep.bsn in (v.medewerkers or org.medewerkers)
        if org.eenmanszaak_van is not None and v.persoon == org.eenmanszaak_van:
            return rep.bsn is None or rep.bsn == v.persoon or rep.bsn in org.medewerkers
        return False
    return v.persoon is not None and v.persoon == rep.bsn


def relation_status(world: World, m: Maatregel, v: Vertegenwoordiger, day: dt.date, dienst: Dienst | None, only_professional: bool) -> str:
    status = world.index.legal_status(m, v, day, dienst)
    if status != ACTIEF:
        return status
    if v.persoon is not None and not is_alive(world.persons[v.persoon], day):
        return OVERLEDEN  # as the index says for DDCC: a deceased representative acts for no one
    if only_professional and not professional(world, v):
        return NIET_ONDERSTEUND
    return status


def _measure_state(world: World, m: Maatregel, day: dt.date) -> tuple[str, str | None]:
    """The measure's status on `day` as the register shows it, and why it ended."""
    subject = world.persons.get(m.vertegenwoordigde)
    if subject is not None and not is_alive(subject, day):
        return "beeindigd", m.reden_beeindiging or "overlijden"
    if m.status == "beeindigd" or (m.einddatum is not None and m.einddatum < day):
        return "beeindigd", m.reden_beeindiging or "termijn"
    if m.status == "aangevraagd":
        return "aangevraagd", None
    if m.ingangsdatum is not None and m.ingangsdatum > day:
        return "toekomstig", None
    return m.status, None


def _representative_state(v: Vertegenwoordiger, day: dt.date) -> str:
    if v.status == "beeindigd" or (v.einddatum is not None and v.einddatum < day):
        return "beeindigd"
    if v.status == "geschorst":
        return "geschorst"
    if v.ingangsdatum is not None and v.ingangsdatum > day:
        return "toekomstig"
    return "actief"


def _organisation(org: Organisatie, rechtsvorm: str) -> dict[str, Any]:
    return _compact({"kvkNummer": org.kvk, "naam": org.naam, "rechtsvorm": rechtsvorm, "rsin": org.rsin, "vestigingsnummer": org.vestigingsnummer, "plaats": org.plaats})


def _representative_view(world: World, m: Maatregel, v: Vertegenwoordiger, day: dt.date) -> dict[str, Any]:
    if v.organisatie is not None:
        org = world.organisations[v.organisatie]
        who: dict[str, Any] = {"naam": org.naam, "soortPersoon": "rechtspersoon", "organisatie": _organisation(org, "rechtspersoon")}
    else:
        person = world.persons[v.persoon]  # type: ignore[index]
        who = {"naam": person.volledige_naam(), "soortPersoon": "natuurlijk_persoon", "bsn": person.bsn}
        business = next((o for o in world.organisations.values() if o.eenmanszaak_van == v.persoon), None)
        if business is not None:
            who["organisatie"] = _organisation(business, "eenmanszaak")
    return _compact({
        "rol": _ROL[m.soort],
        **who,
        "professioneel": professional(world, v),
        "tijdelijk": v.tijdelijk,
        "zelfstandigBevoegd": v.zelfstandig_bevoegd,
        "taakverdeling": v.taakverdeling,
        "ingangsdatum": _iso(v.ingangsdatum or m.ingangsdatum),
        "einddatum": _iso(v.einddatum),
        "status": "beeindigd" if v.persoon is not None and not is_alive(world.persons[v.persoon], day) else _representative_state(v, day),
    })


def _relation_view(world: World, m: Maatregel, mine: list[Vertegenwoordiger], status: str, day: dt.date) -> dict[str, Any]:
    state, reden_einde = _measure_state(world, m, day)
    return _compact({
        "zaaknummer": m.zaaknummer,
        "soortMaatregel": m.soort,
        "grond": m.grond,
        "omvang": m.effectieve_omvang,
        "omvangOmschrijving": m.omvang_omschrijving,
        "goederen": list(m.goederen) or None,
        "status": state,
        "redenBeeindiging": reden_einde if state == "beeindigd" else None,
        "datumBeschikking": _iso(m.datum_beschikking),
        "ingangsdatum": _iso(m.ingangsdatum),
        "einddatum": _iso(m.einddatum),
        "rechtbank": m.rechtbank,
        "gepubliceerdInCcbr": m.in_ccbr,
        "bevoegd": status == ACTIEF,
        "redenCode": None if status == ACTIEF else status,
        "aantalVertegenwoordigers": len(m.vertegenwoordigers),
        "vertegenwoordigers": [_representative_view(world, m, v, day) for v in mine],
    })


def _relations(world: World, client_bsn: str, rep: Representative, day: dt.date, soorten: tuple[str, ...], dienst: Dienst | None, only_professional: bool) -> list[tuple[Maatregel, str, dict[str, Any]]]:
    """The measures over `client_bsn` in which the requester is a representative: (measure, status, view)."""
    mine: dict[str, tuple[Maatregel, list[Vertegenwoordiger]]] = {}
    for m, v in world.index.legal_relations_of(client_bsn):
        if (not soorten or m.soort in soorten) and represents(world, v, rep):
            mine.setdefault(m.zaaknummer, (m, []))[1].append(v)
    result = []
    for m, vs in mine.values():
        statuses = [relation_status(world, m, v, day, dienst, only_professional) for v in vs]
        # One person can be registered twice in one case (e.g. replaced, later reappointed): the usable entry counts.
        status = ACTIEF if ACTIEF in statuses else min(statuses, key=_reason_rank)
        result.append((m, status, _relation_view(world, m, vs, status, day)))
    return result


def _reason_rank(code: str) -> int:
    return _REASON_ORDER.index(code) if code in _REASON_ORDER else len(_REASON_ORDER)


def _verdict(relations: list[tuple[Maatregel, str, dict[str, Any]]]) -> tuple[bool, str | None, Maatregel | None]:
    """(bevoegd, redenCode, the deciding relation's measure)."""
    usable = [m for m, status, _ in relations if status == ACTIEF]
    if usable:
        return True, None, usable[0]
    if not relations:
        return False, GEEN_RELATIE, None
    m, status, _ = min(relations, key=lambda r: _reason_rank(r[1]))
    return False, status, m


def check(world: World, req: CheckRequest, only_professional: bool) -> Outcome:
    relations = _relations(world, req.client_bsn, req.representative, req.peildatum, req.soorten, req.dienst, only_professional)
    bevoegd, reden, deciding = _verdict(relations)
    body = _compact({
        "bevoegd": bevoegd,
        "redenCode": reden,
        "peildatum": req.peildatum.isoformat(),
        "vertegenwoordigingsrelaties": [view for _, _, view in relations],
    })
    if deciding is None:
        return Outcome(body, "bevoegd" if bevoegd else "niet_bevoegd", reden)
    return Outcome(body, "bevoegd" if bevoegd else "niet_bevoegd", reden, deciding.zaaknummer, _ROL[deciding.soort])


def clients(world: World, req: ClientsRequest, only_professional: bool) -> Outcome:
    rep = req.representative
    org = world.organisations[rep.kvk]  # type: ignore[index]
    subjects = dict.fromkeys(
        m.vertegenwoordigde
        for m in world.maatregelen.values()
        if (not req.soorten or m.soort in req.soorten) and any(represents(world, v, rep) for v in m.vertegenwoordigers)
    )
    result = []
    for bsn in subjects:
        relations = _relations(world, bsn, rep, req.peildatum, req.soorten, None, only_professional)
        person = world.persons[bsn]
        result.append(_compact({
            "bsn": bsn,
            "naam": person.volledige_naam(),
            "geboortedatum": person.geboortedatum.isoformat(),
            "bevoegd": _verdict(relations)[0],
            "vertegenwoordigingsrelaties": [view for _, _, view in relations],
        }))
    body = {"peildatum": req.peildatum.isoformat(), "vertegenwoordiger": {"kvkNummer": org.kvk, "naam": org.naam}, "clienten": result}
    return Outcome(body, "gevonden" if result else "niet_gevonden")


def _in_public_register(world: World, m: Maatregel, day: dt.date) -> bool:
    """The CCBR shows published curatele and bewind in force; no mentorschap, nothing pending, ended or future."""
    return m.in_ccbr and _measure_state(world, m, day)[0] in ("actief", "geschorst")


def _place(world: World, v: Vertegenwoordiger) -> str | None:
    if v.organisatie is not None:
        return world.organisations[v.organisatie].plaats
    person = world.persons[v.persoon]  # type: ignore[index]
    return person.adres.woonplaats if person.adres else None


def register(world: World, req: RegisterRequest) -> Outcome:
    wanted_name = req.geslachtsnaam.casefold()
    registrations = []
    for person in world.persons.values():
        if person.geboortedatum != req.geboortedatum or person.naam.geslachtsnaam.casefold() != wanted_name:
            continue
        if req.voorvoegsel is not None and (person.naam.voorvoegsel or "").casefold() != req.voorvoegsel.casefold():
            continue
        measures = {m.zaaknummer: m for m, _ in world.index.legal_relations_of(person.bsn)}
        for m in measures.values():
            if not _in_public_register(world, m, req.peildatum):
                continue
            registrations.append(_compact({
                "naam": person.volledige_naam(),
                "geboortedatum": person.geboortedatum.isoformat(),
                "soortMaatregel": m.soort,
                "grond": m.grond,
                "einddatum": _iso(m.einddatum),
                "vertegenwoordigers": [
                    _compact({"naam": world.organisations[v.organisatie].naam if v.organisatie else world.persons[v.persoon].volledige_naam(), "plaats": _place(world, v)})  # type: ignore[index]
                    for v in m.vertegenwoordigers
                    if _representative_state(v, req.peildatum) in ("actief", "geschorst")
                ],
            }))
    body = {"gevonden": bool(registrations), "registraties": registrations}
    return Outcome(body, "gevonden" if registrations else "niet_gevonden")
