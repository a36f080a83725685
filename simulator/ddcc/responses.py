"""Building what DDCC sends back: the SOAP ArtifactResponse (signed) holding the Response (unsigned) with its
signed Assertion, and the LogoutResponse. The shape follows the ST-SAML examples element by element; catalogue
faults (simulator.outcomes) change exactly one thing of an otherwise correct answer."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ..saml import responses
from ..saml.keys import IdpKeys
from ..saml.metadata import instant
from ..saml.responses import assertion_xml, parsed, sign_assertion, tag
from ..saml.xmlsecurity import SAML, EncryptionKey, encrypted_id_xml, sign
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


def _name_id(bsn: str) -> bytes:
    return tag(SAML, "NameID", text=bsn, declare=f'xmlns:saml2="{SAML}"', Format=PERSISTENT, NameQualifier=LEGACY_BSN).encode()


def _attribute(name: str, value: str, typed: bool = False, encrypted: bool = False) -> str:
    """An Attribute with one value (`encrypted`: `value` is an EncryptedID's XML); `typed`: with NameFormat uri
    and xsi:type="xs:string", as the RD writes it."""
    if typed:
        holder = tag(SAML, "AttributeValue", text=value, **{"xsi:type": "xs:string"})
        return tag(SAML, "Attribute", holder, declare=f'xmlns:xs="{XS}" xmlns:xsi="{XSI}"', Name=name, NameFormat=URI_NAME_FORMAT)
    holder = tag(SAML, "AttributeValue", value) if encrypted else tag(SAML, "AttributeValue", text=value)
    return tag(SAML, "Attribute", holder, Name=name)


class ResponseBuilder(responses.ResponseBuilder):
    """The shared Response, ArtifactResponse and Status handling, with DDCC's assertion and logout key. The
    assertions are written as text and parsed once each (simulator.saml.responses)."""

    def __init__(self, settings: DdccSettings, keys: IdpKeys):
        super().__init__(settings.entrance_entity_id, keys.entrance)
        self.settings = settings
        self.keys = keys

    # -- assertions -------------------------------------------------------------------------------------

    def _assertion(
        self, issuer: str, result: Result, now: dt.datetime, fault: str | None, body: str, audiences: list[str] | None = None
    ) -> etree._Element:
        format_ = None if "nameid_without_format" in result.variations else TRANSIENT
        name_id = tag(SAML, "NameID", text=result.session_id, Format=format_)
        request = result.request
        return parsed(assertion_xml(issuer, name_id, request.id, request.acs_url, audiences or self._audiences(result, fault), now, fault, body))

    def _audiences(self, result: Result, fault: str | None) -> list[str]:
        if fault == "wrong_audience":
            return [WRONG_ENTITY]
        request = result.request
        audiences = [request.connection.entity_id]
        if self.settings.audience_includes_dv and request.dv.entity_id not in audiences:
            audiences.append(request.dv.entity_id)
        return audiences

    def _authn_statement(self, result: Result, authorities: list[str]) -> str:
        level = result.level or "midden"
        uri = BASIC_LOWERCASE if level == "basis" and "basic_loa_lowercase" in result.variations else LOA_URI[level]
        context = tag(SAML, "AuthnContextClassRef", text=uri) + "".join(tag(SAML, "AuthenticatingAuthority", text=a) for a in authorities)
        return tag(
            SAML, "AuthnStatement", tag(SAML, "AuthnContext", context),
            AuthnInstant=instant(dt.datetime.fromtimestamp(result.authn_instant, dt.timezone.utc)),
            SessionIndex=None if "no_session_index" in result.variations else result.session_id,
        )

    def _attributes(self, result: Result, with_legal: bool) -> str:
        request = result.request
        keys: list[EncryptionKey] = list(request.dv.encryption_keys)
        service = _attribute(SERVICE_UUID, request.dienst.uuid, "service_uuid_typed" in result.variations)
        reordered = "attribute_order" in result.variations
        attributes = [] if reordered else [service]
        representation = result.representation
        if with_legal and representation is not None:
            urn = representation_type(representation, request.dienst, self.settings)
            if urn:
                attributes.append(_attribute(REPRESENTATION_TYPE, urn))
        attributes.append(_attribute(ACTING_SUBJECT, encrypted_id_xml(_name_id(result.bsn or ""), keys, request.dv.entity_id), encrypted=True))
        if with_legal and representation is not None:
            legal = encrypted_id_xml(_name_id(representation.subject), keys, request.dv.entity_id)
            attributes.append(_attribute(LEGAL_SUBJECT, legal, encrypted=True))
        if reordered:  # as the RD sample: the subject identifiers first
            attributes.append(service)
        return tag(SAML, "AttributeStatement", "".join(attributes))

    def _advice_assertion(self, issuer: str, result: Result, now: dt.datetime, with_legal: bool) -> etree._Element:
        # The AD's assertion was issued to the entrance that asked it; production names that as its audience.
        own = [self.settings.entrance_entity_id] if issuer == self.settings.ad_entity_id and "ad_advice_audience" in result.variations else None
        assertion = self._assertion(issuer, result, now, None, self._authn_statement(result, []) + self._attributes(result, with_legal), own)
        sign(assertion, self.keys.ad if issuer == self.settings.ad_entity_id else self.keys.entrance)
        return assertion

    def assertion(self, result: Result, now: dt.datetime, fault: str | None) -> etree._Element:
        settings = self.settings
        issuer = WRONG_ISSUER if fault == "wrong_issuer" else settings.entrance_entity_id
        advice = [self._advice_assertion(settings.ad_entity_id, result, now, False)]
        authorities = [settings.ad_entity_id]
        if result.representation is not None:
            advice.append(self._advice_assertion(settings.bvd_entity_id, result, now, True))
            authorities.append(settings.bvd_entity_id)
        body = tag(SAML, "Advice") + self._authn_statement(result, authorities) + self._attributes(result, True)
        assertion = self._assertion(issuer, result, now, fault, body)
        assertion.find(f"{{{SAML}}}Advice").extend(advice)  # type: ignore[union-attr]
        sign_assertion(assertion, self.keys.entrance, fault)
        return assertion

    # -- messages ---------------------------------------------------------------------------------------

    def logout_response(self, in_response_to: str, destination: str) -> bytes:
        signer = self.keys.ad if self.settings.logout_signing_key == "ad" else self.keys.entrance
        return responses.logout_response(self.settings.entrance_entity_id, in_response_to, destination, signer)
