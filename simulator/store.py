"""The simulator's in-memory state, shared by all interfaces: the current world, the clock, the request and
audit logs, and the outcomes tests have pre-programmed.

There is one `Store` per app. The world is replaced atomically: a new scenario is validated completely before it
is swapped in, so a bad upload never leaves a half-applied state behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Sequence, TypeVar

from .config import Config
from .jsonlog import log_event
from .outcomes import Directive
from .scenario import Problem, ScenarioError, Source, World, load_world

audit_logger = logging.getLogger("simulator.audit")
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
V = TypeVar("V")


def sources_from_paths(paths: Iterable[Path]) -> list[Source]:
    """Scenario sources from files and folders (a folder: its scenario files in name order)."""
    result: list[Source] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file())
            if not files:
                raise ScenarioError([Problem("", "folder holds no .yaml, .yml or .json scenario files", str(path))])
            result.extend(Source.from_path(p) for p in files)
        else:
            result.append(Source.from_path(path))
    return result


def sources_from_config(config: Config) -> list[Source]:
    """The start scenario: SIMULATOR_SCENARIO_INLINE when set, else the files and folders of SIMULATOR_SCENARIO."""
    if config.scenario_inline is not None:
        return [Source(name="SIMULATOR_SCENARIO_INLINE", text=config.scenario_inline, base_dir=Path.cwd())]
    return sources_from_paths(config.scenario_paths)


def hash_bsn(bsn: str) -> str:
    """BSNs are personal data: logs carry a short hash so entries can be correlated without the number."""
    return hashlib.sha256(bsn.encode()).hexdigest()[:16]


@dataclass
class LogEntry:
    seq: int
    time: dt.datetime
    kind: str
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "time": self.time.isoformat(timespec="milliseconds"), "kind": self.kind, **self.data}


class BoundedLog:
    """A journal that keeps the newest `capacity` entries (an unbounded one runs a busy instance out of memory)."""

    def __init__(self, capacity: int):
        self._entries: deque[LogEntry] = deque(maxlen=capacity)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def append(self, kind: str, data: dict[str, Any]) -> LogEntry:
        with self._lock:
            entry = LogEntry(next(self._seq), dt.datetime.now(dt.timezone.utc), kind, data)
            self._entries.append(entry)
            return entry

    def entries(self) -> list[LogEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class BoundedStore(Generic[V]):
    """A thread-safe mapping that forgets its oldest entries beyond `capacity`."""

    def __init__(self, capacity: int = 10_000):
        self._items: OrderedDict[str, V] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def _evict(self) -> None:
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            self._evict()

    def get(self, key: str) -> V | None:
        with self._lock:
            return self._items.get(key)

    def pop(self, key: str) -> V | None:
        with self._lock:
            return self._items.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def add_new(self, key: str, value: V) -> bool:
        """Store `value` unless `key` is present; False when it was (a replay)."""
        with self._lock:
            if key in self._items:
                return False
            self._items[key] = value
            self._evict()
            return True


@dataclass
class DirectiveQueue:
    """Outcomes pre-programmed by tests, consumed by the first login that matches them."""

    _items: list[Directive] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def push(self, directive: Directive) -> None:
        with self._lock:
            self._items.append(directive)

    def take(self, sp: str | None, bsn: str | None) -> Directive | None:
        """The oldest directive that matches this SP and (if known) this BSN; it is used up."""
        with self._lock:
            for i, d in enumerate(self._items):
                if d.matches(sp, bsn):
                    if d.remaining <= 1:
                        del self._items[i]
                    else:
                        self._items[i] = d.used_once()
                    return d
            return None

    def pending(self) -> list[Directive]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Store:
    def __init__(self, config: Config, world: World, start_sources: Sequence[Source]):
        self.config = config
        self._world = world
        self._start_sources = tuple(start_sources)
        self._clock = config.clock
        self._lock = threading.Lock()
        self.requests = BoundedLog(config.log_capacity)
        self.audit_log = BoundedLog(config.log_capacity)
        self.directives = DirectiveQueue()
        self._reset_hooks: list[Callable[[], None]] = []

    @classmethod
    def from_config(cls, config: Config) -> "Store":
        """Load the start scenario; raises ScenarioError when it is invalid."""
        sources = sources_from_config(config)
        world = load_world(sources, config.clock)
        return cls(config, world, sources)

    @property
    def world(self) -> World:
        return self._world

    def today(self) -> dt.date:
        """The business date: the clock if set, else the scenario's `vandaag`, else the real date."""
        if self._clock is not None:
            return self._clock
        return self._world.settings.vandaag or dt.date.today()

    def set_clock(self, day: dt.date | None) -> None:
        self._clock = day

    def replace(self, sources: Sequence[Source]) -> World:
        """Validate `sources` as the new world and swap it in; on ScenarioError nothing changes."""
        world = load_world(sources, self._clock)
        with self._lock:
            self._world = world
        return world

    def extend(self, sources: Sequence[Source]) -> World:
        """Add `sources` to the current world's sources; on ScenarioError nothing changes."""
        return self.replace([*self._world.sources, *sources])

    def reset(self) -> World:
        """Back to the start scenario and clock, with empty logs and no pending directives."""
        world = load_world(self._start_sources, self.config.clock)
        with self._lock:
            self._world = world
            self._clock = self.config.clock
            self.directives.clear()
            self.requests.clear()
            self.audit_log.clear()
            for hook in self._reset_hooks:
                hook()
        return world

    def on_reset(self, hook: Callable[[], None]) -> None:
        """Have `hook` forget an interface's own state (pending logins, artifacts) when the store is reset."""
        self._reset_hooks.append(hook)

    def audit(self, event: str, **data: Any) -> None:
        """Record a representation decision ("who acted for whom, for which service, on which ground").

        The in-memory audit log keeps BSNs (tests filter on them); the process log gets hashes only."""
        self.audit_log.append(event, data)
        logged = {k: (hash_bsn(v) if k.endswith("bsn") and isinstance(v, str) else v) for k, v in data.items()}
        log_event(audit_logger, event, logged)
