"""What DDCC keeps between the steps of a login: the login waiting at the pages, and the result waiting under
an artifact (the Response is built from it when the artifact is resolved)."""

from __future__ import annotations

from dataclasses import dataclass

from ..login import PendingLogin
from ..saml.artifacts import IssuedResult
from ..scenario.index import Representation
from .requests import AuthnRequest

LoginSession = PendingLogin[AuthnRequest]


@dataclass
class Result(IssuedResult):
    """What the citizen (or a directive) decided."""

    request: AuthnRequest
    outcome: str  # a name from simulator.outcomes.CATALOGUE
    bsn: str | None = None
    level: str | None = None
    representation: Representation | None = None
    status_message: str | None = None
    # Names from simulator.outcomes.VARIATIONS applied to the answer.
    variations: tuple[str, ...] = ()
