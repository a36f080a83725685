"""Everything the OpenID Provider remembers between requests, in one small class: logins waiting at the pages,
authorization codes, access tokens, sessions for logout, and the `jti`s of client assertions already used. The
tables are the store's state backend's (SIMULATOR_STATE), under the namespace's scope: with a shared backend a
login started at one replica is answered, and its code exchanged, at another. Each is bounded and expires."""

from __future__ import annotations

import os
import base64
import time
from dataclasses import dataclass, field

from ..login import PendingLogin
from ..login.eherkenning import EherkenningLogin
from ..scenario.index import EherkenningChoice, Representation
from ..scenario.model import Dienst
from ..state import Table
from ..store import Store


MAX_ENTRIES = 10_000
# How long each is kept at most: a login at the pages, a code (it is refused after CODE_LIFETIME anyway), an access
# token (its lifetime is at most a day), a session for logout, a client assertion's jti (its exp is minutes away).
LOGIN_SECONDS = 3600
CODE_SECONDS = 600
TOKEN_SECONDS = 86400
SESSION_SECONDS = 12 * 3600
ASSERTION_SECONDS = 3600


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
    eherkenning: EherkenningChoice | None = None  # eHerkenning: the machtiging used (organisation, branch, client)
    auth_time: int = field(default_factory=lambda: int(time.time()))
    sid: str = field(default_factory=new_token)


@dataclass(frozen=True)
class AuthorizationRequest:
    """A validated authorization request, kept while the citizen is at the login (and machtigen) pages."""

    params: dict[str, str]  # as received; Authlib validates it again when the answer is made
    client_id: str
    product: str
    dienst: Dienst  # the service the login is for
    required_level: str  # the lowest level the answer may have: a DigiD level, or EH2 .. EH4 for eHerkenning


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
    created: float = field(default_factory=time.time)  # wall clock: replicas compare it

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
    def __init__(self, store: Store) -> None:
        backend, scope = store.backend, store.scope
        self.pending: Table[PendingLogin[AuthorizationRequest] | EherkenningLogin[AuthorizationRequest]] = backend.table(scope, "oidc.pending", MAX_ENTRIES, LOGIN_SECONDS)
        self.codes: Table[IssuedCode] = backend.table(scope, "oidc.codes", MAX_ENTRIES, CODE_SECONDS)
        self.tokens: Table[IssuedToken] = backend.table(scope, "oidc.tokens", MAX_ENTRIES, TOKEN_SECONDS)
        self.sessions: Table[Authentication] = backend.table(scope, "oidc.sessions", MAX_ENTRIES, SESSION_SECONDS)
        self.assertion_ids: Table[float] = backend.table(scope, "oidc.assertion_ids", MAX_ENTRIES * 10, ASSERTION_SECONDS)

    def clear(self) -> None:
        """A control reset: forget logins in progress, codes, tokens and sessions (used `jti`s stay used)."""
        self.pending.clear()
        self.codes.clear()
        self.tokens.clear()
        self.sessions.clear()
