"""The control interface: the control API for tests (`/control/...`, JSON, TEST ONLY) and the scenario explorer
(`/explorer/...`, HTML pages for trainers and testers)."""

from __future__ import annotations

from flask import Blueprint

from ..config import Config
from ..scenario.loader import MAX_SOURCE_BYTES
from ..store import Store
from .api import create_api
from .explorer import create_explorer


def create_blueprint(store: Store) -> Blueprint:
    bp = Blueprint("control", __name__)
    bp.register_blueprint(create_api(store))
    bp.register_blueprint(create_explorer(store))
    return bp


def body_limits(config: Config) -> dict[str, int]:
    """Scenario uploads: SIMULATOR_MAX_UPLOAD_BYTES (default 32 MiB), at most what the scenario loader reads."""
    return {"/control/scenario": config.int_setting("MAX_UPLOAD_BYTES", 32 * 1024 * 1024, 1024, MAX_SOURCE_BYTES)}
