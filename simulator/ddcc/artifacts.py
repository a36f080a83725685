"""SAML artifacts (type 0x0004) and the in-memory state of DDCC flows: login sessions waiting for the citizen,
results waiting to be resolved, SSO sessions for logout, and the replay guard.

Everything is bounded (oldest entries are dropped) and guarded by one lock per store, so a busy or hostile client
cannot grow the process without limit."""

from __future__ import annotations

import base64
import hashlib
import os
import time
from dataclasses import dataclass, field

from ..scenario.index import Representation
from ..store import BoundedStore
from .requests import AuthnRequest

TYPE_CODE = b"\x00\x04"
ENDPOINT_INDEX = b"\x00\x00"
MAX_ENTRIES = 10_000


def source_id(entity_id: str) -> bytes:
    return hashlib.sha1(entity_id.encode()).digest()


def new_artifact(entity_id: str) -> str:
    """Type 0x0004, endpoint index 0, SourceID = SHA-1 of our entity ID, 20 random bytes of message handle."""
    return base64.b64encode(TYPE_CODE + ENDPOINT_INDEX + source_id(entity_id) + os.urandom(20)).decode()


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

    def __init__(self) -> None:
        self.logins: BoundedStore[LoginSession] = BoundedStore()
        self.artifacts: BoundedStore[Result] = BoundedStore()
        self.sso: BoundedStore[SsoSession] = BoundedStore()
        self.seen_requests: BoundedStore[float] = BoundedStore(MAX_ENTRIES * 10)

    def clear(self) -> None:
        """Forget pending logins, unresolved artifacts and SSO sessions (a control reset). The replay memory of
        AuthnRequest IDs stays: a reset does not make an old request acceptable again."""
        self.logins.clear()
        self.artifacts.clear()
        self.sso.clear()

    @staticmethod
    def new_token() -> str:
        return base64.urlsafe_b64encode(os.urandom(18)).decode()
