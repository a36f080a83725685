"""The eHerkenning flow between the SAML endpoints and the pages: starting a login, applying a directive,
finishing with an artifact, resolving it, and logging out. Every choice made for a natural person (bewindvoering)
is written to the audit trail, as DigiD Machtigen's are."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..app import add_log_fields
from ..outcomes import CATALOGUE, Directive
from ..saml.door import DoorFlow
from ..saml.artifacts import FlowState, SsoSession, new_artifact, with_query
from ..saml.keys import IdpKeys
from ..saml.providers import ProviderRegistry
from ..saml.xmlsecurity import XmlRejected
from ..scenario import World
from ..scenario.index import EherkenningChoice
from ..scenario.model import EH_LEVELS
from ..store import Store, hash_bsn
from .catalogue import ServiceInstance, read_catalogue
from .requests import AuthnRequest
from .responses import ResponseBuilder, Result
from .settings import EherkenningSettings

NO_MACHTIGING = "Geen geldige machtiging voor deze dienst"


@dataclass
class LoginSession:
    """An AuthnRequest waiting at the pages; `kvk`/`employee`/`level` once the employee has logged in."""

    request: AuthnRequest
    kvk: str | None = None
    employee: str | None = None
    level: str | None = None
    outcome: str = "success"


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

    def start(self, request: AuthnRequest) -> tuple[str, bool]:
        """Where to send the browser: (URL, True when that is the login page; False: the ACS, the flow is done)."""
        add_log_fields(sp=request.connection.entity_id, dienst=request.dienst.id, authn_request_id=request.id, eh_level_requested=request.level)
        directive = self.store.directives.take(request.connection.entity_id, None)
        if directive is not None:
            add_log_fields(directive=directive.outcome)
            return self.apply_directive(request, directive), False
        token = self.state.new_token()
        self.state.logins.put(token, LoginSession(request))
        return self.page_url("login", token), True

    def apply_directive(self, request: AuthnRequest, directive: Directive) -> str:
        """A directive's `bsn` is the employee, its `represent` the client (bewindvoering) or the KvK acted for."""
        outcome = directive.outcome if directive.outcome in CATALOGUE else "authn_failed"
        if CATALOGUE[outcome].kind == "status" and outcome != "success":
            return self.finish(request, outcome)
        for kvk, employee, level in self.employees():
            if directive.bsn not in (None, employee):
                continue
            wanted = [c for c in self.choices(kvk, employee, request) if directive.represent in (None, c.legal_kvk, c.client and c.client.subject)]
            if wanted:
                return self.finish(request, outcome, wanted[0], directive.level or level)
        return self.finish(request, "machtigen_error", status_message=f"directive: {NO_MACHTIGING}")

    def employees(self) -> list[tuple[str, str, str]]:
        """(KvK, employee BSN, EH level of their means) of every organisation's eHerkenning."""
        return [(o.kvk, e.bsn, e.niveau) for o in self.store.world.organisations.values() for e in o.eherkenning]

    def choices(self, kvk: str, employee: str, request: AuthnRequest) -> list[EherkenningChoice]:
        return self.store.world.index.eherkenning_choices(kvk, employee, request.dienst, self.store.today())

    def page_url(self, page: str, token: str) -> str:
        return self.settings.url(f"{page}/{token}")

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
