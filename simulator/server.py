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

The app (and so the scenario world) is built in the worker, not in the master that forks it: a world built
before the fork would sit in both processes, and every object the worker touches (reference counts, the
collector's bookkeeping) would be copied page by page until the worker holds a second copy (a 100k-person
world: 560 MB PSS at start, 700-860 MB after requests; built in the worker, the master stays at about 40 MB).
An invalid scenario or setting found while building still stops `simulator serve` with exit code 1, 2 or 3 and
every problem on stderr, as before.

HTTPS and client certificates: see `simulator.tls_settings`.

SIGTERM is gunicorn's graceful shutdown: stop accepting, finish the requests in flight, exit 0. A worker whose
master dies is killed with it (`_orphan_guard`).
"""

from __future__ import annotations

import _thread
import ctypes
import multiprocessing
import os
import signal
import time
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.glogging import Logger

from . import bodies
from .config import Config, ConfigError
from .scenario import ScenarioError
from .state import StateUnavailable
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
    def __init__(self, build: Callable[[], Flask], options: dict[str, Any]):
        self._build = build
        self._options = options
        self._worker: Any = None
        # The exit code a worker asks for when the app cannot be built (gunicorn itself only knows "app failed
        # to load"); shared memory, as the worker is a forked process.
        self.failure = multiprocessing.Value("i", 0)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)
        # gunicorn 25+ opens a runtime control socket in $HOME; a test server in a container wants none (and its
        # non-root user has no home to put it in).
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)
        self.cfg.set("post_fork", self._post_fork)

    def _post_fork(self, server: Any, worker: Any) -> None:
        _orphan_guard(server)
        self._worker = worker

    def load(self) -> Flask:
        """Build the app, in the worker. The master kills a worker silent for `timeout` seconds, also while it
        boots, so a heartbeat runs while a large world loads (a million persons take half a minute)."""
        done = []

        def heartbeat() -> None:
            while not done:
                self._worker.notify()
                _native_sleep(1)

        if self._worker is not None:
            _native_thread(heartbeat)
        try:
            return self._build()
        except ScenarioError as exc:
            for problem in exc.problems:
                print(str(problem), file=sys.stderr)
            print(f"simulator: {len(exc.problems)} problem(s) in the scenario", file=sys.stderr)
            self.failure.value = 1
        except ConfigError as exc:
            print(f"simulator: {exc}", file=sys.stderr)
            self.failure.value = 2
        except StateUnavailable as exc:
            print(f"simulator: the state backend cannot be used: {exc}", file=sys.stderr)
            self.failure.value = 3
        finally:
            done.append(True)
        sys.stderr.flush()
        sys.exit(Arbiter.APP_LOAD_ERROR)  # the master stops (gunicorn would respawn a worker that exits otherwise)


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


def _native_thread(target: Callable[[], None]) -> None:
    """A thread of the OS even under gevent's monkey-patching: a greenlet would not run while the world loads."""
    start = _thread.start_new_thread
    if "gevent" in sys.modules:
        from gevent import monkey

        start = monkey.get_original("_thread", "start_new_thread")
    start(target, ())


def _native_sleep(seconds: float) -> None:
    if "gevent" in sys.modules:
        from gevent import monkey

        monkey.get_original("time", "sleep")(seconds)
    else:
        time.sleep(seconds)


def _state_hooks(config: Config) -> dict[str, Any]:
    # The backend itself is opened in the worker, with the app (so no connection crosses the fork).
    persistent = config.state != "memory"
    forks = 0

    def pre_fork(arbiter: Any, worker: Any) -> None:
        nonlocal forks
        forks += 1
        if forks > 1 and not persistent:
            arbiter.log.error(
                "the worker died and the in-memory state with it (SIMULATOR_STATE=memory): exiting rather than "
                "answering from the start scenario as if nothing happened"
            )
            arbiter.halt("in-memory state lost", 4)

    return {"pre_fork": pre_fork}


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


def serve(build: Callable[[], Flask], config: Config) -> int:
    """Run gunicorn with the app `build` makes in the worker; the exit code (1: invalid scenario, 2: a setting,
    3: the state backend cannot be used)."""
    if config.worker == "gevent":
        # At most SIMULATOR_THREADS requests in the app at once, as under the threaded worker; a request takes its
        # slot once its body has arrived (simulator.bodies), so a trickling client holds none.
        bodies.admit_with(threading.BoundedSemaphore(config.threads))
    application = _Gunicorn(build, {**gunicorn_options(config), **_state_hooks(config)})
    master = os.getpid()
    try:
        application.run()
    except SystemExit as exit:
        # A worker's SystemExit passes through here too (it is forked inside `run`): only the master translates.
        if os.getpid() == master and exit.code == Arbiter.APP_LOAD_ERROR and application.failure.value:
            return application.failure.value
        raise
    return 0
