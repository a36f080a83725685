"""SAML answers are written as text (simulator.saml.responses.tag) and parsed: every value must come back exactly,
whatever characters it holds, and a message must stay well-formed."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.saml.responses import STATUS, assertion_xml, parsed, status_xml, tag
from simulator.saml.xmlsecurity import SAML, SAMLP

AWKWARD = 'a<b>&c"d\'e\r\nf\tg — ë'


def test_text_and_attributes_come_back_exactly() -> None:
    element = parsed(tag(SAML, "Audience", text=AWKWARD, declare=f'xmlns:saml2="{SAML}"', Name=AWKWARD, Left=None))
    assert element.text == AWKWARD
    assert element.get("Name") == AWKWARD  # tab and newline kept: a parser turns literal ones into spaces
    assert "Left" not in element.attrib


def test_a_status_message_with_markup_is_text() -> None:
    status = parsed(f'<r xmlns:saml2p="{SAMLP}">{status_xml("Responder", "AuthnFailed", "<b>nee</b> & weg")}</r>')[0]
    assert status.findtext(f"{{{SAMLP}}}StatusMessage") == "<b>nee</b> & weg"
    code = status.find(f"{{{SAMLP}}}StatusCode")
    assert code.get("Value") == STATUS + "Responder" and code[0].get("Value") == STATUS + "AuthnFailed"


def test_an_assertion_frame_carries_its_faults() -> None:
    now = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.timezone.utc)
    name_id = tag(SAML, "NameID", text="x")
    good = parsed(assertion_xml("urn:idp", name_id, "_req", "https://sp/acs", ["urn:sp", "urn:dv"], now, None))
    assert [a.text for a in good.iter(f"{{{SAML}}}Audience")] == ["urn:sp", "urn:dv"]
    assert good.get("IssueInstant") == "2026-06-15T12:00:00.000Z"
    data = good.find(f"{{{SAML}}}Subject/{{{SAML}}}SubjectConfirmation/{{{SAML}}}SubjectConfirmationData")
    assert (data.get("InResponseTo"), data.get("Recipient"), data.get("NotOnOrAfter")) == ("_req", "https://sp/acs", "2026-06-15T12:02:00.000Z")
    expired = parsed(assertion_xml("urn:idp", name_id, "_req", "https://sp/acs", ["urn:sp"], now, "expired_assertion"))
    assert expired.find(f"{{{SAML}}}Conditions").get("NotOnOrAfter") == "2026-06-15T11:52:00.000Z"
    wrong = parsed(assertion_xml("urn:idp", name_id, "_req", "https://sp/acs", ["urn:sp"], now, "wrong_recipient"))
    assert wrong.find(f".//{{{SAML}}}SubjectConfirmationData").get("Recipient") != "https://sp/acs"
    assert etree.QName(good).localname == "Assertion"
