"""Running the app under gunicorn, the production WSGI server.

One worker process: the simulator's state (sessions, artifacts, logs) lives in memory and must be shared by every
request, so it cannot be split over processes.

The worker is gevent's (`SIMULATOR_WORKER=gevent`, the default): every connection is a greenlet, so a client that
trickles its headers or body holds a greenlet, not one of a few request threads. Under gunicorn's threaded worker
(`SIMULATOR_WORKER=gthread`, kept as the measured baseline of benchmarks/slow_clients.py) as many slow
connections as threads froze everything, `/health` included. gevent's monkey-patching must come before anything
creates a lock or a socket, so `simulator serve` calls `cooperative()` before it builds the app.
`SIMULATOR_THREADS` keeps its meaning under gevent: at most that many requests are in the app at once; a request
enters only once its whole body has arrived (`simulator.bodies`).

HTTPS and client certificates: see `simulator.tls_settings`.

SIGTERM is gunicorn's graceful shutdown: stop accepting, finish the requests in flight, exit 0. A worker that
dies otherwise takes the whole server down with a non-zero exit (`_child_exit`), and a worker whose master dies
is killed with it (`_post_fork`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.errors import HaltServer
from gunicorn.glogging import Logger

from .config import Config
from .tls_settings import CLIENT_AUTH_MODES, tls_settings

# Exit status of a server whose worker died: not 0 (a clean stop), not gunicorn's own 3 and 4 (boot failures).
WORKER_DIED = 70  # EX_SOFTWARE
PR_SET_PDEATHSIG = 1


class JsonLogger(Logger):  # type: ignore[misc]
    """gunicorn's own messages (listening, worker boot, signals, shutdown) as JSON lines like every other log.

    gunicorn gives its loggers their own text handlers on stderr; dropping them and letting the records
    propagate sends them through the root handler that `simulator.jsonlog.configure` installed."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in [h for h in log.handlers if getattr(h, "_gunicorn", False)]:
                log.removeHandler(handler)
            log.propagate = True


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Flask, options: dict[str, Any]):
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)
        # gunicorn 25+ opens a runtime control socket in $HOME; a test server in a container wants none (and its
        # non-root user has no home to put it in).
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        return self._app


def cooperative(config: Config) -> None:
    """Make this process's sockets, locks and sleeps gevent's, when gevent serves (before any is created)."""
    if config.worker == "gevent":
        from gevent import monkey

        monkey.patch_all()


def _child_exit(arbiter: Any, worker: Any) -> None:
    """A worker exited while the server was running (not stopping: gunicorn closes its listeners first).

    gunicorn would fork a fresh worker from the start state: the uploaded scenario, clock, directives and sessions
    gone while /ready says ready. Stopping with a non-zero status instead lets the orchestrator restart the
    container (or a CI job fail) visibly."""
    if arbiter.LISTENERS:
        raise HaltServer(f"worker {worker.pid} died; the simulator's state was in it, so the server stops", WORKER_DIED)


def _post_fork(arbiter: Any, worker: Any) -> None:
    """The kernel kills the worker when the master dies (kill -9): no orphan keeps serving or holds the port."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != arbiter.pid:  # the master died before the line above
        os._exit(1)


def gunicorn_options(config: Config) -> dict[str, Any]:
    options: dict[str, Any] = {
        "bind": f"{config.host}:{config.port}",
        "workers": 1,
        "worker_class": config.worker,
        "threads": config.threads,
        # gevent: connections at once (each one a greenlet, cheap); far more than slow clients a test sees.
        "worker_connections": 1000,
        "timeout": 60,
        # Below `docker stop`'s 10 s, so requests in flight finish and the exit stays clean (code 0).
        "graceful_timeout": 8,
        "accesslog": None,  # the app logs every request itself, as JSON
        "logger_class": JsonLogger,
        "loglevel": config.log_level.lower(),
        "child_exit": _child_exit,
        "post_fork": _post_fork,
        # gunicorn's worker heartbeat file: in memory where possible, as gunicorn advises for containers (a
        # container's /tmp may sit on slow copy-on-write storage, which stalls the heartbeat).
        "worker_tmp_dir": "/dev/shm" if Path("/dev/shm").is_dir() else None,
    }
    tls = tls_settings(config)
    if tls:
        options.update(
            certfile=str(tls.cert),
            keyfile=str(tls.key),
            ca_certs=str(tls.client_ca) if tls.client_ca else None,
            cert_reqs=CLIENT_AUTH_MODES[tls.client_auth],
        )
    return options


def serve(app: Flask, config: Config) -> None:
    if config.worker == "gevent":
        # At most SIMULATOR_THREADS requests in the app at once, as under the threaded worker; a request takes its
        # slot once its body has arrived (simulator.bodies), so a trickling client holds none.
        slots = threading.BoundedSemaphore(config.threads)
        app.wsgi_app.admit = lambda: slots  # type: ignore[attr-defined]
    _Gunicorn(app, gunicorn_options(config)).run()
