"""SIMULATOR_STATE=redis://host:port/db (Valkey or Redis): state shared by several simulator processes.

Keys are `sim:<scope>:...` (scope "" for the root namespace), so dropping a namespace is one SCAN. A table is a
key per entry (with the table's time to live) and a sorted set of its keys by age, kept to the table's capacity
by a Lua script run atomically in the server; `take` is GETDEL, so of two replicas resolving one artifact
exactly one gets it. A cell is one key updated with WATCH/MULTI (optimistic, retried). A log is a list trimmed
to its capacity. `sim:epoch` names the state: a process that finds another epoch (or none: the server was
emptied or restarted without persistence) has lost its state and says so."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Callable

import redis

from . import Backend, Cell, Log, LogRecord, R, StateLost, StateUnavailable, Table
from .sealing import Sealer

EPOCH_KEY = "sim:epoch"
# Seconds before a call to an unreachable server gives up (then the request gets 503, not a hang).
TIMEOUT = 3.0

# KEYS: entry key, index key (a sorted set of the table's keys, oldest first), the index's counter.
# ARGV: value, ttl ms, member, capacity, entry key prefix, only-if-new. An entry whose own key expired stays in
# the index until the capacity pushes it out (readers skip it).
PUT_SCRIPT = """
if ARGV[6] == '1' then
  if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[3])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  local old = redis.call('ZPOPMIN', KEYS[2], excess)
  for i = 1, #old, 2 do redis.call('DEL', ARGV[5] .. old[i]) end
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1
"""


def _connection_url(url: str) -> str:
    # valkey:// is the same protocol; the redis client knows it as redis://.
    return "redis" + url[len("valkey") :] if url.startswith("valkey") else url


class RedisBackend(Backend):
    persistent = True
    shared = True
    kind = "redis"

    def __init__(self, url: str, secret: bytes = b""):
        self.url = url
        self.sealer = Sealer(secret)
        self.client = redis.Redis.from_url(
            _connection_url(url), socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT, health_check_interval=10
        )
        self.put_script = self.client.register_script(PUT_SCRIPT)
        try:
            self.client.set(EPOCH_KEY, uuid.uuid4().hex, nx=True)
            self.epoch = self.client.get(EPOCH_KEY)
        except redis.RedisError as exc:
            raise StateUnavailable(f"SIMULATOR_STATE={self.redacted}: {exc}") from None

    @property
    def redacted(self) -> str:
        """The URL without a password (it is logged and shown in problems)."""
        pool = self.client.connection_pool.connection_kwargs
        return f"redis://{pool.get('host', pool.get('path', '?'))}:{pool.get('port', '')}/{pool.get('db', 0)}"

    def call(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except redis.RedisError as exc:
            raise StateUnavailable(f"Redis state at {self.redacted}: {type(exc).__name__}: {exc}") from None

    def table(self, scope: str, name: str, capacity: int, ttl: float) -> Table[Any]:
        return RedisTable(self, f"sim:{scope}:t:{name}", capacity, ttl)

    def cell(self, scope: str, name: str) -> Cell[Any]:
        return RedisCell(self, f"sim:{scope}:c:{name}")

    def log(self, scope: str, name: str, capacity: int, max_bytes: int | None = None) -> Log:
        return RedisLog(self, f"sim:{scope}:l:{name}", capacity)

    def drop(self, scope: str) -> None:
        def drop() -> None:
            keys = list(self.client.scan_iter(match=f"sim:{scope}:*", count=1000))
            for i in range(0, len(keys), 500):
                self.client.unlink(*keys[i : i + 500])

        self.call(drop)

    def check(self) -> None:
        epoch = self.call(lambda: self.client.get(EPOCH_KEY))
        if epoch != self.epoch:
            raise StateLost(
                f"the Redis at {self.redacted} no longer holds this simulator's state (it was emptied, or restarted "
                "without persistence); restart the simulator"
            )

    def close(self) -> None:
        self.client.close()


class RedisTable(Table[Any]):
    def __init__(self, backend: RedisBackend, prefix: str, capacity: int, ttl: float):
        # The index keys (":index", ":index:n") cannot collide with entry keys, which all start with "e:".
        self.b, self.entry, self.index, self.capacity, self.ttl_ms = backend, prefix + ":e:", prefix + ":index", capacity, max(int(ttl * 1000), 1)

    def _put(self, key: str, value: Any, only_if_new: bool) -> bool:
        sealed = self.b.sealer.seal(value)
        args = [sealed, self.ttl_ms, key, self.capacity, self.entry, "1" if only_if_new else "0"]
        keys = [self.entry + key, self.index, self.index + ":n"]
        return bool(self.b.call(lambda: self.b.put_script(keys=keys, args=args)))

    def put(self, key: str, value: Any) -> None:
        self._put(key, value, False)

    def add_new(self, key: str, value: Any) -> bool:
        return self._put(key, value, True)

    def get(self, key: str) -> Any:
        data = self.b.call(lambda: self.b.client.get(self.entry + key))
        return self.b.sealer.open(data) if data is not None else None

    def take(self, key: str) -> Any:
        def take() -> Any:
            pipe = self.b.client.pipeline(transaction=False)
            pipe.getdel(self.entry + key)
            pipe.zrem(self.index, key)
            return pipe.execute()[0]

        data = self.b.call(take)
        return self.b.sealer.open(data) if data is not None else None

    def items(self) -> list[tuple[str, Any]]:
        def read() -> list[tuple[str, bytes | None]]:
            members = [m.decode() for m in self.b.client.zrange(self.index, 0, -1)]
            values = self.b.client.mget([self.entry + m for m in members]) if members else []
            return list(zip(members, values))

        return [(k, self.b.sealer.open(v)) for k, v in self.b.call(read) if v is not None]

    def clear(self) -> None:
        def clear() -> None:
            members = [m.decode() for m in self.b.client.zrange(self.index, 0, -1)]
            self.b.client.unlink(self.index, *[self.entry + m for m in members])

        self.b.call(clear)


class RedisCell(Cell[Any]):
    def __init__(self, backend: RedisBackend, key: str):
        self.b, self.key = backend, key

    def get(self) -> Any:
        data = self.b.call(lambda: self.b.client.get(self.key))
        return self.b.sealer.open(data) if data is not None else None

    def set(self, value: Any) -> None:
        if value is None:
            self.b.call(lambda: self.b.client.delete(self.key))
        else:
            sealed = self.b.sealer.seal(value)
            self.b.call(lambda: self.b.client.set(self.key, sealed))

    def update(self, change: Callable[[Any], tuple[Any, R]]) -> R:
        outcome: list[R] = []

        def attempt(pipe: redis.client.Pipeline) -> None:
            data = pipe.get(self.key)
            value, result = change(self.b.sealer.open(data) if data is not None else None)
            outcome[:] = [result]
            pipe.multi()
            if value is None:
                pipe.delete(self.key)
            else:
                pipe.set(self.key, self.b.sealer.seal(value))

        self.b.call(lambda: self.b.client.transaction(attempt, self.key))
        return outcome[0]


class RedisLog(Log):
    def __init__(self, backend: RedisBackend, key: str, capacity: int):
        self.b, self.key, self.seq_key, self.capacity = backend, key, key + ":seq", capacity

    def append(self, kind: str, data: dict[str, Any]) -> LogRecord:
        record = LogRecord(self.b.call(lambda: self.b.client.incr(self.seq_key)), dt.datetime.now(dt.timezone.utc), kind, data)
        sealed = self.b.sealer.seal(record)

        def push() -> None:
            pipe = self.b.client.pipeline(transaction=False)
            pipe.rpush(self.key, sealed)
            pipe.ltrim(self.key, -self.capacity, -1)
            pipe.execute()

        self.b.call(push)
        return record

    def entries(self) -> list[LogRecord]:
        return [self.b.sealer.open(v) for v in self.b.call(lambda: self.b.client.lrange(self.key, 0, -1))]

    def clear(self) -> None:
        self.b.call(lambda: self.b.client.delete(self.key))
