"""Request bodies read in full, within their endpoint's size limit, before the app sees them.

A WSGI middleware in front of the Flask app: a body that announces too many bytes (`Content-Length`) is refused
with 413 before one byte is read; a chunked body is read up to its limit and refused when it goes on. What passes
is handed to the app as a buffer of known length, so no parser (form, JSON, XML) ever sees more than the limit,
and under the gevent worker a client that trickles its body holds only its own greenlet, never one of the
`SIMULATOR_THREADS` slots (`admit_with`) that requests in the app take.

Limits: `SIMULATOR_MAX_BODY_BYTES` (default 1 MiB) for every path, unless an interface declares a larger one for
its own paths (`body_limits(config)` in the interface package: DDCC's SAML messages, scenario uploads).
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any, Callable, ContextManager, Iterable, Mapping

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
TOO_LARGE_TYPE = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.14"
# What a request enters once its body has arrived: one gate for the whole process (the root app and every
# namespace's app), a semaphore of SIMULATOR_THREADS slots under gevent (`simulator.server`), else nothing.
_slots: ContextManager[Any] = contextlib.nullcontext()


def admit_with(slots: ContextManager[Any]) -> None:
    global _slots
    _slots = slots


def admission() -> ContextManager[Any]:
    return _slots


def too_large(path: str, limit: int, size: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """A 413 problem-details answer (RFC 9457)."""
    body = json.dumps(
        {
            "type": TOO_LARGE_TYPE,
            "title": "Content Too Large",
            "status": 413,
            "detail": f"the body of a request to {path} may be at most {limit} bytes; this one has {size}",
            "instance": path,
            "code": "contentTooLarge",
        }
    ).encode()
    # The app reads no more of the body; the server skips the rest (keeping none of it) before a next request.
    headers = [("Content-Type", "application/problem+json"), ("Content-Length", str(len(body)))]
    return "413 Content Too Large", headers, body


class RequestBodies:
    def __init__(self, app: WsgiApp, default_limit: int, limits: Mapping[str, int]):
        self.app = app
        self.default_limit = default_limit
        # Longest prefix first, so /control/scenario wins over /control/.
        self.limits = sorted(limits.items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.limits if path.startswith(prefix)), self.default_limit)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        refused = self._buffer(environ, self.limit_for(path))
        if refused is not None:
            status, headers, body = refused
            start_response(status, headers)
            return [body]
        with _slots:
            result = self.app(environ, start_response)
            try:
                # Joined inside the slot: the app's work for a response happens while it is produced.
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()

    @staticmethod
    def _buffer(environ: dict[str, Any], limit: int) -> tuple[str, list[tuple[str, str]], bytes] | None:
        path = environ.get("PATH_INFO") or "/"
        length_text = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() or bool(environ.get("wsgi.input_terminated") and not length_text)
        stream = environ.get("wsgi.input")
        if length_text:
            try:
                length = int(length_text)
            except ValueError:
                length = -1
            if length < 0:
                return None  # the server answers a malformed Content-Length itself; nothing to buffer
            if length > limit:
                return too_large(path, limit, f"{length} (Content-Length)")
            body = stream.read(length) if stream is not None and length else b""
        elif chunked and stream is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                return too_large(path, limit, "more (chunked)")
        else:
            return None
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return None
