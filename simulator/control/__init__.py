"""The control interface: the control API for tests (`/control/...`, JSON, TEST ONLY) and the scenario explorer
(`/explorer/...`, HTML pages for trainers and testers)."""

from __future__ import annotations

from flask import Blueprint

from ..store import Store
from .api import create_api
from .explorer import create_explorer


def create_blueprint(store: Store) -> Blueprint:
    bp = Blueprint("control", __name__)
    bp.register_blueprint(create_api(store))
    bp.register_blueprint(create_explorer(store))
    return bp
