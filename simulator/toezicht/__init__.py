"""Rechtspraak Toezicht: the judiciary's check "does this bewindvoerder (curator, mentor) represent this client?".

No wire format of the real check is public; this is the simulator's own design after the NL API Design Rules
(see openapi.yaml in this package, served at BASE/openapi.yaml). Three operations, each authorised separately:
``controle`` (the check), ``clienten`` (an office's own client list) and ``register`` (the public CCBR view).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable

from flask import Blueprint, Response, g, jsonify, request

from ..requestlog import add_log_fields
from ..landing import Link
from ..config import Config, ConfigError
from ..scenario import World
from ..store import Store
from . import bodies, decisions
from .callers import Caller, presented_oin, registered_caller
from .problems import ApiProblem, InvalidParam, bad_request

BASE = "/vertegenwoordiging/v1"
# Server-to-server paths: with SIMULATOR_TLS_CLIENT_AUTH=back-channel the app lets no call in without a client certificate.
BACK_CHANNEL = (f"/toezicht{BASE}",)
GROUP = "Toezicht (Rechtspraak)"
LANDING_LINKS = (
    Link(GROUP, "OpenAPI van Toezicht", f"/toezicht{BASE}/openapi.yaml", "Is deze curator, bewindvoerder of mentor bevoegd voor deze persoon en deze dienst?"),
)
API_VERSION = "1.0.0"
OPENAPI = resources.files(__package__).joinpath("openapi.yaml").read_text(encoding="utf-8")
_TRACEPARENT = re.compile(r"(?!ff)([0-9a-f]{2})-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-[^\s]*)?")
TRACEPARENT_MAX = 512  # W3C sets no maximum for future versions; tracestate's 512 is a generous bound


def traceparent(value: str) -> str | None:
    """The W3C trace-context traceparent to propagate, or None when it is malformed (the spec: ignore it).

    Version 00 is exactly 55 characters; version ff is invalid; a later version may carry more after a "-",
    of which only the version-00 part is understood and passed on."""
    match = _TRACEPARENT.fullmatch(value) if len(value) <= TRACEPARENT_MAX else None
    if match is None or (match[1] == "00" and match[2]):
        return None
    return value[:55]
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
AUDIT_FIELDS = ("caller_oin", "acting_subject", "kvk", "client_bsn", "representative_bsn", "operation", "outcome", "reden", "zaaknummer", "rol", "transaction_id")
_ROUTES = {  # path below /toezicht -> methods
    f"{BASE}/vertegenwoordigingsrelaties/_zoek": "POST",
    f"{BASE}/clienten/_zoek": "POST",
    f"{BASE}/register/_zoek": "POST",
    f"{BASE}/openapi.yaml": "GET, HEAD",
}


@dataclass(frozen=True)
class ToezichtSettings:
    auth: str  # plain | mtls
    outage_retry_after: int | None  # None: no simulated outage
    only_professional: bool

    @classmethod
    def from_config(cls, config: Config) -> "ToezichtSettings":
        auth = (config.setting("TOEZICHT_AUTH", "plain") or "plain").lower()
        if auth not in ("plain", "mtls"):
            raise ConfigError(f"SIMULATOR_TOEZICHT_AUTH={auth!r}: expected plain or mtls")
        outage = (config.setting("TOEZICHT_OUTAGE", "false") or "false").lower()
        retry_after: int | None
        if outage in ("false", "off", "0", "no"):
            retry_after = None
        elif outage in ("true", "on", "yes"):
            retry_after = 60
        elif outage.isdigit():
            retry_after = int(outage)
        else:
            raise ConfigError(f"SIMULATOR_TOEZICHT_OUTAGE={outage!r}: expected false, true or the Retry-After seconds")
        only = (config.setting("TOEZICHT_ONLY_PROFESSIONAL", "false") or "false").lower()
        if only not in ("true", "false"):
            raise ConfigError(f"SIMULATOR_TOEZICHT_ONLY_PROFESSIONAL={only!r}: expected true or false")
        return cls(auth, retry_after, only == "true")


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def create_blueprint(store: Store) -> Blueprint:
    settings = ToezichtSettings.from_config(store.config)
    bp = Blueprint("toezicht", __name__, url_prefix="/toezicht")

    @bp.before_request
    def _transaction() -> None:
        given = request.headers.get("Fsc-Transaction-Id")
        g.toezicht_header_problems = []
        if given is not None and not _UUID.match(given.strip()):
            g.toezicht_header_problems.append(InvalidParam("Fsc-Transaction-Id", "uuid", "not a UUID"))
            given = None
        g.toezicht_transaction = given.strip() if given else str(uuid.uuid4())
        g.toezicht_traceparent = traceparent(request.headers.get("traceparent", "").strip(" \t"))

    @bp.after_request
    def _headers(response: Response) -> Response:
        response.headers["API-Version"] = API_VERSION
        response.headers["Fsc-Transaction-Id"] = g.get("toezicht_transaction", "")
        if g.get("toezicht_traceparent"):
            response.headers["traceparent"] = g.toezicht_traceparent
        return response

    def operation(name: str, parse: Callable[[bytes, World], Any], decide: Callable[[Caller, Any, World], decisions.Outcome]) -> Response:
        world = store.world  # one world for the whole request, even if the control API swaps it meanwhile
        audit: dict[str, Any] = dict.fromkeys(AUDIT_FIELDS)
        audit.update(operation=name, transaction_id=g.toezicht_transaction, traceparent=g.toezicht_traceparent)
        try:
            if settings.outage_retry_after is not None:
                raise ApiProblem(503, "outage", "Simulated outage (SIMULATOR_TOEZICHT_OUTAGE).", headers={"Retry-After": str(settings.outage_retry_after)})
            audit["caller_oin"] = presented_oin(settings.auth, request.environ, request.headers)
            caller = registered_caller(audit["caller_oin"], world)
            caller.authorise(name)
            if (request.content_length or 0) > bodies.MAX_BODY:
                raise ApiProblem(413, "bodyTooLarge", f"The request body exceeds {bodies.MAX_BODY} bytes.")
            if not _is_json(request.mimetype):
                raise ApiProblem(415, "unsupportedMediaType", f"Send the body as application/json (got {request.mimetype or 'no Content-Type'}).")
            try:
                parsed = parse(request.get_data(cache=False), world)
            except ApiProblem as problem:
                if problem.status == 400:
                    problem.invalid_params[:0] = g.toezicht_header_problems
                raise
            if g.toezicht_header_problems:
                raise bad_request(g.toezicht_header_problems)
            rep = getattr(parsed, "representative", None)
            audit.update(
                client_bsn=getattr(parsed, "client_bsn", None),
                kvk=getattr(rep, "kvk", None),
                vestigingsnummer=getattr(rep, "vestigingsnummer", None),
                representative_bsn=getattr(rep, "bsn", None),
                acting_subject=getattr(rep, "acting_subject_id", None),
                dienst=getattr(getattr(parsed, "dienst", None), "id", None),
            )
            outcome = decide(caller, parsed, world)
            audit.update(outcome=outcome.outcome, reden=outcome.reden, zaaknummer=outcome.zaaknummer, rol=outcome.rol)
            response = jsonify(outcome.body)
        except ApiProblem as problem:
            audit.update(outcome=f"fout_{problem.status}", reden=problem.code)
            response = problem.response(request.path)
        add_log_fields(operation=name, outcome=audit["outcome"], caller_oin=audit.get("caller_oin"))
        # The agreed audit fields always, the optional ones when known.
        store.audit("toezicht", **{k: v for k, v in audit.items() if v is not None or k in AUDIT_FIELDS})
        return response

    @bp.post(f"{BASE}/vertegenwoordigingsrelaties/_zoek", provide_automatic_options=False)
    def check() -> Response:
        return operation(
            "controle",
            lambda data, world: bodies.parse_check(data, world, store.today()),
            lambda caller, req, world: decisions.check(world, req, settings.only_professional),
        )

    def decide_clients(caller: Caller, req: bodies.ClientsRequest, world: World) -> decisions.Outcome:
        caller.authorise_organisation(req.representative.kvk)  # type: ignore[arg-type]
        return decisions.clients(world, req, settings.only_professional)

    @bp.post(f"{BASE}/clienten/_zoek", provide_automatic_options=False)
    def clients() -> Response:
        return operation("clienten", lambda data, world: bodies.parse_clients(data, world, store.today()), decide_clients)

    @bp.post(f"{BASE}/register/_zoek", provide_automatic_options=False)
    def register() -> Response:
        return operation(
            "register",
            lambda data, world: bodies.parse_register(data, store.today()),
            lambda caller, req, world: decisions.register(world, req),
        )

    @bp.get(f"{BASE}/openapi.yaml", provide_automatic_options=False)
    def openapi() -> Response:
        return Response(OPENAPI, mimetype="application/yaml")

    # Every other method and path under /toezicht answers as problem+json too (not the app's HTML pages).
    @bp.route("/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY", "CONNECT"])
    def elsewhere(rest: str) -> Response:
        allowed = _ROUTES.get(f"/{rest}")
        if allowed is None:
            return ApiProblem(404, "notFound", f"No Toezicht resource at {request.path}.").response(request.path)
        return ApiProblem(405, "methodNotAllowed", f"{request.method} is not allowed here; use {allowed}.", headers={"Allow": allowed}).response(request.path)

    return bp
