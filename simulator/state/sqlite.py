"""SIMULATOR_STATE=sqlite:///path/state.db: one node whose state survives a restart.

One connection per process, serialised by a lock (a test simulator's write rate is far below what one SQLite
connection does), in WAL mode so that a reader never waits for the file. Atomic operations are single
statements (`DELETE ... RETURNING`, `INSERT ... ON CONFLICT`) or `BEGIN IMMEDIATE` transactions, so two
processes on the same file stay consistent too."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

from . import SQLITE_SCHEME, Backend, Cell, Log, LogRecord, R, StateLost, StateUnavailable, Table
from .sealing import Sealer

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (scope TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
    expires REAL NOT NULL, PRIMARY KEY (scope, tbl, key));
CREATE INDEX IF NOT EXISTS entries_by_age ON entries (scope, tbl);
CREATE TABLE IF NOT EXISTS cells (scope TEXT NOT NULL, name TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (scope, name));
CREATE TABLE IF NOT EXISTS logs (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, name TEXT NOT NULL, value BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS logs_by_name ON logs (scope, name);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class SqliteBackend(Backend):
    persistent = True
    kind = "sqlite"

    def __init__(self, url: str, secret: bytes = b""):
        self.url = url
        # sqlite:///var/lib/simulator/state.db names the absolute path /var/lib/simulator/state.db.
        self.path = Path(url[len(SQLITE_SCHEME) - 1 :])
        self.sealer = Sealer(secret)
        self.lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect()
            self.db.executescript(SCHEMA)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('epoch', ?)", (uuid.uuid4().hex,))
            self.epoch = self.db.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()[0]
            self.inode = os.stat(self.path).st_ino
        except (OSError, sqlite3.Error) as exc:
            raise StateUnavailable(f"SIMULATOR_STATE={url}: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def after_fork(self) -> None:
        with self.lock:
            self.db = self._connect()

    @contextlib.contextmanager
    def run(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            try:
                yield self.db
            except sqlite3.Error as exc:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise StateUnavailable(f"SQLite state {self.path}: {exc}") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.run() as db:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")

    def table(self, scope: str, name: str, capacity: int, ttl: float) -> Table[Any]:
        return SqliteTable(self, scope, name, capacity, ttl)

    def cell(self, scope: str, name: str) -> Cell[Any]:
        return SqliteCell(self, scope, name)

    def log(self, scope: str, name: str, capacity: int, max_bytes: int | None = None) -> Log:
        return SqliteLog(self, scope, name, capacity)

    def drop(self, scope: str) -> None:
        with self.transaction() as db:
            for table in ("entries", "cells", "logs"):
                db.execute(f"DELETE FROM {table} WHERE scope = ?", (scope,))

    def check(self) -> None:
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            inode = None
        if inode != self.inode:
            raise StateLost(f"the SQLite state file {self.path} was removed or replaced while the simulator ran")
        with self.run() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
        if row is None or row[0] != self.epoch:
            raise StateLost(f"the SQLite state file {self.path} no longer holds this simulator's state")

    def close(self) -> None:
        with self.lock:
            self.db.close()


class SqliteTable(Table[Any]):
    def __init__(self, backend: SqliteBackend, scope: str, name: str, capacity: int, ttl: float):
        self.b, self.key, self.capacity, self.ttl = backend, (scope, name), capacity, ttl

    def _trim(self, db: sqlite3.Connection) -> None:
        # Newest last by rowid (a replaced row gets a new one); beyond the capacity the oldest go, with the expired.
        db.execute("DELETE FROM entries WHERE scope = ? AND tbl = ? AND expires < ?", (*self.key, time.time()))
        db.execute(
            "DELETE FROM entries WHERE scope = ? AND tbl = ? AND rowid <= "
            "(SELECT rowid FROM entries WHERE scope = ? AND tbl = ? ORDER BY rowid DESC LIMIT 1 OFFSET ?)",
            (*self.key, *self.key, self.capacity),
        )

    def put(self, key: str, value: Any) -> None:
        with self.b.transaction() as db:
            db.execute("DELETE FROM entries WHERE scope = ? AND tbl = ? AND key = ?", (*self.key, key))
            db.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", (*self.key, key, self.b.sealer.seal(value), time.time() + self.ttl))
            self._trim(db)

    def get(self, key: str) -> Any:
        with self.b.run() as db:
            row = db.execute("SELECT value FROM entries WHERE scope = ? AND tbl = ? AND key = ? AND expires >= ?", (*self.key, key, time.time())).fetchone()
        return self.b.sealer.open(row[0]) if row else None

    def take(self, key: str) -> Any:
        with self.b.run() as db:
            row = db.execute("DELETE FROM entries WHERE scope = ? AND tbl = ? AND key = ? RETURNING value, expires", (*self.key, key)).fetchone()
        return self.b.sealer.open(row[0]) if row and row[1] >= time.time() else None

    def add_new(self, key: str, value: Any) -> bool:
        with self.b.transaction() as db:
            row = db.execute("SELECT expires FROM entries WHERE scope = ? AND tbl = ? AND key = ?", (*self.key, key)).fetchone()
            if row is not None and row[0] >= time.time():
                return False
            db.execute("DELETE FROM entries WHERE scope = ? AND tbl = ? AND key = ?", (*self.key, key))
            db.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", (*self.key, key, self.b.sealer.seal(value), time.time() + self.ttl))
            self._trim(db)
            return True

    def items(self) -> list[tuple[str, Any]]:
        with self.b.run() as db:
            rows = db.execute("SELECT key, value FROM entries WHERE scope = ? AND tbl = ? AND expires >= ? ORDER BY rowid", (*self.key, time.time())).fetchall()
        return [(k, self.b.sealer.open(v)) for k, v in rows]

    def clear(self) -> None:
        with self.b.run() as db:
            db.execute("DELETE FROM entries WHERE scope = ? AND tbl = ?", self.key)


class SqliteCell(Cell[Any]):
    def __init__(self, backend: SqliteBackend, scope: str, name: str):
        self.b, self.key = backend, (scope, name)

    def _read(self, db: sqlite3.Connection) -> Any:
        row = db.execute("SELECT value FROM cells WHERE scope = ? AND name = ?", self.key).fetchone()
        return self.b.sealer.open(row[0]) if row else None

    def _write(self, db: sqlite3.Connection, value: Any) -> None:
        if value is None:
            db.execute("DELETE FROM cells WHERE scope = ? AND name = ?", self.key)
        else:
            db.execute("INSERT OR REPLACE INTO cells VALUES (?, ?, ?)", (*self.key, self.b.sealer.seal(value)))

    def get(self) -> Any:
        with self.b.run() as db:
            return self._read(db)

    def set(self, value: Any) -> None:
        with self.b.run() as db:
            self._write(db, value)

    def update(self, change: Callable[[Any], tuple[Any, R]]) -> R:
        with self.b.transaction() as db:
            value, result = change(self._read(db))
            self._write(db, value)
        return result


class SqliteLog(Log):
    def __init__(self, backend: SqliteBackend, scope: str, name: str, capacity: int):
        self.b, self.key, self.capacity = backend, (scope, name), capacity

    def append(self, kind: str, data: dict[str, Any]) -> LogRecord:
        moment = dt.datetime.now(dt.timezone.utc)
        with self.b.transaction() as db:
            cursor = db.execute("INSERT INTO logs (scope, name, value) VALUES (?, ?, ?)", (*self.key, self.b.sealer.seal((moment, kind, data))))
            seq = cursor.lastrowid or 0
            db.execute(
                "DELETE FROM logs WHERE scope = ? AND name = ? AND id <= "
                "(SELECT id FROM logs WHERE scope = ? AND name = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (*self.key, *self.key, self.capacity),
            )
        return LogRecord(seq, moment, kind, data)

    def entries(self) -> list[LogRecord]:
        with self.b.run() as db:
            rows = db.execute("SELECT id, value FROM logs WHERE scope = ? AND name = ? ORDER BY id DESC LIMIT ?", (*self.key, self.capacity)).fetchall()
        return [LogRecord(seq, *self.b.sealer.open(value)) for seq, value in reversed(rows)]

    def clear(self) -> None:
        with self.b.run() as db:
            db.execute("DELETE FROM logs WHERE scope = ? AND name = ?", self.key)
