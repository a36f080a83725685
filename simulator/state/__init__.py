"""Where the simulator keeps what changes while it runs: one abstraction every interface uses for its mutable
state, with three backends chosen by SIMULATOR_STATE.

- ``memory`` (default): Python objects in this process, as fast as a dict; gone when the process ends.
- ``sqlite:///path/state.db``: one node; a restart finds everything again.
- ``redis://host:port/db`` (Valkey or Redis): several processes or replicas share everything.

The state of one namespace (``scope``: "" for the root, else the namespace name) is made of

- `Table`: keys to values, bounded (capacity, oldest first) and with a time to live; `take` and `add_new` are
  atomic across processes (an artifact resolves once, a request ID is accepted once);
- `Cell`: one value with an atomic read-modify-write (`update`), e.g. the clock or the directive queue;
- `Log`: a bounded journal of records (a kind and a dict of data), newest last.

Values are whatever the caller keeps (dataclasses of the scenario model and the doors): the memory backend keeps
the objects themselves; sqlite and redis store them sealed (`simulator.state.sealing`: pickled and HMAC-signed,
so a value nobody with the secret wrote is refused, not unpickled). Interfaces need no serialisation code of
their own. A backend that cannot be reached raises `StateUnavailable`; the app answers 503 with problem details
instead of guessing.
"""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

V = TypeVar("V")
R = TypeVar("R")


class StateUnavailable(Exception):
    """The state backend cannot be reached or answered nonsense: no answer can be trusted."""


class StateLost(StateUnavailable):
    """The backend no longer holds the state this process has been working with (it was emptied or replaced)."""


class Table(abc.ABC, Generic[V]):
    @abc.abstractmethod
    def put(self, key: str, value: V) -> None: ...

    @abc.abstractmethod
    def get(self, key: str) -> V | None: ...

    @abc.abstractmethod
    def take(self, key: str) -> V | None:
        """Remove and return; of several concurrent takes exactly one gets the value."""

    @abc.abstractmethod
    def add_new(self, key: str, value: V) -> bool:
        """Store `value` unless `key` is present; False when it was (a replay)."""

    @abc.abstractmethod
    def items(self) -> list[tuple[str, V]]:
        """Every live entry, oldest first."""

    @abc.abstractmethod
    def clear(self) -> None: ...

    def pop(self, key: str) -> V | None:
        return self.take(key)


class Cell(abc.ABC, Generic[V]):
    @abc.abstractmethod
    def get(self) -> V | None: ...

    @abc.abstractmethod
    def set(self, value: V | None) -> None:
        """None removes the value."""

    @abc.abstractmethod
    def update(self, change: Callable[[V | None], tuple[V | None, R]]) -> R:
        """Atomically replace the value by change(value)[0]; returns change(value)[1]. `change` may run more than
        once (optimistic backends retry on a concurrent write), so it must not have side effects."""


@dataclass(frozen=True)
class LogRecord:
    seq: int
    time: dt.datetime
    kind: str
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "time": self.time.isoformat(timespec="milliseconds"), "kind": self.kind, **self.data}


class Log(abc.ABC):
    @abc.abstractmethod
    def append(self, kind: str, data: dict[str, Any]) -> LogRecord: ...

    @abc.abstractmethod
    def entries(self) -> list[LogRecord]: ...

    @abc.abstractmethod
    def clear(self) -> None: ...


class Backend(abc.ABC):
    # Whether the state outlives this process (sqlite, redis) and whether other processes see it (redis).
    persistent: bool = False
    shared: bool = False
    # What /ready reports: memory, sqlite or redis.
    kind: str = "memory"

    @abc.abstractmethod
    def table(self, scope: str, name: str, capacity: int, ttl: float) -> Table[Any]: ...

    @abc.abstractmethod
    def cell(self, scope: str, name: str) -> Cell[Any]: ...

    @abc.abstractmethod
    def log(self, scope: str, name: str, capacity: int, max_bytes: int | None = None) -> Log:
        """A bounded journal: `capacity` entries, and in process memory also `max_bytes` of their JSON (sqlite and
        redis keep theirs outside the process; there the entries' clipped fields bound them)."""

    @abc.abstractmethod
    def drop(self, scope: str) -> None:
        """Forget everything of one namespace (it was deleted or expired)."""

    def check(self) -> None:
        """Raise StateUnavailable when the backend cannot be used (readiness asks this)."""

    def after_fork(self) -> None:
        """In a new worker process: open connections of its own (a connection must not be shared across fork)."""

    def close(self) -> None:
        """Release connections (tests start and stop many backends)."""


SQLITE_SCHEME = "sqlite:///"
REDIS_SCHEMES = ("redis://", "rediss://", "valkey://", "valkeys://", "unix://")
FORMS = "memory, sqlite:///path/to/state.db or redis://host:port/db"


def valid_url(url: str) -> bool:
    return url == "memory" or url.startswith((SQLITE_SCHEME, *REDIS_SCHEMES))


def open_backend(url: str, secret: bytes = b"") -> Backend:
    """The backend SIMULATOR_STATE names (checked by `valid_url` when the configuration was read); `secret` seals
    the values of sqlite and redis. Raises StateUnavailable when it cannot be reached: a simulator that cannot
    keep its state does not start."""
    if url.startswith(SQLITE_SCHEME):
        from .sqlite import SqliteBackend

        return SqliteBackend(url, secret)
    if url.startswith(REDIS_SCHEMES):
        from .redis import RedisBackend

        return RedisBackend(url, secret)
    from .memory import MemoryBackend

    return MemoryBackend()


__all__ = [
    "Backend",
    "Cell",
    "Log",
    "LogRecord",
    "StateLost",
    "StateUnavailable",
    "Table",
    "open_backend",
]
