"""The messages every SAML door sends back the same way: the signed SOAP ArtifactResponse around a door's
Response, the signed LogoutResponse, and the element and Status builders a door's Response is made of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from ..outcomes import CATALOGUE

from .metadata import instant, utc_now
from .xmlsecurity import DS, SAML, SAMLP, SOAP, SigningKey, escape, new_id, serialise, sign

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


# The answers are written as text and parsed once (see simulator.saml.xmlsecurity on why): `tag` writes one
# element, its attributes and text escaped; `content` is XML text already.
PREFIX = {SAMLP: "saml2p", SAML: "saml2"}
DECLARATIONS = f'xmlns:saml2p="{SAMLP}" xmlns:saml2="{SAML}"'


def tag(ns: str, name: str, content: str = "", text: str | None = None, declare: str = "", **attrib: str | None) -> str:
    """`<prefix:name attrib...>text content</prefix:name>`; attributes that are None are left out."""
    qname = f"{PREFIX[ns]}:{name}"
    attributes = "".join(f' {key}="{escape(value)}"' for key, value in attrib.items() if value is not None)
    return f"<{qname}{' ' + declare if declare else ''}{attributes}>{escape(text) if text is not None else ''}{content}</{qname}>"


def parsed(text: str) -> etree._Element:
    """Our own XML text as an element (never input from outside: that goes through parse_xml)."""
    return etree.fromstring(text)


def status_xml(top: str, second: str | None = None, message: str | None = None) -> str:
    """samlp:Status with a top-level code, an optional second-level code and StatusMessage."""
    inner = tag(SAMLP, "StatusCode", Value=second if second and ":" in second else STATUS + second) if second else ""
    text = tag(SAMLP, "StatusCode", inner, Value=STATUS + top)
    if message:
        text += tag(SAMLP, "StatusMessage", text=message)
    return tag(SAMLP, "Status", text)


def assertion_xml(
    issuer: str, name_id: str, request_id: str, recipient: str, audiences: list[str], now: dt.datetime, fault: str | None,
    body: str = "",
) -> str:
    """An Assertion's Issuer, Subject (the NameID text `name_id`, with bearer confirmation) and Conditions, then
    `body`; the faults expired_assertion, wrong_in_response_to and wrong_recipient change exactly their one thing."""
    issued = now - dt.timedelta(minutes=10) if fault == "expired_assertion" else now
    not_on_or_after = instant(issued + dt.timedelta(minutes=2))
    confirmation = tag(
        SAML, "SubjectConfirmation",
        tag(
            SAML, "SubjectConfirmationData",
            InResponseTo=new_id() if fault == "wrong_in_response_to" else request_id,
            NotOnOrAfter=not_on_or_after,
            Recipient=WRONG_URL if fault == "wrong_recipient" else recipient,
        ),
        Method=BEARER,
    )
    restriction = tag(SAML, "AudienceRestriction", "".join(tag(SAML, "Audience", text=a) for a in audiences))
    return tag(
        SAML, "Assertion",
        tag(SAML, "Issuer", text=issuer)
        + tag(SAML, "Subject", name_id + confirmation)
        + tag(SAML, "Conditions", restriction, NotBefore=instant(issued - dt.timedelta(minutes=2)), NotOnOrAfter=not_on_or_after)
        + body,
        declare=DECLARATIONS, ID=new_id(), IssueInstant=instant(issued), Version="2.0",
    )


def assertion_frame(
    issuer: str, name_id: etree._Element, request_id: str, recipient: str, audiences: list[str], now: dt.datetime, fault: str | None
) -> etree._Element:
    """`assertion_xml` as an element a door adds its statements to."""
    return parsed(assertion_xml(issuer, etree.tostring(name_id, encoding="unicode"), request_id, recipient, audiences, now, fault))


def response_frame(issuer: str, destination: str, request_id: str, now: dt.datetime, fault: str | None, status: str) -> etree._Element:
    """A samlp:Response with its Issuer and Status (text); wrong_destination and wrong_in_response_to change one thing."""
    return parsed(tag(
        SAMLP, "Response", tag(SAML, "Issuer", text=issuer) + status,
        declare=DECLARATIONS,
        Destination=WRONG_URL if fault == "wrong_destination" else destination,
        ID=new_id(),
        InResponseTo=new_id() if fault == "wrong_in_response_to" else request_id,
        IssueInstant=instant(now),
        Version="2.0",
    ))


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
    message = parsed(tag(
        SAMLP, "ArtifactResponse", tag(SAML, "Issuer", text=issuer) + status_xml("Success"),
        declare=DECLARATIONS, ID=new_id(), InResponseTo=resolve_id, IssueInstant=instant(utc_now()), Version="2.0",
    ))
    if response is not None:
        message.append(response)
    sign(message, signer)
    envelope = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap11": SOAP})
    etree.SubElement(envelope, f"{{{SOAP}}}Body").append(message)
    return serialise(envelope)


def logout_response(issuer: str, in_response_to: str, destination: str, signer: SigningKey, success: bool = True) -> bytes:
    message = parsed(tag(
        SAMLP, "LogoutResponse",
        tag(SAML, "Issuer", text=issuer) + (status_xml("Success") if success else status_xml("Requester", "UnknownPrincipal")),
        declare=DECLARATIONS, ID=new_id(), Version="2.0", IssueInstant=instant(utc_now()), Destination=destination, InResponseTo=in_response_to,
    ))
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
        if outcome in STATUS_OF:
            top, second, message = STATUS_OF[outcome]
            return response_frame(self.entity_id, request.acs_url, request.id, now, fault, status_xml(top, second, result.status_message or message))
        response = response_frame(self.entity_id, request.acs_url, request.id, now, fault, status_xml("Success"))
        if fault != "missing_assertion":
            response.append(self.assertion(result, now, fault))
        return response

    def artifact_response(self, resolve_id: str, result: Any | None, late: bool) -> bytes:
        response = self.response(result, late) if result is not None else None
        return artifact_response(self.entity_id, resolve_id, response, self.signer)

    def logout_response(self, in_response_to: str, destination: str) -> bytes:
        return logout_response(self.entity_id, in_response_to, destination, self.signer)
