"""What the classic DigiD door sends back: the signed SOAP ArtifactResponse holding the Response with its signed
Assertion — NameID `s00000000:<BSN>` (sector code BSN), the level as AuthnContextClassRef, the browser's address
as SubjectLocality, no AttributeStatement — in the shape of the Koppelvlakspecificatie DigiD SAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from ..saml import responses
from ..saml.artifacts import IssuedResult
from ..saml.metadata import instant
from ..saml.responses import assertion_frame, el, sign_assertion
from ..saml.xmlsecurity import SAML
from ..scenario.model import DigidLevel
from .requests import CLASS_OF_LEVEL, AuthnRequest

SECTOR_BSN = "s00000000"
WRONG_ENTITY = "https://wrong.invalid/saml/sp"
WRONG_ISSUER = "https://wrong.invalid/saml/idp/metadata"


@dataclass
class Result(IssuedResult):
    """What the citizen (or a directive) decided; the Response is built from it when the artifact is resolved."""

    request: AuthnRequest
    outcome: str  # a name from simulator.outcomes.CATALOGUE
    bsn: str | None = None
    level: str | None = None
    status_message: str | None = None
    address: str | None = None  # the browser's IP address, for SubjectLocality


class ResponseBuilder(responses.ResponseBuilder):
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
