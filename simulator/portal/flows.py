"""One login at the portal from start to outcome, with everything that went over the wire on the way.

Flows are kept in memory, newest last, bounded: the portal is a demo, not a session store."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from .saml import IdpMetadata, LoginResult

MAX_FLOWS = 500


@dataclass
class WireEvent:
    """One message or API call: what, in which direction, and its (pretty-printed) content."""

    title: str
    channel: str  # "browser" (front channel via the user's browser) or "backchannel" (portal to interface)
    content: str
    content_type: str = "xml"  # xml | json | text
    status: int | None = None
    note: str | None = None
    time: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


@dataclass
class Flow:
    id: str
    service_id: str
    service_name: str
    service_uuid: str
    machtigen: bool
    story: str | None = None
    authn_request_id: str | None = None
    # DigiD's metadata as read when the login started; the artifact of this login is resolved with it.
    idp: IdpMetadata | None = None
    events: list[WireEvent] = field(default_factory=list)
    result: LoginResult | None = None
    rejection: str | None = None  # why the portal refused the IdP's answer
    error: str | None = None  # an interface could not be reached or answered nonsense
    names: dict[str, str] = field(default_factory=dict)  # BSN -> short name, from BRP
    brp: dict[str, Any] | None = None
    brp_error: str | None = None
    grond: str | None = None  # the ground of representation, as far as the portal can tell
    toezicht: dict[str, Any] | None = None
    toezicht_error: str | None = None
    toezicht_office: str | None = None  # the KvK number Toezicht was asked about, for a professional
    completed: bool = False
    logout_request_id: str | None = None
    logout: str | None = None  # what became of the logout, in words
    protocol: str = "saml"  # "saml" (DDCC) or "oidc" (the OpenID Provider)
    oidc: Any = None  # the OIDC login's own state (simulator.portal.oidc.OidcLogin)
    door: str = "ddcc"  # or "eherkenning" (pilot 2: a bewindvoerder's office logs in, then names its client)
    client_bsn: str | None = None  # eHerkenning: the client the bewindvoerder acts for

    def record(self, event: WireEvent) -> None:
        self.events.append(event)


class FlowBook:
    def __init__(self, capacity: int = MAX_FLOWS):
        self._flows: OrderedDict[str, Flow] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def start(self, **fields: Any) -> Flow:
        # The id travels as RelayState (at most 80 characters at DigiD).
        flow = Flow(id=secrets.token_urlsafe(18), **fields)
        with self._lock:
            self._flows[flow.id] = flow
            while len(self._flows) > self._capacity:
                self._flows.popitem(last=False)
        return flow

    def get(self, flow_id: str) -> Flow | None:
        with self._lock:
            return self._flows.get(flow_id)
