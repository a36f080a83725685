"""What the classic DigiD door sends back: the signed SOAP ArtifactResponse holding the Response with its signed
Assertion — NameID `s00000000:<BSN>` (sector code BSN), the level as AuthnContextClassRef, the browser's address
as SubjectLocality, no AttributeStatement — in the shape of the Koppelvlakspecificatie DigiD SAML."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

from lxml import etree

from ..outcomes import CATALOGUE
from ..saml import responses
from ..saml.metadata import instant, utc_now
from ..saml.responses import STATUS_OF, assertion_frame, el, response_frame, sign_assertion, status
from ..saml.xmlsecurity import SAML, SigningKey
from ..scenario.model import DigidLevel
from .requests import CLASS_OF_LEVEL, AuthnRequest

SECTOR_BSN = "s00000000"
WRONG_ENTITY = "https://wrong.invalid/saml/sp"
WRONG_ISSUER = "https://wrong.invalid/saml/idp/metadata"


@dataclass
class Result:
    """What the citizen (or a directive) decided; the Response is built from it when the artifact is resolved."""

    request: AuthnRequest
    outcome: str  # a name from simulator.outcomes.CATALOGUE
    bsn: str | None = None
    level: str | None = None
    status_message: str | None = None
    address: str | None = None  # the browser's IP address, for SubjectLocality
    session_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: float = field(default_factory=time.monotonic)
    authn_instant: float = field(default_factory=time.time)

    @property
    def sp(self) -> str:
        return self.request.connection.entity_id


class ResponseBuilder:
    def __init__(self, entity_id: str, signer: SigningKey):
        self.entity_id = entity_id
        self.signer = signer

    def assertion(self, result: Result, now: dt.datetime, fault: str | None) -> etree._Element:
        request = result.request
        name_id = el(None, SAML, "NameID", f"{SECTOR_BSN}:{result.bsn}")
        audiences = [WRONG_ENTITY if fault == "wrong_audience" else request.connection.entity_id]
        issuer = WRONG_ISSUER if fault == "wrong_issuer" else self.entity_id
        assertion = assertion_frame(issuer, name_id, request.id, request.acs_url, audiences, now, fault)
        statement = el(
            assertion, SAML, "AuthnStatement",
            AuthnInstant=instant(dt.datetime.fromtimestamp(result.authn_instant, dt.timezone.utc)),
            SessionIndex=result.session_id,
        )
        if result.address:
            el(statement, SAML, "SubjectLocality", Address=result.address)
        context = el(statement, SAML, "AuthnContext")
        el(context, SAML, "AuthnContextClassRef", CLASS_OF_LEVEL[DigidLevel[result.level or "midden"]])
        sign_assertion(assertion, self.signer, fault)
        return assertion

    def response(self, result: Result, late: bool) -> etree._Element:
        request = result.request
        outcome = "artifact_expired" if late else result.outcome
        fault = outcome if CATALOGUE[outcome].kind == "fault" else None
        now = utc_now()
        response = response_frame(self.entity_id, request.acs_url, request.id, now, fault)
        if outcome in STATUS_OF:
            top, second, message = STATUS_OF[outcome]
            status(response, top, second, result.status_message or message)
            return response
        status(response, "Success")
        if fault != "missing_assertion":
            response.append(self.assertion(result, now, fault))
        return response

    def artifact_response(self, resolve_id: str, result: Result | None, late: bool) -> bytes:
        response = self.response(result, late) if result is not None else None
        return responses.artifact_response(self.entity_id, resolve_id, response, self.signer)

    def logout_response(self, in_response_to: str, destination: str) -> bytes:
        return responses.logout_response(self.entity_id, in_response_to, destination, self.signer)
