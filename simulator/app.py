"""The Flask app factory: one Store, the core endpoints, and one blueprint per interface."""

from __future__ import annotations

import importlib
import json
import logging
import time
import uuid

from flask import Flask, Response, g, jsonify, request

from . import __version__, dutch, landing
from .bodies import RequestBodies
from .config import Config
from .jsonlog import log_event
from .namespaces import NamespaceDispatcher, Namespaces
from .state import StateLost, StateUnavailable, open_backend
from .store import Store
from .tls import client_certificate
from .tls_settings import tls_settings

request_logger = logging.getLogger("simulator.request")

# Each interface package provides `create_blueprint(store) -> flask.Blueprint`, and `BACK_CHANNEL`, the path
# prefixes servers call (not browsers), if it has any, `body_limits(config)`, the paths whose bodies may be
# larger than SIMULATOR_MAX_BODY_BYTES, if any, and `LANDING_LINKS` (`landing.Link`s), what the landing page at
# `/` lists for it. Interfaces never import each other; what they share is the Store and the scenario model.
INTERFACES: tuple[str, ...] = ("ddcc", "digid", "eherkenning", "oidc", "brp", "toezicht", "control", "portal")


def store_of(app: Flask) -> Store:
    return app.extensions["simulator"]  # type: ignore[no-any-return]


def create_app(config: Config | None = None, store: Store | None = None, namespace: bool = False) -> Flask:
    """Build the simulator app: the root namespace, with namespaces `/t/<name>/...` dispatched in front of it
    (`namespace=True`: the app of one namespace, given its Store). Raises ScenarioError when the start scenario
    is invalid, StateUnavailable when the state backend cannot be reached."""
    config = config or (store.config if store else Config.from_env())
    store = store or Store.from_config(config, open_backend(config.state, state_secret(config)))
    app = Flask(__name__)
    app.extensions["simulator"] = store
    dutch.register(app.jinja_env)

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok", version=__version__)

    @app.get("/ready")
    def ready() -> Response:
        store.backend.check()
        world = store.world
        return jsonify(
            status="ready",
            scenario=world.settings.naam,
            persons=len(world.persons),
            services=len(world.services),
            today=store.today().isoformat(),
            state=store.backend.kind,
        )

    @app.errorhandler(StateUnavailable)
    def _state_unavailable(error: StateUnavailable) -> Response:
        # Never an answer from state that may be missing or stale: the client retries, readiness is false.
        problem = {
            "type": "https://machtigingen-simulator.test/problems/state-unavailable",
            "title": "State lost" if isinstance(error, StateLost) else "State backend unavailable",
            "status": 503,
            "detail": str(error),
            "instance": request.path,
        }
        log_event(request_logger, "state backend unavailable", {"detail": str(error), "path": request.path})
        return Response(json.dumps(problem), 503, mimetype="application/problem+json", headers={"Retry-After": "5"})

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
        if store.backend.persistent and request.path != "/health":
            store.backend.check()  # StateUnavailable/StateLost: 503 before anything is answered from it

    @app.after_request
    def _log(response: Response) -> Response:
        duration_ms = round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2)
        entry = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "remote": request.remote_addr,
            "request_id": g.get("request_id"),
        }
        entry.update(g.get("log_fields", {}))
        if request.path not in ("/health", "/ready") and response.status_code != 503:
            try:
                store.requests.append("request", entry)
            except StateUnavailable:
                entry["not_kept"] = "state backend unavailable"  # the process log below still has it
        log_event(request_logger, f"{request.method} {request.path} {response.status_code}", entry)
        response.headers.setdefault("X-Request-Id", str(g.get("request_id")))
        return response

    back_channel: list[str] = []
    links: list[landing.Link] = []
    body_limits: dict[str, int] = {}
    for name in INTERFACES:
        module = importlib.import_module(f"simulator.{name}")
        app.register_blueprint(module.create_blueprint(store))
        back_channel.extend(getattr(module, "BACK_CHANNEL", ()))
        links.extend(getattr(module, "LANDING_LINKS", ()))
        if hasattr(module, "body_limits"):
            body_limits.update(module.body_limits(config))
    app.register_blueprint(landing.create_blueprint(store, links))
    app.wsgi_app = RequestBodies(app.wsgi_app, config.max_body_bytes, body_limits)  # type: ignore[method-assign]
    tls = tls_settings(config)
    if tls is not None and tls.client_auth == "back-channel":
        _require_client_certificates(app, tuple(back_channel))
    if not namespace:
        store.namespaces = Namespaces(store, lambda own_config, own_store: create_app(own_config, own_store, namespace=True))
        app.wsgi_app = NamespaceDispatcher(app.wsgi_app, store.namespaces)  # type: ignore[method-assign]
    return app


def state_secret(config: Config) -> bytes:
    """What seals stored values (simulator.state.sealing): SIMULATOR_STATE_SECRET, else the simulator's own signing
    key, which every replica of one deployment shares and no outsider has."""
    explicit = config.setting("STATE_SECRET")
    if explicit:
        return explicit.encode()
    key = config.certs_dir / "idp-signing.key"
    return key.read_bytes() if key.is_file() else b""


def _require_client_certificates(app: Flask, prefixes: tuple[str, ...]) -> None:
    """Production's back channel is mutual TLS only: a server-to-server call without a client certificate (from
    the CA in SIMULATOR_TLS_CLIENT_CA, checked in the handshake) gets no answer but this 401."""

    @app.before_request
    def _client_certificate() -> Response | None:
        if not request.path.startswith(prefixes) or client_certificate(request.environ) is not None:
            return None
        problem = {
            "type": "https://datatracker.ietf.org/doc/html/rfc8446#section-4.4.2",
            "title": "Client certificate required",
            "status": 401,
            "detail": f"{request.path} is back channel: present a client certificate issued by the simulator's test CA (SIMULATOR_TLS_CLIENT_AUTH=back-channel)",
            "instance": request.path,
            "code": "certificateRequired",
        }
        return Response(json.dumps(problem), 401, mimetype="application/problem+json")
