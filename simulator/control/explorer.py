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
from . import graph
from .access import page_access

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
        "Vertegenwoordiging loopt van wie handelt naar wie vertegenwoordigd wordt. Op een smal scherm schuift het plaatje opzij.",
        "Representation runs from who acts to who is represented. On a narrow screen the picture scrolls sideways.",
    ),
    "household": ("Huishouden", "Household"),
    "household_of": ("Huishouden van", "Household of"),
    "household_note": (
        "Iedereen op hetzelfde adres, met hun ouders, partners en kinderen, en wie voor wie mag optreden.",
        "Everyone at the same address, with their parents, partners and children, and who may act for whom.",
    ),
    "world": ("Hele wereld", "Whole world"),
    "world_note": (
        "Elke groep mensen die door familie, partnerschap, werk of vertegenwoordiging met elkaar verbonden is, als één plaatje.",
        "Every group of people linked by family, partnership, work or representation, as one picture.",
    ),
    "world_capped": ("Alleen de eerste {n} groepen worden getoond.", "Only the first {n} groups are shown."),
    "alone": ("Zonder banden in dit scenario", "Without ties in this scenario"),
    "group_of": ("Groep", "Group"),
    "in_picture": ("In dit plaatje", "In this picture"),
    "legend": ("Legenda", "Legend"),
    "legend_parent": ("ouder → kind", "parent → child"),
    "legend_partner": ("partners (huwelijk of geregistreerd partnerschap)", "partners (marriage or registered partnership)"),
    "legend_usable": ("mag vandaag vertegenwoordigen (grond erbij)", "may represent today (ground alongside)"),
    "legend_not": ("vertegenwoordiging die nu niet bruikbaar is (reden erbij)", "representation not usable now (reason alongside)"),
    "legend_works": ("werkt voor organisatie; de organisatie vertegenwoordigt", "works for organisation; the organisation represents"),
    "legend_org": ("organisatie", "organisation"),
    "legend_centre": ("de persoon van deze pagina", "the person of this page"),
    "works_for_edge": ("werkt voor", "works for"),
    "since": ("sinds", "since"),
    "until": ("tot", "until"),
    "partner_ended": ("ontbonden", "dissolved"),
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
    "request": ("Verzoek", "Request"),
    "sp": ("Dienstverlener", "Service provider"),
    "rejections_note": (
        "Berichten die de simulator weigerde of met een waarschuwing aannam, nieuwste eerst: de regel, naast het bericht zoals het binnenkwam.",
        "Messages the simulator refused or accepted with a warning, newest first: the rule, beside the message as received.",
    ),
    "warning": ("Waarschuwing", "Warning"),
    "message": ("Bericht", "Message"),
    "time": ("Tijd", "Time"),
    "next": ("Volgende", "Next"),
    "previous": ("Vorige", "Previous"),
    "activity": ("Wie handelde voor wie", "Who acted for whom"),
    "activity_note": (
        "Het auditlog van de simulator: inlogs met machtigen en Toezicht-controles, nieuwste eerst. De lijst ververst zichzelf elke 5 seconden.",
        "The simulator's audit log: logins with machtigen and Toezicht checks, newest first. The list refreshes itself every 5 seconds.",
    ),
    "pause": ("Pauzeer verversen", "Pause refreshing"),
    "resume": ("Ververs weer", "Resume refreshing"),
    "refresh": ("Ververs nu", "Refresh now"),
    "updated": ("Bijgewerkt om", "Updated at"),
    "paused": ("Gepauzeerd", "Paused"),
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


BRON: dict[str, tuple[str, str]] = {
    "machtiging": ("machtiging", "authorisation"),
    "gezag": ("gezag (BRP)", "authority (BRP)"),
    "maatregel": ("maatregel (rechter)", "measure (court)"),
}

GEZAG_TYPE: dict[str, tuple[str, str]] = {
    "GezamenlijkOuderlijkGezag": ("gezamenlijk ouderlijk gezag", "joint parental authority"),
    "EenhoofdigOuderlijkGezag": ("eenhoofdig ouderlijk gezag", "sole parental authority"),
    "GezamenlijkGezag": ("gezamenlijk gezag (ouder en derde)", "joint authority (parent and third party)"),
    "Voogdij": ("voogdij", "guardianship"),
    "TijdelijkGeenGezag": ("tijdelijk geen gezag", "temporarily no authority"),
    "GezagNietTeBepalen": ("gezag niet te bepalen", "authority cannot be determined"),
}

LEVEL: dict[str, tuple[str, str]] = {
    "basis": ("basis", "basic"),
    "midden": ("midden", "middle"),
    "substantieel": ("substantieel", "substantial"),
    "hoog": ("hoog", "high"),
    "geen": ("geen DigiD", "no DigiD"),
}

PARTNERSHIP: dict[str, tuple[str, str]] = {
    "huwelijk": ("huwelijk", "marriage"),
    "partnerschap": ("geregistreerd partnerschap", "registered partnership"),
}

MAATREGEL: dict[str, tuple[str, str]] = {
    "beschermingsbewind": ("beschermingsbewind", "protective administration"),
    "provisioneel_bewind": ("provisioneel bewind", "provisional administration"),
    "curatele": ("curatele", "curatorship"),
    "mentorschap": ("mentorschap", "mentorship"),
    "aangevraagd": ("aangevraagd", "requested"),
    "toekomstig": ("toekomstig", "future"),
    "actief": ("actief", "active"),
    "geschorst": ("geschorst", "suspended"),
    "beeindigd": ("beëindigd", "ended"),
    "ingetrokken": ("ingetrokken", "withdrawn"),
    "niet_geaccepteerd": ("niet geaccepteerd", "not accepted"),
    "verlopen": ("verlopen", "expired"),
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
        "bron": label(BRON, r.bron),
        "ref": label(GEZAG_TYPE, r.ref) if r.bron == "gezag" else r.ref,
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
    return {
        "t": t, "link": link, "lang": g.get("lang", "nl"), "other_lang_url": other_lang_url(),
        "level": lambda key: label(LEVEL, key), "partnership": lambda key: label(PARTNERSHIP, key),
        "gezag_label": lambda key: label(GEZAG_TYPE, key), "measure": lambda key: label(MAATREGEL, key),
        "grond": lambda key: label(GROND, key) if key else "",
    }


def render_diagnostics(found: list[dict[str, Any]], world: World) -> Response:
    """The diagnostics view as HTML (served by the control API, which may be token-protected)."""
    g.lang = lang()
    shown = [{**d, "sp_name": sp_name(world, d) if d.get("sp") else None} for d in found]
    return Response(render_template("control/diagnostics.html", found=shown, **page_context()), mimetype="text/html")


EVENT: dict[str, tuple[str, str]] = {
    "representation": ("Inloggen met machtigen (DigiD)", "Login with machtigen (DigiD)"),
    "toezicht": ("Controle bij Toezicht", "Check at Toezicht"),
}

OUTCOME: dict[str, tuple[str, str]] = {
    "gekozen": ("gekozen", "chosen"),
    "geannuleerd": ("geannuleerd", "cancelled"),
    "geen_vertegenwoordiging": ("niemand om te kiezen", "nobody to choose"),
    "bevoegd": ("bevoegd", "authorised"),
    "niet_bevoegd": ("niet bevoegd", "not authorised"),
    "success": ("gelukt", "succeeded"),
}


def sp_name(world: World, data: dict[str, Any]) -> str | None:
    """The service provider of an audit entry by its name in the scenario (the entity ID when it has none)."""
    entity_id = data.get("sp")
    if not entity_id:
        return None
    provider = world.service_providers.get(entity_id)
    return provider.naam if provider is not None and provider.naam else entity_id


def caller_name(world: World, oin: str | None) -> str | None:
    if not oin:
        return None
    client = next((c for c in world.api_clients.values() if c.oin == oin), None)
    return f"{client.naam} (OIN {oin})" if client else f"OIN {oin}"


def outcome_text(data: dict[str, Any]) -> str:
    """What became of the decision; a representation sent with a deliberate protocol fault was chosen at DigiD,
    but a careful service provider refuses the answer, so nobody acted for anyone."""
    text = label(OUTCOME, data.get("outcome") or "")
    if data.get("fault"):
        if g.get("lang") == "en":
            return f"chosen, but sent with protocol fault {data['fault']}: a careful service provider refuses it"
        return f"gekozen, maar met protocolfout {data['fault']} verstuurd: een zorgvuldige dienstverlener weigert het antwoord"
    if data.get("reden"):
        text += f" — {label(STATUS, data['reden'])}"
    return text


def ground_label(r: Representation) -> str:
    """An edge's label: the ground, and why it cannot be used now."""
    return label(GROND, r.grond.value) + ("" if r.usable else f"\n{label(STATUS, r.status)}")


def picture_of(world: World, bsns: list[str], day: dt.date, title: str, centre: str | None = None) -> str:
    picture = graph.build(world, bsns, day, ground_label, t, centre)
    names = ", ".join(picture.nodes[n][0] for n in picture.nodes)
    return graph.render(picture, title, f"{t('in_picture')}: {names}")


WORLD_GROUPS = 60


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
        svg = picture_of(world, graph.neighbourhood(world, bsn, day), day, f"{t('graph')}: {p.volledige_naam()}", centre=bsn)
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
            pictured=graph.neighbourhood(world, bsn, day),
            children=[world.persons[c] for c in world.children_of(bsn)],
            parents=[world.persons[o] for o in p.ouders if o in world.persons],
            partners=[(world.persons.get(x.partner), x) for x in world.partnerships_of(bsn)],
            employers=world.employers_of(bsn),
        )

    @bp.get("/huishouden/<bsn>")
    def household(bsn: str) -> str:
        world = store.world
        p = world.persons.get(bsn)
        if p is None:
            abort(404)
        day = store.today()
        members = graph.household(world, bsn)
        svg = picture_of(world, members, day, f"{t('household_of')} {p.volledige_naam()}", centre=bsn)
        return render_template("control/household.html", p=p, world=world, svg=svg, members=members)

    @bp.get("/wereld")
    def whole_world() -> str:
        world = store.world
        day = store.today()
        found = graph.groups(world, day)
        linked = [g for g in found if len(g) > 1]
        alone = [g[0] for g in found if len(g) == 1]
        pictures = [
            (members, picture_of(world, members, day, f"{t('group_of')} {i}: " + ", ".join(world.persons[b].volledige_naam() for b in members[:3]) + ("…" if len(members) > 3 else "")))
            for i, members in enumerate(linked[:WORLD_GROUPS], start=1)
        ]
        return render_template("control/world.html", world=world, pictures=pictures, alone=alone, capped=len(linked) > WORLD_GROUPS, cap=WORLD_GROUPS)

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
            entries.append({"time": entry.time, "kind": label(EVENT, entry.kind), "actor": actor, "subject": subject, "data": data,
                            "sp": sp_name(world, data), "caller": caller_name(world, data.get("caller_oin")), "outcome": outcome_text(data)})
            if len(entries) >= ACTIVITY_LIMIT:
                break
        # The page polls itself for the list only (?deel=lijst), so no whole-page reload interrupts the reader.
        template = "control/activity_list.html" if request.args.get("deel") == "lijst" else "control/activity.html"
        return render_template(template, entries=entries, world=world, bsn=bsn, now=dt.datetime.now(dt.timezone.utc))

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
        return render_template("control/services.html", services=store.world.services.values())

    @bp.get("/diensten/<ref>")
    def service(ref: str) -> str:
        world = store.world
        dienst = world.service(ref)
        if dienst is None:
            abort(404)
        machtigingen = [m for m in world.machtigingen if any(world.service(d) is dienst for d in m.diensten)]
        return render_template("control/service.html", d=dienst, world=world, machtigingen=machtigingen)

    return bp
