"""The messages every SAML door sends back the same way: the signed SOAP ArtifactResponse around a door's
Response, the signed LogoutResponse, and the element and Status builders a door's Response is made of."""

from __future__ import annotations

from lxml import etree

from .metadata import instant, utc_now
from .xmlsecurity import DS, SAML, SAMLP, SOAP, SigningKey, new_id, serialise, sign

STATUS = "urn:oasis:names:tc:SAML:2.0:status:"
NSMAP = {"saml2p": SAMLP, "saml2": SAML, "ds": DS}


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
