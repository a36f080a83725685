"""The DigiD look-alike pages: login (persona or BSN, level, test outcome, cancel) and the machtigen step."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request

from ..outcomes import CATALOGUE
from ..scenario.index import Representation
from ..scenario.model import DigidLevel, Grond
from ..store import hash_bsn
from ..app import add_log_fields
from .artifacts import LoginSession
from .flow import NO_REPRESENTATION, Flow, can_log_in

MAX_PERSONAS = 300
GROND_LABEL = {
    Grond.vrijwillig: "Machtiging (DigiD Machtigen)",
    Grond.ouderlijk_gezag: "Ouderlijk gezag",
    Grond.voogdij: "Voogdij",
    Grond.curatele: "Curatele",
    Grond.beschermingsbewind: "Beschermingsbewind",
    Grond.mentorschap: "Mentorschap",
}


def option_key(r: Representation) -> str:
    return f"{r.subject}:{r.grond.value}:{r.ref}:{r.organisatie or ''}"


def register_pages(blueprint: Blueprint, flow: Flow) -> None:
    store = flow.store

    def session_or_404(token: str) -> LoginSession | Response:
        login = flow.state.logins.get(token)
        if login is None:
            return Response("unknown or finished login session\n", 404, mimetype="text/plain")
        return login

    def personas() -> list[dict[str, object]]:
        today = store.today()
        return [
            {"bsn": p.bsn, "naam": p.volledige_naam(), "digid": p.digid, "problem": can_log_in(p, today)}
            for p in list(store.world.persons.values())[:MAX_PERSONAS]
        ]

    def render_login(token: str, login: LoginSession, error: str | None = None, status: int = 200, **form: str) -> Response:
        html = render_template(
            "ddcc/login.html",
            sp_name=login.request.connection.name,
            dienst=login.request.dienst,
            machtigen=login.request.machtigen,
            personas=personas(),
            levels=[level.name for level in DigidLevel],
            outcomes=list(CATALOGUE.values()),
            action=f"{flow.settings.base_url}/saml/v4/entrance/login/{token}",
            error=error,
            selected=form.get("persona"),
            typed_bsn=form.get("bsn"),
        )
        return Response(html, status, mimetype="text/html")

    def finish(token: str, login: LoginSession, outcome: str, **kwargs: object) -> Response:
        flow.state.logins.pop(token)
        return redirect(flow.finish(login.request, outcome, **kwargs), 302)  # type: ignore[arg-type]

    @blueprint.get("/saml/v4/entrance/login/<token>")
    def login_page(token: str) -> Response:
        login = session_or_404(token)
        return login if isinstance(login, Response) else render_login(token, login)

    @blueprint.post("/saml/v4/entrance/login/<token>")
    def login_submit(token: str) -> Response:
        login = session_or_404(token)
        if isinstance(login, Response):
            return login
        form = {k: request.form.get(k, "").strip() for k in ("persona", "bsn", "level", "outcome", "action")}
        outcome = form["outcome"] or "success"
        if outcome not in CATALOGUE:
            return render_login(token, login, f"Onbekende testuitkomst {outcome!r}.", 400, **form)
        if form["action"] == "cancel":
            return finish(token, login, "cancel")
        if CATALOGUE[outcome].kind == "status" and outcome != "success":
            return finish(token, login, outcome, bsn=form["bsn"] or form["persona"] or None, level=form["level"] or None)
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
        if not login.request.machtigen or DigidLevel[level] < DigidLevel[login.request.dienst.loa]:
            return finish(token, login, outcome, bsn=bsn, level=level)
        login.bsn, login.level, login.outcome = bsn, level, outcome
        return redirect(f"{flow.settings.base_url}/saml/v4/entrance/machtigen/{token}", 303)

    def organisation_name(kvk: str) -> str:
        organisation = store.world.organisations.get(kvk)
        return f"{organisation.naam}, KvK {kvk}" if organisation else f"KvK {kvk}"

    def machtigen_context(login: LoginSession) -> tuple[list[Representation], dict[str, object]]:
        options = flow.options(login.bsn or "", login.request)
        world = store.world
        acting = world.persons.get(login.bsn or "")
        return options, {
            "sp_name": login.request.connection.name,
            "dienst": login.request.dienst,
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

    def logged_in_or_error(token: str) -> LoginSession | Response:
        login = session_or_404(token)
        if not isinstance(login, Response) and login.bsn is None:
            return Response("log in first\n", 409, mimetype="text/plain")
        return login

    def render_machtigen(token: str, context: dict[str, object], error: str | None = None, status: int = 200) -> Response:
        action = f"{flow.settings.base_url}/saml/v4/entrance/machtigen/{token}"
        return Response(render_template("ddcc/machtigen.html", action=action, error=error, **context), status, mimetype="text/html")

    @blueprint.get("/saml/v4/entrance/machtigen/<token>")
    def machtigen_page(token: str) -> Response:
        login = logged_in_or_error(token)
        if isinstance(login, Response):
            return login
        return render_machtigen(token, machtigen_context(login)[1])

    @blueprint.post("/saml/v4/entrance/machtigen/<token>")
    def machtigen_submit(token: str) -> Response:
        login = logged_in_or_error(token)
        if isinstance(login, Response):
            return login
        action = request.form.get("action", "")
        options, context = machtigen_context(login)
        if action == "cancel":
            flow.audit_choice(login.request, login.bsn, None, "geannuleerd")
            return finish(token, login, "cancel_machtigen", bsn=login.bsn, level=login.level)
        if not options:
            flow.audit_choice(login.request, login.bsn, None, "geen_vertegenwoordiging")
            return finish(token, login, "machtigen_error", bsn=login.bsn, level=login.level, status_message=NO_REPRESENTATION)
        chosen = [r for r in options if option_key(r) == request.form.get("represent", "")]
        if action != "choose" or not chosen:
            # Only what the representation index offers today can be chosen.
            return render_machtigen(token, context, "Kies een van de getoonde personen.", 400)
        return finish(token, login, login.outcome, bsn=login.bsn, level=login.level, representation=chosen[0])
