"""Gezag (authority) over minors: as registered, or derived from the family facts.

A minor without an explicit `gezag` entry gets the gezag Dutch law gives by default (Boek 1 BW titel 14), so
that generated worlds stay consistent without anyone writing gezag by hand. The rules, in order:

1. An explicit entry in the scenario (gezagsregister, court decision) wins.
2. A minor living abroad (RNI): GezagNietTeBepalen — BRP cannot determine gezag for someone not living here.
3. No legal parent known: GezagNietTeBepalen.
4. A parent can hold gezag only when alive, adult and not under curatele (art. 1:246 BW).
5. Two legal parents who were married or registered partners with each other at the birth or at any time
   after it: joint parental authority (art. 1:251, 1:253aa) — a later divorce does not end it. When only one
   of them can hold gezag, that one has it alone (art. 1:253f); neither: TijdelijkGeenGezag.
6. Two legal parents who never married each other: the mother (ouder 1, the parent who gave birth) alone
   (art. 1:253b); if she cannot hold gezag, TijdelijkGeenGezag (the court must decide).
7. One legal parent: that parent alone, or TijdelijkGeenGezag if they cannot hold it.

Deceased minors and adults have no gezag relation at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .clock import age_on
from .model import GezagEntry, GezagType, Persoon

if TYPE_CHECKING:  # pragma: no cover
    from .world import World

MAJORITY = 18
NIET_IN_NEDERLAND = "gezag is niet te bepalen omdat minderjarige niet in Nederland woont."
OUDERS_ONBEKEND = "gezag is niet te bepalen omdat de ouders van de minderjarige niet bekend zijn."
GEEN_OUDER_BEVOEGD = "tijdelijk geen gezag omdat geen van de ouders het gezag kan uitoefenen."
MOEDER_NIET_BEVOEGD = "tijdelijk geen gezag omdat de moeder het gezag niet kan uitoefenen; de rechter moet beslissen."


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
    # Which rule produced it: "scenario" for an explicit entry, else the derivation rule's number.
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


def _were_partners(world: "World", a: str, b: str, since: dt.date, day: dt.date) -> bool:
    """Married or registered partners with each other at any time in [since, day]."""
    for p in world.partnerships_of(a):
        if p.partner == b and p.sinds <= day and (p.tot is None or p.tot >= since):
            return True
    return False


def _can_hold_gezag(world: "World", bsn: str, day: dt.date) -> bool:
    person = world.persons.get(bsn)
    if person is None or not is_alive(person, day) or is_minor(person, day):
        return False
    return not world.under_curatele(bsn, day)


def derive(world: "World", minor: Persoon, day: dt.date) -> GezagRelatie | None:
    """The gezag over `minor` on `day`, or None when they are not a living minor on that day."""
    if not is_alive(minor, day) or not is_minor(minor, day) or day < minor.geboortedatum:
        return None
    entry = world.gezag_entries.get(minor.bsn)
    if entry is not None:
        return from_entry(entry)
    bsn = minor.bsn
    if minor.buitenland is not None:
        return GezagRelatie("GezagNietTeBepalen", bsn, toelichting=NIET_IN_NEDERLAND, regel="2")
    parents = [p for p in minor.ouders if p in world.persons]
    if not parents:
        return GezagRelatie("GezagNietTeBepalen", bsn, toelichting=OUDERS_ONBEKEND, regel="3")
    able = [p for p in parents if _can_hold_gezag(world, p, day)]
    if len(parents) == 2:
        if _were_partners(world, parents[0], parents[1], minor.geboortedatum, day):
            if len(able) == 2:
                return GezagRelatie("GezamenlijkOuderlijkGezag", bsn, ouders=tuple(parents), regel="5")
            if len(able) == 1:
                return GezagRelatie("EenhoofdigOuderlijkGezag", bsn, ouder=able[0], regel="5")
            return GezagRelatie("TijdelijkGeenGezag", bsn, toelichting=GEEN_OUDER_BEVOEGD, regel="5")
        mother = parents[0]
        if mother in able:
            return GezagRelatie("EenhoofdigOuderlijkGezag", bsn, ouder=mother, regel="6")
        return GezagRelatie("TijdelijkGeenGezag", bsn, toelichting=MOEDER_NIET_BEVOEGD, regel="6")
    if able:
        return GezagRelatie("EenhoofdigOuderlijkGezag", bsn, ouder=able[0], regel="7")
    return GezagRelatie("TijdelijkGeenGezag", bsn, toelichting=GEEN_OUDER_BEVOEGD, regel="7")
