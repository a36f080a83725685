"""The demo portal "Gemeente Demodorp" (`/portal/...`): a real DDCC service provider inside the simulator.

It talks to the other interfaces over HTTP only — DDCC for the login, BRP and Toezicht for what a municipality
looks up afterwards — so what trainers see is what a supplier's software would see."""

from __future__ import annotations

from flask import Blueprint

from ..landing import Link
from ..store import Store
from .views import create_portal

LANDING_LINKS = (
    Link("Demoportaal", "Demoportaal Gemeente Demodorp", "/portal/", "Een echte dienstverlener in de simulator: start een verhaal (ouder, voogd, bewindvoerder, curator, mentor, machtiging) en zie wat er over de lijn gaat.", start=1),
)


def create_blueprint(store: Store) -> Blueprint:
    bp = Blueprint("portal", __name__)
    bp.register_blueprint(create_portal(store))
    return bp
