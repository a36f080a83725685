"""The classic DigiD flow between the SAML endpoints and the login page: starting a login, applying a directive,
finishing with an artifact, resolving it, and logging out. DigiD has no machtigen: the citizen acts for
themself."""

from __future__ import annotations


from ..requestlog import add_log_fields
from ..login import Choice, LoginHint, PendingLogin, directed_choice
from ..outcomes import CATALOGUE, Directive
from ..saml.artifacts import MAX_ENTRIES, SSO_SECONDS, FlowState, SsoSession, new_artifact, with_query
from ..saml.door import DoorFlow
from ..saml.keys import IdpKeys
from ..saml.messages import LogoutRequest
from ..saml.providers import ProviderRegistry
from ..scenario.index import Representation
from ..scenario.model import DigidLevel
from ..state import Table
from ..store import Store, hash_bsn
from .requests import AuthnRequest
from .responses import SECTOR_BSN, ResponseBuilder, Result
from .settings import DigidSettings


LoginSession = PendingLogin[AuthnRequest]


class Flow(DoorFlow):
    def __init__(self, store: Store, settings: DigidSettings, keys: IdpKeys):
        self.store = store
        self.settings = settings
        self.registry = ProviderRegistry(settings.base_url, "digid")
        # A request ID is remembered as long as a request with it could still be accepted (IssueInstant window).
        self.state: FlowState[LoginSession, Result] = FlowState(store, "digid", settings.message_age + 2 * settings.clock_skew)
        # (SP, NameID) -> SSO session ID: DigiD's SPs log out by NameID (s00000000:<BSN>), often without SessionIndex.
        self.sessions_by_name: Table[str] = store.backend.table(store.scope, "digid.sessions_by_name", MAX_ENTRIES, SSO_SECONDS)
        self.builder = ResponseBuilder(settings.entity_id, keys.entrance)

    def clear(self) -> None:
        self.state.clear()
        self.sessions_by_name.clear()

    # -- starting ---------------------------------------------------------------------------------------

    def start(self, request: AuthnRequest, hint: LoginHint | None = None) -> tuple[str, bool]:
        """Where to send the browser: (URL, True when that is the login page; False: the ACS, the flow is done)."""
        add_log_fields(sp=request.connection.entity_id, authn_request_id=request.id, digid_level_requested=request.level.name)
        directive = self.store.directives.take(request.connection.entity_id, None)
        if directive is not None:
            add_log_fields(directive=directive.outcome)
            return self.apply_directive(request, directive), False
        token = self.state.new_token()
        login = LoginSession(request, request.connection.name, request.service_name, request.level.name, False, hint=hint)
        self.state.logins.put(token, login)
        return self.page_url("login", token), True

    def apply_directive(self, request: AuthnRequest, directive: Directive) -> str:
        # The pages' own rules (simulator.login.directed_choice), on the login the pages would have shown.
        login = LoginSession(request, request.connection.name, request.service_name, request.level.name, False)
        return self.finish(request, directed_choice(self, login, directive))

    # -- the login page (simulator.login.LoginDoor) -----------------------------------------------------

    def pending(self, token: str) -> LoginSession | None:
        return self.state.logins.get(token)

    def keep(self, token: str, login: LoginSession) -> None:
        self.state.logins.put(token, login)

    def page_url(self, page: str, token: str) -> str:
        return self.settings.url(f"{page}/{token}")

    def options(self, bsn: str, login: LoginSession) -> list[Representation]:
        return []  # classic DigiD has no machtigen step

    def audit_choice(self, login: LoginSession, bsn: str | None, representation: Representation | None, outcome: str) -> None:
        pass  # no representation is ever chosen at this door

    def finish_login(self, token: str, login: LoginSession, choice: Choice) -> str:
        self.state.logins.pop(token)
        return self.finish(login.request, choice)

    # -- finishing --------------------------------------------------------------------------------------

    def finish(self, request: AuthnRequest, choice: Choice) -> str:
        """Store the result under a new artifact and return the ACS redirect URL."""
        outcome, level = choice.outcome, choice.level
        succeeded = outcome == "success" or CATALOGUE[outcome].kind == "fault"
        if succeeded and level is not None and DigidLevel[level] < request.level:
            outcome, succeeded = "loa_too_low", False
        result = Result(request, outcome, choice.bsn, level, choice.status_message, request.address)
        artifact = new_artifact(self.settings.entity_id)
        self.state.artifacts.put(artifact, result)
        if succeeded and choice.bsn:
            sp = request.connection.entity_id
            self.state.sso.put(result.session_id, SsoSession(sp, result.session_id, choice.bsn))
            self.sessions_by_name.put(f"{sp}\n{SECTOR_BSN}:{choice.bsn}", result.session_id)
        add_log_fields(
            sp=request.connection.entity_id, outcome=outcome,
            acting_bsn_hash=hash_bsn(choice.bsn) if choice.bsn else None, digid_level=level,
        )
        return with_query(request.acs_url, SAMLart=artifact, RelayState=request.relay_state)

    def session_keys(self, request: LogoutRequest) -> list[str | None]:
        sp = request.connection.entity_id
        by_name = self.sessions_by_name.pop(f"{sp}\n{request.name_id}") if request.name_id else None
        return [by_name, *request.session_indexes]
