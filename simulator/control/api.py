"""The control API (`/control/...`): how test code steers and inspects a running simulator. TEST ONLY.

It loads, replaces or extends the scenario, resets, sets the clock, pre-programs DDCC outcomes, and reads the
audit and request logs. Documented in `openapi.yaml` (served at `/control/openapi.yaml`). When
SIMULATOR_CONTROL_TOKEN is set, every call but the document itself needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from importlib import resources
from typing import Any, Callable, Mapping, get_args

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from ..namespaces import Namespaces
from ..outcomes import CATALOGUE, VARIATIONS, Directive
from ..scenario import ScenarioError, Source, World
from ..scenario.identifiers import bsn_problem
from ..scenario.model import DigidLevel, LevelName
from ..scenario.report import person_report
from ..state import Log
from ..store import Store
from .access import bearer_ok, page_access
from .explorer import render_diagnostics
from .journal import LogQuery, QueryError, diagnostics
from .problems import invalid, json_response, problem

LEVELS: tuple[str, ...] = get_args(LevelName)
SCENARIO_TYPES = {
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
    "application/json": "json",
    "text/plain": "yaml",
}
DIRECTIVE_FIELDS = {"outcome", "sp", "bsn", "level", "represent", "count", "variations"}
MAX_DIRECTIVE_COUNT = 1000
PAGE_ARGS = ("token", "lang")


def scenario_summary(store: Store, world: World) -> dict[str, Any]:
    return {
        "naam": world.settings.naam,
        "beschrijving": world.settings.beschrijving,
        "today": store.today(),
        "sources": [s.name for s in world.sources],
        "counts": {
            "persons": len(world.persons),
            "organisations": len(world.organisations),
            "services": len(world.services),
            "gezag": len(world.gezag_entries),
            "wettelijke_vertegenwoordiging": len(world.maatregelen),
            "machtigingen": len(world.machtigingen),
            "service_providers": len(world.service_providers),
            "api_clients": len(world.api_clients),
            "oidc_clients": len(world.oidc_clients),
        },
    }


def directive_dict(d: Directive) -> dict[str, Any]:
    return dataclasses.asdict(d)


def known_sp(world: World, entity_id: str) -> bool:
    """The SP a directive names: a connection, a DV behind one, or an OIDC client (its client_id)."""
    return entity_id in world.service_providers or entity_id in world.oidc_clients or any(
        dv.entity_id == entity_id for sp in world.service_providers.values() for dv in sp.dienstverleners
    )


def parse_directive(body: Any, world: World) -> tuple[Directive | None, list[dict[str, str]]]:
    """A Directive from a JSON body, or every reason it cannot be one (names are JSON field names)."""
    if not isinstance(body, dict):
        return None, [{"name": "", "reason": "expected a JSON object with at least 'outcome'"}]
    errors: list[dict[str, str]] = []
    for name in body:
        if name not in DIRECTIVE_FIELDS:
            errors.append({"name": name, "reason": f"unknown field; use {', '.join(sorted(DIRECTIVE_FIELDS))}"})
    values: dict[str, Any] = {}
    for name in ("outcome", "sp", "bsn", "level", "represent"):
        value = body.get(name)
        # Absent is fine; null is not a string, and the document does not make these fields nullable.
        if name in body and not isinstance(value, str):
            errors.append({"name": name, "reason": "expected a string"})
        else:
            values[name] = value
    outcome = values.get("outcome") or "success"
    if outcome not in CATALOGUE:
        errors.append({"name": "outcome", "reason": f"unknown outcome {outcome!r}; GET /control/outcomes lists them"})
    if values.get("sp") and not known_sp(world, values["sp"]):
        errors.append({"name": "sp", "reason": f"no service provider with entity ID (or OIDC client with client_id) {values['sp']!r} in the scenario"})
    for name in ("bsn", "represent"):
        bsn = values.get(name)
        if bsn:
            reason = bsn_problem(bsn) if not world.settings.allow_invalid_bsn else None
            if reason is None and bsn not in world.persons:
                reason = f"no person with BSN {bsn} in the scenario"
            if reason:
                errors.append({"name": name, "reason": reason})
    if values.get("level") and values["level"] not in LEVELS:
        errors.append({"name": "level", "reason": f"expected one of {', '.join(LEVELS)}"})
    elif values.get("level") and values.get("bsn") in world.persons:
        # As on DigiD's login page: a level up to what the person holds, else the assertion claims a means they lack.
        held = world.persons[values["bsn"]].digid_level
        if held is not None and held < DigidLevel[values["level"]]:
            errors.append({"name": "level", "reason": f"{values['bsn']} holds DigiD {held.name}; a login at {values['level']} is not possible"})
    count = body.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_DIRECTIVE_COUNT:
        errors.append({"name": "count", "reason": f"expected a whole number from 1 to {MAX_DIRECTIVE_COUNT}"})
    variations = body.get("variations")
    if variations is not None and (not isinstance(variations, list) or not all(isinstance(v, str) for v in variations)):
        errors.append({"name": "variations", "reason": "expected a list of variation names"})
    elif variations is not None:
        for unknown in [v for v in variations if v not in VARIATIONS]:
            errors.append({"name": "variations", "reason": f"unknown variation {unknown!r}; use {', '.join(VARIATIONS)}"})
    if errors:
        return None, errors
    chosen = tuple(dict.fromkeys(variations)) if variations is not None else None
    return Directive(outcome, values.get("sp"), values.get("bsn"), values.get("level"), values.get("represent"), count, chosen), []


def scenario_sources() -> tuple[list[Source] | None, Response | None]:
    """The uploaded scenario file from the request body, or the problem response saying why there is none."""
    mimetype = request.mimetype or "application/yaml"
    if mimetype not in SCENARIO_TYPES:
        return None, problem(
            415, "Unsupported media type", f"send the scenario as {', '.join(sorted(SCENARIO_TYPES))}; got {mimetype}", "unsupported-media-type"
        )
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, problem(400, "Invalid scenario", f"the body is not UTF-8 (byte {exc.start})", "invalid-scenario")
    if not text.strip():
        return None, problem(400, "Invalid scenario", "the body is empty; send a scenario file", "invalid-scenario")
    if SCENARIO_TYPES[mimetype] == "json":
        # JSON is read by the YAML loader (for line numbers); YAML refuses tab indentation, and a raw tab can stand
        # in valid JSON only as whitespace, so a space in its place changes nothing else (not even a column).
        text = text.replace("\t", " ")
    # The name appears in every problem's `file`, so a test uploading several files can tell them apart.
    name = request.args.get("name") or f"upload.{SCENARIO_TYPES[mimetype]}"
    return [Source(name=name, text=text, base_dir=None)], None


def scenario_problem(error: ScenarioError) -> Response:
    return problem(
        422,
        "Scenario rejected",
        f"{len(error.problems)} problem(s); the running scenario is unchanged",
        "scenario-rejected",
        problems=[p.as_dict() for p in error.problems],
    )


def read_json() -> tuple[Any, Response | None]:
    body = request.get_json(silent=True)
    if body is None:
        return None, invalid([{"name": "", "reason": "expected a JSON body (Content-Type: application/json)"}])
    return body, None


def create_api(store: Store) -> Blueprint:
    bp = Blueprint("control_api", __name__, url_prefix="/control")

    @bp.before_request
    def _authorise() -> Response | None:
        token = store.config.control_token
        if token is None or request.endpoint == "control.control_api.openapi":
            return None
        # The diagnostics page is also read in a browser, which cannot send a header: ?token= once, then a cookie.
        def refuse() -> Response:
            return problem(401, "Unauthorized", "the control API needs Authorization: Bearer <SIMULATOR_CONTROL_TOKEN>", "unauthorized")

        if request.endpoint == "control.control_api.get_diagnostics" and not request.headers.get("Authorization"):
            return page_access(token, refuse)
        return None if bearer_ok(token) else refuse()

    @bp.errorhandler(RequestEntityTooLarge)
    def _too_large(_: Exception) -> Response:
        return problem(413, "Body too large", "the body exceeds the simulator's request size limit", "too-large")

    @bp.app_errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response | HTTPException:
        """Routing errors (an unknown path or method under /control/) as problem details too, like the document
        says every error is; other paths keep their own answers."""
        if not request.path.startswith("/control/") or error.code is None:
            return error
        answer = problem(error.code, error.name, error.description or error.name, "http-error")
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            answer.headers["Allow"] = ", ".join(error.valid_methods)
        return answer

    @bp.get("/openapi.yaml")
    def openapi() -> Response:
        text = resources.files(__package__).joinpath("openapi.yaml").read_text(encoding="utf-8")
        return Response(text, mimetype="application/yaml")

    @bp.get("/scenario")
    def get_scenario() -> Response:
        return json_response(scenario_summary(store, store.world))

    def load(apply: Callable[[list[Source]], World], event: str) -> Response:
        sources, error = scenario_sources()
        if sources is None:
            return error  # type: ignore[return-value]
        try:
            world = apply(sources)
        except ScenarioError as exc:
            return scenario_problem(exc)
        store.audit(event, sources=[s.name for s in sources])
        return json_response(scenario_summary(store, world))

    @bp.put("/scenario")
    def replace_scenario() -> Response:
        return load(store.replace, "scenario_replaced")

    @bp.post("/scenario/extend")
    def extend_scenario() -> Response:
        return load(store.extend, "scenario_extended")

    @bp.post("/reset")
    def reset() -> Response:
        world = store.reset()
        return json_response(scenario_summary(store, world))

    @bp.get("/clock")
    def get_clock() -> Response:
        return json_response({"today": store.today()})

    @bp.put("/clock")
    def set_clock() -> Response:
        body, error = read_json()
        if error is not None:
            return error
        value = body.get("today") if isinstance(body, dict) else None
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            return invalid([{"name": "today", "reason": f"expected a date YYYY-MM-DD; got {value!r}"}])
        store.set_clock(day)
        return json_response({"today": store.today()})

    @bp.delete("/clock")
    def clear_clock() -> Response:
        store.set_clock(store.config.clock)
        return json_response({"today": store.today()})

    @bp.get("/outcomes")
    def get_outcomes() -> Response:
        return json_response([dataclasses.asdict(o) for o in CATALOGUE.values()])

    @bp.get("/variations")
    def get_variations() -> Response:
        return json_response([{"name": name, "description": text} for name, text in VARIATIONS.items()])

    @bp.get("/directives")
    def get_directives() -> Response:
        return json_response([directive_dict(d) for d in store.directives.pending()])

    @bp.post("/directives")
    def add_directive() -> Response:
        body, error = read_json()
        if error is not None:
            return error
        directive, errors = parse_directive(body, store.world)
        if directive is None:
            return invalid(errors, "The directive is not valid; nothing was queued.")
        store.directives.push(directive)
        return json_response(directive_dict(directive), 201)

    @bp.delete("/directives")
    def clear_directives() -> Response:
        store.directives.clear()
        return Response(status=204)

    def _query(args: Mapping[str, str]) -> LogQuery | Response:
        try:
            return LogQuery.from_args(args, store.config.log_capacity)
        except QueryError as exc:
            return invalid(exc.params)

    def _log(log: Log) -> Response:
        query = _query(request.args)
        return query if isinstance(query, Response) else json_response(query.select(log.entries()))

    @bp.get("/audit")
    def get_audit() -> Response:
        return _log(store.audit_log)

    @bp.get("/requests")
    def get_requests() -> Response:
        return _log(store.requests)

    @bp.get("/diagnostics")
    def get_diagnostics() -> Response:
        # `token` and `lang` belong to the HTML page (a browser's token, the explorer's language), not to the filter.
        query = _query({k: v for k, v in request.args.items() if k not in PAGE_ARGS})
        if isinstance(query, Response):
            return query
        found = diagnostics(query, store.requests.entries())
        if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
            return render_diagnostics(found, store.world)
        return json_response(found)

    def namespaces_here() -> Namespaces | Response:
        if store.namespaces is None:
            return problem(404, "Not found", "namespaces are listed and deleted at the root: /control/namespaces without /t/<name>", "not-found")
        return store.namespaces

    @bp.get("/namespaces")
    def list_namespaces() -> Response:
        namespaces = namespaces_here()
        if isinstance(namespaces, Response):
            return namespaces
        return json_response({"max": namespaces.max_live, "idle_seconds": namespaces.idle, "namespaces": namespaces.listing()})

    @bp.delete("/namespaces/<name>")
    def delete_namespace(name: str) -> Response:
        namespaces = namespaces_here()
        if isinstance(namespaces, Response):
            return namespaces
        if not namespaces.delete(name):
            return problem(404, "Not found", f"no live namespace {name!r}", "not-found")
        store.audit("namespace_deleted", namespace=name)
        return Response(status=204)

    @bp.get("/persons/<bsn>")
    def get_person(bsn: str) -> Response:
        day = store.today()
        if request.args.get("date"):
            try:
                day = dt.date.fromisoformat(request.args["date"])
            except ValueError:
                return invalid([{"name": "date", "reason": "expected a date YYYY-MM-DD"}])
        try:
            report = person_report(store.world, bsn, day, request.args.get("service") or None)
        except ValueError as exc:
            return invalid([{"name": "service", "reason": str(exc)}])
        if report is None:
            return problem(404, "Not found", f"no person with BSN {bsn} in the scenario", "not-found")
        return json_response(report)

    return bp
