"""The eHerkenning look-alike pages: log in as an employee of an organisation (with the level of their means, a
test outcome, or cancel), then choose the machtiging used — for the own organisation, via a ketenmachtiging, or
namens a natural person the organisation represents (bewindvoering).

Like the DigiD pages, they know nothing of the protocol behind them: a door (the eHerkenning SAML door, the OIDC
door) registers them under its own path, hands in an `EherkenningLogin` and gets the choice back through
`EherkenningDoor.finish_login`, which answers with the URL the browser goes to next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from flask import Blueprint, Response, redirect, request

from ..requestlog import add_log_fields
from ..outcomes import CATALOGUE, Directive
from ..scenario.index import EherkenningChoice
from ..scenario.model import EH_EIDAS, EH_LEVELS, Dienst
from ..store import Store, hash_bsn
from .pages import TEMPLATES, LoginHint, finished_login, gone_page

Q = TypeVar("Q")
NO_MACHTIGING = "Geen geldige machtiging voor deze dienst"

GROUND = {
    "beschermingsbewind": "Beschermingsbewind",
    "curatele": "Curatele",
    "mentorschap": "Mentorschap",
}


@dataclass
class EherkenningLogin(Generic[Q]):
    """A login waiting at the eHerkenning pages: what the door hands in, and who has logged in so far."""

    request: Q  # the door's own request; the pages never look inside
    sp_name: str
    dienst: Dienst
    required_level: str  # the lowest EH level (EH_LEVELS) the service accepts
    kvk: str | None = None
    employee: str | None = None
    level: str | None = None
    outcome: str = "success"
    hint: LoginHint | None = None  # a story's simulator-only hint (pages.read_hint): employee, office, client


class EherkenningDoor(Protocol):
    store: Store

    def pending(self, token: str) -> EherkenningLogin | None: ...  # type: ignore[type-arg]

    def page_url(self, page: str, token: str) -> str: ...  # page: "login" or "machtiging"

    # Store the login again after the pages changed it (the state backend may keep a copy, not this object).
    def keep(self, token: str, login: EherkenningLogin) -> None: ...  # type: ignore[type-arg]

    def employees(self) -> list[tuple[str, str, str]]: ...  # (KvK, employee BSN, EH level of their means)

    def choices_for(self, login: EherkenningLogin, kvk: str, employee: str) -> list[EherkenningChoice]: ...  # type: ignore[type-arg]

    def finish_login(self, token: str, login: EherkenningLogin, outcome: str, choice: EherkenningChoice | None, status_message: str | None) -> str: ...  # type: ignore[type-arg]


def choice_key(c: EherkenningChoice) -> str:
    return ":".join([c.legal_kvk, c.vestigingsnummer or "", c.intermediair or "", c.client.subject if c.client else "", c.client.ref if c.client else ""])


def register_eherkenning_pages(blueprint: Blueprint, door: EherkenningDoor, prefix: str) -> None:
    """GET/POST `<prefix>/login/<token>` and `<prefix>/machtiging/<token>` on the door's blueprint."""
    store = door.store

    def session_or_404(token: str) -> EherkenningLogin | Response:
        login = door.pending(token)
        return finished_login("eHerkenning") if login is None else login

    def person_name(bsn: str) -> str:
        person = store.world.persons.get(bsn)
        return person.volledige_naam() if person else bsn

    def organisation_name(kvk: str) -> str:
        organisation = store.world.organisations.get(kvk)
        return organisation.naam if organisation else f"KvK {kvk}"

    def hint_text(login: EherkenningLogin, step: str) -> str | None:
        """"Verhaal: …: log in als … voor …, kies daarna …" for the trainer; None without a hint."""
        hint = login.hint
        if hint is None:
            return None
        parts = []
        if step == "login" and hint.login_as:
            office = f" voor {organisation_name(hint.organisation)} (KvK {hint.organisation})" if hint.organisation else ""
            parts.append(f"log in als {person_name(hint.login_as)} (BSN {hint.login_as}){office}")
        if hint.organisation:
            parts.append(f"{'kies daarna' if step == 'login' else 'kies'} de machtiging voor {organisation_name(hint.organisation)}")
        if hint.choose:
            parts.append(f"de cliënt is {person_name(hint.choose)} (BSN {hint.choose})")
        if not parts:
            return None
        return (f"Verhaal: {hint.story}: " if hint.story else "Verhaal: ") + ", ".join(parts) + "."

    def render(template: str, login: EherkenningLogin, status: int = 200, **context: object) -> Response:
        html = TEMPLATES.get_template(template).render(sp_name=login.sp_name, dienst=login.dienst, **context)
        return Response(html, status, mimetype="text/html")

    def render_login(token: str, login: EherkenningLogin, error: str | None = None, status: int = 200, selected: str | None = None) -> Response:
        hint = login.hint
        if selected is None and hint and hint.login_as:
            # The story's employee, for the story's office when it names one.
            selected = next((f"{kvk}:{bsn}" for kvk, bsn, _ in door.employees() if bsn == hint.login_as and hint.organisation in (None, kvk)), None)
        means = [
            {"key": f"{kvk}:{bsn}", "kvk": kvk, "naam": person_name(bsn), "organisatie": organisation_name(kvk), "niveau": level}
            for kvk, bsn, level in door.employees()
        ]
        return render(
            "eherkenning/login.html", login, status, means=means, levels=list(EH_LEVELS), outcomes=list(CATALOGUE.values()),
            required_level=login.required_level, eidas=EH_EIDAS[login.required_level].rsplit("/", 1)[1], action=door.page_url("login", token), error=error, selected=selected,
            hint=hint_text(login, "login"),
        )

    def finish(token: str, login: EherkenningLogin, outcome: str, choice: EherkenningChoice | None = None, status_message: str | None = None) -> Response:
        return redirect(door.finish_login(token, login, outcome, choice, status_message), 302)  # type: ignore[return-value]

    @blueprint.get(f"{prefix}/login/<token>", endpoint="eherkenning_login_page")  # beside the DigiD pages on one blueprint
    def login_page(token: str) -> Response:
        login = session_or_404(token)
        return login if isinstance(login, Response) else render_login(token, login)

    @blueprint.post(f"{prefix}/login/<token>", endpoint="eherkenning_login_submit")  # beside the DigiD pages on one blueprint
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
        known = {f"{kvk}:{bsn}": (kvk, bsn, level) for kvk, bsn, level in door.employees()}
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
        door.keep(token, login)
        if EH_LEVELS.index(level) < EH_LEVELS.index(login.required_level):
            return finish(token, login, outcome)  # answered as loa_too_low
        return redirect(door.page_url("machtiging", token), 303)  # type: ignore[return-value]

    def options(login: EherkenningLogin) -> list[dict[str, str]]:
        result = []
        for c in door.choices_for(login, login.kvk or "", login.employee or ""):
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

    def logged_in(token: str) -> EherkenningLogin | Response:
        login = session_or_404(token)
        if not isinstance(login, Response) and login.employee is None:
            return gone_page("eHerkenning", 409, "Eerst inloggen", "Deze stap komt na het inloggen. Ga terug naar de inlogpagina en log eerst in.", "log in first")
        return login

    def preferred(login: EherkenningLogin, choices: list[dict[str, str]]) -> str | None:
        """The story's machtiging: for its office (the portal then names the client), else namens its client."""
        hint, keys = login.hint, {c["testid"]: c["key"] for c in choices}
        wanted = [f"org-{hint.organisation}" if hint and hint.organisation else "", f"client-{hint.choose}" if hint and hint.choose else ""]
        return next((keys[w] for w in wanted if w in keys), choices[0]["key"] if choices else None)

    def render_choice(token: str, login: EherkenningLogin, error: str | None = None, status: int = 200) -> Response:
        choices = options(login)
        return render(
            "eherkenning/machtiging.html", login, status, options=choices, action=door.page_url("machtiging", token),
            acting=person_name(login.employee or ""), organisatie=organisation_name(login.kvk or ""), error=error,
            checked=preferred(login, choices), hint=hint_text(login, "machtiging"),
        )

    @blueprint.get(f"{prefix}/machtiging/<token>", endpoint="eherkenning_machtiging_page")  # beside the DigiD pages on one blueprint
    def machtiging_page(token: str) -> Response:
        login = logged_in(token)
        return login if isinstance(login, Response) else render_choice(token, login)

    @blueprint.post(f"{prefix}/machtiging/<token>", endpoint="eherkenning_machtiging_submit")  # beside the DigiD pages on one blueprint
    def machtiging_submit(token: str) -> Response:
        login = logged_in(token)
        if isinstance(login, Response):
            return login
        action = request.form.get("action", "")
        if action == "cancel":
            return finish(token, login, "cancel_machtigen")
        choices = door.choices_for(login, login.kvk or "", login.employee or "")
        if not choices:
            return finish(token, login, "machtigen_error")
        chosen = [c for c in choices if choice_key(c) == request.form.get("choice", "")]
        if action != "choose" or not chosen:
            # Only what the scenario's machtigingen and the representation index allow today can be chosen.
            return render_choice(token, login, "Kies een van de getoonde machtigingen.", 400)
        return finish(token, login, login.outcome, chosen[0])


def directed_eherkenning(door: EherkenningDoor, login: EherkenningLogin, directive: Directive) -> tuple[str, EherkenningChoice | None, str | None, str | None]:  # type: ignore[type-arg]
    """What the pages would hand back had the employee done what `directive` says: (outcome, choice, level,
    status message). Its `bsn` is the employee, its `represent` the client (bewindvoering) or the KvK acted for."""
    outcome = directive.outcome if directive.outcome in CATALOGUE else "authn_failed"
    if CATALOGUE[outcome].kind == "status" and outcome != "success":
        return outcome, None, None, None
    for kvk, employee, level in door.employees():
        if directive.bsn not in (None, employee):
            continue
        wanted = [c for c in door.choices_for(login, kvk, employee) if directive.represent in (None, c.legal_kvk, c.client and c.client.subject)]
        if wanted:
            return outcome, wanted[0], directive.level or level, None
    return "machtigen_error", None, None, f"directive: {NO_MACHTIGING}"
