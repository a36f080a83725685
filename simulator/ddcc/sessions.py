"""What DDCC keeps between the steps of a login: the login waiting at the pages, and the result waiting under
an artifact (the Response is built from it when the artifact is resolved)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from ..login import PendingLogin
from ..scenario.index import Representation
from .requests import AuthnRequest

LoginSession = PendingLogin[AuthnRequest]


@dataclass
class Result:
    """What the citizen (or a directive) decided."""

    request: AuthnRequest
    outcome: str  # a name from simulator.outcomes.CATALOGUE
    bsn: str | None = None
    level: str | None = None
    representation: Representation | None = None
    status_message: str | None = None
    session_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: float = field(default_factory=time.time)
    authn_instant: float = field(default_factory=time.time)
    # Names from simulator.outcomes.VARIATIONS applied to the answer.
    variations: tuple[str, ...] = ()

    @property
    def sp(self) -> str:
        return self.request.connection.entity_id
