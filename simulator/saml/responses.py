"""The messages every SAML door sends back the same way: the signed SOAP ArtifactResponse around a door's
Response, the signed LogoutResponse, and the element and Status builders a door's Response is made of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from ..outcomes import CATALOGUE

from .metadata import instant, utc_now
from .xmlsecurity import DS, SAML, SAMLP, SOAP, SigningKey, new_id, serialise, sign

STATUS = "urn:oasis:names:tc:SAML:2.0:status:"
NSMAP = {"saml2p": SAMLP, "saml2": SAML, "ds": DS}
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
CANCELLED = "Authentication cancelled"
# The status of each status outcome of the catalogue (simulator.outcomes) as (top, second, StatusMessage); the same
# in every DigiD door.
STATUS_OF: dict[str, tuple[str, str | None, str | None]] = {
    "cancel": ("Responder", "AuthnFailed", CANCELLED),
    "cancel_machtigen": ("Responder", "AuthnFailed", CANCELLED),
    "authn_failed": ("Responder", "RequestDenied", None),
    "machtigen_error": ("Responder", "RequestDenied", None),
    "loa_too_low": ("Responder", "NoAuthnContext", None),
    "no_supported_idp": ("Requester", "NoSupportedIDP", None),
    "artifact_expired": ("Requester", "RequestDenied", None),
}
# Where the catalogue's faults (simulator.outcomes) point a message instead of the right place.
WRONG_URL = "https://wrong.invalid/acs"


def el(parent: etree._Element | None, ns: str, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    """A new element (a root with the saml2p/saml2/ds prefixes when `parent` is None)."""
    tag = f"{{{ns}}}{name}"
    element = etree.Element(tag, attrib, nsmap=NSMAP) if parent is None else etree.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def status(parent: etree._Element, top: str, second: str | None = None, message: str | None = None) -> None:
    """samlp:Status with a top-level code, an optional second-level code and StatusMessage."""
    element = el(parent, SAMLP, "Status")
    code = el(element, SAMLP, "StatusCode", Value=STATUS + top)
    if second:
        el(code, SAMLP, "StatusCode", Value=second if ":" in second else STATUS + second)
    if message:
        el(element, SAMLP, "StatusMessage", message)


def assertion_frame(
    issuer: str, name_id: etree._Element, request_id: str, recipient: str, audiences: list[str], now: dt.datetime, fault: str | None
) -> etree._Element:
    """An Assertion's Issuer, Subject (with bearer confirmation) and Conditions; the faults expired_assertion,
    wrong_in_response_to and wrong_recipient change exactly their one thing."""
    issued = now - dt.timedelta(minutes=10) if fault == "expired_assertion" else now
    not_on_or_after = issued + dt.timedelta(minutes=2)
    assertion = el(None, SAML, "Assertion", ID=new_id(), IssueInstant=instant(issued), Version="2.0")
    el(assertion, SAML, "Issuer", issuer)
    subject = el(assertion, SAML, "Subject")
    subject.append(name_id)
    confirmation = el(subject, SAML, "SubjectConfirmation", Method=BEARER)
    el(
        confirmation, SAML, "SubjectConfirmationData",
        InResponseTo=new_id() if fault == "wrong_in_response_to" else request_id,
        NotOnOrAfter=instant(not_on_or_after),
        Recipient=WRONG_URL if fault == "wrong_recipient" else recipient,
    )
    conditions = el(
        assertion, SAML, "Conditions", NotBefore=instant(issued - dt.timedelta(minutes=2)), NotOnOrAfter=instant(not_on_or_after)
    )
    restriction = el(conditions, SAML, "AudienceRestriction")
    for audience in audiences:
        el(restriction, SAML, "Audience", audience)
    return assertion


def response_frame(issuer: str, destination: str, request_id: str, now: dt.datetime, fault: str | None) -> etree._Element:
    """A samlp:Response with its Issuer, before Status; wrong_destination and wrong_in_response_to change one thing."""
    response = el(
        None, SAMLP, "Response",
        Destination=WRONG_URL if fault == "wrong_destination" else destination,
        ID=new_id(),
        InResponseTo=new_id() if fault == "wrong_in_response_to" else request_id,
        IssueInstant=instant(now),
        Version="2.0",
    )
    el(response, SAML, "Issuer", issuer)
    return response


def sign_assertion(assertion: etree._Element, signer: SigningKey, fault: str | None) -> None:
    """Sign, unless the fault is unsigned_assertion; bad_signature changes a signed value afterwards."""
    if fault != "unsigned_assertion":
        sign(assertion, signer)
    if fault == "bad_signature":
        # Content changed after signing: the digest no longer matches.
        issuer = assertion.find(f"{{{SAML}}}Issuer")
        issuer.text = (issuer.text or "") + "x"  # type: ignore[union-attr]


def artifact_response(issuer: str, resolve_id: str, response: etree._Element | None, signer: SigningKey) -> bytes:
    """The SOAP envelope with the signed ArtifactResponse; Status Success even without a message (SAML
    bindings 3.6.6: an unknown, used or foreign artifact gives an ArtifactResponse without a Response)."""
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap11": SOAP})
    body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
    message = el(None, SAMLP, "ArtifactResponse", ID=new_id(), InResponseTo=resolve_id, IssueInstant=instant(utc_now()), Version="2.0")
    el(message, SAML, "Issuer", issuer)
    status(message, "Success")
    if response is not None:
        message.append(response)
    sign(message, signer)
    body.append(message)
    return serialise(envelope)


def logout_response(issuer: str, in_response_to: str, destination: str, signer: SigningKey, success: bool = True) -> bytes:
    message = el(
        None, SAMLP, "LogoutResponse",
        ID=new_id(), Version="2.0", IssueInstant=instant(utc_now()), Destination=destination, InResponseTo=in_response_to,
    )
    el(message, SAML, "Issuer", issuer)
    if success:
        status(message, "Success")
    else:
        status(message, "Requester", "UnknownPrincipal")
    sign(message, signer)
    return serialise(message)


class ResponseBuilder:
    """A door's answers: the Response for a resolved artifact (a catalogue status, or Success with the door's
    Assertion, each fault of the catalogue changing one thing), the ArtifactResponse and the LogoutResponse.
    A door gives `assertion`; a result has `request` (with `id` and `acs_url`), `outcome` and `status_message`."""

    def __init__(self, entity_id: str, signer: SigningKey):
        self.entity_id = entity_id
        self.signer = signer

    def assertion(self, result: Any, now: dt.datetime, fault: str | None) -> etree._Element:
        raise NotImplementedError

    def response(self, result: Any, late: bool) -> etree._Element:
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

    def artifact_response(self, resolve_id: str, result: Any | None, late: bool) -> bytes:
        response = self.response(result, late) if result is not None else None
        return artifact_response(self.entity_id, resolve_id, response, self.signer)

    def logout_response(self, in_response_to: str, destination: str) -> bytes:
        return logout_response(self.entity_id, in_response_to, destination, self.signer)
