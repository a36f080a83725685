"""What the eHerkenning door sends back: the signed SOAP ArtifactResponse holding the Response with its signed
Assertion — the level as AuthnContextClassRef, and the urn:etoegang:core attributes: ServiceID, ServiceUUID,
ActingSubjectID (the employee's stable pseudonym) and LegalSubjectID (KvK and RSIN of the organisation acted for,
or the BSN of the natural person a bewindvoerder acts for), each identifier a SAML EncryptedID for the DV whose
NameQualifier gives its type; plus the vestigingsnummer of a machtiging per branch and the intermediary's KvK."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from lxml import etree

from ..saml import responses
from ..saml.artifacts import IssuedResult
from ..saml.metadata import instant
from ..saml.responses import assertion_frame, el, sign_assertion
from ..saml.xmlsecurity import SAML, encrypt_id
from ..scenario.index import EherkenningChoice
from .requests import AuthnRequest
from .settings import (
    ACTING_SUBJECT, BSN, INTERMEDIATE_KVK, KVK, LEGAL_SUBJECT, LOA_URI, PSEUDO, RSIN, SERVICE_ID, SERVICE_UUID, VESTIGING,
)

PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
WRONG_ENTITY = "urn:etoegang:DV:00000099000000009999:entities:9999"
WRONG_ISSUER = "urn:etoegang:HM:00000099000000009999:entities:9999"


def pseudonym(dv: str, choice: EherkenningChoice) -> str:
    """The employee's specific pseudonym: stable per DV, employee and organisation (as an AD derives it)."""
    return hashlib.sha256(f"simulator-eherkenning:{dv}:{choice.organisatie}:{choice.employee}".encode()).hexdigest()[:40].upper()


@dataclass
class Result(IssuedResult):
    """What the employee (or a directive) decided; the Response is built from it when the artifact is resolved."""

    request: AuthnRequest
    outcome: str  # a name from simulator.outcomes.CATALOGUE
    choice: EherkenningChoice | None = None
    level: str | None = None
    rsin: str | None = None  # of the LegalSubject organisation, when it has one
    status_message: str | None = None


class ResponseBuilder(responses.ResponseBuilder):
    def _identifier(self, statement: etree._Element, name: str, values: list[tuple[str, str]], result: Result) -> None:
        dv = result.request.connection
        keys = list(dv.dienstverleners[dv.entity_id].encryption_keys) if dv.entity_id in dv.dienstverleners else []
        attribute = el(statement, SAML, "Attribute", Name=name)
        for qualifier, value in values:
            name_id = el(None, SAML, "NameID", value, Format=PERSISTENT, NameQualifier=qualifier)
            el(attribute, SAML, "AttributeValue").append(encrypt_id(name_id, keys, dv.entity_id))

    def _attributes(self, assertion: etree._Element, result: Result) -> None:
        request, choice = result.request, result.choice
        assert choice is not None
        statement = el(assertion, SAML, "AttributeStatement")
        el(el(statement, SAML, "Attribute", Name=SERVICE_ID), SAML, "AttributeValue", request.service_id)
        el(el(statement, SAML, "Attribute", Name=SERVICE_UUID), SAML, "AttributeValue", request.dienst.uuid)
        self._identifier(statement, ACTING_SUBJECT, [(PSEUDO, pseudonym(request.connection.entity_id, choice))], result)
        if choice.client is not None:
            legal = [(BSN, choice.client.subject)]
        else:
            legal = [(KVK, choice.legal_kvk)] + ([(RSIN, result.rsin)] if result.rsin else [])
        self._identifier(statement, LEGAL_SUBJECT, legal, result)
        if choice.vestigingsnummer:
            el(el(statement, SAML, "Attribute", Name=VESTIGING), SAML, "AttributeValue", choice.vestigingsnummer)
        intermediary = choice.intermediair or (choice.organisatie if choice.client is not None else None)
        if intermediary:
            el(el(statement, SAML, "Attribute", Name=INTERMEDIATE_KVK), SAML, "AttributeValue", intermediary)

    def assertion(self, result: Result, now: dt.datetime, fault: str | None) -> etree._Element:
        request = result.request
        name_id = el(None, SAML, "NameID", result.session_id, Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
        audiences = [WRONG_ENTITY if fault == "wrong_audience" else request.connection.entity_id]
        issuer = WRONG_ISSUER if fault == "wrong_issuer" else self.entity_id
        assertion = assertion_frame(issuer, name_id, request.id, request.acs_url, audiences, now, fault)
        statement = el(
            assertion, SAML, "AuthnStatement",
            AuthnInstant=instant(dt.datetime.fromtimestamp(result.authn_instant, dt.timezone.utc)), SessionIndex=result.session_id,
        )
        el(el(statement, SAML, "AuthnContext"), SAML, "AuthnContextClassRef", LOA_URI[result.level or request.level])
        self._attributes(assertion, result)
        sign_assertion(assertion, self.signer, fault)
        return assertion
