"""The request log: every request one JSON line on stdout and, probes and 503s apart, one entry in the namespace's
kept request log (`GET /control/requests`), with its request id (`X-Request-Id`, taken from the client or made)
and the fields interfaces attach (`add_log_fields`: SP entity ID, BSN, outcome).

It is a WSGI middleware right around the Flask app, not a pair of Flask `before_request`/`after_request` hooks:
the hooks, their `g` and `request` proxies and the Response's header object were a third of the server CPU the
simulator spent on a `GET /health` above a bare Flask route (py-spy, gevent worker). Interfaces attach their
fields through the WSGI environ, which outlives the Flask request context the middleware sees the answer after.
It lives here, not in `simulator.app`, because interfaces do not import the app factory."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any, Callable, Iterable

from flask import request

from .jsonlog import log_event
from .state import StateUnavailable
from .store import Store

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

request_logger = logging.getLogger("simulator.request")
# The environ key of the fields interfaces attach to this request's entry.
FIELDS = "simulator.log_fields"
# Probes: in the process log, never in the kept request log (a probe every few seconds would push out the rest).
PROBES = frozenset({"/health", "/ready"})


def add_log_fields(**fields: object) -> None:
    """Let an interface attach fields (SP entity ID, BSN, outcome) to the request log entry of this request."""
    request.environ.setdefault(FIELDS, {}).update(fields)


def _path(environ: dict[str, Any]) -> str:
    # As Flask's `request.path`: PATH_INFO is WSGI's latin-1 text of the URL's UTF-8 bytes.
    return "/" + environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace").lstrip("/")


class RequestLog:
    """WSGI middleware: the request id in, the `X-Request-Id` answer header out, one log entry per request."""

    def __init__(self, app: WsgiApp, store: Store):
        self.app = app
        self.store = store

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        request_id = environ.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex
        environ[FIELDS] = {}
        statuses: list[str] = []

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            statuses.append(status)
            if not any(name.lower() == "x-request-id" for name, _ in headers):
                headers = [*headers, ("X-Request-Id", request_id)]
            return start_response(status, headers, exc_info)

        result = self.app(environ, start)  # Flask answers start_response before it returns the body
        self._log(environ, int(statuses[-1][:3]), round((time.perf_counter() - started) * 1000, 2), request_id)
        return result

    def _log(self, environ: dict[str, Any], status: int, duration_ms: float, request_id: str) -> None:
        method, path = environ.get("REQUEST_METHOD", ""), _path(environ)
        entry = {
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "remote": environ.get("REMOTE_ADDR"),
            "request_id": request_id,
            **environ[FIELDS],
        }
        if path not in PROBES and status != 503:
            try:
                self.store.requests.append("request", entry)
            except StateUnavailable:
                entry["not_kept"] = "state backend unavailable"  # the process log below still has it
        log_event(request_logger, f"{method} {path} {status}", entry)
