"""Running the app under gunicorn, the production WSGI server.

One worker process with threads: the simulator's state (sessions, artifacts, logs) lives in memory and must be
shared by every request, so it cannot be split over processes."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from .config import Config


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Flask, options: dict[str, Any]):
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._app


def gunicorn_options(config: Config) -> dict[str, Any]:
    options: dict[str, Any] = {
        "bind": f"{config.host}:{config.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": int(config.setting("THREADS", "8") or 8),
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": None,  # the app logs every request itself, as JSON
        "loglevel": config.log_level.lower(),
    }
    return options


def serve(app: Flask, config: Config) -> None:
    _Gunicorn(app, gunicorn_options(config)).run()
