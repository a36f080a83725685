"""SAML artifacts (type 0x0004) and the state of a SAML door's flows: login sessions waiting for the user, results
waiting to be resolved, SSO sessions for logout, and the replay guard.

Everything is bounded (oldest entries are dropped, and each lives a limited time), so a busy or hostile client
cannot grow the state without limit."""

from __future__ import annotations

import base64
import hashlib
import os
import time
import uuid
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlencode

from ..state import Table
from ..state.memory import MemoryTable
from ..store import Store

TYPE_CODE = b"\x00\x04"
ENDPOINT_INDEX = b"\x00\x00"
MAX_ENTRIES = 10_000
# How long each kind of flow state is kept at most (a table also drops its oldest beyond its capacity): a login
# waiting at the pages and an artifact waiting to be resolved (its deadline is far shorter; a late resolve still
# gets the expired status rather than "unknown"), and an SSO session for logout. Request IDs against replay are
# kept for the IssueInstant window.
LOGIN_SECONDS = 3600
SSO_SECONDS = 12 * 3600


class Issued(Protocol):
    """What a door keeps under an artifact until the SP resolves it."""

    @property
    def sp(self) -> str: ...  # the entity ID of the SP the artifact was issued to

    @property
    def created(self) -> float: ...  # time.time() when it was issued (wall clock: replicas and restarts compare it)


@dataclass(kw_only=True)
class IssuedResult:
    """What every door's result carries besides its own fields: the SSO session it starts and its times. A door's
    result dataclass derives from this one and has a `request` with `connection.entity_id`."""

    session_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    # time.time(), for the artifact deadline (wall clock: replicas and restarts compare it)
    created: float = field(default_factory=time.time)
    authn_instant: float = field(default_factory=time.time)  # AuthnStatement/@AuthnInstant

    @property
    def sp(self) -> str:
        return self.request.connection.entity_id  # type: ignore[attr-defined, no-any-return]


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
    beyond `capacity` IDs the oldest are forgotten as well (a flood cannot grow the state). The IDs live in
    `table` (the state backend's, so that replicas share them), by default one in memory."""

    def __init__(self, window: float, capacity: int = MAX_ENTRIES * 10, table: Table[float] | None = None):
        self._seen: Table[float] = table if table is not None else MemoryTable(capacity, window)
        self._window = window

    def first_use(self, key: str, now: float | None = None) -> bool:
        """Remember `key`; False when it was seen within the window (a replay)."""
        now = time.time() if now is None else now  # wall clock: replicas compare it
        if self._seen.add_new(key, now):
            return True
        seen = self._seen.get(key)
        if seen is None or seen < now - self._window:  # expired meanwhile: a first use again
            self._seen.put(key, now)
            return True
        return False


class FlowState(Generic[L, R]):
    """All state of one door's running flows, in the store's state backend (SIMULATOR_STATE) under the door's
    name: with a shared backend a login started at one replica continues, and its artifact resolves, at another.
    `door` names the door's tables ("ddcc", "eherkenning", ...)."""

    def __init__(self, store: Store, door: str, replay_window: float = 360) -> None:
        backend, scope = store.backend, store.scope
        self.logins: Table[L] = backend.table(scope, f"{door}.logins", MAX_ENTRIES, LOGIN_SECONDS)
        self.artifacts: Table[R] = backend.table(scope, f"{door}.artifacts", MAX_ENTRIES, LOGIN_SECONDS)
        self.sso: Table[SsoSession] = backend.table(scope, f"{door}.sso", MAX_ENTRIES, SSO_SECONDS)
        # Seconds: as long as a request with a seen ID could still be accepted (the IssueInstant window).
        seen = backend.table(scope, f"{door}.seen_requests", MAX_ENTRIES * 10, replay_window)
        self.seen_requests = ReplayGuard(replay_window, table=seen)

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
        if self.artifacts.take(artifact) is None:
            return None, "resolved_concurrently"
        return result, None

    def end_sessions(self, sp: str, keys: list[str | None]) -> int:
        """End the SSO sessions of `sp` named by a LogoutRequest's NameID and SessionIndexes; how many ended."""
        # The NameID and a SessionIndex may name the same session: count it once.
        found = (self.sso.get(k) for k in keys if k)
        ended = list({s.session_id: s for s in found if s is not None and s.sp == sp}.values())
        for session in ended:
            self.sso.take(session.session_id)
        return len(ended)

    @staticmethod
    def new_token() -> str:
        return base64.urlsafe_b64encode(os.urandom(18)).decode()
