"""The DigiD look-alike pages: login (persona or BSN, level, test outcome, cancel) and the machtigen step ("for
whom do you act"), fed by the representation index.

The pages know nothing of the protocol behind them: a door (SAML or OIDC) registers them under its own path,
hands in a `PendingLogin` (who asks, for which service, with or without machtigen) and gets the user's `Choice`
back through `LoginDoor.finish`, which answers with the URL the browser goes to next."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from flask import Blueprint, Response, redirect, request
from jinja2 import Environment, PackageLoader, select_autoescape

from ..app import add_log_fields
from ..outcomes import CATALOGUE
from ..scenario.index import Representation
from ..scenario.model import DigidLevel, Grond
from ..store import Store, hash_bsn
from .persons import can_log_in

MAX_PERSONAS = 300
NO_REPRESENTATION = "No representation available for this service"
GROND_LABEL = {
    Grond.vrijwillig: "Machtiging (DigiD Machtigen)",
    Grond.ouderlijk_gezag: "Ouderlijk gezag",
    Grond.voogdij: "Voogdij",
    Grond.curatele: "Curatele",
    Grond.beschermingsbewind: "Beschermingsbewind",
    Grond.mentorschap: "Mentorschap",
}
TEMPLATES = Environment(loader=PackageLoader("simulator.login", "templates"), autoescape=select_autoescape())

Q = TypeVar("Q")


@dataclass
class PendingLogin(Generic[Q]):
    """A login waiting at the pages: what the door hands in, and what the user has chosen so far."""

    request: Q  # the door's own request; the pages never look inside
    sp_name: str
    service_name: str  # what the user logs in for (a service of the catalogue, or the SP itself)
    required_level: str  # the lowest DigiD level (a DigidLevel name) the service accepts
    machtigen: bool
    outcome: str = "success"
    bsn: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Choice:
    """What the pages hand back to the door: an outcome of the catalogue and, for a login, who and how."""

    outcome: str
    bsn: str | None = None
    level: str | None = None
    representation: Representation | None = None
    status_message: str | None = None


class LoginDoor(Protocol):
    store: Store

    def pending(self, token: str) -> PendingLogin | None: ...  # type: ignore[type-arg]

    # Store the login again after the pages changed it (the state backend may keep a copy, not this object).
    def keep(self, token: str, login: PendingLogin) -> None: ...  # type: ignore[type-arg]

    def page_url(self, page: str, token: str) -> str: ...  # page: "login" or "machtigen"

    def options(self, bsn: str, login: PendingLogin) -> list[Representation]: ...  # type: ignore[type-arg]

    def audit_choice(self, login: PendingLogin, bsn: str | None, representation: Representation | None, outcome: str) -> None: ...  # type: ignore[type-arg]

    def finish_login(self, token: str, login: PendingLogin, choice: Choice) -> str: ...  # type: ignore[type-arg]  # the URL the browser goes to next


def option_key(r: Representation) -> str:
    return f"{r.subject}:{r.grond.value}:{r.ref}:{r.organisatie or ''}"


def _html(template: str, status: int = 200, **context: object) -> Response:
    return Response(TEMPLATES.get_template(template).render(**context), status, mimetype="text/html")


def register_pages(blueprint: Blueprint, door: LoginDoor, prefix: str) -> None:
    """GET/POST `<prefix>/login/<token>` and `<prefix>/machtigen/<token>` on the door's blueprint."""
    store = door.store

    def session_or_404(token: str) -> PendingLogin | Response:  # type: ignore[type-arg]
        login = door.pending(token)
        if login is None:
            return Response("unknown or finished login session\n", 404, mimetype="text/plain")
        return login

    def personas() -> list[dict[str, object]]:
        today = store.today()
        return [
            {"bsn": p.bsn, "naam": p.volledige_naam(), "digid": p.digid, "problem": can_log_in(p, today)}
            # The first ones, without copying every person of the world (57 ms a page at a million persons).
            for p in itertools.islice(store.world.persons.values(), MAX_PERSONAS)
        ]

    def render_login(token: str, login: PendingLogin, error: str | None = None, status: int = 200, **form: str) -> Response:  # type: ignore[type-arg]
        return _html(
            "login/login.html",
            status,
            sp_name=login.sp_name,
            service_name=login.service_name,
            required_level=login.required_level,
            machtigen=login.machtigen,
            personas=personas(),
            levels=[level.name for level in DigidLevel],
            outcomes=list(CATALOGUE.values()),
            action=door.page_url("login", token),
            error=error,
            selected=form.get("persona"),
            typed_bsn=form.get("bsn"),
        )

    def finish(token: str, login: PendingLogin, choice: Choice) -> Response:  # type: ignore[type-arg]
        return redirect(door.finish_login(token, login, choice), 302)  # type: ignore[return-value]

    @blueprint.get(f"{prefix}/login/<token>")
    def login_page(token: str) -> Response:
        login = session_or_404(token)
        return login if isinstance(login, Response) else render_login(token, login)

    @blueprint.post(f"{prefix}/login/<token>")
    def login_submit(token: str) -> Response:
        login = session_or_404(token)
        if isinstance(login, Response):
            return login
        form = {k: request.form.get(k, "").strip() for k in ("persona", "bsn", "level", "outcome", "action")}
        outcome = form["outcome"] or "success"
        if outcome not in CATALOGUE:
            return render_login(token, login, f"Onbekende testuitkomst {outcome!r}.", 400, **form)
        if form["action"] == "cancel":
            return finish(token, login, Choice("cancel"))
        if CATALOGUE[outcome].kind == "status" and outcome != "success":
            return finish(token, login, Choice(outcome, bsn=form["bsn"] or form["persona"] or None, level=form["level"] or None))
        bsn = form["bsn"] or form["persona"]
        if not bsn:
            return render_login(token, login, "Kies een persona of typ een BSN.", 400, **form)
        person = store.world.persons.get(bsn)
        problem = can_log_in(person, store.today())
        if problem or person is None:
            return render_login(token, login, problem, 400, **form)
        level = form["level"] or person.digid
        if level not in DigidLevel.__members__:
            return render_login(token, login, f"Onbekend niveau {level!r}.", 400, **form)
        if DigidLevel[level] > person.digid_level:  # type: ignore[operator]
            return render_login(token, login, f"{person.volledige_naam()} heeft DigiD tot niveau {person.digid}, niet {level}.", 400, **form)
        add_log_fields(acting_bsn_hash=hash_bsn(bsn), digid_level=level)
        if not login.machtigen or DigidLevel[level] < DigidLevel[login.required_level]:
            return finish(token, login, Choice(outcome, bsn=bsn, level=level))
        login.bsn, login.level, login.outcome = bsn, level, outcome
        door.keep(token, login)
        return redirect(door.page_url("machtigen", token), 303)  # type: ignore[return-value]

    def organisation_name(kvk: str) -> str:
        organisation = store.world.organisations.get(kvk)
        return f"{organisation.naam}, KvK {kvk}" if organisation else f"KvK {kvk}"

    def machtigen_context(login: PendingLogin) -> tuple[list[Representation], dict[str, object]]:  # type: ignore[type-arg]
        options = door.options(login.bsn or "", login)
        world = store.world
        acting = world.persons.get(login.bsn or "")
        return options, {
            "sp_name": login.sp_name,
            "service_name": login.service_name,
            "acting": acting.volledige_naam() if acting else login.bsn,
            "options": [
                {
                    "key": option_key(r),
                    "subject": r.subject,
                    "grond": r.grond.value,
                    "grond_label": GROND_LABEL[r.grond] + (f" (namens {organisation_name(r.organisatie)})" if r.organisatie else ""),
                    "naam": world.persons[r.subject].volledige_naam() if r.subject in world.persons else r.subject,
                }
                for r in options
            ],
        }

    def logged_in_or_error(token: str) -> PendingLogin | Response:  # type: ignore[type-arg]
        login = session_or_404(token)
        if not isinstance(login, Response) and login.bsn is None:
            return Response("log in first\n", 409, mimetype="text/plain")
        return login

    def render_machtigen(token: str, context: dict[str, object], error: str | None = None, status: int = 200) -> Response:
        return _html("login/machtigen.html", status, action=door.page_url("machtigen", token), error=error, **context)

    @blueprint.get(f"{prefix}/machtigen/<token>")
    def machtigen_page(token: str) -> Response:
        login = logged_in_or_error(token)
        if isinstance(login, Response):
            return login
        return render_machtigen(token, machtigen_context(login)[1])

    @blueprint.post(f"{prefix}/machtigen/<token>")
    def machtigen_submit(token: str) -> Response:
        login = logged_in_or_error(token)
        if isinstance(login, Response):
            return login
        action = request.form.get("action", "")
        options, context = machtigen_context(login)
        if action == "cancel":
            door.audit_choice(login, login.bsn, None, "geannuleerd")
            return finish(token, login, Choice("cancel_machtigen", bsn=login.bsn, level=login.level))
        if not options:
            door.audit_choice(login, login.bsn, None, "geen_vertegenwoordiging")
            return finish(token, login, Choice("machtigen_error", bsn=login.bsn, level=login.level, status_message=NO_REPRESENTATION))
        chosen = [r for r in options if option_key(r) == request.form.get("represent", "")]
        if action != "choose" or not chosen:
            # Only what the representation index offers today can be chosen.
            return render_machtigen(token, context, "Kies een van de getoonde personen.", 400)
        return finish(token, login, Choice(login.outcome, bsn=login.bsn, level=login.level, representation=chosen[0]))
