"""The simulator's configuration: one immutable object, from environment variables or CLI flags.

Every setting is an environment variable ``SIMULATOR_<NAME>``; ``simulator serve --<name> VALUE`` sets the same
one (``--base-url`` is ``SIMULATOR_BASE_URL``). Interfaces read their own settings from `Config.environ` and
document them in README.md; this module holds the ones the core needs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping
from urllib.parse import urlsplit

from .state import FORMS, valid_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCENARIO = PROJECT_ROOT / "scenarios" / "default"
DEFAULT_CERTS = PROJECT_ROOT / "certs"
PREFIX = "SIMULATOR_"
WORKERS = ("gevent", "gthread")


class ConfigError(ValueError):
    """A setting with a value that cannot be used; the message names the variable."""


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name}={value!r}: expected a date YYYY-MM-DD") from None


def _int(name: str, value: str | None, default: int, low: int, high: int) -> int:
    # Bounds are checked here, at start-up: a port of 0 or a log capacity of -1 would otherwise surface later as
    # a random port or a bare "maxlen must be non-negative" that names no setting.
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name}={value!r}: expected a whole number") from None
    if not low <= number <= high:
        raise ConfigError(f"{PREFIX}{name}={value!r}: expected a whole number from {low} to {high}")
    return number


def _base_url(value: str) -> str:
    # SAML Destination and ACS checks compare against this URL, so a typo must stop the start, not every login.
    parsed = urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise ConfigError(f"{PREFIX}BASE_URL={value!r}: expected an http:// or https:// URL such as http://localhost:8080")
    return value.rstrip("/")


def _state(value: str) -> str:
    if valid_url(value):
        return value
    raise ConfigError(f"{PREFIX}STATE={value!r}: expected {FORMS}")


@dataclass(frozen=True)
class Config:
    # Scenario files or folders (all *.yaml/*.yml/*.json in a folder, in name order), merged in order.
    scenario_paths: tuple[Path, ...] = (DEFAULT_SCENARIO,)
    # A whole scenario as text (YAML or JSON), for CI services that start before a checkout can be mounted.
    scenario_inline: str | None = None
    # The URL clients use to reach the simulator; SAML Destination and ACS checks depend on it.
    base_url: str = "http://localhost:8080"
    host: str = "0.0.0.0"
    port: int = 8080
    # "Today" for the scenario's business rules; None: the scenario's `vandaag`, else the real date.
    clock: dt.date | None = None
    log_level: str = "INFO"
    certs_dir: Path = DEFAULT_CERTS
    # Bearer token that protects the control API; None: unprotected (test-only software).
    control_token: str | None = None
    # Number of entries kept in the in-memory request and audit logs (older ones are dropped).
    log_capacity: int = 5000
    # Bytes (of their JSON) the request and audit logs keep in all; the oldest entries go first.
    log_bytes: int = 64 * 1024 * 1024
    # Largest request body (bytes) of any endpoint that declares no limit of its own (simulator.bodies).
    max_body_bytes: int = 1024 * 1024
    # Requests the app works on at once.
    threads: int = 8
    # gunicorn's worker: gevent (a greenlet per connection, so slow clients starve nobody) or gthread (threads).
    worker: str = "gevent"
    # Where mutable state lives: memory, sqlite:///path or redis://host:port/db (see simulator.state).
    state: str = "memory"
    # Live namespaces (/t/<name>/...) at most, least recently used dropped first, and seconds of idleness after
    # which a namespace is dropped.
    namespaces_max: int = 100
    namespace_idle: int = 3600
    # The namespace's path under the server root: "" for the root namespace, "/t/<name>" (base_url ends with it).
    path_prefix: str = ""
    environ: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "Config":
        source = dict(os.environ if env is None else env)
        own = {k: v for k, v in source.items() if k.startswith(PREFIX)}

        def get(name: str) -> str | None:
            value = own.get(PREFIX + name)
            return value if value not in (None, "") else None

        paths = get("SCENARIO")
        port = _int("PORT", get("PORT"), cls.port, 1, 65535)
        values: dict[str, object] = {
            "scenario_paths": tuple(Path(p) for p in paths.replace(",", os.pathsep).split(os.pathsep) if p)
            if paths
            else (DEFAULT_SCENARIO,),
            "scenario_inline": get("SCENARIO_INLINE"),
            # Without a base URL the simulator is reached where it listens: `serve --port 9000` serves metadata,
            # SAML Destinations and the portal on http://localhost:9000, not on the default port.
            "base_url": _base_url(get("BASE_URL") or f"http://localhost:{port}"),
            "host": get("HOST") or cls.host,
            "port": port,
            "clock": _date("CLOCK", get("CLOCK")),
            "log_level": (get("LOG_LEVEL") or cls.log_level).upper(),
            "certs_dir": Path(get("CERTS_DIR") or DEFAULT_CERTS),
            "control_token": get("CONTROL_TOKEN"),
            "log_capacity": _int("LOG_CAPACITY", get("LOG_CAPACITY"), cls.log_capacity, 1, 10_000_000),
            "log_bytes": _int("LOG_BYTES", get("LOG_BYTES"), cls.log_bytes, 1024 * 1024, 64 * 1024 * 1024 * 1024),
            "threads": _int("THREADS", get("THREADS"), cls.threads, 1, 1000),
            "max_body_bytes": _int("MAX_BODY_BYTES", get("MAX_BODY_BYTES"), cls.max_body_bytes, 1024, 256 * 1024 * 1024),
            "worker": (get("WORKER") or cls.worker).lower(),
            "state": _state(get("STATE") or cls.state),
            "namespaces_max": _int("NAMESPACES_MAX", get("NAMESPACES_MAX"), cls.namespaces_max, 0, 100_000),
            "namespace_idle": _int("NAMESPACE_IDLE", get("NAMESPACE_IDLE"), cls.namespace_idle, 1, 30 * 24 * 3600),
            "environ": MappingProxyType(own),
        }
        if values["log_level"] not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ConfigError(f"{PREFIX}LOG_LEVEL={values['log_level']!r}: expected DEBUG, INFO, WARNING or ERROR")
        if values["worker"] not in WORKERS:
            raise ConfigError(f"{PREFIX}WORKER={values['worker']!r}: expected {' or '.join(WORKERS)}")
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def in_namespace(self, name: str) -> "Config":
        """The configuration of namespace `name`: every URL the simulator emits there carries /t/<name>."""
        prefix = f"/t/{name}"
        return replace(self, base_url=self.base_url + prefix, path_prefix=prefix)

    def setting(self, name: str, default: str | None = None) -> str | None:
        """An interface's own setting ``SIMULATOR_<name>``."""
        value = self.environ.get(PREFIX + name)
        return default if value in (None, "") else value

    def int_setting(self, name: str, default: int, low: int, high: int) -> int:
        """An interface's own whole-number setting, from `low` to `high`; ConfigError naming it otherwise."""
        return _int(name, self.setting(name), default, low, high)
