"""The scenario explorer (`/explorer/...`): server-rendered pages to browse the world — persons, organisations,
services — and, for a person, whom they may represent and who represents them, with a relation graph.

Dutch by default; `?lang=en` switches to English (links keep the choice). No JavaScript is needed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, g, render_template, request, url_for

from ..scenario import Dienst, Representation, World, age_on
from ..store import Store
from .access import page_access
from .graph import relation_graph

PAGE_SIZE = 200

# (Dutch, English) for every text the pages show.
TEXT: dict[str, tuple[str, str]] = {
    "explorer": ("Scenarioverkenner", "Scenario explorer"),
    "persons": ("Personen", "Persons"),
    "organisations": ("Organisaties", "Organisations"),
    "services": ("Diensten", "Services"),
    "diagnostics": ("Diagnose", "Diagnostics"),
    "portal": ("Demoportaal", "Demo portal"),
    "search": ("Zoeken", "Search"),
    "search_hint": ("BSN of naam", "BSN or name"),
    "no_results": ("Niets gevonden.", "Nothing found."),
    "name": ("Naam", "Name"),
    "born": ("Geboren", "Born"),
    "age": ("Leeftijd", "Age"),
    "died": ("Overleden", "Died"),
    "municipality": ("Gemeente", "Municipality"),
    "abroad": ("Woont in het buitenland", "Lives abroad"),
    "digid": ("DigiD-niveau", "DigiD level"),
    "note": ("Toelichting", "Note"),
    "parents": ("Ouders", "Parents"),
    "children": ("Kinderen", "Children"),
    "partners": ("Partners", "Partners"),
    "works_for": ("Werkt voor", "Works for"),
    "gezag": ("Gezag over deze persoon", "Authority over this person"),
    "represents": ("Mag vertegenwoordigen", "May represent"),
    "represented_by": ("Wordt vertegenwoordigd door", "Is represented by"),
    "graph": ("Relaties", "Relations"),
    "graph_note": (
        "Pijlen lopen van wie handelt naar wie vertegenwoordigd wordt; grijs gestippeld: nu niet bruikbaar.",
        "Arrows run from who acts to who is represented; grey dashed: not usable now.",
    ),
    "person": ("Persoon", "Person"),
    "ground": ("Grond", "Ground"),
    "source": ("Bron", "Source"),
    "valid": ("Geldig", "Valid"),
    "status": ("Status", "Status"),
    "via": ("Via organisatie", "Through organisation"),
    "none": ("Geen.", "None."),
    "for_service": ("Voor dienst", "For service"),
    "all_services": ("alle diensten", "all services"),
    "on_date": ("Op datum", "On date"),
    "show": ("Toon", "Show"),
    "today": ("Vandaag", "Today"),
    "scenario": ("Scenario", "Scenario"),
    "staff": ("Medewerkers", "Staff"),
    "clients": ("Cliënten (wettelijke vertegenwoordiging)", "Clients (legal representation)"),
    "loa": ("Betrouwbaarheidsniveau", "Level of assurance"),
    "kind": ("Soort", "Kind"),
    "grounds": ("Geaccepteerde gronden", "Accepted grounds"),
    "goods": ("Goederen", "Goods"),
    "authorised": ("Machtigingen voor deze dienst", "Authorisations for this service"),
    "giver": ("Machtiginggever", "Principal"),
    "holder": ("Gemachtigde", "Agent"),
    "rejections": ("Afgewezen SAML-berichten", "Rejected SAML messages"),
    "why": ("Waarom", "Why"),
    "warning": ("Waarschuwing", "Warning"),
    "message": ("Bericht", "Message"),
    "time": ("Tijd", "Time"),
    "next": ("Volgende", "Next"),
    "previous": ("Vorige", "Previous"),
    "activity": ("Wie handelde voor wie", "Who acted for whom"),
    "activity_note": (
        "Het auditlog van de simulator: inlogs met machtigen en Toezicht-controles, nieuwste eerst. De pagina ververst elke 5 seconden.",
        "The simulator's audit log: logins with machtigen and Toezicht checks, newest first. The page refreshes every 5 seconds.",
    ),
    "event": ("Gebeurtenis", "Event"),
    "actor": ("Handelt", "Acts"),
    "on_behalf": ("Namens", "On behalf of"),
    "outcome": ("Uitkomst", "Outcome"),
}

ACTIVITY_LIMIT = 200
# Where each interface's audit events name the one who acts and the one acted for.
ACTOR_KEYS = ("acting_bsn", "representative_bsn")
SUBJECT_KEYS = ("legal_bsn", "client_bsn")

GROND: dict[str, tuple[str, str]] = {
    "vrijwillig": ("machtiging (vrijwillig)", "voluntary authorisation"),
    "ouderlijk_gezag": ("ouderlijk gezag", "parental authority"),
    "voogdij": ("voogdij", "guardianship"),
    "curatele": ("curatele", "curatorship"),
    "beschermingsbewind": ("beschermingsbewind", "protective administration"),
    "mentorschap": ("mentorschap", "mentorship"),
}

STATUS: dict[str, tuple[str, str]] = {
    "actief": ("actief", "active"),
    "GEEN_RELATIE": ("geen relatie", "no relation"),
    "MAATREGEL_BEEINDIGD": ("maatregel beëindigd", "measure ended"),
    "NOG_NIET_INGEGAAN": ("nog niet ingegaan", "not yet in effect"),
    "ANDERE_VERTEGENWOORDIGER": ("andere vertegenwoordiger", "another representative"),
    "BUITEN_OMVANG": ("buiten de omvang", "outside the scope"),
    "VERTEGENWOORDIGER_GESCHORST": ("vertegenwoordiger geschorst", "representative suspended"),
    "NIET_ZELFSTANDIG_BEVOEGD": ("niet zelfstandig bevoegd", "not authorised alone"),
    "MACHTIGING_INGETROKKEN": ("machtiging ingetrokken", "authorisation withdrawn"),
    "MACHTIGING_NIET_GEACCEPTEERD": ("machtiging niet geaccepteerd", "authorisation not accepted"),
    "MACHTIGING_VERLOPEN": ("machtiging verlopen", "authorisation expired"),
    "DIENST_NIET_GEMACHTIGD": ("niet gemachtigd voor deze dienst", "not authorised for this service"),
    "GROND_NIET_VOOR_DIENST": ("grond geldt niet voor deze dienst", "ground not accepted by this service"),
    "KIND_TE_OUD_VOOR_DIENST": ("kind te oud voor deze dienst", "child too old for this service"),
    "OVERLEDEN": ("overleden", "deceased"),
}


def lang() -> str:
    return "en" if request.args.get("lang") == "en" else "nl"


def t(key: str) -> str:
    return TEXT[key][1 if g.get("lang") == "en" else 0]


def label(table: dict[str, tuple[str, str]], key: str) -> str:
    pair = table.get(key)
    return key if pair is None else pair[1 if g.get("lang") == "en" else 0]


def link(endpoint: str, **values: Any) -> str:
    """A URL that keeps the language choice."""
    if g.get("lang") == "en":
        values["lang"] = "en"
    return url_for(endpoint, **values)


def usable_services(world: World, r: Representation, day: dt.date) -> list[Dienst]:
    """The services for which this relation may be used on `day` (what the machtigen step would offer)."""
    result = []
    for dienst in world.services.values():
        for other in world.index.may_represent(r.actor, dienst, day):
            if (other.subject, other.ref, other.organisatie) == (r.subject, r.ref, r.organisatie):
                result.append(dienst)
                break
    return result


def relation_row(world: World, r: Representation, side: str, day: dt.date, dienst: Dienst | None) -> dict[str, Any]:
    other = r.subject if side == "subject" else r.actor
    person = world.persons.get(other)
    org = world.organisations.get(r.organisatie) if r.organisatie else None
    services = [dienst] if dienst is not None and r.usable else ([] if dienst is not None else usable_services(world, r, day))
    return {
        "bsn": other,
        "naam": person.volledige_naam() if person else other,
        "grond": label(GROND, r.grond.value),
        "bron": r.bron,
        "ref": r.ref,
        "diensten": services,
        "van": r.ingangsdatum,
        "tot": r.einddatum,
        "status": label(STATUS, r.status),
        "usable": r.usable,
        "organisatie": org,
    }


def other_lang_url() -> str:
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if g.get("lang") != "en":
        args["lang"] = "en"
    return url_for(request.endpoint or "control.explorer.home", **(request.view_args or {}), **args)


def page_context() -> dict[str, Any]:
    """What every page template uses: the texts, links that keep the language, the language switch."""
    return {"t": t, "link": link, "lang": g.get("lang", "nl"), "other_lang_url": other_lang_url()}


def render_diagnostics(found: list[dict[str, Any]]) -> Response:
    """The diagnostics view as HTML (served by the control API, which may be token-protected)."""
    g.lang = lang()
    return Response(render_template("control/diagnostics.html", found=found, **page_context()), mimetype="text/html")


def create_explorer(store: Store) -> Blueprint:
    bp = Blueprint("explorer", __name__, url_prefix="/explorer", template_folder="templates")

    @bp.before_request
    def _lang() -> Response | None:
        g.lang = lang()
        return page_access(store.config.control_token)  # every page shows personal data or the audit trail

    bp.context_processor(page_context)

    @bp.get("/")
    def home() -> str:
        world = store.world
        return render_template("control/home.html", world=world, today=store.today())

    @bp.get("/personen")
    def persons() -> str:
        world = store.world
        query = request.args.get("q", "").strip()
        page = max(request.args.get("pagina", 1, type=int) or 1, 1)
        if query:
            found = world.search_persons(query, limit=PAGE_SIZE)
            more = False
        else:
            everyone = list(world.persons.values())
            found = everyone[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            more = len(everyone) > page * PAGE_SIZE
        return render_template("control/persons.html", found=found, query=query, page=page, more=more, today=store.today(), age_on=age_on)

    @bp.get("/personen/<bsn>")
    def person(bsn: str) -> str:
        world = store.world
        p = world.persons.get(bsn)
        if p is None:
            abort(404)
        day = store.today()
        if request.args.get("datum"):
            try:
                day = dt.date.fromisoformat(request.args["datum"])
            except ValueError:
                pass
        dienst = world.service(request.args["dienst"]) if request.args.get("dienst") else None
        represents = world.index.represented_by(bsn, day, dienst)
        represented_by = world.index.representatives_of(bsn, day, dienst)
        svg = relation_graph(
            world,
            bsn,
            represented_by,
            represents,
            lambda r: label(GROND, r.grond.value) + ("" if r.usable else f"\n{label(STATUS, r.status)}"),
            lambda other: link("control.explorer.person", bsn=other),
            f"{t('graph')}: {p.volledige_naam()}",
        )
        return render_template(
            "control/person.html",
            p=p,
            world=world,
            day=day,
            age=age_on(p.geboortedatum, min(day, p.overlijdensdatum or day)),
            dienst=dienst,
            services=world.services.values(),
            gezag=world.gezag_over(bsn, day),
            represents=[relation_row(world, r, "subject", day, dienst) for r in represents],
            represented_by=[relation_row(world, r, "actor", day, dienst) for r in represented_by],
            svg=svg,
            children=[world.persons[c] for c in world.children_of(bsn)],
            parents=[world.persons[o] for o in p.ouders if o in world.persons],
            partners=[(world.persons.get(x.partner), x) for x in world.partnerships_of(bsn)],
            employers=world.employers_of(bsn),
        )

    @bp.get("/activiteit")
    def activity() -> str:
        world = store.world
        bsn = request.args.get("bsn", "").strip()
        entries = []
        for entry in reversed(store.audit_log.entries()):
            data = entry.data
            actor = next((data[k] for k in ACTOR_KEYS if data.get(k)), None)
            subject = next((data[k] for k in SUBJECT_KEYS if data.get(k)), None)
            if bsn and bsn not in (actor, subject):
                continue
            entries.append({"time": entry.time, "kind": entry.kind, "actor": actor, "subject": subject, "data": data})
            if len(entries) >= ACTIVITY_LIMIT:
                break
        return render_template("control/activity.html", entries=entries, world=world, bsn=bsn, grond=lambda k: label(GROND, k) if k else "")

    @bp.get("/organisaties")
    def organisations() -> str:
        return render_template("control/organisations.html", organisations=store.world.organisations.values())

    @bp.get("/organisaties/<kvk>")
    def organisation(kvk: str) -> str:
        world = store.world
        org = world.organisations.get(kvk)
        if org is None:
            abort(404)
        clients = [m for m in world.maatregelen.values() if any(v.organisatie == kvk for v in m.vertegenwoordigers)]
        return render_template("control/organisation.html", org=org, world=world, clients=clients)

    @bp.get("/diensten")
    def services() -> str:
        return render_template("control/services.html", services=store.world.services.values(), grond=lambda k: label(GROND, k))

    @bp.get("/diensten/<ref>")
    def service(ref: str) -> str:
        world = store.world
        dienst = world.service(ref)
        if dienst is None:
            abort(404)
        machtigingen = [m for m in world.machtigingen if any(world.service(d) is dienst for d in m.diensten)]
        return render_template("control/service.html", d=dienst, world=world, machtigingen=machtigingen, grond=lambda k: label(GROND, k))

    return bp
