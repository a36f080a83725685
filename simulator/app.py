"""The Flask app factory: one Store, the core endpoints, and one blueprint per interface."""

from __future__ import annotations

import importlib
import json
import logging

from flask import Flask, Response, jsonify, request

from . import __version__, dutch, landing
from .bodies import RequestBodies
from .config import Config
from .jsonlog import log_event
from .namespaces import NamespaceDispatcher, Namespaces
from .requestlog import RequestLog, request_logger
from .state import StateLost, StateUnavailable, open_backend
from .store import Store
from .tls import client_certificate
from .tls_settings import tls_settings

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

    # The same every time: made once, not by jsonify per probe.
    health_body = json.dumps({"status": "ok", "version": __version__}, separators=(",", ":")) + "\n"

    @app.get("/health")
    def health() -> Response:
        return Response(health_body, mimetype="application/json")

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

    if store.backend.persistent:

        @app.before_request
        def _check_state() -> None:
            if request.path != "/health":
                store.backend.check()  # StateUnavailable/StateLost: 503 before anything is answered from it

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
    app.wsgi_app = RequestBodies(RequestLog(app.wsgi_app, store), config.max_body_bytes, body_limits)  # type: ignore[method-assign]
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
