"""The DigiD look-alike pages: login (persona or BSN, level, test outcome, cancel) and the machtigen step ("for
whom do you act"), fed by the representation index.

The pages know nothing of the protocol behind them: a door (SAML or OIDC) registers them under its own path,
hands in a `PendingLogin` (who asks, for which service, with or without machtigen) and gets the user's `Choice`
back through `LoginDoor.finish`, which answers with the URL the browser goes to next."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Generic, Mapping, Protocol, TypeVar

from flask import Blueprint, Response, redirect, request
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..requestlog import add_log_fields
from ..landing import prefers_html
from ..outcomes import CATALOGUE
from ..scenario.index import Representation
from ..scenario.model import DigidLevel, Grond
from ..scenario.world import World
from ..store import Store, hash_bsn
from .persons import can_log_in, personas, typed_bsn_problem

MAX_PERSONAS = 300
MAX_DAYS = 8  # business days whose persona list is kept rendered (per world)
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

# The outcome catalogue as the login page offers it, in Dutch and in three groups.
OUTCOME_TEXT = {
    "success": "Gewoon inloggen (met machtigen: de gekozen vertegenwoordiging)",
    "cancel": "De burger annuleert bij DigiD",
    "cancel_machtigen": "De burger annuleert bij de machtigingsstap",
    "authn_failed": "Inloggen mislukt (verkeerd wachtwoord, geblokkeerd account)",
    "machtigen_error": "De machtigingsdienst geeft een fout",
    "loa_too_low": "Betrouwbaarheidsniveau te laag voor de dienst",
    "no_supported_idp": "Scoping noemt een onbekende machtigingsdienst",
    "artifact_expired": "Het artefact wordt na de termijn opgehaald",
    "wrong_destination": "Destination van het Response is niet de ACS",
    "wrong_audience": "Audience van de Assertion is niet de dienstverlener",
    "wrong_in_response_to": "InResponseTo past niet bij het AuthnRequest",
    "wrong_recipient": "Recipient van SubjectConfirmationData is niet de ACS",
    "wrong_issuer": "Issuer van de Assertion is niet DigiD",
    "expired_assertion": "De Assertion is verlopen (NotOnOrAfter in het verleden)",
    "bad_signature": "De handtekening klopt niet (inhoud na ondertekenen veranderd)",
    "unsigned_assertion": "De Assertion is niet ondertekend",
    "missing_assertion": "Status Success, maar geen Assertion",
}
OUTCOME_GROUPS = (
    ("Gewone uitkomst", lambda o: o.name == "success"),
    ("DigiD-status: de dienstverlener krijgt een foutstatus", lambda o: o.kind == "status" and o.name != "success"),
    ("Protocolfout: een zorgvuldige dienstverlener weigert het antwoord", lambda o: o.kind == "fault"),
)

# Simulator-only form fields an SP (the demo portal) may post beside SAMLRequest: the story's persona, whom to
# choose, the story's title and (eHerkenning) the organisation logged in for. They change nothing in the SAML;
# the DigiD and eHerkenning pages pre-select and explain.
HINT_FIELDS = {"SimulatorLoginAs": "login_as", "SimulatorChoose": "choose", "SimulatorStory": "story", "SimulatorOrganisation": "organisation"}
_BSN = re.compile(r"^[0-9]{9}$")
_KVK = re.compile(r"^[0-9]{8}$")
MAX_STORY_CHARS = 200

Q = TypeVar("Q")


@dataclass(frozen=True)
class LoginHint:
    """What a story asks of the trainer at the pages (a simulator-only hint, never part of the protocol)."""

    login_as: str | None = None
    choose: str | None = None
    story: str | None = None
    organisation: str | None = None  # a KvK number: the office an eHerkenning employee logs in for


def read_hint(form: Mapping[str, str]) -> LoginHint | None:
    """The hint fields of a posted form, each checked (a BSN is 9 digits, a KvK number 8; a title is short), or None."""
    if not any(name in form for name in HINT_FIELDS):  # the usual case, without werkzeug's KeyError per missing field
        return None
    values = {attr: (form.get(name) or "").strip() for name, attr in HINT_FIELDS.items()}
    hint = LoginHint(
        login_as=values["login_as"] if _BSN.match(values["login_as"]) else None,
        choose=values["choose"] if _BSN.match(values["choose"]) else None,
        story=values["story"][:MAX_STORY_CHARS] or None,
        organisation=values["organisation"] if _KVK.match(values["organisation"]) else None,
    )
    return hint if hint != LoginHint() else None


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
    hint: LoginHint | None = None


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


def persona_options(world: World, today: dt.date, selected: str | None) -> Markup:
    """The persona list's <optgroup>s, `selected` pre-selected. Rendered once per world and day and shared by all
    threads (300 personas with their roles from the representation index: most of the login page's cost)."""
    rendered: dict[dt.date, str] = world.derived("login.persona_options", lambda _: {})
    html = rendered.get(today)
    if html is None:
        if len(rendered) >= MAX_DAYS:  # the clock moved many times: forget the other days
            rendered.clear()
        html = rendered[today] = TEMPLATES.get_template("login/persona_options.html").render(
            persona_groups=personas(world, today, MAX_PERSONAS)
        )
    if selected and _BSN.match(selected):
        html = html.replace(f'<option value="{selected}">', f'<option value="{selected}" selected>', 1)
    return Markup(html)


@functools.lru_cache(maxsize=len(CATALOGUE) + 1)
def outcome_options(chosen: str) -> Markup:
    """The outcome catalogue's <optgroup>s with `chosen` selected (rendered once per outcome)."""
    return Markup(TEMPLATES.get_template("login/outcome_options.html").render(
        outcome_groups=[(name, [o for o in CATALOGUE.values() if member(o)]) for name, member in OUTCOME_GROUPS],
        outcome_text=OUTCOME_TEXT,
        chosen_outcome=chosen,
    ))


def _html(template: str, status: int = 200, **context: object) -> Response:
    return Response(TEMPLATES.get_template(template).render(**context), status, mimetype="text/html")


def gone_page(brand: str, status: int, title: str, text: str, plain: str) -> Response:
    """A login that is over or not started: a Dutch page in the door's look (`brand`: DigiD or eHerkenning) for a
    browser, the plain line for a machine."""
    if not prefers_html():
        return Response(plain + "\n", status, mimetype="text/plain")
    base = "eherkenning/base.html" if brand == "eHerkenning" else "login/base.html"
    return _html("login/gone.html", status, base=base, title=title, text=text, sp_name="", root=request.script_root)


def finished_login(brand: str) -> Response:
    """Back, then "Inloggen" or "Verder" again: the login is finished (or unknown); say so in Dutch."""
    return gone_page(
        brand, 404, "Deze inlog is al afgerond",
        f"{brand} verstuurt het antwoord van een inlog maar één keer. Ging u met de knop Terug naar deze pagina en "
        "klikte u opnieuw op Verder of Inloggen? Dan is de inlog al afgerond of verlopen. Ga terug naar de website "
        "waar u begon en log opnieuw in.",
        "unknown or finished login session",
    )


def register_pages(blueprint: Blueprint, door: LoginDoor, prefix: str) -> None:
    """GET/POST `<prefix>/login/<token>` and `<prefix>/machtigen/<token>` on the door's blueprint."""
    store = door.store

    gone = functools.partial(gone_page, "DigiD")

    def session_or_404(token: str) -> PendingLogin | Response:  # type: ignore[type-arg]
        login = door.pending(token)
        return finished_login("DigiD") if login is None else login

    def who(bsn: str | None) -> str | None:
        person = store.world.persons.get(bsn or "")
        return f"{person.volledige_naam()} (BSN {bsn})" if person else None

    def hint_text(login: PendingLogin, step: str) -> str | None:  # type: ignore[type-arg]
        """"Verhaal: …: log in als …, kies …" for the trainer; None without a hint."""
        hint = login.hint
        if hint is None:
            return None
        parts = []
        if step == "login" and who(hint.login_as):
            parts.append(f"log in als {who(hint.login_as)}")
        if login.machtigen and who(hint.choose):
            parts.append(f"kies {who(hint.choose)}" if step == "machtigen" else f"kies daarna {who(hint.choose)}")
        if not parts:
            return None
        return (f"Verhaal: {hint.story}: " if hint.story else "Verhaal: ") + ", ".join(parts) + "."

    def render_login(token: str, login: PendingLogin, error: str | None = None, status: int = 200, **form: str) -> Response:  # type: ignore[type-arg]
        selected = form.get("persona") if "persona" in form else (login.hint.login_as if login.hint else None)
        return _html(
            "login/login.html",
            status,
            sp_name=login.sp_name,
            service_name=login.service_name,
            required_level=login.required_level,
            machtigen=login.machtigen,
            persona_options=persona_options(store.world, store.today(), selected),
            levels=[level.name for level in DigidLevel],
            # Only a catalogue outcome can be selected (an unknown one is re-rendered with the error, unselected).
            outcome_options=outcome_options(form.get("outcome") if form.get("outcome") in CATALOGUE else "success"),
            chosen_level=form.get("level") or "",
            action=door.page_url("login", token),
            error=error,
            typed_bsn=form.get("bsn"),
            hint=hint_text(login, "login"),
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
        if form["bsn"] and form["persona"] and form["bsn"] != form["persona"]:
            return render_login(
                token, login, f"U koos persona {who(form['persona']) or form['persona']} én typte BSN {form['bsn']}. "
                "Kies één van beide: maak het BSN-veld leeg of kies “— kies een persona —”.", 400, **form,
            )
        bsn = form["bsn"] or form["persona"]
        if not bsn:
            return render_login(token, login, "Kies een persona of typ een BSN.", 400, **form)
        typo = typed_bsn_problem(bsn) if form["bsn"] else None
        if typo:
            return render_login(token, login, typo, 400, **form)
        person = store.world.persons.get(bsn)
        problem = can_log_in(person, store.today())
        if problem or person is None:
            if person is not None:
                problem = f"{person.volledige_naam()}: {problem} Iemand die niet kan inloggen, kan bij DigiD alleen annuleren: klik op Annuleren om terug te gaan naar {login.sp_name}."
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
        preferred = login.hint.choose if login.hint else None
        checked = next((option_key(r) for r in options if r.subject == preferred), option_key(options[0]) if options else None)
        return options, {
            "checked": checked,
            "sp_name": login.sp_name,
            "service_name": login.service_name,
            "acting": acting.volledige_naam() if acting else login.bsn,
            "hint": hint_text(login, "machtigen"),
            "preferred": login.hint.choose if login.hint else None,
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
            return gone(409, "Eerst inloggen", "Deze stap komt na het inloggen. Ga terug naar de inlogpagina en log eerst in.", "log in first")
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
