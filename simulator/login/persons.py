"""Who can log in with DigiD: the rule the login pages and a door's directives share."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ..scenario.identifiers import elfproef
from ..scenario.model import Grond, Persoon
from ..scenario.world import World


def can_log_in(person: Persoon | None, today: dt.date) -> str | None:
    """Why this person cannot log in with DigiD (Dutch, shown on the page), or None."""
    if person is None:
        return "Dit BSN komt niet voor in het scenario."
    if person.overlijdensdatum is not None and person.overlijdensdatum <= today:
        return "Deze persoon is overleden en kan niet inloggen."
    if person.digid_level is None:
        return "Deze persoon heeft geen DigiD en kan niet inloggen."
    return None


def cannot_log_in_short(person: Persoon, today: dt.date) -> str | None:
    """The reason of `can_log_in` in two words, for the persona list ("geen DigiD", "overleden")."""
    if person.overlijdensdatum is not None and person.overlijdensdatum <= today:
        return "overleden"
    if person.digid_level is None:
        return "geen DigiD"
    return None


def typed_bsn_problem(value: str) -> str | None:
    """Why a typed BSN cannot be one, in Dutch: too short or long, not digits, or failing the elfproef."""
    if not value.isdigit():
        return f"Een BSN bestaat alleen uit cijfers; u typte {value!r}."
    if len(value) != 9:
        return f"Een BSN heeft 9 cijfers; u typte er {len(value)}."
    if not elfproef(value) or value == "000000000":
        return f"{value} is geen geldig BSN: het voldoet niet aan de elfproef (de controle op typefouten in een BSN)."
    return None


# What a person may do for others, and how others act for them, as the persona list names it.
ACTS_AS = {
    Grond.ouderlijk_gezag: "ouder met gezag",
    Grond.voogdij: "voogd",
    Grond.curatele: "curator",
    Grond.beschermingsbewind: "bewindvoerder",
    Grond.mentorschap: "mentor",
    Grond.vrijwillig: "gemachtigde",
}
ACTED_FOR = {
    Grond.ouderlijk_gezag: "kind onder gezag",
    Grond.voogdij: "kind onder voogdij",
    Grond.curatele: "onder curatele",
    Grond.beschermingsbewind: "onder bewind",
    Grond.mentorschap: "heeft een mentor",
    Grond.vrijwillig: "machtiginggever",
}


@dataclass(frozen=True)
class Persona:
    bsn: str
    naam: str
    label: str  # what the option says: name, role, DigiD level, BSN
    group: str
    problem: str | None  # why they cannot log in (shown after an attempt), or None


PERSONA_GROUPS = ("Kan voor een ander optreden", "Wordt vertegenwoordigd", "Overige personen", "Kan niet inloggen")


def personas(world: World, today: dt.date, limit: int) -> list[tuple[str, list[Persona]]]:
    """The persona list of the login page, grouped by what each person can do, with their roles."""
    groups: dict[str, list[Persona]] = {name: [] for name in PERSONA_GROUPS}
    # The first ones, without copying every person of the world (a big generated world has a million).
    for person in itertools.islice(world.persons.values(), limit):
        short = cannot_log_in_short(person, today)
        acts = [r for r in world.index.represented_by(person.bsn, today) if r.usable]
        acted = [r for r in world.index.representatives_of(person.bsn, today) if r.usable]
        roles = list(dict.fromkeys(
            [ACTS_AS[r.grond] + (f" ({world.organisations[r.organisatie].naam})" if r.organisatie in world.organisations else "") for r in acts]
            + [ACTED_FOR[r.grond] for r in acted]
        ))
        if short:
            group, label = "Kan niet inloggen", f"{person.volledige_naam()} — kan niet inloggen: {short} · BSN {person.bsn}"
        else:
            group = "Kan voor een ander optreden" if acts else ("Wordt vertegenwoordigd" if acted else "Overige personen")
            label = f"{person.volledige_naam()}" + (f" — {', '.join(roles)}" if roles else "") + f" · DigiD {person.digid} · BSN {person.bsn}"
        groups[group].append(Persona(person.bsn, person.volledige_naam(), label, group, can_log_in(person, today)))
    return [(name, sorted(members, key=lambda p: p.naam)) for name, members in groups.items() if members]
