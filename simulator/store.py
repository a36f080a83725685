"""The simulator's state shared by all interfaces: the current world, the clock, the request and audit logs, and
the outcomes tests have pre-programmed, kept in the state backend (`simulator.state`, SIMULATOR_STATE).

There is one `Store` per app (one app per namespace). The world is replaced atomically: a new scenario is
validated completely before it is swapped in, so a bad upload never leaves a half-applied state behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from .config import Config
from .jsonlog import clip_fields, log_event
from .outcomes import Directive
from .scenario import Problem, ScenarioError, Source, World, load_world
from .state import Backend, Cell, Log, LogRecord, StateLost
from .state.memory import MemoryBackend

if TYPE_CHECKING:
    from .namespaces import Namespaces

audit_logger = logging.getLogger("simulator.audit")
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


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


class DirectiveQueue:
    """Outcomes pre-programmed by tests, consumed by the first login that matches them."""

    def __init__(self, cell: Cell[list[Directive]]):
        self._cell = cell

    def push(self, directive: Directive) -> None:
        self._cell.update(lambda items: ([*(items or []), directive], None))

    def take(self, sp: str | None, bsn: str | None) -> Directive | None:
        """The oldest directive that matches this SP and (if known) this BSN; it is used up."""

        def take_first(items: list[Directive] | None) -> tuple[list[Directive] | None, Directive | None]:
            items = list(items or [])
            for i, d in enumerate(items):
                if d.matches(sp, bsn):
                    if d.remaining <= 1:
                        del items[i]
                    else:
                        items[i] = d.used_once()
                    return items, d
            return items or None, None

        return self._cell.update(take_first)

    def pending(self) -> list[Directive]:
        return list(self._cell.get() or [])

    def clear(self) -> None:
        self._cell.set(None)


# A text field of a log entry (a rejected SAML message) is kept up to this many characters, then marked as cut.
FIELD_CHARS = 64 * 1024


class ClippedLog(Log):
    """A backend's log whose entries keep each text field up to FIELD_CHARS characters, then a marker with the
    whole text's size and SHA-256 (`jsonlog.clip`), whatever the backend."""

    def __init__(self, log: Log):
        self.log = log

    def append(self, kind: str, data: dict[str, Any]) -> LogRecord:
        return self.log.append(kind, clip_fields(data, FIELD_CHARS))

    def entries(self) -> list[LogRecord]:
        return self.log.entries()

    def clear(self) -> None:
        self.log.clear()


class Store:
    """One namespace's view of the state: its world, clock, directives and logs, kept in `backend` under `scope`
    ("" for the root namespace). The parsed start world is shared, never copied: namespaces that have not
    uploaded a scenario all read the same immutable World, so creating one costs nothing per person."""

    def __init__(self, config: Config, world: World, backend: Backend | None = None, scope: str = ""):
        self.config = config
        self.backend: Backend = backend or MemoryBackend()
        self.scope = scope
        self._start_world = world
        self._lock = threading.Lock()
        # The scenario is two cells: a small version every request reads, and the (possibly large) sources that
        # are read only when the version changed.
        self._version: Cell[str] = self.backend.cell(scope, "scenario_version")
        # {"version", "sources", "clock"}: the sources (not the parsed world, so that another process or a restart
        # builds the same world) and the clock the world was built with.
        self._scenario: Cell[dict[str, Any]] = self.backend.cell(scope, "scenario")
        # {"today": date or None}: the clock set through the control API (None: no clock, the scenario's vandaag).
        self._clock: Cell[dict[str, dt.date | None]] = self.backend.cell(scope, "clock")
        self._loaded: tuple[str | None, World] = (None, world)
        # SIMULATOR_LOG_BYTES is the total of both logs (in process memory), half each.
        self.requests: Log = ClippedLog(self.backend.log(scope, "requests", config.log_capacity, config.log_bytes // 2))
        self.audit_log: Log = ClippedLog(self.backend.log(scope, "audit", config.log_capacity, config.log_bytes // 2))
        self.directives = DirectiveQueue(self.backend.cell(scope, "directives"))
        self._reset_hooks: list[Callable[[], None]] = []
        # What interfaces derive from each world (`on_world`); shared by the namespaces' Stores (see `sibling`).
        self._world_hooks: list[Callable[[World], object]] = []
        # The live namespaces, on the root namespace's Store only (the control API lists and deletes them there).
        self.namespaces: Namespaces | None = None

    @classmethod
    def from_config(cls, config: Config, backend: Backend | None = None) -> "Store":
        """Load the start scenario; raises ScenarioError when it is invalid."""
        return cls(config, load_world(sources_from_config(config), config.clock), backend)

    def sibling(self, config: Config, scope: str) -> "Store":
        """A Store for another namespace that starts from the same (shared, not copied) start world."""
        store = Store(config, self._start_world, self.backend, scope)
        store._world_hooks = self._world_hooks
        return store

    @property
    def world(self) -> World:
        version = self._version.get()
        loaded_version, world = self._loaded
        if version == loaded_version:
            return world
        if version is None:
            world = self._start_world
        else:
            # Another process (or before a restart, this one) uploaded it: build the same world from its sources.
            record = self._scenario.get()
            if record is None:
                raise StateLost(f"scenario version {version} is recorded but its sources are missing")
            version = record["version"]
            world = self._prepared(load_world(record["sources"], record["clock"]))
        with self._lock:
            self._loaded = (version, world)
        return world

    def _clock_setting(self) -> dt.date | None:
        value = self._clock.get()
        return self.config.clock if value is None else value["today"]

    def today(self) -> dt.date:
        """The business date: the clock if set, else the scenario's `vandaag`, else the real date."""
        clock = self._clock_setting()
        if clock is not None:
            return clock
        return self.world.settings.vandaag or dt.date.today()

    def set_clock(self, day: dt.date | None) -> None:
        self._clock.set({"today": day})

    def replace(self, sources: Sequence[Source]) -> World:
        """Validate `sources` as the new world and swap it in; on ScenarioError nothing changes."""
        clock = self._clock_setting()
        world = self._prepared(load_world(sources, clock))
        version = uuid.uuid4().hex
        self._scenario.set({"version": version, "sources": list(sources), "clock": clock})
        self._version.set(version)
        with self._lock:
            self._loaded = (version, world)
        return world

    def extend(self, sources: Sequence[Source]) -> World:
        """Add `sources` to the current world's sources; on ScenarioError nothing changes."""
        return self.replace([*self.world.sources, *sources])

    def reset(self) -> World:
        """Back to the start scenario and clock, with empty logs and no pending directives."""
        with self._lock:
            self._version.set(None)
            self._scenario.set(None)
            self._clock.set(None)
            self._loaded = (None, self._start_world)
        self.directives.clear()
        self.requests.clear()
        self.audit_log.clear()
        for hook in self._reset_hooks:
            hook()
        return self._start_world

    def on_world(self, hook: Callable[[World], object]) -> None:
        """Have `hook` prepare what an interface derives from a world (an index), for the current world now and
        for every new one before it is swapped in, so no request pays for it (or races another to build it)."""
        self._world_hooks.append(hook)
        hook(self._start_world)
        if self._loaded[1] is not self._start_world:
            hook(self._loaded[1])

    def _prepared(self, world: World) -> World:
        for hook in self._world_hooks:
            hook(world)
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
