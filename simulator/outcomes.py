"""The named catalogue of outcomes the DDCC interface can produce, and the directives that select them.

Tests pick an outcome by name, through the control API (for the next login of an SP or BSN) or on the login page
(a control with a stable data-testid). Outcomes are either a DDCC status of the reference, or a deliberate
protocol fault a good service provider must reject. The DDCC interface implements them; the control API and the
login page only name them, which is why the catalogue lives outside both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: Literal["status", "fault"]
    description: str
    status: str | None = None  # "Top/Second" SAML status, for status outcomes


CATALOGUE: dict[str, Outcome] = {
    o.name: o
    for o in (
        Outcome("success", "status", "Normal login; with machtigen, the chosen representation.", "Success"),
        Outcome("cancel", "status", "The citizen cancels at DigiD.", "Responder/AuthnFailed"),
        Outcome("cancel_machtigen", "status", "The citizen cancels at the machtigen step.", "Responder/AuthnFailed"),
        Outcome("authn_failed", "status", "Authentication fails (wrong password, blocked account).", "Responder/RequestDenied"),
        Outcome("machtigen_error", "status", "The machtigen service fails.", "Responder/RequestDenied"),
        Outcome("loa_too_low", "status", "The level of assurance is too low for the service.", "Responder/NoAuthnContext"),
        Outcome("no_supported_idp", "status", "Scoping names no machtigen service known here.", "Requester/NoSupportedIDP"),
        Outcome("artifact_expired", "status", "The artifact is resolved after its deadline.", "Requester/RequestDenied"),
        Outcome("wrong_destination", "fault", "Response Destination is not the SP's ACS."),
        Outcome("wrong_audience", "fault", "Assertion Audience is not the SP."),
        Outcome("wrong_in_response_to", "fault", "InResponseTo does not match the AuthnRequest ID."),
        Outcome("wrong_recipient", "fault", "SubjectConfirmationData Recipient is not the ACS."),
        Outcome("wrong_issuer", "fault", "Assertion Issuer is not DigiD's entity ID."),
        Outcome("expired_assertion", "fault", "Assertion NotOnOrAfter lies in the past."),
        Outcome("bad_signature", "fault", "Assertion signature does not verify (content changed after signing)."),
        Outcome("unsigned_assertion", "fault", "Assertion carries no signature."),
        Outcome("missing_assertion", "fault", "Status Success but no Assertion."),
    )
}


# The ways real DigiD/RD answers legitimately differ from the simulator's default shape, each seen in a published
# message (ST-SAML examples, nl-rdo-max's tests/resources/sample_messages). SIMULATOR_DDCC_VARIANCE=production
# applies a random selection to each answer; a directive's `variations` picks exactly these. An SP that breaks on
# one of them has overfitted to one shape.
VARIATIONS: dict[str, str] = {
    "nameid_without_format": "Subject NameID without a Format attribute (RD sample cluster_response.xml)",
    "service_uuid_typed": "ServiceUUID Attribute with NameFormat=uri and AttributeValue xsi:type=\"xs:string\" (RD sample)",
    "no_session_index": "AuthnStatement without SessionIndex (RD sample); log out by NameID",
    "attribute_order": "ActingSubjectID/LegalSubjectID before ServiceUUID in the AttributeStatement (RD sample)",
    "ad_advice_audience": "the AD's Advice assertion names its own audience, the entrance, not the SP (RD sample)",
    "basic_loa_lowercase": "level basis as http://eid.logius.nl/LoA/basic (ST-SAML examples) instead of http://eID.logius.nl/LoA/basic",
}


@dataclass(frozen=True)
class Directive:
    """A pre-programmed outcome: for the next login(s) of `sp` and/or `bsn`.

    With a directive, the login and machtigen pages are skipped and the artifact is returned directly; the SAML
    on the wire stays real. `bsn` is who logs in, `level` the DigiD level used, `represent` whom they act for."""

    outcome: str = "success"
    sp: str | None = None
    bsn: str | None = None
    level: str | None = None
    represent: str | None = None
    remaining: int = 1
    # Names from VARIATIONS for the answer; None: as SIMULATOR_DDCC_VARIANCE decides.
    variations: tuple[str, ...] | None = None

    def matches(self, sp: str | None, bsn: str | None) -> bool:
        return (self.sp is None or self.sp == sp) and (self.bsn is None or bsn is None or self.bsn == bsn)

    def used_once(self) -> "Directive":
        return replace(self, remaining=self.remaining - 1)
