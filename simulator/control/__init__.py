"""The control interface: the control API for tests (`/control/...`, JSON, TEST ONLY) and the scenario explorer
(`/explorer/...`, HTML pages for trainers and testers)."""

from __future__ import annotations

from flask import Blueprint

from ..config import Config
from ..landing import Link
from ..scenario.loader import MAX_SOURCE_BYTES
from ..store import Store
from .api import create_api
from .explorer import create_explorer

EXPLORER = "Scenarioverkenner en control-API"
LANDING_LINKS = (
    Link(EXPLORER, "Scenarioverkenner", "/explorer/", "Wie mag voor wie optreden, op welke grond, voor welke dienst en tot wanneer; met relatieplaatjes per persoon, per huishouden en van de hele wereld.", start=2),
    Link(EXPLORER, "Wie handelde voor wie (live)", "/explorer/activiteit", "Elke inlog met machtigen en elke Toezicht-controle, zodra hij gebeurt. Handig op een tweede scherm tijdens een demo.", start=3),
    Link(EXPLORER, "Diagnose van afgewezen berichten", "/control/diagnostics", "Waarom de simulator een AuthnRequest, ArtifactResolve of LogoutRequest weigerde, naast het bericht zelf.", start=4),
    Link(EXPLORER, "OpenAPI van de control-API", "/control/openapi.yaml", "Voor testcode: scenario laden, klok zetten, uitkomsten vooraf programmeren (directives), logs lezen. Alleen voor testnetwerken."),
    Link(EXPLORER, "Het lopende scenario (JSON)", "/control/scenario", "Naam, bronnen, aantallen en de datum van vandaag."),
    Link(EXPLORER, "De uitkomstencatalogus (JSON)", "/control/outcomes", "Elke status en elke protocolfout die u per test kunt kiezen."),
)


def create_blueprint(store: Store) -> Blueprint:
    bp = Blueprint("control", __name__)
    bp.register_blueprint(create_api(store))
    bp.register_blueprint(create_explorer(store))
    return bp


def body_limits(config: Config) -> dict[str, int]:
    """Scenario uploads: SIMULATOR_MAX_UPLOAD_BYTES (default 32 MiB), at most what the scenario loader reads."""
    return {"/control/scenario": config.int_setting("MAX_UPLOAD_BYTES", 32 * 1024 * 1024, 1024, MAX_SOURCE_BYTES)}
