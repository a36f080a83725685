"""Running the app under gunicorn, the production WSGI server.

One worker process. With SIMULATOR_STATE=memory the state (sessions, artifacts, logs) lives in that worker: should
it die, gunicorn would start a fresh one that silently answers from the start scenario, so the server exits instead
(an orchestrator restarts it, visibly). With sqlite or redis the state outlives the worker, and a new one carries
on. Scale out with replicas on a shared redis (see README, "State").

The worker is gevent's (`SIMULATOR_WORKER=gevent`, the default): every connection is a greenlet, so a client that
trickles its headers or body holds a greenlet, not one of a few request threads. Under gunicorn's threaded worker
(`SIMULATOR_WORKER=gthread`, kept as the measured baseline of benchmarks/slow_clients.py) as many slow
connections as threads froze everything, `/health` included. gevent's monkey-patching must come before anything
creates a lock or a socket, so `simulator serve` calls `cooperative()` before it builds the app.
`SIMULATOR_THREADS` keeps its meaning under gevent: at most that many requests are in the app at once; a request
enters only once its whole body has arrived (`simulator.bodies`).

HTTPS and client certificates: see `simulator.tls_settings`.

SIGTERM is gunicorn's graceful shutdown: stop accepting, finish the requests in flight, exit 0. A worker whose
master dies is killed with it (`_orphan_guard`).
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
from gunicorn.glogging import Logger

from . import bodies
from .config import Config
from .tls_settings import CLIENT_AUTH_MODES, tls_settings

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


def _orphan_guard(arbiter: Any) -> None:
    """The kernel kills the worker when the master dies (kill -9): no orphan keeps serving or holds the port."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != arbiter.pid:  # the master died before the line above
        os._exit(1)


def _state_hooks(app: Flask, config: Config) -> dict[str, Any]:
    backend = app.extensions["simulator"].backend
    forks = 0

    def pre_fork(arbiter: Any, worker: Any) -> None:
        nonlocal forks
        forks += 1
        if forks > 1 and not backend.persistent:
            arbiter.log.error(
                "the worker died and the in-memory state with it (SIMULATOR_STATE=memory): exiting rather than "
                "answering from the start scenario as if nothing happened"
            )
            arbiter.halt("in-memory state lost", 4)

    def post_fork(arbiter: Any, worker: Any) -> None:
        _orphan_guard(arbiter)
        backend.after_fork()  # no connection is shared with the parent process

    return {"pre_fork": pre_fork, "post_fork": post_fork}


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
        bodies.admit_with(threading.BoundedSemaphore(config.threads))
    _Gunicorn(app, {**gunicorn_options(config), **_state_hooks(app, config)}).run()
