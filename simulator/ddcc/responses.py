"""Building what DDCC sends back: the SOAP ArtifactResponse (signed) holding the Response (unsigned) with its
signed Assertion, and the LogoutResponse. The shape follows the ST-SAML examples element by element; catalogue
faults (simulator.outcomes) change exactly one thing of an otherwise correct answer."""

from __future__ import annotations

import datetime as dt
import functools

from lxml import etree

from ..saml import responses
from ..saml.keys import IdpKeys
from ..saml.metadata import instant
from ..saml.responses import assertion_frame, el as _el, sign_assertion
from ..saml.xmlsecurity import SAML, EncryptionKey, encrypt_id, sign
from ..scenario.model import LOA_URI, Dienst, Grond
from ..scenario.index import Representation
from .sessions import Result
from .settings import DdccSettings

BASIC_LOWERCASE = "http://eid.logius.nl/LoA/basic"  # the ST-SAML examples' spelling
URI_NAME_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
LEGACY_BSN = "urn:nl-eid-gdi:1.0:id:legacy-BSN"
SERVICE_UUID = "urn:nl-eid-gdi:1.0:ServiceUUID"
ACTING_SUBJECT = "urn:nl-eid-gdi:1.0:ActingSubjectID"
LEGAL_SUBJECT = "urn:nl-eid-gdi:1.0:LegalSubjectID"
REPRESENTATION_TYPE = "urn:nl-eid-gdi:1.1:RepresentationType"
# No URN is published for these grounds; the simulator's own, in the published form, clearly marked as such.
SIMULATOR_REPRESENTATION_TYPES = {
    Grond.ouderlijk_gezag: "urn:nl-eid-gdi:1.1:RT:SIMULATOR_Ouderlijk_Gezag",
    Grond.voogdij: "urn:nl-eid-gdi:1.1:RT:SIMULATOR_Voogdij",
    Grond.curatele: "urn:nl-eid-gdi:1.1:RT:SIMULATOR_Curatele",
    Grond.beschermingsbewind: "urn:nl-eid-gdi:1.1:RT:SIMULATOR_Beschermingsbewind",
    Grond.mentorschap: "urn:nl-eid-gdi:1.1:RT:SIMULATOR_Mentorschap",
}
WRONG_ENTITY = "urn:nl-eid-gdi:1.0:DV:00000099000000009999:entities:9999"
WRONG_ISSUER = "urn:nl-eid-gdi:1.0:TD:00000099000000009999:entities:9999"


def representation_type(representation: Representation, dienst: Dienst, settings: DdccSettings) -> str | None:
    """The RepresentationType URN for a legal representation (None for a voluntary machtiging)."""
    if representation.grond == Grond.vrijwillig:
        return None
    if dienst.representation_type:
        return dienst.representation_type
    return SIMULATOR_REPRESENTATION_TYPES.get(representation.grond) if settings.representation_type_urns else None


def _name_id(bsn: str) -> etree._Element:
    return _el(None, SAML, "NameID", bsn, Format=PERSISTENT, NameQualifier=LEGACY_BSN)


def _attribute(statement: etree._Element, name: str, value: str | etree._Element, typed: bool = False) -> None:
    """An Attribute with one value; `typed`: with NameFormat uri and xsi:type="xs:string", as the RD writes it."""
    if typed:
        attribute = etree.SubElement(statement, f"{{{SAML}}}Attribute", Name=name, NameFormat=URI_NAME_FORMAT, nsmap={"xs": XS, "xsi": XSI})
        holder = _el(attribute, SAML, "AttributeValue", **{f"{{{XSI}}}type": "xs:string"})
    else:
        holder = _el(_el(statement, SAML, "Attribute", Name=name), SAML, "AttributeValue")
    if isinstance(value, str):
        holder.text = value
    else:
        holder.append(value)


class ResponseBuilder(responses.ResponseBuilder):
    """The shared Response, ArtifactResponse and Status handling, with DDCC's assertion and logout key."""

    def __init__(self, settings: DdccSettings, keys: IdpKeys):
        super().__init__(settings.entrance_entity_id, keys.entrance)
        self.settings = settings
        self.keys = keys

    # -- assertions -------------------------------------------------------------------------------------

    def _assertion_frame(
        self, issuer: str, result: Result, now: dt.datetime, fault: str | None, audiences: list[str] | None = None
    ) -> etree._Element:
        format_ = {} if "nameid_without_format" in result.variations else {"Format": TRANSIENT}
        name_id = _el(None, SAML, "NameID", result.session_id, **format_)
        request = result.request
        return assertion_frame(issuer, name_id, request.id, request.acs_url, audiences or self._audiences(result, fault), now, fault)

    def _audiences(self, result: Result, fault: str | None) -> list[str]:
        if fault == "wrong_audience":
            return [WRONG_ENTITY]
        request = result.request
        audiences = [request.connection.entity_id]
        if self.settings.audience_includes_dv and request.dv.entity_id not in audiences:
            audiences.append(request.dv.entity_id)
        return audiences

    def _authn_statement(self, assertion: etree._Element, result: Result, authorities: list[str]) -> None:
        statement = _el(
            assertion, SAML, "AuthnStatement", AuthnInstant=instant(dt.datetime.fromtimestamp(result.authn_instant, dt.timezone.utc))
        )
        if "no_session_index" not in result.variations:
            statement.set("SessionIndex", result.session_id)
        context = _el(statement, SAML, "AuthnContext")
        level = result.level or "midden"
        uri = BASIC_LOWERCASE if level == "basis" and "basic_loa_lowercase" in result.variations else LOA_URI[level]
        _el(context, SAML, "AuthnContextClassRef", uri)
        for authority in authorities:
            _el(context, SAML, "AuthenticatingAuthority", authority)

    def _attributes(self, assertion: etree._Element, result: Result, with_legal: bool) -> None:
        request = result.request
        keys: list[EncryptionKey] = list(request.dv.encryption_keys)
        statement = _el(assertion, SAML, "AttributeStatement")
        service = functools.partial(_attribute, statement, SERVICE_UUID, request.dienst.uuid, "service_uuid_typed" in result.variations)
        reordered = "attribute_order" in result.variations
        if not reordered:
            service()
        representation = result.representation
        if with_legal and representation is not None:
            urn = representation_type(representation, request.dienst, self.settings)
            if urn:
                _attribute(statement, REPRESENTATION_TYPE, urn)
        _attribute(statement, ACTING_SUBJECT, encrypt_id(_name_id(result.bsn or ""), keys, request.dv.entity_id))
        if with_legal and representation is not None:
            _attribute(statement, LEGAL_SUBJECT, encrypt_id(_name_id(representation.subject), keys, request.dv.entity_id))
        if reordered:  # as the RD sample: the subject identifiers first
            service()

    def _advice_assertion(self, issuer: str, result: Result, now: dt.datetime, with_legal: bool) -> etree._Element:
        # The AD's assertion was issued to the entrance that asked it; production names that as its audience.
        own = [self.settings.entrance_entity_id] if issuer == self.settings.ad_entity_id and "ad_advice_audience" in result.variations else None
        assertion = self._assertion_frame(issuer, result, now, None, own)
        self._authn_statement(assertion, result, [])
        self._attributes(assertion, result, with_legal)
        sign(assertion, self.keys.ad if issuer == self.settings.ad_entity_id else self.keys.entrance)
        return assertion

    def assertion(self, result: Result, now: dt.datetime, fault: str | None) -> etree._Element:
        settings = self.settings
        issuer = WRONG_ISSUER if fault == "wrong_issuer" else settings.entrance_entity_id
        assertion = self._assertion_frame(issuer, result, now, fault)
        advice = _el(assertion, SAML, "Advice")
        advice.append(self._advice_assertion(settings.ad_entity_id, result, now, False))
        authorities = [settings.ad_entity_id]
        if result.representation is not None:
            advice.append(self._advice_assertion(settings.bvd_entity_id, result, now, True))
            authorities.append(settings.bvd_entity_id)
        self._authn_statement(assertion, result, authorities)
        self._attributes(assertion, result, True)
        sign_assertion(assertion, self.keys.entrance, fault)
        return assertion

    # -- messages ---------------------------------------------------------------------------------------

    def logout_response(self, in_response_to: str, destination: str) -> bytes:
        signer = self.keys.ad if self.settings.logout_signing_key == "ad" else self.keys.entrance
        return responses.logout_response(self.settings.entrance_entity_id, in_response_to, destination, signer)
