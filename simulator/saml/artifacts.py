"""SAML artifacts (type 0x0004) and the in-memory state of a SAML door's flows: login sessions waiting for the
user, results waiting to be resolved, SSO sessions for logout, and the replay guard.

Everything is bounded (oldest entries are dropped) and guarded by one lock per store, so a busy or hostile client
cannot grow the process without limit."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

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


@dataclass(frozen=True)
class SsoSession:
    sp: str
    session_id: str
    subject: str  # whom the session is for: a BSN, or an eHerkenning acting subject


class FlowState(Generic[L, R]):
    """All state of one door's running flows."""

    def __init__(self) -> None:
        self.logins: BoundedStore[L] = BoundedStore()
        self.artifacts: BoundedStore[R] = BoundedStore()
        self.sso: BoundedStore[SsoSession] = BoundedStore()
        self.seen_requests: BoundedStore[float] = BoundedStore(MAX_ENTRIES * 10)

    def clear(self) -> None:
        """Forget pending logins, unresolved artifacts and SSO sessions (a control reset). The replay memory of
        AuthnRequest IDs stays: a reset does not make an old request acceptable again."""
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
