"""Gezag as the BRP API delivers it, from the scenario's gezag model (`World.gezag_over` / `gezag_held_by`).

Two wire forms of one fact:
- BRP API Personen (`gezag` field): persons named by `burgerservicenummer` and `naam.volledigeNaam`; in the
  v2.6 shape joint parental authority is called `TweehoofdigOuderlijkGezag` (v2.7: `GezamenlijkOuderlijkGezag`).
- the internal gezag module (`/api/v1/opvragenBevoegdheidTotGezag`, v2): persons with the name parts,
  `geslacht`, and for the minor a GBA birth date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Literal

from ..scenario import World
from ..scenario.clock import age_on
from ..scenario.gezag import GezagRelatie, is_alive, is_minor
from ..scenario.model import Persoon
from .dates import gba
from .names import geslacht, naam_delen, volledige_naam

GezagVersion = Literal["2.6", "2.7"]
OLD_NAMES = {"GezamenlijkOuderlijkGezag": "TweehoofdigOuderlijkGezag"}

PersonForm = Callable[[Persoon], dict[str, Any]]


def relations_for(world: World, person: Persoon, day: dt.date) -> list[GezagRelatie]:
    """A living minor: the one relation over them. Anyone else: one per minor over whom they hold gezag."""
    if is_minor(person, day):
        if not is_alive(person, day):
            return []
        relation = world.gezag_over(person.bsn, day)
        return [relation] if relation is not None else []
    return world.gezag_held_by(person.bsn, day)


def _relation(world: World, g: GezagRelatie, person_form: PersonForm, minor_form: PersonForm, old_names: bool) -> dict[str, Any]:
    def person(bsn: str) -> dict[str, Any]:
        return person_form(world.persons[bsn])

    def derde(bsn: str) -> dict[str, Any]:
        return {"type": "BekendeDerde", **person(bsn)}

    result: dict[str, Any] = {"type": OLD_NAMES.get(g.type, g.type) if old_names else g.type, "minderjarige": minor_form(world.persons[g.minderjarige])}
    if g.type == "GezamenlijkOuderlijkGezag":
        result["ouders"] = [person(b) for b in g.ouders]
    elif g.type == "EenhoofdigOuderlijkGezag":
        result["ouder"] = person(g.ouder)  # type: ignore[arg-type]
    elif g.type == "GezamenlijkGezag":
        result["ouder"] = person(g.ouder)  # type: ignore[arg-type]
        result["derde"] = {"type": "OnbekendeDerde"} if g.derde in (None, "onbekend") else derde(g.derde)  # type: ignore[arg-type]
    elif g.type == "Voogdij":
        result["derden"] = [derde(b) for b in g.derden]
    else:
        result["toelichting"] = g.toelichting or "gezag is niet te bepalen."
    if g.in_onderzoek:
        result["inOnderzoek"] = True
    return result


def personen_gezag(world: World, person: Persoon, day: dt.date, version: GezagVersion) -> list[dict[str, Any]]:
    """The `gezag` field of BRP API Personen."""

    def named(p: Persoon) -> dict[str, Any]:
        return {"burgerservicenummer": p.bsn, "naam": {"volledigeNaam": volledige_naam(p)}}

    def minor(p: Persoon) -> dict[str, Any]:
        return {**named(p), "leeftijd": age_on(p.geboortedatum, day)}

    return [_relation(world, g, named, minor, version == "2.6") for g in relations_for(world, person, day)]


def module_gezag(world: World, person: Persoon, day: dt.date) -> list[dict[str, Any]]:
    """The `gezag` field of the gezag module's answer (gezag-openapi-v2.yaml)."""
    def person_form(p: Persoon) -> dict[str, Any]:
        return {"burgerservicenummer": p.bsn, "naam": naam_delen(p), "geslacht": geslacht(p)}

    def minor(p: Persoon) -> dict[str, Any]:
        return {**person_form(p), "geboorte": {"datum": gba(p.geboortedatum)}}

    return [_relation(world, g, person_form, minor, False) for g in relations_for(world, person, day)]
