"""The OpenID Provider as Authlib builds it: the authorization code grant with OpenID Connect and PKCE, client
authentication (client_secret_basic, client_secret_post, private_key_jwt), userinfo and RP-initiated logout.

Only the storage (codes, tokens, sessions in OidcState), the client registry (the scenario's `oidc_clients`) and
the claims (claim profiles) are the simulator's; every protocol rule is Authlib's."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, OAuth2Request, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfoEndpoint
from authlib.oidc.rpinitiated import EndSessionEndpoint
from joserfc.jwk import KeySet
from joserfc.util import json_b64encode, urlsafe_b64decode

from ..requestlog import add_log_fields
from ..scenario.model import OidcClient
from ..store import Store
from .claims import user_claims
from .keys import OpKey
from .state import Authentication, IssuedCode, IssuedToken, OidcState

AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]
SCOPES = ["openid", "profile", "bsn", "nin", "acting-nin", "idp-id"]  # more are accepted (and ignored), as brokers do
CODE_LIFETIME = 60  # seconds; OAuth allows ten minutes, brokers use one (Keycloak's default)


@dataclass(frozen=True)
class Settings:
    issuer: str
    base_url: str
    token_lifetime: int
    id_token_lifetime: int


class RegisteredClient(ClientMixin):
    """A scenario `oidc_clients` entry as Authlib sees a client."""

    def __init__(self, client: OidcClient, base_url: str):
        self.client = client
        self.client_id = client.client_id
        self.redirect_uris = [u.replace("{base_url}", base_url) for u in client.redirect_uris]
        self.client_metadata = {
            "post_logout_redirect_uris": [u.replace("{base_url}", base_url) for u in client.post_logout_redirect_uris],
        }

    @property
    def require_pkce(self) -> bool:
        return self.client.require_pkce if self.client.require_pkce is not None else self.client.profile == "nlgov"

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str | None) -> str:
        # Brokers hand out what the client is configured for whatever else it asks: unknown scopes are ignored.
        return scope or "openid"

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client.client_secret is not None and client_secret == self.client.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if method == "private_key_jwt":
            return self.client.jwks is not None
        return method in ("client_secret_basic", "client_secret_post") and self.client.client_secret is not None

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"

    def public_keys(self) -> KeySet:
        assert self.client.jwks is not None
        with open(self.client.jwks, encoding="utf-8") as f:
            return KeySet.import_key_set(json.load(f))


class Pkce(CodeChallenge):
    # S256 only: `plain` protects nothing the redirect does not already show (and NL GOV forbids it).
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        client: RegisteredClient = grant.request.client
        if client.require_pkce and not grant.request.payload.data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge': this client must use PKCE (S256)")
        super().validate_code_challenge(grant, redirect_uri)


class OpenIdProvider(AuthorizationServer):
    def __init__(self, store: Store, state: OidcState, key: OpKey, settings: Settings):
        super().__init__(query_client=self._client, save_token=self._save_token)
        self.store = store
        self.state = state
        self.key = key
        self.settings = settings
        self.register_token_generator("default", self.create_bearer_token_generator({"OAUTH2_TOKEN_EXPIRES_IN": {"authorization_code": settings.token_lifetime}}))
        assertion = ClientAssertion(self)
        self.register_client_auth_method(assertion.CLIENT_AUTH_METHOD, assertion)
        self.register_grant(CodeGrant, [IdToken(self), Pkce(required=False)])
        protector = ResourceProtector()
        protector.register_token_validator(TokenValidator(self))
        self.register_endpoint(UserInfo(self, protector))
        self.register_endpoint(EndSession(self))

    def _client(self, client_id: str) -> RegisteredClient | None:
        client = self.store.world.oidc_clients.get(client_id)
        return RegisteredClient(client, self.settings.base_url) if client is not None else None

    def _save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        login: Authentication = request.user
        self.state.tokens.put(
            token["access_token"],
            IssuedToken(token["access_token"], request.client.client_id, token.get("scope", ""), login, time.time() + int(token.get("expires_in", 0))),
        )
        self.state.sessions.put(login.sid, login)

    def claims_for(self, login: Authentication) -> dict[str, Any]:
        client = self.store.world.oidc_clients[login.client_id]
        return user_claims(login, client, self.store.world, self.settings.issuer)

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        # A login finished on the pages is answered from the authorization request as it was received.
        return request if isinstance(request, OAuth2Request) else super().create_oauth2_request(request)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        self.server.state.codes.put(
            code,
            IssuedCode(
                code=code,
                client_id=request.client.client_id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                login=request.user,
            ),
        )

    def query_authorization_code(self, code: str, client: RegisteredClient) -> IssuedCode | None:
        issued = self.server.state.codes.get(code)
        if issued is None or issued.client_id != client.client_id:
            return None
        if time.time() - issued.created > CODE_LIFETIME or issued.login.outcome == "artifact_expired":
            self.server.state.codes.pop(code)
            return None
        return issued

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        self.server.state.codes.pop(authorization_code.code)

    def authenticate_user(self, authorization_code: IssuedCode) -> Authentication:
        return authorization_code.login


class IdToken(OpenIDCode):
    """ID tokens signed with the OP key (RS256, `kid`), carrying the client's claim profile; the catalogue's
    faults change exactly one thing of an otherwise correct token."""

    def __init__(self, server: OpenIdProvider):
        super().__init__(require_nonce=False)
        self.server = server

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        # Brokers do not refuse a nonce used before: the nonce protects the client, which checks it.
        return False

    def resolve_client_private_key(self, client: RegisteredClient) -> Any:
        return self.server.key.private

    def get_client_algorithm(self, client: RegisteredClient) -> str:
        return "RS256"

    def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
        return {"alg": "RS256", "kid": self.server.key.kid, "typ": "JWT"}

    def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
        now = int(time.time())
        return {"iss": self.server.settings.issuer, "aud": client.client_id, "iat": now, "exp": now + self.server.settings.id_token_lifetime}

    def get_compatible_claims(self, request: OAuth2Request) -> dict[str, Any]:
        claims = super().get_compatible_claims(request)
        login: Authentication = request.user
        claims["sid"] = login.sid
        if login.outcome == "wrong_audience":
            claims["aud"] = "another-client"
        elif login.outcome == "wrong_issuer":
            claims["iss"] = self.server.settings.issuer + "-other"
        elif login.outcome == "expired_assertion":
            claims["iat"], claims["exp"] = claims["iat"] - 7200, claims["iat"] - 3600
        return claims

    def get_authorization_code_claims(self, authorization_code: IssuedCode) -> dict[str, Any]:
        claims = super().get_authorization_code_claims(authorization_code)
        if authorization_code.login.outcome == "wrong_in_response_to":
            claims["nonce"] = "not-the-nonce-you-sent"
        return claims

    def generate_user_info(self, user: Authentication, scope: str) -> dict[str, Any]:
        return self.server.claims_for(user)

    def encode_id_token(self, token: dict[str, Any], request: OAuth2Request) -> str:
        outcome = request.user.outcome
        if outcome == "wrong_recipient":  # at_hash of another access token
            return super().encode_id_token({**token, "access_token": token["access_token"] + "x"}, request)
        id_token = super().encode_id_token(token, request)
        header, payload, signature = id_token.split(".")
        if outcome == "bad_signature":  # a changed payload under the original signature
            claims = json.loads(urlsafe_b64decode(payload.encode()))
            claims["sub"] = claims["sub"] + "0"
            payload = json_b64encode(claims).decode()
        elif outcome == "unsigned_assertion":
            return f"{json_b64encode({'alg': 'none', 'typ': 'JWT'}).decode()}.{payload}."
        return f"{header}.{payload}.{signature}"

    def process_token(self, grant: Any, response: Any) -> Any:
        token = super().process_token(grant, response)
        if grant.request.user.outcome == "missing_assertion":
            token.pop("id_token", None)
        return token


class ClientAssertion(JWTBearerClientAssertion):
    """private_key_jwt (RFC 7523, OIDC Core 9): the assertion's `aud` is the token endpoint or the issuer."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, server: OpenIdProvider):
        super().__init__(validate_jti=True)
        self.server = server

    def get_audiences(self) -> list[str]:
        issuer = self.server.settings.issuer
        return [f"{issuer}/token", issuer]

    def validate_jti(self, claims: Any, jti: str) -> bool:
        return self.server.state.assertion_ids.add_new(f"{claims['sub']} {jti}", time.time())

    def resolve_client_public_key(self, client: RegisteredClient) -> KeySet:
        return client.public_keys()


class TokenValidator(BearerTokenValidator):
    def __init__(self, server: OpenIdProvider):
        super().__init__()
        self.server = server

    def authenticate_token(self, token_string: str) -> "BearerToken | None":
        issued = self.server.state.tokens.get(token_string)
        # A token of a client the running scenario no longer has is no token.
        if issued is None or issued.client_id not in self.server.store.world.oidc_clients:
            return None
        return BearerToken(issued, self.server)


class BearerToken:
    """Authlib's TokenMixin over an issued access token."""

    def __init__(self, issued: IssuedToken, server: OpenIdProvider):
        self.issued = issued
        self.server = server
        self.scope = issued.scope

    def check_client(self, client: RegisteredClient) -> bool:
        return client.client_id == self.issued.client_id

    def get_scope(self) -> str:
        return self.issued.scope

    def get_expires_in(self) -> int:
        return max(0, int(self.issued.expires_at - time.time()))

    def is_expired(self) -> bool:
        return time.time() >= self.issued.expires_at

    def is_revoked(self) -> bool:
        return self.server.state.sessions.get(self.issued.login.sid) is None

    def get_user(self) -> Authentication:
        return self.issued.login

    def get_client(self) -> RegisteredClient:
        client = self.server._client(self.issued.client_id)
        assert client is not None
        return client


class UserInfo(UserInfoEndpoint):
    def __init__(self, server: OpenIdProvider, protector: ResourceProtector):
        super().__init__(server, protector)

    def get_issuer(self) -> str:
        return self.server.settings.issuer

    def generate_user_info(self, user: Authentication, scope: str) -> dict[str, Any]:
        return self.server.claims_for(user)

    def resolve_private_key(self) -> Any:
        return self.server.key.private


class EndSession(EndSessionEndpoint):
    def get_server_jwks(self) -> KeySet:
        return KeySet.import_key_set(self.server.key.jwks())

    def end_session(self, end_session_request: Any) -> None:
        claims = end_session_request.id_token_claims or {}
        sid = claims.get("sid")
        ended = self.server.state.sessions.pop(sid) if sid else None
        add_log_fields(sp=end_session_request.client.client_id if end_session_request.client else None, sessions_ended=int(ended is not None))
