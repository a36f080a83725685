"""Namespaces: `/t/<name>/...` is a whole simulator of its own, for parallel CI jobs on one instance.

A WSGI dispatcher in front of the root app hands each `/t/<name>/...` request to that namespace's own app: the
same app factory, with a Config whose base URL ends in `/t/<name>` (so every URL the simulator emits — SAML
metadata endpoints and Destinations, portal links, the BRP server URL — stays inside the namespace) and a Store
scoped to the namespace in the state backend. Interfaces know nothing of namespaces: each sees one app, one
Store, one base URL, and the WSGI SCRIPT_NAME makes Flask's url_for carry the prefix.

A new namespace starts from the start scenario: its Store shares the parsed, immutable start World (no re-parse,
no copy; an upload replaces the namespace's world, never changes the shared one). At most
SIMULATOR_NAMESPACES_MAX namespaces live at once — a new one drops the least recently used beyond that — and one
idle for SIMULATOR_NAMESPACE_IDLE seconds is dropped. The list of live namespaces is kept in the state backend,
so replicas on Redis agree on it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable, Iterable

from .config import Config
from .state import StateLost, StateUnavailable, Table
from .store import Store

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
NAME_RULE = "[a-z0-9][a-z0-9-]{0,62}"
PREFIX = "/t/"
# A process records that a namespace is in use at most this often (a write to the backend per request is waste).
TOUCH_SECONDS = 5.0

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass
class _Live:
    app: WsgiApp
    touched: float


class Namespaces:
    """This process's apps of live namespaces, and the backend's record of which namespaces are live."""

    def __init__(self, root: Store, make_app: Callable[[Config, Store], WsgiApp]):
        self._root = root
        self._make_app = make_app
        self.max_live = root.config.namespaces_max
        self.idle = root.config.namespace_idle
        # name -> {"created": epoch seconds, "used": epoch seconds}. The table's own expiry is a backstop only:
        # `_sweep` drops idle namespaces itself so that their state goes with them.
        self._registry: Table[dict[str, float]] = root.backend.table("", "namespaces", max(self.max_live * 2, 1), self.idle * 10)
        self._apps: OrderedDict[str, _Live] = OrderedDict()
        self._lock = threading.Lock()

    def app(self, name: str) -> WsgiApp:
        """The app of namespace `name`, created from the start scenario on first use."""
        now = time.time()
        with self._lock:
            live = self._apps.get(name)
            if live is not None and now - live.touched < TOUCH_SECONDS:
                self._apps.move_to_end(name)
                return live.app
            if self._registry.add_new(name, {"created": now, "used": now}):
                # New here, or dropped meanwhile (deleted, expired, or evicted by another replica): start afresh.
                self._root.backend.drop(name)
                live = None
                self._sweep(now, keep=name)
            else:
                record = self._registry.get(name) or {"created": now}
                self._registry.put(name, {**record, "used": now})
            if live is None:
                config = self._root.config.in_namespace(name)
                live = _Live(self._make_app(config, self._root.sibling(config, name)), now)
            live.touched = now
            self._apps[name] = live
            self._apps.move_to_end(name)
            while len(self._apps) > self.max_live:
                evicted, _ = self._apps.popitem(last=False)
                if not self._root.backend.persistent:
                    self._registry.take(evicted)  # in memory the state went with the app
            return live.app

    def _sweep(self, now: float, keep: str | None = None) -> None:
        """Drop namespaces idle too long, then the least recently used beyond the cap."""
        records = sorted(self._registry.items(), key=lambda item: item[1].get("used", 0))
        idle = [name for name, record in records if now - record.get("used", 0) > self.idle and name != keep]
        live = [name for name, _ in records if name not in idle and name != keep]
        excess = max(0, len(live) + (keep is not None) - self.max_live)
        for name in idle + live[:excess]:
            self._forget(name)

    def _forget(self, name: str) -> None:
        self._registry.take(name)
        self._root.backend.drop(name)
        self._apps.pop(name, None)

    def listing(self) -> list[dict[str, Any]]:
        """The live namespaces, most recently used first."""
        with self._lock:
            self._sweep(time.time())
            records = self._registry.items()
        return [
            {"name": name, "created": _instant(record["created"]), "last_used": _instant(record["used"])}
            for name, record in sorted(records, key=lambda item: -item[1]["used"])
        ]

    def delete(self, name: str) -> bool:
        """Drop namespace `name` and all its state; False when it was not live."""
        with self._lock:
            known = self._registry.get(name) is not None or name in self._apps
            self._forget(name)
            return known


def _instant(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).isoformat(timespec="seconds")


def _problem(environ: dict[str, Any], start_response: Callable[..., Any], status: int, kind: str, title: str, detail: str) -> Iterable[bytes]:
    body = {
        "type": f"https://machtigingen-simulator.test/problems/{kind}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": environ.get("PATH_INFO", ""),
    }
    data = json.dumps(body).encode()
    start_response(f"{status} {HTTPStatus(status).phrase}", [("Content-Type", "application/problem+json"), ("Content-Length", str(len(data)))])
    return [data]


class NamespaceDispatcher:
    """WSGI middleware: `/t/<name>/rest` goes to namespace `name`'s app with SCRIPT_NAME `/t/<name>` and PATH_INFO
    `/rest`; everything else to the root app."""

    def __init__(self, root_app: WsgiApp, namespaces: Namespaces):
        self.root_app = root_app
        self.namespaces = namespaces

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return self.root_app(environ, start_response)
        name, slash, rest = path[len(PREFIX):].partition("/")
        if not NAME.fullmatch(name):
            detail = f"namespace name {name!r} must match {NAME_RULE} (as in /t/job-42/...)"
            return _problem(environ, start_response, 404, "unknown-namespace", "Not a namespace", detail)
        if self.namespaces.max_live == 0:
            detail = "namespaces are switched off (SIMULATOR_NAMESPACES_MAX=0)"
            return _problem(environ, start_response, 404, "unknown-namespace", "Not a namespace", detail)
        try:
            app = self.namespaces.app(name)
        except StateUnavailable as exc:
            title = "State lost" if isinstance(exc, StateLost) else "State backend unavailable"
            return _problem(environ, start_response, 503, "state-unavailable", title, str(exc))
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + PREFIX + name
        environ["PATH_INFO"] = slash + rest
        return app(environ, start_response)
