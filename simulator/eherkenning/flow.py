"""The eHerkenning flow between the SAML endpoints and the pages: starting a login, applying a directive,
finishing with an artifact, resolving it, and logging out. Every choice made for a natural person (bewindvoering)
is written to the audit trail, as DigiD Machtigen's are."""

from __future__ import annotations

import threading

from ..requestlog import add_log_fields
from ..login.eherkenning import NO_MACHTIGING, EherkenningLogin, directed_eherkenning
from ..login import LoginHint
from ..outcomes import CATALOGUE, Directive
from ..saml.door import DoorFlow
from ..saml.artifacts import FlowState, SsoSession, new_artifact, with_query
from ..saml.keys import IdpKeys
from ..saml.providers import ProviderRegistry
from ..saml.xmlsecurity import XmlRejected
from ..scenario import World
from ..scenario.index import EherkenningChoice
from ..scenario.model import EH_LEVELS, Dienst
from ..store import Store, hash_bsn
from .catalogue import ServiceInstance, read_catalogue
from .requests import AuthnRequest
from .responses import ResponseBuilder, Result
from .settings import EherkenningSettings



LoginSession = EherkenningLogin[AuthnRequest]


class Flow(DoorFlow):
    def __init__(self, store: Store, settings: EherkenningSettings, keys: IdpKeys):
        self.store = store
        self.settings = settings
        self.registry = ProviderRegistry(settings.base_url, "eherkenning")
        # A request ID is remembered as long as a request with it could still be accepted (IssueInstant window).
        self.state: FlowState[LoginSession, Result] = FlowState(store, "eherkenning", settings.message_age + 2 * settings.clock_skew)
        self.builder = ResponseBuilder(settings.entity_id, keys.entrance)
        self._catalogues: tuple[World | None, dict[str, dict[int, ServiceInstance] | None]] = (None, {})
        self._lock = threading.Lock()

    def catalogue(self, world: World, entity_id: str) -> dict[int, ServiceInstance] | None:
        """The DV's dienstencatalogus (None: its scenario entry has none); read once per scenario."""
        with self._lock:
            loaded_for, catalogues = self._catalogues
            if loaded_for is not world:
                catalogues = {}
                self._catalogues = (world, catalogues)
            if entity_id not in catalogues:
                sp = world.service_providers.get(entity_id)
                try:
                    catalogues[entity_id] = read_catalogue(sp.service_catalogue) if sp and sp.service_catalogue else None
                except (OSError, XmlRejected) as exc:
                    raise XmlRejected(f"the dienstencatalogus of {entity_id} cannot be used: {exc}") from None
            return catalogues[entity_id]

    # -- starting ---------------------------------------------------------------------------------------

    def start(self, request: AuthnRequest, hint: LoginHint | None = None) -> tuple[str, bool]:
        """Where to send the browser: (URL, True when that is the login page; False: the ACS, the flow is done)."""
        add_log_fields(sp=request.connection.entity_id, dienst=request.dienst.id, authn_request_id=request.id, eh_level_requested=request.level)
        directive = self.store.directives.take(request.connection.entity_id, None)
        if directive is not None:
            add_log_fields(directive=directive.outcome)
            return self.apply_directive(request, directive), False
        token = self.state.new_token()
        self.state.logins.put(token, LoginSession(request, request.connection.name, request.dienst, request.level, hint=hint))
        return self.page_url("login", token), True

    def apply_directive(self, request: AuthnRequest, directive: Directive) -> str:
        """A directive's `bsn` is the employee, its `represent` the client (bewindvoering) or the KvK acted for."""
        login = LoginSession(request, request.connection.name, request.dienst, request.level)
        outcome, choice, level, status_message = directed_eherkenning(self, login, directive)
        return self.finish(request, outcome, choice, level, status_message)

    def employees(self) -> list[tuple[str, str, str]]:
        """(KvK, employee BSN, EH level of their means) of every organisation's eHerkenning."""
        return [(o.kvk, e.bsn, e.niveau) for o in self.store.world.organisations.values() for e in o.eherkenning]

    def choices(self, kvk: str, employee: str, dienst: Dienst) -> list[EherkenningChoice]:
        return self.store.world.index.eherkenning_choices(kvk, employee, dienst, self.store.today())

    # -- the login pages (simulator.login.eherkenning.EherkenningDoor) ----------------------------------

    def pending(self, token: str) -> LoginSession | None:
        return self.state.logins.get(token)

    def keep(self, token: str, login: LoginSession) -> None:
        self.state.logins.put(token, login)

    def page_url(self, page: str, token: str) -> str:
        return self.settings.url(f"{page}/{token}")

    def choices_for(self, login: LoginSession, kvk: str, employee: str) -> list[EherkenningChoice]:
        return self.choices(kvk, employee, login.dienst)

    def finish_login(self, token: str, login: LoginSession, outcome: str, choice: EherkenningChoice | None, status_message: str | None) -> str:
        self.state.logins.pop(token)
        return self.finish(login.request, outcome, choice, login.level, status_message)

    # -- finishing --------------------------------------------------------------------------------------

    def finish(
        self, request: AuthnRequest, outcome: str, choice: EherkenningChoice | None = None, level: str | None = None,
        status_message: str | None = None,
    ) -> str:
        """Store the result under a new artifact and return the ACS redirect URL."""
        succeeded = outcome == "success" or CATALOGUE[outcome].kind == "fault"
        if succeeded and level is not None and EH_LEVELS.index(level) < EH_LEVELS.index(request.level):
            outcome, succeeded = "loa_too_low", False
        if succeeded and choice is None:
            outcome, succeeded, status_message = "machtigen_error", False, status_message or NO_MACHTIGING
        legal = self.store.world.organisations.get(choice.legal_kvk) if choice else None
        result = Result(request, outcome, choice if succeeded else None, level, legal.rsin if legal else None, status_message)
        artifact = new_artifact(self.settings.entity_id)
        self.state.artifacts.put(artifact, result)
        if succeeded and choice is not None:
            self.state.sso.put(result.session_id, SsoSession(request.connection.entity_id, result.session_id, choice.employee))
            if choice.client is not None:
                self.audit(request, choice, "gekozen")
        add_log_fields(
            sp=request.connection.entity_id, dienst=request.dienst.id, outcome=outcome, eh_level=level,
            acting_bsn_hash=hash_bsn(choice.employee) if choice else None, kvk=choice.legal_kvk if choice else None,
            grond=choice.client.grond.value if choice and choice.client and succeeded else None,
        )
        return with_query(request.acs_url, SAMLart=artifact, RelayState=request.relay_state)

    def audit(self, request: AuthnRequest, choice: EherkenningChoice, outcome: str) -> None:
        client = choice.client
        self.store.audit(
            "representation",
            door="eherkenning",
            sp=request.connection.entity_id,
            acting_bsn=choice.employee,
            organisatie=choice.organisatie,
            legal_bsn=client.subject if client else None,
            legal_kvk=None if client else choice.legal_kvk,
            dienst=request.dienst.id,
            grond=client.grond.value if client else None,
            bron=client.bron if client else None,
            ref=client.ref if client else None,
            outcome=outcome,
        )
