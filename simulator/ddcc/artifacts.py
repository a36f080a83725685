"""SAML artifacts (type 0x0004) and the in-memory state of DDCC flows: login sessions waiting for the citizen,
results waiting to be resolved, SSO sessions for logout, and the replay guard.

Everything is bounded (oldest entries are dropped) and guarded by one lock per store, so a busy or hostile client
cannot grow the process without limit."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..scenario.index import Representation
from .requests import AuthnRequest

TYPE_CODE = b"\x00\x04"
ENDPOINT_INDEX = b"\x00\x00"
MAX_ENTRIES = 10_000

V = TypeVar("V")


def source_id(entity_id: str) -> bytes:
    return hashlib.sha1(entity_id.encode()).digest()


def new_artifact(entity_id: str) -> str:
    """Type 0x0004, endpoint index 0, SourceID = SHA-1 of our entity ID, 20 random bytes of message handle."""
    return base64.b64encode(TYPE_CODE + ENDPOINT_INDEX + source_id(entity_id) + os.urandom(20)).decode()


class BoundedStore(Generic[V]):
    """A thread-safe mapping that forgets its oldest entries beyond `capacity`."""

    def __init__(self, capacity: int = MAX_ENTRIES):
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


class ReplayGuard:
    """IDs of requests accepted within the IssueInstant window: a second use of one is a replay.

    An ID older than the window may be forgotten, because its request would now be refused as too old anyway;
    beyond `capacity` IDs the oldest are forgotten as well (a flood cannot grow the process)."""

    def __init__(self, window: float, capacity: int = MAX_ENTRIES * 10):
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._window = window
        self._capacity = capacity
        self._lock = threading.Lock()

    def first_use(self, key: str, now: float | None = None) -> bool:
        """Remember `key`; False when it was seen within the window (a replay)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now - self._window:
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True


@dataclass
class Result:
    """What the citizen (or a directive) decided; the Response is built from it when the artifact is resolved."""

    request: AuthnRequest
    outcome: str  # a name from simulator.outcomes.CATALOGUE
    bsn: str | None = None
    level: str | None = None
    representation: Representation | None = None
    status_message: str | None = None
    session_id: str = field(default_factory=lambda: _uuid())
    created: float = field(default_factory=time.monotonic)
    authn_instant: float = field(default_factory=time.time)


@dataclass
class LoginSession:
    """An AuthnRequest waiting for the citizen at the login (and machtigen) page."""

    request: AuthnRequest
    outcome: str = "success"
    bsn: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class SsoSession:
    sp: str
    session_id: str
    bsn: str


def _uuid() -> str:
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class FlowState:
    """All state of running DDCC flows."""

    def __init__(self, replay_window: float = 360) -> None:
        self.logins: BoundedStore[LoginSession] = BoundedStore()
        self.artifacts: BoundedStore[Result] = BoundedStore()
        self.sso: BoundedStore[SsoSession] = BoundedStore()
        self.seen_requests = ReplayGuard(replay_window)

    def clear(self) -> None:
        """Forget pending logins, unresolved artifacts and SSO sessions (a control reset). The replay memory of
        AuthnRequest and LogoutRequest IDs stays: a reset does not make an old request acceptable again."""
        self.logins.clear()
        self.artifacts.clear()
        self.sso.clear()

    @staticmethod
    def new_token() -> str:
        return base64.urlsafe_b64encode(os.urandom(18)).decode()
