"""Plain-data views of what the world says about a person, for `simulator scenario show`, the explorer and the
control API (one shape everywhere)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .clock import age_on
from .gezag import GezagRelatie
from .index import Representation
from .world import World


def representation_dict(world: World, r: Representation, side: str) -> dict[str, Any]:
    other = world.persons.get(r.subject if side == "subject" else r.actor)
    return {
        "bsn": r.subject if side == "subject" else r.actor,
        "naam": other.volledige_naam() if other else None,
        "grond": r.grond.value,
        "bron": r.bron,
        "ref": r.ref,
        "status": r.status,
        "organisatie": r.organisatie,
        "ingangsdatum": r.ingangsdatum,
        "einddatum": r.einddatum,
        "diensten": list(r.diensten) if r.diensten is not None else None,
    }


def gezag_dict(g: GezagRelatie) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(g).items() if v not in (None, (), [])}


def person_report(world: World, bsn: str, day: dt.date, service: str | None = None) -> dict[str, Any] | None:
    person = world.persons.get(bsn)
    if person is None:
        return None
    dienst = world.service(service) if service else None
    if service and dienst is None:
        raise ValueError(f"unknown service {service!r}")
    gezag = world.gezag_over(bsn, day)
    report: dict[str, Any] = {
        "bsn": bsn,
        "naam": person.volledige_naam(),
        "leeftijd": age_on(person.geboortedatum, min(day, person.overlijdensdatum or day)),
        "overleden": person.overlijdensdatum is not None and person.overlijdensdatum <= day,
        "digid": person.digid,
        "gemeente_van_inschrijving": person.gemeente_van_inschrijving,
        "peildatum": day,
        "gezag_over_deze_persoon": gezag_dict(gezag) if gezag else None,
        "vertegenwoordigt": [representation_dict(world, r, "subject") for r in world.index.represented_by(bsn, day, dienst)],
        "wordt_vertegenwoordigd_door": [representation_dict(world, r, "actor") for r in world.index.representatives_of(bsn, day, dienst)],
        "werkt_voor": [o.kvk for o in world.employers_of(bsn)],
    }
    if dienst is not None:
        report["dienst"] = {"id": dienst.id, "uuid": dienst.uuid, "naam": dienst.naam}
        report["machtigen_stap_biedt"] = [
            representation_dict(world, r, "subject") for r in world.index.may_represent(bsn, dienst, day)
        ]
    return report
