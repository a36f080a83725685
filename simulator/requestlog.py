"""Request-scoped fields of the request log: every interface may attach some to the entry of the request it is
answering (the app factory writes the entry after the response). It lives here, not in `simulator.app`, because
interfaces do not import the app factory."""

from __future__ import annotations

from flask import g


def add_log_fields(**fields: object) -> None:
    """Let an interface attach fields (SP entity ID, BSN, outcome) to the request log entry of this request."""
    g.setdefault("log_fields", {}).update(fields)
