"""SAML artifacts (type 0x0004) and the in-memory state of a SAML door's flows: login sessions waiting for the
user, results waiting to be resolved, SSO sessions for logout, and the replay guard.

Everything is bounded (oldest entries are dropped) and guarded by one lock per store, so a busy or hostile client
cannot grow the process without limit."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlencode

from ..store import BoundedStore

TYPE_CODE = b"\x00\x04"
ENDPOINT_INDEX = b"\x00\x00"
MAX_ENTRIES = 10_000

class Issued(Protocol):
    """What a door keeps under an artifact until the SP resolves it."""

    @property
    def sp(self) -> str: ...  # the entity ID of the SP the artifact was issued to

    @property
    def created(self) -> float: ...  # time.monotonic() when it was issued


L = TypeVar("L")  # a door's pending login
R = TypeVar("R", bound=Issued)  # a door's result, waiting under an artifact


def source_id(entity_id: str) -> bytes:
    return hashlib.sha1(entity_id.encode()).digest()


def new_artifact(entity_id: str) -> str:
    """Type 0x0004, endpoint index 0, SourceID = SHA-1 of our entity ID, 20 random bytes of message handle."""
    return base64.b64encode(TYPE_CODE + ENDPOINT_INDEX + source_id(entity_id) + os.urandom(20)).decode()


def with_query(url: str, **params: str | None) -> str:
    """`url` with the given parameters (None left out) added to its query: the artifact's way to the ACS."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{url}{'&' if '?' in url else '?'}{query}"


@dataclass(frozen=True)
class SsoSession:
    sp: str
    session_id: str
    subject: str  # whom the session is for: a BSN, or an eHerkenning acting subject


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


class FlowState(Generic[L, R]):
    """All state of one door's running flows."""

    def __init__(self, replay_window: float = 360) -> None:
        self.logins: BoundedStore[L] = BoundedStore()
        self.artifacts: BoundedStore[R] = BoundedStore()
        self.sso: BoundedStore[SsoSession] = BoundedStore()
        # Seconds: as long as a request with a seen ID could still be accepted (the IssueInstant window).
        self.seen_requests = ReplayGuard(replay_window)

    def clear(self) -> None:
        """Forget pending logins, unresolved artifacts and SSO sessions (a control reset). The replay memory of
        AuthnRequest and LogoutRequest IDs stays: a reset does not make an old request acceptable again."""
        self.logins.clear()
        self.artifacts.clear()
        self.sso.clear()

    def take(self, artifact: str, issuer: str) -> tuple[R | None, str | None]:
        """The result under `artifact`, removed (one use only), or (None, why): unknown or used, another SP's,
        or resolved concurrently. The SP gets Success without a message for each (SAML bindings 3.6.6)."""
        result = self.artifacts.get(artifact)
        if result is None or result.sp != issuer:
            return None, "unknown" if result is None else "issuer_mismatch"
        if self.artifacts.pop(artifact) is None:
            return None, "resolved_concurrently"
        return result, None

    def end_sessions(self, sp: str, keys: list[str | None]) -> int:
        """End the SSO sessions of `sp` named by a LogoutRequest's NameID and SessionIndexes; how many ended."""
        # The NameID and a SessionIndex may name the same session: count it once.
        found = (self.sso.get(k) for k in keys if k)
        ended = list({s.session_id: s for s in found if s is not None and s.sp == sp}.values())
        for session in ended:
            self.sso.pop(session.session_id)
        return len(ended)

    @staticmethod
    def new_token() -> str:
        return base64.urlsafe_b64encode(os.urandom(18)).decode()
