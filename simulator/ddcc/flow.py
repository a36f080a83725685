"""The DDCC flow between the SAML endpoints and the pages: starting a login, applying a directive, finishing with
an artifact, resolving it, and logging out. Every representation decision is written to the audit trail."""

from __future__ import annotations

import functools
import secrets
import time

from ..requestlog import add_log_fields
from ..login import NO_REPRESENTATION, Choice, LoginHint, can_log_in
from ..outcomes import CATALOGUE, VARIATIONS, Directive
from ..saml.artifacts import FlowState, SsoSession, new_artifact, with_query
from ..saml.keys import IdpKeys
from ..saml.messages import ArtifactResolve, LogoutRequest
from ..saml.providers import ProviderRegistry
from ..scenario.index import Representation
from ..scenario.model import DigidLevel
from ..store import Store, hash_bsn
from .requests import AuthnRequest
from .responses import ResponseBuilder
from .sessions import LoginSession, Result
from .settings import DdccSettings


class Flow:
    def __init__(self, store: Store, settings: DdccSettings, keys: IdpKeys):
        self.store = store
        self.settings = settings
        self.keys = keys
        self.registry = ProviderRegistry(settings.base_url, "ddcc")
        # A request ID is remembered as long as a request with it could still be accepted (IssueInstant window).
        self.state: FlowState[LoginSession, Result] = FlowState(store, "ddcc", settings.message_age + 2 * settings.clock_skew)
        self.builder = ResponseBuilder(settings, keys)

    # -- starting ---------------------------------------------------------------------------------------

    def start(self, request: AuthnRequest, hint: LoginHint | None = None) -> tuple[str, bool]:
        """Where to send the browser: (URL, True when that is the login page; False: the ACS, the flow is done)."""
        add_log_fields(sp=request.connection.entity_id, dienst=request.dienst.id, machtigen=request.machtigen, authn_request_id=request.id)
        if request.unsupported_scoping:
            return self.finish(request, "no_supported_idp", status_message=request.unsupported_scoping), False
        directive = self.store.directives.take(request.connection.entity_id, None)
        if directive is not None:
            add_log_fields(directive=directive.outcome)
            return self.apply_directive(request, directive), False
        token = self.state.new_token()
        login = LoginSession(request, request.connection.name, request.dienst.naam, request.dienst.loa, request.machtigen, hint=hint)
        self.state.logins.put(token, login)
        return self.page_url("login", token), True

    def apply_directive(self, request: AuthnRequest, directive: Directive) -> str:
        finish = functools.partial(self.finish, variations=directive.variations)
        outcome = directive.outcome if directive.outcome in CATALOGUE else "authn_failed"
        if CATALOGUE[outcome].kind == "status" and outcome != "success":
            return finish(request, outcome, bsn=directive.bsn, level=directive.level)
        world = self.store.world
        bsn = directive.bsn or self.default_bsn(request)
        person = world.persons.get(bsn) if bsn else None
        problem = can_log_in(person, self.store.today())
        if problem or person is None:
            return finish(request, "authn_failed", bsn=bsn, status_message=f"directive: {problem}")
        level = directive.level or person.digid
        if not request.machtigen:
            return finish(request, outcome, bsn=bsn, level=level)
        options = self.options(bsn, request)
        chosen = [o for o in options if directive.represent in (None, o.subject)][:1]
        if not chosen:
            self.audit(request, bsn, None, "geen_vertegenwoordiging", wanted=directive.represent)
            return finish(request, "machtigen_error", bsn=bsn, level=level, status_message=NO_REPRESENTATION)
        return finish(request, outcome, bsn=bsn, level=level, representation=chosen[0])

    def default_bsn(self, request: AuthnRequest) -> str | None:
        """For a directive without a BSN: the first persona who can log in at the service's level."""
        needed = DigidLevel[request.dienst.loa]
        for person in self.store.world.persons.values():
            if can_log_in(person, self.store.today()) is None and person.digid_level >= needed:  # type: ignore[operator]
                if not request.machtigen or self.options(person.bsn, request):
                    return person.bsn
        return None

    def options(self, bsn: str, request: AuthnRequest | LoginSession) -> list[Representation]:
        """Exactly whom `bsn` may act for, for this service, today."""
        dienst = request.dienst if isinstance(request, AuthnRequest) else request.request.dienst
        return self.store.world.index.may_represent(bsn, dienst, self.store.today())

    # -- the login pages (simulator.login.LoginDoor) ----------------------------------------------------

    def pending(self, token: str) -> LoginSession | None:
        return self.state.logins.get(token)

    def keep(self, token: str, login: LoginSession) -> None:
        self.state.logins.put(token, login)

    def page_url(self, page: str, token: str) -> str:
        return f"{self.settings.base_url}{self.settings.entrance_path}/{page}/{token}"

    def finish_login(self, token: str, login: LoginSession, choice: Choice) -> str:
        self.state.logins.pop(token)
        return self.finish(
            login.request, choice.outcome, bsn=choice.bsn, level=choice.level,
            representation=choice.representation, status_message=choice.status_message,
        )

    # -- finishing --------------------------------------------------------------------------------------

    def finish(
        self,
        request: AuthnRequest,
        outcome: str,
        bsn: str | None = None,
        level: str | None = None,
        representation: Representation | None = None,
        status_message: str | None = None,
        variations: tuple[str, ...] | None = None,
    ) -> str:
        """Store the result under a new artifact and return the ACS redirect URL. `variations` (names from
        simulator.outcomes.VARIATIONS) shape the answer; None: as SIMULATOR_DDCC_VARIANCE decides."""
        succeeded = outcome == "success" or CATALOGUE[outcome].kind == "fault"
        if succeeded and level is not None and DigidLevel[level] < DigidLevel[request.dienst.loa]:
            outcome, representation = "loa_too_low", None
            succeeded = False
        if variations is None:
            # Production variance: each variation in about half of the answers, so no SP can rely on one shape.
            variations = tuple(v for v in VARIATIONS if secrets.randbelow(2)) if self.settings.variance == "production" else ()
        result = Result(request, outcome, bsn, level, representation if succeeded else None, status_message, variations=variations)
        artifact = new_artifact(self.settings.entrance_entity_id)
        self.state.artifacts.put(artifact, result)
        if succeeded and bsn:
            self.state.sso.put(result.session_id, SsoSession(request.connection.entity_id, result.session_id, bsn))
        if representation is not None and succeeded:
            # A deliberate protocol fault: chosen here, but a careful SP refuses the answer (the live view says so).
            fault = {"fault": outcome} if CATALOGUE[outcome].kind == "fault" else {}
            self.audit(request, bsn, representation, "gekozen", **fault)
        add_log_fields(
            sp=request.connection.entity_id, dienst=request.dienst.id, outcome=outcome,
            acting_bsn_hash=hash_bsn(bsn) if bsn else None, digid_level=level,
            grond=representation.grond.value if representation and succeeded else None,
            variations=list(variations) or None,
        )
        return with_query(request.acs_url, SAMLart=artifact, RelayState=request.relay_state)

    def audit_choice(self, login: LoginSession, bsn: str | None, representation: Representation | None, outcome: str) -> None:
        self.audit(login.request, bsn, representation, outcome)

    def audit(self, request: AuthnRequest, bsn: str | None, representation: Representation | None, outcome: str, **extra: object) -> None:
        self.store.audit(
            "representation",
            sp=request.connection.entity_id,
            dv=request.dv.entity_id,
            acting_bsn=bsn,
            legal_bsn=representation.subject if representation else None,
            dienst=request.dienst.id,
            grond=representation.grond.value if representation else None,
            bron=representation.bron if representation else None,
            ref=representation.ref if representation else None,
            outcome=outcome,
            **extra,
        )

    # -- back channel -----------------------------------------------------------------------------------

    def resolve(self, resolve: ArtifactResolve) -> bytes:
        add_log_fields(sp=resolve.issuer, artifact_resolve_id=resolve.id)
        result, missing = self.state.take(resolve.artifact, resolve.issuer)
        if result is None:
            if missing != "resolved_concurrently":
                add_log_fields(artifact=missing)
            return self.builder.artifact_response(resolve.id, None, False)
        late = time.time() - result.created > self.settings.artifact_deadline
        add_log_fields(outcome="artifact_expired" if late else result.outcome, variations=list(result.variations) or None)
        return self.builder.artifact_response(resolve.id, result, late or result.outcome == "artifact_expired")

    def logout(self, request: LogoutRequest) -> tuple[str, bytes]:
        """End the SSO session; returns (SLO URL, signed LogoutResponse)."""
        ended = self.state.end_sessions(request.connection.entity_id, [request.name_id, *request.session_indexes])
        add_log_fields(sp=request.connection.entity_id, logout_request_id=request.id, sessions_ended=ended)
        if not request.connection.slo:
            raise LookupError(f"{request.connection.entity_id} has no SingleLogoutService")
        destination = request.connection.slo[0].location
        return destination, self.builder.logout_response(request.id, destination)
