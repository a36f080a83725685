"""Haal Centraal BRP Personen v2 (with gezag) and the internal gezag module, answered from the scenario world.

Endpoints:
- `POST /haalcentraal/api/brp/personen`: BRP API Personen 2.7 (all seven query types).
- `GET /haalcentraal/api/brp/openapi.yaml`: the published specification this endpoint implements.
- `POST /api/v1/opvragenBevoegdheidTotGezag`: the gezag module (BRP API Gezag v2).
- `POST /oauth2/token`: OAuth2 client credentials, used when `SIMULATOR_BRP_AUTH=oauth2`.

Settings: `SIMULATOR_BRP_AUTH` (open | oauth2), `SIMULATOR_BRP_GEZAG_VERSION` (2.7 | 2.6: the gezag shape for
clients that send no `accept-gezag-version` header), `SIMULATOR_BRP_TOKEN_LIFETIME` (seconds, default 3600).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable

import orjson
from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from ..requestlog import add_log_fields
from ..landing import Link
from ..config import ConfigError
from ..state import StateUnavailable
from ..store import Store
from . import problems
from .auth import TokenError, auth_mode, authenticate, authorise, authorise_gezag, issue_token
from .fields import resolve_aliases, select
from .gezag import GezagVersion, module_gezag
from .persons import CUT_TO_SCHEMA, PersonView, beperkt
from .problems import InvalidParam, Problem
from .query import parse, value_problems
from .search import address_book, find
from .spec import GEZAG_SPEC, PERSONEN_SPEC, document_text, field_tree, query_types

logger = logging.getLogger("simulator.brp")

BASE = "/haalcentraal/api/brp"
# Server-to-server paths: with SIMULATOR_TLS_CLIENT_AUTH=back-channel the app lets no call in without a client certificate.
BACK_CHANNEL = (BASE, "/api/v1/opvragenBevoegdheidTotGezag", "/oauth2/token")
GROUP = "BRP Personen (Haal Centraal) met gezag"
LANDING_LINKS = (
    Link(GROUP, "OpenAPI van BRP Personen", f"{BASE}/openapi.yaml", f"POST {BASE}/personen met RaadpleegMetBurgerservicenummer en de andere zoekvragen."),
    Link(GROUP, "OpenAPI van de gezagsmodule", f"{BASE}/gezag-openapi.yaml", "POST /api/v1/opvragenBevoegdheidTotGezag: wie gezag heeft over een minderjarige."),
)
JSON_UTF8 = "application/json; charset=utf-8"
ACCEPTED_ACCEPT = {"", "*/*", "*/*;charset=utf-8", "application/json", "application/json;charset=utf-8"}
ACCEPTED_CONTENT_TYPES = {"application/json", "application/json;charset=utf-8"}
PUBLISHED_SERVER = "https://proefomgeving.haalcentraal.nl"
GEZAG_VERSIONS: tuple[GezagVersion, ...] = ("2.7", "2.6")


def _compact_header(name: str) -> str:
    return "".join(request.headers.get(name, "").split()).lower()


def negotiate() -> None:
    """406/415 exactly as the real API: whole header values compared, whitespace and case ignored."""
    if _compact_header("Accept") not in ACCEPTED_ACCEPT:
        raise problems.not_acceptable()
    content_type = _compact_header("Content-Type")
    if content_type and content_type not in ACCEPTED_CONTENT_TYPES:
        raise problems.unsupported_media_type()


def json_body() -> Any:
    try:
        return json.loads(request.get_data(cache=False) or b"null")
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "Een of meerdere parameters zijn niet correct.", "paramsValidation", "De request body is geen geldige JSON.") from None


def json_response(body: dict[str, Any], content_type: str = JSON_UTF8) -> Response:
    # orjson, not json.dumps: a tenth of the cost (pyproject.toml); compact UTF-8, the same JSON to every client.
    return Response(orjson.dumps(body), status=200, content_type=content_type)


def create_blueprint(store: Store) -> Blueprint:
    bp = Blueprint("brp", __name__)
    config = store.config
    mode = auth_mode(config.setting("BRP_AUTH"))
    default_version = config.setting("BRP_GEZAG_VERSION", "2.7")
    if default_version not in GEZAG_VERSIONS:
        raise ConfigError(f"SIMULATOR_BRP_GEZAG_VERSION={default_version!r}: expected 2.7 or 2.6")
    token_lifetime = config.int_setting("BRP_TOKEN_LIFETIME", 3600, 1, 365 * 24 * 3600)
    # Built with each world, not by the first search (seconds for a million persons); the specification is
    # read now, not by the first request (a quarter of a second).
    store.on_world(address_book)
    for schema in CUT_TO_SCHEMA:
        field_tree(schema)
    query_types()

    def gezag_version() -> GezagVersion:
        """With the header: v2.7, unless it asks for version 1 (the v2.6 shape); without it: the setting."""
        header = request.headers.get("accept-gezag-version")
        if header is None:
            return default_version  # type: ignore[return-value]
        return "2.6" if header.strip() in ("1", "2.6") else "2.7"

    def answering(handler: Callable[[], Response]) -> Response:
        """Problems become problem+json; anything unforeseen a 500 problem, never a stack trace."""
        try:
            return handler()
        except Problem as problem:
            add_log_fields(brp_problem=problem.code)
            return problem.response()
        except HTTPException as error:  # e.g. a body over the size limit: still problem+json
            code = "payloadTooLarge" if error.code == 413 else "badRequest"
            return Problem(error.code or 400, error.name, code).response()
        except StateUnavailable:
            raise  # the app answers 503: the state cannot be trusted, which is no fault of the request
        except Exception:  # noqa: BLE001 - the client must get a well-formed answer whatever happens
            logger.exception("BRP request failed")
            return problems.server_error().response()

    # OPTIONS answered here, not by Flask: its automatic answer would list the methods that get 405 below.
    @bp.route(f"{BASE}/personen", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], provide_automatic_options=False)
    def personen() -> Response:
        def handle() -> Response:
            if request.method == "OPTIONS":
                return Response(status=204, headers={"Allow": "POST, OPTIONS"})
            if request.method != "POST":
                raise problems.method_not_allowed("POST")
            world = store.world
            caller = authenticate(mode, world, request)
            negotiate()
            query = parse(json_body())
            authorise(caller, query)
            day = store.today()
            found = find(world, query, day, caller.gemeente)
            view = PersonView(world, day, gezag_version())
            tree_root = field_tree(query.response_schema)
            schema = query.response_schema
            personen = [
                {**beperkt(resolve_aliases(select(view.fields(p, query.tree), query.tree, tree_root, view.cut_to_schema(p, schema))), schema), **view.automatic(p, query.fields)}
                for p in found
            ]
            add_log_fields(brp_type=query.type, brp_client=caller.name, brp_results=len(personen))
            return json_response({"type": query.type, "personen": personen})

        return answering(handle)

    @bp.post("/api/v1/opvragenBevoegdheidTotGezag")
    def gezag_module() -> Response:
        def handle() -> Response:
            world = store.world
            caller = authenticate(mode, world, request)
            negotiate()
            header = request.headers.get("Accept-Gezag-Version")
            found: list[InvalidParam] = []
            if header is None:
                found.append(InvalidParam("Accept-Gezag-Version", "required", problems.REQUIRED))
            elif header.strip() != "2":
                found.append(InvalidParam("Accept-Gezag-Version", "value", "Waarde is geen geldige versie."))
            body = json_body()
            if not isinstance(body, dict):
                found.append(InvalidParam("burgerservicenummer", "required", problems.REQUIRED))
            else:
                # The gezag module's GezagRequest.burgerservicenummer is the same schema as Raadpleeg's.
                schema = query_types()["RaadpleegMetBurgerservicenummer"].parameters["burgerservicenummer"]
                # GezagRequest does not require it: {} asks about nobody and gets {"personen": []}.
                if "burgerservicenummer" in body:
                    found.extend(value_problems("burgerservicenummer", body["burgerservicenummer"], schema))
                found.extend(InvalidParam(k, "unknownParam", problems.UNKNOWN_PARAM) for k in body if k != "burgerservicenummer")
            if found:
                raise problems.bad_request(found)
            authorise_gezag(caller)
            day = store.today()
            personen = [
                {"burgerservicenummer": bsn, "gezag": module_gezag(world, world.persons[bsn], day)}
                for bsn in dict.fromkeys(body.get("burgerservicenummer", [])) if bsn in world.persons
            ]
            add_log_fields(brp_type="opvragenBevoegdheidTotGezag", brp_client=caller.name, brp_results=len(personen))
            return json_response({"personen": personen}, "application/json")

        return answering(handle)

    @bp.post("/oauth2/token")
    def token() -> Response:
        """OAuth2 client credentials (RFC 6749 4.4); client authentication by HTTP Basic or form fields."""
        form = request.form
        try:
            if form.get("grant_type") is None:
                raise TokenError("invalid_request")
            if form.get("grant_type") != "client_credentials":
                raise TokenError("unsupported_grant_type")
            basic = request.authorization
            client_id = basic.username if basic and basic.type == "basic" else form.get("client_id")
            secret = basic.password if basic and basic.type == "basic" else form.get("client_secret")
            access_token = issue_token(store.world, client_id, secret, token_lifetime)
        except TokenError as error:
            headers = {"WWW-Authenticate": 'Basic realm="brp"'} if error.status == 401 else {}
            return Response(json.dumps({"error": error.error}), status=error.status, headers={**headers, "Cache-Control": "no-store"}, content_type="application/json")
        add_log_fields(brp_client=client_id)
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": token_lifetime}
        return Response(json.dumps(body), headers={"Cache-Control": "no-store"}, content_type="application/json")

    def served_spec(path: Any) -> Response:
        # The published document, with its server URL pointing at this simulator so generated clients work.
        text = document_text(path).replace(PUBLISHED_SERVER, config.base_url)
        return Response(text, content_type="application/yaml; charset=utf-8")

    @bp.get(f"{BASE}/openapi.yaml")
    def personen_openapi() -> Response:
        return served_spec(PERSONEN_SPEC)

    @bp.get(f"{BASE}/gezag-openapi.yaml")
    def gezag_openapi() -> Response:
        return served_spec(GEZAG_SPEC)

    return bp

