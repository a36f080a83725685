"""Everything the OpenID Provider remembers between requests, in one small class (so a shared state backend can
take its place): logins waiting at the pages, authorization codes, access tokens, sessions for logout, and the
`jti`s of client assertions already used. Every map is bounded (oldest entries go first)."""

from __future__ import annotations

import os
import base64
import time
from dataclasses import dataclass, field

from ..login import PendingLogin
from ..scenario.index import Representation
from ..scenario.model import Dienst
from ..store import BoundedStore


def new_token(size: int = 32) -> str:
    return base64.urlsafe_b64encode(os.urandom(size)).decode().rstrip("=")


@dataclass
class Authentication:
    """Who logged in, for whom, for which client and service: the "user" Authlib issues codes and tokens for."""

    client_id: str
    product: str
    dienst: str  # service id
    outcome: str  # a name from simulator.outcomes.CATALOGUE (success or a fault)
    bsn: str | None = None
    level: str | None = None
    representation: Representation | None = None
    auth_time: int = field(default_factory=lambda: int(time.time()))
    sid: str = field(default_factory=new_token)


@dataclass(frozen=True)
class AuthorizationRequest:
    """A validated authorization request, kept while the citizen is at the login (and machtigen) pages."""

    params: dict[str, str]  # as received; Authlib validates it again when the answer is made
    client_id: str
    product: str
    dienst: Dienst  # the service the login is for
    required_level: str  # the lowest DigiD level the answer may have


@dataclass
class IssuedCode:
    code: str
    client_id: str
    redirect_uri: str | None
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    login: Authentication
    created: float = field(default_factory=time.monotonic)

    # Authlib's AuthorizationCodeMixin (OpenID Connect flavour)
    def get_redirect_uri(self) -> str | None:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.login.auth_time

    def get_acr(self) -> str | None:
        return None  # the LoA is a profile claim (`loa` / `acr`), written with the other claims

    def get_amr(self) -> list[str] | None:
        return None


@dataclass
class IssuedToken:
    access_token: str
    client_id: str
    scope: str
    login: Authentication
    expires_at: float


class OidcState:
    def __init__(self) -> None:
        self.pending: BoundedStore[PendingLogin[AuthorizationRequest]] = BoundedStore()
        self.codes: BoundedStore[IssuedCode] = BoundedStore()
        self.tokens: BoundedStore[IssuedToken] = BoundedStore()
        self.sessions: BoundedStore[Authentication] = BoundedStore()
        self.assertion_ids: BoundedStore[float] = BoundedStore(100_000)

    def clear(self) -> None:
        """A control reset: forget logins in progress, codes, tokens and sessions (used `jti`s stay used)."""
        self.pending.clear()
        self.codes.clear()
        self.tokens.clear()
        self.sessions.clear()
