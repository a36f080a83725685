"""A directive decides a login instead of the pages: the same rules as the login and machtigen pages (who can log
in, at which level, whom they may act for), so a door answers a directive exactly as it answers the user."""

from __future__ import annotations

from typing import Any

from ..outcomes import CATALOGUE, Directive
from ..scenario.model import DigidLevel
from .pages import NO_REPRESENTATION, Choice, LoginDoor, PendingLogin
from .persons import can_log_in


def default_bsn(door: LoginDoor, login: PendingLogin[Any]) -> str | None:
    """For a directive without a BSN: the first persona who can log in at the service's level (and, with
    machtigen, has someone to act for)."""
    needed = DigidLevel[login.required_level]
    today = door.store.today()
    for person in door.store.world.persons.values():
        if can_log_in(person, today) is None and person.digid_level >= needed:  # type: ignore[operator]
            if not login.machtigen or door.options(person.bsn, login):
                return person.bsn
    return None


def directed_choice(door: LoginDoor, login: PendingLogin[Any], directive: Directive, deferred: tuple[str, ...] = ()) -> Choice:
    """What the pages would hand back had the user done what `directive` says. Status outcomes other than
    success (and those in `deferred`, which the door applies after a login) end the login at once."""
    outcome = directive.outcome if directive.outcome in CATALOGUE else "authn_failed"
    if CATALOGUE[outcome].kind == "status" and outcome != "success" and outcome not in deferred:
        return Choice(outcome, bsn=directive.bsn, level=directive.level)
    bsn = directive.bsn or default_bsn(door, login)
    person = door.store.world.persons.get(bsn) if bsn else None
    problem = can_log_in(person, door.store.today())
    if problem or person is None:
        return Choice("authn_failed", bsn=bsn, status_message=f"directive: {problem}")
    level = directive.level or person.digid
    if not login.machtigen:
        return Choice(outcome, bsn=bsn, level=level)
    chosen = [o for o in door.options(bsn, login) if directive.represent in (None, o.subject)][:1]
    if not chosen:
        door.audit_choice(login, bsn, None, "geen_vertegenwoordiging")
        return Choice("machtigen_error", bsn=bsn, level=level, status_message=NO_REPRESENTATION)
    return Choice(outcome, bsn=bsn, level=level, representation=chosen[0])
