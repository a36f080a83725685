"""The ddcc interface (being built; see its issue)."""

from __future__ import annotations

from flask import Blueprint

from ..store import Store


def create_blueprint(store: Store) -> Blueprint:
    return Blueprint("ddcc", __name__)
