"""Running a whole simulator in a thread, for tests (the simulator's own and a supplier's).

    with running_simulator() as sim:
        requests.get(f"{sim.base_url}/ready")

The server binds a free port first, so the app's public base URL (which SAML Destination checks use) is the
real one."""

from __future__ import annotations

import contextlib
import ssl
import threading
from dataclasses import dataclass
from typing import Any, Iterator

from werkzeug.serving import BaseWSGIServer, make_server

from .app import create_app
from .config import Config
from .store import Store


@dataclass
class RunningSimulator:
    base_url: str
    store: Store
    server: BaseWSGIServer


def _placeholder(environ: dict[str, Any], start_response: Any) -> list[bytes]:  # pragma: no cover - replaced at once
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


@contextlib.contextmanager
def running_simulator(
    env: dict[str, str] | None = None, ssl_context: ssl.SSLContext | None = None, **overrides: Any
) -> Iterator[RunningSimulator]:
    """Start the simulator on 127.0.0.1 and a free port; `env` holds SIMULATOR_* settings, `overrides` Config fields."""
    server = make_server("127.0.0.1", 0, _placeholder, threaded=True, ssl_context=ssl_context)
    scheme = "https" if ssl_context else "http"
    base_url = f"{scheme}://127.0.0.1:{server.server_port}"
    config = Config.from_env({**(env or {}), "SIMULATOR_BASE_URL": base_url}, **overrides)
    app = create_app(config)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, name="simulator", daemon=True)
    thread.start()
    try:
        yield RunningSimulator(base_url, app.extensions["simulator"], server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
