"""Gezag (authority) over minors: the relation as the BRP delivers it, registered or derived.

A minor's gezag is registered (a `gezag` entry in the scenario: gezagsregister, court decision) or derived from
the family facts by the official rules of BRP API Gezag (`gezagsbepaling.py`) — for a person written as a GBA
persoonslijst from its elements, for a person of `persons` from the same facts of the model. `World.gezag_over`
is the one place that decides; the BRP answer, the representation index (DigiD Machtigen, OIDC, eHerkenning) and
Toezicht read it there. Deceased minors and adults have no gezag relation at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clock import age_on
from .model import GezagEntry, GezagType, Persoon

MAJORITY = 18


@dataclass(frozen=True)
class GezagRelatie:
    """The gezag over one minor on one day, in BRP's terms."""

    type: GezagType
    minderjarige: str
    ouders: tuple[str, ...] = ()  # GezamenlijkOuderlijkGezag
    ouder: str | None = None  # Eenhoofdig / GezamenlijkGezag
    derde: str | None = None  # GezamenlijkGezag: a BSN or "onbekend"
    derden: tuple[str, ...] = ()  # Voogdij
    toelichting: str | None = None
    in_onderzoek: bool = False  # facts the derivation read are in onderzoek (GBA 83.10)
    # Which rule produced it: "scenario" for an explicit entry, else the route of the official answer model.
    regel: str = "scenario"

    def holders(self) -> tuple[str, ...]:
        result = list(self.ouders) + list(self.derden)
        if self.ouder:
            result.append(self.ouder)
        if self.derde and self.derde != "onbekend":
            result.append(self.derde)
        return tuple(result)

    def grond_for(self, holder: str) -> str | None:
        """'ouderlijk_gezag' for a parent holding it, 'voogdij' for a third party, None for a non-holder."""
        if holder in self.ouders or holder == self.ouder:
            return "ouderlijk_gezag"
        if holder in self.derden or holder == self.derde:
            return "voogdij"
        return None


def is_minor(person: Persoon, day: dt.date) -> bool:
    return age_on(person.geboortedatum, day) < MAJORITY


def is_alive(person: Persoon, day: dt.date) -> bool:
    return person.overlijdensdatum is None or person.overlijdensdatum > day


def from_entry(entry: GezagEntry) -> GezagRelatie:
    return GezagRelatie(
        type=entry.type,
        minderjarige=entry.minderjarige,
        ouders=tuple(entry.ouders),
        ouder=entry.ouder,
        derde=entry.derde,
        derden=tuple(entry.derden),
        toelichting=entry.toelichting,
    )
