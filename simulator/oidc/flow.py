"""The OIDC door's flow around Authlib: an authorization request is validated, its product and service chosen,
then decided by a directive or by the citizen on the login (and machtigen) pages, and answered with a code or an
error at the client's redirect URI. Every representation decision goes to the audit trail, as at the SAML doors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oidc.core.errors import LoginRequiredError
from flask import Response

from ..requestlog import add_log_fields
from ..login import Choice, PendingLogin, directed_choice, read_hint
from ..login.eherkenning import EherkenningLogin, directed_eherkenning
from ..outcomes import CATALOGUE, Directive
from ..scenario.index import EherkenningChoice, Representation
from ..scenario.model import EH_FOR_DIGID, EH_LEVELS, EH_LOA_URI, LOA_URI, DigidLevel, Dienst, OidcClient
from ..store import Store, hash_bsn
from .server import OpenIdProvider
from .state import Authentication, AuthorizationRequest, new_token

UNSAFE = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")
MACHTIGEN_PRODUCTS = ("digid_machtigen", "eherkenning_bewindvoering")
EHERKENNING_PRODUCTS = ("eherkenning", "eherkenning_bewindvoering")
# Signicat names its identity methods in acr_values (`idp:digid-combiconnect`); machtigen is asked for by scope.
SIGNICAT_IDP = {"digid-combiconnect": "digid", "digid": "digid", "eherkenning": "eherkenning"}

# The catalogue's status outcomes as OpenID Connect errors at the redirect URI (what a broker sends when DigiD
# answers so); faults are written into an otherwise correct code/token answer instead.
ERRORS: dict[str, tuple[str, str]] = {
    "cancel": ("access_denied", "The user cancelled the login"),
    "cancel_machtigen": ("access_denied", "The user cancelled at the machtigen step"),
    "authn_failed": ("access_denied", "Authentication failed"),
    "machtigen_error": ("access_denied", "The machtigen service failed"),
    "loa_too_low": ("unmet_authentication_requirements", "The level of assurance is too low for this service"),
    "no_supported_idp": ("invalid_request", "No identity provider known here for this request"),
}


@dataclass(frozen=True)
class Selection:
    product: str
    dienst: Dienst
    level: str  # the lowest DigiD level accepted: the service's, or a higher one asked for in acr_values


class Refused(Exception):
    """An authorization request that cannot be answered at the redirect URI (unknown client, bad redirect URI)."""


OidcLogin = PendingLogin[AuthorizationRequest]
OidcEherkenningLogin = EherkenningLogin[AuthorizationRequest]


def below(level: str, required: str) -> bool:
    """A DigiD level, or an eHerkenning level (EH2 .. EH4), below the one required."""
    if level in EH_LEVELS or required in EH_LEVELS:
        return level not in EH_LEVELS or EH_LEVELS.index(level) < EH_LEVELS.index(required)
    return DigidLevel[level] < DigidLevel[required]


class OidcFlow:
    """The door behind the shared login pages (simulator.login.LoginDoor)."""

    def __init__(self, store: Store, server: OpenIdProvider):
        self.store = store
        self.server = server
        self.state = server.state
        self.eherkenning = EherkenningPages(self)

    # -- starting -------------------------------------------------------------------------------------------

    def select(self, params: dict[str, str], client: OidcClient) -> Selection | OAuth2Error:
        """The product (kc_idp_hint, Signicat's acr_values `idp:…`, else the client's) and the service (a scope
        `urn:uuid:<ServiceUUID>` among the client's services, else its first)."""
        scopes = params.get("scope", "").split()
        product = params.get("kc_idp_hint") or None
        for value in params.get("acr_values", "").split():
            if value.startswith("idp:") and product is None:
                product = SIGNICAT_IDP.get(value[4:], value[4:])
        if product == "digid" and "acting-nin" in scopes:
            product = "digid_machtigen"
        product = product or client.product
        if product not in client.allowed_products:
            return OAuth2Error(f"Product {product!r} is not enabled for this client (producten: {', '.join(client.allowed_products)})", error="invalid_request")
        world = self.store.world
        allowed = [d for d in (world.service(ref) for ref in client.diensten) if d is not None]
        wanted = [s[len("urn:uuid:"):].lower() for s in scopes if s.startswith("urn:uuid:")]
        chosen = [d for d in allowed if d.uuid.lower() in wanted] if wanted else allowed[:1]
        if not chosen:
            return OAuth2Error(f"Scope names a service this client may not use: {', '.join(wanted)}", error="invalid_scope")
        # An LoA in acr_values is a minimum the answer must meet (NL GOV profile, OIDC Core 3.1.2.1).
        asked = params.get("acr_values", "").split()
        if product in EHERKENNING_PRODUCTS:
            levels = [EH_FOR_DIGID[chosen[0].loa]] + [name for name, uri in EH_LOA_URI.items() if uri in asked]
            return Selection(product, chosen[0], max(levels, key=EH_LEVELS.index))
        levels = [chosen[0].loa] + [name for name, uri in LOA_URI.items() if uri in asked]
        return Selection(product, chosen[0], max(levels, key=lambda name: DigidLevel[name]))

    def authorize(self, params: dict[str, str]) -> Response:
        """Answer the authorization request of this HTTP request (its parameters: `params`): the login page, or
        (a directive) the answer at once. Raises Refused when the answer cannot go to the redirect URI."""
        directive: Directive | None = None
        try:
            grant = self.server.get_consent_grant(None, end_user=None)
        except LoginRequiredError as error:  # prompt=none: only a directive can answer without the pages
            directive = self.store.directives.take(params.get("client_id"), None)
            if directive is None:
                return self.error(error, params)
            grant = self.server.get_consent_grant(self.oauth_request(params), end_user=True)
        except OAuth2Error as error:
            if error.redirect_uri is None:
                raise Refused(f"{error.error}: {error.description}") from error
            return self.error(error, params)
        client: OidcClient = grant.request.client.client
        selection = self.select(params, client)
        if isinstance(selection, OAuth2Error):
            selection.redirect_uri, selection.state = grant.redirect_uri, params.get("state")
            return self.error(selection, params)
        add_log_fields(sp=client.client_id, dienst=selection.dienst.id, product=selection.product)
        request = AuthorizationRequest(params, client.client_id, selection.product, selection.dienst, selection.level)
        directive = directive or self.store.directives.take(client.client_id, None)
        if directive is not None:
            add_log_fields(directive=directive.outcome)
        token = new_token(18)
        sp_name = client.naam or client.client_id
        if selection.product in EHERKENNING_PRODUCTS:
            eh_login: OidcEherkenningLogin = EherkenningLogin(request, sp_name, selection.dienst, selection.level, hint=read_hint(params))
            if directive is not None:
                outcome, choice, level, message = directed_eherkenning(self.eherkenning, eh_login, directive)
                return self.finish(request, Choice(outcome, level=level, status_message=message), choice)
            self.state.pending.put(token, eh_login)
            return Response(status=303, headers={"Location": self.eherkenning.page_url("login", token)})
        pending: OidcLogin = PendingLogin(
            request, sp_name, selection.dienst.naam, selection.level, selection.product in MACHTIGEN_PRODUCTS, hint=read_hint(params)
        )
        if directive is not None:
            return self.finish(request, directed_choice(self, pending, directive, deferred=("artifact_expired",)))
        self.state.pending.put(token, pending)
        return Response(status=303, headers={"Location": self.page_url("login", token)})

    def oauth_request(self, params: dict[str, str]) -> OAuth2Request:
        request = OAuth2Request("GET", f"{self.server.settings.issuer}/authorize")
        request.payload = BasicOAuth2Payload(params)
        return request

    def options(self, bsn: str, login: OidcLogin) -> list[Representation]:
        """Exactly whom `bsn` may act for, for this service, today (the representation index)."""
        return self.store.world.index.may_represent(bsn, login.request.dienst, self.store.today())

    # -- the login pages (simulator.login.LoginDoor) --------------------------------------------------------

    def pending(self, token: str) -> OidcLogin | None:
        login = self.state.pending.get(token)
        return login if isinstance(login, PendingLogin) else None

    def keep(self, token: str, login: OidcLogin) -> None:
        self.state.pending.put(token, login)

    def page_url(self, page: str, token: str) -> str:
        return f"{self.server.settings.issuer}/{page}/{token}"

    def finish_login(self, token: str, login: OidcLogin, choice: Choice) -> str:
        self.state.pending.pop(token)
        try:
            return self.finish(login.request, choice).headers["Location"]
        except Refused:  # the scenario was replaced under this login: the client or its redirect URI is gone
            return f"{self.server.settings.issuer}/ended"

    # -- finishing ------------------------------------------------------------------------------------------

    def finish(self, request_data: AuthorizationRequest, choice: Choice, eherkenning: EherkenningChoice | None = None) -> Response:
        """Answer the client: a code (success and faults) or an error, at its redirect URI. For eHerkenning,
        `eherkenning` is the machtiging used (the employee is its `employee`, the client its `client`)."""
        outcome, bsn, level, representation = choice.outcome, choice.bsn, choice.level, choice.representation
        if eherkenning is not None:
            bsn, representation = eherkenning.employee, eherkenning.client
        params = dict(request_data.params)
        succeeded = outcome == "success" or outcome == "artifact_expired" or CATALOGUE[outcome].kind == "fault"
        if succeeded and level is not None and below(level, request_data.required_level):
            outcome, succeeded = "loa_too_low", False
        if succeeded and request_data.product in EHERKENNING_PRODUCTS and eherkenning is None:
            outcome, succeeded = "machtigen_error", False
        add_log_fields(
            sp=request_data.client_id, dienst=request_data.dienst.id, product=request_data.product, outcome=outcome,
            acting_bsn_hash=hash_bsn(bsn) if bsn else None, digid_level=level,
            grond=representation.grond.value if representation and succeeded else None,
        )
        request = self.oauth_request(params)
        try:
            grant = self.server.get_consent_grant(request, end_user=True)
        except OAuth2Error as error:  # the scenario changed under a login in progress (client gone)
            if error.redirect_uri is None:
                raise Refused(f"{error.error}: {error.description}") from error
            return self.error(error, params)
        if not succeeded:
            error_name, text = ERRORS.get(outcome, ("access_denied", outcome))
            description = UNSAFE.sub(" ", choice.status_message or text)  # RFC 6749 5.2: printable ASCII without " and \\
            return self.error(OAuth2Error(description, error=error_name, redirect_uri=grant.redirect_uri, state=params.get("state")), params)
        if representation is not None:
            self.audit(request_data, bsn, representation, "gekozen", eherkenning)
        login = Authentication(request_data.client_id, request_data.product, request_data.dienst.id, outcome, bsn, level, representation, eherkenning)
        if outcome == "wrong_destination":  # the answer comes back with another state than the client sent
            request.payload = BasicOAuth2Payload({**params, "state": "not-the-state-you-sent"})
        response = self.server.create_authorization_response(request=request, grant_user=login, grant=grant)
        return response

    def error(self, error: OAuth2Error, params: dict[str, str]) -> Response:
        error.state = error.state or params.get("state")
        add_log_fields(oidc_error=error.error)
        return self.server.handle_error_response(None, error)

    def audit_choice(self, login: OidcLogin, bsn: str | None, representation: Representation | None, outcome: str) -> None:
        self.audit(login.request, bsn, representation, outcome)

    def audit(self, request: AuthorizationRequest, bsn: str | None, representation: Representation | None, outcome: str, eherkenning: EherkenningChoice | None = None) -> None:
        self.store.audit(
            "representation",
            sp=request.client_id,
            interface="oidc",
            product=request.product,
            acting_bsn=bsn,
            organisatie=eherkenning.organisatie if eherkenning else None,
            legal_bsn=representation.subject if representation else None,
            legal_kvk=eherkenning.legal_kvk if eherkenning and representation is None else None,
            dienst=request.dienst.id,
            grond=representation.grond.value if representation else None,
            bron=representation.bron if representation else None,
            ref=representation.ref if representation else None,
            outcome=outcome,
        )


class EherkenningPages:
    """The OIDC door behind the shared eHerkenning pages (simulator.login.eherkenning.EherkenningDoor), at
    /oidc/eherkenning/…: for `eherkenning` the organisation's own machtigingen (and ketenmachtigingen), for
    `eherkenning_bewindvoering` the natural persons the organisation represents."""

    def __init__(self, flow: OidcFlow):
        self.flow = flow
        self.store = flow.store

    def pending(self, token: str) -> OidcEherkenningLogin | None:
        login = self.flow.state.pending.get(token)
        return login if isinstance(login, EherkenningLogin) else None

    def page_url(self, page: str, token: str) -> str:
        return f"{self.flow.server.settings.issuer}/eherkenning/{page}/{token}"

    def keep(self, token: str, login: OidcEherkenningLogin) -> None:
        self.flow.state.pending.put(token, login)

    def employees(self) -> list[tuple[str, str, str]]:
        return [(o.kvk, e.bsn, e.niveau) for o in self.store.world.organisations.values() for e in o.eherkenning]

    def choices_for(self, login: OidcEherkenningLogin, kvk: str, employee: str) -> list[EherkenningChoice]:
        choices = self.store.world.index.eherkenning_choices(kvk, employee, login.dienst, self.store.today())
        bewindvoering = login.request.product == "eherkenning_bewindvoering"
        return [c for c in choices if (c.client is not None) == bewindvoering]

    def finish_login(self, token: str, login: OidcEherkenningLogin, outcome: str, choice: EherkenningChoice | None, status_message: str | None) -> str:
        self.flow.state.pending.pop(token)
        try:
            return self.flow.finish(login.request, Choice(outcome, level=login.level, status_message=status_message), choice).headers["Location"]
        except Refused:
            return f"{self.flow.server.settings.issuer}/ended"
