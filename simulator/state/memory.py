"""The default backend: state as Python objects in this process (nothing is encoded), lost when it ends."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import OrderedDict, deque
from typing import Any, Callable

from ..jsonlog import json_bytes
from . import Backend, Cell, Log, LogRecord, R, Table, V


class MemoryTable(Table[V]):
    """A thread-safe mapping that forgets its oldest entries beyond `capacity` and entries older than `ttl`."""

    def __init__(self, capacity: int, ttl: float):
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._capacity = capacity
        self._ttl = ttl
        self._lock = threading.Lock()

    def _live(self, key: str) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] < time.monotonic():
            del self._items[key]
            return None
        return item[1]

    def _store(self, key: str, value: V) -> None:
        self._items[key] = (time.monotonic() + self._ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._store(key, value)

    def get(self, key: str) -> V | None:
        with self._lock:
            return self._live(key)

    def take(self, key: str) -> V | None:
        with self._lock:
            value = self._live(key)
            self._items.pop(key, None)
            return value

    def add_new(self, key: str, value: V) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._store(key, value)
            return True

    def items(self) -> list[tuple[str, V]]:
        now = time.monotonic()
        with self._lock:
            return [(k, v) for k, (expires, v) in self._items.items() if expires >= now]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class MemoryCell(Cell[V]):
    def __init__(self) -> None:
        self._value: V | None = None
        self._lock = threading.Lock()

    def get(self) -> V | None:
        return self._value

    def set(self, value: V | None) -> None:
        with self._lock:
            self._value = value

    def update(self, change: Callable[[V | None], tuple[V | None, R]]) -> R:
        with self._lock:
            self._value, result = change(self._value)
            return result


# What an entry costs beyond its fields' JSON (seq, time, kind, the objects around them).
ENTRY_OVERHEAD = 256


class MemoryLog(Log):
    """The newest entries, at most `capacity` of them and, when `max_bytes` is given, at most that many bytes of
    their JSON: a count alone let 1,500 rejected 256 K messages take the process from 46 to 1,576 MB."""

    def __init__(self, capacity: int, max_bytes: int | None = None):
        self._entries: deque[tuple[LogRecord, int]] = deque()
        self._capacity = capacity
        self._max_bytes = max_bytes
        self._bytes = 0
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def append(self, kind: str, data: dict[str, Any]) -> LogRecord:
        size = len(json_bytes(data)) + ENTRY_OVERHEAD if self._max_bytes else 0
        with self._lock:
            record = LogRecord(next(self._seq), dt.datetime.now(dt.timezone.utc), kind, data)
            self._entries.append((record, size))
            self._bytes += size
            while len(self._entries) > self._capacity or (self._max_bytes and self._bytes > self._max_bytes and len(self._entries) > 1):
                self._bytes -= self._entries.popleft()[1]
            return record

    def entries(self) -> list[LogRecord]:
        with self._lock:
            return [record for record, _ in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


class MemoryBackend(Backend):
    """Each call makes a fresh container: the objects that hold them (a namespace's Store and blueprints) are the
    only references, so a dropped namespace's state goes with its app."""

    def table(self, scope: str, name: str, capacity: int, ttl: float) -> Table[Any]:
        return MemoryTable(capacity, ttl)

    def cell(self, scope: str, name: str) -> Cell[Any]:
        return MemoryCell()

    def log(self, scope: str, name: str, capacity: int, max_bytes: int | None = None) -> Log:
        return MemoryLog(capacity, max_bytes)

    def drop(self, scope: str) -> None:
        pass
