"""The eHerkenning look-alike pages: log in as an employee of an organisation (with the level of their means, a
test outcome, or cancel), then choose the machtiging used — for the own organisation, via a ketenmachtiging, or
namens a natural person the organisation represents (bewindvoering)."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request

from ..outcomes import CATALOGUE
from ..scenario.index import EherkenningChoice
from ..scenario.model import EH_LEVELS
from ..store import hash_bsn
from ..app import add_log_fields
from .flow import Flow, LoginSession
from .settings import EIDAS

GROUND = {
    "beschermingsbewind": "Beschermingsbewind",
    "curatele": "Curatele",
    "mentorschap": "Mentorschap",
}


def choice_key(c: EherkenningChoice) -> str:
    return ":".join([c.legal_kvk, c.vestigingsnummer or "", c.intermediair or "", c.client.subject if c.client else "", c.client.ref if c.client else ""])


def register_pages(blueprint: Blueprint, flow: Flow) -> None:
    store = flow.store

    def session_or_404(token: str) -> LoginSession | Response:
        login = flow.state.logins.get(token)
        if login is None:
            return Response("unknown or finished login session\n", 404, mimetype="text/plain")
        return login

    def person_name(bsn: str) -> str:
        person = store.world.persons.get(bsn)
        return person.volledige_naam() if person else bsn

    def organisation_name(kvk: str) -> str:
        organisation = store.world.organisations.get(kvk)
        return organisation.naam if organisation else f"KvK {kvk}"

    def render(template: str, login: LoginSession, status: int = 200, **context: object) -> Response:
        html = render_template(template, sp_name=login.request.connection.name, dienst=login.request.dienst, **context)
        return Response(html, status, mimetype="text/html")

    def render_login(token: str, login: LoginSession, error: str | None = None, status: int = 200, selected: str | None = None) -> Response:
        means = [
            {"key": f"{kvk}:{bsn}", "kvk": kvk, "naam": person_name(bsn), "organisatie": organisation_name(kvk), "niveau": level}
            for kvk, bsn, level in flow.employees()
        ]
        return render(
            "eherkenning/login.html", login, status, means=means, levels=list(EH_LEVELS), outcomes=list(CATALOGUE.values()),
            required_level=login.request.level, eidas=EIDAS[login.request.level].rsplit("/", 1)[1], action=flow.page_url("login", token), error=error, selected=selected,
        )

    def finish(token: str, login: LoginSession, outcome: str, choice: EherkenningChoice | None = None, status_message: str | None = None) -> Response:
        flow.state.logins.pop(token)
        return redirect(flow.finish(login.request, outcome, choice, login.level, status_message), 302)  # type: ignore[return-value]

    @blueprint.get("/saml/eherkenning/login/<token>")
    def login_page(token: str) -> Response:
        login = session_or_404(token)
        return login if isinstance(login, Response) else render_login(token, login)

    @blueprint.post("/saml/eherkenning/login/<token>")
    def login_submit(token: str) -> Response:
        login = session_or_404(token)
        if isinstance(login, Response):
            return login
        form = {k: request.form.get(k, "").strip() for k in ("means", "level", "outcome", "action")}
        outcome = form["outcome"] or "success"
        if outcome not in CATALOGUE:
            return render_login(token, login, f"Onbekende testuitkomst {outcome!r}.", 400, form["means"])
        if form["action"] == "cancel":
            return finish(token, login, "cancel")
        if CATALOGUE[outcome].kind == "status" and outcome != "success":
            return finish(token, login, outcome)
        known = {f"{kvk}:{bsn}": (kvk, bsn, level) for kvk, bsn, level in flow.employees()}
        if form["means"] not in known:
            return render_login(token, login, "Kies een medewerker met een eHerkenningsmiddel.", 400, form["means"])
        kvk, employee, means_level = known[form["means"]]
        level = form["level"] or means_level
        if level not in EH_LEVELS:
            return render_login(token, login, f"Onbekend niveau {level!r}.", 400, form["means"])
        if EH_LEVELS.index(level) > EH_LEVELS.index(means_level):
            return render_login(token, login, f"Het middel van {person_name(employee)} heeft niveau {means_level}, niet {level}.", 400, form["means"])
        add_log_fields(acting_bsn_hash=hash_bsn(employee), kvk=kvk, eh_level=level)
        login.kvk, login.employee, login.level, login.outcome = kvk, employee, level, outcome
        flow.state.logins.put(token, login)  # the state backend may keep a copy, not this object
        if EH_LEVELS.index(level) < EH_LEVELS.index(login.request.level):
            return finish(token, login, outcome)  # answered as loa_too_low
        return redirect(flow.page_url("machtiging", token), 303)  # type: ignore[return-value]

    def options(login: LoginSession) -> list[dict[str, str]]:
        result = []
        for c in flow.choices(login.kvk or "", login.employee or "", login.request):
            if c.client is not None:
                title = f"Namens {person_name(c.client.subject)} (BSN {c.client.subject})"
                ground = f"{GROUND.get(c.client.grond.value, c.client.grond.value)} door {organisation_name(c.organisatie)}, zaak {c.client.ref}"
                testid = f"client-{c.client.subject}"
            elif c.intermediair:
                title = f"Namens {organisation_name(c.legal_kvk)} (KvK {c.legal_kvk})"
                ground = f"Ketenmachtiging via {organisation_name(c.intermediair)}"
                testid = f"keten-{c.legal_kvk}"
            else:
                title = f"{organisation_name(c.legal_kvk)} (KvK {c.legal_kvk})"
                ground = f"Machtiging voor vestiging {c.vestigingsnummer}" if c.vestigingsnummer else "Machtiging voor de hele organisatie"
                testid = f"org-{c.legal_kvk}" + (f"-{c.vestigingsnummer}" if c.vestigingsnummer else "")
            result.append({"key": choice_key(c), "title": title, "ground": ground, "testid": testid})
        return result

    def logged_in(token: str) -> LoginSession | Response:
        login = session_or_404(token)
        if not isinstance(login, Response) and login.employee is None:
            return Response("log in first\n", 409, mimetype="text/plain")
        return login

    def render_choice(token: str, login: LoginSession, error: str | None = None, status: int = 200) -> Response:
        return render(
            "eherkenning/machtiging.html", login, status, options=options(login), action=flow.page_url("machtiging", token),
            acting=person_name(login.employee or ""), organisatie=organisation_name(login.kvk or ""), error=error,
        )

    @blueprint.get("/saml/eherkenning/machtiging/<token>")
    def machtiging_page(token: str) -> Response:
        login = logged_in(token)
        return login if isinstance(login, Response) else render_choice(token, login)

    @blueprint.post("/saml/eherkenning/machtiging/<token>")
    def machtiging_submit(token: str) -> Response:
        login = logged_in(token)
        if isinstance(login, Response):
            return login
        action = request.form.get("action", "")
        if action == "cancel":
            return finish(token, login, "cancel_machtigen")
        choices = flow.choices(login.kvk or "", login.employee or "", login.request)
        if not choices:
            return finish(token, login, "machtigen_error")
        chosen = [c for c in choices if choice_key(c) == request.form.get("choice", "")]
        if action != "choose" or not chosen:
            # Only what the scenario's machtigingen and the representation index allow today can be chosen.
            return render_choice(token, login, "Kies een van de getoonde machtigingen.", 400)
        return finish(token, login, login.outcome, chosen[0])
